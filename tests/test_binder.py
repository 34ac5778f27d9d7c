"""The README's Binder badge reads its owner from one setting (pyproject.toml, [tool.hpgviz] binder-owner),
and a placeholder owner is explained where it stands."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("binder_badge", ROOT / "tools" / "binder_badge.py")
binder_badge = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(binder_badge)


def test_readme_badge_owner_is_the_setting():
    text = (ROOT / "README.md").read_text()
    owners = binder_badge.badge_owners(text)
    assert owners and set(owners) == {binder_badge.owner()}, f"badge owners {owners}; setting {binder_badge.owner()!r}"
    assert binder_badge.render(text, binder_badge.owner()) == text, "run `make binder-badge`"


def test_a_placeholder_owner_is_explained():
    text = (ROOT / "README.md").read_text()
    if binder_badge.owner() == binder_badge.PLACEHOLDER:
        note = next(line for line in text.splitlines() if line.startswith("<!-- Binder"))
        assert "binder-owner" in note and "make binder-badge" in note


def test_render_writes_the_owner_and_rejects_a_bad_one():
    text = (ROOT / "README.md").read_text()
    assert binder_badge.badge_owners(binder_badge.render(text, "hpg-lab")) == ["hpg-lab"]
    with pytest.raises(ValueError, match="binder-owner"):
        binder_badge.render(text, "not an account/")

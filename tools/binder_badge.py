"""Write the Binder badge of README.md from one setting: ``binder-owner`` under ``[tool.hpgviz]`` in
pyproject.toml (the GitHub account that hosts the repository; "OWNER" until it has one).

    python tools/binder_badge.py        (or: make binder-badge)
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PLACEHOLDER = "OWNER"
BADGE = re.compile(r"(https://mybinder\.org/v2/gh/)([^/\s)]+)(/hpgviz/)")


def owner() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hpgviz"]["binder-owner"]


def badge_owners(text: str) -> list[str]:
    return [m.group(2) for m in BADGE.finditer(text)]


def render(text: str, account: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", account):
        raise ValueError(f"binder-owner must be a GitHub account name (letters, digits, '-'), got {account!r}")
    return BADGE.sub(lambda m: m.group(1) + account + m.group(3), text)


if __name__ == "__main__":
    new = render(README.read_text(), owner())
    README.write_text(new)
    print(f"README badge owner: {badge_owners(new)}", file=sys.stderr)

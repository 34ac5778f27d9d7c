"""The instructor kit (docs/kit, written by `make kit` from hpgviz/content/kit.py) is in step with the model,
keeps answers out of the worksheets, and `make figures` writes print-resolution slides."""
import importlib.util
import re
from pathlib import Path

import pytest

from hpgviz.content import kit

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "docs" / "kit"


@pytest.fixture(scope="module")
def pages():
    return kit.pages()


def test_committed_kit_is_the_kit_the_model_gives_now(pages):
    """An answer key's numbers come from the model: when it moves, `make kit` must be run again."""
    committed = {p.name for p in KIT.glob("*.md")}
    assert committed == set(pages), f"docs/kit differs in its pages: run `make kit` ({committed ^ set(pages)})"
    stale = [name for name, text in pages.items() if (KIT / name).read_text() != text]
    assert not stale, f"docs/kit/{stale} no longer match the model: run `make kit`"


def test_every_model_number_in_a_key_comes_from_a_claim_that_holds(pages):
    for name, text in pages.items():
        assert "no longer holds" not in text, name
    for sheet in kit.WORKSHEETS:
        for item in sheet.items:
            for key in re.findall(r"\{([^{}]+)\}", item.answer):
                assert key in {c.key for c in kit.CLAIMS}, f"{sheet.notebook}: unknown claim {key!r}"


def test_worksheets_hold_the_questions_and_no_answers(pages):
    for sheet in kit.WORKSHEETS:
        stem = sheet.notebook[:3].rstrip("_")
        work, key = pages[f"worksheet_{stem}.md"], pages[f"key_{stem}.md"]
        assert (ROOT / "notebooks" / f"{sheet.notebook}.ipynb").exists()
        for item in sheet.items:
            assert item.question in work and item.question in key
            assert kit._fill(item.answer) in key
            assert item.answer[:40] not in work, "an answer leaked into the worksheet"
        assert "Answer" not in work and "model:" not in work


def test_concept_questions_have_one_right_option_and_name_each_misconception(pages):
    for c in kit.CONCEPTS:
        assert len(c.options) == 4 and sum(not m for _, m in c.options) == 1, c.stem
    assert "reveals" not in pages["concept_questions.md"] and "(right)" not in pages["concept_questions.md"]
    rights = re.findall(r"- \((\w)\) [^\n]*\(right\)", pages["concept_key.md"])
    assert len(rights) == len(kit.CONCEPTS) and len(set(rights)) > 1, "the right answer must not sit in one place"


def test_class_plans_last_90_minutes_and_name_their_sections():
    for level, (title, blocks) in kit.PLANS.items():
        ends = [int(b.minutes.split("-")[1]) for b in blocks]
        starts = [int(b.minutes.split("-")[0]) for b in blocks]
        assert starts[0] == 0 and ends[-1] == 90 and starts[1:] == ends[:-1], level
        assert all(re.match(r"0[123]\w? ", b.what) for b in blocks), "each block names its notebook"
    assert "not been tried" in kit.TIMING_NOTE


def test_book_lists_the_kit_pages():
    toc = (ROOT / "book" / "_toc.yml").read_text()
    for name in ("README", "worksheet_01", "key_01", "concept_questions", "concept_key", "plan_undergraduate",
                 "plan_medical"):
        assert f"kit/{name}" in toc


def test_make_figures_writes_print_resolution_png_and_svg(tmp_path):
    spec = importlib.util.spec_from_file_location("figures", ROOT / "tools" / "figures.py")
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)
    files = figures.export(tmp_path, ["01"], only=["healthy_axis_figure"])
    assert {f.suffix for f in files} == {".png", ".svg"}
    from PIL import Image
    png = Image.open(next(f for f in files if f.suffix == ".png"))
    assert min(png.info["dpi"]) >= 299 and png.size[0] >= 1500

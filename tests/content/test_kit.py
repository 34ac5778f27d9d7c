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


def test_class_plans_fit_90_minutes_as_tried():
    """Each block holds what the trial measured for it (run, reading, questions at their slowest) in its minutes,
    and the minutes add up to 90."""
    for level, (title, blocks) in kit.PLANS.items():
        assert sum(b.minutes for b in blocks) == 90, level
        for block, tried in zip(blocks, kit.tried_minutes(level)):
            assert tried["high"] <= block.minutes, f"{level}, {block.what}: tried up to {tried['high']:.1f} min"
    assert "Not yet tried with a class" in kit.timing_note()


def test_class_plans_name_sections_and_questions_that_exist():
    sheets = {s.notebook[:3].rstrip("_"): s for s in kit.WORKSHEETS}
    for level, (title, blocks) in kit.PLANS.items():
        for b in blocks:
            assert re.match(r"0[123]\w? ", b.what), "each block names its notebook"
            assert all(1 <= q <= len(sheets[b.notebook].items) for q in b.worksheet), (level, b.what)
            assert all(1 <= q <= len(kit.CONCEPTS) for q in b.concepts), (level, b.what)


def _try_plans():
    spec = importlib.util.spec_from_file_location("try_plans", ROOT / "tools" / "try_plans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_trial_is_of_the_notebooks_as_they_stand():
    """The trial's sections are the notebooks' sections and their text has not grown by more than a tenth since
    (else: `make try-plans`, then `make kit`)."""
    import nbformat
    tool, trial = _try_plans(), kit._trial()["notebooks"]
    for stem, sections in trial.items():
        nb = nbformat.read(next((ROOT / "notebooks").glob(f"{stem}*.ipynb")), as_version=4)
        words = {k: v["words"] for k, v in tool.sections_of(nb).items()}
        assert set(words) <= set(sections), f"{stem}: sections not tried {set(words) - set(sections)}"
        grown = {k: (sections[k]["words"], w) for k, w in words.items() if w > 1.1 * sections[k]["words"] + 20}
        assert not grown, f"{stem}: text grew since the trial (tried, now): {grown}: run `make try-plans`"


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

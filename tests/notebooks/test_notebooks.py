"""Every notebook in notebooks/ follows one anatomy (DESIGN.md, "Notebooks") and is committed clean.

The anatomy, in this order, as the reader meets it:

  1. a title                                  "# ..." in the first cell
  2. who it is for, prerequisites and time     "## Who this is for" with "**Prerequisites:**" and "**Time:**"
  3. learning goals                            "## Learning goals" with a numbered list
  4. the safety note                           a quote starting "> **Educational model, not medical advice"
  5. how to use the page                       "## How to use this page": in the app and in JupyterLab
  6. narrative sections                        "## 1. ...", "## 2. ...", numbered from 1 without gaps
  7. predict, then check                       "Predict, then check" questions, each followed by a
                                               folded answer (<details><summary>...) before the next one
  8. where the evidence is thin                "## Where the evidence is thin"
  9. summary                                   "## Summary"
 10. what's next                               "## What's next"
 11. glossary                                  "## Glossary": bold terms with definitions
 12. references                                "## References"

Code: one setup cell (imports and %magics only), then one-line calls into hpgviz, no comments, so a
reader never reads code; nbval markers are cell tags, never comments a reader would see. Committed
notebooks carry no outputs. Words: no authoring vocabulary, terms explained where they first appear,
every cited author in the references.
"""
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"          # the committed notebooks (not a scratch copy)
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
GLOSSARY_PAGE = ROOT / "docs" / "glossary.md"

ORDERED_HEADINGS = ["Who this is for", "Learning goals", "How to use this page", "1.",
                    "Where the evidence is thin", "Summary", "What's next", "Glossary", "References"]
NOTE = "> **Educational model, not medical advice"
NBVAL_TAGS = {"nbval-check-output", "nbval-ignore-output", "nbval-skip", "nbval-raises-exception",
              "raises-exception"}

# Words that must never reach a reader: authoring vocabulary, test machinery, promises, stale claims.
FORBIDDEN = {
    r"\bseeds?\b": "authoring vocabulary ('the seed'): speak of claims a reader may meet",
    r"\bsource documents?\b": "authoring vocabulary",
    r"correcting the": "authoring vocabulary ('Correcting the seed')",
    r"NBVAL|nbval": "test machinery visible to readers",
    r"planned academic|academic notebook is planned|will show the same": "a promise of a notebook that does not exist",
    r"grey (vertical )?line": "describe a marker by its label, not by a colour that may change",
    r"recommended dose|you should take|your dose": "a dose framed as advice or as the reader's own",
}

# The paragraph in which a term first appears must explain it (a word of its definition is there).
DEFINED_AT_FIRST_USE = {
    r"\bITT\b": "intratesticular",
    r"\besters?\b": "fatty-acid",
    r"\boff-label\b": "approv",
    r"\bimmunoassays?\b": "antibod",
    r"\bisomers?\b": "same atoms",
    r"\bpartial agonist\b": "only partly",
    r"\bazoosperm": "no sperm",
    r"\bgonadotropes\b": "pituitary cells",
    r"N-desmethyltamoxifen": "metabolite",
    r"\bFAMHES\b": "Fangchenggang",
    r"\bAUA\b": "American Urological Association",
    r"\bLC-MS/MS\b": "mass spectrometry",
    r"\bgynecomastia\b": "breast",
    r"\bepididymis\b": "duct",
}

# Technical terms that, when a notebook uses them, its glossary must define (by the bold term).
GLOSSARY_TERMS = {
    r"\bITT\b|intratesticular": "intratesticular testosterone",
    r"\besters?\b": "ester",
    r"\boff-label\b": "off-label",
    r"\bimmunoassays?\b": "immunoassay",
    r"\bisomers?\b": "isomer",
    r"\bpartial agonist\b": "partial agonist",
    r"\bazoosperm": "azoosperm",
    r"\bgonadotropes\b": "gonadotropes",
    r"N-desmethyltamoxifen": "n-desmethyltamoxifen",
    r"\bmetabolites?\b": "metabolite",
    r"\bLC-MS/MS\b": "lc-ms/ms",
    r"\baromatase\b": "aromatase",
    r"\bSERMs?\b": "serm",
    r"\bSertoli\b": "sertoli",
    r"\bgynecomastia\b": "gynecomastia",
    r"\bepididymis\b": "epididymis",
    r"\bhalf-li(fe|ves)\b": "half-life",
    r"\breference range": "reference range",
    r"\bexogenous\b": "exogenous",
    r"\bhypogonadism\b": "hypogonadism",
}


def load(path):
    return json.loads(path.read_text())


def source(cell) -> str:
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)


def markdown(nb) -> list[str]:
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def headings(nb) -> list[tuple[int, int, str]]:
    """(cell index, level, text) of every markdown heading, in order."""
    out = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "markdown":
            for line in source(c).splitlines():
                m = re.match(r"(#{1,6})\s+(.*\S)", line)
                if m:
                    out.append((i, len(m.group(1)), m.group(2)))
    return out


def section(nb, title: str) -> str:
    """The markdown from the level-2 heading `title` to the next level-1/2 heading."""
    text = "\n\n".join(markdown(nb))
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^#{{1,2}} |\Z)", text, re.M | re.S)
    assert m, f"no '## {title}' section"
    return m.group(1)


def narrative(nb) -> str:
    """All markdown a reader reads as text, without the glossary and the references."""
    text = "\n\n".join(markdown(nb))
    for title in ("Glossary", "References"):
        text = text.replace(section(nb, title), "")
    return text


def glossary_terms(text: str) -> set[str]:
    return {t.strip().lower() for t in re.findall(r"^\s*[-*]\s+\*\*(.+?)\*\*", text, re.M)}


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb(request):
    return load(request.param)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


# --- Clean in git -----------------------------------------------------------------------------------

def test_committed_without_outputs(nb):
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "code":
            assert c.get("outputs") == [], f"cell {i} has outputs: strip them before committing"
            assert c.get("execution_count") is None, f"cell {i} has an execution count"


def test_names_the_python3_kernel(nb):
    """JupyterLab opens a notebook without a kernelspec with a dialog asking which kernel to use (the browser
    tests run one notebook in Lab: this holds the rest to the same)."""
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


# --- Anatomy ----------------------------------------------------------------------------------------

def test_title_first(nb):
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# ")
    assert sum(1 for _, level, _ in headings(nb) if level == 1) == 1, "one title per notebook"


def test_headings_in_anatomy_order(nb):
    level2 = [text for _, level, text in headings(nb) if level == 2]
    positions = []
    for want in ORDERED_HEADINGS:
        hits = [k for k, text in enumerate(level2) if text.startswith(want)]
        assert hits, f"missing '## {want}'"
        positions.append(hits[0])
    assert positions == sorted(positions), f"anatomy out of order: {list(zip(ORDERED_HEADINGS, positions))}"


def test_numbered_sections_without_gaps(nb):
    numbers = [int(m.group(1)) for _, level, text in headings(nb) if level == 2
               for m in [re.match(r"(\d+)\. \S", text)] if m]
    assert len(numbers) >= 3 and numbers == list(range(1, len(numbers) + 1)), numbers


def test_who_prerequisites_time(nb):
    who = section(nb, "Who this is for")
    assert "**Prerequisites:**" in who and "**Time:**" in who
    assert re.search(r"\d+\s*(to\s*\d+\s*)?(minutes|hours?)|an? (hour|half)", section(nb, "Who this is for"))


def test_learning_goals_are_a_numbered_list(nb):
    goals = section(nb, "Learning goals")
    assert len(re.findall(r"^\d+\. ", goals, re.M)) >= 3


def test_safety_note_before_the_first_section(nb):
    cells = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown" and NOTE in source(c)]
    first_section = next(i for i, level, text in headings(nb) if level == 2 and text.startswith("1."))
    assert cells and cells[0] < first_section
    note = next(source(nb["cells"][i]) for i in cells)
    assert re.search(r"never recommends? a dose|never a dose", note), "the note says no dose is recommended"


def test_how_to_use_works_in_the_app_and_in_jupyterlab(nb):
    """Voila has no Run menu: the page says what to do in the app and in JupyterLab, and the Run menu
    is named nowhere else."""
    how = section(nb, "How to use this page")
    assert "In the app" in how and "In JupyterLab" in how and "Run All Cells" in how
    rest = narrative(nb).replace(how, "")
    assert not re.search(r"Run All|menu \*?Run", rest), "the Run menu is named outside 'How to use this page'"


def test_predict_then_check_have_folded_answers(nb):
    text = "\n\n".join(markdown(nb))
    parts = re.split(r"^###+ Predict, then check|\*\*Predict, then check\.\*\*", text, flags=re.M)
    assert len(parts) >= 3, "at least two 'Predict, then check' questions"
    for k, after in enumerate(parts[1:], 1):
        assert re.search(r"<details>\s*<summary>", after), f"question {k} has no folded answer"
    assert text.count("<details>") == text.count("</details>")


def test_evidence_summary_next_are_not_empty(nb):
    for title in ("Where the evidence is thin", "Summary", "What's next", "References"):
        assert len(re.findall(r"^\s*>?\s*[-*] ", section(nb, title), re.M)) >= 2, title


# --- Code a reader never has to read ---------------------------------------------------------------

def hpgviz_names(setup: str) -> set[str]:
    """The names the setup cell binds to hpgviz or its modules (``import hpgviz as hpg``,
    ``from hpgviz.explorers import trt, adaptation as aw``)."""
    names = set()
    for line in setup.splitlines():
        m = re.match(r"\s*import (hpgviz(?:\.\w+)*)(?: as (\w+))?\s*$", line)
        if m:
            names.add(m.group(2) or m.group(1).split(".")[0])
        m = re.match(r"\s*from hpgviz(?:\.\w+)* import (.+)$", line)
        if m:
            names |= {part.split(" as ")[-1].strip() for part in m.group(1).split(",")}
    return names


def test_one_setup_cell_then_one_line_calls(nb):
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    setup, calls = code[0], code[1:]
    for line in source(setup).splitlines():
        assert re.match(r"(%|import |from \S+ import )", line.strip()), f"setup cell: {line!r}"
    assert calls
    prefixes = "|".join(sorted(map(re.escape, hpgviz_names(source(setup)))))
    assert prefixes, "the setup cell imports nothing from hpgviz"
    for c in calls:
        lines = [ln for ln in source(c).splitlines() if ln.strip()]
        assert len(lines) == 1, f"not a one-line call: {source(c)!r}"
        assert "#" not in lines[0], f"a comment a reader would see: {lines[0]!r}"
        assert re.match(rf"(print\()?({prefixes})\.\w+\(.*\)\)?$", lines[0]), (
            f"not a call into a name the setup cell imports from hpgviz: {lines[0]!r}")


def test_nbval_markers_are_tags(nb):
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        assert "NBVAL" not in source(c)
        tags = set(c.get("metadata", {}).get("tags", []))
        assert {t for t in tags if "nbval" in t} <= NBVAL_TAGS, tags
        if "checkpoint" in source(c) and "import " not in source(c):   # a call (the setup cell imports checkpoints)
            assert "nbval-check-output" in tags, f"a key-number cell without its nbval tag: {source(c)!r}"


# --- Words --------------------------------------------------------------------------------------------

def test_no_forbidden_words(nb):
    text = "\n\n".join(markdown(nb))
    for pattern, why in FORBIDDEN.items():
        m = re.search(pattern, text)
        assert not m, f"{m.group(0)!r}: {why}"


def test_terms_defined_where_they_first_appear(nb):
    paragraphs = [p for block in markdown(nb) for p in re.split(r"\n\s*\n", block)]
    for term, cue in DEFINED_AT_FIRST_USE.items():
        first = next((p for p in paragraphs if re.search(term, p)), None)
        if first is None:
            continue
        assert cue.lower() in first.lower(), f"{term} is not explained where it first appears: {first[:200]!r}"


def test_glossary_covers_the_terms_used(nb):
    defined = glossary_terms(section(nb, "Glossary"))
    text = narrative(nb)
    for term, key in GLOSSARY_TERMS.items():
        if re.search(term, text):
            assert any(key in d for d in defined), f"the glossary does not define {key!r}"


def test_notebook_glossary_terms_are_in_the_glossary_page(nb):
    page = " | ".join(glossary_terms(GLOSSARY_PAGE.read_text()))
    for term in glossary_terms(section(nb, "Glossary")):
        key = re.split(r" \(| / |, ", term)[0].rstrip("s")     # "isomers" -> "isomer"
        assert key in page, f"{term!r} is missing from docs/glossary.md"


def test_every_cited_author_is_in_the_references(nb):
    refs = section(nb, "References")
    skip = {"In", "From", "By", "Since", "Until", "Before", "After", "About"}
    for name in set(re.findall(r"\b([A-Z][a-zø]+) (?:19|20)\d\d\b", narrative(nb))) - skip:
        assert name in refs, f"{name} is cited but not in the references"


def test_links_to_other_notebooks_exist(nb):
    """Links resolve where the notebooks are read: beside each other, or (the back-to-start link) from the
    app, which serves them under app/notebooks with its start page one level up."""
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", "\n".join(markdown(nb))):
        in_app = ROOT / os.path.normpath(Path("app", "notebooks", target))   # the URL's "..", not the symlink's
        assert (NOTEBOOK_DIR / target).exists() or in_app.exists(), target


# --- The checker itself can fail --------------------------------------------------------------------

def test_the_checks_catch_a_bad_notebook():
    bad = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# T\n\n## Who this is for\n\nAll.\n\n## 1. A\n\n"
         "Correcting the seed: run the menu *Run* → *Run All Cells*. ITT falls.\n\n## Glossary\n\n## References\n"},
        {"cell_type": "code", "metadata": {}, "execution_count": 3, "outputs": [{"output_type": "stream"}],
         "source": "# NBVAL_CHECK_OUTPUT\nprint(pw.checkpoint_comparison())"},
    ]}
    failures = 0
    for check in (test_committed_without_outputs, test_headings_in_anatomy_order, test_no_forbidden_words,
                  test_nbval_markers_are_tags, test_terms_defined_where_they_first_appear,
                  test_one_setup_cell_then_one_line_calls, test_who_prerequisites_time):
        try:
            check(bad)
        except AssertionError:
            failures += 1
    assert failures == 7


# --- Binder -------------------------------------------------------------------------------------------

def test_binder_badge_opens_a_notebook_and_the_environment_installs_hpgviz():
    """The README's Binder badge opens an existing notebook, and environment.yml (what Binder builds)
    installs the package itself, so `import hpgviz` works there."""
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"\(https://mybinder\.org/v2/gh/[^/\s]+/[^/\s]+/[^?\s]+\?urlpath=lab/tree/([^)\s]+)\)", readme)
    assert m, "no Binder badge in the README"
    assert (ROOT / m.group(1)).exists(), m.group(1)
    env = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s+- pip:\s*\n\s+- -e \.\s*$", env, re.M), "environment.yml must install the package (-e .)"


def test_calls_go_through_names_imported_from_hpgviz():
    """A one-line call must use a name the setup cell binds to hpgviz: any other module is refused."""
    assert hpgviz_names("%matplotlib widget\nimport hpgviz as hpg\nfrom hpgviz.explorers import adaptation as aw, "
                        "failure\nimport numpy as np") == {"hpg", "aw", "failure"}
    cell = lambda text: {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": text}
    good = {"cells": [cell("import numpy as np\nfrom hpgviz.explorers import trt"), cell("trt.TRTExplorer()")]}
    test_one_setup_cell_then_one_line_calls(good)
    bad = {"cells": [cell("import numpy as np\nfrom hpgviz.explorers import trt"), cell("np.zeros(3)")]}
    with pytest.raises(AssertionError, match="not a call into a name"):
        test_one_setup_cell_then_one_line_calls(bad)

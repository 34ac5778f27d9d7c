"""`make book`: the static site of the series builds offline and reads without a kernel, with every
explorer's figure present (its static picture, with alt text) and no code on the page.

Builds the book once (notebooks run two at a time, ~20 s on 2 cores)."""
import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("HPGVIZ_NOTEBOOK_DIR") or ROOT / "notebooks")
sys.path.insert(0, str(ROOT / "book"))
import build as book  # noqa: E402

STATIC_CALL = re.compile(r"^(trt\.healthy_axis_figure|estradiol\.estradiol_figure|protocol_explorers\.SerialLabs)\(", re.M)
# An explorer is built by a one-line call of a class (a capitalised name) that is not a static figure.
EXPLORER_CALL = re.compile(r"^(?!protocol_explorers\.SerialLabs\()\w+\.[A-Z]\w*\(", re.M)


@pytest.fixture(scope="module")
def site(book_site):
    return book_site   # shared with test_book_offline.py (conftest.book_site)


def _code(name):
    nb = json.loads((NOTEBOOKS / name).read_text())
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_front_page_links_every_tier(site):
    page = (site / "index.html").read_text()
    for name in book.CHAPTERS:
        assert f'href="notebooks/{name.replace(".ipynb", ".html")}"' in page
    assert "not medical advice" in page


@pytest.mark.parametrize("name", book.CHAPTERS)
def test_every_figure_is_in_the_page_without_a_kernel(site, name):
    page = (site / "notebooks" / name.replace(".ipynb", ".html")).read_text()
    code = _code(name)
    explorers = len(EXPLORER_CALL.findall(code))
    assert explorers >= 1
    assert page.count('class="hpgviz-static"') == explorers      # one picture per explorer
    imgs = re.findall(r"<img [^>]*>", page)
    pictures = [i for i in imgs if 'src="data:image/png;base64,' in i]
    assert len(pictures) >= explorers + len(STATIC_CALL.findall(code))
    for img in pictures:
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt.group(1)) > 20, img[:200]
    assert "application/vnd.jupyter.widget-view+json" not in page   # no dead widgets
    assert "Traceback" not in page and "NBVAL" not in page and "import hpgviz" not in page


def test_the_instructor_kit_is_in_the_book(site):
    """The worksheets, answer keys, concept questions and class plans print from the book (docs/kit)."""
    for page in ("worksheet_01", "key_01", "worksheet_03b", "key_03b", "concept_questions", "plan_medical"):
        html = (site / "kit" / f"{page}.html").read_text()
        assert "not medical advice" in html, page
    assert "reveals" not in (site / "kit" / "worksheet_01.html").read_text()

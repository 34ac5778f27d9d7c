"""Pages of the app as a reader moves through and prints them: every page links back to the start page, and
printing a page prints all of it (Voila scrolls the page inside one screen-high box, which used to print as
one sheet)."""
import json
import urllib.parse
import re

import pytest
from conftest import NOTEBOOK_DIR, REPO_ROOT
from test_browser import APP_NOTEBOOKS, SHARE_LINK, app_path, report

START_LINK = re.compile(r"\[[^\]]*start page[^\]]*\]\(\.\./index\.ipynb\)")


@pytest.mark.parametrize("name", APP_NOTEBOOKS)
def test_every_page_ends_with_a_link_back_to_the_start(name):
    cells = json.loads((NOTEBOOK_DIR / name).read_text())["cells"]
    last = "".join([c for c in cells if c["cell_type"] == "markdown"][-1]["source"])
    assert START_LINK.search(last), f"{name}: its last text cell has no link back to the start page"
    # the browser resolves it against /voila/render/notebooks/NAME: /voila/render/index.ipynb, the landing page
    assert (REPO_ROOT / "app" / "index.ipynb").is_file()


@pytest.mark.browser
def test_printing_a_page_prints_all_of_it(app_page):
    name = APP_NOTEBOOKS[0]
    page = app_page(app_path(name))
    page.emulate_media(media="print")
    try:
        clipped = page.evaluate("""() => {
          const cells = document.getElementById('rendered_cells');
          return {content: cells.scrollHeight, shown: cells.clientHeight, page: document.documentElement.scrollHeight};
        }""")
        assert clipped["shown"] >= clipped["content"] - 1, f"the page's box still clips when printed: {clipped}"
        assert clipped["page"] >= clipped["content"] - 1, clipped
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")   # the shared page as the next check expects it
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    report(f"PRINT app {name}: {sheets} A4 sheets for {clipped['content']} px of page")
    assert sheets >= clipped["content"] / 2000, f"{sheets} sheets for {clipped['content']} px"   # ~1100 px a sheet


@pytest.mark.browser
def test_a_link_with_settings_opens_the_page_with_them(app_page):
    """The share box's link (`?e1=<settings>`) opens the page with the first explorer at those settings, and
    offers the link back. (The app's fundamentals page is opened from such a link, test_browser.SHARE_LINK;
    what its first explorer showed right after the load is kept, whatever later checks moved.)"""
    name = APP_NOTEBOOKS[0]
    settings = urllib.parse.parse_qs(SHARE_LINK[name])["e1"][0]          # e.g. "TRTExplorer dose=120 weeks=40"
    explorer, wanted = settings.split()[0], re.search(r"\bdose=(\S+)", settings).group(1)
    opened = app_page(app_path(name)).opened
    values, link = opened["readouts"], opened["link"]
    dose = next(v for k, v in values.items() if k.startswith("TRT dose"))
    assert dose == wanted, values
    assert link, "no 'Link to this page with these settings' in the first explorer"
    assert urllib.parse.parse_qs(link[1:])["e1"][0].startswith(f"{explorer} dose={wanted} "), link

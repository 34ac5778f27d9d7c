"""The app's server hook (app/config/voila.py), without a server: it learns the reader's screen (cookie, else a
phone's browser name), lays out only pages with figures for it, and puts each cell's starting picture, left by an
earlier view, in front of that cell."""
import runpy
from http.cookies import SimpleCookie
from types import SimpleNamespace

import nbformat
import pytest
from traitlets.config import Config

from hpgviz.explorers.page_support import PICTURES_ENV
from hpgviz.viz import style
from conftest import REPO_ROOT

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124 "
            "Mobile Safari/537.36")
DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124 Safari/537.36"


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv(PICTURES_ENV, "")   # restored after the test: the config sets it for its kernels
    return runpy.run_path(str(REPO_ROOT / "app" / "config" / "voila.py"), init_globals={"get_config": Config})


def request(user_agent=DESKTOP_UA, cookie=None, query=""):
    cookies = SimpleCookie()
    if cookie is not None:
        cookies[cookie[0]] = cookie[1]
    return SimpleNamespace(cookies=cookies, headers={"User-Agent": user_agent}, query=query)


def test_the_phone_threshold_is_the_figures_one(app):
    assert app["PHONE_MAX_PX"] == style.PHONE_MAX_PX
    assert app["MAX_DENSITY"] == style.MAX_DENSITY


def test_the_screen_comes_from_the_cookie_else_the_browser_name(app):
    width = app["screen_width"]
    cookie = app["SCREEN_COOKIE"]
    assert width(request()) is None
    assert width(request(PHONE_UA)) == app["TYPICAL_PHONE_PX"]
    assert width(request(DESKTOP_UA, (cookie, "412"))) == 412            # a narrow window measured by the page
    assert width(request(PHONE_UA, (cookie, "1024"))) is None            # a tablet-wide screen: desktop layout
    assert width(request(PHONE_UA, (cookie, "wide"))) == app["TYPICAL_PHONE_PX"]   # nonsense: not trusted


def test_the_density_comes_from_the_cookie_else_the_browser_name(app):
    density, cookie = app["screen_density"], app["DENSITY_COOKIE"]
    assert density(request()) == 1                                        # a desktop's first page
    assert density(request(PHONE_UA)) == app["TYPICAL_PHONE_DENSITY"] == 2
    assert density(request(DESKTOP_UA, (cookie, "2"))) == 2               # measured by an earlier page
    assert density(request(PHONE_UA, (cookie, "3"))) == 3
    for nonsense in ("0", "9", "1.5", "x"):
        assert density(request(DESKTOP_UA, (cookie, nonsense))) == 1, nonsense
    assert f"{cookie}=" in app["PAGE_FRAME"] and "devicePixelRatio" in app["PAGE_FRAME"]


def test_only_a_page_with_figures_loads_hpgviz_for_the_screen(app):
    with_figures = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from hpgviz.explorers import trt")])
    text_only = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Start")])
    assert "use_screen(390, 2)" in app["first_cell"](request(PHONE_UA), with_figures).source
    assert "use_screen(None, 1)" in app["first_cell"](request(), with_figures).source
    assert "hpgviz" not in app["first_cell"](request(PHONE_UA), text_only).source.split("HTML(")[0]


def test_a_cell_gets_its_picture_in_front_unless_the_address_gives_settings(app, tmp_path):
    from pathlib import Path
    support, folder = app["PAGE_SUPPORT"], Path(app["PICTURES"])
    cells = ["import x", "trt.TRTExplorer()"]
    (folder / support.picture_name(cells[1], 390, 2)).write_text('<figure class="hpgviz-static">P</figure>')
    for query, expected in (("", ["code", "markdown", "code"]), ("e1=TRTExplorer%20dose%3D120", ["code", "code"])):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        app["add_early_pictures"](nb, 390, 2, query)
        assert [c.cell_type for c in nb.cells] == expected, query
    for width, density in ((None, 2), (390, 3)):   # the desktop's picture, or a 3x phone's, was never left
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        app["add_early_pictures"](nb, width, density, "")
        assert len(nb.cells) == 2

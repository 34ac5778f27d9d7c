# The app's server settings, in one place: `make app`, `make loadtest` and the browser tests all start Voila
# with --Voila.config_file_paths pointing to this folder (Voila reads voila.py from it; not in app/ itself,
# where `python -m voila` run from app/ would import this file instead of Voila).
#
# Each page view starts its own Python process (a kernel, ~300 MB). So that a class can use the app:
#  * a page that closes shuts its kernel down: Voila's page sends the shutdown with the `_xsrf` cookie's
#    value, but the standalone Voila server never sets that cookie, so the request was refused
#    (`403 '_xsrf' argument missing`) and every view leaked its kernel. The hook below sets the cookie
#    (tornado makes it when a handler reads `xsrf_token`) before the page is sent; the XSRF check stays on;
#  * a kernel left behind (a phone that went to sleep, a browser that crashed) is shut down once it has had
#    no page connected and nothing to do for CULL_IDLE_S;
#  * past MAX_KERNELS pages at once, a new page gets a clear message instead of a server out of memory.
#
# And so that a page shows pictures, not grey boxes, while its kernel starts: each explorer's kernel leaves its
# starting picture in PICTURES (explorers/base.py: leave_picture) and the next view of that cell on the same screen
# gets it as a text cell in front of the code cell, hidden once the cell's own output arrives (page_frame.html).
import atexit
import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell
from tornado.web import HTTPError

c = get_config()  # noqa: F821 (traitlets defines get_config in a config file)

MAX_KERNELS = int(os.environ.get("HPGVIZ_MAX_KERNELS", "40"))   # 40 x ~300 MB = ~12 GB
CULL_IDLE_S = int(os.environ.get("HPGVIZ_CULL_IDLE_S", "900"))  # 15 minutes
CULL_EVERY_S = int(os.environ.get("HPGVIZ_CULL_EVERY_S", "60"))  # how often the server looks for them

# Voila's error page shows the status line: "503: <reason>" is all the reader sees.
FULL_MESSAGE = (f"The app already shows its limit of {MAX_KERNELS} pages at once. Close a page you no longer "
                "need, or try again in a few minutes")


# The figures are drawn in the kernel, before the page can measure its screen: the page frame's script keeps
# the screen's width and its device pixels per CSS px (density, rounded up) in these cookies for the next page; a
# first page on a phone is known by its browser's name ("Mobi": Mozilla's advice for telling phones apart) and laid
# out for a typical phone's width and density; a first page on a desktop gets 1x pictures (they show only until
# its explorers are live; a 2x screen gets 2x pictures from its second page on).
SCREEN_COOKIE = "hpgviz_screen_width"
DENSITY_COOKIE = "hpgviz_screen_density"
TYPICAL_PHONE_PX = 390
TYPICAL_PHONE_DENSITY = 2
MAX_DENSITY = 3      # hpgviz.viz.style.MAX_DENSITY (tests/test_app_config.py)
PHONE_MAX_PX = 600   # hpgviz.viz.style.PHONE_MAX_PX (tests/test_app_config.py): wider screens share the desktop layout


def screen_width(request):
    """The reader's screen width in CSS px when it takes the phone layout (the cookie, else a typical phone's for
    a phone's browser); None for a desktop."""
    cookie = request.cookies.get(SCREEN_COOKIE)
    if cookie is not None and cookie.value.isdigit() and 200 <= int(cookie.value) <= 10_000:
        width = int(cookie.value)
    else:
        width = TYPICAL_PHONE_PX if "Mobi" in request.headers.get("User-Agent", "") else None
    return width if width is not None and width < PHONE_MAX_PX else None


def screen_density(request) -> int:
    """The reader's device pixels per CSS px (the cookie, else a typical phone's for a phone's browser, else 1)."""
    cookie = request.cookies.get(DENSITY_COOKIE)
    if cookie is not None and cookie.value.isdigit() and 1 <= int(cookie.value) <= MAX_DENSITY:
        return int(cookie.value)
    return TYPICAL_PHONE_DENSITY if "Mobi" in request.headers.get("User-Agent", "") else 1


# A main landmark, link focus, print styles and the screen cookie for every page (see the file).
PAGE_FRAME = ((Path(__file__).parent / "page_frame.html").read_text().replace("__SCREEN_COOKIE__", SCREEN_COOKIE)
              .replace("__DENSITY_COOKIE__", DENSITY_COOKIE).replace("__MAX_DENSITY__", str(MAX_DENSITY)))


def _page_support():
    """hpgviz/explorers/page_support.py loaded by its path: importing hpgviz would load the model into the server
    (seconds and ~70 MB); None where hpgviz is not installed."""
    package = importlib.util.find_spec("hpgviz")
    if package is None or not package.submodule_search_locations:
        return None
    path = Path(package.submodule_search_locations[0]) / "explorers" / "page_support.py"
    spec = importlib.util.spec_from_file_location("hpgviz_page_support", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE_SUPPORT = _page_support()
PICTURES = tempfile.mkdtemp(prefix="hpgviz-pictures-")   # this server's own: pictures of the code it serves
atexit.register(shutil.rmtree, PICTURES, ignore_errors=True)
if PAGE_SUPPORT is not None:
    os.environ[PAGE_SUPPORT.PICTURES_ENV] = PICTURES    # the kernels inherit the server's environment
LINKED = re.compile(r"(^|&)e\d+=")                       # an address with an explorer's settings (e1=...)


def add_early_pictures(notebook, width, density, query):
    """Before each code cell whose starting picture an earlier view on the same screen (width, density) left, that
    picture (none when the address gives an explorer settings: the pictures show the starting ones)."""
    if PAGE_SUPPORT is None or LINKED.search(query):
        return
    for i in reversed(range(len(notebook.cells))):
        cell = notebook.cells[i]
        if cell.cell_type != "code":
            continue
        try:
            picture = (Path(PICTURES) / PAGE_SUPPORT.picture_name(cell.source, width, density)).read_text(
                encoding="utf-8")
        except OSError:
            continue
        notebook.cells.insert(i, new_markdown_cell(f'<div class="hpgviz-early">{picture}</div>'))


def first_cell(request, notebook):
    """The page's first cell: on a page with figures lay them out for the reader's screen (a page without hpgviz,
    the landing page, does not load it for that); then show the page frame."""
    figures = any(c.cell_type == "code" and "hpgviz" in c.source for c in notebook.cells)
    screen = (f"from hpgviz.viz.style import use_screen\nuse_screen({screen_width(request)!r}, "
              f"{screen_density(request)!r})\n" if figures else "")
    return new_code_cell(f"{screen}from IPython.display import HTML\nHTML({PAGE_FRAME!r})")


def before_each_page(request_handler, notebook, cwd):
    """Voila's prelaunch hook: refuse a page past the cap, set the `_xsrf` cookie its shutdown needs, and put
    the first cell (screen width, page frame) first."""
    running = len(request_handler.kernel_manager.list_kernel_ids())
    if running >= MAX_KERNELS:
        raise HTTPError(503, reason=FULL_MESSAGE)
    request_handler.xsrf_token   # noqa: B018 (reading it sets the cookie)
    request = request_handler.request
    add_early_pictures(notebook, screen_width(request), screen_density(request), request.query)
    # as an output (a raw cell's HTML would be inserted without running its script)
    notebook.cells.insert(0, first_cell(request, notebook))
    return notebook


c.VoilaConfiguration.prelaunch_hook = before_each_page
c.VoilaConfiguration.progressive_rendering = True   # text and pictures first, then each explorer comes alive
c.VoilaConfiguration.theme = "light"
c.Voila.ip = "127.0.0.1"
c.Voila.open_browser = False
# Voila's executor waits 4 s (nbclient's default) for a cell's outputs after the kernel says the cell is done,
# then drops what comes later. With many pages at once on a busy server, an explorer's widget came later: that
# page never showed it (measured: 6 pages of page 1 at once, each stuck with 2-4 of its 4 explorers).
c.VoilaExecutor.iopub_timeout = 120
c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_S
c.MappingKernelManager.cull_interval = CULL_EVERY_S
c.MappingKernelManager.cull_connected = False        # never a kernel whose page is still open

"""Shared pytest fixtures for hpgviz.

Sections are grouped by topic; add new fixtures in their own clearly marked section.
"""

# =====================================================================================
# Browser fixtures: JupyterLab / Voila servers and a headless Debian chromium (Playwright)
# Used by tests/test_browser.py (marker: browser).
#
# Environment knobs:
#   HPGVIZ_NOTEBOOK_DIR  folder with the notebooks to serve (default: <repo>/notebooks)
#   HPGVIZ_CHROMIUM      chromium binary (default: /usr/bin/chromium)
#   CI                   if set, a missing browser/Playwright is a test FAILURE, not a skip
# =====================================================================================
import atexit
import collections
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = Path(os.environ.get("HPGVIZ_NOTEBOOK_DIR") or REPO_ROOT / "notebooks").resolve()
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("HPGVIZ_CHROMIUM", "/usr/bin/chromium")
# Flags measured on this machine (see PRACTICE.md): without the background-networking
# ones chromium keeps trying to reach hosts that are not reachable offline.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60  # s, JupyterLab/Voila until the port answers
# Turns off the "get notified about Jupyter news" toast (and the update check), and attaches
# every cell to the DOM (no windowing) so the tests see all prompts and outputs.
LAB_SETTINGS_OVERRIDES = json.dumps({
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
})


def _unavailable(reason: str):
    """Skip locally, but FAIL in CI: there the browser tests must really run."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isolated_jupyter_env(base: Path) -> dict:
    """Environment with Jupyter/IPython/matplotlib state in `base`.

    The venv's own share/jupyter (kernelspec `python3`, ipywidgets and ipympl lab
    extensions, Voila templates) and etc/jupyter (server extensions) are still found:
    jupyter_core always searches sys.prefix, whatever JUPYTER_DATA_DIR says.
    """
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "MPLCONFIGDIR"):
        d = base / name.lower()
        d.mkdir(parents=True, exist_ok=True)
        env[name] = str(d)
    # `make test` sets MPLBACKEND=Agg; a kernel that inherits it shows no inline figures
    # (ipykernel only picks the inline backend when MPLBACKEND is unset).
    env.pop("MPLBACKEND", None)
    env.pop("JUPYTER_TOKEN", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


_RUNNING_SERVERS = []


@atexit.register
def _stop_leftover_servers():
    """Safety net if pytest dies before fixture teardown (e.g. a second Ctrl-C)."""
    for server in list(_RUNNING_SERVERS):
        server.stop()


class _Server:
    """A server process started in its own session, so the kernels die with it."""

    def __init__(self, name, cmd, env, cwd, log_path, url, token=""):
        self.name, self.url, self.token, self.log_path = name, url, token, log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        _RUNNING_SERVERS.append(self)

    def log_tail(self, n=60) -> str:
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def wait_ready(self, probe_url, timeout=SERVER_START_TIMEOUT):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                with urllib.request.urlopen(probe_url, timeout=5) as r:
                    if r.status == 200:
                        return
                    last = r.status
            except (urllib.error.URLError, ConnectionError, OSError) as e:
                last = e
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout}s ({last}):\n{self.log_tail()}")

    def stop(self):
        if self not in _RUNNING_SERVERS:
            return
        _RUNNING_SERVERS.remove(self)
        # Kernels run in their own sessions (jupyter_client uses start_new_session), so
        # note their PIDs first: the server shuts them down on SIGTERM, any left get killed.
        children = []
        try:
            import psutil  # ships with ipykernel

            children = psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:
            pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group only
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # stragglers in our group
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        for child in children:
            try:
                child.kill()  # psutil checks the PID was not reused
            except Exception:
                pass
        self._log.close()


@pytest.fixture(scope="session")
def notebook_dir() -> Path:
    """Folder the browser tests serve: <repo>/notebooks unless HPGVIZ_NOTEBOOK_DIR is set."""
    if not NOTEBOOK_DIR.is_dir():
        pytest.fail(f"notebook folder {NOTEBOOK_DIR} does not exist", pytrace=False)
    return NOTEBOOK_DIR


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, notebook_dir):
    """JupyterLab on 127.0.0.1:<free port> with a random token and isolated state.

    Yields an object with .url (no trailing slash) and .token.
    """
    base = tmp_path_factory.mktemp("jupyterlab")
    env = _isolated_jupyter_env(base)
    app_settings = base / "lab-app-settings"
    app_settings.mkdir()
    (app_settings / "overrides.json").write_text(LAB_SETTINGS_OVERRIDES)
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--allow-root",
        "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebook_dir}",
        # isolated overrides.json (news toast off, no windowing) instead of the venv's one
        f"--LabApp.app_settings_dir={app_settings}",
    ]
    server = _Server("JupyterLab", cmd, env, cwd=notebook_dir, log_path=base / "lab.log",
                     url=f"http://127.0.0.1:{port}", token=token)
    server.wait_ready(f"{server.url}/api/status?token={token}")
    yield server
    server.stop()


def start_app(tmp_path_factory, notebook_dir, **env):
    """Voila on app/ as `make app` serves it (landing page index.ipynb, the tiers under app/notebooks), with
    the server settings of app/config/voila.py (`env` can set its HPGVIZ_* knobs), plus tracebacks shown. When
    HPGVIZ_NOTEBOOK_DIR points elsewhere, a copy of app/ links to that folder. Pages are
    /voila/render/index.ipynb and /voila/render/notebooks/NAME. The caller stops the server."""
    app = REPO_ROOT / "app"
    if (app / "notebooks").resolve() != notebook_dir:
        app = tmp_path_factory.mktemp("app")
        (app / "index.ipynb").write_bytes((REPO_ROOT / "app" / "index.ipynb").read_bytes())
        (app / "notebooks").symlink_to(notebook_dir)
    base = tmp_path_factory.mktemp("voila-app")
    port = _free_port()
    cmd = [sys.executable, "-m", "voila", str(app), f"--port={port}",
           f"--Voila.config_file_paths={REPO_ROOT / 'app' / 'config'}", "--show_tracebacks=True"]
    server = _Server("Voila app", cmd, {**_isolated_jupyter_env(base), **env}, cwd=app,
                     log_path=base / "voila.log", url=f"http://127.0.0.1:{port}")
    server.wait_ready(f"{server.url}/voila/static/voila.js")
    return server


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, notebook_dir):
    """The code-free app as `make app` serves it (see start_app); yields the server (.url)."""
    server = start_app(tmp_path_factory, notebook_dir)
    yield server
    server.stop()


# Records, on every canvas, when it was last drawn (ipympl paints each new frame with drawImage) and first drawn
# after the last key (__hpgvizFirst: an explorer that draws a man's lines before a band) and, on the
# document, when the last key went down (key-press-to-redraw latency without screenshots) and when the page last
# changed (__hpgvizMutated).
DRAW_PROBE = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const now = performance.now();
    if (!(this.canvas.__hpgvizFirst > (window.__hpgvizKey || 0))) this.canvas.__hpgvizFirst = now;   // first after the key
    this.canvas.__hpgvizDrawn = now;
    return draw.apply(this, args);
  };
  document.addEventListener('keydown', () => { window.__hpgvizKey = performance.now(); }, true);
  new MutationObserver(() => { window.__hpgvizMutated = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (never `playwright install`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        _unavailable(f"Playwright is not installed ({e})")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


# How many times each notebook of the series ran in the browser in this test run (a page of the app loaded, or a
# run in JupyterLab): tests/browser/test_phone.py checks each ran at most twice (the budget).
NOTEBOOK_RUNS = collections.Counter()
APP_NOTEBOOK = re.compile(r"/voila/render/notebooks/([^/?#]+\.ipynb)")


def count_runs(pg):
    """Count each load of a notebook of the series in the app in `pg` (a navigation of its main frame) in
    NOTEBOOK_RUNS."""
    def seen(request):
        found = APP_NOTEBOOK.search(request.url)
        if found and request.is_navigation_request() and request.frame == pg.main_frame:
            NOTEBOOK_RUNS[found.group(1)] += 1
    pg.on("request", seen)


def _new_page(browser, viewport, counted=True, **device):
    """A fresh context + page with the draw probe (`device`: more options of the context, e.g. a phone's). Its
    loads of the series' notebooks are counted (count_runs) unless `counted` is False (the class load test, which
    opens the same page many times on purpose). `page.console_errors` collects console errors and
    uncaught page errors, `page.failed_requests` the URLs that failed to load (offline CDN fonts...)."""
    context = browser.new_context(viewport=viewport, **device)
    context.set_default_timeout(30_000)
    context.add_init_script(DRAW_PROBE)
    pg = context.new_page()
    if counted:
        count_runs(pg)
    pg.console_errors, pg.failed_requests = [], []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(f"pageerror: {e}"))
    pg.on("requestfailed", lambda r: pg.failed_requests.append(f"{r.url} ({r.failure})"))
    return context, pg


def close_context(context):
    """Close the tabs as a reader does (their beforeunload handlers run: the app shuts their kernels down)."""
    for pg in context.pages:
        pg.close(run_before_unload=True)
    context.close()


@pytest.fixture
def page(browser):
    """A fresh browser page, 1400 x 1000 (see _new_page)."""
    context, pg = _new_page(browser, {"width": 1400, "height": 1000})
    yield pg
    close_context(context)


@pytest.fixture
def new_page(browser):
    """Factory: new_page(viewport) -> a page like `page` with that viewport (e.g. conftest.PHONE)."""
    contexts = []

    def make(viewport):
        context, pg = _new_page(browser, viewport)
        contexts.append(context)
        return pg

    yield make
    for context in contexts:
        close_context(context)


@pytest.fixture(scope="session")
def app_page(browser, app_server):
    """Factory: app_page(path) -> the page of the app at `path` (e.g. "notebooks/01_fundamentals.ipynb"),
    DESKTOP sized, every explorer live, loaded once per test run and shared by every check that reads it: each
    notebook runs once in the app on a desktop, however many checks look at it. The page carries .first_paint
    and .live (s from the address to the first text and to every explorer live) and .opened (the first
    explorer's slider readouts and share link right after the load). A test that changes the page's size,
    media or focus puts them back.
    app_page(path, opener) lets the first check that needs the page open it its own way: opener(page, server)
    instead of going to `path` (the patient page is reached from the landing page's card).
    app_page.release(path) takes a page back (closed): one a check has changed beyond putting back (the phone
    checks turn the desktop page into a phone's) is loaded anew by the next check that asks for it."""
    from test_browser import open_whole_page   # the page helpers live with the browser tests
    pages = {}

    def get(path, opener=None):
        if path not in pages:
            context, pg = _new_page(browser, DESKTOP)
            try:
                if opener is None:
                    open_whole_page(pg, app_server, path)
                else:
                    opener(pg, app_server)
            except BaseException:
                close_context(context)
                raise
            pages[path] = pg
        return pages[path]

    def release(path):
        pg = pages.pop(path, None)
        if pg is not None:
            close_context(pg.context)

    get.release = release
    yield get
    for pg in pages.values():
        close_context(pg.context)

# ============================ end of browser fixtures ================================


# =====================================================================================
# The book's site: built once for every test that reads it (tests/notebooks/test_book.py, the browser's
# test_book_offline.py), under a lock, since `make test` runs the browser tests beside the others
# =====================================================================================

@pytest.fixture(scope="session")
def book_site() -> Path:
    """The site of `make book` in build/book, rebuilt only when a source is newer (book/build.py current_site)."""
    pytest.importorskip("jupyter_book")
    import fcntl
    sys.path.insert(0, str(REPO_ROOT / "book"))
    import build as book
    out = REPO_ROOT / "build" / "book"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # the other pytest run builds it meanwhile: wait, then reuse its build
        return book.current_site(out, NOTEBOOK_DIR)


# =====================================================================================
# Figure fixtures: every test's figures are closed after it (tests never open windows)
# =====================================================================================

@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


@pytest.fixture(autouse=True)
def inline_png(request, monkeypatch):
    """Explorers outside a kernel draw their figures as PNGs; unit tests check the artists instead, so the
    PNG is off except in tests marked ``pixels`` (those that read the picture itself)."""
    if request.node.get_closest_marker("pixels") is None and "hpgviz.explorers.figures" in sys.modules:
        monkeypatch.setattr(sys.modules["hpgviz.explorers.figures"].FigureView, "inline_png", False)

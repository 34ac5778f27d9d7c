"""End-to-end checks in a real browser: the notebooks run in JupyterLab and as a Voila app,
and moving the explorer's first slider with the keyboard changes its figure.

Fixtures live in tests/conftest.py (browser section). Run only these with `pytest -m browser`;
skip them with `pytest -m "not browser"`. Locally they skip if chromium/Playwright is
missing; with CI set they fail instead.

Contract with the notebook authors:
  * the first `.widget-slider` on the page belongs to the explorer, and the first figure
    (ipympl canvas or inline image in an Output widget) is the one it redraws;
  * nothing is written to stderr that contains "Traceback" or "Error";
  * the notebook metadata names the `python3` kernel (else Lab asks which kernel to use).
"""
import re
import time

import pytest

pytestmark = pytest.mark.browser

# Notebooks opened in JupyterLab (append new ones here).
LAB_NOTEBOOKS = ["01_fundamentals.ipynb", "02_intermediate.ipynb"]
# Notebooks opened as a Voila app.
VOILA_NOTEBOOKS = ["01_fundamentals.ipynb", "02_intermediate.ipynb"]

# Bounded so that even a hung notebook fails in ~2 min; a healthy run takes ~8 s each.
KERNEL_START_TIMEOUT = 45_000  # ms
RUN_ALL_TIMEOUT = 60_000  # ms
FIGURE_CHANGE_TIMEOUT = 15  # s
KEY_PRESSES = 5

SLIDER_HANDLE = ".widget-slider .noUi-handle"
SLIDER_READOUT = ".widget-slider .widget-readout"
# ipympl canvas (first canvas of the div is the figure; the second is the rubber-band overlay)
# or an inline PNG redrawn inside an Output widget: whichever comes first on the page.
FIGURE = ".jupyter-matplotlib-canvas-div canvas, .widget-output img"
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'

# Voila's template asks a CDN (cdn.jsdelivr.net, Font Awesome CSS) for an icon font that an
# offline machine cannot reach: "Failed to load resource: net::ERR_NAME_NOT_RESOLVED" x2.
# Whitelist only network-unreachable errors, and separately require that every failed request
# was to a remote host (a failing 127.0.0.1 request is a real bug).
VOILA_CONSOLE_WHITELIST = [
    re.compile(r"^Failed to load resource: net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|"
               r"ADDRESS_UNREACHABLE|CONNECTION_REFUSED|CONNECTION_TIMED_OUT|TIMED_OUT|"
               r"NETWORK_ACCESS_DENIED|PROXY_CONNECTION_FAILED)\b"),
]
LOCAL_URL = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")


# ------------------------------------------------------------------------------ helpers
def _cell_prompts(page):
    """Input prompts of all code cells, e.g. ['[1]:', '[*]:', '[ ]:']."""
    return page.eval_on_selector_all(
        ".jp-Notebook .jp-CodeCell .jp-InputPrompt",
        "els => els.map(e => e.textContent.trim())",
    )


def run_notebook_in_lab(page, server, nb_path: str):
    """Open `nb_path` (relative to the server root) in JupyterLab and run it from scratch.

    Restart Kernel and Run All Cells… via the Run menu (plain Run All would reuse an old
    kernel), then wait until execution has finished: the kernel is idle again and no
    cell shows [*]. Returns the final input prompts of the code cells.
    """
    page.goto(f"{server.url}/lab/tree/{nb_path}?token={server.token}&reset",
              wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=KERNEL_START_TIMEOUT)
    # The indicator already says "idle" while the toolbar still says "No Kernel": wait for a
    # real kernel, or for the "Select Kernel" dialog Lab shows when the notebook has no
    # kernelspec metadata.
    page.wait_for_function(
        """() => document.querySelector('.jp-Dialog') !== null
              || (document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
                  && [...document.querySelectorAll('.jp-Toolbar-kernelName')]
                       .some(e => e.textContent.trim() && e.textContent.trim() !== 'No Kernel'))""",
        timeout=KERNEL_START_TIMEOUT,
    )
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        text = dialog.first.inner_text()
        pytest.fail(f"{nb_path}: JupyterLab opened a dialog instead of starting the kernel: "
                    f"{text[:200]!r}. Save the notebook with kernelspec metadata "
                    f"(name 'python3'), e.g. by opening and saving it in JupyterLab.",
                    pytrace=False)

    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item:visible",
                 has_text="Restart Kernel and Run All Cells").click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    page.wait_for_selector(".jp-Dialog", state="detached")

    # Execution has started once a cell is queued/running ([*]) or the kernel is busy.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
                    .some(e => e.textContent.includes('[*]'))
              || document.querySelector(
                    '.jp-Notebook-ExecutionIndicator[data-status="busy"]') !== null""",
        timeout=KERNEL_START_TIMEOUT,
    )
    # ...and has finished once the kernel is idle and no cell is queued, for 1 s in a row.
    deadline = time.monotonic() + RUN_ALL_TIMEOUT / 1000
    quiet_since = None
    while True:
        done = page.evaluate(
            """() => document.querySelector(
                        '.jp-Notebook-ExecutionIndicator[data-status="idle"]') !== null
                  && ![...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
                        .some(e => e.textContent.includes('[*]'))"""
        )
        now = time.monotonic()
        if done:
            quiet_since = quiet_since or now
            if now - quiet_since >= 1.0:
                break
        else:
            quiet_since = None
        if now > deadline:
            raise AssertionError(f"{nb_path}: still running after {RUN_ALL_TIMEOUT / 1000:.0f}"
                                 f" s; prompts: {_cell_prompts(page)}")
        time.sleep(0.2)
    return _cell_prompts(page)


def _tracebacks(page):
    """stderr outputs that report an error (Voila without tracebacks says "an error")."""
    # textContent, not innerText: it does not depend on the output being laid out on screen
    texts = page.eval_on_selector_all(STDERR, "els => els.map(e => e.textContent)")
    return [t for t in texts
            if "Traceback" in t or "Error" in t or "There was an error when executing" in t]


def _stable_screenshot(locator, timeout=FIGURE_CHANGE_TIMEOUT):
    """Element screenshot once two consecutive shots agree (the figure has finished drawing)."""
    deadline = time.monotonic() + timeout
    prev = locator.screenshot()
    while time.monotonic() < deadline:
        time.sleep(0.3)
        cur = locator.screenshot()
        if cur == prev:
            return cur
        prev = cur
    return prev


def move_first_slider_and_check_figure(page, label: str):
    """Press ArrowRight on the first slider; assert the first figure's pixels change."""
    handle = page.locator(SLIDER_HANDLE).first
    handle.wait_for(state="visible", timeout=KERNEL_START_TIMEOUT)
    figure = page.locator(FIGURE).first
    figure.wait_for(state="visible", timeout=KERNEL_START_TIMEOUT)
    figure.scroll_into_view_if_needed()
    readout = page.locator(SLIDER_READOUT).first
    value_before = readout.inner_text() if readout.count() else None
    before = _stable_screenshot(figure)

    handle.focus()
    for _ in range(KEY_PRESSES):
        page.keyboard.press("ArrowRight")

    value_after = readout.inner_text() if readout.count() else None
    deadline = time.monotonic() + FIGURE_CHANGE_TIMEOUT
    after = before
    while time.monotonic() < deadline:
        time.sleep(0.3)
        # re-query: an inline figure is a new <img> after each redraw
        after = page.locator(FIGURE).first.screenshot()
        if after != before:
            break
    assert value_before != value_after or value_before is None, (
        f"{label}: slider readout did not move ({value_before!r}); is the handle focusable?")
    changed = after != before  # (a bare bytes comparison would print both PNGs on failure)
    assert changed, (
        f"{label}: figure pixels unchanged {FIGURE_CHANGE_TIMEOUT} s after moving the first "
        f"slider {value_before!r} -> {value_after!r}")
    return value_before, value_after


# -------------------------------------------------------------------------------- tests
@pytest.mark.parametrize("nb_name", LAB_NOTEBOOKS)
def test_fundamentals_in_jupyterlab(page, lab_server, notebook_dir, artifacts_dir, nb_name):
    assert (notebook_dir / nb_name).is_file(), f"{notebook_dir / nb_name} is missing"
    t0 = time.monotonic()
    prompts = run_notebook_in_lab(page, lab_server, nb_name)
    t_run = time.monotonic() - t0
    shot = artifacts_dir / f"{nb_name.removesuffix('.ipynb')}-lab.png"
    try:
        errors = _tracebacks(page)
        assert not errors, f"{nb_name}: errors on stderr:\n" + "\n---\n".join(errors)
        unrun = [p for p in prompts if not re.fullmatch(r"\[\d+\]:", p)]
        assert not unrun, f"{nb_name}: code cells not executed: {prompts}"
        move_first_slider_and_check_figure(page, f"{nb_name} (lab)")
    finally:
        page.screenshot(path=str(shot), full_page=True)
    print(f"{nb_name}: run all {t_run:.1f}s, total {time.monotonic() - t0:.1f}s; "
          f"console errors: {page.console_errors}")


@pytest.mark.parametrize("nb_name", VOILA_NOTEBOOKS)
def test_fundamentals_in_voila(page, voila_app, artifacts_dir, nb_name):
    url = voila_app(nb_name)
    shot = artifacts_dir / f"{nb_name.removesuffix('.ipynb')}-voila.png"
    t0 = time.monotonic()
    # "load" waits on the unreachable CDN font: only wait for the response to start.
    page.goto(url, wait_until="commit")
    try:
        # Voila stops at the first failing cell: stop waiting as soon as an error shows.
        page.wait_for_selector(f"{SLIDER_HANDLE}, {STDERR}", timeout=RUN_ALL_TIMEOUT)
        errors = _tracebacks(page)
        assert not errors, f"{nb_name}: errors in Voila:\n" + "\n---\n".join(errors)
        move_first_slider_and_check_figure(page, f"{nb_name} (voila)")
        unexpected = [m for m in page.console_errors
                      if not any(p.search(m) for p in VOILA_CONSOLE_WHITELIST)]
        assert not unexpected, f"{nb_name}: unexpected console errors in Voila: {unexpected}"
        local_failures = [r for r in page.failed_requests if LOCAL_URL.match(r)]
        assert not local_failures, f"{nb_name}: Voila requests that failed: {local_failures}"
    finally:
        page.screenshot(path=str(shot), full_page=True)
    print(f"{nb_name}: voila {time.monotonic() - t0:.1f}s; console errors: "
          f"{page.console_errors}; failed requests: {page.failed_requests}")

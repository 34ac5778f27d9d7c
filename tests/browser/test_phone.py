"""The app on a phone (issue 18): each page of the app, loaded once on the desktop (conftest.app_page), is switched to
a phone's screen (390 x 844 CSS px, 2 device pixels per px, touch, a phone browser's name) and its explorers lay
themselves out anew for it (explorers/base.py: Explorer.relayout); then checked: figures laid out for the screen
with text >= 11 px on screen and pictures at the device's resolution, touch targets of at least 44 px, no label cut
at the edge; and the page address follows the controls, so that the address reopens every explorer as it stands.
A page opened afresh on a phone shows the starting pictures its relayout left for that screen.

Module-scoped: one switch per app page, reused by every check (pytest runs a page's checks together). The last
check counts how often each notebook ran in the browser in the whole run: at most twice.
"""
import time
import urllib.parse

import pytest
from conftest import DESKTOP, NOTEBOOK_RUNS, PHONE, _new_page, close_context
from test_browser import APP_NOTEBOOKS, EXPLORER, PAGE_SUPPORT_DONE_JS, RUN_ALL_TIMEOUT, SLIDER_HANDLE, STDERR, \
    OVERFLOW_JS, all_latencies, app_path, assert_nothing_leaves_its_explorer, expected_explorers, open_in_app, \
    report, wait_for_explorers

pytestmark = pytest.mark.browser

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
            "Mobile Safari/537.36")
PHONE_DEVICE = dict(device_scale_factor=2, is_mobile=True, has_touch=True, user_agent=PHONE_UA)   # and PHONE
LAID_OUT_FOR_THE_PHONE = "hpgviz-laid-out-%d-%d" % (PHONE["width"], PHONE_DEVICE["device_scale_factor"])
MOST_RUNS = 2          # each notebook runs at most this often in the browser per test run (issue 15)
MIN_TEXT_PX = 11       # the floor for figure text on a phone screen
MIN_TARGET_PX = 44     # WCAG 2.5.5 (AAA) / Apple and Android guidance for touch targets
FIGURE_DPI = 100       # CSS px per figure inch (hpgviz.viz.style.FIGURE_DPI; the test reads the page, not the package)

# Every explorer figure on the page, as its live canvas says it is drawn (explorers/figures.py FIGURE_CLASS: its width
# in CSS px and its smallest text in points): its width on screen, its text on screen, its pixel density.
FIGURES_JS = """() => [...document.querySelectorAll('.hpgviz-explorer')].flatMap((ex, i) =>
  [...ex.querySelectorAll('.jupyter-matplotlib-canvas-div canvas:first-child')].flatMap((c, k) => {
    const r = c.getBoundingClientRect(), live = c.closest('.jupyter-matplotlib');
    if (r.width === 0) return [];   // not shown (a figure the explorer shows only on request)
    const said = [...live.classList].find(n => n.startsWith('hpgviz-figure-')) || 'hpgviz-figure-NaN-NaN';
    const [px, tenths] = said.split('-').slice(2).map(Number), widthIn = px / %d;
    const name = (c.parentElement.getAttribute('aria-label') || '').slice(0, 50);
    return [{figure: `explorer ${i + 1} figure ${k + 1} (${name})`,
            shown_px: r.width, natural_px: px, text_px: tenths / 10 / 72 * r.width / widthIn,
            density: c.width / r.width}];
  }))""" % FIGURE_DPI

# Each starting picture on the page (early ones a page shows before its kernel runs, and those in the cells), with
# the width in inches and the pixels it says it was made for: its device pixels per CSS px.
PICTURES_JS = """() => [...document.querySelectorAll('.hpgviz-early img, .hpgviz-static img')].map(p =>
  ({picture: (p.getAttribute('data-live-label') || '').slice(0, 50),
    density: p.naturalWidth / (parseFloat(p.dataset.widthIn) * %d)}))""" % FIGURE_DPI

# Every control a finger must hit, with the box that takes the touch (a tick box's label takes it too).
TARGETS_JS = """() => {
  const found = [];
  document.querySelectorAll('.hpgviz-explorer').forEach((ex, i) => {
    const add = (el, what) => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) found.push({what: `explorer ${i + 1} ${what}`, w: r.width, h: r.height});
    };
    ex.querySelectorAll('.noUi-handle').forEach(h => add(h, `slider handle "${h.getAttribute('aria-label')}"`));
    ex.querySelectorAll('input[type=checkbox]').forEach(c => add(c.closest('label') || c,
        `tick box "${(c.closest('label') || c).textContent.trim().slice(0, 40)}"`));
    ex.querySelectorAll('select').forEach(s => add(s, `menu "${s.parentElement.textContent.trim().slice(0, 40)}"`));
    ex.querySelectorAll('button').forEach(b => add(b, `button "${(b.textContent || b.title).trim().slice(0, 40)}"`));
    ex.querySelectorAll('input[type=text], textarea').forEach(t => add(t, 'text box'));
    ex.querySelectorAll('.lm-AccordionPanel-title, .jupyter-widget-Collapse-header').forEach(t => add(t,
        `fold "${t.textContent.trim().slice(0, 40)}"`));
  });
  return found;
}"""

# Words a reader must see whole: labels, tick-box words, the share box, summaries and captions; cut means the text
# is wider than its box (clipped or ellipsised) or its box passes the screen's right edge.
CUT_JS = """() => {
  const cw = document.documentElement.clientWidth, cut = [];
  document.querySelectorAll('.hpgviz-explorer').forEach((ex, i) => {
    ex.querySelectorAll('.widget-label, .widget-label-basic, .widget-html-content, .widget-html, button, select,'
                        + ' .lm-AccordionPanel-title, .jupyter-widget-Collapse-header, input[type=text]').forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') return;
      const text = (el.value || el.textContent || '').trim();
      if (!text) return;
      if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'SELECT' && el.tagName !== 'INPUT')
        cut.push(`explorer ${i + 1}: "${text.slice(0, 50)}" needs ${el.scrollWidth} px, shown in ${el.clientWidth}`);
      else if (r.right > cw + 1)
        cut.push(`explorer ${i + 1}: "${text.slice(0, 50)}" ends at ${Math.round(r.right)} px of ${cw}`);
    });
  });
  return cut;
}"""


def as_a_phone(page):
    """Turn a loaded page's screen into PHONE_DEVICE's (Chrome's device emulation, as a phone's context has it)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride", {**PHONE, "deviceScaleFactor": PHONE_DEVICE["device_scale_factor"],
                                                    "mobile": PHONE_DEVICE["is_mobile"]})
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": PHONE_DEVICE["has_touch"], "maxTouchPoints": 5})
    cdp.send("Emulation.setUserAgentOverride", {"userAgent": PHONE_UA})


def wait_until_quiet(page, quiet_ms=300, at_most_s=2.0):
    """Until the page has not changed for quiet_ms (no control still on its way), or at_most_s, whichever is first."""
    deadline = time.monotonic() + at_most_s
    while time.monotonic() < deadline and page.evaluate("() => performance.now() - (window.__hpgvizMutated || 0)") < quiet_ms:
        time.sleep(0.05)


@pytest.fixture(scope="module", params=APP_NOTEBOOKS)
def phone_page(request, app_page, notebook_dir, artifacts_dir):
    """One app page, the desktop page the other checks loaded, switched to a phone and left so for every check of
    this module (then given back: the next check that needs it loads it anew)."""
    name = request.param
    path = app_path(name)
    page = app_page(path)
    n = expected_explorers(notebook_dir, name)
    t0 = time.monotonic()
    as_a_phone(page)
    page.shrunk_layout = page.evaluate(OVERFLOW_JS)   # the desktop's layout on the phone, before its relayout
    page.wait_for_function("""([n, laidOut]) => document.querySelectorAll('.hpgviz-explorer.' + laidOut).length >= n
        && ![...document.querySelectorAll('.hpgviz-explorer .hpgviz-screen input')].some(i => i.hpgvizWritten)""",
                           arg=[n, LAID_OUT_FOR_THE_PHONE], timeout=RUN_ALL_TIMEOUT)   # the old parts gone
    wait_for_explorers(page, n)
    page.wait_for_function(PAGE_SUPPORT_DONE_JS, polling=100)
    wait_until_quiet(page)
    report(f"PHONE RELAYOUT app {name}: the desktop page switched to {PHONE['width']}x{PHONE['height']}@2x, all {n} "
           f"explorers laid out anew {time.monotonic() - t0:.1f} s")
    assert page.locator(STDERR).count() == 0, page.locator(STDERR).first.text_content()
    page.nb_name = name
    yield page
    # (screenshots only now: Playwright puts back its own viewport for one, and the page would turn into a desktop's)
    page.screenshot(path=str(artifacts_dir / f"{name.removesuffix('.ipynb')}-app-{PHONE['width']}x{PHONE['height']}.png"))
    page.locator(EXPLORER).first.screenshot(path=str(artifacts_dir / f"{name.removesuffix('.ipynb')}-phone.png"))
    app_page.release(path)


def test_nothing_leaves_its_explorer_on_the_phone(phone_page):
    """As the screen turns into a phone's the desktop layout shrinks or stacks, never clips; laid out anew for the
    phone, the same (test_browser.assert_nothing_leaves_its_explorer)."""
    size = f"{PHONE['width']}x{PHONE['height']}"
    shrunk = phone_page.shrunk_layout
    assert not shrunk["bad"], f"app {size} {phone_page.nb_name} before its relayout: overflow:\n" + "\n".join(shrunk["bad"])
    assert shrunk["narrowest_track"] >= 150, shrunk
    assert_nothing_leaves_its_explorer(phone_page, f"app {size} {phone_page.nb_name}")


def test_figures_are_laid_out_for_the_phone(phone_page):
    """Every figure that takes the phone layout fills its box at its natural size (no shrink) with text >= 11 px;
    every live figure has the device's 2 pixels per CSS px (the pictures: test_pictures_from_the_first_paint)."""
    figures = phone_page.evaluate(FIGURES_JS)
    assert figures, "no live figure on the page"
    laid_out = [f for f in figures if f["natural_px"] <= f["shown_px"] + 2]
    for f in figures:
        report(f"PHONE FIGURE {phone_page.nb_name} {f['figure']}: {f['shown_px']:.0f} px wide (drawn for "
               f"{f['natural_px']:.0f}), smallest text {f['text_px']:.1f} px, {f['density']:.1f} device px per px")
    assert laid_out, f"no figure on the page takes the phone layout: {figures}"
    small = [f"{f['figure']}: {f['text_px']:.1f} px" for f in laid_out if f["text_px"] < MIN_TEXT_PX]
    assert not small, f"figure text under {MIN_TEXT_PX} px on the phone:\n" + "\n".join(small)
    soft = [f"{f['figure']}: {f['density']:.1f}" for f in figures if f["density"] < 1.99]
    assert not soft, "figures under the device's 2 px per CSS px:\n" + "\n".join(soft)


def test_every_figure_is_laid_out_for_the_phone(phone_page):
    figures = phone_page.evaluate(FIGURES_JS)
    shrunk = [f"{f['figure']}: drawn {f['natural_px']:.0f} px, shown {f['shown_px']:.0f}, text {f['text_px']:.1f} px"
              for f in figures if f["natural_px"] > f["shown_px"] + 2 or f["text_px"] < MIN_TEXT_PX]
    assert not shrunk, "figures shrunk on the phone:\n" + "\n".join(shrunk)


def test_every_control_is_a_touch_target(phone_page):
    targets = phone_page.evaluate(TARGETS_JS)
    assert targets, "no control found"
    small = [f"{t['what']}: {t['w']:.0f} x {t['h']:.0f} px" for t in targets
             if min(t["w"], t["h"]) < MIN_TARGET_PX - 0.5]
    report(f"PHONE TARGETS {phone_page.nb_name}: {len(targets)} controls, {len(small)} under {MIN_TARGET_PX} px")
    assert not small, f"{len(small)} of {len(targets)} controls under {MIN_TARGET_PX} px:\n" + "\n".join(small)


def test_no_label_is_cut(phone_page):
    """Every label whole, with the share boxes unfolded (their settings text, buttons and link)."""
    folds = phone_page.locator(f"{EXPLORER} .lm-AccordionPanel-title, {EXPLORER} .jupyter-widget-Collapse-header")
    for i in range(folds.count()):
        folds.nth(i).click()
    phone_page.wait_for_function("n => [...document.querySelectorAll('.hpgviz-explorer input[type=text]')]"
                                 ".filter(t => t.getBoundingClientRect().width > 0).length >= n", arg=folds.count())
    cut = phone_page.evaluate(CUT_JS)
    assert not cut, "words cut on the phone:\n" + "\n".join(cut)


def test_key_to_redraw_on_the_phone(phone_page):
    """Each explorer's key-press-to-redraw on the phone layout (2x pixels: four times the pixels to send)."""
    all_latencies(phone_page, f"app phone 390x844@2x {phone_page.nb_name}")


FIRST_PAINT_PAGE = APP_NOTEBOOKS[2]   # one that runs only once otherwise (the fundamentals page runs twice already)


def test_pictures_from_the_first_paint(phone_page, browser, app_server, notebook_dir):
    """A page seen before on this screen (here: laid out for it when the desktop page turned into a phone's) shows
    every explorer's starting picture before its kernel has made any explorer live (not grey boxes), and each
    picture gives way to its live explorer; every picture has the device's 2 pixels per CSS px."""
    if phone_page.nb_name != FIRST_PAINT_PAGE:
        pytest.skip("one page is enough: the pictures come from app/config/voila.py, the same for every page")
    n = expected_explorers(notebook_dir, phone_page.nb_name)
    context, page = _new_page(browser, PHONE, **PHONE_DEVICE)
    try:
        t0 = time.monotonic()
        page.goto(f"{app_server.url}/voila/render/notebooks/{phone_page.nb_name}", wait_until="commit")
        page.wait_for_selector(".hpgviz-early img", state="visible")
        pictures = time.monotonic() - t0
        state = page.evaluate("""() => ({early: document.querySelectorAll('.hpgviz-early').length,
                                         live: document.querySelectorAll('.hpgviz-explorer canvas').length})""")
        wait_for_explorers(page, n)
        live = time.monotonic() - t0
        report(f"PHONE FIRST PAINT app {phone_page.nb_name} viewed again: pictures {pictures:.1f} s, all {n} explorers "
               f"live {live:.1f} s")
        assert state == {"early": n, "live": 0}, state
        made = page.evaluate(PICTURES_JS)   # the relayout's pictures (early) and this page's own (in the cells)
        assert len(made) >= 2 * n, made
        soft = [f"{p['picture']}: {p['density']}" for p in made if not p["density"] >= 1.99]
        assert not soft, "pictures under the device's 2 px per CSS px:\n" + "\n".join(soft)
        page.wait_for_function("""() => [...document.querySelectorAll('.hpgviz-early')]
                                          .every(e => e.getBoundingClientRect().height === 0)""", timeout=10_000)
    finally:
        close_context(context)


def test_the_address_reopens_every_explorer(phone_page, browser, app_server, notebook_dir):
    """Move the first slider of the first and of the last explorer; the address carries both (no reload); opened
    in a new page it starts both explorers where they were."""
    if phone_page.nb_name != APP_NOTEBOOKS[0]:
        pytest.skip("one page is enough: the address is the page support's, the same on every page")
    explorers = phone_page.locator(EXPLORER)
    moved = {}
    for i in (0, explorers.count() - 1):
        handle = explorers.nth(i).locator(SLIDER_HANDLE).first
        handle.focus()
        before = handle.get_attribute("aria-valuenow")
        at_max = before == handle.get_attribute("aria-valuemax")   # the latency tests before may have pushed it there
        phone_page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        phone_page.wait_for_function("([h, v]) => h.getAttribute('aria-valuenow') !== v",
                                     arg=[handle.element_handle(), before])
        moved[i] = (handle.get_attribute("aria-label"), handle.get_attribute("aria-valuenow"))
    keys = [f"e{i + 1}" for i in moved]
    phone_page.wait_for_function(
        """([keys, values]) => { const q = new URLSearchParams(location.search);
             return keys.every((k, j) => (q.get(k) || '').split(' ').some(w => w.endsWith('=' + values[j]))); }""",
        arg=[keys, [str(float(v)).removesuffix(".0") for _, v in moved.values()]], timeout=15_000)
    address = phone_page.url
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(address).query)
    assert all(k in query for k in keys), (keys, address)

    context, reopened = _new_page(browser, DESKTOP)
    try:
        path = urllib.parse.urlsplit(address)
        open_in_app(reopened, app_server, f"{path.path.removeprefix('/voila/render/')}?{path.query}",
                    expected_explorers(notebook_dir, phone_page.nb_name))
        again = reopened.locator(EXPLORER)
        for i, (name, value) in moved.items():
            handle = again.nth(i).locator(SLIDER_HANDLE).first
            assert handle.get_attribute("aria-label") == name
            assert float(handle.get_attribute("aria-valuenow")) == float(value), (i, name, value)
    finally:
        close_context(context)


def test_each_notebook_runs_at_most_twice_in_the_browser(notebook_dir):
    """Every check of the run reads a page loaded for another where it can (conftest.app_page; a viewport switched
    on a loaded page): each notebook of the series ran at most MOST_RUNS times in the browser (the app and
    JupyterLab; the class load test, which opens one page many times on purpose, is not counted). Run last."""
    runs = {name: NOTEBOOK_RUNS[name] for name in sorted(p.name for p in notebook_dir.glob("*.ipynb"))}
    report("RUNS in the browser per notebook: " + ", ".join(f"{name} {n}" for name, n in runs.items()))
    assert any(runs.values()), "no notebook ran: run this check with the other browser checks"
    over = {name: n for name, n in runs.items() if n > MOST_RUNS}
    assert not over, f"notebooks run more than {MOST_RUNS} times in the browser: {over}"

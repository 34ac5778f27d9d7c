"""The app on a phone (issue 18): each page opened once as a phone opens it (390 x 844 CSS px, 2 device pixels per
px, touch, a phone browser's name) and then checked: figures laid out for the screen with text >= 11 px on screen
and pictures at the device's resolution, touch targets of at least 44 px, no label cut at the edge; and the
page address follows the controls, so that the address reopens every explorer as it stands.

Module-scoped: one page load per app page, reused by every check (pytest runs a page's checks together).
"""
import time
import urllib.parse

import pytest
from conftest import DESKTOP, DRAW_PROBE, PHONE, _new_page, close_context
from test_browser import APP_NOTEBOOKS, EXPLORER, SLIDER_HANDLE, STDERR, all_latencies, expected_explorers, \
    open_in_app, report, wait_for_explorers

pytestmark = pytest.mark.browser

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
            "Mobile Safari/537.36")
PHONE_DEVICE = dict(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, user_agent=PHONE_UA)
MIN_TEXT_PX = 11       # the floor for figure text on a phone screen
MIN_TARGET_PX = 44     # WCAG 2.5.5 (AAA) / Apple and Android guidance for touch targets
FIGURE_DPI = 100       # CSS px per figure inch (hpgviz.viz.style.FIGURE_DPI; the test reads the page, not the package)

# Every explorer figure on the page, live canvas k matched to its cell's static picture k (which says the figure's
# width in inches and its smallest text in points): its width on screen, its text on screen, its pixel density.
FIGURES_JS = """() => [...document.querySelectorAll('.hpgviz-explorer')].flatMap((ex, i) => {
  const area = ex.closest('.jp-OutputArea'), pics = area ? [...area.querySelectorAll('.hpgviz-static img')] : [];
  return [...ex.querySelectorAll('.jupyter-matplotlib-canvas-div canvas:first-child')].flatMap((c, k) => {
    const r = c.getBoundingClientRect(), pic = pics[k] || {dataset: {}};
    if (r.width === 0) return [];   // not shown (a figure the explorer shows only on request)
    const widthIn = parseFloat(pic.dataset.widthIn), pt = parseFloat(pic.dataset.smallestPt);
    const name = (c.parentElement.getAttribute('aria-label') || '').slice(0, 50);
    return [{figure: `explorer ${i + 1} figure ${k + 1} (${name})`,
            shown_px: r.width, natural_px: widthIn * %d, text_px: pt / 72 * r.width / widthIn,
            density: c.width / r.width, picture_density: pic.naturalWidth / (widthIn * %d)}];
  });
})""" % (FIGURE_DPI, FIGURE_DPI)

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


@pytest.fixture(scope="module", params=APP_NOTEBOOKS)
def phone_page(request, browser, app_server, notebook_dir, artifacts_dir):
    """One app page, opened once on a phone and left open for every check of this module."""
    name = request.param
    context = browser.new_context(**PHONE_DEVICE)
    context.set_default_timeout(30_000)
    context.add_init_script(DRAW_PROBE)
    page = context.new_page()
    n = expected_explorers(notebook_dir, name)
    first_paint, live = open_in_app(page, app_server, f"notebooks/{name}", n)
    report(f"PHONE FIRST PAINT app {name}: text and pictures {first_paint:.1f} s, all {n} explorers live {live:.1f} s")
    assert page.locator(STDERR).count() == 0, page.locator(STDERR).first.text_content()
    page.nb_name = name
    yield page
    page.locator(EXPLORER).first.screenshot(path=str(artifacts_dir / f"{name.removesuffix('.ipynb')}-phone.png"))
    close_context(context)


def test_figures_are_laid_out_for_the_phone(phone_page):
    """Every figure that takes the phone layout fills its box at its natural size (no shrink) with text >= 11 px;
    every live figure and static picture has the device's 2 pixels per CSS px."""
    figures = phone_page.evaluate(FIGURES_JS)
    assert figures, "no live figure on the page"
    laid_out = [f for f in figures if f["natural_px"] <= f["shown_px"] + 2]
    for f in figures:
        report(f"PHONE FIGURE {phone_page.nb_name} {f['figure']}: {f['shown_px']:.0f} px wide (drawn for "
               f"{f['natural_px']:.0f}), smallest text {f['text_px']:.1f} px, {f['density']:.1f} / "
               f"{f['picture_density']:.1f} device px per px (live / picture)")
    assert laid_out, f"no figure on the page takes the phone layout: {figures}"
    small = [f"{f['figure']}: {f['text_px']:.1f} px" for f in laid_out if f["text_px"] < MIN_TEXT_PX]
    assert not small, f"figure text under {MIN_TEXT_PX} px on the phone:\n" + "\n".join(small)
    soft = [f"{f['figure']}: {f['density']:.1f} live, {f['picture_density']:.1f} picture" for f in figures
            if f["density"] < 1.99 or f["picture_density"] < 1.99]
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


def test_pictures_from_the_first_paint(phone_page, browser, app_server, notebook_dir):
    """A page viewed once before on this screen shows every explorer's starting picture before its kernel has
    made any explorer live (not grey boxes), and each picture gives way to its live explorer."""
    if phone_page.nb_name != APP_NOTEBOOKS[0]:
        pytest.skip("one page is enough: the pictures come from app/config/voila.py, the same for every page")
    n = expected_explorers(notebook_dir, phone_page.nb_name)
    context = browser.new_context(**PHONE_DEVICE)
    try:
        page = context.new_page()
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
        phone_page.keyboard.press("ArrowRight")
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

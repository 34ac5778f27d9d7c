"""Keyboard and screen readers in the app: from the top of each page, Tab reaches its last control and
Shift+Tab comes back to the first (no trap: ipympl's figure used to keep Tab for itself); every control shows a
focus ring of at least 2 px with 3:1 contrast (WCAG 2.2 focus appearance); a slider's readout is not an extra
stop; axe-core finds nothing serious or critical and every part of the page is inside a landmark (`region`).
Each page is the one conftest.app_page loaded once for every check; axe-core ran on it as it opened (other checks
move its controls and resize it later) and runs again once each of its explorers has been used (a grey-on-grey fold
title was found only then), each time with the whole page in view.

axe-core comes from npm (tests/package.json; `make test` installs it into tests/node_modules).
"""
import pytest
from test_browser import APP_NOTEBOOKS, AXE, app_path, axe_after_use, report

pytestmark = pytest.mark.browser

PAGES = ["index.ipynb"] + [app_path(name) for name in APP_NOTEBOOKS]   # each loaded once (conftest.app_page)
EXTRA_PRESSES = 20   # beyond the number of stops, before calling it a trap
MIN_OUTLINE_PX = 2
MIN_CONTRAST = 3.0

# What Tab can reach, in document order (visible, enabled, not taken out with tabindex=-1).
TAB_STOPS_JS = """() => [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]')]
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
                && getComputedStyle(el).visibility !== 'hidden')"""

# The focused element: where it is among the stops, a short name, and how its focus ring looks.
FOCUSED_JS = """stops => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const rgb = s => (s.match(/[\\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ring = lum(rgb(cs.outlineColor)), white = 1;   // the pages are on white
  return {index: stops.indexOf(el), page: el === document.body || el === document.documentElement,
          name: (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 40),
          outline: cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth),
          contrast: (white + 0.05) / (ring + 0.05),
          readout: el.classList.contains('widget-readout')};
}"""


def walk(page, key, stops, goal):
    """Press `key` until the element `goal` (an index into stops) has focus; returns the focused states seen."""
    seen = []
    for _ in range(stops.evaluate("s => s.length") + EXTRA_PRESSES):
        page.keyboard.press(key)
        state = page.evaluate(FOCUSED_JS, stops)
        seen.append(state)
        if state["index"] == goal:
            break
    return seen


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.split("?")[0])
def test_tab_reaches_the_last_control_and_back_with_visible_focus(app_page, path):
    page = app_page(path)
    stops = page.evaluate_handle(TAB_STOPS_JS)
    n = stops.evaluate("s => s.length")
    assert n > 0, f"{path}: nothing to Tab to"
    # From the top, whatever earlier checks of this shared page focused (a blur alone leaves the browser's Tab
    # starting point where the focus was): focus a spot before every stop, which Tab itself never reaches.
    page.evaluate("""() => { const top = document.createElement('span');
                             top.id = 'hpgviz-tab-start'; top.tabIndex = -1;
                             document.body.prepend(top); top.focus(); }""")
    try:
        forward = walk(page, "Tab", stops, n - 1)
    finally:
        page.evaluate("() => document.getElementById('hpgviz-tab-start').remove()")
    assert len(forward) >= n, f"{path}: the walk did not start at the top ({len(forward)} presses for {n} stops)"
    furthest = max(s["index"] for s in forward)
    back = walk(page, "Shift+Tab", stops, 0)
    elsewhere = sorted({s["name"] for s in forward + back if s["index"] < 0})
    report(f"KEYBOARD app {path}: {n} tab stops; Tab reached stop {furthest + 1} of {n} in {len(forward)} presses; "
           f"Shift+Tab back to stop {back[-1]['index'] + 1} in {len(back)} presses"
           + (f"; also focused, not on the list: {elsewhere}" if elsewhere else ""))
    assert forward[-1]["index"] == n - 1, (
        f"{path}: Tab got no further than stop {furthest + 1} of {n} ({forward[-1]['name']!r})")
    assert back[-1]["index"] == 0, f"{path}: Shift+Tab did not come back to the first stop ({back[-1]['name']!r})"

    reached = [s for s in forward + back if not s["page"]]   # every element Tab gave focus to
    assert not [s for s in reached if s["readout"]], f"{path}: a slider readout is a Tab stop"
    faint = sorted({f"{s['name']!r} ({s['outline']:g} px, {s['contrast']:.1f}:1)" for s in reached
                    if s["outline"] < MIN_OUTLINE_PX or s["contrast"] < MIN_CONTRAST})
    assert not faint, f"{path}: focus hard to see on: {faint}"


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.split("?")[0])
def test_axe_finds_nothing_serious_and_every_part_is_in_a_landmark(app_page, path):
    """As the page opened and again once every explorer has been used (a control moved, its fold opened)."""
    assert AXE.is_file(), f"{AXE} is missing: npm ci --prefix tests (make test does it)"
    page = app_page(path)
    found = {"as it opened": page.axe_at_load, "after use": axe_after_use(page)}
    for when, violations in found.items():
        report(f"AXE app {path} {when}: " + (", ".join(f"{v['id']} ({v['impact']}, {v['nodes']} nodes)"
                                                       for v in violations) or "no violations"))
    for when, violations in found.items():
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, f"{path} {when}: {serious}"
        region = [v for v in violations if v["id"] == "region"]
        assert not region, f"{path} {when}: content outside any landmark: {region}"

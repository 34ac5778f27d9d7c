"""The contract every explorer keeps, checked on every explorer the package has, found by discovery (a new
explorer is covered the day it is written): its own controls and a text summary; a static picture with alt
text for print and export; sliders that say their unit and have an accessible name and a tooltip; a CSV of
what the figure shows, with units; settings that reopen to the same state; and a summary that follows the
figure when a control moves."""
import base64
import csv
import importlib
import io
import pkgutil
import re

import ipywidgets as W
import numpy as np
import pytest

import hpgviz.explorers
from hpgviz.explorers.base import PAGE_SUPPORT, Explorer


def discover() -> list:
    """Every Explorer subclass defined in a module of hpgviz.explorers."""
    found = []
    for info in pkgutil.iter_modules(hpgviz.explorers.__path__):
        module = importlib.import_module(f"hpgviz.explorers.{info.name}")
        found += [obj for obj in vars(module).values()
                  if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer
                  and obj.__module__ == module.__name__]
    return sorted(found, key=lambda c: c.__name__)


EXPLORERS = discover()
explorers = pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)


def test_discovery_finds_every_topic():
    """The discovery itself: the 17 explorers of the series, from every topic module."""
    modules = {c.__module__.rsplit(".", 1)[1] for c in EXPLORERS}
    assert len(EXPLORERS) >= 17
    assert {"trt", "agents", "estradiol", "protocols", "adaptation", "failure", "pulses", "spermatogenesis",
            "population"} <= modules


def sliders_of(ex):
    def walk(w):
        yield w
        for child in getattr(w, "children", ()):
            yield from walk(child)
    return [w for w in walk(ex.widget) if isinstance(w, (W.IntSlider, W.FloatSlider))]


@explorers
def test_own_controls_and_a_text_summary(cls):
    a, b = cls(), cls()
    assert a.controls and set(a.controls) == set(b.controls)
    assert all(a.controls[k] is not b.controls[k] for k in a.controls)   # never shared between instances
    a.set(**{k: c.value for k, c in a.controls.items() if k != "illustration"})   # every name is settable
    assert a.last_error is None
    assert isinstance(a.summary_text, str) and a.summary_text.strip()   # a property everywhere, never a method
    a.close(), b.close()


@explorers
def test_static_picture_with_alt_text_for_print_and_export(cls):
    """Displaying an explorer leaves a picture of its starting settings (PNG with alt text) that an export
    shows without a kernel, and the CSS that hides it once the live explorer of its cell draws."""
    ex = cls()
    bundle = ex.static_bundle()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    page = bundle["text/html"]
    assert page.count("<img ") == len(ex._views) >= 1
    alts = re.findall(r'alt="([^"]+)"', page)
    assert len(alts) == len(ex._views) and all(len(a) > 30 for a in alts)
    assert page.count("data-live-label=") == len(ex._views)   # names the live figure for a screen reader
    assert 'class="hpgviz-static"' in page and PAGE_SUPPORT in page
    assert ":has(.hpgviz-explorer" in page and "aria-valuetext" in page
    assert bundle["text/plain"]
    ex.close()


@explorers
def test_every_slider_says_its_unit_and_has_an_accessible_name(cls):
    ex = cls()
    for s in sliders_of(ex):
        units = [c for c in s._dom_classes if c.startswith("hpgviz-unit-")]
        assert len(units) == 1, (s.description, s._dom_classes)
        assert bytes.fromhex(units[0][len("hpgviz-unit-"):]).decode() == s.unit and s.unit.strip()
        assert s.description and s.tooltip
    for name, control in ex.controls.items():   # every control, slider or not, has a name a reader hears
        assert control.description or getattr(control, "tooltip", ""), name
    ex.close()


@explorers
def test_csv_of_what_the_figure_shows_with_units(cls):
    ex = cls()
    text = ex.csv_text()
    assert text.startswith("# hpgviz ") and "not medical advice" in text.splitlines()[0]
    rows = list(csv.reader(io.StringIO("\n".join(text.splitlines()[1:]))))
    header, body = rows[0], rows[1:]
    assert len(body) > 5 and all(len(r) == len(header) for r in body)
    assert all(re.search(r"\(.+\)$", h) for h in header[1:]), header   # every series says its unit
    assert np.isfinite(np.array(body, dtype=float)).all()
    ex.close()


@explorers
def test_settings_text_reopens_the_same_settings(cls):
    a = cls()
    for control in a.controls.values():   # move the numeric controls away from their defaults
        if isinstance(control.value, (int, float)) and not isinstance(control.value, bool) and hasattr(control, "max"):
            if not control.disabled:
                control.value = control.max
    text = a.settings_text()
    assert a.settings.value == text            # the share box shows it
    b = cls()
    b.reopen(text)
    assert b.settings_text() == text and b.summary_text == a.summary_text and b.last_error is None
    a.close(), b.close()


@explorers
def test_the_summary_follows_the_figure(cls):
    """Move the first slider to its other end: what the figure shows (its CSV) and the summary both change,
    or neither does (a summary never describes a figure the reader no longer sees)."""
    ex = cls()
    movable = [s for s in sliders_of(ex) if not s.disabled and s.max > s.min]
    if not movable:
        pytest.skip(f"{cls.__name__} has no slider (tick boxes and menus only)")
    slider = movable[0]
    figure, summary = ex.csv_text(), ex.summary_text
    slider.value = slider.min if slider.value != slider.min else slider.max
    assert ex.last_error is None
    assert (ex.csv_text() != figure) == (ex.summary_text != summary), slider.description
    ex.close()


@explorers
def test_a_new_screen_lays_the_explorer_out_anew_with_its_settings(cls):
    """The page's script writes a new screen into the hidden screen box (a phone turned, a window narrowed): the
    explorer's figures are drawn again for it (a phone's width, text at least PHONE_MIN_PT), its settings and its
    summary stay, its widget keeps showing it (the same widget, the new parts), and back on the desktop the
    figures are the desktop's again."""
    from hpgviz.viz.style import PHONE_MIN_PT, SCREEN, smallest_text_pt, use_screen
    ex = cls()
    try:
        desktop_in = [v.figure.get_figwidth() for v in ex._views]
        movable = [s for s in sliders_of(ex) if not s.disabled and s.max > s.min]
        if movable:   # a reader's setting, which the new layout keeps
            movable[0].value = movable[0].max
        settings, summary, root = ex.settings_text(), ex.summary_text, ex.widget
        ex.screen.value = "390 2"   # as the page's script sends it
        assert ex.last_error is None, ex.errors.outputs
        assert (SCREEN.width_px, SCREEN.density) == (390, 2)
        assert ex.widget is root and ex.screen in root.children[0].children and "hpgviz-laid-out-390-2" in root._dom_classes
        assert ex.settings_text() == settings and ex.summary_text == summary
        phone_in = [v.figure.get_figwidth() for v in ex._views]
        assert all(w <= 3.9 for w in phone_in), phone_in   # 390 px less the page's gutter, at 100 px an inch
        assert all(smallest_text_pt(v.figure) >= PHONE_MIN_PT for v in ex._views)
        ex.screen.value = "0 1"
        assert ex.last_error is None and ex.settings_text() == settings
        assert [v.figure.get_figwidth() for v in ex._views] == desktop_in
        assert "hpgviz-laid-out-0-1" in root._dom_classes and "hpgviz-laid-out-390-2" not in root._dom_classes
    finally:
        use_screen(None)
        ex.close()

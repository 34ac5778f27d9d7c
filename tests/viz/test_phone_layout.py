"""Figures on a phone (issue 18): below PHONE_MAX_PX the panel figures are laid out for the screen's width (not a
desktop figure shrunk), their smallest text is PHONE_MIN_PT, and no text passes the figure's edge (strip rows and
captions wrap instead of being cut, on a desktop too)."""
import io

import pytest

from hpgviz.analysis.recovery import BAND_LABEL
from hpgviz.model.patient import Cohort
from hpgviz.model.regimen import Course, Regimen
from hpgviz.viz import style
from hpgviz.viz.panels import ScenarioFigure
from hpgviz.explorers.runs import run

PHONE_PX = 390


@pytest.fixture
def phone():
    style.use_screen(PHONE_PX)
    yield
    style.use_screen(None)


def drawn(fig):
    fig.savefig(io.BytesIO(), format="rgba", dpi=style.FIGURE_DPI)
    return fig


def texts_outside(fig):
    """Shown texts that pass the figure's left or right edge (a cut word)."""
    box = fig.bbox
    return [t.get_text() for t in style._shown_texts(fig) if t.get_text().strip()
            and (t.get_window_extent().x0 < box.x0 - 1 or t.get_window_extent().x1 > box.x1 + 1)]


def a_course_and_recovery(patient=None):
    """26 weeks of TRT, then a year and a half without."""
    return run(Regimen([Course("testosterone_cypionate", 200, 7, 0, 26 * 7)]), 2 * 365, patient)


def test_use_screen_refuses_a_width_that_is_not_one(phone):
    for bad in (0, -5, 12.5, "390", 10**6):
        with pytest.raises(ValueError, match="width_px"):
            style.use_screen(bad)
    assert style.SCREEN.width_px == PHONE_PX   # unchanged by the refusals


@pytest.mark.parametrize("make", [
    lambda: ScenarioFigure((("T",), ("LH", "FSH"), ("sperm",)), scenarios=4, labels=[
        "stop only", "clomiphene 3 months after stopping, a long label", "hCG then clomiphene", "hCG with anastrozole"]),
    lambda: ScenarioFigure((("T",), ("LH", "FSH"), ("sperm",)), scenarios=1, width=9.0, max_points=2000),
], ids=["four scenarios", "one scenario (the TRT explorer's)"])
def test_panel_figures_take_the_phone_layout(phone, make):
    plot = make()
    result = a_course_and_recovery()
    spread = a_course_and_recovery(Cohort(5, seed=1))   # so the caption is the long 10th-90th percentile one
    plot.update([result] * plot.scenarios, spreads=[spread] * plot.scenarios, spread_caption=BAND_LABEL, draw=False)
    fig = drawn(plot.figure)
    assert fig.get_figwidth() * style.FIGURE_DPI == PHONE_PX - style.PHONE_GUTTER_PX   # as wide as its box: no shrink
    assert style.smallest_text_pt(fig) >= style.PHONE_MIN_PT
    assert not texts_outside(fig), texts_outside(fig)
    assert len(plot.axes[-1].get_xticks()) <= 5


def test_a_desktop_keeps_its_layout_and_a_long_caption_wraps():
    plot = ScenarioFigure((("T",), ("sperm",)), scenarios=1, width=9.0)
    # the 10th-90th percentile caption, longer than the figure is wide
    plot.update([a_course_and_recovery()], spreads=[a_course_and_recovery(Cohort(5, seed=1))],
                spread_caption=BAND_LABEL, draw=False)
    fig = drawn(plot.figure)
    assert fig.get_figwidth() == 9.0
    assert not texts_outside(fig), texts_outside(fig)
    assert "\n" in plot.caption.get_text()


def test_fit_words_keeps_short_text_and_breaks_long_text():
    assert style.fit_words("short", 3.0, 9) == "short"
    long = "word " * 40
    lines = style.fit_words(long, 3.0, 9).split("\n")
    assert len(lines) > 1 and max(map(len, lines)) <= 3.0 * 72 / (style.CHAR_EM * 9)

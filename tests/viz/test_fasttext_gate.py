"""When the glyph cache is on: only on the matplotlib releases it was tested with, and never when
HPGVIZ_FASTTEXT=0. Off, a live figure draws with matplotlib's own renderer methods."""
import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from hpgviz.viz import fasttext, style


def _patched_after_draw() -> bool:
    fig = style.new_figure((2, 1.5))
    fig.text(0.1, 0.5, "T 500 ng/dL")
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return "_draw_text_glyphs_and_boxes" in vars(renderer)


def test_the_installed_matplotlib_is_a_tested_release():
    """pyproject.toml pins matplotlib to what fasttext was tested with: the venv should be one of them."""
    assert fasttext._matplotlib_release() in fasttext.TESTED_MATPLOTLIB


@pytest.mark.parametrize("value", ["0", "off", "false", "no"])
def test_the_environment_switch_turns_it_off(monkeypatch, value):
    monkeypatch.setenv("HPGVIZ_FASTTEXT", value)
    assert fasttext.switched_off() and not fasttext.available()
    assert not _patched_after_draw()


def test_an_untested_matplotlib_release_is_left_alone(monkeypatch):
    monkeypatch.setattr(matplotlib, "__version__", "3.99.0")
    assert not fasttext.available()
    assert not _patched_after_draw()


def test_on_by_default_on_a_tested_release(monkeypatch):
    monkeypatch.delenv("HPGVIZ_FASTTEXT", raising=False)
    if fasttext._IMPORTS is None:
        pytest.skip("this matplotlib lacks the renderer methods the cache replaces")
    assert fasttext.available() and _patched_after_draw()


def test_switching_off_later_restores_the_renderer(monkeypatch):
    """A renderer patched while the cache was on draws with its own methods once it is switched off."""
    if not fasttext.available():
        pytest.skip("the cache is off here")
    fig = style.new_figure((2, 1.5))
    fig.text(0.1, 0.5, "LH 5 IU/L")
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    assert "_draw_text_glyphs_and_boxes" in vars(renderer)
    monkeypatch.setenv("HPGVIZ_FASTTEXT", "0")
    fig.draw(renderer)
    assert "_draw_text_glyphs_and_boxes" not in vars(renderer) and "draw_text" not in vars(renderer)

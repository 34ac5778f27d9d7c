"""The glyph cache of the explorers' figures (hpgviz.viz.fasttext): same pixels as matplotlib, less time."""
import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from hpgviz.explorers import estradiol, protocols as protocol_explorers, trt  # noqa: E402
from hpgviz.viz import fasttext, style  # noqa: E402

pytestmark = pytest.mark.skipif(not fasttext.available(), reason="this matplotlib has no Agg glyph hook")


def _pixels(fig, cached: bool):
    """The figure drawn by a fresh Agg canvas, with the glyph cache (GlyphCacheFigure.draw) or without it."""
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    (fig.draw if cached else lambda r: Figure.draw(fig, r))(renderer)
    return np.asarray(renderer.buffer_rgba()).copy(), renderer


def _text_figure():
    """Text of every kind the series uses: rotated, bold, italic, multi-line, non-ASCII, mathtext, a bbox."""
    fig = style.new_figure((4.0, 3.0))
    ax = fig.add_axes((0.2, 0.2, 0.7, 0.7))
    ax.set_ylabel("Testosterone\n(ng/dL)")
    ax.set_xlabel("Time (weeks)")
    ax.set_title("µg, ≥ 15 M/mL, × healthy, ⊣ inhibits, ✕", fontweight="bold")
    ax.text(0.1, 0.5, "italic at 30°", rotation=30, style="italic", transform=ax.transAxes)
    ax.text(0.5, 0.2, r"$\alpha^2_{T}$ and text", transform=ax.transAxes)
    ax.text(0.6, 0.7, "badge", bbox=dict(boxstyle="round,pad=0.3"), transform=ax.transAxes, fontsize=7.3)
    ax.plot([0, 1], [0, 2])
    return fig


def test_live_figures_are_glyph_cache_figures():
    assert isinstance(style.new_figure((2, 2)), fasttext.GlyphCacheFigure)


def test_cached_text_has_the_same_pixels_as_matplotlib():
    fasttext.clear()
    fig = _text_figure()
    plain, _ = _pixels(fig, cached=False)
    first, renderer = _pixels(fig, cached=True)      # fills the cache
    assert "_draw_text_glyphs_and_boxes" in vars(renderer) and "draw_text" in vars(renderer)
    again, _ = _pixels(fig, cached=True)              # reads it
    assert np.array_equal(first, plain) and np.array_equal(again, plain)
    # text that moves by fractions of a pixel and changes: still identical
    fig.axes[0].texts[0].set_position((0.1234, 0.5377))
    fig.axes[0].set_xlim(0.013, 1.7)
    plain, _ = _pixels(fig, cached=False)
    cached, _ = _pixels(fig, cached=True)
    assert np.array_equal(cached, plain)


@pytest.mark.parametrize("make", [trt.TRTExplorer, protocol_explorers.ComparisonView, estradiol.EstradiolBalance],
                         ids=["TRTExplorer", "ComparisonView", "EstradiolBalance"])
def test_explorer_figures_look_the_same_with_the_cache(make):
    ex = make()
    try:
        for view in ex._views:
            plain, _ = _pixels(view.figure, cached=False)
            cached, _ = _pixels(view.figure, cached=True)
            assert np.array_equal(cached, plain)
    finally:
        ex.close()


def test_fast_png_sends_the_same_pixels():
    """The live canvas's PNG (full, then a diff) decodes to the same pixels as matplotlib's encoder gives."""
    import io

    import matplotlib.pyplot as plt
    from PIL import Image
    backend = plt.get_backend()
    ipympl = pytest.importorskip("ipympl.backend_nbagg")   # importing it switches pyplot to ipympl:
    plt.switch_backend(backend)                            # put the tests' Agg back for the rest of the run

    def canvas(fast):
        fig = Figure(figsize=(3, 2))
        ax = fig.add_axes((0.15, 0.15, 0.8, 0.8))
        (line,) = ax.plot([0, 1, 2], [0, 1, 0])
        c = ipympl.Canvas(fig)
        if fast:
            assert fasttext.fast_png(c)
        return c, line

    def frame(c):
        c._png_is_old = True
        FigureCanvasAgg.draw(c)
        mode_png = c.get_diff_image()
        return c._current_image_mode, np.asarray(Image.open(io.BytesIO(mode_png)))

    (fast, line_f), (plain, line_p) = canvas(True), canvas(False)
    assert "get_diff_image" in vars(fast) and "get_diff_image" not in vars(plain)
    assert frame(fast)[0] == frame(plain)[0] == "full"
    for c, line in ((fast, line_f), (plain, line_p)):
        line.set_ydata([1, 0, 1])
    (mode_f, png_f), (mode_p, png_p) = frame(fast), frame(plain)
    assert mode_f == mode_p == "diff" and np.array_equal(png_f, png_p)
    assert not fasttext.fast_png(FigureCanvasAgg(Figure()))   # not a web canvas: left alone

"""An explorer's figures: live (an ipympl canvas) or as PNGs (``FigureView``), finished pictures with a text
alternative (``StaticFigure``), the static phone row charts, and the starting picture the app keeps for the next
page view (``leave_picture``). ``explorers.base`` builds the ``Explorer`` on these."""
from __future__ import annotations

import base64
import io
import os

import ipywidgets as W

from ..viz.fasttext import fast_png
from ..viz.picture import picture_img, picture_png, png_metadata
from ..viz.style import figure_width, FIGURE_DPI, INK, legible, PHONE_MIN_PT, SCREEN, smallest_text_pt
from .page_support import PICTURES_ENV, picture_name

__all__ = ["FigureView", "StaticFigure", "static_figure", "phone_rows_figure", "name_rows_over", "leave_picture", "cell_code",
           "PHONE_ROW_IN"]


def _png(figure, dpi: int, **savefig) -> bytes:
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi, **savefig)
    return buf.getvalue()


def static_figure(figsize):
    """A figure that no backend will show by itself (not on pyplot's list): shown as a StaticFigure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


# A live figure says on the page, as a class, how wide it is drawn (CSS px) and its smallest text as last drawn (tenths
# of a point): "hpgviz-figure-356-85" (the phone test reads the page, not the package).
FIGURE_CLASS = "hpgviz-figure-"
PHONE_ROW_IN = 0.55   # inches per row of a phone's row chart: the row's name over its marks


def phone_rows_figure(n_rows, top_in, bottom_in, desktop_in):
    """A static phone figure as wide as the screen for a chart of `n_rows` named rows: (figure, axes)."""
    width = figure_width(desktop_in)
    rows_in = PHONE_ROW_IN * max(n_rows, 1)
    fig = static_figure((width, rows_in + top_in + bottom_in))
    height = fig.get_figheight()
    return fig, fig.add_axes((0.12 / width, bottom_in / height, 1 - 0.3 / width, rows_in / height))


def name_rows_over(ax, names):
    """A phone's row chart: each row's name over its marks at the left, on white where it crosses a line (no y tick
    labels, which would take half the screen's width), with room above the first row for its name."""
    ax.set_yticks([])
    for i, name in enumerate(names):
        ax.text(0.0, i - 0.3, name, transform=ax.get_yaxis_transform(), fontsize=PHONE_MIN_PT, color=INK,
                va="bottom", bbox=dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.85))
    ax.set_ylim(len(names) - 0.5, -0.9)


class StaticFigure:
    """A finished matplotlib figure shown as a PNG with a text alternative.

    A PNG (not a live canvas) prints, exports and reads in every front end; the text/plain part is
    what a screen reader or a text-only export gets. ``.figure`` keeps the matplotlib Figure. In a page it is a
    picture at the live figures' size and the screen's density (viz.picture); ``save`` writes a file at ``dpi``.
    """

    def __init__(self, figure, alt: str, dpi: int = 110):
        self.figure, self.alt, self.dpi = figure, alt, dpi

    def png(self) -> bytes:
        return picture_png(self.figure)

    def bundle(self) -> dict:
        png = self.png()   # the <img> with its alt text, the bare PNG, the text
        return {"text/html": picture_img(png, self.figure, self.alt), "image/png": png, "text/plain": self.alt}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle(), png_metadata(self.figure)

    def save(self, path: str):
        self.figure.savefig(path, dpi=self.dpi, facecolor="white")


class FigureView:
    """A figure in an explorer's layout: the live ipympl canvas if the backend gives one, else a PNG.

    The PNG is set directly as an Output widget's ``outputs`` (not drawn ``with out:``): nbval and
    Voila route that reliably. ``alt`` is its text/plain part. ``toolbar`` keeps ipympl's pan/zoom
    buttons (right of a live canvas) for readers who want to zoom. ``inline_png`` False keeps only the
    text part (unit tests: the artists are checked, the PNG encoding is ~90 s of the suite).
    """

    inline_png = True

    def __init__(self, figure, alt: str, dpi: int = FIGURE_DPI, toolbar: bool = False):
        self.figure, self.alt, self.dpi = legible(figure), alt, dpi   # legible: text large enough on a phone
        self._after_draw = None
        canvas = figure.canvas
        self.live = isinstance(canvas, W.DOMWidget)   # ipympl's canvas is itself a widget
        if self.live:
            # A reader needs the picture, not a "Figure 3" header, a resize handle or a page scroll
            # captured by the figure.
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.resizable = False
            canvas.capture_scroll = False
            canvas.toolbar_visible = "fade-in-fade-out" if toolbar else False
            canvas.toolbar_position = "right"
            fast_png(canvas)   # the PNG sent after each redraw: same pixels, encoded in about half the time
            canvas.mpl_connect("draw_event", lambda _event: self._drawn())
            self.widget = canvas
        else:
            import matplotlib.pyplot as plt
            plt.close(figure)   # off pyplot's list, so an inline backend never shows it a second time
            self.widget = W.Output()

    def after_next_draw(self, fn):
        """Call fn() once, when this figure is next drawn (the live canvas when the browser asks for its redraw, else
        the PNG of the next refresh); a later call replaces it, None cancels it. For background work that must not
        slow the drawing of the move that asked for it."""
        self._after_draw = fn

    def _drawn(self):
        self._say_size()
        fn, self._after_draw = self._after_draw, None
        if fn is not None:
            fn()

    def _say_size(self):
        """Keep FIGURE_CLASS on the live canvas in step with the figure as last drawn."""
        canvas = self.figure.canvas
        size = (f"{FIGURE_CLASS}{round(self.figure.get_figwidth() * FIGURE_DPI)}-"
                f"{round(smallest_text_pt(self.figure) * 10)}")
        if size not in canvas._dom_classes:
            canvas._dom_classes = tuple(c for c in canvas._dom_classes if not c.startswith(FIGURE_CLASS)) + (size,)

    def refresh(self):
        if self.live:
            self.figure.canvas.draw_idle()
            return
        data = {"text/plain": self.alt}
        if self.inline_png:
            data["image/png"] = base64.b64encode(_png(self.figure, self.dpi)).decode("ascii")
        self.widget.outputs = ({"output_type": "display_data", "metadata": {}, "data": data},)
        fn, self._after_draw = self._after_draw, None
        if fn is not None:
            fn()


def _running_cell_code():
    """The code of the cell the kernel is running (its execute request), or None outside a kernel."""
    from IPython import get_ipython
    try:
        return get_ipython().kernel.get_parent()["content"]["code"]
    except (AttributeError, KeyError, TypeError):
        return None


def cell_code():
    """The code of the cell the kernel is running, or None outside a kernel (or outside a cell's run)."""
    return _running_cell_code()


def leave_picture(figure_html: str, code: str | None = None):
    """In the app (HPGVIZ_PICTURES names a folder), keep the starting picture of the running cell (or of the cell
    with `code`) for the next page view of that cell on this screen, which shows it before its kernel has run
    anything. Elsewhere nothing."""
    folder, code = os.environ.get(PICTURES_ENV), _running_cell_code() if code is None else code
    if not folder or code is None:
        return
    path = os.path.join(folder, picture_name(code, SCREEN.width_px, SCREEN.density))
    try:
        os.makedirs(folder, exist_ok=True)
        with open(f"{path}.{os.getpid()}.tmp", "w", encoding="utf-8") as f:
            f.write(figure_html)
        os.replace(f"{path}.{os.getpid()}.tmp", path)   # whole or not at all: another page may be reading it
    except OSError:
        pass   # a picture not kept only costs the next page view its early picture

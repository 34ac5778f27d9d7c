"""The series' look, in one place: palette, one style per hormone and per drug family, ink, font, the
shared panel look, and the figure factory every builder uses."""
from __future__ import annotations

from dataclasses import dataclass
import textwrap

import matplotlib.colors as mcolors
from matplotlib.ticker import MaxNLocator
import numpy as np

from ..model.parameters import DETECTION_LIMITS, REFERENCE_RANGES

__all__ = ["OKABE_ITO", "DARK_YELLOW", "HormoneStyle", "STYLE", "DRUG_STYLE", "OTHER_DRUG", "DEFAULT_PANELS", "INK",
           "GRID", "FONT", "BAND_ALPHA", "CAPTION", "mix", "darkness_factor", "new_figure", "floored",
           "reference_ranges", "panel_look", "PHONE_MAX_PX", "PHONE_MIN_PT", "FIGURE_DPI", "SCREEN", "use_screen",
           "on_phone", "figure_width", "legible", "text_pt", "smallest_text_pt", "fit_words", "thin_ticks", "phone_column",
           "axes_width_in"]

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}


# Okabe-Ito yellow is nearly invisible as a thin line on white paper: darken it for lines only.
DARK_YELLOW = "#A89A1E"


@dataclass(frozen=True)
class HormoneStyle:
    """How one hormone looks everywhere in the series."""
    color: str
    linestyle: object   # matplotlib linestyle: distinct per hormone so greyscale prints still work
    label: str          # name for readers
    short: str          # short name for direct labels and multi-hormone axis labels


STYLE = {
    "T": HormoneStyle(OKABE_ITO["blue"], "solid", "Testosterone", "T"),
    "LH": HormoneStyle(OKABE_ITO["vermillion"], (0, (5, 2)), "LH", "LH"),
    "FSH": HormoneStyle(OKABE_ITO["reddish_purple"], (0, (7, 2, 1.5, 2)), "FSH", "FSH"),
    "E2": HormoneStyle(OKABE_ITO["orange"], (0, (1.2, 1.4)), "Estradiol", "E2"),
    "ITT": HormoneStyle(OKABE_ITO["sky_blue"], (0, (11, 3)), "Intratesticular T", "ITT"),
    "inhibin_B": HormoneStyle(OKABE_ITO["bluish_green"], (0, (5, 1.5, 1.2, 1.5, 1.2, 1.5)),
                              "Inhibin B", "Inhibin B"),
    "sperm": HormoneStyle(OKABE_ITO["black"], (0, (2.5, 1.2)), "Sperm", "Sperm"),
    "GnRH": HormoneStyle(DARK_YELLOW, (0, (1, 3)), "GnRH drive", "GnRH"),
    "testis_volume": HormoneStyle("#6B6B6B", (0, (3, 1, 1, 1)), "Testis volume", "Testis vol."),
}


# Dosing-strip colour per drug family (keys are hpgviz.agents family names). Drugs that add a
# signal borrow that signal's colour (TRT = T, hCG = LH, gonadorelin = GnRH).
DRUG_STYLE = {
    "testosterone": OKABE_ITO["blue"],
    "SERM": OKABE_ITO["orange"],
    "hCG": OKABE_ITO["vermillion"],
    "GnRH agonist": DARK_YELLOW,
    "aromatase inhibitor": OKABE_ITO["bluish_green"],
    "non-aromatisable androgen": OKABE_ITO["reddish_purple"],
}


OTHER_DRUG = "#7F7F7F"


DEFAULT_PANELS = (("T",), ("LH", "FSH"), ("sperm",))


INK = "#333333"            # axes, ticks and text: softer than pure black


GRID = "#E6E6E6"


FONT = 10                  # base size in points: legible on paper at 9-10 in wide


BAND_ALPHA = 0.13


CAPTION = ("Shaded band: reference range for healthy men. "
            "Educational model, not a prediction for any one person.")


# --- The reader's screen ------------------------------------------------------------------------------
# In the app the server learns the reader's screen width (app/config/voila.py) and the page's first cell calls
# use_screen: below PHONE_MAX_PX the figures take a phone layout: as wide as the screen, text at least
# PHONE_MIN_PT, fewer ticks, panels stacked (issue 18: a 900-px figure shrunk to 356 px had 4-5 px text).
# Anywhere else (JupyterLab, the book, paper) the width is unknown and figures keep their desktop layout.
# The server also learns the screen's device pixels per CSS px (its density): static pictures are made for it
# (viz.picture); unknown, they have PICTURE_DENSITY (sharp on the common 2x screens; an export is read anywhere).
PHONE_MAX_PX = 600
FIGURE_DPI = 100          # CSS px per figure inch (matplotlib's figure dpi; ipympl multiplies it by the
                          # device pixel ratio, so a phone gets its 2x or 3x pixels at the same size)
PHONE_GUTTER_PX = 34      # what the app page keeps beside a figure (measured: a 390-px screen leaves 356 px)
PHONE_MIN_PT = 8.5        # 11.8 CSS px at FIGURE_DPI: WCAG-minded 11 px with room for a slightly narrower box
PICTURE_DENSITY = 2       # device px per CSS px of a static picture when the screen is not known
MAX_DENSITY = 3           # phones go up to 3


@dataclass
class Screen:
    width_px: int | None = None   # the reader's screen width in CSS px, when the app knows it
    density: int = PICTURE_DENSITY   # device px per CSS px of its static pictures


SCREEN = Screen()


def use_screen(width_px, density: int = PICTURE_DENSITY):
    """Lay out the figures made from now on for a screen `width_px` CSS px wide (None: unknown, desktop) and make
    their static pictures with `density` device px per CSS px."""
    if width_px is not None and not (isinstance(width_px, (int, np.integer)) and 200 <= width_px <= 10_000):
        raise ValueError(f"width_px={width_px!r}; allowed: a whole number of CSS pixels from 200 to 10000, or None")
    if isinstance(density, bool) or not (isinstance(density, (int, np.integer)) and 1 <= density <= MAX_DENSITY):
        raise ValueError(f"density={density!r}; allowed: a whole number of device pixels per CSS pixel from 1 to "
                         f"{MAX_DENSITY}")
    SCREEN.width_px = None if width_px is None else int(width_px)
    SCREEN.density = int(density)


def on_phone() -> bool:
    return SCREEN.width_px is not None and SCREEN.width_px < PHONE_MAX_PX


def figure_width(desktop_in: float) -> float:
    """A figure's width in inches: `desktop_in`, or on a phone the width its page gives it (never wider)."""
    if not on_phone():
        return desktop_in
    return min(desktop_in, (SCREEN.width_px - PHONE_GUTTER_PX) / FIGURE_DPI)


def legible(fig):
    """On a phone, raise every text of `fig` (and its axes' tick labels) to at least PHONE_MIN_PT."""
    if not on_phone():
        return fig
    from matplotlib.text import Text
    for text in fig.findobj(Text):
        if text.get_fontsize() < PHONE_MIN_PT:
            text.set_fontsize(PHONE_MIN_PT)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_ticklabels() and axis.get_ticklabels()[0].get_fontsize() < PHONE_MIN_PT:
                ax.tick_params(axis="x" if axis is ax.xaxis else "y", labelsize=PHONE_MIN_PT)
    return fig


def text_pt(size: float) -> float:
    """A text size for this screen: `size`, on a phone at least PHONE_MIN_PT (for text an update sets anew)."""
    return max(size, PHONE_MIN_PT) if on_phone() else size


def smallest_text_pt(fig) -> float:
    """The size in points of the smallest text `fig` shows (as last drawn), or 0 when it shows none."""
    return min((t.get_fontsize() for t in _shown_texts(fig) if t.get_text().strip()), default=0.0)


def _shown_texts(artist):
    """Every Text under `artist` that a draw shows: visible with its parents, of an axes with its axis on, and of
    a tick inside the axis's view (matplotlib keeps labels of the ticks just outside it, undrawn)."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis, Tick
    from matplotlib.text import Text
    if not artist.get_visible():
        return
    if isinstance(artist, Text):
        yield artist
    children = artist.get_children()
    if isinstance(artist, Axes) and not artist.axison:
        children = [c for c in children if not isinstance(c, Axis)]
    if isinstance(artist, Axis):
        low, high = sorted(artist.get_view_interval())
        slack = 1e-9 * max(abs(low), abs(high), 1.0)
        children = [c for c in children if not isinstance(c, Tick) or low - slack <= c.get_loc() <= high + slack]
    for child in children:
        yield from _shown_texts(child)


CHAR_EM = 0.6   # a generous mean width of a DejaVu Sans character, in ems: words wrapped with it stay inside


def fit_words(text: str, width_in: float, fontsize: float) -> str:
    """`text` broken into lines that fit `width_in` inches at `fontsize` points. Estimated, not measured:
    matplotlib's own wrap measures the words on every draw (~40 ms a slider move)."""
    per_line = max(10, int(width_in * 72 / (CHAR_EM * fontsize)))
    return "\n".join(textwrap.wrap(text, per_line)) if len(text) > per_line else text


def phone_column(heights, gaps, left=0.55, right=0.15, top=0.3, bottom=0.5, desktop_in=10.0):
    """A phone figure as wide as the screen holding one axes per `heights` (inches), stacked top to bottom with
    `gaps` (inches, one fewer) between them for each panel's name or x label: (figure, axes)."""
    width = figure_width(desktop_in)
    height = top + sum(heights) + sum(gaps) + bottom
    fig = new_figure((width, height))
    axes, y = [], height - top
    for h, gap in zip(heights, (0.0, *gaps)):
        y -= gap + h
        axes.append(fig.add_axes((left / width, y / height, (width - left - right) / width, h / height)))
    return fig, axes


def axes_width_in(ax) -> float:
    """The width of `ax` in inches."""
    return ax.get_position().width * ax.figure.get_figwidth()


def thin_ticks(ticks):
    """Tick positions for this screen: on a phone every other one when there are more than five."""
    ticks = np.asarray(ticks)
    return ticks[::2] if on_phone() and len(ticks) > 5 else ticks


def mix(color, other, frac: float):
    """`color` moved a fraction `frac` of the way towards `other` (RGB)."""
    a, b = np.array(mcolors.to_rgb(color)), np.array(mcolors.to_rgb(other))
    return tuple(a + (b - a) * float(frac))


def darkness_factor(color) -> float:
    """Shading alpha scale: black at the alpha of a colour would read as a heavy grey block."""
    return 0.55 if sum(mcolors.to_rgb(color)) < 0.3 else 1.0


def new_figure(figsize):
    """A figure attached to the current backend (so ipympl can show its canvas) but not shown.

    Its Agg draws reuse glyph bitmaps (``fasttext.GlyphCacheFigure``: same pixels, text drawn ~3x faster),
    which is most of what a slider move costs."""
    import matplotlib.pyplot as plt
    from .fasttext import GlyphCacheFigure
    with plt.ioff():
        return plt.figure(figsize=figsize, FigureClass=GlyphCacheFigure)


def floored(name: str, y):
    """`y` with values below the assay's functional sensitivity (LH, FSH) raised to that floor: a
    figure shows what a lab would report, never a level no assay can see."""
    floor = DETECTION_LIMITS.get(name)
    return y if floor is None else np.maximum(y, floor)


def reference_ranges() -> dict:
    """The model's reference ranges (one table: model.parameters.REFERENCE_RANGES)."""
    return REFERENCE_RANGES


def panel_look(ax):
    """The look every hormone panel shares: open top and right, soft ink, a light horizontal grid."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(INK)
    ax.tick_params(colors=INK, labelsize=FONT - 1)
    ax.yaxis.set_major_locator(MaxNLocator(3 if on_phone() else 4, min_n_ticks=3))
    ax.grid(axis="y", color=GRID, lw=0.8)
    ax.set_axisbelow(True)

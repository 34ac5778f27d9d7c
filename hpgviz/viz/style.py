"""The series' look, in one place: palette, one style per hormone and per drug family, ink, font, the
shared panel look, and the figure factory every builder uses."""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.colors as mcolors
from matplotlib.ticker import MaxNLocator
import numpy as np

from ..model.parameters import DETECTION_LIMITS, REFERENCE_RANGES

__all__ = ["OKABE_ITO", "DARK_YELLOW", "HormoneStyle", "STYLE", "DRUG_STYLE", "OTHER_DRUG", "DEFAULT_PANELS", "INK",
           "GRID", "FONT", "BAND_ALPHA", "CAPTION", "mix", "darkness_factor", "new_figure", "floored",
           "reference_ranges", "panel_look"]

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
    ax.yaxis.set_major_locator(MaxNLocator(4, min_n_ticks=3))
    ax.grid(axis="y", color=GRID, lw=0.8)
    ax.set_axisbelow(True)

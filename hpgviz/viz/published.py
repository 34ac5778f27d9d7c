"""The side-by-side figure: hpgviz beside the published typical subjects of Bi 2018 (testosterone cypionate)
and Tornoe 2007 (continuous GnRH agonist), drawn from hpgviz.analysis.published_models.
"""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..analysis.published_models import (AGONIST_UG_PER_DAY, TC_WEEKS, agonist_match, bi_time_courses,
                                         side_by_side, tornoe_time_courses)
from .picture import picture_img, picture_png, png_metadata
from .style import STYLE
from ..content.protocols import HTMLTable

WEEK = 7.0
PUBLISHED_LOOK = {"color": "#000000", "linestyle": (0, (4, 2)), "lw": 1.6}   # black dashed: a published model
PANELS = (  # (row, column, which comparison, series, y label)
    (0, 0, "Bi 2018", "T", "T (ng/dL)"),
    (0, 1, "Bi 2018", "LH reserve", "LH reserve (% of baseline)"),
    (0, 2, "Bi 2018", "sperm", "Sperm (% of baseline)"),
    (1, 0, "Tornoe 2007", "LH", "LH (x baseline)"),
    (1, 1, "Tornoe 2007", "T", "T (ng/dL)"),
)


class PublishedFigure(Figure):
    """A finished figure (no pyplot, no live canvas) that Jupyter shows as a picture with `alt` as its alt text
    (a bare PNG part would show without it: axe-core's image-alt, critical) and as its text part."""
    alt = ""

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = picture_png(self)
        return ({"text/html": picture_img(png, self, self.alt), "image/png": png, "text/plain": self.alt},
                png_metadata(self))

    def __repr__(self):
        return self.alt or super().__repr__()


def published_figure(dose: float = 250):
    """Five panels: T, LH reserve and sperm under TC `dose` mg weekly x 24 weeks (hpgviz vs Bi 2018, by week),
    and LH and T under 160 ug/day of continuous GnRH agonist (hpgviz vs Tornoe 2007, by day)."""
    runs = {"Bi 2018": bi_time_courses(dose), "Tornoe 2007": tornoe_time_courses()}
    fig = PublishedFigure(figsize=(10.5, 6.0))
    FigureCanvasAgg(fig)
    fig.alt = (f"Time courses of hpgviz (coloured) and the published models (black dashed): T, LH reserve and "
               f"sperm on testosterone cypionate {dose:g} mg weekly (Bi 2018); LH and T under continuous GnRH "
               f"agonist (Tornoe 2007). The table gives the numbers.")
    grid = fig.add_gridspec(2, 3, hspace=0.55, wspace=0.35)
    for row, col, reference, name, label in PANELS:
        ax = fig.add_subplot(grid[row, col])
        per_week = reference == "Bi 2018"
        for model, (t, series) in runs[reference].items():
            x = t / WEEK if per_week else t
            look = PUBLISHED_LOOK if model == reference else {"color": STYLE[name.split()[0]].color, "lw": 2.0}
            ax.plot(x, series[name], label=model, **look)
        if per_week:
            ax.axvspan(0, TC_WEEKS, color="#E8E8E8", zorder=0)
        ax.set_xlabel("week" if per_week else "day")
        ax.set_ylabel(label)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(frameon=False, fontsize=8)
    fig.text(0.04, 0.97, f"Testosterone cypionate {dose:g} mg weekly for {TC_WEEKS} weeks (shaded)", fontsize=10)
    fig.text(0.04, 0.47, f"Continuous GnRH agonist, {AGONIST_UG_PER_DAY:g} ug/day", fontsize=10)
    return fig


def published_table(rows=None) -> HTMLTable:
    """The side-by-side rows as a table: hpgviz, the published model, and the departure in words."""
    rows = side_by_side() if rows is None else list(rows)
    table = [{"published model": r["reference"], "scenario": r["scenario"], "quantity": r["quantity"],
              "hpgviz": _shown(r["hpgviz"], r["unit"]), "published model's value": _shown(r["published"], r["unit"]),
              "departure": r["departure"]} for r in rows]
    return HTMLTable(table, "hpgviz beside the published typical men of Bi 2018 and Tornoe 2007",
                     list(table[0]) if table else [],
                     f"Comparisons, not calibration targets. The agonist exposure is matched by {agonist_match()}.")


def _shown(x: float, unit: str) -> str:
    return "not reached" if x != x else f"{x:,.0f} {unit}" if abs(x) >= 100 else f"{x:.2g} {unit}"

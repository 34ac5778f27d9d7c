"""Figure builders: hormone panels with reference bands and a dosing strip (one result, or several
scenarios overlaid), and the HPG-axis diagram.

Every builder makes its figure once and then only changes artist data in ``update`` (no new
artists), so a slider move costs one redraw. Figures are created under ``plt.ioff()``: nothing is
shown until the caller displays ``builder.figure`` (inline) or ``builder.figure.canvas`` (ipympl).
Pure drawing: no text summaries and no model code here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.colors as mcolors
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import ArrowStyle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FixedLocator, Locator, MaxNLocator

from .model import units as _units

__all__ = [
    "STYLE", "DRUG_STYLE", "DEFAULT_PANELS", "SCENARIO_DASHES", "HormoneStyle", "HormonePanels",
    "ScenarioFigure", "AxisDiagram", "dosing_label", "drug_family", "relative_levels", "drugs_on_day",
    "regimen_words", "floored",
]

# --- Look -------------------------------------------------------------------------------------------

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
_OTHER_DRUG = "#7F7F7F"

DEFAULT_PANELS = (("T",), ("LH", "FSH"), ("sperm",))

_INK = "#333333"            # axes, ticks and text: softer than pure black
_GRID = "#E6E6E6"
_FONT = 10                  # base size in points: legible on paper at 9-10 in wide
_BAND_ALPHA = 0.13
_MONTH = 365.25 / 12
_CAPTION = ("Shaded band: reference range for healthy men. "
            "Educational model, not a prediction for any one person.")


def _mix(color, other, frac: float):
    """`color` moved a fraction `frac` of the way towards `other` (RGB)."""
    a, b = np.array(mcolors.to_rgb(color)), np.array(mcolors.to_rgb(other))
    return tuple(a + (b - a) * float(frac))


def _darkness_factor(color) -> float:
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
    from .model.parameters import DETECTION_LIMITS   # lazy, as _reference_ranges
    floor = DETECTION_LIMITS.get(name)
    return y if floor is None else np.maximum(y, floor)


def _reference_ranges() -> dict:
    from .model.parameters import REFERENCE_RANGES   # lazy: keeps plotting importable on its own
    return REFERENCE_RANGES


# --- Labels and helpers for regimens -------------------------------------------------------------------

def _agent(name: str):
    from .model.agents import AGENTS
    return AGENTS.get(name)


def drug_family(agent: str) -> str:
    """Family of an agent name ("testosterone", "SERM", "hCG", "GnRH agonist", "aromatase inhibitor").

    A family name passes through unchanged; an unknown name gives "other".
    """
    if agent in DRUG_STYLE:
        return agent
    a = _agent(agent)
    return a.family if a is not None else "other"


def _interval(days: float) -> str:
    if days < 1:
        minutes = days * 1440
        return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:g} h"
    return f"{days:g} d"


def _fmt(x: float) -> str:
    return format(float(x), ",g")


def _dose_text(course) -> str:
    """Dose and schedule without the drug name, e.g. "200 mg every 7 d"."""
    a = _agent(course.agent)
    unit = (a.dose_unit if a is not None else "").replace("ug", "µg")
    dose = f"{_fmt(course.dose)} {unit}".strip()
    if course.continuous:
        return f"{dose} per {_interval(course.every_days)}, continuous infusion"
    if course.every_days == 1:
        return f"{dose} daily"
    return f"{dose} every {_interval(course.every_days)}"


def dosing_label(course) -> str:
    """Short human label of a Course, e.g. "testosterone cypionate 200 mg every 7 d"."""
    a = _agent(course.agent)
    name = a.label if a is not None else course.agent.replace("_", " ")
    return f"{name} {_dose_text(course)}"


def _is_trt(course) -> bool:
    from .protocols import TRT_AGENTS   # lazy, as in _agent
    return course.agent in TRT_AGENTS


def _schedule_words(c) -> str:
    """How often, in the words of the protocol controls ("weekly", "every other day", ...)."""
    from .protocols import SCHEDULES   # lazy, as in _agent
    if _is_trt(c):
        words = {7.0: "weekly", 3.5: "twice weekly", 14.0: "every 2 weeks"}
        return words.get(c.every_days, f"every {c.every_days:g} d")
    for words, every, continuous in SCHEDULES.values():
        if every == c.every_days and continuous == c.continuous:
            return words.split(" (")[0]
    return f"every {c.every_days:g} d"


def _course_words(c) -> str:
    """A course in a few words, e.g. "T cypionate 200 mg weekly" (ScenarioFigure's strip has little room)."""
    a = _agent(c.agent)
    unit = a.dose_unit.replace("ug", "µg")
    name = a.label.replace("testosterone ", "T ").replace("clomiphene citrate", "clomiphene")
    return f"{name} {c.dose:,.4g} {unit} {_schedule_words(c)}"


def _courses_words(courses) -> str:
    """Short words for a list of courses, merging a taper into the course it follows."""
    parts, seen_trt = [], False
    for c in courses:
        if _is_trt(c):
            if seen_trt:
                continue
            seen_trt = True
            n_taper = sum(1 for d in courses if d.agent == c.agent) - 1
            weeks = (c.stop_day - c.start_day) / 7 if c.stop_day else None
            text = _course_words(c) + (f" for {weeks:.0f} wk" if weeks else "")
            parts.append(text + (", then a taper" if n_taper else ""))
        else:
            parts.append(_course_words(c))
    return "; ".join(parts)


def regimen_words(courses) -> str:
    """Every course in words with its days, e.g. "clomiphene 25 mg daily, days 182-265" (stop_day is
    exclusive: the last dose is on the day before). Never "every 1 days"."""
    if not courses:
        return "no drug"
    parts = []
    for c in courses:
        days = (f"from day {c.start_day:g}" if c.stop_day is None else
                f"days {c.start_day:g}-{math.ceil(c.stop_day) - 1:g}")
        parts.append(f"{_course_words(c)}, {days}")
    return "; ".join(parts)


def drugs_on_day(regimen, day: float) -> set:
    """Agent names whose course covers `day` (start inclusive, stop exclusive)."""
    return {c.agent for c in regimen.courses
            if c.start_day <= day and (c.stop_day is None or day < c.stop_day)}


def relative_levels(result, baseline, day: float) -> dict:
    """Each series at `day` relative to an untreated `baseline` Result at the same day (1.0 = normal).

    For cohorts the medians are compared. Feeds AxisDiagram.update.
    """
    out = {}
    for name in STYLE:
        if name not in result.names or name not in baseline.names:
            continue
        v = _at_day(result, name, day)
        b = _at_day(baseline, name, day)
        out[name] = v / b if b > 0 else float("nan")
    return out


def _at_day(result, name: str, day: float) -> float:
    i = int(np.clip(np.searchsorted(result.t, day), 0, len(result.t) - 1))
    y = np.asarray(result[name])
    return float(np.median(y[:, i]) if y.ndim == 2 else y[i])


# --- Data reduction --------------------------------------------------------------------------------------

def _bins(t, y, max_points: int):
    """Reshape (t, y) into bins of equal size, padding with the last value."""
    k = math.ceil(t.size / max(max_points // 2, 1))
    pad = (-t.size) % k
    tp = np.concatenate([t, np.repeat(t[-1], pad)]).reshape(-1, k)
    yp = np.concatenate([y, np.repeat(y[-1], pad)]).reshape(-1, k)
    return tp, yp


def _decimate(t, y, max_points: int):
    """Min/max decimation: at most ~max_points points, keeping every peak and trough.

    Drawing 17,000 hourly points per line costs far more than the screen can show; keeping the
    extremes of each bin preserves injection peaks and troughs exactly.
    """
    if t.size <= max_points:
        return t, y
    tp, yp = _bins(t, y, max_points)
    rows = np.arange(tp.shape[0])
    i_min, i_max = np.argmin(yp, axis=1), np.argmax(yp, axis=1)
    first, second = np.minimum(i_min, i_max), np.maximum(i_min, i_max)
    idx = np.stack([first, second], axis=1)
    # the ends are kept too, so a line always spans the whole horizon
    return (np.r_[t[0], tp[rows[:, None], idx].ravel(), t[-1]], np.r_[y[0], yp[rows[:, None], idx].ravel(), y[-1]])


def _envelope(t, lo, hi, max_points: int):
    """Polygon vertices of a band between lo and hi, decimated to its outer envelope."""
    if t.size > max_points:
        tp, lp = _bins(t, lo, max_points)
        _, hp = _bins(t, hi, max_points)
        t = tp[:, [0, -1]].ravel()
        lo = np.repeat(lp.min(axis=1), 2)
        hi = np.repeat(hp.max(axis=1), 2)
    return np.concatenate([np.column_stack([t, hi]), np.column_stack([t[::-1], lo[::-1]])])


# --- Time axis -----------------------------------------------------------------------------------------

_TIME_UNITS = {  # name -> (days per unit, allowed tick steps in that unit, axis label)
    "days": (1.0, (1, 2, 5, 7, 10, 14, 20, 30, 50, 60, 90, 100, 200, 365, 500, 730, 1000), "Time (days)"),
    "weeks": (7.0, (1, 2, 4, 8, 13, 26, 52, 104), "Time (weeks)"),
    "months": (_MONTH, (1, 2, 3, 6, 12, 24, 60), "Time (months)"),
}


class _TimeLocator(Locator):
    """Ticks at round numbers of days, weeks or months while the data stay in days."""

    def __init__(self, unit: str, max_ticks: int = 10):
        self.per, self.steps, _ = _TIME_UNITS[unit]
        self.max_ticks = max_ticks

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        lo, hi = vmin / self.per, vmax / self.per
        step = next((s for s in self.steps if (hi - lo) / s <= self.max_ticks), self.steps[-1])
        first = math.ceil(lo / step - 1e-9) * step
        return np.arange(first, hi + 1e-9, step) * self.per


def _time_formatter(unit: str):
    per = _TIME_UNITS[unit][0]
    return lambda x, pos=None: f"{x / per:.0f}"


def _auto_time_unit(span_days: float) -> str:
    if span_days > 180:
        return "months"
    return "weeks" if span_days > 42 else "days"


def _fixed_time_ticks(span: float):
    """(unit, tick days) for a run of `span` days from day 0: weeks up to 200 days, then months."""
    if span <= 200:
        unit, step = "weeks", 1 if span <= 35 else 2 if span <= 84 else 4
    else:
        unit, step = "months", 1 if span <= 300 else 3 if span <= 1100 else 6
    per = _TIME_UNITS[unit][0]
    return unit, np.arange(0, span / per + 1e-9, step) * per


# --- Hormone panels -----------------------------------------------------------------------------------

def _y_label(names, unit: str) -> str:
    unit_text = "× healthy level" if unit == "relative" else unit
    if len(names) == 1:
        return f"{STYLE[names[0]].label}\n({unit_text})"
    return f"{', '.join(STYLE[n].short for n in names)}\n({unit_text})"


def _check_choice(field: str, value, allowed):
    if value not in allowed:
        raise ValueError(f"{field}={value!r}; allowed values: {', '.join(allowed)}")


def _check_panels(panels):
    for group in panels:
        unknown = [n for n in group if n not in STYLE]
        if unknown or not group:
            raise ValueError(f"panels: unknown series {unknown or group!r}; allowed values: "
                             f"{', '.join(STYLE)}")
        if len({_units.unit_of(n) for n in group}) > 1:
            raise ValueError(f"panels: {tuple(group)} mix units; put them in separate panels")


def _panel_look(ax):
    """The look every hormone panel shares: open top and right, soft ink, a light horizontal grid."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_INK)
    ax.tick_params(colors=_INK, labelsize=_FONT - 1)
    ax.yaxis.set_major_locator(MaxNLocator(4, min_n_ticks=3))
    ax.grid(axis="y", color=_GRID, lw=0.8)
    ax.set_axisbelow(True)


def _stack_axes(fig, left, top, width, n, panel_height, gap, label_x, sharex=None):
    """`n` axes of `width` stacked down from `top` (inches from the bottom), `gap` apart, sharing one
    time axis; their y labels sit `label_x` inches left of the axes, at a fixed spot (automatic
    positions measure every tick label on every draw)."""
    fig_w, fig_h = fig.get_size_inches()
    axes = []
    for i in range(n):
        bottom = top - (i + 1) * panel_height - i * gap
        ax = fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, panel_height / fig_h),
                          sharex=sharex or (axes[0] if axes else None))
        ax.yaxis.set_label_coords(label_x / width, 0.5)
        axes.append(ax)
    return axes


def _add_band(ax, name):
    """An empty reference-range band of series `name` across the axes (placed by `_set_band`)."""
    color = STYLE[name].color
    band = Rectangle((0, 0), 1, 0, transform=ax.get_yaxis_transform(), facecolor=color,
                     alpha=_BAND_ALPHA * _darkness_factor(color), edgecolor="none", zorder=0.5, visible=False)
    return ax.add_patch(band)


def _set_band(band, name, system):
    """Put `band` on the reference range of `name` in `system` and return (low, high), or hide it and
    return None when there is no range. An open-ended range (high None) waits for _fill_open_bands."""
    rng = _reference_ranges().get(name)
    band.set_visible(rng is not None)
    if rng is None:
        return None
    low = float(_units.convert(rng[0], name, system)[0])
    high = None if rng[1] is None else float(_units.convert(rng[1], name, system)[0])
    band.set_y(low)
    band.set_height(0 if high is None else high - low)
    return low, high


def _band_text(name, low, high, multi: bool) -> str:
    who = f"{STYLE[name].short} " if multi else ""   # several hormones share the panel: say whose band
    return f"{who}reference range" + (f" (≥ {low:.3g})" if high is None else "")


def _fill_open_bands(bands, names, top):
    """Open-ended ranges (sperm >= 15 million/mL) fill the panel up to its top."""
    for name in names:
        rng = _reference_ranges().get(name)
        if rng is not None and rng[1] is None:
            bands[name].set_height(max(top - bands[name].get_y(), 0))


def cohort_percentiles(cohort_result, name, system, percentiles, t=None):
    """(low, high) percentiles of a cohort's series across men at each time, in `system` units, on the
    grid `t` (interpolated if the cohort ran on another grid)."""
    y, _ = _units.convert(cohort_result[name], name, system)
    lo, hi = np.percentile(y, list(percentiles), axis=0)
    ct = np.asarray(cohort_result.t, dtype=float)
    if t is not None and (len(t) != len(ct) or not np.array_equal(t, ct)):
        lo, hi = np.interp(t, ct, lo), np.interp(t, ct, hi)
    return lo, hi


class _Panel:
    """One axes: per hormone a reference band, a line, a cohort spread and an end label."""

    def __init__(self, ax, names, max_points: int, percentiles, size_in, grow: bool):
        self.ax, self.names, self.max_points, self.percentiles = ax, tuple(names), max_points, percentiles
        self.grow, self._last = grow, (None, 0.0)   # "grow" mode remembers (unit system, top)
        self.size_in = size_in                              # axes (width, height) in inches
        self.label_gap = (_FONT * 1.3 / 72) / size_in[1]    # one text line, in axes fraction
        self.bands, self.band_labels, self.lines, self.spreads, self.end_labels = {}, {}, {}, {}, {}
        for name in self.names:
            self._make_band(name)
            self._make_series(name)
        self.cursor = ax.axvline(0, color=_INK, lw=1, alpha=0.6, visible=False, zorder=4)

    def _make_band(self, name):
        st, ax = STYLE[name], self.ax
        self.bands[name] = _add_band(ax, name)
        self.band_labels[name] = ax.text(
            0.008, 0, "", transform=ax.get_yaxis_transform(), fontsize=_FONT - 2,
            color=_mix(st.color, "black", 0.25), va="top", ha="left", zorder=1, visible=False)

    def _make_series(self, name):
        st, ax = STYLE[name], self.ax
        spread = PolyCollection([np.zeros((0, 2))], facecolors=[st.color], alpha=0.25 * _darkness_factor(st.color),
                                edgecolors="none", zorder=1.5, visible=False)
        self.spreads[name] = ax.add_collection(spread, autolim=False)
        (self.lines[name],) = ax.plot([], [], color=st.color, linestyle=st.linestyle, lw=2.2, zorder=3,
                                      solid_capstyle="butt")
        self.end_labels[name] = ax.text(
            1.012, 0.5, st.short, transform=ax.transAxes, fontsize=_FONT - 0.5, va="center", ha="left",
            color=st.color, clip_on=False, fontweight="bold", visible=False)

    # update ----------------------------------------------------------------------------------------

    def update(self, result, system, spread=None):
        top = max([self._update_series(name, result, system, spread) for name in self.names]
                  + [self._update_bands(system)])
        top = top * 1.1 if top > 0 else 1.0
        if self.grow and self._last[0] == system:   # never shrink: a slider move keeps the scale
            top = max(top, self._last[1])
        self._last = (system, top)
        self.ax.set_ylim(0, top)
        _fill_open_bands(self.bands, self.names, top)
        self._place_band_labels(top)
        self.ax.set_ylabel(_y_label(self.names, _units.unit_of(self.names[0], system)),
                           fontsize=_FONT, color=_INK)
        self._place_end_labels(top)

    def _update_series(self, name, result, system, others=None) -> float:
        """One series: a man's line, or a cohort's median and spread; `others` (a cohort Result on the same
        grid) adds its spread around the man's line."""
        line, spread = self.lines[name], self.spreads[name]
        if name not in result.names:
            line.set_visible(False)
            spread.set_visible(False)
            return 0.0
        y, _ = _units.convert(result[name], name, system)
        t = np.asarray(result.t, dtype=float)
        if y.ndim == 2:   # a cohort: median line and a percentile spread
            lo, mid, hi = np.percentile(y, [self.percentiles[0], 50, self.percentiles[1]], axis=0)
            spread.set_verts([_envelope(t, floored(name, lo), floored(name, hi), self.max_points)])
            spread.set_visible(True)
            peak = np.nanmax(hi)
            y = mid
        elif others is not None and name in others.names:   # one man's line inside the cohort's spread
            lo, hi = cohort_percentiles(others, name, system, self.percentiles, t)
            spread.set_verts([_envelope(t, floored(name, lo), floored(name, hi), self.max_points)])
            spread.set_visible(True)
            peak = max(np.nanmax(hi), np.nanmax(y) if y.size else 0.0)
        else:
            spread.set_visible(False)
            peak = np.nanmax(y) if y.size else 0.0
        line.set_data(*_decimate(t, floored(name, y), self.max_points))
        line.set_visible(True)
        return float(peak) if np.isfinite(peak) else 0.0

    def _update_bands(self, system) -> float:
        top = 0.0
        for name, band in self.bands.items():
            limits = _set_band(band, name, system)
            label = self.band_labels[name]
            label.set_visible(limits is not None)
            if limits is None:
                continue
            low, high = limits
            label.set_text(_band_text(name, low, high, len(self.names) > 1))
            top = max(top, low if high is None else high)
        return top

    def _place_band_labels(self, top):
        """Put each band's label in a corner of the band (left first) where no line runs."""
        for name, label in self.band_labels.items():
            if not label.get_visible():
                continue
            band = self.bands[name]
            low, high = band.get_y(), band.get_y() + band.get_height()
            edges = [(low, "bottom")] if high >= top else [(high, "top"), (low, "bottom")]
            spots = [(side, y, va) for side in ("left", "right") for y, va in edges]
            hits = [self._lines_under(label, *spot, top) for spot in spots]
            side, y, va = spots[int(np.argmin(hits))]   # first spot wins ties
            label.set(x=0.008 if side == "left" else 0.992, y=y, ha=side, va=va)

    def _lines_under(self, label, side, y, va, top) -> int:
        """How many line points fall in the box a label would occupy (estimated from font size)."""
        x0, x1 = self.ax.get_xlim()
        w = (0.008 + len(label.get_text()) * 0.6 * label.get_fontsize() / 72 / self.size_in[0]) * (x1 - x0)
        xa, xb = (x0, x0 + w) if side == "left" else (x1 - w, x1)
        h = 1.3 * label.get_fontsize() / 72 / self.size_in[1] * top
        y0, y1 = (y - h, y) if va == "top" else (y, y + h)
        count = 0
        for line in self.lines.values():
            if line.get_visible():
                xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
                count += int(((xs >= xa) & (xs <= xb) & (ys >= y0) & (ys <= y1)).sum())
        return count

    def _place_end_labels(self, top):
        """Direct labels at each line's right end, nudged apart so they never overlap."""
        entries = []
        for name, text in self.end_labels.items():
            line = self.lines[name]
            y = np.asarray(line.get_ydata(), dtype=float)
            y = y[np.isfinite(y)]
            if not line.get_visible() or y.size == 0:
                text.set_visible(False)
                continue
            entries.append([y[-1] / top, text])
        for y, text in zip(_spread_apart([e[0] for e in entries], self.label_gap), (e[1] for e in entries)):
            text.set_y(y)
            text.set_visible(True)


def _spread_apart(ys, gap: float, lo: float = 0.0, hi: float = 1.0):
    """Positions as close as possible to `ys`, at least `gap` apart, kept within [lo, hi] if room."""
    if not ys:
        return []
    order = np.argsort(ys)
    pos = np.clip(np.asarray(ys, dtype=float)[order], lo, hi)
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    if pos[-1] > hi:   # ran off the top: push the stack back down
        pos[-1] = hi
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    out = np.empty_like(pos)
    out[order] = pos
    return list(out)


class _Strip:
    """Dosing timeline: one row per agent, pooled bars, a label per row, dose ticks."""

    def __init__(self, ax, rows: int, bars_per_row: int = 6):
        self.ax, self.rows = ax, rows
        ax.set_ylim(rows, 0)
        ax.set_yticks([])
        for side in ("left", "right", "top", "bottom"):
            ax.spines[side].set_visible(False)
        ax.xaxis.set_visible(False)   # the time axis is drawn once, under the bottom panel
        self.bars = [[ax.add_patch(Rectangle((0, r + 0.52), 0, 0.36, visible=False, lw=0))
                      for _ in range(bars_per_row)] for r in range(rows)]
        self.texts = [ax.text(0, r + 0.46, "", fontsize=_FONT - 1, color=_INK, va="bottom",
                              ha="left", clip_on=False, visible=False) for r in range(rows)]
        self.ticks = ax.add_collection(LineCollection([], colors="white", linewidths=0.9, zorder=3),
                                       autolim=False)
        self.empty = ax.text(0.0, 0.5, "No drug (untreated baseline)", transform=ax.transAxes,
                             fontsize=_FONT - 1, color="#777777", va="center", visible=False)
        ax.text(-0.015, 1.0, "Drugs", transform=ax.transAxes, fontsize=_FONT, color=_INK,
                ha="right", va="top", fontweight="bold")

    def update(self, result, t0, t1):
        rows = self._rows(result)
        shown = rows[: self.rows]
        if len(rows) > self.rows:   # no room: the last row says what is missing
            shown[-1] = (shown[-1][0] + f"  (+{len(rows) - self.rows + 1} more not shown)", shown[-1][1])
        segments = []
        for r in range(self.rows):
            self._update_row(r, shown[r] if r < len(shown) else None, t0, t1, segments)
        self.ticks.set_segments(segments)
        self.empty.set_visible(not rows)   # an untreated result

    @staticmethod
    def _rows(result):
        """(label, courses) per agent, in the order the regimen first gives each."""
        by_agent = {}
        for c in result.regimen.courses:
            by_agent.setdefault(c.agent, []).append(c)
        return [(", then ".join([dosing_label(courses[0])] + [_dose_text(c) for c in courses[1:]]), courses)
                for courses in by_agent.values()]

    def _update_row(self, r, row, t0, t1, segments):
        text, bars = self.texts[r], self.bars[r]
        if row is None:
            text.set_visible(False)
            for b in bars:
                b.set_visible(False)
            return
        label, courses = row
        for i, bar in enumerate(bars):
            if i >= len(courses):
                bar.set_visible(False)
                continue
            c = courses[i]
            start, stop = max(c.start_day, t0), min(t1 if c.stop_day is None else c.stop_day, t1)
            bar.set_bounds(start, r + 0.52, max(stop - start, 0), 0.36)
            bar.set_facecolor(DRUG_STYLE.get(drug_family(c.agent), _OTHER_DRUG))
            bar.set_visible(stop > start)
            segments.extend(self._dose_ticks(c, r, start, stop, t1 - t0))
        self._place_label(text, label, courses, t0, t1)

    @staticmethod
    def _dose_ticks(course, r, start, stop, span):
        """White tick marks at each dose, only when they are far enough apart to read."""
        n = (stop - start) / course.every_days
        if course.continuous or n > 120 or course.every_days < span / 250:
            return []
        times = np.arange(course.start_day, stop, course.every_days)
        times = times[times >= start]
        return [((x, r + 0.55), (x, r + 0.85)) for x in times]

    @staticmethod
    def _place_label(text, label, courses, t0, t1):
        """Over the first bar, or ending over the last one when the bars start late in the run."""
        start = max(courses[0].start_day, t0)
        late = (start - t0) > 0.55 * (t1 - t0)
        end = min(max((c.stop_day or t1) for c in courses), t1)
        text.set_text(label)
        text.set_x(end if late else start)
        text.set_ha("right" if late else "left")
        text.set_visible(True)



class HormonePanels:
    """Stacked hormone panels of one result sharing the time axis, with reference bands, direct labels
    and a dosing strip on top. (To overlay several results, use ScenarioFigure.)

    Build once, then call ``update(result)`` on every change: only artist data move.

    >>> panels = HormonePanels(res)                       # doctest: +SKIP
    >>> panels.update(res2, units="SI")                   # doctest: +SKIP
    >>> panels.figure                                     # display it (inline), or .figure.canvas (ipympl)

    Parameters: `panels` is a sequence of groups of series names, one axes per group (series in a
    group must share a unit); `time_ticks` one of "days", "weeks", "months", "auto" (data stay in
    days); `strip_rows` the rows of the dosing strip (default: enough for `result`, at least 2);
    `max_points` per line before min/max decimation; `percentiles` the cohort spread drawn around the
    median; `y_limits` "fit" (each update fits the data) or "grow" (only ever expands, so a slider
    move does not rescale the axes); `title` a heading; `caption` True for a caption explaining the
    shading with an "educational model" note (good for printed figures), "auto" (default) for one
    only when a cohort's spread needs it, False for none, or your own text; `figure` an empty figure
    to draw into.
    """

    def __init__(self, result=None, panels=DEFAULT_PANELS, *, units: str = "conventional",
                 time_ticks: str = "days", strip_rows: int | None = None,
                 width: float = 9.5, panel_height: float = 1.8, max_points: int = 2000,
                 percentiles=(10, 90), y_limits: str = "fit", title: str | None = None,
                 caption: bool | str = "auto", figure=None):
        _check_panels(panels)
        _check_choice("units", units, _units.UNIT_SYSTEMS)
        _check_choice("time_ticks", time_ticks, (*_TIME_UNITS, "auto"))
        _check_choice("y_limits", y_limits, ("fit", "grow"))
        self.panel_names = tuple(tuple(g) for g in panels)
        self.units, self.time_ticks = units, time_ticks
        if strip_rows is None:
            strip_rows = max(2, len(_Strip._rows(result)) if result is not None else 0)
        self._layout(width, panel_height, strip_rows, title, figure)
        size_in = (width * self.axes[0].get_position().width, panel_height)
        self._panels = [_Panel(ax, names, max_points, percentiles, size_in, y_limits == "grow")
                        for ax, names in zip(self.axes, self.panel_names)]
        self._strip = _Strip(self.strip_ax, strip_rows)
        self._caption_mode = caption
        spread = (f"Line: median of the group; darker shading: middle {percentiles[1] - percentiles[0]:g} % "
                  "of men; light band: reference range. ")
        self._captions = (_CAPTION, spread + _CAPTION.split(". ", 1)[1])
        self._caption = self.figure.text(self.axes[0].get_position().x0, 0.08 / self.figure.get_figheight(),
                                         "", fontsize=_FONT - 2, color="#666666", ha="left", va="bottom")
        self._result, self._spread, self._spread_caption = None, None, ""
        if result is not None:
            self.update(result, draw=False)

    def _layout(self, width, panel_height, strip_rows, title, figure):
        """Fixed layout in inches (no layout engine: it would cost time on every redraw)."""
        left, right, bottom, top = 1.05, 1.45, 0.8, 0.2 + (0.35 if title else 0)
        gap, strip_h = 0.14, 0.36 * strip_rows
        n = len(self.panel_names)
        height = bottom + n * panel_height + (n - 1) * gap + 0.2 + strip_h + top
        fig = figure if figure is not None else new_figure((width, height))
        if figure is not None:
            fig.set_size_inches(width, height)
        self.figure = fig
        w = width - left - right
        y = height - top - strip_h
        self.strip_ax = fig.add_axes((left / width, y / height, w / width, strip_h / height))
        self.axes = _stack_axes(fig, left, y - 0.2, w, n, panel_height, gap, -0.62, sharex=self.strip_ax)
        for ax in self.axes:
            self._style_axes(ax, last=ax is self.axes[-1])
            ax.xaxis.set_label_coords(0.5, -0.33 / panel_height)
        if title:
            fig.text(left / width, 1 - 0.12 / height, title, fontsize=_FONT + 2, color=_INK,
                     va="top", ha="left", fontweight="bold")

    @staticmethod
    def _style_axes(ax, last: bool):
        _panel_look(ax)
        ax.xaxis.set_visible(last)   # one time axis, under the bottom panel

    # public ----------------------------------------------------------------------------------------

    def update(self, result=None, *, units: str | None = None, draw: bool = True, spread=...,
               spread_caption: str = ""):
        """Show `result` (default: the last one) in `units`; only artist data change.

        `draw=False` skips the ``draw_idle`` (useful when the caller saves or displays the figure next,
        which draws anyway). `spread`: a cohort Result whose percentile spread is shaded around one man's
        lines (None: no spread; left out: keep the last), captioned `spread_caption`. Returns self.
        """
        if units is not None:
            _check_choice("units", units, _units.UNIT_SYSTEMS)
            self.units = units
        if spread is not ...:
            self._spread, self._spread_caption = spread, spread_caption
        if result is not None:
            self._result = result
        if self._result is not None:
            self._redraw(self._result)
        if draw:
            self.figure.canvas.draw_idle()
        return self

    def set_units(self, units: str, draw: bool = True):
        """Switch every value, reference band and axis label between "conventional" and "SI"."""
        return self.update(units=units, draw=draw)

    def mark_day(self, day: float | None, draw: bool = True):
        """Draw (or, with None, hide) a vertical marker at `day` across all panels."""
        for p in self._panels:
            p.cursor.set_xdata([day or 0, day or 0])
            p.cursor.set_visible(day is not None)
        if draw:
            self.figure.canvas.draw_idle()
        return self

    def close(self):
        """Release the figure from pyplot's registry (call when the figure is no longer needed)."""
        import matplotlib.pyplot as plt
        plt.close(self.figure)

    # internals -------------------------------------------------------------------------------------

    def _redraw(self, result):
        t0, t1 = float(result.t[0]), float(result.t[-1])
        self.strip_ax.set_xlim(t0, t1)
        self._set_time_axis(t1 - t0)
        for p in self._panels:
            p.update(result, self.units, self._spread)
        self._strip.update(result, t0, t1)
        self._update_caption(np.ndim(result[result.names[0]]) == 2)
        if self._spread is not None and self._spread_caption:
            self._caption.set_text(self._spread_caption)
            self._caption.set_visible(True)

    def _update_caption(self, cohort: bool):
        """Caption under the time axis. Every glyph costs redraw time (~35 µs), so "auto" shows one
        only when it is needed to read the figure (a cohort's spread); True always shows it."""
        mode = self._caption_mode
        if isinstance(mode, str) and mode != "auto":
            text = mode
        elif mode is True or (mode == "auto" and cohort):
            text = self._captions[cohort]
        else:
            text = ""
        self._caption.set_text(text)
        self._caption.set_visible(bool(text))

    def _set_time_axis(self, span):
        unit = _auto_time_unit(span) if self.time_ticks == "auto" else self.time_ticks
        if getattr(self, "_time_unit", None) == unit:
            return
        self._time_unit = unit
        ax = self.axes[-1]
        ax.xaxis.set_major_locator(_TimeLocator(unit))
        ax.xaxis.set_major_formatter(_time_formatter(unit))
        ax.set_xlabel(_TIME_UNITS[unit][2], fontsize=_FONT, color=_INK)

    @property
    def lines(self) -> dict:
        """{(series name, 0): Line2D} across all panels (for tests and widgets), keyed like
        ScenarioFigure.lines (this figure's one result is scenario 0) so callers read both alike."""
        return {(name, 0): line for p in self._panels for name, line in p.lines.items()}

    @property
    def bands(self) -> dict:
        """{series name: reference-band Rectangle} across all panels."""
        return {k: v for p in self._panels for k, v in p.bands.items()}



# --- Overlaid scenarios ---------------------------------------------------------------------------------
# A hormone keeps its colour everywhere (STYLE); overlaid scenarios (protocols) are told apart by line
# style and width, which survive greyscale printing and stay distinct for four scenarios (shades of
# one colour did not), plus a slight lightening.
SCENARIO_DASHES = ("solid", (0, (6, 2.5)), (0, (1.3, 1.7)), (0, (8, 2, 1.5, 2)))
SCENARIO_WIDTHS = (2.4, 1.9, 2.2, 1.7)
SCENARIO_TINTS = (0.0, 0.12, 0.25, 0.35)


def _scenario_color(name, s):
    return _mix(STYLE[name].color, "white", SCENARIO_TINTS[s])


def _lanes(courses, span):
    """Lane index per course so that courses given at the same time sit one above the other."""
    ends, lanes = [], []
    for c in courses:
        stop = span if c.stop_day is None else c.stop_day
        for i, end in enumerate(ends):
            if end <= c.start_day + 1e-9:
                ends[i] = stop
                lanes.append(i)
                break
        else:
            ends.append(stop)
            lanes.append(len(ends) - 1)
    return lanes


class ScenarioFigure:
    """Stacked hormone panels overlaying up to 4 scenarios (protocols) on the same axes.

    A hormone keeps its colour everywhere (STYLE); scenario s is drawn with line style
    SCENARIO_DASHES[s]. A strip on top doubles as the legend: one row per scenario with its line
    style, its name and bars for the drugs it does not share with the others; drugs shared by all
    scenarios (usually the TRT history) are drawn once, in the first row. Build once, then
    ``update(results, labels)`` only moves artist data. `y_limits` "fit" fits each update to the data;
    "grow" only ever expands an axis (per unit system), so a control change moves lines, not axes.
    """

    def __init__(self, panels=(("T",), ("LH",), ("E2",), ("sperm",)), scenarios=4, labels=None,
                 units="conventional", width=9.5, panel_height=1.35, title=None, strip=True, y_limits="fit"):
        if not 1 <= scenarios <= len(SCENARIO_DASHES):
            raise ValueError(f"scenarios must be 1 to {len(SCENARIO_DASHES)}, got {scenarios!r}")
        _check_panels(panels)
        _check_choice("units", units, _units.UNIT_SYSTEMS)
        _check_choice("y_limits", y_limits, ("fit", "grow"))
        self.panel_names = tuple(tuple(g) for g in panels)
        self.scenarios, self.units, self.grow = scenarios, units, y_limits == "grow"
        self.labels = list(labels) if labels else [chr(65 + i) for i in range(scenarios)]
        self._tops = {}   # (panel index, unit system) -> highest axis top so far, for "grow"
        self._layout(width, panel_height, title, strip)
        self.lines, self.bands, self.band_labels, self.spreads = {}, {}, {}, {}
        self.percentiles = (10, 90)
        for ax, names in zip(self.axes, self.panel_names):
            self._make_panel(ax, names)
        self.markers = [ax.axvline(0, color="#555555", lw=1, ls=(0, (2, 2)), visible=False, zorder=2)
                        for ax in self.axes]
        self.marker_text = self.axes[0].text(0, 1.0, "", transform=self.axes[0].get_xaxis_transform(),
                                             fontsize=_FONT - 2, color="#555555", ha="left", va="bottom",
                                             visible=False)
        if strip:
            self._make_strip()

    # construction ----------------------------------------------------------------------------------

    def _layout(self, width, panel_height, title, strip):
        """Fixed layout in inches, the strip (one row for shared drugs, one per scenario) on top."""
        rows = (self.scenarios + 1) if strip else 0
        left, right, bottom, top = 1.1, 0.35, 0.75, 0.15 + (0.3 if title else 0)
        strip_h, gap = 0.34 * rows, 0.12
        n = len(self.panel_names)
        height = bottom + n * panel_height + (n - 1) * gap + (strip_h + 0.15 if strip else 0) + top
        self.figure = fig = new_figure((width, height))
        w = width - left - right
        y = height - top
        self.strip_ax = None
        if strip:
            y -= strip_h
            self.strip_ax = fig.add_axes((left / width, y / height, w / width, strip_h / height))
            y -= 0.15
        self.axes = _stack_axes(fig, left, y, w, n, panel_height, gap, -0.68, sharex=self.strip_ax)
        for ax in self.axes:
            self._style_axes(ax, last=ax is self.axes[-1])
        if title:
            fig.text(left / width, 1 - 0.1 / height, title, fontsize=_FONT + 2, color=_INK, va="top",
                     fontweight="bold")
        self.caption = fig.text(left / width, 0.06 / height, _CAPTION, fontsize=_FONT - 2, color="#666666",
                                va="bottom")

    @staticmethod
    def _style_axes(ax, last):
        _panel_look(ax)
        ax.tick_params(axis="x", labelbottom=last)   # tick marks on every panel, numbers under the last

    def _make_panel(self, ax, names):
        for name in names:
            st = STYLE[name]
            self.bands[name] = _add_band(ax, name)
            self.band_labels[name] = ax.text(0.006, 0, "", transform=ax.get_yaxis_transform(),
                                             fontsize=_FONT - 2.5, color=_mix(st.color, "black", 0.3),
                                             va="bottom", ha="left", zorder=1)
        for s in range(self.scenarios):   # the first scenario on top
            for name in names:
                color = _scenario_color(name, s)
                self.spreads[name, s] = ax.add_collection(PolyCollection(
                    [np.zeros((0, 2))], facecolors=[color], alpha=0.16 * _darkness_factor(color),
                    edgecolors=[color], linewidths=0.6, linestyles=[SCENARIO_DASHES[s]], zorder=1.5, visible=False),
                    autolim=False)
                (self.lines[name, s],) = ax.plot(
                    [], [], color=_scenario_color(name, s), linestyle=SCENARIO_DASHES[s],
                    lw=SCENARIO_WIDTHS[s], zorder=3 - 0.1 * s, label=STYLE[name].short)
        if len(names) > 1:   # several hormones in one panel: name them in the panel corner
            handles = [Line2D([], [], color=STYLE[nm].color, lw=2) for nm in names]
            ax.legend(handles, [STYLE[nm].short for nm in names], loc="upper right", fontsize=_FONT - 2,
                      frameon=False, ncol=len(names), handlelength=1.2)

    def _make_strip(self):
        ax = self.strip_ax
        rows = self.scenarios + 1
        ax.set_ylim(rows, 0)
        ax.set_yticks([])
        ax.tick_params(axis="x", labelbottom=False, length=0)
        for side in ("left", "right", "top", "bottom"):
            ax.spines[side].set_visible(False)
        self.strip_samples, self.strip_texts, self.strip_bars = [], [], []
        for r in range(rows):   # row 0: drugs all scenarios share; row s + 1: scenario s
            self.strip_texts.append(ax.text(0.075 if r else 0.0, r + 0.38, "", transform=ax.get_yaxis_transform(),
                                            fontsize=_FONT - 1.5, color=_INK, va="center", ha="left"))
            self.strip_bars.append([ax.add_patch(Rectangle((0, r + 0.62), 0, 0.3, lw=0, visible=False))
                                    for _ in range(4)])
        for s in range(self.scenarios):   # the legend: a sample of the scenario's line style
            (line,) = ax.plot([0.0, 0.065], [s + 1.38, s + 1.38], transform=ax.get_yaxis_transform(),
                              color="#444444", linestyle=SCENARIO_DASHES[s], lw=SCENARIO_WIDTHS[s],
                              clip_on=False)
            self.strip_samples.append(line)

    # update ----------------------------------------------------------------------------------------

    def update(self, results, labels=None, units=None, draw=True, spreads=None, spread_caption=""):
        """Show `results` (list, at most `scenarios`) labelled `labels`; only artist data change.
        `spreads`: per result a cohort Result (or None) whose 10th-90th percentile spread is shaded around
        that result's lines, the figure's caption then `spread_caption`; None: no spreads."""
        results = list(results) if isinstance(results, (list, tuple)) else [results]
        self._spreads = list(spreads) if spreads is not None else []
        if len(results) > self.scenarios:
            raise ValueError(f"at most {self.scenarios} results, got {len(results)}")
        if units is not None:
            _check_choice("units", units, _units.UNIT_SYSTEMS)
            self.units = units
        if labels is not None:
            self.labels = list(labels)
        span = max(float(r.t[-1]) for r in results) if results else 1.0
        for i, (ax, names) in enumerate(zip(self.axes, self.panel_names)):
            self._update_panel(i, ax, names, results)
        self._set_time_axis(span)
        if self.strip_ax is not None:
            self._update_strip(results, span)
        caption = spread_caption if spread_caption and any(x is not None for x in self._spreads) else _CAPTION
        if self.caption.get_text() != caption:
            self.caption.set_text(caption)
        if draw:
            self.figure.canvas.draw_idle()
        return self

    def _update_panel(self, i, ax, names, results):
        top = 0.0
        for name in names:
            for s in range(self.scenarios):
                top = max(top, self._update_line(name, s, results))
            top = max(top, self._update_band(name, len(names) > 1, name == names[0]))
        top = self._y_top(i, top)
        ax.set_ylim(0, top)
        _fill_open_bands(self.bands, names, top)
        unit = _units.unit_of(names[0], self.units)
        unit = "× healthy" if unit == "relative" else unit
        title = STYLE[names[0]].label if len(names) == 1 else ", ".join(STYLE[n].short for n in names)
        ax.set_ylabel(f"{title}\n({unit})", fontsize=_FONT - 0.5, color=_INK)

    def _update_line(self, name, s, results) -> float:
        """Scenario s's line of `name` (hidden without a result) and its spread; returns its highest value."""
        line = self.lines[name, s]
        line.set_visible(s < len(results))
        if s >= len(results):
            if self.spreads[name, s].get_visible():
                self.spreads[name, s].set_visible(False)
            return 0.0
        y = floored(name, _units.convert(results[s][name], name, self.units)[0])
        line.set_data(results[s].t, y)
        top = float(np.nanmax(y)) if y.size else 0.0
        return max(top, self._update_spread(name, s, results[s]))

    def _update_spread(self, name, s, result) -> float:
        spread = self.spreads[name, s]
        others = self._spreads[s] if s < len(self._spreads) else None
        if others is None:
            if spread.get_visible():       # the unticked path touches nothing else
                spread.set_visible(False)
            return 0.0
        spread.set_visible(True)
        t = np.asarray(result.t, dtype=float)
        lo, hi = cohort_percentiles(others, name, self.units, self.percentiles, t)
        spread.set_verts([_envelope(t, floored(name, lo), floored(name, hi), 1500)])
        return float(np.nanmax(hi))

    def _update_band(self, name, multi, first) -> float:
        """Place the band of `name` (its label shown only for a panel's first hormone); returns its top."""
        limits = _set_band(self.bands[name], name, self.units)
        label = self.band_labels[name]
        label.set_visible(first and limits is not None)
        if limits is None:
            return 0.0
        low, high = limits
        label.set_text(_band_text(name, low, high, multi))
        label.set_y(low)
        return low if high is None else high

    def _y_top(self, i, top):
        top = top * 1.12 if top > 0 else 1.0
        if self.grow:
            top = self._tops[i, self.units] = max(top, self._tops.get((i, self.units), 0.0))
        return top

    def _set_time_axis(self, span):
        unit, ticks = _fixed_time_ticks(span)
        last = self.axes[-1]
        last.xaxis.set_major_locator(FixedLocator(ticks))
        last.xaxis.set_major_formatter(_time_formatter(unit))
        last.set_xlabel(_TIME_UNITS[unit][2], fontsize=_FONT, color=_INK)
        last.set_xlim(0, span)

    def _update_strip(self, results, span):
        shared = self._shared_courses(results)
        # no shared drugs: the first row is empty, so let the scenario rows use its room
        self.strip_ax.set_ylim(len(self.strip_texts), 0.0 if shared else 0.85)
        rows = [("All: " + _courses_words(shared) if shared else "", shared)]
        rows += [self._scenario_row(s, results, shared) for s in range(self.scenarios)]
        for r, (text, courses) in enumerate(rows):
            self._update_strip_row(r, text, courses, span)
        for s, sample in enumerate(self.strip_samples):
            sample.set_visible(s < len(results))

    @staticmethod
    def _shared_courses(results):
        """Courses every scenario has, in the first one's order; a lone scenario shares only its TRT."""
        if not results:
            return []
        common = set.intersection(*(set(r.regimen.courses) for r in results))
        if len(results) == 1:
            common = {c for c in common if _is_trt(c)}
        return [c for c in results[0].regimen.courses if c in common]

    def _scenario_row(self, s, results, shared):
        """(text, courses) of scenario s's strip row: its name and the drugs it does not share."""
        if s >= len(results):
            return "", []
        own = [c for c in results[s].regimen.courses if c not in shared]
        name = self.labels[s] if s < len(self.labels) else chr(65 + s)
        words = _courses_words(own)
        if not words:
            text = name if not shared or "no " in name else f"{name}: no other drug"
        elif name.lower() in words.lower():   # the name already says it
            text = words
        else:
            text = f"{name}: {words}"
        return text, own

    def _update_strip_row(self, r, text, courses, span):
        self.strip_texts[r].set_text(text)
        lanes = _lanes(courses, span)
        height = 0.3 / (max(lanes) + 1 if lanes else 1)   # drugs given together share the row
        for i, bar in enumerate(self.strip_bars[r]):
            if i >= len(courses):
                bar.set_visible(False)
                continue
            c = courses[i]
            stop = min(span, c.stop_day if c.stop_day is not None else span)
            bar.set_bounds(c.start_day, r + 0.62 + lanes[i] * height, max(stop - c.start_day, 0.0), height * 0.9)
            bar.set_facecolor(DRUG_STYLE.get(drug_family(c.agent), _OTHER_DRUG))
            bar.set_visible(stop > c.start_day)

    # public ----------------------------------------------------------------------------------------

    def mark_day(self, day, text="", draw=False):
        """A dashed vertical line at `day` on every panel (None hides it), with `text` on top."""
        for m in self.markers:
            m.set_xdata([day or 0, day or 0])
            m.set_visible(day is not None)
        self.marker_text.set_x(day or 0)
        self.marker_text.set_text(f" {text}")
        self.marker_text.set_visible(day is not None and bool(text))
        if draw:
            self.figure.canvas.draw_idle()

    def close(self):
        """Release the figure from pyplot's registry (call when the figure is no longer needed)."""
        import matplotlib.pyplot as plt
        plt.close(self.figure)


# --- HPG-axis diagram ---------------------------------------------------------------------------------

_GLOW = OKABE_ITO["yellow"]   # glands glow yellow with activity (fill only, never a thin line)


def percent_text(level: float) -> str:
    """A relative level as a percentage of normal ("<1 %" rather than a misleading "0 %")."""
    if not np.isfinite(level):
        return "n/a"
    p = level * 100
    if p < 0.5:
        return "<1 %" if p > 0 else "0 %"
    return f"{p:.0f} %"


def _arrow_width(level: float) -> float:
    """Line width in points: normal (1.0) is 3 pt, 3x normal and above 4.8 pt, zero 0.6 pt.

    Square root, so a 20-fold drop is still visibly thinner than a 5-fold one.
    """
    level = 0.0 if not np.isfinite(level) else min(max(level, 0.0), 3.0)
    return 0.6 + 2.4 * math.sqrt(level)


def _arrow_color(color, level: float):
    """Full colour at normal and above, fading towards white as the signal falls (never invisible)."""
    level = 0.0 if not np.isfinite(level) else min(max(level, 0.0), 1.0)
    return _mix(color, "white", 0.6 * (1 - level))


# Nodes: key -> (centre, size, text, level key(s) that make it glow)
_NODES = {
    "hypothalamus": ((6.0, 10.2), (3.4, 1.0), "Hypothalamus", ("GnRH",)),
    "pituitary": ((6.0, 7.6), (3.4, 1.0), "Pituitary", ("LH", "FSH")),
    "leydig": ((4.2, 4.6), (2.4, 1.0), "Leydig cells\n(make T)", ("ITT",)),
    "sertoli": ((7.8, 4.6), (2.4, 1.0), "Sertoli cells\n(make sperm)", ("sperm", "inhibin_B")),
    "blood_T": ((4.2, 2.2), (2.4, 0.9), "Testosterone\nin the blood", ("T",)),
    "sperm_out": ((7.8, 2.2), (2.4, 0.9), "Sperm\nin semen", ("sperm",)),
    "E2": ((4.2, 0.2), (2.4, 0.8), "Estradiol (E2)", ("E2",)),
}

# Arrows: key -> (level key, points of the path, inhibits?, label position, label alignment)
_ARROWS = {
    "GnRH": ("GnRH", [(6.0, 9.68), (6.0, 8.13)], False, (6.15, 8.9), "left"),
    "LH": ("LH", [(5.3, 7.08), (4.4, 5.13)], False, (4.7, 6.15), "right"),
    "FSH": ("FSH", [(6.7, 7.08), (7.6, 5.13)], False, (7.3, 6.15), "left"),
    "ITT": ("ITT", [(5.43, 4.75), (6.57, 4.75)], False, (6.0, 4.3), "center"),
    "T_made": ("ITT", [(4.2, 4.08), (4.2, 2.68)], False, None, None),
    "sperm": ("sperm", [(7.8, 4.08), (7.8, 2.68)], False, (7.95, 3.3), "left"),
    "aromatase": ("E2", [(4.2, 1.73), (4.2, 0.63)], False, (4.0, 1.18), "right"),
    "T_fb_hypo": ("T", [(3.0, 2.2), (1.0, 2.2), (1.0, 10.45), (4.27, 10.45)], True, (1.15, 4.6), "left"),
    "T_fb_pit": ("T", [(1.0, 7.85), (4.27, 7.85)], True, None, None),
    "E2_fb_hypo": ("E2", [(5.4, 0.2), (11.0, 0.2), (11.0, 9.95), (7.73, 9.95)], True, (11.15, 5.6), "left"),
    "E2_fb_pit": ("E2", [(11.0, 7.85), (7.73, 7.85)], True, None, None),
    "inhibin_fb": ("inhibin_B", [(9.0, 4.6), (10.1, 4.6), (10.1, 7.35), (7.73, 7.35)], True,
                   (9.0, 7.12), "center"),
}
_ARROW_COLOR = {"T_made": "T", "aromatase": "E2", "T_fb_hypo": "T", "T_fb_pit": "T",
                "E2_fb_hypo": "E2", "E2_fb_pit": "E2", "inhibin_fb": "inhibin_B"}
_ARROW_TEXT = {"T_fb_hypo": "T", "E2_fb_hypo": "E2", "aromatase": "aromatase\nE2",
               "inhibin_fb": "inhibin B", "sperm": "sperm"}
_TWO_LINE_LABELS = ("ITT", "T_fb_hypo", "E2_fb_hypo")   # narrow spots: name above the value

# Drug badges: family -> (centre, text, target point or None, blocks?)
_BADGES = {
    "testosterone": ((0.75, 0.75), "TRT\nadds T", (3.05, 1.85), False),
    "hCG": ((2.25, 6.45), "hCG\nacts as LH", (3.4, 5.13), False),
    "GnRH agonist": ((9.0, 9.0), "Gonadorelin\nacts as GnRH", (7.5, 8.13), False),
    "SERM": ((9.4, 11.05), "SERM blocks\nE2 feedback", None, True),
    "aromatase inhibitor": ((7.2, 1.05), "Anastrozole\nblocks aromatase", (4.3, 1.18), True),
}
# Where a blocking drug cuts a signal: drawn as a cross when the drug is active.
_BLOCK_MARKS = {"SERM": [(9.0, 9.95), (9.0, 7.85)], "aromatase inhibitor": [(4.2, 1.18)]}


class AxisDiagram:
    """The HPG axis as a diagram whose glands glow and arrows thicken with signal strength.

    ``update(levels, active_drugs)``: `levels` maps "GnRH", "LH", "FSH", "T", "E2", "ITT",
    "inhibin_B", "sperm" to values relative to a healthy man (1.0 = normal); missing keys keep
    their last value. `active_drugs` holds agent names ("hcg") or families ("SERM"). Each arrow
    shows its value as text ("LH 5 %"), so colour is never the only channel.
    """

    def __init__(self, ax=None, *, levels=None, active_drugs=(), width: float = 7.5):
        if ax is None:
            fig = new_figure((width, width * 0.95))
            ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        self.ax, self.figure = ax, ax.figure
        ax.set_xlim(-0.4, 12.6)
        ax.set_ylim(-1.2, 11.6)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self.levels = {k: 1.0 for k in STYLE}
        self._nodes = {k: self._make_node(*spec) for k, spec in _NODES.items()}
        self.nodes = {k: box for k, (box, _) in self._nodes.items()}
        self._testes_frame()
        self.arrows, self.arrow_labels, self._arrow_info = {}, {}, {}
        for key, spec in _ARROWS.items():
            self._make_arrow(key, *spec)
        self._badges = {fam: self._make_badge(fam, *spec) for fam, spec in _BADGES.items()}
        self.badges = {fam: text for fam, (text, _) in self._badges.items()}
        self._marks = {fam: [ax.text(x, y, "✕", fontsize=15, fontweight="bold", ha="center",
                                     va="center", color=DRUG_STYLE[fam], zorder=6, visible=False)
                             for x, y in pts] for fam, pts in _BLOCK_MARKS.items()}
        # Short on purpose: every glyph is re-rendered on every update.
        ax.text(6.1, -0.95, "→ stimulates    ⊣ inhibits (feedback)\n% of a healthy man's level",
                ha="center", va="center", fontsize=_FONT - 1, color="#555555")
        self.update(levels or {}, active_drugs, draw=False)

    # construction ----------------------------------------------------------------------------------

    def _make_node(self, centre, size, text, keys):
        (x, y), (w, h) = centre, size
        box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.25",
                             facecolor="white", edgecolor=_INK, lw=1.2, zorder=2)
        self.ax.add_patch(box)
        self.ax.text(x, y, text, ha="center", va="center", fontsize=_FONT, color="black", zorder=3)
        return box, keys

    def _testes_frame(self):
        frame = FancyBboxPatch((2.75, 3.8), 6.5, 1.75, boxstyle="round,pad=0,rounding_size=0.45",
                               facecolor="#F7F7F7", edgecolor="#999999", lw=1, ls=(0, (4, 2)), zorder=1)
        self.ax.add_patch(frame)
        self.ax.text(2.95, 5.38, "Testes", fontsize=_FONT - 1, style="italic", color="#666666", va="center")

    def _make_arrow(self, key, level_key, pts, inhibits, label_xy, ha):
        color = STYLE[_ARROW_COLOR.get(key, level_key)].color
        codes = [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1)
        # Feedback: a dashed line ending in a solid bar (a dashed bar head would be cut by the dashes).
        style = "-" if inhibits else ArrowStyle("-|>", head_length=0.5, head_width=0.3)
        arrow = FancyArrowPatch(path=Path(pts, codes), arrowstyle=style, mutation_scale=14,
                                color=color, lw=2, zorder=2.5, capstyle="butt", joinstyle="miter",
                                linestyle=(0, (3, 1.5)) if inhibits else "solid")
        bar = None
        if inhibits:
            (bar,) = self.ax.plot(*pts[-1], marker="|", color=color, zorder=2.6, linestyle="none")
        self.arrows[key] = self.ax.add_patch(arrow)
        self._arrow_info[key] = (level_key, color, bar)
        if label_xy is not None:
            self.arrow_labels[key] = self.ax.text(
                *label_xy, "", ha=ha, va="center", fontsize=_FONT - 0.5, zorder=5,
                color=_mix(color, "black", 0.3), fontweight="bold")

    def _make_badge(self, family, centre, text, target, blocks):
        x, y = centre
        label = self.ax.text(x, y, text, ha="center", va="center", fontsize=_FONT - 1.5, zorder=7,
                             bbox=dict(boxstyle="round,pad=0.3", lw=1.2))
        arrow = None
        if target is not None:
            style = ArrowStyle("-[", widthB=0.5, lengthB=0) if blocks else ArrowStyle("-|>", head_length=0.4,
                                                                                      head_width=0.25)
            arrow = FancyArrowPatch((x, y), target, arrowstyle=style, mutation_scale=12, lw=1.5,
                                    shrinkA=14, shrinkB=2, zorder=6)
            self.ax.add_patch(arrow)
        return label, arrow

    # update ----------------------------------------------------------------------------------------

    def update(self, levels: dict | None = None, active_drugs=(), draw: bool = True):
        """Set signal levels (relative, 1.0 = healthy) and the active drugs; only artists change."""
        for k, v in (levels or {}).items():
            if k in self.levels:
                self.levels[k] = float(v)
        active = {drug_family(d) for d in active_drugs}
        self._update_nodes()
        self._update_arrows()
        self._update_badges(active)
        if draw:
            self.figure.canvas.draw_idle()
        return self

    def _update_nodes(self):
        for box, keys in self._nodes.values():
            known = [self.levels[k] for k in keys if np.isfinite(self.levels[k])]
            strength = min(max(sum(known) / len(known), 0.0), 1.5) / 1.5 if known else 0.0
            box.set_facecolor(_mix("white", _GLOW, 0.1 + 0.8 * strength))

    def _update_arrows(self):
        for key, arrow in self.arrows.items():
            level_key, color, bar = self._arrow_info[key]
            level = self.levels[level_key]
            lw = _arrow_width(level)
            shade = _arrow_color(color, level)
            arrow.set_linewidth(lw)
            arrow.set_mutation_scale(8 + 2.2 * lw)
            arrow.set_color(shade)
            if bar is not None:
                bar.set(markersize=12 + 2.5 * lw, markeredgewidth=lw + 1.2, color=shade)
            if key in self.arrow_labels:
                name = _ARROW_TEXT.get(key, STYLE[level_key].short)
                sep = "\n" if key in _TWO_LINE_LABELS else " "
                self.arrow_labels[key].set_text(f"{name}{sep}{percent_text(level)}")

    def _update_badges(self, active):
        for family, (label, arrow) in self._badges.items():
            on = family in active
            color = DRUG_STYLE[family]
            label.set_color("white" if on else "#9A9A9A")
            label.set_fontweight("bold" if on else "normal")
            label.get_bbox_patch().set(facecolor=color if on else "white", edgecolor=color if on else "#C8C8C8")
            if arrow is not None:
                arrow.set_color(color if on else "#D0D0D0")
                arrow.set_linestyle("solid" if on else (0, (2, 2)))
            for mark in self._marks.get(family, ()):
                mark.set_visible(on)

    def close(self):
        """Release the figure from pyplot's registry."""
        import matplotlib.pyplot as plt
        plt.close(self.figure)

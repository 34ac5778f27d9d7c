"""ScenarioFigure, the series' panel primitive: stacked hormone panels with reference bands, a cohort's
spread and a dosing strip that doubles as the legend, overlaying up to four scenarios (one is fine).

Every builder makes its figure once and then only changes artist data in ``update`` (no new
artists), so a slider move costs one redraw. Figures are created under ``plt.ioff()``: nothing is
shown until the caller displays ``builder.figure`` (inline) or ``builder.figure.canvas`` (ipympl).
Pure drawing: no text summaries and no model code here.
"""
from __future__ import annotations

from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator
import numpy as np

from ..model import units as _units
from ..content.words import courses_words, drug_family, is_trt
from .style import (BAND_ALPHA, CAPTION, darkness_factor, DRUG_STYLE, figure_width, fit_words, floored, FONT, INK,
                    legible, mix, new_figure, on_phone, OTHER_DRUG, panel_look, reference_ranges, STYLE, thin_ticks)
from .timeaxis import decimate, envelope, fixed_time_ticks, time_formatter, TIME_UNITS

__all__ = ["SCENARIO_DASHES", "ScenarioFigure", "cohort_percentiles", "check_choice", "check_panels", "stack_axes",
           "y_label", "name_panel", "add_band", "set_band", "band_text", "fill_open_bands"]


# --- Panel helpers ------------------------------------------------------------------

def y_label(names, unit: str) -> str:
    unit_text = "× healthy level" if unit == "relative" else unit
    if len(names) == 1:
        return f"{STYLE[names[0]].label}\n({unit_text})"
    return f"{', '.join(STYLE[n].short for n in names)}\n({unit_text})"


def name_panel(ax, text: str, fontsize):
    """Name a panel with its y label `text` ("Testosterone\n(ng/dL)"); on a phone, where two lines of rotated
    label would need a wide margin, as one line over the panel's right end instead."""
    if on_phone():
        ax.set_title(text.replace("\n", " "), loc="right", fontsize=fontsize, color=INK, pad=3)
    else:
        ax.set_ylabel(text, fontsize=fontsize, color=INK)


PHONE_PANEL_GAP = 0.32   # inches between stacked panels on a phone: room for the panel's one-line name


def check_choice(field: str, value, allowed):
    if value not in allowed:
        raise ValueError(f"{field}={value!r}; allowed values: {', '.join(allowed)}")


def check_panels(panels):
    for group in panels:
        unknown = [n for n in group if n not in STYLE]
        if unknown or not group:
            raise ValueError(f"panels: unknown series {unknown or group!r}; allowed values: "
                             f"{', '.join(STYLE)}")
        if len({_units.unit_of(n) for n in group}) > 1:
            raise ValueError(f"panels: {tuple(group)} mix units; put them in separate panels")


def stack_axes(fig, left, top, width, n, panel_height, gap, label_x, sharex=None):
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


def add_band(ax, name):
    """An empty reference-range band of series `name` across the axes (placed by `set_band`)."""
    color = STYLE[name].color
    band = Rectangle((0, 0), 1, 0, transform=ax.get_yaxis_transform(), facecolor=color,
                     alpha=BAND_ALPHA * darkness_factor(color), edgecolor="none", zorder=0.5, visible=False)
    return ax.add_patch(band)


def set_band(band, name, system):
    """Put `band` on the reference range of `name` in `system` and return (low, high), or hide it and
    return None when there is no range. An open-ended range (high None) waits for fill_open_bands."""
    rng = reference_ranges().get(name)
    band.set_visible(rng is not None)
    if rng is None:
        return None
    low = float(_units.convert(rng[0], name, system)[0])
    high = None if rng[1] is None else float(_units.convert(rng[1], name, system)[0])
    band.set_y(low)
    band.set_height(0 if high is None else high - low)
    return low, high


def band_text(name, low, high, multi: bool) -> str:
    who = f"{STYLE[name].short} " if multi else ""   # several hormones share the panel: say whose band
    return f"{who}reference range" + (f" (≥ {low:.3g})" if high is None else "")


def fill_open_bands(bands, names, top):
    """Open-ended ranges (sperm: a lower limit only) fill the panel up to its top."""
    for name in names:
        rng = reference_ranges().get(name)
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


# --- Overlaid scenarios ---------------------------------------------------------------------------------
# A hormone keeps its colour everywhere (STYLE); overlaid scenarios (protocols) are told apart by line
# style and width, which survive greyscale printing and stay distinct for four scenarios (shades of
# one colour did not), plus a slight lightening.
SCENARIO_DASHES = ("solid", (0, (6, 2.5)), (0, (1.3, 1.7)), (0, (8, 2, 1.5, 2)))
SCENARIO_WIDTHS = (2.4, 1.9, 2.2, 1.7)
SCENARIO_TINTS = (0.0, 0.12, 0.25, 0.35)


def _scenario_color(name, s):
    return mix(STYLE[name].color, "white", SCENARIO_TINTS[s])


def _line_style(name, s, scenarios):
    """The dash of scenario s; a lone scenario has none to tell apart, so each hormone keeps its own (hormones
    sharing a panel then differ in line style as well as colour: DESIGN.md's look, for colour-blind readers)."""
    return STYLE[name].linestyle if scenarios == 1 else SCENARIO_DASHES[s]


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
    "grow" only ever expands an axis (per unit system), so a control change moves lines, not axes. A lone
    scenario draws each hormone in its own line style. `max_points`: lines longer are decimated (min/max, every
    peak and trough kept); None: never.
    """

    def __init__(self, panels=(("T",), ("LH",), ("E2",), ("sperm",)), scenarios=4, labels=None,
                 units="conventional", width=9.5, panel_height=1.35, title=None, strip=True, y_limits="fit",
                 max_points=None):
        if not 1 <= scenarios <= len(SCENARIO_DASHES):
            raise ValueError(f"scenarios must be 1 to {len(SCENARIO_DASHES)}, got {scenarios!r}")
        check_panels(panels)
        check_choice("units", units, _units.UNIT_SYSTEMS)
        check_choice("y_limits", y_limits, ("fit", "grow"))
        self.panel_names = tuple(tuple(g) for g in panels)
        self.scenarios, self.units, self.grow = scenarios, units, y_limits == "grow"
        self.max_points = max_points   # per line, beyond which min/max decimation keeps every peak and trough
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
                                             fontsize=FONT - 2, color="#555555", ha="left", va="bottom",
                                             visible=False)
        if strip:
            self._make_strip()
        legible(self.figure)

    # construction ----------------------------------------------------------------------------------

    def _layout(self, width, panel_height, title, strip):
        """Fixed layout in inches, the strip (one row for shared drugs, one per scenario) on top. On a phone the
        figure is as wide as the screen, with narrow margins and room for a caption of three lines (two on a desktop:
        a long caption wraps, never cut)."""
        rows = (self.scenarios + 1) if strip else 0
        phone = on_phone()
        width = figure_width(width)
        left, right, bottom, top = (0.5, 0.12, 1.1, 0.3) if phone else (1.1, 0.35, 0.85, 0.15)
        top += 0.3 if title else 0
        strip_h, gap = (0.6 if phone else 0.34) * rows, PHONE_PANEL_GAP if phone else 0.12
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
        self.axes = stack_axes(fig, left, y, w, n, panel_height, gap, -0.6 if phone else -0.68, sharex=self.strip_ax)
        for ax in self.axes:
            self.style_axes(ax, last=ax is self.axes[-1])
        if title:
            fig.text(left / width, 1 - 0.1 / height, title, fontsize=FONT + 2, color=INK, va="top",
                     fontweight="bold")
        self.caption = fig.text(left / width if not phone else 0.04 / width, 0.06 / height, CAPTION,
                                fontsize=FONT - 2, color="#666666", va="bottom")

    @staticmethod
    def style_axes(ax, last):
        panel_look(ax)
        ax.tick_params(axis="x", labelbottom=last)   # tick marks on every panel, numbers under the last

    def _make_panel(self, ax, names):
        for name in names:
            st = STYLE[name]
            self.bands[name] = add_band(ax, name)
            self.band_labels[name] = ax.text(0.006, 0, "", transform=ax.get_yaxis_transform(),
                                             fontsize=FONT - 2.5, color=mix(st.color, "black", 0.3),
                                             va="bottom", ha="left", zorder=1)
        for s in range(self.scenarios):   # the first scenario on top
            for name in names:
                color = _scenario_color(name, s)
                self.spreads[name, s] = ax.add_collection(PolyCollection(
                    [np.zeros((0, 2))], facecolors=[color], alpha=0.16 * darkness_factor(color),
                    edgecolors=[color], linewidths=0.6, linestyles=[SCENARIO_DASHES[s]], zorder=1.5, visible=False),
                    autolim=False)
                (self.lines[name, s],) = ax.plot(
                    [], [], color=_scenario_color(name, s), linestyle=_line_style(name, s, self.scenarios),
                    lw=SCENARIO_WIDTHS[s], zorder=3 - 0.1 * s, label=STYLE[name].short)
        if len(names) > 1:   # several hormones in one panel: name them in the panel corner
            handles = [Line2D([], [], color=STYLE[nm].color, lw=2, linestyle=_line_style(nm, 0, self.scenarios))
                       for nm in names]
            ax.legend(handles, [STYLE[nm].short for nm in names], loc="upper right", fontsize=FONT - 2,
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
        # on a phone a row's words may take two lines (wrapped at the figure's edge): they sit above its bars
        phone = on_phone()
        text_y, text_va, sample_y = (0.56, "bottom", 0.44) if phone else (0.38, "center", 0.38)
        for r in range(rows):   # row 0: drugs all scenarios share; row s + 1: scenario s
            self.strip_texts.append(ax.text(0.075 if r else 0.0, r + text_y, "", transform=ax.get_yaxis_transform(),
                                            fontsize=FONT - 1.5, color=INK, va=text_va, ha="left"))
            self.strip_bars.append([ax.add_patch(Rectangle((0, r + 0.62), 0, 0.3, lw=0, visible=False))
                                    for _ in range(4)])
        for s in range(self.scenarios):   # the legend: a sample of the scenario's line style
            (line,) = ax.plot([0.0, 0.065], [s + 1 + sample_y] * 2, transform=ax.get_yaxis_transform(),
                              color="#444444", linestyle=SCENARIO_DASHES[s], lw=SCENARIO_WIDTHS[s],
                              clip_on=False)
            self.strip_samples.append(line)

    # update ----------------------------------------------------------------------------------------

    def update(self, results, labels=None, units=None, draw=True, spreads=None, spread_caption="", view_from=0.0):
        """Show `results` (list, at most `scenarios`) labelled `labels`; only artist data change.
        `spreads`: per result a cohort Result (or None) whose 10th-90th percentile spread is shaded around
        that result's lines, the figure's caption then `spread_caption`; None: no spreads. `view_from`: the day
        the time axis starts (a view of a recovery gives it most of the width, not the months of treatment)."""
        results = list(results) if isinstance(results, (list, tuple)) else [results]
        self._spreads = list(spreads) if spreads is not None else []
        if len(results) > self.scenarios:
            raise ValueError(f"at most {self.scenarios} results, got {len(results)}")
        if units is not None:
            check_choice("units", units, _units.UNIT_SYSTEMS)
            self.units = units
        if labels is not None:
            self.labels = list(labels)
        span = max(float(r.t[-1]) for r in results) if results else 1.0
        for i, (ax, names) in enumerate(zip(self.axes, self.panel_names)):
            self._update_panel(i, ax, names, results)
        self._set_time_axis(span, view_from)
        if self.strip_ax is not None:
            self._update_strip(results, span)
        caption = spread_caption if spread_caption and any(x is not None for x in self._spreads) else CAPTION
        caption = fit_words(caption, self._room(self.caption), self.caption.get_fontsize())
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
        fill_open_bands(self.bands, names, top)
        unit = _units.unit_of(names[0], self.units)
        unit = "× healthy" if unit == "relative" else unit
        title = STYLE[names[0]].label if len(names) == 1 else ", ".join(STYLE[n].short for n in names)
        name_panel(ax, f"{title}\n({unit})", FONT - 0.5)

    def _update_line(self, name, s, results) -> float:
        """Scenario s's line of `name` (hidden without a result) and its spread; returns its highest value."""
        line = self.lines[name, s]
        line.set_visible(s < len(results))
        if s >= len(results):
            if self.spreads[name, s].get_visible():
                self.spreads[name, s].set_visible(False)
            return 0.0
        y = floored(name, _units.convert(results[s][name], name, self.units)[0])
        t = np.asarray(results[s].t, dtype=float)
        line.set_data(*(decimate(t, y, self.max_points) if self.max_points else (t, y)))
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
        spread.set_verts([envelope(t, floored(name, lo), floored(name, hi), 1500)])
        return float(np.nanmax(hi))

    def _update_band(self, name, multi, first) -> float:
        """Place the band of `name` (its label shown only for a panel's first hormone); returns its top."""
        limits = set_band(self.bands[name], name, self.units)
        label = self.band_labels[name]
        label.set_visible(first and limits is not None)
        if limits is None:
            return 0.0
        low, high = limits
        label.set_text(band_text(name, low, high, multi))
        label.set_y(low)
        return low if high is None else high

    def _y_top(self, i, top):
        top = top * 1.12 if top > 0 else 1.0
        if self.grow:
            top = self._tops[i, self.units] = max(top, self._tops.get((i, self.units), 0.0))
        return top

    def _set_time_axis(self, span, view_from=0.0):
        """Days `view_from` to `span`, ticked for the days shown (still counted from day 0)."""
        start = min(max(float(view_from), 0.0), span)
        unit, ticks = fixed_time_ticks(span - start)
        if start > 0 and len(ticks) > 1:
            step = ticks[1] - ticks[0]
            ticks = np.arange(np.ceil(start / step - 1e-9) * step, span + 1e-9, step)
        last = self.axes[-1]
        last.xaxis.set_major_locator(FixedLocator(thin_ticks(ticks)))
        last.xaxis.set_major_formatter(time_formatter(unit))
        last.set_xlabel(TIME_UNITS[unit][2], fontsize=FONT, color=INK)
        last.set_xlim(start, span)

    def _update_strip(self, results, span):
        shared = self._shared_courses(results)
        # no shared drugs: the first row is empty, so let the scenario rows use its room
        self.strip_ax.set_ylim(len(self.strip_texts), 0.0 if shared else 0.85)
        rows = [("All: " + courses_words(shared) if shared else "", shared)]
        rows += [self._scenario_row(s, results, shared) for s in range(self.scenarios)]
        for r, (text, courses) in enumerate(rows):
            self._update_strip_row(r, text, courses, span)
        for s, sample in enumerate(self.strip_samples):
            sample.set_visible(s < len(results))

    def _room(self, text) -> float:
        """Inches from a left-aligned text's start to the figure's right edge (less a little air)."""
        fig = self.figure
        x = fig.transFigure.inverted().transform(text.get_transform().transform((text.get_position()[0], 0)))[0]
        return fig.get_figwidth() * (1 - x) - 0.08

    @staticmethod
    def _shared_courses(results):
        """Courses every scenario has, in the first one's order; a lone scenario shares only its TRT."""
        if not results:
            return []
        common = set.intersection(*(set(r.regimen.courses) for r in results))
        if len(results) == 1:
            common = {c for c in common if is_trt(c)}
        return [c for c in results[0].regimen.courses if c in common]

    def _scenario_row(self, s, results, shared):
        """(text, courses) of scenario s's strip row: its name and the drugs it does not share."""
        if s >= len(results):
            return "", []
        own = [c for c in results[s].regimen.courses if c not in shared]
        name = self.labels[s] if s < len(self.labels) else chr(65 + s)
        words = courses_words(own)
        if not words:
            text = name if not shared or "no " in name else f"{name}: no other drug"
        elif name.lower() in words.lower():   # the name already says it
            text = words
        else:
            text = f"{name}: {words}"
        return text, own

    def _update_strip_row(self, r, text, courses, span):
        label = self.strip_texts[r]
        label.set_text(fit_words(text, self._room(label), label.get_fontsize()))
        lanes = _lanes(courses, span)
        height = 0.3 / (max(lanes) + 1 if lanes else 1)   # drugs given together share the row
        for i, bar in enumerate(self.strip_bars[r]):
            if i >= len(courses):
                bar.set_visible(False)
                continue
            c = courses[i]
            stop = min(span, c.stop_day if c.stop_day is not None else span)
            bar.set_bounds(c.start_day, r + 0.62 + lanes[i] * height, max(stop - c.start_day, 0.0), height * 0.9)
            bar.set_facecolor(DRUG_STYLE.get(drug_family(c.agent), OTHER_DRUG))
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

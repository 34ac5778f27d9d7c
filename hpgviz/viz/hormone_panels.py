"""HormonePanels: stacked panels of ONE result with direct end labels (the TRT explorer's figure). For
several results overlaid, use panels.ScenarioFigure, the series' main primitive."""
from __future__ import annotations

from matplotlib.collections import PolyCollection
import numpy as np

from ..model import units as _units
from .panels import (add_band, band_text, check_choice, check_panels, cohort_percentiles, fill_open_bands, name_panel,
                     PHONE_PANEL_GAP, set_band, stack_axes, y_label)
from .strip import DosingStrip
from .style import (CAPTION, darkness_factor, DEFAULT_PANELS, figure_width, fit_words, floored, FONT, INK, legible,
                    mix, new_figure, on_phone, panel_look, STYLE)
from .timeaxis import auto_time_unit, decimate, envelope, time_formatter, TIME_UNITS, TimeLocator

__all__ = ["HormonePanels"]


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
        check_panels(panels)
        check_choice("units", units, _units.UNIT_SYSTEMS)
        check_choice("time_ticks", time_ticks, (*TIME_UNITS, "auto"))
        check_choice("y_limits", y_limits, ("fit", "grow"))
        self.panel_names = tuple(tuple(g) for g in panels)
        self.units, self.time_ticks = units, time_ticks
        if strip_rows is None:
            strip_rows = max(2, len(DosingStrip.rows_of(result)) if result is not None else 0)
        width = figure_width(width)
        self._layout(width, panel_height, strip_rows, title, figure)
        size_in = (width * self.axes[0].get_position().width, panel_height)
        self._panels = [_Panel(ax, names, max_points, percentiles, size_in, y_limits == "grow")
                        for ax, names in zip(self.axes, self.panel_names)]
        self._strip = DosingStrip(self.strip_ax, strip_rows)
        self._caption_mode = caption
        spread = (f"Line: median of the group; darker shading: middle {percentiles[1] - percentiles[0]:g} % "
                  "of men; light band: reference range. ")
        self._captions = (CAPTION, spread + CAPTION.split(". ", 1)[1])
        self._caption = self.figure.text(0.04 / width if on_phone() else self.axes[0].get_position().x0,
                                         0.08 / self.figure.get_figheight(), "", fontsize=FONT - 2, color="#666666",
                                         ha="left", va="bottom")
        self._result, self._spread, self._spread_caption = None, None, ""
        if result is not None:
            self.update(result, draw=False)
        legible(self.figure)

    def _layout(self, width, panel_height, strip_rows, title, figure):
        """Fixed layout in inches (no layout engine: it would cost time on every redraw). On a phone: narrow
        margins, each panel named over it, room for a caption of three lines (two on a desktop: it wraps, never cut)."""
        phone = on_phone()
        left, right, bottom, top = (0.55, 0.6, 1.2, 0.3) if phone else (1.05, 1.45, 0.9, 0.2)
        top += 0.35 if title else 0
        gap, strip_h = PHONE_PANEL_GAP if phone else 0.14, (0.55 if phone else 0.36) * strip_rows
        n = len(self.panel_names)
        height = bottom + n * panel_height + (n - 1) * gap + 0.2 + strip_h + top
        fig = figure if figure is not None else new_figure((width, height))
        if figure is not None:
            fig.set_size_inches(width, height)
        self.figure = fig
        w = width - left - right
        y = height - top - strip_h
        self.strip_ax = fig.add_axes((left / width, y / height, w / width, strip_h / height))
        self.axes = stack_axes(fig, left, y - 0.2, w, n, panel_height, gap, -0.62, sharex=self.strip_ax)
        for ax in self.axes:
            self._style_axes(ax, last=ax is self.axes[-1])
            ax.xaxis.set_label_coords(0.5, -0.33 / panel_height)
        if title:
            fig.text(left / width, 1 - 0.12 / height, title, fontsize=FONT + 2, color=INK,
                     va="top", ha="left", fontweight="bold")

    @staticmethod
    def _style_axes(ax, last: bool):
        panel_look(ax)
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
            check_choice("units", units, _units.UNIT_SYSTEMS)
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
            self._set_caption(self._spread_caption)

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
        self._set_caption(text)

    def _set_caption(self, text):
        """The caption, in as many lines as the figure's width needs (a long one is wrapped, never cut)."""
        fig, caption = self.figure, self._caption
        room = fig.get_figwidth() * (1 - caption.get_position()[0]) - 0.08
        caption.set_text(fit_words(text, room, caption.get_fontsize()))
        caption.set_visible(bool(text))

    def _set_time_axis(self, span):
        unit = auto_time_unit(span) if self.time_ticks == "auto" else self.time_ticks
        if getattr(self, "_time_unit", None) == unit:
            return
        self._time_unit = unit
        ax = self.axes[-1]
        ax.xaxis.set_major_locator(TimeLocator(unit, max_ticks=5 if on_phone() else 10))
        ax.xaxis.set_major_formatter(time_formatter(unit))
        ax.set_xlabel(TIME_UNITS[unit][2], fontsize=FONT, color=INK)

    @property
    def lines(self) -> dict:
        """{(series name, 0): Line2D} across all panels (for tests and widgets), keyed like
        ScenarioFigure.lines (this figure's one result is scenario 0) so callers read both alike."""
        return {(name, 0): line for p in self._panels for name, line in p.lines.items()}

    @property
    def bands(self) -> dict:
        """{series name: reference-band Rectangle} across all panels."""
        return {k: v for p in self._panels for k, v in p.bands.items()}


class _Panel:
    """One axes: per hormone a reference band, a line, a cohort spread and an end label."""

    def __init__(self, ax, names, max_points: int, percentiles, size_in, grow: bool):
        self.ax, self.names, self.max_points, self.percentiles = ax, tuple(names), max_points, percentiles
        self.grow, self._last = grow, (None, 0.0)   # "grow" mode remembers (unit system, top)
        self.size_in = size_in                              # axes (width, height) in inches
        self.label_gap = (FONT * 1.3 / 72) / size_in[1]    # one text line, in axes fraction
        self.bands, self.band_labels, self.lines, self.spreads, self.end_labels = {}, {}, {}, {}, {}
        for name in self.names:
            self._make_band(name)
            self._make_series(name)
        self.cursor = ax.axvline(0, color=INK, lw=1, alpha=0.6, visible=False, zorder=4)

    def _make_band(self, name):
        st, ax = STYLE[name], self.ax
        self.bands[name] = add_band(ax, name)
        self.band_labels[name] = ax.text(
            0.008, 0, "", transform=ax.get_yaxis_transform(), fontsize=FONT - 2,
            color=mix(st.color, "black", 0.25), va="top", ha="left", zorder=1, visible=False)

    def _make_series(self, name):
        st, ax = STYLE[name], self.ax
        spread = PolyCollection([np.zeros((0, 2))], facecolors=[st.color], alpha=0.25 * darkness_factor(st.color),
                                edgecolors="none", zorder=1.5, visible=False)
        self.spreads[name] = ax.add_collection(spread, autolim=False)
        (self.lines[name],) = ax.plot([], [], color=st.color, linestyle=st.linestyle, lw=2.2, zorder=3,
                                      solid_capstyle="butt")
        self.end_labels[name] = ax.text(
            1.012, 0.5, st.short, transform=ax.transAxes, fontsize=FONT - 0.5, va="center", ha="left",
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
        fill_open_bands(self.bands, self.names, top)
        self._place_band_labels(top)
        name_panel(self.ax, y_label(self.names, _units.unit_of(self.names[0], system)), FONT)
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
            spread.set_verts([envelope(t, floored(name, lo), floored(name, hi), self.max_points)])
            spread.set_visible(True)
            peak = np.nanmax(hi)
            y = mid
        elif others is not None and name in others.names:   # one man's line inside the cohort's spread
            lo, hi = cohort_percentiles(others, name, system, self.percentiles, t)
            spread.set_verts([envelope(t, floored(name, lo), floored(name, hi), self.max_points)])
            spread.set_visible(True)
            peak = max(np.nanmax(hi), np.nanmax(y) if y.size else 0.0)
        else:
            spread.set_visible(False)
            peak = np.nanmax(y) if y.size else 0.0
        line.set_data(*decimate(t, floored(name, y), self.max_points))
        line.set_visible(True)
        return float(peak) if np.isfinite(peak) else 0.0

    def _update_bands(self, system) -> float:
        top = 0.0
        for name, band in self.bands.items():
            limits = set_band(band, name, system)
            label = self.band_labels[name]
            label.set_visible(limits is not None)
            if limits is None:
                continue
            low, high = limits
            label.set_text(band_text(name, low, high, len(self.names) > 1))
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

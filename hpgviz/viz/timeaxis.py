"""Time on the x axis: min/max decimation of long series, and ticks at round days, weeks or months
while the data stay in days."""
from __future__ import annotations

import math

import numpy as np

from ..analysis.published import MONTH_DAYS

__all__ = ["decimate", "envelope", "TIME_UNITS", "time_formatter", "fixed_time_ticks"]


def _bins(t, y, max_points: int):
    """Reshape (t, y) into bins of equal size, padding with the last value."""
    k = math.ceil(t.size / max(max_points // 2, 1))
    pad = (-t.size) % k
    tp = np.concatenate([t, np.repeat(t[-1], pad)]).reshape(-1, k)
    yp = np.concatenate([y, np.repeat(y[-1], pad)]).reshape(-1, k)
    return tp, yp


def decimate(t, y, max_points: int):
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


def envelope(t, lo, hi, max_points: int):
    """Polygon vertices of a band between lo and hi, decimated to its outer envelope."""
    if t.size > max_points:
        tp, lp = _bins(t, lo, max_points)
        _, hp = _bins(t, hi, max_points)
        t = tp[:, [0, -1]].ravel()
        lo = np.repeat(lp.min(axis=1), 2)
        hi = np.repeat(hp.max(axis=1), 2)
    return np.concatenate([np.column_stack([t, hi]), np.column_stack([t[::-1], lo[::-1]])])


TIME_UNITS = {  # name -> (days per unit, allowed tick steps in that unit, axis label)
    "days": (1.0, (1, 2, 5, 7, 10, 14, 20, 30, 50, 60, 90, 100, 200, 365, 500, 730, 1000), "Time (days)"),
    "weeks": (7.0, (1, 2, 4, 8, 13, 26, 52, 104), "Time (weeks)"),
    "months": (MONTH_DAYS, (1, 2, 3, 6, 12, 24, 60), "Time (months)"),
}


def time_formatter(unit: str):
    per = TIME_UNITS[unit][0]
    return lambda x, pos=None: f"{x / per:.0f}"


def fixed_time_ticks(span: float):
    """(unit, tick days) for a run of `span` days from day 0: weeks up to 200 days, then months."""
    if span <= 200:
        unit, step = "weeks", 1 if span <= 35 else 2 if span <= 84 else 4
    else:
        unit, step = "months", 1 if span <= 300 else 3 if span <= 1100 else 6
    per = TIME_UNITS[unit][0]
    return unit, np.arange(0, span / per + 1e-9, step) * per

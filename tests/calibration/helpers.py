"""Shared readings of a Result for the calibration tests (tests/calibration is on sys.path)."""
import numpy as np

WEEK = 7.0


def window_mean(res, name, start, stop, *, include_stop=True):
    """Mean of a series over start <= t <= stop (or < stop)."""
    t = res.t
    mask = (t >= start) & ((t <= stop) if include_stop else (t < stop))
    assert mask.any(), f"no grid point in [{start}, {stop}]"
    return float(np.mean(res[name][mask]))


def first_day(res, name, below):
    """First day a series is below `below` (nan if never)."""
    hit = np.nonzero(res[name] < below)[0]
    return float(res.t[hit[0]]) if len(hit) else float("nan")

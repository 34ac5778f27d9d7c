"""Event times per man, with censoring, and Kaplan-Meier curves from them.

An event is the first time a series crosses a threshold, from `after` on, and stays across it to the
end of the run (``time_to``). Men for whom it has not happened by the end are censored there. Works on
one man's Result (scalars) and on a Cohort's (arrays, one entry per man), vectorised.

Kaplan-Meier (``kaplan_meier``, ``share_by``, ``km_quantile``, ``km_median``) turns those times into the
share of men with the event by each day, counting censored men only while they are followed.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np

from ..model.parameters import HYPOGONADAL_T, REFERENCE_RANGES

# The reader-facing sperm threshold (million/mL): the lower end of the reference range (WHO 2021), the one
# number every recovery outcome, summary, label and figure band counts to. Calibration targets keep the
# threshold of their own paper (analysis/targets.py: Liu 2006's 20, WHO 2010's 15 for C19 and C27).
SPERM_THRESHOLD = REFERENCE_RANGES["sperm"][0]
# Sperm concentrations (million/mL) recovery is counted to: 3, 10 and 20 are Liu 2006's thresholds (C7).
RECOVERY_THRESHOLDS = (3.0, 10.0, SPERM_THRESHOLD, 20.0)


def time_to(result, name: str, threshold, after: float = 0.0, above: bool = True):
    """Days from `after` until `name` is at or above (or, with above=False, below) `threshold` and stays
    there. `threshold` is one number or, for a cohort, one per man. Returns (times, observed): floats
    for one man, arrays for a cohort; an unobserved event is censored at the end of the run
    (time = end - after, observed False)."""
    t = result.t
    x = np.atleast_2d(result[name])
    window = t >= after
    if not window.any():
        raise ValueError(f"after must be within the run [0, {t[-1]:g}], got {after!r}")
    level = _per_man_threshold(threshold, x.shape[0])
    hit = (x >= level) if above else (x < level)
    hit = hit[:, window]
    tw = t[window]
    # the last sample that misses the threshold; the event is the sample after it (if that exists)
    missed = ~hit
    any_miss = missed.any(axis=1)
    last_miss = np.where(any_miss, hit.shape[1] - 1 - np.argmax(missed[:, ::-1], axis=1), -1)
    observed = last_miss < hit.shape[1] - 1
    index = np.minimum(last_miss + 1, hit.shape[1] - 1)
    times = np.where(observed, tw[index] - after, tw[-1] - after)
    if np.ndim(result[name]) == 1:
        return float(times[0]), bool(observed[0])
    return times, observed


def _per_man_threshold(threshold, n: int) -> np.ndarray:
    """A threshold as a column (n, 1) or a scalar, so that it broadcasts against (n, len(t)) series."""
    level = np.asarray(threshold, dtype=float)
    if level.ndim == 0:
        return level
    if level.shape != (n,):
        raise ValueError(f"threshold must be one number or one per man (shape ({n},)), got shape {level.shape}")
    return level[:, None]


def recovery_times(result, stop_day: float, sperm_threshold: float | None = None, thresholds=None):
    """The recovery events after testosterone stops, per man: sperm at or above each of `thresholds`
    million/mL (default RECOVERY_THRESHOLDS: Liu 2006 counts 3, 10 and 20; WHO 2021's limit SPERM_THRESHOLD), LH back
    in its reference range, T back above 300 ng/dL. ``sperm_threshold=x`` (the older form) asks for the
    one threshold x. Returns {event: (times, observed)} in days after `stop_day`, floats for one man and
    arrays (one entry per man) for a cohort; keys read e.g. "sperm >= 20 M/mL"."""
    if sperm_threshold is not None and thresholds is not None:
        raise ValueError("give either sperm_threshold (one level) or thresholds (several), not both")
    levels = (sperm_threshold,) if sperm_threshold is not None else (
        RECOVERY_THRESHOLDS if thresholds is None else tuple(np.atleast_1d(thresholds).tolist()))
    for level in levels:
        if isinstance(level, bool) or not isinstance(level, Real) or not 0 < level < math.inf:
            raise ValueError(f"sperm thresholds must be positive numbers (million/mL), got {level!r}")
    events = {f"sperm >= {level:g} M/mL": time_to(result, "sperm", level, stop_day) for level in levels}
    events["LH in range"] = time_to(result, "LH", REFERENCE_RANGES["LH"][0], stop_day)
    events[f"T >= {HYPOGONADAL_T:g} ng/dL"] = time_to(result, "T", HYPOGONADAL_T, stop_day)
    return events


def _checked(times, observed):
    times = np.asarray(times, dtype=float).ravel()
    observed = np.asarray(observed, dtype=bool).ravel()
    if times.shape != observed.shape or times.size == 0:
        raise ValueError("times and observed must be non-empty and of the same length")
    if np.any(~np.isfinite(times)) or np.any(times < 0):
        raise ValueError("times must be finite and non-negative")
    return times, observed


def kaplan_meier(times, observed):
    """Kaplan-Meier estimate of the share of men in whom the event has happened by each time.

    Returns (event_times, cumulative_share): a step function rising at each distinct observed time.
    Censored men leave the risk set at their censoring time without an event (ties: events first, so a
    man censored at an event time still counts as at risk there)."""
    times, observed = _checked(times, observed)
    distinct, events = np.unique(times[observed], return_counts=True)
    at_risk = times.size - np.searchsorted(np.sort(times), distinct, side="left")
    surviving = np.cumprod(1.0 - events / at_risk)
    return distinct, 1.0 - surviving


def share_by(times, observed, day):
    """Kaplan-Meier share of men with the event by `day` (0 before the first event). `day` may be one
    number (returns a float) or several (returns an array)."""
    event_times, share = kaplan_meier(times, observed)
    days = np.asarray(day, dtype=float)
    if np.any(~np.isfinite(days)):
        raise ValueError(f"day must be finite, got {day!r}")
    index = np.searchsorted(event_times, days, side="right") - 1
    shares = np.where(index >= 0, np.concatenate([[0.0], share])[index + 1], 0.0)
    return float(shares) if shares.ndim == 0 else shares


def km_quantile(times, observed, q: float) -> float:
    """The first time by which the Kaplan-Meier share with the event reaches `q` (0 < q <= 1); nan if it
    never does within follow-up (then the curve says only that it is later than the last time seen)."""
    if isinstance(q, bool) or not isinstance(q, Real) or not 0 < q <= 1:
        raise ValueError(f"q must be a share in (0, 1], got {q!r}")
    event_times, share = kaplan_meier(times, observed)
    reached = np.nonzero(share >= q - 1e-12)[0]        # tolerance: cumprod rounding at exact halves
    return float(event_times[reached[0]]) if reached.size else math.nan


def km_median(times, observed) -> float:
    """Kaplan-Meier median time to the event (the first time half the men have had it; nan if not
    reached within follow-up)."""
    return km_quantile(times, observed, 0.5)

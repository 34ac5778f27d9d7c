"""Event times per man, with censoring, and Kaplan-Meier curves from them.

An event is the first time a series crosses a threshold, from `after` on, and stays across it to the
end of the run (``time_to``). Men for whom it has not happened by the end are censored there. Works on
one man's Result (scalars) and on a Cohort's (arrays, one entry per man), vectorised.
"""
from __future__ import annotations

import numpy as np

from ..model.parameters import REFERENCE_RANGES


def time_to(result, name: str, threshold: float, after: float = 0.0, above: bool = True):
    """Days from `after` until `name` is at or above (or, with above=False, below) `threshold` and stays
    there. Returns (times, observed): floats for one man, arrays for a cohort; an unobserved event is
    censored at the end of the run (time = end - after, observed False)."""
    t = result.t
    x = np.atleast_2d(result[name])
    window = t >= after
    if not window.any():
        raise ValueError(f"after must be within the run [0, {t[-1]:g}], got {after!r}")
    hit = (x >= threshold) if above else (x < threshold)
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


def recovery_times(result, stop_day: float, sperm_threshold: float = 20.0):
    """The recovery events after testosterone stops, per man: sperm at or above `sperm_threshold` million/mL
    (Liu 2006 counts 20; the WHO limit is 15), LH back in its reference range, T back above 300 ng/dL.
    Returns {event: (times, observed)} in days after `stop_day`."""
    return {f"sperm >= {sperm_threshold:g} M/mL": time_to(result, "sperm", sperm_threshold, stop_day),
            "LH in range": time_to(result, "LH", REFERENCE_RANGES["LH"][0], stop_day),
            "T >= 300 ng/dL": time_to(result, "T", 300.0, stop_day)}


def kaplan_meier(times, observed):
    """Kaplan-Meier estimate of the share of men in whom the event has happened by each time.

    Returns (event_times, cumulative_share): a step function rising at each distinct observed time.
    Censored men leave the risk set at their censoring time without an event (ties: events first)."""
    times = np.asarray(times, dtype=float).ravel()
    observed = np.asarray(observed, dtype=bool).ravel()
    if times.shape != observed.shape or times.size == 0:
        raise ValueError("times and observed must be non-empty and of the same length")
    if np.any(~np.isfinite(times)) or np.any(times < 0):
        raise ValueError("times must be finite and non-negative")
    distinct = np.unique(times[observed])
    at_risk = np.array([np.sum(times >= s) for s in distinct])
    events = np.array([np.sum((times == s) & observed) for s in distinct])
    surviving = np.cumprod(1.0 - events / at_risk)
    return distinct, 1.0 - surviving


def share_by(times, observed, day: float) -> float:
    """Kaplan-Meier share of men with the event by `day` (0 before the first event)."""
    event_times, share = kaplan_meier(times, observed)
    reached = event_times <= day
    return float(share[reached][-1]) if reached.any() else 0.0

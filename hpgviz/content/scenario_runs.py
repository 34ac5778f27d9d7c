"""The scenarios the claim checks share (content.claim_checks, content.review_checks): one run per scenario,
cached, because several claims read the same run."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..analysis.outcomes import SPERM_THRESHOLD
from ..model.engine import simulate
from ..model.patient import Cohort, Patient
from ..model.regimen import Course, Regimen

WEEK = 7.0


@lru_cache(maxsize=None)
def run(courses: tuple, days: float, preset: str = "healthy"):
    return simulate(Regimen(list(courses)), days=days, patient=Patient.preset(preset))


def trt(agent="testosterone_cypionate", dose=200.0, weeks=26, extra=()):
    """Weekly injections of `agent` for `weeks`, then `extra` courses (a tuple, hashable for run's cache)."""
    return (Course(agent, dose=dose, every_days=7, start_day=0, stop_day=weeks * WEEK),) + tuple(extra)


def mean(res, name, start, stop):
    window = (res.t >= start) & (res.t < stop)
    return float(np.mean(res[name][window]))


def days_to(res, name, level, stop):
    """Days from ``stop`` until ``name`` is back at ``level`` (after its lowest point), inf if never."""
    nadir = res.t[np.argmin(res[name])]
    ok = (res.t >= max(stop, nadir)) & (res[name] >= level)
    return float(res.t[ok][0] - stop) if ok.any() else np.inf


def preset_run(preset, courses=(), days=400.0):
    return run(tuple(courses), days, preset)


def share_keeping(courses: tuple, days: float, n: int = 100, seed: int = 21) -> float:
    """Share of a cohort at or above the WHO 2021 limit at the end of `courses`, run for `days`."""
    res = simulate(Regimen(list(courses)), days=days, patient=Cohort(n, seed=seed))
    return float(np.mean(res["sperm"][:, -1] >= SPERM_THRESHOLD))

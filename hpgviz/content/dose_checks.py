"""Checks of what the README says about serum testosterone per mg of ester (C13, C14 and Bhasin 2001's doses,
the saturable clearance): each runs the model and returns (holds, measured), as content.claim_checks does."""

from __future__ import annotations

import re

import numpy as np

from ..model.agents import AGENTS
from ..model.engine import simulate
from ..model.parameters import table as parameter_table
from ..model.pk import point_values
from ..model.regimen import Course, Regimen
from .scenario_runs import WEEK, mean as _mean, run as _run, trt as _trt


def enanthate_trough():
    params = {row.name: row.value for row in parameter_table("drugs")}
    r = _run(_trt("testosterone_enanthate", weeks=20), 20 * WEEK)
    trough = r.at(10 * WEEK - 0.5, "T") / r["T"][0]
    shared = all(not re.match(r"(cypionate|enanthate)_k(a|el)$", name) for name in params)
    slow = params.get("testosterone_slow_fraction", 0) > 0
    holds = 1.7 <= trough <= 1.95 and shared and slow and "testosterone_depot_ka" in params
    return holds, f"trough before the week-10 injection x{trough:.2f}; one depot for both esters: {shared}; slow release: {slow}"


def mean_t_at_300():
    """C14 at TE 300 mg/week: mean T over weeks 22-26 "~3.2x" (3.05-3.35)."""
    r = _run(_trt("testosterone_enanthate", dose=300.0, weeks=26), 26 * WEEK)
    ratio = _mean(r, "T", 22 * WEEK, 26 * WEEK) / r["T"][0]
    return 3.05 <= ratio <= 3.35, f"mean T at 300 mg/week x{ratio:.2f}"


def trough_doubling_300_to_600():
    """Bhasin 2001's design (the men's own T held down by an agonist: C28's continuous gonadorelin at ten times the
    pump's rate): trough T before the week-20 injection at 600 over 300 mg/week "~1.7-fold" (1.6-1.8), and with
    the exogenous T's linear superposition in place of its saturable clearance "2-fold" (1.95-2.05)."""
    agonist = Course("gonadorelin", dose=400, every_days=0.25, start_day=0, continuous=True)
    day, days = 20 * WEEK - 0.5, 20 * WEEK + 1
    model, linear = {}, {}
    for dose in (300, 600):
        te = Course("testosterone_enanthate", dose=dose, every_days=WEEK, start_day=0)
        res = simulate(Regimen([agonist, te]), days=days)
        i = int(np.argmin(np.abs(res.t - day)))
        saturated = sum(conc[i] for key, conc in res.exposure.items() if key.startswith("testosterone_enanthate"))
        unsaturated = sum(float(point_values(te, comp, np.array([res.t[i]]), days)[0])
                          for comp in AGENTS["testosterone_enanthate"].components)
        model[dose], linear[dose] = float(res["T"][i]), float(res["T"][i] - saturated + unsaturated)
    ratio, linear_ratio = model[600] / model[300], linear[600] / linear[300]
    return 1.6 <= ratio <= 1.8 and 1.95 <= linear_ratio <= 2.05, (
        f"trough T 600 / 300 mg/week x{ratio:.2f} (one linear clearance x{linear_ratio:.2f})")

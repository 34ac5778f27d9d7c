"""The notebooks' checked cells: a few model numbers per page, coarsely rounded so that small recalibrations
do not change the text (nbval compares them)."""
from __future__ import annotations

import math

import numpy as np

from ..model.engine import simulate
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.outcomes import level_text, outcomes, SPERM_THRESHOLD
from ..analysis.published import MONTH_DAYS
from ..analysis.validation import RECOVERY_SPERM
from ..content.protocols import COMPARISON_DEFAULT, PROTOCOLS
from ..content.labels import reading
from .failure import failure_levels, failure_runs, gnrh_rise, hcg_rise, lab_values
from .population import cohort_run
from .protocols import outcome_values
from .pulses import pulse_runs
from .runs import mean_between, run, SPERM_KEY, WEEK

__all__ = ["coarse", "about", "print_fundamentals", "checkpoint_estradiol", "checkpoint_comparison", "print_mechanisms",
           "checkpoint_population"]


def coarse(x: float) -> str:
    """Round coarsely (2 significant figures) so small recalibrations do not change the text."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    return f"{float(f'{x:.2g}'):g}"


def print_fundamentals():
    """Print a few key model numbers, coarsely rounded (the notebook checks them with nbval)."""
    base = simulate(Regimen([]), days=60)
    trt = simulate(Regimen([Course("testosterone_cypionate", dose=200, every_days=7, start_day=0,
                                   stop_day=26 * WEEK)]), days=2 * 365)
    o = outcomes(trt)
    print(f"Untreated model man: T {coarse(base.at(0, 'T'))} ng/dL, LH {coarse(base.at(0, 'LH'))} IU/L, "
          f"sperm {coarse(base.at(0, 'sperm'))} million/mL")
    before = 12 * WEEK - trt.dt          # a trough draw, just before the week-12 injection, as the summaries read LH
    print(f"After 12 weeks of 200 mg/week TRT, just before an injection: LH {level_text('LH', trt.at(before, 'LH'))}, "
          f"testosterone inside the testes {coarse(trt.at(before, 'ITT') / base.at(0, 'ITT') * 100)} % of normal")
    print(f"After stopping at week 26: sperm above {SPERM_THRESHOLD:g} million/mL again after about "
          f"{coarse(o[SPERM_KEY] / WEEK)} weeks")


def about(x, step):
    return f"{step * round(x / step):g}"


def checkpoint_estradiol() -> str:
    """Anastrozole 1 mg daily for 12 weeks in the default man, coarsely rounded (for # NBVAL_CHECK_OUTPUT)."""
    base = run(Regimen([]), 84.0)
    ai = run(Regimen([Course("anastrozole", 1.0, 1.0, 0.0, None)]), 84.0)
    e2 = 100 * (1 - mean_between(ai, "E2", 70, 84) / base["E2"][0])
    lh = mean_between(ai, "LH", 70, 84) / base["LH"][0]
    t = mean_between(ai, "T", 70, 84) / base["T"][0]
    return (f"Anastrozole 1 mg daily, healthy man, weeks 10-12: E2 about {about(e2, 10)} % lower; "
            f"LH about {about(lh, 0.5)} x; T about {about(t, 0.5)} x the untreated value.")


def checkpoint_comparison() -> str:
    """Months until sperm pass SPERM_THRESHOLD for the four default protocols, to the nearest month."""
    lines = []
    for key in COMPARISON_DEFAULT:
        p = PROTOCOLS[key]
        v = outcome_values(run(p.regimen(26, 200), 7.0 * 26 + 546.0, Patient(), dt=1.0))
        d = v["sperm_days"]
        lines.append(f"{p.name}: sperm >= {SPERM_THRESHOLD:g} M/mL after about {about(d / MONTH_DAYS, 1)} months" if np.isfinite(d)
                     else f"{p.name}: sperm not back within the run")
    return "\n".join(lines)


CHECKPOINT_CAPACITY = 0.05   # as in section 3's question: at 10 % the model's feedback still compensates


def print_mechanisms():
    """A few of this page's model facts in words and coarse numbers."""
    healthy = failure_runs("gnrh_capacity", 1.0)
    rises = (gnrh_rise(healthy["gnrh_test"]), hcg_rise(healthy["hcg_test"]))
    for parameter, _, cells in failure_levels():
        runs = failure_runs(parameter, CHECKPOINT_CAPACITY)
        labs = lab_values(runs)
        print(f"{cells} at {CHECKPOINT_CAPACITY * 100:.0f} %: LH {reading('LH', labs['LH'])}, FSH {reading('FSH', labs['FSH'])}, "
              f"T {reading('T', labs['T'])}, inhibin B {reading('inhibin_B', labs['inhibin_B'])}")
    print(f"Gonadorelin pulses a week: pump every 90 min {7 * 1440 / 90:.0f}, twice-weekly injections 2")
    runs = pulse_runs(14, 90)
    means = {name: coarse(mean_between(runs[name], "LH", 13, 14)) for name in ("pump", "continuous", "no drug")}
    print(f"Day 14 of gonadorelin, mean LH (IU/L): pump {means['pump']}, continuous {means['continuous']}, "
          f"no drug {means['no drug']}")
    print(f"Healthy model man: LH rise after gonadorelin {coarse(rises[0])} IU/L, T rise 72 h after hCG "
          f"{coarse(rises[1])} ng/dL")


def checkpoint_population() -> str:
    """A few coarse numbers of the default cohort (200 men, seed 0) for the notebook's check."""
    rec = cohort_run(200, 0, 200, 12, 30, RECOVERY_SPERM)
    median = rec.median_months()
    return (f"Cohort of {rec.eligible} men: median recovery to {RECOVERY_SPERM:g} million/mL about "
            f"{round(median * 2) / 2:g} months; recovered by 24 months: {100 * rec.share_by(24):.0f} %")

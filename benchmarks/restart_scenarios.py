"""Restart agents after TRT (issue 13, brief `restart`): days to sperm >= 15 M/mL, to T >= 300 ng/dL and the
T nadir after the stop, for stopping alone and each restart agent; and the share of cohorts hypogonadal a
year after stopping. Prints numbers, asserts nothing (the calibration tests do that).

    python benchmarks/restart_scenarios.py [--cohort]
"""
from __future__ import annotations

import sys

import numpy as np

import hpgviz as hpg
from hpgviz.analysis.events import time_to

TC, TE = "testosterone_cypionate", "testosterone_enanthate"
WEEK, MONTH = 7, 30.44


def course(agent, dose, every, start=0, stop=None):
    return hpg.Course(agent, dose=dose, every_days=every, start_day=start, stop_day=stop)


def restarts(stop):
    twelve = stop + 12 * WEEK
    return {"stop alone": [],
            "hCG 1,500 IU 2x/wk x 12 wk": [course("hcg", 1500, 3.5, stop, twelve)],
            "hCG 3,000 IU 2x/wk x 12 wk": [course("hcg", 3000, 3.5, stop, twelve)],
            "hCG 2,000 IU 3x/wk x 12 wk": [course("hcg", 2000, 7 / 3, stop, twelve)],
            "clomiphene 25 mg/d x 12 wk": [course("clomiphene", 25, 1, stop, twelve)],
            "anastrozole 1 mg/d x 12 wk": [course("anastrozole", 1, 1, stop, twelve)]}


def one_man(ester, dose, months):
    stop = round(months * MONTH / WEEK) * WEEK
    print(f"\n{ester.split('_')[1]} {dose} mg/wk for {months} months; days after the stop")
    print(f"{'restart':28s} {'sperm>=15':>9s} {'T>=300':>7s} {'T nadir':>8s} {'LH d90':>7s}")
    for label, extra in restarts(stop).items():
        res = hpg.simulate(hpg.Regimen([course(ester, dose, WEEK, 0, stop), *extra]), days=stop + 900)
        after = res.t > stop
        sperm, seen_s = time_to(res, "sperm", 15.0, after=stop)
        # T >= 300 lastingly: the last crossing up (hCG holds T up, then it can fall again)
        low = after & (res["T"] < 300)
        t_ok = (res.t[low].max() - stop) if low.any() else 0.0
        print(f"{label:28s} {('' if seen_s else '>') + f'{sperm:.0f}':>9s} {t_ok:7.0f} "
              f"{float(res['T'][after].min()):8.0f} {res.at(stop + 90, 'LH'):7.2f}")


def cohort_share(ester, dose, months, age, n=200):
    stop = round(months * MONTH / WEEK) * WEEK
    res = hpg.simulate(hpg.Regimen([course(ester, dose, WEEK, 0, stop)]), days=stop + 366,
                       patient=hpg.Cohort(n, seed=3, base=hpg.Patient(age=age)))
    end, own = res["T"][:, -1], res["T"][:, 0]
    return float(np.mean(end < 300)), float(np.mean(own < 300))


if __name__ == "__main__":
    one_man(TC, 200, 12)
    one_man(TE, 500, 24)
    if "--cohort" in sys.argv:
        print("\nshare T < 300 a year after stopping (untreated share in brackets)")
        for ester, dose, months in ((TC, 200, 12), (TE, 500, 24), (TE, 500, 60)):
            for age in (30, 50):
                share, own = cohort_share(ester, dose, months, age)
                print(f"  {ester.split('_')[1]} {dose} x {months} mo, age {age}: {share:.2f} ({own:.2f})")

"""Sperm dose-response and TRT plus an AI or a SERM in cohorts (issue 13): a table to compare before and
after a model change. `python benchmarks/dose_response.py [n]` (n men, default 200). It prints numbers and
asserts nothing (the calibration tests C6, C14 and C22 do that). Public API only.
"""
from __future__ import annotations

import sys

import numpy as np

import hpgviz as hpg
from hpgviz.analysis.events import SPERM_THRESHOLD

TE, TC = "testosterone_enanthate", "testosterone_cypionate"
WEEK, DAYS = 7, 182


def course(agent, dose, every):
    return hpg.Course(agent, dose=dose, every_days=every, start_day=0)


SCENARIOS = [(f"TE {dose} mg/wk", [course(TE, dose, WEEK)]) for dose in (25, 50, 70, 100, 150, 200)] + [
    ("TC 200 mg/wk", [course(TC, 200, WEEK)]),
    ("TC 200 mg/wk + anastrozole 1 mg/d", [course(TC, 200, WEEK), course("anastrozole", 1, 1)]),
    ("TC 200 mg/wk + clomiphene 25 mg/d", [course(TC, 200, WEEK), course("clomiphene", 25, 1)]),
    ("TC 100 mg/wk", [course(TC, 100, WEEK)]),
    ("TC 100 mg/wk + anastrozole 1 mg 2x/wk", [course(TC, 100, WEEK), course("anastrozole", 1, 3.5)]),
]


def table(n=200, seed=1):
    cohort = hpg.Cohort(n, seed=seed)
    rows = []
    for label, courses in SCENARIOS:
        res = hpg.simulate(hpg.Regimen(courses), days=DAYS, patient=cohort)
        sperm, base = res["sperm"][:, -1], res["sperm"][:, 0]
        rows.append((label, 100 * np.mean(sperm < 0.1), 100 * np.mean(sperm < 5), 100 * np.mean(sperm >= SPERM_THRESHOLD),
                     np.median(sperm), 100 * np.median(sperm / base), np.median(res["LH"][:, -1] / res["LH"][:, 0])))
    return rows


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"{n} men, 6 months ({DAYS} d)")
    print(f"{'scenario':<40} {'azoo %':>7} {'<5 %':>6} {f'>={SPERM_THRESHOLD:g} %':>7} {'median M/mL':>12} {'median % base':>14} "
          f"{'LH/base':>8}")
    for label, azoo, below5, normal, median, rel, lh in table(n):
        print(f"{label:<40} {azoo:7.0f} {below5:6.0f} {normal:7.0f} {median:12.2f} {rel:14.1f} {lh:8.3f}")


if __name__ == "__main__":
    main()

"""The scenarios a reproductive endocrinologist runs to try the model (issue 13), printed as a table.

Run before and after a model change and compare: `python benchmarks/scenarios.py [--cohort]`. Only the
public API and the analysis layer are used, so the same script runs on any version of the model. It
prints numbers; it asserts nothing (the calibration tests do that).
"""
from __future__ import annotations

import sys

import numpy as np

import hpgviz as hpg
from hpgviz.analysis.events import time_to

TC, TE = "testosterone_cypionate", "testosterone_enanthate"
WEEK, MONTH = 7, 30.44


def course(agent, dose, every, start=0, stop=None, **kw):
    return hpg.Course(agent, dose=dose, every_days=every, start_day=start, stop_day=stop, **kw)


def run(courses, days, patient=None):
    return hpg.simulate(hpg.Regimen(list(courses)), days=days, patient=patient)


def trough(res, name, every, start, stop):
    """Value just before the last dose in [start, stop)."""
    last = start + every * int((stop - 1 - start) // every)
    return float(res.at(last - 0.5, name))


def days_to(res, name, level, after, above=True):
    t, seen = time_to(res, name, level, after, above)
    return f"{t:.0f}" if seen else f">{t:.0f}"


def suppression(res, base, name, day):
    return f"{100 * (1 - res.at(day, name) / base[name]):.0f} %"


def one_man(rows):
    base = run([], 60)
    b = {k: float(base[k][-1]) for k in ("LH", "FSH", "T", "E2", "sperm", "inhibin_B")}
    rows.append(("baseline", "T / LH / FSH / E2 / sperm", f"{b['T']:.0f} / {b['LH']:.2f} / {b['FSH']:.2f} / "
                 f"{b['E2']:.1f} / {b['sperm']:.0f}"))
    # TRT plus an AI or a SERM (C22): does the androgen arm suppress on its own?
    for label, extra in (("TC 200/wk alone", []),
                         ("TC 200/wk + anastrozole 1 mg/d", [course("anastrozole", 1, 1)]),
                         ("TC 200/wk + anastrozole 1 mg 2x/wk", [course("anastrozole", 1, 3.5)]),
                         ("TC 200/wk + clomiphene 25 mg/d", [course("clomiphene", 25, 1)])):
        r = run([course(TC, 200, WEEK)] + extra, 200)
        rows.append((label, "day 180: LH / FSH / E2 / sperm",
                     f"{r.at(180, 'LH'):.2f} / {r.at(180, 'FSH'):.2f} / {r.at(180, 'E2'):.1f} / "
                     f"{r.at(180, 'sperm'):.1f}"))
    r = run([course(TC, 200, WEEK)], 200, hpg.Patient(aromatase_activity=0.3))
    rows.append(("lean man (aromatase 0.3), TC 200/wk", "day 180: LH / sperm",
                 f"{r.at(180, 'LH'):.2f} / {r.at(180, 'sperm'):.1f}"))
    # Esters per mg (C23)
    for dose, every in ((100, WEEK), (250, 2 * WEEK)):
        cells = []
        for agent in (TC, TE):
            r = run([course(agent, dose, every)], 200)
            cells.append(f"{100 * (1 - trough(r, 'LH', every, 0, 196) / b['LH']):.0f} %")
        rows.append((f"{dose} mg every {every:g} d", "trough LH suppression TC / TE", " / ".join(cells)))
    cells = []
    for agent in (TC, TE):
        r = run([course(agent, 500, WEEK, stop=730)], 730 + 600)
        cells.append(days_to(r, "LH", 2.2, 730))
    rows.append(("500 mg/wk x 24 months, stop", "days to LH >= 2.2: TC / TE", " / ".join(cells)))
    # Floor (C25)
    r = run([course(TE, 500, WEEK, stop=730)], 730 + 400)
    after = (r.t > 730)
    rows.append(("TE 500/wk x 24 mo, stop", "min T / min E2 after stop; days T < 30",
                 f"{r['T'][after].min():.0f} / {r['E2'][after].min():.1f}; "
                 f"{float(np.sum(r['T'][after] < 30) * (r.t[1] - r.t[0])):.0f}"))
    r = run([], 120, hpg.Patient(leydig_capacity=0.02))
    rows.append(("Leydig capacity 0.02 (near castrate)", "T / E2 / LH / FSH",
                 f"{r['T'][-1]:.0f} / {r['E2'][-1]:.1f} / {r['LH'][-1]:.1f} / {r['FSH'][-1]:.1f}"))
    # Restart agents after 12 months of TC 200 (C27)
    stop = 365
    restarts = {"stop alone": [],
                "hCG 1,500 IU 2x/wk x 12 wk": [course("hcg", 1500, 3.5, stop, stop + 84)],
                "hCG 3,000 IU 2x/wk x 12 wk": [course("hcg", 3000, 3.5, stop, stop + 84)],
                "hCG 2,000 IU 3x/wk x 12 wk": [course("hcg", 2000, 7 / 3, stop, stop + 84)],
                "clomiphene 25 mg/d x 12 wk": [course("clomiphene", 25, 1, stop, stop + 84)]}
    for label, extra in restarts.items():
        r = run([course(TC, 200, WEEK, stop=stop)] + extra, stop + 500)
        window = (r.t > stop) & (r.t < stop + 200)
        rows.append((f"12 mo TC 200, then {label}", "days to sperm >= 15; min T day 0-200",
                     f"{days_to(r, 'sperm', 15, stop)}; {r['T'][window].min():.0f}"))
    stop = 730
    for label, extra in (("stop alone", []), ("clomiphene 25 mg/d x 90 d",
                                              [course("clomiphene", 25, 1, stop, stop + 90)])):
        r = run([course(TE, 500, WEEK, stop=stop)] + extra, stop + 120)
        rows.append((f"24 mo TE 500, then {label}", "LH / T at day 90 after stop",
                     f"{r.at(stop + 90, 'LH'):.2f} / {r.at(stop + 90, 'T'):.0f}"))
    # Duration beyond two years
    cells = []
    for months in (12, 24, 48, 84):
        stop = months * MONTH
        r = run([course(TC, 200, WEEK, stop=stop)], min(stop + 900, 3650))
        cells.append(days_to(r, "sperm", 15, stop))
    rows.append(("TC 200/wk for 12/24/48/84 months", "days to sperm >= 15", " / ".join(cells)))
    # Failure phenotypes (C26)
    for label, patient in (("Sertoli capacity 0.1", hpg.Patient(sertoli_capacity=0.1)),
                           ("Leydig capacity 0.05", hpg.Patient(leydig_capacity=0.05)),
                           ("GnRH capacity 0.05", hpg.Patient(gnrh_capacity=0.05))):
        r = run([], 400, patient)
        rows.append((label, "LH / FSH / T / inhibin B / sperm / testis mL",
                     f"{r['LH'][-1]:.1f} / {r['FSH'][-1]:.1f} / {r['T'][-1]:.0f} / {r['inhibin_B'][-1]:.0f} / "
                     f"{r['sperm'][-1]:.1f} / {r['testis_volume'][-1]:.1f}"))
    # Pulses vs continuous GnRH (C28)
    for label, c in (("gonadorelin 10 ug every 30 min", course("gonadorelin", 10, 1 / 48)),
                     ("continuous gonadorelin at 10x the pump rate",
                      course("gonadorelin", 100, 0.0625, continuous=True))):
        r = run([c], 28)
        rows.append((label, "LH day 1 / day 13 / day 27; T day 27",
                     f"{r.at(1, 'LH'):.1f} / {r.at(13, 'LH'):.1f} / {r.at(27, 'LH'):.2f}; {r.at(27, 'T'):.0f}"))
    # hCG test (C29)
    r = run([course("hcg", 5000, 30, 0, 1)], 8)
    rows.append(("hCG 5,000 IU once", "T at 6 h / 1 d / 3 d / 6 d (x baseline)",
                 " / ".join(f"{r.at(d, 'T') / b['T']:.2f}" for d in (0.25, 1, 3, 6))))


def cohorts(rows, n=300):
    base = hpg.simulate(hpg.Regimen([]), days=30, patient=hpg.Cohort(n, seed=1))
    T0 = base["T"][:, -1]
    rows.append((f"cohort of {n}, untreated", "T 2.5/50/97.5 %", " / ".join(f"{v:.0f}" for v in
                                                                           np.percentile(T0, [2.5, 50, 97.5]))))
    s0 = base["sperm"][:, -1]
    rows.append((f"cohort of {n}, untreated", "sperm < 16 M/mL", f"{100 * np.mean(s0 < 16):.0f} %"))
    for agent in (TC, TE):
        r = hpg.simulate(hpg.Regimen([course(agent, 100, WEEK)]), days=200, patient=hpg.Cohort(n, seed=1))
        s = r["sperm"][:, -1]
        rows.append((f"cohort, {agent.split('_')[1]} 100 mg/wk, 6 months", "azoospermic / >= 15 M/mL",
                     f"{100 * np.mean(s < 0.1):.0f} % / {100 * np.mean(s >= 15):.0f} %"))
    for label, extra in (("TC 200/wk", []), ("TC 200/wk + anastrozole 1 mg/d", [course("anastrozole", 1, 1)])):
        r = hpg.simulate(hpg.Regimen([course(TC, 200, WEEK)] + extra), days=200, patient=hpg.Cohort(n, seed=1))
        s = r["sperm"][:, -1]
        rows.append((f"cohort, {label}, 6 months", "azoospermic", f"{100 * np.mean(s < 0.1):.0f} %"))


def main():
    rows = []
    one_man(rows)
    if "--cohort" in sys.argv:
        cohorts(rows)
    width = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    for scenario, quantity, value in rows:
        print(f"{scenario:<{width[0]}}  {quantity:<{width[1]}}  {value}")


if __name__ == "__main__":
    main()

"""The published numbers (docs/SOURCES.md: recovery targets C6, C7, C12, C19-C25, C27, and the failure,
pulse and hCG-test targets C18 deepened, C26, C28, C29) in one place,
and the runs of the model that are compared with them.

``TARGETS`` lists every number once: its calibration id, what is measured, the published value, the
tolerance with a one-line defence, the unit, the citation and the scenario that measures it.
``validate()`` runs those scenarios on virtual cohorts and returns one row per target:
{id, key, scenario, quantity, model, target, tolerance, check, unit, passes, source, defence, note}.
The calibration tests (tests/calibration/test_c06_c21_recovery.py) assert these same rows, and the
notebooks show them; neither repeats a number.
``validate(published=True)`` appends, as a separate group, the side-by-side with the published models
(published_models.py: Bi 2018, Tornoe 2007). Those rows are comparisons, not calibration targets: their
check is "comparison", passes is None, target is the published model's value, tolerance the spread between
men inside which a difference is "no meaningful difference", and note the departure in words.

Definitions chosen here (each said again in the row's note):
- A month is 30.44 days; a course of N months lasts the whole number of weeks nearest to N months, and
  recovery is counted from the end of the last dosing interval (Liu 2006 counted from the end of
  treatment).
- Trial entry: only men whose untreated count is at least 20 M/mL (the WHO 1999 normal limit, the
  contraception trials' entry criterion) enter recovery-to-20 analyses; a man below it never "recovers"
  to a level he never had.
- Azoospermia is the model's proxy, sperm < 0.1 M/mL; cryptozoospermia 0.1 to < 1 M/mL (a few sperm,
  well below severe oligozoospermia's 5 M/mL, the edge of Kohn 2017's entry: C21 counts men below it at the stop).
- A total motile count (TMC) of 5 million is read as a concentration above 5 / (3 mL x 50 % motile) =
  3.33 M/mL: a typical ejaculate volume and motile share, since the model tracks concentration only.
- Shankara-Narayana's "sperm output" is read as the WHO 2010 lower limit, 15 M/mL.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import sys
from dataclasses import astuple, dataclass
from functools import lru_cache
from numbers import Integral
from pathlib import Path

import numpy as np

from ..model.engine import simulate
from ..model.parameters import AZOOSPERMIA, HYPOGONADAL_T, REFERENCE_RANGES, table
from ..model.patient import Cohort, Patient
from ..model.pulses import simulate_pulses
from ..model.regimen import Course, Regimen
from .events import km_median, share_by, time_to
from .published_models import SPREADS, side_by_side
from .targets import (BY_KEY, CRYPTO_UPPER, ENTRY_SPERM, FOLLOW_24, IDS, MONTH, RECOVERY_SPERM, SEED,  # noqa: F401
                      SEVERE_OLIGO, TARGETS, TMC_CONCENTRATION, WEEK, WHO_SPERM, Target)  # (BY_KEY: read here too)



# --- Runs ---------------------------------------------------------------------------------------------

def _weeks(months: float) -> float:
    """A course of `months` months as the whole number of weeks nearest to it, in days."""
    return round(months * MONTH / WEEK) * WEEK


def _trt(agent: str, dose: float, months: float, then=()) -> tuple[Regimen, float]:
    stop = _weeks(months)
    return Regimen([Course(agent, dose=dose, every_days=WEEK, start_day=0, stop_day=stop), *then]), stop


def _entered(res) -> np.ndarray:
    """Men who would have entered a contraception trial: untreated count at least 20 M/mL."""
    return res["sperm"][:, 0] >= ENTRY_SPERM


def _wilson(k: int, n: int) -> tuple[float, float]:
    """95 % Wilson interval of a binomial share: the cohort's own sampling uncertainty."""
    if n == 0:
        return math.nan, math.nan
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _share(mask: np.ndarray, what: str):
    k, n = int(mask.sum()), int(mask.size)
    if n == 0:
        return math.nan, f"no man in this group, so no share (nan): {what}"
    lo, hi = _wilson(k, n)
    value = k / n if n else math.nan
    return value, f"{k} of {n} men {what}; 95 % interval of the cohort's share {lo:.2f}-{hi:.2f}"


def _median(times, observed) -> float:
    """Kaplan-Meier median, nan for an empty group (a tiny cohort may have no man who entered)."""
    return km_median(times, observed) if len(times) else math.nan


def _shares_by(times, observed, days) -> np.ndarray:
    return share_by(times, observed, days) if len(times) else np.full(np.shape(days), math.nan)


def _km_note(observed, n, median=None):
    note = f"Kaplan-Meier over {n} men, {int(np.sum(~observed))} censored at the end of follow-up"
    return note + ("; median not reached (nan)" if median is not None and math.isnan(median) else "")


def _run_c6(n, seed):
    regimen, stop = _trt("testosterone_enanthate", 200, 6)
    res = simulate(regimen, days=stop, patient=Cohort(n, seed))
    lowest = np.min(res["sperm"], axis=1)
    return {"C6 azoospermic by 6 months": _share(lowest < AZOOSPERMIA, "below 0.1 M/mL at some point by 6 months"),
            "C6 below 5 M/mL by 6 months": _share(lowest < 5.0, "below 5 M/mL at some point by 6 months")}


def _run_c7(n, seed):
    regimen, stop = _trt("testosterone_enanthate", 200, 12)
    res = simulate(regimen, days=stop + FOLLOW_24, patient=Cohort(n, seed))
    entered = _entered(res)
    out = {}
    for level in (20, 10, 3):
        times, observed = time_to(res, "sperm", level, after=stop)
        times, observed = times[entered], observed[entered]
        median = _median(times, observed)
        out[f"C7 median to {level} M/mL"] = (median / MONTH, _km_note(observed, entered.sum(), median))
        if level == RECOVERY_SPERM:
            shares = _shares_by(times, observed, np.array([6, 12, 16, 24]) * MONTH)
            for months, value in zip((6, 12, 16, 24), shares):
                out[f"C7 share at 20 M/mL by {months} months"] = (float(value), _km_note(observed, entered.sum()))
            out["C12 young men not recovered"] = _share(~observed, "not back to >= 20 M/mL by 24 months "
                                                        "(entry: untreated count >= 20 M/mL)")
    return out


def _run_c12(n, seed):
    regimen, stop = _trt("testosterone_enanthate", 500, 60)
    res = simulate(regimen, days=stop + FOLLOW_24, patient=Cohort(n, seed, base=Patient(age=50.0)))
    entered = _entered(res)
    _, observed = time_to(res, "sperm", RECOVERY_SPERM, after=stop)
    return {"C12 older long high-dose not recovered": _share(
        ~observed[entered], "aged 50 not back to >= 20 M/mL 24 months after 5 years of TE 500 mg/wk")}


def _run_c19(n, seed):
    regimen, stop = _trt("testosterone_enanthate", 500, 24)
    res = simulate(regimen, days=stop + FOLLOW_24, patient=Cohort(n, seed))
    out = {}
    for key, name, level in (("C19 median to LH in range", "LH", REFERENCE_RANGES["LH"][0]),
                             ("C19 median to sperm output", "sperm", WHO_SPERM)):
        times, observed = time_to(res, name, level, after=stop)
        median = km_median(times, observed)
        out[key] = (median / MONTH, _km_note(observed, n, median))
    if "testis_volume" in res:
        volume = res["testis_volume"]
        end = int(np.argmin(np.abs(res.t - stop)))
        out["C19 testis volume in users"] = (float(np.mean(volume[:, end]) / np.mean(volume[:, 0])),
                                             f"cohort mean volume at the stop / before, {n} men")
    else:
        out["C19 testis volume in users"] = (math.nan, "this model version has no 'testis_volume' series")
    return out


def _recovery_days(res, stop) -> dict:
    """Days to each recovery event in one man (censored at the end of follow-up: the longest time)."""
    return {"LH in range": time_to(res, "LH", REFERENCE_RANGES["LH"][0], after=stop),
            "T >= 300 ng/dL": time_to(res, "T", HYPOGONADAL_T, after=stop),
            "sperm >= 20 M/mL": time_to(res, "sperm", RECOVERY_SPERM, after=stop)}


def _run_c20(n, seed):
    def recovery(dose, months):
        regimen, stop = _trt("testosterone_cypionate", dose, months)
        return _recovery_days(simulate(regimen, days=stop + FOLLOW_24), stop)

    runs = {"3": recovery(200, 3), "24": recovery(200, 24), "24 at 500": recovery(500, 24)}
    out = {}
    for label, longer, shorter in (("24 minus 3 months of TC 200 mg/wk", "24", "3"),
                                   ("500 minus 200 mg/wk of TC for 24 months", "24 at 500", "24")):
        for what in ("LH in range", "T >= 300 ng/dL", "sperm >= 20 M/mL"):
            (a, seen_a), (b, seen_b) = runs[longer][what], runs[shorter][what]
            censored = [arm for arm, seen in ((longer, seen_a), (shorter, seen_b)) if not seen]
            note = f"default man: {a:g} vs {b:g} days" + (
                f"; not reached within {FOLLOW_24} days in: {', '.join(censored)}" if censored else "")
            out[f"C20 {label} {what}"] = (a - b, note)
    regimen, stop = _trt("testosterone_cypionate", 200, 12)
    res = simulate(regimen, days=stop + 365)
    after = res.t >= stop
    low_days = float(np.sum(res["T"][after] < HYPOGONADAL_T) * res.dt)
    out["C20 hypogonadal phase"] = (low_days, f"default man, over the year after the stop (grid {res.dt:g} days)")
    return out


KOHN_AGE, KOHN_MONTHS = 40.0, 42          # Kohn 2017's men: mean age 40 years, mean 42 months of TRT


def _run_c21(n, seed):
    start, end = _weeks(KOHN_MONTHS), _weeks(KOHN_MONTHS) + math.ceil(12 * MONTH)
    regimen, stop = _trt("testosterone_cypionate", 200, KOHN_MONTHS,
                         then=[Course("hcg", dose=3000, every_days=2, start_day=start, stop_day=end),
                               Course("clomiphene", dose=25, every_days=1, start_day=start, stop_day=end)])
    res = simulate(regimen, days=end, patient=Cohort(n, seed, Patient(age=KOHN_AGE)))
    at_stop = res["sperm"][:, int(np.argmin(np.abs(res.t - stop)))]
    entered = at_stop < SEVERE_OLIGO          # Kohn's men: on TRT, azoospermic or severely oligospermic
    times, observed, at_restart = (x[entered] for x in (*time_to(res, "sperm", TMC_CONCENTRATION, after=stop), at_stop))
    out = {}
    for months in (6, 12):
        out[f"C21 TMC > 5 M by {months} months"] = (float(_shares_by(times, observed, months * MONTH)), f"counted: "
            f"the {int(entered.sum())} of {n} men below {SEVERE_OLIGO:g} M/mL at the stop (Kohn's entry); "
            + _km_note(observed, len(times)) + "; TMC 5 M read as > 3.33 M/mL")
    recovered = (times <= 12 * MONTH) & observed
    groups = {"azoospermic": at_restart < AZOOSPERMIA,
              "cryptozoospermic": (at_restart >= AZOOSPERMIA) & (at_restart < CRYPTO_UPPER)}
    shares = {}
    for group, members in groups.items():
        shares[group], note = _share(recovered[members], f"{group} at the restart reached TMC > 5 M by 12 months")
        out[f"C21 {group} recover"] = (shares[group], note)
    out["C21 azoospermic recover less often"] = (shares["cryptozoospermic"] - shares["azoospermic"],
                                                 f"groups of {groups['cryptozoospermic'].sum()} and "
                                                 f"{groups['azoospermic'].sum()} men (nan: a group is empty)")
    return out


def _run_c21_serm(n, seed):
    cohort = Cohort(n, seed)
    stop = _weeks(24)
    arms = {}
    for arm, then in (("stop", []), ("clomiphene", [Course("clomiphene", dose=25, every_days=1, start_day=stop,
                                                             stop_day=stop + _weeks(6))])):
        regimen, _ = _trt("testosterone_cypionate", 200, 24, then=then)
        arms[arm] = simulate(regimen, days=stop + FOLLOW_24, patient=cohort)
    window = lambda res: (res.t >= stop) & (res.t <= stop + 3 * MONTH)
    out = {}
    for name in ("LH", "T"):
        ratio = (np.mean(arms["clomiphene"][name][:, window(arms["clomiphene"])])
                 / np.mean(arms["stop"][name][:, window(arms["stop"])]))
        out[f"C21 SERM raises {name}"] = (float(ratio),
                                          f"cohort means over days {stop:g}-{stop + 3 * MONTH:.0f}, {n} men")
    medians = {}
    for arm, res in arms.items():
        entered = _entered(res)
        times, observed = time_to(res, "sperm", RECOVERY_SPERM, after=stop)
        medians[arm] = _median(times[entered], observed[entered])
    out["C21 SERM no sperm-timing benefit"] = (medians["clomiphene"] / medians["stop"],
                                               f"KM medians {medians['clomiphene']:.0f} vs {medians['stop']:.0f} "
                                               f"days (clomiphene 25 mg/d for 6 months from the stop), {n} men")
    return out


def _labs(preset) -> dict:
    res = simulate(Regimen([]), days=1, patient=Patient.preset(preset))
    return {name: float(res[name][-1]) for name in ("FSH", "LH", "inhibin_B", "sperm", "testis_volume")}


def _run_c26(n, seed):
    out = {}
    for preset, label in (("sertoli_cell_only", "Sertoli-cell-only"), ("klinefelter_like", "Klinefelter-like"),
                          ("congenital_gnrh_deficiency", "congenital GnRH deficiency")):
        labs = _labs(preset)
        for name, what in (("FSH", "FSH"), ("LH", "LH"), ("inhibin_B", "inhibin B"), ("sperm", "sperm"),
                           ("testis_volume", "testis volume")):
            out[f"C26 {label} {what}"] = (labs[name], f"preset {preset!r}, untreated")
    hcg = simulate(Regimen([Course("hcg", 2000, 7 / 3, 0)]), days=366,
                   patient=Patient.preset("acquired_gnrh_deficiency"))
    out["C26 acquired GnRH deficiency sperm on hCG alone"] = (hcg.at(365, "sperm"),
                                                              "preset 'acquired_gnrh_deficiency'")
    return out


def _run_c28(n, seed):
    fast = Regimen([Course("gonadorelin", 10, 30 / 1440, 0)])
    base = simulate(Regimen([]), days=1).at(0, "LH")
    day = simulate(fast, days=14, dt=0.25)
    pulse = simulate_pulses(fast, hours=14 * 24, dt_minutes=2.0)
    mean_13 = lambda res: float(np.mean(res["LH"][(res.t >= 12.5) & (res.t <= 13.5)]))    # noqa: E731
    ten = simulate(Regimen([Course("gonadorelin", 400, 0.25, 0, continuous=True)]), days=28, dt=0.25)
    return {"C28 day-scale LH, pulses every 30 min": (mean_13(day) / base, "default man, mean over day 12.5-13.5"),
            "C28 pulse-mode LH, pulses every 30 min": (mean_13(pulse) / base, "default man, mean over day 12.5-13.5"),
            "C28 T on continuous gonadorelin at 10x the pump": (
                float(np.mean(ten["T"][ten.t >= 25])), "default man, 1,600 ug/day as an even infusion")}


def _run_c18(n, seed):
    base = simulate(Regimen([]), days=1)
    lh0, t0 = base.at(0, "LH"), base.at(0, "T")
    res = simulate(Regimen([Course("gonadorelin", 160, 1, 0, continuous=True)]), days=40, dt=1 / 24)
    lh_peak, t_peak = int(np.argmax(res["LH"])), int(np.argmax(res["T"]))
    below = res.t[(res.t > res.t[lh_peak]) & (res["LH"] < lh0)]
    note = "default man, gonadorelin 160 ug/day as an even infusion, hourly grid"
    return {"C18 agonist LH peak time": (res.t[lh_peak] * 24, note),
            "C18 agonist T peak time": (res.t[t_peak], note),
            "C18 agonist LH below baseline": (below[0] if below.size else math.nan, note),
            "C18 agonist LH at day 27": (res.at(27, "LH") / lh0, note),
            "C18 agonist T at day 19": (res.at(19, "T"), note + f"; T baseline {t0:.0f} ng/dL")}


HCG_TEST_DAY = 0.25     # the injection, after a quarter day at rest


def _run_c29(n, seed):
    res = simulate(Regimen([Course("hcg", 5000, 30, HCG_TEST_DAY, HCG_TEST_DAY + 1)]), days=HCG_TEST_DAY + 8,
                   dt=1 / 24)
    t0 = res.at(0.0, "T")
    after = res.t >= HCG_TEST_DAY
    week = after & (res.t <= HCG_TEST_DAY + 7)
    note = "default man, hCG 5,000 IU once, hourly grid"
    return {"C29 hCG test T at 72 h": (res.at(HCG_TEST_DAY + 3, "T") / t0, note),
            "C29 hCG test peak day": (res.t[after][int(np.argmax(res["T"][after]))] - HCG_TEST_DAY, note),
            "C29 hCG test lowest T within a week": (float(res["T"][week].min()) / t0, note)}


def _run_c22(n, seed):
    cohort = Cohort(n, seed)
    base_lh = simulate(Regimen([]), days=1)["LH"][0]
    out, azoospermic = {}, {}
    for label, extra in (("alone", []), ("AI", [Course("anastrozole", dose=1, every_days=1, start_day=0)]),
                         ("SERM", [Course("clomiphene", dose=25, every_days=1, start_day=0)])):
        regimen, stop = _trt("testosterone_cypionate", 200, 6, then=extra)
        trough = simulate(regimen, days=stop).at(stop - WEEK - 0.5, "LH")
        if label != "alone":
            out[f"C22 TRT + {label} trough LH"] = (1 - trough / base_lh, f"default man, LH {trough:.3f} IU/L "
                                                   "half a day before the last injection")
        if label != "SERM":
            res = simulate(regimen, days=stop, patient=cohort)
            azoospermic[label] = float(np.mean(res["sperm"][:, -1] < AZOOSPERMIA))
    out["C22 AI changes azoospermia"] = (azoospermic["AI"] - azoospermic["alone"],
                                         f"{azoospermic['AI']:.2f} vs {azoospermic['alone']:.2f} of {n} men")
    dht = simulate(Regimen([Course("dht_gel", dose=125, every_days=0.5, start_day=0, stop_day=10)]), days=10)
    out["C22 DHT gel lowers LH"] = (1 - dht["LH"][-1] / dht["LH"][0], f"default man: T {dht['T'][0]:.0f} -> "
                                    f"{dht['T'][-1]:.0f} ng/dL, E2 {dht['E2'][0]:.0f} -> {dht['E2'][-1]:.0f} pg/mL")
    return out


def _run_c23(n, seed):
    base_lh = simulate(Regimen([]), days=1)["LH"][0]
    suppression = {}
    for agent in ("testosterone_cypionate", "testosterone_enanthate"):
        regimen, stop = _trt(agent, 100, 6)
        suppression[agent] = 1 - simulate(regimen, days=stop).at(stop - WEEK - 0.5, "LH") / base_lh
    tc, te = suppression.values()
    return {"C23 esters per mg": (te / tc, f"default man: trough LH {100 * tc:.0f} % (TC) vs {100 * te:.0f} % (TE) "
                                  "below baseline")}


def _run_c24(n, seed):
    res = simulate(Regimen([]), days=1, patient=Cohort(n, seed))
    low, high = np.percentile(res["T"][:, 0], [2.5, 97.5])
    note = f"untreated cohort of {n} men"
    return {"C24 T 2.5th percentile": (low, note), "C24 T 97.5th percentile": (high, note),
            "C24 below 16 M/mL": _share(res["sperm"][:, 0] < 16.0, "below 16 M/mL untreated")}


def _run_c25(n, seed):
    castrate = simulate(Regimen([]), days=60, patient=Patient(leydig_capacity=0.02, gnrh_capacity=0.02))
    regimen, stop = _trt("testosterone_enanthate", 500, 24)
    after = simulate(regimen, days=stop + 365)
    testes_off = "default man with Leydig and GnRH capacity at their floors (0.02): testes making almost nothing"
    return {"C25 castrate T": (castrate["T"][-1], testes_off), "C25 castrate E2": (castrate["E2"][-1], testes_off),
            "C25 lowest T after long high-dose use": (float(np.min(after["T"][after.t > stop])),
                                                      "default man, over the year after the stop")}


def _sperm_days(regimen, stop):
    res = simulate(regimen, days=stop + FOLLOW_24)
    return time_to(res, "sperm", WHO_SPERM, after=stop)[0], res


C27_HCG_DOSES = (1500.0, 3000.0, 5000.0)    # IU twice weekly: "no deeper crash" must hold at every dose
C27_SERM_START = 365.0                       # days after the stop: once GnRH synthesis has regrown (C27)


def _hcg_after_trt(dose, stop):
    return Course("hcg", dose=dose, every_days=3.5, start_day=stop, stop_day=stop + 12 * WEEK)


def _lowest_t(res, after):
    return float(np.min(res["T"][res.t > after]))


def _c27_hcg(stop):
    """Sperm delay at 1,500 IU and the shallowest margin of the crash after hCG over C27_HCG_DOSES."""
    alone, res_alone = _sperm_days(_trt("testosterone_cypionate", 200, 12)[0], stop)
    low_alone = _lowest_t(res_alone, stop)
    margins = {}
    for dose in C27_HCG_DOSES:
        days, res = _sperm_days(_trt("testosterone_cypionate", 200, 12, then=[_hcg_after_trt(dose, stop)])[0], stop)
        margins[dose] = (_lowest_t(res, stop + 12 * WEEK) - low_alone, days)
    worst = min(margins, key=lambda dose: margins[dose][0])
    with_hcg = margins[C27_HCG_DOSES[0]][1]
    return {"C27 hCG delays sperm": (with_hcg - alone, f"default man: {with_hcg:g} vs {alone:g} days"),
            "C27 crash after hCG": (margins[worst][0], f"default man, hCG {', '.join(f'{d:,.0f}' for d in C27_HCG_DOSES)} "
                                    f"IU twice weekly: shallowest margin at {worst:,.0f} IU (lowest T "
                                    f"{low_alone + margins[worst][0]:.0f} vs {low_alone:.0f} ng/dL stopping alone)")}


def _c27_serm():
    """LH 90 days into clomiphene started a year after stopping 24 months of TE 500 mg/wk, over stopping alone."""
    regimen, stop = _trt("testosterone_enanthate", 500, 24)
    start = stop + C27_SERM_START
    serm = Course("clomiphene", dose=25, every_days=1, start_day=start, stop_day=start + 90)
    lh = [simulate(r, days=start + 91).at(start + 89, "LH")
          for r in (regimen, _trt("testosterone_enanthate", 500, 24, then=[serm])[0])]
    return lh[1] / lh[0], f"default man, clomiphene from day {C27_SERM_START:g} after the stop: LH {lh[1]:.2f} vs {lh[0]:.2f} IU/L"


def _c27_lengthening(n, seed):
    """Median days to sperm >= 15 M/mL after 84 minus after 48 months of TC 200 mg/wk, over a cohort."""
    medians = {}
    for months in (48, 84):
        regimen, stop = _trt("testosterone_cypionate", 200, months)
        res = simulate(regimen, days=stop + FOLLOW_24, patient=Cohort(n, seed))
        times, observed = time_to(res, "sperm", WHO_SPERM, after=stop)
        medians[months] = km_median(times, observed)
    return (medians[84] - medians[48],
            f"cohort of {n}: median {medians[84]:g} vs {medians[48]:g} days")


def _run_c27(n, seed):
    out = _c27_hcg(_weeks(12))
    out["C27 SERM after long high-dose use"] = _c27_serm()
    out["C27 recovery keeps lengthening"] = _c27_lengthening(n, seed)
    return out


@dataclass(frozen=True)
class Scenario:
    description: str
    run: object          # (n, seed) -> {target key: (model value, note)}
    n: int               # cohort size: each scenario costs about a second or two
    fast_n: int          # smaller cohorts for notebooks


SCENARIOS = {
    "C6": Scenario("testosterone enanthate 200 mg/wk IM for 6 months (cohort, men aged 30)", _run_c6, 600, 150),
    "C7": Scenario("testosterone enanthate 200 mg/wk IM for 12 months, stop, follow 24 months "
                   "(cohort, men aged 30, untreated count >= 20 M/mL)", _run_c7, 300, 80),
    "C12": Scenario("testosterone enanthate 500 mg/wk IM for 5 years, stop, follow 24 months "
                    "(cohort, men aged 50, untreated count >= 20 M/mL)", _run_c12, 200, 60),
    "C19": Scenario("testosterone enanthate 500 mg/wk IM for 2 years, stop, follow 24 months (cohort, men aged 30)",
                    _run_c19, 200, 60),
    "C20": Scenario("testosterone cypionate 200 mg/wk for 3 or 24 months, or 500 mg/wk for 24 months; and 200 "
                    "mg/wk for 12 months; stop, follow up (one default man each)", _run_c20, 1, 1),
    "C21": Scenario("testosterone cypionate 200 mg/wk for 42 months, then hCG 3000 IU IM every other day with "
                    "clomiphene 25 mg/d for 12 months (cohort, men aged 40: Kohn 2017's mean age and TRT duration; "
                    "counted: men below 5 M/mL at the stop, Kohn's entry)",
                    _run_c21, 300, 80),
    "C21 SERM": Scenario("testosterone cypionate 200 mg/wk for 24 months, then clomiphene 25 mg/d for 6 months "
                         "vs stopping alone, follow 24 months (the same cohort, men aged 30)", _run_c21_serm, 100, 40),
    "C26": Scenario("the failure presets untreated, and hCG 2,000 IU three times a week for 12 months in acquired GnRH "
                    "deficiency (one man each)", _run_c26, 1, 1),
    "C28": Scenario("gonadorelin 10 ug every 30 min for 14 days in both engines; continuous gonadorelin at ten times "
                    "the pump's amount for 28 days (default man)", _run_c28, 1, 1),
    "C18": Scenario("gonadorelin 160 ug/day as an even infusion for 40 days, agonist-like (default man)",
                    _run_c18, 1, 1),
    "C29": Scenario("hCG 5,000 IU once, T followed for 8 days (default man)", _run_c29, 1, 1),
    "C22": Scenario("testosterone cypionate 200 mg/wk for 6 months alone, with anastrozole 1 mg/d or with "
                    "clomiphene 25 mg/d (default man; azoospermia in a cohort, men aged 30); DHT gel 125 mg twice "
                    "daily for 10 days (default man)", _run_c22, 200, 60),
    "C23": Scenario("testosterone cypionate or enanthate 100 mg/wk for 6 months (default man)", _run_c23, 1, 1),
    "C24": Scenario("no drug (cohort, men aged 30)", _run_c24, 2000, 500),
    "C25": Scenario("almost no testicular output; testosterone enanthate 500 mg/wk for 24 months, stop (default man)",
                    _run_c25, 1, 1),
    "C27": Scenario("testosterone cypionate 200 mg/wk for 12 months, then stop or hCG 1,500, 3,000 or 5,000 IU twice "
                    "weekly for 12 weeks; testosterone enanthate 500 mg/wk for 24 months, then stop or clomiphene "
                    "25 mg/d from a year after the stop (default man); testosterone cypionate 200 mg/wk for 48 or 84 "
                    "months (cohort)", _run_c27, 40, 20),
}


def _check_ids(ids) -> tuple[str, ...]:
    if ids is None:
        return IDS
    chosen = (ids,) if isinstance(ids, str) else tuple(ids)
    unknown = [i for i in chosen if i not in IDS]
    if unknown or not chosen:
        raise ValueError(f"ids must be calibration ids among {', '.join(IDS)}; got {list(unknown) or chosen!r}")
    return chosen


def _check_n(n):
    if n is None:
        return None
    if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= n <= 100_000:
        raise ValueError(f"n (men per cohort) must be a whole number in [1, 100000] or None, got {n!r}")
    return int(n)


def validate(ids=None, n: int | None = None, seed: int = SEED, fast: bool = False,
             published: bool = False, before_run=None) -> list[dict]:
    """Run the published scenarios and compare the model with each target.

    ids: calibration ids (e.g. "C7" or ["C6", "C21"]; default all of IDS). n: men per cohort scenario (default its own
    size; fast=True: smaller, for notebooks). seed: the virtual population. before_run: called before each scenario not
    in the cache. One dict per target, in TARGETS order; published=True: then comparisons() (Bi 2018, Tornoe 2007)."""
    chosen, size = _check_ids(ids), _check_n(n)
    for name, flag in (("fast", fast), ("published", published)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    wanted = [t for t in TARGETS if t.id in chosen]
    measured = {name: _measured(name, men, seed, before_run) for name, men in _runs_of(wanted, size, fast)}
    rows = [_row(t, *measured[t.scenario][t.key]) for t in wanted]
    return rows + comparisons() if published else rows


def _runs_of(wanted, size, fast) -> list[tuple[str, int]]:
    """The scenarios the targets `wanted` are measured in, each with its cohort size."""
    names = dict.fromkeys(t.scenario for t in wanted)
    return [(name, size or (SCENARIOS[name].fast_n if fast else SCENARIOS[name].n)) for name in names]


def is_cached(ids=None, n: int | None = None, seed: int = SEED, fast: bool = False) -> bool:
    """Whether validate() with these arguments would only read its cache (see below), running nothing."""
    wanted = [t for t in TARGETS if t.id in _check_ids(ids)]
    return all(_cached((model_key(), name, men, seed)) is not None for name, men in _runs_of(wanted, _check_n(n), fast))


PUBLISHED_MODELS = {"Bi 2018": "Bi 2018 CPT:PSP 7:259, typical subject (reimplemented)",
                    "Tornoe 2007": "Tornoe 2007 BJCP 63:648, typical subject (reimplemented)"}


def comparisons() -> list[dict]:
    """The side-by-side with the published models as rows of the validation table (a separate group:
    check "comparison", passes None, so they never count as met or missed targets)."""
    rows = []
    for r in side_by_side():
        limit, _, defence = SPREADS[r["spread"]]
        rows.append({"id": r["reference"], "key": f"{r['reference']}: {r['scenario']}: {r['quantity']}",
                     "scenario": r["scenario"], "quantity": r["quantity"], "model": float(r["hpgviz"]),
                     "target": float(r["published"]), "tolerance": limit, "check": "comparison", "unit": r["unit"],
                     "passes": None, "source": PUBLISHED_MODELS[r["reference"]], "defence": defence,
                     "note": r["departure"]})
    return rows


def _row(target: Target, model: float, note: str) -> dict:
    model = float(model)
    return {"id": target.id, "key": target.key, "scenario": SCENARIOS[target.scenario].description,
            "quantity": target.quantity, "model": model, "target": target.value, "tolerance": target.tolerance,
            "check": target.check, "unit": target.unit, "passes": target.passes(model), "source": target.citation,
            "defence": target.defence, "note": note}


# --- The runs' cache ------------------------------------------------------------------------------------------
# A scenario's numbers depend only on the model (its source and parameter values), the scenario's code, the
# cohort size and the seed, so they are kept under a key of all of these: in this process, and on disk in the
# user's cache folder, so that a page, a notebook or a test run never redoes a run already made with the same
# model (the full validation takes minutes, the fast one ~20 s). HPGVIZ_CACHE_DIR moves the folder; "off"
# keeps the cache in memory only. Any change to the model's files or parameters makes a new key.

_RUNS = {}   # (model key, scenario, men, seed) -> {target key: (model value, note)}


def cache_dir() -> Path | None:
    """The folder of the cached runs (None when HPGVIZ_CACHE_DIR is "off")."""
    chosen = os.environ.get("HPGVIZ_CACHE_DIR", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "hpgviz" / "validation"


@lru_cache(maxsize=1)
def _sources_digest() -> str:
    """The model's and the analysis layer's source files, and the numerical libraries' versions."""
    import scipy
    digest = hashlib.sha256(f"{np.__version__} {scipy.__version__} {sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted([*(package / "model").rglob("*.py"), *(package / "analysis").rglob("*.py")]):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def model_key() -> str:
    """A key of the model as it now stands: its sources and every parameter's value, range and spread (a
    parameter changed at run time changes the key too)."""
    digest = hashlib.sha256(_sources_digest().encode())
    digest.update(repr([astuple(p) for p in table()]).encode())
    return digest.hexdigest()[:20]


def _measured(name: str, men: int, seed: int, before_run=None) -> dict:
    """SCENARIOS[name] run on `men` men with `seed`, from the cache when this model has run it before."""
    key = (model_key(), name, men, seed)
    if _cached(key) is None:
        before_run and before_run()
        _RUNS[key] = {k: (float(v), note) for k, (v, note) in SCENARIOS[name].run(men, seed).items()}
        _write_run(key, _RUNS[key])
    return _RUNS[key]


def _cached(key) -> dict | None:
    """The run under `key` from this process or, failing that, from the cache folder (None: not yet run)."""
    if _RUNS.get(key) is None:
        _RUNS[key] = _read_run(key)
    return _RUNS[key]


def _run_file(key) -> Path | None:
    folder = cache_dir()
    model, name, men, seed = key
    return folder / model / f"{name.replace(' ', '_')}-{men}-{seed}.json" if folder else None


def _read_run(key) -> dict | None:
    path = _run_file(key)
    try:
        return {k: (float(v), note) for k, (v, note) in json.loads(path.read_text()).items()} if path else None
    except (OSError, ValueError, TypeError):   # absent, half-written by another process, or from an old format
        return None


def _write_run(key, run: dict):
    path = _run_file(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(run))
        partial.replace(path)   # atomic: a reader sees the whole file or none
    except OSError:   # a read-only home: the cache stays in this process
        pass

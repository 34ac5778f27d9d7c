"""Sentences a reader sees about what the model does, each with the scenario that shows it and a check.

Every sentence in the notebooks' text, the README, the instructor guide and the book that states what the
model does (a number, a direction, a comparison) is either printed by code from the model when the page
runs, or registered here: ``text`` is the sentence's words as the reader sees them (a fragment of one
sentence, without markdown), ``where`` the files that carry it, ``scenario`` the run in words, and
``check`` a function that runs the model through the public API and returns (holds, measured), the
measured values in words for the failure message. tests/test_claims.py runs every check;
tests/test_prose.py fails on a sentence about the model that is in neither place.

A claim with ``pending`` names the branch whose model change makes it true: its test is a strict
expected failure until that change is merged (then the strictness turns the pass into a signal to drop
the mark).

The checks compare the model with the reference ranges, with published values (each cited) or with the
model itself; none holds a number copied from a run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from ..analysis import published_models
from ..analysis.outcomes import SPERM_THRESHOLD
from ..analysis.validation import validate
from ..model.agents import AGENTS
from ..model.engine import simulate
from ..model.parameters import AZOOSPERMIA, E2_TOO_LOW, REFERENCE_RANGES, table as parameter_table
from ..model.patient import Cohort, Patient
from ..model.regimen import Course, Regimen
from ..protocols import COMPARISON_DEFAULT, PROTOCOLS

WEEK = 7.0
# Published values a check compares with (docs/SOURCES.md).
LEDER_2004_LH_RATIO = 7.9 / 5.1   # anastrozole 1 mg/d, 12 weeks, older men: LH 5.1 -> 7.9 IU/L (C15)
LEDER_2004_BASELINE = {"T": 343.0, "LH": 5.1, "E2": 26.0}   # ng/dL, IU/L, pg/mL (C9, C15)
RAMASAMY_2014_LH = (2.4, 4.2)     # IU/L before and on clomiphene 25 mg/d, secondary hypogonadism (C8)


@dataclass(frozen=True)
class Claim:
    key: str
    text: str                       # the words the reader sees (one sentence or a fragment of one)
    where: tuple[str, ...]          # files, relative to the repository root
    scenario: str
    check: Callable[[], tuple[bool, str]]
    pending: str = ""               # branch whose model change this sentence already describes


# --- scenarios (cached: several claims read the same run) ----------------------------------------------

@lru_cache(maxsize=None)
def _run(courses: tuple, days: float, preset: str = "healthy"):
    return simulate(Regimen(list(courses)), days=days, patient=Patient.preset(preset))


def _trt(agent="testosterone_cypionate", dose=200.0, weeks=26, extra=()):
    return (Course(agent, dose=dose, every_days=7, start_day=0, stop_day=weeks * WEEK),) + tuple(extra)


def _mean(res, name, start, stop):
    window = (res.t >= start) & (res.t < stop)
    return float(np.mean(res[name][window]))


def _days_to(res, name, level, stop):
    """Days from ``stop`` until ``name`` is back at ``level`` (after its lowest point), inf if never."""
    nadir = res.t[np.argmin(res[name])]
    ok = (res.t >= max(stop, nadir)) & (res[name] >= level)
    return float(res.t[ok][0] - stop) if ok.any() else np.inf


@lru_cache(maxsize=None)
def _validation(target_id: str) -> dict:
    return {row["key"]: row for row in validate(ids=[target_id], fast=True)}


# --- checks ------------------------------------------------------------------------------------------

def _slower_than_trials():
    row = _validation("C7")["C7 median to 20 M/mL"]
    return row["model"] > row["target"], f"median to 20 M/mL {row['model']:.1f} months, Liu 2006 {row['target']:g}"


def _esters_equal():
    kw = dict(dose=200.0, weeks=52)
    tc = _mean(_run(_trt("testosterone_cypionate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    te = _mean(_run(_trt("testosterone_enanthate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    return abs(te / tc - 1) <= 0.05, f"mean T weeks 40-52 at 200 mg/week: cypionate {tc:.0f}, enanthate {te:.0f} ng/dL"


def _enanthate_more_per_mg():
    kw = dict(dose=200.0, weeks=52)
    tc = _mean(_run(_trt("testosterone_cypionate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    te = _mean(_run(_trt("testosterone_enanthate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    return 1.35 <= te / tc <= 1.55, f"enanthate/cypionate mean T = {te / tc:.2f} (the text says ~1.45)"


def _low_dose_no_protection():
    base = _run((), 60)["sperm"][0]
    lows = {a: float(_run(_trt(a, dose=100.0, weeks=52), 400)["sperm"].min())
            for a in ("testosterone_cypionate", "testosterone_enanthate")}
    return all(v < 0.5 * base for v in lows.values()), (f"untreated {base:.0f} M/mL; lowest at 100 mg/week: "
                                                         + ", ".join(f"{a[13:]} {v:.2g}" for a, v in lows.items()))


def _ai_on_trt_keeps_lh_down():
    ai = Course("anastrozole", dose=0.5, every_days=3.5, start_day=0, stop_day=26 * WEEK)
    base = _run((), 60)["LH"][0]
    on = _run(_trt(extra=(ai,)), 400)
    trough = float(on["LH"][(on.t >= 12 * WEEK - 1) & (on.t < 12 * WEEK)].max())
    return trough <= 0.15 * base, f"LH before the week-12 injection {trough:.2g} IU/L, untreated {base:.2g}"


def _older_man_lh_like_trial():
    ai = (Course("anastrozole", dose=1.0, every_days=1, start_day=0, stop_day=84),)
    base = _run((), 84, "older_low_T")
    on = _run(ai, 84, "older_low_T")
    ratio = _mean(on, "LH", 70, 84) / _mean(base, "LH", 70, 84)
    return abs(ratio / LEDER_2004_LH_RATIO - 1) <= 0.15, f"model LH x{ratio:.2f} at weeks 10-12, Leder 2004 x{LEDER_2004_LH_RATIO:.2f}"


def _clomiphene_healthy_vs_secondary():
    clom = (Course("clomiphene", dose=25.0, every_days=1, start_day=2 * WEEK, stop_day=14 * WEEK),)
    rises = {}
    for who in ("healthy", "secondary_hypogonadism"):
        before, on = _run((), 14 * WEEK, who).at(14 * WEEK - 1, "T"), _run(clom, 14 * WEEK, who).at(14 * WEEK - 1, "T")
        rises[who] = (on / before, on - before, on)
    h, s = rises["healthy"], rises["secondary_hypogonadism"]
    holds = h[0] < s[0] and h[1] > s[1] and h[2] > REFERENCE_RANGES["T"][1]
    return holds, (f"healthy x{h[0]:.2f} (+{h[1]:.0f} to {h[2]:.0f} ng/dL); secondary x{s[0]:.2f} (+{s[1]:.0f})")


def _most_anastrozole():
    def steady(dose):
        r = _run((Course("anastrozole", dose=dose, every_days=1, start_day=0, stop_day=None),), 84)
        return {n: _mean(r, n, 70, 84) for n in ("E2", "LH", "T")}
    top, below = steady(2.0), steady(1.5)
    holds = (top["E2"] < 1.5 * E2_TOO_LOW and top["LH"] > below["LH"] and top["T"] > below["T"]
             and top["T"] > REFERENCE_RANGES["T"][1])
    return holds, (f"2 mg daily: E2 {top['E2']:.1f} pg/mL, LH {top['LH']:.1f} IU/L, T {top['T']:.0f} ng/dL; "
                   f"1.5 mg: LH {below['LH']:.1f}, T {below['T']:.0f}")


def _e2_peaks():
    peaks = {}
    for key in COMPARISON_DEFAULT:
        reg = PROTOCOLS[key].regimen()
        r = _run(tuple(reg.courses), 26 * WEEK + 365)
        peaks[key] = float(r["E2"][r.t >= 26 * WEEK].max())
    clomiphenes = peaks["clomiphene"], peaks["hcg_then_clomiphene"]
    holds = (peaks["hcg_anastrozole"] < min(clomiphenes) and abs(clomiphenes[0] / clomiphenes[1] - 1) < 0.1)
    return holds, ", ".join(f"{k} {v:.0f}" for k, v in peaks.items()) + " pg/mL (E2 peak after the stop)"


def _secondary_e2_above_healthy():
    sec, healthy = _run((), 60, "secondary_hypogonadism")["E2"][0], _run((), 60)["E2"][0]
    return sec > healthy, f"secondary preset E2 {sec:.1f}, healthy {healthy:.1f} pg/mL"


def _first_sperm_by_week_8():
    r = _run(_trt(weeks=12), 400)
    stop = 12 * WEEK
    nadir = int(np.argmin(r["sperm"]))
    back = r.t[(np.arange(r.t.size) > nadir) & (r["sperm"] >= AZOOSPERMIA)]
    first = (back[0] - stop) / WEEK if back.size else np.inf
    at8 = r.at(stop + 8 * WEEK, "sperm")
    return 6 <= first <= 10 and at8 < SPERM_THRESHOLD, f"first sperm week {first:.1f} after the stop; week 8: {at8:.2g} M/mL"


def _threshold_is_who_2010():
    return SPERM_THRESHOLD == REFERENCE_RANGES["sperm"][0] == 15.0, f"threshold {SPERM_THRESHOLD:g} M/mL"


def _azoospermia_proxy():
    return AZOOSPERMIA == 0.1, f"AZOOSPERMIA = {AZOOSPERMIA:g} M/mL"


def _c21_too_many():
    row = _validation("C21")["C21 TMC > 5 M by 6 months"]
    return not row["passes"] and row["model"] > row["target"], f"model {row['model']:.2f}, Kohn 2017 {row['target']:g}"


def _longer_course_slower():
    days = {weeks: _days_to(_run(_trt(weeks=weeks), weeks * WEEK + 730), "sperm", SPERM_THRESHOLD, weeks * WEEK)
            for weeks in (26, 104)}
    return days[104] > days[26], f"days to 15 M/mL after 26 weeks {days[26]:.0f}, after 104 weeks {days[104]:.0f}"


def _sc_gonadorelin_lingers():
    ka = AGENTS["gonadorelin"].components[0].ka            # 1/day, absorption from under the skin
    left = float(np.exp(-ka * 30 / 1440))
    return left >= 0.2, f"share of a SC dose not yet absorbed after 30 min: {left:.2f}"


def _itt_carries_germ_cells():
    share = {row.name: row.value for row in parameter_table("physiology")}["sperm_FSH_independent"]
    return share > 0.5, f"germ-cell input left without FSH (ITT normal): {share:g}"


def _hcg_keeps_sperm_on_trt():
    on_trt = 26 * WEEK - 1
    kept = {key: _run(tuple(PROTOCOLS[key].regimen().courses), 26 * WEEK).at(on_trt, "sperm")
            for key in ("trt_with_hcg", "stop_only")}
    return kept["trt_with_hcg"] > kept["stop_only"], (f"sperm at week 26 of TRT: with hCG {kept['trt_with_hcg']:.2g}, "
                                                      f"alone {kept['stop_only']:.2g} M/mL")


def _hcg_test_in_gnrh_deficiency():
    test = (Course("hcg", dose=5000.0, every_days=7, start_day=0.25, stop_day=0.75),)
    rises = {}
    for name, patient in (("healthy", Patient()), ("GnRH at 5 %", Patient(gnrh_capacity=0.05))):
        r = simulate(Regimen(list(test)), days=3.5, patient=patient, dt=0.25)
        rises[name] = r.at(3.25, "T") - r.at(0.0, "T")
    return rises["GnRH at 5 %"] > rises["healthy"], ", ".join(f"{k} +{v:.0f}" for k, v in rises.items()) + " ng/dL at 72 h"


def _older_men_recover_later():
    days = {}
    for age in (30.0, 60.0):
        r = simulate(Regimen(list(_trt("testosterone_enanthate", weeks=52))), days=52 * WEEK + 730,
                     patient=Patient(age=age))
        days[age] = _days_to(r, "sperm", SPERM_THRESHOLD, 52 * WEEK)
    return days[60.0] > days[30.0], f"days to 15 M/mL after a year of enanthate: age 30 {days[30.0]:.0f}, age 60 {days[60.0]:.0f}"


def _high_dose_esters_differ():
    lh_days = {a: _days_to(_run(_trt(a, dose=500.0, weeks=52), 52 * WEEK + 600), "LH", REFERENCE_RANGES["LH"][0], 52 * WEEK)
               for a in ("testosterone_cypionate", "testosterone_enanthate")}
    holds = _enanthate_more_per_mg()[0] and lh_days["testosterone_cypionate"] < 0.5 * lh_days["testosterone_enanthate"]
    return holds, "days to LH in range after a year at 500 mg/week: " + ", ".join(f"{a[13:]} {d:.0f}" for a, d in lh_days.items())


def _cohort_lowest_sperm(agent, dose):
    r = simulate(Regimen(list(_trt(agent, dose=dose, weeks=52))), days=400, patient=Cohort(n=200, seed=0))
    return r["sperm"].min(axis=1)


def _esters_at_100_in_a_cohort():
    share = {a: float(np.mean(_cohort_lowest_sperm(a, 100.0) < 1.0))
             for a in ("testosterone_cypionate", "testosterone_enanthate")}
    holds = share["testosterone_enanthate"] > 0.5 and share["testosterone_cypionate"] < 0.25
    return holds, "share of 200 men below 1 M/mL at the lowest: " + ", ".join(f"{a[13:]} {v:.2f}" for a, v in share.items())


def _low_dose_enanthate_keeps_sperm():
    params = {row.name: row.value for row in parameter_table("physiology")}
    r = _run(_trt("testosterone_enanthate", dose=50.0, weeks=52), 400)
    kept = float(r["sperm"].min() / r["sperm"][0])
    holds = kept > 0.8 and params["sperm_ITT50"] < 1 / 3
    return holds, f"lowest sperm at 50 mg/week {kept:.0%} of untreated; ITT at half support {params['sperm_ITT50']:g}"


def _drugs_raise_lh_and_t():
    base = _run((), 84)
    ratios = {}
    for agent, dose in (("clomiphene", 25.0), ("anastrozole", 1.0)):
        r = _run((Course(agent, dose=dose, every_days=1, start_day=0, stop_day=None),), 84)
        ratios[agent] = (_mean(r, "LH", 70, 84) / _mean(base, "LH", 70, 84), _mean(r, "T", 70, 84) / _mean(base, "T", 70, 84))
    holds = all(abs(lh / 2.0 - 1) <= 0.2 and abs(t / 1.6 - 1) <= 0.2 for lh, t in ratios.values())
    return holds, ", ".join(f"{a}: LH x{lh:.2f}, T x{t:.2f}" for a, (lh, t) in ratios.items())


def _regrowth_cv():
    cv = {row.name: row.cv for row in parameter_table("physiology")}.get("spermatogonia_regrowth")
    return cv == 3.0, f"between-man CV of spermatogonial regrowth: {cv}"


def _lh_after_stopping():
    out, ok = [], True
    for weeks in (26, 104):
        r = _run(_trt(weeks=weeks), weeks * WEEK + 400)
        days = _days_to(r, "LH", REFERENCE_RANGES["LH"][0], weeks * WEEK)
        peak = float(r["LH"][r.t > weeks * WEEK].max() / r["LH"][0])
        ok &= 10 <= days <= 21 and 1.4 <= peak <= 2.6
        out.append(f"{weeks} weeks: LH in range after {days:.0f} days, peak x{peak:.2f}")
    row = _validation("C19")["C19 median to LH in range"]
    ok &= 8 <= row["model"] <= 12
    return ok, "; ".join(out) + f"; C19 (long high doses): {row['model']:.1f} months"


def _enanthate_trough():
    params = {row.name: row.value for row in parameter_table("drugs")}
    r = _run(_trt("testosterone_enanthate", weeks=20), 20 * WEEK)
    trough = r.at(10 * WEEK - 0.5, "T") / r["T"][0]
    half_life = np.log(2) / params["enanthate_kel"]
    holds = (1.6 <= trough <= 2.0 and params["enanthate_ka"] == params["cypionate_ka"] and abs(half_life - 4.5) < 0.05)
    return holds, f"trough before the week-10 injection x{trough:.2f}; half-life {half_life:.1f} d"


def _older_preset_baseline():
    r = _run((), 10, "older_low_T")
    gaps = {n: r[n][0] / v - 1 for n, v in LEDER_2004_BASELINE.items()}
    return all(abs(g) <= 0.1 for g in gaps.values()), ", ".join(f"{n} {r[n][0]:.3g}" for n in gaps)


def _age_alone():
    old = simulate(Regimen([]), days=10, patient=Patient(age=70.0))
    young = _run((), 10)
    t, lh = old["T"][0] / young["T"][0], old["LH"][0] / young["LH"][0]
    return 0.85 <= t <= 0.95 and 1.35 <= lh <= 1.55, f"age 70: T x{t:.2f}, LH x{lh:.2f}"


def _secondary_preset_lh():
    clom = (Course("clomiphene", dose=25.0, every_days=1, start_day=0, stop_day=None),)
    before = _run((), 84, "secondary_hypogonadism")["LH"][0]
    on = _mean(_run(clom, 84, "secondary_hypogonadism"), "LH", 70, 84)
    holds = all(abs(m / p - 1) <= 0.15 for m, p in zip((before, on), RAMASAMY_2014_LH))
    return holds, f"LH {before:.2f} -> {on:.2f} IU/L (Ramasamy 2014: 2.4 -> 4.2)"


def _after_high_dose_hcg():
    hcg = Course("hcg", dose=2000.0, every_days=7 / 3, start_day=52 * WEEK, stop_day=64 * WEEK)
    r = _run(_trt(weeks=52, extra=(hcg,)), 64 * WEEK + 200)
    after = r.t >= 64 * WEEK
    below = float(np.sum(r["T"][after] < 300) * (r.t[1] - r.t[0]))
    low = float(r["T"][after].min())
    return 4 <= below <= 12 and low < 100, f"T below 300 ng/dL for {below:.1f} days, lowest {low:.0f} ng/dL"






# --- hpgviz beside the published models (analysis/published_models.py) ---------------------------------

@lru_cache(maxsize=None)
def _side_by_side() -> tuple:
    return tuple(published_models.side_by_side())


def _published_row(reference, quantity, scenario_has=""):
    return next(r for r in _side_by_side() if r["reference"] == reference and r["quantity"] == quantity
                and scenario_has in r["scenario"])


def _own_t_few_percent_without_lh():
    res = simulate(Regimen([Course("testosterone_cypionate", dose=500, every_days=7, start_day=0,
                                   stop_day=168)]), days=168)
    left = float(res["T_endogenous"].min() / res["T_endogenous"][0])
    return left < 0.05, f"own T at its lowest on 500 mg/week: {100 * left:.1f} % of untreated"


def _total_t_below_bi():
    words, holds = [], True
    for dose in published_models.TC_DOSES:
        average = _published_row("Bi 2018", "average T on drug (last week)", f"TC {dose} mg")
        trough = _published_row("Bi 2018", "trough T on drug (end of the last week)", f"TC {dose} mg")
        holds &= average["hpgviz"] < average["published"] and trough["hpgviz"] < trough["published"]
        holds &= trough["hpgviz"] / trough["published"] < average["hpgviz"] / average["published"]
        words.append(f"{dose} mg: average {average['hpgviz']:.0f} vs {average['published']:.0f}, trough "
                     f"{trough['hpgviz']:.0f} vs {trough['published']:.0f}")
    for dose in (250, 500):
        after = _published_row("Bi 2018", "lowest T after stopping", f"TC {dose} mg")
        holds &= bool(after["meaningful"]) and after["hpgviz"] < after["published"]
        words.append(f"{dose} mg after stopping: {after['hpgviz']:.0f} vs {after['published']:.0f}")
    return holds, "; ".join(words) + " ng/dL (hpgviz vs Bi)"


def _reserve_at_100_vs_bi():
    row = _published_row("Bi 2018", "LH reserve nadir", "TC 100 mg")
    return row["hpgviz"] >= 90 and row["published"] < 50, (
        f"LH reserve nadir at 100 mg/week: hpgviz {row['hpgviz']:.0f} %, Bi {row['published']:.0f} % of baseline")


def _sperm_reaches_zero_bi_never():
    row = _published_row("Bi 2018", "sperm nadir", "TC 500 mg")
    return row["published"] >= 0.5 and row["hpgviz"] < 0.1, (
        f"sperm nadir at 500 mg/week: hpgviz {row['hpgviz']:.2g} %, Bi {row['published']:.2g} % of baseline")




def _bi_cvs_not_carried():
    rows = {row.name: row for row in parameter_table()}
    varied_pk = [name for name, row in rows.items() if row.cv > 0 and re.search(r"_ka\b|tmax|_V\b|absorption", name)]
    holds = rows["clearance_factor"].cv == 0.10 and not varied_pk
    return holds, f"clearance CV {rows['clearance_factor'].cv:.2f}; absorption or volume rows varied: {varied_pk}"


def _leydig_spread_narrowed():
    cv = next(row.cv for row in parameter_table() if row.name == "leydig_capacity")
    T = simulate(Regimen([]), days=30, patient=Cohort(400, seed=3))["T"][:, -1]
    below = float(np.mean(T < REFERENCE_RANGES["T"][0]))
    return cv == 0.30 and below <= 0.05, f"Leydig capacity CV {cv:.2f}; untreated men below the range {100 * below:.1f} %"


# --- points of failure, continuous GnRH, the hCG test (validation C18, C26, C28, C29) --------------------

def _row_value(target_id, key):
    return _validation(target_id)[key]["model"]


def _preset_run(preset, courses=(), days=400.0):
    return simulate(Regimen(list(courses)), days=days, patient=Patient.preset(preset))


def _in_range(name, value):
    low, high = REFERENCE_RANGES[name]
    return low <= value and (high is None or value <= high)


def _acquired_gnrh_deficiency():
    untreated = _preset_run("acquired_gnrh_deficiency", days=60)
    pump = _preset_run("acquired_gnrh_deficiency",
                       (Course("gonadorelin", dose=10.0, every_days=0.0625, start_day=0),), days=190)
    healthy = _run((), 10)["sperm"][0]
    volume, hcg_year = untreated["testis_volume"][-1], _row_value("C26", "C26 acquired GnRH deficiency sperm on hCG alone")
    pump_share = pump.at(183, "sperm") / healthy
    return volume >= 12 and 9 <= hcg_year <= 18 and pump_share >= 0.6, (
        f"testis {volume:.1f} mL; hCG alone {hcg_year:.1f} M/mL at a year; pump {pump_share:.0%} of normal at 6 months")


def _congenital_gnrh_deficiency():
    untreated = _preset_run("congenital_gnrh_deficiency", days=60)
    hcg = _preset_run("congenital_gnrh_deficiency", (Course("hcg", dose=2000.0, every_days=7 / 3, start_day=0),),
                      days=366)
    pump = _preset_run("congenital_gnrh_deficiency",
                       (Course("gonadorelin", dose=10.0, every_days=0.0625, start_day=0),), days=731)
    first = pump.t[np.argmax(pump["sperm"] >= AZOOSPERMIA)] if (pump["sperm"] >= AZOOSPERMIA).any() else np.inf
    volume, inhibin = untreated["testis_volume"][-1], untreated["inhibin_B"][-1]
    holds = (1.0 <= volume <= 2.0 and 20 <= inhibin <= 30 and untreated["sperm"][-1] < AZOOSPERMIA
             and hcg["sperm"].max() < AZOOSPERMIA and 180 <= first <= 365
             and 6 <= pump.at(730, "sperm") <= 15 and 10 <= pump.at(730, "testis_volume") <= 16)
    return holds, (f"untreated: testis {volume:.1f} mL, inhibin B {inhibin:.0f} pg/mL; hCG alone: most sperm "
                   f"{hcg['sperm'].max():.2g} M/mL; pump: first sperm day {first:.0f}, at two years "
                   f"{pump.at(730, 'sperm'):.1f} M/mL and {pump.at(730, 'testis_volume'):.1f} mL")


def _congenital_fsh_at_the_limit():
    fsh = _row_value("C26", "C26 congenital GnRH deficiency FSH")
    low = REFERENCE_RANGES["FSH"][0]
    return low <= fsh <= low + 0.4, f"FSH {fsh:.2f} IU/L; the range's lower limit {low:g}"


def _sertoli_cell_only_fsh():
    sco = _preset_run("sertoli_cell_only")
    castrate = simulate(Regimen([]), days=400, patient=Patient(leydig_capacity=0.02, sertoli_capacity=0.02))
    fsh, c_fsh = sco["FSH"][-1], castrate["FSH"][-1]
    holds = 20 <= fsh <= 28 and _in_range("T", sco["T"][-1]) and _in_range("LH", sco["LH"][-1]) and 40 <= c_fsh <= 60
    return holds, (f"Sertoli-cell-only: FSH {fsh:.1f}, T {sco['T'][-1]:.0f}, LH {sco['LH'][-1]:.1f}; "
                   f"castrate FSH {c_fsh:.1f} IU/L")


def _sperm_threshold():
    sperm = simulate(Regimen([]), days=400, patient=Patient(sertoli_capacity=0.1))["sperm"][-1]
    threshold = next(row.value for row in parameter_table() if row.name == "sperm_output_threshold")
    return threshold == 0.15 and sperm < AZOOSPERMIA, f"threshold {threshold:g}; sperm at 10 % capacity {sperm:.2g} M/mL"


def _leydig_failure_fsh():
    res = simulate(Regimen([]), days=400, patient=Patient(leydig_capacity=0.05))
    fsh, lh = res["FSH"][-1], res["LH"][-1]
    return _in_range("FSH", fsh) and 7 <= fsh <= 11 and 28 <= lh <= 38, f"FSH {fsh:.1f}, LH {lh:.1f} IU/L"


def _agonist_flare_and_one_rule():
    lh_peak_h, t_peak_d = _row_value("C18", "C18 agonist LH peak time"), _row_value("C18", "C18 agonist T peak time")
    day_scale = _row_value("C28", "C28 day-scale LH, pulses every 30 min")
    pulse_mode = _row_value("C28", "C28 pulse-mode LH, pulses every 30 min")
    course = published_models.tornoe_time_courses()["hpgviz"][1]
    lh_x, t_x = float(course["LH"].max()), float(course["T"].max() / course["T"][0])
    holds = (4 <= lh_peak_h <= 10 and 1 <= t_peak_d <= 3 and 3.0 <= lh_x <= 3.8 and 1.4 <= t_x <= 1.8
             and day_scale < 1 and pulse_mode < 1)
    return holds, (f"LH peak {lh_x:.1f}x at {lh_peak_h:.0f} h, T peak {t_x:.2f}x at day {t_peak_d:.1f}; LH on pulses "
                   f"every 30 min: day-scale {day_scale:.2f}, pulse mode {pulse_mode:.2f} x baseline")


def _agonist_against_tornoe():
    below = _row_value("C18", "C18 agonist LH below baseline")
    course = published_models.tornoe_time_courses()["hpgviz"]
    t, T = course[0], course[1]["T"]
    castrate = t[np.argmax(T < 50)] if (T < 50).any() else np.inf
    return 5 <= below <= 7 and 22 <= castrate <= 30, (f"LH below baseline on day {below:.1f}; T below 50 ng/dL "
                                                       f"from day {castrate:.1f}")


def _ten_times_pump_castrates():
    t = _row_value("C28", "C28 T on continuous gonadorelin at 10x the pump")
    return t < 50, f"T {t:.0f} ng/dL after four weeks at ten times the pump's amount"


def _hcg_test_plateau():
    peak, at72, low = (_row_value("C29", k) for k in ("C29 hCG test peak day", "C29 hCG test T at 72 h",
                                                     "C29 hCG test lowest T within a week"))
    man = Patient(leydig_capacity=0.05)
    test = simulate(Regimen([Course("hcg", dose=5000.0, every_days=30, start_day=1, stop_day=2)]), days=8,
                    patient=man)
    gain = test.at(4, "T") / test.at(1, "T")
    holds = 2 <= peak <= 4 and 1.7 <= at72 <= 2.1 and low >= 1.0 and gain < 1.3
    return holds, (f"peak day {peak:.1f}, {at72:.2f}x at 72 h, lowest {low:.2f}x in a week; Leydig failure "
                   f"{gain:.2f}x at 72 h")


# --- the registry ---------------------------------------------------------------------------------------

_NB01, _NB02 = "notebooks/01_fundamentals.ipynb", "notebooks/02_intermediate.ipynb"
_NB03A, _NB03B = "notebooks/03a_mechanisms.ipynb", "notebooks/03b_populations_and_evidence.ipynb"
_GUIDE, _README = "docs/instructors.md", "README.md"

CLAIMS = (
    Claim("slower than the trials", "more slowly than the volunteers of the contraception trials",
          (_NB01, _NB02, _GUIDE), "a cohort after 12 months of enanthate, recovery to 20 M/mL (validation C7)",
          _slower_than_trials),
    Claim("esters equal per mg", "the two esters give the same testosterone per milligram", (_NB01,),
          "200 mg/week of cypionate or enanthate for a year: mean T over weeks 40-52", _esters_equal,
          pending="feedback"),
    Claim("enanthate more per mg", "because the model's enanthate gives ~45 % more T per mg", (_README,),
          "200 mg/week of cypionate or enanthate for a year: mean T over weeks 40-52", _enanthate_more_per_mg),
    Claim("enanthate more per mg (clearance)", "gives ~45 % more T per mg than cypionate", (_README,),
          "200 mg/week of cypionate or enanthate for a year: mean T over weeks 40-52", _enanthate_more_per_mg),
    Claim("no TRT dose protects sperm",
          "at 100 mg a week of either ester, the model man's sperm count falls to less than half its untreated level",
          (_NB01,), "100 mg/week of each ester for a year: lowest sperm against the untreated man's",
          _low_dose_no_protection),
    Claim("AI on TRT keeps LH down", "in the model they rise by too little to see on the figure", (_NB01,),
          "TRT 200 mg/week with anastrozole 0.5 mg twice a week: LH before the week-12 injection",
          _ai_on_trt_keeps_lh_down),
    Claim("older man LH", "his LH rise is close to the one that trial reported", (_NB01, _NB02),
          "the older-man preset on anastrozole 1 mg daily, weeks 10-12, against Leder 2004 (C15)",
          _older_man_lh_like_trial),
    Claim("clomiphene in a healthy man",
          "Relatively less in the model: testosterone rises by a smaller factor in the healthy man, but by more "
          "ng/dL, since it starts higher, and it ends above the reference range", (_NB02,),
          "clomiphene 25 mg daily for 12 weeks, the healthy man and the secondary hypogonadism preset",
          _clomiphene_healthy_vs_secondary),
    Claim("the most anastrozole",
          "at the top of the slider the healthy man's estradiol is near the edge of the too-low zone, while LH "
          "and testosterone are still rising, testosterone far above its reference range", (_NB02,),
          "anastrozole 1.5 and 2 mg daily without TRT in the healthy man, weeks 10-12", _most_anastrozole),
    Claim("E2 peaks of the protocols",
          "in the model, the two clomiphene protocols peak close together, and adding anastrozole to hCG gives the "
          "lowest estradiol peak of the three restart protocols", (_NB02,),
          "the four default protocols after 26 weeks of TRT: highest E2 after the stop", _e2_peaks),
    Claim("secondary hypogonadism E2", "the model's preset has a higher estradiol than the healthy man", (_GUIDE,),
          "the secondary_hypogonadism preset untreated, against the healthy man", _secondary_e2_above_healthy),
    Claim("first sperm by week 8", "the model's man has his first sperm back 6 to 10 weeks after a 12-week course",
          (_GUIDE,), "12 weeks of 200 mg/week cypionate, then a stop: first sperm and the count at week 8",
          _first_sperm_by_week_8),
    Claim("WHO 2010 threshold", "15 million/mL", (_NB01, _NB02),
          "the threshold of the model's recovery times: the WHO 2010 lower limit", _threshold_is_who_2010),
    Claim("azoospermia proxy", "In the model: fewer than 0.1 million/mL", (_NB01, _NB02, _NB03A, _NB03B),
          "the model's proxy for azoospermia", _azoospermia_proxy),
    Claim("C21 too many", "more model men on hCG with clomiphene reach a total motile count of 5 million within "
          "6 months than Kohn 2017's", (_README,), "validation C21", _c21_too_many),
    Claim("SC gonadorelin lingers", "30 minutes after a subcutaneous dose a fifth or more of it is still to reach the "
          "blood", (_GUIDE, _NB03A), "one subcutaneous gonadorelin dose: the share not yet absorbed after 30 min",
          _sc_gonadorelin_lingers),
    Claim("ITT carries the germ cells", "The model gives intratesticular testosterone a larger share of germ-cell "
          "support than FSH does", (_GUIDE,), "the germ-cell input left without FSH when ITT is normal",
          _itt_carries_germ_cells),
    Claim("hCG keeps sperm on TRT", "qualitative (better than TRT alone)", (_NB02,),
          "TRT 200 mg/week with hCG 500 IU every other day against TRT alone: sperm at week 26", _hcg_keeps_sperm_on_trt),
    Claim("hCG test in GnRH deficiency", "Read the table: in the model it is larger than in the healthy man", (_NB03A,),
          "hCG 5,000 IU once, T 72 h later, in a man whose GnRH neurons make 5 % and in the healthy man",
          _hcg_test_in_gnrh_deficiency),
    Claim("older men recover later", "so where its age thirds differ, the older men recover later", (_NB03B,),
          "a year of enanthate 200 mg/week at age 30 and 60: days to 15 M/mL", _older_men_recover_later),
    Claim("high-dose esters differ", "cypionate 500 mg/week behaves nearer replacement than enanthate 500 mg/week",
          (_README,), "a year at 500 mg/week of each ester: days until LH is back in range", _high_dose_esters_differ),
    Claim("esters at 100 mg in a cohort", "so at 100 mg/week enanthate suppresses sperm in most men and cypionate "
          "in few", (_README,), "200 men, a year at 100 mg/week of each ester: share below 1 M/mL at the lowest",
          _esters_at_100_in_a_cohort),
    Claim("50 mg enanthate keeps sperm", "the germ cells keep full support until the testis's own T falls below "
          "about a third of normal", (_README,), "the ITT at half support; a year of enanthate 50 mg/week",
          _low_dose_enanthate_keeps_sperm),
    Claim("50 mg enanthate keeps sperm (count)", "at 50 mg/week of enanthate the model's sperm count barely falls",
          (_README,), "a year of enanthate 50 mg/week: lowest sperm against untreated", _low_dose_enanthate_keeps_sperm),
    Claim("SERM and AI in young men", "so clomiphene and anastrozole raise LH about 2-fold and T about 1.6-fold in "
          "young men with normal T", (_README,), "clomiphene 25 mg or anastrozole 1 mg daily, healthy man, weeks 10-12",
          _drugs_raise_lh_and_t),
    Claim("C7 spread", "its spread comes from one log-normal between-man difference in spermatogonial regrowth "
          "(CV 300 %, calibrated)", (_README,), "the parameter table's CV of spermatogonial regrowth", _regrowth_cv),
    Claim("LH after stopping", "LH is back in range about two weeks after replacement doses, after short and long "
          "use alike, and overshoots to ~1.5-2.5x normal while the shrunken Leydig cells catch up; after long doses "
          "well above replacement it takes ~10 months (C19)", (_README,),
          "26 or 104 weeks of 200 mg/week cypionate, then a stop; validation C19", _lh_after_stopping),
    Claim("enanthate trough", "Trough T on weekly enanthate is ~1.8x baseline at 200 mg/week", (_README,),
          "enanthate 200 mg/week: T just before the week-10 injection", _enanthate_trough),
    Claim("enanthate depot", "the depot is modelled with cypionate's absorption and a 4.5-day half-life", (_README,),
          "the parameter table's ester rows", _enanthate_trough),
    Claim("older-man preset", "the older-man preset is fitted to Leder 2004's baseline", (_README,),
          "the older_low_T preset untreated", _older_preset_baseline),
    Claim("age alone", "Age alone (Patient(age=70)) lowers T by ~10 % with LH ~45 % higher", (_README,),
          "Patient(age=70) untreated against the default man", _age_alone),
    Claim("secondary preset LH", "its LH (2.4 - 4.2 IU/L) then matches that study", (_README,),
          "the secondary_hypogonadism preset, untreated and on clomiphene 25 mg daily (weeks 10-12)",
          _secondary_preset_lh),
    Claim("after high-dose hCG", "(2,000 IU three times a week after a year of TRT) T stays below 300 ng/dL for "
          "about a week, at its lowest below 100 ng/dL", (_README,),
          "52 weeks of 200 mg/week cypionate, then hCG 2,000 IU three times a week for 12 weeks, then nothing",
          _after_high_dose_hcg),
    Claim("longer course, slower return", "sperm return later after the longer course", (_NB03A,),
          "200 mg/week for 26 or 104 weeks, then a stop: days to 15 M/mL", _longer_course_slower),
    Claim("own T few per cent without LH", "which leaves only a few per cent of his secretion without LH", (_README,),
          "cypionate 500 mg/week for 24 weeks: the man's own T at its lowest", _own_t_few_percent_without_lh),
    Claim("total T below Bi", "So on TRT total T is lower than in Bi's typical man, most at the trough, and after "
          "stopping it falls far lower before it recovers", (_README,),
          "cypionate 100/250/500 mg weekly for 24 weeks beside Bi 2018's typical man", _total_t_below_bi),
    Claim("reserve at 100 mg vs Bi", "At 100 mg/week this decides the LH reserve: with so little of his own T, "
          "effect-site T stays below Bi's steep switch (IC50 9.33 ng/mL, Hill 18.3) and the reserve hardly falls, "
          "where Bi's typical man loses more than half of it (C4 at 100 mg/week is a strict xfail)", (_README,),
          "cypionate 100 mg weekly for 24 weeks beside Bi 2018's typical man", _reserve_at_100_vs_bi),
    Claim("sperm reaches zero, Bi never", "and can reach zero", (_README,),
          "cypionate 500 mg weekly for 24 weeks beside Bi 2018's typical man", _sperm_reaches_zero_bi_never),
    Claim("Bi CVs not carried", "The population takes Bi 2018's between-subject CV of clearance (10 %) but not those "
          "of its volume (37 %) and absorption rate (54 %)", (_README,), "the parameter table's CVs",
          _bi_cvs_not_carried),
    Claim("Leydig spread narrowed", "The spread of Leydig output is narrowed from Bi's 45 % (Emax_T) to 30 %, so that "
          "few untreated men fall below the normal range", (_README,), "400 untreated men: T below 264 ng/dL",
          _leydig_spread_narrowed),
    Claim("acquired GnRH deficiency", "his testes stay adult-sized, hCG alone (FSH stays suppressed) starts "
          "spermatogenesis slowly, ~13 M/mL after a year (Finkel 1985), and a gonadorelin pump restores a near-normal "
          "count within ~6 months", (_README,), "the acquired_gnrh_deficiency preset: untreated, hCG 2,000 IU three "
          "times a week (validation C26), gonadorelin 10 ug every 90 min", _acquired_gnrh_deficiency),
    Claim("congenital GnRH deficiency", "his testes are prepubertal (~1.5 mL, inhibin B ~25 pg/mL, no sperm): hCG "
          "alone gives no sperm, and a pump matures the testes over months (first sperm after ~6-12 months, ~10 M/mL "
          "and ~13 mL at two years)", (_README,), "the congenital_gnrh_deficiency preset: untreated, hCG 2,000 IU three "
          "times a week for a year, gonadorelin 10 ug every 90 min for two years", _congenital_gnrh_deficiency),
    Claim("congenital FSH", "His FSH (~1.9 IU/L) sits at the range's lower limit rather than below it", (_README,),
          "the congenital_gnrh_deficiency preset untreated (validation C26)", _congenital_fsh_at_the_limit),
    Claim("Sertoli-cell-only FSH", "lifts FSH to ~24 IU/L with normal T and LH; castrate FSH is ~45-55 IU/L",
          (_README,), "the sertoli_cell_only preset, and a man without Leydig or Sertoli function, untreated",
          _sertoli_cell_only_fsh),
    Claim("sperm threshold", "a placeholder of 15 % of normal): below it the ejaculate is azoospermic, so a testis at "
          "10 % capacity makes no sperm rather than a tenth of a count", (_README,),
          "Sertoli capacity 10 %, untreated; the parameter table's threshold", _sperm_threshold),
    Claim("Leydig failure FSH", "A Leydig-cell failure at 5 % leaves FSH in its range (~9 IU/L) while LH is ~33",
          (_README,), "Leydig capacity 5 %, untreated", _leydig_failure_fsh),
    Claim("agonist flare, one rule", "flares LH over hours (peak ~7 h, ~3.4x) and T over a day or two (~1.6x at "
          "~2 days), then desensitises the pituitary: one rule, the lowest GnRH level over two hours, in both the "
          "day-scale model and the pulse mode, so pulses every 30 minutes desensitise in both", (_README,),
          "160 ug/day of continuous gonadorelin for 4 weeks; pulses every 30 min (validation C18, C28)",
          _agonist_flare_and_one_rule),
    Claim("agonist against Tornoe", "LH falls back below baseline sooner (~6 days vs ~8) and castrate T comes later "
          "(~day 26 on a pump's amount, vs below 0.5 ng/mL by day 19)", (_README,),
          "160 ug/day of continuous gonadorelin for 4 weeks (validation C18)", _agonist_against_tornoe),
    Claim("ten times the pump castrates", "Ten times the pump's amount drives T to castrate levels within four weeks",
          (_README,), "continuous gonadorelin at ten times the pump's amount for four weeks (validation C28)",
          _ten_times_pump_castrates),
    Claim("hCG test plateau", "so T rises within hours to a plateau at 2-4 days (~1.9x) and stays above baseline for "
          "a week; in primary Leydig failure, where LH already drives the cells near their maximum, hCG adds little",
          (_README,), "hCG 5,000 IU once in the default man (validation C29) and at Leydig capacity 5 %",
          _hcg_test_plateau),
)


def claims() -> tuple[Claim, ...]:
    return CLAIMS

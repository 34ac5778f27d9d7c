"""The checks behind the registered claims (claims.py): each runs the model through the public API and returns
(holds, measured), the measured values in words for a failure message. None holds a number copied from a run;
the published values a check compares with are cited beside them."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..analysis import published_models
from ..analysis.events import share_by, time_to
from ..analysis.outcomes import SPERM_THRESHOLD, recovery_verdict
from ..analysis.targets import MONTH, SEED, SEVERE_OLIGO, TMC_CONCENTRATION
from ..analysis.validation import KOHN_AGE, KOHN_MONTHS, SCENARIOS, validate
from ..model.agents import AGENTS
from ..model.engine import simulate
from ..model.parameters import AZOOSPERMIA, E2_TOO_LOW, REFERENCE_RANGES, table as parameter_table
from ..model.patient import Cohort, Patient
from ..model.regimen import Course, Regimen
from .protocols import COMPARISON_DEFAULT, PROTOCOLS
from .scenario_runs import (WEEK, days_to as _days_to, mean as _mean, preset_run as _preset_run, run as _run,
                            share_keeping as _share_keeping, trt as _trt)

# Published values a check compares with (docs/SOURCES.md).
LEDER_2004_LH_RATIO = 7.9 / 5.1   # anastrozole 1 mg/d, 12 weeks, older men: LH 5.1 -> 7.9 IU/L (C15)
LEDER_2004_BASELINE = {"T": 343.0, "LH": 5.1, "E2": 26.0}   # ng/dL, IU/L, pg/mL (C9, C15)
RAMASAMY_2014_LH = (2.4, 4.2)     # IU/L before and on clomiphene 25 mg/d, secondary hypogonadism (C8)


# --- scenarios (cached: several claims read the same run) ----------------------------------------------

@lru_cache(maxsize=None)
def _validation(target_id: str) -> dict:
    return {row["key"]: row for row in validate(ids=[target_id], fast=True)}


# --- checks ------------------------------------------------------------------------------------------

def slower_than_trials():
    row = _validation("C7")["C7 median to 20 M/mL"]
    return row["model"] > row["target"], f"median to 20 M/mL {row['model']:.1f} months, Liu 2006 {row['target']:g}"


def esters_equal():
    kw = dict(dose=200.0, weeks=52)
    tc = _mean(_run(_trt("testosterone_cypionate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    te = _mean(_run(_trt("testosterone_enanthate", **kw), 400), "T", 40 * WEEK, 52 * WEEK)
    return abs(te / tc - 1) <= 0.05, f"mean T weeks 40-52 at 200 mg/week: cypionate {tc:.0f}, enanthate {te:.0f} ng/dL"


def low_dose_no_protection():
    base = _run((), 60)["sperm"][0]
    lows = {a: float(_run(_trt(a, dose=100.0, weeks=52), 400)["sperm"].min())
            for a in ("testosterone_cypionate", "testosterone_enanthate")}
    return all(v < 0.5 * base for v in lows.values()), (f"untreated {base:.0f} M/mL; lowest at 100 mg/week: "
                                                         + ", ".join(f"{a[13:]} {v:.2g}" for a, v in lows.items()))


def ai_on_trt_keeps_lh_down():
    ai = Course("anastrozole", dose=0.5, every_days=3.5, start_day=0, stop_day=26 * WEEK)
    base = _run((), 60)["LH"][0]
    on = _run(_trt(extra=(ai,)), 400)
    trough = float(on["LH"][(on.t >= 12 * WEEK - 1) & (on.t < 12 * WEEK)].max())
    return trough <= 0.15 * base, f"LH before the week-12 injection {trough:.2g} IU/L, untreated {base:.2g}"


def older_man_lh_like_trial():
    ai = (Course("anastrozole", dose=1.0, every_days=1, start_day=0, stop_day=84),)
    base = _run((), 84, "older_low_T")
    on = _run(ai, 84, "older_low_T")
    ratio = _mean(on, "LH", 70, 84) / _mean(base, "LH", 70, 84)
    return abs(ratio / LEDER_2004_LH_RATIO - 1) <= 0.15, f"model LH x{ratio:.2f} at weeks 10-12, Leder 2004 x{LEDER_2004_LH_RATIO:.2f}"


def clomiphene_healthy_vs_secondary():
    clom = (Course("clomiphene", dose=25.0, every_days=1, start_day=2 * WEEK, stop_day=14 * WEEK),)
    rises = {}
    for who in ("healthy", "secondary_hypogonadism"):
        before, on = _run((), 14 * WEEK, who).at(14 * WEEK - 1, "T"), _run(clom, 14 * WEEK, who).at(14 * WEEK - 1, "T")
        rises[who] = (on / before, on - before, on)
    h, s = rises["healthy"], rises["secondary_hypogonadism"]
    holds = h[0] < s[0] and abs(h[1] / s[1] - 1) <= 0.15 and h[2] <= REFERENCE_RANGES["T"][1]
    return holds, (f"healthy x{h[0]:.2f} (+{h[1]:.0f} to {h[2]:.0f} ng/dL); secondary x{s[0]:.2f} (+{s[1]:.0f})")


def most_anastrozole():
    def steady(dose):
        r = _run((Course("anastrozole", dose=dose, every_days=1, start_day=0, stop_day=None),), 84)
        return {n: _mean(r, n, 70, 84) for n in ("E2", "LH", "T")}
    top, below = steady(2.0), steady(1.5)
    holds = (top["E2"] < 1.5 * E2_TOO_LOW and top["LH"] > below["LH"] and top["T"] > below["T"]
             and top["T"] > REFERENCE_RANGES["T"][1])
    return holds, (f"2 mg daily: E2 {top['E2']:.1f} pg/mL, LH {top['LH']:.1f} IU/L, T {top['T']:.0f} ng/dL; "
                   f"1.5 mg: LH {below['LH']:.1f}, T {below['T']:.0f}")


def e2_peaks():
    peaks = {}
    for key in COMPARISON_DEFAULT:
        reg = PROTOCOLS[key].regimen()
        r = _run(tuple(reg.courses), 26 * WEEK + 365)
        peaks[key] = float(r["E2"][r.t >= 26 * WEEK].max())
    # "a few pg/mL": within 10 % of stopping alone (the injections' own tail), well inside the spread between men
    holds = all(abs(peak / peaks["stop_only"] - 1) < 0.10 for peak in peaks.values())
    return holds, ", ".join(f"{k} {v:.0f}" for k, v in peaks.items()) + " pg/mL (E2 peak after the stop)"


def secondary_e2_above_healthy():
    sec, healthy = _run((), 60, "secondary_hypogonadism")["E2"][0], _run((), 60)["E2"][0]
    return sec > healthy, f"secondary preset E2 {sec:.1f}, healthy {healthy:.1f} pg/mL"


def first_sperm_by_week_8():
    r = _run(_trt(weeks=12), 400)
    stop = 12 * WEEK
    nadir = int(np.argmin(r["sperm"]))
    back = r.t[(np.arange(r.t.size) > nadir) & (r["sperm"] >= AZOOSPERMIA)]
    first = (back[0] - stop) / WEEK if back.size else np.inf
    at8 = r.at(stop + 8 * WEEK, "sperm")
    return 5 <= first <= 8 and at8 < SPERM_THRESHOLD, f"first sperm week {first:.1f} after the stop; week 8: {at8:.2g} M/mL"


def threshold_is_who_2021():
    """WHO 2021 (6th edition): lower reference limit of sperm concentration 16 million/mL."""
    return SPERM_THRESHOLD == 16.0, f"threshold {SPERM_THRESHOLD:g} M/mL"


def azoospermia_proxy():
    return AZOOSPERMIA == 0.1, f"AZOOSPERMIA = {AZOOSPERMIA:g} M/mL"


def c21_selected_men():
    """C21's full cohort: about three in four by 6 months (0.72-0.80) and more than 8 in 10 by 12, above Kohn 2017's ~65 %
    and ~70 % (C21 not met at 12 months), and stopping alone in the same men about 7 and 9 in 10 (0.62-0.78,
    0.85-0.95): the restart no slower than stopping alone by 6 months."""
    rows = {row["key"]: row for row in validate(ids=["C21"])}
    by6, by12 = (rows[f"C21 TMC > 5 M by {months} months"]["model"] for months in (6, 12))
    alone6, alone12, _ = _c21_stopping_alone()
    holds = (0.72 <= by6 <= 0.80 and by12 > 0.8 and not rows["C21 TMC > 5 M by 12 months"]["passes"]
             and 0.62 <= alone6 <= 0.78 and 0.85 <= alone12 <= 0.95 and by6 >= alone6)
    return holds, (f"hCG with clomiphene {by6:.2f} by 6 months, {by12:.2f} by 12; stopping alone {alone6:.2f} and "
                   f"{alone12:.2f} (Kohn 2017 0.65, 0.70)")


def c21_counts_nearly_all():
    """"Nearly all": at least 95 % of C21's cohort is below SEVERE_OLIGO (Kohn's entry) when TRT stops."""
    counted = _c21_stopping_alone()[2]
    return counted >= 0.95, f"{counted:.1%} of the men below {SEVERE_OLIGO:g} M/mL at the stop"


@lru_cache(maxsize=None)
def _c21_stopping_alone():
    """The shares reaching TMC > 5 M by 6 and 12 months in C21's cohort when the men simply stop, counting the men
    validation's C21 run counts (Kohn's entry: below SEVERE_OLIGO at the stop), and the share so counted."""
    stop = round(KOHN_MONTHS * MONTH / WEEK) * WEEK          # as validation's C21 run
    res = simulate(Regimen([Course("testosterone_cypionate", 200.0, 7, 0, stop)]), days=stop + math.ceil(12 * MONTH),
                   patient=Cohort(SCENARIOS["C21"].n, SEED, Patient(age=KOHN_AGE)))
    entered = res.at(stop, "sperm") < SEVERE_OLIGO
    times, observed = time_to(res, "sperm", TMC_CONCENTRATION, after=stop)
    return (*(share_by(times[entered], observed[entered], months * MONTH) for months in (6, 12)),
            float(np.mean(entered)))


def longer_course_slower():
    days = {weeks: _days_to(_run(_trt(weeks=weeks), weeks * WEEK + 730), "sperm", SPERM_THRESHOLD, weeks * WEEK)
            for weeks in (26, 104)}
    return days[104] > days[26], f"days to {SPERM_THRESHOLD:g} M/mL after 26 weeks {days[26]:.0f}, after 104 weeks {days[104]:.0f}"


def sc_gonadorelin_lingers():
    ka = AGENTS["gonadorelin"].components[0].ka            # 1/day, absorption from under the skin
    left = float(np.exp(-ka * 30 / 1440))
    return left >= 0.2, f"share of a SC dose not yet absorbed after 30 min: {left:.2f}"


def itt_carries_germ_cells():
    share = {row.name: row.value for row in parameter_table("physiology")}["sperm_FSH_independent"]
    return share > 0.5, f"germ-cell input left without FSH (ITT normal): {share:g}"


def hcg_keeps_sperm_on_trt():
    on_trt = 26 * WEEK - 1
    kept = {key: _run(tuple(PROTOCOLS[key].regimen().courses), 26 * WEEK).at(on_trt, "sperm")
            for key in ("trt_with_hcg", "stop_only")}
    return kept["trt_with_hcg"] > kept["stop_only"], (f"sperm at week 26 of TRT: with hCG {kept['trt_with_hcg']:.2g}, "
                                                      f"alone {kept['stop_only']:.2g} M/mL")


def _hcg_test_rises(label: str, **failure) -> dict:
    """T rise 72 h after hCG 5,000 IU once, in the healthy man and in one (`label`) with the given capacities."""
    test = Regimen([Course("hcg", dose=5000.0, every_days=7, start_day=0.25, stop_day=0.75)])
    rises = {}
    for name, patient in (("healthy", Patient()), (label, Patient(**failure))):
        r = simulate(test, days=3.5, patient=patient, dt=0.25)
        rises[name] = r.at(3.25, "T") - r.at(0.0, "T")
    return rises


def _rises_words(rises: dict) -> str:
    return ", ".join(f"{k} +{v:.0f}" for k, v in rises.items()) + " ng/dL at 72 h"


def hcg_test_in_gnrh_deficiency():
    rises = _hcg_test_rises("GnRH at 5 %", gnrh_capacity=0.05)
    return rises["GnRH at 5 %"] > rises["healthy"], _rises_words(rises)


def hcg_test_in_compensated_failure():
    """'Far less': under half the healthy man's rise."""
    rises = _hcg_test_rises("Leydig cells at 50 %", leydig_capacity=0.5)
    return rises["Leydig cells at 50 %"] < 0.5 * rises["healthy"], _rises_words(rises)


def lh_returns_after_three_weeks():
    """After 12 weeks of cypionate 200 mg/week: LH still near zero (under a tenth of its range's floor) 14 days
    after the last injection, back in its range by day 24 ("about three weeks": 14-24 days)."""
    r = _run(_trt(weeks=12), 400)
    last = 11 * WEEK
    at14, at24 = r.at(last + 14, "LH"), r.at(last + 24, "LH")
    low = REFERENCE_RANGES["LH"][0]
    return at14 < 0.1 * low and at24 >= low, f"LH {at14:.2g} IU/L at day 14, {at24:.2g} at day 24 after the last injection"


def older_men_recover_later():
    days = {}
    for age in (30.0, 60.0):
        r = simulate(Regimen(list(_trt("testosterone_enanthate", weeks=52))), days=52 * WEEK + 730,
                     patient=Patient(age=age))
        days[age] = _days_to(r, "sperm", SPERM_THRESHOLD, 52 * WEEK)
    return days[60.0] > days[30.0], f"days to {SPERM_THRESHOLD:g} M/mL after a year of enanthate: age 30 {days[30.0]:.0f}, age 60 {days[60.0]:.0f}"


def low_dose_enanthate_keeps_a_third():
    """"About a third": 25-42 % of the untreated count at its lowest over a year."""
    r = _run(_trt("testosterone_enanthate", dose=50.0, weeks=52), 400)
    kept = float(r["sperm"].min() / r["sperm"][0])
    return 0.25 <= kept <= 0.42, f"lowest sperm at 50 mg/week {kept:.0%} of untreated"


def no_sperm_cliff():
    """The share at or above the WHO limit never rises with the dose and falls by less than half of the men
    between neighbouring doses (1.4-2x apart): "most men at once" would be a fall of more than half."""
    kept = [_share_keeping(_trt("testosterone_enanthate", dose=dose, weeks=26), 26 * WEEK, seed=14)
            for dose in (25.0, 50.0, 70.0, 100.0)]
    steps = [a - b for a, b in zip(kept, kept[1:])]
    return min(steps) >= 0 and max(steps) < 0.5, "share kept at 25/50/70/100 mg/week: " + ", ".join(f"{k:.0%}" for k in kept)


def secondary_hypogonadism_count():
    """The preset's own T (Leydig output, as ITT) about two fifths of the healthy man's (0.33-0.47), its count at or
    above the WHO 2021 limit but about a third of the healthy man's (0.25-0.42)."""
    preset = _preset_run("secondary_hypogonadism", days=30)
    healthy = _run((), 30)
    own = float(preset["ITT"][-1] / healthy["ITT"][-1])
    sperm = float(preset["sperm"][-1])
    share = sperm / float(healthy["sperm"][-1])
    return 0.33 <= own <= 0.47 and SPERM_THRESHOLD <= sperm and 0.25 <= share <= 0.42, (
        f"ITT {own:.0%} of the healthy man's; sperm {sperm:.1f} M/mL ({share:.0%} of his)")


def drugs_raise_lh_and_t():
    base = _run((), 84)
    ratios = {}
    for agent, dose in (("clomiphene", 25.0), ("anastrozole", 1.0)):
        r = _run((Course(agent, dose=dose, every_days=1, start_day=0, stop_day=None),), 84)
        ratios[agent] = (_mean(r, "LH", 70, 84) / _mean(base, "LH", 70, 84), _mean(r, "T", 70, 84) / _mean(base, "T", 70, 84))
    holds = all(1.25 <= lh <= 1.55 and 1.25 <= t <= 1.55 for lh, t in ratios.values())
    return holds, ", ".join(f"{a}: LH x{lh:.2f}, T x{t:.2f}" for a, (lh, t) in ratios.items())


def lh_after_stopping():
    out, ok, days_by = [], True, []
    for weeks in (26, 104):
        r = _run(_trt(weeks=weeks), weeks * WEEK + 400)
        days = _days_to(r, "LH", REFERENCE_RANGES["LH"][0], weeks * WEEK)
        peak = float(r["LH"][r.t > weeks * WEEK].max() / r["LH"][0])
        ok &= 10 <= days <= 24 and 2.0 <= peak <= 3.6          # "about two to three weeks", "about 3x"
        out.append(f"{weeks} weeks: LH in range after {days:.0f} days, peak x{peak:.2f}")
        days_by.append(days)
    ok &= 0 <= days_by[1] - days_by[0] <= 7
    row = _validation("C19")["C19 median to LH in range"]
    ok &= 7 <= row["model"] <= 12
    return ok, "; ".join(out) + f"; C19 (long high doses): {row['model']:.1f} months"


def slow_release_is_bis_floor():
    """The depot's slow part at TC 100 mg/week (its mean over weeks 20-24) within 25 % of Bi 2018's LH-independent
    floor (kin_T / CL, ~240 ng/dL): "about what ... supplies"."""
    r = simulate(Regimen(list(_trt(dose=100.0, weeks=24))), days=24 * WEEK)
    slow = next(conc for key, conc in r.exposure.items() if key.endswith("slow release"))
    part = float(np.mean(slow[r.t >= 20 * WEEK]))
    floor = published_models.BI["kin_T"].value / published_models.BI["CL"].value * 100   # mg/day / kL/day -> ng/dL
    return 0.75 <= part / floor <= 1.25, f"slow part at 100 mg/week {part:.0f} ng/dL; Bi's floor {floor:.0f} ng/dL"


def slow_release_parameters():
    params = {row.name: row.value for row in parameter_table("drugs")}
    share, half = params["testosterone_slow_fraction"], params["testosterone_slow_halflife"]
    return f"{share:g}" == "0.4" and f"{half:g}" == "8", f"slow share {share:g}, half-time {half:g} days"


def slow_release_after_stop():
    """C7's median to 20 M/mL above Liu 2006's 3.4 months ("a little slower"), "about 4 months" (3.5-4.6: the
    full cohort gives ~4.2, inside C7's tolerance; the kit's smaller cohort ~4.6, at the edge)."""
    c7 = _validation("C7")["C7 median to 20 M/mL"]
    holds = c7["target"] < c7["model"] and 3.5 <= c7["model"] <= 4.6
    return holds, f"C7 median {c7['model']:.1f} months (Liu 3.4)"


def lh_below_coviello():
    """TE 200 mg/week for three weeks: LH over days 14-21 "~1 %" (0.5-2 %) of baseline."""
    r = _run(_trt("testosterone_enanthate", weeks=3), 21)
    ratio = _mean(r, "LH", 14, 21.01) / r["LH"][0]
    return 0.005 <= ratio <= 0.02, f"LH over days 14-21 {ratio:.1%} of baseline"


def older_preset_baseline():
    r = _run((), 10, "older_low_T")
    gaps = {n: r[n][0] / v - 1 for n, v in LEDER_2004_BASELINE.items()}
    return all(abs(g) <= 0.1 for g in gaps.values()), ", ".join(f"{n} {r[n][0]:.3g}" for n in gaps)


def age_alone():
    old = simulate(Regimen([]), days=10, patient=Patient(age=70.0))
    young = _run((), 10)
    t, lh = old["T"][0] / young["T"][0], old["LH"][0] / young["LH"][0]
    return 0.85 <= t <= 0.95 and 1.35 <= lh <= 1.55, f"age 70: T x{t:.2f}, LH x{lh:.2f}"


def secondary_preset_lh():
    clom = (Course("clomiphene", dose=25.0, every_days=1, start_day=0, stop_day=None),)
    before = _run((), 84, "secondary_hypogonadism")["LH"][0]
    on = _mean(_run(clom, 84, "secondary_hypogonadism"), "LH", 70, 84)
    holds = all(abs(m / p - 1) <= 0.15 for m, p in zip((before, on), RAMASAMY_2014_LH))
    return holds, f"LH {before:.2f} -> {on:.2f} IU/L (Ramasamy 2014: 2.4 -> 4.2)"


# --- points of failure, continuous GnRH, the hCG test (validation C18, C26, C28, C29) --------------------

def row_value(target_id, key):
    return _validation(target_id)[key]["model"]


def _in_range(name, value):
    low, high = REFERENCE_RANGES[name]
    return low <= value and (high is None or value <= high)


def sertoli_cell_only_fsh():
    sco = _preset_run("sertoli_cell_only")
    castrate = simulate(Regimen([]), days=400, patient=Patient(leydig_capacity=0.02, sertoli_capacity=0.02))
    fsh, c_fsh = sco["FSH"][-1], castrate["FSH"][-1]
    holds = 20 <= fsh <= 28 and _in_range("T", sco["T"][-1]) and _in_range("LH", sco["LH"][-1]) and 40 <= c_fsh <= 60
    return holds, (f"Sertoli-cell-only: FSH {fsh:.1f}, T {sco['T'][-1]:.0f}, LH {sco['LH'][-1]:.1f}; "
                   f"castrate FSH {c_fsh:.1f} IU/L")


def sperm_threshold():
    sperm = simulate(Regimen([]), days=400, patient=Patient(sertoli_capacity=0.1))["sperm"][-1]
    threshold = next(row.value for row in parameter_table() if row.name == "sperm_output_threshold")
    return threshold == 0.15 and sperm < AZOOSPERMIA, f"threshold {threshold:g}; sperm at 10 % capacity {sperm:.2g} M/mL"


def leydig_failure_fsh():
    res = simulate(Regimen([]), days=400, patient=Patient(leydig_capacity=0.05))
    fsh, lh = res["FSH"][-1], res["LH"][-1]
    return _in_range("FSH", fsh) and 7 <= fsh <= 11 and 40 <= lh <= 55, f"FSH {fsh:.1f}, LH {lh:.1f} IU/L"


def agonist_flare_and_one_rule():
    lh_peak_h, t_peak_d = row_value("C18", "C18 agonist LH peak time"), row_value("C18", "C18 agonist T peak time")
    day_scale = row_value("C28", "C28 day-scale LH, pulses every 30 min")
    pulse_mode = row_value("C28", "C28 pulse-mode LH, pulses every 30 min")
    course = published_models.tornoe_time_courses()["hpgviz"][1]
    lh_x, t_x = float(course["LH"].max()), float(course["T"].max() / course["T"][0])
    holds = (4 <= lh_peak_h <= 10 and 1 <= t_peak_d <= 3 and 4.5 <= lh_x <= 5.5 and 1.5 <= t_x <= 1.9
             and day_scale < 1 and pulse_mode < 1)
    return holds, (f"LH peak {lh_x:.1f}x at {lh_peak_h:.0f} h, T peak {t_x:.2f}x at day {t_peak_d:.1f}; LH on pulses "
                   f"every 30 min: day-scale {day_scale:.2f}, pulse mode {pulse_mode:.2f} x baseline")


def agonist_against_tornoe():
    below, lh_27, t_19 = (row_value("C18", f"C18 agonist {key}") for key in
                          ("LH below baseline", "LH at day 27", "T at day 19"))
    lh_peak = float(published_models.tornoe_time_courses()["hpgviz"][1]["LH"].max())
    holds = lh_peak > 4.3 and 5 <= below <= 7 and 0.01 <= lh_27 <= 0.04 and 40 <= t_19 < 50
    return holds, f"LH peak {lh_peak:.1f}x; below baseline on day {below:.1f}; {lh_27:.3f}x on day 27; T {t_19:.0f} ng/dL on day 19"


def ten_times_pump_castrates():
    t = row_value("C28", "C28 T on continuous gonadorelin at 10x the pump")
    return 20 <= t <= 40, f"T {t:.0f} ng/dL after four weeks at ten times the pump's amount"


def hcg_test_plateau():
    peak, at72, low = (row_value("C29", k) for k in ("C29 hCG test peak day", "C29 hCG test T at 72 h",
                                                     "C29 hCG test lowest T within a week"))
    man = Patient(leydig_capacity=0.05)
    test = simulate(Regimen([Course("hcg", dose=5000.0, every_days=30, start_day=1, stop_day=2)]), days=8,
                    patient=man)
    gain = test.at(4, "T") / test.at(1, "T")
    holds = 2 <= peak <= 4 and 1.5 <= at72 <= 1.75 and low >= 0.99 and gain < 1.3     # ~1.6x, under ~2x
    return holds, (f"peak day {peak:.1f}, {at72:.2f}x at 72 h, lowest {low:.2f}x in a week; Leydig failure "
                   f"{gain:.2f}x at 72 h")


# --- feedback, esters, men who differ, the floor, restart agents (validation C12, C7, C22-C25, C27) --------

def lasting_reset():
    """After 5 years of 500 mg/week at 50 some men stay hypogonadal 2 years on; after a year at 200 at 30 fewer."""
    cv = {row.name: row.cv for row in parameter_table("physiology")}
    shares = {}
    for label, age, dose, months in (("50 y, 500 mg x 60 mo", 50.0, 500.0, 60), ("30 y, 200 mg x 12 mo", 30.0, 200.0, 12)):
        stop = months * MONTH
        res = simulate(Regimen([Course("testosterone_enanthate", dose=dose, every_days=7, start_day=0, stop_day=stop)]),
                       days=stop + 730, patient=Cohort(100, seed=4, base=Patient(age=age)))
        low_t = res["T"][:, -1] < 300
        shares[label] = float(np.mean(low_t & (res["LH"][:, -1] < REFERENCE_RANGES["LH"][1])))
    long_, short = shares.values()
    holds = long_ > 0 and long_ > short and any(v > 0 for k, v in cv.items() if k.startswith("central_reset"))
    return holds, "hypogonadal with LH not high 2 years after the stop: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items())


def lh_return_stops_lengthening():
    """A man whose own T is 400 ng/dL (500 mg/week is ~7x his level): LH back at its range's lower limit after 7 years
    of enanthate 500 mg/week no meaningfully later than after 2 (recovery_verdict's tie rule), sperm at the WHO
    limit more than a week later."""
    days = {}
    for years in (2, 7):
        stop = round(years * 365.25 / WEEK) * WEEK
        res = simulate(Regimen([Course("testosterone_enanthate", dose=500.0, every_days=7, stop_day=stop)]),
                       days=stop + 900, patient=Patient(T_base=400.0), series=("LH", "sperm"))
        days[years] = (_days_to(res, "LH", REFERENCE_RANGES["LH"][0], stop), _days_to(res, "sperm", SPERM_THRESHOLD, stop))
    (lh2, sperm2), (lh7, sperm7) = days[2], days[7]
    holds = recovery_verdict(lh2, lh7, 900.0) == "no meaningful difference" and sperm7 > sperm2 + 7
    return holds, f"LH back {lh2:.0f} vs {lh7:.0f} days, sperm {sperm2:.0f} vs {sperm7:.0f} days (2 vs 7 years)"


def older_men_not_back():
    # the full validation cohort (200 men): the README quotes the validation table, and the fast cohort is too
    # small to tell ~30 % from ~35 %
    row = {r["key"]: r for r in validate(ids=["C12"])}["C12 older long high-dose not recovered"]
    return 0.30 <= row["model"] <= 0.40, f"{row['model']:.0%} of men aged 50 not back to 20 M/mL (published {row['target']:.0%})"


def c7_spread_from_rates():
    cv = {row.name: row.cv for row in parameter_table("physiology")}
    rows = _validation("C7")
    by16 = rows["C7 share at 20 M/mL by 16 months"]
    varied = [k for k in ("spermatogonia_rate", "leydig_mass_rate", "gnrh_synthesis_regrowth", "sperm_base") if cv.get(k, 0) > 0]
    holds = (cv.get("spermatogonia_regrowth") == 2.5 and len(varied) >= 2 and by16["model"] >= by16["target"] - 0.005
             and by16["target"] == 0.96)
    return holds, f"regrowth CV {cv.get('spermatogonia_regrowth')}; other varied rates {varied}; by 16 months {by16['model']:.0%} (Liu {by16['target']:.0%})"


def ester_content_only():
    params = {row.name: row.value for row in parameter_table("drugs")}
    gap = params["cypionate_T_fraction"] / params["enanthate_T_fraction"]
    return 0.95 <= gap <= 0.99 and esters_equal()[0], f"T per mg, cypionate/enanthate {gap:.3f}; {esters_equal()[1]}"


def hundred_mg_near_matsumoto():
    base = _run((), 30)
    r = _run(_trt("testosterone_enanthate", dose=100.0, weeks=26), 26 * WEEK)
    mean_t = _mean(r, "T", 20 * WEEK, 26 * WEEK) / base["T"][0]
    trough = 1 - r.at(25 * WEEK - 0.5, "LH") / base["LH"][0]
    return 1.2 <= mean_t <= 1.5 and trough >= 0.86, f"mean T x{mean_t:.2f}; LH {trough:.0%} suppressed before an injection"


def androgen_arm_alone():
    rows = _validation("C22")
    ai, serm = rows["C22 TRT + AI trough LH"], rows["C22 TRT + SERM trough LH"]
    base = _run((), 84)
    alone = _run((Course("anastrozole", dose=1.0, every_days=1, start_day=0, stop_day=None),), 84)
    rise = _mean(alone, "LH", 70, 84) / _mean(base, "LH", 70, 84)
    return ai["passes"] and serm["passes"] and rise > 1.1, (
        f"trough LH suppression with an AI {ai['model']:.0%}, with a SERM {serm['model']:.0%}; an AI alone: LH x{rise:.2f}")


def ai_keeps_few_more():
    # the full cohort (200 men), not the fast one: at 60 men one man moves the share ~2 points
    row = {r["key"]: r for r in validate(ids=["C22"])}["C22 AI changes azoospermia"]
    return -0.12 <= row["model"] < 0 and row["passes"], (
        f"azoospermic share with anastrozole minus without: {row['model']:+.2f} (C22 met: {row['passes']})")


def extragonadal_floor():
    rows = _validation("C25")
    t, e2 = rows["C25 castrate T"]["model"], rows["C25 castrate E2"]["model"]
    dht = simulate(Regimen([Course("dht_gel", dose=125, every_days=0.5, start_day=0, stop_day=10)]), days=10)
    fall = 1 - dht["T"][-1] / dht["T"][0]
    return 12 <= t <= 18 and 4 <= e2 <= 6.5 and 0.6 <= fall <= 0.8, f"castrate T {t:.1f} ng/dL, E2 {e2:.1f} pg/mL; DHT lowers T {fall:.0%}"


def restart_agents():
    rows = _validation("C27")
    serm, delay, crash = (rows[k]["model"] for k in ("C27 SERM after long high-dose use", "C27 hCG delays sperm",
                                                      "C27 crash after hCG"))
    stop = 52 * WEEK
    hcg = Course("hcg", dose=1500.0, every_days=3.5, start_day=stop, stop_day=stop + 12 * WEEK)
    on_hcg, alone = _run(_trt(weeks=52, extra=(hcg,)), stop + 12 * WEEK), _run(_trt(weeks=52), stop + 12 * WEEK)
    more = on_hcg["sperm"][-1] > alone["sperm"][-1]
    holds = serm > 1.05 and more and delay <= 0 and crash >= 0
    return holds, (f"clomiphene after long high-dose use: LH x{serm:.2f}; sperm at 12 weeks on hCG {on_hcg['sperm'][-1]:.1f} "
                   f"vs {alone['sperm'][-1]:.1f} M/mL; sperm {delay:+.0f} days vs stopping alone; lowest T {crash:+.0f} "
                   "ng/dL vs stopping alone")


def after_hcg_crash():
    """At every hCG dose the lowest T after hCG ends is no lower than after stopping alone, and LH is in range
    within two weeks ("within days")."""
    stop = 52 * WEEK
    end = stop + 12 * WEEK
    alone = _run(_trt(weeks=52), end + 120)
    low_alone = float(alone["T"][alone.t >= stop].min())
    lows, backs = [], []
    for dose in (1500.0, 3000.0, 5000.0):
        hcg = Course("hcg", dose=dose, every_days=3.5, start_day=stop, stop_day=end)
        r = _run(_trt(weeks=52, extra=(hcg,)), end + 120)
        lows.append(float(r["T"][r.t >= end].min()))
        backs.append(_days_to(r, "LH", REFERENCE_RANGES["LH"][0], end))
    return min(lows) >= low_alone and max(backs) <= 14, (
        f"lowest T after hCG 1,500/3,000/5,000 IU ends {' / '.join(f'{x:.0f}' for x in lows)} vs {low_alone:.0f} "
        f"ng/dL after stopping alone; LH in range {' / '.join(f'{x:.0f}' for x in backs)} days after hCG ends")


def lengthening_with_duration():
    """Longer use, slower recovery (26 -> 104 weeks); the cohort's 84-vs-48-month difference "about two months"
    (45-80 days: the 40-man validation cohort and the fast one differ by ~3 weeks); the depletion's half-life as said."""
    delta = _validation("C27")["C27 recovery keeps lengthening"]["model"]
    short, long_ = (_days_to(_run(_trt(weeks=w), w * WEEK + 600), "sperm", SPERM_THRESHOLD, w * WEEK) for w in (26, 104))
    rate = {row.name: row.value for row in parameter_table("physiology")}["stem_cell_depletion_rate"]
    half = math.log(2) / rate / 365.25
    return long_ > short and 45 <= delta <= 80 and round(half, 1) == 1.7, (
        f"26 vs 104 weeks: {short:.0f} vs {long_:.0f} days; 84 vs 48 months: +{delta:.0f} days; depletion t1/2 "
        f"{half:.1f} years")


def lengthening_slows_narrowly():
    """The extra days per extra month of use fewer from 24 to 48 months than from 12 to 24 (it "slows from two to
    four years"), more from 48 to 84 than from 24 to 48 (it "speeds up again beyond four"), and fewer from 24 to 84
    than from 12 to 24 ("hardly slower", "about one extra day" each: within 0.1 of it); the default man, days to the
    WHO limit."""
    def days_after(months):
        stop = round(months * MONTH / WEEK) * WEEK
        return _days_to(_run(_trt(weeks=stop // WEEK), stop + 900), "sperm", SPERM_THRESHOLD, stop)
    days = {m: days_after(m) for m in (12, 24, 48, 84)}
    early, overall = (days[24] - days[12]) / 12, (days[84] - days[24]) / 60
    middle, late = (days[48] - days[24]) / 24, (days[84] - days[48]) / 36
    holds = overall < early and abs(early - 1.0) <= 0.1 and abs(overall - 1.0) <= 0.1 and middle < min(early, late)
    return holds, (f"12 / 24 / 48 / 84 months: {' / '.join(f'{d:.0f}' for d in days.values())} days to the "
                   f"threshold; {early:.2f} a month from 12 to 24, {middle:.2f} from 24 to 48, {late:.2f} from 48 to 84, "
                   f"{overall:.2f} from 24 to 84")


def cohort_spread():
    rows = _validation("C24")
    low, high, below = (rows[k]["model"] for k in ("C24 T 2.5th percentile", "C24 T 97.5th percentile", "C24 below 16 M/mL"))
    return 290 <= low <= 360 and 950 <= high <= 1100 and 0.02 <= below <= 0.08, (
        f"T {low:.0f}-{high:.0f} ng/dL; below 16 M/mL {below:.0%}")

"""Calibration targets C1-C5 and C8-C11 of docs/SOURCES.md section 4, one test per target.

Every test asserts a PUBLISHED number (or a physiological fact from SOURCES.md) with a tolerance
defended in a comment beside it, never the model's current output: the calibrated parameters
(tag C in hpgviz/parameters.py) may be re-fitted, and these tests are what they are fitted to.
An educational model of means: a tolerance is the width of the published estimate, the assay's
resolution or the model's idealisation of a trial population as one man, whichever is named.
"""
import numpy as np
import pytest

import hpgviz as hpg
from hpgviz import Course, Patient, Regimen, simulate
from hpgviz.analysis.published_models import bi_2018
from hpgviz.model.sperm import sperm_pipeline

from helpers import WEEK, first_day, window_mean



# --- C1 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["T", "E2", "LH", "FSH", "inhibin_B", "sperm"])
def test_c1_untreated_man_in_reference_range_and_steady(name):
    """C1 (SOURCES.md s.3 reference ranges: Travison 2017, Verdonk 2019, FAMHES, Grunewald 2013,
    WHO 2010/Cooper 2010): with no drug the default man sits inside every reference range and stays
    there, steady, for a year."""
    res = simulate(Regimen([]), days=365, patient=Patient())
    x = res[name]
    lo, hi = hpg.REFERENCE_RANGES[name]
    # The ranges are the published population limits themselves (no slack): the default man is
    # meant to be a typical healthy man, so he must sit inside them at every point.
    assert x.min() >= lo, f"{name} falls to {x.min():.4g} < {lo} ({res.units[name]})"
    if hi is not None:
        assert x.max() <= hi, f"{name} rises to {x.max():.4g} > {hi} ({res.units[name]})"
    # Drift < 2 %: an untreated axis is at steady state by construction, so any movement is numerical.
    # 2 % is far below what a reader could see on the plots (and below day-to-day biological
    # variation of ~10-20 %), yet large enough that only a real solver/stepper defect would exceed it.
    drift = (x.max() - x.min()) / x.mean()
    assert drift < 0.02, f"{name} drifts {100 * drift:.2f} % over a year with no drug"


# --- C2 -----------------------------------------------------------------------------------------------

TE_3WK = Course("testosterone_enanthate", dose=200, every_days=7, start_day=0, stop_day=21)


def _c2_ratio(name, extra=()):
    """Mean over days 14-21 relative to the day-0 value (the first injection is absorbed from zero,
    so day 0 is still the untreated baseline), as in Coviello's end-of-treatment sampling."""
    res = simulate(Regimen([TE_3WK, *extra]), days=21)
    return window_mean(res, name, 14, 21) / res.at(0, name)


@pytest.mark.xfail(strict=True, reason=(
    "LH over days 14-21 is ~1 % of baseline (~0.06 IU/L): the depot's slow release (sized to C13/C14) adds T "
    "from the second week, and the model's LH falls below routine assays' detection (~0.1 IU/L), where Coviello's "
    "~5 % (~0.25 IU/L) sat near their assay's limit; C13's sensitive assay finds < 0.04 IU/L on 200 mg/wk"))
def test_c2_lh_suppressed_to_5_percent():
    """C2 (Coviello 2005 JCEM 90:2595): TE 200 mg/wk for 3 weeks suppresses serum LH to ~5 % of baseline."""
    ratio = _c2_ratio("LH")
    # Accept 2-10 %: at ~0.25 IU/L LH sits near the functional sensitivity of the immunoassays used,
    # so the published 5 % is resolved only to within about a factor of 2 either way.
    assert 0.02 <= ratio <= 0.10, f"LH at {100 * ratio:.1f} % of baseline (target ~5 %, accept 2-10 %)"


def test_c2_fsh_suppressed_to_3_percent():
    """C2 (Coviello 2005 JCEM 90:2595): TE 200 mg/wk for 3 weeks suppresses serum FSH to ~3 % of baseline."""
    ratio = _c2_ratio("FSH")
    # Accept 1-6 %: FSH at ~0.15 IU/L is at the assay's functional sensitivity; the same factor-2
    # resolution as for LH.
    assert 0.01 <= ratio <= 0.06, f"FSH at {100 * ratio:.1f} % of baseline (target ~3 %, accept 1-6 %)"


def test_c2_intratesticular_t_falls_94_percent():
    """C2 (Coviello 2005 JCEM 90:2595): TE 200 mg/wk for 3 weeks lowers intratesticular T by 94 %."""
    change = _c2_ratio("ITT") - 1
    # Accept -90 to -97 %: the published -94 % is a group mean of testicular aspirates from a few men
    # per arm; +/-3-4 points keeps the essential fact (ITT falls by more than an order of magnitude,
    # to 3-10 % of normal) without pretending to a precision that such small groups do not have.
    assert -0.97 <= change <= -0.90, f"ITT change {100 * change:.1f} % (target -94 %, accept -90 to -97 %)"


# --- C3 -----------------------------------------------------------------------------------------------

def _c3_itt_change(hcg_iu):
    return _c2_ratio("ITT", extra=[Course("hcg", dose=hcg_iu, every_days=2, start_day=0, stop_day=21)]) - 1


def test_c3_hcg_250_keeps_intratesticular_t_near_normal():
    """C3 (Coviello 2005 JCEM 90:2595): TE 200 mg/wk plus hCG 250 IU every other day keeps
    intratesticular T at -7 % of baseline (not significantly different from normal)."""
    change = _c3_itt_change(250)
    # Accept -15 % to +5 %: Coviello report -7 %, not significantly different from baseline. The band
    # keeps the finding 'near normal' (about +/-8-12 points around -7 %, a judgement for a small-group
    # mean, not a published interval) and excludes the -25 % of the 125 IU arm and the +26 % of 500 IU.
    assert -0.15 <= change <= 0.05, f"ITT change {100 * change:.1f} % with hCG 250 IU (target -7 %)"


def test_c3_intratesticular_t_monotone_in_hcg_dose():
    """C3 (Coviello 2005 JCEM 90:2595): ITT rises with the hCG dose, 125/250/500 IU every other day
    giving -25 %, -7 % and +26 % of baseline."""
    changes = [_c3_itt_change(d) for d in (125, 250, 500)]
    # Only the ordering is asserted: the 125 and 500 IU arms are single small groups, and the
    # dose-response shape (not each arm's mean) is what the model is meant to reproduce.
    assert changes[0] < changes[1] < changes[2], f"ITT changes at 125/250/500 IU: {changes}"


def _c3_serum_t_added(hcg_iu):
    """Serum T over days 14-21 with hCG beside TE 200 mg/wk minus TE alone, in units of the day-0 T."""
    hcg = Course("hcg", dose=hcg_iu, every_days=2, start_day=0, stop_day=21)
    return _c2_ratio("T", extra=[hcg]) - _c2_ratio("T")


@pytest.mark.xfail(strict=True, reason=(
    "the model's testis sends its hCG-driven T to serum as it does its LH-driven T (one output for ITT and "
    "serum), so the ITT Coviello found at 500 IU (+26 %) comes with ~1.1-1.2x the man's own serum T on top of "
    "TE's; Coviello's figure (read secondhand) shows ~0.7x. No output-only rule gives ITT above baseline with "
    "serum T below it, and routing hCG's T away from serum would also shrink C29's hCG test (SOURCES.md note)"))
def test_c3_hcg_500_adds_serum_t_as_coviello():
    """C3's serum T (Coviello 2005 JCEM 90:2595, Figure 2, read secondhand): hCG 500 IU every other day beside TE
    200 mg/wk added ~10 nmol/L to serum T during treatment, ~0.7x the men's baseline 14.1 nmol/L."""
    added = _c3_serum_t_added(500)
    # 0.35-1.05x baseline (the published 0.71 +/- half): a difference of two small-group means (6-8 men)
    # read off a figure, not a table; the band still separates 'about the man's own T again' from 'a
    # fraction of it'.
    assert 0.35 <= added <= 1.05, f"hCG 500 IU adds {added:.2f}x the man's own serum T (Coviello ~0.71x)"


# --- C4 -----------------------------------------------------------------------------------------------

def _c4(dose):
    """Weekly cypionate for 14 weeks, then 40 weeks of follow-up (Bi 2018 design)."""
    course = Course("testosterone_cypionate", dose=dose, every_days=7, start_day=0, stop_day=14 * WEEK)
    return simulate(Regimen([course]), days=(14 + 40) * WEEK)


def _bi_c4(dose):
    """Bi 2018's own typical man on his trial design (two weeks of placebo, then 14 weekly doses), his own
    LH-driven T included (hpgviz.analysis.published_models: his equations and parameters, reimplemented).
    Returns (days from the first dose, LHRH-stimulated LH relative to baseline)."""
    t, s = bi_2018(dose, 14, first_dose_day=14.0, days=14.0 + (14 + 40) * WEEK)
    keep = t >= 14.0
    return t[keep] - 14.0, s["LH30"][keep] / s["LH30"][0]


def _days_below_half(t, relative):
    return float(np.sum(relative < 0.5) * (t[1] - t[0]))


def test_c4_reserve_suppression_is_steep_in_dose():
    """C4 (Bi 2018 CPT:PSP 7:259): LHRH-stimulated LH (the gonadotrope reserve) is suppressed steeply
    in serum T (IC50 ~9 ng/mL, Hill ~18): almost fully at 250 and 500 mg/wk, deeper and longer at 500 than at
    250. (What Bi's fit implies at 100 mg/wk, with the man's own T included, is the next test.)"""
    results = {d: _c4(d) for d in (100, 250, 500)}
    nadir = {d: float(r["LH_reserve"].min()) for d, r in results.items()}
    # < 0.1: Bi's own typical man falls to ~0 at both doses (effect-site T ~16 and ~29 ng/mL, far above the
    # switch at 9.33), and this holds for an IC50 one between-subject CV (28 %) higher.
    assert nadir[250] < 0.1, f"reserve nadir at 250 mg/wk {nadir[250]:.3f} (expect < 0.1)"
    assert nadir[500] < 0.1, f"reserve nadir at 500 mg/wk {nadir[500]:.3f} (expect < 0.1)"
    days_low = {d: float(np.sum(r["LH_reserve"] < 0.5) * r.dt) for d, r in results.items()}
    # 'Longer at higher dose': a strict ordering, no magnitude (Bi report it qualitatively).
    assert days_low[250] < days_low[500], f"days with reserve < 0.5: {days_low}"


@pytest.mark.parametrize("dose", [
    pytest.param(100, marks=pytest.mark.xfail(strict=True, reason=(
        "hpgviz's own T falls on TRT (Tornoe's Leydig curve leaves ~3 % of secretion without LH), so at 100 mg/wk "
        "effect-site T peaks near 7.8 ng/mL (the depot's slow release included) where Bi's man, who keeps an "
        "LH-independent floor of 6.24 mg/day and LH-driven T while his reserve lags, reaches ~9.6; under a Hill "
        "coefficient of 18.3 around an IC50 of 9.33 ng/mL hpgviz's reserve hardly moves (~94 %) while Bi's falls "
        "to ~40 % (issue 14)"))),
    250, 500])
def test_c4_reserve_nadir_is_what_bis_fit_implies(dose):
    """C4 re-read (Bi 2018): the reserve's nadir on 100/250/500 mg/wk for 14 weeks is what Bi's typical man gives
    when his own, LH-driven T is counted with the injected T (not the injected T alone)."""
    t, bi = _bi_c4(dose)
    ours = float(_c4(dose)["LH_reserve"].min())
    # Tolerance: how far Bi's own nadir moves when the man's exposure to T differs by +/-10 % (the between-subject
    # CV of Bi's clearance, 9.7 %): on a switch this steep that is the smallest difference between men the trial
    # could not tell apart (at 100 mg/wk ~0.12; at 250-500 mg/wk ~0, so a floor of 0.02, the resolution of a
    # stimulated LH near zero relative to ~15 IU/L).
    tol = max(0.02, (_bi_c4(0.9 * dose)[1].min() - _bi_c4(1.1 * dose)[1].min()) / 2)
    assert abs(ours - bi.min()) <= tol, f"{dose} mg/wk: hpgviz nadir {ours:.3f}, Bi {bi.min():.3f} (+/- {tol:.3f})"


@pytest.mark.parametrize("dose", [250, 500])
def test_c4_reserve_stays_low_as_long_as_bis(dose):
    """C4 re-read (Bi 2018): how long the reserve stays below half of baseline on 14 weeks of 250/500 mg/wk."""
    t, bi = _bi_c4(dose)
    res = _c4(dose)
    ours, theirs = float(np.sum(res["LH_reserve"] < 0.5) * res.dt), _days_below_half(t, bi)
    # +/- 3 weeks: Bi's own typical man reproduces the paper's recovery weeks only to within 1-3 weeks (a
    # typical value is not the median of post hoc men with a 47 % CV on ke0).
    assert abs(ours - theirs) <= 3 * WEEK, f"{dose} mg/wk: {ours:.0f} vs Bi's {theirs:.0f} days below half"


def test_c4_basal_lh_falls_within_two_weeks():
    """C4/C2 (Bi 2018; Coviello 2005): basal LH falls within 1-2 weeks of starting 250 mg/wk,
    well ahead of the LHRH-stimulated reserve (effect-site t1/2 ~3 weeks)."""
    res = _c4(250)
    ratio = window_mean(res, "LH", 7, 14) / res.at(0, "LH")
    # < 50 %: by 3 weeks of weekly TE LH is ~5 % of baseline (C2), and SOURCES.md places the basal
    # fall within 1-2 weeks; 'at least halved in the second week' is the weakest statement that still
    # separates basal LH (fast hypothalamic feedback) from the reserve (effect-site t1/2 ~3 weeks).
    assert ratio < 0.5, f"basal LH over days 7-14 at {100 * ratio:.0f} % of baseline (expect < 50 %)"


# --- C5 -----------------------------------------------------------------------------------------------

def test_c5_sperm_suppression_timecourse():
    """C5 (Handelsman 2005 Hum Reprod 20:1733): on TE 200 mg/wk sperm concentration reaches 10 M/mL
    at ~6.8 weeks and 5 M/mL at ~8.7 weeks, halving about every 2 weeks once suppression is under way."""
    te = Course("testosterone_enanthate", dose=200, every_days=7, start_day=0)
    res = simulate(Regimen([te]), days=26 * WEEK)
    w10, w5 = first_day(res, "sperm", 10.0) / WEEK, first_day(res, "sperm", 5.0) / WEEK
    # +/- 1 week: the published times come from a population fit (its own confidence is of this
    # order) and the model is one idealised man with a typical baseline count, not the population.
    assert 5.8 <= w10 <= 7.8, f"sperm < 10 M/mL first at {w10:.2f} wk (target 6.8, accept 5.8-7.8)"
    assert 7.7 <= w5 <= 9.7, f"sperm < 5 M/mL first at {w5:.2f} wk (target 8.7, accept 7.7-9.7)"
    # Between the crossings the count halves (10 -> 5 M/mL): that time is the halving time itself.
    # Check it directly and with a log-linear fit over the interval. 1-3 weeks brackets Handelsman's
    # ~2 weeks (5.5 wk on the cube-root scale) by a factor 1.5-2, the resolution of weekly samples.
    halving = (w5 - w10) * WEEK
    assert 7.0 <= halving <= 21.0, f"10 -> 5 M/mL took {halving:.1f} days (expect 7-21)"
    seg = (res.t >= w10 * WEEK) & (res.t <= w5 * WEEK)
    slope = np.polyfit(res.t[seg], np.log(res["sperm"][seg]), 1)[0]
    fitted = np.log(2) / -slope
    assert 7.0 <= fitted <= 21.0, f"fitted halving time {fitted:.1f} days (expect 7-21)"


# --- C8 -----------------------------------------------------------------------------------------------

def test_c8_clomiphene_doubles_t_in_secondary_hypogonadism():
    """C8 (Ramasamy 2014 J Urol): in secondary hypogonadism (T 247 ng/dL, low-normal LH) clomiphene
    25 mg/d about doubles total T (247 -> 504 ng/dL, 2.04x)."""
    patient = Patient.preset("secondary_hypogonadism")
    res = simulate(Regimen([Course("clomiphene", dose=25, every_days=1, start_day=0, stop_day=120)]),
                   days=120, patient=patient)
    t0, lh0 = res.at(0, "T"), res.at(0, "LH")
    # 200-300 ng/dL: Ramasamy's men averaged 247 ng/dL and were below the AUA 300 ng/dL threshold;
    # the preset must describe that population or the doubling is measured from the wrong place.
    assert 200 <= t0 <= 300, f"untreated T of the preset {t0:.0f} ng/dL (expect 200-300, study 247)"
    # 2.2-5 IU/L: 'inappropriately low-normal' LH = the lower half of the FAMHES range (2.2-11.6).
    assert 2.2 <= lh0 <= 5.0, f"untreated LH of the preset {lh0:.2f} IU/L (expect 2.2-5)"
    ratio = window_mean(res, "T", 84, 120) / t0
    # 1.8-2.3x around the published 2.04x (+/- ~12 %): a ratio of two cohort means, which we judge
    # good to about that much (not a published interval), and narrow enough to exclude 'no effect'
    # and 'triples'. The model's clomiphene effect has plateaued by day 84 (zuclomiphene t1/2 ~30 d).
    assert 1.8 <= ratio <= 2.3, f"T rose {ratio:.2f}x on clomiphene (target 2.04x, accept 1.8-2.3)"


# --- C9 -----------------------------------------------------------------------------------------------

def _c9(every_days=1):
    patient = Patient.preset("older_low_T")
    res = simulate(Regimen([Course("anastrozole", dose=1, every_days=every_days, start_day=0, stop_day=84)]),
                   days=84, patient=patient)
    # Leder sampled at 12 weeks; anastrozole (t1/2 ~50 h) is at steady state within ~10 days, so the
    # last 2 weeks average out the dosing ripple.
    return {name: window_mean(res, name, 70, 84) / res.at(0, name) - 1 for name in ("E2", "T")}, res


def test_c9_anastrozole_lowers_e2_35_percent_and_raises_t():
    """C9 (Leder 2004 JCEM 89:1174): anastrozole 1 mg/d for 12 weeks in older men with mildly low T
    lowers E2 by 35 % (26 -> 17 pg/mL) and raises T."""
    change, _ = _c9()
    # -25 to -45 %: +/-10 points around -35 %. Leder's E2 was measured by immunoassay near its floor
    # (17 pg/mL), so the fall is known only roughly; the band keeps 'about a third' and excludes both
    # 'hardly' and 'halved'. A judgement, not a published interval.
    assert -0.45 <= change["E2"] <= -0.25, f"E2 change {100 * change['E2']:.1f} % (target -35 %)"
    assert change["T"] > 0, f"T change {100 * change['T']:.1f} % (expect a rise)"


def test_c9_preset_resembles_leder_baseline():
    """C9 (Leder 2004 JCEM 89:1174): the older_low_T preset stands for Leder's men, baseline T 343 ng/dL."""
    _, res = _c9()
    t0 = res.at(0, "T")
    # 264-400 ng/dL: mildly low T, i.e. around the lower reference limit (264, Travison 2017) and
    # within ~15 % of Leder's 343; the percent changes of C9 depend on where feedback starts from.
    assert 264 <= t0 <= 400, f"untreated T of older_low_T {t0:.0f} ng/dL (study 343)"


def test_c9_anastrozole_raises_t_67_percent():
    """C9 (Leder 2004 JCEM 89:1174): anastrozole 1 mg/d for 12 weeks raises T by 67 % (343 -> 572 ng/dL).
    The older_low_T preset's mix of Leydig decline and set point is fitted to this (see patient.py)."""
    change, _ = _c9()
    # +50 to +85 %: about +/-17 points around +67 %, the same 'roughly' as for E2; narrower would
    # claim more than a 12-week group mean supports, wider would accept the model's known miss.
    assert 0.50 <= change["T"] <= 0.85, f"T change {100 * change['T']:.1f} % (target +67 %)"


def test_c9_twice_weekly_anastrozole_raises_t_31_percent():
    """Leder 2004 JCEM 89:1174, the trial's other arm (not a listed target): anastrozole 1 mg twice weekly for
    12 weeks raised T by 31 % (397 -> 520 ng/dL), about half the daily arm's rise. Accept +14 to +48 % (the same
    +/-17 points as the daily arm)."""
    change, _ = _c9(every_days=3.5)
    assert 0.14 <= change["T"] <= 0.48, f"T change {100 * change['T']:.1f} % (target +31 %)"


@pytest.mark.xfail(strict=True, reason=(
    "the model's twice-weekly anastrozole lowers E2 ~19 % (its T rise, +29 %, matches: the test above): the potency "
    "calibrated to the daily arm (C9) gives twice-weekly dosing 2/7 of the daily exposure and less "
    "aromatase inhibition, while Leder's E2 fell as much on both schedules with unequal T rises, which E2 feedback "
    "alone cannot give; the model follows the T rises"))
def test_c9_twice_weekly_anastrozole_lowers_e2_37_percent():
    """Leder 2004 JCEM 89:1174: anastrozole 1 mg twice weekly lowered E2 by 37 % (27 -> 17 pg/mL), as much as
    1 mg daily. Accept -27 to -47 % (the daily arm's +/-10 points)."""
    change, _ = _c9(every_days=3.5)
    assert -0.47 <= change["E2"] <= -0.27, f"E2 change {100 * change['E2']:.1f} % (target -37 %)"


# --- C10 ----------------------------------------------------------------------------------------------

def _c10(continuous):
    patient = Patient(gnrh_capacity=0.05)        # GnRH-deficient (Belchetz's lesioned monkeys)
    course = Course("gonadorelin", dose=10, every_days=0.0625, start_day=7, stop_day=60, continuous=continuous)
    return simulate(Regimen([course]), days=60, patient=patient)


def test_c10_pulsed_gnrh_restores_and_keeps_lh():
    """C10 (Belchetz 1978 Science 202:631): hourly-type GnRH pulses restore LH in GnRH deficiency and
    keep it restored."""
    res = _c10(False)
    mask = (res.t >= 40) & (res.t < 60)          # stop_day 60 is exclusive: day 60 is off-drug
    lh = res["LH"][mask]
    # The normal range (FAMHES 2.2-11.6 IU/L): 'restored' means normal, for the whole window.
    assert lh.min() >= 2.2 and lh.max() <= 11.6, f"pulsed LH over days 40-60: {lh.min():.2f}-{lh.max():.2f}"


def test_c10_continuous_gnrh_flares_then_desensitises():
    """C10 (Belchetz 1978 Science 202:631): continuous GnRH, after a brief rise, desensitises the
    pituitary and LH falls, while the same GnRH given as pulses keeps it up."""
    cont, pulsed = _c10(True), _c10(False)
    before = window_mean(cont, "LH", 0, 7, include_stop=False)
    flare = float(cont["LH"][(cont.t >= 7) & (cont.t <= 9)].max())
    # A rise within the first 2 days on drug: >= 10 % above the pre-drug level, so that it is a
    # real flare and not numerical noise (Belchetz saw a clear initial rise).
    assert flare > 1.1 * before, f"continuous GnRH: LH peak {flare:.2f} in days 7-9 vs {before:.2f} before"
    late = (cont.t >= 40) & (cont.t < 60)
    pulsed_lh = float(pulsed["LH"][late].mean())
    # < 40 % of the pulsed LH over the whole window: Belchetz's LH fell to near the lesioned baseline
    # within weeks; 40 % is a margin that any clear desensitisation meets.
    assert cont["LH"][late].max() < 0.4 * pulsed_lh, (
        f"continuous LH over days 40-60 up to {cont['LH'][late].max():.2f} vs pulsed mean {pulsed_lh:.2f}")


# --- C11 ----------------------------------------------------------------------------------------------

def test_c11_sperm_lag_after_lh_recovers():
    """C11 (SOURCES.md s.2: spermatogenesis ~64-74 d, Heller & Clermont; Misell 2006; plus epididymal
    transit): after suppression by TE 200 mg/wk for 26 weeks, sperm stay low for at least ~40 days
    after LH is back, because new sperm need ~2-2.5 months to be made and delivered."""
    stop = 26 * WEEK
    res = simulate(Regimen([Course("testosterone_enanthate", dose=200, every_days=7, start_day=0,
                                   stop_day=stop)]), days=stop + 300)
    back = np.nonzero((res.t >= stop) & (res["LH"] >= 2.2))[0]
    assert len(back), "LH never back above 2.2 IU/L within 300 days of stopping"
    t_back = res.t[back[0]]
    window = (res.t >= t_back) & (res.t <= t_back + 40)
    # 40 days: the first labelled sperm appear 42-76 days after germ cells start (Misell 2006), so
    # a count still below the 15 M/mL WHO limit for 40 days is the least the pipeline must show.
    assert res["sperm"][window].max() < 15, (
        f"sperm reach {res['sperm'][window].max():.1f} M/mL within 40 days of LH back (day {t_back:g})")


def test_c11_sperm_pipeline_step_response():
    """C11 (SOURCES.md s.2): a step of germ-cell support appears in ejaculated sperm only after
    ~2-2.5 months (64-day spermatogenesis + ~8-day epididymal transit)."""
    dt = 0.5
    t = np.arange(0.0, 300.0 + dt / 2, dt)
    support = np.ones((1, len(t)))
    support[0, 0] = 0.0                            # 0 before day 0, 1 from day 0 on
    y = sperm_pipeline(support, support, dt, Patient().namespace(), initial=0, initial_androgen=0)[0]
    final = y[-1]
    assert final > 0
    half_day = float(t[np.argmax(y >= 0.5 * final)])
    # 55-85 days: the median transit is ~64 d (Heller & Clermont; published 64-74 d) plus ~8 d in
    # the epididymis (2-11 d), i.e. ~72 d; +/- ~15 d covers both published ranges.
    assert 55 <= half_day <= 85, f"half of the final output reached on day {half_day:g} (expect 55-85)"
    # < 10 % at 30 days: no labelled sperm appear before ~42 days (Misell 2006).
    at30 = float(y[np.argmin(np.abs(t - 30))] / final)
    assert at30 < 0.10, f"{100 * at30:.1f} % of the final output already at day 30 (expect < 10 %)"

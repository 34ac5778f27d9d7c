"""Calibration targets C13-C18 of docs/SOURCES.md section 4: the behaviour between and beyond the first
targets (suppression through a dosing interval, dose-response, FSH and inhibin B, hCG with TRT, GnRH
on the day scale). Each test asserts the published number with a tolerance defended beside it; a target
the model misses stays at its published value as a strict xfail with the reason.
"""
import functools

import numpy as np
import pytest

from hpgviz import Cohort, Course, Patient, Regimen, simulate
from hpgviz.model.parameters import AZOOSPERMIA, REFERENCE_RANGES

from helpers import WEEK, window_mean

TE = "testosterone_enanthate"

def _te(dose, weeks=26):
    return simulate(Regimen([Course(TE, dose=dose, every_days=WEEK, start_day=0)]), days=weeks * WEEK)


def _before_injections(res, name, weeks=(12, 16, 20, 24)):
    """Values just before the injections of the given weeks (half a day before, the last grid point)."""
    return np.array([res.at(w * WEEK - 0.5, name) for w in weeks])


# --- C13 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dose", [100, 200, 300])
@pytest.mark.parametrize("name", ["LH", "FSH"])
def test_c13_suppression_holds_through_the_dosing_interval(dose, name):
    """C13 (Anawalt/Matsumoto group; Wallace 1993): on weekly TE 100-300 mg, LH and FSH stay 86-97 %
    below baseline right before each injection, at steady state."""
    res = _te(dose)
    suppression = 1 - _before_injections(res, name) / res.at(0, name)
    # >= 86 %: the lower end of the published range is the claim that matters (no rebound inside the
    # interval); above 97 % is allowed at 200-300 mg, where C13 itself reports LH below 0.04 IU/L.
    assert suppression.min() >= 0.86, f"{name} before injections at {dose} mg/wk: {np.round(suppression, 3)}"


def test_c13_lh_below_004_before_every_injection_at_200():
    """C13: on TE 200 mg/wk LH stays below ~0.04 IU/L before every injection."""
    lh = _before_injections(_te(200), "LH")
    # 0.04 IU/L is the sensitive research assay's level itself: no slack, the claim is 'below it'.
    assert lh.max() < 0.04, f"LH before injections: {lh}"


@pytest.mark.xfail(strict=True, reason=(
    "trough T on TE 200 mg/wk is ~1.83x baseline in the model (mean ~2.3x): Bi 2018's fast profile falls ~4-fold "
    "within a week and the slow release (testosterone_slow_fraction) adds a flat ~0.4x of its mean; a larger slow "
    "share would lift the trough to 2x but push C14's mean T at 300 mg/wk past ~4x (Matsumoto: ~3x). Bhasin 2001's "
    "troughs (542 ng/dL at 125, 1,345 at 300 mg/wk, own T suppressed) put 200 mg/wk near ~1.6-1.8x a young man's "
    "own T, below C13's ~2.5x: the sources disagree here (1.95x before the clearance came to rise with SHBG "
    "saturation, pk.saturated_T)"))
def test_c13_trough_t_stays_high_at_200():
    """C13: on TE 200 mg/wk trough T is still ~2.5x baseline while LH is suppressed."""
    res = _te(200)
    trough = _before_injections(res, "T") / res.at(0, "T")
    # 2.0-3.0x: +/- 20 % around 2.5x, the spread of single trough draws between men (clearance CV ~10 %,
    # volume CV ~37 %, Bi 2018) for a group mean.
    assert 2.0 <= trough.mean() <= 3.0, f"trough T {trough.mean():.2f}x baseline"


# --- C14 ----------------------------------------------------------------------------------------------

def _last_month_mean(res, name):
    return window_mean(res, name, 22 * WEEK, 26 * WEEK) / res.at(0, name)


@pytest.mark.parametrize("name", ["LH", "FSH"])
def test_c14_gonadotropin_ed50_near_50mg(name):
    """C14 (Matsumoto 1990 JCEM 70:282): TE 25/50/100/300 mg/wk for 6 months: the ED50 for LH and FSH
    suppression is ~50 mg/wk, with a plateau from 100 mg/wk."""
    level = {d: _last_month_mean(_te(d), name) for d in (25, 50, 100, 300)}
    # Half-suppressed at 50 mg within 30-70 %: the doses are a factor 2 apart, so an ED50 'near 50' is
    # only resolved to between the neighbouring doses; 25 mg must suppress less than half and 100 mg more.
    assert 0.30 <= 1 - level[50] <= 0.70, f"{name} suppression at 50 mg/wk {100 * (1 - level[50]):.0f} %"
    assert 1 - level[25] < 0.5 < 1 - level[100], f"{name} levels {level}"
    # Plateau: 300 mg suppresses at least as much as 100 mg, and 100 mg already by >= 85 % (C13).
    assert level[300] <= level[100] and 1 - level[100] >= 0.85, f"{name} levels {level}"


def test_c14_no_inverted_sperm_dose_response():
    """C14: 300 mg/wk suppresses sperm no less than 100 mg/wk (no inverted dose-response: serum T at any
    dose does not stand in for the testis's own T at the germ cells)."""
    sperm = {d: float(_te(d)["sperm"][-1]) for d in (100, 200, 300)}
    # Equal within the azoospermia proxy (0.1 M/mL): below it the model's counts are 'none' and their
    # differences mean nothing; above it a higher dose must not leave more sperm than a lower one.
    assert sperm[300] <= sperm[100] + AZOOSPERMIA and sperm[200] <= sperm[100] + AZOOSPERMIA, sperm


def test_c14_sperm_ed50_near_50mg():
    """C14: the ED50 for sperm suppression is also ~50 mg/wk."""
    res = _te(50)
    ratio = float(res["sperm"][-1] / res["sperm"][0])
    # <= 70 % of baseline after 6 months: the same 30-70 % band as for the gonadotropins.
    assert 0.30 <= 1 - ratio <= 0.70, f"sperm at 50 mg/wk {100 * ratio:.0f} % of baseline"


@pytest.mark.xfail(strict=True, reason=(
    "the cohort's fall is nearly graded (200 men keeping >= 15 M/mL: ~89 / ~54 / ~23 / ~4 % at TE 25/50/70/100 "
    "mg/wk, 35.5 points from 25 to 50 since the germ cells' support steepened around a higher ITT50, sci31; men "
    "differ widely in how much of their own T their germ cells need, sperm_ITT50 CV 0.6), and the default man at "
    "70 mg/wk keeps ~0.3 % of his count (~2 % before), not 5-70 %: with the depot's slow release "
    "(C13/C14's T per mg) exogenous T already replaces his own there, and the integrating hypothalamus then "
    "suppresses LH almost fully"))
def test_c14_sperm_dose_response_is_graded_in_a_cohort():
    """C14 (Matsumoto 1990): sperm production is suppressed in parallel with LH and FSH as the dose rises,
    with an ED50 near 50 mg/wk: no dose at which a cohort goes from normal counts to none. In 200 men,
    the share keeping >= 15 M/mL (WHO 2010, the threshold of the trials' era) falls step by step over
    TE 25/50/70/100 mg/wk: by at most 35 points between neighbouring doses (a cliff moves most men at once;
    the doses are only 1.4-2x apart), and at 25 mg/wk most men keep it (>= 75 %). The ED50 itself is the
    default man's test above; between it and the near-maximal 100 mg/wk, at 70 mg/wk, the default man keeps
    part of his count (5-70 % of baseline), not all of it and not none."""
    cohort = Cohort(200, seed=14)
    kept = {}
    for dose in (25, 50, 70, 100):
        res = simulate(Regimen([Course(TE, dose=dose, every_days=WEEK, start_day=0)]), days=26 * WEEK,
                       patient=cohort)
        kept[dose] = float(np.mean(res["sperm"][:, -1] >= 15.0))
    shares = [kept[d] for d in (25, 50, 70, 100)]
    assert all(a >= b for a, b in zip(shares, shares[1:])), kept
    assert max(a - b for a, b in zip(shares, shares[1:])) <= 0.35, kept
    assert kept[25] >= 0.75, kept
    sperm = _te(70)["sperm"]
    ratio = float(sperm[-1] / sperm[0])
    assert 0.05 <= ratio <= 0.70, f"sperm at 70 mg/wk {100 * ratio:.0f} % of baseline"


@pytest.mark.parametrize("dose,target,low,high", [(100, 1.5, 1.1, 1.9),
                                                  (300, 3.0, 2.2, 4.0)])
def test_c14_serum_t_by_dose(dose, target, low, high):
    """C14 (Matsumoto 1990): serum T ~1.5x baseline at 100 mg/wk and ~3x at 300 mg/wk."""
    res = _te(dose)
    ratio = window_mean(res, "T", 22 * WEEK, 26 * WEEK) / res.at(0, "T")
    # About +/- 30 %: the study reports single draws whose timing within the weekly interval is not
    # given; peak and trough of weekly TE differ ~2-fold, so a draw sits up to ~35 % from the mean.
    assert low <= ratio <= high, f"mean T at {dose} mg/wk {ratio:.2f}x baseline (target ~{target}x)"


def _trough_with_own_T_suppressed(dose):
    """Mean T just before the injections of weeks 14-20 of weekly TE with a GnRH agonist (continuous
    gonadorelin at ten times the pump's rate, as C28) holding the man's own T at the castrate floor."""
    agonist = Course("gonadorelin", 400, 0.25, 0, continuous=True)
    res = simulate(Regimen([agonist, Course(TE, dose=dose, every_days=WEEK, start_day=0)]), days=20 * WEEK + 1)
    return float(np.mean(_before_injections(res, "T", weeks=(14, 16, 18, 20))))


# Bhasin 2001 (AJP Endo 281:E1172): young men on a GnRH agonist plus TE weekly for 20 weeks; trough (nadir)
# T by dose, ng/dL. +/- 20 %: group means of ~12 men whose single trough draws differ ~30 % (Bi 2018: CL CV
# 10 %, V/F CV 37 %).
BHASIN_TROUGH = {25: 253, 50: 306, 125: 542, 300: 1345, 600: 2370}


@pytest.mark.parametrize("dose", [50, 300, 600])
def test_c14_trough_t_by_dose_with_own_t_suppressed(dose):
    """Bhasin 2001: trough T at TE 50 / 300 / 600 mg/wk 306 / 1,345 / 2,370 ng/dL with the men's own T
    suppressed by a GnRH agonist (C14's dose range and beyond)."""
    trough = _trough_with_own_T_suppressed(dose)
    assert abs(trough / BHASIN_TROUGH[dose] - 1) <= 0.20, f"trough T at {dose} mg/wk {trough:.0f} ng/dL"


@pytest.mark.xfail(strict=True, reason=(
    "at 125 mg/wk the model's trough is ~740 ng/dL (Bhasin 542: +37 %) and at 25 mg/wk ~165 (Bhasin 253: -35 %): "
    "the one clearance (Bi 2018, fitted to TC 100 mg/wk) gives more T per mg than Bhasin's men had at 125, while "
    "Matsumoto's ~1.5x at 100 mg/wk (C14; model ~1.3x) asks for more, not less; at 25 mg/wk Bhasin's trough is "
    "above what 25 mg alone gives in the model, whose agonist leaves the man's own T at ~20 ng/dL"))
@pytest.mark.parametrize("dose", [25, 125])
def test_c14_trough_t_at_low_doses_with_own_t_suppressed(dose):
    """Bhasin 2001: trough T at TE 25 / 125 mg/wk 253 / 542 ng/dL with the men's own T suppressed."""
    trough = _trough_with_own_T_suppressed(dose)
    assert abs(trough / BHASIN_TROUGH[dose] - 1) <= 0.20, f"trough T at {dose} mg/wk {trough:.0f} ng/dL"


def test_c14_serum_t_rises_less_than_the_dose_at_high_doses():
    """Bhasin 2001: doubling TE from 300 to 600 mg/wk raised trough T 1.76-fold (1,345 -> 2,370 ng/dL), not
    2-fold: total T rises less than in proportion once SHBG saturates. 1.55-1.95: Bhasin's ratio +/- ~10 %,
    short of the 2.0 a dose-proportional (linear) clearance gives."""
    ratio = _trough_with_own_T_suppressed(600) / _trough_with_own_T_suppressed(300)
    assert 1.55 <= ratio <= 1.95, f"trough T 600 / 300 mg/wk: {ratio:.2f}"


# --- C15 ----------------------------------------------------------------------------------------------

def test_c15_anastrozole_raises_lh_55_percent_in_older_men():
    """C15 (Leder 2004 JCEM 89:1174): in older men with mildly low T, anastrozole 1 mg/d for 12 weeks
    raises LH from 5.1 to 7.9 IU/L (+55 %), together with C9's fall in E2 and rise in T."""
    res = simulate(Regimen([Course("anastrozole", dose=1, every_days=1, start_day=0, stop_day=84)]),
                   days=84, patient=Patient.preset("older_low_T"))
    lh0 = res.at(0, "LH")
    # Baseline within 1 IU/L of 5.1: the preset stands for Leder's men (between-man SD is ~2 IU/L).
    assert 4.1 <= lh0 <= 6.1, f"untreated LH {lh0:.2f} IU/L (study 5.1)"
    rise = window_mean(res, "LH", 70, 84) / lh0 - 1
    # +40 to +70 %: +/- 15 points, the same roughness as C9's T rise for a 12-week group mean.
    assert 0.40 <= rise <= 0.70, f"LH rise {100 * rise:.0f} % (target +55 %)"


# --- C16 ----------------------------------------------------------------------------------------------

@pytest.mark.xfail(strict=True, reason=(
    "with FSH suppressed, the testis's own T alone keeps about a third of a man's output (sperm_FSH_independent, "
    "calibrated to controlled studies in normal men: hCG with FSH suppressed lowered sperm from 88 to 22 M/mL, "
    "Matsumoto 1986, and brought them back to 46 of 106 M/mL on TE 200 mg/wk, Bremner 1981), so on TRT with "
    "hCG 500 IU every other day a healthy man's count falls to ~40 % of baseline over a year, never to azoospermia; "
    "Hsieh 2013's retrospective series found it unchanged in hypogonadal men, whose count the model keeps (below)"))
def test_c16_trt_with_low_dose_hcg_keeps_sperm():
    """C16 (Hsieh 2013 J Urol 189:647): TRT with hCG 500 IU every other day keeps the sperm count
    unchanged for over a year; here in the healthy man (T 600 ng/dL), which Hsieh's hypogonadal men were not
    (their own T 207 ng/dL: test_c16_hypogonadal_men_like_hsiehs_keep_their_count)."""
    ratio = _c16_run()["sperm"] / _c16_run()["sperm"][0]
    # Within 30 % of baseline throughout: a semen analysis varies by ~30 % within a man from one sample to
    # the next, so 'unchanged' cannot be claimed more finely.
    assert ratio.min() >= 0.70, f"sperm fell to {100 * ratio.min():.0f} % of baseline"


def test_c16_trt_with_low_dose_hcg_keeps_a_normal_count():
    """C16 (Hsieh 2013): nobody became azoospermic on TRT with hCG 500 IU every other day; here the typical
    man's count stays above the WHO limit throughout."""
    assert _c16_run()["sperm"].min() > REFERENCE_RANGES["sperm"][0], "sperm fell below the WHO limit"


def test_c16_hypogonadal_men_like_hsiehs_keep_their_count():
    """C16 (Hsieh 2013 J Urol 189:647): Hsieh's men were hypogonadal (serum T 207 ng/dL before treatment), their
    count 35.2 M/mL made on their own low LH; on TRT with hCG 500 IU every other day it was unchanged over > 1 year
    and nobody became azoospermic. The secondary_hypogonadism preset (C8's men, T ~247 ng/dL) stands for them:
    hCG raises the testis's own T above their own low level, which makes up for the FSH that TRT takes away."""
    res = _c16_run("secondary_hypogonadism")
    t0 = res["T"][0]
    # Hypogonadal like Hsieh's men: below the usual 300 ng/dL cut-off, within ~20 % of their 207 ng/dL (the
    # preset is fitted to another series of such men, C8, not to Hsieh's).
    assert 165 <= t0 <= 300, f"the preset's own T {t0:.0f} ng/dL (Hsieh's men 207)"
    ratio = res["sperm"] / res["sperm"][0]
    # Within 30 % of the man's own throughout, as in test_c16_trt_with_low_dose_hcg_keeps_sperm (a semen
    # analysis varies ~30 % within a man).
    assert ratio.min() >= 0.70, f"sperm fell to {100 * ratio.min():.0f} % of the man's own"


@functools.lru_cache(maxsize=2)
def _c16_run(preset="healthy"):
    return simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0), Course("hcg", 500, 2, 0)]), days=400,
                    patient=Patient.preset(preset))


# --- C17 ----------------------------------------------------------------------------------------------

AGENTS_C17 = [("clomiphene", 25), ("clomiphene", 50), ("enclomiphene", 25), ("tamoxifen", 20), ("anastrozole", 1)]


@pytest.mark.parametrize("preset", ["healthy", "secondary_hypogonadism", "older_low_T"])
@pytest.mark.parametrize("agent,dose", AGENTS_C17)
def test_c17_serm_or_ai_raises_fsh_at_most_3x(preset, agent, dose):
    """C17 (Matsumoto 1990; clinical ranges): with the testes intact, a SERM or an AI raises FSH at most
    ~2-3x (inhibin B holds it)."""
    res = simulate(Regimen([Course(agent, dose, 1, 0)]), days=120, patient=Patient.preset(preset))
    fold = window_mean(res, "FSH", 90, 120) / res.at(0, "FSH")
    # <= 3.0: the top of 'about 2-3x'.
    assert 1.0 < fold <= 3.0, f"FSH rose {fold:.2f}x"


@pytest.mark.parametrize("capacity", [0.02, 0.05])
def test_c17_castrate_fsh_and_inhibin(capacity):
    """C17: with no working testes (castrate-like), FSH is ~30-60 IU/L and inhibin B very low."""
    res = simulate(Regimen([]), days=30, patient=Patient(leydig_capacity=capacity, sertoli_capacity=capacity))
    fsh, inhibin = res["FSH"][-1], res["inhibin_B"][-1]
    # The published clinical span itself, with no slack.
    assert 30 <= fsh <= 60, f"castrate FSH {fsh:.1f} IU/L"
    # Below 20 pg/mL: the level that predicts no testicular sperm (Grunewald 2013).
    assert inhibin < 20, f"castrate inhibin B {inhibin:.1f} pg/mL"


def test_c17_primary_testicular_failure_is_coherent():
    """C17: in primary testicular failure FSH is high while inhibin B is low (never high FSH with high
    inhibin B), and LH is high with T low."""
    res = simulate(Regimen([]), days=30, patient=Patient(leydig_capacity=0.3, sertoli_capacity=0.3))
    lo_inh, _ = REFERENCE_RANGES["inhibin_B"]
    # FSH above the FAMHES upper limit (16.5 IU/L) with inhibin B below its 10th percentile (55 pg/mL):
    # the textbook pair; LH above its upper limit (11.6).
    assert res["FSH"][-1] > REFERENCE_RANGES["FSH"][1] and res["inhibin_B"][-1] < lo_inh
    assert res["LH"][-1] > REFERENCE_RANGES["LH"][1]


def test_c17_lh_and_fsh_equally_sensitive_to_t():
    """C17: LH and FSH are about equally sensitive to T feedback: on TE 200 mg/wk (weeks 2-6) and on a
    partly suppressing 50 mg/wk, their fractions of baseline agree within a factor of 2."""
    for dose, window in ((200, (14, 42)), (50, (22 * WEEK, 26 * WEEK))):
        res = _te(dose)
        lh = window_mean(res, "LH", *window) / res.at(0, "LH")
        fsh = window_mean(res, "FSH", *window) / res.at(0, "FSH")
        # A factor of 2: C2's own pair (LH ~5 %, FSH ~3 %) differs by 1.7x at the assays' floor.
        assert 0.5 <= fsh / lh <= 2.0, f"{dose} mg/wk: LH {lh:.3f}, FSH {fsh:.3f} of baseline"


def test_c17_lh_and_fsh_overshoot_in_proportion_after_trt():
    """C17: after a long suppression LH and FSH come back together: any overshoot of one is matched by the
    other (FSH alone overshooting 2.5-3.8x while LH never exceeds baseline is incoherent)."""
    stop = 52 * WEEK
    res = simulate(Regimen([Course(TE, 200, WEEK, 0, stop)]), days=stop + 300)
    after = res.t >= stop
    peak = {n: float(res[n][after].max() / res.at(0, n)) for n in ("LH", "FSH")}
    # Peaks relative to baseline within a factor of 1.5 of each other.
    assert 1 / 1.5 <= peak["FSH"] / peak["LH"] <= 1.5, peak


# --- C18 ----------------------------------------------------------------------------------------------

def test_c18_continuous_gnrh_flares_then_desensitises_an_intact_axis():
    """C18 (Tornoe 2007, triptorelin; Belchetz 1978): continuous GnRH-receptor stimulation of an intact
    axis flares LH over the first days, then the pituitary desensitises and LH falls below baseline
    within ~2 weeks."""
    # A pump's daily amount (160 ug) given as an even infusion.
    res = simulate(Regimen([Course("gonadorelin", 160, 1, 0, continuous=True)]), days=28, dt=0.25)
    base = simulate(Regimen([]), days=2).at(0, "LH")   # day 0 already carries the infusion
    first_days = res["LH"][res.t <= 3]
    # A flare: at least 1.5x baseline within 3 days (agonists flare LH several-fold).
    assert first_days.max() >= 1.5 * base, f"LH peak {first_days.max():.2f} vs baseline {base:.2f}"
    # Below baseline by day 14, and still below at day 28.
    assert res.at(14, "LH") < base and res.at(28, "LH") < base, (res.at(14, "LH"), res.at(28, "LH"))


def test_c18_a_gonadorelin_bolus_is_one_pulse_of_hours():
    """C18 (SOURCES.md s.2: GnRH t1/2 minutes, LH peak 13-30 min after a bolus): one 100 ug bolus gives
    one LH pulse lasting hours, not a lasting rise."""
    dt = 1 / 24                                   # hourly grid
    res = simulate(Regimen([Course("gonadorelin", 100, 30, 1, 2)]), days=4, dt=dt)
    base = res.at(0.5, "LH")
    raised = res.t[res["LH"] > 1.5 * base]
    assert raised.size, "no LH pulse after the bolus"
    # A pulse of hours: above 1.5x baseline for at most 8 hours (LH half-life ~1.3 h), starting within
    # an hour of the bolus.
    assert raised.min() <= 1 + 1 / 24 and raised.max() - raised.min() <= 8 / 24, (raised.min(), raised.max())
    # No lasting rise: a day later LH is back within 5 % of baseline.
    assert abs(window_mean(res, "LH", 2.5, 3.5) / base - 1) < 0.05

"""Calibration targets C6, C7, C12 and C19-C21 of docs/SOURCES.md section 4: suppression and recovery
of sperm, LH and T in cohorts, one test per published number.

The runs are hpgviz.analysis.validation.validate() (the same numbers the notebooks show), run once per
session. Each test writes the PUBLISHED value and its tolerance again, beside the citation, and checks
that the validation table still carries them, so that neither side can drift alone; the comparison with
the model is made here, not read from the table's own verdict. The definitions (trial entry at 20 M/mL,
TMC 5 million as 3.33 M/mL, cryptozoospermia 0.1 to < 1 M/mL, a month of 30.44 days) are in the
validation module's docstring.
"""
import math

import pytest

from hpgviz import Course, Patient, Regimen, simulate
from hpgviz.analysis.events import time_to
from hpgviz.analysis.outcomes import recovery_verdict
from hpgviz.analysis.validation import validate


@pytest.fixture(scope="module")
def rows():
    return {row["key"]: row for row in validate()}


def _row(rows, key, published, tolerance, check):
    row = rows[key]
    assert row["target"] == pytest.approx(published) and row["tolerance"] == pytest.approx(tolerance), (
        f"{key}: the validation table says {row['target']} +/- {row['tolerance']}, "
        f"the source {published} +/- {tolerance}")
    assert row["check"] == check, key
    model = row["model"]
    assert math.isfinite(model), f"{key}: no model value ({row['note']})"
    return model, f"{key}: model {model:.3g} {row['unit']}, published {published:g} ({row['note']})"


def near(rows, key, published, tolerance):
    model, message = _row(rows, key, published, tolerance, "near")
    assert abs(model - published) <= tolerance + 1e-12, f"{message}; accept +/- {tolerance:g}"


def at_most(rows, key, published, tolerance):
    model, message = _row(rows, key, published, tolerance, "at_most")
    assert model <= published + tolerance + 1e-12, f"{message}; accept at most {published + tolerance:g}"


def at_least(rows, key, published, tolerance):
    model, message = _row(rows, key, published, tolerance, "at_least")
    assert model >= published - tolerance - 1e-12, f"{message}; accept at least {published - tolerance:g}"


def above(rows, key, published):
    model, message = _row(rows, key, published, 0.0, "above")
    assert model > published, f"{message}; must be strictly above {published:g}"


# --- C6 -----------------------------------------------------------------------------------------------

def test_c6_two_thirds_azoospermic_by_6_months(rows):
    """C6 (WHO Task Force 1990 Lancet 336:955): on TE 200 mg/wk ~65 % of men are azoospermic (model
    proxy < 0.1 M/mL) within 6 months. Tolerance +/-0.10: the trial's binomial interval (~+/-0.06 for
    271 men) widened for the large differences between its centres."""
    near(rows, "C6 azoospermic by 6 months", 0.65, 0.10)


def test_c6_nearly_all_below_5_by_6_months(rows):
    """C6 (WHO Task Force 1995, via SOURCES.md): ~97 % of men below 5 M/mL within 6 months of TE 200 mg/wk.
    Tolerance +/-0.03: the binomial interval of a share near 1 in a trial of hundreds of men."""
    near(rows, "C6 below 5 M/mL by 6 months", 0.97, 0.03)


# --- C7 -----------------------------------------------------------------------------------------------

def test_c7_median_to_20(rows):
    """C7 (Liu 2006 Lancet 367:1412): after stopping, median time to sperm >= 20 M/mL is 3.4 months.
    Tolerance +/-0.85 months (~25 %): Liu pooled many regimens; the model runs one (12 months TE 200)."""
    near(rows, "C7 median to 20 M/mL", 3.4, 0.85)


def test_c7_median_to_10(rows):
    """C7+ (Liu 2006): median time to sperm >= 10 M/mL is 3.0 months; tolerance +/-0.75 (~25 %, as above)."""
    near(rows, "C7 median to 10 M/mL", 3.0, 0.75)


def test_c7_median_to_3(rows):
    """C7+ (Liu 2006): median time to sperm >= 3 M/mL is 2.5 months; tolerance +/-0.65 (~25 %, as above)."""
    near(rows, "C7 median to 3 M/mL", 2.5, 0.65)


def test_c7_share_by_6_months(rows):
    """C7 (Liu 2006): 67 % back to >= 20 M/mL by 6 months (Kaplan-Meier). Tolerance +/-0.10: pooled
    regimens and centres, on the steep part of the curve."""
    near(rows, "C7 share at 20 M/mL by 6 months", 0.67, 0.10)


def test_c7_share_by_12_months(rows):
    """C7 (Liu 2006): 90 % by 12 months. Tolerance +/-0.07: the curve flattens, the spread narrows."""
    near(rows, "C7 share at 20 M/mL by 12 months", 0.90, 0.07)


def test_c7_share_by_16_months(rows):
    """C7 (Liu 2006): 96 % by 16 months. Tolerance +/-0.04: 'almost all', excluding 'nine in ten'."""
    near(rows, "C7 share at 20 M/mL by 16 months", 0.96, 0.04)


def test_c7_share_by_24_months(rows):
    """C7 (Liu 2006): 100 % by 24 months. Tolerance 0.02: at least 98 % is the same finding."""
    near(rows, "C7 share at 20 M/mL by 24 months", 1.00, 0.02)


# --- C12 ----------------------------------------------------------------------------------------------

def test_c12_young_men_all_recover(rows):
    """C12 (Liu 2006): no young man failed to recover to >= 20 M/mL within 24 months of the contraception
    trials (here 12 months of TE 200 mg/wk, age 30). At most 2 %: one man in 50, a model cohort's resolution."""
    at_most(rows, "C12 young men not recovered", 0.0, 0.02)


@pytest.mark.xfail(strict=True, reason=(
    "~37 % of model men aged 50 are not back to 20 M/mL 24 months after 5 years of TE 500 mg/wk, above the "
    "published 20-30 % (~36 % before the germ cells' androgen support steepened around a higher ITT50, sci31, which "
    "spares a lasting T deficit of ~1/3 but not the deeper resets, stem-cell loss and low own counts of the men not "
    "back; ~42 % before GnRH synthesis's suppression came to saturate, "
    "gnrh_synthesis_max_suppression, so that LH's return stops lengthening with years of use; the men still not "
    "back are mostly men with a large lasting set-point reset; ~33 % before that reset came to last years, which holds "
    "the men who stay hypogonadal for years (~27 % at three years) on a low GnRH drive, so FSH and the testis's own "
    "T stay low too; ~36 % before testosterone's clearance came to rise with SHBG "
    "saturation, 41 % before GnRH synthesis regrew faster once it starts, ~31 % before "
    "the reserve's regrowth came to depend on the stem cells left, issue 13): the spread of GnRH and spermatogonial regrowth that C19 and C7's tail need, and each man's own count "
    "(some start just above 20 M/mL), leave a few more older men without sperm"))
def test_c12_older_long_high_dose_often_do_not(rows):
    """C12 (Lykhonosov 2020; Rasmussen 2016; Kohn 2017): after long high-dose androgen use ~20-30 % do not
    recover (here 5 years of TE 500 mg/wk, age 50, not back to >= 20 M/mL at 24 months). The tolerance
    is the published range itself (0.25 +/- 0.05); the row's note gives the cohort's own interval."""
    near(rows, "C12 older long high-dose not recovered", 0.25, 0.05)


# --- C19 ----------------------------------------------------------------------------------------------

def test_c19_lh_back_after_about_10_months(rows):
    """C19 (Shankara-Narayana 2020 JCEM 105:1827): after long high-dose use (here TE 500 mg/wk for 2 years)
    LH is back after ~9-11 months. Tolerance +/-2 months: a cross-sectional estimate, widened a month each side."""
    near(rows, "C19 median to LH in range", 10.0, 2.0)


def test_c19_sperm_output_after_about_14_months(rows):
    """C19 (Shankara-Narayana 2020): sperm output (read as >= 15 M/mL, WHO) returns after ~14 months.
    Tolerance +/-3 months (~20 %): time since stopping was self-reported in a cross-sectional design."""
    near(rows, "C19 median to sperm output", 14.0, 3.0)


def test_c19_testes_shrink_in_users(rows):
    """C19 (Shankara-Narayana 2020): testis volume 14.3 mL in current users vs 23.2 mL in non-users
    (ratio 0.62). Tolerance +/-0.10: orchidometer volumes are read in 1-5 mL steps."""
    near(rows, "C19 testis volume in users", 14.3 / 23.2, 0.10)


def _days_back_after_te500(months, own_T):
    """Days to LH back in range and to sperm >= 15 M/mL after `months` of TE 500 mg/wk, one man of own T `own_T`."""
    stop = round(months * 30.44 / 7) * 7
    regimen = Regimen([Course("testosterone_enanthate", dose=500, every_days=7, stop_day=stop)])
    res = simulate(regimen, days=stop + 900, patient=Patient(T_base=own_T), series=("LH", "sperm"))
    return tuple(time_to(res, name, level, after=stop)[0] for name, level in (("LH", 2.2), ("sperm", 15.0)))


def test_c19_lh_return_stops_lengthening_with_years_of_use():
    """C19 (Shankara-Narayana 2020 JCEM 105:1827): the duration of androgen abuse predicted slower recovery of sperm
    output but not of the hormones. A man whose own T is low (400 ng/dL, so 500 mg/wk is ~7x his level) gets LH
    back after 7 years of TE 500 mg/wk no meaningfully later than after 2 years (analysis.outcomes' tie rule: a
    quarter of the time), while his sperm take more than a week longer (GnRH synthesis is silenced, not lost:
    gnrh_synthesis_max_suppression)."""
    lh2, sperm2 = _days_back_after_te500(24, 400.0)
    lh7, sperm7 = _days_back_after_te500(84, 400.0)
    assert recovery_verdict(lh2, lh7, 900) == "no meaningful difference", (lh2, lh7)
    assert sperm7 > sperm2 + 7, (sperm2, sperm7)


# --- C20 ----------------------------------------------------------------------------------------------

LH_TIES_AFTER_REPLACEMENT_DOSES = pytest.mark.xfail(strict=True, reason=(
    "after replacement doses LH is back in range ~3 weeks after the stop whatever the duration (24 vs 3 months "
    "differ by about a day): LH returns once the exogenous T washes out and the lowered GnRH synthesis still "
    "suffices for a normal LH; T and sperm do recover weeks later after longer use"))


@pytest.mark.parametrize("event", [pytest.param("LH in range", marks=LH_TIES_AFTER_REPLACEMENT_DOSES),
                                   "T >= 300 ng/dL", "sperm >= 20 M/mL"])
def test_c20_longer_use_slower_recovery(rows, event):
    """C20 (Liu 2006 predictors; SOURCES.md C19-C20): recovery is slower after longer use: days to the
    event after 24 months of TC 200 mg/wk exceed those after 3 months (default man) by more than a week (less
    is a tie). Only the direction is published."""
    above(rows, f"C20 24 minus 3 months of TC 200 mg/wk {event}", 7.0)


@pytest.mark.parametrize("event", ["LH in range", "T >= 300 ng/dL", "sperm >= 20 M/mL"])
def test_c20_higher_dose_slower_recovery(rows, event):
    """C20 (Liu 2006; SOURCES.md C19-C20): recovery is slower after a higher dose: 500 vs 200 mg/wk of TC
    for 24 months (default man), by more than a week (less is a tie). Only the direction is published."""
    above(rows, f"C20 500 minus 200 mg/wk of TC for 24 months {event}", 7.0)


def test_c20_hypogonadal_phase_after_long_use(rows):
    """C20 (SOURCES.md C19-C20): a typical man has a hypogonadal phase after stopping long use, 'T low for
    weeks to months' (here 12 months of TC 200 mg/wk): read at its weakest, at least 21 days < 300 ng/dL."""
    at_least(rows, "C20 hypogonadal phase", 21.0, 0.0)


# --- C21 ----------------------------------------------------------------------------------------------


C21_SELECTED = (
    "Kohn 2017 counted men on TRT who came to an infertility clinic azoospermic or severely oligospermic (AUA 2016 "
    "abstract PD07-11); the model counts the same entry, men below 5 M/mL at the stop (TC 200 mg/wk for 42 months at "
    "age 40: 295 of 300), which changes little because nearly every model man is that suppressed after 42 months. "
    "hCG 3,000 IU every other day with clomiphene then gives ~78 % / ~91 % by 6 / 12 months (azoospermic at the "
    "restart ~89 % recover), stopping alone ~70 % / ~93 %. hCG's LH-equivalent saturates (hcg_LH_max, Coviello "
    "2005, C2/C3), so it no longer holds FSH near zero, which is what met C21 before (64 % / 73 %) and what delayed "
    "sperm against stopping alone (C27); and hCG's high intratesticular T carries part of FSH's drive on the "
    "reserve's regrowth (spermatogonia_itt_share), as hCG alone restarts spermatogenesis (Finkel 1985). C21 is met "
    "only by a restart that slows recovery. What still differs: the model's men were healthy before TRT, while Kohn "
    "gives neither why his men were given TRT nor their T before it; drawn as men with functional secondary "
    "hypogonadism (the secondary_hypogonadism preset) the shares fall towards Kohn's, but that preset is one cause "
    "among several, fitted to a SERM's effect (C8), so it is reported (benchmarks/endocrinologist_review.py, "
    "SOURCES.md C21 note), not counted")


@pytest.mark.xfail(strict=True, reason=C21_SELECTED)
def test_c21_tmc_by_6_months_of_hcg(rows):
    """C21 (Kohn 2017 Fertil Steril 107:351): after TRT (here TC 200 mg/wk for 42 months at age 40, the series
    means; counted: men azoospermic or severely oligospermic, < 5 M/mL, at the stop, Kohn's entry), hCG 3000 IU
    every other day with a SERM brings ~65 % to a total motile count > 5 million by 6 months. Tolerance +/-0.12:
    a few dozen men."""
    near(rows, "C21 TMC > 5 M by 6 months", 0.65, 0.12)


@pytest.mark.xfail(strict=True, reason=C21_SELECTED)
def test_c21_tmc_by_12_months_of_hcg(rows):
    """C21 (Kohn 2017): ~70 % by 12 months. Tolerance +/-0.12: a few dozen men."""
    near(rows, "C21 TMC > 5 M by 12 months", 0.70, 0.12)


@pytest.mark.xfail(strict=True, reason=C21_SELECTED)
def test_c21_azoospermic_recover(rows):
    """C21 (Kohn 2017): 64.8 % of men azoospermic at the restart recover. Tolerance +/-0.15: a subgroup."""
    near(rows, "C21 azoospermic recover", 0.648, 0.15)


def test_c21_cryptozoospermic_recover(rows):
    """C21 (Kohn 2017): 91.7 % of cryptozoospermic men recover. Tolerance +/-0.15: a subgroup (11 of 12)."""
    near(rows, "C21 cryptozoospermic recover", 0.917, 0.15)


def test_c21_azoospermic_recover_less_often(rows):
    """C21 (Kohn 2017): azoospermic men recover less often than cryptozoospermic men (the direction)."""
    above(rows, "C21 azoospermic recover less often", 0.0)


@pytest.mark.parametrize("name", ["LH", "T"])
def test_c21_serm_raises_lh_and_t_during_recovery(rows, name):
    """C8/SOURCES.md s.5 (Ramasamy 2014): a SERM lifts LH and T; here clomiphene 25 mg/d after 24 months
    of TC 200 mg/wk, mean over the first 3 months, against stopping alone. Only the direction is claimed."""
    above(rows, f"C21 SERM raises {name}", 1.0)


def test_c21_serm_invents_no_sperm_timing_benefit(rows):
    """Evidence gap (SOURCES.md s.5): no trial shows a SERM shortening sperm recovery after TRT, so the
    model's median days to >= 20 M/mL with clomiphene stay within 10 % of stopping alone. Met narrowly (~0.91) since
    the germ cells' androgen support became steeper around a higher ITT50 (sci31: ~0.89 before, a strict xfail):
    clomiphene lifts FSH while GnRH synthesis regrows, and the reserve's regrowth follows FSH."""
    near(rows, "C21 SERM no sperm-timing benefit", 1.0, 0.10)

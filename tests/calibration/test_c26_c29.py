"""Calibration targets C26 (failure phenotypes), C28 (one pulse physiology, with C18 deepened against
Tornoe 2007's agonist data) and C29 (the hCG test) of docs/SOURCES.md section 4. Each test asserts the
published number with a tolerance defended beside it; a target the model misses stays at its published
value as a strict xfail with the reason.
"""
import numpy as np
import pytest

from hpgviz import Cohort, Course, Patient, Regimen, simulate, simulate_pulses
from hpgviz.analysis.validation import validate
from hpgviz.model.parameters import AZOOSPERMIA, REFERENCE_RANGES

from helpers import window_mean

CASTRATE_T = 50.0       # ng/dL: the castrate threshold of androgen-deprivation practice (0.5 ng/mL, Tornoe's read-out)
PUMP = Course("gonadorelin", 10, 0.0625, 0)      # 10 ug every 90 min: the reference pump


def _labs(patient):
    res = simulate(Regimen([]), days=1, patient=patient)
    return {name: float(res[name][-1]) for name in ("T", "LH", "FSH", "inhibin_B", "sperm", "testis_volume")}


def _inside(name, value):
    low, high = REFERENCE_RANGES[name]
    return low <= value <= high


# --- C26 ----------------------------------------------------------------------------------------------

def test_c26_sertoli_cell_only():
    """C26 (clinical ranges): Sertoli-cell-only testes: FSH ~20-40 IU/L, inhibin B very low, azoospermic, T and
    LH near normal."""
    labs = _labs(Patient.preset("sertoli_cell_only"))
    # The published span itself for FSH.
    assert 20 <= labs["FSH"] <= 40, labs
    # 'Very low': below 20 pg/mL, where inhibin B is often undetectable in these men.
    assert labs["inhibin_B"] < 20, labs
    assert labs["sperm"] < AZOOSPERMIA, labs
    # 'Near normal': T and LH inside their reference ranges.
    assert _inside("T", labs["T"]) and _inside("LH", labs["LH"]), labs


def test_c26_klinefelter_like():
    """C26: germ cells and Leydig cells both failing: FSH > 30, LH > 15 IU/L, T low-normal to low, testes
    <= 4 mL, > 90 % azoospermic."""
    labs = _labs(Patient.preset("klinefelter_like"))
    assert labs["FSH"] > 30 and labs["LH"] > 15, labs
    # 'Low-normal to low': below the lower third of the reference range (264-916 ng/dL -> 481).
    low, high = REFERENCE_RANGES["T"]
    assert labs["T"] < low + (high - low) / 3, labs
    assert labs["testis_volume"] <= 4.0, labs
    # > 90 % azoospermic among men who differ (the cohort's spread around the preset).
    cohort = simulate(Regimen([]), days=1, patient=Cohort(200, seed=3, base=Patient.preset("klinefelter_like")))
    assert np.mean(cohort["sperm"][:, -1] < AZOOSPERMIA) > 0.9


@pytest.mark.parametrize("overrides", [{"sertoli_capacity": 0.1}, {"germ_cell_capacity": 0.0},
                                       {"germ_cell_capacity": 0.1}])
def test_c26_sperm_do_not_scale_linearly_with_a_capacity(overrides):
    """C26: sperm output must not scale linearly with a capacity; germ-cell aplasia means no sperm. A testis
    with a tenth of its spermatogenic capacity is azoospermic (Silber 1997's threshold), not at a tenth of a
    normal count."""
    assert _labs(Patient(**overrides))["sperm"] < AZOOSPERMIA


def test_c26_congenital_gnrh_deficiency_has_prepubertal_testes():
    """C26: congenital GnRH deficiency: prepubertal testes (< 4 mL), inhibin B < ~30 pg/mL, LH low."""
    labs = _labs(Patient.preset("congenital_gnrh_deficiency"))
    assert labs["testis_volume"] < 4.0, labs
    assert labs["inhibin_B"] < 30, labs
    assert labs["LH"] < REFERENCE_RANGES["LH"][0], labs


def test_c26_congenital_gnrh_deficiency_has_low_fsh():
    """C26: congenital GnRH deficiency: FSH low (below the reference range) although inhibin B is < ~30 pg/mL, while
    the same loss of inhibin B lifts FSH where GnRH pulses are there: on a pump, and in Sertoli-cell-only men."""
    assert _labs(Patient.preset("congenital_gnrh_deficiency"))["FSH"] < REFERENCE_RANGES["FSH"][0]
    pumped = simulate(Regimen([PUMP]), days=31, patient=Patient.preset("congenital_gnrh_deficiency"))
    assert pumped.at(30, "FSH") > REFERENCE_RANGES["FSH"][0]


def test_c26_acquired_deficiency_count_climbs_over_a_year_or_two_on_a_pump():
    """C26 (SOURCES.md s.5): on GnRH or gonadotropins, gonadotropin-deficient men's counts climb over one to two
    years: > 5 M/mL at a median 14 months and > 20 M/mL in about 1 in 4 (99 men, hCG with FSH; Liu 1988; Kung 1994:
    first sperm at 13 (4-52) months), where hormones return within a month (C10). Read for the acquired man,
    whose adult testes respond better than those series' mostly congenital men: the typical man below the WHO
    limit (16 M/mL) at 6 months and still below half his own count at 12; at most half of a cohort >= 20 M/mL at
    12 months (twice the series' share: a judgement for the better-responding acquired men, not a published
    interval), and the testis regrows over the same year rather than within months."""
    man = Patient.preset("acquired_gnrh_deficiency")
    res = simulate(Regimen([PUMP]), days=366, patient=man)
    own = _labs(Patient())
    assert res.at(182, "sperm") < 16.0
    assert res.at(365, "sperm") < 0.5 * own["sperm"]
    assert res.at(182, "testis_volume") < res.at(0, "testis_volume") + 0.5 * (own["testis_volume"]
                                                                             - res.at(0, "testis_volume"))
    cohort = simulate(Regimen([PUMP]), days=366, patient=Cohort(200, seed=1, base=man))
    assert np.mean(cohort["sperm"][:, -1] >= 20.0) <= 0.5


def test_c26_trt_keeps_the_tubules_deficiency_does_not():
    """C26 against C6/C7: a year of TE 200 mg/wk suppresses spermatogenesis as deeply as GnRH deficiency, but its
    serum T keeps the tubules (tubule_capacity), so recovery after it is not capped as a pump's restart is."""
    trt = simulate(Regimen([Course("testosterone_enanthate", 200, 7, 0)]), days=366)
    deficient = simulate(Regimen([]), days=1, patient=Patient.preset("acquired_gnrh_deficiency"))
    assert trt.states["tubule_capacity"][..., -1] > 0.95
    assert deficient.states["tubule_capacity"][..., -1] < 0.1


def test_c26_acquired_deficiency_has_larger_testes_and_responds_to_hcg_alone():
    """C26; Finkel 1985 NEJM 313:651: men whose GnRH deficiency began after puberty have larger testes, and hCG
    alone starts spermatogenesis in them; a testis that never matured needs FSH as well."""
    acquired, congenital = Patient.preset("acquired_gnrh_deficiency"), Patient.preset("congenital_gnrh_deficiency")
    assert _labs(acquired)["testis_volume"] > 2 * _labs(congenital)["testis_volume"]
    hcg = Regimen([Course("hcg", 2000, 7 / 3, 0)])           # 2,000 IU three times a week, as in Finkel's men
    on_acquired = simulate(hcg, days=731, patient=acquired)
    on_congenital = simulate(hcg, days=366, patient=congenital)
    # Sperm appear on hCG alone in the acquired man (within two years: Kung 1994's first sperm came after 13
    # months on average), none in the congenital one within a year.
    assert on_acquired.at(730, "sperm") > AZOOSPERMIA
    assert on_congenital.at(365, "sperm") < AZOOSPERMIA
    # With FSH too (a pump), the congenital testis matures: sperm appear within two years.
    pumped = simulate(Regimen([PUMP]), days=731, patient=congenital)
    assert pumped.at(730, "sperm") > 1.0 and pumped.at(730, "testis_volume") > 8.0



@pytest.mark.xfail(strict=True, reason=(
    "sperm ~0.3 M/mL after 12 months of hCG alone in acquired GnRH deficiency (validation C26: 5 M/mL, 'clearly "
    "present'; ~3 before the germ cells' androgen support steepened around a higher ITT50, sci31; ~0.44 before hCG's "
    "high intratesticular T came to carry part of FSH's drive on the reserve's regrowth, spermatogonia_itt_share, "
    "and ~0.39 before the tubules took over the pump's slow climb): "
    "years of a thin germ-cell supply deplete the stem cells the reserve regrows from "
    "(stem_cell_depletion), it regrows from their clones only as they return (stem_cell_seeding_K), and the "
    "tubules regrow over a year or two (tubule_capacity); published hCG-alone series report low counts and slow starts (Burris 1988: "
    "under 10 M/mL at conception; Kung 1994: first sperm after 13 months on average)"))
def test_c26_acquired_deficiency_sperm_clearly_present_within_a_year_of_hcg_alone():
    """C26; Finkel 1985 NEJM 313:651: hCG alone starts spermatogenesis in post-pubertal GnRH deficiency; read as
    sperm clearly present (a third of the WHO 2021 limit) after 12 months of 2,000 IU three times a week."""
    hcg = Regimen([Course("hcg", 2000, 7 / 3, 0)])
    assert simulate(hcg, days=366, patient=Patient.preset("acquired_gnrh_deficiency")).at(365, "sperm") > 5.0

# --- C28 and C18 deepened -------------------------------------------------------------------------------

def test_c28_pulses_every_30_minutes_desensitise_in_both_engines():
    """C28 (Belchetz 1978; C10): GnRH pulses every 30 minutes desensitise the pituitary in the day-scale model as
    in the pulse mode, while the 90-minute pump does not (in either)."""
    fast = Regimen([Course("gonadorelin", 10, 30 / 1440, 0)])
    base = simulate(Regimen([]), days=1).at(0, "LH")
    day = simulate(fast, days=14, dt=0.25)
    pulse = simulate_pulses(fast, hours=14 * 24, dt_minutes=2.0)
    day_lh, pulse_lh = window_mean(day, "LH", 12.5, 13.5), window_mean(pulse, "LH", 12.5, 13.5)
    # The verdict: LH below baseline by day 13 in both, and the two within a factor of 2 of each other.
    assert day_lh < base and pulse_lh < base, (day_lh, pulse_lh, base)
    assert 0.5 < day_lh / pulse_lh < 2.0, (day_lh, pulse_lh)
    pump = Regimen([PUMP])
    assert window_mean(simulate(pump, days=14, dt=0.25), "LH", 12.5, 13.5) >= base
    assert window_mean(simulate_pulses(pump, hours=14 * 24, dt_minutes=2.0), "LH", 12.5, 13.5) >= 0.9 * base


def test_c28_continuous_gonadorelin_at_ten_times_the_pump_castrates():
    """C28: continuous gonadorelin at ten times the pump's rate drives T towards castrate levels (the LH stores,
    emptied by the flare, never refill while exposure lasts)."""
    res = simulate(Regimen([Course("gonadorelin", 400, 0.25, 0, continuous=True)]), days=28, dt=0.25)
    assert window_mean(res, "T", 25, 28) < CASTRATE_T


def _agonist_run():
    """Agonist-like continuous exposure: a pump's daily amount (160 ug) as an even infusion for 40 days, hourly."""
    base = simulate(Regimen([]), days=1)
    res = simulate(Regimen([Course("gonadorelin", 160, 1, 0, continuous=True)]), days=40, dt=1 / 24)
    return res, base.at(0, "LH"), base.at(0, "T")


def test_c18_agonist_flare_arrives_after_hours_for_lh_and_days_for_t():
    """C18 deepened (Tornoe 2007, triptorelin): LH peaks 2-9 h after the start of exposure (~4.3x baseline), T
    later, at ~1.7 days (~1.9x)."""
    res, lh0, t0 = _agonist_run()
    lh_peak, t_peak = int(np.argmax(res["LH"])), int(np.argmax(res["T"]))
    assert 2 / 24 <= res.t[lh_peak] <= 9 / 24, res.t[lh_peak] * 24
    # Flare sizes: within a factor of 1.5 of Tornoe's typical subject (between-man CVs there are 30-80 %).
    assert 4.3 / 1.5 <= res["LH"][lh_peak] / lh0 <= 4.3 * 1.5
    assert 1.9 / 1.5 <= res["T"][t_peak] / t0 <= 1.9 * 1.5
    # T peaks a day or two in: 1-3 days.
    assert 1.0 <= res.t[t_peak] <= 3.0, res.t[t_peak]


def test_c18_agonist_lh_falls_below_baseline_and_deep_within_four_weeks():
    """C18 deepened (Tornoe 2007): LH back below baseline ~8 days after the start; at day 27 LH is 0.09-0.11x
    baseline; T heads towards castrate levels while exposure lasts."""
    res, lh0, t0 = _agonist_run()
    after_flare = res.t > res.t[int(np.argmax(res["LH"]))]
    below = res.t[after_flare & (res["LH"] < lh0)]
    # ~8 days, within a factor of 1.5 (5.3-12 d): Tornoe's ke_F alone varies 59 % between men.
    assert below.size and 8 / 1.5 <= below[0] <= 8 * 1.5, below[:1]
    # <= ~0.2x: the brief's bound, twice Tornoe's typical 0.1x.
    assert res.at(27, "LH") / lh0 <= 0.2
    assert res.at(27, "T") < 0.2 * t0


def test_c18_agonist_t_castrate_by_day_19():
    """C18 deepened (Tornoe 2007): T below 0.5 ng/mL by day 19 of agonist exposure."""
    res, _, _ = _agonist_run()
    assert res.at(19, "T") < CASTRATE_T


# --- C29 ----------------------------------------------------------------------------------------------

HCG_AT = 0.25     # the injection's day (after a quarter day at rest)


def _hcg_test(patient=None):
    return simulate(Regimen([Course("hcg", 5000, 30, HCG_AT, HCG_AT + 1)]), days=HCG_AT + 8, patient=patient,
                    dt=1 / 24)


def test_c29_hcg_test_rises_within_hours_to_a_plateau_at_two_to_four_days():
    """C29 (clinical hCG test protocols): after 5,000 IU once, T rises within hours and keeps rising to a plateau
    at ~2-4 days, about 2x baseline; it never falls below baseline within a week."""
    res = _hcg_test()
    t0 = res.at(0.0, "T")
    # Within hours: above 1.2x by 8 h (a rise well beyond the assay's ~5-10 % variation).
    assert res.at(HCG_AT + 8 / 24, "T") > 1.2 * t0
    # Keeps rising: the highest value falls between 2 and 4 days, and the 72-h value is above the 8-h one.
    after = res.t >= HCG_AT
    peak_day = res.t[after][int(np.argmax(res["T"][after]))] - HCG_AT
    assert 2.0 <= peak_day <= 4.0, peak_day
    assert res.at(HCG_AT + 3, "T") > res.at(HCG_AT + 8 / 24, "T")
    # About 2x at 72 h: 1.5-2.5x.
    assert 1.5 <= res.at(HCG_AT + 3, "T") / t0 <= 2.5
    week = (res.t >= HCG_AT) & (res.t <= HCG_AT + 7)
    assert res["T"][week].min() >= t0 * (1 - 1e-9)   # never below (to rounding: the first point is t0 itself)


def test_c29_hcg_response_is_smaller_in_primary_leydig_failure():
    """C29: the response is smaller in primary Leydig failure (here Leydig capacity 30 %)."""
    healthy, failing = _hcg_test(), _hcg_test(Patient(leydig_capacity=0.3))
    rise = lambda res: res.at(HCG_AT + 3, "T") - res.at(0.0, "T")      # noqa: E731
    assert rise(failing) < 0.5 * rise(healthy)


def test_c29_hcg_response_builds_over_repeated_doses_in_gnrh_deficiency():
    """C29: in GnRH deficiency the response builds over repeated doses (the Leydig cells regrow): T three days
    after the last of three weeks of hCG 1,500 IU every other day is higher than three days after the first."""
    patient = Patient.preset("acquired_gnrh_deficiency")
    res = simulate(Regimen([Course("hcg", 1500, 2, 0)]), days=24, patient=patient, dt=0.25)
    first, later = res.at(2.0, "T"), res.at(22.0, "T")
    assert later > 1.2 * first, (first, later)


# --- The validation table carries the same published numbers ----------------------------------------------

TABLE = {   # key: (published value, tolerance, check), as the tests above read the sources
    "C26 Sertoli-cell-only FSH": (30.0, 10.0, "near"),
    "C26 Sertoli-cell-only inhibin B": (20.0, 0.0, "at_most"),
    "C26 Sertoli-cell-only sperm": (AZOOSPERMIA, 0.0, "at_most"),
    "C26 Klinefelter-like FSH": (30.0, 0.0, "at_least"),
    "C26 Klinefelter-like LH": (15.0, 0.0, "at_least"),
    "C26 Klinefelter-like testis volume": (4.0, 0.0, "at_most"),
    "C26 congenital GnRH deficiency testis volume": (4.0, 0.0, "at_most"),
    "C26 congenital GnRH deficiency inhibin B": (30.0, 0.0, "at_most"),
    "C26 congenital GnRH deficiency FSH": (REFERENCE_RANGES["FSH"][0], 0.0, "at_most"),
    "C26 acquired GnRH deficiency sperm on hCG alone": (5.0, 0.0, "at_least"),
    "C28 day-scale LH, pulses every 30 min": (1.0, 0.0, "at_most"),
    "C28 pulse-mode LH, pulses every 30 min": (1.0, 0.0, "at_most"),
    "C28 T on continuous gonadorelin at 10x the pump": (CASTRATE_T, 0.0, "at_most"),
    "C18 agonist LH peak time": (5.5, 3.5, "near"),
    "C18 agonist T peak time": (1.7, 0.85, "near"),
    "C18 agonist LH below baseline": (8.0, 3.0, "near"),
    "C18 agonist LH at day 27": (0.1, 0.1, "at_most"),
    "C18 agonist T at day 19": (CASTRATE_T, 0.0, "at_most"),
    "C29 hCG test T at 72 h": (2.0, 0.5, "near"),
    "C29 hCG test peak day": (3.0, 1.0, "near"),
    "C29 hCG test lowest T within a week": (1.0, 0.0, "at_least"),
}
MISSED = {"C26 acquired GnRH deficiency sperm on hCG alone"}   # the strict xfail above


@pytest.fixture(scope="module")
def rows():
    return {row["key"]: row for row in validate(ids=["C18", "C26", "C28", "C29"])}


@pytest.mark.parametrize("key", sorted(TABLE))
def test_validation_rows_carry_the_published_numbers(rows, key):
    """validate()'s rows for C18, C26, C28 and C29 state the same published numbers, and their verdict agrees
    with the tests above (the strict xfail is the row that fails)."""
    published, tolerance, check = TABLE[key]
    row = rows[key]
    assert row["target"] == pytest.approx(published) and row["tolerance"] == pytest.approx(tolerance), row
    assert row["check"] == check, row
    assert row["passes"] is (key not in MISSED), row

"""Recovery of a virtual cohort (hpgviz.analysis.recovery): Kaplan-Meier curve and median, the share not
recovered with its Clopper-Pearson interval, predictors by thirds, the words generated from them, bad input."""
import math

import numpy as np
import pytest

from hpgviz.analysis import recovery as rec
from hpgviz.analysis.events import kaplan_meier
from hpgviz.analysis.published import ENTRY_SPERM, LIU_2006, MONTH_DAYS


def made_up(times_months, observed, covariates=None, threshold=20.0):
    """A CohortRecovery with the given per-man numbers (no simulation), to check the arithmetic."""
    times = np.asarray(times_months, dtype=float) * MONTH_DAYS
    return rec.CohortRecovery(200.0, 12.0, 30.0, threshold, len(times), 0, times, np.asarray(observed, dtype=bool),
                              covariates or {}, 0)


@pytest.fixture(scope="module")
def cohort():
    return rec.cohort_recovery(200, 0, 200, 12, 30, 20.0)


# --- arithmetic on made-up men ------------------------------------------------------------------------------

def test_median_is_where_the_curve_crosses_half():
    r = made_up([1, 2, 3, 4, 5], [True] * 5)
    assert r.median_months() == pytest.approx(3.0)
    assert r.share_by(2.5) == pytest.approx(0.4)
    assert r.share_by(0.5) == 0.0


def test_median_is_nan_when_under_half_recover():
    r = made_up([1, 24, 24, 24], [True, False, False, False])
    assert math.isnan(r.median_months())
    assert r.share_by(24) == pytest.approx(0.25)


def test_curve_matches_kaplan_meier_and_ends_at_follow_up():
    r = made_up([1, 2, 2, 6, 24], [True, True, True, True, False])
    months, share = r.curve()
    t, km = kaplan_meier(r.times, r.observed)
    np.testing.assert_allclose(share[1:-1], km)
    assert months[0] == 0 and months[-1] == rec.FOLLOW_UP_MONTHS
    assert np.all(np.diff(share) >= 0)


def test_clopper_pearson_has_its_closed_form_at_zero_and_all():
    n = 197
    k, total, share, low, high = made_up([1] * n, [True] * n).not_recovered()
    assert (k, total, share, low) == (0, n, 0.0, 0.0)
    assert high == pytest.approx(1 - 0.025 ** (1 / n))           # exact upper limit when no event
    k, total, share, low, high = made_up([24] * 10, [False] * 10).not_recovered()
    assert (k, share, high) == (10, 1.0, 1.0) and low == pytest.approx(0.025 ** (1 / 10))


def test_interval_contains_the_share():
    r = made_up([1] * 90 + [24] * 10, [True] * 90 + [False] * 10)
    k, n, share, low, high = r.not_recovered()
    assert (k, n) == (10, 100) and low < share < high


def test_predictor_thirds_follow_the_covariate():
    rng = np.random.default_rng(1)
    count = rng.uniform(20, 150, 300)
    times = 6 - count / 40                      # more sperm, sooner
    r = made_up(times, np.ones(300, bool), {"untreated sperm count": (count, "million/mL")})
    (row,) = r.predictors()
    low, mid, high = row["medians"]
    assert low > mid > high
    assert row["cuts"][0] < row["cuts"][1]
    sentence = rec.predictor_sentence(row)
    assert "faster with a higher untreated sperm count" in sentence


def test_a_tie_is_said_as_a_tie():
    age = np.linspace(20, 40, 90)
    r = made_up(np.full(90, 2.8), np.ones(90, bool), {"age": (age, "years")})
    (row,) = r.predictors()
    assert "a tie" in rec.predictor_sentence(row) and "faster" not in rec.predictor_sentence(row)


def test_a_covariate_that_does_not_vary_is_left_out():
    r = made_up([1, 2, 3, 4], [True] * 4, {"age": (np.full(4, 30.0), "years")})
    assert r.predictors() == []


# --- the simulated cohort -----------------------------------------------------------------------------------

def test_cohort_counts_add_up_and_eligible_men_start_at_the_entry_level(cohort):
    assert cohort.eligible + cohort.excluded == cohort.n == 200
    counts, _unit = cohort.covariates["untreated sperm count"]
    assert counts.size == cohort.eligible and counts.min() >= ENTRY_SPERM


def test_ages_spread_around_the_chosen_age(cohort):
    ages, unit = cohort.covariates["age"]
    assert unit == "years"
    assert 30 - rec.AGE_HALF_SPAN <= ages.min() < 25 and 35 < ages.max() <= 30 + rec.AGE_HALF_SPAN


def test_same_settings_give_the_same_numbers(cohort):
    again = rec.cohort_recovery(200, 0, 200, 12, 30, 20.0)
    np.testing.assert_array_equal(again.times, cohort.times)
    other = rec.cohort_recovery(200, 1, 200, 12, 30, 20.0)
    assert not np.array_equal(other.times, cohort.times)


def test_a_lower_threshold_is_reached_no_later():
    high = rec.cohort_recovery(100, 0, 200, 12, 30, 20.0)
    low = rec.cohort_recovery(100, 0, 200, 12, 30, 3.0)
    for month in (1, 2, 3, 4, 6, 12):
        assert low.share_by(month) >= high.share_by(month)


def test_progress_is_reported_per_part():
    seen = []
    n = 2 * rec.PART + 50
    rec.cohort_recovery(n, 0, 200, 6, 30, 20.0, progress=seen.append)
    assert seen == [rec.PART / n, 2 * rec.PART / n, 1.0]


@pytest.mark.parametrize("kwargs,field", [({"threshold": 12.0}, "threshold"), ({"dose": 1000}, "dose"),
                                          ({"months": 0}, "months"), ({"age": 90}, "age"),
                                          ({"dose": float("nan")}, "dose")])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(ValueError, match=field):
        rec.cohort_recovery(**{"n": 10, **kwargs})


# --- words ----------------------------------------------------------------------------------------------------

def test_summary_gives_liu_points_at_20_only(cohort):
    text = rec.summary_text(cohort)
    for month, share in LIU_2006["share_by_month"]:
        assert f"{month} months {100 * cohort.share_by(month):.0f} % (Liu: {100 * share:.0f} %)" in text
    assert f"{cohort.median_months():.1f} months" in text
    assert rec.published_points(3.0) == ()


def test_non_recovery_text_says_what_the_interval_is(cohort):
    k, n, share, low, high = cohort.not_recovered()
    text = rec.non_recovery_text(cohort)
    assert f"{k} of {n} men" in text and f"{100 * high:.1f} %" in text
    assert "not the model's own uncertainty" in text

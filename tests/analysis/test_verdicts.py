"""Honest comparisons (DESIGN.md, safety; issue 18): one rule says when a recovery is sooner or a level higher, and
a difference inside the model's resolution or the spread between men is 'no meaningful difference'. Ties are
planted here: issue 18's 135 against 138 days, and differences under a week or a quarter of the recovery time."""
import math

import numpy as np
import pytest

from hpgviz import Course, Regimen, simulate
from hpgviz.analysis.events import km_quantile, recovery_times
from hpgviz.analysis.outcomes import (LEVEL_TIE_SHARE, level_verdict, MILESTONE_SHARES, recovery_margin,
                                      recovery_milestones, recovery_verdict, SPERM_THRESHOLD)
from hpgviz.model.patient import Cohort

TIE = "no meaningful difference"


@pytest.mark.parametrize("reference,other", [(138, 135), (135, 138), (100, 106), (200, 240), (3, 9)])
def test_recoveries_inside_the_margin_are_ties(reference, other):
    assert abs(reference - other) < recovery_margin(min(reference, other))
    assert recovery_verdict(reference, other, followed=730) == TIE


@pytest.mark.parametrize("reference,other,verdict", [(200, 100, "sooner"), (100, 200, "later"), (30, 60, "later")])
def test_a_real_difference_is_named(reference, other, verdict):
    assert recovery_verdict(reference, other, followed=730) == verdict


def test_a_recovery_not_seen_counts_as_at_least_the_follow_up():
    assert recovery_verdict(math.nan, math.nan, followed=730) == TIE
    assert recovery_verdict(100, math.nan, followed=730) == "later"
    assert recovery_verdict(math.nan, 100, followed=730) == "sooner"
    assert recovery_verdict(700, math.nan, followed=730) == TIE       # 30 days: under a quarter of 700


@pytest.mark.parametrize("reference,other,verdict", [(100, 105, TIE), (105, 100, TIE), (0, 0, TIE),
                                                     (100, 150, "higher"), (150, 100, "lower"), (0, 1, "higher")])
def test_levels_differ_only_past_the_assay_share(reference, other, verdict):
    assert level_verdict(reference, other) == verdict
    assert level_verdict(100, 100 * (1 + LEVEL_TIE_SHARE) - 1e-9) == TIE


@pytest.fixture(scope="module")
def cohort_result():
    reg = Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)])
    return simulate(reg, days=182 + 400, patient=Cohort(24, seed=3), dt=1.0)


def test_milestones_are_the_kaplan_meier_shares_of_the_men(cohort_result):
    got = recovery_milestones(cohort_result)
    assert got["followed_days"] == pytest.approx(400)
    events = recovery_times(cohort_result, 182, thresholds=(SPERM_THRESHOLD,))
    assert set(got["events"]) == set(events)
    for name, (times, observed) in events.items():
        half, most = (got["events"][name][q] for q in MILESTONE_SHARES)
        assert half == km_quantile(times, observed, 0.5)
        if not math.isnan(most):
            assert half <= most
            # no man is censored before a time the curve reports: the share is the plain share of the men
            assert np.mean(observed & (times <= most)) >= 0.9 - 1e-9
        if not math.isnan(half):
            assert np.mean(observed & (times <= half)) >= 0.5 - 1e-9


def test_milestones_need_a_cohort():
    with pytest.raises(ValueError, match="cohort"):
        recovery_milestones(simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 28)]), days=60))


def test_population_predictors_name_no_direction_inside_the_margin():
    """A covariate's thirds 3 days apart (2.8 against 2.9 months) once read 'faster with a lower age, by 0.1 months'."""
    from hpgviz.analysis.recovery import predictor_sentence
    row = {"name": "age", "unit": "years", "cuts": (25.0, 35.0), "medians": (2.8, 2.85, 2.9)}
    text = predictor_sentence(row)
    assert "no meaningful difference in the model" in text and "faster" not in text
    far = dict(row, medians=(6.0, 4.0, 2.0))
    assert "faster with a higher age" in predictor_sentence(far)

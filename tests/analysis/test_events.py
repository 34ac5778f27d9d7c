"""Event times with censoring and the Kaplan-Meier estimate (hpgviz.analysis.events)."""
import numpy as np
import pytest

from hpgviz import Cohort, Course, Regimen, simulate
from hpgviz.model.parameters import REFERENCE_RANGES
from hpgviz.analysis.events import (RECOVERY_THRESHOLDS, kaplan_meier, km_median, km_quantile, recovery_times,
                                    share_by, time_to)


class FakeResult:
    """A Result-shaped object with hand-made series, so the expected times are known exactly."""
    def __init__(self, t, series):
        self.t, self._series = np.asarray(t, float), {k: np.asarray(v, float) for k, v in series.items()}

    def __getitem__(self, name):
        return self._series[name]


def test_time_to_counts_the_last_crossing_and_censors():
    t = np.arange(10.0)
    rows = [[0, 0, 30, 0, 30, 30, 30, 30, 30, 30],      # crosses on day 2, falls back, stays from day 4
            [0] * 10,                                     # never: censored at the end
            [30] * 10]                                    # already there
    times, observed = time_to(FakeResult(t, {"sperm": rows}), "sperm", 20, after=1.0)
    assert times.tolist() == [3.0, 8.0, 0.0] and observed.tolist() == [True, False, True]


def test_time_to_below_and_one_man():
    res = FakeResult(np.arange(5.0), {"LH": [5, 5, 0.5, 0.1, 0.05]})
    assert time_to(res, "LH", 1.0, above=False) == (2.0, True)
    with pytest.raises(ValueError, match="after"):
        time_to(res, "LH", 1.0, after=10)


def test_kaplan_meier_matches_a_hand_computation():
    # 5 men: events at 1, 2, 2; censored at 3 and 1.5. Risk sets: 5 at t=1, 3 at t=2.
    times, share = kaplan_meier([1, 2, 2, 3, 1.5], [True, True, True, False, False])
    assert times.tolist() == [1.0, 2.0]
    assert share == pytest.approx([1 - 4 / 5, 1 - 4 / 5 * (1 - 2 / 3)])
    assert share_by([1, 2, 2, 3, 1.5], [True, True, True, False, False], 0.5) == 0.0


@pytest.mark.parametrize("times,observed", [([], []), ([1, -1], [True, True]), ([1], [True, False])])
def test_kaplan_meier_rejects_bad_input(times, observed):
    with pytest.raises(ValueError):
        kaplan_meier(times, observed)


def test_recovery_times_on_a_cohort_are_per_man_arrays():
    stop = 182
    res = simulate(Regimen([Course("testosterone_enanthate", 200, 7, 0, stop)]), days=500,
                   patient=Cohort(n=20, seed=3))
    events = recovery_times(res, stop, sperm_threshold=15)
    for name, (times, observed) in events.items():
        assert times.shape == (20,) and observed.dtype == bool, name
        assert np.all(times >= 0) and np.all(times <= 500 - stop)
    sperm_t, sperm_seen = events["sperm >= 15 M/mL"]
    lh_t, lh_seen = events["LH in range"]
    # Sperm come back after LH (the ~2-month pipeline, C11), in every man who had both to recover: men differ,
    # so a man whose count never fell below 15 M/mL (time 0), or whose own LH sits near the range's floor (he
    # reaches it only at the very end of his recovery), is left out.
    both = sperm_seen & lh_seen & (sperm_t > 0) & (res["LH"][:, 0] > 1.5 * REFERENCE_RANGES["LH"][0])
    assert both.sum() >= 12 and np.all(sperm_t[both] > lh_t[both])


# A small example with censoring and ties, worked by hand from the Kaplan-Meier definition
# S(t) = prod over event times s <= t of (1 - d_s / n_s), d_s events at s, n_s men still followed at s
# (a man censored at s is still at risk at s). 10 men:
#   time      2  3  3  3  5  6  6  8  9  9
#   observed  1  1  1  0  0  1  0  1  0  1
HAND_TIMES = [2, 3, 3, 3, 5, 6, 6, 8, 9, 9]
HAND_OBSERVED = [True, True, True, False, False, True, False, True, False, True]
# s = 2: n 10, d 1 -> S = 9/10
# s = 3: n 9 (the man censored at 3 still counts), d 2 -> S = 9/10 * 7/9
# s = 5: only a censoring; S unchanged, the risk set shrinks
# s = 6: n 5 (6, 6, 8, 9, 9), d 1 -> S *= 4/5
# s = 8: n 3, d 1 -> S *= 2/3
# s = 9: n 2, d 1 (the other man is censored at 9) -> S *= 1/2
HAND_S = np.cumprod([9 / 10, 7 / 9, 4 / 5, 2 / 3, 1 / 2])


def test_kaplan_meier_with_ties_and_censoring_by_hand():
    times, share = kaplan_meier(HAND_TIMES, HAND_OBSERVED)
    assert times.tolist() == [2.0, 3.0, 6.0, 8.0, 9.0]
    assert share == pytest.approx(1 - HAND_S)


def test_kaplan_meier_ignores_the_order_of_the_men():
    order = np.random.default_rng(0).permutation(len(HAND_TIMES))
    times, share = kaplan_meier(np.array(HAND_TIMES)[order], np.array(HAND_OBSERVED)[order])
    assert share == pytest.approx(1 - HAND_S)


def test_share_by_many_days_steps_at_the_event_times():
    days = [0, 1.99, 2, 2.5, 5, 7, 8, 100]
    expected = [0, 0, 1 - HAND_S[0], 1 - HAND_S[0], 1 - HAND_S[1], 1 - HAND_S[2], 1 - HAND_S[3], 1 - HAND_S[4]]
    assert share_by(HAND_TIMES, HAND_OBSERVED, days) == pytest.approx(expected)
    assert isinstance(share_by(HAND_TIMES, HAND_OBSERVED, 7), float)


def test_km_median_and_quantiles_by_hand():
    # shares by time: 0.1 (2), 0.3 (3), 0.44 (6), 0.6267 (8), 0.8133 (9): half the men by day 8
    assert km_median(HAND_TIMES, HAND_OBSERVED) == 8.0
    assert km_quantile(HAND_TIMES, HAND_OBSERVED, 0.25) == 3.0
    assert km_quantile(HAND_TIMES, HAND_OBSERVED, 0.3) == 3.0          # reached exactly at day 3
    assert np.isnan(km_quantile(HAND_TIMES, HAND_OBSERVED, 0.9))       # never reached: not a number
    with pytest.raises(ValueError, match="q must be"):
        km_quantile(HAND_TIMES, HAND_OBSERVED, 0)


def test_km_without_censoring_is_the_plain_empirical_share():
    times = np.array([5.0, 1.0, 3.0, 3.0])
    event_times, share = kaplan_meier(times, np.ones(4, bool))
    assert event_times.tolist() == [1.0, 3.0, 5.0] and share == pytest.approx([0.25, 0.75, 1.0])
    assert km_median(times, np.ones(4, bool)) == 3.0


def test_no_events_gives_zero_shares_and_no_median():
    assert share_by([4, 5], [False, False], [1, 10]).tolist() == [0.0, 0.0]
    assert np.isnan(km_median([4, 5], [False, False]))


def test_kaplan_meier_against_lifelines_when_installed():
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(1)
    times = rng.integers(1, 30, 200).astype(float)           # integers: many ties
    observed = rng.random(200) < 0.7
    fitter = lifelines.KaplanMeierFitter().fit(times, observed)
    days = np.arange(0, 31)
    expected = 1 - fitter.survival_function_at_times(days).to_numpy()
    assert share_by(times, observed, days) == pytest.approx(expected)
    assert km_median(times, observed) == pytest.approx(fitter.median_survival_time_)


def test_time_to_takes_one_threshold_per_man():
    t = np.arange(6.0)
    res = FakeResult(t, {"sperm": [[0, 5, 10, 15, 20, 25], [0, 5, 10, 15, 20, 25]]})
    times, observed = time_to(res, "sperm", np.array([10.0, 20.0]))
    assert times.tolist() == [2.0, 4.0] and observed.all()
    with pytest.raises(ValueError, match="one per man"):
        time_to(res, "sperm", np.array([1.0, 2.0, 3.0]))


def test_recovery_times_several_thresholds_and_the_older_form():
    t = np.arange(8.0)
    res = FakeResult(t, {"sperm": [[30, 0, 0, 4, 12, 16, 21, 25]], "LH": [[5, 0, 0, 1, 3, 5, 5, 5]],
                         "T": [[600, 900, 200, 250, 320, 400, 500, 550]]})
    events = recovery_times(res, stop_day=1)
    assert [k for k in events if k.startswith("sperm")] == [f"sperm >= {x:g} M/mL" for x in RECOVERY_THRESHOLDS]
    got = {k: (float(v[0][0]), bool(v[1][0])) for k, v in events.items()}
    assert got == {"sperm >= 3 M/mL": (2.0, True), "sperm >= 10 M/mL": (3.0, True), "sperm >= 16 M/mL": (4.0, True),
                   "sperm >= 20 M/mL": (5.0, True), "LH in range": (3.0, True), "T >= 300 ng/dL": (3.0, True)}
    one = recovery_times(res, 1, sperm_threshold=20)
    assert list(one) == ["sperm >= 20 M/mL", "LH in range", "T >= 300 ng/dL"]
    assert float(one["sperm >= 20 M/mL"][0][0]) == 5.0
    assert list(recovery_times(res, 1, thresholds=(1, 2.5)))[:2] == ["sperm >= 1 M/mL", "sperm >= 2.5 M/mL"]
    with pytest.raises(ValueError, match="not both"):
        recovery_times(res, 1, sperm_threshold=20, thresholds=(3,))
    with pytest.raises(ValueError, match="positive"):
        recovery_times(res, 1, thresholds=(0,))

"""Event times with censoring and the Kaplan-Meier estimate (hpgviz.analysis.events)."""
import numpy as np
import pytest

from hpgviz import Cohort, Course, Regimen, simulate
from hpgviz.analysis.events import kaplan_meier, recovery_times, share_by, time_to


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
    sperm_t, _ = events["sperm >= 15 M/mL"]
    lh_t, _ = events["LH in range"]
    assert np.all(sperm_t > lh_t)          # sperm come back after LH (the ~2-month pipeline, C11)

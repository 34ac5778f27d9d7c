"""Text summaries give one LH figure per scenario, say when it was read, and say 'below detection' under
the assay's functional sensitivity."""
import re

import numpy as np

import pytest

from hpgviz import Course, Regimen, simulate
from hpgviz.analysis.outcomes import level_text, lh_reading, summarise
from hpgviz.model.parameters import DETECTION_LIMITS


@pytest.mark.parametrize("value,expected", [(0.02, "below detection (< 0.1 IU/L)"), (0.1, "0.1 IU/L"),
                                            (4.96, "5.0 IU/L")])
def test_level_text(value, expected):
    assert DETECTION_LIMITS["LH"] == 0.1
    assert level_text("LH", value) == expected


@pytest.mark.parametrize("regimen", [
    Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]),
    Regimen([Course("testosterone_enanthate", 50, 7, 0, 182)]),
    Regimen([Course("testosterone_cypionate", 200, 7, 0, 182), Course("clomiphene", 25, 1, 182, 272)]),
    Regimen([Course("clomiphene", 25, 1, 0, 90)]),
])
def test_one_lh_figure_and_when(regimen):
    res = simulate(regimen, days=400)
    text = summarise(res)
    assert len(re.findall(r"\bLH\b", text)) == 1, text
    day, when = lh_reading(res)
    assert when in text
    shown = level_text("LH", res.at(day, "LH"))
    assert shown in text


def test_trt_reading_is_the_trough_before_the_last_injection():
    res = simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), days=400)
    day, when = lh_reading(res)
    assert day == 175 - res.dt and "day 175" in when
    assert "below detection" in summarise(res)      # LH on 200 mg/wk is below 0.1 IU/L at the trough (C13)


def _cohort_run(n=30, seed=2, days=500):
    from hpgviz import Cohort
    return simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), days=days,
                    patient=Cohort(n, seed=seed))


def test_outcomes_work_on_a_cohort_as_per_man_arrays():
    from hpgviz.analysis.outcomes import outcomes, SPERM_KEY
    res = _cohort_run(n=4, days=400)
    rows = outcomes(res)
    assert all(np.shape(v) == (4,) for v in rows.values())
    one = outcomes(simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), days=400))
    assert isinstance(one[SPERM_KEY], float)
    assert isinstance(one["T >= 300 ng/dL (days after T stops)"], float)


def test_cohort_summary_agrees_with_the_per_man_times():
    from hpgviz.analysis.events import km_median, recovery_times
    from hpgviz.analysis.outcomes import cohort_summary, outcomes
    res = _cohort_run()
    summary = cohort_summary(res, thresholds=(3, 20))
    assert summary["n"] == 30 and summary["treatment_end"] == 182
    assert set(summary["events"]) == {"sperm >= 3 M/mL", "sperm >= 20 M/mL", "LH in range", "T >= 300 ng/dL"}
    times, observed = recovery_times(res, 182, thresholds=(20,))["sperm >= 20 M/mL"]
    assert summary["events"]["sperm >= 20 M/mL"]["median"] == km_median(times, observed)
    assert summary["events"]["sperm >= 20 M/mL"]["share_by_end"] == pytest.approx(observed.mean())
    q1, q3 = summary["events"]["sperm >= 3 M/mL"]["quartiles"]
    assert q1 <= summary["events"]["sperm >= 3 M/mL"]["median"] <= q3
    nadir = outcomes(res)["T nadir after stopping (ng/dL)"]
    assert summary["T_nadir"]["median"] == pytest.approx(np.median(nadir))
    with pytest.raises(ValueError, match="cohort"):
        cohort_summary(simulate(Regimen([]), days=10))


def test_summarise_a_cohort_says_so_and_gives_its_medians():
    from hpgviz.analysis.outcomes import cohort_summary
    res = _cohort_run()
    text = summarise(res)
    summary = cohort_summary(res)
    assert text.startswith("Cohort of 30 simulated men") and "not real patients" in text
    lh = summary["events"]["LH in range"]
    assert f"a median of {lh['median']:.0f} days" in text
    assert f"median {summary['T_nadir']['median']:.0f} ng/dL" in text
    assert "nmol/L" in summarise(res, units="SI")
    assert "no testosterone course" in summarise(simulate(Regimen([]), days=20, patient=res.patient))


def test_summarise_a_cohort_without_a_median_says_fewer_than_half():
    from hpgviz.analysis.outcomes import _days_phrase
    text = _days_phrase({"median": float("nan"), "quartiles": (300.0, float("nan")), "share_by_end": 0.3}, "sperm")
    assert text == "sperm in 30 % of the men by the end of the run (fewer than half: no median)"

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


def test_outcomes_work_on_a_cohort_and_summarise_says_what_to_use():
    from hpgviz import Cohort
    from hpgviz.analysis.outcomes import outcomes
    res = simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), days=400, patient=Cohort(4, seed=2))
    rows = outcomes(res)
    assert all(np.shape(v) == (4,) for v in rows.values())
    one = outcomes(simulate(Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), days=400))
    assert isinstance(one["sperm >= 15 M/mL (days after T stops)"], float)
    with pytest.raises(ValueError, match="outcomes"):
        summarise(res)

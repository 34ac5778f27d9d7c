"""Sensitivity of the recovery time to each parameter (hpgviz.analysis.sensitivity)."""
import math

import numpy as np
import pytest

from hpgviz.analysis import sensitivity as sens
from hpgviz.model.parameters import PHYSIOLOGY
from hpgviz.model.patient import Patient


@pytest.fixture(scope="module")
def bars():
    return sens.tornado()


def test_perturbed_is_a_quarter_either_side_within_the_range():
    low, high = sens.perturbed("clearance_factor")
    assert (low, high) == pytest.approx((0.75, 1.25))
    spec = PHYSIOLOGY["spermatogenesis_days"]
    low, high = sens.perturbed("spermatogenesis_days")            # 48 would be below its allowed 50
    assert low == spec.low and high == pytest.approx(spec.value * 1.25)


def test_whole_numbers_stay_whole():
    low, high = sens.perturbed("spermatogenesis_stages")
    assert low == round(low) and high == round(high) and low < PHYSIOLOGY["spermatogenesis_stages"].value < high


@pytest.mark.parametrize("name,step,match", [("no_such", 0.25, "unknown parameter"), ("age", 1.5, "step"),
                                             ("age", 0.0, "step")])
def test_bad_input_is_refused(name, step, match):
    with pytest.raises(ValueError, match=match):
        sens.perturbed(name, step)


def test_every_varied_parameter_really_moves():
    names = sens.varied_parameters()
    assert len(names) > 10
    for name in names:
        assert len({PHYSIOLOGY[name].value, *sens.perturbed(name)}) > 1, name


def test_default_recovery_is_a_few_months():
    days = sens.recovery_days()
    assert 30 < days < 730


def test_longer_pipeline_means_later_recovery():
    """Sperm come back through the spermatogenic pipeline: a longer pipeline cannot bring them sooner."""
    values, days = sens.sweep("spermatogenesis_days", factors=np.linspace(0.8, 1.2, 5))
    assert np.all(np.diff(days) >= 0) and days[-1] > days[0]
    assert values.min() >= PHYSIOLOGY["spermatogenesis_days"].low


def test_a_man_below_the_threshold_has_nothing_to_recover_to():
    assert math.isnan(sens.recovery_days(Patient(sperm_base=10.0)))


def test_tornado_is_sorted_and_its_bars_are_reproducible(bars):
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    assert {b.name for b in bars} == set(sens.varied_parameters())
    assert len({b.base_days for b in bars}) == 1
    top = bars[0]
    assert top.low_days == sens.recovery_days(Patient(**{top.name: top.low_value}))
    assert top.tag == PHYSIOLOGY[top.name].tag and top.swing > 0


def test_uncertainty_text_names_the_placeholders(bars):
    text = sens.uncertainty_text(bars)
    movers = [b for b in bars if b.swing > 0][:6]
    for b in movers:
        assert b.name in text
    placeholders = [b.name for b in movers if b.tag == "M"]
    if placeholders:
        assert f"{len(placeholders)} of them ({', '.join(placeholders)})" in text
    else:
        assert "None of them" in text


def test_uncertainty_text_without_placeholders_or_movement():
    bar = sens.Bar("T_base", "V", "", 450, 750, 80.0, 90.0, 85.0)
    assert "None of them is a modelling assumption" in sens.uncertainty_text([bar])
    still = sens.Bar("T_base", "V", "", 450, 750, 85.0, 85.0, 85.0)
    assert sens.uncertainty_text([still]).startswith("No parameter moved")


def test_no_recovery_counts_as_the_whole_follow_up():
    bar = sens.Bar("x", "M", "", 1, 2, math.nan, 100.0, 90.0)
    assert bar.swing == sens.FOLLOW_UP_DAYS - 100.0


def test_batch_equals_one_man_at_a_time():
    changes = [{}, {"age": 45.0}, {"clearance_factor": 1.3}, {"spermatogenesis_stages": 12.0},
               {"sperm_base": 10.0}]
    together = sens.batch_recovery_days(changes)
    alone = [sens.recovery_days(Patient(**c)) for c in changes]
    np.testing.assert_allclose(together, alone, equal_nan=True)
    assert math.isnan(together[-1])

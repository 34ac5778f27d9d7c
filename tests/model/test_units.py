"""Conventional <-> SI conversions (hpgviz.units)."""
import numpy as np
import pytest

from hpgviz.model import units

ALL = ("T", "LH", "FSH", "E2", "ITT", "inhibin_B", "sperm", "GnRH")


def test_testosterone_to_si_and_back():
    si, unit = units.convert(1000.0, "T", "SI")
    assert unit == "nmol/L"
    assert si == pytest.approx(34.67, abs=0.005)
    back, unit_back = units.convert(si, "T", "conventional", from_system="SI")
    assert unit_back == "ng/dL"
    assert back == pytest.approx(1000.0, rel=1e-12)


def test_estradiol_to_si():
    si, unit = units.convert([10.0, 37.0], "E2", "SI")
    assert unit == "pmol/L"
    np.testing.assert_allclose(si, [36.71, 135.827])


def test_named_factors_are_the_standard_ones():
    assert units.NG_DL_PER_NMOL_L_TESTOSTERONE == 28.84
    assert units.PMOL_L_PER_PG_ML_ESTRADIOL == 3.671


@pytest.mark.parametrize("name", ["LH", "FSH", "ITT", "inhibin_B", "sperm", "GnRH"])
def test_same_number_in_both_systems(name):
    values = np.array([0.0, 1.5, 250.0])
    np.testing.assert_array_equal(units.convert(values, name, "SI")[0], values)


def test_inhibin_b_si_unit_is_ng_per_litre():
    assert units.unit_of("inhibin_B", "conventional") == "pg/mL"
    assert units.unit_of("inhibin_B", "SI") == "ng/L"


def test_cohort_shape_is_kept():
    values = np.full((3, 5), 288.4)
    si, _ = units.convert(values, "T", "SI")
    assert si.shape == (3, 5)
    np.testing.assert_allclose(si, 10.0)


def test_conventional_is_identity_and_returns_float_array():
    out, unit = units.convert([1, 2], "T", "conventional")
    assert out.dtype == float and unit == "ng/dL"
    np.testing.assert_array_equal(out, [1.0, 2.0])


def test_every_series_has_a_unit_in_every_system():
    assert units.UNIT_SYSTEMS == ("conventional", "SI")
    for name in ALL:
        for system in units.UNIT_SYSTEMS:
            assert units.unit_of(name, system)


def test_unknown_series_error_names_field_and_allowed_values():
    with pytest.raises(ValueError) as e:
        units.convert(1.0, "DHT", "SI")
    msg = str(e.value)
    assert "name='DHT'" in msg and "inhibin_B" in msg and "T" in msg


def test_unknown_system_error_names_field_and_allowed_values():
    with pytest.raises(ValueError) as e:
        units.unit_of("T", "metric")
    msg = str(e.value)
    assert "system='metric'" in msg and "conventional" in msg and "SI" in msg


def test_unknown_from_system_is_rejected():
    with pytest.raises(ValueError, match="system='imperial'"):
        units.convert(1.0, "T", "SI", from_system="imperial")

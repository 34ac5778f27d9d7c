"""Bad input is refused with a TypeError/ValueError whose message names the field and the allowed range."""
import math

import pytest

from hpgviz import AGENTS, Cohort, Course, Patient, Regimen, simulate
from hpgviz.model.parameters import PHYSIOLOGY
from hpgviz.model.regimen import MAX_DAY, MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS

CYP_MAX = f"{AGENTS['testosterone_cypionate'].max_dose:g}"     # "1000" (mg per injection)
DAY_MAX = f"{MAX_DAY:g}"                                        # "3650"


def course(**kw):
    args = dict(agent="testosterone_cypionate", dose=100, every_days=7, start_day=0, stop_day=None)
    args.update(kw)
    return Course(**args)


def raises_naming(exc_types, *words):
    """Context: the call raises one of exc_types and its message contains every word."""
    class _Check:
        def __enter__(self):
            self.cm = pytest.raises(exc_types)
            self.info = self.cm.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.cm.__exit__(*exc)
            message = str(self.info.value)
            for w in words:
                assert w in message, f"{w!r} not in error message: {message}"
            return handled
    return _Check()


def test_absurd_dose_limit_is_1000_mg_for_cypionate():
    assert CYP_MAX == "1000"


def test_unknown_agent():
    with raises_naming(ValueError, "agent", "testosterone_cypionate", "testosterone_undecanoate"):
        course(agent="testosterone_undecanoate")


def test_agent_not_a_string():
    with raises_naming(TypeError, "agent"):
        course(agent=3)


@pytest.mark.parametrize("dose", [-1, 5000, math.nan, math.inf, -math.inf])
def test_dose_out_of_range(dose):
    with raises_naming(ValueError, "dose", "[0, 1000]"):
        course(dose=dose)


@pytest.mark.parametrize("dose", ["100", True, False, None, [100]])
def test_dose_wrong_type(dose):
    with raises_naming(TypeError, "dose", "[0, 1000]"):
        course(dose=dose)


def test_dose_limit_is_per_agent():
    with raises_naming(ValueError, "dose", "anastrozole", f"{AGENTS['anastrozole'].max_dose:g}"):
        course(agent="anastrozole", dose=50, every_days=1)


@pytest.mark.parametrize("every", [0, -7, MIN_INTERVAL_DAYS / 2, 366, 1000, math.nan])
def test_every_days_out_of_range(every):
    with raises_naming(ValueError, "every_days", f"{MIN_INTERVAL_DAYS:g}", f"{MAX_INTERVAL_DAYS:g}"):
        course(every_days=every)


def test_every_days_wrong_type():
    with raises_naming(TypeError, "every_days"):
        course(every_days="weekly")


@pytest.mark.parametrize("start", [-1, -0.5, MAX_DAY + 1])
def test_start_day_out_of_range(start):
    with raises_naming(ValueError, "start_day", DAY_MAX):
        course(start_day=start)


@pytest.mark.parametrize("start, stop", [(10, 5), (10, 10), (0, 0)])
def test_stop_not_after_start(start, stop):
    with raises_naming(ValueError, "stop_day", "start_day"):
        course(start_day=start, stop_day=stop)


@pytest.mark.parametrize("stop", [-5, MAX_DAY + 1, math.nan])
def test_stop_day_out_of_range(stop):
    with raises_naming(ValueError, "stop_day", DAY_MAX):
        course(stop_day=stop)


def test_continuous_not_a_bool():
    with raises_naming(TypeError, "continuous"):
        course(continuous="yes")


@pytest.mark.parametrize("days", [0, 0.5, -10, 100000, math.nan, math.inf])
def test_days_out_of_range(days):
    with raises_naming(ValueError, "days", "[1, 3650]"):
        simulate(Regimen([]), days=days)


def test_days_wrong_type():
    with raises_naming(TypeError, "days"):
        simulate(Regimen([]), days="365")


@pytest.mark.parametrize("dt", [0, 0.001, 5, -0.5, math.nan])
def test_dt_out_of_range(dt):
    with raises_naming(ValueError, "dt", f"{1 / 24:g}", "2]"):
        simulate(Regimen([]), days=30, dt=dt)


def test_unknown_patient_parameter():
    with raises_naming(ValueError, "testosterone_level", "gnrh_capacity"):
        Patient(testosterone_level=300)


def test_patient_value_out_of_range():
    spec = PHYSIOLOGY["gnrh_capacity"]
    with raises_naming(ValueError, "gnrh_capacity", f"{spec.low:g}", f"{spec.high:g}"):
        Patient(gnrh_capacity=spec.high * 10)
    with raises_naming(ValueError, "gnrh_capacity", f"{spec.low:g}", f"{spec.high:g}"):
        Patient(gnrh_capacity=-1)


def test_patient_value_wrong_type():
    with raises_naming(TypeError, "gnrh_capacity"):
        Patient(gnrh_capacity="low")


def test_unknown_preset():
    with raises_naming(ValueError, "preset", "secondary_hypogonadism"):
        Patient.preset("athlete")


@pytest.mark.parametrize("n", [0, -3, 100001])
def test_cohort_n_out_of_range(n):
    with raises_naming(ValueError, "n must", "100000"):
        Cohort(n=n)


@pytest.mark.parametrize("n", ["a", 2.5, True, None])
def test_cohort_n_wrong_type(n):
    with raises_naming(TypeError, "n must", "100000"):
        Cohort(n=n)


@pytest.mark.parametrize("regimen", [[Course("anastrozole", 1, 1)], "TRT", 200,
                                     Course("anastrozole", 1, 1)])
def test_regimen_not_a_regimen(regimen):
    with raises_naming(TypeError, "regimen", "Regimen"):
        simulate(regimen, days=30)


def test_regimen_with_a_non_course():
    with raises_naming(TypeError, "courses[1]", "Course"):
        Regimen([Course("anastrozole", 1, 1), {"agent": "hcg"}])


@pytest.mark.parametrize("patient", ["healthy", 1, {"gnrh_capacity": 1.0}, Regimen([])])
def test_patient_wrong_type(patient):
    with raises_naming(TypeError, "patient", "Patient", "Cohort"):
        simulate(Regimen([]), days=30, patient=patient)


# --- agent names, infusions, weekly amounts, Result.at, switches ------------------------------------------

def test_agent_names_ignore_case_and_spaces():
    assert Course("hCG", 500, 2).agent == "hcg"
    assert Course("Testosterone Cypionate", 100, 7).agent == "testosterone_cypionate"


def test_unknown_agent_suggests_the_closest_name():
    with raises_naming(ValueError, "agent", "'hgc'", "did you mean 'hcg'"):
        Course("hgc", 500, 2)


@pytest.mark.parametrize("agent", ["clomiphene", "testosterone_cypionate", "hcg", "anastrozole"])
def test_continuous_is_only_for_infusable_agents(agent):
    with raises_naming(ValueError, "continuous=True", "gonadorelin", agent):
        Course(agent, 1, 1, continuous=True)


def test_weekly_amount_is_capped_not_only_the_dose():
    """1,000 mg of cypionate every 15 minutes passes the per-dose cap but not the weekly one."""
    with raises_naming(ValueError, "dose and every_days", "a week", f"{AGENTS['testosterone_cypionate'].max_per_week:g}"):
        course(dose=1000, every_days=MIN_INTERVAL_DAYS)
    course(dose=1000, every_days=7)            # the largest single dose, weekly, is allowed


@pytest.mark.parametrize("day", [math.nan, -5, 1e9, "10"])
def test_result_at_rejects_days_outside_the_run(day):
    res = simulate(Regimen([]), days=10)
    with raises_naming((TypeError, ValueError), "day", "[0, 10]"):
        res.at(day, "T")


@pytest.mark.parametrize("switches,words", [({"gnrh_output": False}, ("unknown state", "gnrh")),
                                            ({"gnrh": "off"}, ("switches['gnrh']", "True or False")),
                                            (["gnrh"], ("switches must be a dict",))])
def test_switches_are_checked(switches, words):
    with raises_naming((TypeError, ValueError), *words):
        simulate(Regimen([]), days=10, switches=switches)


def test_series_not_offered_names_the_field_and_the_choices():
    with pytest.raises(ValueError, match=r"series: no series LH_free; allowed: T, LH, FSH, .*, sperm, LH_reserve"):
        simulate(Regimen([]), days=10, series=["LH", "LH_free"])

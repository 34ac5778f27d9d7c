"""Property tests (hypothesis): over the explorers' control spaces the model never produces NaN/inf,
never a negative value, and never raises. No clinical number is asserted here."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpgviz import Cohort, Course, Patient, Regimen, simulate

WEEK = 7.0
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_sane(res):
    """Every series, exposure and slow state is finite and non-negative."""
    for name in res.names:
        x = np.asarray(res[name])
        bad = ~np.isfinite(x).reshape(-1, len(res.t)).all(axis=0)
        assert not bad.any(), f"{name}: non-finite values from t={res.t[bad][:5]}"
        assert np.all(x >= 0), f"{name}: negative minimum {x.min()}"
    for name, x in res.exposure.items():
        assert np.all(np.isfinite(x)) and np.all(np.asarray(x) >= 0), f"exposure {name}"
    for name, x in res.states.items():
        assert np.all(np.isfinite(x)), f"state {name}"
    assert res["T"].shape[-1] == len(res.t)


# --- the fundamentals / TRT explorer's control space ------------------------------------------------------

trt_space = st.fixed_dictionaries({
    "ester": st.sampled_from(["testosterone_cypionate", "testosterone_enanthate"]),
    "weekly_dose": st.floats(0, 300),
    "every": st.sampled_from([7.0, 3.5]),
    "weeks": st.integers(1, 104),
    "anastrozole": st.none() | st.floats(0, 2),
    "days": st.integers(365, 1100),
})


def trt_regimen(c):
    """As the explorer builds it: the weekly dose split over the injections, stopped after `weeks`."""
    stop = c["weeks"] * WEEK
    courses = [Course(c["ester"], dose=c["weekly_dose"] * c["every"] / WEEK, every_days=c["every"],
                      start_day=0, stop_day=stop)]
    if c["anastrozole"] is not None:
        courses.append(Course("anastrozole", dose=c["anastrozole"], every_days=3.5, start_day=0, stop_day=stop))
    return Regimen(courses)


@SETTINGS
@given(trt_space)
def test_trt_space_is_sane(c):
    assert_sane(simulate(trt_regimen(c), days=c["days"]))


# --- the restart space: TRT, then restart agents on random weeks ---------------------------------------------

def _window(draw, trt_stop_week):
    start = draw(st.integers(trt_stop_week - 4 if trt_stop_week > 4 else 0, trt_stop_week + 52))
    stop = start + draw(st.integers(1, 52))      # stop > start by construction
    return start * WEEK, stop * WEEK


@st.composite
def restart_regimen(draw):
    trt_weeks = draw(st.integers(1, 104))
    courses = [Course(draw(st.sampled_from(["testosterone_cypionate", "testosterone_enanthate"])),
                      dose=draw(st.floats(0, 300)), every_days=7, start_day=0, stop_day=trt_weeks * WEEK)]
    agents = draw(st.lists(st.sampled_from(["clomiphene", "tamoxifen", "enclomiphene", "hcg", "anastrozole",
                                            "gonadorelin"]), min_size=1, max_size=4))
    for agent in agents:
        start, stop = _window(draw, trt_weeks)
        if agent == "clomiphene":
            courses.append(Course(agent, draw(st.floats(0, 100)), 1, start, stop))
        elif agent == "tamoxifen":
            courses.append(Course(agent, draw(st.floats(0, 40)), 1, start, stop))
        elif agent == "enclomiphene":
            courses.append(Course(agent, draw(st.floats(0, 50)), 1, start, stop))
        elif agent == "hcg":
            courses.append(Course(agent, draw(st.floats(0, 5000)), draw(st.floats(2, 7)), start, stop))
        elif agent == "anastrozole":
            courses.append(Course(agent, draw(st.floats(0, 2)), draw(st.sampled_from([1.0, 3.5])), start, stop))
        else:
            courses.append(Course(agent, draw(st.floats(0, 100)), 0.0625, start, stop,
                                  continuous=draw(st.booleans())))
    return Regimen(courses)


@SETTINGS
@given(restart_regimen(), st.integers(365, 1100))
def test_restart_space_is_sane(regimen, days):
    assert_sane(simulate(regimen, days=days))


@SETTINGS
@given(restart_regimen(), st.sampled_from(["healthy", "secondary_hypogonadism", "older_low_T"]))
def test_restart_space_is_sane_for_presets(regimen, preset):
    assert_sane(simulate(regimen, days=730, patient=Patient.preset(preset)))


# --- a cohort ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1])
def test_cohort_run_is_sane(seed):
    regimen = Regimen([
        Course("testosterone_enanthate", 300, 7, 0, 26 * WEEK),
        Course("clomiphene", 50, 1, 26 * WEEK, 40 * WEEK),
        Course("hcg", 2000, 3, 26 * WEEK, 40 * WEEK),
        Course("anastrozole", 1, 3.5, 0, 40 * WEEK),
        Course("gonadorelin", 20, 0.0625, 40 * WEEK, 52 * WEEK, continuous=True),
    ])
    res = simulate(regimen, days=1100, patient=Cohort(n=20, seed=seed))
    assert res["T"].shape == (20, len(res.t))
    assert_sane(res)


@settings(max_examples=10, deadline=None)
@given(restart_regimen())
def test_restart_space_is_sane_for_a_cohort(regimen):
    assert_sane(simulate(regimen, days=730, patient=Cohort(n=20, seed=3)))


# --- the slow states switched off for teaching ------------------------------------------------------------

from hpgviz.model.states import NAMES as STATE_NAMES  # noqa: E402


@SETTINGS
@given(trt_space, st.lists(st.sampled_from(STATE_NAMES), unique=True))
def test_any_states_switched_off_stay_sane(c, off):
    """Whatever states a teacher turns off, under any TRT course, nothing becomes NaN or negative, and an
    off state stays at its untreated value."""
    res = simulate(trt_regimen(c), days=c["days"], switches={name: False for name in off})
    assert_sane(res)
    for name in off:
        assert np.ptp(res.states[name]) == 0.0, name


@SETTINGS
@given(st.floats(1, 1000), st.sampled_from([1 / 24, 0.0625, 0.5, 3.5, 7.0]), st.booleans(),
       st.floats(0.02, 2.0))
def test_gonadorelin_space_is_sane(dose, every, continuous, capacity):
    """Gonadorelin as pulses or infusion, at any allowed dose and interval, in men from GnRH-deficient to
    healthy."""
    if dose * 7 / every > 20000:
        return                                      # beyond the weekly cap: refused (tested elsewhere)
    course = Course("gonadorelin", dose, every, 0, 60, continuous=continuous)
    assert_sane(simulate(Regimen([course]), days=90, patient=Patient(gnrh_capacity=capacity)))

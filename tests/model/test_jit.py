"""The compiled stepper (Numba, hpgviz/model/jit.py) and the numpy fallback run the same equation functions:
they must give the same series, to 1e-9 of each series' value (what is left is rounding in a different
order of operations: ~1e-13 measured). The fallback is what runs where Numba is missing (HPGVIZ_NO_JIT=1)."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import hpgviz as hpg
from hpgviz import Cohort, Course, Regimen
from hpgviz.model import jit

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="Numba is not installed: the numpy path is the only one")

RTOL = 1e-9
REGIMENS = {
    "TRT then stop": (Regimen([Course("testosterone_cypionate", 200, 7, 0, 120)]), 240),
    "TRT with hCG": (Regimen([Course("testosterone_cypionate", 200, 7, 0, 90), Course("hcg", 500, 2, 0, 90)]), 150),
    "SERM after TRT": (Regimen([Course("testosterone_enanthate", 200, 7, 0, 60),
                                Course("clomiphene", 50, 1, 60, 150)]), 180),
    "gonadorelin pulses": (Regimen([Course("gonadorelin", 10, 90 / 1440, 0, 30)]), 40),
    "continuous gonadorelin": (Regimen([Course("gonadorelin", 160, 1, 0, 28, continuous=True)]), 40),
}


def both_paths(monkeypatch, regimen, days, patient):
    compiled = hpg.simulate(regimen, days=days, patient=patient)
    with monkeypatch.context() as m:
        m.setattr(jit, "ENABLED", False)
        plain = hpg.simulate(regimen, days=days, patient=patient)
    return compiled, plain


def assert_same_series(compiled, plain):
    for name in compiled.names:
        a, b = compiled[name], plain[name]
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=RTOL * np.max(np.abs(b)), err_msg=name)
    for name, a in compiled.states.items():
        np.testing.assert_allclose(a, plain.states[name], rtol=RTOL, atol=RTOL * max(np.max(np.abs(a)), 1.0),
                                   err_msg=f"state {name}")


@pytest.mark.parametrize("name", REGIMENS)
def test_compiled_and_numpy_paths_give_the_same_man(name, monkeypatch):
    regimen, days = REGIMENS[name]
    assert_same_series(*both_paths(monkeypatch, regimen, days, hpg.Patient()))


def test_compiled_and_numpy_paths_give_the_same_cohort(monkeypatch):
    regimen, days = REGIMENS["TRT with hCG"]
    compiled, plain = both_paths(monkeypatch, regimen, days, Cohort(n=12, seed=5))
    assert compiled["T"].shape == (12, len(compiled.t))
    assert_same_series(compiled, plain)


def test_the_kernels_are_cached_on_disk():
    hpg.simulate(Regimen([]), days=2)
    assert list(Path(jit.CACHE_DIR).rglob("*.nbi")), f"no compiled kernel cached in {jit.CACHE_DIR}"


def test_hpgviz_no_jit_selects_the_numpy_path():
    env = {**os.environ, "HPGVIZ_NO_JIT": "1"}
    out = subprocess.run([sys.executable, "-c", "from hpgviz.model import jit; print(jit.ENABLED)"], env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_one_man_without_numba_runs_the_same_steps_on_floats_as_on_arrays():
    """Without Numba one man runs on Python floats (run_scalar, several times faster than numpy on 1-element
    arrays) and a cohort on numpy arrays (run_numpy): the same run_steps, the same states, the same steps split
    (a stop of TRT with hCG, where GnRH bends)."""
    from hpgviz.model import engine, stepper
    regimen, days = REGIMENS["TRT with hCG"]
    p, _pc, P, u0, s0 = engine._prepared(hpg.Patient())[:5]
    t = np.arange(0.0, days + 0.25, 0.5)
    split_t = np.linspace(0.0, t[-1], (len(t) - 1) * stepper.SPLIT + 1)
    drugs, split_drugs = (engine._drug_inputs(regimen, grid, days).T for grid in (t, split_t))
    gains = engine._gains_kept({}, p, 0.5, stepper.SPLIT, set(), 1)
    args = (P, gains, True, 0.5, stepper.SPLIT, drugs, split_drugs, u0, s0, stepper.STEP_BEND, stepper.STEADY, len(t))
    u_floats, s_floats = stepper.run_scalar(*args)
    u_arrays, s_arrays = stepper.run_numpy(*args)
    np.testing.assert_allclose(u_floats, u_arrays, rtol=RTOL, atol=RTOL)
    np.testing.assert_allclose(s_floats, s_arrays, rtol=RTOL, atol=RTOL)
    assert s_floats.shape == (len(s0), 1, len(t))
    assert np.max(np.abs(np.diff(u_floats[0], 2))) > stepper.STEP_BEND        # some steps were split


def test_a_cohort_in_chunks_is_the_same_cohort_and_reports_its_progress(monkeypatch):
    """A large cohort runs a chunk of men at a time (memory stays bounded) and calls progress after each."""
    from hpgviz.model import engine
    regimen, days = REGIMENS["TRT then stop"]
    cohort = Cohort(n=25, seed=4)
    whole = hpg.simulate(regimen, days=days, patient=cohort)
    monkeypatch.setattr(engine, "CHUNK", 10)
    seen = []
    parts = hpg.simulate(regimen, days=days, patient=cohort, progress=seen.append)
    assert seen == [0.4, 0.8, 1.0]
    for name in whole.names:
        np.testing.assert_array_equal(whole[name], parts[name], err_msg=name)
    for name in whole.states:
        np.testing.assert_array_equal(whole.states[name], parts.states[name], err_msg=name)



@pytest.mark.parametrize("numba_on", [True, False])
@pytest.mark.parametrize("resolution", ["full", "cohort"])
def test_the_series_asked_for_are_the_same_as_in_a_whole_run(monkeypatch, numba_on, resolution):
    """simulate(series=...) reports only the series named, each the same as in a run of them all, bit for bit
    (compiled and numpy, a cohort in chunks and one man), with every slow state."""
    from hpgviz.model import engine
    regimen, days = REGIMENS["TRT with hCG"]
    monkeypatch.setattr(jit, "ENABLED", numba_on)
    monkeypatch.setattr(engine, "CHUNK", 10)
    for patient in (Cohort(n=25, seed=5), None):
        whole = hpg.simulate(regimen, days=days, patient=patient, dt=1.0, resolution=resolution)
        for asked in (("sperm",), ("T", "LH_reserve", "FSH"), ()):
            some = hpg.simulate(regimen, days=days, patient=patient, dt=1.0, resolution=resolution, series=asked)
            assert some.names == tuple(name for name in whole.names if name in asked)
            for name in some.names:
                np.testing.assert_array_equal(whole[name], some[name], err_msg=name)
            assert list(some.states) == list(whole.states)
            for name in whole.states:
                np.testing.assert_array_equal(whole.states[name], some.states[name], err_msg=name)


def test_untreated_is_a_runs_first_point_and_names_the_allowed_series():
    """engine.untreated: a series at the untreated steady state, as a run with no drug reports it (to rounding:
    numpy there, the compiled kernel in the run)."""
    from hpgviz.model.engine import untreated
    for patient in (Cohort(n=25, seed=5), hpg.Patient(age=60.0)):
        run = hpg.simulate(days=1, patient=patient)
        for name in ("testis_volume", "T", "inhibin_B"):
            np.testing.assert_allclose(untreated(patient, name), run[name][..., 0], rtol=1e-12, err_msg=name)
    assert isinstance(untreated(hpg.Patient(), "LH"), float)
    with pytest.raises(ValueError, match=r"name: no untreated value of 'sperm'; allowed: T, LH"):
        untreated(hpg.Patient(), "sperm")


def test_a_simulation_leaves_numpys_huge_pages_as_they_were(monkeypatch):
    """Simulations turn numpy's huge pages off while they run (engine._small_pages): the switch is restored."""
    multiarray = pytest.importorskip("numpy._core.multiarray")
    from hpgviz.model import engine
    monkeypatch.setattr(engine, "CHUNK", 10)
    before = multiarray._set_madvise_hugepage(True)
    try:
        hpg.simulate(Regimen([]), days=5, patient=Cohort(n=15, seed=1))
        assert multiarray._set_madvise_hugepage(True) is True
        with engine._small_pages():                       # two simulations overlapping (threads)
            with engine._small_pages():
                assert multiarray._set_madvise_hugepage(False) is False
            assert multiarray._set_madvise_hugepage(False) is False
        assert multiarray._set_madvise_hugepage(True) is True
    finally:
        multiarray._set_madvise_hugepage(before)


def test_compiled_steady_states_match_the_numpy_search(monkeypatch):
    """Compiled, each man's steady state is searched for himself; on numpy arrays every man at once (until the
    slowest has converged): the same states and hormones to 1e-9. (Not every field of axis.fast: at rest the
    androgen fall is zero to rounding, so the switch in its derivative may fall either way, times a zero gain.)"""
    from hpgviz.model import axis, engine, finegrid
    cohort = Cohort(n=12, seed=9)
    p = cohort.namespace()
    P = axis.bind(p, axis.derived(p), cohort.n)
    hormones = lambda state: (state[0], state[1], state[2][finegrid.FINE_FIELDS])   # noqa: E731
    compiled = hormones(engine.steady_state(P))
    monkeypatch.setattr(jit, "ENABLED", False)
    plain = hormones(engine.steady_state(P))
    for a, b, what in zip(compiled, plain, ("GnRH state", "slow states", "hormones")):
        assert a.shape == b.shape, what
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=RTOL, err_msg=what)


@pytest.mark.parametrize("initial", [None, 1.0])
def test_compiled_sperm_pipeline_matches_numpy_through_its_rescaling(initial, monkeypatch):
    """The compiled pipeline rescales each man's chain where his own Lambda (the integrated loss) has grown by
    LAMBDA_BLOCK, numpy where the cohort's largest has: the same filter either way. A loss rate 100 times the
    model's, with no androgen support for 250 days, takes Lambda past the block several times."""
    from hpgviz.model import sperm
    p = hpg.Patient().namespace()
    p.germ_cell_loss_rate = 200 * p.germ_cell_loss_rate
    n, days, dt = 3, 750, 0.25
    t = np.arange(0.0, days, dt)
    support = np.ones((n, len(t))) * np.where(t < 25, 1.0, 0.5)
    androgen = np.where((t >= 25) & (t < 275), 0.0, 1.0) * np.array([[0.0], [0.5], [0.9]])
    start = (None, None) if initial is None else (initial, initial)
    compiled = sperm.sperm_pipeline(support, androgen, dt, p, *start)
    monkeypatch.setattr(jit, "ENABLED", False)
    plain = sperm.sperm_pipeline(support, androgen, dt, p, *start)
    lam = p.germ_cell_loss_rate * 250
    assert lam > 3 * sperm.LAMBDA_BLOCK
    np.testing.assert_allclose(compiled, plain, rtol=RTOL, atol=0)


def test_compiled_power_is_pow_to_rounding():
    """jit.power, compiled, takes whole exponents by squaring and a half more by one sqrt (4.5 as x ** 4 * sqrt(x)):
    the model's Hill coefficients (3, 4.5, 13, 2.5) and any other exponent give pow's value to a few ulp, edge values
    included."""
    from numba import njit
    power = njit(**jit.KERNEL_OPTIONS)(lambda x, n: jit.power(x, n))
    xs = np.concatenate([np.geomspace(1e-6, 1e6, 301), [0.0, 1.0, np.inf]])
    for n in (0.5, 1.0, 2.0, 2.5, 3.0, 4.5, 13.0, 18.3, 1.9, 1 / 3, -0.2, 32.0, 32.5, 33.0):
        with np.errstate(divide="ignore"):
            expected = xs ** n                    # 0 ** -0.2 is inf, as pow gives it
        got = np.array([power(x, n) for x in xs])
        np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0, err_msg=f"exponent {n}")
    assert np.isnan(power(np.nan, 3.0)) and np.isnan(power(-1.0, 2.5)) and np.isnan(power(-1.0, 4.5)) and power(-2.0, 3.0) == -8.0

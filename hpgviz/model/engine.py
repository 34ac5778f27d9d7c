"""The time stepper and its Result.

Drug effects come in closed form as means over each step (pk.effects). The stepper walks the slow
states (states.py) forward: at each step it computes the fast hormones from the states and the drug
inputs of the coming interval (axis.fast: explicit, no loop to solve), moves the GnRH controller by an
exponential Rosenbrock step (exact for its linearisation, so stable at any step) and every other state
exactly along its own exponential decay towards its target, with the targets averaged over the start
and the end of the step (second order). Afterwards every reported series is computed at the grid points
in one vectorised pass, and the sperm pipeline is filtered over the whole run.
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager

import numpy as np

from . import axis, jit, sperm, states, stepper
from .finegrid import FINE_SERIES, REPORTED, fill_between, fine_men, hormones_compiled, hormones_numpy
from .agents import AGENTS, EFFECTS
from .jit import choose, jitable, kernel, largest
from .pk import effects
from .pk import exposure as agent_exposure
from .parameters import DRUGS
from .patient import Cohort, Patient
from .regimen import MAX_DAY, Regimen, check_number

UNITS = {"T": "ng/dL", "LH": "IU/L", "FSH": "IU/L", "E2": "pg/mL", "ITT": "nmol/L", "inhibin_B": "pg/mL",
         "sperm": "million/mL", "GnRH": "relative", "LH_reserve": "relative", "T_endogenous": "ng/dL",
         "germ_cell_support": "relative", "testis_volume": "mL"}
SCALES = {"T": "T_base", "T_endogenous": "T_base", "LH": "LH_base", "FSH": "FSH_base", "E2": "E2_base",
          "ITT": "ITT_base", "inhibin_B": "inhibin_B_base", "sperm": "sperm_base",
          "testis_volume": "testis_volume_base"}

SERIES = REPORTED + ("germ_cell_support", "sperm", "LH_reserve")     # simulate's series, in the Result's order


class Result:
    """Simulated series on a common time grid: ``res.t`` (days), ``res["LH"]``, ``res.units["LH"]``.

    A series has shape (len(t),) for one Patient and (n, len(t)) for a Cohort. ``res.exposure`` holds
    each drug's concentration at each reported point (units in ``res.exposure_units``);
    ``res.states`` the slow states. A series or state may be a view of a block the kernels wrote, (men, names,
    steps): read it as it is, or copy it before writing into it."""

    def __init__(self, t, series, units, regimen, patient, exposure, states, dt):
        self.t, self._series, self.units = t, series, units
        self.exposure_units = {key: AGENTS[key.split(":")[0]].conc_unit for key in exposure}
        self.regimen, self.patient, self.exposure, self.states, self.dt = (
            regimen, patient, exposure, states, dt)

    def __getitem__(self, name):
        if name not in self._series:
            raise KeyError(f"no series {name!r}; available: {', '.join(self.names)}")
        return self._series[name]

    def __contains__(self, name):
        return name in self._series

    @property
    def names(self):
        return tuple(self._series)

    def at(self, day, name):
        """Value of a series at (the grid point nearest to) a day within the run."""
        day = check_number("day", day, float(self.t[0]), float(self.t[-1]))
        i = int(np.argmin(np.abs(self.t - day)))
        value = self[name][..., i]
        return float(value) if np.ndim(value) == 0 else value

    def __repr__(self):
        return f"<Result {len(self.t)} points over {self.t[-1]:g} days, {self.regimen.describe()}>"


def _check_inputs(regimen, days, patient, dt):
    if regimen is None:
        regimen = Regimen([])
    if not isinstance(regimen, Regimen):
        raise TypeError(f"regimen must be a Regimen (use Regimen([]) for no drug), got {type(regimen).__name__}")
    days = check_number("days", days, 1.0, MAX_DAY)
    dt = check_number("dt (days)", dt, 1 / 24, 2.0)
    patient = Patient() if patient is None else patient
    if not isinstance(patient, (Patient, Cohort)):
        raise TypeError(f"patient must be a Patient or a Cohort, got {type(patient).__name__}")
    return regimen, days, patient, dt


def _drug_inputs(regimen, grid, days, at_points=False):
    """The drug inputs of axis.fast (means over the intervals between the grid's points, or point values): an
    array (effects, intervals or points) in agents.EFFECTS order, the same for every man (axis.fast puts the
    exogenous androgens in his own units)."""
    e = effects(regimen, grid, days, at_points)
    return np.array([e[name] for name in EFFECTS])


@jitable
def _resting_targets_fixed_point(P, u, s, drug, f):
    """Relax the slow states onto their targets at fixed GnRH (the slow loops contract fast)."""
    for _ in range(200):
        new = axis.targets(P, axis.fast(P, u, s, drug, f), s, np.empty_like(s), True)
        moved = largest(np.abs(new - s))
        s = new
        if moved < 1e-14:
            break
    return s


@jitable
def _settled_fast(P, u, s, drug, f):
    """The fast hormones with the Leydig cells' induced enzymes already matching their stimulation (which
    does not depend on them): the GnRH search then sees the whole of T's answer, not its acute share."""
    f = axis.fast(P, u, s, drug, f)
    s = s.copy()
    s[axis.STEROIDOGENESIS] = f[axis.F_LEYDIG_STIMULATION]
    return axis.fast(P, u, s, drug, f)


@jitable
def _steady(P, u, s, drug, f):
    """The untreated steady state from a first guess (u, s), for one man (floats, a kernel's rows) or men along
    the arrays' last axis: the GnRH controller rests where du/dt = 0 (du/dt falls as u rises), found by
    bisection, the other states where their targets put them; the two searches alternate until neither moves."""
    width = 60.0
    for _ in range(50):
        # bisection on GnRH: the whole range first, then a bracket around the last answer
        lo, hi = u - width, u + width
        for _ in range(int(math.ceil(math.log2(2 * width / 1e-13)))):
            mid = (lo + hi) / 2
            push = axis.gnrh_rate(P, mid, _settled_fast(P, mid, s, drug, f))[0]
            lo, hi = choose(push > 0, mid, lo), choose(push > 0, hi, mid)
        u_new = (lo + hi) / 2
        s_new = _resting_targets_fixed_point(P, u_new, s, drug, f)
        moved = max(largest(np.abs(u_new - u)), largest(np.abs(s_new - s)))
        u, s = u_new, s_new
        if moved < 1e-12:
            break
        width = min(60.0, max(8.0 * moved, 1e-9))
    return u, s


@kernel
def _steady_men(P, s_guess, drug, u_out, s_out, f_out, lo, hi):
    """Men lo..hi-1's steady states: P (men, params), s_guess (states,), drug (effects,) all zero; out: u_out
    (men,), s_out (men, states), f_out (men, fields)."""
    for i in range(lo, hi):
        u, s = _steady(P[i], 0.0, s_guess.copy(), drug, f_out[i])
        u_out[i] = u
        s_out[i] = s
        axis.fast(P[i], u, s, drug, f_out[i])


def steady_state(P):
    """Untreated steady state of the men whose bound parameters are P (axis.bind: one column a man): GnRH
    state u, the other slow states (rows in states.RELAXING order) and the fast hormones there (rows in
    axis.FIELDS order). Compiled, each man for himself, where Numba is; else on numpy arrays, every man at
    once."""
    n = P.shape[1]
    drug = np.zeros(len(EFFECTS))
    guess = np.array([state.resting for state in states.STATES[1:]])
    if jit.ENABLED:
        u, s, f = np.empty(n), np.empty((n, len(guess))), np.empty((n, len(axis.FIELDS)))
        P_rows = np.ascontiguousarray(P.T)
        jit.in_threads(lambda lo, hi: _steady_men(P_rows, guess, drug, u, s, f, lo, hi), n)
        return u, np.ascontiguousarray(s.T), np.ascontiguousarray(f.T)
    f = np.empty((len(axis.FIELDS), n))
    u, s = _steady(P, np.zeros(n), guess[:, None] * np.ones(n), drug, f)
    return u, s, axis.fast(P, u, s, drug, np.empty((len(axis.FIELDS), n)))


_STEADY_CACHE: dict = {}


def _steady_key(patient):
    """A man's or a cohort's parameter values as a hashable key (a man's floats in the registry's order, a
    cohort's arrays by their bytes)."""
    if isinstance(patient, Patient):
        return tuple(patient.values.values())
    return (patient.n, tuple(sorted((name, np.asarray(value, float).tobytes())
                                    for name, value in patient.values.items())))


def _prepared(patient):
    """The man's or the men's parameters (as given, and as columns), bound parameters (axis.bind), untreated
    steady state and untreated germ-cell input and androgen support, and a dict for their gains (_gains, by
    step and switches), cached by their parameter values: a page that reruns the same men under another
    regimen (every move of an explorer) neither binds nor searches them again."""
    key = _steady_key(patient)
    if key not in _STEADY_CACHE:
        _STEADY_CACHE.clear() if len(_STEADY_CACHE) > 256 else None
        p = patient.namespace()
        P = axis.bind(p, axis.derived(p), patient.n)
        u0, s0, fast0 = steady_state(P)
        col = lambda a: np.reshape(a, (-1, 1))      # noqa: E731
        untreated = (col(axis.germ_cell_input(P, fast0, s0)), col(fast0[axis.F_ANDROGEN_SUPPORT]))
        _STEADY_CACHE[key] = (p, _as_columns(p), P, u0, s0, untreated, {})
    return _STEADY_CACHE[key]


def simulate(regimen: Regimen | None = None, days: float = 730, patient=None, dt: float = 0.5,
             switches: dict | None = None, progress=None, resolution: str = "full", series=None) -> Result:
    """Simulate the axis under a regimen for `days` days (grid step dt days, default half a day).

    ``switches`` turns slow states off for teaching ({"gnrh": False} holds GnRH output at its set point);
    see states.STATES for the names. ``progress``, if given, is called with the share of the men done
    (0-1) after each chunk of a large cohort. ``resolution="cohort"`` computes only at the reported points
    (steps of dt where GnRH's course is straight, half days where it bends; the hormones at the points of t,
    the sperm filter's input at every other one, no finer grid): for pages that read a cohort's recovery times and shares, which it
    gives within the tolerances of tests/analysis/test_cohort_resolution.py, several times faster at dt = 2.
    ``series`` names the series to report (some of SERIES, or one name); by default every one (the slow states
    and the exposure are always there): a page that reads a cohort's sperm alone neither stores nor scales the
    rest (nor, at the cohort resolution, computes the points the sperm filter does not read), and every series
    it reads is the same, bit for bit."""
    regimen, days, patient, dt = _check_inputs(regimen, days, patient, dt)
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {', '.join(map(repr, RESOLUTIONS))}, got {resolution!r}")
    wanted = _check_series(series)
    frozen = {name for name, on in states.check_switches(switches).items() if not on}
    with _small_pages():
        if patient.n > CHUNK:
            return _in_chunks(regimen, days, patient, dt, frozen, progress, resolution, wanted)
        return _simulate(regimen, days, patient, dt, frozen, _Store(patient.n), resolution, wanted)


def untreated(patient, name):
    """One of REPORTED's series in the man's (or each man's) untreated steady state, in its units: a float for a
    Patient, an array (men,) for a Cohort (their steady states are searched once and cached, as for a run)."""
    if name not in REPORTED:
        raise ValueError(f"name: no untreated value of {name!r}; allowed: {', '.join(REPORTED)}")
    _, pc, P, u0, s0, _, _ = _prepared(patient)
    f = axis.fast(P, u0, s0, np.zeros(len(EFFECTS)), np.empty((len(axis.FIELDS), patient.n)))
    value = np.empty((patient.n, 1))
    _scale(f[axis.FIELDS.index(name)].reshape(-1, 1), pc, name, value)
    return float(value[0, 0]) if isinstance(patient, Patient) else value[:, 0]


def _check_series(series):
    """The series asked for, in SERIES order (all of them for None)."""
    if series is None:
        return SERIES
    asked = {series} if isinstance(series, str) else set(series)
    unknown = sorted(map(str, asked - set(SERIES)))
    if unknown:
        raise ValueError(f"series: no series {', '.join(unknown)}; allowed: {', '.join(SERIES)}")
    return tuple(name for name in SERIES if name in asked)


CHUNK = 500     # men simulated together: big cohorts run in chunks so memory stays ~0.5 GB whatever n is


def _in_chunks(regimen, days, cohort, dt, frozen, progress=None, resolution="full", wanted=SERIES):
    """A large cohort a chunk at a time, each chunk writing its series straight into the whole cohort's arrays
    (the peak is the result plus one chunk's work space; no copy of the result)."""
    store = _Store(cohort.n)
    for lo in range(0, cohort.n, CHUNK):
        store.lo, store.hi = lo, min(lo + CHUNK, cohort.n)
        part = _simulate(regimen, days, cohort.part(store.lo, store.hi), dt, frozen, store, resolution, wanted)
        if progress is not None:
            progress(store.hi / cohort.n)
    return Result(part.t, store.named("series", False), part.units, regimen, cohort, part.exposure,
                  store.named("states", False), dt)


class _Store:
    """A run's series and slow states, each array made for all n men at its first request (kind "series" or
    "states", a name, and a chunk's shape); a request returns the rows lo..hi-1 of the chunk being run, which
    the kernels write straight into. A block of several series or states a man, (men, names, steps), is kept
    under the tuple of their names: a man's rows are then one contiguous run for the kernel, and the Result
    reads each name as a view."""

    def __init__(self, n):
        self.n, self.lo, self.hi, self.made = n, 0, n, {"series": {}, "states": {}}

    def __call__(self, kind, name, shape):
        if name not in self.made[kind]:
            self.made[kind][name] = np.empty((self.n,) + tuple(shape[1:]))
        return self.made[kind][name][self.lo:self.hi]

    def named(self, kind, one):
        """Every series or state by its name (a block's by theirs), one man's as a 1-D series."""
        out = {}
        for key, values in self.made[kind].items():
            for q, name in (enumerate(key) if isinstance(key, tuple) else [(None, key)]):
                view = values if q is None else values[:, q]
                out[name] = view[0] if one else view
        return {name: out[name] for name in states.NAMES} if kind == "states" else out


try:       # numpy's switch for huge pages: private (numpy 1.20+ names it in its release notes), so looked up
    from numpy._core import multiarray      # with care; where it is missing nothing is switched
    _set_madvise_hugepage = getattr(multiarray, "_set_madvise_hugepage", None)
except ImportError:
    _set_madvise_hugepage = None
_PAGES = {"lock": threading.Lock(), "running": 0, "was": True}


@contextmanager
def _small_pages():
    """numpy asks the kernel for huge pages for every array over 4 MB; a big cohort's result is gigabytes of
    them, and on a long-running machine each huge page's first write waits for the kernel to compact memory:
    10,000 men took 7-8 s of system time with them, ~3 s without, 1,000 men 0.6-1.1 s against ~0.3 s. Off
    while any simulation runs (numpy's own switch, process-wide: the first simulation to start turns it off,
    the last to end restores it, so simulations in other threads may overlap)."""
    if _set_madvise_hugepage is None:
        yield
        return
    with _PAGES["lock"]:
        if _PAGES["running"] == 0:
            _PAGES["was"] = _set_madvise_hugepage(False)
        _PAGES["running"] += 1
    try:
        yield
    finally:
        with _PAGES["lock"]:
            _PAGES["running"] -= 1
            if _PAGES["running"] == 0:
                _set_madvise_hugepage(_PAGES["was"])


# The stepper's longest step (days). A coarser reporting grid (the explorers' views over years use 1 day) is
# stepped in sub-steps of at most this and read at its own points: at 1-day steps the GnRH release lags after a
# stop and a cohort's median return of sperm came out ~1.3 months later than at half a day, which agrees with a
# quarter of a day (tests/model/test_model.py::test_time_step_does_not_change_results; stepper.py splits a step
# further where GnRH's course bends).
MAX_STEP = 0.5
OUTPUT_REFINE = 2   # reported hormones are computed on a 2x finer grid: the germ-cell support swings
                    # within a day after each injection, and the sperm pipeline integrates it


RESOLUTIONS = ("full", "cohort")      # simulate's resolutions: "cohort": stepper.GNRH_BEND (see there)


def _simulate(regimen, days, patient, dt, frozen, store, resolution="full", wanted=SERIES):
    p, pc, P, u0, s0, untreated, gains = _prepared(patient)
    sub = max(1, math.ceil(dt / MAX_STEP - 1e-9))                 # sub-steps per reported step
    inputs = _regimen_inputs(regimen, days, dt, sub, 1 if resolution == "cohort" else OUTPUT_REFINE)
    cohort = resolution == "cohort" and jit.ENABLED     # without Numba: the default's steps, at the points of t
    if cohort:            # steps of dt, split into the sub-steps where GnRH bends
        h, split, bend, drugs, split_drugs = dt, sub, stepper.GNRH_BEND, inputs.reported_drugs(), inputs.drugs
    else:                 # steps of dt / sub, split in stepper.SPLIT where GnRH bends
        h, split, bend, drugs, split_drugs = dt / sub, stepper.SPLIT, stepper.STEP_BEND, inputs.drugs, \
            inputs.split_drugs()
        if resolution == "cohort":    # without Numba: never split (a cohort on numpy pays a split step for every
            bend = math.inf           # man as soon as one man's step bends: 200 men 1.0 -> 1.7-1.8 s over 2 years)
    calm = 0.0 if resolution == "cohort" else stepper.STEADY   # two steps as one where steady: never at the cohort
    # resolution (without Numba it never splits, so a doubled step would go unchecked: LH 0.6 % off, review18)
    args = (P, _gains_kept(gains, p, h, split, frozen, patient.n), "gnrh" not in frozen, h, split, drugs, split_drugs,
            u0, s0, bend, calm, len(drugs) + 1)
    stored = jit.ENABLED and (cohort or sub == 1)    # every step is reported: the kernel writes the Result's states
    if stored:
        u_hist, state_hist = stepper.run_compiled(*args, out=_state_rows(store, patient.n, len(drugs) + 1))
    else:
        run = stepper.run_compiled if jit.ENABLED else stepper.run_scalar if patient.n == 1 else stepper.run_numpy
        u_hist, state_hist = run(*args)
        if not cohort:
            u_hist, state_hist = u_hist[..., ::sub], state_hist[..., ::sub]
        gnrh, relaxing = _state_rows(store, patient.n, u_hist.shape[-1])
        gnrh[...], relaxing[...] = u_hist, state_hist.transpose(1, 0, 2)
    return _assemble(regimen, patient, pc, P, inputs, dt, u_hist, state_hist, untreated, store, wanted)


def _state_rows(store, n, points):
    """The store's rows for GnRH (men, points) and the other slow states (men, states, points)."""
    return store("states", "gnrh", (n, points)), store("states", states.RELAXING, (n, len(states.RELAXING), points))


def _gains_kept(gains, p, step, split, frozen, n):
    """_gains for this step and for its split, and the gain over two steps, stacked (5, states, men), kept in the man's (or men's) dict of
    gains by step, split and switches (a page's every run reads them)."""
    key = (step, split, frozenset(frozen))
    if key not in gains:
        gains[key] = np.stack([*_gains(p, step, frozen, n), *_gains(p, step / split, frozen, n),
                               _gains(p, 2 * step, frozen, n)[0]])
    return gains[key]


class _Inputs:
    """What a run reads from its regimen, the same for every man: the reporting grid t, the number of steps,
    the drug inputs over the steps' intervals (drugs: a row an interval) and at the fine grid's points
    (fine_drugs: a row a point), and each drug's concentration at t (exposure). All read-only: every run of the
    regimen reads them, and the kernels take them as they are (warm_up compiles them read-only)."""

    def __init__(self, regimen, days, dt, sub, refine):
        self.t = np.arange(0.0, days + dt / 2, dt)
        steps = np.linspace(0.0, self.t[-1], (len(self.t) - 1) * sub + 1) if sub > 1 else self.t
        self.n_steps = len(steps)
        self.drugs = np.ascontiguousarray(_drug_inputs(regimen, steps, days).T)         # over [t_k, t_k+1]
        self.refine = refine
        self.fine_t = np.linspace(0.0, self.t[-1], (len(self.t) - 1) * refine + 1)
        self.fine_drugs = np.ascontiguousarray(_drug_inputs(regimen, self.fine_t, days, at_points=True).T)
        self.exposure = {f"{a}:{label}" if len(AGENTS[a].components) > 1 else a: conc
                         for (a, label), conc in agent_exposure(regimen, self.t, days).items()}
        for shared in (self.t, self.drugs, self.fine_drugs):
            shared.flags.writeable = False
        self._regimen, self._days, self._made = regimen, days, {}

    def _over(self, grid):
        """The drug inputs over the intervals of a grid from 0 to t[-1] with `grid` points, made on first use."""
        if grid not in self._made:
            made = np.ascontiguousarray(_drug_inputs(self._regimen, np.linspace(0.0, self.t[-1], grid), self._days).T)
            made.flags.writeable = False
            self._made[grid] = made
        return self._made[grid]

    def reported_drugs(self):
        """Over the reported intervals (the cohort resolution's steps)."""
        return self._over(len(self.t))

    def split_drugs(self):
        """Over the steps split in stepper.SPLIT (where GnRH bends)."""
        return self._over((self.n_steps - 1) * stepper.SPLIT + 1)


INPUTS_KEPT = 64
_INPUTS: dict = {}


def _regimen_inputs(regimen, days, dt, sub, refine):
    """The run's _Inputs, kept by everything they are computed from (the courses, their agents' components
    with their PK parameters, the drug parameters, the run's length and grid): a page that reruns a regimen
    for other men, or the same man again, pays one lookup instead of ~0.15 ms of pk's per-course lookups."""
    key = (tuple(regimen.courses), tuple(AGENTS[c.agent].components for c in regimen.courses),
           tuple((name, param.value) for name, param in DRUGS.items()), days, dt, sub, refine)
    if key not in _INPUTS:
        if len(_INPUTS) >= INPUTS_KEPT:
            _INPUTS.clear()
        _INPUTS[key] = _Inputs(regimen, days, dt, sub, refine)
    return _INPUTS[key]


def _gains(p, dt, frozen, n):
    """The share of the way to its target each relaxing state moves in a step, and in half of one (0 when
    it is switched off): arrays (states, men)."""
    rates = states.rates(p)
    decay = np.empty((len(states.RELAXING), n))
    for row, k in enumerate(states.RELAXING):
        decay[row] = 1.0 if k in frozen else np.exp(-np.asarray(rates[k], float) * dt)
    return 1.0 - decay, 1.0 - decay ** 0.5


def _assemble(regimen, patient, pc, P, inputs, dt, u_hist, state_hist, untreated, store, wanted):
    """The wanted series: fast hormones at exact drug levels on a finer grid (slow states interpolated),
    sperm filtered from the support on that grid, then every series on the step grid, each written into the
    store's rows (a chunk's rows of a whole cohort's arrays), scaled there in place."""
    fine = hormones_compiled if jit.ENABLED else hormones_numpy
    k = inputs.refine
    picked = tuple(name for name in REPORTED if name in wanted)
    hormones = store("series", picked, (len(u_hist), len(picked), len(inputs.t)))
    rows = np.array([REPORTED.index(name) for name in picked], dtype=np.intp)
    # At the cohort resolution the sperm filter (~64 days) reads the supports at every other point (and the last),
    # each point between on the line between its neighbours, whatever series are asked for; a run that asks for no
    # hormone computes only those points. Recovery times and shares stay within test_cohort_resolution's bounds
    # (500 men, its four scenarios: one share moved 0.3 points, no median moved).
    thin = k == 1
    every = 2 if thin and not picked else 1
    support, androgen = fine(P, u_hist, state_hist, inputs.fine_drugs, k, rows, hormones, every)
    if thin:
        fill_between(support), fill_between(androgen)
    rel = {}
    if "germ_cell_support" in wanted:
        rel["germ_cell_support"] = support[:, ::k]
    if "sperm" in wanted:
        rel["sperm"] = sperm.sperm_pipeline(support, androgen, dt / k, pc, *untreated)[:, ::k]
    if "LH_reserve" in wanted:
        rel["LH_reserve"] = state_hist[axis.RESERVE]
    for q, name in enumerate(picked):
        _scale(hormones[:, q], pc, name, hormones[:, q])
    for name, values in rel.items():
        _scale(values, pc, name, store("series", name, values.shape))
    one = isinstance(patient, Patient)
    return Result(inputs.t, store.named("series", one), dict(UNITS), regimen, patient, dict(inputs.exposure),
                  store.named("states", one), dt)


def _scale(relative, pc, name, out):
    """A series in its units (the man's own scale), never below zero, written into out (every series is (men,
    steps) already)."""
    np.multiply(relative, getattr(pc, SCALES[name]) if name in SCALES else 1.0, out=out)
    np.maximum(out, 0.0, out=out)


def _as_columns(ns):
    """Parameters shaped (patients, 1) so they broadcast against (patients, time) arrays."""
    return type(ns)(**{k: (np.asarray(v, float).reshape(-1, 1) if np.ndim(v) else v) for k, v in vars(ns).items()})


def warm_up():
    """Compile the kernels (or load them from the disk cache) by running them on one man over no steps, with
    the argument types a simulation passes: the first simulation then does not wait for the compiler.
    engine.py starts it in a background thread on import."""
    n_states, n_effects = len(states.RELAXING), len(EFFECTS)
    P = np.ones((1, len(axis.PARAMS)))
    drugs = np.zeros((1, n_effects))
    drugs.flags.writeable = False                           # as a run's _Inputs hand them over
    stepper.warm_up(P, drugs)
    _steady_men(P, np.ones(n_states), np.zeros(n_effects), np.empty(1), np.empty((1, n_states)),
                np.empty((1, len(axis.FIELDS))), 0, 0)
    fine_men(P, np.zeros((1, 1)), np.ones((1, n_states, 1)), drugs[:0], OUTPUT_REFINE, np.arange(len(REPORTED)),
              np.empty((1, len(REPORTED), 1)), np.empty((1, 0)), np.empty((1, 0)), 1, 0, 1)
    sperm.warm_up()


if jit.ENABLED:
    threading.Thread(target=warm_up, name="hpgviz kernel warm-up", daemon=True).start()

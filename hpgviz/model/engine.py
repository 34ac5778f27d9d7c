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

import numpy as np

from . import axis, sperm, states
from .agents import AGENTS, EFFECTS
from .pk import effects
from .pk import exposure as agent_exposure
from .patient import Cohort, Patient
from .regimen import MAX_DAY, Regimen, check_number

UNITS = {"T": "ng/dL", "LH": "IU/L", "FSH": "IU/L", "E2": "pg/mL", "ITT": "nmol/L", "inhibin_B": "pg/mL",
         "sperm": "million/mL", "GnRH": "relative", "LH_reserve": "relative", "T_endogenous": "ng/dL",
         "germ_cell_support": "relative", "testis_volume": "mL"}
SCALES = {"T": "T_base", "T_endogenous": "T_base", "LH": "LH_base", "FSH": "FSH_base", "E2": "E2_base",
          "ITT": "ITT_base", "inhibin_B": "inhibin_B_base", "sperm": "sperm_base",
          "testis_volume": "testis_volume_base"}


class Result:
    """Simulated series on a common time grid: ``res.t`` (days), ``res["LH"]``, ``res.units["LH"]``.

    A series has shape (len(t),) for one Patient and (n, len(t)) for a Cohort. ``res.exposure`` holds
    each drug's concentration at each reported point (units in ``res.exposure_units``);
    ``res.states`` the slow states."""

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


def _drug_inputs(regimen, grid, days, p, at_points=False):
    """The drug inputs of axis.fast (interval means, or point values), per patient: exogenous T in units
    of the patient's set point and scaled by his clearance, the other effect signals, and a
    non-aromatisable androgen in units of the patient's set point."""
    e = effects(regimen, grid, days, at_points)
    column = lambda v: np.reshape(np.asarray(v, dtype=float), (-1, 1))      # noqa: E731
    x_exo = e["T_exo"][None, :] / column(p.T_base * p.clearance_factor)    # (patients, intervals)
    androgen = e["androgen_exo"][None, :] / column(p.T_base) + 0.0 * x_exo
    return [x_exo, *[np.broadcast_to(e[k][None, :], x_exo.shape) for k in EFFECTS[1:-1]], androgen]


def _resting_targets_fixed_point(ax, u, s, drug):
    """Relax the slow states onto their targets at fixed GnRH (the slow loops contract fast)."""
    for _ in range(200):
        new = states.in_order(ax.targets(ax.fast(u, s, drug), s, settle=True))
        moved = max(float(np.max(np.abs(a - b))) for a, b in zip(new, s))
        s = new
        if moved < 1e-14:
            break
    return s


def _settled_fast(ax, u, s, drug):
    """The fast hormones with the Leydig cells' induced enzymes already matching their stimulation (which
    does not depend on them): the GnRH search then sees the whole of T's answer, not its acute share."""
    f = ax.fast(u, s, drug)
    s = list(s)
    s[axis.STEROIDOGENESIS] = f["leydig_stimulation"]
    return ax.fast(u, s, drug)


def steady_state(p, c, n):
    """Untreated steady state, vectorised over n patients: GnRH state u, the other slow states (a list in
    states.RELAXING order),
    and the fast hormones there (dict). The GnRH controller rests where du/dt = 0 (du/dt falls as u
    rises); found by bisection."""
    ax = axis.make_axis(p, c, np)
    zero, one = np.zeros(n), np.ones(n)
    drug = (zero,) * len(EFFECTS)
    s = [state.resting * one for state in states.STATES[1:]]        # a first guess, in states.RELAXING order
    u, width, moved = zero, 60.0, 60.0
    for _ in range(50):
        # bisection on GnRH: the whole range first, then a bracket around the last answer
        lo, hi = u - width, u + width
        for _ in range(int(np.ceil(np.log2(2 * width / 1e-13)))):
            mid = (lo + hi) / 2
            push = ax.gnrh_rate(mid, _settled_fast(ax, mid, s, drug))[0]
            lo, hi = np.where(push > 0, mid, lo), np.where(push > 0, hi, mid)
        u_new = (lo + hi) / 2
        s_new = _resting_targets_fixed_point(ax, u_new, s, drug)
        moved = max(float(np.max(np.abs(u_new - u))), *(float(np.max(np.abs(a - b))) for a, b in zip(s_new, s)))
        u, s = u_new, s_new
        if moved < 1e-12:
            break
        width = min(60.0, max(8.0 * moved, 1e-9))
    return u, s, ax.fast(u, s, drug)


_STEADY_CACHE: dict = {}


def _steady_key(patient):
    """A man's or a cohort's parameter values as a hashable key (a cohort's arrays by their bytes)."""
    return (patient.n, tuple(sorted((name, np.asarray(value, float).tobytes())
                                    for name, value in patient.values.items())))


def _cached_steady_state(patient, p, c):
    """Steady states cached by the parameter values of the man or the men: a page that reruns the same
    cohort under another regimen (every move of a cohort explorer) does not search it again."""
    key = _steady_key(patient)
    if key not in _STEADY_CACHE:
        _STEADY_CACHE.clear() if len(_STEADY_CACHE) > 256 else None
        _STEADY_CACHE[key] = steady_state(p, c, patient.n)
    return _STEADY_CACHE[key]


def simulate(regimen: Regimen | None = None, days: float = 730, patient=None, dt: float = 0.5,
             switches: dict | None = None) -> Result:
    """Simulate the axis under a regimen for `days` days (grid step dt days, default half a day).

    ``switches`` turns slow states off for teaching ({"gnrh": False} holds GnRH output at its set point);
    see states.STATES for the names."""
    regimen, days, patient, dt = _check_inputs(regimen, days, patient, dt)
    frozen = {name for name, on in states.check_switches(switches).items() if not on}
    if patient.n > CHUNK:
        return _in_chunks(regimen, days, patient, dt, frozen)
    return _simulate(regimen, days, patient, dt, frozen)


CHUNK = 500     # men simulated together: big cohorts run in chunks so memory stays ~0.5 GB whatever n is


def _in_chunks(regimen, days, cohort, dt, frozen):
    parts = [_simulate(regimen, days, cohort.part(lo, min(lo + CHUNK, cohort.n)), dt, frozen)
             for lo in range(0, cohort.n, CHUNK)]
    first = parts[0]
    series = {name: np.concatenate([r[name] for r in parts]) for name in first.names}
    slow = {name: np.concatenate([r.states[name] for r in parts]) for name in first.states}
    return Result(first.t, series, first.units, regimen, cohort, first.exposure, slow, dt)


def _simulate(regimen, days, patient, dt, frozen):
    p = patient.namespace()
    c = axis.derived(p)
    t = np.arange(0.0, days + dt / 2, dt)
    step_inputs = _drug_inputs(regimen, t, days, p)                       # over [t_k, t_k+1]
    u0, s0, fast0 = _cached_steady_state(patient, p, c)
    run = _run_single if isinstance(patient, Patient) else _run_vector
    u_hist, state_hist = run(p, c, step_inputs, u0, s0, dt, len(t), frozen)
    pc = _as_columns(p)
    col = lambda a: np.reshape(a, (-1, 1))
    untreated = (col(axis.germ_cell_input(fast0, s0, p)),
                 col(fast0["androgen_support"]))
    return _assemble(regimen, patient, pc, c, t, dt, days, u_hist, state_hist, untreated)


def _phi1(x, xp):
    """(e^x - 1) / x, the exponential integrator's weight (1 at x = 0), on arrays."""
    safe = np.where(x == 0.0, 1.0, x)
    return np.where(x == 0.0, 1.0, np.expm1(safe) / safe)


def make_stepper(p, c, dt, xp, frozen=frozenset()):
    """One step of the slow states. The fast hormones are computed with GnRH extrapolated to the middle
    of the step from the previous step (and, where a state in the T loop moves, that state halfway along
    its decay); GnRH then moves by an exponential step with its local slope (exact for its linearisation),
    and every other state moves exactly along its own decay towards its target: second order overall
    (tests/model/test_reference.py bounds the error). A state switched off stays where it is."""
    ax = axis.make_axis(p, c, xp)
    exp = math.exp if xp is math else np.exp
    rates = states.rates(p)
    decay = [1.0 if k in frozen else exp(-xp.asarray(rates[k]) * dt if xp is np else -rates[k] * dt)
             for k in states.RELAXING]
    # the share of the way to its target a state moves in a step (and in half of one): 0 when it is off
    gain = [1.0 - d for d in decay]
    half_gain = [1.0 - d ** 0.5 for d in decay]
    gnrh_on = "gnrh" not in frozen
    scalar = xp is math
    any_of = bool if scalar else np.any

    desens_p, desens_l, steroid, reserve, flare = LOOP_STATES
    hp, hl, hs, hr, hf = (half_gain[k] for k in LOOP_STATES)

    def moving(target, s, drug):
        """Which men have a state in the T loop that moves by more than 1e-4 (a 0.01 % change of its output)
        within half a step? The reserve and the flare count only while gonadorelin is given. A bool for one
        man, a mask for a cohort (each man decides for himself, so a man's run never depends on his cohort).
        (Unrolled: this runs every step.)"""
        moves = ((abs((target[desens_p] - s[desens_p]) * hp) > 1e-4)
                 | (abs((target[desens_l] - s[desens_l]) * hl) > 1e-4)
                 | (abs((target[steroid] - s[steroid]) * hs) > 1e-4))
        if any_of(drug[4]) or any_of(drug[5]):
            moves = (moves | (abs((target[reserve] - s[reserve]) * hr) > 1e-4)
                     | (abs((target[flare] - s[flare]) * hf) > 1e-4))
        return moves

    def step(u, s, u_prev, drug):
        u_mid = 1.5 * u - 0.5 * u_prev
        f = ax.fast(u_mid, s, drug)
        target = states.in_order(ax.targets(f, s))
        # When a state inside the T loop moves within the step (desensitisation, the Leydig cells' induced
        # enzymes; the reserve and flare while gonadorelin is given), the hormones are taken again halfway
        # along its decay: second order there too. Elsewhere one evaluation is exact enough.
        moves = moving(target, s, drug)
        if any_of(moves):
            mid = [x + (tg - x) * g for tg, x, g in zip(target, s, half_gain)]
            f_mid = ax.fast(u_mid, mid, drug)
            target_mid = states.in_order(ax.targets(f_mid, mid))
            if scalar:
                f, target = f_mid, target_mid
            else:       # only the men whose states move take the midpoint (what gnrh_rate reads, and the targets)
                f = {k: np.where(moves, f_mid[k], f[k]) for k in ("error", "d_error_du", "beyond_limit",
                                                                         "androgen_deficit", "d_deficit_du")}
                target = [np.where(moves, a, b) for a, b in zip(target_mid, target)]
        new = [x + (tg - x) * g for tg, x, g in zip(target, s, gain)]
        if gnrh_on:
            rate, slope = ax.gnrh_rate(u_mid, f)
            # the rate at the step's start, from the one at the middle and the local slope (second order)
            x = slope * dt
            weight = (math.expm1(x) / x if x else 1.0) if scalar else _phi1(x, xp)
            u = u + dt * weight * (rate + slope * (u - u_mid))
        return u, new

    return step


def _run_single(p, c, inputs, u0, s0, dt, nt, frozen):
    """The stepper on Python floats: one patient, ~20x faster than numpy on 1-element arrays."""
    step = make_stepper(p, c, dt, math, frozen)
    drugs = list(zip(*[a[0].tolist() for a in inputs]))
    u, s = float(u0[0]), [float(v[0]) for v in s0]
    u_hist, s_hist = [u], [s]
    u_prev = u
    for drug in drugs[:nt - 1]:
        u_prev, (u, s) = u, step(u, s, u_prev, drug)
        u_hist.append(u)
        s_hist.append(s)
    return np.array(u_hist)[None, :], [row[None, :] for row in np.array(s_hist).T]


def _run_vector(p, c, inputs, u0, s0, dt, nt, frozen):
    """The same stepper on arrays of patients."""
    step = make_stepper(p, c, dt, np, frozen)
    cols = [np.ascontiguousarray(a.T) for a in inputs]                   # (intervals, patients)
    n = len(u0)
    u_hist = np.empty((nt, n))
    s_hist = np.empty((len(states.RELAXING), nt, n))
    u, s = u0, list(s0)
    u_hist[0], s_hist[:, 0] = u, s
    u_prev = u
    for i in range(nt - 1):
        u_prev, (u, s) = u, step(u, s, u_prev, tuple(col[i] for col in cols))
        u_hist[i + 1], s_hist[:, i + 1] = u, s
    return u_hist.T, list(s_hist.transpose(0, 2, 1))


# Slow states that feed back on T within a step (by index in states.RELAXING); the reserve only while
# gonadorelin is given.
LOOP_STATES = (axis.PITUITARY_DESENSITISATION, axis.LEYDIG_DESENSITISATION, axis.STEROIDOGENESIS, axis.RESERVE,
               axis.FLARE)

OUTPUT_REFINE = 2   # reported hormones are computed on a 2x finer grid: the germ-cell support swings
                    # within a day after each injection, and the sperm pipeline integrates it


FINE_SERIES = ("T", "LH", "FSH", "E2", "ITT", "inhibin_B", "testis_volume", "GnRH", "T_endogenous",
               "germ_cell_support", "androgen_support")
ASSEMBLE_BLOCK = 256      # grid points per block when the reported hormones are computed


def _assemble(regimen, patient, pc, c, t, dt, days, u_hist, state_hist, untreated):
    """Reported series: fast hormones at exact drug levels on a finer grid (slow states interpolated),
    sperm filtered from the support on that grid, then every series on the step grid."""
    cc = _as_columns(c)
    ax = axis.make_axis(pc, cc, np)
    fine_t = np.linspace(0.0, t[-1], (len(t) - 1) * OUTPUT_REFINE + 1)
    drug = tuple(_drug_inputs(regimen, fine_t, days, pc, at_points=True))
    s = [_refine(v) for v in state_hist]
    u = _refine(u_hist)
    out = {name: np.empty(u.shape) for name in FINE_SERIES}
    # The hormones in blocks of time, so each block's temporaries stay in the processor's cache (several
    # times faster for a cohort than one pass over the whole grid)
    for a in range(0, u.shape[1], ASSEMBLE_BLOCK):
        cols = slice(a, a + ASSEMBLE_BLOCK)
        block = [x[:, cols] for x in s]
        f = ax.fast(u[:, cols], block, tuple(d[:, cols] for d in drug))
        f["germ_cell_support"] = axis.germ_cell_input(f, block, pc)
        for name in FINE_SERIES:
            out[name][:, cols] = f[name]
    rel = {name: out[name] for name in ("T", "LH", "FSH", "E2", "ITT", "inhibin_B", "testis_volume", "GnRH",
                                         "T_endogenous", "germ_cell_support")}
    rel.update(sperm=sperm.sperm_pipeline(out["germ_cell_support"], out["androgen_support"], dt / OUTPUT_REFINE,
                                          pc, *untreated),
               LH_reserve=s[axis.RESERVE])
    one = isinstance(patient, Patient)
    series = {}
    for name, values in rel.items():
        scale = getattr(pc, SCALES[name]) if name in SCALES else 1.0
        values = np.maximum(np.broadcast_to(values * scale, u.shape), 0.0)[:, ::OUTPUT_REFINE]
        series[name] = values[0] if one else values
    exposure = {f"{a}:{label}" if len(AGENTS[a].components) > 1 else a: conc
                for (a, label), conc in agent_exposure(regimen, t, days).items()}
    slow = {"gnrh": u_hist, **dict(zip(states.RELAXING, state_hist))}
    slow = {name: (slow[name][0] if one else slow[name]) for name in states.NAMES}
    return Result(t, series, dict(UNITS), regimen, patient, exposure, slow, dt)


def _refine(coarse):
    """Linear interpolation of (patients, steps) onto the OUTPUT_REFINE times finer grid."""
    k = OUTPUT_REFINE
    fine = np.empty((coarse.shape[0], (coarse.shape[1] - 1) * k + 1))
    for j in range(k):
        fine[:, j:-1:k] = coarse[:, :-1] + (coarse[:, 1:] - coarse[:, :-1]) * (j / k)
    fine[:, -1] = coarse[:, -1]
    return fine


def _as_columns(ns):
    """Parameters shaped (patients, 1) so they broadcast against (patients, time) arrays."""
    return type(ns)(**{k: (np.asarray(v, float).reshape(-1, 1) if np.ndim(v) else v) for k, v in vars(ns).items()})

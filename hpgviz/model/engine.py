"""The time stepper and its Result.

Drug effects come in closed form as means over each step (agents.effects). The stepper then walks
the slow states forward: at each step it solves the fast hormone loop at QSS with the drug inputs
of the coming interval, and moves every slow state exactly along its own exponential decay towards
its current target (an exponential integrator: stable at any step, so the step is chosen for what a
reader looks at, not for the fastest hormone). Afterwards every reported series is computed at the
grid points in one vectorised pass, and the sperm pipeline is filtered over the whole run.
"""
from __future__ import annotations

import math

import numpy as np

from . import axis as phys
from . import sperm
from .agents import AGENTS
from .pk import effects
from .pk import exposure as agent_exposure
from .patient import Cohort, Patient
from .regimen import MAX_DAY, Regimen, check_number

UNITS = {"T": "ng/dL", "LH": "IU/L", "FSH": "IU/L", "E2": "pg/mL", "ITT": "nmol/L", "inhibin_B": "pg/mL",
         "sperm": "million/mL", "GnRH": "relative", "LH_reserve": "relative", "T_endogenous": "ng/dL",
         "germ_cell_support": "relative"}
SCALES = {"T": "T_base", "T_endogenous": "T_base", "LH": "LH_base", "FSH": "FSH_base", "E2": "E2_base",
          "ITT": "ITT_base", "inhibin_B": "inhibin_B_base", "sperm": "sperm_base"}
NEWTON_STEPS_IN_LOOP = 60      # at most; it stops on convergence (usually 2-3 from the last step's root)
NEWTON_STEPS_COLD = 100        # at most, from a cold start


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
        """Value of a series at (the grid point nearest to) a day."""
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
    """Effect signals (interval means, or point values), as the five loop inputs plus the continuous
    GnRH exposure; exogenous T in units of the patient's set point and scaled by his clearance."""
    e = effects(regimen, grid, days, at_points)
    scale = np.reshape(np.asarray(p.T_base * p.clearance_factor, dtype=float), (-1, 1))
    x_exo = e["T_exo"][None, :] / scale                  # (patients, intervals)
    rest = [np.broadcast_to(e[k][None, :], x_exo.shape) for k in
            ("ER_block", "aromatase_inhibition", "hcg_LH", "gnrh_agonist", "gnrh_continuous")]
    return [x_exo, *rest]


def steady_state(p, c, n):
    """Untreated steady state: endogenous T, the slow states, and ITT and FSH (relative), vectorised.

    A fixed-point iteration between the fast loop and the slow states' targets; it contracts
    quickly (the slow loops have low gain) and stops when nothing moves by more than 1e-13."""
    solve, hormones, targets, _ = phys.make_axis(p, c, np)
    zero = np.zeros(n)
    z, state, drug = np.ones(n), [np.asarray(p.T_base, float) / 100 * np.ones(n), np.ones(n), np.ones(n),
                                  zero, zero], (zero,) * 5
    for i in range(200):
        z = solve(z, drug, state, NEWTON_STEPS_COLD)
        T, _, _, _, fsh, _, L_eff = hormones(z, drug, state)
        new = list(targets(T, fsh, L_eff, state[0], zero))
        moved = max(float(np.max(np.abs(a - b))) for a, b in zip(new, state))
        state = new
        if moved < 1e-13:
            break
    return z, state, phys.itt(T, z, c), fsh


_STEADY_CACHE: dict = {}


def _cached_steady_state(patient, p, c):
    """Steady states of single patients are cached by their parameter values (cohorts are not)."""
    if patient.n > 1:
        return steady_state(p, c, patient.n)
    key = tuple(sorted(patient.values.items()))
    if key not in _STEADY_CACHE:
        _STEADY_CACHE.clear() if len(_STEADY_CACHE) > 256 else None
        _STEADY_CACHE[key] = steady_state(p, c, 1)
    return _STEADY_CACHE[key]


def simulate(regimen: Regimen | None = None, days: float = 730, patient=None, dt: float = 0.5) -> Result:
    """Simulate the axis under a regimen for `days` days (grid step dt days, default half a day)."""
    regimen, days, patient, dt = _check_inputs(regimen, days, patient, dt)
    p = patient.namespace()
    c = phys.derived(p)
    t = np.arange(0.0, days + dt / 2, dt)
    step_inputs = _drug_inputs(regimen, t, days, p)                       # over [t_k, t_k+1]
    z0, s0, itt0, fsh0 = _cached_steady_state(patient, p, c)
    run = _run_single if patient.n == 1 else _run_vector
    z_hist, state_hist = run(p, c, step_inputs, z0, s0, dt, len(t))
    untreated_support = sperm.germ_cell_support(np.reshape(itt0, (-1, 1)), np.reshape(fsh0, (-1, 1)),
                                               _as_columns(p))
    return _assemble(regimen, patient, p, c, t, dt, days, z_hist, state_hist, untreated_support)


def make_stepper(p, c, dt, xp):
    """One step of the slow states. The fast loop is solved with the coming interval's drug inputs
    and the slow states extrapolated to the middle of the interval from the previous step (second
    order, stable for rate*dt << 1, which holds for every slow state at dt <= 2 days); then each slow
    state moves exactly along its own decay towards its target (the reserve towards the mean of its
    targets at both ends of the step, since effect-site T moves within the step)."""
    solve, hormones, targets, reserve = phys.make_axis(p, c, xp)
    d0, d1, d2, d3, d4 = [xp.exp(-xp.asarray(r) * dt) if xp is np else math.exp(-r * dt)
                          for r in phys.slow_rates(p)]

    def step(z, state, previous, drug, gnrh_continuous):
        Ce, R, S, Dp, Dl = state
        mid = (Ce, 1.5 * R - 0.5 * previous[1], 1.5 * S - 0.5 * previous[2], 1.5 * Dp - 0.5 * previous[3],
               1.5 * Dl - 0.5 * previous[4])
        z = solve(z, drug, mid, NEWTON_STEPS_IN_LOOP)
        t, _, _, _, fsh, _, L_eff = hormones(z, drug, mid)
        tCe, tR, tS, tDp, tDl = targets(t, fsh, L_eff, Ce, gnrh_continuous)
        Ce_new = tCe + (Ce - tCe) * d0
        tR = (tR + reserve(Ce_new)) / 2
        return z, (Ce_new, tR + (R - tR) * d1, tS + (S - tS) * d2, tDp + (Dp - tDp) * d3,
                   tDl + (Dl - tDl) * d4)

    return step


def _run_single(p, c, inputs, z0, s0, dt, nt):
    """The stepper on Python floats: one patient, ~20x faster than numpy on 1-element arrays."""
    step = make_stepper(p, c, dt, math)
    x, erb, ai, hcg, gadd, gcont = [a[0].tolist() for a in inputs]
    z, state = float(z0[0]), tuple(float(s[0]) for s in s0)
    z_hist, hist = [z], [state]
    for k in range(nt - 1):
        z, state = step(z, state, hist[k - 1] if k else state, (x[k], erb[k], ai[k], hcg[k], gadd[k]),
                        gcont[k])
        z_hist.append(z)
        hist.append(state)
    return np.array(z_hist)[None, :], np.array(hist).T[:, None, :]


def _run_vector(p, c, inputs, z0, s0, dt, nt):
    """The same stepper on arrays of patients."""
    step = make_stepper(p, c, dt, np)
    cols = [np.ascontiguousarray(a.T) for a in inputs]                   # (intervals, patients)
    z, state = z0, tuple(s0)
    z_hist, hist = np.empty((nt, len(z0))), np.empty((len(s0), nt, len(z0)))
    z_hist[0], hist[:, 0] = z, state
    previous = state
    for k in range(nt - 1):
        z, new = step(z, state, previous, tuple(col[k] for col in cols[:5]), cols[5][k])
        previous, state = state, new
        z_hist[k + 1], hist[:, k + 1] = z, state
    return z_hist.T, hist.transpose(0, 2, 1)


OUTPUT_REFINE = 2   # reported hormones are solved on a 2x finer grid: the germ-cell support swings
                    # within a day after each injection, and the sperm pipeline integrates it


def _assemble(regimen, patient, p, c, t, dt, days, z_hist, state_hist, untreated):
    """Reported series: fast hormones re-solved at exact drug levels on a finer grid (slow states
    interpolated), sperm filtered from the support on that grid, then every series on the step grid."""
    pc, cc = _as_columns(p), _as_columns(c)
    solve, hormones, _, _ = phys.make_axis(pc, cc, np)
    fine_t = np.linspace(0.0, t[-1], (len(t) - 1) * OUTPUT_REFINE + 1)
    refine = lambda a: np.stack([np.interp(fine_t, t, row) for row in a])
    drug = tuple(_drug_inputs(regimen, fine_t, days, p, at_points=True)[:5])
    state = [refine(s) for s in state_hist]
    z = solve(refine(z_hist), drug, state, NEWTON_STEPS_COLD)
    T, E2, GnRH, LH, FSH, inhibin, _ = hormones(z, drug, state)
    ITT = phys.itt(T, z, cc)
    support = np.broadcast_to(sperm.germ_cell_support(ITT, FSH, pc), z.shape).copy()
    # the pipeline starts full at the untreated level (day 0 may already carry a dose)
    rel = {"T": T, "LH": LH, "FSH": FSH, "E2": E2, "ITT": ITT, "inhibin_B": inhibin,
           "sperm": sperm.sperm_pipeline(support, dt / OUTPUT_REFINE, p, untreated), "GnRH": GnRH,
           "LH_reserve": state[1], "T_endogenous": z, "germ_cell_support": support}
    series = {}
    for name, values in rel.items():
        scale = getattr(pc, SCALES[name]) if name in SCALES else 1.0
        values = np.maximum(np.broadcast_to(values * scale, z.shape), 0.0)[:, ::OUTPUT_REFINE]
        series[name] = values[0] if patient.n == 1 else values
    exposure = {f"{a}:{label}" if len(AGENTS[a].components) > 1 else a: conc
                for (a, label), conc in agent_exposure(regimen, t, days).items()}
    states = {nm: (s[0] if patient.n == 1 else s) for nm, s in zip(phys.STATE_NAMES, state_hist)}
    return Result(t, series, dict(UNITS), regimen, patient, exposure, states, dt)


def _as_columns(ns):
    """Parameters shaped (patients, 1) so they broadcast against (patients, time) arrays."""
    return type(ns)(**{k: (np.asarray(v, float).reshape(-1, 1) if np.ndim(v) else v) for k, v in vars(ns).items()})

"""The model as one readable system of ordinary differential equations, integrated by LSODA.

This is the same physiology the stepper (engine.py) computes, written as a plain right-hand side: the
slow states of states.py, then the germ cells passing the spermatogenic stages and the epididymis. The
engine's accuracy is measured against it (tests/model/test_reference.py, benchmarks/), and the academic tier
renders these equations. Slow by design: clarity first.

    du/dt      = -k_int * error - k_leak(u) * u - k_bound * (u - clip(u))      GnRH controller
    dx/dt      = rate_x * (target_x - x)          every other slow state (axis.targets)
    dg_0/dt    = k_s * (support - g_0) - loss * g_0                            germ cells, stage 0
    dg_i/dt    = k_s * (g_(i-1) - g_i) - loss * g_i                            stages 1..N-1
    de_1/dt    = k_e * (g_(N-1) - e_1),  de_2/dt = k_e * (e_1 - e_2)           epididymis; sperm = e_2
    k_s = N / spermatogenesis_days,  k_e = 2 / epididymal_days,  loss = germ_cell_loss_rate * (1 - androgen)
    support and androgen read the testis's own T (Leydig output), not the serum T that reaches the tubules
"""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from . import axis, states
from .engine import SCALES, _drug_inputs, steady_state
from .patient import Patient

SERIES = ("T", "LH", "FSH", "E2", "inhibin_B", "ITT", "testis_volume", "sperm")
DRUG_GRID_DAYS = 0.01      # drug levels are read from this grid (the SERM effect site needs its history)


def slow_rates(P, rates, gnrh_on, u, s, drug, f, target, out):
    """The slow states' derivatives into out (GnRH first, then states.RELAXING order) and the fast hormones
    into f, from the same axis functions the stepper reads; rates: each relaxing state's rate (0 when off).
    Not compiled: calling a compiled version once per right-hand side measured slower (190 days of TRT then
    stop: 21 s against 6.7 s, on a busy machine)."""
    f = axis.fast(P, u, s, drug, f)
    out[0] = axis.gnrh_rate(P, u, f)[0] if gnrh_on else 0.0
    target = axis.targets(P, f, s, target, False)
    for k in range(len(s)):
        out[1 + k] = rates[k] * (target[k] - s[k])
    return axis.germ_cell_input(P, f, s)


def right_hand_side(p, c, drug_at, frozen=frozenset()):
    """f(t, y) for y = [u, the relaxing slow states (states.RELAXING order), germ stages, epididymis]."""
    # one man's floats and lists, as stepper.run_scalar runs them (several times faster than numpy scalars)
    P = axis.bind(p, c)[:, 0].tolist()
    rates = [0.0 if k in frozen else float(rate) for k, rate in states.rates(p).items() if k in states.RELAXING]
    n_states = len(states.RELAXING)
    stages = int(p.spermatogenesis_stages)
    k_s, k_e = stages / p.spermatogenesis_days, 2.0 / p.epididymal_days
    f, target = [0.0] * len(axis.FIELDS), [0.0] * n_states

    dy = np.empty(1 + n_states + stages + 2)
    germ_at = slice(1 + n_states, 1 + n_states + stages)

    def rhs(t, y):
        support = slow_rates(P, rates, "gnrh" not in frozen, float(y[0]), y[1:1 + n_states].tolist(),
                             drug_at(t).tolist(), f, target, dy)
        germ, epi = y[germ_at], y[-2:]
        loss = p.germ_cell_loss_rate * max(0.0, 1.0 - f[axis.F_ANDROGEN_SUPPORT])
        dy[germ_at.start] = k_s * (support - germ[0]) - loss * germ[0]
        dy[germ_at.start + 1:germ_at.stop] = k_s * (germ[:-1] - germ[1:]) - loss * germ[1:]
        dy[-2] = k_e * (germ[-1] - epi[0])
        dy[-1] = k_e * (epi[0] - epi[1])
        return dy.copy()

    return rhs


def _resting_pipeline(p, support, loss):
    """Germ stages and epididymis at rest under constant support and loss (closed form)."""
    stages = int(p.spermatogenesis_stages)
    k_s = stages / p.spermatogenesis_days
    ratio = k_s / (k_s + loss)
    germ = support * ratio ** np.arange(1, stages + 1)
    return np.concatenate([germ, [germ[-1], germ[-1]]])


def integrate(regimen, days, patient=None, dt=0.5, rtol=1e-8, switches=None, method="LSODA"):
    """The reference solution on the grid 0, dt, ..., days: {series: values} in the Result's units."""
    patient = patient or Patient()
    frozen = {k for k, on in states.check_switches(switches).items() if not on}
    p = patient.namespace()
    c = axis.derived(p)
    fine = np.arange(0.0, days + 2 * DRUG_GRID_DAYS, DRUG_GRID_DAYS)
    signals = _drug_inputs(regimen, fine, days, at_points=True).T

    def drug_at(t):
        """Drug inputs at time t, linear between the grid's points (a uniform grid: no search)."""
        i = min(int(t / DRUG_GRID_DAYS), len(signals) - 2)
        w = t / DRUG_GRID_DAYS - i
        return signals[i] + w * (signals[i + 1] - signals[i])

    P = axis.bind(p, c)
    u0, s0, f0 = steady_state(P)
    support0 = float(axis.germ_cell_input(P, f0, s0)[0])
    loss0 = p.germ_cell_loss_rate * max(0.0, 1.0 - float(f0[axis.F_ANDROGEN_SUPPORT][0]))
    y0 = np.concatenate([[u0[0]], s0[:, 0], _resting_pipeline(p, support0, loss0)])
    t_eval = np.arange(0.0, days + dt / 2, dt)
    sol = solve_ivp(right_hand_side(p, c, drug_at, frozen), (0.0, t_eval[-1]), y0, method=method,
                    t_eval=t_eval, rtol=rtol, atol=1e-12, max_step=0.25)
    if not sol.success:
        raise RuntimeError(f"reference integration failed: {sol.message}")
    n = len(states.RELAXING)
    f = np.empty(len(axis.FIELDS))
    out = {name: np.empty(len(t_eval)) for name in SERIES}
    for i, t in enumerate(t_eval):
        y = sol.y[:, i]
        axis.fast(P[:, 0], y[0], y[1:1 + n], drug_at(t), f)
        for name in SERIES[:-1]:
            out[name][i] = f[axis.FIELDS.index(name)]
        out["sperm"][i] = y[-1]
    return {name: values * getattr(p, SCALES[name]) for name, values in out.items()}

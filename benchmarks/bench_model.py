"""Speed and accuracy of the hpgviz stepper against a reference integration of the same equations.

The reference integrates the model's slow states *and* the sperm pipeline as one ODE system with
scipy's LSODA (rtol 1e-8), solving the fast hormone loop to convergence at every right-hand-side
call and reading drug effects as point values on a 0.01-day grid. The stepper under test uses half-day steps,
interval-mean drug effects, an exponential integrator and a filter for the sperm pipeline.

Prints figures; never fails on timing. Run: `make bench` (or python benchmarks/bench_model.py).
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hpgviz as hpg  # noqa: E402
from hpgviz.model import axis as phys
from hpgviz.model import sperm  # noqa: E402
from hpgviz.model.engine import _drug_inputs, steady_state  # noqa: E402

COMPARED = ("T", "LH", "FSH", "sperm")
# Values far below the healthy level are compared on an absolute scale: a 1 % relative error of an
# LH of 0.01 IU/L means nothing. The floor is 5 % of each series' healthy set point.
FLOOR_SHARE = 0.05


def reference(regimen, days, patient=None, dt=0.5):
    """Same equations, integrated by LSODA; returns {series: values on the stepper's grid}."""
    patient = patient or hpg.Patient()
    p = patient.namespace()
    c = phys.derived(p)
    solve, hormones, targets, reserve = phys.make_axis(p, c, np)
    rates = np.array(phys.slow_rates(p))
    stages = int(p.spermatogenesis_stages)
    k_sg, k_epi = stages / p.spermatogenesis_days, 2 / p.epididymal_days
    z0, s0, _, _ = steady_state(p, c, 1)
    # Drug effects as exact point values on a fine grid (0.01 day), read by linear interpolation:
    # the SERM effect site is a filter over the whole history, so it cannot be evaluated one instant
    # at a time.
    fine = np.arange(0.0, days + 0.01, 0.01)
    signals = [a[0] for a in _drug_inputs(regimen, fine, days, p, at_points=True)]

    def drug_at(t):
        x, erb, ai, hcg, gadd, gcont = (float(np.interp(t, fine, s)) for s in signals)
        return (x, erb, ai, hcg, gadd), gcont

    z_guess = [float(z0[0])]

    def fast(t, y):
        drug, gcont = drug_at(t)
        state = tuple(y[:5])
        z = solve(np.array([z_guess[0]]), drug, state, 40)[0]
        z_guess[0] = z
        return z, drug, gcont, state

    def rhs(t, y):
        z, drug, gcont, state = fast(t, y)
        T, _, _, _, fsh, _, L_eff = hormones(z, drug, state)
        tg = list(targets(T, fsh, L_eff, y[0], gcont))
        dstate = rates * (np.array(tg) - y[:5])
        support = sperm.germ_cell_support(phys.itt(T, z, c), fsh, p)
        loss = p.germ_cell_loss_rate * max(1 - support, 0.0)
        chain = y[5:5 + stages]
        upstream = np.concatenate([[support], chain[:-1]])
        dchain = k_sg * (upstream - chain) - loss * chain
        epi = y[5 + stages:]
        depi = k_epi * (np.array([chain[-1], epi[0]]) - epi)
        return np.concatenate([dstate, dchain, depi])

    y0 = np.concatenate([[float(s[0]) for s in s0], np.ones(stages), np.ones(2)])
    grid = np.arange(0.0, days + dt / 2, dt)
    sol = solve_ivp(rhs, (0, days), y0, method="LSODA", t_eval=grid, rtol=1e-8, atol=1e-10,
                    max_step=0.5)
    out = {name: [] for name in COMPARED}
    for i, t in enumerate(sol.t):
        z, drug, _, state = fast(t, sol.y[:, i])
        T, _, _, LH, FSH, _, _ = hormones(z, drug, state)
        out["T"].append(T * p.T_base)
        out["LH"].append(LH * p.LH_base)
        out["FSH"].append(FSH * p.FSH_base)
        out["sperm"].append(sol.y[-1, i] * p.sperm_base)
    return {k: np.array(v) for k, v in out.items()}


def deviation(fast, ref, floor):
    return float(np.max(np.abs(fast - ref) / np.maximum(np.abs(ref), floor)))


def timed(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


SCENARIOS = {
    "TRT 200 mg/wk cypionate for 1 year, then stop (2 years)": hpg.Regimen(
        [hpg.Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=365)]),
    "TE 200 mg/wk 6 months, then hCG + clomiphene (2 years)": hpg.Regimen(
        [hpg.Course("testosterone_enanthate", dose=200, every_days=7, start_day=0, stop_day=182),
         hpg.Course("hcg", dose=1500, every_days=3.5, start_day=182, stop_day=270),
         hpg.Course("clomiphene", dose=25, every_days=1, start_day=210, stop_day=400)]),
}


def main():
    days = 730
    print(f"hpgviz stepper vs LSODA reference (rtol 1e-8), {days} days, one patient\n")
    for label, reg in SCENARIOS.items():
        fast = hpg.simulate(reg, days=days)
        t_fast = timed(lambda: hpg.simulate(reg, days=days), 7)
        t0 = time.perf_counter()
        ref = reference(reg, days)
        t_ref = time.perf_counter() - t0
        base = hpg.Patient().values
        devs = {k: deviation(fast[k], ref[k], FLOOR_SHARE * base[f"{k}_base"]) for k in COMPARED}
        print(f"{label}")
        print(f"  stepper {t_fast * 1e3:7.2f} ms   reference {t_ref * 1e3:8.0f} ms   ratio {t_ref / t_fast:6.0f}x")
        print("  largest relative deviation: " + ", ".join(f"{k} {v * 100:.2f} %" for k, v in devs.items()))
    cohort = hpg.Cohort(n=1000, seed=0)
    reg = next(iter(SCENARIOS.values()))
    hpg.simulate(reg, days=days, patient=cohort)
    t_cohort = timed(lambda: hpg.simulate(reg, days=days, patient=cohort), 2)
    print(f"\n1,000-patient cohort over 2 years: {t_cohort * 1e3:.0f} ms "
          f"({1000 / t_cohort:,.0f} patients/s)")
    try:
        from hpgviz.protocol_widgets import comparison_cost
        print(comparison_cost())
    except ImportError:
        pass


if __name__ == "__main__":
    main()

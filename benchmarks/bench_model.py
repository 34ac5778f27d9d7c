"""Speed and accuracy of the hpgviz stepper against a reference integration of the same equations.

The reference (hpgviz/model/reference.py) integrates the model's slow states *and* the sperm pipeline
as one ODE system with scipy's LSODA (rtol 1e-8), reading drug effects as point values on a 0.01-day
grid. The stepper under test uses half-day steps, interval-mean drug effects, an exponential integrator
and a filter for the sperm pipeline.

Prints figures; never fails on timing. Run: `make bench` (or python benchmarks/bench_model.py).
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hpgviz as hpg  # noqa: E402
from hpgviz.model import reference  # noqa: E402

COMPARED = ("T", "LH", "FSH", "sperm")
# Values far below the healthy level are compared on an absolute scale: a 1 % relative error of an
# LH of 0.01 IU/L means nothing. The floor is 5 % of each series' healthy set point.
FLOOR_SHARE = 0.05


def three_panel_redraw_seconds(n_points: int, repeat: int = 7) -> float:
    """Best time of a set_data + Agg draw of a 3-panel figure with n_points per line (what a slider costs)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(3, 1, figsize=(9, 7), sharex=True)
    t = np.linspace(0, 730, n_points)
    lines = [ax.plot(t, np.sin(t / 30 + i))[0] for i, ax in enumerate(axes)]
    fig.canvas.draw()

    def redraw():
        for i, line in enumerate(lines):
            line.set_data(t, np.cos(t / 25 + i * time.perf_counter() % 1))
        fig.canvas.draw()
    best = timed(redraw, repeat)
    plt.close(fig)
    return best


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
    redraw = three_panel_redraw_seconds(int(days / 0.5) + 1)
    for label, reg in SCENARIOS.items():
        fast = hpg.simulate(reg, days=days)
        t_fast = timed(lambda: hpg.simulate(reg, days=days), 7)
        t0 = time.perf_counter()
        ref = reference.integrate(reg, days)
        t_ref = time.perf_counter() - t0
        base = hpg.Patient().values
        devs = {k: deviation(fast[k], ref[k], FLOOR_SHARE * base[f"{k}_base"]) for k in COMPARED}
        print(f"{label}")
        print(f"  stepper {t_fast * 1e3:7.2f} ms   reference {t_ref * 1e3:8.0f} ms   ratio {t_ref / t_fast:6.0f}x")
        print(f"  one simulation = {t_fast / redraw:.2f} of a 3-panel redraw ({redraw * 1e3:.1f} ms; budget 0.25)")
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

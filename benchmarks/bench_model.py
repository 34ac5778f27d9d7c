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


COHORT_SIZES = (1_000, 10_000)
# Cohorts run in chunks of engine.CHUNK men, so the peak is the Result plus one chunk's temporaries: 2x
# the Result leaves a margin before a larger cohort is started.
PEAK_OVER_RESULT = 2.0


def result_bytes(res) -> int:
    return sum(np.asarray(v).nbytes for part in (res._series, res.states, res.exposure) for v in part.values())


def available_bytes() -> float:
    """MemAvailable from /proc/meminfo (inf where there is none: then no run is skipped)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return float(line.split()[1]) * 1024
    except OSError:
        pass
    return math.inf


def cohort_timings(reg, days, t_ref):
    """Time whole cohorts (2 years) and compare the cost per man with the one-man LSODA reference measured
    above in this process. A size whose run would not fit in the free memory is skipped, with the reason."""
    print(f"Cohorts over {days / 365:.0f} years ({reg.describe()}):")
    per_man_bytes = None
    hpg.simulate(reg, days=days, patient=hpg.Cohort(n=10, seed=0))      # warm-up: first-call costs
    for n in COHORT_SIZES:
        if per_man_bytes is not None and PEAK_OVER_RESULT * per_man_bytes * n > available_bytes():
            need = PEAK_OVER_RESULT * per_man_bytes * n / 1e9
            print(f"  {n:>6,} men: skipped, needs ~{need:.1f} GB and {available_bytes() / 1e9:.1f} GB are free")
            continue
        cohort = hpg.Cohort(n=n, seed=0)
        t0 = time.perf_counter()
        res = hpg.simulate(reg, days=days, patient=cohort)
        seconds = time.perf_counter() - t0
        per_man_bytes = result_bytes(res) / n
        del res
        print(f"  {n:>6,} men: {seconds:7.2f} s  {n / seconds:8,.0f} men/s  "
              f"= {seconds / t_ref:6.2f} one-man reference runs ({t_ref * 1e3:.0f} ms each); "
              f"{t_ref * n / seconds:6.0f}x the reference's speed per man")


def main():
    days = 730
    print(f"hpgviz stepper vs LSODA reference (rtol 1e-8), {days} days, one patient\n")
    redraw = three_panel_redraw_seconds(int(days / 0.5) + 1)
    t_ref_first = None
    for label, reg in SCENARIOS.items():
        fast = hpg.simulate(reg, days=days)
        t_fast = timed(lambda: hpg.simulate(reg, days=days), 7)
        t0 = time.perf_counter()
        ref = reference.integrate(reg, days)
        t_ref = time.perf_counter() - t0
        t_ref_first = t_ref if t_ref_first is None else t_ref_first
        base = hpg.Patient().values
        devs = {k: deviation(fast[k], ref[k], FLOOR_SHARE * base[f"{k}_base"]) for k in COMPARED}
        print(f"{label}")
        print(f"  stepper {t_fast * 1e3:7.2f} ms   reference {t_ref * 1e3:8.0f} ms   ratio {t_ref / t_fast:6.0f}x")
        print(f"  one simulation = {t_fast / redraw:.2f} of a 3-panel redraw ({redraw * 1e3:.1f} ms; budget 0.25)")
        print("  largest relative deviation: " + ", ".join(f"{k} {v * 100:.2f} %" for k, v in devs.items()))
    print()
    cohort_timings(next(iter(SCENARIOS.values())), days, t_ref_first)
    from bench_comparison import comparison_cost   # benchmarks/ is on the path when run as a script
    print(comparison_cost())


if __name__ == "__main__":
    main()

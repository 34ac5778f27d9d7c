"""Speed and accuracy of the hpgviz stepper against a reference integration of the same equations.

The reference (hpgviz/model/reference.py) integrates the model's slow states *and* the sperm pipeline
as one ODE system with scipy's LSODA (rtol 1e-8), reading drug effects as point values on a 0.01-day
grid. The stepper under test uses half-day steps, interval-mean drug effects, an exponential integrator
and a filter for the sperm pipeline. It runs compiled (Numba, hpgviz/model/jit.py) or, where Numba is
missing, on Python floats (one man) and numpy arrays (a cohort): each is timed here, as ratios to a 3-panel
redraw (DESIGN.md's speed budget), with the compile time on a cold cache and the machine's load.

Prints figures; never fails on timing. Run: `make bench` (or python benchmarks/bench_model.py).
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hpgviz as hpg  # noqa: E402
from hpgviz.model import engine, jit, reference  # noqa: E402

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


# --no-reference: skip the LSODA runs (LSODA crawls past day ~193 of "TRT then stop": see the report of issue 17)
SKIP_REFERENCE = "--no-reference" in sys.argv
BUDGET = {"one man": 0.05, "1,000 men": 5.0}     # in 3-panel redraws (DESIGN.md); 10,000 men: under 5 s
COHORT_SIZES = (1_000, 10_000)
ONE_MAN_REPEAT = 100   # best of: a ~1.5 ms run on a shared machine varies by ~0.1-0.2 ms from run to run
NUMPY_COHORT = 1_000          # the numpy path is timed on this cohort only (10,000 men take minutes there)
# Cohorts run in chunks of engine.CHUNK men, so the peak is the Result plus one chunk's temporaries: 2x
# the Result leaves a margin before a larger cohort is started.
PEAK_OVER_RESULT = 2.0


@contextmanager
def numpy_path():
    """Run the stepper on numpy, as where Numba is missing."""
    saved, jit.ENABLED = jit.ENABLED, False
    try:
        yield
    finally:
        jit.ENABLED = saved


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


def cohort_seconds(reg, days, n, repeat=1, **grid):
    """The best wall time of a cohort's run, the CPU time it took (both cores' share: on a shared machine the
    wall time also counts other work, the CPU time does not) and the system's share of that CPU time (the
    kernel's work for memory: page faults, zeroing). ``grid``: simulate's dt and resolution."""
    cohort = hpg.Cohort(n=n, seed=0)
    hpg.simulate(reg, days=days, patient=cohort, **grid)      # the steady states are searched once and cached
    before = os.times()
    seconds = timed(lambda: hpg.simulate(reg, days=days, patient=cohort, **grid), repeat)
    after = os.times()
    system = (after.system - before.system) / repeat
    return seconds, (after.user - before.user) / repeat + system, system


def new_men_seconds(reg, days, n):
    """A cohort never seen before: its steady states are searched first (a page's first move, or a new age)."""
    return timed(lambda: hpg.simulate(reg, days=days, patient=hpg.Cohort(n=n, seed=int(time.time()) % 1_000_000)), 1)


# The cohort resolution as the population page runs it (analysis.recovery.PAGE_GRID), beside the default
COHORT_GRID = {"dt": 2.0, "resolution": "cohort"}


def cohort_timings(reg, days, t_ref, redraw):
    """Time whole cohorts (2 years; their steady states cached, as on a page's next move), at the default
    resolution and at the cohort resolution, and compare the cost per man with the one-man LSODA reference
    measured above. A size whose run would not fit in the free memory is skipped, with the reason."""
    print(f"Cohorts over {days / 365:.0f} years ({reg.describe()}), {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}:")
    for label, grid in (("default", {}), (f"cohort resolution (dt {COHORT_GRID['dt']:g} d)", COHORT_GRID)):
        print(f" {label}:")
        res = hpg.simulate(reg, days=days, patient=hpg.Cohort(n=10, seed=0), **grid)   # warm-up: first-call costs
        per_man_bytes = result_bytes(res) / 10
        for n in COHORT_SIZES:
            if PEAK_OVER_RESULT * per_man_bytes * n > available_bytes():
                need = PEAK_OVER_RESULT * per_man_bytes * n / 1e9
                print(f"  {n:>6,} men: skipped, needs ~{need:.1f} GB and {available_bytes() / 1e9:.1f} GB are free")
                continue
            seconds, cpu, system = cohort_seconds(reg, days, n, repeat=3 if n <= 1_000 else 1, **grid)
            line = (f"  {n:>6,} men: {seconds:7.2f} s = {seconds / redraw:6.1f} redraws  {n / seconds:8,.0f} men/s  "
                    f"(CPU {cpu:.2f} s, system {system:.2f} s: {cpu / n * 1e3:.2f} ms a man)")
            if t_ref is not None:
                line += f"  {t_ref * n / seconds:6.0f}x the LSODA reference's speed per man"
            if jit.ENABLED and n == NUMPY_COHORT and not grid:
                with numpy_path():
                    plain = cohort_seconds(reg, days, n)[0]
                line += f"; numpy path {plain:.2f} s ({plain / seconds:.0f}x slower)"
            print(line)
    n = NUMPY_COHORT
    print(f"  {n:>6,} new men (steady states searched first): {new_men_seconds(reg, days, n):.2f} s")
    print(cohort_accuracy(reg, days))


def cohort_accuracy(reg, days, n=NUMPY_COHORT, threshold=20.0):
    """What the population page reads, at the cohort resolution against the default (1,000 men): the median
    days from the stop to `threshold` million/mL and the shares back by 3, 6 and 12 months."""
    from hpgviz.analysis.events import time_to
    from hpgviz.analysis.published import MONTH_DAYS
    stop = reg.courses[0].stop_day
    cohort = hpg.Cohort(n=n, seed=0)
    rows = []
    for grid in ({}, COHORT_GRID):
        times, seen = time_to(hpg.simulate(reg, days=days, patient=cohort, **grid), "sperm", threshold, after=stop)
        times = np.where(seen, times, np.inf)
        rows.append((np.median(times), [np.mean(times <= m * MONTH_DAYS) for m in (3, 6, 12)]))
    (m0, s0), (m1, s1) = rows
    return (f"  accuracy of the cohort resolution ({n:,} men, sperm back at {threshold:g} M/mL after the stop): "
            f"median {m1:.0f} against {m0:.0f} days; back by 3, 6, 12 months "
            + ", ".join(f"{100 * b:.1f} % against {100 * a:.1f} %" for a, b in zip(s0, s1)))


def compile_seconds():
    """Import, then compile every kernel into an empty disk cache (a fresh process), and again from that cache."""
    code = ("import time; t0 = time.perf_counter(); from hpgviz.model import engine; engine.warm_up(); "
            "print(time.perf_counter() - t0)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        run = lambda: float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,  # noqa: E731
                                           check=True).stdout)
        return run(), run()


def main():
    days = 730
    print(f"hpgviz stepper vs LSODA reference (rtol 1e-8), {days} days, one patient")
    print(f"compiled path: {'Numba ' + jit.numba.__version__ if jit.ENABLED else 'none (numpy only)'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    redraw = three_panel_redraw_seconds(int(days / 0.5) + 1)
    print(f"3-panel redraw (set_data + Agg draw): {redraw * 1e3:.1f} ms\n")
    t_ref_first = None
    for label, reg in SCENARIOS.items():
        fast = hpg.simulate(reg, days=days)
        t_fast = timed(lambda: hpg.simulate(reg, days=days), ONE_MAN_REPEAT)
        with numpy_path():
            t_numpy = timed(lambda: hpg.simulate(reg, days=days), 3)
        print(f"{label}")
        print(f"  stepper {t_fast * 1e3:7.2f} ms = {t_fast / redraw:.3f} redraws (budget {BUDGET['one man']});  "
              f"without Numba (Python floats) {t_numpy * 1e3:7.1f} ms = {t_numpy / redraw:.2f} redraws")
        if SKIP_REFERENCE:
            continue
        t0 = time.perf_counter()
        ref = reference.integrate(reg, days)
        t_ref = time.perf_counter() - t0
        t_ref_first = t_ref if t_ref_first is None else t_ref_first
        base = hpg.Patient().values
        devs = {k: deviation(fast[k], ref[k], FLOOR_SHARE * base[f"{k}_base"]) for k in COMPARED}
        print(f"  LSODA reference {t_ref * 1e3:6.0f} ms ({t_ref / t_fast:.0f}x the stepper); largest relative "
              "deviation from it: " + ", ".join(f"{k} {v * 100:.2f} %" for k, v in devs.items()))
    print()
    cohort_timings(next(iter(SCENARIOS.values())), days, t_ref_first, redraw)
    print(f"  budget: 1,000 men at most {BUDGET['1,000 men']:g} redraws; 10,000 men under 5 s")
    if jit.ENABLED:
        cold, cached = compile_seconds()
        print(f"\nImport + compile of every kernel in a fresh process: {cold:.1f} s on a cold cache, "
              f"{cached:.2f} s from the disk cache (a background thread does it on first import)")
    from bench_comparison import comparison_cost   # benchmarks/ is on the path when run as a script
    print(comparison_cost())


if __name__ == "__main__":
    main()

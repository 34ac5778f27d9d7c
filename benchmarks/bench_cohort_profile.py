"""Where a cohort's run goes: 1,000 men at the cohort resolution (dt 2 days, as the population page runs them), TRT
then stop over 2 years, on one thread and on every core. Each part is timed around its call in engine.py (best run
of REPEAT, by wall time): the step kernel, split into plain steps of dt and the steps GnRH's bend retakes (the kernel
timed again with no step retaken), the fine-grid hormones, the sperm pipeline and the rest of the output assembly.

Prints a table; never fails on timing. Run: python benchmarks/bench_cohort_profile.py [--sperm] (needs Numba;
--sperm: the run asks for sperm alone, as the population page does).
"""
from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hpgviz as hpg  # noqa: E402
from hpgviz.model import engine, jit, sperm, stepper  # noqa: E402

REPEAT = 7
MEN = 1_000
REGIMEN = hpg.Regimen([hpg.Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=365)])
GRID = {"days": 730, "dt": 2.0, "resolution": "cohort", "series": ("sperm",) if "--sperm" in sys.argv[1:] else None}
PARTS = {"steps": (stepper, "run_compiled"), "fine hormones": (engine, "_fine_compiled"),
         "sperm pipeline": (sperm, "sperm_pipeline"), "assembly": (engine, "_assemble")}


def timed_parts(spent):
    """Wrap each part's function so its wall time adds to spent[part]; returns a function that unwraps them."""
    saved = {part: getattr(module, name) for part, (module, name) in PARTS.items()}
    for part, (module, name) in PARTS.items():
        def wrapper(*args, _fn=saved[part], _part=part, **kwargs):
            t0 = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                spent[_part] = spent.get(_part, 0.0) + time.perf_counter() - t0
        setattr(module, name, wrapper)
    return lambda: [setattr(module, name, saved[part]) for part, (module, name) in PARTS.items()]


def best_run(cohort):
    """The parts' times and the wall and CPU time of the fastest of REPEAT runs."""
    runs = []
    for _ in range(REPEAT):
        spent = {}
        restore = timed_parts(spent)
        before, t0 = os.times(), time.perf_counter()
        try:
            hpg.simulate(REGIMEN, patient=cohort, **GRID)
        finally:
            wall, after = time.perf_counter() - t0, os.times()
            restore()
        runs.append((wall, after.user + after.system - before.user - before.system, spent))
    return min(runs, key=lambda run: run[0])


def never_retaken(cohort):
    """The step kernel's best time with GnRH's bend test off (every step kept at dt)."""
    saved, best = stepper.GNRH_BEND, math.inf
    stepper.GNRH_BEND = math.inf
    try:
        for _ in range(REPEAT):
            spent = {}
            restore = timed_parts(spent)
            try:
                hpg.simulate(REGIMEN, patient=cohort, **GRID)
            finally:
                restore()
            best = min(best, spent["steps"])
    finally:
        stepper.GNRH_BEND = saved
    return best


def main():
    if not jit.ENABLED:
        sys.exit("Numba is not installed (or HPGVIZ_NO_JIT is set): the cohort resolution's kernels are not compiled")
    cohort = hpg.Cohort(n=MEN, seed=0)
    hpg.simulate(REGIMEN, patient=cohort, **GRID)          # steady states searched and kernels loaded once
    print(f"{MEN:,} men, {REGIMEN.describe()}, 2 years at the cohort resolution (dt 2 d), "
          f"{'sperm alone' if GRID['series'] else 'every series'}; best of {REPEAT} "
          f"(load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)")
    threads = jit.THREADS
    for count in sorted({1, threads}):
        jit.THREADS = count
        try:
            wall, cpu, spent = best_run(cohort)
            plain = never_retaken(cohort)
        finally:
            jit.THREADS = threads
        rows = {"plain steps (no retake)": plain, "retaken steps (the rest of the kernel)": spent["steps"] - plain,
                "fine-grid hormones": spent["fine hormones"], "sperm pipeline": spent["sperm pipeline"],
                "output assembly (the rest of _assemble)":
                    spent["assembly"] - spent["fine hormones"] - spent["sperm pipeline"],
                "the rest (inputs, steady-state lookup, Python)": wall - spent["steps"] - spent["assembly"]}
        print(f" {count} thread{'s' if count > 1 else ''}: wall {wall * 1e3:.0f} ms, CPU {cpu * 1e3:.0f} ms")
        for label, seconds in rows.items():
            print(f"   {label:48s} {seconds * 1e3:7.1f} ms  {100 * seconds / wall:5.1f} %")


if __name__ == "__main__":
    main()

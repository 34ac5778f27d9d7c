"""One move of the population explorer (1,000 men), in parts, as the app pays for it in the kernel.

Each keyboard step of the dose slider (alternately right and left, the run cache cleared before each and nothing
run ahead, so every move is a new cohort run) is timed whole (the callback, then ``canvas.draw()``: under ipympl an Agg draw and
the PNG of the changed pixels) and in parts, by timing the functions the callback calls: the cohort draw, the
simulation, the outcome extraction (recovery times and covariates), the analysis (curve, predictors, shares,
interval), the words, the figure update (artists and ticks) and the widget output. Median of N moves (N=20).
Then the months slider pressed again the same way 1 s and 0.5 s after each move (what a reader's second press
of an arrow key finds: the run the page ran ahead, explorers.runs.RunAhead), whole. Prints `uptime`; never fails
on timing.

Run: python benchmarks/bench_population_move.py [men]
"""
from __future__ import annotations

import collections
import functools
import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hpgviz.analysis import recovery  # noqa: E402
from hpgviz.explorers import population, runs  # noqa: E402

SPENT = collections.defaultdict(float)   # part -> seconds in the current move


def timed(part, fn):
    """fn, its time added to SPENT[part] (the outermost timed call counts: a part inside another is not
    counted twice)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if timed.inside:
            return fn(*args, **kwargs)
        timed.inside = True
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[part] += time.perf_counter() - t0
            timed.inside = False
    return wrapper


timed.inside = False

# What the callback calls, by part (module attributes replaced for this process only)
PATCHES = [
    (recovery, "cohort_around", "cohort draw"),
    (recovery, "simulate", "simulate"),
    (recovery, "time_to", "outcome extraction"),
    (recovery, "_covariates", "outcome extraction"),
    (recovery.CohortRecovery, "curve", "analysis"),
    (recovery.CohortRecovery, "predictors", "analysis"),
    (recovery.CohortRecovery, "not_recovered", "analysis"),
    (recovery.CohortRecovery, "share_by", "analysis"),
    (recovery, "summary_text", "words"),
    (recovery, "non_recovery_text", "words"),
    (recovery, "excluded_text", "words"),
    (recovery, "predictors_text", "words"),
    (population.PopulationExplorer, "_draw_published", "figure update"),
    (population.PopulationExplorer, "_draw_predictors", "figure update"),
    (population.PopulationExplorer, "_set_summary", "widget output"),
]


def cold_moves(ex, n):
    """Moves that find nothing computed: the run cache cleared, nothing run ahead. {part: [seconds per move]}"""
    ex._ahead.after = 1e9   # a run ahead waits for ever, and the next move stops it at once
    canvas = ex.figure.canvas
    moves = collections.defaultdict(list)
    for k in range(n + 2):
        runs.clear_cache()
        SPENT.clear()
        step = ex.dose.step if k % 2 == 0 else -ex.dose.step
        t0 = time.perf_counter()
        ex.dose.value += step
        callback = time.perf_counter() - t0
        t1 = time.perf_counter()
        canvas.draw()
        draw = time.perf_counter() - t1
        assert ex.last_error is None, ex.last_error
        if k < 2:   # the first moves warm what a session has warm
            continue
        for part, spent in SPENT.items():
            moves[part].append(spent)
        moves["rest of the callback"].append(callback - sum(SPENT.values()))
        moves["canvas draw + PNG"].append(draw)
        moves["whole move"].append(callback + draw)
    return moves


def pressed_again(ex, n, pause):
    """The slider moved the same way again `pause` seconds after each move (a reader pressing an arrow key
    again): the run ahead has had `pause` s. Seconds per move (callback + draw)."""
    ex._ahead.after = runs.RunAhead().after
    canvas = ex.figure.canvas
    ex.dose.value = ex.dose.min
    spent = []
    for k in range(n):
        time.sleep(pause)
        slider = ex.months
        t0 = time.perf_counter()
        slider.value = slider.value + slider.step if slider.value < slider.max else slider.min
        canvas.draw()
        spent.append(time.perf_counter() - t0)
    return spent


def main(men: int = 1000, n: int = int(os.environ.get("N", 20))):
    print("uptime:", os.popen("uptime").read().strip())
    for owner, name, part in PATCHES:
        setattr(owner, name, timed(part, getattr(owner, name)))
    ex = population.PopulationExplorer(men=men)
    canvas = ex.figure.canvas
    canvas.syncing_data_url = False   # as once a front end has the figure
    canvas.draw(), canvas.draw()
    print(f"population explorer, {men} men, a move that finds nothing computed, median of {n} moves (ms):")
    for part, values in cold_moves(ex, n).items():
        print(f"  {part:24s} {1000 * statistics.median(values):8.1f}")
    for pause in (1.0, 0.5):
        again = pressed_again(ex, n // 2, pause)
        print(f"  pressed again {pause:.1f} s after the last move (the run ahead): median "
              f"{1000 * statistics.median(again):.1f} ms (min {1000 * min(again):.1f}, max {1000 * max(again):.1f}; "
              f"{n // 2} moves)")
    print("uptime:", os.popen("uptime").read().strip())
    ex.close()


if __name__ == "__main__":
    main(*map(int, sys.argv[1:2]))

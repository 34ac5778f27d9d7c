"""Cost of updating the 4-protocol comparison of the intermediate tier (model part, redraw, one slot changed).

Run: python benchmarks/bench_comparison.py   (bench_model.py prints it too)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hpgviz.explorers.protocols import ComparisonView  # noqa: E402
from hpgviz.explorers.runs import RUNS, clear_cache  # noqa: E402


def comparison_cost(repeats: int = 7) -> str:
    """One line: time to update a 4-protocol comparison, model part (4 simulations + the outcome
    table, cache cleared) and with the redraw of the 4-panel figure (Agg ``draw``); best of
    `repeats` (median in brackets). Also the cost when one slot changes and three come from the cache."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    view = ComparisonView()
    view._busy = True                                  # time compute() alone, not the callbacks
    canvas = FigureCanvasAgg(view.figure)              # a real renderer: outside a kernel the figure has none
    model, full, one_slot = [], [], []
    for i in range(repeats):
        view.trt_weeks.value = 26 if i % 2 else 27
        clear_cache()                                  # cold: every protocol re-simulated
        t0 = time.perf_counter()
        results, labels, table = view.compute()
        t1 = time.perf_counter()
        view.plot.update(results, labels=labels, draw=False)
        canvas.draw()
        t2 = time.perf_counter()
        model.append(t1 - t0)
        full.append(t2 - t0)
        RUNS.forget(lambda key: "anastrozole" in repr(key))   # one protocol changed, three cached
        t3 = time.perf_counter()
        view.compute()
        one_slot.append(time.perf_counter() - t3)
    view.close()
    ms = lambda xs: f"{1000 * min(xs):.0f} ms (median {1000 * float(np.median(xs)):.0f})"
    return (f"4-protocol comparison update: model part {ms(model)} [4 simulations + outcome table]; "
            f"with the 4-panel redraw {ms(full)}; one protocol changed, 3 cached: {ms(one_slot)}; "
            f"best of {repeats}.")


if __name__ == "__main__":
    print(comparison_cost())

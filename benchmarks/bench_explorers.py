"""Kernel-side cost of one keyboard step of each explorer's first slider, as JupyterLab/Voila pay it.

What ipympl does after a slider move: the explorer's callback (simulate, move artists, texts), then the
front end asks for a redraw: an Agg draw plus the PNG of the changed pixels (``canvas.draw()`` under the
ipympl backend does both). Each explorer is timed twice in this process: "plain" with hpgviz.fasttext off
(no glyph cache, matplotlib's PNG encoder), "cached" with it on; simulations come from the explorers' one run cache as in a
session (COLD=1 clears it before every step). Median of N steps (N=8). Prints; never fails on timing.

Run: python benchmarks/bench_explorers.py [ExplorerName ...]
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import ipywidgets as W  # noqa: E402

from hpgviz.explorers import agents, estradiol, protocols, runs, trt  # noqa: E402

CASES = {
    "TRTExplorer": trt.TRTExplorer,
    "TRTExplorerBand": lambda: trt.TRTExplorer(spread=True),   # 03b's: the band of 200 men ticked, run in the move
    "TRTExplorerBandAfter": lambda: band_after(trt.TRTExplorer(spread=True)),   # the same as in a kernel: man first
    "RestartFamilies": agents.RestartFamilies,   # no slider: a box is ticked or unticked
    "SERMExplorer": agents.SERMExplorer,
    "AgentComparison": agents.AgentComparison,
    "HCGExplorer": agents.HCGExplorer,
    "GonadorelinExplorer": agents.GonadorelinExplorer,
    "EstradiolBalance": estradiol.EstradiolBalance,
    "TypicalTRT": trt.TypicalTRT,
    "ProtocolBuilder": protocols.ProtocolBuilder,
    "ComparisonView": protocols.ComparisonView,
}


def band_after(ex):
    """The explorer's band run in the background as in a kernel (runs.BandRun), its drawing not timed here: what is
    timed is the man's answer, with the band's run of the move before sharing the cores."""
    ex._band.deliver = lambda show: None
    return ex


def first_slider(ex):
    return next((c for c in ex._observed if isinstance(c, (W.IntSlider, W.FloatSlider))), None)


def move(ex, slider, k):
    """One keyboard step, alternately right and left (staying in range)."""
    if slider is None:
        box = list(ex.boxes.values())[k % len(ex.boxes)]
        box.value = not box.value
        return
    up = slider.value + slider.step
    slider.value = up if (k % 2 == 0 and up <= slider.max) or slider.value - slider.step < slider.min \
        else slider.value - slider.step


def redraw(ex) -> float:
    t0 = time.perf_counter()
    for view in ex._views:
        view.figure.canvas.draw()    # ipympl: Agg draw, then the diff PNG sent to the front end
    return time.perf_counter() - t0


def time_explorer(make, n: int, cold: bool):
    ex = make()
    for view in ex._views:
        view.figure.canvas.syncing_data_url = False   # as once a front end has the figure
    redraw(ex), redraw(ex)
    slider = first_slider(ex)
    callback, draw = [], []
    for k in range(n):
        if cold:
            runs.clear_cache()
        t0 = time.perf_counter()
        move(ex, slider, k)
        callback.append(time.perf_counter() - t0)
        draw.append(redraw(ex))
        assert ex.last_error is None, ex.last_error
    ex.close()
    return statistics.median(callback), statistics.median(draw), statistics.median(map(sum, zip(callback, draw)))


def main(names):
    n, cold = int(os.environ.get("N", 8)), bool(os.environ.get("COLD"))
    print(f"{'explorer':20s} {'mode':7s} {'callback':>9s} {'draw+PNG':>9s} {'total':>7s}  (ms, median of {n})")
    for name in names or CASES:
        totals = {}
        for mode in ("plain", "cached"):
            os.environ["HPGVIZ_FASTTEXT"] = "1" if mode == "cached" else "0"   # fasttext's own switch
            cb, dr, total = time_explorer(CASES[name], n, cold)
            totals[mode] = total
            print(f"{name:20s} {mode:7s} {1000 * cb:9.0f} {1000 * dr:9.0f} {1000 * total:7.0f}", flush=True)
        print(f"{'':20s} cached/plain {totals['cached'] / totals['plain']:.2f}")
    os.environ.pop("HPGVIZ_FASTTEXT", None)


if __name__ == "__main__":
    main(sys.argv[1:])

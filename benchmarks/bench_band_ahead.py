"""The TRT explorer with "show how men differ" (03b's second explorer) pressed as the browser test presses it: the
dose slider one step down, the page left quiet ~0.7 s, again; and the comparison view (02/03's ComparisonView, round
16) with its box ticked, its TRT weeks slider one step up. Per press: the man's answer (callback and redraw) and the
band's (from the key to the band drawn), in-process under ipympl with the band delivered as a kernel would (its own
thread's result run here), with the band run ahead (round 15) and without (the band after its man, round 12).
Median of N presses after the first (N=6). Prints `uptime`; never fails on timing.

Run: python benchmarks/bench_band_ahead.py [TRTExplorer|ComparisonView ...]   (default both)
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

from hpgviz.explorers import protocols, trt  # noqa: E402

QUIET = 0.7     # s between a band drawn and the next press (the browser test's 300 + 400 ms of quiet)


def redraw(ex):
    for view in ex._views:
        view.figure.canvas.draw()


def _comparison():
    ex = protocols.ComparisonView()
    ex.spread.value = True
    return ex


# explorer: (make it with its band shown, the slider pressed and which way, its band as drawn, its view drawn first)
CASES = {
    "TRTExplorer": (lambda: trt.TRTExplorer(spread=True), "dose", -1, lambda ex: ex.cohort_result, "panel_view"),
    "ComparisonView": (_comparison, "trt_weeks", 1, lambda ex: ex.cohort_results or None, "view"),
}


def presses(name: str, ahead: bool, n: int):
    make, slider_name, way, band_of, view_name = CASES[name]
    ex, pending = make(), []
    ex._band.deliver = pending.append
    if not ahead:
        ex._ahead_once_drawn = lambda band_drawn: getattr(ex, view_name).after_next_draw(None)
    for view in ex._views:
        view.figure.canvas.syncing_data_url = False
    ex._band.join()
    while pending:   # a band ticked at the start follows its lines
        pending.pop(0)()
    redraw(ex)
    slider = getattr(ex, slider_name)
    answers, bands, with_man = [], [], 0
    for _ in range(n + 1):
        t0 = time.perf_counter()
        slider.value += way * slider.step
        redraw(ex)
        answers.append(time.perf_counter() - t0)
        with_man += band_of(ex) is not None
        if band_of(ex) is None:      # the band's run, then its drawing on "the kernel's thread"
            while band_of(ex) is None:
                ex._band.join() if not pending else pending.pop(0)()
            redraw(ex)
        bands.append(time.perf_counter() - t0)
        time.sleep(QUIET)
    ex._band.join()
    ex.close()
    return [1000 * statistics.median(x[1:]) for x in (answers, bands)], [1000 * x[0] for x in (answers, bands)], with_man


def main(names):
    n = int(os.environ.get("N", 6))
    print(os.popen("uptime").read().strip())
    for name, ahead in ((name, ahead) for name in names or CASES for ahead in (False, True, False, True)):
        (answer, band), (first_answer, first_band), with_man = presses(name, ahead, n)
        print(f"{name} band run ahead {'yes' if ahead else 'no ':3s}: the lines {answer:4.0f} ms, the band {band:4.0f} ms "
              f"(median of {n}; first press {first_answer:.0f} and {first_band:.0f} ms; the band came with the lines "
              f"{with_man} of {n + 1} times)", flush=True)
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main(sys.argv[1:])

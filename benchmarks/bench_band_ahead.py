"""The TRT explorer with "show how men differ" (03b's second explorer) pressed as the browser test presses it: the
dose slider one step up, the page left quiet ~0.7 s, again. Per press: the man's answer (callback and redraw) and the
band's (from the key to the band drawn), in-process under ipympl with the band delivered as a kernel would (its own
thread's result run here), with the band run ahead (round 15) and without (the band after its man, round 12).
Median of N presses after the first (N=6). Prints `uptime`; never fails on timing.

Run: python benchmarks/bench_band_ahead.py
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

from hpgviz.explorers import trt  # noqa: E402

QUIET = 0.7     # s between a band drawn and the next press (the browser test's 300 + 400 ms of quiet)


def redraw(ex):
    for view in ex._views:
        view.figure.canvas.draw()


def presses(ahead: bool, n: int):
    ex, pending = trt.TRTExplorer(spread=True), []
    ex._band.deliver = pending.append
    if not ahead:
        ex._ahead_once_drawn = lambda band_drawn: ex.panel_view.after_next_draw(None)
    for view in ex._views:
        view.figure.canvas.syncing_data_url = False
    redraw(ex)
    answers, bands, with_man = [], [], 0
    for _ in range(n + 1):
        t0 = time.perf_counter()
        ex.dose.value -= ex.dose.step
        redraw(ex)
        answers.append(time.perf_counter() - t0)
        with_man += ex.cohort_result is not None
        if ex.cohort_result is None:      # the band's run, then its drawing on "the kernel's thread"
            while ex.cohort_result is None:
                ex._band.join() if not pending else pending.pop(0)()
            redraw(ex)
        bands.append(time.perf_counter() - t0)
        time.sleep(QUIET)
    ex._band.join()
    ex.close()
    return [1000 * statistics.median(x[1:]) for x in (answers, bands)], [1000 * x[0] for x in (answers, bands)], with_man


def main():
    n = int(os.environ.get("N", 6))
    print(os.popen("uptime").read().strip())
    for ahead in (False, True, False, True):
        (answer, band), (first_answer, first_band), with_man = presses(ahead, n)
        print(f"band run ahead {'yes' if ahead else 'no ':3s}: the man {answer:4.0f} ms, the band {band:4.0f} ms "
              f"(median of {n}; first press {first_answer:.0f} and {first_band:.0f} ms; the band came with the man "
              f"{with_man} of {n + 1} times)", flush=True)
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()

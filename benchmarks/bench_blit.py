"""What blitting could save an explorer's redraw (issue 17, round 15; measured, not built): after a keyboard step of
the first slider, the whole redraw as ipympl does it (``canvas.draw()``: the Agg draw and the diff PNG) against a
redraw of only the artists that can move (every line, shaded band and marker collection, over a background of
the axes, ticks and text copied once and restored), with the same diff PNG. The moving artists' text (titles,
labels that follow the data) is drawn in the full redraw only, so the second figure is a lower bound of what a
blitting FigureView would cost. Median of N steps (N=8). Prints `uptime`; never fails on timing.

Run: python benchmarks/bench_blit.py [ExplorerName ...]   (names as in bench_explorers.py; default 02's 6th-8th)
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

from matplotlib.collections import Collection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from bench_explorers import CASES, first_slider, move  # noqa: E402

DEFAULT = ["TypicalTRT", "ProtocolBuilder", "ComparisonView"]


def moving(figure):
    """The artists a move can change: lines, bands and marker collections of every axes."""
    return [a for ax in figure.axes for a in ax.get_children() if isinstance(a, (Line2D, Collection))]


def blit_draw(figure, background, artists):
    canvas = figure.canvas
    canvas.restore_region(background)
    for artist in artists:
        if artist.get_visible():
            artist.axes.draw_artist(artist)
    canvas._png_is_old = True
    canvas.get_diff_image()   # the PNG ipympl would send


def time_explorer(make, n):
    ex = make()
    figures = [view.figure for view in ex._views]
    for figure in figures:
        figure.canvas.syncing_data_url = False
        figure.canvas.draw()
    slider, full, blit = first_slider(ex), [], []
    for k in range(n):
        move(ex, slider, k)
        t0 = time.perf_counter()
        for figure in figures:
            figure.canvas.draw()
        full.append(time.perf_counter() - t0)
        saved = []
        for figure in figures:   # the background: the figure drawn without its moving artists (not timed)
            artists = moving(figure)
            shown = [a.get_visible() for a in artists]
            for a in artists:
                a.set_visible(False)
            figure.canvas.draw()
            saved.append((figure, figure.canvas.copy_from_bbox(figure.bbox), artists))
            for a, v in zip(artists, shown):
                a.set_visible(v)
        t0 = time.perf_counter()
        for figure, background, artists in saved:
            blit_draw(figure, background, artists)
        blit.append(time.perf_counter() - t0)
        assert ex.last_error is None, ex.last_error
    ex.close()
    return 1000 * statistics.median(full), 1000 * statistics.median(blit)


def main(names):
    n = int(os.environ.get("N", 8))
    print(os.popen("uptime").read().strip())
    print(f"{'explorer':18s} {'redraw':>7s} {'blit':>6s}  (ms, draw + PNG, median of {n})")
    for name in names or DEFAULT:
        full, blit = time_explorer(CASES[name], n)
        print(f"{name:18s} {full:7.0f} {blit:6.0f}  blit/redraw {blit / full:.2f}", flush=True)
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main(sys.argv[1:])

"""The dosing strip: one row per agent above the hormone panels, pooled bars, a label and dose ticks."""
from __future__ import annotations

from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

from ..content.words import dose_text, dosing_label, drug_family
from .style import DRUG_STYLE, fit_words, FONT, INK, OTHER_DRUG

__all__ = ["DosingStrip"]


class DosingStrip:
    """Dosing timeline: one row per agent, pooled bars, a label per row, dose ticks."""

    def __init__(self, ax, rows: int, bars_per_row: int = 6):
        self.ax, self.rows = ax, rows
        ax.set_ylim(rows, 0)
        ax.set_yticks([])
        for side in ("left", "right", "top", "bottom"):
            ax.spines[side].set_visible(False)
        ax.xaxis.set_visible(False)   # the time axis is drawn once, under the bottom panel
        self.bars = [[ax.add_patch(Rectangle((0, r + 0.52), 0, 0.36, visible=False, lw=0))
                      for _ in range(bars_per_row)] for r in range(rows)]
        self.texts = [ax.text(0, r + 0.46, "", fontsize=FONT - 1, color=INK, va="bottom",
                              ha="left", clip_on=False, visible=False) for r in range(rows)]
        self.ticks = ax.add_collection(LineCollection([], colors="white", linewidths=0.9, zorder=3),
                                       autolim=False)
        self.empty = ax.text(0.0, 0.5, "No drug (untreated baseline)", transform=ax.transAxes,
                             fontsize=FONT - 1, color="#777777", va="center", visible=False)
        ax.text(-0.015, 1.0, "Drugs", transform=ax.transAxes, fontsize=FONT, color=INK,
                ha="right", va="top", fontweight="bold")

    def update(self, result, t0, t1):
        rows = self.rows_of(result)
        shown = rows[: self.rows]
        if len(rows) > self.rows:   # no room: the last row says what is missing
            shown[-1] = (shown[-1][0] + f"  (+{len(rows) - self.rows + 1} more not shown)", shown[-1][1])
        segments = []
        for r in range(self.rows):
            self._update_row(r, shown[r] if r < len(shown) else None, t0, t1, segments)
        self.ticks.set_segments(segments)
        self.empty.set_visible(not rows)   # an untreated result

    @staticmethod
    def rows_of(result):
        """(label, courses) per agent, in the order the regimen first gives each."""
        by_agent = {}
        for c in result.regimen.courses:
            by_agent.setdefault(c.agent, []).append(c)
        return [(", then ".join([dosing_label(courses[0])] + [dose_text(c) for c in courses[1:]]), courses)
                for courses in by_agent.values()]

    def _update_row(self, r, row, t0, t1, segments):
        text, bars = self.texts[r], self.bars[r]
        if row is None:
            text.set_visible(False)
            for b in bars:
                b.set_visible(False)
            return
        label, courses = row
        for i, bar in enumerate(bars):
            if i >= len(courses):
                bar.set_visible(False)
                continue
            c = courses[i]
            start, stop = max(c.start_day, t0), min(t1 if c.stop_day is None else c.stop_day, t1)
            bar.set_bounds(start, r + 0.52, max(stop - start, 0), 0.36)
            bar.set_facecolor(DRUG_STYLE.get(drug_family(c.agent), OTHER_DRUG))
            bar.set_visible(stop > start)
            segments.extend(self._dose_ticks(c, r, start, stop, t1 - t0))
        self._place_label(text, label, courses, t0, t1)

    @staticmethod
    def _dose_ticks(course, r, start, stop, span):
        """White tick marks at each dose, only when they are far enough apart to read."""
        n = (stop - start) / course.every_days
        if course.continuous or n > 120 or course.every_days < span / 250:
            return []
        times = [x for x in course.dose_times(stop) if start <= x < stop]   # the model's dose count (stop exclusive)
        return [((x, r + 0.55), (x, r + 0.85)) for x in times]

    def _place_label(self, text, label, courses, t0, t1):
        """Over the first bar, or ending over the last one when the bars start late in the run; in two lines
        rather than cut when the figure's edge is near (a phone)."""
        start = max(courses[0].start_day, t0)
        late = (start - t0) > 0.55 * (t1 - t0)
        end = min(max((c.stop_day or t1) for c in courses), t1)
        box, fig_w = self.ax.get_position(), self.ax.figure.get_figwidth()
        at = box.x0 + box.width * ((end if late else start) - t0) / (t1 - t0)   # figure fraction
        room = fig_w * (at if late else 1 - at) - 0.08
        text.set_text(fit_words(label, room, text.get_fontsize()))
        text.set_x(end if late else start)
        text.set_ha("right" if late else "left")
        text.set_visible(True)

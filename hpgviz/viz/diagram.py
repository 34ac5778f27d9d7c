"""The HPG-axis diagram: glands glow and arrows thicken with signal strength; drug badges show where each
family acts. Built once, then ``update`` only changes artist data."""
from __future__ import annotations

import math

from matplotlib.patches import ArrowStyle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
import numpy as np

from ..model.agents import FAMILIES
from ..content.words import drug_family, percent_text
from .style import DRUG_STYLE, figure_width, FONT, INK, mix, new_figure, OKABE_ITO, on_phone, PHONE_MIN_PT, STYLE

__all__ = ["AxisDiagram", "diagram_size", "drugs_on_day", "relative_levels"]


def drugs_on_day(regimen, day: float) -> set:
    """Agent names whose course covers `day` (start inclusive, stop exclusive)."""
    return {c.agent for c in regimen.courses
            if c.start_day <= day and (c.stop_day is None or day < c.stop_day)}


def relative_levels(result, baseline, day: float) -> dict:
    """Each series at `day` relative to an untreated `baseline` Result at the same day (1.0 = normal).

    For cohorts the medians are compared. Feeds AxisDiagram.update.
    """
    out = {}
    for name in STYLE:
        if name not in result.names or name not in baseline.names:
            continue
        v = _at_day(result, name, day)
        b = _at_day(baseline, name, day)
        out[name] = v / b if b > 0 else float("nan")
    return out


def _at_day(result, name: str, day: float) -> float:
    i = int(np.clip(np.searchsorted(result.t, day), 0, len(result.t) - 1))
    y = np.asarray(result[name])
    return float(np.median(y[:, i]) if y.ndim == 2 else y[i])


_GLOW = OKABE_ITO["yellow"]   # glands glow yellow with activity (fill only, never a thin line)


def _arrow_width(level: float) -> float:
    """Line width in points: normal (1.0) is 3 pt, 3x normal and above 4.8 pt, zero 0.6 pt.

    Square root, so a 20-fold drop is still visibly thinner than a 5-fold one.
    """
    level = 0.0 if not np.isfinite(level) else min(max(level, 0.0), 3.0)
    return 0.6 + 2.4 * math.sqrt(level)


def _arrow_color(color, level: float):
    """Full colour at normal and above, fading towards white as the signal falls (never invisible)."""
    level = 0.0 if not np.isfinite(level) else min(max(level, 0.0), 1.0)
    return mix(color, "white", 0.6 * (1 - level))


# Nodes: key -> (centre, size, text, level key(s) that make it glow)
_NODES = {
    "hypothalamus": ((6.0, 10.2), (3.4, 1.0), "Hypothalamus", ("GnRH",)),
    "pituitary": ((6.0, 7.6), (3.4, 1.0), "Pituitary", ("LH", "FSH")),
    "leydig": ((4.2, 4.6), (2.4, 1.0), "Leydig cells\n(make T)", ("ITT",)),
    "sertoli": ((7.8, 4.6), (2.4, 1.0), "Sertoli cells\n(make sperm)", ("sperm", "inhibin_B")),
    "blood_T": ((4.2, 2.2), (2.4, 0.9), "Testosterone\nin the blood", ("T",)),
    "sperm_out": ((7.8, 2.2), (2.4, 0.9), "Sperm\nin semen", ("sperm",)),
    "E2": ((4.2, 0.2), (2.4, 0.8), "Estradiol (E2)", ("E2",)),
}


# Arrows: key -> (level key, points of the path, inhibits?, label position, label alignment)
_ARROWS = {
    "GnRH": ("GnRH", [(6.0, 9.68), (6.0, 8.13)], False, (6.15, 8.9), "left"),
    "LH": ("LH", [(5.3, 7.08), (4.4, 5.13)], False, (4.7, 6.15), "right"),
    "FSH": ("FSH", [(6.7, 7.08), (7.6, 5.13)], False, (7.3, 6.15), "left"),
    "ITT": ("ITT", [(5.43, 4.75), (6.57, 4.75)], False, (6.0, 4.3), "center"),
    "T_made": ("ITT", [(4.2, 4.08), (4.2, 2.68)], False, None, None),
    "sperm": ("sperm", [(7.8, 4.08), (7.8, 2.68)], False, (7.95, 3.3), "left"),
    "aromatase": ("E2", [(4.2, 1.73), (4.2, 0.63)], False, (4.0, 1.18), "right"),
    "T_fb_hypo": ("T", [(3.0, 2.2), (1.0, 2.2), (1.0, 10.45), (4.27, 10.45)], True, (1.15, 4.6), "left"),
    "T_fb_pit": ("T", [(1.0, 7.85), (4.27, 7.85)], True, None, None),
    "E2_fb_hypo": ("E2", [(5.4, 0.2), (11.0, 0.2), (11.0, 9.95), (7.73, 9.95)], True, (11.15, 5.6), "left"),
    "E2_fb_pit": ("E2", [(11.0, 7.85), (7.73, 7.85)], True, None, None),
    "inhibin_fb": ("inhibin_B", [(9.0, 4.6), (10.1, 4.6), (10.1, 7.35), (7.73, 7.35)], True,
                   (9.0, 7.12), "center"),
}


_ARROW_COLOR = {"T_made": "T", "aromatase": "E2", "T_fb_hypo": "T", "T_fb_pit": "T",
                "E2_fb_hypo": "E2", "E2_fb_pit": "E2", "inhibin_fb": "inhibin_B"}


_ARROW_TEXT = {"T_fb_hypo": "T", "E2_fb_hypo": "E2", "aromatase": "aromatase\nE2",
               "inhibin_fb": "inhibin B", "sperm": "sperm"}


_TWO_LINE_LABELS = ("ITT", "T_fb_hypo", "E2_fb_hypo")   # narrow spots: name above the value


# Drug badges: family -> (centre, text, target point or None); whether it blocks is the family's declaration
# (model.agents.FAMILIES). A family without a spot here is drawn in the panels and strip, not on the diagram.
_BADGES = {
    "testosterone": ((0.75, 0.75), "TRT\nadds T", (3.05, 1.85)),
    "hCG": ((2.25, 6.45), "hCG\nacts as LH", (3.4, 5.13)),
    "GnRH agonist": ((9.0, 9.0), "Gonadorelin\nacts as GnRH", (7.5, 8.13)),
    "SERM": ((9.4, 11.05), "SERM blocks\nE2 feedback", None),
    "aromatase inhibitor": ((7.2, 1.05), "Anastrozole\nblocks aromatase", (4.3, 1.18)),
}


# Where a blocking drug cuts a signal: drawn as a cross when the drug is active.
_BLOCK_MARKS = {"SERM": [(9.0, 9.95), (9.0, 7.85)], "aromatase inhibitor": [(4.2, 1.18)]}


# The rest of the desktop geometry: the testes frame (x, y, width, height), its label, the key, the limits, and
# the figure's height for its width.
_FRAME = dict(frame=(2.75, 3.8, 6.5, 1.75), testes=(2.95, 5.38), key=(6.1, -0.95), xlim=(-0.4, 12.6),
              ylim=(-1.2, 11.6), tall=0.95)


# On a phone the diagram is redrawn on a narrower grid (10 units across, taller than wide): its text at the phone's
# smallest size is half as wide again against the boxes as on a desktop, so the boxes move apart, every arrow's
# value goes under its name and the badges move to where a phone has room. Same keys as the desktop tables.
_PHONE_NODES = {"hypothalamus": ((5.0, 13.2), (3.4, 1.0)), "pituitary": ((5.0, 10.2), (3.4, 1.0)),
                "leydig": ((3.0, 6.6), (2.6, 1.0)), "sertoli": ((7.0, 6.6), (2.6, 1.0)),
                "blood_T": ((3.0, 3.6), (2.6, 1.0)), "sperm_out": ((7.0, 3.6), (2.6, 1.0)),
                "E2": ((3.0, 0.7), (2.6, 0.8))}
_PHONE_ARROWS = {   # key -> (points, label position, label alignment)
    "GnRH": ([(5.0, 12.68), (5.0, 10.73)], (4.85, 11.7), "right"),
    "LH": ([(4.3, 9.68), (3.2, 7.13)], (4.1, 8.2), "left"),
    "FSH": ([(5.7, 9.68), (6.8, 7.13)], (6.45, 8.2), "left"),
    "ITT": ([(4.33, 6.85), (5.67, 6.85)], (5.0, 6.15), "center"),
    "T_made": ([(3.0, 6.08), (3.0, 4.13)], None, None),
    "sperm": ([(7.0, 6.08), (7.0, 4.13)], (6.85, 5.0), "right"),
    "aromatase": ([(3.0, 3.08), (3.0, 1.13)], (3.15, 2.45), "left"),
    "T_fb_hypo": ([(1.7, 3.6), (0.55, 3.6), (0.55, 13.45), (3.27, 13.45)], (0.7, 4.9), "left"),
    "T_fb_pit": ([(0.55, 10.45), (3.27, 10.45)], None, None),
    "E2_fb_hypo": ([(4.3, 0.7), (9.45, 0.7), (9.45, 12.95), (6.73, 12.95)], (9.3, 4.9), "right"),
    "E2_fb_pit": ([(9.45, 10.45), (6.73, 10.45)], None, None),
    "inhibin_fb": ([(8.3, 6.6), (8.9, 6.6), (8.9, 9.95), (6.73, 9.95)], (7.85, 9.3), "center"),
}
_PHONE_BADGES = {"testosterone": ((0.9, 1.6), (1.7, 3.1)), "hCG": ((1.7, 8.4), (2.8, 7.13)),
                 "GnRH agonist": ((7.6, 11.75), (6.0, 10.73)), "SERM": ((8.0, 14.3), None),
                 "aromatase inhibitor": ((6.9, 1.75), (3.1, 1.6))}
_PHONE_MARKS = {"SERM": [(8.3, 12.95), (8.3, 10.45)], "aromatase inhibitor": [(3.0, 1.6)]}
_PHONE_FRAME = dict(frame=(1.45, 5.75, 7.1, 1.75), testes=(4.2, 7.25), key=(5.0, -0.5), xlim=(0.0, 10.0),
                    ylim=(-1.0, 15.0), tall=1.6)


def _size(pt: float) -> float:
    """A text size: on a phone every word of the diagram at the phone's smallest size (its grid is tight)."""
    return PHONE_MIN_PT if on_phone() else pt


def diagram_size(width: float) -> tuple:
    """(width, height) in inches of a figure holding only the diagram, `width` wide on a desktop; on a phone as wide
    as the screen and taller than wide."""
    width = figure_width(width)
    return width, width * _layout()["tall"]


def _layout() -> dict:
    """The diagram's geometry for this screen: nodes, arrows, badges and block marks with their spots, and the
    frame's, the key's, the limits' and the figure's height for its width."""
    if not on_phone():
        return dict(nodes=_NODES, arrows=_ARROWS, badges=_BADGES, marks=_BLOCK_MARKS, **_FRAME)
    nodes = {k: (*_PHONE_NODES[k], text, keys) for k, (_, _, text, keys) in _NODES.items()}
    arrows = {k: (level, _PHONE_ARROWS[k][0], inhibits, *_PHONE_ARROWS[k][1:])
              for k, (level, _, inhibits, _, _) in _ARROWS.items()}
    badges = {f: (_PHONE_BADGES[f][0], text, _PHONE_BADGES[f][1]) for f, (_, text, _) in _BADGES.items()}
    return dict(nodes=nodes, arrows=arrows, badges=badges, marks=_PHONE_MARKS, **_PHONE_FRAME)


class AxisDiagram:
    """The HPG axis as a diagram whose glands glow and arrows thicken with signal strength.

    ``update(levels, active_drugs)``: `levels` maps "GnRH", "LH", "FSH", "T", "E2", "ITT",
    "inhibin_B", "sperm" to values relative to a healthy man (1.0 = normal); missing keys keep
    their last value. `active_drugs` holds agent names ("hcg") or families ("SERM"). Each arrow
    shows its value as text ("LH 5 %"), so colour is never the only channel.
    """

    def __init__(self, ax=None, *, levels=None, active_drugs=(), width: float = 7.5):
        geo = _layout()
        (x0, x1), (y0, y1) = geo["xlim"], geo["ylim"]
        if ax is None:
            fig = new_figure(diagram_size(width))
            ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        self.ax, self.figure = ax, ax.figure
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self.levels = {k: 1.0 for k in STYLE}
        self._nodes = {k: self._make_node(*spec) for k, spec in geo["nodes"].items()}
        self.nodes = {k: box for k, (box, _) in self._nodes.items()}
        self._testes_frame(geo["frame"], geo["testes"])
        self.arrows, self.arrow_labels, self._arrow_info = {}, {}, {}
        for key, spec in geo["arrows"].items():
            self._make_arrow(key, *spec)
        self._badges = {fam: self._make_badge(fam, *spec) for fam, spec in geo["badges"].items()}
        self.badges = {fam: text for fam, (text, _) in self._badges.items()}
        self._marks = {fam: [ax.text(x, y, "✕", fontsize=15, fontweight="bold", ha="center",
                                     va="center", color=DRUG_STYLE[fam], zorder=6, visible=False)
                             for x, y in pts] for fam, pts in geo["marks"].items()}
        # Short on purpose: every glyph is re-rendered on every update.
        ax.text(*geo["key"], "→ stimulates    ⊣ inhibits (feedback)\n% of a healthy man's level",
                ha="center", va="center", fontsize=_size(FONT - 1), color="#555555")
        self.update(levels or {}, active_drugs, draw=False)

    # construction ----------------------------------------------------------------------------------

    def _make_node(self, centre, size, text, keys):
        (x, y), (w, h) = centre, size
        box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.25",
                             facecolor="white", edgecolor=INK, lw=1.2, zorder=2)
        self.ax.add_patch(box)
        self.ax.text(x, y, text, ha="center", va="center", fontsize=_size(FONT), color="black", zorder=3)
        return box, keys

    def _testes_frame(self, rect, label_xy):
        x, y, w, h = rect
        frame = FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.45",
                               facecolor="#F7F7F7", edgecolor="#999999", lw=1, ls=(0, (4, 2)), zorder=1)
        self.ax.add_patch(frame)
        self.ax.text(*label_xy, "Testes", fontsize=_size(FONT - 1), style="italic", color="#666666", va="center")

    def _make_arrow(self, key, level_key, pts, inhibits, label_xy, ha):
        color = STYLE[_ARROW_COLOR.get(key, level_key)].color
        codes = [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1)
        # Feedback: a dashed line ending in a solid bar (a dashed bar head would be cut by the dashes).
        style = "-" if inhibits else ArrowStyle("-|>", head_length=0.5, head_width=0.3)
        arrow = FancyArrowPatch(path=Path(pts, codes), arrowstyle=style, mutation_scale=14,
                                color=color, lw=2, zorder=2.5, capstyle="butt", joinstyle="miter",
                                linestyle=(0, (3, 1.5)) if inhibits else "solid")
        bar = None
        if inhibits:
            (bar,) = self.ax.plot(*pts[-1], marker="|", color=color, zorder=2.6, linestyle="none")
        self.arrows[key] = self.ax.add_patch(arrow)
        self._arrow_info[key] = (level_key, color, bar)
        if label_xy is not None:
            self.arrow_labels[key] = self.ax.text(
                *label_xy, "", ha=ha, va="center", fontsize=_size(FONT - 0.5), zorder=5,
                color=mix(color, "black", 0.3), fontweight="bold")

    def _make_badge(self, family, centre, text, target):
        x, y = centre
        label = self.ax.text(x, y, text, ha="center", va="center", fontsize=_size(FONT - 1.5), zorder=7,
                             bbox=dict(boxstyle="round,pad=0.3", lw=1.2))
        arrow = None
        if target is not None:
            style = (ArrowStyle("-[", widthB=0.5, lengthB=0) if FAMILIES[family].blocks
                     else ArrowStyle("-|>", head_length=0.4, head_width=0.25))
            arrow = FancyArrowPatch((x, y), target, arrowstyle=style, mutation_scale=12, lw=1.5,
                                    shrinkA=14, shrinkB=2, zorder=6)
            self.ax.add_patch(arrow)
        return label, arrow

    # update ----------------------------------------------------------------------------------------

    def update(self, levels: dict | None = None, active_drugs=(), draw: bool = True):
        """Set signal levels (relative, 1.0 = healthy) and the active drugs; only artists change."""
        for k, v in (levels or {}).items():
            if k in self.levels:
                self.levels[k] = float(v)
        active = {drug_family(d) for d in active_drugs}
        self._update_nodes()
        self._update_arrows()
        self._update_badges(active)
        if draw:
            self.figure.canvas.draw_idle()
        return self

    def _update_nodes(self):
        for box, keys in self._nodes.values():
            known = [self.levels[k] for k in keys if np.isfinite(self.levels[k])]
            strength = min(max(sum(known) / len(known), 0.0), 1.5) / 1.5 if known else 0.0
            box.set_facecolor(mix("white", _GLOW, 0.1 + 0.8 * strength))

    def _update_arrows(self):
        for key, arrow in self.arrows.items():
            level_key, color, bar = self._arrow_info[key]
            level = self.levels[level_key]
            lw = _arrow_width(level)
            shade = _arrow_color(color, level)
            arrow.set_linewidth(lw)
            arrow.set_mutation_scale(8 + 2.2 * lw)
            arrow.set_color(shade)
            if bar is not None:
                bar.set(markersize=12 + 2.5 * lw, markeredgewidth=lw + 1.2, color=shade)
            if key in self.arrow_labels:
                name = _ARROW_TEXT.get(key, STYLE[level_key].short)
                sep = "\n" if key in _TWO_LINE_LABELS or (on_phone() and key != "aromatase") else " "
                self.arrow_labels[key].set_text(f"{name}{sep}{percent_text(level)}")

    def _update_badges(self, active):
        for family, (label, arrow) in self._badges.items():
            on = family in active
            color = DRUG_STYLE[family]
            label.set_color("white" if on else "#9A9A9A")
            label.set_fontweight("bold" if on else "normal")
            label.get_bbox_patch().set(facecolor=color if on else "white", edgecolor=color if on else "#C8C8C8")
            if arrow is not None:
                arrow.set_color(color if on else "#D0D0D0")
                arrow.set_linestyle("solid" if on else (0, (2, 2)))
            for mark in self._marks.get(family, ()):
                mark.set_visible(on)

    def close(self):
        """Release the figure from pyplot's registry."""
        import matplotlib.pyplot as plt
        plt.close(self.figure)

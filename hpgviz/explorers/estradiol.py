"""Estradiol: anastrozole against E2, LH and T (too little and too much E2), and the static figure of
the E2 zones under TRT with and without an aromatase inhibitor."""
from __future__ import annotations

from matplotlib.patches import Rectangle
import numpy as np

from ..model import units as _units
from ..model.engine import simulate
from ..model.parameters import E2_TOO_HIGH, E2_TOO_LOW, REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.outcomes import level_text
from ..content.labels import e2_zone
from ..content.protocols import CLINICAL, SCHEDULES
from ..content.words import no_trial_words
from matplotlib.ticker import MaxNLocator

from ..viz.panels import name_panel, ScenarioFigure
from ..viz.style import (axes_width_in, BAND_ALPHA, figure_width, fit_words, floored, FONT, GRID, INK, mix,
                         OKABE_ITO, on_phone, panel_look, PHONE_MIN_PT, phone_column, STYLE)
from .base import Explorer, name_rows_over, new_figure, phone_rows_figure, static_figure, StaticFigure
from .runs import mean_between, patient_for, patient_options, run, WEEK

__all__ = ["EstradiolBalance", "estradiol_figure"]


class EstradiolBalance(Explorer):
    """Anastrozole dose against estradiol, LH and testosterone at steady state (weeks 10-12).

    Curves: the model over the slider's range for the chosen schedule, the man and his TRT; the
    dot: the current dose. The E2 panel shades where estradiol is too low (bone, libido, mood) and
    too high (gynecomastia, fluid, re-suppression of LH). The x axis is the weekly amount (0-14 mg),
    the same for every schedule, so schedules can be compared."""

    slug = "estradiol-balance"

    title = "Estradiol balance: aromatase inhibition is a dial, not a switch"
    intro = ("Curves: model values after 10-12 weeks at each dose. Dot: the dose on the slider. Dashed: no "
             "anastrozole. Too little estradiol is as much a problem as too much.")
    DOSE_GRID = (0.0, 0.125, 0.25, 0.375, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
    X_MAX = 14.0          # mg per week: 2 mg daily, the top of the slider

    def __init__(self, dose=0.0, schedule="daily", patient="older_low_T", trt_dose=200.0):
        super().__init__()
        c = CLINICAL["anastrozole"]
        self.dose = self._slider("FloatSlider", "Anastrozole per dose (mg)", "Anastrozole per dose in mg; 0 means "
                                 "none", min=0.0, max=c.high, step=0.125, value=min(max(dose, 0.0), c.high),
                                 readout_format=".3f", continuous_update=True)
        self.schedule = self._dropdown("How often", "How often anastrozole is taken",
                                       [(SCHEDULES[k][0], k) for k in c.schedules], schedule)
        self.patient = self._dropdown("Man", "Which simulated man", patient_options(), patient)
        self.trt = self._slider("IntSlider", "TRT (mg testosterone cypionate per week)", "Weekly testosterone "
                                "dose the man is on; 0 means no TRT", min=0, max=300, step=50,
                                value=int(min(max(trt_dose, 0), 300)))
        self._build_figure()
        self.view = self._figure_view(self.figure, "Estradiol, LH and testosterone against the weekly anastrozole "
                                      "dose", toolbar=True)
        self._observe(self.dose)
        for c_ in (self.schedule, self.patient, self.trt):
            self._observe(c_, self._recompute)
        self._layout([self.dose, self.schedule, self.patient, self.trt], self.view)
        self._recompute()

    def _build_figure(self):
        phone = on_phone()
        if phone:   # the zone notes go under the panels, each panel named over it
            fig, self.axes = phone_column((1.7, 1.2, 1.2), (0.35, 0.35), top=0.75, bottom=2.15, desktop_in=8.8)
            self.figure, left = fig, 0.04 / fig.get_figwidth()
        else:
            fig = self.figure = new_figure((8.8, 6.6))
            left, width = 0.12, 0.6
            self.axes = [fig.add_axes((left, 0.67, width, 0.28)), fig.add_axes((left, 0.39, width, 0.23)),
                         fig.add_axes((left, 0.125, width, 0.22))]
        for ax in self.axes:
            ScenarioFigure.style_axes(ax, last=ax is self.axes[-1])
        ax_e = self.axes[0]
        tf = ax_e.get_yaxis_transform()
        ax_e.add_patch(Rectangle((0, 0), 1, E2_TOO_LOW, transform=tf, facecolor="#9E9E9E", alpha=0.25,
                                 hatch="///", edgecolor="#8A8A8A", lw=0, zorder=0.4))
        ax_e.add_patch(Rectangle((0, E2_TOO_HIGH), 1, 1000, transform=tf, facecolor="#D55E00", alpha=0.13,
                                 hatch="\\\\", edgecolor="#D55E00", lw=0, zorder=0.4))
        ax_e.add_patch(Rectangle((0, E2_TOO_LOW), 1, E2_TOO_HIGH - E2_TOO_LOW, transform=tf,
                                 facecolor=STYLE["E2"].color, alpha=0.12, lw=0, zorder=0.4))
        note = dict(transform=ax_e.transAxes, fontsize=FONT - 1.5, va="center", ha="left", clip_on=False)
        if phone:   # three rows under the x label, the top one first
            note.update(transform=fig.transFigure, va="top", x=left)
        self.zone_texts = [ax_e.text(s=text, y=0.0, color=color, **{"x": 1.02, **note})
                           for text, color in zip(self._zone_words(), ("#B34700", "#8A6A00", "#555555"))]
        self.curves, self.dots, self.baselines = {}, {}, {}
        for ax, name in zip(self.axes, ("E2", "LH", "T")):
            st = STYLE[name]
            (self.curves[name],) = ax.plot([], [], color=st.color, lw=2.2, zorder=3)
            (self.dots[name],) = ax.plot([], [], "o", color=st.color, ms=9, mec="black", mew=1.2, zorder=5)
            self.baselines[name] = ax.axhline(0, color="#777777", lw=1, ls=(0, (3, 2)), zorder=2)
            name_panel(ax, f"{st.label}\n({_units.unit_of(name)})", FONT - 0.5)
            ax.set_xlim(-0.02 * self.X_MAX, self.X_MAX * 1.02)
            if phone:
                ax.xaxis.set_major_locator(MaxNLocator(4))
            if name != "E2":
                lo, hi = REFERENCE_RANGES[name]
                ax.add_patch(Rectangle((0, lo), 1, hi - lo, transform=ax.get_yaxis_transform(), facecolor=st.color,
                                       alpha=BAND_ALPHA, lw=0, zorder=0.4))
                ax.text(*((0.01, lo) if phone else (1.02, (lo + hi) / 2)), "reference\nrange".replace("\n", " " if phone
                        else "\n"), transform=ax.get_yaxis_transform(), fontsize=FONT - 2,
                        color=mix(st.color, "black", 0.3), va="bottom" if phone else "center")
        x_label = "Anastrozole (mg per week, all doses of the week added up)"
        self.axes[-1].set_xlabel(fit_words(x_label, axes_width_in(self.axes[-1]), FONT), fontsize=FONT, color=INK)
        self.context_text = fig.text(left, 1 - 0.06 / fig.get_figheight() if phone else 0.975, "", fontsize=FONT - 1,
                                     color=INK, va="top")
        note = ("Estradiol zones (sensitive assay) are approximate; the notebook gives the sources. "
                "Educational model, not a prediction for any one person.")
        fig.text(left, 0.008, fit_words(note, fig.get_figwidth() * (1 - left) - 0.08, FONT - 2) if phone else
                 note.replace("sources. ", "sources.\n"), fontsize=FONT - 2, color="#666666")

    def _context(self):
        patient = patient_for(self.patient.value)
        trt = float(self.trt.value)
        courses = [Course("testosterone_cypionate", trt, 7.0, 0.0, None)] if trt > 0 else []
        return patient, courses

    def _steady(self, dose, schedule=None):
        """(E2, LH, T) averaged over weeks 10-12 at `dose` mg per administration."""
        patient, courses = self._context()
        _, every, _ = SCHEDULES[schedule or self.schedule.value]
        extra = [Course("anastrozole", dose, every, 0.0, None)] if dose > 0 else []
        res = run(Regimen(courses + extra), 84.0, patient)
        return tuple(mean_between(res, n, 70.0, 84.0) for n in ("E2", "LH", "T"))

    def _recompute(self):
        _, every, _ = SCHEDULES[self.schedule.value]
        per_week = 7.0 / every
        grid = np.array(self.DOSE_GRID)
        values = np.array([self._steady(d) for d in grid])
        self.curve_x, self.curve_values = grid * per_week, values
        for i, name in enumerate(("E2", "LH", "T")):
            self.curves[name].set_data(grid * per_week, floored(name, values[:, i]))
            self.baselines[name].set_ydata([values[0, i]] * 2)
            floor = E2_TOO_HIGH + 10 if name == "E2" else REFERENCE_RANGES[name][1]
            self.axes[i].set_ylim(0, max(float(values[:, i].max()), floor) * 1.12)
        trt = self.trt.value
        context = (f"{patient_for(self.patient.value).name}; "
                   + (f"on testosterone cypionate {trt} mg weekly" if trt else "no TRT"))
        self.context_text.set_text(fit_words(context, self.figure.get_figwidth() - 0.12, FONT - 1) if on_phone()
                                   else context)
        self._place_zone_texts()
        self._request_update()

    def _table(self):
        """For the CSV: the curves against the weekly anastrozole amount (this figure has no time axis)."""
        v = self.curve_values
        return (["anastrozole (mg per week)", "E2 (pg/mL)", "LH (IU/L)", "T (ng/dL)"],
                [self.curve_x, v[:, 0], floored("LH", v[:, 1]), v[:, 2]])

    def _zone_words(self):
        """What the E2 panel's zones mean (too high, in range, too low): beside each zone on a desktop, in three
        rows under the figure on a phone."""
        words = (f"too high (> {E2_TOO_HIGH:g}):\ngynecomastia, fluid,\nmore feedback on LH", "in range",
                 f"too low (< {E2_TOO_LOW:g}):\nbone loss, low libido,\nhot flushes, more fat")
        if not on_phone():
            return words
        room = self.figure.get_figwidth() - 0.12
        return [fit_words("E2 " + w.replace(":\n", ": ").replace("\n", " "), room, FONT - 1.5) for w in words]

    def _place_zone_texts(self):
        if on_phone():   # fixed rows under the figure's x label, as many lines apart as the row above holds
            y = 1.55
            for text in self.zone_texts:
                text.set_y(y / self.figure.get_figheight())
                y -= 0.05 + 0.17 * (text.get_text().count("\n") + 1)
            return
        top = self.axes[0].get_ylim()[1]
        frac = lambda y: min(max(y / top, 0.05), 0.95)
        for text, y in zip(self.zone_texts, ((E2_TOO_HIGH + top) / 2, (E2_TOO_LOW + E2_TOO_HIGH) / 2, E2_TOO_LOW / 2)):
            text.set_y(frac(y))

    @staticmethod
    def zone(e2: float) -> str:
        return e2_zone(e2)

    def update(self):
        dose = float(self.dose.value)
        _, every, _ = SCHEDULES[self.schedule.value]
        e2, lh, t = self.values = self._steady(dose)
        x = dose * 7.0 / every
        for name, v in zip(("E2", "LH", "T"), (e2, lh, t)):
            self.dots[name].set_data([x], [floored(name, v)])
        e0, l0, t0 = self.curve_values[0]
        how = ("no anastrozole" if dose == 0 else
               f"anastrozole {dose:g} mg {SCHEDULES[self.schedule.value][0]} ({x:.3g} mg/week)")
        tail = " LH stays suppressed: the injected testosterone keeps the brake on by itself." if self.trt.value and lh < 1 else ""
        if dose > 0 and self.trt.value:
            tail += " " + no_trial_words("anastrozole", "LH value")
        if dose == 0:
            self._set_summary(f"No anastrozole: E2 {e2:.0f} pg/mL ({self.zone(e2)}), LH {level_text('LH', lh)}, T {t:.0f} ng/dL. "
                              f"Move the slider to add anastrozole.{tail}")
            return self.view.refresh()
        self._set_summary(f"{how}: E2 {e0:.0f} → {e2:.0f} pg/mL ({self.zone(e2)}), LH {level_text('LH', l0)} → {level_text('LH', lh)}, "
                          f"T {t0:.0f} → {t:.0f} ng/dL.{tail}")
        self.view.refresh()


def _e2_runs(patient, weeks=16):
    """Estradiol in each scenario over its last 8 weeks (steady state): (low, mean, high) in pg/mL."""
    out = []
    for label, ai, trt in _E2_SCENARIOS:
        courses = [Course("testosterone_cypionate", dose=200, every_days=7, start_day=0)] if trt else []
        if ai:
            courses.append(Course("anastrozole", dose=ai[0], every_days=ai[1], start_day=0))
        res = simulate(Regimen(courses), days=weeks * WEEK, patient=patient)
        e2 = res["E2"][res.t >= (weeks - 8) * WEEK]
        out.append((label, float(e2.min()), float(e2.mean()), float(e2.max())))
    return out


def estradiol_figure(patient=None) -> StaticFigure:
    """Estradiol under TRT (200 mg/week cypionate) alone and with rising anastrozole doses, against the
    healthy band; the zones above and below are annotated with what they are associated with."""
    runs = _e2_runs(patient if patient is not None else Patient())
    low, high = REFERENCE_RANGES["E2"]
    if on_phone():
        return StaticFigure(_estradiol_phone_figure(runs, low, high), _estradiol_alt(runs, low, high))
    color = STYLE["E2"].color
    fig = static_figure((10.0, 5.4))
    ax = fig.add_axes((0.075, 0.22, 0.56, 0.68))
    top = max(r[3] for r in runs) * 1.25
    ax.axhspan(low, high, color=color, alpha=0.16, lw=0, zorder=0)
    ax.axhspan(high, top, color=OKABE_ITO["vermillion"], alpha=0.10, lw=0, zorder=0)
    ax.axhspan(0, E2_TOO_LOW, color=OKABE_ITO["blue"], alpha=0.10, lw=0, zorder=0)
    # zone borders drawn, not only tinted; each label on the side its bars leave free
    for edge, text, x, ha in ((high, f"top of the healthy range, {high:g} pg/mL", len(runs) - 0.45, "right"),
                              (E2_TOO_LOW, f"below ~{E2_TOO_LOW:g} pg/mL: too little (approximate)", -0.55, "left")):
        ax.axhline(edge, color="#555555", lw=0.9, ls=(0, (4, 3)), zorder=1)
        ax.text(x, edge, text, ha=ha, va="bottom", fontsize=7.8, color="#444444", zorder=1)
    x = np.arange(len(runs))
    for i, (label, lo, mean, hi) in enumerate(runs):
        ax.plot([i, i], [lo, hi], color=color, lw=9, alpha=0.55, solid_capstyle="butt", zorder=2)
        ax.plot(i, mean, marker="o", ms=8, color="black", zorder=3)
        ax.text(i + 0.17, mean, f"{mean:.0f}", va="center", fontsize=9, color="black", zorder=3)
    ax.set_xticks(x, [r[0] for r in runs], fontsize=8.5)
    ax.set_xlim(-0.6, len(runs) - 0.4)
    ax.set_ylim(0, top)
    ax.set_ylabel("Estradiol, E2 (pg/mL)", fontsize=10)
    si = ax.secondary_yaxis("right", functions=(lambda v: v * _units.PMOL_L_PER_PG_ML_ESTRADIOL,
                                                  lambda v: v / _units.PMOL_L_PER_PG_ML_ESTRADIOL))
    si.set_ylabel("pmol/L", fontsize=9, color="#555555")
    si.tick_params(labelsize=8, colors="#555555")
    for side in ("top",):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8.5)
    ax.set_title(_E2_TITLE, fontsize=10.5, loc="left")
    _zone_notes(fig, ax, low, high, top)
    fig.text(0.075, 0.025, _E2_FOOTNOTE, fontsize=7.8, color="#555555", va="bottom")
    return StaticFigure(fig, _estradiol_alt(runs, low, high))


_E2_TITLE = "Estradiol on TRT (200 mg a week) with and without anastrozole (AI): the model"
_E2_FOOTNOTE = ("Bar: lowest to highest level across the weekly injection cycle (weeks 8-16); dot: average. Shaded "
                "band: healthy range (LC-MS/MS, 3-37 pg/mL).\nWhere 'too low' begins is not settled and depends on the "
                "lab method. Educational model, not advice: no dose here is a recommendation.")


def _zone_words(low, high, top):
    """Each zone: (where its note sits on the E2 scale, head, what it is associated with, colour)."""
    return (((high + top) / 2, "Too much estradiol", "breast tissue growth (gynecomastia),\nwater retention, "
             "a stronger brake\non GnRH and LH (re-suppression)", OKABE_ITO["vermillion"]),
            ((low + high) / 2, "Healthy range", "estradiol supports bone, libido\nand mood, and limits body fat",
             STYLE["E2"].color),
            (E2_TOO_LOW / 2, "Too little estradiol", f"(below ~{E2_TOO_LOW:g} pg/mL): bone loss,\nlow libido, "
             "low mood,\nmore body fat", OKABE_ITO["blue"]))


def _zone_notes(fig, ax, low, high, top):
    """What each zone is associated with, in the right margin beside the zone it describes."""
    to_fig = lambda y: ax.transData.transform((0, y))[1] / fig.bbox.height
    for y, head, body, color in _zone_words(low, high, top):
        yf = to_fig(y)
        fig.text(0.715, yf + 0.012, head, fontsize=9.5, fontweight="bold", color=mix(color, 'black', 0.35),
                 va="bottom")
        fig.text(0.715, yf + 0.005, body, fontsize=8.5, color="#333333", va="top", linespacing=1.3)


LINE_IN = 0.17   # inches per line of PHONE_MIN_PT text (with matplotlib's line spacing)


def _estradiol_phone_figure(runs, low, high):
    """The same figure on a phone: one row per scenario (named over its bar), estradiol across the screen, the zone
    notes and the footnote under it as paragraphs."""
    width = figure_width(10.0)
    room = width - 0.2
    top = max(r[3] for r in runs) * 1.25
    notes = [(fit_words(f"{head}: " + body.replace("\n", " "), room, PHONE_MIN_PT), color)
             for _, head, body, color in _zone_words(low, high, top)]
    notes.append((fit_words(_E2_FOOTNOTE.replace("\n", " "), room, PHONE_MIN_PT), "#555555"))
    lines = sum(text.count("\n") + 1 for text, _ in notes)
    bottom = 0.75 + lines * LINE_IN + 0.1 * len(notes)
    title = fit_words(_E2_TITLE, room, FONT)
    fig, ax = phone_rows_figure(len(runs), 0.45 + (title.count("\n") + 1) * 0.18, bottom, 10.0)
    panel_look(ax)
    ax.grid(axis="x", color=GRID, lw=0.8)
    ax.grid(axis="y", visible=False)
    color = STYLE["E2"].color
    ax.axvspan(low, high, color=color, alpha=0.16, lw=0, zorder=0)
    ax.axvspan(high, top, color=OKABE_ITO["vermillion"], alpha=0.10, lw=0, zorder=0)
    ax.axvspan(0, E2_TOO_LOW, color=OKABE_ITO["blue"], alpha=0.10, lw=0, zorder=0)
    for edge in (high, E2_TOO_LOW):
        ax.axvline(edge, color="#555555", lw=0.9, ls=(0, (4, 3)), zorder=1)
    for i, (_, lo, mean, hi) in enumerate(runs):
        ax.plot([lo, hi], [i, i], color=color, lw=9, alpha=0.55, solid_capstyle="butt", zorder=2)
        ax.plot(mean, i, marker="o", ms=7, color="black", zorder=3)
        ax.text(hi + 0.01 * top, i, f" {mean:.0f}", va="center", fontsize=PHONE_MIN_PT, color="black", zorder=3)
    name_rows_over(ax, [r[0].replace("\n", " ") for r in runs])
    ax.set_xlim(0, top)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("Estradiol, E2 (pg/mL)", fontsize=FONT, color=INK)
    pm = ax.secondary_xaxis("top", functions=(lambda v: v * _units.PMOL_L_PER_PG_ML_ESTRADIOL,
                                               lambda v: v / _units.PMOL_L_PER_PG_ML_ESTRADIOL))
    pm.set_xlabel("pmol/L", fontsize=PHONE_MIN_PT, color="#555555")
    pm.tick_params(labelsize=PHONE_MIN_PT, colors="#555555")
    pm.xaxis.set_major_locator(MaxNLocator(4))
    fig.text(0.04 / width, 1 - 0.05 / fig.get_figheight(), title, fontsize=FONT, va="top")
    y = bottom - 0.75
    for text, note_color in notes:   # paragraphs down from under the x label
        fig.text(0.1 / width, y / fig.get_figheight(), text, fontsize=PHONE_MIN_PT, va="top",
                 color=mix(note_color, "black", 0.35))
        y -= (text.count("\n") + 1) * LINE_IN + 0.1
    return fig


def _estradiol_alt(runs, low, high) -> str:
    parts = [f"{label.replace(chr(10), ' ')}: average {mean:.0f} pg/mL (range {lo:.0f}-{hi:.0f})"
             for label, lo, mean, hi in runs]
    return (f"Estradiol in the model; healthy band {low:g}-{high:g} pg/mL. " + "; ".join(parts)
            + ". More anastrozole lowers estradiol step by step, from above the band towards its bottom.")


_E2_SCENARIOS = (   # label, anastrozole (dose mg, every days) or None, TRT on?
    ("No drug\n(untreated)", None, False),
    ("TRT\nalone", None, True),
    ("TRT + AI\n0.25 mg\ntwice weekly", (0.25, 3.5), True),
    ("TRT + AI\n0.5 mg\ntwice weekly", (0.5, 3.5), True),
    ("TRT + AI\n1 mg\ntwice weekly", (1.0, 3.5), True),
    ("TRT + AI\n1 mg\ndaily", (1.0, 1.0), True),
)

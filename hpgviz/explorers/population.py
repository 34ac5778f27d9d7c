"""Explorers and figures of the academic tier's population part: a virtual cohort's recovery after
testosterone stops (against Liu 2006), the sensitivity of the recovery time to each parameter, and the
model beside its calibration targets.

Numbers come from hpgviz.analysis (recovery, sensitivity, validation); this module draws them and shows
the words generated from them. Fixed seeds: the same settings always give the same figure.
Educational model, not medical advice: no setting here is a dose for anyone.
"""
from __future__ import annotations

import html
import math
import textwrap
import threading
import time

import ipywidgets as W
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
import numpy as np

from ..model import jit
from ..model.agents import AGENTS
from ..model.parameters import PHYSIOLOGY
from ..model.patient import Patient
from ..analysis import recovery as _rec, sensitivity as _sens, validation, validation_child
from ..analysis.published import LIU_2006, MONTH_DAYS, NON_RECOVERY_RANGE, NON_RECOVERY_SOURCES
from ..analysis.validation import RECOVERY_SPERM
from ..content.protocols import HTMLTable
from ..viz.panels import name_panel
from ..viz.style import (axes_width_in, fit_words, FONT, INK, OKABE_ITO, on_phone, panel_look,
                         PHONE_MIN_PT, phone_column, STYLE, text_pt, thin_ticks)
from .base import Explorer, name_rows_over, new_figure, phone_rows_figure, static_figure, StaticFigure
from .runs import cached, clear_cache, Moves, run, RunAhead

__all__ = ["PopulationExplorer", "SensitivityExplorer", "cohort_run", "clear_cache", "tornado_figure",
           "validation_figure", "validation_table", "validation_section", "non_recovery_table", "checkpoint_population"]

_KM_COLOR = STYLE["sperm"].color
_PUBLISHED_COLOR = OKABE_ITO["vermillion"]
_THIRDS = (("lowest third", "v", OKABE_ITO["blue"]), ("middle third", "o", "#777777"),
           ("highest third", "^", OKABE_ITO["vermillion"]))
# Cohort sizes; the default is what a move can afford: 1,000 men compiled (about a second on a quiet machine,
# benchmarks/bench_model.py), 200 where Numba is missing (the numpy path: about a second for 200)
_MEN = (("200 men", 200), ("1,000 men", 1000))
# A run shows its progress bar once it has taken this long (s): 1,000 men compiled take ~0.3 s, and each update of
# the bar is a message the page must apply (5 parts: 7 messages a move, with the bar shown and hidden)
PROGRESS_AFTER = 0.5


def _p(text: str) -> str:
    return f"<p style='margin:0.3em 0; line-height:1.4'>{html.escape(text)}</p>"


class FigureWithText(StaticFigure):
    """A static figure followed by the words generated from its numbers (the figure is never the only channel)."""

    def __init__(self, figure, alt: str, text: str, dpi: int = 100):
        super().__init__(figure, alt, dpi)
        self.text = text

    def bundle(self) -> dict:
        bundle = super().bundle()
        bundle["text/html"] += "".join(_p(line) for line in self.text.split("\n"))
        bundle["text/plain"] = f"{self.alt}\n{self.text}"
        return bundle


# --- Population explorer ----------------------------------------------------------------------------------

def _cohort_call(men: int, seed: int, dose: float, months: float, age: float, agent: str = _rec.AGENT):
    """(function, args, kwargs) of the page's cohort run: recovery.cohort_times (every threshold from one run) at
    recovery.PAGE_GRID (the cohort resolution, what the page reads at a few times the speed)."""
    return (_rec.cohort_times, (int(men), int(seed), float(dose), float(months), float(age)),
            dict(agent=agent, **_rec.PAGE_GRID))


def cohort_run(men: int, seed: int, dose: float, months: float, age: float, threshold: float, progress=None,
               agent: str = _rec.AGENT):
    """The cohort's recovery at `threshold` (a CohortRecovery) through the explorers' one cache (the draw is
    fixed by the seed, so the same settings always give the same numbers)."""
    fn, args, kwargs = _cohort_call(men, seed, dose, months, age, agent)
    return cached(fn, *args, progress=progress, **kwargs).at(float(threshold))


class PopulationExplorer(Explorer):
    """A cohort of simulated men on a weekly testosterone ester, stopped, then followed for 24 months:
    the share back at a sperm threshold over time (Kaplan-Meier) with Liu 2006's published points, the share
    not recovered with its sampling interval, and the median recovery by thirds of each covariate.

    Controls: ``ester`` (enanthate or cypionate), ``dose`` (mg per week), ``months`` (of treatment), ``age``
    (middle of the cohort's ages, spread +/- 10 years), ``threshold`` (million/mL), ``men`` (cohort size: 1,000
    compiled, 200 without Numba, by default). A change re-simulates the cohort (seeded)."""

    slug = "population"
    title = "A virtual cohort: recovery of sperm after testosterone stops"
    intro = ("Each man in the model differs a little in his physiology. The curve is the share of men back at the "
             "threshold, month by month after the last injection; the points are the published trials'.")

    def __init__(self, dose: int = 200, months: int = 12, age: int = 30, threshold: float = RECOVERY_SPERM,
                 men: int | None = None, seed: int = 0, ester: str = _rec.AGENT):
        super().__init__()
        self.seed = seed
        self.simulations = 0
        men = (1000 if jit.ENABLED else 200) if men is None else men
        self.ester = self._dropdown("Testosterone ester", "Both esters give the same testosterone per mg in the "
                                    "model (C23); the trials behind the published points used enanthate",
                                    [(AGENTS[a].label, a) for a in _rec.ESTERS], ester, width="360px")
        self.dose = self._slider("IntSlider", "Testosterone (mg of ester per week)", "Weekly dose given to every "
                                 "man in the cohort (an illustration of published trial doses)",
                                 value=dose, min=50, max=300, step=25)
        self.months = self._slider("IntSlider", "Months on testosterone (months)", "How long every man is treated "
                                   "before stopping", value=months, min=3, max=24, step=1)
        self.age = self._slider("IntSlider", "Middle age of the cohort (years)", "The cohort's ages spread 10 years "
                                "either side of this", value=age, min=30, max=55, step=1)
        self.threshold = self._dropdown("Recovered at (sperm, million/mL)", "The count that counts as recovered: "
                                        "Liu 2006 used 20; the WHO lower limit is 16 (2021 manual; 15 in 2010)",
                                        [(f"{t:g} million/mL", t) for t in _rec.THRESHOLDS], float(threshold),
                                        width="360px")
        self.men = self._dropdown("Cohort size", "More men: a smoother curve and a narrower interval, slower",
                                  _MEN, men, width="360px")
        self.progress = W.FloatProgress(value=0, min=0, max=1, description="Simulating the cohort",
                                        style={"description_width": "initial"},
                                        layout=W.Layout(width="360px", visibility="hidden"))
        self._build_figure()
        self.details = W.HTML(layout=W.Layout(width="100%"))
        self.view = self._figure_view(self.figure, "Share of simulated men recovered, month by month after "
                                                   "stopping, with published points; median recovery by thirds "
                                                   "of each covariate.")
        self._ahead = RunAhead()   # (its observers before the update's: a move is noted, then answered)
        self._ahead.follow({"dose": self.dose, "months": self.months, "age": self.age}, self._cohort_call,
                           others=(self.ester, self.threshold, self.men))
        for control in (self.ester, self.dose, self.months, self.age, self.threshold, self.men):
            self._observe(control)
        self._layout([W.Box([W.VBox([self.dose, self.months, self.age]),
                             W.VBox([self.ester, self.threshold, self.men, self.progress])],
                            layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))],
                     self.view, [self.details])
        self.update()
        self.view.after_next_draw(self._ahead.start_first)   # once drawn, before any move: the first slider's neighbours

    # figure ------------------------------------------------------------------------------------------------

    def _build_figure(self):
        phone = on_phone()
        if phone:   # the recovery curve over the thirds, whose names need a wider left margin
            self.figure, (ax, bx) = fig, _ = phone_column((2.0, 1.3), (1.0,), top=0.55, bottom=0.85)
            self.ax_km, self.ax_pred = ax, bx
            box = bx.get_position()
            bx.set_position((1.1 / fig.get_figwidth(), box.y0, box.x1 - 1.1 / fig.get_figwidth(), box.height))
        else:
            self.figure = fig = new_figure((10.0, 3.9))
            self.ax_km = ax = fig.add_axes((0.075, 0.2, 0.5, 0.7))
            self.ax_pred = bx = fig.add_axes((0.75, 0.36, 0.22, 0.54))
        for a in (ax, bx):
            panel_look(a)
        (self.km_line,) = ax.step([], [], where="post", color=_KM_COLOR, lw=2.2, label="model cohort")
        (self.published,) = ax.plot([], [], ls="none", marker="D", ms=7, color=_PUBLISHED_COLOR,
                                    label="Liu 2006 (trials)")
        self.published_labels = [ax.text(0, 0, "", fontsize=FONT - 2, color=_PUBLISHED_COLOR, ha="left", va="top",
                                         visible=False, zorder=4,
                                         bbox=dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.85))
                                 for _ in LIU_2006["share_by_month"]]
        ax.axhline(50, color="#999999", lw=0.8, ls=(0, (3, 3)), zorder=0)
        ax.set_xlim(0, _rec.FOLLOW_UP_MONTHS)
        ax.set_ylim(0, 102)
        ax.set_xticks(thin_ticks([0, 3, 6, 9, 12, 16, 20, 24]))
        ax.set_xlabel("Months after the last injection", fontsize=FONT, color=INK)
        ax.set_ylabel("Men recovered (%)", fontsize=FONT, color=INK)
        ax.legend(loc="lower right", fontsize=FONT - 1.5, frameon=False)
        self.km_title = ax.set_title("", fontsize=FONT, color=INK, loc="left")
        self.third_lines = [bx.plot([], [], ls="none", marker=m, ms=7, color=c, label=lab)[0]
                            for lab, m, c in _THIRDS]
        bx.set_xlabel("Median recovery (months)", fontsize=FONT - 1, color=INK)
        bx.set_title("Recovery by thirds", fontsize=FONT, color=INK, loc="left")
        under = (dict(loc="lower left", bbox_to_anchor=(0.0, 0.0), bbox_transform=fig.transFigure, ncol=3) if phone
                 else dict(loc="upper left", bbox_to_anchor=(-0.05, -0.3), ncol=1))
        bx.legend(**under, fontsize=FONT - 2.5, frameon=False, handletextpad=0.2, labelspacing=0.2, columnspacing=0.8)

    # update -----------------------------------------------------------------------------------------------

    def _cohort_call(self, **moved):
        """_cohort_call of the controls as they stand, or with `moved` (a slider's next value) instead."""
        values = dict(men=self.men.value, seed=self.seed, dose=self.dose.value, months=self.months.value,
                      age=self.age.value, agent=self.ester.value)
        return _cohort_call(**{**values, **moved})

    def compute(self) -> _rec.CohortRecovery:
        self.simulations += 1
        started = time.perf_counter()

        def progress(fraction):
            """The bar only once the run has taken PROGRESS_AFTER: a quicker move sends the page no message."""
            if time.perf_counter() - started >= PROGRESS_AFTER:
                self.progress.value = fraction
                self.progress.layout.visibility = "visible"
        fn, args, kwargs = self._cohort_call()
        self._ahead.settle(fn, *args, **kwargs)   # waited for if it is this run, else stopped
        try:
            return cached(fn, *args, progress=progress, **kwargs).at(self.threshold.value)
        finally:
            self.progress.layout.visibility = "hidden"

    def update(self):
        self.recovery = rec = self.compute()
        months, share = rec.curve()
        self.km_line.set_data(months, 100 * share)
        title = f"{rec.eligible} men, {rec.dose:.0f} mg/week for {rec.months:.0f} months: back at {rec.threshold:g} million/mL"
        self.km_title.set_text(fit_words(title, axes_width_in(self.ax_km), FONT) if on_phone() else title)
        self._draw_published(_rec.published_points(rec.threshold))
        self._draw_predictors(rec.predictors())
        self._set_summary(_rec.summary_text(rec), "What the model shows:")
        parts = [_rec.non_recovery_text(rec), _rec.excluded_text(rec), *_rec.predictors_text(rec),
                 "Each third holds about a third of the men, so its median is noisier than the whole cohort's."]
        self.details.value = "".join(_p(t) for t in parts if t)
        self.view.after_next_draw(self._ahead.start_next)   # once drawn: the run ahead never slows this drawing
        self._refresh_views()

    def close(self):
        self._ahead.settle(None)
        super().close()

    def _draw_published(self, points):
        self.published.set_data([m for m, _ in points], [100 * s for _, s in points])
        for label, (m, s) in zip(self.published_labels, points):
            near_end = m > 0.8 * _rec.FOLLOW_UP_MONTHS   # keep the label inside the axes
            label.set(x=m - 0.4 if near_end else m + 0.3, y=100 * s - 4, ha="right" if near_end else "left",
                      text=f"{100 * s:.0f} %", visible=True)
        for label in self.published_labels[len(points):]:
            label.set_visible(False)

    def _draw_predictors(self, rows):
        bx = self.ax_pred
        for k, line in enumerate(self.third_lines):
            xs = [r["medians"][k] for r in rows]
            line.set_data(xs, list(range(len(rows))))
        finite = [m for r in rows for m in r["medians"] if math.isfinite(m)]
        top = max(finite) if finite else 1.0
        low = min(finite) if finite else 0.0
        pad = max(0.3, 0.15 * (top - low))
        bx.set_xlim(max(0.0, low - pad), top + pad)
        bx.set_ylim(len(rows) - 0.5, -0.5)
        bx.set_yticks(range(len(rows)), [textwrap.fill(r["name"], 14) for r in rows], fontsize=text_pt(FONT - 2))

    def _table(self):
        """For the CSV: months after the stop and the share recovered (Kaplan-Meier)."""
        months, share = self.recovery.curve()
        return ["months after the stop", "share of men recovered (%)"], [months, 100 * share]


# --- Sensitivity --------------------------------------------------------------------------------------------

_TAG_COLOR = {"M": OKABE_ITO["vermillion"], "C": OKABE_ITO["blue"], "S": OKABE_ITO["bluish_green"],
              "V": "#777777"}
_TAG_WORDS = {"M": "modelling assumption (M)", "C": "calibrated (C)", "S": "secondary source (S)",
              "V": "read in the paper (V)"}


def tornado_figure(top: int = 12) -> FigureWithText:
    """The `top` parameters that move the default man's recovery time most when each goes 25 % down and up
    (12 months of enanthate 200 mg a week; days to 20 million/mL after the stop), coloured by source tag."""
    bars = _sens.tornado()
    shown = [b for b in bars if b.swing > 0][:top]
    base = bars[0].base_days
    phone = on_phone()
    if phone:   # each parameter named over its bars, the bars across the screen, the key under the figure
        fig, ax = phone_rows_figure(len(shown), 0.55, 1.55, 9.5)
        width = fig.get_figwidth()
    else:
        fig = static_figure((9.5, 0.42 * max(len(shown), 1) + 1.6))
        ax = fig.add_axes((0.3, 1.0 / fig.get_figheight(), 0.66, 1 - 1.45 / fig.get_figheight()))
    panel_look(ax)
    cap = lambda d: _sens.FOLLOW_UP_DAYS if math.isnan(d) else d
    for i, b in enumerate(shown):
        color = _TAG_COLOR.get(b.tag, "#777777")
        for days, hatch in ((b.low_days, ""), (b.high_days, "///")):
            ax.barh(i, cap(days) - base, left=base, height=0.6, color=color, alpha=0.75, hatch=hatch,
                    edgecolor="white")
    ax.axvline(base, color=INK, lw=1)
    names = [f"{b.name} [{b.tag}]" for b in shown]
    if phone:
        name_rows_over(ax, names)
        ax.xaxis.set_major_locator(MaxNLocator(4))
    else:
        ax.set_yticks(range(len(shown)), names, fontsize=FONT - 1.5)
        ax.set_ylim(len(shown) - 0.5, -0.5)
    x_label = f"Days from the stop to {_sens.THRESHOLD:g} million/mL (default man: {base:.0f})"
    title = "Recovery time when each parameter goes 25 % down (plain) and up (hatched)"
    if phone:
        x_label, title = fit_words(x_label, width - 0.2, FONT - 0.5), fit_words(title, width - 0.2, FONT)
    ax.set_xlabel(x_label, fontsize=FONT - 0.5, color=INK)
    ax.set_title(title, fontsize=FONT, color=INK, loc="left")
    handles = [Patch(color=_TAG_COLOR[t], alpha=0.75, label=_TAG_WORDS[t]) for t in "MCSV"]
    where = (dict(loc="lower left", bbox_to_anchor=(0.0, 0.0), bbox_transform=fig.transFigure, ncol=1) if phone
             else dict(loc="lower right"))
    ax.legend(handles=handles, **where, fontsize=text_pt(FONT - 2.5), frameon=False)
    text = _sens.uncertainty_text(bars)
    return FigureWithText(fig, "Tornado chart of the recovery time's sensitivity to each parameter.", text)


class SensitivityExplorer(Explorer):
    """One parameter swept from half to one and a half times its value: the recovery time across the sweep,
    and the sperm count after the stop at the chosen value against the default man's."""

    slug = "sensitivity"
    title = "One parameter at a time"
    intro = ("Pick a parameter and move it: the left panel shows the sperm count after 12 months of testosterone "
             "enanthate 200 mg a week, the right one the recovery time across the whole sweep.")

    def __init__(self, parameter: str = "spermatogenesis_days", factor: float = 1.0):
        super().__init__()
        self.simulations = 0
        self.parameter = self._dropdown("Parameter", "A physiology parameter of the model (its source tag in "
                                        "brackets)", [(f"{n} [{PHYSIOLOGY[n].tag}]", n)
                                                      for n in _sens.varied_parameters()], parameter)
        self.factor = self._slider("FloatSlider", "Times its default value (x)", "The chosen parameter as a "
                                   "multiple of its default (kept within its allowed range)", unit="times default",
                                   value=factor, min=0.5, max=1.5, step=0.05, readout_format=".2f")
        self._build_figure()
        self.view = self._figure_view(self.figure, "Sperm after the stop at the chosen parameter value and the "
                                                   "recovery time across the sweep.")
        self._sweeps = {}
        self._observe(self.parameter)
        self._observe(self.factor)
        self._layout([self.parameter, self.factor], self.view)
        self.update()

    def _build_figure(self):
        if on_phone():   # the sperm count over the sweep, each panel named over it
            self.figure, (ax, bx) = phone_column((1.8, 1.5), (0.85,), top=0.3, bottom=0.5)
        else:
            self.figure = fig = new_figure((10.0, 3.4))
            ax, bx = fig.add_axes((0.07, 0.17, 0.5, 0.72)), fig.add_axes((0.67, 0.17, 0.3, 0.72))
        self.ax_sperm, self.ax_sweep = ax, bx
        for a in (ax, bx):
            panel_look(a)
        (self.default_line,) = ax.plot([], [], color="#999999", lw=1.8, ls=(0, (4, 2)), label="default man")
        (self.chosen_line,) = ax.plot([], [], color=_KM_COLOR, lw=2.2, label="chosen value")
        ax.axhline(_sens.THRESHOLD, color=_PUBLISHED_COLOR, lw=0.9, ls=(0, (2, 2)))
        ax.set_xlabel("Months after the stop", fontsize=FONT, color=INK)
        name_panel(ax, "Sperm (million/mL)", FONT)
        ax.legend(loc="lower right", fontsize=FONT - 1.5, frameon=False)
        (self.sweep_line,) = bx.plot([], [], color=_KM_COLOR, lw=1.8, marker="o", ms=3)
        (self.sweep_marker,) = bx.plot([], [], ls="none", marker="D", ms=8, color=_PUBLISHED_COLOR)
        bx.set_xlabel("Times the default value", fontsize=FONT - 0.5, color=INK)
        name_panel(bx, f"Days to {_sens.THRESHOLD:g} million/mL", FONT - 0.5)

    def _run(self, patient):
        """Through the explorers' one cache: the default man's run is made once, a value come back to costs nothing."""
        regimen = _rec.trt_regimen(_sens.DOSE, _sens.MONTHS)
        stop = regimen.courses[0].stop_day
        res = run(regimen, stop + _sens.FOLLOW_UP_DAYS, patient, dt=1.0)
        after = res.t >= stop
        return (res.t[after] - stop) / MONTH_DAYS, res["sperm"][after]

    def value(self) -> float:
        spec = PHYSIOLOGY[self.parameter.value]
        v = min(max(spec.value * self.factor.value, spec.low), spec.high)
        return float(round(v)) if self.parameter.value in _sens.INTEGER else v

    def update(self):
        name = self.parameter.value
        self.simulations += 1
        if name not in self._sweeps:
            self._sweeps[name] = _sens.sweep(name)
        values, days = self._sweeps[name]
        default = PHYSIOLOGY[name].value
        x_default, y_default = self._run(Patient())
        x, y = self._run(Patient(**{name: self.value()}))
        self.default_line.set_data(x_default, y_default)
        self.chosen_line.set_data(x, y)
        self.ax_sperm.set_xlim(0, _sens.FOLLOW_UP_DAYS / MONTH_DAYS)
        self.ax_sperm.set_ylim(0, max(float(np.max(y)), float(np.max(y_default))) * 1.1)
        factors = values / default
        self.sweep_line.set_data(factors, days)
        chosen_days = cached(_sens.recovery_days, Patient(**{name: self.value()}))
        self.sweep_marker.set_data([self.value() / default], [chosen_days])
        finite = days[np.isfinite(days)]
        if finite.size:
            self.ax_sweep.set_ylim(max(0.0, finite.min() - 10), finite.max() + 10)
        self.ax_sweep.set_xlim(factors.min() - 0.05, factors.max() + 0.05)
        self._set_summary(self._text(name, chosen_days, days), "What the model shows:")
        self._refresh_views()

    def _text(self, name, chosen, days) -> str:
        spec = PHYSIOLOGY[name]
        finite = days[np.isfinite(days)]
        now = "no recovery within 2 years" if math.isnan(chosen) else f"{chosen:.0f} days"
        span = (f"across the sweep {finite.min():.0f} to {finite.max():.0f} days" if finite.size
                else "no recovery anywhere in the sweep")
        tag = _TAG_WORDS.get(spec.tag, spec.tag)
        return (f"{name} = {self.value():.3g} {spec.unit} ({self.factor.value:.2f} x default; {tag}): sperm back at "
                f"{_sens.THRESHOLD:g} million/mL {now} after the stop; {span}.")

    def _table(self):
        values, days = self._sweeps[self.parameter.value]
        return [f"{self.parameter.value} ({PHYSIOLOGY[self.parameter.value].unit})",
                f"time to {_sens.THRESHOLD:g} million/mL after the stop (days)"], [values, days]


# --- Validation ----------------------------------------------------------------------------------------------

_VALIDATED = {}   # fast -> rows: the figure and the table of one page share one run


def _validation_rows(rows=None, fast: bool = True, **options):
    """validate()'s rows (given, or run now, once per page; `options`: validate's, e.g. before_run)."""
    if rows is not None:
        return list(rows)
    if fast not in _VALIDATED:
        _VALIDATED[fast] = list(validation.validate(fast=fast, **options))
    return list(_VALIDATED[fast])


_FAR = 3.0   # distances beyond this are drawn at the edge with an arrow


def _distance(row) -> float:
    """Where a row sits on the figure, in tolerances from the target (|x| <= 1: met). A one-sided target or an
    ordering ("at_most", "at_least", "above") has no two-sided tolerance: met is drawn at 0, missed at the edge
    on the side it missed."""
    model, target, tol = (float(row[k]) for k in ("model", "target", "tolerance"))
    if not math.isfinite(model):
        return math.nan
    check = row.get("check", "near")
    if check != "near":   # a miss of "at most" is too high; of "at least" or "above", too low
        return 0.0 if row["passes"] else (math.inf if check == "at_most" else -math.inf)
    if tol <= 0:
        return 0.0 if model == target else math.copysign(math.inf, model - target)
    return (model - target) / tol


def validation_figure(rows=None, fast: bool = True):
    """Each calibration target as a row: the model's distance from the published value, in tolerances (the
    band from -1 to 1 is within the tolerance). `rows`: validate()'s rows (default: run it, small cohorts)."""
    rows = _validation_rows(rows, fast)
    phone = on_phone()
    if phone:   # each target named over its mark, the distances across the screen
        fig, ax = phone_rows_figure(len(rows), 0.55, 1.0, 9.5)
    else:
        fig = static_figure((9.5, 0.3 * max(len(rows), 1) + 1.3))
        height = fig.get_figheight()
        ax = fig.add_axes((0.42, 0.75 / height, 0.55, 1 - 1.1 / height))
    panel_look(ax)
    ax.axvspan(-1, 1, color=OKABE_ITO["bluish_green"], alpha=0.15, lw=0)
    ax.axvline(0, color=INK, lw=0.8)
    for i, row in enumerate(rows):
        d = _distance(row)
        color = OKABE_ITO["bluish_green"] if row["passes"] else OKABE_ITO["vermillion"]
        if math.isnan(d):
            ax.text(0, i, "no model value", ha="center", va="center", fontsize=text_pt(FONT - 2), color=color)
            continue
        one_sided = row.get("check", "near") != "near"
        marker = ">" if d > _FAR else "<" if d < -_FAR else ("s" if one_sided else "o")
        ax.plot([max(-_FAR, min(_FAR, d))], [i], marker=marker, ms=6, color=color, ls="none")
    if phone:
        name_rows_over(ax, [_row_name(r) for r in rows])
        ax.set_xticks(thin_ticks(range(-int(_FAR), int(_FAR) + 1)))
    else:
        ax.set_yticks(range(len(rows)), [_row_name(r) for r in rows], fontsize=FONT - 3)
        ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-_FAR - 0.3, _FAR + 0.3)
    x_label = ("Model minus target, in tolerances (shaded: met; arrows: further out;\nsquares: one-sided targets and "
               "orderings, at 0 when met)")
    title = "The model beside its calibration targets (green: met, red: missed)"
    if phone:
        room = fig.get_figwidth() - 0.2
        x_label, title = fit_words(x_label.replace("\n", " "), room, PHONE_MIN_PT), fit_words(title, room, FONT)
    ax.set_xlabel(x_label, fontsize=text_pt(FONT - 2), color=INK)
    ax.set_title(title, fontsize=FONT, color=INK, loc="left")
    return FigureWithText(fig, "Calibration targets: how far the model is from each, in tolerances.",
                          validation_text(rows))


class ValidationSection:
    """validation_figure and validation_table together. With the runs in validate()'s cache they show at once;
    otherwise, in a live page, an output box shows them when a background thread has run them, so the cell
    returns at once and the explorers above answer meanwhile (a cell that ran the validation would hold every
    move on the page until it ended). The runs are made in a child process at the lowest CPU priority
    (analysis.validation_child: no GIL or model threads shared with the page), then read from the cache."""

    def __init__(self, fast: bool = True):
        self.fast = fast
        self.box, self.thread, self.views = None, None, []

    def _ipython_display_(self):
        from IPython.display import display
        if self.fast in _VALIDATED or validation.is_cached(fast=self.fast):
            rows = _validation_rows(fast=self.fast)
            display(validation_figure(rows), validation_table(rows))
            return
        self.box = W.Output()
        self.box.append_stdout("The model is running the validation scenarios; the figure and the table appear "
                               "here when they are done. The explorers above answer meanwhile.\n")
        display(self.box)
        self.thread = threading.Thread(target=self._fill, daemon=True)
        self.thread.start()

    def _fill(self):
        try:   # what the child left (the cache off, a parameter changed here): each scenario once the page is quiet
            validation_child.run_in_a_child(fast=self.fast)
            rows = _validation_rows(fast=self.fast, before_run=Moves.wait_quiet)
            shown = [validation_figure(rows), validation_table(rows)]
        except Exception as error:   # shown in the box: a thread's exception would only reach the kernel log
            self.box.outputs = ()
            self.box.append_stderr(f"The validation could not run: {error!r}\n")
            return
        # as HTML widgets: an output box's content is untrusted, so a figure's bundle would show its bare PNG
        # (no alt text) instead of its HTML; a widget shows the <img alt> and the table as they are
        self.views = [W.HTML(item.bundle()["text/html"] if hasattr(item, "bundle") else item._repr_html_(),
                             layout=W.Layout(width="100%")) for item in shown]
        self.box.outputs = ()
        for view in self.views:
            self.box.append_display_data(view)


def validation_section(fast: bool = True) -> ValidationSection:
    """The validation figure and its table, never holding the page (see ValidationSection)."""
    return ValidationSection(fast)


def _row_name(row) -> str:
    """The row's short name (validate()'s key, which starts with the target id), else id and quantity."""
    return _short(row["key"]) if row.get("key") else f"{row['id']}: {_short(row['quantity'])}"


def _short(text: str, n: int = 42) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def validation_table(rows=None, fast: bool = True):
    """The rows as a table: model, published value, tolerance, met or not, source and note."""
    rows = _validation_rows(rows, fast)
    table = [{"target": r["id"], "scenario": r["scenario"], "quantity": r["quantity"],
              "model": _value(r, r["model"]), "target (published, with tolerance)": _tolerance_words(r),
              "met": "yes" if r["passes"] else "no",
              "source": r["source"], "note": r.get("note", "")} for r in rows]
    return HTMLTable(table, "The model beside its calibration targets", list(table[0]) if table else [],
                     "Tolerances are set per target from the spread of the published data; see docs/SOURCES.md.")


def _value(row, x) -> str:
    """A value of the row in its unit: shares as percentages."""
    x = float(x)
    if not math.isfinite(x):
        return "none"
    return f"{100 * x:.0f} %" if row["unit"] == "share" else f"{x:.3g} {row['unit']}"


def _tolerance_words(row) -> str:
    check, target = row.get("check", "near"), float(row["target"])
    tol = float(row["tolerance"])
    if check == "at_most":
        return f"at most {_value(row, target + tol)}"
    if check == "at_least":
        return f"at least {_value(row, target - tol)}"
    if check == "above":
        return f"above {_value(row, target)}"
    spread = f"{100 * tol:.0f} %" if row["unit"] == "share" else f"{tol:.3g}"
    return f"{_value(row, target)} ± {spread}"


def validation_text(rows) -> str:
    """How many targets the model meets, and each miss with its numbers and its note."""
    rows = list(rows)
    misses = [r for r in rows if not r["passes"]]
    lines = [f"The model meets {len(rows) - len(misses)} of {len(rows)} targets."
             + (" The misses, each with the model's value, the target and the note of its run:" if misses else "")]
    lines += [f"{r['id']}, {r['quantity']}: model {_value(r, r['model'])}, target {_tolerance_words(r)}"
              + (f" ({r['note']})." if r.get("note") else ".") for r in misses]
    return "\n".join(lines)


# --- Non-recovery: the published range beside the model's cohort --------------------------------------------------

def non_recovery_table(men: int = 200, seed: int = 0) -> HTMLTable:
    """The share of men not back at 20 million/mL 24 months after stopping: the published range and the model's
    cohort after short and long treatment at two ages."""
    rows = [{"who": "published, by population", "share not recovered by 24 months":
             f"about {100 * NON_RECOVERY_RANGE[0]:.0f} % to {100 * NON_RECOVERY_RANGE[1]:.0f} %",
             "95 % interval (sampling)": "", "source": NON_RECOVERY_SOURCES}]
    for months, age in ((6, 30), (24, 30), (24, 55)):
        rec = cohort_run(men, seed, 200, months, age, 20.0)
        k, n, share, low, high = rec.not_recovered()
        rows.append({"who": f"model: {n} men aged {age - 10}-{age + 10}, 200 mg/week for {months} months",
                     "share not recovered by 24 months": f"{k} of {n} ({100 * share:.0f} %)",
                     "95 % interval (sampling)": f"{100 * low:.1f}-{100 * high:.1f} %",
                     "source": "this model (Cohort, fixed seed)"})
    return HTMLTable(rows, "How often sperm do not return: no single number", list(rows[0]),
                     "The model's interval is for a cohort of this size only; it says nothing about how right the "
                     "model is.")


# --- Metabolic health: the model's one route, in numbers ----------------------------------------------------

def metabolic_table() -> HTMLTable:
    """The untreated steady state of the healthy man and of the secondary-hypogonadism preset (more aromatase,
    a hypothalamus that reads estradiol more strongly): the one metabolic route the model has."""
    from ..model.engine import simulate
    from ..model.patient import PRESETS
    from ..model.regimen import Regimen
    rows = []
    for key in ("healthy", "secondary_hypogonadism"):
        patient = Patient.preset(key)
        res = simulate(Regimen([]), days=30, patient=patient)
        rows.append({"model man": PRESETS[key][1],
                     "aromatase (x healthy)": f"{patient.values['aromatase_activity']:.2g}",
                     "estradiol sensitivity (x healthy)": f"{patient.values['estrogen_sensitivity']:.2g}",
                     "T (ng/dL)": f"{res.at(0, 'T'):.0f}", "LH (IU/L)": f"{res.at(0, 'LH'):.1f}",
                     "E2 (pg/mL)": f"{res.at(0, 'E2'):.0f}", "sperm (million/mL)": f"{res.at(0, 'sperm'):.0f}"})
    return HTMLTable(rows, "No drug: the healthy man and the secondary-hypogonadism man of the model", list(rows[0]),
                     "The preset is fitted to one clomiphene study (Ramasamy 2014); insulin resistance, inflammation, "
                     "SHBG and leptin are not in the model.")

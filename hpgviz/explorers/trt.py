"""Explorers for the fundamentals notebook: controls -> Regimen -> simulate -> move the artists.

Each explorer is one object that a notebook shows with a one-line call (``widgets.TRTExplorer()``).
It builds its figures once (hpgviz.viz's builders, created under ``plt.ioff()``); a control change
runs one simulation and then only moves artist data. How figures, errors and the summary are shown
is common to every explorer: see ``explorer_base``.

No model equations here, and no advice: every setting is an illustration of the mechanism.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..model import units as _units
from ..model.agents import AGENTS
from ..model.engine import simulate
from ..model.parameters import REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.outcomes import level_text, summarise
from ..analysis.recovery import band_cohort, BAND_LABEL, BAND_MEANING, BAND_MEN, between_men_text
from ..content.protocols import TRT_WEEKLY_RANGE
from ..content.words import (beside_trt_words, feedback_agents_beside_trt, html_line, percent_text,
                             without_feedback_agents)
from ..viz.diagram import AxisDiagram, diagram_size, drugs_on_day, relative_levels
from ..viz.panels import ScenarioFigure
from ..viz.style import STYLE
from .base import Explorer, static_figure, StaticFigure
from .runs import band_run, counted_run, mean_between, NextStep, run, RunCache, WEEK

__all__ = ["TRTExplorer", "RestartFamilies", "estradiol_figure", "healthy_axis_figure", "print_checkpoints",
           "StaticFigure"]

# Horizon: at least 2 years, and always a full year after TRT stops so the recovery is visible. (A fixed
# 3 years squeezed a typical 6-month course and its recovery into the left third of the figure.)
MIN_HORIZON_DAYS = 2 * 365
RECOVERY_DAYS = 365


# --- TRT explorer ------------------------------------------------------------------------------------

_MAN = "The model man"   # the strip's row: the TRT on top, then any other drug he is given
_TRT_PANELS = (("T",), ("LH", "FSH"), ("ITT",), ("sperm",))
_TRT_PANELS_E2 = (("T",), ("E2",), ("LH", "FSH"), ("sperm",))
_ESTERS = [("testosterone cypionate", "testosterone_cypionate"),
           ("testosterone enanthate", "testosterone_enanthate")]
_INTERVALS = [("weekly: 1 injection a week", 7.0), ("twice weekly: 2 half-size injections", 3.5)]
_AI_DOSE, _AI_EVERY = 0.5, 3.5   # anastrozole 0.5 mg twice weekly: the combination shown in the seeds


_BAND_SERIES = tuple(dict.fromkeys(name for panel in _TRT_PANELS + _TRT_PANELS_E2 for name in panel))


def _band_men(regimen: Regimen, days: float, patient: Patient):
    """The band's men on a regimen (full resolution at 1-day points: the band as drawn since round 12), with only
    the series the panels draw."""
    return band_run(regimen, days, band_cohort(patient), _BAND_SERIES)


class TRTExplorer(Explorer):
    slug = "trt"
    """Testosterone therapy from day 0 to a stop day, and the axis's response and its recovery afterwards.

    Controls: ``dose`` (mg per week, 0 = no TRT), ``ester``, ``interval`` (days between injections),
    ``weeks`` (weeks on TRT; TRT stops on day 7 x weeks), ``anastrozole`` (add 0.5 mg twice weekly
    for the same weeks), ``units``, ``day`` (the day the axis diagram shows). The starting values
    are illustrations, not advice. ``show_estradiol=True`` puts an estradiol panel in place of the
    intratesticular-T panel (for the anastrozole section).
    """

    def __init__(self, patient=None, *, dose: int = 200, weeks: int = 26, ester: str = "testosterone_cypionate",
                 every_days: float = 7.0, anastrozole: bool = False, units: str = "conventional",
                 day: int | None = None, show_estradiol: bool = False, spread: bool = False):
        super().__init__()
        self.patient = patient if patient is not None else Patient()
        self.simulations = 0
        self.cohort_result = None     # the band's men, simulated only while the box is ticked
        self._band = self._band_after(self._show_band)
        self._bands = RunCache(size=3)  # the band's runs (~7 MB each): this move's, the one run ahead, a step back
        self.days = self.horizon(weeks)
        self._make_controls(dose, weeks, ester, every_days, anastrozole, units, day)
        self._next = NextStep({"dose": self.dose, "weeks": self.weeks}, others=(self.ester, self.interval,
                                                                                 self.anastrozole))
        self.spread = self._checkbox(
            f"show how men differ (10th-90th percentile of {BAND_MEN} simulated men)",
            f"Shades the range of {BAND_MEN} simulated men on the same regimen around this man's lines: "
            f"{BAND_MEANING}", spread)
        # Untreated run over the longest horizon: the diagram's "100 %" on any day.
        self.baseline = counted_run(self, Regimen([]), self.horizon(self.weeks.max))
        self._limit_results = self._limit_scenarios()              # fixed y-scales, see _fix_scales
        self.result = counted_run(self, self.regimen(), self.days)
        self._build_figures(show_estradiol)
        if self.spread.value:   # the starting picture has its band
            self.cohort_result = self._bands.get(_band_men, *self._band_run())
        self._wire()
        self._arrange()
        self._redraw()

    # controls ---------------------------------------------------------------------------------------

    def _make_controls(self, dose, weeks, ester, every_days, anastrozole, units, day):
        # Sliders here redraw while being dragged; full width up to 560 px.
        slider = dict(continuous_update=True, layout=W.Layout(width="100%", max_width="560px"))
        menu = dict(layout=W.Layout(width="auto", max_width="560px"))
        self.dose = self._slider(
            "IntSlider", "TRT dose (mg per week)", "Testosterone injected per week, in mg (0 = no TRT). Use the "
            "arrow keys to move it.", value=dose, min=0, max=300, step=10, **slider)
        self.ester = self._dropdown("Testosterone ester", "Cypionate and enanthate release the same testosterone "
                                    "at practically the same speed", _ESTERS, ester, **menu)
        self.interval = self._dropdown("Injections", "Same weekly dose, split into one or two injections",
                                       _INTERVALS, float(every_days), **menu)
        self.weeks = self._slider(
            "IntSlider", "Weeks on TRT (TRT starts on day 0)", "How long TRT lasts; it stops on day 7 x weeks and "
            "the figure shows the recovery after", unit="weeks", value=weeks, min=1, max=104, step=1, **slider)
        self.anastrozole = self._checkbox(
            "add anastrozole 0.5 mg twice weekly", "Aromatase inhibitor given with TRT for the same weeks: an "
            "illustration of a common combination, not a recommendation", anastrozole)
        self.units = self._units_toggle(units)
        self.day = self._slider(
            "IntSlider", "Day shown on the diagram", "The axis diagram shows the hormone levels on this day; a "
            "grey line marks it on the panels", unit="day {}", value=0, min=0, max=self.horizon(weeks), step=1, **slider)
        # Default: week 12 plus 3 days, mid-way between two weekly injections (an injection day shows the
        # trough, where the model's GnRH briefly overshoots); never after the stop day.
        self.day.value = day if day is not None else min(12 * WEEK + 3, weeks * WEEK - 1)
        self.jump = W.Button(description="Show the day LH is lowest", tooltip="Move the diagram to the "
                             "day of deepest suppression", layout=W.Layout(width="auto"))

    def set(self, **values):
        """As Explorer.set; the day slider's range follows the weeks, so a new length widens it first."""
        if "weeks" in values:
            with self._quiet():
                self.day.max = max(self.day.max, self.horizon(int(values["weeks"])))
        return super().set(**values)

    @staticmethod
    def horizon(weeks: int) -> int:
        """Days simulated: 2 years, or the stop day plus a year of recovery if that is longer."""
        return max(MIN_HORIZON_DAYS, weeks * WEEK + RECOVERY_DAYS)

    def regimen(self, dose: int | None = None, weeks: int | None = None) -> Regimen:
        """The Regimen the controls describe (no TRT course when the dose is 0); `dose` or `weeks` instead of its
        slider's value (the band run ahead)."""
        dose = self.dose.value if dose is None else dose
        stop = (self.weeks.value if weeks is None else weeks) * WEEK
        courses = []
        if dose > 0:
            per_injection = dose * self.interval.value / WEEK
            courses.append(Course(self.ester.value, dose=per_injection, every_days=self.interval.value,
                                  start_day=0, stop_day=stop))
        if self.anastrozole.value:
            courses.append(Course("anastrozole", dose=_AI_DOSE, every_days=_AI_EVERY, start_day=0, stop_day=stop))
        return Regimen(courses)

    # figures ----------------------------------------------------------------------------------------

    def _limit_scenarios(self):
        """Runs that bound every panel over the whole control space (highest T peaks; highest LH/FSH)."""
        stop, top_dose = self.weeks.max * WEEK, self.dose.max * max(v for _, v in _INTERVALS) / WEEK
        high_t = [Regimen([Course(ester, dose=top_dose, every_days=max(v for _, v in _INTERVALS), start_day=0,
                                  stop_day=stop)]) for _, ester in _ESTERS]
        high_lh = Regimen([Course("anastrozole", dose=_AI_DOSE, every_days=_AI_EVERY, start_day=0, stop_day=stop)])
        return [simulate(r, days=self.horizon(self.weeks.max), patient=self.patient) for r in (*high_t, high_lh)]

    def _build_figures(self, show_estradiol):
        self.show_estradiol = show_estradiol
        self.panel_names = _TRT_PANELS_E2 if show_estradiol else _TRT_PANELS
        self._scaled_units = None
        self.panels = ScenarioFigure(self.panel_names, scenarios=1, labels=[_MAN], units=self.units.value,
                                     width=9.0, panel_height=1.45, y_limits="grow", max_points=2000)
        self.diagram = AxisDiagram(width=6.5)
        names = ", ".join(STYLE[n].label for group in self.panel_names for n in group)
        self.panel_view = self._figure_view(self.panels.figure, f"Time courses from the start of TRT: {names}.")
        self.diagram_view = self._figure_view(self.diagram.figure, "Diagram of the hormone axis with signal "
                                                                   "strengths.")

    def _fix_scales(self):
        """Fixed y-scales: a dose change moves the line, not the axis (grow mode, primed with the extremes
        once per unit system: grow mode starts afresh when the units change)."""
        if self._scaled_units == self.units.value:
            return
        for bound in (*self._limit_results, self.baseline):
            self.panels.update([bound], units=self.units.value, draw=False)
        self._scaled_units = self.units.value

    # layout -----------------------------------------------------------------------------------------

    def _arrange(self):
        self.diagram_text = W.HTML(layout=W.Layout(width="100%"))
        note = W.HTML(html_line("Starting values are an illustration (a dose used in published studies), "
                                 "not advice. The anastrozole box shows a common combination, as an illustration."),
                      layout=W.Layout(width="100%"))
        left = W.VBox([self.dose, self.weeks, self.anastrozole, self.spread],
                      layout=W.Layout(width="auto", min_width="320px", flex="1 1 420px"))
        right = W.VBox([self.ester, self.interval, self.units], layout=W.Layout(width="auto", min_width="300px",
                                                                                 flex="1 1 380px"))
        controls = W.Box([left, right], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        caption = W.HTML(html_line(
            "The diagram shows the hormone levels on the chosen day as a share of this model man's untreated "
            "levels (100 % = normal): thicker arrows and brighter glands mean stronger signals; a coloured "
            "badge means that drug is being taken that day. The grey vertical line on the panels marks the day."))
        side = W.VBox([self.day, self.jump, self.diagram_text, caption],
                      layout=W.Layout(min_width="300px", flex="1 1 300px"))
        diagram_row = W.Box([self.diagram_view.widget, side],
                            layout=W.Layout(display="flex", flex_flow="row wrap", align_items="flex-start"))
        self._layout([controls, note], self.panel_view, [diagram_row])

    # callbacks --------------------------------------------------------------------------------------

    def _wire(self):
        for control in (self.dose, self.ester, self.interval, self.weeks, self.anastrozole):
            self._observe(control)                                               # new regimen: simulate
        self._observe(self.spread, lambda: self._request_update(self._band_changed))   # band on or off
        self._observe(self.units, lambda: self._request_update(self._redraw))    # same run, other units
        self._observe(self.day, lambda: self._request_update(self._redraw_day))  # same run, other day
        self.jump.on_click(self._guard(self._jump_to_lowest_lh))

    def _jump_to_lowest_lh(self):
        self.day.value = int(round(self.result.t[int(np.argmin(self.result["LH"]))]))

    def update(self):
        """One simulation of the regimen the controls describe, then move every artist and the texts."""
        self._set_horizon()
        self.result = counted_run(self, self.regimen(), self.days)
        self._band_changed()

    def _band_run(self, **moved) -> tuple:
        """_band_men's arguments for the regimen the controls describe, or with `moved` (dose or weeks) instead."""
        weeks = moved.get("weeks", self.weeks.value)
        return self.regimen(**moved), self.horizon(weeks), self.patient

    def _band_changed(self):
        """Draw the man's lines; the band only while the box is ticked (the unticked path runs nothing). In a kernel
        the band follows its man (BandRun: the key press is answered by his lines, an older move's band is never
        drawn) unless it was run ahead (then it is drawn with him); elsewhere it is run in the move and drawn with him."""
        self.cohort_result = None
        band = self._band_run()
        later = self._band.follows(self.spread.value and not self._bands.has(_band_men, *band))
        if self.spread.value and not later:
            self.cohort_result = self._bands.get(_band_men, *band)
        self._ahead_once_drawn(self.cohort_result is not None)
        self._redraw()
        if later:
            self._band.start(self._bands.get, _band_men, *band)

    def _show_band(self, result):
        self.cohort_result = result
        self._ahead_once_drawn(True)
        self._redraw()

    def _ahead_once_drawn(self, band_drawn: bool):
        """When this drawing has a band: the next step's band run ahead once the panels are drawn (BandRun)."""
        self._band.ahead_once_drawn(self.panel_view, self._next.moved if band_drawn else None, self._bands,
                                    _band_men, self._band_run)

    def _redraw(self):
        self._fix_scales()
        self.panels.update([self.result], units=self.units.value, draw=False, spreads=[self.cohort_result],
                           spread_caption=BAND_LABEL)
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._redraw_day()

    def _redraw_day(self):
        self._show_day()
        self._refresh_views()

    def _set_horizon(self):
        """Follow the weeks slider; the diagram's day slider never points past the end."""
        self.days = self.horizon(self.weeks.value)
        with self._quiet():   # update() shows the (possibly clamped) day itself
            self.day.max = self.days

    def _show_day(self):
        day = self.day.value
        levels = relative_levels(self.result, self.baseline, day)
        self.diagram.update(levels, drugs_on_day(self.result.regimen, day), draw=False)
        self.panels.mark_day(day, f"diagram: day {day:.0f}")   # a bare grey line would puzzle newcomers
        self.diagram_text.value = html_line(_day_text(day, levels), f"Day {day} (week {day / WEEK:.0f}):")

    # text -------------------------------------------------------------------------------------------

    def schedule_text(self) -> str:
        stop = self.weeks.value * WEEK
        if self.dose.value == 0:
            what = "No TRT"
            if self.anastrozole.value:
                what += f"; anastrozole 0.5 mg twice weekly alone, days 0 to {stop - 1} (stopped on day {stop})"
            return what + "."
        n = int(round(WEEK / self.interval.value))
        per = self.dose.value * self.interval.value / WEEK
        ester = AGENTS[self.ester.value].label
        text = (f"TRT: {self.dose.value} mg a week of {ester} ({n} injection{'s' if n > 1 else ''} of {per:g} mg "
                f"a week), days 0 to {stop - 1}, stopped on day {stop} (week {self.weeks.value})")
        if self.anastrozole.value:
            text += ", with anastrozole 0.5 mg twice weekly over the same weeks"
        return text + "."

    def shown(self):
        """For the CSV: the run on the panels, its series, the unit system."""
        return [("TRT scenario", self.result)], [n for g in self.panel_names for n in g], self.units.value

    def _compose_summary(self) -> str:
        """The one-line readout (``summary_text``): the schedule, then what the model's curves did (in the
        chosen units)."""
        text = summarise(self.result, units=self.units.value)
        if self.show_estradiol and self.result.regimen.courses:
            text += " " + self._estradiol_text()
        if self.cohort_result is not None and self.dose.value > 0:
            text += " " + between_men_text(self.cohort_result, after=self.weeks.value * WEEK)
        return f"{self.schedule_text()} {text}{self._beside_trt_text()}"

    def _beside_trt_text(self) -> str:
        """With a SERM or an AI during TRT: the sperm count at the stop against the same TRT alone (a cached run),
        and that no trial has counted it (empty otherwise)."""
        courses = self.result.regimen.courses
        beside = feedback_agents_beside_trt(courses)
        if not beside:
            return ""
        stop = self.weeks.value * WEEK
        alone = run(Regimen(without_feedback_agents(courses)), self.days, self.patient)
        return " " + beside_trt_words(beside, self.result.at(stop, "sperm"), alone.at(stop, "sperm"))

    def _estradiol_text(self) -> str:
        """Average estradiol over the treatment weeks, for the explorer that plots it."""
        res, stop = self.result, self.weeks.value * WEEK
        on = (res.t >= min(4 * WEEK, stop / 2)) & (res.t < stop)   # after the first weeks' build-up
        e2, unit = _units.convert(np.mean(res["E2"][on]), "E2", self.units.value)
        return (f"Estradiol averaged {float(e2):.0f} {unit} during the treatment weeks "
                f"(healthy range {_range_text('E2', self.units.value)}).")


def _range_text(name, system) -> str:
    low, high = (float(_units.convert(v, name, system)[0]) for v in REFERENCE_RANGES[name])
    return f"{low:.0f}-{high:.0f} {_units.unit_of(name, system)}"


def _day_text(day, levels) -> str:
    """The diagram's numbers as text, so the picture is never the only channel."""
    order = (("GnRH", "GnRH"), ("LH", "LH"), ("FSH", "FSH"), ("T", "testosterone in the blood"),
             ("ITT", "testosterone inside the testes"), ("E2", "estradiol"), ("sperm", "sperm"))
    parts = [f"{label} {percent_text(levels[key]) if key in levels else 'n/a'}" for key, label in order]
    return "; ".join(parts) + " of normal."


# --- Restart families ----------------------------------------------------------------------------------



# --- Static figures ------------------------------------------------------------------------------------



def healthy_axis_figure() -> StaticFigure:
    """The axis diagram of an untreated man: every signal at 100 %, no drug."""
    fig = static_figure(diagram_size(6.5))   # the diagram's text is sized for ~6.5 in; narrower crowds it
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    AxisDiagram(ax)
    return StaticFigure(fig, "Diagram: the hypothalamus sends GnRH to the pituitary, which sends LH to the "
                             "Leydig cells (testosterone) and FSH to the Sertoli cells (sperm); testosterone, "
                             "estradiol and inhibin B feed back to slow the hypothalamus and pituitary.")


# --- Checkpoints for nbval ------------------------------------------------------------------------------


class TypicalTRT(Explorer):
    """Weekly testosterone cypionate with anastrozole twice weekly: what happens to FSH (and sperm)."""

    slug = "typical-trt"

    title = "A typical TRT protocol and FSH"
    intro = "Three versions of the same man: TRT alone, TRT with anastrozole twice weekly, and untreated."

    def __init__(self, trt_dose=200.0, ai_dose=0.5, weeks=26):
        super().__init__()
        lo, hi, st = TRT_WEEKLY_RANGE
        self.trt = self._slider("FloatSlider", "Testosterone cypionate (mg/week)", "Weekly TRT dose in mg, one "
                                "intramuscular injection a week", min=lo, max=hi, step=st,
                                value=min(max(trt_dose, lo), hi), readout_format=".0f", continuous_update=True)
        self.ai = self._slider("FloatSlider", "Anastrozole twice weekly (mg)", "Anastrozole per dose, twice a week",
                               min=0.25, max=1.0, step=0.25, value=min(max(ai_dose, 0.25), 1.0), readout_format=".2f")
        self.weeks = weeks
        self.labels = ["TRT + anastrozole", "TRT alone", "untreated"]
        self.plot = ScenarioFigure((("T",), ("E2",), ("FSH",), ("sperm",)), scenarios=3, labels=self.labels,
                                   panel_height=1.2)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "T, E2, FSH and sperm on TRT with and without anastrozole",
                                      toolbar=True)
        for c_ in (self.trt, self.ai):
            self._observe(c_)
        self._layout([self.trt, self.ai], self.view)
        self.update()

    def update(self):
        end, days = 7.0 * self.weeks, 7.0 * self.weeks
        trt = [Course("testosterone_cypionate", float(self.trt.value), 7.0, 0.0, None)]
        ai = Course("anastrozole", float(self.ai.value), 3.5, 0.0, None)
        self.results = [run(Regimen(trt + [ai]), days), run(Regimen(trt), days), run(Regimen([]), days)]
        self.plot.update(self.results, draw=False)
        f = [mean_between(r, "FSH", end - 28, end) for r in self.results]
        e = [mean_between(r, "E2", end - 28, end) for r in self.results]
        self._set_summary(f"Last month: FSH {level_text('FSH', f[2])} untreated, {level_text('FSH', f[1], '.2f')} on TRT alone, "
                          f"{level_text('FSH', f[0], '.2f')} with "
                          f"anastrozole; E2 {e[2]:.0f}, {e[1]:.0f} and {e[0]:.0f} pg/mL. Exogenous T keeps FSH "
                          "down whatever the anastrozole does.")
        self.view.refresh()

"""Explorers for the fundamentals notebook: controls -> Regimen -> simulate -> move the artists.

Each explorer is one object that a notebook shows with a one-line call (``widgets.TRTExplorer()``).
It builds its figures once (plotting's builders, created under ``plt.ioff()``); a control change
runs one simulation and then only moves artist data. How figures, errors and the summary are shown
is common to every explorer: see ``explorer_base``.

No model equations here, and no advice: every setting is an illustration of the mechanism.
"""
from __future__ import annotations

import html
import math

import ipywidgets as W
import numpy as np

from . import plotting
from .model import units as _units
from .model.agents import AGENTS
from .explorer_base import Explorer, StaticFigure, static_figure
from .analysis.outcomes import SPERM_THRESHOLD, outcomes, summarise
from .model.parameters import E2_TOO_LOW, REFERENCE_RANGES
from .model.patient import Patient
from .model.regimen import Course, Regimen
from .model.engine import simulate
from .analysis.outcomes import level_text
from .analysis.recovery import BAND_LABEL, BAND_MEANING, BAND_MEN, band_cohort, between_men_text

__all__ = ["TRTExplorer", "RestartFamilies", "estradiol_figure", "healthy_axis_figure", "print_checkpoints",
           "StaticFigure"]

WEEK = 7
# Horizon: at least 2 years, and always a full year after TRT stops so the recovery is visible. (A fixed
# 3 years squeezed a typical 6-month course and its recovery into the left third of the figure.)
MIN_HORIZON_DAYS = 2 * 365
RECOVERY_DAYS = 365
ILLUSTRATION = "an illustration of a published kind of regimen, not a recommendation"


# --- Small building blocks --------------------------------------------------------------------------

def _simulate(explorer, regimen: Regimen, days: float):
    """One model run for the explorer's man, counted in ``explorer.simulations`` (tests check one run per
    control change). It calls this module's ``simulate``, which a test may replace to make the model fail."""
    explorer.simulations += 1
    return simulate(regimen, days=days, patient=explorer.patient)


def _darker(color, frac: float):
    """`color` moved a fraction `frac` of the way to black (zone headings stay readable on white)."""
    import matplotlib.colors as mcolors
    return tuple(c * (1 - frac) for c in mcolors.to_rgb(color))


def _html_line(text: str, bold: str = "") -> str:
    head = f"<b>{html.escape(bold)}</b> " if bold else ""
    return f"<p style='margin:0.3em 0; line-height:1.4'>{head}{html.escape(text)}</p>"


class _DayMarker:
    """plotting's day cursor plus a small label saying what it marks (a bare grey line puzzles newcomers)."""

    def __init__(self, panels):
        from matplotlib.transforms import blended_transform_factory
        ax = panels.axes[0]
        self.panels = panels
        self.text = ax.text(0, 1.02, "", transform=blended_transform_factory(ax.transData, ax.transAxes),
                            ha="center", va="bottom", fontsize=8, color="#444444", clip_on=False)

    def move(self, day: float):
        self.panels.mark_day(day, draw=False)
        self.text.set_x(day)
        self.text.set_text(f"diagram: day {day:.0f}")


# --- TRT explorer ------------------------------------------------------------------------------------

_TRT_PANELS = (("T",), ("LH", "FSH"), ("ITT",), ("sperm",))
_TRT_PANELS_E2 = (("T",), ("E2",), ("LH", "FSH"), ("sperm",))
_ESTERS = [("testosterone cypionate", "testosterone_cypionate"),
           ("testosterone enanthate", "testosterone_enanthate")]
_INTERVALS = [("weekly: 1 injection a week", 7.0), ("twice weekly: 2 half-size injections", 3.5)]
_AI_DOSE, _AI_EVERY = 0.5, 3.5   # anastrozole 0.5 mg twice weekly: the combination shown in the seeds


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
        self.days = self.horizon(weeks)
        self._make_controls(dose, weeks, ester, every_days, anastrozole, units, day)
        self.spread = self._checkbox(
            f"show how men differ (10th-90th percentile of {BAND_MEN} simulated men)",
            f"Shades the range of {BAND_MEN} simulated men on the same regimen around this man's lines: "
            f"{BAND_MEANING}", spread)
        # Untreated run over the longest horizon: the diagram's "100 %" on any day.
        self.baseline = _simulate(self, Regimen([]), self.horizon(self.weeks.max))
        self._limit_results = self._limit_scenarios()              # fixed y-scales, see _fix_scales
        self.result = _simulate(self, self.regimen(), self.days)
        self._build_figures(show_estradiol)
        self._simulate_band()
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

    def regimen(self) -> Regimen:
        """The Regimen the controls describe (no TRT course when the dose is 0)."""
        stop = self.weeks.value * WEEK
        courses = []
        if self.dose.value > 0:
            per_injection = self.dose.value * self.interval.value / WEEK
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
        self.panels = plotting.HormonePanels(None, self.panel_names, units=self.units.value, time_ticks="weeks",
                                             strip_rows=2, width=9.0, panel_height=1.45, y_limits="grow")
        self.marker = _DayMarker(self.panels)
        self.diagram = plotting.AxisDiagram(width=6.5)
        names = ", ".join(plotting.STYLE[n].label for group in self.panel_names for n in group)
        self.panel_view = self._figure_view(self.panels.figure, f"Time courses from the start of TRT: {names}.")
        self.diagram_view = self._figure_view(self.diagram.figure, "Diagram of the hormone axis with signal "
                                                                   "strengths.")

    def _fix_scales(self):
        """Fixed y-scales: a dose change moves the line, not the axis (grow mode, primed with the extremes
        once per unit system: grow mode starts afresh when the units change)."""
        if self._scaled_units == self.units.value:
            return
        for bound in (*self._limit_results, self.baseline):
            self.panels.update(bound, units=self.units.value, draw=False)
        self._scaled_units = self.units.value

    # layout -----------------------------------------------------------------------------------------

    def _arrange(self):
        self.diagram_text = W.HTML(layout=W.Layout(width="100%"))
        note = W.HTML(_html_line("Starting values are an illustration (a dose used in published studies), "
                                 "not advice. The anastrozole box shows a common combination, as an illustration."),
                      layout=W.Layout(width="100%"))
        left = W.VBox([self.dose, self.weeks, self.anastrozole, self.spread],
                      layout=W.Layout(width="auto", min_width="320px", flex="1 1 420px"))
        right = W.VBox([self.ester, self.interval, self.units], layout=W.Layout(width="auto", min_width="300px",
                                                                                 flex="1 1 380px"))
        controls = W.Box([left, right], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        caption = W.HTML(_html_line(
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
        self.result = _simulate(self, self.regimen(), self.days)
        self._simulate_band()
        self._redraw()

    def _simulate_band(self):
        """The band's men on the same regimen, only while the box is ticked (the unticked path runs nothing)."""
        self.cohort_result = None
        if self.spread.value:
            self.cohort_result = simulate(self.regimen(), days=self.days, patient=band_cohort(self.patient), dt=1.0)

    def _band_changed(self):
        self._simulate_band()
        self._redraw()

    def _redraw(self):
        self._fix_scales()
        self.panels.update(self.result, units=self.units.value, draw=False, spread=self.cohort_result,
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
        levels = plotting.relative_levels(self.result, self.baseline, day)
        self.diagram.update(levels, plotting.drugs_on_day(self.result.regimen, day), draw=False)
        self.marker.move(day)
        self.diagram_text.value = _html_line(_day_text(day, levels), f"Day {day} (week {day / WEEK:.0f}):")

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
        return f"{self.schedule_text()} {text}"

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
    parts = [f"{label} {plotting.percent_text(levels[key]) if key in levels else 'n/a'}" for key, label in order]
    return "; ".join(parts) + " of normal."


# --- Restart families ----------------------------------------------------------------------------------

_TRT_STOP = 26 * WEEK               # fixed illustrative scenario: 6 months of TRT ...
_RESTART_STOP = _TRT_STOP + 13 * WEEK   # ... then 3 months of a restart agent
_RESTART_DAYS = 2 * 365
_DIAGRAM_DAY = _TRT_STOP + 6 * WEEK     # the diagram shows 6 weeks after TRT stops
_FAMILIES = {   # key -> (checkbox text, tooltip, agent, dose, every_days)
    "SERM": ("SERM: clomiphene 25 mg daily", "Selective estrogen receptor modulator: hides estradiol from the "
             "hypothalamus and pituitary, so they send more GnRH, LH and FSH", "clomiphene", 25, 1.0),
    "hCG": ("hCG: 1,500 IU twice weekly", "Human chorionic gonadotropin: acts like LH directly on the "
            "testes (Leydig cells)", "hcg", 1500, 3.5),
    "AI": ("Aromatase inhibitor: anastrozole 0.5 mg twice weekly", "Blocks aromatase, the enzyme that turns "
           "testosterone into estradiol, so less estradiol feeds back", "anastrozole", 0.5, 3.5),
}


class RestartFamilies(Explorer):
    slug = "restart-families"
    """After 6 months of TRT (200 mg/week cypionate), tick one or more families of restart agents
    (given for 3 months after TRT stops) and compare with stopping alone."""

    def __init__(self, patient=None, *, units: str = "conventional"):
        super().__init__()
        self.patient = patient if patient is not None else Patient()
        self.simulations = 0
        self.days = _RESTART_DAYS
        self.boxes = {key: self._checkbox(text, tip + ". " + ILLUSTRATION.capitalize() + ".")
                      for key, (text, tip, *_) in _FAMILIES.items()}
        self.units = self._units_toggle(units)
        self.baseline = _simulate(self, Regimen([]), self.days)
        self.stop_only = _simulate(self, Regimen([self._trt()]), self.days)
        self.result = self.stop_only
        # Grow mode: ticking or unticking a box moves the lines, not the axes (the stop-only run, always
        # shown, sets the first scale).
        self.panels = plotting.ScenarioFigure((("LH",), ("T",), ("sperm",)), scenarios=2,
                                              labels=["stop only", "with agents"], units=units, width=9.0,
                                              panel_height=1.45, y_limits="grow")
        self.panels.mark_day(_DIAGRAM_DAY, f"diagram: day {_DIAGRAM_DAY}")
        self.diagram = plotting.AxisDiagram(width=6.5)
        self.panel_view = self._figure_view(self.panels.figure, "LH, testosterone and sperm over 2 years: "
                                            "stopping TRT alone compared with stopping plus the ticked agents.")
        self.diagram_view = self._figure_view(self.diagram.figure, "Diagram of the hormone axis with the active "
                                              "restart agents marked where they act.")
        for key, box in self.boxes.items():
            self._observe(box, name=key)                                       # other agents: simulate
        self._observe(self.units, lambda: self._request_update(self._redraw))  # same runs, other units
        self._arrange()
        self._redraw()

    @staticmethod
    def _trt():
        return Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=_TRT_STOP)

    def chosen(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.value]

    def regimen(self) -> Regimen:
        courses = [self._trt()]
        for key in self.chosen():
            _, _, agent, dose, every = _FAMILIES[key]
            courses.append(Course(agent, dose=dose, every_days=every, start_day=_TRT_STOP, stop_day=_RESTART_STOP))
        return Regimen(courses)

    def _arrange(self):
        intro = W.HTML(_html_line(
            "Scenario: 200 mg a week of testosterone cypionate for 26 weeks, stopped on day 182. Each box adds "
            f"one family of restart agents for the 13 weeks after the stop (days 182 to 272): {ILLUSTRATION}."))
        boxes = W.VBox(list(self.boxes.values()), layout=W.Layout(min_width="300px", flex="1 1 420px"))
        controls = W.Box([boxes, self.units], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        caption = W.HTML(_html_line(
            f"The diagram shows day {_DIAGRAM_DAY}, 6 weeks after TRT stopped, for the 'with agents' run (grey line on "
            "the panels): a coloured badge marks each agent being taken and points at where it acts; a cross marks "
            "a signal the agent blocks. Percentages compare with this model man's untreated levels."))
        diagram_row = W.Box([self.diagram_view.widget, W.VBox([caption], layout=W.Layout(min_width="300px",
                                                                                          flex="1 1 300px"))],
                            layout=W.Layout(display="flex", flex_flow="row wrap", align_items="flex-start"))
        self._layout([intro, controls], self.panel_view, [diagram_row])

    def update(self):
        """One simulation with the ticked agents (none ticked: the stop-only run), then redraw."""
        self.result = _simulate(self, self.regimen(), self.days) if self.chosen() else self.stop_only
        self._redraw()

    def _redraw(self):
        shown = [self.stop_only, self.result] if self.chosen() else [self.stop_only]
        # The strip row names the drugs after the label: name the family when there is one.
        label = f"with {self.chosen()[0]}" if len(self.chosen()) == 1 else "with agents"
        self.panels.update(shown, units=self.units.value, labels=["stop only", label], draw=False)
        levels = plotting.relative_levels(self.result, self.baseline, _DIAGRAM_DAY)
        self.diagram.update(levels, plotting.drugs_on_day(self.result.regimen, _DIAGRAM_DAY), draw=False)
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def shown(self):
        """For the CSV: stopping alone and, with a box ticked, the run with the agents."""
        runs = [("stop only", self.stop_only)]
        if self.chosen():
            runs.append((f"with {' + '.join(self.chosen())}", self.result))
        return runs, ["LH", "T", "sperm"], self.units.value

    def _compose_summary(self) -> str:
        """The one-line readout (``summary_text``): both runs 6 weeks after the stop, and sperm recovery."""
        system = self.units.value
        t_unit = _units.unit_of("T", system)

        def numbers(res):
            lh = float(res.at(_DIAGRAM_DAY, "LH"))
            t = float(_units.convert(res.at(_DIAGRAM_DAY, "T"), "T", system)[0])
            back = outcomes(res)["sperm >= 15 M/mL (days after T stops)"]
            sperm = ("not back above 15 million/mL by the end" if math.isnan(back)
                     else f"sperm above {SPERM_THRESHOLD:g} million/mL {back:.0f} days after the stop")
            t_text = f"{t:.1f}" if system == "SI" else f"{t:.0f}"
            return f"LH {level_text('LH', lh)} and T {t_text} {t_unit} 6 weeks after the stop; {sperm}"

        text = f"Stop only: {numbers(self.stop_only)}."
        if self.chosen():
            text += f" With {' + '.join(self.chosen())}: {numbers(self.result)}."
        else:
            text += " Tick a box to add a family of restart agents."
        return text


# --- Static figures ------------------------------------------------------------------------------------

_E2_SCENARIOS = (   # label, anastrozole (dose mg, every days) or None, TRT on?
    ("No drug\n(untreated)", None, False),
    ("TRT\nalone", None, True),
    ("TRT + AI\n0.25 mg\ntwice weekly", (0.25, 3.5), True),
    ("TRT + AI\n0.5 mg\ntwice weekly", (0.5, 3.5), True),
    ("TRT + AI\n1 mg\ntwice weekly", (1.0, 3.5), True),
    ("TRT + AI\n1 mg\ndaily", (1.0, 1.0), True),
)


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
    color = plotting.STYLE["E2"].color
    fig = static_figure((10.0, 5.4))
    ax = fig.add_axes((0.075, 0.22, 0.56, 0.68))
    top = max(r[3] for r in runs) * 1.25
    ax.axhspan(low, high, color=color, alpha=0.16, lw=0, zorder=0)
    ax.axhspan(high, top, color=plotting.OKABE_ITO["vermillion"], alpha=0.10, lw=0, zorder=0)
    ax.axhspan(0, E2_TOO_LOW, color=plotting.OKABE_ITO["blue"], alpha=0.10, lw=0, zorder=0)
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
    ax.set_title("Estradiol on TRT (200 mg a week) with and without anastrozole (AI): the model",
                 fontsize=10.5, loc="left")
    _zone_notes(fig, ax, low, high, top)
    fig.text(0.075, 0.025, "Bar: lowest to highest level across the weekly injection cycle (weeks 8-16); dot: "
             "average. Shaded band: healthy range (LC-MS/MS, 3-37 pg/mL).\nWhere 'too low' begins is not "
             "settled and depends on the lab method. Educational model, not advice: no dose here is a "
             "recommendation.", fontsize=7.8, color="#555555", va="bottom")
    return StaticFigure(fig, _estradiol_alt(runs, low, high))


def _zone_notes(fig, ax, low, high, top):
    """What each zone is associated with, in the right margin beside the zone it describes."""
    to_fig = lambda y: ax.transData.transform((0, y))[1] / fig.bbox.height
    notes = (((high + top) / 2, "Too much estradiol", "breast tissue growth (gynecomastia),\nwater retention, "
              "a stronger brake\non GnRH and LH (re-suppression)", plotting.OKABE_ITO["vermillion"]),
             ((low + high) / 2, "Healthy range", "estradiol supports bone, libido\nand mood, and limits body fat",
              plotting.STYLE["E2"].color),
             (E2_TOO_LOW / 2, "Too little estradiol", f"(below ~{E2_TOO_LOW:g} pg/mL): bone loss,\nlow libido, "
              "low mood,\nmore body fat", plotting.OKABE_ITO["blue"]))
    for y, head, body, color in notes:
        yf = to_fig(y)
        fig.text(0.715, yf + 0.012, head, fontsize=9.5, fontweight="bold", color=_darker(color, 0.35),
                 va="bottom")
        fig.text(0.715, yf + 0.005, body, fontsize=8.5, color="#333333", va="top", linespacing=1.3)


def _estradiol_alt(runs, low, high) -> str:
    parts = [f"{label.replace(chr(10), ' ')}: average {mean:.0f} pg/mL (range {lo:.0f}-{hi:.0f})"
             for label, lo, mean, hi in runs]
    return (f"Estradiol in the model; healthy band {low:g}-{high:g} pg/mL. " + "; ".join(parts)
            + ". More anastrozole lowers estradiol step by step, from above the band towards its bottom.")


def healthy_axis_figure() -> StaticFigure:
    """The axis diagram of an untreated man: every signal at 100 %, no drug."""
    fig = static_figure((6.5, 6.2))   # the diagram's text is sized for ~6.5 in; narrower crowds it
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    plotting.AxisDiagram(ax)
    return StaticFigure(fig, "Diagram: the hypothalamus sends GnRH to the pituitary, which sends LH to the "
                             "Leydig cells (testosterone) and FSH to the Sertoli cells (sperm); testosterone, "
                             "estradiol and inhibin B feed back to slow the hypothalamus and pituitary.")


# --- Checkpoints for nbval ------------------------------------------------------------------------------

def _coarse(x: float) -> str:
    """Round coarsely (2 significant figures) so small recalibrations do not change the text."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    return f"{float(f'{x:.2g}'):g}"


def print_checkpoints():
    """Print a few key model numbers, coarsely rounded (the notebook checks them with nbval)."""
    base = simulate(Regimen([]), days=60)
    trt = simulate(Regimen([Course("testosterone_cypionate", dose=200, every_days=7, start_day=0,
                                   stop_day=26 * WEEK)]), days=2 * 365)
    o = outcomes(trt)
    print(f"Untreated model man: T {_coarse(base.at(0, 'T'))} ng/dL, LH {_coarse(base.at(0, 'LH'))} IU/L, "
          f"sperm {_coarse(base.at(0, 'sperm'))} million/mL")
    before = 12 * WEEK - trt.dt          # a trough draw, just before the week-12 injection, as the summaries read LH
    print(f"After 12 weeks of 200 mg/week TRT, just before an injection: LH {level_text('LH', trt.at(before, 'LH'))}, "
          f"testosterone inside the testes {_coarse(trt.at(before, 'ITT') / base.at(0, 'ITT') * 100)} % of normal")
    print(f"After stopping at week 26: sperm above 15 million/mL again after about "
          f"{_coarse(o['sperm >= 15 M/mL (days after T stops)'] / WEEK)} weeks")

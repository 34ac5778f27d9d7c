"""Explorers of restart protocols: compose one, compare several, follow one with serial labs.

Every explorer builds its figure once, then on each control change runs the model and moves artist data
(``explorers.base``: summary beside the figure, named controls, errors shown to the reader). The controls offer
clinical ranges only, and every combination of them is a valid regimen by construction (stop always after
start, doses inside the agent's range), so no setting can raise. The outcome table under the figures is
``explorers.outcome_table``; the single agents are in ``agents``, ``estradiol`` and ``trt``.

| explorer              | topic (TOPICS.md, intermediate)                                      |
|-----------------------|-----------------------------------------------------------------------|
| ``ProtocolBuilder``   | compose a restart protocol from controls that cannot be invalid       |
| ``ComparisonView``    | several protocols side by side, with an outcome table                |
| ``SerialLabs``        | monitoring with serial labs (a static figure and a table)            |

Educational model, not medical advice: nothing here recommends a dose.
"""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as W
import numpy as np

from ..model.agents import AGENTS
from ..model.parameters import E2_TOO_HIGH, E2_TOO_LOW
from ..model.regimen import Course, MAX_DAY, Regimen
from ..analysis.outcomes import recovery_margin, SPERM_THRESHOLD
from ..analysis.recovery import band_cohort, BAND_LABEL, BAND_MEANING, BAND_MEN, between_men_days, days_range_text
from ..content.protocols import (CLINICAL, COMPARISON_DEFAULT, HTMLTable, level_text, Protocol, PROTOCOLS, SCHEDULES,
                                 TRT_AGENTS, trt_courses, trt_end_day, TRT_SCHEDULE_WORDS, TRT_SCHEDULES,
                                 TRT_WEEKLY_RANGE)
from ..content.words import beside_trt_words, feedback_agents_beside_trt, regimen_words
from ..viz.panels import ScenarioFigure
from ..viz.style import FONT, STYLE
from .base import Explorer, LABEL, set_unit
from .controls import readout_format, set_range
from .outcome_table import days_text, outcome_html, outcome_rows, outcome_values, SPERM_COLUMN
from .runs import band_run, NextStep, patient_for, patient_options, run, RunCache

__all__ = ["ScenarioFigure", "ProtocolBuilder", "ComparisonView", "SerialLabs", "outcome_rows", "outcome_values",
           "E2_TOO_LOW", "E2_TOO_HIGH"]

# --- Protocol builder ------------------------------------------------------------------------------------

_NONE = "none"
_SIMULATED = "simulated protocol"   # never "your protocol": a regimen here is a simulation, not the reader's
# The agents a protocol adds after (or beside) TRT: every agent the catalogue declares that adds no androgen (the
# builder's testosterone is its own control). Each needs its clinical range in content.protocols.CLINICAL.
_ANDROGEN_CHANNELS = ("T_exo", "androgen_exo")
RESTART_AGENTS = tuple(name for name, agent in AGENTS.items()
                       if not any(c.channel in _ANDROGEN_CHANNELS for c in agent.components))


class AgentRow:
    """One agent of a protocol: agent, dose (clinical range of that agent), schedule, start, duration.

    Start counts in weeks from the day testosterone stops (negative: during TRT) and its lower limit
    follows the TRT length, so a course can never start before day 0; the duration is at least a
    week, so a course always stops after it starts."""

    def __init__(self, explorer, index, start_min):
        ex = explorer
        n = index + 1
        agent_options = [("(none)", _NONE)] + [(AGENTS[a].label, a) for a in RESTART_AGENTS]
        width = "470px"
        self.agent = ex._dropdown(f"Agent {n}", f"Restart agent number {n}, or none", agent_options, _NONE, width)
        c = CLINICAL["clomiphene"]
        self.dose = ex._slider("FloatSlider", f"Dose {n}", f"Dose of agent {n} per administration, within the "
                               "range used clinically for that agent", width, unit="mg", min=c.low, max=c.high, step=c.step,
                               value=c.default, readout_format=readout_format(c.step))
        self.schedule = ex._dropdown(f"How often {n}", f"How often agent {n} is given",
                                     [(SCHEDULES[k][0], k) for k in c.schedules], c.default_schedule, width)
        self.start = ex._slider("IntSlider", f"Start {n} (weeks after TRT stops)", f"When agent {n} starts, in "
                                "weeks after testosterone stops; negative means during TRT", width, min=start_min,
                                max=52, value=0)
        self.weeks = ex._slider("IntSlider", f"For {n} (weeks)", f"How many weeks agent {n} is given", width,
                                min=1, max=104, value=12)
        self.unit = W.HTML()
        self.controls = (self.agent, self.dose, self.schedule, self.start, self.weeks)
        self.box = W.VBox([self.agent, self.unit, self.dose, self.schedule, self.start, self.weeks],
                          layout=W.Layout(border="1px solid #DDDDDD", padding="4px", margin="2px 0", width="490px"))
        self._refresh_enabled()

    def set_agent(self, agent, dose=None, schedule=None):
        """Switch agent and move the dose range and schedules to that agent's (no callbacks fire)."""
        self.agent.value = agent
        if agent != _NONE:
            c = CLINICAL[agent]
            set_range(self.dose, c.low, c.high, c.step, c.default if dose is None else dose)
            self.schedule.options = [(SCHEDULES[k][0], k) for k in c.schedules]
            self.schedule.value = schedule if schedule in c.schedules else c.default_schedule
            set_unit(self.dose, AGENTS[agent].dose_unit.replace("ug", "µg"))
            self.unit.value = f"<span style='color:#555'>dose in {AGENTS[agent].dose_unit.replace('ug', 'µg')}; " \
                              f"{html.escape(c.note)}</span>"
        else:
            self.unit.value = ""
        self._refresh_enabled()

    def _refresh_enabled(self):
        off = self.agent.value == _NONE
        for w in self.controls[1:]:
            w.disabled = off

    def course(self, trt_end):
        if self.agent.value == _NONE:
            return None
        _, every, continuous = SCHEDULES[self.schedule.value]
        start = max(0.0, trt_end + 7.0 * self.start.value)
        return Course(self.agent.value, float(self.dose.value), every, start, start + 7.0 * self.weeks.value,
                      continuous)


class ProtocolBuilder(Explorer):
    """Compose a restart protocol: the TRT history (stop or taper) and up to `rows` agents.

    Every control offers only valid values (clinical dose ranges per agent; starts no earlier than
    day 0; durations of at least a week), so every setting is a valid Regimen. The figure shows the
    protocol (solid) against stopping TRT with no other drug (dashed), with an outcome table.
    'Start from an illustration' fills the controls with a named illustrative protocol."""

    slug = "protocol-builder"

    title = "Protocol builder"
    intro = ("Compose a protocol from the controls; solid lines: the simulated protocol; dashed: stopping TRT with "
             "no other drug. Illustrations are examples of published kinds of regimen, not advice.")
    MAX_ROWS = 4

    def __init__(self, rows=3, protocol="clomiphene", trt_weeks=26, trt_dose=200.0, patient="healthy"):
        if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= self.MAX_ROWS:
            raise ValueError(f"rows must be a whole number from 1 to {self.MAX_ROWS}, got {rows!r}")
        super().__init__()
        self.illustration = self._dropdown("Start from an illustration", "Fill the controls with a named "
                                           "illustrative protocol (an example of a published kind of regimen, "
                                           "not advice)", [("(keep my settings)", "")] +
                                           [(p.name, k) for k, p in PROTOCOLS.items()], "")
        width = "430px"
        self.trt_agent = self._dropdown("TRT ester", "Which testosterone ester the TRT used",
                                        [(AGENTS[a].label, a) for a in TRT_AGENTS], TRT_AGENTS[0], width)
        lo, hi, st = TRT_WEEKLY_RANGE
        self.trt_dose = self._slider("FloatSlider", "TRT dose (mg per week)", "Testosterone dose during TRT, mg "
                                     "per week", width, min=lo, max=hi, step=st, value=min(max(trt_dose, lo), hi),
                                     readout_format=".0f")
        self.trt_schedule = self._dropdown("TRT injections", "How the weekly TRT dose was injected",
                                           [(TRT_SCHEDULE_WORDS[k], k) for k in TRT_SCHEDULES], "weekly", width)
        self.trt_weeks = self._slider("IntSlider", "TRT length (weeks)", "How many weeks of TRT before it ends",
                                      width, min=4, max=104, value=int(min(max(trt_weeks, 4), 104)))
        self.ending = W.ToggleButtons(options=[("stop", "stop"), ("taper", "taper")], value="stop",
                                      description="End of TRT", tooltips=["stop testosterone at once",
                                                                          "step down to 75, 50, 25 % then stop"],
                                      **LABEL)
        self.taper_weeks = self._slider("IntSlider", "Taper length (weeks)", "Weeks over which the TRT dose is "
                                        "stepped down before it stops", width, min=3, max=12, step=3, value=6,
                                        disabled=True)
        self.patient = self._dropdown("Man", "Which simulated man", patient_options(), patient)
        self.units = self._units_toggle()
        self._total = self._trt_total_weeks()
        self.rows = [AgentRow(self, i, -self._total) for i in range(rows)]
        self.plot = ScenarioFigure((("T",), ("LH", "FSH"), ("E2",), ("sperm",)), scenarios=2,
                                   labels=[_SIMULATED, "stop only"], panel_height=1.3)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "T, LH, FSH, E2 and sperm for the composed protocol and for "
                                      "stopping TRT alone", toolbar=True)
        self.table = W.HTML()
        self.description = W.HTML()
        self._observe(self.illustration, self._illustration_chosen)
        for c_ in (self.trt_agent, self.trt_dose, self.trt_schedule, self.trt_weeks, self.ending, self.taper_weeks):
            self._observe(c_, self._trt_changed)
        self._observe(self.patient)
        self._observe(self.units)
        for row in self.rows:
            self._observe(row.agent, lambda row=row: self._agent_changed(row))
            for c_ in row.controls[1:]:
                self._observe(c_)
        trt_box = W.VBox([W.HTML("<b>TRT history</b>"), self.trt_agent, self.trt_dose, self.trt_schedule,
                          self.trt_weeks, self.ending, self.taper_weeks],
                         layout=W.Layout(width="450px", margin="0 12px 0 0"))
        agents_box = W.VBox([W.HTML("<b>Restart agents</b>")] + [r.box for r in self.rows])
        self._layout([self.illustration, W.HBox([trt_box, agents_box], layout=W.Layout(flex_flow="row wrap")),
                      self.patient, self.units], self.view,
                     [self.description, self.table])
        if protocol:
            self.load(protocol, update=False)
        self.update()

    # public ------------------------------------------------------------------------------------------
    @property
    def controls(self) -> dict:
        """Every control by name (rows as 'agent1', 'dose1', ...), for tests and scripts."""
        out = {"trt_agent": self.trt_agent, "trt_dose": self.trt_dose, "trt_schedule": self.trt_schedule,
               "trt_weeks": self.trt_weeks, "ending": self.ending, "taper_weeks": self.taper_weeks,
               "patient": self.patient, "units": self.units, "illustration": self.illustration}
        for i, r in enumerate(self.rows, 1):
            for name, c in zip(("agent", "dose", "schedule", "start", "weeks"), r.controls):
                out[f"{name}{i}"] = c
        return out

    def taper(self) -> float:
        return float(self.taper_weeks.value) if self.ending.value == "taper" else 0.0

    def _trt_total_weeks(self):
        return int(self.trt_weeks.value) + int(self.taper())

    def trt_end(self) -> float:
        return trt_end_day(self.trt_weeks.value, self.taper())

    def trt(self):
        return trt_courses(self.trt_weeks.value, float(self.trt_dose.value), self.trt_agent.value,
                           self.trt_schedule.value, self.taper())

    def regimen(self) -> Regimen:
        """The protocol the controls describe (always valid by construction)."""
        end = self.trt_end()
        agents = [c for c in (r.course(end) for r in self.rows) if c is not None]
        return Regimen(self.trt() + agents, name=_SIMULATED)

    def horizon(self) -> float:
        end = self.trt_end()
        stops = [c.stop_day for c in self.regimen().courses if c.stop_day is not None]
        return float(min(MAX_DAY, max(end + 546.0, max(stops) + 84.0)))

    def load(self, key, update=True):
        """Fill the controls with the illustrative protocol `key` (a key or name of PROTOCOLS)."""
        p = _find_protocol(key)
        if len(p.steps) > len(self.rows):
            raise ValueError(f"{p.name!r} needs {len(p.steps)} agent rows; this builder has {len(self.rows)}")
        with self._quiet():
            total = self._trt_total_weeks()
            for row, step in zip(self.rows, list(p.steps) + [None] * (len(self.rows) - len(p.steps))):
                if step is None:
                    row.set_agent(_NONE)
                    continue
                row.set_agent(step.agent, step.dose, step.schedule)
                if step.with_trt:
                    row.start.value, row.weeks.value = -total, min(total, row.weeks.max)
                else:
                    row.start.value = int(max(row.start.min, min(row.start.max, step.start_week)))
                    row.weeks.value = int(max(1, min(row.weeks.max, step.weeks)))
        if update:
            self._request_update()

    # callbacks ----------------------------------------------------------------------------------------
    def _illustration_chosen(self):
        key = self.illustration.value
        if key:
            self.load(key)

    def _agent_changed(self, row):
        with self._quiet():
            row.set_agent(row.agent.value)
        self._request_update()

    def _trt_changed(self):
        with self._quiet():
            self.taper_weeks.disabled = self.ending.value != "taper"
            old, total = self._total, self._trt_total_weeks()
            for row in self.rows:
                # A start counts in weeks after TRT ends and stays put; its floor follows the TRT length.
                # A row pinned to the start of TRT stays pinned (and keeps covering all of TRT if it did).
                pinned = row.start.value == -old
                covering = pinned and row.weeks.value == min(old, row.weeks.max)
                row.start.min = -total
                if pinned:
                    row.start.value = -total
                if covering:
                    row.weeks.value = min(total, row.weeks.max)
            self._total = total
        self._request_update()

    def update(self):
        reg = self.regimen()
        days = self.horizon()
        patient = patient_for(self.patient.value)
        stop_only = Regimen(self.trt(), name="stop only")
        res, ref = run(reg, days, patient, dt=1.0), run(stop_only, days, patient, dt=1.0)
        self.results = (res, ref)
        units = self.units.value
        self.plot.update([res, ref], units=units, draw=False)
        self.plot.mark_day(self.trt_end(), "TRT stops")
        self.table.value = outcome_html([res, ref], [_SIMULATED, "stop only"], units,
                                         "Outcomes in the model")
        self.description.value = (f"<span style='color:#444'><b>The simulated protocol:</b> "
                                  f"{html.escape(regimen_words(reg.courses))}</span>")
        v, r = outcome_values(res), outcome_values(ref)
        self._set_summary(
            f"The simulated protocol: {_lh_back_words(v)} and sperm ≥ {SPERM_THRESHOLD:g} M/mL "
            f"{days_text(v['sperm_days'], v['horizon'])} after TRT stops (stop only: "
            f"{days_text(r['LH_days'], r['horizon'])}; {days_text(r['sperm_days'], r['horizon'])})."
            + self._beside_trt_text(reg, res, ref))
        self.view.refresh()

    def _beside_trt_text(self, reg, res, ref) -> str:
        """A SERM or an AI started during TRT: the sperm count when TRT stops against stopping alone, and that no
        trial has counted it (empty otherwise)."""
        beside = feedback_agents_beside_trt(reg.courses)
        end = self.trt_end()
        return " " + beside_trt_words(beside, res.at(end, "sperm"), ref.at(end, "sperm")) if beside else ""


def _find_protocol(key) -> Protocol:
    if isinstance(key, Protocol):
        return key
    if key in PROTOCOLS:
        return PROTOCOLS[key]
    for p in PROTOCOLS.values():
        if p.name == key:
            return p
    raise ValueError(f"unknown protocol {key!r}; choose one of {sorted(PROTOCOLS)} (or their names)")


# --- Comparison view ---------------------------------------------------------------------------------------

class ComparisonView(Explorer):
    """Up to four protocols after the same TRT history, on the same axes, with an outcome table.

    ``protocols``: keys or names of PROTOCOLS, or Protocol objects (1 to 4). Each slot has a dropdown;
    the TRT history (length, dose) and the man are shared by all."""

    slug = "protocol-comparison"

    title = "Protocols side by side"
    intro = ("Each line style is one protocol (see the strip on top); colours stay the hormone's. All are "
             "illustrations of published kinds of regimen, not advice.")
    SLOTS = 4
    # The time axis starts this many days before TRT stops: the treatment's last weeks for contrast, the recovery the
    # comparison is about most of the width (issue 18: two years of injections took three quarters of it).
    BEFORE_STOP_DAYS = 84

    def __init__(self, protocols=COMPARISON_DEFAULT, trt_weeks=26, trt_dose=200.0, patient="healthy",
                 units="conventional"):
        super().__init__()
        protocols = list(protocols)
        if not 1 <= len(protocols) <= self.SLOTS:
            raise ValueError(f"protocols: give 1 to {self.SLOTS}, got {len(protocols)}")
        self.custom = {}
        chosen = []
        for p in protocols:
            p = _find_protocol(p)
            if p.key not in PROTOCOLS or PROTOCOLS[p.key] is not p:
                self.custom[p.key] = p
            chosen.append(p.key)
        options = [("(empty)", "")] + [(p.name, k) for k, p in {**PROTOCOLS, **self.custom}.items()]
        self.slots = [self._dropdown(f"Line {'ABCD'[i]} ({_style_words(i)})", f"Protocol drawn with the "
                                     f"{_style_words(i)} line", options, chosen[i] if i < len(chosen) else "")
                      for i in range(self.SLOTS)]
        self.trt_weeks = self._slider("IntSlider", "TRT length before the restart (weeks)", "How many weeks of "
                                      "TRT all protocols follow", min=4, max=104,
                                      value=int(min(max(trt_weeks, 4), 104)))
        lo, hi, st = TRT_WEEKLY_RANGE
        self.trt_dose = self._slider("FloatSlider", "TRT dose (mg per week)", "Weekly testosterone cypionate dose "
                                     "during TRT", min=lo, max=hi, step=st, value=min(max(trt_dose, lo), hi),
                                     readout_format=".0f")
        self.patient = self._dropdown("Man", "Which simulated man", patient_options(), patient)
        self.units = self._units_toggle(units)
        self.spread = self._checkbox(f"show how men differ (10th-90th percentile of {BAND_MEN} simulated men per "
                                     "protocol; a few seconds)", f"Shades the range of {BAND_MEN} simulated men "
                                     f"around each protocol's lines: {BAND_MEANING}")
        self.progress = W.FloatProgress(value=0, min=0, max=1, description="Simulating the men",
                                        style={"description_width": "initial"},
                                        layout=W.Layout(width="360px", visibility="hidden"))
        self.cohort_results = []   # per protocol, only while the box is ticked
        self._band = self._band_after(self._show_band)
        self._bands = RunCache(size=3)   # the bands' runs: this move's, the one run ahead, a step back (as TRTExplorer)
        self._next = NextStep({"trt_weeks": self.trt_weeks, "trt_dose": self.trt_dose},
                              others=(*self.slots, self.patient))   # before the explorer's own observers
        self.plot = ScenarioFigure((("T",), ("LH",), ("E2",), ("sperm",)), scenarios=self.SLOTS,
                                   panel_height=1.3)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "T, LH, E2 and sperm for up to four protocols", toolbar=True)
        self.table = W.HTML()
        for i, c_ in enumerate(self.slots, 1):
            self._observe(c_, name=f"slot{i}")
        for c_ in (self.trt_weeks, self.trt_dose, self.patient, self.units, self.spread):
            self._observe(c_)
        self._layout([self.trt_weeks, self.trt_dose, *self.slots, self.patient, self.units, self.spread,
                      self.progress], self.view, [self.table])
        self.update()

    def protocols(self) -> list[Protocol]:
        table = {**PROTOCOLS, **self.custom}
        return [table[s.value] for s in self.slots if s.value]

    def compute(self):
        """Simulate every chosen protocol (the model part of an update): (results, labels, html table)."""
        weeks, dose = self.trt_weeks.value, float(self.trt_dose.value)
        days = min(MAX_DAY, 7.0 * weeks + 546.0)
        patient = patient_for(self.patient.value)
        chosen = self.protocols()
        results = [run(p.regimen(weeks, dose), days, patient, dt=1.0) for p in chosen]
        labels = [p.name for p in chosen]
        table = outcome_html(results, labels, self.units.value,
                              f"Outcomes after {weeks} weeks of TRT at {dose:.0f} mg/week (model)")
        return results, labels, table

    def band_regimens(self, **moved) -> tuple:
        """(regimens, days, man): the band's men's arguments (``_band_of``), one regimen per chosen protocol, for the
        controls or with `moved` (trt_weeks or trt_dose) instead."""
        weeks = moved.get("trt_weeks", self.trt_weeks.value)
        dose = float(moved.get("trt_dose", self.trt_dose.value))
        days = min(MAX_DAY, 7.0 * weeks + 546.0)
        return tuple(p.regimen(weeks, dose) for p in self.protocols()), days, patient_for(self.patient.value)

    def compute_band(self) -> list:
        """The band's men on each chosen protocol (only while the box is ticked), with a progress bar."""
        if not self.spread.value:
            return []
        band = self.band_regimens()
        self.progress.value, self.progress.layout.visibility = 0, "visible"
        try:
            return self._bands.get(_band_of, *band, progress=lambda k: setattr(self.progress, "value",
                                                                               k / len(band[0])))
        finally:
            self.progress.layout.visibility = "hidden"

    def update(self):
        """The protocols' lines at once; their bands with them outside a kernel, after them in one (BandRun, as the
        TRT explorer's), or with them when run ahead; once drawn with a band, the band of the last-moved slider's next
        step is run ahead (as the TRT explorer's)."""
        self.results, self.labels, self.table.value = self.compute()
        band = self.band_regimens()
        later = self._band.follows(bool(self.results) and self.spread.value and not self._bands.has(_band_of, *band))
        self.cohort_results = [] if later else self.compute_band()
        self._ahead_once_drawn(bool(self.cohort_results))
        self._draw()
        if later:
            self._band.start(self._bands.get, _band_of, *band)

    def _show_band(self, result):
        self.cohort_results = result
        self._ahead_once_drawn(True)
        self._draw()

    def _ahead_once_drawn(self, band_drawn: bool):
        """When this drawing has bands: the next step's bands run ahead once it is drawn (BandRun)."""
        self._band.ahead_once_drawn(self.view, self._next.moved if band_drawn else None, self._bands, _band_of,
                                    self.band_regimens)

    def _draw(self):
        results, labels = self.results, self.labels
        if results:
            self.plot.update(results, labels=labels, units=self.units.value, draw=False,
                             spreads=self.cohort_results or None, spread_caption=BAND_LABEL,
                             view_from=7.0 * self.trt_weeks.value - self.BEFORE_STOP_DAYS)
            self.plot.mark_day(7.0 * self.trt_weeks.value, "TRT stops")
        vals = [outcome_values(r) for r in results]
        text = _comparison_sentence(labels, vals) if results else "No protocol chosen."
        if self.cohort_results:
            end = 7.0 * self.trt_weeks.value
            text += (f" Between men (10th to 90th percentile of {BAND_MEN} in the model), sperm back above {SPERM_THRESHOLD:g} M/mL "
                     "after TRT stops: " + "; ".join(f"{lab} {days_range_text(*between_men_days(c, after=end))}"
                                                     for lab, c in zip(labels, self.cohort_results)) + ".")
        self._set_summary(text)
        self.view.refresh()


def _band_of(regimens, days, patient, progress=lambda k: None) -> list:
    """The band's men (around `patient`) on each regimen; progress(k) after the k-th."""
    return _band_runs(regimens, days, band_cohort(patient), progress)


BAND_SERIES = ("T", "LH", "E2", "sperm")   # what the bands and their sentence read


def _band_runs(regimens, days, men, done=lambda k: None) -> list:
    """The band's men on each regimen (runs.band_run: ~5 MB a protocol); done(k) after the k-th."""
    out = []
    for k, regimen in enumerate(regimens, 1):
        out.append(band_run(regimen, days, men, BAND_SERIES))
        done(k)
    return out


def _style_words(i):
    return ("solid", "dashed", "dotted", "dash-dot")[i]


def _comparison_sentence(labels, vals):
    """Which protocol brings LH and sperm back soonest, in whole days as the table shows them. A protocol is
    named only when every other one is later by a meaningful margin (analysis.outcomes.recovery_margin);
    otherwise the sentence says there is no meaningful difference (never a winner by name order or by days)."""
    parts = [_earliest(labels, vals, "LH_days", "LH back in range", "LH not back in range"),
             _earliest(labels, vals, "sperm_days", SPERM_COLUMN, f"sperm not back above {SPERM_THRESHOLD:g} M/mL")]
    return "In the model: " + "; ".join(parts) + "."


def _earliest(labels, vals, key, what, never):
    days = {lab: round(v[key]) for v, lab in zip(vals, labels) if np.isfinite(v[key])}
    if not days:
        return f"{never} with any of these within the run"
    best = min(days.values())
    close = [lab for lab, d in days.items() if d - best < recovery_margin(best)]
    if len(labels) == 1:
        return f"{what} {best} days after TRT stops with {close[0]}"
    if len(close) == 1:
        return (f"{what} earliest with {close[0]} ({best} days after TRT stops; the others at least "
                f"{recovery_margin(best):.0f} days later)")
    names = ", ".join(close[:-1]) + " and " + close[-1]
    spread = max(days[lab] for lab in close)
    span = f"{best} days" if spread == best else f"{best}-{spread} days"
    return f"{what}: no meaningful difference in the model between {names} ({span} after TRT stops)"


# --- Serial labs (static) ------------------------------------------------------------------------------------

class SerialLabs:
    """Monitoring with serial labs: a protocol's curves with the blood tests and semen analyses a
    clinic might take marked on them, and a table of those simulated lab results. Static (prints)."""

    HORMONE_WEEKS = (0, 4, 8, 12, 24)      # after TRT stops
    SEMEN_WEEKS = (0, 12, 24, 36, 52)

    def __init__(self, protocol="clomiphene", trt_weeks=26, trt_dose=200.0, patient="healthy"):
        self.protocol = _find_protocol(protocol)
        reg = self.protocol.regimen(trt_weeks, trt_dose)
        self.end = trt_end_day(trt_weeks)
        self.result = res = run(reg, self.end + 420.0, patient_for(patient))
        self.plot = ScenarioFigure((("T",), ("LH", "FSH"), ("E2",), ("sperm",)), scenarios=1,
                                   labels=[self.protocol.name], panel_height=1.2, strip=True,
                                   title=f"Serial labs after TRT: {self.protocol.name} (model)")
        self.plot.update([res], draw=False)
        self.plot.mark_day(self.end, "TRT stops")
        self.figure = self.plot.figure
        rows = []
        for ax, names in zip(self.plot.axes, self.plot.panel_names):
            weeks = self.SEMEN_WEEKS if names == ("sperm",) else self.HORMONE_WEEKS
            for name in names:
                days = [self.end + 7 * wk for wk in weeks]
                ax.plot(days, [float(res.at(d, name)) for d in days], "o", color=STYLE[name].color, ms=6,
                        mec="black", mew=0.8, zorder=5)
        ax0 = self.plot.axes[0]
        ax0.text(1.0, 1.02, "dots: blood tests / semen analyses", transform=ax0.transAxes, ha="right",
                 fontsize=FONT - 2, color="#555555")
        for wk in sorted(set(self.HORMONE_WEEKS) | set(self.SEMEN_WEEKS)):
            d = self.end + 7 * wk
            row = {"weeks after TRT stops": str(wk)}
            if wk in self.HORMONE_WEEKS:
                at = lambda name: float(res.at(d, name))
                row.update({"T (ng/dL)": f"{at('T'):.0f}", "LH (IU/L)": level_text("LH", at("LH"), unit=""),
                            "FSH (IU/L)": level_text("FSH", at("FSH"), unit=""), "E2 (pg/mL)": f"{at('E2'):.0f}"})
            if wk in self.SEMEN_WEEKS:
                row["sperm (M/mL)"] = f"{float(res.at(d, 'sperm')):.1f}"
            rows.append(row)
        self.table = HTMLTable(rows, "Simulated lab results at each visit",
                               ["weeks after TRT stops", "T (ng/dL)", "LH (IU/L)", "FSH (IU/L)", "E2 (pg/mL)",
                                "sperm (M/mL)"],
                               "Blank: not measured at that visit. Values are the model's, for one simulated man.")
        self.alt = (f"Model curves of T, LH, FSH, E2 and sperm after {trt_weeks} weeks of TRT with "
                    f"'{self.protocol.name}', with dots at the visits listed in the table below.")

    def png(self, dpi=90) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=dpi)
        return buf.getvalue()

    def _repr_html_(self):
        b64 = base64.b64encode(self.png()).decode()
        return (f'<img src="data:image/png;base64,{b64}" alt="{html.escape(self.alt)}" style="max-width:100%">'
                + self.table._repr_html_())

    def close(self):
        import matplotlib.pyplot as plt
        plt.close(self.figure)


def _lh_back_words(values) -> str:
    """When LH is back in range after TRT stops; 0 days means it never left the range or a drug beside TRT had
    already brought it back by the stop."""
    if values["LH_days"] == 0:
        return "LH already in range when TRT stops"
    return f"LH back in range {days_text(values['LH_days'], values['horizon'])}"

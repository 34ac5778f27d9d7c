"""Restart agents, one topic: a SERM blocking central oestrogen feedback (and the three SERMs side by side),
hCG during TRT, gonadorelin pump against injections, the families after TRT, and a SERM in men whose testes
cannot respond. Every regimen is an illustration, never a recommendation."""
from __future__ import annotations

import math

import ipywidgets as W

from ..model import units as _units
from ..model.agents import AGENTS, FAMILIES
from ..model.parameters import DETECTION_LIMITS
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.outcomes import level_text, level_verdict, outcomes, recovery_verdict, SPERM_THRESHOLD
from ..content.recovery_words import comparison_phrase
from ..content.protocols import CLINICAL, HTMLTable, SCHEDULES, trt_courses, TRT_WEEKLY_RANGE
from ..content.words import html_line, ILLUSTRATION_OF_REGIMEN
from ..viz.diagram import AxisDiagram, drugs_on_day, relative_levels
from ..viz.panels import ScenarioFigure
from .base import Explorer
from .controls import set_range
from .runs import SPERM_KEY, counted_run, mean_between, patient_for, patient_options, run, WEEK

__all__ = ["SERMExplorer", "AgentComparison", "HCGExplorer", "GonadorelinExplorer", "RestartFamilies",
           "SERMResponseExplorer", "serm_runs"]


# The SERMs compared side by side: every agent the catalogue declares of the SERM family (a new one joins them).
_SERMS = tuple(name for name, agent in AGENTS.items() if agent.family == "SERM")


class SERMExplorer(Explorer):
    """A SERM hides estradiol from the hypothalamus and pituitary: GnRH, LH, FSH and T rise.

    Controls: daily dose (the first slider), the SERM, the man, weeks of treatment. The figure
    overlays the treated man (solid) on the same man without the drug (dashed)."""

    slug = "serm"

    title = "SERM mechanism: block the estradiol feedback, and the axis turns up"
    intro = "Drug from week 2. Solid line: with the SERM; dashed: the same man without it."

    def __init__(self, agent="clomiphene", dose=25.0, patient="secondary_hypogonadism", weeks=12):
        super().__init__()
        if agent not in _SERMS:
            raise ValueError(f"agent must be one of {_SERMS}, got {agent!r}")
        c = CLINICAL[agent]
        self.dose = self._slider("FloatSlider", "Daily dose (mg)", "SERM dose in mg per day",
                                 min=c.low, max=c.high, step=c.step, value=min(max(dose, c.low), c.high),
                                 readout_format=".1f", continuous_update=True)
        self.agent = self._dropdown("SERM", "Which selective oestrogen receptor modulator",
                                    [(AGENTS[a].label, a) for a in _SERMS], agent)
        self.patient = self._dropdown("Man", "Which simulated man", patient_options(), patient)
        self.weeks = self._slider("IntSlider", "Weeks on the drug", "How many weeks the SERM is taken", unit="weeks",
                                  min=2, max=20, value=weeks, continuous_update=True)
        self.plot = ScenarioFigure((("GnRH",), ("LH", "FSH"), ("T",), ("E2",)), scenarios=2,
                                   labels=["with the SERM", "no drug"], panel_height=1.25)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "GnRH, LH, FSH, T and E2 with and without a SERM",
                                      toolbar=True)
        self._observe(self.agent, self._agent_changed)
        for c_ in (self.dose, self.patient, self.weeks):
            self._observe(c_)
        self._layout([self.dose, self.agent, self.patient, self.weeks], self.view)
        self.update()

    def _agent_changed(self):
        c = CLINICAL[self.agent.value]
        with self._quiet():
            set_range(self.dose, c.low, c.high, c.step, c.default)
        self._request_update()

    def regimen(self):
        start = 14.0
        return Regimen([Course(self.agent.value, float(self.dose.value), 1.0, start, start + 7.0 * self.weeks.value)])

    def update(self):
        days = 14.0 + 7.0 * self.weeks.value + 84.0
        patient = patient_for(self.patient.value)
        res, base = run(self.regimen(), days, patient), run(Regimen([]), days, patient)
        self.results = (res, base)
        self.plot.update([res, base], draw=False)
        self.plot.mark_day(14.0, "drug starts")
        end = 14.0 + 7.0 * self.weeks.value
        w0, w1 = end - 14, end
        lh0, lh1 = base["LH"][0], mean_between(res, "LH", w0, w1)
        t0, t1 = base["T"][0], mean_between(res, "T", w0, w1)
        g1 = mean_between(res, "GnRH", w0, w1) / max(base["GnRH"][0], 1e-9)
        self._set_summary(
            f"{AGENTS[self.agent.value].label} {self.dose.value:g} mg daily for {self.weeks.value} weeks: "
            f"GnRH drive ×{g1:.1f}, LH {level_text('LH', lh0)} → {level_text('LH', lh1)}, T {t0:.0f} → {t1:.0f} ng/dL "
            f"(last 2 weeks on the drug).")
        self.view.refresh()


class AgentComparison(Explorer):
    """Clomiphene, enclomiphene and tamoxifen on the same axes in the same man (and no drug)."""

    slug = "serm-comparison"

    title = "Clomiphene vs enclomiphene vs tamoxifen in the model"
    intro = ("Each drug from week 2 for the chosen weeks, then stopped. Watch how long each effect "
             "lingers after stopping: clomiphene's zuclomiphene is cleared over weeks.")

    def __init__(self, patient="secondary_hypogonadism", weeks=12, doses=None):
        super().__init__()
        doses = dict(doses or {})
        self.doses = {}
        for a in _SERMS:
            c = CLINICAL[a]
            self.doses[a] = self._slider("FloatSlider", f"{AGENTS[a].label} (mg daily)",
                                         f"Daily dose of {AGENTS[a].label} in mg", min=c.low, max=c.high,
                                         step=c.step, value=min(max(doses.get(a, c.default), c.low), c.high),
                                         readout_format=".2f")
        self.patient = self._dropdown("Man", "Which simulated man", patient_options(), patient)
        self.weeks = self._slider("IntSlider", "Weeks on the drug", "How many weeks each SERM is taken", unit="weeks",
                                  min=2, max=24, value=weeks)
        self.labels = list(_SERMS) + ["no drug"]
        self.plot = ScenarioFigure((("LH",), ("T",), ("E2",)), scenarios=4, labels=self.labels,
                                   panel_height=1.3)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "LH, T and E2 under three SERMs and without a drug",
                                      toolbar=True)
        self.table = W.HTML()
        for a, c_ in self.doses.items():
            self._observe(c_, name=a)
        for c_ in (self.patient, self.weeks):
            self._observe(c_)
        self._layout([*self.doses.values(), self.patient, self.weeks], self.view, [self.table])
        self.update()

    def update(self):
        start, end = 14.0, 14.0 + 7.0 * self.weeks.value
        days = end + 112.0
        patient = patient_for(self.patient.value)
        regs = [Regimen([Course(a, float(self.doses[a].value), 1.0, start, end)]) for a in _SERMS] + [Regimen([])]
        self.results = [run(r, days, patient) for r in regs]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(start, "drugs start")
        rows = []
        for label, res in zip(self.labels, self.results):
            rows.append({"drug": label,
                         "T on the drug (last 2 wk)": f"{mean_between(res, 'T', end - 14, end):.0f} ng/dL",
                         "LH on the drug": level_text("LH", mean_between(res, "LH", end - 14, end)),
                         "E2 on the drug": f"{mean_between(res, 'E2', end - 14, end):.0f} pg/mL",
                         "T 4 weeks after stopping": f"{float(res.at(end + 28, 'T')):.0f} ng/dL"})
        self.rows = rows
        self.table.value = HTMLTable(rows, "Model values in the chosen man",
                                     note="SERM potencies in the model are calibrated to one trial "
                                          "(clomiphene, Ramasamy 2014); tamoxifen's is a placeholder.")._repr_html_()
        # values side by side, never a ranking: the differences rest on placeholder potencies
        values = "; ".join(f"{r['drug']} {r['T on the drug (last 2 wk)']}" for r in rows[:3])
        t_on = [mean_between(res, "T", end - 14, end) for res in self.results[:3]]
        spread = level_verdict(min(t_on), max(t_on))
        between = (" No meaningful difference in the model between the three." if spread == "no meaningful difference"
                   else "")
        self._set_summary(f"T on the drug in this model: {values} (no drug: {rows[3]['T on the drug (last 2 wk)']})."
                          f"{between} Differences between SERMs rest on uncertain potencies: see the table below.")
        self.view.refresh()


class HCGExplorer(Explorer):
    """hCG acts as LH on the Leydig cells: during TRT it keeps intratesticular testosterone (ITT)."""

    slug = "hcg"

    title = "hCG during TRT: the testes keep making testosterone"
    intro = "Solid: TRT with hCG. Dashed: TRT alone. Both for 26 weeks, then stopped."

    def __init__(self, hcg_dose=500.0, schedule="eod", trt_dose=200.0, weeks=26):
        super().__init__()
        self.hcg = self._slider("FloatSlider", "hCG per injection (IU)", "hCG dose in international units per "
                                "injection; 0 means TRT alone", min=0.0, max=3000.0, step=250.0,
                                value=min(max(hcg_dose, 0.0), 3000.0), readout_format=".0f",
                                continuous_update=True)
        self.schedule = self._dropdown("hCG schedule", "How often hCG is injected",
                                       [(SCHEDULES[k][0], k) for k in ("eod", "twice_weekly", "weekly")], schedule)
        lo, hi, st = TRT_WEEKLY_RANGE
        self.trt = self._slider("FloatSlider", "Testosterone cypionate (mg/week)", "Weekly TRT dose in mg",
                                min=lo, max=hi, step=st, value=min(max(trt_dose, lo), hi), readout_format=".0f")
        self.weeks = weeks
        self.plot = ScenarioFigure((("ITT",), ("T",), ("LH", "FSH"), ("sperm",)), scenarios=2,
                                   labels=["TRT + hCG", "TRT alone"], panel_height=1.25)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "Intratesticular T, serum T, LH, FSH and sperm on TRT with and "
                                      "without hCG", toolbar=True)
        for c_ in (self.hcg, self.schedule, self.trt):
            self._observe(c_)
        self._layout([self.hcg, self.schedule, self.trt], self.view)
        self.update()

    def regimen(self, with_hcg=True):
        courses = trt_courses(self.weeks, float(self.trt.value))
        if with_hcg and self.hcg.value > 0:
            _, every, _ = SCHEDULES[self.schedule.value]
            courses.append(Course("hcg", float(self.hcg.value), every, 0.0, 7.0 * self.weeks))
        return Regimen(courses)

    def update(self):
        days = 7.0 * self.weeks + 182.0
        res, alone = run(self.regimen(True), days), run(self.regimen(False), days)
        self.results = (res, alone)
        self.plot.update([res, alone], draw=False)
        self.plot.mark_day(7.0 * self.weeks, "TRT stops")
        end = 7.0 * self.weeks
        base_itt = float(run(Regimen([]), 30)["ITT"][0])
        itt = mean_between(res, "ITT", end - 28, end)
        itt0 = mean_between(alone, "ITT", end - 28, end)
        sp = mean_between(res, "sperm", end - 28, end)
        pct = lambda v: f"{100 * (v / base_itt - 1):+.0f} %"
        what = (f"hCG {self.hcg.value:,.0f} IU {SCHEDULES[self.schedule.value][0]}"
                if self.hcg.value > 0 else "no hCG")
        self._set_summary(f"Intratesticular T in the last month of TRT: {itt0:.0f} nmol/L alone ({pct(itt0)} vs "
                          f"untreated), {itt:.0f} nmol/L with {what} ({pct(itt)}); sperm with hCG "
                          f"{sp:.1f} M/mL.")
        self.view.refresh()


class GonadorelinExplorer(Explorer):
    """Gonadorelin is GnRH: pulses every 90 min drive the pituitary; continuous exposure
    desensitises it; two injections a week leave it idle most of the time."""

    slug = "gonadorelin"

    title = "Gonadorelin: the timing is the message"
    intro = ("Four versions of the same man over the weeks: no drug, a pump pulse every 90 minutes, the same "
             "amount as a continuous infusion, and two injections a week.")

    def __init__(self, pulse_dose=10.0, injection_dose=100.0, patient="hypothalamic_failure", weeks=12):
        super().__init__()
        self.pulse = self._slider("FloatSlider", "Pump: µg per pulse", "Gonadorelin per pulse, every 90 min, "
                                  "in micrograms; the continuous infusion gives the same amount per 90 min", unit="µg per pulse",
                                  min=5.0, max=20.0, step=2.5, value=min(max(pulse_dose, 5.0), 20.0),
                                  readout_format=".1f", continuous_update=True)
        self.injection = self._slider("FloatSlider", "Twice-weekly injection (µg)", "Gonadorelin per "
                                      "injection, twice a week", min=25.0, max=200.0, step=25.0,
                                      value=min(max(injection_dose, 25.0), 200.0), readout_format=".0f")
        self.patient = self._dropdown("Man", "Which simulated man",
                                      patient_options([("hypothalamic failure: GnRH capacity ~5 % of healthy",
                                                         "hypothalamic_failure")]), patient)
        self.weeks = self._slider("IntSlider", "Weeks of treatment", "How many weeks gonadorelin is given", unit="weeks",
                                  min=2, max=24, value=weeks)
        self.labels = ["pump", "continuous", "twice weekly", "no drug"]
        self.plot = ScenarioFigure((("LH",), ("FSH",), ("T",)), scenarios=4, labels=self.labels,
                                   panel_height=1.3)
        self.figure = self.plot.figure
        self.view = self._figure_view(self.figure, "LH, FSH and T under three gonadorelin schedules",
                                      toolbar=True)
        for c_ in (self.pulse, self.injection, self.patient, self.weeks):
            self._observe(c_)
        self._layout([self.pulse, self.injection, self.patient, self.weeks], self.view)
        self.update()

    def regimens(self):
        start, end = 7.0, 7.0 + 7.0 * self.weeks.value
        p, inj = float(self.pulse.value), float(self.injection.value)
        return [Regimen([Course("gonadorelin", p, 0.0625, start, end)]),
                Regimen([Course("gonadorelin", p, 0.0625, start, end, continuous=True)]),
                Regimen([Course("gonadorelin", inj, 3.5, start, end)]),
                Regimen([])]

    def update(self):
        end = 7.0 + 7.0 * self.weeks.value
        days = end + 56.0
        patient = patient_for(self.patient.value)
        self.results = [run(r, days, patient) for r in self.regimens()]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(7.0, "gonadorelin starts")
        lh = [mean_between(r, "LH", end - 14, end) for r in self.results]
        lh = [level_text("LH", v) for v in lh]
        self._set_summary(f"LH in the last 2 weeks: pump {lh[0]}, continuous {lh[1]}, twice weekly "
                          f"{lh[2]}, no drug {lh[3]} (reference 2.2-11.6 IU/L).")
        self.view.refresh()


# The restart illustration: 200 mg/week of cypionate for 6 months (the default), a year or two years, then
# 3 months of restart agents; followed 18 months after the stop (2 years in all at the default).
_TRT_WEEKS = (("6 months", 26), ("1 year", 52), ("2 years", 104))
_TRT_STOP = 26 * WEEK                   # the default stop
_RESTART_DAYS = 2 * 365
_FOLLOW_DAYS = _RESTART_DAYS - _TRT_STOP
_AGENT_DAYS = 13 * WEEK                 # restart agents from the stop
_DIAGRAM_AFTER = 6 * WEEK               # the diagram shows 6 weeks after TRT stops
_DIAGRAM_DAY = _TRT_STOP + _DIAGRAM_AFTER


_FAMILIES = {   # key -> (checkbox text, agent, dose, every_days); the tooltip is the agent's family's mechanism
    "SERM": ("SERM: clomiphene 25 mg daily", "clomiphene", 25, 1.0),
    "hCG": ("hCG: 1,500 IU twice weekly", "hcg", 1500, 3.5),
    "AI": ("Aromatase inhibitor: anastrozole 0.5 mg twice weekly", "anastrozole", 0.5, 3.5),
}


def _family_tip(agent: str) -> str:
    family = FAMILIES[AGENTS[agent].family]
    return f"{family.words[0].upper()}{family.words[1:]}: {family.mechanism[0].lower()}{family.mechanism[1:]}"


class RestartFamilies(Explorer):
    slug = "restart-families"
    """After 6 months, a year or two years of TRT (200 mg/week cypionate), tick one or more families of
    restart agents (given for 3 months after TRT stops) and compare with stopping alone."""

    def __init__(self, patient=None, *, units: str = "conventional"):
        super().__init__()
        self.patient = patient if patient is not None else Patient()
        self.simulations = 0
        self.trt_weeks = self._dropdown("Months on TRT before the stop", "How long the illustrated man took 200 mg "
                                        "a week of cypionate before stopping", list(_TRT_WEEKS), 26, width="320px")
        self.boxes = {key: self._checkbox(text, _family_tip(agent) + ". " + ILLUSTRATION_OF_REGIMEN.capitalize() + ".")
                      for key, (text, agent, *_) in _FAMILIES.items()}
        self.units = self._units_toggle(units)
        longest = max(weeks for _, weeks in _TRT_WEEKS) * WEEK + _FOLLOW_DAYS
        self.baseline = counted_run(self, Regimen([]), longest)          # no drug: the same at every duration
        self.stop_only = counted_run(self, Regimen([self._trt()]), self.days)
        self.result = self.stop_only
        # Grow mode: ticking or unticking a box moves the lines, not the axes (the stop-only run, always
        # shown, sets the first scale).
        self.panels = ScenarioFigure((("LH",), ("T",), ("sperm",)), scenarios=2,
                                              labels=["stop only", "with agents"], units=units, width=9.0,
                                              panel_height=1.45, y_limits="grow")
        self.panels.mark_day(self.diagram_day, f"diagram: day {self.diagram_day}")
        self.diagram = AxisDiagram(width=6.5)
        self.panel_view = self._figure_view(self.panels.figure, "LH, testosterone and sperm over 2 years: "
                                            "stopping TRT alone compared with stopping plus the ticked agents.")
        self.diagram_view = self._figure_view(self.diagram.figure, "Diagram of the hormone axis with the active "
                                              "restart agents marked where they act.")
        for key, box in self.boxes.items():
            self._observe(box, name=key)                                       # other agents: simulate
        self._observe(self.trt_weeks)                                          # another stop: both runs
        self._observe(self.units, lambda: self._request_update(self._redraw))  # same runs, other units
        self._arrange()
        self._redraw()

    @property
    def trt_stop(self) -> int:
        """The day TRT stops (the restart agents start then)."""
        return self.trt_weeks.value * WEEK

    @property
    def days(self) -> int:
        return self.trt_stop + _FOLLOW_DAYS

    @property
    def diagram_day(self) -> int:
        return self.trt_stop + _DIAGRAM_AFTER

    def _trt(self):
        return Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=self.trt_stop)

    def chosen(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.value]

    def regimen(self) -> Regimen:
        courses = [self._trt()]
        for key in self.chosen():
            _, agent, dose, every = _FAMILIES[key]
            courses.append(Course(agent, dose=dose, every_days=every, start_day=self.trt_stop,
                                  stop_day=self.trt_stop + _AGENT_DAYS))
        return Regimen(courses)

    def _arrange(self):
        self.intro_line = W.HTML(self._intro_text())
        boxes = W.VBox([self.trt_weeks, *self.boxes.values()], layout=W.Layout(min_width="300px", flex="1 1 420px"))
        controls = W.Box([boxes, self.units], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        self.caption = W.HTML(self._caption_text())
        diagram_row = W.Box([self.diagram_view.widget, W.VBox([self.caption], layout=W.Layout(min_width="300px",
                                                                                          flex="1 1 300px"))],
                            layout=W.Layout(display="flex", flex_flow="row wrap", align_items="flex-start"))
        self._layout([self.intro_line, controls], self.panel_view, [diagram_row])

    def _intro_text(self) -> str:
        stop, weeks = self.trt_stop, self.trt_weeks.value
        return html_line(
            f"Scenario: 200 mg a week of testosterone cypionate for {weeks} weeks, stopped on day {stop}. Each box adds "
            f"one family of restart agents for the {_AGENT_DAYS // WEEK} weeks after the stop "
            f"(days {stop} to {stop + _AGENT_DAYS - 1}): "
            f"{ILLUSTRATION_OF_REGIMEN}.")

    def _caption_text(self) -> str:
        return html_line(
            f"The diagram shows day {self.diagram_day}, 6 weeks after TRT stopped, for the 'with agents' run (grey line "
            "on the panels): a coloured badge marks each agent being taken and points at where it acts; a cross marks "
            "a signal the agent blocks. Percentages compare with this model man's untreated levels.")

    def update(self):
        """The stop-only run for the chosen duration (cached) and one simulation with the ticked agents, then
        redraw."""
        if self.stop_only.regimen.courses[0].stop_day != self.trt_stop:     # the duration changed
            self.stop_only = counted_run(self, Regimen([self._trt()]), self.days)
            self.intro_line.value, self.caption.value = self._intro_text(), self._caption_text()
            self.panels.mark_day(self.diagram_day, f"diagram: day {self.diagram_day}")
        self.result = counted_run(self, self.regimen(), self.days) if self.chosen() else self.stop_only
        self._redraw()

    def _redraw(self):
        shown = [self.stop_only, self.result] if self.chosen() else [self.stop_only]
        # The strip row names the drugs after the label: name the family when there is one.
        label = f"with {self.chosen()[0]}" if len(self.chosen()) == 1 else "with agents"
        # longer courses: start the view 12 weeks before the stop, so the recovery keeps most of the width
        self.panels.update(shown, units=self.units.value, labels=["stop only", label], draw=False,
                           view_from=max(0, self.trt_stop - 12 * WEEK) if self.trt_weeks.value > 26 else 0.0)
        levels = relative_levels(self.result, self.baseline, self.diagram_day)
        self.diagram.update(levels, drugs_on_day(self.result.regimen, self.diagram_day), draw=False)
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def shown(self):
        """For the CSV: stopping alone and, with a box ticked, the run with the agents."""
        runs = [("stop only", self.stop_only)]
        if self.chosen():
            runs.append((f"with {' + '.join(self.chosen())}", self.result))
        return runs, ["LH", "T", "sperm"], self.units.value

    def _verdicts(self) -> str:
        """The ticked agents against stopping alone by the one rule (analysis.outcomes): T and LH 6 weeks after the
        stop, and the return of sperm; a difference inside the model's resolution is no meaningful difference."""
        follow = self.days - self.trt_stop
        back = [outcomes(r)[SPERM_KEY] for r in (self.stop_only, self.result)]
        level = lambda name: level_verdict(*(float(r.at(self.diagram_day, name)) for r in (self.stop_only, self.result)),
                                           floor=DETECTION_LIMITS.get(name, 0.0))
        parts = [comparison_phrase("LH 6 weeks after the stop", level("LH")),
                 comparison_phrase("T 6 weeks after the stop", level("T")),
                 comparison_phrase("sperm back", recovery_verdict(*back, follow))]
        return "; ".join(parts)

    def _compose_summary(self) -> str:
        """The one-line readout (``summary_text``): both runs 6 weeks after the stop, and sperm recovery."""
        system = self.units.value
        t_unit = _units.unit_of("T", system)

        def numbers(res):
            lh = float(res.at(self.diagram_day, "LH"))
            t = float(_units.convert(res.at(self.diagram_day, "T"), "T", system)[0])
            back = outcomes(res)[SPERM_KEY]
            sperm = (f"not back above {SPERM_THRESHOLD:g} million/mL by the end" if math.isnan(back)
                     else f"sperm above {SPERM_THRESHOLD:g} million/mL {back:.0f} days after the stop")
            t_text = f"{t:.1f}" if system == "SI" else f"{t:.0f}"
            return f"LH {level_text('LH', lh)} and T {t_text} {t_unit} 6 weeks after the stop; {sperm}"

        text = f"Stop only: {numbers(self.stop_only)}."
        if self.chosen():
            text += f" With {' + '.join(self.chosen())}: {numbers(self.result)}. {self._verdicts()}."
        else:
            text += " Tick a box to add a family of restart agents."
        return text


SERM_START, SERM_WEEKS = 14.0, 12


SERM_DAYS = SERM_START + SERM_WEEKS * WEEK + 28.0


_SERM_MEN = (("secondary hypogonadism (low T, low-normal LH)", "secondary_hypogonadism"),
             ("healthy man, 30 years", "healthy"))


def _serm_patient(man, leydig_percent):
    base = Patient.preset(man)
    return Patient(f"{base.name}, Leydig capacity {leydig_percent} %",
                   **{**base.overrides, "leydig_capacity": leydig_percent / 100.0})


def serm_runs(dose, leydig_percent, man="secondary_hypogonadism"):
    """(without, with) clomiphene at `dose` mg daily for 12 weeks from day 14, in `man` with his Leydig
    capacity set to `leydig_percent` % of healthy."""
    patient = _serm_patient(man, leydig_percent)
    serm = Regimen([Course("clomiphene", float(dose), 1.0, SERM_START, SERM_START + SERM_WEEKS * WEEK)])
    return run(Regimen([]), SERM_DAYS, patient), run(serm, SERM_DAYS, patient)


class SERMResponseExplorer(Explorer):
    """Clomiphene raises LH by hiding estradiol from the hypothalamus and pituitary; whether T follows
    depends on the Leydig cells."""

    slug = "serm-responsiveness"
    title = "A SERM turns up LH; only a responsive testis turns it into testosterone"
    intro = ("Clomiphene daily for 12 weeks from day 14 (" + ILLUSTRATION_OF_REGIMEN + "). Solid: with clomiphene; "
             "dashed: the same man without it. Lower the Leydig capacity to see LH rise while T cannot follow.")

    def __init__(self, dose: float = 25.0, leydig: int = 100, man: str = "secondary_hypogonadism"):
        super().__init__()
        self.simulations = 0
        self.dose = self._slider("FloatSlider", "Clomiphene (mg per day)", "Clomiphene citrate taken daily",
                                 value=float(min(max(dose, 12.5), 50.0)), min=12.5, max=50.0, step=12.5,
                                 readout_format=".1f")
        self.leydig = self._slider("IntSlider", "Leydig capacity (% of healthy)", "How much testosterone the "
                                   "Leydig cells can make for a given LH (100 % = healthy)",
                                   value=int(min(max(leydig, 5), 100)), min=5, max=100, step=5)
        self.man = self._dropdown("Man", "Which simulated man", list(_SERM_MEN), man)
        self.plot = ScenarioFigure((("LH",), ("T",), ("E2",)), scenarios=2,
                                   labels=["with clomiphene", "without"], width=9.0, panel_height=1.3)
        self.view = self._figure_view(self.plot.figure, "LH, testosterone and estradiol with and without "
                                      "clomiphene.", toolbar=True)
        for control in (self.dose, self.leydig, self.man):
            self._observe(control)
        self._layout([self.dose, self.leydig, self.man], self.view)
        self.update()

    def update(self):
        self.simulations += 1
        self.without, self.with_serm = serm_runs(self.dose.value, self.leydig.value, self.man.value)
        self.results = [self.with_serm, self.without]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(SERM_START, "clomiphene starts")
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def _compose_summary(self) -> str:
        t0, t1 = SERM_START + (SERM_WEEKS - 2) * WEEK, SERM_START + SERM_WEEKS * WEEK
        lh0, lh1 = (mean_between(r, "LH", t0, t1) for r in (self.without, self.with_serm))
        tt0, tt1 = (mean_between(r, "T", t0, t1) for r in (self.without, self.with_serm))
        return (f"Leydig capacity {self.leydig.value} %: in weeks {SERM_WEEKS - 1}-{SERM_WEEKS} of clomiphene "
                f"{self.dose.value:g} mg daily, LH {lh0:.1f} → {lh1:.1f} IU/L ({100 * (lh1 / lh0 - 1):+.0f} %), "
                f"T {tt0:.0f} → {tt1:.0f} ng/dL ({100 * (tt1 / tt0 - 1):+.0f} %).")

    def shown(self):
        return [("with clomiphene", self.with_serm), ("without", self.without)], ["LH", "T", "E2"], "conventional"

"""Explorers of the intermediate tier: restart agents, protocols and their comparison.

Every explorer builds its figure once (under ``plt.ioff()``), then on each control change runs the
model and moves artist data with ``set_data``. Each explorer prints a one-line text summary beside its
figure (the figure is never the only channel), gives every control a description and a tooltip a
screen reader can read, and catches callback errors into an Output the reader can see. How figures,
errors and the summary are shown is common to every explorer: see ``explorer_base``.

The controls offer clinical ranges only, and every combination of them is a valid regimen by
construction (stop always after start, doses inside the agent's range), so no setting can raise.

| explorer              | topic (TOPICS.md, intermediate)                                      |
|-----------------------|-----------------------------------------------------------------------|
| ``SERMExplorer``      | SERM mechanism: blocking central oestrogen receptors raises GnRH/LH  |
| ``AgentComparison``   | clomiphene vs enclomiphene vs tamoxifen on the same axes              |
| ``HCGExplorer``       | hCG during TRT keeps intratesticular testosterone                    |
| ``GonadorelinExplorer``| gonadorelin: pump pulses vs continuous vs twice-weekly injections   |
| ``EstradiolBalance``  | anastrozole dose against E2, LH and T: too little and too much E2     |
| ``TypicalTRT``        | weekly testosterone + anastrozole twice weekly, and FSH              |
| ``ProtocolBuilder``   | compose a restart protocol from controls that cannot be invalid       |
| ``ComparisonView``    | several protocols side by side, with an outcome table                |
| ``SerialLabs``        | monitoring with serial labs (a static figure and a table)            |

Educational model, not medical advice: nothing here recommends a dose.
"""
from __future__ import annotations

import base64
import html
import io
import math
import time
from collections import OrderedDict

import ipywidgets as W
import numpy as np
from matplotlib.patches import Rectangle

from ..model import units as _units
from ..model.agents import AGENTS
from .base import LABEL, Explorer, new_figure, set_unit
from ..analysis.outcomes import outcomes as _outcomes
from ..analysis.outcomes import treatment_end
from ..analysis.recovery import BAND_LABEL, BAND_MEANING, BAND_MEN, band_cohort, between_men_days, days_range_text
from ..model.parameters import E2_TOO_HIGH, E2_TOO_LOW, REFERENCE_RANGES   # E2 zones shared with tier 1
from ..model.patient import PRESETS, Patient
from ..analysis.published import MONTH_DAYS
from ..content.words import regimen_words
from ..viz.panels import ScenarioFigure   # also this module's name for it
from ..viz.style import BAND_ALPHA, FONT, INK, STYLE, floored, mix   # the series' look
from ..content.protocols import (CLINICAL, level_text, COMPARISON_DEFAULT, PROTOCOLS, SCHEDULES, TRT_AGENTS, TRT_SCHEDULE_WORDS,
                        TRT_SCHEDULES, TRT_WEEKLY_RANGE, HTMLTable, Protocol, trt_courses, trt_end_day)
from ..model.regimen import MAX_DAY, Course, Regimen
from ..model.engine import simulate

__all__ = ["ScenarioFigure", "SERMExplorer", "AgentComparison", "HCGExplorer", "GonadorelinExplorer",
           "EstradiolBalance", "TypicalTRT", "ProtocolBuilder", "ComparisonView", "SerialLabs",
           "comparison_cost", "outcome_rows", "outcome_values", "checkpoint_estradiol",
           "checkpoint_comparison", "E2_TOO_LOW", "E2_TOO_HIGH"]

# --- Simulation cache: a slider that returns to a value costs nothing ------------------------------

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 96


def _patient_key(patient):
    return (patient.name, tuple(sorted(patient.values.items())))


def run(regimen: Regimen, days: float, patient: Patient | None = None, dt: float = 0.5):
    """hpg.simulate with a small LRU cache keyed by the regimen's courses, the horizon, the patient and
    the step (views spanning years use dt=1 day: what the reader sees is unchanged, the cost halves)."""
    patient = patient or Patient()
    key = (tuple(regimen.courses), float(days), _patient_key(patient), float(dt))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    res = simulate(regimen, days=days, patient=patient, dt=dt)
    _CACHE[key] = res
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return res


def clear_cache():
    _CACHE.clear()


def _patient(preset_or_patient) -> Patient:
    if isinstance(preset_or_patient, Patient):
        return preset_or_patient
    if preset_or_patient == "hypothalamic_failure":
        return Patient("hypothalamic failure: the GnRH neurons can make at most ~5 % of a healthy maximum",
                       gnrh_capacity=0.05)
    return Patient.preset(preset_or_patient)


def _patient_options(extra=()):
    opts = [(desc, key) for key, (_, desc) in PRESETS.items()]
    return list(extra) + opts


# --- Outcomes ---------------------------------------------------------------------------------------

_OUTCOME_COLUMNS = ("protocol", "LH back in range", "lowest T after stopping", "highest E2 after stopping",
                    "sperm ≥ 15 M/mL")


def outcome_values(res) -> dict:
    """The four headline numbers of a restart: days (after testosterone stops) until LH re-enters its
    reference range and until sperm pass 15 M/mL; the testosterone nadir and estradiol peak after
    stopping (conventional units). NaN when not reached within the run."""
    o = _outcomes(res)
    end = treatment_end(res)
    after = res.t >= end
    return {"LH_days": o["LH back in range (days after T stops)"],
            "T_nadir": o["T nadir after stopping (ng/dL)"],
            "E2_peak": float(np.max(res["E2"][after])) if after.any() else math.nan,
            "sperm_days": o["sperm >= 15 M/mL (days after T stops)"],
            "end": end, "horizon": float(res.t[-1] - end)}


def _days_text(d, horizon):
    if d is None or not np.isfinite(d):
        return f"not within {horizon / MONTH_DAYS:.0f} months"
    return f"{d:.0f} days (~{d / 7:.0f} wk)" if d >= 14 else f"{d:.0f} days"


def outcome_rows(results, labels, units="conventional") -> list[dict]:
    """Outcome table rows (strings) for results labelled by protocol name."""
    t_unit, e_unit = _units.unit_of("T", units), _units.unit_of("E2", units)
    rows = []
    for res, label in zip(results, labels):
        v = outcome_values(res)
        T = float(_units.convert(v["T_nadir"], "T", units)[0])
        E = float(_units.convert(v["E2_peak"], "E2", units)[0])
        rows.append({"protocol": label,
                     "LH back in range": _days_text(v["LH_days"], v["horizon"]),
                     "lowest T after stopping": f"{T:.3g} {t_unit}" if units == "SI" else f"{T:.0f} {t_unit}",
                     "highest E2 after stopping": f"{E:.0f} {e_unit}",
                     "sperm ≥ 15 M/mL": _days_text(v["sperm_days"], v["horizon"])})
    return rows


def _outcome_html(results, labels, units, caption):
    note = ("Days count from the day testosterone stops. LH range 2.2-11.6 IU/L; sperm threshold: WHO 2010 "
            "lower reference limit. Model values for one simulated man, not predictions; not a ranking of "
            "treatments.")
    return HTMLTable(outcome_rows(results, labels, units), caption, list(_OUTCOME_COLUMNS), note)._repr_html_()


def _mean_window(res, name, t0, t1):
    m = (res.t >= t0) & (res.t <= t1)
    return float(np.mean(res[name][m])) if m.any() else float(res[name][-1])


# --- SERM mechanism -----------------------------------------------------------------------------------

_SERMS = ("clomiphene", "enclomiphene", "tamoxifen")


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
        self.patient = self._dropdown("Man", "Which simulated man", _patient_options(), patient)
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
            _set_range(self.dose, c.low, c.high, c.step, c.default)
        self._request_update()

    def regimen(self):
        start = 14.0
        return Regimen([Course(self.agent.value, float(self.dose.value), 1.0, start, start + 7.0 * self.weeks.value)])

    def update(self):
        days = 14.0 + 7.0 * self.weeks.value + 84.0
        patient = _patient(self.patient.value)
        res, base = run(self.regimen(), days, patient), run(Regimen([]), days, patient)
        self.results = (res, base)
        self.plot.update([res, base], draw=False)
        self.plot.mark_day(14.0, "drug starts")
        end = 14.0 + 7.0 * self.weeks.value
        w0, w1 = end - 14, end
        lh0, lh1 = base["LH"][0], _mean_window(res, "LH", w0, w1)
        t0, t1 = base["T"][0], _mean_window(res, "T", w0, w1)
        g1 = _mean_window(res, "GnRH", w0, w1) / max(base["GnRH"][0], 1e-9)
        self._set_summary(
            f"{AGENTS[self.agent.value].label} {self.dose.value:g} mg daily for {self.weeks.value} weeks: "
            f"GnRH drive ×{g1:.1f}, LH {level_text('LH', lh0)} → {level_text('LH', lh1)}, T {t0:.0f} → {t1:.0f} ng/dL "
            f"(last 2 weeks on the drug).")
        self.view.refresh()


def _set_range(slider, low, high, step, value):
    """Move a slider to a new range without ever passing through an invalid state."""
    with slider.hold_trait_notifications():
        slider.max = max(slider.max, high)
        slider.min = min(slider.min, low)
        slider.value = min(max(value, low), high)
        slider.min, slider.max, slider.step = low, high, step
        slider.readout_format = _readout_format(step)


def _readout_format(step):
    """Enough decimals to show every step of the slider, and no more (12.5 -> .1f, 0.25 -> .2f)."""
    text = f"{step:.6f}".rstrip("0")
    return f".{len(text.split('.')[1])}f"


# --- SERMs side by side -------------------------------------------------------------------------------

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
        self.patient = self._dropdown("Man", "Which simulated man", _patient_options(), patient)
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
        patient = _patient(self.patient.value)
        regs = [Regimen([Course(a, float(self.doses[a].value), 1.0, start, end)]) for a in _SERMS] + [Regimen([])]
        self.results = [run(r, days, patient) for r in regs]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(start, "drugs start")
        rows = []
        for label, res in zip(self.labels, self.results):
            rows.append({"drug": label,
                         "T on the drug (last 2 wk)": f"{_mean_window(res, 'T', end - 14, end):.0f} ng/dL",
                         "LH on the drug": level_text("LH", _mean_window(res, "LH", end - 14, end)),
                         "E2 on the drug": f"{_mean_window(res, 'E2', end - 14, end):.0f} pg/mL",
                         "T 4 weeks after stopping": f"{float(res.at(end + 28, 'T')):.0f} ng/dL"})
        self.rows = rows
        self.table.value = HTMLTable(rows, "Model values in the chosen man",
                                     note="SERM potencies in the model are calibrated to one trial "
                                          "(clomiphene, Ramasamy 2014); tamoxifen's is a placeholder.")._repr_html_()
        # values side by side, never a ranking: the differences rest on placeholder potencies
        values = "; ".join(f"{r['drug']} {r['T on the drug (last 2 wk)']}" for r in rows[:3])
        self._set_summary(f"T on the drug in this model: {values} (no drug: {rows[3]['T on the drug (last 2 wk)']}). "
                          "Differences between SERMs rest on uncertain potencies: see the table below.")
        self.view.refresh()


# --- hCG during TRT -----------------------------------------------------------------------------------

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
        itt = _mean_window(res, "ITT", end - 28, end)
        itt0 = _mean_window(alone, "ITT", end - 28, end)
        sp = _mean_window(res, "sperm", end - 28, end)
        pct = lambda v: f"{100 * (v / base_itt - 1):+.0f} %"
        what = (f"hCG {self.hcg.value:,.0f} IU {SCHEDULES[self.schedule.value][0]}"
                if self.hcg.value > 0 else "no hCG")
        self._set_summary(f"Intratesticular T in the last month of TRT: {itt0:.0f} nmol/L alone ({pct(itt0)} vs "
                          f"untreated), {itt:.0f} nmol/L with {what} ({pct(itt)}); sperm with hCG "
                          f"{sp:.1f} M/mL.")
        self.view.refresh()


# --- Gonadorelin ----------------------------------------------------------------------------------------

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
                                      _patient_options([("hypothalamic failure: GnRH capacity ~5 % of healthy",
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
        patient = _patient(self.patient.value)
        self.results = [run(r, days, patient) for r in self.regimens()]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(7.0, "gonadorelin starts")
        lh = [_mean_window(r, "LH", end - 14, end) for r in self.results]
        lh = [level_text("LH", v) for v in lh]
        self._set_summary(f"LH in the last 2 weeks: pump {lh[0]}, continuous {lh[1]}, twice weekly "
                          f"{lh[2]}, no drug {lh[3]} (reference 2.2-11.6 IU/L).")
        self.view.refresh()


# --- Estradiol balance ----------------------------------------------------------------------------------

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
        self.patient = self._dropdown("Man", "Which simulated man", _patient_options(), patient)
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
        fig = self.figure = new_figure((8.8, 6.6))
        left, width = 0.12, 0.6
        self.axes = [fig.add_axes((left, 0.67, width, 0.28)), fig.add_axes((left, 0.39, width, 0.23)),
                     fig.add_axes((left, 0.125, width, 0.22))]
        for ax in self.axes:
            ScenarioFigure._style_axes(ax, last=ax is self.axes[-1])
        ax_e = self.axes[0]
        tf = ax_e.get_yaxis_transform()
        ax_e.add_patch(Rectangle((0, 0), 1, E2_TOO_LOW, transform=tf, facecolor="#9E9E9E", alpha=0.25,
                                 hatch="///", edgecolor="#8A8A8A", lw=0, zorder=0.4))
        ax_e.add_patch(Rectangle((0, E2_TOO_HIGH), 1, 1000, transform=tf, facecolor="#D55E00", alpha=0.13,
                                 hatch="\\\\", edgecolor="#D55E00", lw=0, zorder=0.4))
        ax_e.add_patch(Rectangle((0, E2_TOO_LOW), 1, E2_TOO_HIGH - E2_TOO_LOW, transform=tf,
                                 facecolor=STYLE["E2"].color, alpha=0.12, lw=0, zorder=0.4))
        note = dict(transform=ax_e.transAxes, fontsize=FONT - 1.5, va="center", ha="left", clip_on=False)
        self.zone_texts = [ax_e.text(1.02, 0.0, "", color="#B34700", **note),
                           ax_e.text(1.02, 0.0, "", color="#8A6A00", **note),
                           ax_e.text(1.02, 0.0, "", color="#555555", **note)]
        self.curves, self.dots, self.baselines = {}, {}, {}
        for ax, name in zip(self.axes, ("E2", "LH", "T")):
            st = STYLE[name]
            (self.curves[name],) = ax.plot([], [], color=st.color, lw=2.2, zorder=3)
            (self.dots[name],) = ax.plot([], [], "o", color=st.color, ms=9, mec="black", mew=1.2, zorder=5)
            self.baselines[name] = ax.axhline(0, color="#777777", lw=1, ls=(0, (3, 2)), zorder=2)
            ax.set_ylabel(f"{st.label}\n({_units.unit_of(name)})", fontsize=FONT - 0.5, color=INK)
            ax.set_xlim(-0.02 * self.X_MAX, self.X_MAX * 1.02)
            if name != "E2":
                lo, hi = REFERENCE_RANGES[name]
                ax.add_patch(Rectangle((0, lo), 1, hi - lo, transform=ax.get_yaxis_transform(), facecolor=st.color,
                                       alpha=BAND_ALPHA, lw=0, zorder=0.4))
                ax.text(1.02, (lo + hi) / 2, "reference\nrange", transform=ax.get_yaxis_transform(),
                        fontsize=FONT - 2, color=mix(st.color, "black", 0.3), va="center")
        self.axes[-1].set_xlabel("Anastrozole (mg per week, all doses of the week added up)", fontsize=FONT,
                                 color=INK)
        self.context_text = fig.text(left, 0.975, "", fontsize=FONT - 1, color=INK, va="top")
        fig.text(left, 0.008, "Estradiol zones (sensitive assay) are approximate; the notebook gives the sources.\n"
                 "Educational model, not a prediction for any one person.", fontsize=FONT - 2, color="#666666")

    def _context(self):
        patient = _patient(self.patient.value)
        trt = float(self.trt.value)
        courses = [Course("testosterone_cypionate", trt, 7.0, 0.0, None)] if trt > 0 else []
        return patient, courses

    def _steady(self, dose, schedule=None):
        """(E2, LH, T) averaged over weeks 10-12 at `dose` mg per administration."""
        patient, courses = self._context()
        _, every, _ = SCHEDULES[schedule or self.schedule.value]
        extra = [Course("anastrozole", dose, every, 0.0, None)] if dose > 0 else []
        res = run(Regimen(courses + extra), 84.0, patient)
        return tuple(_mean_window(res, n, 70.0, 84.0) for n in ("E2", "LH", "T"))

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
        self.context_text.set_text(f"{_patient(self.patient.value).name}; "
                                   + (f"on testosterone cypionate {trt} mg weekly" if trt else "no TRT"))
        self._place_zone_texts()
        self._request_update()

    def _table(self):
        """For the CSV: the curves against the weekly anastrozole amount (this figure has no time axis)."""
        v = self.curve_values
        return (["anastrozole (mg per week)", "E2 (pg/mL)", "LH (IU/L)", "T (ng/dL)"],
                [self.curve_x, v[:, 0], floored("LH", v[:, 1]), v[:, 2]])

    def _place_zone_texts(self):
        top = self.axes[0].get_ylim()[1]
        frac = lambda y: min(max(y / top, 0.05), 0.95)
        self.zone_texts[0].set(y=frac((E2_TOO_HIGH + top) / 2),
                               text=f"too high (> {E2_TOO_HIGH:g}):\ngynecomastia, fluid,\nmore feedback on LH")
        self.zone_texts[1].set(y=frac((E2_TOO_LOW + E2_TOO_HIGH) / 2), text="balanced")
        self.zone_texts[2].set(y=frac(E2_TOO_LOW / 2),
                               text=f"too low (< {E2_TOO_LOW:g}):\nbone loss, low libido,\nhot flushes, more fat")

    @staticmethod
    def zone(e2: float) -> str:
        return "too low" if e2 < E2_TOO_LOW else "too high" if e2 > E2_TOO_HIGH else "balanced"

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
        tail = " LH stays suppressed: exogenous T dominates the feedback." if self.trt.value and lh < 1 else ""
        if dose == 0:
            self._set_summary(f"No anastrozole: E2 {e2:.0f} pg/mL ({self.zone(e2)}), LH {level_text('LH', lh)}, T {t:.0f} ng/dL. "
                              f"Move the slider to add anastrozole.{tail}")
            return self.view.refresh()
        self._set_summary(f"{how}: E2 {e0:.0f} → {e2:.0f} pg/mL ({self.zone(e2)}), LH {level_text('LH', l0)} → {level_text('LH', lh)}, "
                          f"T {t0:.0f} → {t:.0f} ng/dL.{tail}")
        self.view.refresh()


# --- A typical TRT protocol ----------------------------------------------------------------------------

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
        f = [_mean_window(r, "FSH", end - 28, end) for r in self.results]
        e = [_mean_window(r, "E2", end - 28, end) for r in self.results]
        self._set_summary(f"Last month: FSH {level_text('FSH', f[2])} untreated, {level_text('FSH', f[1], '.2f')} on TRT alone, "
                          f"{level_text('FSH', f[0], '.2f')} with "
                          f"anastrozole; E2 {e[2]:.0f}, {e[1]:.0f} and {e[0]:.0f} pg/mL. Exogenous T keeps FSH "
                          "down whatever the anastrozole does.")
        self.view.refresh()


# --- Protocol builder ------------------------------------------------------------------------------------

_NONE = "none"
_SIMULATED = "simulated protocol"   # never "your protocol": a regimen here is a simulation, not the reader's


class AgentRow:
    """One agent of a protocol: agent, dose (clinical range of that agent), schedule, start, duration.

    Start counts in weeks from the day testosterone stops (negative: during TRT) and its lower limit
    follows the TRT length, so a course can never start before day 0; the duration is at least a
    week, so a course always stops after it starts."""

    def __init__(self, explorer, index, start_min):
        ex = explorer
        n = index + 1
        agent_options = [("(none)", _NONE)] + [(AGENTS[a].label, a) for a in CLINICAL]
        width = "470px"
        self.agent = ex._dropdown(f"Agent {n}", f"Restart agent number {n}, or none", agent_options, _NONE, width)
        c = CLINICAL["clomiphene"]
        self.dose = ex._slider("FloatSlider", f"Dose {n}", f"Dose of agent {n} per administration, within the "
                               "range used clinically for that agent", width, unit="mg", min=c.low, max=c.high, step=c.step,
                               value=c.default, readout_format=_readout_format(c.step))
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
            _set_range(self.dose, c.low, c.high, c.step, c.default if dose is None else dose)
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
        self.patient = self._dropdown("Man", "Which simulated man", _patient_options(), patient)
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
        patient = _patient(self.patient.value)
        stop_only = Regimen(self.trt(), name="stop only")
        res, ref = run(reg, days, patient, dt=1.0), run(stop_only, days, patient, dt=1.0)
        self.results = (res, ref)
        units = self.units.value
        self.plot.update([res, ref], units=units, draw=False)
        self.plot.mark_day(self.trt_end(), "TRT stops")
        self.table.value = _outcome_html([res, ref], [_SIMULATED, "stop only"], units,
                                         "Outcomes in the model")
        self.description.value = (f"<span style='color:#444'><b>The simulated protocol:</b> "
                                  f"{html.escape(regimen_words(reg.courses))}</span>")
        v, r = outcome_values(res), outcome_values(ref)
        self._set_summary(
            f"The simulated protocol: LH back in range {_days_text(v['LH_days'], v['horizon'])} and sperm ≥ 15 M/mL "
            f"{_days_text(v['sperm_days'], v['horizon'])} after TRT stops (stop only: "
            f"{_days_text(r['LH_days'], r['horizon'])}; {_days_text(r['sperm_days'], r['horizon'])}).")
        self.view.refresh()


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
        self.patient = self._dropdown("Man", "Which simulated man", _patient_options(), patient)
        self.units = self._units_toggle(units)
        self.spread = self._checkbox(f"show how men differ (10th-90th percentile of {BAND_MEN} simulated men per "
                                     "protocol; a few seconds)", f"Shades the range of {BAND_MEN} simulated men "
                                     f"around each protocol's lines: {BAND_MEANING}")
        self.progress = W.FloatProgress(value=0, min=0, max=1, description="Simulating the men",
                                        style={"description_width": "initial"},
                                        layout=W.Layout(width="360px", visibility="hidden"))
        self.cohort_results = []   # per protocol, only while the box is ticked
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
        patient = _patient(self.patient.value)
        chosen = self.protocols()
        results = [run(p.regimen(weeks, dose), days, patient, dt=1.0) for p in chosen]
        labels = [p.name for p in chosen]
        table = _outcome_html(results, labels, self.units.value,
                              f"Outcomes after {weeks} weeks of TRT at {dose:.0f} mg/week (model)")
        return results, labels, table

    def compute_band(self) -> list:
        """The band's men on each chosen protocol (only while the box is ticked), with a progress bar."""
        if not self.spread.value:
            return []
        weeks, dose = self.trt_weeks.value, float(self.trt_dose.value)
        days = min(MAX_DAY, 7.0 * weeks + 546.0)
        men = band_cohort(_patient(self.patient.value))
        chosen = self.protocols()
        self.progress.value, self.progress.layout.visibility = 0, "visible"
        out = []
        try:
            for k, p in enumerate(chosen, 1):
                out.append(simulate(p.regimen(weeks, dose), days=days, patient=men, dt=1.0))
                self.progress.value = k / len(chosen)
        finally:
            self.progress.layout.visibility = "hidden"
        return out

    def update(self):
        results, labels, table = self.compute()
        self.results, self.labels = results, labels
        self.cohort_results = self.compute_band()
        self.table.value = table
        if results:
            self.plot.update(results, labels=labels, units=self.units.value, draw=False,
                             spreads=self.cohort_results or None, spread_caption=BAND_LABEL)
            self.plot.mark_day(7.0 * self.trt_weeks.value, "TRT stops")
        vals = [outcome_values(r) for r in results]
        text = _comparison_sentence(labels, vals) if results else "No protocol chosen."
        if self.cohort_results:
            end = 7.0 * self.trt_weeks.value
            text += (f" Between men (10th to 90th percentile of {BAND_MEN} in the model), sperm back above 15 M/mL "
                     "after TRT stops: " + "; ".join(f"{lab} {days_range_text(*between_men_days(c, after=end))}"
                                                     for lab, c in zip(labels, self.cohort_results)) + ".")
        self._set_summary(text)
        self.view.refresh()


def _style_words(i):
    return ("solid", "dashed", "dotted", "dash-dot")[i]


def _comparison_sentence(labels, vals):
    """The earliest protocol for LH and for sperm, in whole days as the table shows them. Ties are said as
    ties (never broken by name order: that would read as an endorsement of one drug)."""
    parts = [_earliest(labels, vals, "LH_days", "LH back in range", "LH not back in range"),
             _earliest(labels, vals, "sperm_days", "sperm ≥ 15 M/mL", "sperm not back above 15 M/mL")]
    return "In the model: " + "; ".join(parts) + "."


def _earliest(labels, vals, key, what, never):
    days = {lab: round(v[key]) for v, lab in zip(vals, labels) if np.isfinite(v[key])}
    if not days:
        return f"{never} with any of these within the run"
    best = min(days.values())
    tied = [lab for lab, d in days.items() if d == best]
    when = f"{best} days after TRT stops"
    if len(labels) == 1:
        return f"{what} {when} with {tied[0]}"
    if len(tied) == 1:
        return f"{what} earliest with {tied[0]} ({when})"
    names = ", ".join(tied[:-1]) + " and " + tied[-1]
    return f"{what}: {names} tie at {when}"


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
        self.result = res = run(reg, self.end + 420.0, _patient(patient))
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


# --- Cost of a comparison update -------------------------------------------------------------------------------

def comparison_cost(repeats: int = 7) -> str:
    """One line: time to update a 4-protocol comparison, model part (4 simulations + the outcome
    table, cache cleared) and with the redraw of the 4-panel figure (Agg ``draw``); best of
    `repeats` (median in brackets). Also the cost when one slot changes and three come from the cache."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    view = ComparisonView()
    view._busy = True                                  # time compute() alone, not the callbacks
    canvas = FigureCanvasAgg(view.figure)              # a real renderer: outside a kernel the figure has none
    model, full, one_slot = [], [], []
    for i in range(repeats):
        view.trt_weeks.value = 26 if i % 2 else 27
        clear_cache()                                  # cold: every protocol re-simulated
        t0 = time.perf_counter()
        results, labels, table = view.compute()
        t1 = time.perf_counter()
        view.plot.update(results, labels=labels, draw=False)
        canvas.draw()
        t2 = time.perf_counter()
        model.append(t1 - t0)
        full.append(t2 - t0)
        _CACHE.pop(next(k for k in _CACHE if any(c.agent == "anastrozole" for c in k[0])), None)
        t3 = time.perf_counter()
        view.compute()
        one_slot.append(time.perf_counter() - t3)
    view.close()
    ms = lambda xs: f"{1000 * min(xs):.0f} ms (median {1000 * float(np.median(xs)):.0f})"
    return (f"4-protocol comparison update: model part {ms(model)} [4 simulations + outcome table]; "
            f"with the 4-panel redraw {ms(full)}; one protocol changed, 3 cached: {ms(one_slot)}; "
            f"best of {repeats}.")


# --- Coarse numbers for the notebook's checked cells ---------------------------------------------------

def _about(x, step):
    return f"{step * round(x / step):g}"


def checkpoint_estradiol() -> str:
    """Anastrozole 1 mg daily for 12 weeks in the default man, coarsely rounded (for # NBVAL_CHECK_OUTPUT)."""
    base = run(Regimen([]), 84.0)
    ai = run(Regimen([Course("anastrozole", 1.0, 1.0, 0.0, None)]), 84.0)
    e2 = 100 * (1 - _mean_window(ai, "E2", 70, 84) / base["E2"][0])
    lh = _mean_window(ai, "LH", 70, 84) / base["LH"][0]
    t = _mean_window(ai, "T", 70, 84) / base["T"][0]
    return (f"Anastrozole 1 mg daily, healthy man, weeks 10-12: E2 about {_about(e2, 10)} % lower; "
            f"LH about {_about(lh, 0.5)} x; T about {_about(t, 0.5)} x the untreated value.")


def checkpoint_comparison() -> str:
    """Months until sperm pass 15 M/mL for the four default protocols, to the nearest month."""
    lines = []
    for key in COMPARISON_DEFAULT:
        p = PROTOCOLS[key]
        v = outcome_values(run(p.regimen(26, 200), 7.0 * 26 + 546.0, Patient(), dt=1.0))
        d = v["sperm_days"]
        lines.append(f"{p.name}: sperm >= 15 M/mL after about {_about(d / MONTH_DAYS, 1)} months" if np.isfinite(d)
                     else f"{p.name}: sperm not back within the run")
    return "\n".join(lines)

"""Explorers of the academic tier, part 1: mechanisms and points of failure.

| explorer                  | topic (TOPICS.md, academic)                                              |
|---------------------------|--------------------------------------------------------------------------|
| ``AdaptationExplorer``    | long suppression changes the axis: each slow state switched on or off    |
| ``FailureExplorer``       | points of failure: lab signature, gonadorelin and hCG stimulation tests  |
| ``PulseExplorer``         | pulsatile vs continuous vs twice-weekly gonadorelin, minute scale        |
| ``SERMResponseExplorer``    | a SERM needs testes that can respond                                      |
| ``SpermatogenesisExplorer``| FSH on Sertoli cells, ITT on germ cells, the 64-74-day pipeline         |

Each explorer builds its figure once and, on a control change, runs the model (a few short or one long
run) and moves artist data. The model runs live in plain functions (``adaptation_runs``, ``failure_runs``,
``pulse_runs``, ``serm_runs``, ``sperm_runs``) so tests can sweep their whole control space without
widgets. Slow states and patient capacities are read from the model's registries (states.STATES,
parameters.PHYSIOLOGY), never listed by hand, so a state or capacity the model gains shows up here.

Educational model, not medical advice: every regimen is an illustration of a mechanism, never a dose.
"""
from __future__ import annotations

import html
import math
from collections import OrderedDict

import ipywidgets as W
import numpy as np

from ..analysis.events import time_to
from ..analysis.outcomes import SPERM_THRESHOLD, level_text
from .base import Explorer, new_figure
from ..model import states as _states
from ..model import units as _units
from ..model.engine import simulate
from ..model.parameters import AZOOSPERMIA, PHYSIOLOGY, REFERENCE_RANGES
from ..model.patient import Patient
from ..model.pulses import simulate_pulses
from ..model.regimen import Course, Regimen
from ..viz.panels import ScenarioFigure
from ..viz.style import FONT, INK, STYLE, panel_look
from ..content.protocols import HTMLTable

__all__ = ["AdaptationExplorer", "FailureExplorer", "PulseExplorer", "SERMResponseExplorer",
           "SpermatogenesisExplorer", "adaptation_runs", "failure_runs", "pulse_runs", "serm_runs", "sperm_runs",
           "lab_pattern", "switchable_states", "failure_levels", "print_checkpoints"]

WEEK = 7.0
TRT_AGENT = "testosterone_cypionate"
ILLUSTRATION = "an illustration of a mechanism, not a recommendation"

# --- Model runs, cached: a control that returns to a value costs nothing ---------------------------------

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 64


def _run(regimen, days, patient=None, dt=0.5, switches=None):
    """hpgviz.simulate with a small LRU cache (keyed by courses, horizon, patient, step and switches)."""
    patient = patient or Patient()
    key = ("day", tuple(regimen.courses), float(days), tuple(sorted(patient.values.items())), float(dt),
           tuple(sorted((switches or {}).items())))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    res = simulate(regimen, days=days, patient=patient, dt=dt, switches=switches or None)
    _CACHE[key] = res
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return res


def _run_pulses(regimen, hours, patient):
    key = ("pulse", tuple(regimen.courses), float(hours), tuple(sorted(patient.values.items())))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    res = simulate_pulses(regimen, hours=hours, patient=patient)
    _CACHE[key] = res
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return res


def _days_text(days, observed, end) -> str:
    if observed and days == 0:
        return "0 days (never below it)"
    return f"{days:.0f} days" if observed else f"not within the {end:.0f} days shown"


def _mean_between(res, name, t0, t1) -> float:
    window = (res.t >= t0) & (res.t <= t1)
    return float(np.mean(res[name][window])) if window.any() else float(res[name][-1])


def _html(text: str) -> str:
    return f"<p style='margin:0.3em 0; line-height:1.4'>{html.escape(text)}</p>"


# =========================================================================================================
# 1. Adaptation: each slow state switched on or off
# =========================================================================================================

def switchable_states():
    """The slow states a reader can switch off, in registry order."""
    return [s for s in _states.STATES if s.switchable]


def _state_label(state) -> str:
    """A checkbox label from the registry: the state's meaning up to its first colon or bracket."""
    head = state.meaning.split(":")[0].split("(")[0].strip()
    return f"{head} [{state.name}]"


RECOVERY_DAYS = 540      # shown after TRT stops: long enough for the slowest return in the model


def _adaptation_regimen(dose, weeks) -> Regimen:
    return Regimen([Course(TRT_AGENT, dose=float(dose), every_days=WEEK, start_day=0.0, stop_day=weeks * WEEK)])


def adaptation_runs(dose, weeks, off=(), patient=None):
    """(all states on, with the states in `off` held at their untreated values) for TRT at `dose` mg a
    week for `weeks` weeks, then stopped; the second is None when nothing is off."""
    regimen = _adaptation_regimen(dose, weeks)
    days = weeks * WEEK + RECOVERY_DAYS
    every_on = _run(regimen, days, patient, dt=1.0)
    if not off:
        return every_on, None
    return every_on, _run(regimen, days, patient, dt=1.0, switches={name: False for name in off})


def _recovery(res, stop):
    """{event: (days, observed)} after the stop: LH back in range, T >= 300 ng/dL, sperm >= 15 M/mL."""
    return {"LH back in range": time_to(res, "LH", REFERENCE_RANGES["LH"][0], stop),
            "T above 300 ng/dL": time_to(res, "T", 300.0, stop),
            f"sperm above {SPERM_THRESHOLD:g} million/mL": time_to(res, "sperm", SPERM_THRESHOLD, stop)}


class AdaptationExplorer(Explorer):
    """TRT for a chosen dose and length, then stopped; untick a slow state to hold it at its untreated value
    and see which part of the suppression and of the recovery it carries."""

    slug = "adaptation"
    title = "Long suppression changes the axis: switch each slow adaptation off"
    intro = ("Weekly testosterone cypionate for the chosen weeks, then stopped. Solid lines: every slow state "
             "of the model on. Dashed: the unticked states held at their untreated values.")

    def __init__(self, dose: int = 200, weeks: int = 52, off=(), patient=None):
        super().__init__()
        self.patient = patient if patient is not None else Patient()
        self.simulations = 0
        unknown = sorted(set(off) - {s.name for s in switchable_states()})
        if unknown:
            raise ValueError(f"off: unknown or unswitchable states {unknown}; allowed: "
                             f"{[s.name for s in switchable_states()]}")
        self.dose = self._slider("IntSlider", "TRT dose (mg per week)", "Testosterone cypionate per week, one "
                                 "injection a week", value=int(min(max(dose, 50), 300)), min=50, max=300, step=25)
        self.weeks = self._slider("IntSlider", "Weeks on TRT (weeks)", "How long TRT lasts before it stops",
                                  value=int(min(max(weeks, 4), 156)), min=4, max=156, step=4)
        self.boxes = {}
        for s in switchable_states():
            box = self._checkbox(_state_label(s), f"{s.meaning}. Source: {s.source} [{s.tag}]. Untick to hold "
                                 "this state at its untreated value.", s.name not in off)
            self.boxes[s.name] = box
        self.results = self._simulate()
        first = self.results[0]
        # the testis-volume panel appears as soon as the model reports that series
        groups = [("LH",), ("T",), ("inhibin_B",)] + ([("testis_volume",)] if "testis_volume" in first and
                                      "testis_volume" in STYLE else []) + [("sperm",)]
        self.plot = ScenarioFigure(tuple(groups), scenarios=2, labels=["every state on", "unticked states off"],
                                   width=9.0, panel_height=1.3)
        self.view = self._figure_view(self.plot.figure, "LH, testosterone and sperm during and after TRT, with "
                                      "every slow state on and with the unticked ones off.", toolbar=True)
        self._observe(self.dose)
        self._observe(self.weeks)
        for name, box in self.boxes.items():
            self._observe(box, name=f"keep_{name}")
        boxes = W.VBox([W.HTML("<b>Slow states (ticked = on)</b>")] + list(self.boxes.values()),
                       layout=W.Layout(width="100%"))
        self._layout([self.dose, self.weeks, boxes], self.view)
        self._redraw()

    def off(self) -> list[str]:
        return [name for name, box in self.boxes.items() if not box.value]

    def _simulate(self):
        self.simulations += 1
        return adaptation_runs(self.dose.value, self.weeks.value, tuple(self.off()), self.patient)

    def update(self):
        self.results = self._simulate()
        self._redraw()

    def _redraw(self):
        shown = [r for r in self.results if r is not None]
        self.plot.update(shown, draw=False)
        self.plot.mark_day(self.weeks.value * WEEK, "TRT stops")
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def shown(self):
        labels = ["every state on", "unticked states off"]
        return list(zip(labels, [r for r in self.results if r is not None])), \
            [n for g in self.plot.panel_names for n in g], "conventional"

    def _compose_summary(self) -> str:
        stop = self.weeks.value * WEEK
        end = self.results[0].t[-1] - stop
        parts = []
        for label, res in zip(("Every state on", f"With {', '.join(self.off())} off"), self.results):
            if res is None:
                continue
            rec = _recovery(res, stop)
            parts.append(f"{label}: " + ", ".join(f"{event} after {_days_text(d, seen, end)}"
                                                  for event, (d, seen) in rec.items()) + ".")
        parts.insert(0, f"{self.weeks.value} weeks of {self.dose.value} mg a week, stopped on day {stop:.0f}.")
        if len(parts) == 2:
            parts.append("Untick a state to hold it at its untreated value.")
        else:
            parts.append(self._differences())
        return " ".join(parts) + " (Days counted from the stop.)"

    def _differences(self) -> str:
        """How far apart the two runs' curves get, per panel (largest gap as a share of the all-on value)."""
        on, off = self.results
        gaps = {}
        for group in self.plot.panel_names:
            for name in group:
                a, b = np.asarray(on[name]), np.asarray(off[name])
                gaps[STYLE[name].label] = float(np.max(np.abs(b - a)) / max(float(np.max(np.abs(a))), 1e-12))
        moved = [f"{label} by up to {gap:.0%} of its highest value" for label, gap in gaps.items() if gap >= 0.01]
        still = [label for label, gap in gaps.items() if gap < 0.01]
        text = ("Switching them off changes " + ", ".join(moved) if moved else "Switching them off changes no curve")
        return text + (f"; {', '.join(still)} by less than 1 %." if still else ".")


# =========================================================================================================
# 2. Points of failure
# =========================================================================================================

_LEVELS = (   # capacity parameter -> (where, the cells that fail)
    ("gnrh_capacity", "hypothalamus", "GnRH neurons (hypothalamus)"),
    ("pituitary_capacity", "pituitary", "gonadotropes (pituitary)"),
    ("leydig_capacity", "testis", "Leydig cells (testis: testosterone)"),
    ("sertoli_capacity", "testis", "Sertoli and germ cells (testis: sperm)"),
)
LABS = ("LH", "FSH", "T", "inhibin_B", "sperm")
GNRH_TEST = dict(dose=100.0, start=0.25, hours=18)     # gonadorelin 100 ug bolus: the classic test dose
HCG_TEST = dict(dose=5000.0, start=0.25, read_after=3.0)  # hCG 5,000 IU once, T read 72 h later
BLUNTED = 0.5    # a test response below half of the healthy model man's counts as blunted


def failure_levels():
    """[(parameter, where, cells)] for the capacities this model's Patient has (read from PHYSIOLOGY)."""
    return [level for level in _LEVELS if level[0] in PHYSIOLOGY]


def _failing_patient(parameter, capacity):
    spec = PHYSIOLOGY[parameter]
    value = min(max(float(capacity), spec.low), spec.high)
    return Patient(f"{parameter} at {value:.0%} of healthy", **{parameter: value})


def failure_runs(parameter, capacity):
    """Untreated labs, a gonadorelin bolus test and an hCG test in a man whose `parameter` is `capacity`
    (relative, 1 = healthy): {"labs": Result, "gnrh_test": Result, "hcg_test": Result}."""
    if parameter not in PHYSIOLOGY:
        raise ValueError(f"parameter must be one of {[p for p, *_ in failure_levels()]}, got {parameter!r}")
    patient = _failing_patient(parameter, capacity)
    g, h = GNRH_TEST, HCG_TEST
    gnrh = Regimen([Course("gonadorelin", g["dose"], 7.0, g["start"], g["start"] + 0.5)])
    hcg = Regimen([Course("hcg", h["dose"], 7.0, h["start"], h["start"] + 0.5)])
    return {"labs": _run(Regimen([]), 1.0, patient),
            "gnrh_test": _run(gnrh, g["start"] + g["hours"] / 24.0, patient, dt=1 / 24),
            "hcg_test": _run(hcg, h["start"] + h["read_after"] + 0.25, patient, dt=0.25)}


def _lab_values(runs) -> dict:
    return {name: float(runs["labs"][name][0]) for name in LABS}


def _gnrh_rise(res) -> float:
    """LH increase (IU/L) at its peak within the hours after the bolus."""
    start = GNRH_TEST["start"]
    before = float(np.interp(start - 1e-9, res.t, res["LH"]))
    return float(np.max(res["LH"][res.t >= start])) - before


def _hcg_rise(res) -> float:
    """T increase (ng/dL) 72 h after the hCG injection."""
    start = HCG_TEST["start"]
    return res.at(start + HCG_TEST["read_after"], "T") - res.at(0.0, "T")


def _reading(name, value) -> str:
    low, high = REFERENCE_RANGES[name]
    if value < low:
        return "low"
    if high is not None and value > high:
        return "high"
    return "normal"


def lab_pattern(labs: dict, gnrh_rise: float, hcg_rise: float, healthy_gnrh_rise: float,
                healthy_hcg_rise: float) -> str:
    """What the labs and the two stimulation tests point to, in words (as a clinician reads them).

    `labs` holds LH, FSH, T, inhibin_B and sperm; the rises are the LH rise after gonadorelin and the T
    rise 72 h after hCG, for this man and for a healthy man."""
    r = {name: _reading(name, labs[name]) for name in LABS}
    pit = "responds" if gnrh_rise >= BLUNTED * healthy_gnrh_rise else "responds poorly"
    ley = "rises" if hcg_rise >= BLUNTED * healthy_hcg_rise else "barely rises"
    tests = (f"The pituitary {pit} to a gonadorelin bolus (LH {gnrh_rise:+.1f} IU/L, healthy "
             f"{healthy_gnrh_rise:+.1f}), and T {ley} after hCG ({hcg_rise:+.0f} ng/dL at 72 h, healthy "
             f"{healthy_hcg_rise:+.0f}).")
    if r["T"] == "low" and r["LH"] == "high":
        head = "Low T with high LH points at the testis itself (primary failure)"
        head += ": the Leydig cells cannot answer LH" + (", nor hCG." if ley == "barely rises" else ".")
    elif r["T"] == "low":
        head = "Low T with low or normal LH points above the testis (secondary failure)"
        head += (": the pituitary answers GnRH, so the GnRH neurons are the likelier level." if pit == "responds"
                 else ": the pituitary does not answer GnRH either, so the gonadotropes are the likelier level "
                      "(after long GnRH deficiency they can need repeated pulses before they answer).")
    elif r["FSH"] == "high" or r["inhibin_B"] == "low" or r["sperm"] == "low":
        head = ("Normal T with " + " and ".join(w for w, hit in (("high FSH", r["FSH"] == "high"),
                                                                  ("low inhibin B", r["inhibin_B"] == "low"),
                                                                  ("few sperm", r["sperm"] == "low")) if hit)
                + " points at the Sertoli and germ cells; the Leydig cells still make testosterone")
        head += "." if r["LH"] != "high" else ", held up by a high LH (compensated)."
    elif r["LH"] == "high":
        head = "Normal T held up by a high LH: a compensated failure of the testis (the Leydig cells need more drive)."
    else:
        head = ("Every lab is inside its reference range: at this degree the axis compensates, and only the "
                "stimulation tests show the weakness, if anything does.")
    return f"{head} {tests}"


class FailureExplorer(Explorer):
    """Weaken one level of the axis and read its lab signature and stimulation tests."""

    slug = "points-of-failure"
    title = "Points of failure: what a failure at each level looks like in the labs"
    intro = ("Choose the cells that fail and how much capacity they keep. Left: the untreated labs as a share of "
             "a healthy man's, with the reference range. Right: a gonadorelin test and an hCG test, against a "
             "healthy man (dashed).")

    def __init__(self, level: str = "gnrh_capacity", capacity: int = 5):
        super().__init__()
        options = [(cells, parameter) for parameter, _, cells in failure_levels()]
        if level not in [p for _, p in options]:
            raise ValueError(f"level must be one of {[p for _, p in options]}, got {level!r}")
        self.simulations = 0
        self.level = self._dropdown("Failing cells", "Which cells lose capacity", options, level)
        self.capacity = self._slider("IntSlider", "Capacity they keep (% of healthy)", "Their capacity as a share "
                                     "of a healthy man's (100 % = healthy)", value=int(min(max(capacity, 5), 100)),
                                     min=5, max=100, step=5)
        self.healthy = failure_runs("gnrh_capacity", 1.0)
        self.healthy_rises = (_gnrh_rise(self.healthy["gnrh_test"]), _hcg_rise(self.healthy["hcg_test"]))
        self._build_figure()
        self.view = self._figure_view(self.figure, "Lab signature and stimulation tests of the failing man, "
                                      "against a healthy man.")
        self.table = W.HTML()
        self._observe(self.level)
        self._observe(self.capacity)
        self._layout([self.level, self.capacity], self.view, [self.table])
        self.update()

    # figure -----------------------------------------------------------------------------------------

    def _build_figure(self):
        fig = self.figure = new_figure((9.4, 4.6))
        self.ax_labs = fig.add_axes((0.13, 0.16, 0.36, 0.72))
        self.ax_gnrh = fig.add_axes((0.62, 0.60, 0.35, 0.28))
        self.ax_hcg = fig.add_axes((0.62, 0.16, 0.35, 0.28))
        for ax in (self.ax_labs, self.ax_gnrh, self.ax_hcg):
            panel_look(ax)
        ax = self.ax_labs
        ax.set_xscale("log")
        ax.set_xlim(1, 3000)
        y = np.arange(len(LABS))[::-1]
        healthy = _lab_values(self.healthy)
        for yi, name in zip(y, LABS):
            low, high = REFERENCE_RANGES[name]
            top = 3000 if high is None else 100 * high / healthy[name]
            ax.barh(yi, top - 100 * low / healthy[name], left=100 * low / healthy[name], height=0.8,
                    color=STYLE[name].color, alpha=0.15, lw=0, zorder=0.5)
        self.bars = ax.barh(y, [100] * len(LABS), height=0.45, color=[STYLE[n].color for n in LABS], zorder=2)
        ax.axvline(100, color="#555555", lw=1, ls=(0, (2, 2)), zorder=1)
        ax.set_yticks(y, [STYLE[n].label for n in LABS], fontsize=FONT - 1)
        ax.set_xticks([1, 10, 100, 1000], ["1 %", "10 %", "100 %", "1000 %"])
        ax.set_xlabel("% of a healthy man's level (log scale)", fontsize=FONT - 1, color=INK)
        ax.set_title("Untreated labs (band: reference range)", fontsize=FONT, loc="left", color=INK)
        self.value_texts = [ax.text(1.2, yi + 0.32, "", fontsize=FONT - 2.5, color=INK, va="bottom")
                            for yi in y]
        self.ax_gnrh.set_title("Gonadorelin 100 µg bolus: LH (IU/L)", fontsize=FONT - 0.5, loc="left", color=INK)
        self.ax_hcg.set_title("hCG 5,000 IU once: T (ng/dL)", fontsize=FONT - 0.5, loc="left", color=INK)
        self.ax_gnrh.set_xlabel("hours after the bolus", fontsize=FONT - 1.5, color=INK)
        self.ax_hcg.set_xlabel("hours after the injection", fontsize=FONT - 1.5, color=INK)
        for ax, name, key, start in ((self.ax_gnrh, "LH", "gnrh_test", GNRH_TEST["start"]),
                                     (self.ax_hcg, "T", "hcg_test", HCG_TEST["start"])):
            res = self.healthy[key]
            ax.plot((res.t - start) * 24, res[name], color=STYLE[name].color, lw=1.4, ls=(0, (4, 2)), alpha=0.6,
                    label="healthy")
            (line,) = ax.plot([], [], color=STYLE[name].color, lw=2.4, label="this man")
            setattr(self, f"{key}_line", line)
            ax.legend(fontsize=FONT - 2.5, frameon=False, loc="upper right")

    # update -----------------------------------------------------------------------------------------

    def update(self):
        self.simulations += 1
        self.runs = failure_runs(self.level.value, self.capacity.value / 100.0)
        labs = _lab_values(self.runs)
        healthy = _lab_values(self.healthy)
        for bar, text, name in zip(self.bars, self.value_texts, LABS):
            share = max(100 * labs[name] / healthy[name], 1.0)
            bar.set_width(share)
            text.set_text(self._lab_text(name, labs[name]))
        tops = []
        for ax, name, key, start in ((self.ax_gnrh, "LH", "gnrh_test", GNRH_TEST["start"]),
                                     (self.ax_hcg, "T", "hcg_test", HCG_TEST["start"])):
            res = self.runs[key]
            getattr(self, f"{key}_line").set_data((res.t - start) * 24, res[name])
            top = max(float(np.max(res[name])), float(np.max(self.healthy[key][name])))
            ax.set_ylim(0, top * 1.15)
            ax.set_xlim(-start * 24, float(res.t[-1] - start) * 24)
            tops.append(top)
        rises = (_gnrh_rise(self.runs["gnrh_test"]), _hcg_rise(self.runs["hcg_test"]))
        self.pattern = lab_pattern(labs, rises[0], rises[1], *self.healthy_rises)
        columns = ["lab", "this man", "healthy model man", "reference range", "reading"]
        table = HTMLTable(self.rows(labs, healthy, rises), "Lab signature of this man", columns)
        self.table.value = table._repr_html_()
        cells = dict((p, c) for p, _, c in failure_levels())[self.level.value]
        self._set_summary(f"{cells} at {self.capacity.value} % of healthy. {self.pattern}", "What the model shows:")
        self._refresh_views()

    @staticmethod
    def _lab_text(name, value):
        unit = _units.unit_of(name)
        return level_text(name, value, ".1f" if value < 100 else ".0f", unit)

    def rows(self, labs, healthy, rises):
        out = []
        for name in LABS:
            low, high = REFERENCE_RANGES[name]
            unit = _units.unit_of(name)
            ref = f"≥ {low:g} {unit}" if high is None else f"{low:g}-{high:g} {unit}"
            out.append({"lab": STYLE[name].label, "this man": self._lab_text(name, labs[name]),
                        "healthy model man": self._lab_text(name, healthy[name]), "reference range": ref,
                        "reading": _reading(name, labs[name])})
        tests = (("LH rise after gonadorelin", rises[0], self.healthy_rises[0], "IU/L", "+.1f"),
                 ("T rise 72 h after hCG", rises[1], self.healthy_rises[1], "ng/dL", "+.0f"))
        for label, rise, healthy_rise, unit, fmt in tests:
            out.append({"lab": label, "this man": f"{rise:{fmt}} {unit}",
                        "healthy model man": f"{healthy_rise:{fmt}} {unit}", "reference range": "-",
                        "reading": "normal" if rise >= BLUNTED * healthy_rise else "blunted"})
        return out

    def shown(self):
        return [("gonadorelin test", self.runs["gnrh_test"])], ["LH", "T"], "conventional"


# =========================================================================================================
# 3. Pulsatile vs continuous vs twice-weekly gonadorelin (minute scale)
# =========================================================================================================

PUMP_DOSE = 10.0            # ug per pulse (pump practice 5-20 ug every 90-120 min)
INJECTION_DOSE = 100.0      # ug per injection, twice a week
PULSE_PATIENT_CAPACITY = 0.05
SCHEDULES = ("pump", "continuous", "twice weekly", "no drug")


def _pulse_regimens(days, interval_minutes):
    every = interval_minutes / 1440.0
    end = float(days)
    return {"pump": Regimen([Course("gonadorelin", PUMP_DOSE, every, 0.0, end)]),
            "continuous": Regimen([Course("gonadorelin", PUMP_DOSE, every, 0.0, end, continuous=True)]),
            "twice weekly": Regimen([Course("gonadorelin", INJECTION_DOSE, 3.5, 0.0, end)]),
            "no drug": Regimen([])}


def pulse_runs(days, interval_minutes, capacity=PULSE_PATIENT_CAPACITY):
    """Minute-scale runs of the four schedules over `days` days in a man whose GnRH neurons keep
    `capacity` of a healthy output: {schedule: Result}."""
    patient = Patient("GnRH deficiency", gnrh_capacity=capacity)
    return {name: _run_pulses(reg, 24.0 * days, patient)
            for name, reg in _pulse_regimens(days, interval_minutes).items()}


def _daily_means(res, name="LH"):
    """Mean of a series over each whole day of a minute-scale run: (day numbers 1..n, means)."""
    per_day = int(round(1.0 / res.dt))
    n = (len(res.t) - 1) // per_day
    y = np.asarray(res[name][:n * per_day]).reshape(n, per_day).mean(axis=1)
    return np.arange(1, n + 1), y


class PulseExplorer(Explorer):
    """The same GnRH-deficient man on four gonadorelin schedules, minute by minute."""

    slug = "gonadorelin-pulses"
    title = "Gonadorelin on the minute scale: pulses, continuous infusion, twice-weekly injections"
    intro = ("A man whose GnRH neurons make about 5 % of a healthy output. Top four panels: LH minute by minute "
             "over the chosen day. Bottom: LH averaged over each day since the start.")

    def __init__(self, day: int = 11, interval: int = 90):
        super().__init__()
        self.simulations = 0
        self.day = self._slider("IntSlider", "Day of treatment shown (day)", "The top panels show LH over this "
                                "day of treatment", unit="day {}", value=int(min(max(day, 1), 28)), min=1, max=28)
        self.interval = self._slider("IntSlider", "Pump: minutes between pulses (minutes)", "How often the pump "
                                     "gives a 10 µg pulse; the continuous infusion gives the same amount evenly",
                                     value=int(min(max(interval, 30), 240)), min=30, max=240, step=15)
        self._build_figure()
        self.view = self._figure_view(self.figure, "LH minute by minute on four gonadorelin schedules, and LH "
                                      "averaged per day.", toolbar=True)
        self._observe(self.day)
        self._observe(self.interval)
        self._layout([self.day, self.interval], self.view)
        self.update()

    def _build_figure(self):
        fig = self.figure = new_figure((9.0, 6.6))
        left, width = 0.15, 0.8
        self.axes = [fig.add_axes((left, 0.83 - 0.115 * i, width, 0.1)) for i in range(4)]
        self.ax_days = fig.add_axes((left, 0.08, width, 0.27))
        color = STYLE["LH"].color
        self.lines, self.day_lines = {}, {}
        dashes = ("solid", (0, (6, 2.5)), (0, (1.3, 1.7)), (0, (8, 2, 1.5, 2)))
        for ax, name, dash in zip(self.axes, SCHEDULES, dashes):
            panel_look(ax)
            (self.lines[name],) = ax.plot([], [], color=color, lw=1.3)
            ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=FONT - 1, color=INK)
            ax.tick_params(axis="x", labelbottom=ax is self.axes[-1])
            ax.set_xlim(0, 24)
            (self.day_lines[name],) = self.ax_days.plot([], [], color=color, lw=1.8, ls=dash, label=name)
        self.axes[-1].set_xlabel("hours into the day shown", fontsize=FONT - 1, color=INK)
        self.axes[0].set_title("LH (IU/L), minute by minute, over the day shown", fontsize=FONT - 0.5, loc="left",
                               color=INK)
        panel_look(self.ax_days)
        self.ax_days.set_xlabel("day of treatment", fontsize=FONT - 1, color=INK)
        self.ax_days.set_ylabel("daily mean LH\n(IU/L)", fontsize=FONT - 1, color=INK)
        low, high = REFERENCE_RANGES["LH"]
        self.ax_days.axhspan(low, high, color=color, alpha=0.1, lw=0)
        self.ax_days.legend(fontsize=FONT - 2, frameon=False, ncol=4, loc="upper right")

    def update(self):
        self.simulations += 1
        day, interval = self.day.value, self.interval.value
        self.runs = pulse_runs(day, interval)
        top = max(float(np.max(r["LH"][r.t >= day - 1])) for r in self.runs.values()) * 1.1
        day_top = 0.0
        for name, res in self.runs.items():
            window = res.t >= day - 1
            self.lines[name].set_data((res.t[window] - (day - 1)) * 24, res["LH"][window])
            days, means = _daily_means(res)
            self.day_lines[name].set_data(days, means)
            day_top = max(day_top, float(means.max()) if means.size else 0.0)
        for ax in self.axes:
            ax.set_ylim(0, top)
        self.ax_days.set_xlim(0.5, max(day, 2) + 0.5)
        self.ax_days.set_ylim(0, max(day_top, REFERENCE_RANGES["LH"][1]) * 1.15)
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def _compose_summary(self) -> str:
        day, interval = self.day.value, self.interval.value
        means = {name: _mean_between(res, "LH", day - 1, day) for name, res in self.runs.items()}
        desens = float(self.runs["continuous"].states["pituitary_desensitisation"][-1])
        pulses_week = 7 * 1440 / interval
        return (f"Day {day}, mean LH: pump {means['pump']:.1f} IU/L, continuous {means['continuous']:.1f} IU/L "
                f"(pituitary {desens:.0%} desensitised), twice weekly {means['twice weekly']:.1f} IU/L, no drug "
                f"{means['no drug']:.1f} IU/L. The pump gives {pulses_week:.0f} pulses a week; twice-weekly "
                "injections give 2.")

    def shown(self):
        return [(name, self.runs[name]) for name in SCHEDULES], ["LH"], "conventional"


# =========================================================================================================
# 4. A SERM needs testes that can respond
# =========================================================================================================

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
    return _run(Regimen([]), SERM_DAYS, patient), _run(serm, SERM_DAYS, patient)


class SERMResponseExplorer(Explorer):
    """Clomiphene raises LH by hiding estradiol from the hypothalamus and pituitary; whether T follows
    depends on the Leydig cells."""

    slug = "serm-responsiveness"
    title = "A SERM turns up LH; only a responsive testis turns it into testosterone"
    intro = ("Clomiphene daily for 12 weeks from day 14 (" + ILLUSTRATION + "). Solid: with clomiphene; "
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
        lh0, lh1 = (_mean_between(r, "LH", t0, t1) for r in (self.without, self.with_serm))
        tt0, tt1 = (_mean_between(r, "T", t0, t1) for r in (self.without, self.with_serm))
        return (f"Leydig capacity {self.leydig.value} %: in weeks {SERM_WEEKS - 1}-{SERM_WEEKS} of clomiphene "
                f"{self.dose.value:g} mg daily, LH {lh0:.1f} → {lh1:.1f} IU/L ({100 * (lh1 / lh0 - 1):+.0f} %), "
                f"T {tt0:.0f} → {tt1:.0f} ng/dL ({100 * (tt1 / tt0 - 1):+.0f} %).")

    def shown(self):
        return [("with clomiphene", self.with_serm), ("without", self.without)], ["LH", "T", "E2"], "conventional"


# =========================================================================================================
# 5. Spermatogenesis: FSH and ITT, and the pipeline
# =========================================================================================================

SPERM_TRT_WEEKS = 26
SPERM_DAYS = SPERM_TRT_WEEKS * WEEK + 365.0
HCG_DOSE, HCG_EVERY = 500.0, 2.0      # hCG alongside TRT as in Hsieh 2013's men: an illustration
_FSH_NEED = (("intratesticular T carries most of it (90 % of germ-cell input without FSH, the model's default)", 0.9),
             ("FSH and intratesticular T share it (50 % without FSH)", 0.5),
             ("FSH is essential (10 % without FSH)", 0.1))
DEFAULT_SPERM = dict(days=64, fsh_independent=0.9, hcg=False)


def sperm_runs(days=64, fsh_independent=0.9, hcg=False):
    """TRT (200 mg cypionate a week) for 26 weeks then stopped, optionally with hCG 500 IU every other day
    during TRT, in a man whose spermatogenesis takes `days` days and whose germ cells keep
    `fsh_independent` of their input without FSH."""
    patient = Patient(f"spermatogenesis {days} d", spermatogenesis_days=float(days),
                      sperm_FSH_independent=float(fsh_independent))
    stop = SPERM_TRT_WEEKS * WEEK
    courses = [Course(TRT_AGENT, 200.0, WEEK, 0.0, stop)]
    if hcg:
        courses.append(Course("hcg", HCG_DOSE, HCG_EVERY, 0.0, stop))
    return _run(Regimen(courses), SPERM_DAYS, patient, dt=1.0)


class SpermatogenesisExplorer(Explorer):
    """Why sperm return months after the hormones: FSH, intratesticular T and the germ-cell pipeline."""

    slug = "spermatogenesis"
    title = "Spermatogenesis: FSH on Sertoli cells, intratesticular T on germ cells, and a long pipeline"
    intro = ("26 weeks of testosterone cypionate 200 mg a week, then stopped (" + ILLUSTRATION + "). Solid: "
             "your settings; dashed: the model's defaults (64 days, intratesticular T carrying most of the input, "
             "no hCG).")

    def __init__(self, days: int = 64, fsh_need: float = 0.9, hcg: bool = False):
        super().__init__()
        self.simulations = 0
        self.days = self._slider("IntSlider", "Length of spermatogenesis (days)", "Mean time from spermatogonium "
                                 "to released sperm; published estimates span about 64-74 days",
                                 value=int(min(max(days, 64), 74)), min=64, max=74, step=1)
        self.fsh_need = self._dropdown("What the germ cells need", "How much germ-cell input survives without FSH, "
                                       "given normal intratesticular T", list(_FSH_NEED), fsh_need)
        self.hcg = self._checkbox("hCG 500 IU every other day during TRT (keeps intratesticular T, not FSH)",
                                  "hCG acts like LH on the Leydig cells; FSH stays suppressed by the testosterone. "
                                  + ILLUSTRATION.capitalize() + ".", hcg)
        self.default = sperm_runs(**DEFAULT_SPERM)
        self.plot = ScenarioFigure((("LH", "FSH"), ("ITT",), ("sperm",)), scenarios=2,
                                   labels=["your settings", "model defaults"], width=9.0, panel_height=1.3)
        self.view = self._figure_view(self.plot.figure, "LH and FSH, intratesticular testosterone and sperm during "
                                      "and after TRT.", toolbar=True)
        for control in (self.days, self.fsh_need, self.hcg):
            self._observe(control)
        self._layout([self.days, self.fsh_need, self.hcg], self.view)
        self.update()

    def chosen(self) -> dict:
        """The controls as sperm_runs arguments."""
        return dict(days=self.days.value, fsh_independent=self.fsh_need.value, hcg=self.hcg.value)

    def update(self):
        self.simulations += 1
        self.result = sperm_runs(**self.chosen())
        same = self.chosen() == DEFAULT_SPERM
        self.results = [self.result] if same else [self.result, self.default]
        self.plot.update(self.results, draw=False)
        self.plot.mark_day(SPERM_TRT_WEEKS * WEEK, "TRT stops")
        self._set_summary(self._compose_summary(), "What the model shows:")
        self._refresh_views()

    def _compose_summary(self) -> str:
        res, stop = self.result, SPERM_TRT_WEEKS * WEEK
        end = res.t[-1] - stop
        lh, lh_seen = time_to(res, "LH", REFERENCE_RANGES["LH"][0], stop)
        sp, sp_seen = time_to(res, "sperm", SPERM_THRESHOLD, stop)
        lowest = float(np.min(res["sperm"][res.t <= stop]))
        low_text = (f"below {AZOOSPERMIA:g} million/mL (no sperm, in the model)" if lowest < AZOOSPERMIA
                    else f"{lowest:.1f} million/mL")
        text = (f"Spermatogenesis of {self.days.value} days; without FSH the germ cells keep "
                f"{self.fsh_need.value:.0%} of their input; {'hCG' if self.hcg.value else 'no hCG'} during TRT. "
                f"On TRT sperm fell to {low_text}. After the stop LH was back in range after "
                f"{_days_text(lh, lh_seen, end)} and sperm above {SPERM_THRESHOLD:g} million/mL after "
                f"{_days_text(sp, sp_seen, end)}")
        if lh_seen and sp_seen and sp > 0:
            text += f": {sp - lh:.0f} days behind LH, with a {self.days.value}-day pipeline"
        return text + "."

    def shown(self):
        labels = ["your settings", "model defaults"]
        return list(zip(labels, self.results)), ["LH", "FSH", "ITT", "sperm"], "conventional"


# =========================================================================================================
# Key numbers, coarsely rounded (the notebook checks them)
# =========================================================================================================

CHECKPOINT_CAPACITY = 0.05   # as in section 3's question: at 10 % the model's feedback still compensates
                             # for GnRH neurons or gonadotropes, so the labs would all read normal


def print_checkpoints():
    """A few of this page's model facts in words and coarse numbers."""
    healthy = failure_runs("gnrh_capacity", 1.0)
    rises = (_gnrh_rise(healthy["gnrh_test"]), _hcg_rise(healthy["hcg_test"]))
    for parameter, _, cells in failure_levels():
        runs = failure_runs(parameter, CHECKPOINT_CAPACITY)
        labs = _lab_values(runs)
        print(f"{cells} at {CHECKPOINT_CAPACITY * 100:.0f} %: LH {_reading('LH', labs['LH'])}, FSH {_reading('FSH', labs['FSH'])}, "
              f"T {_reading('T', labs['T'])}, inhibin B {_reading('inhibin_B', labs['inhibin_B'])}")
    print(f"Gonadorelin pulses a week: pump every 90 min {7 * 1440 / 90:.0f}, twice-weekly injections 2")
    runs = pulse_runs(14, 90)
    means = {name: _coarse(_mean_between(runs[name], "LH", 13, 14)) for name in ("pump", "continuous", "no drug")}
    print(f"Day 14 of gonadorelin, mean LH (IU/L): pump {means['pump']}, continuous {means['continuous']}, "
          f"no drug {means['no drug']}")
    print(f"Healthy model man: LH rise after gonadorelin {_coarse(rises[0])} IU/L, T rise 72 h after hCG "
          f"{_coarse(rises[1])} ng/dL")


def _coarse(x: float) -> str:
    """Two significant figures, so small recalibrations do not change the text."""
    return f"{float(f'{x:.2g}'):g}" if x and math.isfinite(x) else f"{x:g}"

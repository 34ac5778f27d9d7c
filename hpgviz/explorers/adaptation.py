"""Adaptation: long suppression changes the axis; each slow state switched on or off (academic tier).

The model runs live in a plain function (``adaptation_runs``) so tests can sweep the whole control space
without widgets. Slow states are read from the model's registry (states.STATES), never listed by hand, so
a state the model gains shows up here. (The other academic explorers: failure, pulses, agents'
SERMResponseExplorer, spermatogenesis.)

Educational model, not medical advice: every regimen is an illustration of a mechanism, never a dose.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..model import states as _states
from ..model.parameters import REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.events import time_to
from ..analysis.outcomes import SPERM_THRESHOLD
from ..content.words import days_text
from ..viz.panels import ScenarioFigure
from ..viz.style import STYLE
from .base import Explorer
from .runs import run, TRT_AGENT, WEEK

__all__ = ["AdaptationExplorer", "adaptation_runs", "switchable_states", "RECOVERY_DAYS"]




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
    every_on = run(regimen, days, patient, dt=1.0)
    if not off:
        return every_on, None
    return every_on, run(regimen, days, patient, dt=1.0, switches={name: False for name in off})


def _recovery(res, stop):
    """{event: (days, observed)} after the stop: LH back in range, T >= 300 ng/dL, sperm >= SPERM_THRESHOLD."""
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
            parts.append(f"{label}: " + ", ".join(f"{event} after {days_text(d, seen, end)}"
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

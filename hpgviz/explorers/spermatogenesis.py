"""Spermatogenesis: FSH on Sertoli cells, intratesticular T on germ cells, and the 64-74-day pipeline."""
from __future__ import annotations

import numpy as np

from ..model.parameters import AZOOSPERMIA, PHYSIOLOGY, REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.events import time_to
from ..analysis.outcomes import SPERM_THRESHOLD
from ..content.words import days_text, ILLUSTRATION_OF_MECHANISM
from ..viz.panels import ScenarioFigure
from .base import Explorer
from .runs import run, TRT_AGENT, WEEK

__all__ = ["SpermatogenesisExplorer", "sperm_runs", "DEFAULT_SPERM"]


SPERM_TRT_WEEKS = 26


SPERM_DAYS = SPERM_TRT_WEEKS * WEEK + 365.0


HCG_DOSE, HCG_EVERY = 500.0, 2.0      # hCG alongside TRT as in Hsieh 2013's men: an illustration


_FSH_FREE = PHYSIOLOGY["sperm_FSH_independent"].value      # the model's default

_FSH_NEED = (("intratesticular T carries nearly all of it (90 % of germ-cell input without FSH)", 0.9),
             (f"intratesticular T carries most of it ({_FSH_FREE:.0%} without FSH, the model's default)", _FSH_FREE),
             ("FSH is essential (10 % without FSH)", 0.1))


DEFAULT_SPERM = dict(days=64, fsh_independent=_FSH_FREE, hcg=False)


def sperm_runs(days=64, fsh_independent=_FSH_FREE, hcg=False):
    """TRT (200 mg cypionate a week) for 26 weeks then stopped, optionally with hCG 500 IU every other day
    during TRT, in a man whose spermatogenesis takes `days` days and whose germ cells keep
    `fsh_independent` of their input without FSH."""
    patient = Patient(f"spermatogenesis {days} d", spermatogenesis_days=float(days),
                      sperm_FSH_independent=float(fsh_independent))
    stop = SPERM_TRT_WEEKS * WEEK
    courses = [Course(TRT_AGENT, 200.0, WEEK, 0.0, stop)]
    if hcg:
        courses.append(Course("hcg", HCG_DOSE, HCG_EVERY, 0.0, stop))
    return run(Regimen(courses), SPERM_DAYS, patient, dt=1.0)


class SpermatogenesisExplorer(Explorer):
    """Why sperm return months after the hormones: FSH, intratesticular T and the germ-cell pipeline."""

    slug = "spermatogenesis"
    title = "Spermatogenesis: FSH on Sertoli cells, intratesticular T on germ cells, and a long pipeline"
    intro = ("26 weeks of testosterone cypionate 200 mg a week, then stopped (" + ILLUSTRATION_OF_MECHANISM + "). Solid: "
             "these settings; dashed: the model's defaults (64 days, intratesticular T carrying most of the input, "
             "no hCG).")

    def __init__(self, days: int = 64, fsh_need: float = _FSH_FREE, hcg: bool = False):
        super().__init__()
        self.simulations = 0
        self.days = self._slider("IntSlider", "Length of spermatogenesis (days)", "Mean time from spermatogonium "
                                 "to released sperm; published estimates span about 64-74 days",
                                 value=int(min(max(days, 64), 74)), min=64, max=74, step=1)
        self.fsh_need = self._dropdown("What the germ cells need", "How much germ-cell input survives without FSH, "
                                       "given normal intratesticular T", list(_FSH_NEED), fsh_need)
        self.hcg = self._checkbox("hCG 500 IU every other day during TRT (keeps intratesticular T, not FSH)",
                                  "hCG acts like LH on the Leydig cells; FSH stays suppressed by the testosterone. "
                                  + ILLUSTRATION_OF_MECHANISM.capitalize() + ".", hcg)
        self.default = sperm_runs(**DEFAULT_SPERM)
        self.plot = ScenarioFigure((("LH", "FSH"), ("ITT",), ("sperm",)), scenarios=2,
                                   labels=["these settings", "model defaults"], width=9.0, panel_height=1.3)
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
                f"{days_text(lh, lh_seen, end)} and sperm above {SPERM_THRESHOLD:g} million/mL after "
                f"{days_text(sp, sp_seen, end)}")
        if lh_seen and sp_seen and sp > 0:
            text += f": {sp - lh:.0f} days behind LH, with a {self.days.value}-day pipeline"
        return text + "."

    def shown(self):
        labels = ["these settings", "model defaults"]
        return list(zip(labels, self.results)), ["LH", "FSH", "ITT", "sperm"], "conventional"

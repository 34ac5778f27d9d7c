"""Points of failure: a capacity lowered at one level of the axis, its lab signature and the gonadorelin
and hCG stimulation tests that tell the levels apart."""
from __future__ import annotations

import ipywidgets as W
from matplotlib.ticker import MaxNLocator
import numpy as np

from ..model import units as _units
from ..model.parameters import AZOOSPERMIA, PHYSIOLOGY, REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..analysis.outcomes import level_text
from ..content.labels import reading
from ..content.protocols import HTMLTable
from ..viz.style import axes_width_in, fit_words, FONT, INK, on_phone, panel_look, phone_column, STYLE
from .base import Explorer, new_figure
from .runs import run

__all__ = ["FailureExplorer", "failure_levels", "failure_runs", "lab_pattern", "lab_values", "gnrh_rise", "hcg_rise", "LABS", "GNRH_TEST", "HCG_TEST",
           "BLUNTED"]


_LEVELS = (   # capacity parameter -> (where, the cells that fail)
    ("gnrh_capacity", "hypothalamus", "GnRH neurons (hypothalamus)"),
    ("pituitary_capacity", "pituitary", "gonadotropes (pituitary)"),
    ("leydig_capacity", "testis", "Leydig cells (testis: testosterone)"),
    ("sertoli_capacity", "testis", "Sertoli and germ cells (testis: sperm)"),
    ("germ_cell_capacity", "testis", "germ cells alone (testis: sperm; Sertoli cells intact)"),
)


LABS = ("LH", "FSH", "T", "inhibin_B", "sperm")


GNRH_TEST = dict(dose=100.0, start=0.25, hours=18)     # gonadorelin 100 ug bolus: the classic test dose


HCG_TEST = dict(dose=5000.0, start=0.25, read_after=3.0, days=7.0)  # hCG 5,000 IU once, T read 72 h later,
                                                                    # followed for a week


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
    return {"labs": run(Regimen([]), 1.0, patient),
            "gnrh_test": run(gnrh, g["start"] + g["hours"] / 24.0, patient, dt=1 / 24),
            "hcg_test": run(hcg, h["start"] + h["days"], patient, dt=0.125)}


def lab_values(runs) -> dict:
    return {name: float(runs["labs"][name][0]) for name in LABS}


def gnrh_rise(res) -> float:
    """LH increase (IU/L) at its peak within the hours after the bolus."""
    start = GNRH_TEST["start"]
    before = float(np.interp(start - 1e-9, res.t, res["LH"]))
    return float(np.max(res["LH"][res.t >= start])) - before


def hcg_rise(res) -> float:
    """T increase (ng/dL) 72 h after the hCG injection."""
    start = HCG_TEST["start"]
    return res.at(start + HCG_TEST["read_after"], "T") - res.at(0.0, "T")


def lab_pattern(labs: dict, gnrh_rise: float, hcg_rise: float, healthy_gnrh_rise: float,
                healthy_hcg_rise: float) -> str:
    """What the labs and the two stimulation tests point to, in words (as a clinician reads them).

    `labs` holds LH, FSH, T, inhibin_B and sperm; the rises are the LH rise after gonadorelin and the T
    rise 72 h after hCG, for this man and for a healthy man."""
    r = {name: reading(name, labs[name]) for name in LABS}
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
        sperm_word = "no sperm" if labs["sperm"] < AZOOSPERMIA else "few sperm"
        head = ("Normal T with " + " and ".join(w for w, hit in (("high FSH", r["FSH"] == "high"),
                                                                  ("low inhibin B", r["inhibin_B"] == "low"),
                                                                  (sperm_word, r["sperm"] == "low")) if hit)
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
        self.healthy_rises = (gnrh_rise(self.healthy["gnrh_test"]), hcg_rise(self.healthy["hcg_test"]))
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
        phone = on_phone()
        if phone:   # the labs over the two tests, each panel as wide as the screen lets it
            fig, (self.ax_labs, self.ax_gnrh, self.ax_hcg) = phone_column(
                (0.42 * len(LABS), 1.0, 1.0), (0.8, 0.8), top=0.3, bottom=0.5, desktop_in=9.4)
            box = self.ax_labs.get_position()   # the labs' names need a wider left margin
            self.ax_labs.set_position((1.05 / fig.get_figwidth(), box.y0, box.x1 - 1.05 / fig.get_figwidth(),
                                       box.height))
            self.figure = fig
        else:
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
        healthy = lab_values(self.healthy)
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
        ax.set_title("Untreated labs (band: reference range)", fontsize=FONT, loc="right" if phone else "left",
                     color=INK)
        self.value_texts = [ax.text(1.2, yi + 0.32, "", fontsize=FONT - 2.5, color=INK, va="bottom")
                            for yi in y]
        for ax, title in ((self.ax_gnrh, "Gonadorelin 100 µg bolus: LH (IU/L)"),
                          (self.ax_hcg, "hCG 5,000 IU once: T (ng/dL)")):
            ax.set_title(fit_words(title, axes_width_in(ax), FONT - 0.5), fontsize=FONT - 0.5, loc="left", color=INK)
            if phone:
                ax.xaxis.set_major_locator(MaxNLocator(5))
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
        labs = lab_values(self.runs)
        healthy = lab_values(self.healthy)
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
        rises = (gnrh_rise(self.runs["gnrh_test"]), hcg_rise(self.runs["hcg_test"]))
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
                        "reading": reading(name, labs[name])})
        tests = (("LH rise after gonadorelin", rises[0], self.healthy_rises[0], "IU/L", "+.1f"),
                 ("T rise 72 h after hCG", rises[1], self.healthy_rises[1], "ng/dL", "+.0f"))
        for label, rise, healthy_rise, unit, fmt in tests:
            out.append({"lab": label, "this man": f"{rise:{fmt}} {unit}",
                        "healthy model man": f"{healthy_rise:{fmt}} {unit}", "reference range": "-",
                        "reading": "normal" if rise >= BLUNTED * healthy_rise else "blunted"})
        return out

    def shown(self):
        return [("gonadorelin test", self.runs["gnrh_test"])], ["LH", "T"], "conventional"

"""A reader's way in for "on testosterone and thinking about children": men like the one he describes (product,
dose, how long, age, and if known the count before testosterone) as a cohort in the model, followed after the
stop. Said in words (content.recovery_words), drawn with the recovery window taking the figure's width, with
what a restart course changed there, and a printable one-page summary.

Educational model, not medical advice: the men are "men like this in the model", never the reader.
"""
from __future__ import annotations

import base64
import html

import ipywidgets as W
import numpy as np

from ..analysis.outcomes import recovery_milestones, SPERM_THRESHOLD
from ..analysis.published import MONTH_DAYS
from ..analysis.recovery import BAND_MEANING, BAND_PERCENTILES
from ..content import recovery_words as words
from ..content.protocols import PROTOCOLS, TRT_AGENTS, TRT_WEEKLY_RANGE
from ..model.agents import AGENTS
from ..model.engine import simulate
from ..model.parameters import HYPOGONADAL_T, PHYSIOLOGY, REFERENCE_RANGES
from ..model.patient import Cohort, Patient
from ..viz.panels import name_panel
from ..viz.style import fit_words, FONT, INK, OKABE_ITO, on_phone, panel_look, phone_column, STYLE
from .base import Explorer, new_figure
from .runs import cached

__all__ = ["MenLikeThisExplorer", "men_like", "RESTARTS"]

MEN = 100                     # men per cohort: enough for "9 in 10" to rest on ten men; a move costs one cohort run
SEED = 0
FOLLOW_UP_DAYS = 730          # two years after the stop (Liu 2006 followed recovery for 24 months)
LEAD_DAYS = 30                # the month before the stop: the men's state on testosterone, for contrast
RESTARTS = ("clomiphene", "hcg_then_clomiphene", "hcg_anastrozole", "enclomiphene", "tamoxifen")
PANELS = (("sperm", SPERM_THRESHOLD, "million/mL"), ("T", HYPOGONADAL_T, "ng/dL"),
          ("LH", REFERENCE_RANGES["LH"][0], "IU/L"))
RESTART_COLOR = OKABE_ITO["orange"]


def men_like(age: float, count: float | None = None, n: int = MEN, seed: int = SEED) -> Cohort:
    """n men of `age` varying as hpgviz.Cohort does; with `count`, every man's untreated sperm concentration is
    that count (what the reader knows replaces the spread between men for it)."""
    cohort = Cohort(n=n, seed=seed, base=Patient(age=float(age)))
    if count is not None:
        spec = PHYSIOLOGY["sperm_base"]
        if not spec.low <= count <= spec.high:
            raise ValueError(f"count before testosterone must be in [{spec.low:g}, {spec.high:g}] million/mL, "
                             f"got {count!r}")
        cohort.values["sperm_base"] = float(count)
    return cohort


class MenLikeThisExplorer(Explorer):
    """Men like the one described, stopped, and followed for two years in the model.

    Controls: ``product`` (testosterone ester), ``dose`` (mg per week), ``years`` (on testosterone), ``age``,
    ``count_known`` with ``count`` (million/mL before testosterone), ``restart`` (a restart course to compare
    with stopping alone, or none). Each change re-simulates the cohort (a fixed seed: the same settings always
    give the same numbers)."""

    slug = "men-like-this"
    title = "Men like this in the model: when sperm, testosterone and LH came back after the stop"
    intro = ("Set a testosterone history. The model simulates a group of men with it, each a little different, "
             "stops their testosterone and follows them for two years. Simulated men, not a prediction for anyone.")

    def __init__(self, product: str = "testosterone_cypionate", dose: float = 200, years: float = 2.0,
                 age: int = 35, count: float | None = None, restart: str = "clomiphene"):
        super().__init__()
        self.simulations = 0
        low, high, step = TRT_WEEKLY_RANGE
        self.product = self._dropdown("Testosterone product", "The ester injected every week",
                                      [(AGENTS[a].label, a) for a in TRT_AGENTS], product, width="420px")
        self.dose = self._slider("FloatSlider", "Dose (mg per week)", "Milligrams of testosterone ester a week",
                                 value=dose, min=low, max=high, step=step, readout_format=".0f")
        self.years = self._slider("FloatSlider", "How long on testosterone (years)", "Years of weekly injections "
                                  "before the stop", value=years, min=0.25, max=5.0, step=0.25, readout_format=".2f")
        self.age = self._slider("IntSlider", "Age (years)", "Age of the simulated men", value=age, min=18, max=65)
        self.count_known = self._checkbox("Count before testosterone is known", "Tick to give the sperm count "
                                          "measured before testosterone; otherwise the men's counts spread as "
                                          "between healthy men", value=count is not None)
        spec = PHYSIOLOGY["sperm_base"]
        self.count = self._slider("FloatSlider", "Count before testosterone (million/mL)", "Sperm concentration "
                                  "before testosterone", value=count or spec.value, min=spec.low, max=200.0,
                                  step=1.0, readout_format=".0f")
        self.restart = self._dropdown("Restart course to compare", "A published kind of restart course, drawn "
                                      "beside stopping alone (an illustration, not advice)",
                                      [("none", "none")] + [(PROTOCOLS[k].name, k) for k in RESTARTS], restart,
                                      width="420px")
        self.status = W.HTML(layout=W.Layout(min_height="1.6em"))
        self.words = W.HTML(layout=W.Layout(width="100%"))
        self.summary_box = W.HTML(layout=W.Layout(width="100%"))
        self.print_button = W.Button(description="Print summary", icon="print",
                                     tooltip="A one-page summary to print or take to a clinician (opens below, "
                                     "with a download)", layout=W.Layout(width="auto", min_height="44px"))
        self.print_button.on_click(self._guard(self.make_summary))
        self._build_figure()
        self.view = self._figure_view(self.figure, "Sperm, testosterone and LH of the simulated men, month by "
                                      "month after the stop: the middle man and the spread between men.")
        for control in (self.product, self.dose, self.years, self.age, self.count_known, self.count, self.restart):
            self._observe(control)
        row = lambda *ws: W.Box(list(ws), layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        self._layout([row(self.product, self.dose), row(self.years, self.age),
                      row(self.count_known, self.count), row(self.restart), self.status],
                     self.view, [self.words, self.print_button, self.summary_box])
        self.update()

    # the men and their runs ------------------------------------------------------------------------------

    def regimen(self, key: str):
        return PROTOCOLS[key].regimen(self.years.value * 52, self.dose.value, trt_agent=self.product.value)

    def cohort_run(self, key: str):
        days = self.years.value * 52 * 7 + FOLLOW_UP_DAYS
        # cached by the settings that make the men (the cache keys a Cohort object by identity)
        return cached(_simulate_cohort, self.regimen(key), days, float(self.age.value), self._count())

    def _working(self, what: str):
        self.status.value = f'<span role="status" class="hpgviz-working">Working: {html.escape(what)}…</span>'

    # figure ------------------------------------------------------------------------------------------------

    def _build_figure(self):
        phone = on_phone()
        if phone:   # each panel named over it, the legend under the figure
            self.figure, self.axes = fig, _ = phone_column((1.3,) * len(PANELS), (0.35,) * (len(PANELS) - 1),
                                                           top=0.85, bottom=1.2)
        else:
            self.figure = fig = new_figure((10.0, 6.6))
            self.axes = [fig.add_axes((0.09, 0.70 - 0.30 * k, 0.88, 0.24)) for k in range(len(PANELS))]
        self.bands, self.medians, self.restart_lines = [], [], []
        for ax, (name, level, unit) in zip(self.axes, PANELS):
            panel_look(ax)
            color = STYLE[name].color
            self.bands.append(ax.fill_between([], [], [], color=color, alpha=0.18, lw=0))
            (median,) = ax.plot([], [], color=color, lw=2.2, label="stopping alone: middle man")
            (other,) = ax.plot([], [], color=RESTART_COLOR, lw=2.0, ls=(0, (4, 2)), label="")
            self.medians.append(median)
            self.restart_lines.append(other)
            ax.axhline(level, color="#666666", lw=0.9, ls=(0, (2, 2)))
            ax.axvline(0, color=INK, lw=0.8)
            name_panel(ax, f"{STYLE[name].label}\n({unit})", FONT)
            ax.tick_params(axis="x", labelbottom=not phone or ax is self.axes[-1])   # stacked: one time axis
            ax.set_xlim(-LEAD_DAYS / MONTH_DAYS, FOLLOW_UP_DAYS / MONTH_DAYS)
        self.axes[0].text(0.1, 0.97, "stop", transform=self.axes[0].get_xaxis_transform(), fontsize=FONT - 1,
                          color=INK, va="top")
        self.axes[-1].set_xlabel("Months after the last injection", fontsize=FONT, color=INK)
        title = f"{MEN} simulated men after the stop: the middle man (line) and the spread between men (shading)"
        if phone:
            fig.text(0.04 / fig.get_figwidth(), 1 - 0.05 / fig.get_figheight(),
                     fit_words(title, fig.get_figwidth() - 0.12, FONT), fontsize=FONT, color=INK, va="top")
        else:
            self.axes[0].set_title(title, fontsize=FONT, color=INK, loc="left")

    def _draw(self, runs):
        stop = self.years.value * 52 * 7
        for k, (ax, (name, _level, _unit)) in enumerate(zip(self.axes, PANELS)):
            res = runs["stop_only"]
            window = res.t >= stop - LEAD_DAYS
            months = (res.t[window] - stop) / MONTH_DAYS
            y = res[name][:, window]
            lo, hi = np.percentile(y, BAND_PERCENTILES, axis=0)
            self.bands[k].remove()
            self.bands[k] = ax.fill_between(months, lo, hi, color=STYLE[name].color, alpha=0.18, lw=0,
                                            label=f"{BAND_PERCENTILES[0]}th-{BAND_PERCENTILES[1]}th percentile")
            self.medians[k].set_data(months, np.median(y, axis=0))
            other = runs.get(self.restart.value)
            if other is not None:
                self.restart_lines[k].set_data(months, np.median(other[name][:, window], axis=0))
                label = f"{PROTOCOLS[self.restart.value].name}: middle man"   # on a phone wrapped beside its line
                self.restart_lines[k].set_label(fit_words(label, self.figure.get_figwidth() - 0.7, FONT - 1.5)
                                                if on_phone() else label)
            else:
                self.restart_lines[k].set_data([], [])
                self.restart_lines[k].set_label("")
            top = max(float(np.max(hi)), float(np.max(self.medians[k].get_ydata())), _level * 1.3)
            ax.set_ylim(0, top * 1.08)
        handles = [h for h in (self.medians[0], self.bands[0], self.restart_lines[0]) if h.get_label()]
        where = (dict(loc="lower left", bbox_to_anchor=(0.0, 0.0), bbox_transform=self.figure.transFigure)
                 if on_phone() else dict(loc="upper left", bbox_to_anchor=(0.03, 1.0)))
        self.axes[0].legend(handles=handles, **where, fontsize=FONT - 1.5, frameon=False)

    # update --------------------------------------------------------------------------------------------------

    def _count(self):
        return float(self.count.value) if self.count_known.value else None

    def _described(self):
        return (AGENTS[self.product.value].label, self.dose.value, self.years.value * 52, self.age.value, self._count())

    def update(self):
        """Stopping alone first, shown as soon as it is ready (the answer the reader came for), then the restart
        course beside it; a "Working" line says what is being simulated."""
        self.count.disabled = not self.count_known.value
        self.simulations += 1
        try:
            self._working(f"simulating {MEN} men like this")
            self.runs = {"stop_only": self.cohort_run("stop_only")}
            self._show()
            if self.restart.value != "none":
                self._working(f"the same men with {PROTOCOLS[self.restart.value].name}")
                self.runs[self.restart.value] = self.cohort_run(self.restart.value)
                self._show()
        finally:
            self.status.value = ""

    def _show(self):
        """Words, figure and summary from the runs so far."""
        self.milestones = {key: recovery_milestones(res) for key, res in self.runs.items()}
        self.sentences = (words.milestone_sentences(self.milestones["stop_only"]) + words.count_note(self._count())
                          + words.dose_note(self.dose.value))
        self.restart_lines_text = [
            words.restart_sentence(PROTOCOLS[key].name, self.milestones["stop_only"], m, event)
            for key, m in self.milestones.items() if key != "stop_only"
            for event in (words.SPERM_EVENT, words.T_EVENT)]
        self._draw(self.runs)
        self._set_summary(self.sentences[0], "In words:")
        spread = (f"Shading: {BAND_PERCENTILES[0]}th to {BAND_PERCENTILES[1]}th percentile of the {MEN} men, "
                  f"{BAND_MEANING}.")
        self.words.value = "".join(f"<p style='margin:0.3em 0'>{html.escape(s)}</p>"
                                   for s in [*self.sentences[1:], *self.restart_lines_text, spread])
        self.summary_box.value = ""
        self._refresh_views()

    def summary_document(self) -> str:
        """The printable one-page summary of what the figure shows now (a whole HTML document)."""
        return words.summary_html(words.regimen_words(*self._described()), self.sentences, self.restart_lines_text)

    def make_summary(self):
        """The "Print summary" button: the summary in the page (it prints with it) and as an HTML download."""
        document = self.summary_document()
        data = base64.b64encode(document.encode("utf-8")).decode("ascii")
        body = document.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        body = body.replace("<h2", "<h4").replace("</h2>", "</h4>").replace("<h1", "<h3").replace("</h1>", "</h3>")
        self.summary_box.value = (
            f'<div class="hpgviz-print-summary" role="region" aria-label="Printable summary" '
            f'style="border:1px solid #999;padding:0.6em 1em;margin:0.5em 0">{body}'
            f'<p><a class="hpgviz-download" download="hpgviz-summary.html" href="data:text/html;base64,{data}">'
            "Download this summary (HTML, one page: open it and print)</a></p></div>")

    def _built_again(self):
        fresh = super()._built_again()
        if self.summary_box.value:   # a summary the reader asked for stays when the page lays the explorer out anew
            fresh.make_summary()
        return fresh

    def _table(self):
        """For the CSV: months after the stop, then the middle man's sperm, T and LH for each course shown."""
        stop = self.years.value * 52 * 7
        first = self.runs["stop_only"]
        window = first.t >= stop - LEAD_DAYS
        header, columns = ["months after the stop"], [(first.t[window] - stop) / MONTH_DAYS]
        for key, res in self.runs.items():
            for name, _level, unit in PANELS:
                header.append(f"{PROTOCOLS[key].name}: median {name} ({unit})")
                columns.append(np.median(res[name][:, window], axis=0))
        return header, columns


PAGE_GRID = {"dt": 1.0, "resolution": "cohort"}


def _simulate_cohort(regimen, days, age, count):
    """The cohort's run at one-day points and simulate's cohort resolution (what the figure and the words show
    is unchanged within tests/explorers/test_patient.py's tolerances; the cost ~0.55 of the full resolution's)."""
    return simulate(regimen, days=float(days), patient=cached(men_like, age, count), **PAGE_GRID)

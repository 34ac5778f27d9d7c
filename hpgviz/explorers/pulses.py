"""Gonadorelin on the minute scale: pump pulses against continuous infusion and twice-weekly injections."""
from __future__ import annotations

from matplotlib.ticker import FixedLocator, MaxNLocator
import numpy as np

from ..model.parameters import REFERENCE_RANGES
from ..model.patient import Patient
from ..model.regimen import Course, Regimen
from ..viz.panels import name_panel
from ..viz.style import fit_words, FONT, INK, on_phone, panel_look, phone_column, STYLE
from .base import Explorer, new_figure
from .runs import mean_between, run_pulses, RunAhead

__all__ = ["PulseExplorer", "pulse_runs", "SCHEDULES"]


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


def pulse_runs(days, interval_minutes, capacity=PULSE_PATIENT_CAPACITY, progress=None):
    """Minute-scale runs of the four schedules over `days` days in a man whose GnRH neurons keep
    `capacity` of a healthy output: {schedule: Result}. ``progress(share done)``, if given, is called after each
    schedule (a run ahead is stopped there)."""
    patient = Patient("GnRH deficiency", gnrh_capacity=capacity)
    runs = {}
    for name, reg in _pulse_regimens(days, interval_minutes).items():
        runs[name] = run_pulses(reg, 24.0 * days, patient)
        if progress is not None:
            progress(len(runs) / len(SCHEDULES))
    return runs


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
        self._ahead = RunAhead()   # the next day's (or interval's) runs, before the explorer's own observers
        self._ahead.follow({"day": self.day, "interval": self.interval}, self._runs_call)
        self._observe(self.day)
        self._observe(self.interval)
        self._layout([self.day, self.interval], self.view)
        self.update()

    def _build_figure(self):
        phone = on_phone()
        if phone:   # each schedule named over its panel; the daily means' legend in two rows under them
            fig, axes = phone_column((0.55,) * 4 + (1.5,), (0.25, 0.25, 0.25, 0.9), top=0.52, bottom=0.95,
                                     desktop_in=9.0)
            self.figure, self.axes, self.ax_days = fig, axes[:4], axes[4]
        else:
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
            if phone:
                ax.set_title(name, loc="right", fontsize=FONT - 1, color=INK, pad=2)
                ax.xaxis.set_major_locator(FixedLocator([0, 6, 12, 18, 24]))
            else:
                ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=FONT - 1, color=INK)
            ax.tick_params(axis="x", labelbottom=ax is self.axes[-1])
            ax.set_xlim(0, 24)
            (self.day_lines[name],) = self.ax_days.plot([], [], color=color, lw=1.8, ls=dash, label=name)
        self.axes[-1].set_xlabel("hours into the day shown", fontsize=FONT - 1, color=INK)
        title = "LH (IU/L), minute by minute, over the day shown"
        if phone:
            fig.text(0.04 / fig.get_figwidth(), 1 - 0.05 / fig.get_figheight(),
                     fit_words(title, fig.get_figwidth() - 0.12, FONT - 0.5), fontsize=FONT - 0.5, color=INK, va="top")
        else:
            self.axes[0].set_title(title, fontsize=FONT - 0.5, loc="left", color=INK)
        panel_look(self.ax_days)
        self.ax_days.set_xlabel("day of treatment", fontsize=FONT - 1, color=INK)
        name_panel(self.ax_days, "daily mean LH\n(IU/L)", FONT - 1)
        low, high = REFERENCE_RANGES["LH"]
        self.ax_days.axhspan(low, high, color=color, alpha=0.1, lw=0)
        if phone:
            self.ax_days.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            self.ax_days.legend(fontsize=FONT - 2, frameon=False, ncol=2, loc="upper left",
                                bbox_to_anchor=(-0.12, -0.32), handlelength=2.4)
        else:
            self.ax_days.legend(fontsize=FONT - 2, frameon=False, ncol=4, loc="upper right")

    def _runs_call(self, day=None, interval=None):
        """pulse_runs' call for these controls (`day` or `interval`: one of them moved on), as RunAhead takes it."""
        day = self.day.value if day is None else day
        return pulse_runs, (day, self.interval.value if interval is None else interval), {}

    def update(self):
        self.simulations += 1
        day, interval = self.day.value, self.interval.value
        fn, args, kwargs = self._runs_call()
        self._ahead.settle(fn, *args, **kwargs)   # waited for if it is this move's runs, else stopped
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
        self.view.after_next_draw(self._ahead.start_next)   # once drawn: the run ahead never slows this drawing
        self._refresh_views()

    def close(self):
        self._ahead.settle(None)
        super().close()

    def _compose_summary(self) -> str:
        day, interval = self.day.value, self.interval.value
        means = {name: mean_between(res, "LH", day - 1, day) for name, res in self.runs.items()}
        desens = float(self.runs["continuous"].states["pituitary_desensitisation"][-1])
        pulses_week = 7 * 1440 / interval
        return (f"Day {day}, mean LH: pump {means['pump']:.1f} IU/L, continuous {means['continuous']:.1f} IU/L "
                f"(pituitary {desens:.0%} desensitised), twice weekly {means['twice weekly']:.1f} IU/L, no drug "
                f"{means['no drug']:.1f} IU/L. The pump gives {pulses_week:.0f} pulses a week; twice-weekly "
                "injections give 2.")

    def shown(self):
        return [(name, self.runs[name]) for name in SCHEDULES], ["LH"], "conventional"

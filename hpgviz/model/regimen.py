"""Courses and regimens: validated dosing schedules.

A Course is one agent given at a fixed dose on a regular schedule from ``start_day`` up to, but
not including, ``stop_day``. A Regimen is a list of courses; ``Regimen([])`` means no drug.
Invalid input raises a TypeError or ValueError that names the field and the allowed range.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from numbers import Real

from .agents import AGENTS

MAX_DAY = 3650.0                 # ten years: the longest horizon the model is built for
MIN_INTERVAL_DAYS = 1 / 96       # 15 minutes: shorter is a continuous infusion (use continuous=True)
MAX_INTERVAL_DAYS = 365.0


def check_number(field: str, value, low: float, high: float, *, low_open: bool = False) -> float:
    """Return value as float, or raise an error that names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{field} must be a number in [{low:g}, {high:g}], got {type(value).__name__} {value!r}")
    value = float(value)
    bracket = "(" if low_open else "["
    if math.isnan(value) or value > high or value < low or (low_open and value == low):
        raise ValueError(f"{field} must be in {bracket}{low:g}, {high:g}], got {value!r}")
    return value


@dataclass(frozen=True)
class Course:
    agent: str
    dose: float
    every_days: float
    start_day: float = 0.0
    stop_day: float | None = None
    continuous: bool = False

    def __post_init__(self):
        if not isinstance(self.agent, str):
            raise TypeError(f"agent must be a string, one of {sorted(AGENTS)}; got {self.agent!r}")
        name = self.agent.strip().lower().replace(" ", "_").replace("-", "_")     # 'hCG' is hcg
        if name not in AGENTS:
            close = difflib.get_close_matches(name, AGENTS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"agent must be one of {sorted(AGENTS)}; got {self.agent!r}{hint}")
        object.__setattr__(self, "agent", name)
        agent = AGENTS[name]
        set_ = lambda name, v: object.__setattr__(self, name, v)
        set_("dose", check_number(f"dose ({agent.dose_unit} of {self.agent} per administration)",
                                  self.dose, 0.0, agent.max_dose))
        set_("every_days", check_number("every_days", self.every_days, MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS))
        set_("start_day", check_number("start_day", self.start_day, 0.0, MAX_DAY))
        if self.stop_day is not None:
            stop = check_number("stop_day", self.stop_day, 0.0, MAX_DAY)
            if stop <= self.start_day:
                raise ValueError(f"stop_day must be after start_day ({self.start_day:g}) and at most "
                                 f"{MAX_DAY:g}; got {stop:g}")
            set_("stop_day", stop)
        if not isinstance(self.continuous, bool):
            raise TypeError(f"continuous must be True or False, got {self.continuous!r}")
        if self.continuous and not agent.infusable:
            infusable = sorted(a.name for a in AGENTS.values() if a.infusable)
            raise ValueError(f"continuous=True (an even infusion) is only for {', '.join(infusable)}; "
                             f"{self.agent} is given {agent.route} as separate doses")
        per_week = self.dose * 7.0 / self.every_days
        if per_week > agent.max_per_week:
            raise ValueError(f"dose and every_days give {per_week:g} {agent.dose_unit} of {self.agent} a week; "
                             f"allowed at most {agent.max_per_week:g} (a larger dose needs a longer every_days)")

    @property
    def label(self) -> str:
        agent = AGENTS[self.agent]
        how = "as a continuous infusion" if self.continuous else f"every {_interval_text(self.every_days)}"
        return f"{agent.label} {self.dose:g} {agent.dose_unit} {how}"

    def dose_times(self, days: float) -> list[float]:
        """Days on which a dose is given, up to ``days`` (for drawing; stop_day is exclusive)."""
        stop = min(days, self.stop_day if self.stop_day is not None else days + 1e-9)
        n = max(0, math.ceil((stop - self.start_day) / self.every_days - 1e-12))
        return [self.start_day + i * self.every_days for i in range(n)]


def _interval_text(days: float) -> str:
    if days < 1:
        return f"{days * 1440:.0f} min"
    return {1: "day", 7: "week"}.get(days, f"{days:g} days")


class Regimen:
    """An ordered list of Courses. ``Regimen([])`` is the untreated baseline."""

    def __init__(self, courses=(), name: str = ""):
        courses = list(courses) if not isinstance(courses, Course) else [courses]
        for i, c in enumerate(courses):
            if not isinstance(c, Course):
                raise TypeError(f"courses[{i}] must be a Course, got {type(c).__name__}")
        self.courses = courses
        self.name = name

    def __repr__(self):
        return f"Regimen({self.courses!r})"

    def __eq__(self, other):
        return isinstance(other, Regimen) and self.courses == other.courses

    def __len__(self):
        return len(self.courses)

    def agents(self) -> set[str]:
        return {c.agent for c in self.courses}

    def describe(self) -> str:
        if not self.courses:
            return "no drug"
        return "; ".join(f"{c.label}, days {c.start_day:g}-{'end' if c.stop_day is None else f'{c.stop_day:g}'}"
                         for c in self.courses)

"""Courses and levels in words, written once: a dose, a schedule, a course, a regimen with its days, a
level as a percentage of normal. Read by the strip, the diagram, the tables and the explorers' text."""
from __future__ import annotations

import html
import math

import numpy as np

from ..analysis.outcomes import level_verdict
from ..model.agents import AGENTS
from ..model.parameters import AZOOSPERMIA
from .protocols import SCHEDULES, TRT_AGENTS

__all__ = ["drug_family", "dose_text", "dosing_label", "is_trt", "schedule_words", "course_words",
           "courses_words", "regimen_words", "percent_text", "days_text", "html_line",
           "ILLUSTRATION_OF_REGIMEN", "ILLUSTRATION_OF_MECHANISM", "feedback_agents_beside_trt",
           "without_feedback_agents", "beside_trt_words", "no_trial_words"]

ILLUSTRATION_OF_REGIMEN = "an illustration of a published kind of regimen, not a recommendation"
ILLUSTRATION_OF_MECHANISM = "an illustration of a mechanism, not a recommendation"


def _agent(name: str):
    return AGENTS.get(name)


def drug_family(agent: str) -> str:
    """Family of an agent name ("testosterone", "SERM", "hCG", "GnRH agonist", "aromatase inhibitor").

    A family name passes through unchanged; an unknown name gives "other".
    """
    if agent in {a.family for a in AGENTS.values()}:
        return agent
    a = _agent(agent)
    return a.family if a is not None else "other"


def _interval(days: float) -> str:
    if days < 1:
        minutes = days * 1440
        return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:g} h"
    return f"{days:g} d"


def _fmt(x: float) -> str:
    return format(float(x), ",g")


def dose_text(course) -> str:
    """Dose and schedule without the drug name, e.g. "200 mg every 7 d"."""
    a = _agent(course.agent)
    unit = (a.dose_unit if a is not None else "").replace("ug", "µg")
    dose = f"{_fmt(course.dose)} {unit}".strip()
    if course.continuous:
        return f"{dose} per {_interval(course.every_days)}, continuous infusion"
    if course.every_days == 1:
        return f"{dose} daily"
    return f"{dose} every {_interval(course.every_days)}"


def dosing_label(course) -> str:
    """Short human label of a Course, e.g. "testosterone cypionate 200 mg every 7 d"."""
    a = _agent(course.agent)
    name = a.label if a is not None else course.agent.replace("_", " ")
    return f"{name} {dose_text(course)}"


def is_trt(course) -> bool:
    return course.agent in TRT_AGENTS


def schedule_words(c) -> str:
    """How often, in the words of the protocol controls ("weekly", "every other day", ...)."""
    if is_trt(c):
        words = {7.0: "weekly", 3.5: "twice weekly", 14.0: "every 2 weeks"}
        return words.get(c.every_days, f"every {c.every_days:g} d")
    for words, every, continuous in SCHEDULES.values():
        if every == c.every_days and continuous == c.continuous:
            return words.split(" (")[0]
    return f"every {c.every_days:g} d"


def course_words(c) -> str:
    """A course in a few words, e.g. "T cypionate 200 mg weekly" (ScenarioFigure's strip has little room)."""
    a = _agent(c.agent)
    unit = a.dose_unit.replace("ug", "µg")
    name = a.label.replace("testosterone ", "T ").replace("clomiphene citrate", "clomiphene")
    return f"{name} {c.dose:,.4g} {unit} {schedule_words(c)}"


def courses_words(courses) -> str:
    """Short words for a list of courses, merging a taper into the course it follows."""
    parts, seen_trt = [], False
    for c in courses:
        if is_trt(c):
            if seen_trt:
                continue
            seen_trt = True
            n_taper = sum(1 for d in courses if d.agent == c.agent) - 1
            weeks = (c.stop_day - c.start_day) / 7 if c.stop_day else None
            text = course_words(c) + (f" for {weeks:.0f} wk" if weeks else "")
            parts.append(text + (", then a taper" if n_taper else ""))
        else:
            parts.append(course_words(c))
    return "; ".join(parts)


def regimen_words(courses) -> str:
    """Every course in words with its days, e.g. "clomiphene 25 mg daily, days 182-265" (stop_day is
    exclusive: the last dose is on the day before). Never "every 1 days"."""
    if not courses:
        return "no drug"
    parts = []
    for c in courses:
        days = (f"from day {c.start_day:g}" if c.stop_day is None else
                f"days {c.start_day:g}-{math.ceil(c.stop_day) - 1:g}")
        parts.append(f"{course_words(c)}, {days}")
    return "; ".join(parts)


# The agents whose effect on the axis runs through the steroid feedback (an AI lowers E2, a SERM hides it).
_FEEDBACK_FAMILIES = ("SERM", "aromatase inhibitor")


def feedback_agents_beside_trt(courses) -> list[str]:
    """Labels of the SERMs and aromatase inhibitors taken on some day while a TRT course runs."""
    trt = [c for c in courses if is_trt(c)]
    def overlaps(c, t):
        return (t.stop_day is None or c.start_day < t.stop_day) and (c.stop_day is None or c.stop_day > t.start_day)
    return list(dict.fromkeys(_agent(c.agent).label for c in courses if drug_family(c.agent) in _FEEDBACK_FAMILIES
                              and any(overlaps(c, t) for t in trt)))


def without_feedback_agents(courses) -> list:
    """The courses without their SERMs and aromatase inhibitors: the same TRT alone, to compare against."""
    return [c for c in courses if drug_family(c.agent) not in _FEEDBACK_FAMILIES]


def no_trial_words(what: str, shown: str = "count") -> str:
    """What the evidence holds on `what` (SERMs or AIs) taken with TRT, beside the model's `shown` value."""
    verb = "protect" if " and " in what else "protects"
    return (f"No trial has counted sperm in men taking {what} with TRT. This {shown} comes from the model's feedback "
            f"rules, not from a study, and is no evidence that {what} {verb} fertility.")


def beside_trt_words(agents, with_them: float, without: float) -> str:
    """The model's sperm count at the end of TRT with SERMs or AIs beside it and on the same TRT alone, then
    what the evidence holds: no trial has counted sperm in men taking such a combination (SOURCES.md C22)."""
    what = " and ".join(agents)
    if max(with_them, without) < AZOOSPERMIA:
        return f"At the end of TRT the model man has no sperm in his count, with or without {what}. " + no_trial_words(what)
    if level_verdict(without, with_them, floor=AZOOSPERMIA) == "no meaningful difference":
        return (f"With {what} taken during TRT, the model man's sperm count at the end of TRT is about the same as on "
                f"the same TRT alone ({with_them:.1f} against {without:.1f} M/mL). " + no_trial_words(what))
    return (f"With {what} taken during TRT, the model man's sperm count at the end of TRT is {with_them:.1f} M/mL, "
            f"against {without:.1f} M/mL on the same TRT alone. " + no_trial_words(what))


def percent_text(level: float) -> str:
    """A relative level as a percentage of normal ("<1 %" rather than a misleading "0 %")."""
    if not np.isfinite(level):
        return "n/a"
    p = level * 100
    if p < 0.5:
        return "<1 %" if p > 0 else "0 %"
    return f"{p:.0f} %"


def days_text(days, observed, end) -> str:
    if observed and days == 0:
        return "0 days (never below it)"
    return f"{days:.0f} days" if observed else f"not within the {end:.0f} days shown"


def html_line(text: str, bold: str = "") -> str:
    head = f"<b>{html.escape(bold)}</b> " if bold else ""
    return f"<p style='margin:0.3em 0; line-height:1.4'>{head}{html.escape(text)}</p>"

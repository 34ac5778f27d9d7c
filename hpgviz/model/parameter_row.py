"""One row of the parameter table (model/parameters.py): a number with its unit, meaning, source, confidence tag,
the range a Patient or a Cohort may set and its spread between men."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Parameter", "row"]


@dataclass(frozen=True)
class Parameter:
    name: str
    value: float
    unit: str
    meaning: str
    source: str
    tag: str
    low: float
    high: float
    cv: float = 0.0          # between-subject coefficient of variation in a Cohort (log-normal around the
                             # value as the median, so the default man is the typical man); 0 = fixed
    cv_source: str = ""


def row(name, value, unit, meaning, source, tag, low=None, high=None, cv=0.0, cv_source=""):
    low = value if low is None else low
    high = value if high is None else high
    return Parameter(name, float(value), unit, meaning, source, tag, float(low), float(high), float(cv),
                     cv_source)

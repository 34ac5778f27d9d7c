"""The words for a level, from one table: the reference ranges (model/parameters.py REFERENCE_RANGES) and
the estradiol zones (E2_TOO_LOW; the zone's top is the reference range's). Every explorer that labels a
value "low", "normal", "high", "too low", "in range" or "too high" asks here, so a label can never follow
a threshold of its own."""
from __future__ import annotations

from ..model.parameters import E2_TOO_LOW, REFERENCE_RANGES


def reading(name: str, value: float) -> str:
    """"low", "normal" or "high" against the reference range of ``name`` (an open range has no "high")."""
    low, high = REFERENCE_RANGES[name]
    if value < low:
        return "low"
    if high is not None and value > high:
        return "high"
    return "normal"


def e2_zone(value: float) -> str:
    """"too low" (below E2_TOO_LOW, bone and libido suffer), "too high" (above the reference range) or
    "in range" (not "balanced": a value just above the too-low line is no target reached)."""
    if value < E2_TOO_LOW:
        return "too low"
    return "too high" if reading("E2", value) == "high" else "in range"

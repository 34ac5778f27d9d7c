"""The slow states of the axis, as a registry: one entry per state.

Each state has a name, a unit, the parameter that sets its rate, what it means, its source and tag.
Every state but GnRH relaxes towards a target (axis.targets, by name): dx/dt = rate * (target - x).
GnRH output is the hypothalamus's integrating controller (axis.gnrh_rate). Adding a state is one entry
here plus its target in axis.py; the stepper, the steady state, the reference integration and the
Result's ``states`` read this list.

``switchable`` states can be turned off for teaching (``simulate(..., switches={name: False})``):
an off state stays at its untreated value, so the mechanism it carries disappears.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SlowState:
    name: str
    unit: str
    rate: str            # the parameter (1/day) that sets how fast it moves
    meaning: str
    source: str
    tag: str
    switchable: bool = True


STATES = (
    SlowState("gnrh", "ln(relative)", "gnrh_integration_rate",
              "hypothalamic GnRH output (log, 0 = its set point): integrates the steroid signal's error, "
              "leaks back to its set point, capped at gnrh_max",
              "integral feedback [M]; fitted to C2, C13, C14", "C"),
    SlowState("androgen_exposure", "ng/mL", "reserve_ke0",
              "effect-site T at the gonadotropes (follows serum T with t1/2 ~22 d)", "Bi 2018", "V"),
    SlowState("gonadotrope_reserve", "relative", "reserve_kout",
              "LH released by a GnRH bolus (Bi's LHRH-stimulated LH): scales the response to gonadorelin",
              "Bi 2018", "V"),
    SlowState("sertoli", "relative", "sertoli_rate",
              "Sertoli function (inhibin B output), driven by FSH and by the germ cells' androgen support",
              "placeholder dynamics [M]", "M"),
    SlowState("pituitary_desensitisation", "fraction", "pituitary_desensitisation_rate",
              "loss of gonadotrope responsiveness under continuous GnRH-receptor stimulation",
              "Tornoe 2007 (template); Belchetz 1978", "M"),
    SlowState("leydig_desensitisation", "fraction", "leydig_desensitisation_rate",
              "loss of Leydig responsiveness under supraphysiological LH/hCG stimulation", "placeholder", "M"),
)
NAMES = tuple(s.name for s in STATES)
RELAXING = NAMES[1:]                      # every state but GnRH moves along its own exponential decay
BY_NAME = {s.name: s for s in STATES}


def rates(p):
    """Rate (1/day) of each state, by name."""
    return {s.name: getattr(p, s.rate) for s in STATES}


def check_switches(switches) -> dict:
    """Validated {state name: bool}; unknown names and non-bools are errors that list what is allowed."""
    if switches is None:
        return {}
    if not isinstance(switches, dict):
        raise TypeError(f"switches must be a dict {{state name: True/False}}, got {type(switches).__name__}")
    for name, on in switches.items():
        if name not in BY_NAME:
            raise ValueError(f"switches: unknown state {name!r}; allowed: {', '.join(NAMES)}")
        if not isinstance(on, bool):
            raise TypeError(f"switches[{name!r}] must be True or False, got {on!r}")
    return dict(switches)

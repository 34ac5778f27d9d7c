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
    resting: float = 1.0     # untreated value in a healthy man (a first guess for the steady state)
    regrowth: str = ""       # parameter: regrowth starts from what is left (rate x regrowth x level)


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
              "Tornoe 2007 (template); Belchetz 1978", "M", resting=0.0),
    SlowState("leydig_desensitisation", "fraction", "leydig_desensitisation_rate",
              "loss of Leydig responsiveness under supraphysiological LH/hCG stimulation (inert since hCG's "
              "LH-equivalent saturates: hcg_LH_max)", "placeholder", "M",
              resting=0.0),
    # Slow adaptation to long suppression (parameters.py, "Slow adaptation"): each level shrinks while it
    # lacks its trophic drive and regrows from what is left, so recovery depends on how long and how deep.
    SlowState("gnrh_synthesis", "relative", "gnrh_synthesis_rate",
              "hypothalamic GnRH synthesis: falls under androgen well above the man's own level and regrows "
              "slowly after; scales GnRH output. Off: GnRH output returns as soon as T falls",
              "placeholder [M]; C19, C20", "M", regrowth="gnrh_synthesis_regrowth"),
    SlowState("gonadotrope_capacity", "relative", "gonadotrope_rate",
              "gonadotrope LH/FSH synthesis: follows GnRH's trophic drive, so it shrinks while GnRH is "
              "suppressed and is restored by GnRH pulses (priming). Off: LH follows GnRH at once",
              "Tornoe 2007 (pool template)", "M"),
    SlowState("pituitary_estrogen_gain", "relative", "gonadotrope_rate",
              "gonadotropes' LH/FSH response to GnRH as E2's brake at the pituitary allows: above 1 when E2 is "
              "low or blocked (a SERM, an AI), below 1 when it is high; follows E2 over days. Off: only the "
              "hypothalamus reads E2",
              "Hayes 2000; Pitteloud 2008 (E2 acts at the pituitary in men); size a placeholder [M]", "M"),
    SlowState("leydig_mass", "relative", "leydig_mass_rate",
              "Leydig cell mass: atrophies under low LH and regrows when LH or hCG returns; sets how much T a "
              "given LH makes and part of testis volume. Off: T follows LH at once (no hypogonadal phase)",
              "placeholder [M]; C19 testis volume, C20", "M", regrowth="leydig_mass_regrowth"),
    SlowState("spermatogonia", "relative", "spermatogonia_rate",
              "spermatogonial reserve feeding spermatogenesis: shrinks while germ-cell support is lacking, "
              "regrows from what is left. Off: sperm return one pipeline transit after the hormones",
              "placeholder [M]; fitted to Liu 2006 (C7)", "M", regrowth="spermatogonia_regrowth"),
    SlowState("central_reset", "ln units", "central_reset_rate",
              "lasting lowering of the hypothalamic set point: builds over years of androgen well above the "
              "man's own level, more with age and in some men than others, and heals with a half-time of ~5 years; the "
              "hypothalamus then defends a lower T with low-normal LH. Off: every man's set point returns",
              "placeholder [M]; a lasting hypogonadal share after long high-dose use (C12, C24)", "M", resting=0.0),
    SlowState("germ_cell_loss", "fraction", "germ_loss_rate",
              "lasting loss of spermatogonial stem cells: builds up over long, deep suppression, more with "
              "age, and heals over years; caps the reserve. Off: every man returns to his own baseline",
              "calibrated to C12's range", "C", resting=0.0),
    # Fast-and-slow details of the pituitary and the testis (C26, C28, C29).
    SlowState("gonadotrope_flare", "x healthy drive", "gonadorelin_flare_rate",
              "extra LH that continuous GnRH-receptor stimulation releases from the gonadotropes' stores: it "
              "builds up in the blood at LH's elimination rate (hours), then desensitisation takes it away",
              "Tornoe 2007 (LH peak 2-9 h after an agonist; ke_LH)", "M", resting=0.0),
    SlowState("gonadotrope_stores", "relative", "flare_stores_rate",
              "releasable LH stores of the gonadotropes: GnRH-receptor exposure that never leaves the blood "
              "(an infusion, an agonist, pulses too close together) empties them through the flare and keeps them "
              "from refilling, so LH falls deep over weeks; GnRH pulses with a gap let them refill. Off: only "
              "desensitisation lowers LH under continuous exposure",
              "Tornoe 2007 (an LH precursor pool that agonist-stimulated release depletes); size and rate [C] to "
              "C18/C28", "C"),
    SlowState("leydig_steroidogenesis", "fraction", "leydig_induction_rate",
              "steroidogenic enzymes the Leydig cells have induced under LH or hCG: the part of T secretion "
              "that follows stimulation over a day or two (an hCG test's T plateau at 2-4 days). Off: T "
              "follows LH or hCG at once", "placeholder [M]; C28, C29", "M", resting=0.5),
    SlowState("testis_maturity", "relative", "testis_maturation_rate",
              "how far the tubules have matured (1 = adult): a testis that never went through puberty stays "
              "small and makes no sperm until FSH and its own T mature it over months",
              "placeholder [M]; C26 (congenital vs acquired GnRH deficiency)", "M"),
    SlowState("stem_cell_depletion", "fraction", "stem_cell_depletion_rate",
              "share of the quiescent spermatogonial stem cells (the reserve's floor) lost over years without "
              "germ-cell support, and slowly restored after: the longer the use, the fewer cells regrowth starts "
              "from and the more slowly the reserve regrows from their clones (stem_cell_seeding_K), so sperm "
              "recovery keeps lengthening beyond two years and restarts slowly after years of GnRH deficiency. "
              "Off: the floor stays where it is",
              "placeholder [M]; C20, C27 (recovery lengthens with duration beyond two years); C26", "M", resting=0.0),
    SlowState("tubule_capacity", "relative", "tubule_rate",
              "germ cells the seminiferous tubules can hold (Sertoli cells' supportive function, tubule size), as a "
              "share of a full reserve: regresses over years without germ-cell support or serum androgen (acquired "
              "GnRH deficiency; TRT's serum T keeps it) and regrows from what is left over a year or two once "
              "gonadotropins return, capping the count and testis volume while it does. Off: the tubules hold a "
              "full reserve at once",
              "placeholder [M]; C26 (gonadotropin-deficient men: counts climb over 1-2 years)", "M",
              regrowth="tubule_regrowth"),
)
NAMES = tuple(s.name for s in STATES)
RELAXING = NAMES[1:]                      # every state but GnRH moves along its own exponential decay
BY_NAME = {s.name: s for s in STATES}


def in_order(targets) -> list:
    """Targets (a dict by state name, axis.targets) lined up with the relaxing states' sequence; a state
    without a target is an error that names it."""
    try:
        return [targets[name] for name in RELAXING]
    except KeyError as missing:
        raise KeyError(f"no target for slow state {missing} (axis.targets)") from None


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

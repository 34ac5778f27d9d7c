"""How much one outcome moves when each physiology parameter moves: a tornado over the default man, and a
one-parameter sweep.

The outcome is the recovery time: days from the stop until sperm are back at 20 million/mL (Liu 2006's level)
after 12 months of testosterone enanthate 200 mg a week (the contraception trials' regimen).

Each parameter goes to 25 % below and 25 % above its value, clipped to its allowed range. Why a fixed step and
not the parameter table's bounds or between-subject CVs: the bounds are what the solver accepts, far wider
than plausible for most parameters; CVs are known for a handful only. One step for all lets the bars be
compared with each other: they rank how sensitive the model is, not how uncertain each parameter is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model.engine import simulate
from ..model.parameters import PHYSIOLOGY
from ..model.patient import Cohort, Patient
from .events import time_to
from .published import LIU_2006, MONTH_DAYS
from .recovery import trt_regimen

STEP = 0.25                      # the relative change of each parameter
DOSE, MONTHS = 200.0, 12.0       # mg a week of enanthate, months of treatment
THRESHOLD = LIU_2006["threshold"]
FOLLOW_UP_DAYS = 730.0
INTEGER = {"spermatogenesis_stages"}   # whole numbers in the model


def _days_after_stop(patient, dose, months, threshold):
    """Recovery days of one man or of each man of a batch (nan: not within 2 years, or an untreated count below
    the threshold, so nothing to recover to)."""
    regimen = trt_regimen(dose, months)
    stop = regimen.courses[0].stop_day
    res = simulate(regimen, days=stop + FOLLOW_UP_DAYS, patient=patient, dt=1.0, series="sperm")
    days, observed = time_to(res, "sperm", threshold, after=stop)
    baseline = np.atleast_2d(res["sperm"])[:, 0]
    return np.where(np.asarray(observed) & (baseline >= threshold), days, math.nan)


def recovery_days(patient: Patient | None = None, dose: float = DOSE, months: float = MONTHS,
                  threshold: float = THRESHOLD) -> float:
    """Days from the stop until sperm stay at or above `threshold` million/mL (nan if not within 2 years, or
    if the man's untreated count is below it: then there is nothing to recover to)."""
    return float(_days_after_stop(patient or Patient(), dose, months, threshold)[0])


def _variants(changes: list[dict]) -> Cohort:
    """One simulated man per dict of changed parameters, every other parameter at the default man's value:
    a batch that the stepper runs in one vectorised pass (no random draw)."""
    batch = Cohort(n=len(changes), seed=0)
    values = dict(Patient().values)
    for key in {k for change in changes for k in change}:
        values[key] = np.array([change.get(key, values[key]) for change in changes], dtype=float)
    batch.values = values
    return batch


def batch_recovery_days(changes: list[dict], dose: float = DOSE, months: float = MONTHS,
                        threshold: float = THRESHOLD) -> np.ndarray:
    """recovery_days for the default man with each dict of parameter changes, computed together. Parameters
    the stepper reads as one number for a whole batch (INTEGER) are run man by man."""
    out = np.full(len(changes), math.nan)
    single = [i for i, c in enumerate(changes) if INTEGER & set(c)]
    together = [i for i in range(len(changes)) if i not in single]
    if together:
        out[together] = _days_after_stop(_variants([changes[i] for i in together]), dose, months, threshold)
    for i in single:
        out[i] = recovery_days(Patient(**changes[i]), dose, months, threshold)
    return out


def perturbed(name: str, step: float = STEP) -> tuple[float, float]:
    """The parameter's value (1 - step) and (1 + step) times, within its allowed range (whole numbers rounded)."""
    if name not in PHYSIOLOGY:
        raise ValueError(f"unknown parameter {name!r}; allowed: {sorted(PHYSIOLOGY)}")
    if not 0 < step < 1:
        raise ValueError(f"step must be in (0, 1), got {step!r}")
    spec = PHYSIOLOGY[name]
    values = [min(max(spec.value * f, spec.low), spec.high) for f in (1 - step, 1 + step)]
    if name in INTEGER:
        values = [float(round(v)) for v in values]
    return values[0], values[1]


def varied_parameters() -> list[str]:
    """Physiology parameters a step can move (a parameter fixed by its range, or at zero, cannot)."""
    return [name for name in PHYSIOLOGY if len({PHYSIOLOGY[name].value, *perturbed(name)}) > 1]


@dataclass(frozen=True)
class Bar:
    name: str
    tag: str                 # V, S, M, C (see parameters.py)
    meaning: str
    low_value: float
    high_value: float
    low_days: float          # recovery days with the parameter at low_value (nan: not within 2 years)
    high_days: float
    base_days: float

    @property
    def swing(self) -> float:
        """How far the outcome moves across the step (days; a run without recovery counts as 2 years)."""
        cap = lambda d: FOLLOW_UP_DAYS if math.isnan(d) else d
        return abs(cap(self.high_days) - cap(self.low_days))


@lru_cache(maxsize=8)
def tornado(step: float = STEP, dose: float = DOSE, months: float = MONTHS) -> tuple[Bar, ...]:
    """One Bar per varied parameter, largest swing first (ties keep the table's order)."""
    names = varied_parameters()
    steps = {name: perturbed(name, step) for name in names}
    changes = [{}] + [{name: v} for name in names for v in steps[name]]
    days = batch_recovery_days(changes, dose, months)
    base = float(days[0])
    bars = []
    for k, name in enumerate(names):
        spec = PHYSIOLOGY[name]
        low, high = steps[name]
        bars.append(Bar(name, spec.tag, spec.meaning, low, high, float(days[1 + 2 * k]), float(days[2 + 2 * k]),
                        base))
    return tuple(sorted(bars, key=lambda b: -b.swing))


def sweep(name: str, factors=np.linspace(0.5, 1.5, 11), dose: float = DOSE, months: float = MONTHS):
    """Recovery days with the parameter at each factor times its value (clipped to its range):
    (values, days)."""
    if name not in PHYSIOLOGY:
        raise ValueError(f"unknown parameter {name!r}; allowed: {sorted(PHYSIOLOGY)}")
    spec = PHYSIOLOGY[name]
    values = np.clip(spec.value * np.asarray(factors, dtype=float), spec.low, spec.high)
    if name in INTEGER:
        values = np.round(values)
    return values, batch_recovery_days([{name: float(v)} for v in values], dose, months)


def _days(d: float) -> str:
    return "no recovery within 2 years" if math.isnan(d) else f"{d:.0f} days ({d / MONTH_DAYS:.1f} months)"


def uncertainty_text(bars, top: int = 6) -> str:
    """Which parameters move the recovery time most, and how many of those are placeholders (tag M)."""
    bars = [b for b in bars if b.swing > 0][:top]
    if not bars:
        return "No parameter moved the recovery time by a whole day."
    base = bars[0].base_days
    movers = "; ".join(f"{b.name} [{b.tag}] {_days(b.low_days)} to {_days(b.high_days)}" for b in bars)
    placeholders = [b.name for b in bars if b.tag == "M"]
    text = (f"The default man is back at {THRESHOLD:g} million/mL after {_days(base)}. The {len(bars)} largest "
            f"movers when each parameter goes 25 % down and up: {movers}. ")
    if placeholders:
        text += (f"{len(placeholders)} of them ({', '.join(placeholders)}) "
                 f"{'is a modelling assumption' if len(placeholders) == 1 else 'are modelling assumptions'} "
                 "(tag M): where the model's recovery time is least certain.")
    else:
        text += "None of them is a modelling assumption (tag M)."
    return text

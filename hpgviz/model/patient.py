"""Patients and virtual cohorts.

A Patient is the default healthy 30-year-old man with any physiology parameter overridden within
its allowed range (see parameters.PHYSIOLOGY). A Cohort is n men whose parameters vary around the
default; every simulated series then has shape (n, len(t)). The variability here is a first,
documented sketch (Bi 2018 between-subject CVs where they exist); the population view of the
academic tier will widen it.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .parameters import PHYSIOLOGY
from .regimen import check_number

PRESETS = {
    "healthy": ({}, "healthy man, 30 years"),
    # Functional (adult-onset) secondary hypogonadism, as in obesity: more aromatase turns more T into E2,
    # and a hypothalamus that reads E2 more strongly holds GnRH low, so T sits low with low-normal LH
    # while E2 stays normal-to-high and the sperm count normal. One mechanism among several (opioids,
    # illness also cause it), chosen because SERMs can correct it: fitted to Ramasamy 2014's men (T 247
    # ng/dL, doubled by clomiphene 25 mg/d, C8) with E2 30 pg/mL; their LH (2.4 -> 4.2 IU/L) then follows.
    "secondary_hypogonadism": ({"aromatase_activity": 2.915, "estrogen_sensitivity": 1.530},
                               "secondary hypogonadism: low T with inappropriately low-normal LH"),
    # Leder 2004's older men (C9, C15): T 343 ng/dL, LH 5.1 IU/L, E2 26 pg/mL. Age works through the Leydig
    # cells (they need more LH for the same T: Keenan & Veldhuis); more aromatase and a central set point
    # hold LH at a normal 5.1 instead of letting it rise. Fitted to those three baseline values together
    # with the anastrozole IC50 and the androgen/oestrogen split (C9); LH's +55 % under anastrozole (C15)
    # then comes from the age-shifted Leydig curve.
    "older_low_T": ({"age": 70.0, "aromatase_activity": 1.819, "estrogen_sensitivity": 1.348,
                     "leydig_capacity": 0.956}, "older man (70 y) with mildly low testosterone"),
}

# Between-subject variability used by Cohort: (parameter, coefficient of variation, source).
VARIABILITY = (
    ("clearance_factor", 0.10, "Bi 2018 (CL, CV 10 %)"),
    ("leydig_capacity", 0.30, "Bi 2018 (Emax_T, CV 45 %, narrowed: placeholder)"),
    ("reserve_IC50", 0.28, "Bi 2018 (IC50, CV 28 %)"),
    ("reserve_ke0", 0.47, "Bi 2018 (ke0, CV 47 %)"),
    ("sperm_base", 0.50, "WHO 2010 reference population spread (placeholder)"),
    ("gnrh_capacity", 0.20, "placeholder"),
    ("germ_cell_loss_rate", 0.30, "placeholder"),
)


class Patient:
    """One man. ``Patient(estrogen_sensitivity=2)`` overrides a parameter; unknown names are errors."""

    def __init__(self, name: str = "healthy man, 30 years", **overrides):
        self.name = name
        self.values = {k: p.value for k, p in PHYSIOLOGY.items()}
        for key, value in overrides.items():
            if key not in PHYSIOLOGY:
                raise ValueError(f"unknown patient parameter {key!r}; allowed: {sorted(PHYSIOLOGY)}")
            spec = PHYSIOLOGY[key]
            self.values[key] = check_number(f"{key} ({spec.unit})", value, spec.low, spec.high)
        self.overrides = dict(overrides)

    @classmethod
    def preset(cls, name: str) -> "Patient":
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {name!r}")
        overrides, description = PRESETS[name]
        return cls(description, **overrides)

    @property
    def n(self) -> int:
        return 1

    def namespace(self) -> SimpleNamespace:
        """Parameters as plain floats: the fast path of the stepper."""
        return SimpleNamespace(**self.values)

    def __repr__(self):
        return f"Patient({self.name!r}, {self.overrides})"


class Cohort:
    """n virtual men sampled around a base patient with a fixed seed (log-normal variability)."""

    def __init__(self, n: int = 100, seed: int = 0, base: Patient | None = None):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"n must be a whole number in [1, 100000], got {n!r}")
        if not 1 <= n <= 100_000:
            raise ValueError(f"n must be in [1, 100000], got {n}")
        self.size, self.seed = int(n), seed
        self.base = base or Patient()
        rng = np.random.default_rng(seed)
        # Only the varied parameters become arrays: the rest stay scalars, so every operation on them
        # in the stepper stays cheap and they broadcast against any shape.
        self.values = dict(self.base.values)
        for key, cv, _source in VARIABILITY:
            sigma = np.sqrt(np.log(1 + cv ** 2))
            draw = self.base.values[key] * np.exp(rng.normal(-sigma ** 2 / 2, sigma, self.size))
            spec = PHYSIOLOGY[key]
            self.values[key] = np.clip(draw, spec.low, spec.high)

    @property
    def n(self) -> int:
        return self.size

    def patient(self, i: int) -> Patient:
        """Man i of the cohort as a single Patient (the same parameters, for a closer look)."""
        if not 0 <= i < self.size:
            raise ValueError(f"i must be in [0, {self.size - 1}], got {i}")
        varied = {k: float(v[i]) for k, v in self.values.items() if np.ndim(v)}
        return Patient(f"man {i} of {self!r}", **{**self.base.overrides, **varied})

    def namespace(self) -> SimpleNamespace:
        return SimpleNamespace(**self.values)

    def __repr__(self):
        return f"Cohort(n={self.size}, seed={self.seed})"

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
    # Functional (adult-onset) secondary hypogonadism: the hypothalamus and pituitary read E2 as stronger
    # than it is (a lowered oestrogen set point), so T sits low while LH stays low-normal. Real causes vary
    # (obesity, opioids, illness); this is one mechanism chosen because SERMs can correct it (C8).
    "secondary_hypogonadism": ({"estrogen_sensitivity": 2.957},
                               "secondary hypogonadism: low T with inappropriately low-normal LH"),
    # Leder 2004 studied older men with mildly low T (343 ng/dL) and E2 26 pg/mL (C9). Ageing lowers T
    # mostly through weaker Leydig responses to LH (Keenan & Veldhuis), plus a central set-point shift:
    # the mix (Leydig capacity 0.5, oestrogen sensitivity 1.81) is fitted so that untreated T is 343 and
    # anastrozole raises it as in the trial, so C9's T rise is a calibration of this preset.
    "older_low_T": ({"age": 70.0, "leydig_capacity": 0.4997, "estrogen_sensitivity": 1.8087, "E2_base": 45.48},
                    "older man (70 y) with mildly low testosterone"),
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

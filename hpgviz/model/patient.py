"""Patients and virtual cohorts.

A Patient is the default healthy 30-year-old man with any physiology parameter overridden within
its allowed range (see parameters.PHYSIOLOGY). A Cohort is n men whose parameters vary around the
default; every simulated series then has shape (n, len(t)). Each parameter row with a between-subject
CV in parameters.py varies log-normally (its source beside it); CORRELATIONS pairs covariates that go
together (testis volume and baseline count). Age is the base patient's: cohorts of different ages are
built from different bases.
"""
from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np

from .parameters import CORRELATIONS, PHYSIOLOGY, RESPONDERS
from .regimen import check_number

PRESETS = {
    "healthy": ({}, "healthy man, 30 years"),
    # Functional (adult-onset) secondary hypogonadism, as in obesity: more aromatase turns more T into E2,
    # and a hypothalamus that reads E2 more strongly holds GnRH low, so T sits low with low-normal LH
    # while E2 stays normal-to-high and the sperm count normal. One mechanism among several (opioids,
    # illness also cause it), chosen because SERMs can correct it: fitted to Ramasamy 2014's men (T 247
    # ng/dL, doubled by clomiphene 25 mg/d, C8) with E2 30 pg/mL; their LH (2.4 -> 4.2 IU/L) then follows.
    # Refitted to T 247 and E2 30 together (issue 13; it had drifted to T ~200, E2 ~34): LH ~2.6, clomiphene
    # ~2.0x (T ~490 at weeks 12-17).
    "secondary_hypogonadism": ({"aromatase_activity": 2.277, "estrogen_sensitivity": 1.501},
                               "secondary hypogonadism: low T with inappropriately low-normal LH"),
    # Leder 2004's older men (C9, C15): T 343 ng/dL, LH 5.1 IU/L, E2 26 pg/mL. Age works through the Leydig
    # cells (they need more LH for the same T: Keenan & Veldhuis); more aromatase and a central set point
    # hold LH at a normal 5.1 instead of letting it rise. Fitted to those three baseline values together
    # with the anastrozole IC50 and the androgen/oestrogen split (C9); LH's +55 % under anastrozole (C15)
    # then comes from the age-shifted Leydig curve.
    "older_low_T": ({"age": 70.0, "aromatase_activity": 1.819, "estrogen_sensitivity": 1.348,
                     "leydig_capacity": 0.956}, "older man (70 y) with mildly low testosterone"),
    # Points of failure (C26), each a mechanism rather than a fitted lab value. Germ-cell aplasia: normal Sertoli
    # and Leydig cells, no germ cells, so no sperm and little inhibin B; FSH rises from losing its brake alone.
    "sertoli_cell_only": ({"germ_cell_capacity": 0.0}, "Sertoli-cell-only testes (germ-cell aplasia)"),
    # Klinefelter-like: hyalinised tubules (few Sertoli and germ cells, small testes) and weak Leydig cells.
    "klinefelter_like": ({"sertoli_capacity": 0.02, "germ_cell_capacity": 0.3, "leydig_capacity": 0.3},
                         "Klinefelter-like primary testicular failure (tubules and Leydig cells)"),
    # GnRH deficiency since before puberty (congenital: the testes never matured, and without FSH in infancy fewer
    # Sertoli cells formed) and after it (acquired: adult testes that have shrunk). The same GnRH output, so the
    # difference is the testes' history alone.
    "congenital_gnrh_deficiency": ({"gnrh_capacity": 0.02, "pubertal_maturity": 0.0, "sertoli_capacity": 0.3},
                                   "congenital GnRH deficiency (prepubertal testes)"),
    "acquired_gnrh_deficiency": ({"gnrh_capacity": 0.02}, "acquired GnRH deficiency after puberty (adult testes)"),
}

# Between-subject variability used by Cohort: every parameter row with a CV (parameters.py gives its source).
VARIABILITY = tuple((name, spec.cv, spec.cv_source) for name, spec in PHYSIOLOGY.items() if spec.cv > 0)


# Rows whose variability was added after the cohorts' targets were calibrated draw from a stream of their own
# (seeded by their place here), so adding one leaves every other draw of a seeded cohort unchanged.
OWN_STREAM = ("sperm_ITT50", "sperm_FSH_independent", "stem_cell_depletion_rate", "tubule_regrowth")


def correlated_normals(n: int, seed) -> dict:
    """Standard normal draws for each varied parameter (VARIABILITY order), paired as CORRELATIONS says."""
    rng = np.random.default_rng(seed)
    streams = {key: np.random.default_rng([seed, 2, i]) for i, key in enumerate(OWN_STREAM)}
    z = {key: streams.get(key, rng).standard_normal(n) for key, _cv, _source in VARIABILITY}
    for (first, second), rho in CORRELATIONS.items():
        z[second] = rho * z[first] + np.sqrt(1 - rho ** 2) * z[second]
    return z


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
        # Only the varied parameters become arrays: the rest stay scalars, so every operation on them
        # in the stepper stays cheap and they broadcast against any shape.
        self.values = dict(self.base.values)
        for key, z in correlated_normals(self.size, seed).items():
            cv = PHYSIOLOGY[key].cv
            # log-normal with the row's CV around its value as the median: the default man is the typical man
            sigma = np.sqrt(np.log(1 + cv ** 2))
            draw = self.base.values[key] * np.exp(sigma * z)
            spec = PHYSIOLOGY[key]
            self.values[key] = np.clip(draw, spec.low, spec.high)
        rng = np.random.default_rng([seed, 1])              # an independent stream: adding a CV row elsewhere
        for key, (share, median, cv, _source) in RESPONDERS.items():      # leaves these draws unchanged
            sigma = np.sqrt(np.log(1 + cv ** 2))
            carrier = rng.random(self.size) < share
            draw = median * np.exp(sigma * rng.standard_normal(self.size))
            spec = PHYSIOLOGY[key]
            self.values[key] = np.where(carrier, np.clip(draw, spec.low, spec.high), self.base.values[key])

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

    def part(self, lo: int, hi: int) -> "Cohort":
        """Men lo..hi-1 as a cohort of their own, with the same parameters (for running a cohort in parts)."""
        if not 0 <= lo < hi <= self.size:
            raise ValueError(f"part must satisfy 0 <= lo < hi <= {self.size}, got lo={lo}, hi={hi}")
        piece = copy.copy(self)
        piece.values = {k: (v[lo:hi] if np.ndim(v) else v) for k, v in self.values.items()}
        piece.size = hi - lo
        return piece

    def __repr__(self):
        return f"Cohort(n={self.size}, seed={self.seed})"

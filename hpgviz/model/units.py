"""Conventional <-> SI units for every series a simulation returns.

Model results are always computed and stored in conventional units (ng/dL, pg/mL, IU/L);
this module converts them for display, so the rest of the package never hard-codes a factor.
"""

from __future__ import annotations

import numpy as np

UNIT_SYSTEMS = ("conventional", "SI")

# Testosterone, molar mass 288.4 g/mol: 1 nmol/L = 28.84 ng/dL
# (standard conversion, as used in Travison et al. 2017, J Clin Endocrinol Metab 102:1161).
NG_DL_PER_NMOL_L_TESTOSTERONE = 28.84

# Estradiol, molar mass 272.4 g/mol: 1 pg/mL = 3.671 pmol/L (standard conversion).
PMOL_L_PER_PG_ML_ESTRADIOL = 3.671

# name -> (conventional unit, SI unit, multiply conventional by this to get SI)
_TABLE = {
    "T": ("ng/dL", "nmol/L", 1.0 / NG_DL_PER_NMOL_L_TESTOSTERONE),
    "E2": ("pg/mL", "pmol/L", PMOL_L_PER_PG_ML_ESTRADIOL),
    # Intratesticular T is reported in nmol/L in the literature already.
    "ITT": ("nmol/L", "nmol/L", 1.0),
    # IU/L is both the conventional and the SI unit for gonadotropins.
    "LH": ("IU/L", "IU/L", 1.0),
    "FSH": ("IU/L", "IU/L", 1.0),
    # pg/mL and ng/L are the same quantity (1 pg/mL = 1 ng/L).
    "inhibin_B": ("pg/mL", "ng/L", 1.0),
    "sperm": ("million/mL", "million/mL", 1.0),
    # GnRH drive is dimensionless: 1.0 = the healthy baseline.
    "GnRH": ("relative", "relative", 1.0),
    # Testis volume (orchidometer or ultrasound), mL in both systems.
    "testis_volume": ("mL", "mL", 1.0),
}

SERIES_NAMES = tuple(_TABLE)


def _check(name: str, system: str) -> None:
    if name not in _TABLE:
        raise ValueError(
            f"name={name!r} has no known unit; allowed values: {', '.join(SERIES_NAMES)}")
    if system not in UNIT_SYSTEMS:
        raise ValueError(
            f"system={system!r} is not a unit system; allowed values: {', '.join(UNIT_SYSTEMS)}")


def unit_of(name: str, system: str = "conventional") -> str:
    """Unit string of series `name` in `system` ("conventional" or "SI"), e.g. unit_of("T", "SI") -> "nmol/L"."""
    _check(name, system)
    conventional, si, _ = _TABLE[name]
    return conventional if system == "conventional" else si


def factor(name: str, system: str, from_system: str = "conventional") -> float:
    """Multiplier taking values of `name` from `from_system` to `system`."""
    _check(name, system)
    _check(name, from_system)
    to_si = _TABLE[name][2]
    f_from = 1.0 if from_system == "conventional" else to_si
    f_to = 1.0 if system == "conventional" else to_si
    return f_to / f_from


def convert(values, name: str, system: str, from_system: str = "conventional"):
    """Convert `values` of series `name` into unit system `system`.

    `values` is a number or array of any shape (a cohort's (n, len(t)) arrays work too), given in
    `from_system` (conventional by default, which is what simulate returns). Returns
    (float array, unit string). Example: convert(1000, "T", "SI") -> (array(34.67...), "nmol/L").
    """
    f = factor(name, system, from_system)
    return np.asarray(values, dtype=float) * f, unit_of(name, system)

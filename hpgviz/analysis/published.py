"""The published recovery numbers the population view draws, read from the validation module's target table
(hpgviz.analysis.targets.TARGETS), so that each number lives in one place. Times are months after the
androgen stopped.
"""
from __future__ import annotations

from .targets import ENTRY_SPERM, MONTH, TARGETS

__all__ = ["ENTRY_SPERM", "LIU_2006", "MONTH_DAYS", "NON_RECOVERY_RANGE", "NON_RECOVERY_SOURCES"]

MONTH_DAYS = MONTH
_TARGET = {t.key: t for t in TARGETS}

# Liu PY et al. Lancet 2006;367:1412 (docs/SOURCES.md, C7 and C7+): 1,549 healthy men in 30 contraception
# studies; Kaplan-Meier share recovered to 20 million/mL after the last dose, and the median by threshold.
LIU_2006 = {
    "source": "Liu 2006 (Lancet 367:1412), 1,549 men in contraception trials",
    "threshold": 20.0,
    "share_by_month": tuple((m, _TARGET[f"C7 share at 20 M/mL by {m} months"].value) for m in (6, 12, 16, 24)),
    "median_months": {float(k): _TARGET[f"C7 median to {k} M/mL"].value for k in (20, 10, 3)},
}

# How often sperm do not come back (C12): about 0 % after short use in young men (Liu 2006) to the upper end of
# the ~20-30 % reported after long, high-dose androgen use (the older-man target's value plus its tolerance).
_YOUNG, _OLDER = _TARGET["C12 young men not recovered"], _TARGET["C12 older long high-dose not recovered"]
NON_RECOVERY_RANGE = (_YOUNG.value, _OLDER.value + _OLDER.tolerance)
NON_RECOVERY_SOURCES = f"Liu 2006 (about 0 %); {_OLDER.citation.split(' (via')[0]} (about 20-30 %)"

"""The outcome table of a restart (the protocol explorers' table under their figure): the headline numbers of a run
and its rows, in the reader's units."""
from __future__ import annotations

import math

import numpy as np

from ..model import units as _units
from ..analysis.outcomes import outcomes as _outcomes, SPERM_THRESHOLD, treatment_end
from ..analysis.published import MONTH_DAYS
from ..content.protocols import HTMLTable
from .runs import SPERM_KEY

__all__ = ["SPERM_COLUMN", "OUTCOME_COLUMNS", "outcome_values", "days_text", "outcome_rows", "outcome_html"]

SPERM_COLUMN = f"sperm ≥ {SPERM_THRESHOLD:g} M/mL"
OUTCOME_COLUMNS = ("protocol", "LH back in range", "lowest T after stopping", "highest E2 after stopping",
                   SPERM_COLUMN)


def outcome_values(res) -> dict:
    """The four headline numbers of a restart: days (after testosterone stops) until LH re-enters its
    reference range and until sperm pass SPERM_THRESHOLD; the testosterone nadir and estradiol peak after
    stopping (conventional units). NaN when not reached within the run."""
    o = _outcomes(res)
    end = treatment_end(res)
    after = res.t >= end
    return {"LH_days": o["LH back in range (days after T stops)"],
            "T_nadir": o["T nadir after stopping (ng/dL)"],
            "E2_peak": float(np.max(res["E2"][after])) if after.any() else math.nan,
            "sperm_days": o[SPERM_KEY],
            "end": end, "horizon": float(res.t[-1] - end)}


def days_text(d, horizon):
    if d is None or not np.isfinite(d):
        return f"not within {horizon / MONTH_DAYS:.0f} months"
    return f"{d:.0f} days (~{d / 7:.0f} wk)" if d >= 14 else f"{d:.0f} days"


def outcome_rows(results, labels, units="conventional") -> list[dict]:
    """Outcome table rows (strings) for results labelled by protocol name."""
    t_unit, e_unit = _units.unit_of("T", units), _units.unit_of("E2", units)
    rows = []
    for res, label in zip(results, labels):
        v = outcome_values(res)
        T = float(_units.convert(v["T_nadir"], "T", units)[0])
        E = float(_units.convert(v["E2_peak"], "E2", units)[0])
        rows.append({"protocol": label,
                     "LH back in range": days_text(v["LH_days"], v["horizon"]),
                     "lowest T after stopping": f"{T:.3g} {t_unit}" if units == "SI" else f"{T:.0f} {t_unit}",
                     "highest E2 after stopping": f"{E:.0f} {e_unit}",
                     SPERM_COLUMN: days_text(v["sperm_days"], v["horizon"])})
    return rows


def outcome_html(results, labels, units, caption):
    note = ("Days count from the day testosterone stops. LH range 2.2-11.6 IU/L; sperm threshold: WHO 2021 "
            "lower reference limit. Model values for one simulated man, not predictions; not a ranking of "
            "treatments.")
    return HTMLTable(outcome_rows(results, labels, units), caption, list(OUTCOME_COLUMNS), note)._repr_html_()

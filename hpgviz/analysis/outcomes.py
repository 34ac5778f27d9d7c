"""Outcome measures and one-line text summaries of a simulated Result.

Widgets print these beside every figure, so that the figure is never the only channel, and the
comparison view tabulates them. They describe the model's curves; they are not predictions for a
reader.
"""
from __future__ import annotations

import math

import numpy as np

from ..model import units as unit_systems
from ..model.agents import AGENTS
from .events import km_quantile, recovery_times, share_by, SPERM_THRESHOLD, time_to
from ..model.parameters import AZOOSPERMIA, DETECTION_LIMITS, HYPOGONADAL_T, REFERENCE_RANGES

# The outcomes() entry for sperm recovery, named with the one threshold (analysis.events.SPERM_THRESHOLD).
SPERM_KEY = f"sperm >= {SPERM_THRESHOLD:g} M/mL (days after T stops)"
# When one recovery is "sooner" than another (DESIGN.md, safety: no winner inside the model's resolution or the
# spread between men). Under a week is below the model's resolution for recovery times (half-day steps, a
# germ-cell pipeline smoothed over weeks; validation's C20 calls it a tie too); under a quarter of the recovery
# time itself is well inside the spread between men (in the C7 cohort the 10th-90th percentile span of the
# time to 20 M/mL is wider than its median).
TIE_DAYS = 7.0
TIE_SHARE = 0.25


def recovery_margin(days: float) -> float:
    """Days by which another recovery must come later than one taking `days` for the difference to count."""
    return max(TIE_DAYS, TIE_SHARE * float(days))


# When one level (a hormone's value) is "higher" than another: a difference under a tenth of the lower value is
# inside what a lab tells apart (between-run CVs of T, LH and E2 assays are ~5-10 %; Bhasin 2018 asks for two
# morning T draws for that reason) and inside the model's resolution, so it is said as no meaningful difference.
LEVEL_TIE_SHARE = 0.10
# The shares of men a cohort's recovery is said at ("half of men like this ... by month X, 9 in 10 by month Y").
MILESTONE_SHARES = (0.5, 0.9)


def recovery_verdict(reference: float, other: float, followed: float) -> str:
    """How recovery `other` compares with `reference` (days; nan = not within the `followed` days simulated):
    "sooner", "later" or "no meaningful difference", by recovery_margin's rule. A recovery not seen within
    follow-up counts as at least `followed` days; two such recoveries are no meaningful difference."""
    a = followed if math.isnan(reference) else float(reference)
    b = followed if math.isnan(other) else float(other)
    if math.isnan(reference) and math.isnan(other):
        return "no meaningful difference"
    if abs(a - b) < recovery_margin(min(a, b)):
        return "no meaningful difference"
    return "sooner" if b < a else "later"


def level_verdict(reference: float, other: float, floor: float = 0.0) -> str:
    """How level `other` compares with `reference` (same unit): "higher", "lower" or "no meaningful difference"
    (a difference under LEVEL_TIE_SHARE of the smaller value, or both zero). Values under `floor` (an assay's
    functional sensitivity, DETECTION_LIMITS) count as the floor: two levels below detection are no difference."""
    reference, other = max(reference, floor), max(other, floor)
    low = min(abs(reference), abs(other))
    if abs(other - reference) <= LEVEL_TIE_SHARE * low or reference == other:
        return "no meaningful difference"
    return "higher" if other > reference else "lower"


def recovery_milestones(result, shares=MILESTONE_SHARES) -> dict:
    """For a cohort's Result: per recovery event (sperm >= SPERM_THRESHOLD, LH in range, T >= 300 ng/dL, from the
    end of testosterone), the Kaplan-Meier day by which each share of the men had it (nan: not within the run).
    Returns {"followed_days": float, "events": {event: {share: days}}}."""
    if not _is_cohort(result):
        raise ValueError("recovery_milestones needs a cohort's Result (series of shape (n, len(t)))")
    end = treatment_end(result)
    events = {name: {q: km_quantile(times, observed, q) for q in shares}
              for name, (times, observed) in recovery_times(result, end, thresholds=(SPERM_THRESHOLD,)).items()}
    return {"followed_days": float(result.t[-1] - end), "events": events}


def treatment_end(result) -> float:
    """Day the last testosterone course stops (0 if none): recovery is counted from here."""
    stops = [c.stop_day if c.stop_day is not None else result.t[-1]
             for c in result.regimen.courses if AGENTS[c.agent].is_testosterone]
    return float(max(stops)) if stops else 0.0


def outcomes(result) -> dict:
    """Headline numbers of a run: recovery times count from the end of testosterone (nan if not reached
    by the end). Floats for one man; arrays with one entry per man for a cohort."""
    t, end = result.t, treatment_end(result)
    one = np.ndim(result["T"]) == 1

    def days_until(name, level):
        times, observed = time_to(result, name, level, after=end)
        return np.where(observed, times, math.nan)

    rows = {
        "LH back in range (days after T stops)": days_until("LH", REFERENCE_RANGES["LH"][0]),
        SPERM_KEY: days_until("sperm", SPERM_THRESHOLD),
        "T >= 300 ng/dL (days after T stops)": days_until("T", HYPOGONADAL_T),
        "T nadir after stopping (ng/dL)": np.min(result["T"][..., t >= end], axis=-1),
        "E2 peak (pg/mL)": np.max(result["E2"], axis=-1),
        "lowest sperm (M/mL)": np.min(result["sperm"], axis=-1),
        "azoospermic at some point": np.min(result["sperm"], axis=-1) < AZOOSPERMIA,
    }
    return {k: (v.item() if one else v) for k, v in rows.items()}


def level_text(name: str, value: float, fmt: str = ".1f", unit: str = "IU/L") -> str:
    """A lab value in words: "3.2 IU/L", or "below detection (< 0.1 IU/L)" when the assay's functional
    sensitivity (LH, FSH) is above it, as a lab would report it."""
    floor = DETECTION_LIMITS.get(name)
    if floor is not None and value < floor:
        return f"below detection (< {floor:g} {unit})".replace(" )", ")")
    return f"{value:{fmt}} {unit}".strip()


def lh_reading(result) -> tuple[float, str]:
    """The one LH figure a summary gives, and when it was read: on testosterone, just before its last
    injection (a trough draw, when LH is least suppressed); otherwise at the end of the last course."""
    t = result.t
    trt = [c for c in result.regimen.courses if AGENTS[c.agent].is_testosterone]
    if trt:
        last = max(d for c in trt for d in c.dose_times(t[-1]))
        return max(float(t[0]), last - result.dt), f"just before the last injection (day {last:g})"
    ends = [c.stop_day if c.stop_day is not None else t[-1] for c in result.regimen.courses]
    day = float(min(max(ends), t[-1])) - result.dt if ends else float(t[-1])
    return max(day, float(t[0])), f"at the end of treatment (day {max(day, t[0]):.0f})"


def percent_change(before: float, after: float) -> float:
    return 100.0 * (after - before) / before if before else math.nan


def summarise(result, units: str = "conventional") -> str:
    """One line on what changed, e.g. 'LH fell 95 % by day 21; ...', in the chosen unit system. For a
    cohort, one line of medians, quartiles and shares over its men (see cohort_summary)."""
    if np.ndim(result["T"]) != 1:
        return cohort_text(result, units)
    t = result.t
    lh, sperm, T = result["LH"], result["sperm"], result["T"]
    T_shown, T_unit = unit_systems.convert(T, "T", units)
    T_fmt = (lambda v: f"{v:.0f}") if units == "conventional" else (lambda v: f"{v:.1f}")
    if not result.regimen.courses:
        return (f"No drug: the axis stays at its set point (T {T_fmt(T_shown[0])} {T_unit}, LH {lh[0]:.1f} IU/L, "
                f"sperm {sperm[0]:.0f} million/mL).")
    parts = []
    day, when = lh_reading(result)
    lh_then = result.at(day, "LH")
    parts.append(f"LH {when}: {level_text('LH', lh_then)} against {lh[0]:.1f} untreated")
    parts.append(f"T peaked at {T_fmt(T_shown.max())} {T_unit}")
    nadir = int(np.argmin(sperm))
    if sperm[nadir] < AZOOSPERMIA:
        parts.append(f"no sperm in the model's count (below {AZOOSPERMIA:g} million/mL) from day "
                     f"{t[np.argmax(sperm < AZOOSPERMIA)]:.0f}")
    elif sperm[nadir] < 0.9 * sperm[0]:
        parts.append(f"sperm bottomed at {sperm[nadir]:.1f} million/mL on day {t[nadir]:.0f}")
    end = treatment_end(result)
    if end > 0:
        if float(np.min(sperm)) >= SPERM_THRESHOLD:
            parts.append(f"sperm never fell below {SPERM_THRESHOLD:g} million/mL")
        else:
            back = outcomes(result)[SPERM_KEY]
            parts.append(f"sperm not back above {SPERM_THRESHOLD:g} million/mL by the end of the run" if math.isnan(back)
                         else f"sperm back above {SPERM_THRESHOLD:g} million/mL {back:.0f} days after T stopped")
    return "; ".join(parts) + "."


# --- Cohorts ------------------------------------------------------------------------------------------

def _is_cohort(result) -> bool:
    return np.ndim(result["T"]) == 2


def cohort_summary(result, thresholds=(SPERM_THRESHOLD,)) -> dict:
    """The recovery of a cohort in numbers. For each recovery event (sperm at each of `thresholds`
    million/mL, LH in range, T >= 300 ng/dL, counted from the end of testosterone): the Kaplan-Meier
    median and quartiles in days (nan when not reached within the run) and the share with the event by
    the end of the run. Plus the share ever azoospermic and the T nadir after stopping (median and
    10th-90th percentiles). Censored men count only while followed (Kaplan-Meier), so the numbers are
    not biased towards the men who recovered early."""
    if not _is_cohort(result):
        raise ValueError("cohort_summary needs a cohort's Result (series of shape (n, len(t))); "
                         "for one man use outcomes(result)")
    end = treatment_end(result)
    follow = float(result.t[-1] - end)
    events = {}
    for name, (times, observed) in recovery_times(result, end, thresholds=thresholds).items():
        events[name] = {"median": km_quantile(times, observed, 0.5),
                        "quartiles": (km_quantile(times, observed, 0.25), km_quantile(times, observed, 0.75)),
                        "share_by_end": share_by(times, observed, follow)}
    nadir = np.min(result["T"][:, result.t >= end], axis=1)
    return {"n": int(result["T"].shape[0]), "treatment_end": end, "followed_days": follow, "events": events,
            "azoospermic_share": float(np.mean(np.min(result["sperm"], axis=1) < AZOOSPERMIA)),
            "T_nadir": {"median": float(np.median(nadir)),
                        "p10_p90": (float(np.percentile(nadir, 10)), float(np.percentile(nadir, 90)))}}


def _days_phrase(event: dict, what: str) -> str:
    share = 100 * event["share_by_end"]
    if math.isnan(event["median"]):
        return f"{what} in {share:.0f} % of the men by the end of the run (fewer than half: no median)"
    q1, q3 = event["quartiles"]
    spread = (f"a quarter by day {q1:.0f}, three quarters by day {q3:.0f}" if not math.isnan(q3)
              else f"a quarter by day {q1:.0f}, three quarters not within the run")
    return (f"{what} in {share:.0f} % of the men by the end of the run, a median of {event['median']:.0f} days "
            f"after testosterone stopped ({spread})")


def cohort_text(result, units: str = "conventional") -> str:
    """One line on a cohort's run: its size, and medians, quartiles and shares over its men, never one
    man's numbers. The variability is the model's sketch of between-man differences, not a population."""
    n = result["T"].shape[0]
    head = f"Cohort of {n} simulated men (the model's between-man variability, not real patients)"
    if treatment_end(result) == 0:
        last = {k: float(np.median(result[k][:, -1])) for k in ("T", "LH", "sperm")}
        T_shown, T_unit = unit_systems.convert(last["T"], "T", units)
        return (f"{head}, no testosterone course: at the end of the run median T {float(np.ravel(T_shown)[0]):.3g} "
                f"{T_unit}, LH {level_text('LH', last['LH'])}, sperm {last['sperm']:.0f} million/mL.")
    summary = cohort_summary(result)
    ev = summary["events"]
    nadir = summary["T_nadir"]
    shown = unit_systems.convert(np.array([nadir["median"], *nadir["p10_p90"]]), "T", units)
    values, T_unit = np.ravel(shown[0]), shown[1]
    fmt = (lambda v: f"{v:.0f}") if units == "conventional" else (lambda v: f"{v:.1f}")
    parts = [head,
             _days_phrase(ev["LH in range"], "LH back in range"),
             _days_phrase(ev[f"sperm >= {SPERM_THRESHOLD:g} M/mL"],
                          f"sperm at or above {SPERM_THRESHOLD:g} million/mL"),
             f"{100 * summary['azoospermic_share']:.0f} % had no sperm in the model's count (below "
             f"{AZOOSPERMIA:g} million/mL) at some point",
             f"lowest T after stopping: median {fmt(values[0])} {T_unit} (10th-90th percentile "
             f"{fmt(values[1])}-{fmt(values[2])})"]
    return "; ".join(parts) + ". Times are Kaplan-Meier estimates (men not recovered by the end are censored)."

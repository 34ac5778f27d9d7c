"""Recovery of sperm in a virtual cohort after testosterone stops: Kaplan-Meier curves, the share not
recovered with its sampling interval, and the predictors of recovery (median time by thirds of a covariate).

The numbers describe the model's cohort, not real men: the words generated here say so, and say ties as ties.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import stats

from ..model.agents import AGENTS
from ..model.engine import simulate, untreated
from ..model.parameters import PHYSIOLOGY
from ..model.patient import Cohort, Patient
from ..model.regimen import Course, Regimen
from .events import kaplan_meier, SPERM_THRESHOLD, time_to
from .outcomes import recovery_verdict
from .published import ENTRY_SPERM, LIU_2006, MONTH_DAYS

THRESHOLDS = (3.0, 10.0, SPERM_THRESHOLD, 20.0)   # million/mL: Liu 2006's 3, 10 and 20, and WHO 2021's limit
FOLLOW_UP_MONTHS = 24                      # Liu 2006 followed recovery to 24 months
AGE_HALF_SPAN = 10.0                       # the cohort's ages spread +/- this around the chosen age (years)
PART = 200                                 # men per simulation call (progress is shown between calls; smaller
                                           # parts cost more per man)
AGENT = "testosterone_enanthate"           # the ester of the contraception trials (200 mg a week)
# the catalogue's esters, the trials' first (one depot and clearance per mg of T, C23)
ESTERS = (AGENT, *(name for name, a in AGENTS.items() if a.is_testosterone and name != AGENT))
DOSE_RANGE, MONTHS_RANGE, AGE_RANGE = (25.0, 300.0), (1.0, 36.0), (20.0, 65.0)
# The population page's grid: simulate's cohort resolution at 2-day points (recovery times then come in 2-day
# steps; tests/analysis/test_cohort_resolution.py checks what the page shows against the full resolution)
PAGE_GRID = {"dt": 2.0, "resolution": "cohort"}


def _check(field, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{field} must be a number in [{low:g}, {high:g}], got {value!r}")
    return float(value)


def trt_regimen(dose: float, months: float, agent: str = AGENT) -> Regimen:
    """Weekly testosterone ester (enanthate unless `agent` says cypionate) at `dose` mg for `months` months from
    day 0 (then stopped)."""
    dose = _check("dose (mg per week)", dose, *DOSE_RANGE)
    months = _check("months of TRT", months, *MONTHS_RANGE)
    if agent not in ESTERS:
        raise ValueError(f"agent must be one of {', '.join(ESTERS)}, got {agent!r}")
    return Regimen([Course(agent, dose=dose, every_days=7, start_day=0, stop_day=round(months * MONTH_DAYS))])


def cohort_around(n: int, seed: int, age: float, base: Patient | None = None) -> Cohort:
    """n men varying as hpgviz.Cohort does, with ages spread evenly over age +/- AGE_HALF_SPAN years (within
    the model's allowed ages), so that age can be studied as a predictor inside the cohort."""
    age = _check("age (years)", age, *AGE_RANGE)
    cohort = Cohort(n=n, seed=seed, base=base)
    spec = PHYSIOLOGY["age"]
    draw = np.random.default_rng([seed, 2]).uniform(age - AGE_HALF_SPAN, age + AGE_HALF_SPAN, cohort.n)
    cohort.values["age"] = np.clip(draw, spec.low, spec.high)
    return cohort


@dataclass
class CohortRecovery:
    """Per man (eligible men only): days from the stop to a lasting sperm count >= threshold (censored at the
    end of follow-up), and the covariates. ``excluded`` men had an untreated count below ENTRY_SPERM."""
    dose: float
    months: float
    age: float
    threshold: float
    n: int
    seed: int
    times: np.ndarray
    observed: np.ndarray
    covariates: dict          # name -> (values per eligible man, unit)
    excluded: int
    agent: str = AGENT

    @property
    def eligible(self) -> int:
        return int(self.times.size)

    def curve(self):
        """Kaplan-Meier share recovered, as a step curve from month 0 to the end of follow-up: (months, share),
        read-only (computed once: a page reads it for the line, the title and each share it says)."""
        return self._curve

    @cached_property
    def _curve(self):
        if self.eligible == 0:
            months, share = np.array([0.0, FOLLOW_UP_MONTHS]), np.zeros(2)
        else:
            t, share = kaplan_meier(self.times, self.observed)
            months = np.concatenate([[0.0], t / MONTH_DAYS, [FOLLOW_UP_MONTHS]])
            share = np.concatenate([[0.0], share, [share[-1] if share.size else 0.0]])
        months.flags.writeable = share.flags.writeable = False
        return months, share

    def share_by(self, month: float) -> float:
        months, share = self.curve()
        return float(share[months <= month][-1])

    def median_months(self, mask=None) -> float:
        """Kaplan-Meier median time to recovery (months), nan when under half recovered within follow-up."""
        times, observed = (self.times, self.observed) if mask is None else (self.times[mask], self.observed[mask])
        if times.size == 0 or not observed.any():
            return math.nan
        t, share = kaplan_meier(times, observed)
        reached = share >= 0.5
        return float(t[reached][0] / MONTH_DAYS) if reached.any() else math.nan

    def not_recovered(self, level: float = 0.95):
        """(men not recovered by the end of follow-up, eligible men, share, low, high): a Clopper-Pearson
        interval for a cohort of this size (sampling only: not the model's uncertainty, not real men's range)."""
        k, n = int((~self.observed).sum()), self.eligible
        if n == 0:
            return 0, 0, math.nan, math.nan, math.nan
        a = (1 - level) / 2
        low = 0.0 if k == 0 else float(stats.beta.ppf(a, k, n - k + 1))
        high = 1.0 if k == n else float(stats.beta.ppf(1 - a, k + 1, n - k))
        return k, n, k / n, low, high

    def predictors(self):
        """Per covariate: its thirds' cut points and the median recovery (months) in the lowest, middle and
        highest third. [{name, unit, cuts, medians}] (computed once: the figure and the words read them)."""
        return self._predictors

    @cached_property
    def _predictors(self):
        rows = []
        for name, (values, unit) in self.covariates.items():
            if values.size < 3 or np.ptp(values) == 0:
                continue
            cuts = np.percentile(values, [100 / 3, 200 / 3])
            groups = (values <= cuts[0], (values > cuts[0]) & (values <= cuts[1]), values > cuts[1])
            rows.append({"name": name, "unit": unit, "cuts": tuple(float(c) for c in cuts),
                         "medians": tuple(self.median_months(g) for g in groups)})
        return rows


def _covariates(res, volume, ages, eligible) -> dict:
    out = {"untreated sperm count": (res["sperm"][:, 0][eligible], "million/mL"),
           "testis volume before TRT": (volume[eligible], "mL")}
    out["age"] = (np.asarray(ages)[eligible], "years")
    return out


@dataclass
class CohortTimes:
    """One simulated cohort's recovery at every threshold of THRESHOLDS: {threshold: (times, observed)} per
    eligible man, with the covariates. What a change of threshold needs is here: no new simulation."""
    dose: float
    months: float
    age: float
    n: int
    seed: int
    times: dict
    covariates: dict
    excluded: int
    agent: str = AGENT

    def __post_init__(self):
        self._at = {}

    def at(self, threshold: float) -> CohortRecovery:
        """The cohort's CohortRecovery at `threshold` (one of THRESHOLDS; the same object on every call)."""
        if threshold not in self.times:
            raise ValueError(f"threshold must be one of {THRESHOLDS} million/mL, got {threshold!r}")
        if threshold not in self._at:
            times, observed = self.times[threshold]
            self._at[threshold] = CohortRecovery(self.dose, self.months, self.age, float(threshold), self.n,
                                                 self.seed, times, observed, self.covariates, self.excluded,
                                                 self.agent)
        return self._at[threshold]


def cohort_times(n: int = 200, seed: int = 0, dose: float = 200.0, months: float = 12.0, age: float = 30.0,
                 progress=None, dt: float = 1.0, agent: str = AGENT, resolution: str = "full") -> CohortTimes:
    """Simulate n men on a weekly ester (`agent`, enanthate by default) for `months` months, stopped, followed
    FOLLOW_UP_MONTHS more, and measure each man's time to sperm at or above each of THRESHOLDS after the stop
    (over all men at once, one threshold at a time). `progress(fraction)` is called after each part of PART
    men (for a progress bar). Fixed seed: the same numbers every time. `dt` and `resolution` are simulate's
    (the population page: PAGE_GRID)."""
    regimen = trt_regimen(dose, months, agent)
    stop = regimen.courses[0].stop_day
    days = stop + FOLLOW_UP_MONTHS * MONTH_DAYS
    cohort = cohort_around(n, seed, age)
    parts = []
    for lo in range(0, cohort.n, PART):
        hi = min(lo + PART, cohort.n)
        # sperm alone (simulate then computes no other series); the volume before TRT is the untreated one
        part = cohort.part(lo, hi)
        res = simulate(regimen, days=days, patient=part, dt=dt, resolution=resolution, series="sperm")
        volume = untreated(part, "testis_volume")
        eligible = res["sperm"][:, 0] >= ENTRY_SPERM
        parts.append((eligible, {level: tuple(x[eligible] for x in time_to(res, "sperm", level, after=stop))
                                 for level in THRESHOLDS},
                      _covariates(res, volume, cohort.values["age"][lo:hi], eligible)))
        if progress is not None:
            progress(hi / cohort.n)
    joined = lambda arrays: np.concatenate(list(arrays))
    times = {level: tuple(joined(p[1][level][k] for p in parts) for k in (0, 1)) for level in THRESHOLDS}
    covariates = {key: (joined(p[2][key][0] for p in parts), unit) for key, (_, unit) in parts[0][2].items()}
    return CohortTimes(float(dose), float(months), float(age), cohort.n, seed, times, covariates,
                       int((~joined(p[0] for p in parts)).sum()), agent)


def cohort_recovery(n: int = 200, seed: int = 0, dose: float = 200.0, months: float = 12.0, age: float = 30.0,
                    threshold: float = 20.0, progress=None, dt: float = 1.0,
                    agent: str = AGENT, resolution: str = "full") -> CohortRecovery:
    """cohort_times(...) at one `threshold` (one of THRESHOLDS): each eligible man's time to sperm at or above
    it after the stop, with the covariates."""
    if threshold not in THRESHOLDS:
        raise ValueError(f"threshold must be one of {THRESHOLDS} million/mL, got {threshold!r}")
    return cohort_times(n, seed, dose, months, age, progress, dt, agent, resolution).at(threshold)


# --- Words generated from the numbers ---------------------------------------------------------------------

def _months(m: float) -> str:
    return "not reached within 24 months" if not math.isfinite(m) else f"{m:.1f} months"


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def published_points(threshold: float):
    """Liu 2006's (month, share) points at this threshold (none at thresholds it did not report this way)."""
    return LIU_2006["share_by_month"] if threshold == LIU_2006["threshold"] else ()


def summary_text(rec: CohortRecovery) -> str:
    """What the cohort shows, against Liu 2006 where it reported the same measure."""
    if rec.eligible == 0:
        return "No man in this cohort had an untreated count at the trials' entry level; nothing to compare."
    head = (f"{rec.eligible} simulated men (aged {rec.age - AGE_HALF_SPAN:.0f}-{rec.age + AGE_HALF_SPAN:.0f}), "
            f"{rec.dose:.0f} mg a week of {AGENTS[rec.agent].label} for {rec.months:.0f} months, then stopped: "
            f"median time to {rec.threshold:g} million/mL {_months(rec.median_months())}")
    liu = LIU_2006["median_months"].get(rec.threshold)
    head += f" (Liu 2006: {liu:g} months)." if liu is not None else " (Liu 2006 gave no median at this level)."
    points = published_points(rec.threshold)
    if points:
        head += " Recovered by " + ", ".join(f"{m} months {_pct(rec.share_by(m))} (Liu: {_pct(s)})"
                                             for m, s in points) + "."
    return head


def non_recovery_text(rec: CohortRecovery) -> str:
    k, n, share, low, high = rec.not_recovered()
    if n == 0:
        return ""
    return (f"Not back to {rec.threshold:g} million/mL {FOLLOW_UP_MONTHS} months after stopping: {k} of {n} men "
            f"({_pct(share)}; 95 % interval {100 * low:.1f}-{100 * high:.1f} %). The interval says how much this "
            f"share could move with another cohort of {n} men; it is not the model's own uncertainty, and not "
            f"the range in real men.")


def excluded_text(rec: CohortRecovery) -> str:
    if not rec.excluded:
        return f"Every man's untreated count was at least {ENTRY_SPERM:g} million/mL, the trials' entry level."
    return (f"{rec.excluded} of {rec.n} men had an untreated count below {ENTRY_SPERM:g} million/mL and are left "
            "out, as contraception trials enrolled men with normal counts.")


def predictor_sentence(row) -> str:
    """One covariate: median recovery in its lowest and highest third; a direction only when the two differ by
    more than analysis.outcomes.recovery_margin (else "no meaningful difference in the model": a tie)."""
    low, mid, high = row["medians"]
    unit = row["unit"]
    name = row["name"][0].upper() + row["name"][1:]
    text = (f"{name}: median {_months(low)} in the lowest third (up to {row['cuts'][0]:.0f} "
            f"{unit}), {_months(mid)} in the middle third, {_months(high)} in the highest third (above "
            f"{row['cuts'][1]:.0f} {unit})")
    if not (math.isfinite(low) and math.isfinite(high)):
        return text + "."
    verdict = recovery_verdict(low * MONTH_DAYS, high * MONTH_DAYS, FOLLOW_UP_MONTHS * MONTH_DAYS)
    if verdict == "no meaningful difference":
        return text + ": no meaningful difference in the model between the lowest and highest thirds (a tie)."
    faster = "higher" if verdict == "sooner" else "lower"
    return text + f": faster with a {faster} {row['name']}, by {abs(low - high):.1f} months."


def predictors_text(rec: CohortRecovery) -> list[str]:
    return [predictor_sentence(row) for row in rec.predictors()]


# --- How men differ: the band beside one man's curves (fundamentals and protocol explorers) ---------------

BAND_MEN = 200
BAND_SEED = 0
BAND_PERCENTILES = (10, 90)
BAND_MEANING = ("differences between men in the model; not measurement error, not the model's own "
                "uncertainty")
BAND_LABEL = f"Shading: 10th-90th percentile of {BAND_MEN} simulated men; {BAND_MEANING}."


def band_cohort(patient: Patient | None = None) -> Cohort:
    """The men behind the band: BAND_MEN men around `patient`, with a fixed seed."""
    return Cohort(n=BAND_MEN, seed=BAND_SEED, base=patient)


def between_men_days(cohort_result, after: float, threshold: float = SPERM_THRESHOLD):
    """Days from `after` until sperm stay >= threshold, at the band's 10th and 90th percentiles across men (a man
    who has not reached it by the end counts as later than the run: inf)."""
    times, observed = time_to(cohort_result, "sperm", threshold, after=after)
    lo, hi = np.percentile(np.where(observed, times, np.inf), BAND_PERCENTILES)
    return float(lo), float(hi)


def days_range_text(lo: float, hi: float) -> str:
    word = lambda d: "not within the run" if not np.isfinite(d) else f"{d:.0f}"
    return f"{word(lo)} to {word(hi)} days" if np.isfinite(hi) else f"{word(lo)} days to {word(hi)}"


def between_men_text(cohort_result, after: float, threshold: float = SPERM_THRESHOLD) -> str:
    """The spread of one outcome across the band's men: days from `after` to sperm >= threshold, at the 10th and
    90th percentiles."""
    lo, hi = between_men_days(cohort_result, after, threshold)
    n = cohort_result["sperm"].shape[0]
    return (f"Between men (10th to 90th percentile of {n} in the model): sperm back above {threshold:g} million/mL "
            f"{days_range_text(lo, hi)} after testosterone stops.")

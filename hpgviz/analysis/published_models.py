"""Two published models of the male axis, reimplemented as running references, and hpgviz beside them.

The typical subjects (every between-subject effect at zero, covariates at the cohort medians) of
- Bi Y, Perry PJ, Ellerby M, Murry DJ. CPT Pharmacometrics Syst Pharmacol 2018;7:259 (doi 10.1002/psp4.12287):
  weekly IM testosterone cypionate (TC); serum T with an LH-independent secretion floor, effect-site T,
  LHRH-stimulated LH ("LH30", the gonadotropes' reserve) and sperm driven by the 18-week average T;
- Tornoe CW et al. Br J Clin Pharmacol 2007;63:648 (doi 10.1111/j.1365-2125.2006.02820.x): the GnRH agonist
  triptorelin; a feedback compartment F, the pituitary LH pool P, LH and T.

Equations and parameters were read from nlmixr2lib's model files and written here independently (no code was
copied): nlmixr2/nlmixr2lib, inst/modeldb/specificDrugs/Bi_2018_testosteroneCypionate.R and
Bi_2018_testosteroneCypionate_sperm.R at commit e4242ec1c5eef42c0d1385d667859f8c1ae3cebb (they cite Bi 2018
Tables 2-3 and the NONMEM streams of Supplementary S6), and Tornoe_2006_triptorelin.R at commit
40a4d73c99d018853c273814401a7d143719e7ea (Tornoe 2007 Tables 3-4, the triptorelin-study values). The papers'
own numbers the references are tested against (tests/analysis/test_published_models.py) were read in the same
repository's Bi 2018 vignette and in docs/SOURCES.md (sections 1.1, 1.2).

Both are integrated with scipy (solve_ivp, LSODA, relative tolerance 1e-10). ``compare_bi()`` and
``compare_tornoe()`` run hpgviz (through its public API only, so the rows follow the model as it changes)
on the same regimens and return one row per quantity, with the departure in words built from the numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral

import numpy as np
from scipy.integrate import solve_ivp

from ..model.engine import simulate
from ..model.regimen import MAX_DAY, Course, Regimen, check_number

WEEK = 7.0
RTOL, ATOL = 1e-10, 1e-12


@dataclass(frozen=True)
class Param:
    value: float
    unit: str
    source: str


# --- Bi 2018: typical subject at the median covariates (85 kg, albumin and weight changes at their medians) ---
BI = {
    "ka": Param(1.22, "1/day", "Table 2, Ka"),
    "CL": Param(2.6, "kL/day", "Table 2, CL/F at the median covariates"),
    "V": Param(14.4, "kL", "Table 2, V/F at the median covariates"),
    "T0": Param(6.24, "ng/mL", "Table 2, A_0 TC (baseline total T; S6: A_0(2) = INT * V)"),
    "kin_T": Param(6.24, "mg/day", "Table 2, b_base: LH-independent endogenous secretion"),
    "Emax_T": Param(12.5, "mg/day", "Table 2, Emax: largest LH-driven extra secretion"),
    "EC50_T": Param(12.9, "IU/L", "Table 2, LH50 (LH30 giving half of Emax)"),
    "k_T": Param(1.18, "1", "Table 2, Lambda (k)"),
    "kin_LH": Param(1.7, "IU/L/day", "Table 3, Kin (LH30 synthesis; T4 at its 7.40 ug/dL reference)"),
    "kout_LH": Param(0.11, "1/day", "Table 3, Kout"),
    "IC50_LH": Param(9.33, "ng/mL", "Table 3, Test50 (effect-site T halving LH30 synthesis; Imax fixed to 1)"),
    "n_LH": Param(18.3, "1", "Table 3, Lambda"),
    "ke0": Param(0.0321, "1/day", "Table 3, ke0"),
    "kin_S": Param(6.17, "M/mL/day", "Table 3, sperm Kin"),
    "kout_S": Param(0.0696, "1/day", "Table 3, sperm Kout"),
    "phi_S": Param(4.65, "logit", "Table 3, Phi: Emax_S = expit(4.65) = 0.9905"),
    "Cav50": Param(8.68, "ng/mL", "Table 3, Cavg50 (85 kg)"),
    "h_S": Param(11.3, "1", "Table 3, Lambda"),
    "window": Param(18 * WEEK, "day", "Results: T averaged over the previous 18 weeks (from the start if sooner)"),
}

# --- Tornoe 2007: typical subject, triptorelin-study values (Table 4 rows marked *) ------------------------
TORNOE = {
    "CL": Param(63.2, "L/h", "Table 3, CL/F"), "Vc": Param(640.0, "L", "Table 3, Vc/F"),
    "Q": Param(76.3, "L/h", "Table 3, Q/F"), "Vp": Param(698.0, "L", "Table 3, Vp/F"),
    "ksc1": Param(math.log(2) / (11.3 * 24), "1/h", "Table 3, t1/2 sc,1 11.3 d"),
    "ksc2": Param(math.log(2) / (7.92 * 24), "1/h", "Table 3, t1/2 sc,2 7.92 d"),
    "Fr": Param(0.605, "fraction", "Table 3, burst fraction released zero-order"),
    "t_burst": Param(1.77, "h", "Table 3, duration of the burst"),
    "ke_LH": Param(0.0082, "1/h", "Table 4, ke,LH* (triptorelin study; docs/SOURCES.md 1.2 lists 0.535/h)"),
    "krel": Param(0.00241, "1/h", "Table 4, krel,LH (release from the pituitary pool)"),
    "Emax": Param(1330.0, "1", "Table 4, Emax of triptorelin on pool release"),
    "EC50": Param(0.047, "ng/mL", "Table 4, EC50"), "gamma": Param(4.87, "1", "Table 4, gamma"),
    "ke_F": Param(0.00107, "1/h", "Table 4, ke,F* (feedback compartment, t1/2 ~27 d)"),
    "lambda": Param(8.26, "1", "Table 4, lambda* (T drive of the feedback compartment)"),
    "ke_T": Param(0.0901, "1/h", "Table 4, ke,Te"), "Lmax": Param(77.5, "1", "Table 4, Lmax"),
    "L50": Param(5.18, "IU/L", "Table 4, L50"), "kappa": Param(1.9, "1", "Table 4, kappa"),
    "LH0": Param(4.76, "IU/L", "Table 4, LH_base*"), "T0": Param(4.85, "ng/mL", "Table 4, Te_base*"),
    "dose": Param(3.75, "mg", "the studied dose: one SC injection of Decapeptyl Depot"),
}


def _v(table, *names):
    return [table[n].value for n in names]


def _integrate(rhs, y0, t_end, step, breaks=(), bolus=None):
    """solve_ivp (LSODA) from 0 to t_end on a grid of `step`, restarted at each break (a dose or a switch);
    `bolus(t, y)` adds what is given at a break. Returns the grid and the states (n_states, len(grid))."""
    grid = np.round(np.arange(0.0, t_end + step / 2, step), 10)
    edges = sorted({0.0, t_end, *[b for b in breaks if 0.0 < b < t_end]})
    out, y = np.empty((len(y0), grid.size)), np.asarray(y0, dtype=float)
    for a, b in zip(edges[:-1], edges[1:]):
        if bolus is not None:
            y = bolus(a, y)
        inside = (grid >= a) & (grid <= b)
        times = np.union1d(grid[inside], [b])                 # always end on b, to carry the state on
        sol = solve_ivp(rhs, (a, b), y, method="LSODA", t_eval=times, rtol=RTOL, atol=ATOL)
        out[:, inside] = sol.y[:, np.isin(times, grid[inside])]
        y = sol.y[:, -1]
    return grid, out


# --- Bi 2018 -----------------------------------------------------------------------------------------

def bi_2018(dose_mg: float, n_doses: int, first_dose_day: float = 14.0, days: float = 280.0,
            step: float = 0.25) -> tuple[np.ndarray, dict]:
    """Bi 2018's typical man given TC `dose_mg` IM every week, `n_doses` times from `first_dose_day`
    (the trial: 14 doses from day 14, after two weeks of placebo; followed to week 40).
    Returns (t in days, series): T (ng/mL), Ce (effect-site T, ng/mL), LH30 (IU/L), secretion (own T,
    mg/day), LH_inhibition (fraction of LH30 synthesis shut off), Cav (18-week average T, ng/mL), sperm
    (M/mL). Starts from the published initial conditions (T 6.24 ng/mL, LH30 = Kin/Kout)."""
    dose_mg = check_number("dose_mg (mg of TC per weekly injection)", dose_mg, 0.0, 1000.0)
    if isinstance(n_doses, bool) or not isinstance(n_doses, Integral) or not 0 <= n_doses <= 520:
        raise ValueError(f"n_doses (weekly injections) must be a whole number in [0, 520], got {n_doses!r}")
    first_dose_day = check_number("first_dose_day", first_dose_day, 0.0, MAX_DAY)
    days = check_number("days", days, 1.0, MAX_DAY)
    step = check_number("step (days)", step, 0.01, 7.0)
    ka, CL, V, T0, kin, emax, ec50, k = _v(BI, "ka", "CL", "V", "T0", "kin_T", "Emax_T", "EC50_T", "k_T")
    kin_lh, kout_lh, ic50, n, ke0 = _v(BI, "kin_LH", "kout_LH", "IC50_LH", "n_LH", "ke0")
    secretion = lambda lh: kin + emax * lh ** k / (lh ** k + ec50 ** k)
    inhibition = lambda ce: ce ** n / (ce ** n + ic50 ** n)

    def rhs(t, y):
        depot, central, ce, lh, _ = y
        c = central / V
        lh_drive, ce_pos = max(lh, 1e-8), max(ce, 0.0)        # S6's guards at LH30 = 0 and Ce < 0
        return [-ka * depot, secretion(lh_drive) + ka * depot - CL / V * central, ke0 * (c - ce),
                kin_lh * (1.0 - inhibition(ce_pos)) - kout_lh * lh, c]

    doses = [first_dose_day + WEEK * i for i in range(n_doses)]
    give = lambda t, y: y + np.array([dose_mg if any(abs(t - d) < 1e-9 for d in doses) else 0.0, 0, 0, 0, 0])
    t, (_, central, ce, lh, auc) = _integrate(rhs, [0.0, T0 * V, T0, kin_lh / kout_lh, 0.0], days, step,
                                              doses, give)
    T = central / V
    cav = _window_average(t, auc, T)
    return t, {"T": T, "Ce": ce, "LH30": lh, "secretion": secretion(np.maximum(lh, 1e-8)),
               "LH_inhibition": inhibition(np.maximum(ce, 0.0)), "Cav": cav, "sperm": _bi_sperm(t, cav)}


def _window_average(t, auc, conc):
    """Bi's 18-week average: (AUC(t) - AUC(t - 18 wk)) / 18 wk, from the start while t < 18 weeks."""
    window = BI["window"].value
    lower = np.maximum(t - window, t[0])
    width = t - lower
    avg = (auc - np.interp(lower, t, auc)) / np.where(width > 0, width, 1.0)
    return np.where(width > 0, avg, conc)


def _bi_sperm(t, cav):
    """Bi's sperm count: production inhibited by an Emax in the 18-week average T, first-order loss."""
    kin, kout, phi, c50, h = _v(BI, "kin_S", "kout_S", "phi_S", "Cav50", "h_S")
    emax = 1.0 / (1.0 + math.exp(-phi))

    def rhs(s, y):
        c = max(float(np.interp(s, t, cav)), 0.0)
        return [kin * (1.0 - emax * c ** h / (c ** h + c50 ** h)) - kout * y[0]]

    step = float(t[1] - t[0])
    sol = solve_ivp(rhs, (t[0], t[-1]), [kin / kout], method="LSODA", t_eval=t, rtol=RTOL, atol=ATOL,
                    max_step=step)
    return sol.y[0]


# --- Tornoe 2007 -------------------------------------------------------------------------------------

def tornoe_2007(days: float = 28.0, depot_mg: float | None = None, infusion_ug_per_day: float = 0.0,
                step_h: float = 0.25) -> tuple[np.ndarray, dict]:
    """Tornoe 2007's typical man given triptorelin: one SC depot of `depot_mg` (the study: 3.75 mg; a share
    Fr released as a burst over 1.77 h, the rest through two absorption steps) and/or an even infusion of
    `infusion_ug_per_day` into the blood from day 0. Returns (t in days, series): conc (triptorelin,
    ng/mL), F (feedback compartment, 1 at rest), P (LH pool, IU/L), LH (IU/L), T (ng/mL)."""
    days = check_number("days", days, 1.0, MAX_DAY)
    depot_mg = check_number("depot_mg (mg of triptorelin)", depot_mg or 0.0, 0.0, 30.0)
    infusion_ug_per_day = check_number("infusion_ug_per_day", infusion_ug_per_day, 0.0, 10_000.0)
    step_h = check_number("step_h (hours)", step_h, 0.01, 24.0)
    CL, Vc, Q, Vp, k1, k2, fr, tb = _v(TORNOE, "CL", "Vc", "Q", "Vp", "ksc1", "ksc2", "Fr", "t_burst")
    ke_lh, krel, emax, ec50, g = _v(TORNOE, "ke_LH", "krel", "Emax", "EC50", "gamma")
    ke_f, lam, ke_t, lmax, l50, kap, lh0, t0 = _v(TORNOE, "ke_F", "lambda", "ke_T", "Lmax", "L50", "kappa",
                                                  "LH0", "T0")
    dose = depot_mg
    b_lh = ke_lh * lh0                                            # steady state at F = 1, no drug
    b_t = ke_t * t0 / (1.0 + lmax * lh0 ** kap / (l50 ** kap + lh0 ** kap))
    infusion = infusion_ug_per_day * 1e-3 / 24.0                  # mg/h
    burst = fr * dose / tb                                        # mg/h during the burst

    def rhs(t, y):
        depot, transit, central, periph, F, P, LH, T = y
        c = max(central, 0.0) / Vc * 1000.0                       # mg/L -> ng/mL
        drive = emax * c ** g / (ec50 ** g + c ** g)
        release = krel * P * (1.0 + drive) / F
        into = k2 * transit + infusion + (burst if t < tb else 0.0)
        return [-k1 * depot, k1 * depot - k2 * transit,
                into - (CL + Q) / Vc * central + Q / Vp * periph, Q / Vc * central - Q / Vp * periph,
                ke_f * (max(T, 0.0) / t0) ** lam - ke_f * F, b_lh / F - release, release - ke_lh * LH,
                b_t * (1.0 + lmax * LH ** kap / (l50 ** kap + LH ** kap)) - ke_t * T]

    y0 = [(1.0 - fr) * dose, 0.0, 0.0, 0.0, 1.0, b_lh / krel, lh0, t0]
    t, (_, _, central, _, F, P, LH, T) = _integrate(rhs, y0, days * 24.0, step_h, (tb,) if dose else ())
    return t / 24.0, {"conc": central / Vc * 1000.0, "F": F, "P": P, "LH": LH, "T": T}


# --- Side by side: hpgviz on the same regimens ----------------------------------------------------------

TC_DOSES = (100, 250, 500)              # mg weekly (Bi's three arms)
TC_WEEKS, FOLLOW_DAYS = 24, 336         # 24 weekly doses from day 0, followed to day 336
AGONIST_UG_PER_DAY, AGONIST_DAYS = 160.0, 28
LH_BACK, SPERM_BACK = 0.9, 0.5          # recovery: LH reserve back to 90 % of baseline, sperm to 50 %
BI_LEAD_IN = 14.0                       # Bi's trial began with two weeks of placebo (T settles from 6.24 ng/mL)

# When a difference is "meaningful": larger than the published spread between men of what sets it.
SPREADS = {
    "T": (0.136, "relative", "Bi's between-subject CV of baseline T (13.6 %)"),
    "share": (0.10, "absolute", "10 points of baseline, within the visit-to-visit noise of one stimulated-LH "
              "or semen sample (Bi's residual SD ~0.4 on log(x + 1))"),
    "LH weeks": (0.47, "relative", "Bi's between-subject CV of ke0 (47 %), which sets how long LH30 lags T"),
    "sperm weeks": (0.232, "relative", "Bi's between-subject CV of Cavg50 (23.2 %)"),
    "LH ratio": (0.834, "relative", "Tornoe's between-subject CV of krel (83 %), which sets the LH flare"),
    "hours": (0.327, "relative", "Tornoe's between-subject CV of EC50 (33 %), which sets when the flare peaks"),
    "days": (0.591, "relative", "Tornoe's between-subject CV of ke,F (59 %), the speed of desensitisation"),
    "T low": (0.517, "relative", "Tornoe's between-subject CV of Lmax (52 %), LH-driven T secretion"),
}


@lru_cache(maxsize=None)
def _bi_reference(dose):
    """Bi's typical man on the side-by-side regimen (day 0 = first dose, after Bi's two-week lead-in)."""
    t, s = bi_2018(dose, TC_WEEKS, first_dose_day=BI_LEAD_IN, days=FOLLOW_DAYS + BI_LEAD_IN, step=0.25)
    keep = t >= BI_LEAD_IN
    return t[keep] - BI_LEAD_IN, {k: v[keep] for k, v in s.items()}


@lru_cache(maxsize=None)
def _tornoe_reference():
    return tornoe_2007(days=AGONIST_DAYS, infusion_ug_per_day=AGONIST_UG_PER_DAY, step_h=0.25)


def _tc_course(dose):
    return Course("testosterone_cypionate", dose=dose, every_days=WEEK, start_day=0, stop_day=TC_WEEKS * WEEK)


def _agonist_course():
    return Course("gonadorelin", dose=AGONIST_UG_PER_DAY, every_days=1, start_day=0, stop_day=AGONIST_DAYS,
                  continuous=True)


def _hpgviz(courses, days, dt):
    baseline = simulate(Regimen([]), days=1, dt=dt)
    return simulate(Regimen(courses), days=days, dt=dt), {k: baseline[k][0] for k in ("T", "LH")}


def _first(t, mask, start):
    """First time at or after `start` where mask holds (nan if never)."""
    hit = mask & (t >= start)
    return float(t[np.argmax(hit)]) if hit.any() else math.nan


def _recovery_weeks(t, relative, level, last_dose):
    """Weeks after the last dose until a series (relative to baseline) is back at `level` after its nadir:
    0 if it never fell below it, nan if not back by the end of follow-up."""
    after = t >= last_dose
    if relative[after].min() >= level:
        return 0.0
    nadir = float(t[after][np.argmin(relative[after])])
    return (_first(t, relative >= level, nadir) - last_dose) / WEEK


BI_QUANTITIES = (   # (quantity, unit, spread kind)
    ("average T on drug (last week)", "ng/dL", "T"),
    ("trough T on drug (end of the last week)", "ng/dL", "T"),
    ("lowest T after stopping", "ng/dL", "T"),
    ("LH reserve nadir", "% of baseline", "share"),
    ("LH reserve back to 90 %", "weeks after the last dose", "LH weeks"),
    ("sperm nadir", "% of baseline", "share"),
    ("sperm back to 50 %", "weeks after the last dose", "sperm weeks"),
)
TORNOE_QUANTITIES = (
    ("LH flare peak", "x baseline", "LH ratio"),
    ("time of the LH peak", "hours", "hours"),
    ("LH back below baseline", "days from the start", "days"),
    ("LH at day 27", "x baseline", "LH ratio"),
    ("lowest T", "ng/dL", "T low"),
)


def _bi_measures(t, T, reserve, sperm):
    """Bi's quantities from one run: T in ng/dL, reserve and sperm relative to their baselines."""
    last_dose, stop = (TC_WEEKS - 1) * WEEK, TC_WEEKS * WEEK
    last = (t >= last_dose) & (t <= stop)
    values = (float(np.mean(T[last])), float(np.interp(stop, t, T)), float(T[t >= stop].min()),
              100 * float(reserve.min()), _recovery_weeks(t, reserve, LH_BACK, last_dose),
              100 * float(sperm.min()), _recovery_weeks(t, sperm, SPERM_BACK, last_dose))
    return dict(zip((q for q, _, _ in BI_QUANTITIES), values))


def _tornoe_measures(t, LH, T, LH0):
    ratio = LH / LH0
    peak = int(np.argmax(ratio))
    values = (float(ratio[peak]), 24 * float(t[peak]), _first(t, ratio < 1.0, float(t[peak])),
              float(np.interp(27.0, t, ratio)), float(T.min()))
    return dict(zip((q for q, _, _ in TORNOE_QUANTITIES), values))


def _difference(kind, ours, theirs):
    """(difference in the spread's terms, is it meaningful). A missing value is always meaningful."""
    limit, how, _ = SPREADS[kind]
    if not (math.isfinite(ours) and math.isfinite(theirs)):
        return math.nan, True
    if how == "absolute":
        diff = (ours - theirs) / 100.0          # percentage points of baseline, as a fraction
    else:
        diff = (ours - theirs) / abs(theirs) if theirs else (math.inf if ours else 0.0)
    return diff, abs(diff) > limit


def _number(x):
    """A number as a reader wants it: no exponent, no false precision."""
    if not math.isfinite(x):
        return "not reached"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 1 else f"{x:.2f}" if abs(x) >= 0.005 else "0"


def _words(quantity, unit, kind, ours, theirs, reference, why):
    """The departure in words, built from the numbers: "no meaningful difference" inside the spread."""
    diff, meaningful = _difference(kind, ours, theirs)
    limit, how, defence = SPREADS[kind]
    values = f"{_number(ours)} vs {_number(theirs)} {unit}"
    if not math.isfinite(diff):
        missing = "hpgviz" if not math.isfinite(ours) else reference
        return f"{missing} is not back within the run ({values}); {why}", True
    size = f"{abs(diff) * 100:.1f} percentage points" if how == "absolute" else f"{abs(diff) * 100:.1f} %"
    if not meaningful:
        return f"no meaningful difference ({values}: {size}, inside {defence})", False
    if unit.startswith("weeks after") and 0.0 in (ours, theirs):
        who = "hpgviz" if ours == 0.0 else reference
        return f"{who} never falls below that level ({values}): {why}", True
    if 0.0 in (ours, theirs):
        return f"hpgviz's {quantity} is {values}: {why}", True
    return f"hpgviz's {quantity} is {size} {'higher' if diff > 0 else 'lower'} ({values}): {why}", True


def _row(scenario, reference, quantity, unit, kind, ours, theirs, why):
    departure, meaningful = _words(quantity, unit, kind, ours, theirs, reference, why)
    return {"scenario": scenario, "reference": reference, "quantity": quantity, "unit": unit, "hpgviz": ours,
            "published": theirs, "spread": kind, "meaningful": meaningful, "departure": departure}


def compare_bi(doses=TC_DOSES) -> list[dict]:
    """hpgviz beside Bi 2018's typical man on TC `doses` mg weekly x 24 weeks, followed to day 336.
    One row per dose and quantity: scenario, reference, quantity, unit, hpgviz, published, spread (the key
    into SPREADS), meaningful, departure (words generated from the numbers)."""
    rows = []
    for dose in doses:
        t_b, b = _bi_reference(dose)
        res, _ = _hpgviz([_tc_course(dose)], FOLLOW_DAYS, 0.5)
        ours = _bi_measures(res.t, res["T"], res["LH_reserve"], res["sperm"] / res["sperm"][0])
        theirs = _bi_measures(t_b, 100 * b["T"], b["LH30"] / b["LH30"][0], b["sperm"] / b["sperm"][0])
        stop = TC_WEEKS * WEEK
        own_ours = 100 * float(res["T_endogenous"].min() / res["T_endogenous"][0])
        own_theirs = 100 * float(b["secretion"].min() / b["secretion"][0])
        ce_ours = float(np.interp(stop, res.t, res.states["androgen_exposure"]))
        ce_theirs = float(np.interp(stop, t_b, b["Ce"]))
        why = {"T": f"on drug hpgviz's own T falls to {own_ours:.0f} % of its untreated level (its Leydig curve, "
                    f"Tornoe's, keeps little secretion without LH), Bi's own secretion to {own_theirs:.0f} % (an "
                    f"LH-independent floor of {BI['kin_T'].value:g} mg/day)",
               "LH": f"effect-site T at the end of dosing is {ce_ours:.1f} vs {ce_theirs:.1f} ng/mL, against Bi's "
                     f"IC50 of {BI['IC50_LH'].value:g} ng/mL under a Hill coefficient of {BI['n_LH'].value:g}",
               "sperm": "hpgviz's sperm is its own germ-cell pipeline (androgen support inside the testis and "
                        "FSH), not Bi's Emax in the 18-week average T"}
        scenario = f"TC {dose} mg weekly x {TC_WEEKS} weeks, followed to day {FOLLOW_DAYS}"
        for quantity, unit, kind in BI_QUANTITIES:
            reason = why["T" if unit == "ng/dL" else "LH" if "LH" in quantity else "sperm"]
            rows.append(_row(scenario, "Bi 2018", quantity, unit, kind, ours[quantity], theirs[quantity], reason))
    return rows


def agonist_match() -> str:
    """How the continuous agonist exposure is matched between the two models, in words from the numbers."""
    CL, Emax, EC50, g = _v(TORNOE, "CL", "Emax", "EC50", "gamma")
    conc = AGONIST_UG_PER_DAY / (CL * 24.0)                     # ug/L = ng/mL at steady state
    share = conc ** g / (EC50 ** g + conc ** g)
    return (f"the same amount, {AGONIST_UG_PER_DAY:g} ug/day given evenly (a gonadorelin pump's daily amount): "
            f"triptorelin in Tornoe's model then settles at {conc:.3f} ng/mL, {100 * share:.0f} % of its largest "
            f"effect on LH release; gonadorelin in hpgviz is a continuous infusion of that amount")


def compare_tornoe() -> list[dict]:
    """hpgviz (continuous gonadorelin) beside Tornoe 2007's typical man (continuous triptorelin), both at
    160 ug/day for 4 weeks (see agonist_match())."""
    t_r, r = _tornoe_reference()
    res, base = _hpgviz([_agonist_course()], AGONIST_DAYS, 1 / 24)
    ours = _tornoe_measures(res.t, res["LH"], res["T"], base["LH"])
    theirs = _tornoe_measures(t_r, r["LH"], 100 * r["T"], TORNOE["LH0"].value)
    F27 = float(np.interp(27.0, t_r, r["F"]))
    why = {"flare": "hpgviz's gonadorelin releases extra LH at once, with no pool to empty; Tornoe's flare is "
                    "the pituitary LH pool released as the agonist builds up",
           "fall": f"Tornoe's feedback compartment F, driven by the flare's T, reaches {F27:.0f}x its resting "
                   f"level by day 27 and throttles LH synthesis and release; hpgviz's pituitary desensitisation "
                   f"leaves LH at {_number(ours['LH at day 27'])}x baseline at day 27"}
    scenario = f"continuous GnRH agonist {AGONIST_UG_PER_DAY:g} ug/day for {AGONIST_DAYS // 7} weeks"
    return [_row(scenario, "Tornoe 2007", quantity, unit, kind, ours[quantity], theirs[quantity],
                 why["flare" if quantity in ("LH flare peak", "time of the LH peak") else "fall"])
            for quantity, unit, kind in TORNOE_QUANTITIES]


def side_by_side() -> list[dict]:
    """compare_bi() and compare_tornoe() together (the reference solutions are computed once per process)."""
    return compare_bi() + compare_tornoe()


# --- Time courses for the figure -------------------------------------------------------------------------

def bi_time_courses(dose: float = 250) -> dict:
    """hpgviz and Bi 2018 on TC `dose` mg weekly x 24 weeks: {model: (t in days, {"T" ng/dL, "LH reserve"
    % of baseline, "sperm" % of baseline})}."""
    if dose not in TC_DOSES:
        raise ValueError(f"dose must be one of Bi's arms {TC_DOSES} (mg weekly), got {dose!r}")
    res, _ = _hpgviz([_tc_course(dose)], FOLLOW_DAYS, 0.5)
    t_b, b = _bi_reference(dose)
    return {"hpgviz": (res.t, {"T": res["T"], "LH reserve": 100 * res["LH_reserve"],
                               "sperm": 100 * res["sperm"] / res["sperm"][0]}),
            "Bi 2018": (t_b, {"T": 100 * b["T"], "LH reserve": 100 * b["LH30"] / b["LH30"][0],
                              "sperm": 100 * b["sperm"] / b["sperm"][0]})}


def tornoe_time_courses() -> dict:
    """hpgviz (continuous gonadorelin) and Tornoe 2007 (continuous triptorelin), 160 ug/day for 4 weeks:
    {model: (t in days, {"LH" x baseline, "T" ng/dL})}."""
    res, base = _hpgviz([_agonist_course()], AGONIST_DAYS, 1 / 24)
    t_r, r = _tornoe_reference()
    return {"hpgviz": (res.t, {"LH": res["LH"] / base["LH"], "T": res["T"]}),
            "Tornoe 2007": (t_r, {"LH": r["LH"] / TORNOE["LH0"].value, "T": 100 * r["T"]})}


def summary(rows=None) -> str:
    """The side-by-side in a few sentences, built from the rows: how many quantities differ by more than the
    spread between men, and each of those departures."""
    rows = side_by_side() if rows is None else list(rows)
    lines = []
    for reference in dict.fromkeys(r["reference"] for r in rows):
        own = [r for r in rows if r["reference"] == reference]
        departing = [r for r in own if r["meaningful"]]
        lines.append(f"Beside {reference}'s typical man, {len(own) - len(departing)} of {len(own)} quantities show "
                     f"no meaningful difference (inside the spread between men); "
                     f"{len(departing)} depart{'s' if len(departing) == 1 else ''}:")
        lines += [f"- {r['scenario']}, {r['quantity']}: {r['departure']}." for r in departing]
    return "\n".join(lines)

"""Pharmacokinetics: closed-form dose superposition and the drug effect signals the axis reads.

A Course is a regular schedule, so the superposition of all its doses has a closed form (a
geometric series): the cost is proportional to the number of time points, not doses, which keeps a
gonadorelin pump (a pulse every 90 minutes for months) as cheap as weekly TRT.

The stepper needs the *mean* exposure over each step, not a point value: a 4-minute GnRH pulse
falls between grid points but its average stimulation does not. So ``effects`` returns interval
means over the intervals between consecutive grid points, or point values for the reported series.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from scipy.signal import lfilter

from .agents import AGENTS, EFFECTS, Component
from .parameters import DRUGS
from .units import NG_DL_PER_NMOL_L_TESTOSTERONE as NG_DL_PER_NMOL_L

# --- Closed-form superposition over a regular schedule ---------------------------------------------

def _dose_count_and_sums(x, start, every, n_doses, rate):
    """For doses at start + j*every (j < n_doses) given up to time x: the number of doses given,
    sum of (x - t_j) and sum of exp(-rate (x - t_j)), all without looping over doses."""
    elapsed = x - start
    last = np.minimum(np.floor(elapsed / every), n_doses - 1)
    given = np.where(elapsed >= 0, last + 1, 0.0)
    last_time = start + np.maximum(last, 0) * every
    since_last = np.maximum(x - last_time, 0.0)
    sum_since = given * elapsed - every * given * (given - 1) / 2
    # sum_j exp(-rate (x - t_j)) = exp(-rate*since_last) * (1 - q^given) / (1 - q), q = exp(-rate*every)
    q_term = -np.expm1(-rate * every)
    geometric = np.where(given > 0, -np.expm1(-rate * every * given) / q_term, 0.0)
    sum_exp = np.exp(-rate * since_last) * geometric
    return given, np.where(given > 0, sum_since, 0.0), sum_exp


def _cumulative(component, x, start, every, n_doses, order):
    """Sum over doses of the first (order=1) or second (order=2) time integral of the unit-dose profile."""
    total = 0.0
    for rate, sign in ((component.kel, 1.0), (component.ka, -1.0)):
        given, sum_since, sum_exp = _dose_count_and_sums(x, start, every, n_doses, rate)
        first = (given - sum_exp) / rate                 # sum of (1 - exp(-r d)) / r
        term = first if order == 1 else (sum_since - first) / rate
        total = total + sign * term
    return component.amplitude * total


def interval_means(course, component, edges, days):
    """Mean concentration of one component over each interval between consecutive ``edges``."""
    every = course.every_days
    stop = days + every if course.stop_day is None else course.stop_day
    n_doses = max(0, math.ceil((stop - course.start_day) / every - 1e-12))
    if n_doses == 0 or course.dose == 0:
        return np.zeros(len(edges) - 1)
    if course.continuous:   # each dose spread evenly over its interval: a bolus train minus a shifted one
        c2 = lambda s: _cumulative(component, edges, s, every, n_doses, order=2)
        area = (c2(course.start_day) - c2(course.start_day + every)) / every
    else:
        area = _cumulative(component, edges, course.start_day, every, n_doses, order=1)
    return np.maximum(course.dose * np.diff(area) / np.diff(edges), 0.0)


def point_values(course, component, times, days):
    """Concentration of one component at each time (what a blood draw at that moment would show)."""
    every = course.every_days
    stop = days + every if course.stop_day is None else course.stop_day
    n_doses = max(0, math.ceil((stop - course.start_day) / every - 1e-12))
    if n_doses == 0 or course.dose == 0:
        return np.zeros(len(times))
    if course.continuous:
        c1 = lambda s: _cumulative(component, times, s, every, n_doses, order=1)
        return np.maximum(course.dose * (c1(course.start_day) - c1(course.start_day + every)) / every, 0.0)
    conc = 0.0
    for rate, sign in ((component.kel, 1.0), (component.ka, -1.0)):
        conc = conc + sign * _dose_count_and_sums(times, course.start_day, every, n_doses, rate)[2]
    return np.maximum(course.dose * component.amplitude * conc, 0.0)


PROFILES_KEPT = 512       # a course's profile is ~3k floats: a few MB at most


_PROFILES: dict = {}


def _kept(compute, *key):
    """compute()'s arrays, computed once per key (the course, the components or drug parameters it reads,
    the grid and the run's length) and kept read-only: a page that reruns a regimen (another man, a cohort,
    another course beside it) does not recompute what did not change. A key holds the Component itself, so
    its PK parameters are part of it; the grid is keyed by its bytes."""
    if key not in _PROFILES:
        if len(_PROFILES) >= PROFILES_KEPT:
            _PROFILES.clear()
        arrays = compute()
        for a in arrays if isinstance(arrays, tuple) else (arrays,):
            a.flags.writeable = False
        _PROFILES[key] = arrays
    return _PROFILES[key]


def _concentrations(course, component, grid, days, at_points):
    """One component's concentration over each interval (or at each point) of the grid, kept (_kept)."""
    compute = point_values if at_points else interval_means
    return _kept(lambda: compute(course, component, grid, days), course, component, grid.tobytes(), days,
                 at_points)


def _active_share(course, grid, days, at_points):
    """Share of each interval (or 0/1 at each point) during which the course is being given."""
    stop = days + course.every_days if course.stop_day is None else course.stop_day
    n_doses = max(0, math.ceil((stop - course.start_day) / course.every_days - 1e-12))
    end = course.start_day + n_doses * course.every_days
    if at_points:
        return ((grid >= course.start_day) & (grid < end)).astype(float)
    lo, hi = np.maximum(grid[:-1], course.start_day), np.minimum(grid[1:], end)
    return np.clip(hi - lo, 0, None) / np.diff(grid)


def _free_T(total, d):
    """Free serum T (nmol/L) at a total T (nmol/L): SHBG's saturable sites and albumin's linear binding
    (Vermeulen 1999), solved in closed form."""
    N, S, Kd = d["albumin_bound_per_free"], d["shbg_binding_sites"], d["shbg_Kd"]
    b = N * Kd + S - total
    return (-b + math.sqrt(b * b + 4.0 * N * total * Kd)) / (2.0 * N)


def saturated_T(linear, d):
    """Serum T (ng/dL) from testosterone whose linear superposition (one clearance) gives ``linear``.

    The clearance of total T follows the T that SHBG does not hold, so a steady input sets the free T
    (input = clearance x free T) and the total is what binds around it. Up to testosterone_linear_up_to the
    linear clearance holds (it was fitted there, and a man's own T fills the serum beside a small dose);
    above it the free T grows with the input and SHBG, saturated, holds hardly more: total T rises less than
    in proportion (at ~4x a man's own T the clearance is ~1.3x). A static map of the exposure, exact at a
    steady input and applied to the profile point by point."""
    ref = d["testosterone_linear_up_to"]
    free_ref = _free_T(ref / NG_DL_PER_NMOL_L, d)
    N, S, Kd = d["albumin_bound_per_free"], d["shbg_binding_sites"], d["shbg_Kd"]
    free = free_ref * np.asarray(linear, dtype=float) / ref
    saturated = (N * free + S * free / (Kd + free)) * NG_DL_PER_NMOL_L
    return np.where(linear > ref, saturated, linear)


def exposure(regimen, times, days):
    """Concentration of every agent component at each time: {(agent, label): array}. The testosterone
    components share saturated_T's clearance: each keeps its share of the linear sum."""
    out = {}
    for course in regimen.courses:
        agent = AGENTS[course.agent]
        for comp in agent.components:
            key = (course.agent, comp.label)
            out[key] = out.get(key, 0.0) + _concentrations(course, comp, times, days, True)
    testosterone = [key for key in out if _channel(key) == "T_exo"]
    if testosterone:
        linear = sum(out[key] for key in testosterone)
        ratio = saturated_T(linear, _drug_values()) / np.maximum(linear, 1e-300)
        for key in testosterone:
            out[key] = out[key] * ratio
    return out


def _channel(key):
    """The channel of an (agent, component label) key."""
    agent, label = key
    return next(c.channel for c in AGENTS[agent].components if c.label == label)


def _drug_values():
    return {k: p.value for k, p in DRUGS.items()}


def _effect_site(x, rate, spacing, interval_means):
    """First-order effect compartment dy/dt = rate (x - y) on a uniform grid, empty at the start.

    With interval means (the stepper's inputs) x is held over each interval, which is exact for its
    integral: y steps exactly to the end of each interval and the mean of y over it is returned.
    With point values (the reported series) a trapezoidal step is used."""
    if not np.any(x):
        return x
    decay = math.exp(-rate * spacing)
    if not interval_means:
        return lfilter([(1 - decay) / 2, (1 - decay) / 2], [1.0, -decay], x)
    y_start = lfilter([0.0, 1 - decay], [1.0, -decay], x)       # y at the start of each interval
    return x + (y_start - x) * (1 - decay) / (rate * spacing)


def _lh_pulse_kernel(d):
    """One bolus's LH response as a unit-area Bateman profile: a rise over ~15 min and the LH half-life."""
    rise, fall = math.log(2) / d["lh_pulse_rise"], math.log(2) / d["lh_pulse_halflife"]
    return Component("LH pulse", rise, fall, 1.0)


def pulse_size(dose, d):
    """Area of one bolus's LH pulse (day x healthy drive): the pulse saturates with the dose, and a pump
    giving the reference dose every 90 minutes averages exactly the healthy drive (1.0)."""
    size = lambda x: x / (x + d["gonadorelin_pulse_D50"])
    return d["gonadorelin_reference_every"] * size(dose) / size(d["gonadorelin_reference_dose"])


def gnrh_signal_scale(course, d):
    """Relative GnRH signal per ug/L of plasma gonadorelin for one course: the reference pump gives a mean
    of 1, and the signal saturates in the dose as the LH pulse does (pulse_size). Both engines use it."""
    pulse_dose = course.dose * d["gonadorelin_reference_every"] / course.every_days if course.continuous \
        else course.dose
    if pulse_dose <= 0:
        return 0.0
    return d["gonadorelin_CL"] * pulse_size(pulse_dose, d) / pulse_dose


def desensitising_signal(course, d):
    """GnRH signal that never leaves the blood long enough for the receptors to recover: the lowest signal
    over the trailing recovery window W, averaged over a dosing interval once the schedule has reached its
    steady pattern (1 = a pump's mean). The pulse mode reads the same minimum off its minute grid.

    A continuous infusion is all of its signal. Boluses closer than W leave their trough (the level just
    before the next dose) at all times; boluses further apart leave the trough for the first W after each
    dose and then the falling tail itself, so a single test dose leaves next to nothing. The train is
    summed in closed form."""
    component = AGENTS[course.agent].components[0]
    scale = gnrh_signal_scale(course, d)
    if course.continuous:
        return scale * course.dose / course.every_days / component.CL
    tau, window = course.every_days, d["pulse_recovery_window"] / 1440.0
    trough = tail = 0.0
    for rate, sign in ((component.kel, 1.0), (component.ka, -1.0)):
        train = sign / -math.expm1(-rate * tau)          # every earlier dose's share, summed
        trough += train * math.exp(-rate * tau)
        if tau > window:
            tail += train * (math.exp(-rate * window) - math.exp(-rate * tau)) / rate
    level = trough if tau <= window else (window * trough + tail) / tau
    return max(scale * course.dose * component.amplitude * level, 0.0)


def _gnrh(course, grid, days, at_points, d):
    """A GnRH course: what never leaves the blood between close pulses (or an infusion) flares and then
    desensitises (gnrh_continuous); each bolus is one LH pulse of a few hours, and a pump's pulses merge into a
    steady drive (gnrh_pulse). Returns the two signals."""
    continuous = desensitising_signal(course, d) * _active_share(course, grid, days, at_points)
    if course.continuous:
        return continuous, np.zeros_like(continuous)
    unit = replace(course, dose=1.0)
    if at_points:   # a reported point shows the pulses' mean over the half-step around it (T and the
        half = (grid[1] - grid[0]) / 2 if len(grid) > 1 else 0.5   # germ cells integrate LH pulses)
        pulses = interval_means(unit, _lh_pulse_kernel(d), np.r_[grid - half, grid[-1] + half], days)
    else:
        pulses = interval_means(unit, _lh_pulse_kernel(d), grid, days)
    return continuous, pulse_size(course.dose, d) * pulses


def effects(regimen, grid, days, at_points=False):
    """Drug effect signals that the physiology reads: means over the intervals between the points of
    ``grid`` (for the stepper), or values at the points (``at_points``, for the reported series).

    T_exo: exogenous serum T (ng/dL; its clearance rises as SHBG saturates, saturated_T); ER_block: net blockade of central oestrogen receptors (0-1);
    aromatase_inhibition (0-1); hcg_LH: LH-equivalent stimulation of Leydig cells (IU/L; saturating at
    hcg_LH_max);
    gnrh_pulse: LH-releasing drive of gonadorelin boluses (1.0 = a healthy hypothalamus's mean);
    gnrh_continuous: GnRH-receptor exposure that never leaves the blood (desensitising_signal; 1.0 = a
    pump's amount given evenly), which flares LH and then desensitises the gonadotropes; androgen_exo: a
    non-aromatisable androgen (DHT) as the serum T (ng/dL) with the same androgen-receptor action (it is
    neither aromatised nor counted as T).

    Each component acts through the channel its agent declares (agents.CHANNELS), scaled by its potency:
    no agent is named here."""
    d = _drug_values()
    n = len(grid) if at_points else len(grid) - 1
    out = {name: np.zeros(n) for name in EFFECTS}
    # Receptor and enzyme occupancy (concentration x potency = concentration / Ki), summed over agents:
    # the occupancy of every occupant, and the part of it that blocks (weighted by efficacy).
    occupancy = {"ER": np.zeros(n), "aromatase": np.zeros(n)}
    er_blocking = np.zeros(n)
    for course in regimen.courses:
        components = AGENTS[course.agent].components
        if components[0].channel == "gnrh":
            continuous, pulses = _kept(lambda: _gnrh(course, grid, days, at_points, d), course, components[0],
                                       tuple(d.items()), grid.tobytes(), days, at_points)
            out["gnrh_continuous"] += continuous
            out["gnrh_pulse"] += pulses
            continue
        for comp in components:
            signal = comp.potency * _concentrations(course, comp, grid, days, at_points)
            if comp.channel in occupancy:
                occupancy[comp.channel] += signal
                if comp.channel == "ER":
                    er_blocking += comp.efficacy * signal
            else:
                out[comp.channel] += signal
    out["T_exo"] = saturated_T(out["T_exo"], d)
    # hCG's LH-equivalent stimulation saturates: the Leydig cells' response to hCG levels off at modest serum
    # levels (a second or a 5-8x larger dose adds little at once), well before LH's own curve would
    top = d["hcg_LH_max"]
    out["hcg_LH"] = top * out["hcg_LH"] / (top + out["hcg_LH"])
    # SERMs act at a slow effect site: the receptors follow the plasma level with a lag (a linear filter, so
    # the sums can be filtered as well as each term).
    spacing = float(grid[1] - grid[0]) if len(grid) > 1 else 1.0
    k_e = math.log(2) / d["serm_effect_halflife"]
    er_occupied = _effect_site(occupancy["ER"], k_e, spacing, not at_points)
    er_blocking = _effect_site(er_blocking, k_e, spacing, not at_points)
    # Competitive occupancy of the same receptors; a partial agonist (zuclomiphene) blocks less. Every SERM is
    # itself a partial agonist, so even full occupancy blocks at most serm_max_block.
    out["ER_block"] = d["serm_max_block"] * er_blocking / (1.0 + er_occupied)
    ai = occupancy["aromatase"]
    out["aromatase_inhibition"] = d["anastrozole_Imax"] * ai / (1.0 + ai)
    return out

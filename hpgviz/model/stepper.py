"""One step of the slow states (step, for every path: compiled, Python floats, numpy), and the cohort
resolution's run over steps (run_coarse, compiled), which takes a step of a reported interval where GnRH's
course is straight. The runs at the full resolution and the reported series are engine.py's."""
from __future__ import annotations

import numpy as np

from . import axis, jit, states
from .jit import any_true, choose, jitable, kernel, phi1, toward


# The cohort resolution (engine.simulate(..., resolution="cohort")): a step of dt wherever GnRH's course is
# straight (_run_man_coarse keeps a step whose GnRH lands within GNRH_BEND ln units of the line through the last
# two points, else retakes it in steps of at most engine.MAX_STEP), and the reported hormones and the sperm
# filter at the reported points only (no finer grid). dt is at most 2 days (as for every run): the reported
# points then fall on every phase of a weekly injection within two weeks, which the ~64-day sperm pipeline
# averages over.
GNRH_BEND = 0.25


@jitable
def moving(target, s, half_gain, drug):
    """Which men have a state in the T loop that moves by more than 1e-4 (a 0.01 % change of its output)
    within half a step? The reserve and the flare count only while gonadorelin is given. A bool for one
    man, a mask for a cohort (each man decides for himself, so a man's run never depends on his cohort).
    (Unrolled: this runs every step.)"""
    dp, dl, st = axis.PITUITARY_DESENSITISATION, axis.LEYDIG_DESENSITISATION, axis.STEROIDOGENESIS
    moves = ((abs((target[dp] - s[dp]) * half_gain[dp]) > 1e-4)
             | (abs((target[dl] - s[dl]) * half_gain[dl]) > 1e-4)
             | (abs((target[st] - s[st]) * half_gain[st]) > 1e-4))
    if any_true(drug[axis.D_PULSE] != 0) or any_true(drug[axis.D_CONTINUOUS] != 0):
        rs, fl = axis.RESERVE, axis.FLARE
        moves = (moves | (abs((target[rs] - s[rs]) * half_gain[rs]) > 1e-4)
                 | (abs((target[fl] - s[fl]) * half_gain[fl]) > 1e-4))
    return moves


@jitable
def step(P, gain, half_gain, gnrh_on, dt, u, u_prev, s, drug, f, f_mid, target, target_mid, mid):
    """One step of the slow states. The fast hormones are computed with GnRH extrapolated to the middle
    of the step from the previous step (and, where a state in the T loop moves, that state halfway along
    its decay); GnRH then moves by an exponential step with its local slope (exact for its linearisation),
    and every other state moves exactly along its own decay towards its target: second order overall
    (tests/model/test_reference.py bounds the error). A state switched off stays where it is.
    For one man (floats and lists, or a compiled kernel's rows) or for men along the arrays' last axis
    (numpy); f, f_mid, target, target_mid and mid are work space. Returns the new GnRH state and the new slow
    states, written into s (the caller's own copy)."""
    u_mid = 1.5 * u - 0.5 * u_prev
    f = axis.fast(P, u_mid, s, drug, f)
    target = axis.targets(P, f, s, target, False)
    # When a state inside the T loop moves within the step (desensitisation, the Leydig cells' induced
    # enzymes; the reserve and flare while gonadorelin is given), the hormones are taken again halfway
    # along its decay: second order there too. Elsewhere one evaluation is exact enough.
    moves = moving(target, s, half_gain, drug)
    if any_true(moves):
        mid = toward(s, target, half_gain, mid)
        f_mid = axis.fast(P, u_mid, mid, drug, f_mid)
        target_mid = axis.targets(P, f_mid, mid, target_mid, False)
        # only the men whose states move take the midpoint (what gnrh_rate reads, and the targets)
        f = choose(moves, f_mid, f)
        target = choose(moves, target_mid, target)
    new = toward(s, target, gain, s)
    if gnrh_on:
        rate, slope = axis.gnrh_rate(P, u_mid, f)
        # the rate at the step's start, from the one at the middle and the local slope (second order)
        u = u + dt * phi1(slope * dt) * (rate + slope * (u - u_mid))
    return u, new


@jitable
def _run_man_coarse(P, gains, gnrh_on, dt, sub, drugs, sub_drugs, u0, s0, bend, u_out, s_out):
    """One man's run in the cohort resolution: a step of dt (a reported interval) wherever GnRH's course is
    straight, else that interval again in `sub` steps of dt / sub. GnRH is the controller that turns stiff
    when androgen is lost (its gain grows with the deficit: within days of a stop it climbs ~8 ln units), and
    there a step of a day or more overshoots; a step is kept when its GnRH lands within `bend` (ln units) of
    the straight line through the last two points. gains: (gain, half_gain) of the coarse step, then of the
    sub-step (4, states); drugs (intervals, effects) and sub_drugs (sub-intervals, effects): the means."""
    f, f_mid = np.empty(len(axis.FIELDS)), np.empty(len(axis.FIELDS))
    target, target_mid, mid = np.empty(len(s0)), np.empty(len(s0)), np.empty(len(s0))
    trial = np.empty(len(s0))
    h = dt / sub
    u, s, pace = u0, s0.copy(), 0.0            # pace: GnRH's du/dt over the last step taken
    u_out[0] = u
    s_out[:, 0] = s
    for k in range(len(u_out) - 1):
        trial[:] = s
        u_new, trial = step(P, gains[0], gains[1], gnrh_on, dt, u, u - pace * dt, trial, drugs[k], f, f_mid,
                            target, target_mid, mid)
        if abs(u_new - u - pace * dt) <= bend:
            pace, u = (u_new - u) / dt, u_new
            s[:] = trial
        else:
            for j in range(sub):
                u_new, s = step(P, gains[2], gains[3], gnrh_on, h, u, u - pace * h, s, sub_drugs[k * sub + j], f,
                                f_mid, target, target_mid, mid)
                pace, u = (u_new - u) / h, u_new
        u_out[k + 1] = u
        s_out[:, k + 1] = s


@kernel
def _run_men_coarse(P, gains, gnrh_on, dt, sub, drugs, sub_drugs, u0, s0, bend, u_out, s_out, lo, hi):
    """Men lo..hi-1's runs in the cohort resolution (_run_man_coarse): gains (men, 4, states), the rest as
    _run_men."""
    for i in range(lo, hi):
        _run_man_coarse(P[i], gains[i], gnrh_on, dt, sub, drugs, sub_drugs, u0[i], s0[i], bend, u_out[i], s_out[i])


def run_coarse(P, gains, gnrh_on, dt, sub, drugs, sub_drugs, u0, s0, nt):
    """The cohort resolution's stepper (compiled only): the men's GnRH (men, points) and slow states (states,
    men, points) at the nt reported points, dt apart. P, s0 and gains (4, states, men) have a column a man."""
    n = len(u0)
    u_out, s_out = np.empty((n, nt)), np.empty((n, len(states.RELAXING), nt))
    P, s0 = np.ascontiguousarray(P.T), np.ascontiguousarray(s0.T)
    gains = np.ascontiguousarray(np.transpose(gains, (2, 0, 1)))
    jit.in_threads(lambda lo, hi: _run_men_coarse(P, gains, gnrh_on, dt, sub, drugs, sub_drugs, u0, s0, GNRH_BEND,
                                                  u_out, s_out, lo, hi), n)
    return u_out, s_out.transpose(1, 0, 2)


def warm_up(P, drugs):
    """Compile the cohort resolution's kernel (or load it) with the argument types run_coarse passes (P: one
    man's bound parameters as a row, drugs: read-only rows of drug inputs)."""
    n_states = len(states.RELAXING)
    _run_men_coarse(P, np.zeros((1, 4, n_states)), True, 2.0, 4, drugs, drugs, np.zeros(1), np.ones((1, n_states)),
                    GNRH_BEND, np.empty((1, 1)), np.empty((1, n_states, 1)), 0, 1)

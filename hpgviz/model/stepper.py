"""One step of the slow states (step) and the run over steps (run_steps), which retakes a step in finer steps
where GnRH's course bends: for every path (compiled: run_compiled; Python floats: run_scalar; numpy:
run_numpy) and both resolutions (the default's half days, the cohort resolution's reported intervals). The
reported series are engine.py's."""
from __future__ import annotations

import numpy as np

from . import axis, jit, states
from .jit import all_true, any_true, choose, jitable, kernel, phi1, toward


# The cohort resolution (engine.simulate(..., resolution="cohort")): a step of dt wherever GnRH's course is
# straight (run_steps keeps a step whose GnRH lands within GNRH_BEND ln units of the line through the last
# two points, else retakes it in steps of at most engine.MAX_STEP), and the reported hormones at the reported
# points only (no finer grid), the sperm filter's input at every other one (engine._assemble). dt is at most 2 days (as for every run): the reported
# points then fall on every phase of a weekly injection within two weeks, which the ~64-day sperm pipeline
# averages over.
GNRH_BEND = 0.25
# The default resolution: steps of half a day (engine.MAX_STEP), each retaken in SPLIT steps where its GnRH lands
# more than STEP_BEND ln units off the straight line through the last two points. After an abrupt fall of
# androgen (a stop, the end of hCG) the release's gain is large and GnRH climbs ~1.6 ln units in half a day;
# half-day steps lagged it (LH 6 % low at quarter-day steps' points after TC stops, 6-24 % below LSODA after TRT
# with hCG stops) and overshot it (GnRH swinging 0.7 ln units from step to step). Split in 4 the worst is 0.3 %
# and 0.8 %. A year of TC then its stop splits 81 of 1,460 steps (~70 in the month-long stiff rebound after the
# stop, where half-day steps swung), TE then hCG + clomiphene 35; split in 2 the peak of the climb came 17 % low.
SPLIT = 4
STEP_BEND = 0.05


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


# At the default resolution, where the slow states are steady (an untreated or recovered stretch, the slow tail
# of a course's depot), two steps are taken as one of twice the length (issue 17, round 14): at an even step k
# (so that a numpy cohort's men stay in step), when the last step moved GnRH by at most STEADY ln units and every
# other slow state by at most STEADY of itself (or of 1, the untreated scale of most states), and the drug inputs'
# means over the two steps agree within STEADY of themselves (or of 1: ng/dL of T, IU/L of hCG, occupancies).
# The doubled step is kept where its GnRH lands within the bend of the line through the last two points (else
# the two steps are taken, as everywhere); the point between is on the straight line between its ends. Against
# every step taken the series move by <= 0.3 % (20 men, TRT then stop; tests/model/test_model.py).
STEADY = 0.01


@jitable
def steady(u_out, s_out, k, bound):
    """Which men's step k-1 (u_out (steps,), s_out (states, steps), or men along a last axis) moved GnRH by at
    most bound ln units and every other slow state by at most bound of itself (or of 1): a bool for one man, a
    mask for a cohort."""
    quiet = abs(u_out[k] - u_out[k - 1]) <= bound
    for q in range(len(s_out)):
        if not any_true(quiet):
            return quiet
        a, b = s_out[q, k - 1], s_out[q, k]
        quiet = quiet & (abs(b - a) <= bound * jit.maximum(jit.maximum(abs(a), abs(b)), 1.0))
    return quiet


@jitable
def _drugs_steady(a, b, bound):
    """Whether two steps' drug means (rows, the same for every man) agree within bound of themselves (or of 1)."""
    for e in range(len(a)):
        if abs(a[e] - b[e]) > bound * jit.maximum(jit.maximum(abs(a[e]), abs(b[e])), 1.0):
            return False
    return True


@jitable
def _mean_of(a, b, out):
    """The mean of two rows, element by element, written into out."""
    for e in range(len(a)):
        out[e] = 0.5 * (a[e] + b[e])
    return out


@jitable
def run_steps(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, u_out, s_out, work):
    """A run over steps of dt, each retaken in `split` steps of dt / split where GnRH's course bends. GnRH is
    the controller that turns stiff when androgen is lost (its release gain grows with the deficit: within
    days of a stop it climbs ~8 ln units), and there a long step lags or overshoots it; a step is kept when its
    GnRH lands within `bend` (ln units) of the straight line through the last two points. Where the states are
    steady (`steady`, bound `calm`; 0: never) two steps are taken as one (STEADY). For one man (floats and lists,
    or a compiled kernel's rows) or for men along the arrays' last axis (numpy: each man decides for himself, so
    a man's run never depends on his cohort).
    gains: (gain, half_gain) of the step, then of the split step, then the gain of two steps (5, states); drugs
    (steps, effects) and sub_drugs (split steps, effects): the means over their intervals. Out: u_out (steps,),
    s_out (states, steps); work: the step's work space (f, f_mid, target, target_mid, mid), two copies of the
    states and the drug means over two steps."""
    f, f_mid, target, target_mid, mid, trial, twice, pair = work
    h = dt / split
    u, u_prev, s = u0, u0, s0.copy()
    u_out[0] = u
    s_out[:, 0] = s
    last = len(u_out) - 1
    k = 0
    while k < last:
        steps, kept = 1, False        # the steps taken one by one here; the men whose two steps are one
        if calm > 0.0 and k % 2 == 0 and 2 <= k <= last - 2 and _drugs_steady(drugs[k], drugs[k + 1], calm):
            kept = steady(u_out, s_out, k, calm)
        if any_true(kept):
            # two steps as one: GnRH's midpoint extrapolated from the last step taken (step reads it from u_prev)
            twice[:] = s
            u_two, twice = step(P, gains[4], gains[0], gnrh_on, 2.0 * dt, u, 2.0 * u_prev - u, twice,
                                _mean_of(drugs[k], drugs[k + 1], pair), f, f_mid, target, target_mid, mid)
            kept = kept & (abs(u_two - 3.0 * u + 2.0 * u_prev) <= bend)
            u_half = 0.5 * (u + u_two)
            steps = 0 if all_true(kept) else 2      # the men not steady, or whose doubled step bends: two steps
        for j in range(steps):
            trial[:] = s
            u_new, trial = step(P, gains[0], gains[1], gnrh_on, dt, u, u_prev, trial, drugs[k + j], f, f_mid, target,
                                target_mid, mid)
            bends = abs(u_new - 2.0 * u + u_prev) > bend
            if any_true(bends):
                pace, v = (u - u_prev) / dt, u            # GnRH's du/dt over the last step taken
                for i in range(split):
                    v_new, s = step(P, gains[2], gains[3], gnrh_on, h, v, v - pace * h, s,
                                    sub_drugs[(k + j) * split + i], f, f_mid, target, target_mid, mid)
                    pace, v = (v_new - v) / h, v_new
                s = choose(bends, s, trial)
                u_prev, u = choose(bends, v - pace * dt, u), choose(bends, v, u_new)
            else:
                s, trial = trial, s
                u_prev, u = u, u_new
            u_out[k + j + 1] = u
            s_out[:, k + j + 1] = s
        if steps != 1:            # where the two steps are one: its end, and the point between on the line
            u_out[k + 1] = choose(kept, u_half, u_out[k + 1])
            s_out[:, k + 1] = choose(kept, _mean_of(s_out[:, k], twice, mid), s_out[:, k + 1])
            u_out[k + 2] = choose(kept, u_two, u_out[k + 2])
            s_out[:, k + 2] = choose(kept, twice, s_out[:, k + 2])
            u_prev, u = choose(kept, u_half, u_prev), choose(kept, u_two, u)
            s[:] = choose(kept, twice, s)
            k += 2
        else:
            k += 1


@kernel
def _run_men(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, u_out, s_out, lo, hi):
    """Men lo..hi-1's runs (run_steps): P (men, params), gains (men, 5, states), drugs and sub_drugs (intervals,
    effects), s0 (men, states), u_out (men, steps), s_out (men, states, steps): each state's series contiguous,
    so a cohort's are copied out row by row."""
    n_fields, n_states = len(axis.FIELDS), s0.shape[1]
    work = (np.empty(n_fields), np.empty(n_fields), np.empty(n_states), np.empty(n_states), np.empty(n_states),
            np.empty(n_states), np.empty(n_states), np.empty(drugs.shape[1]))
    for i in range(lo, hi):
        run_steps(P[i], gains[i], gnrh_on, dt, split, drugs, sub_drugs, u0[i], s0[i], bend, calm, u_out[i], s_out[i],
                  work)


def run_compiled(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, nt, out=None):
    """The compiled stepper: the men's GnRH (men, steps) and slow states (states, men, steps) over nt steps,
    one loop over the steps per man, the men shared among the cores. P, s0 and gains (5, states, men) have a
    column a man. ``out``: the arrays to write into, GnRH (men, steps) and the states (men, states, steps), both
    C-contiguous (the Result's own arrays: no copy afterwards)."""
    n = len(u0)
    u_out, s_out = out if out is not None else (np.empty((n, nt)), np.empty((n, len(states.RELAXING), nt)))
    P, s0 = np.ascontiguousarray(P.T), np.ascontiguousarray(s0.T)
    gains = np.ascontiguousarray(np.transpose(gains, (2, 0, 1)))
    jit.in_threads(lambda lo, hi: _run_men(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm,
                                           u_out, s_out, lo, hi), n)
    return u_out, s_out.transpose(1, 0, 2)


def run_scalar(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, nt):
    """One man without Numba: run_steps on Python floats and lists (~20x faster than numpy on 1-element
    arrays)."""
    n_states = len(s0)
    work = (([0.0] * len(axis.FIELDS), [0.0] * len(axis.FIELDS)) + tuple([0.0] * n_states for _ in range(5))
            + ([0.0] * drugs.shape[1],))
    u_out, s_out = np.empty(nt), np.empty((n_states, nt))
    run_steps(P[:, 0].tolist(), gains[:, :, 0].tolist(), gnrh_on, dt, split, drugs.tolist(), sub_drugs.tolist(),
              float(u0[0]), s0[:, 0].tolist(), bend, calm, u_out, s_out, work)
    return u_out[None, :], s_out[:, None, :]


def run_numpy(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, nt):
    """The same on numpy arrays, every man at once (a cohort where Numba is missing)."""
    n = len(u0)
    u_out, s_out = np.empty((nt, n)), np.empty((len(s0), nt, n))
    run_steps(P, gains, gnrh_on, dt, split, drugs, sub_drugs, u0, s0, bend, calm, u_out, s_out,
              tuple(np.empty((size, n)) for size in [len(axis.FIELDS)] * 2 + [len(s0)] * 5) + (np.empty(drugs.shape[1]),))
    return u_out.T, s_out.transpose(0, 2, 1)


def warm_up(P, drugs):
    """Compile the stepper's kernel (or load it) with the argument types run_compiled passes (P: one man's
    bound parameters as a row, drugs: read-only rows of drug inputs)."""
    n_states = len(states.RELAXING)
    _run_men(P, np.zeros((1, 5, n_states)), True, 2.0, 4, drugs, drugs, np.zeros(1), np.ones((1, n_states)),
             GNRH_BEND, STEADY, np.empty((1, 1)), np.empty((1, n_states, 1)), 0, 1)

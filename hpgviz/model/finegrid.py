"""The reported hormones on the fine grid (OUTPUT_REFINE points a step, engine.py): the fast hormones at each point
from GnRH and the slow states interpolated between the steps, and the germ-cell and androgen support the sperm filter
reads; compiled (one kernel, the men shared among the cores) or on numpy arrays, with the same quiet-step shortcut."""
from __future__ import annotations

import numpy as np

from . import axis, jit
from .jit import jitable, kernel

FINE_SERIES = ("T", "LH", "FSH", "E2", "ITT", "inhibin_B", "testis_volume", "GnRH", "T_endogenous",
               "androgen_support", "germ_cell_support")
# The series reported at the steps' points, and the two the sperm pipeline reads at every fine point: the
# rows of axis.FIELDS they come from ("germ_cell_support" is computed beside them, last).
REPORTED = FINE_SERIES[:-2]
FINE_FIELDS = np.array([axis.FIELDS.index(name) for name in FINE_SERIES if name != "germ_cell_support"])


def fill_between(a):
    """Every odd point of a (men, points) on the straight line between its two neighbours (the last kept)."""
    n = a.shape[1]
    a[:, 1:n - 1:2] = between(a[:, 0:n - 2:2], a[:, 2:n:2], 0.5)


@jitable
def fine_point(P, u, s, drug, f, out):
    """The reported hormones at one point (FINE_SERIES order): the fast hormones and the germ-cell support."""
    f = axis.fast(P, u, s, drug, f)
    for k in range(len(FINE_FIELDS)):
        out[k] = f[FINE_FIELDS[k]]
    out[len(FINE_FIELDS)] = axis.germ_cell_input(P, f, s)


# A step's points between its ends (the fine grid's midpoints) feed the sperm filter only. Where nothing moves
# within the step they are taken on the straight line between its ends instead of from the equations (~0.2 us a
# point): when GnRH moves by at most STILL_GNRH ln units, every other slow state by at most STILL_STATE of itself
# (or of 1), and every drug input at the point lies within STILL_DRUG of itself off the line between its values at
# the ends. The slow states are on that line at those points anyway, so the line misses only the equations' own
# curvature over a small move (issue 17, round 14: 85-89 % of the half-day steps quiet over 2 years of TRT then
# stop, TE then hCG + clomiphene, TRT with anastrozole; the sperm count within 2e-4 of every point computed, the
# other series unchanged; tests/model/test_model.py). Where a drug input bends (an injection's rise) or GnRH climbs,
# the points are computed.
STILL_GNRH, STILL_STATE, STILL_DRUG = 0.05, 0.02, 0.01


@jitable
def gnrh_still(u0, u1):
    """Whether GnRH stays still over a step (see STILL_GNRH): floats, or arrays element by element."""
    return abs(u1 - u0) <= STILL_GNRH


@jitable
def state_still(x0, x1):
    """Whether a slow state stays still over a step: by at most STILL_STATE of itself, or of 1 (the untreated
    scale of most states) when it is smaller (a state near 0, such as the Leydig cells' induced enzymes while LH
    is suppressed, moves by a large share of nothing)."""
    return abs(x1 - x0) <= STILL_STATE * jit.maximum(jit.maximum(abs(x0), abs(x1)), 1.0)


@jitable
def drug_still(d0, d, d1, share):
    """Whether a drug input d at a point a share of the way along a step lies on the line between its values
    d0, d1 at the step's ends, within STILL_DRUG of itself."""
    return abs(d - between(d0, d1, share)) <= STILL_DRUG * abs(d)


@kernel
def fine_men(P, u_steps, s_steps, drug, refine, picked, hormones, support, androgen, every, lo, hi):
    """The reported hormones of men lo..hi-1 at every fine point, GnRH and the slow states interpolated
    between the steps as refine_grid does: P (men, params), u_steps (men, steps), s_steps (men, states, steps),
    drug (points, effects), picked: the rows of REPORTED wanted. Out: hormones (men, picked, steps) at the
    steps' points; the germ-cell and androgen support (men, points) at every point (every `every`-th point and
    the last: the others are left as they are), a quiet step's points between its ends on the line (`_quiet_step`)."""
    n_states, n_steps = s_steps.shape[1], s_steps.shape[2]
    f, s, out = np.empty(len(axis.FIELDS)), np.empty(n_states), np.empty(len(FINE_SERIES))
    last_point = support.shape[1] - 1
    for i in range(lo, hi):
        quiet = False
        for j in range(0, last_point + every, every):
            j = min(j, last_point)
            k = j // refine
            share = (j % refine) / refine
            last = k == n_steps - 1
            if j % refine == 1:                # a step's first point between its ends
                quiet = _quiet_step(u_steps, s_steps, drug, i, k, refine)
            if share != 0.0 and quiet:
                continue
            for q in range(n_states):
                s[q] = s_steps[i, q, k] if last else between(s_steps[i, q, k], s_steps[i, q, k + 1], share)
            u = u_steps[i, k] if last else between(u_steps[i, k], u_steps[i, k + 1], share)
            fine_point(P[i], u, s, drug[j], f, out)
            if j % refine == 0:
                for r in range(len(picked)):
                    hormones[i, r, k] = out[picked[r]]
            androgen[i, j] = out[len(REPORTED)]
            support[i, j] = out[len(REPORTED) + 1]
            if share == 0.0 and quiet:         # the quiet step just ended: its points between on the line
                _fill_step(support[i], j - refine, refine)
                _fill_step(androgen[i], j - refine, refine)
                quiet = False


@jitable
def _quiet_step(u, s, drug, i, k, refine):
    """Whether man i's step k is quiet at all its points between its ends (u (men, steps), s (men, states,
    steps), drug (points, effects)): the cheapest and likeliest test first, each element read in place."""
    if not gnrh_still(u[i, k], u[i, k + 1]):
        return False
    a, b = k * refine, (k + 1) * refine
    for r in range(1, refine):
        for e in range(drug.shape[1]):
            if not drug_still(drug[a, e], drug[a + r, e], drug[b, e], r / refine):
                return False
    for q in range(s.shape[1]):
        if not state_still(s[i, q, k], s[i, q, k + 1]):
            return False
    return True


@jitable
def _fill_step(row, start, refine):
    """A step's points between its ends (a row's points start and start + refine) on the line between them."""
    for r in range(1, refine):
        row[start + r] = between(row[start], row[start + refine], r / refine)


def hormones_compiled(P, u_steps, state_hist, drug, refine, picked, hormones, every):
    """fine_men over the men, shared among the cores: the picked hormones written into hormones (men, picked,
    steps); returns the germ-cell and androgen support (men, points), computed at every `every`-th point and the
    last (the others left unset). state_hist (states, men, steps) is read as it lies when it is a view of the
    stepper's own (men, states, steps) arrays."""
    n = state_hist.shape[1]
    support, androgen = np.empty((n, len(drug))), np.empty((n, len(drug)))
    P, u_steps, s_steps = (np.ascontiguousarray(a) for a in (P.T, u_steps, state_hist.transpose(1, 0, 2)))
    jit.in_threads(lambda lo, hi: fine_men(P, u_steps, s_steps, drug, refine, picked, hormones, support, androgen,
                                            every, lo, hi), n)
    return support, androgen


ASSEMBLE_BLOCK = 256      # grid points per block when the reported hormones are computed on numpy arrays


def hormones_numpy(P, u_steps, state_hist, drug, refine, picked, hormones, every):
    """The same on numpy arrays (at every point, whatever `every` says), in blocks of time so each block's
    temporaries stay in the processor's cache (several times faster for a cohort than one pass over the whole
    grid)."""
    u, s = refine_grid(u_steps, refine), refine_grid(state_hist, refine)
    out = np.empty((len(FINE_SERIES),) + u.shape)
    P = P[:, :, None]
    for a in range(0, u.shape[1], ASSEMBLE_BLOCK):
        cols = slice(a, a + ASSEMBLE_BLOCK)
        block = s[:, :, cols]
        f = np.empty((len(axis.FIELDS),) + block.shape[1:])
        fine_point(P, u[:, cols], block, drug[cols].T, f, out[:, :, cols])
    hormones[...] = out[picked][:, :, ::refine].transpose(1, 0, 2)
    support, androgen = out[-1], out[-2]
    _fill_quiet(u_steps, state_hist, drug, refine, support, androgen)
    return support, androgen


def _fill_quiet(u, s, drug, refine, *rows):
    """fine_men's quiet steps on numpy arrays: u (men, steps), s (states, men, steps), drug (points, effects);
    each of rows (men, points) on the line between its steps' ends at a quiet step's points between them."""
    if refine == 1:
        return
    quiet = gnrh_still(u[:, :-1], u[:, 1:]) & np.all(state_still(s[:, :, :-1], s[:, :, 1:]), axis=0)
    for r in range(1, refine):
        quiet &= np.all(drug_still(drug[:-1:refine], drug[r::refine], drug[refine::refine], r / refine), axis=1)
    for row in rows:
        for r in range(1, refine):
            row[:, r::refine] = np.where(quiet, between(row[:, :-1:refine], row[:, refine::refine], r / refine),
                                         row[:, r::refine])


@jitable
def between(a, b, share):
    """The point a share of the way from a to b (linear interpolation)."""
    return a + (b - a) * share


def refine_grid(coarse, k):
    """Linear interpolation of (..., steps) onto the k times finer grid."""
    fine = np.empty(coarse.shape[:-1] + ((coarse.shape[-1] - 1) * k + 1,))
    for j in range(k):
        fine[..., j:-1:k] = between(coarse[..., :-1], coarse[..., 1:], j / k)
    fine[..., -1] = coarse[..., -1]
    return fine

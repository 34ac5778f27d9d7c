"""Spermatogenesis: germ-cell support from intratesticular T and FSH, and the ~64-day pipeline.

Spermatogenesis does not feed back on the hormones here, so the pipeline is computed after the
hormone loop as a linear filter (``sperm_pipeline``).
"""
from __future__ import annotations

import math

import numpy as np
from scipy.signal import lfilter

from . import jit
from .jit import jitable, kernel, power


@jitable
def androgen_support(itt, x50_h, hill):
    """The germ cells' androgen support from intratesticular T (1 = healthy; x50_h = sperm_ITT50 ** hill,
    hill = sperm_ITT_hill). Steep: the few per cent of normal ITT that serum T supplies on TRT, at any
    dose, give almost none."""
    x = power(itt, hill)
    return x * (1.0 + x50_h) / (x50_h + x)


def _chain(w, rate, stages, dt, zi_scale=None):
    """Pass w (patients x time) through `stages` identical first-order stages dy/dt = rate (u - y),
    trapezoidal input, starting at steady state with the first input. Returns output and final states."""
    a = math.exp(-rate * dt)
    b, den = [(1 - a) / 2, (1 - a) / 2], [1.0, -a]
    y, finals = w, []
    for i in range(stages):
        zi = (1 + a) / 2 * y[:, :1] if zi_scale is None else zi_scale[i]     # resting at the first input
        y, zf = lfilter(b, den, y, axis=1, zi=zi)
        finals.append(zf)
    return y, finals


LAMBDA_BLOCK = 600.0     # the filter's input is rescaled by exp(-Lambda) before Lambda reaches this (float range)


def _per_man(value, n):
    """A parameter (a float, or one a man) as a contiguous float array of n."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(value, float).reshape(-1), (n,)))


def sperm_pipeline(support, androgen, dt, p, initial=None, initial_androgen=None):
    """Relative sperm concentration from germ-cell support over time (patients x time).

    Germ cells enter in proportion to support, pass `stages` stages in ~spermatogenesis_days, and
    die at rate loss*(1 - androgen) while androgen support is short (androgen withdrawal kills
    spermatocytes and spermatids); released sperm then pass the epididymis.
    With y = x*exp(Lambda), Lambda the integral of the loss rate, the pipeline becomes a fixed linear
    chain (a filter) on support*exp(Lambda); blocks keep exp(Lambda) within floating-point range.
    The pipeline starts full at the `initial` support and androgen support (patients x 1; default: the
    first sample). Compiled where Numba is (_pipeline_men, each man for himself), else on numpy arrays."""
    if jit.ENABLED:
        return _pipeline_compiled(support, androgen, dt, p, initial, initial_androgen)
    loss = np.asarray(p.germ_cell_loss_rate, dtype=float).reshape(-1, 1) * np.clip(1 - androgen, 0, None)
    Lam = np.concatenate([np.zeros((support.shape[0], 1)),
                          np.cumsum((loss[:, 1:] + loss[:, :-1]) * dt / 2, axis=1)], axis=1)
    stages = _stages(p)
    rate = stages / np.asarray(p.spermatogenesis_days, dtype=float).reshape(-1, 1)
    out = np.empty_like(support)
    start, states = 0, None
    if initial is not None:
        initial = np.broadcast_to(np.asarray(initial, float).reshape(-1, 1), (support.shape[0], 1))
        initial_androgen = np.broadcast_to(np.asarray(initial_androgen, float).reshape(-1, 1), initial.shape)
        loss0 = np.asarray(p.germ_cell_loss_rate, dtype=float).reshape(-1, 1) * np.clip(1 - initial_androgen, 0,
                                                                                        None)
        states, released0 = _resting_chain(initial, loss0, rate, stages, dt)
    while start < support.shape[1]:
        ref = Lam[:, start:start + 1]
        stop = start + max(1, int(np.searchsorted(np.max(Lam - ref, axis=0)[start:], LAMBDA_BLOCK)))
        w = support[:, start:stop] * np.exp(Lam[:, start:stop] - ref)
        y, states = _chain_per_patient(w, rate, stages, dt, states)
        out[:, start:stop] = y * np.exp(ref - Lam[:, start:stop])
        if stop < support.shape[1]:   # carry the chain into the next block, rescaled to its reference
            shift = np.exp(ref - Lam[:, stop:stop + 1])
            states = [s * shift for s in states]
            # the next block restarts its reference at `stop`; states were relative to `start`
        start = stop
    epi_rate = _epididymal_rate(p)
    epi_states = None if initial is None else _resting_chain(released0, 0.0 * released0, epi_rate, 2, dt)[0]
    sperm, _ = _chain_per_patient(out, epi_rate, 2, dt, epi_states)
    return sperm


def _stages(p):
    return int(round(float(np.max(p.spermatogenesis_stages))))


def _epididymal_rate(p):
    """The epididymis as two stages over epididymal_days (per man, (n, 1))."""
    return 2.0 / np.asarray(p.epididymal_days, dtype=float).reshape(-1, 1)


@jitable
def _resting_stage(W, a, r):
    """One stage (trapezoidal step dt, a = exp(-rate dt)) long fed W r^n: its state before sample 0 and its
    output Y at sample 0. y_n = Y r^n with Y = b0 W (r + 1) / (r - a), b0 = (1 - a) / 2; the state is
    (b0 W + a Y) / r."""
    b0 = (1 - a) / 2
    Y = b0 * W * (r + 1) / (r - a)
    return (b0 * W + a * Y) / r, Y


def _resting_chain(u0, loss0, rate, stages, dt):
    """Filter states of a chain that has long rested at input u0 with constant loss loss0 (per patient,
    (n, 1) arrays), and its output then. With constant loss the filter input u0*exp(loss0*t) grows by
    r = exp(loss0*dt) a step, and so does every stage (_resting_stage). Without loss this is the plain
    resting state (1 + a) / 2 * W."""
    a = np.exp(-np.broadcast_to(np.asarray(rate, float).reshape(-1, 1), np.shape(u0)) * dt)
    r = np.exp(loss0 * dt)
    states, W = [], u0
    for _ in range(stages):
        state, W = _resting_stage(W, a, r)
        states.append(state)
    return states, W


def _chain_per_patient(w, rate, stages, dt, states):
    """_chain with a per-patient rate (grouped so identical rates share one vectorised call)."""
    rate = np.broadcast_to(rate, (w.shape[0], 1))
    if np.all(rate == rate[0]):
        return _chain(w, float(rate[0, 0]), stages, dt, states)
    y = np.empty_like(w)
    finals = [np.empty((w.shape[0], 1)) for _ in range(stages)]
    for i in range(w.shape[0]):
        zi = None if states is None else [s[i:i + 1] for s in states]
        yi, fi = _chain(w[i:i + 1], float(rate[i, 0]), stages, dt, zi)
        y[i] = yi[0]
        for k in range(stages):
            finals[k][i] = fi[k][0]
    return y, finals


@jitable
def _through(z, a, x):
    """x through the stages whose states are z (y = b x + z, z = b x + a y, b = (1 - a) / 2: what lfilter
    computes for _chain's coefficients), the states updated in place; returns the last stage's output."""
    b = (1 - a) / 2
    for k in range(len(z)):
        y = z[k] + b * x
        z[k] = b * x + a * y
        x = y
    return x


@jitable
def _fill(z, value, times):
    """z[k] = value, or z[k] = value * times[k] (a loop: Numba compiles it faster than an array expression)."""
    for k in range(len(z)):
        z[k] = value if times is None else value * times[k]


@kernel
def _pipeline_men(support, androgen, dt, loss_rate, a, a_epi, initial, initial_androgen, rest, stages, sperm,
                  lo, hi):
    """sperm_pipeline for men lo..hi-1 (rows of support and androgen, (men, time)), in one pass over time with
    every stage in step: the same chains, started resting at the initial support (or, if `rest`, at the
    first input), and the same rescaling by exp(-Lambda), each man's reference restarting where his Lambda
    has grown by LAMBDA_BLOCK. Per man: loss_rate, a = exp(-rate dt) of the stages and of the epididymis
    (a_epi), initial and initial_androgen. Out: sperm (men, time)."""
    z, z_epi = np.empty(stages), np.empty(2)
    for i in range(lo, hi):
        r = math.exp(loss_rate[i] * max(1.0 - initial_androgen[i], 0.0) * dt)
        released = initial[i]
        for k in range(stages):
            z[k], released = _resting_stage(released, a[i], r)
        for k in range(2):
            z_epi[k], released = _resting_stage(released, a_epi[i], 1.0)
        lam, ref, scale, unscale = 0.0, 0.0, 1.0, 1.0
        loss_before = loss_rate[i] * max(1.0 - androgen[i, 0], 0.0)
        for j in range(support.shape[1]):
            loss = loss_rate[i] * max(1.0 - androgen[i, j], 0.0)
            if j > 0 and loss + loss_before != 0.0:
                lam += (loss + loss_before) * dt / 2
                if lam - ref >= LAMBDA_BLOCK:        # restart the reference: the states rescaled to it
                    _fill(z, math.exp(ref - lam), z)
                    ref = lam
                scale, unscale = math.exp(lam - ref), math.exp(ref - lam)
            loss_before = loss
            x = support[i, j] * scale
            if j == 0 and rest:
                _fill(z, (1 + a[i]) / 2 * x, None)
            released = _through(z, a[i], x) * unscale
            if j == 0 and rest:
                _fill(z_epi, (1 + a_epi[i]) / 2 * released, None)
            sperm[i, j] = _through(z_epi, a_epi[i], released)


def _pipeline_compiled(support, androgen, dt, p, initial, initial_androgen):
    n = support.shape[0]
    stages = _stages(p)
    a = np.exp(-stages / _per_man(p.spermatogenesis_days, n) * dt)
    a_epi = _per_man(np.exp(-_epididymal_rate(p) * dt), n)
    rest = initial is None
    initial, initial_androgen = (_per_man(0.0 if rest else v, n) for v in (initial, initial_androgen))
    support, androgen = np.ascontiguousarray(support), np.ascontiguousarray(androgen)
    sperm = np.empty_like(support)
    loss_rate = _per_man(p.germ_cell_loss_rate, n)
    jit.in_threads(lambda lo, hi: _pipeline_men(support, androgen, dt, loss_rate, a, a_epi, initial,
                                                initial_androgen, rest, stages, sperm, lo, hi), n)
    return sperm


def warm_up():
    """Compile the pipeline (or load it from the disk cache) with the argument types sperm_pipeline passes."""
    one = np.ones(1)
    _pipeline_men(np.ones((1, 1)), np.ones((1, 1)), 0.25, one, one, one, one, one, True, 1, np.empty((1, 1)), 0, 1)

"""Spermatogenesis: germ-cell support from intratesticular T and FSH, and the ~64-day pipeline.

Spermatogenesis does not feed back on the hormones here, so the pipeline is computed after the
hormone loop as a linear filter (``sperm_pipeline``).
"""
from __future__ import annotations

import math

import numpy as np
from scipy.signal import lfilter

from . import jit
from .jit import jitable, kernel


@jitable
def androgen_support(itt, x50_h, hill):
    """The germ cells' androgen support from intratesticular T (1 = healthy; x50_h = sperm_ITT50 ** hill,
    hill = sperm_ITT_hill). Steep: the few per cent of normal ITT that serum T supplies on TRT, at any
    dose, give almost none."""
    x = itt ** hill
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


def sperm_pipeline(support, androgen, dt, p, initial=None, initial_androgen=None):
    """Relative sperm concentration from germ-cell support over time (patients x time).

    Germ cells enter in proportion to support, pass `stages` stages in ~spermatogenesis_days, and
    die at rate loss*(1 - androgen) while androgen support is short (androgen withdrawal kills
    spermatocytes and spermatids); released sperm then pass the epididymis.
    With y = x*exp(Lambda), Lambda the integral of the loss rate, the pipeline becomes a fixed linear
    chain (a filter) on support*exp(Lambda); blocks keep exp(Lambda) within floating-point range.
    The pipeline starts full at the `initial` support and androgen support (patients x 1; default: the
    first sample)."""
    loss = np.asarray(p.germ_cell_loss_rate, dtype=float).reshape(-1, 1) * np.clip(1 - androgen, 0, None)
    Lam = np.concatenate([np.zeros((support.shape[0], 1)),
                          np.cumsum((loss[:, 1:] + loss[:, :-1]) * dt / 2, axis=1)], axis=1)
    stages = int(round(float(np.max(p.spermatogenesis_stages))))
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
        stop = start + max(1, int(np.searchsorted(np.max(Lam - ref, axis=0)[start:], 600.0)))
        w = support[:, start:stop] * np.exp(Lam[:, start:stop] - ref)
        y, states = _chain_per_patient(w, rate, stages, dt, states)
        out[:, start:stop] = y * np.exp(ref - Lam[:, start:stop])
        if stop < support.shape[1]:   # carry the chain into the next block, rescaled to its reference
            shift = np.exp(ref - Lam[:, stop:stop + 1])
            states = [s * shift for s in states]
            # the next block restarts its reference at `stop`; states were relative to `start`
        start = stop
    epi_rate = 2.0 / np.asarray(p.epididymal_days, dtype=float).reshape(-1, 1)
    epi_states = None if initial is None else _resting_chain(released0, 0.0 * released0, epi_rate, 2, dt)[0]
    sperm, _ = _chain_per_patient(out, epi_rate, 2, dt, epi_states)
    return sperm


def _resting_chain(u0, loss0, rate, stages, dt):
    """Filter states of a chain that has long rested at input u0 with constant loss loss0 (per patient,
    (n, 1) arrays), and its output then. With constant loss the filter input u0*exp(loss0*t) grows by
    r = exp(loss0*dt) a step, and so does every stage: y_n = Y r^n with Y = b0 W (r + 1) / (r - a) for
    a stage fed W r^n; its state before sample 0 is (b0 W + a Y) / r. Without loss this is the plain
    resting state (1 + a) / 2 * W."""
    a = np.exp(-np.broadcast_to(np.asarray(rate, float).reshape(-1, 1), np.shape(u0)) * dt)
    b0, r = (1 - a) / 2, np.exp(loss0 * dt)
    states, W = [], u0
    for _ in range(stages):
        Y = b0 * W * (r + 1) / (r - a)
        states.append((b0 * W + a * Y) / r)
        W = Y
    return states, W


def _chain_per_patient(w, rate, stages, dt, states):
    """_chain with a per-patient rate (grouped so identical rates share one vectorised call; compiled where
    Numba is)."""
    rate = np.broadcast_to(rate, (w.shape[0], 1))
    if jit.ENABLED:
        return _chain_compiled(w, rate, stages, dt, states)
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


@kernel
def _filter_chains(w, a, stages, rest, zi, y, zf, lo, hi):
    """The filter of _chain, compiled: men lo..hi-1's rows of w (men, time) through `stages` identical stages
    y_j = b w_j + z, z = b w_j + a y_j with b = (1 - a) / 2 (what lfilter computes for _chain's coefficients),
    each stage starting from zi (stages, men), or resting at its first input if `rest`; outputs into y,
    final states into zf (stages, men)."""
    for i in range(lo, hi):
        ai = a[i]
        b = (1 - ai) / 2
        for k in range(stages):
            source = w[i] if k == 0 else y[i]
            z = (1 + ai) / 2 * source[0] if rest else zi[k, i]
            for j in range(w.shape[1]):
                x = source[j]
                out = z + b * x
                z = b * x + ai * out
                y[i, j] = out
            zf[k, i] = z


def _chain_compiled(w, rate, stages, dt, states):
    """_chain_per_patient by the compiled filter (the same stages, rates and starting states)."""
    n = w.shape[0]
    a = np.array([math.exp(-float(r) * dt) for r in rate[:, 0]])
    zi = np.zeros((stages, n)) if states is None else np.array([np.reshape(s, n) for s in states])
    y, zf = np.empty_like(w), np.empty((stages, n))
    w = np.ascontiguousarray(w)
    jit.in_threads(lambda lo, hi: _filter_chains(w, a, stages, states is None, zi, y, zf, lo, hi), n)
    return y, [row[:, None] for row in zf]


def warm_up():
    """Compile the filter (or load it from the disk cache) with the argument types the pipeline passes."""
    one = np.zeros((1, 1))
    _filter_chains(one, np.ones(1), 1, True, one, np.empty((1, 1)), np.empty((1, 1)), 0, 1)

"""The right-hand side alone, compiled: axis.fast, axis.targets and one stepper.step, timed over the states of one
man's run (TC 200 mg/week for a year, then stop; 2 years at half-day steps), and the calls to exp, log, pow and
sqrt that Numba's LLVM code makes in each (call sites: jit.power's branches for other exponents included).

Prints figures; never fails on timing. Run: python benchmarks/bench_rhs.py (needs Numba).
"""
from __future__ import annotations

import collections
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hpgviz as hpg  # noqa: E402
from hpgviz.model import axis, engine, jit, states, stepper  # noqa: E402

REPEAT = 50
TRANSCENDENTAL = re.compile(r"call [^@]*@((?:llvm\.)?(?:exp|expm1|log|pow|sqrt)(?:\.f64)?)\(")

if not jit.ENABLED:
    sys.exit("Numba is not installed (or HPGVIZ_NO_JIT is set): nothing compiled to time")
njit = jit.numba.njit(**jit.KERNEL_OPTIONS)


@njit
def all_fast(P, U, S, D, F):
    for i in range(len(U)):
        axis.fast(P, U[i], S[i], D[i], F[i])


@njit
def all_targets(P, F, S, out):
    for i in range(len(S)):
        axis.targets(P, F[i], S[i], out[i], False)


@njit
def all_steps(P, gains, U, S, D, work):
    f, f_mid, target, target_mid, mid, s = work
    for i in range(1, len(U)):
        s[:] = S[i]
        stepper.step(P, gains[0], gains[1], True, 0.5, U[i], U[i - 1], s, D[i], f, f_mid, target, target_mid, mid)


def one_mans_run():
    """The bound parameters, gains, GnRH, slow states (steps, states) and drug inputs of one man's run."""
    regimen = hpg.Regimen([hpg.Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=365)])
    man = hpg.Patient()
    p, _, P, *_, gains = engine._prepared(man)
    res = hpg.simulate(regimen, days=730, patient=man)
    S = np.ascontiguousarray(np.array([res.states[name][:-1] for name in states.RELAXING]).T)
    gains = np.ascontiguousarray(engine._gains_kept(gains, p, 0.5, stepper.SPLIT, set(), 1)[:, :, 0])
    drugs = engine._regimen_inputs(regimen, 730, 0.5, 1, engine.OUTPUT_REFINE).drugs
    return np.ascontiguousarray(P[:, 0]), gains, np.ascontiguousarray(res.states["gnrh"][:-1]), S, drugs


def per_call_ns(fn, args, calls):
    fn(*args)
    best = math.inf
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best / calls * 1e9


def call_sites(fn):
    """Calls to exp, log, pow and sqrt in each function of fn's compiled code that makes any."""
    found = {}
    for body in re.split(r"\ndefine ", next(iter(fn.inspect_llvm().values())))[1:]:
        calls = collections.Counter(TRANSCENDENTAL.findall(body))
        if calls:
            found[re.search(r"@\"?_?\w*?(fast|targets|step)\w*", body[:400]).group(1)] = dict(calls)
    return found


def main():
    P, gains, U, S, D = one_mans_run()
    n = len(U)
    F, T = np.empty((n, len(axis.FIELDS))), np.empty_like(S)
    work = tuple(np.empty(len(axis.FIELDS)) for _ in range(2)) + tuple(np.empty(S.shape[1]) for _ in range(4))
    print(f"One man's {n:,} half-day steps (TC 200 mg/week a year, then stop), Numba {jit.numba.__version__}, "
          f"best of {REPEAT}:")
    print(f"  axis.fast    {per_call_ns(all_fast, (P, U, S, D, F), n):6.1f} ns a call")
    print(f"  axis.targets {per_call_ns(all_targets, (P, F, S, T), n):6.1f} ns a call")
    print(f"  stepper.step {per_call_ns(all_steps, (P, gains, U, S, D, work), n - 1):6.1f} ns a step "
          "(a second fast + targets where a state in the T loop moves)")
    for fn in (all_fast, all_targets):
        print(f"  call sites in {fn.__name__}: {call_sites(fn)}")


if __name__ == "__main__":
    main()

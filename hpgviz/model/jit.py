"""Compiling the model's equations with Numba where it is installed, plain Python or numpy where it is not.

The equations (axis.py) and the stepper (engine.py) are written once, as plain functions over floats
and arrays. Marked ``@jitable``, they run as they are on Python floats and lists (one man without Numba),
on numpy arrays (a cohort, the steady-state search) and Numba compiles the same source into the per-man
kernels (``@kernel``). The few operations whose best spelling differs between a float and an array go
through the helpers below: each is plain Python (math for a float, numpy for an array), and Numba
compiles its scalar form.

Without Numba (an in-browser Python, say), or with the environment variable HPGVIZ_NO_JIT=1, ``ENABLED``
is False and every kernel's caller takes the Python/numpy path instead.

The kernels are serial and release the GIL (nogil): a cohort is shared among the cores by threads, each
running the kernel over its own range of men (``in_threads``). Numba's prange measured worse here: its
parallel region cost one man ~12 ms on a busy machine (against ~1 ms serial) and its compile took most of
the cold start.

Numba keys its disk cache on the kernel's own file only, while the equations live in other files: the
cache goes into a folder named by a hash of every source file the kernels read, so an edited equation is
never served from a stale cache.
"""
from __future__ import annotations

import hashlib
import math
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np


def _load_numba():
    if os.environ.get("HPGVIZ_NO_JIT", "").strip() not in ("", "0"):
        return None
    try:
        import numba
    except ImportError:
        return None
    return numba


numba = _load_numba()
ENABLED = numba is not None

# every file whose functions the kernels compile (a change to any of them gives a new cache folder)
KERNEL_SOURCES = ("jit.py", "axis.py", "sperm.py", "engine.py", "finegrid.py", "stepper.py")


def cache_dir() -> Path:
    """Where compiled kernels are kept: a folder per version of the model's sources, under NUMBA_CACHE_DIR
    if it is set, else the user's cache folder."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(b"".join((here / name).read_bytes() for name in KERNEL_SOURCES)).hexdigest()[:16]
    root = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "hpgviz")
    return Path(root) / f"kernels-{digest}"


CACHE_DIR = cache_dir()       # taken once, at import: the sources the kernels were compiled from

# LLVM may reorder and fuse the kernels' arithmetic (one man's run ~4 % faster; compiled and numpy still agree
# to 1e-9, tests/model/test_jit.py), but not assume away inf and NaN ("nnan", "ninf"): they keep their meaning.
FAST_MATH = {"nsz", "arcp", "contract", "afn", "reassoc"}
# The kernels and the equations they call compile alike (Numba does not pass a kernel's options on to them): numpy's
# error model (a division by zero gives inf, as on arrays, with no test before every division) and FAST_MATH.
KERNEL_OPTIONS = {"error_model": "numpy", "fastmath": FAST_MATH}


def jitable(fn):
    """A function the kernels call: registered with Numba (compiled inside a kernel, with the kernels' options),
    and unchanged as a Python function (the numpy path calls it on arrays)."""
    return numba.extending.register_jitable(**KERNEL_OPTIONS)(fn) if ENABLED else fn


def kernel(fn):
    """Compile a kernel (serial, releasing the GIL) with its disk cache in CACHE_DIR (numba reads its cache
    folder when a function is decorated, so it is set around the decoration only). Without Numba the
    function stays as it is."""
    if not ENABLED:
        return fn
    saved = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(CACHE_DIR)
    try:
        return numba.njit(cache=True, nogil=True, **KERNEL_OPTIONS)(fn)
    finally:
        numba.config.CACHE_DIR = saved


THREADS = os.cpu_count() or 1
MEN_PER_THREAD = 16       # below this a cohort runs on the calling thread (a thread's start costs ~0.1 ms)
_POOL = None


def in_threads(run, n):
    """Call run(lo, hi) over men lo..hi-1, the n men shared among the cores (a compiled kernel releases the
    GIL, so the threads run at once)."""
    global _POOL
    parts = min(THREADS, max(1, n // MEN_PER_THREAD))
    if parts == 1:
        run(0, n)
        return
    if _POOL is None:
        _POOL = ThreadPoolExecutor(THREADS, thread_name_prefix="hpgviz kernel")
    edges = [n * k // parts for k in range(parts + 1)]
    for done in [_POOL.submit(run, lo, hi) for lo, hi in zip(edges[:-1], edges[1:])]:
        done.result()


# --- Operations spelled differently on a float and on an array --------------------------------------

def exp(x):
    return math.exp(x) if isinstance(x, float) else np.exp(x)


def log(x):
    return math.log(x) if isinstance(x, float) else np.log(x)


def minimum(a, b):
    return (a if a < b else b) if isinstance(a, float) and isinstance(b, float) else np.minimum(a, b)


def maximum(a, b):
    return (a if a > b else b) if isinstance(a, float) and isinstance(b, float) else np.maximum(a, b)


def power(x, n):
    """x ** n. Compiled, a whole or half exponent up to 32.5 (the Hill coefficients 3, 4.5 and 13, ITT's 2.5) is taken by
    squaring, a half as one sqrt more (x ** 4.5 as x ** 4 * sqrt(x)): the same value to rounding, without a call to
    pow (~11 ns a call)."""
    return x ** n


def phi1(x):
    """(e^x - 1) / x, the exponential integrator's weight (1 at x = 0)."""
    if isinstance(x, float):
        return math.expm1(x) / x if x else 1.0
    safe = np.where(x == 0.0, 1.0, x)
    return np.where(x == 0.0, 1.0, np.expm1(safe) / safe)


# one man's mask: a bool, or numpy's (a comparison of one man's values read from an array, as stepper.steady does)
ONE_MAN = (bool, np.bool_)


def any_true(mask):
    """Whether any man's mask is set (a bool for one man, an array for a cohort)."""
    return bool(mask) if isinstance(mask, ONE_MAN) else bool(np.any(mask))


def all_true(mask):
    """Whether every man's mask is set (a bool for one man, an array for a cohort)."""
    return bool(mask) if isinstance(mask, ONE_MAN) else bool(np.all(mask))


def choose(mask, a, b):
    """a where the mask is set, else b: per man on arrays (the men are the last axis), whole for one man."""
    return (a if mask else b) if isinstance(mask, ONE_MAN) else np.where(mask, a, b)


def largest(x):
    """The largest element of an array, or a float itself."""
    return float(np.max(x))


def toward(x, target, share, out):
    """x moved the given share of the way to its target, element by element (one man's states as a list, or
    arrays), written into out (work space, or x itself: each element is read before it is written) and
    returned: a compiled step then allocates nothing."""
    if isinstance(x, list):
        out[:] = [a + (b - a) * g for a, b, g in zip(x, target, share)]
    else:
        out[...] = x + (target - x) * share
    return out


if ENABLED:
    from numba.extending import overload

    @overload(exp, jit_options=KERNEL_OPTIONS)
    def _exp(x):
        return lambda x: math.exp(x)

    @overload(log, jit_options=KERNEL_OPTIONS)
    def _log(x):
        return lambda x: math.log(x)

    @overload(minimum, jit_options=KERNEL_OPTIONS)
    def _minimum(a, b):
        return lambda a, b: a if a < b else b

    @overload(maximum, jit_options=KERNEL_OPTIONS)
    def _maximum(a, b):
        return lambda a, b: a if a > b else b

    @overload(power, jit_options=KERNEL_OPTIONS)
    def _power(x, n):
        def impl(x, n):
            if 0.0 < n <= 32.5 and 2.0 * n == math.floor(2.0 * n):   # whole by squaring (at most 9 multiplies),
                k, base = int(n), x                                   # a half more by one sqrt
                result = 1.0 if n == k else math.sqrt(x)
                if k == 0:
                    return result
                while True:
                    if k & 1:
                        result *= base
                    k >>= 1
                    if k == 0:
                        return result
                    base *= base
            return x ** n
        return impl

    @overload(phi1, jit_options=KERNEL_OPTIONS)
    def _phi1(x):
        return lambda x: math.expm1(x) / x if x != 0.0 else 1.0

    @overload(any_true, jit_options=KERNEL_OPTIONS)
    def _any_true(mask):
        return lambda mask: mask

    @overload(all_true, jit_options=KERNEL_OPTIONS)
    def _all_true(mask):
        return lambda mask: mask

    @overload(choose, jit_options=KERNEL_OPTIONS)
    def _choose(mask, a, b):
        return lambda mask, a, b: a if mask else b

    @overload(toward, jit_options=KERNEL_OPTIONS)
    def _toward(x, target, share, out):
        def impl(x, target, share, out):
            for k in range(len(x)):
                out[k] = x[k] + (target[k] - x[k]) * share[k]
            return out
        return impl

    @overload(largest, jit_options=KERNEL_OPTIONS)
    def _largest(x):
        if isinstance(x, numba.types.Array):
            return lambda x: np.max(x)
        return lambda x: x

"""The one run cache of the explorers, and the helpers every topic module shares to pick a man and read
a run: a control that returns to a value, or the same run in another cell, costs nothing."""
from __future__ import annotations

from collections import OrderedDict
import dataclasses
import threading
import time
import weakref

import numpy as np

from ..model.engine import simulate
from ..model.patient import Patient, PRESETS
from ..model.pulses import simulate_pulses
from ..model.regimen import Regimen
from ..analysis.outcomes import SPERM_KEY, SPERM_THRESHOLD

WEEK = 7                                  # days
TRT_AGENT = "testosterone_cypionate"      # the ester of the illustrative TRT scenarios

__all__ = ["WEEK", "TRT_AGENT", "SPERM_KEY", "SPERM_THRESHOLD", "RUNS", "BandRun", "Moves", "NextStep", "RunAhead", "RunCache", "cached", "clear_cache", "counted_run", "mean_between", "patient_for", "patient_options", "run",
           "run_pulses", "stop_runs_ahead"]


def _key(value):
    """A hashable, value-based key: regimens by their courses, men by their parameters, numbers as floats."""
    if isinstance(value, Regimen):
        return ("Regimen", tuple(value.courses))
    if isinstance(value, Patient):
        return ("Patient", value.name, tuple(sorted(value.values.items())))
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return float(value)
    if dataclasses.is_dataclass(value):
        return value
    return value


def band_run(regimen, days, men, series):
    """A band's men on a regimen at 1-day points (the lines they surround), kept light: only `series`, without the
    men's slow states (bands are kept for three moves: a TRT band ~7 MB instead of ~36)."""
    result = simulate(regimen, days=days, patient=men, dt=1.0, series=series)
    result.states.clear()
    return result


class RunCache:
    """Least-recently-used results of model functions, keyed by the function and its arguments' values."""

    def __init__(self, size: int = 128):
        self.size, self._runs = size, OrderedDict()
        self._lock = threading.Lock()   # a run ahead (RunAhead) stores its result from its own thread

    @staticmethod
    def _run_key(fn, args, kwargs):
        return fn.__module__, fn.__qualname__, _key(args), _key(kwargs)

    def has(self, fn, *args, **kwargs) -> bool:
        """Whether fn(*args, **kwargs) is computed already (a move can then draw it at once)."""
        with self._lock:
            return self._run_key(fn, args, kwargs) in self._runs

    def get(self, fn, *args, progress=None, **kwargs):
        """fn(*args, **kwargs), computed once per distinct arguments; `progress` (a callback) is passed to
        fn on a miss and is not part of the key."""
        key = self._run_key(fn, args, kwargs)
        with self._lock:
            if key in self._runs:
                self._runs.move_to_end(key)
                return self._runs[key]
        extra = {} if progress is None else {"progress": progress}
        result = fn(*args, **kwargs, **extra)
        with self._lock:
            self._runs[key] = result
            if len(self._runs) > self.size:
                self._runs.popitem(last=False)
        return result

    def clear(self):
        with self._lock:
            self._runs.clear()

    def forget(self, match):
        """Drop the runs whose key `match(key)` accepts (a benchmark's warm-but-one case)."""
        with self._lock:
            for key in [k for k in self._runs if match(k)]:
                del self._runs[key]

    def __len__(self):
        return len(self._runs)


RUNS = RunCache()


def cached(fn, *args, **kwargs):
    """fn(*args, **kwargs) through the explorers' one cache (fn: simulate, simulate_pulses, a cohort run)."""
    return RUNS.get(fn, *args, **kwargs)


def clear_cache():
    RUNS.clear()


class _Stopped(Exception):
    """Raised inside a run ahead (from its progress callback) once a move wants another run."""


_AHEAD = weakref.WeakSet()   # every RunAhead of this kernel


_BANDS = weakref.WeakSet()   # every BandRun of this kernel


def stop_runs_ahead(but=()):
    """Stop every run ahead but those in `but` (a RunAhead, a BandRun, or a tuple of them) at the end of its current
    part, and skip every band run ahead not yet begun: a move of another explorer gets the cores."""
    but = but if isinstance(but, tuple) else (but,)
    for ahead in list(_AHEAD):
        if ahead not in but:
            ahead._stop.set()
            ahead._go.set()
    for band in list(_BANDS):
        if band not in but:
            band.skip_ahead()


class Moves:
    """When the explorers of this kernel last answered a move: background work (the validation's runs) starts
    its next piece only once they have been quiet for a while, so that a reader's moves never queue behind it."""

    running = 0                       # explorer callbacks running now
    ended = -float("inf")             # time.monotonic() when the last one ended

    @classmethod
    def wait_quiet(cls, quiet: float = 1.0, poll: float = 0.1):
        """Return once no explorer callback has run for `quiet` seconds."""
        while cls.running or time.monotonic() - cls.ended < quiet:
            time.sleep(poll)


PNG_WAIT = 0.02   # s: a run ahead started at a figure's draw event waits for the PNG of that drawing to be encoded


class NextStep:
    """What a second press of the arrow key would ask for: after a slider's move, ``moved`` is {its name: its value
    one step further the same way} (None at the slider's end, and after a move of one of `others`, menus). Make it
    before the explorer's own observers, so that a move's answer finds it noted."""

    def __init__(self, sliders: dict, others=()):
        self.moved, self.sliders = None, sliders
        for name, slider in sliders.items():
            slider.observe(lambda change, name=name: self._note(name, change), names="value")
        for control in others:
            control.observe(self._forget, names="value")

    def _note(self, name, change):
        slider = change["owner"]
        after = change["new"] + (slider.step if change["new"] > change["old"] else -slider.step)
        self.moved = {name: after} if slider.min <= after <= slider.max else None

    def _forget(self, _change):
        self.moved = None

    def around_first(self) -> list:
        """Before any move: the first slider's values one step up and one step down (those in range)."""
        name, slider = next(iter(self.sliders.items()))
        return [{name: v} for v in (slider.value + slider.step, slider.value - slider.step) if slider.min <= v <= slider.max]


class RunAhead:
    """Runs computed in a background thread before a reader asks for them (the population page: the run the
    last-moved slider's next step in the same direction needs, as a second press of an arrow key does; before any
    move, the first slider's two neighbours), into the one cache, one after the other. The explorer starts them once
    the move's figure is drawn (FigureView.after_next_draw), and they wait `after` seconds more, for its PNG: they
    never slow the drawing of the move that asked for them. A move first calls ``settle``: a run it wants is
    waited for (and the rest stopped); any other is stopped at the end of its current part (the function must call
    ``progress`` between parts) and the move runs as usual."""

    def __init__(self, after: float = PNG_WAIT):
        self.after = after
        self._thread, self._wanted, self._span = None, [], [0, 0]
        self._stop, self._go = threading.Event(), threading.Event()
        self._call, self._next = None, None
        _AHEAD.add(self)

    def follow(self, sliders: dict, call, others=()):
        """Foresee the runs of `sliders` ({name: slider}): after a slider's move, start_next() starts
        call(**{name: its value one step further the same way}) (a (fn, args, kwargs) triple), if in range; after a
        move of one of `others` (menus), nothing. Call before the explorer's own observers."""
        self._call, self._next = call, NextStep(sliders, others)

    def start_next(self):
        if self._next is not None and self._next.moved is not None:
            self.start_all([self._call(**self._next.moved)])

    def start_first(self):
        """Before any move (nothing to foresee yet): the first slider's runs one step up and one step down."""
        self.start_all([self._call(**moved) for moved in self._next.around_first()])

    def start(self, fn, *args, **kwargs):
        self.start_all([(fn, args, kwargs)])

    def start_all(self, calls):
        """Run each (fn, args, kwargs) of `calls` in turn, in the background."""
        wanted = [(fn, _key(args), _key(kwargs)) for fn, args, kwargs in calls]
        if wanted == self._wanted and self._thread is not None and self._thread.is_alive():
            return   # already on its way
        self.settle(None)
        self._wanted, self._span = wanted, [0, len(calls) - 1]   # the indexes of the first and last runs to make
        self._stop, self._go = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._work, args=(calls, self._span, self._stop, self._go), daemon=True,
                                        name="hpgviz run ahead")
        self._thread.start()

    def _work(self, calls, span, stop, go):
        current = 0

        def check(_fraction):
            if stop.is_set() or not span[0] <= current <= span[1]:
                raise _Stopped
        go.wait(self.after)   # woken early by a move that wants a run (start now) or stops them
        for current, (fn, args, kwargs) in enumerate(calls):
            if stop.is_set() or current > span[1]:
                return
            if current < span[0]:   # a run before the one a move waits for: not made
                continue
            try:
                cached(fn, *args, progress=check, **kwargs)
            except Exception:   # stopped, or arguments a move would refuse: that move says so itself
                pass

    def settle(self, fn, *args, **kwargs):
        """Before a move runs fn(*args, **kwargs): wait for the run ahead if it is that run, and stop the others."""
        if self._thread is None:
            return
        key = (fn, _key(args), _key(kwargs))
        if key in self._wanted:
            self._span[:] = [self._wanted.index(key)] * 2   # that run alone: one under way before it stops
        else:
            self._stop.set()
        self._go.set()   # runs still waiting their `after` start now (or end, if stopped)
        self._thread.join()
        self._thread, self._wanted = None, []


def kernel_loop():
    """The running kernel's event loop (where widget messages are handled), or None outside a kernel."""
    from IPython import get_ipython
    return getattr(getattr(get_ipython(), "kernel", None), "io_loop", None)


class BandRun:
    """A band of men drawn after its man: a move draws the man's lines at once and then calls ``start``; the band's
    run waits `after` seconds (the man's lines reach the browser first), runs in a background thread, and
    ``show(result)`` (the run's exception if it failed) is called on the kernel's own thread (``deliver``: its event loop) only if no newer ``start``
    or ``drop`` came since, so a band of an older move is never drawn. One run at a time: a newer one waits for the
    one under way (the model's threads are shared). Outside a kernel (``background()`` False) nothing can be shown
    later: the explorer runs the band in the move itself."""

    def __init__(self, show, after: float = 0.1, deliver=None):
        self.show, self.after = show, after
        self.deliver = deliver             # deliver(callable): runs it on the kernel's thread (default: its loop)
        self._wanted, self._thread = 0, None
        self._aheads = 0                   # bumped by skip_ahead: a run ahead queued before it is skipped
        _BANDS.add(self)

    def _deliverer(self):
        return self.deliver or getattr(kernel_loop(), "add_callback", None)

    def background(self) -> bool:
        """Whether a band can follow its man (in a kernel); elsewhere the explorer runs it in the move."""
        return self._deliverer() is not None

    def start(self, fn, *args, **kwargs):
        """Run fn(*args, **kwargs) for the current move in the background; show its result unless superseded."""
        self._queue(self._deliverer(), self.after, fn, args, kwargs)

    def ahead(self, fn, *args, **kwargs):
        """Run fn(*args, **kwargs) in the background after the run under way, and show nothing: the band a next move
        will likely want, into a cache fn keeps (a move then draws it with its man). Call it once the band's figure is
        drawn (it then waits only for the PNG). A newer ``start`` or ``drop`` before it begins skips it; once begun it
        runs to its end (a band's men are one part)."""
        self._queue(None, PNG_WAIT, fn, args, kwargs)

    def ahead_once_drawn(self, view, moved, cache, fn, band_args):
        """Once `view` is next drawn, run ahead into `cache` (see ahead) fn's band for `band_args(**moved)`: the
        last-moved slider's next step, what a second press wants, so that move draws it with its man. Nothing when
        `moved` is None (no band drawn, or nothing foreseen) or outside a kernel; any other drawing cancels it."""
        args = band_args(**moved) if moved is not None and self.background() else None
        view.after_next_draw(None if args is None else lambda: self.ahead(cache.get, fn, *args))

    def skip_ahead(self):
        """A run ahead not begun yet is skipped (another explorer moved: stop_runs_ahead); one begun runs to its end."""
        self._aheads += 1

    def _queue(self, deliver, wait, fn, args, kwargs):
        self._wanted += 1
        before = self._thread
        self._thread = threading.Thread(target=self._work, args=(self._wanted, self._aheads, before, deliver, wait, fn,
                                                                 args, kwargs),
                                        daemon=True, name="hpgviz band")
        self._thread.start()

    def drop(self):
        """No band is wanted now (the box unticked, or a move that draws none): a run under way is never shown."""
        self._wanted += 1

    def follows(self, wanted: bool) -> bool:
        """A move's plan: True when its band will follow its man (call ``start`` after drawing him); False when the
        explorer runs the band in the move or draws none, and then a run under way (an older move's) is never shown."""
        later = wanted and self.background()
        if not later:
            self.drop()
        return later

    def pending(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self):
        """Wait for the run under way (tests, benchmarks)."""
        if self._thread is not None:
            self._thread.join()

    def _work(self, wanted, aheads, before, deliver, wait, fn, args, kwargs):
        started = time.monotonic()
        if before is not None:
            before.join()
        time.sleep(max(0.0, wait - (time.monotonic() - started)))   # `wait` after the call, the run under way included
        if wanted != self._wanted or (deliver is None and aheads != self._aheads):
            return   # superseded (or, ahead, another explorer moved) before it started: nothing run
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:   # shown as the result: the explorer's show raises it where the reader sees it
            result = exc
        if deliver is not None:    # None: a run ahead, shown by nobody (a move that wants it runs it again)
            deliver(lambda: self._show_if_wanted(wanted, result))

    def _show_if_wanted(self, wanted, result):
        if wanted == self._wanted:
            self.show(result)


def run(regimen: Regimen, days: float, patient: Patient | None = None, dt: float = 0.5, switches=None):
    """hpgviz.simulate through the one cache (views spanning years use dt=1 day: the model still steps in half
    days, engine.MAX_STEP, and the fine grid and sperm filter on the coarser grid cost half)."""
    return cached(simulate, regimen, days=float(days), patient=patient or Patient(), dt=float(dt),
                  switches=switches or None)


def counted_run(explorer, regimen: Regimen, days: float):
    """One uncached model run for the explorer's man, counted in ``explorer.simulations`` (tests check one
    run per control change). It calls this module's ``simulate``, which a test may replace to make the model
    fail."""
    explorer.simulations += 1
    return simulate(regimen, days=days, patient=explorer.patient)


def run_pulses(regimen: Regimen, hours: float, patient: Patient | None = None):
    """hpgviz.simulate_pulses through the one cache."""
    return cached(simulate_pulses, regimen, hours=float(hours), patient=patient or Patient())


def patient_for(preset_or_patient) -> Patient:
    """A Patient, a preset's name, or "hypothalamic_failure" (GnRH capacity ~5 % of healthy) as a Patient."""
    if isinstance(preset_or_patient, Patient):
        return preset_or_patient
    if preset_or_patient == "hypothalamic_failure":
        return Patient("hypothalamic failure: the GnRH neurons can make at most ~5 % of a healthy maximum",
                       gnrh_capacity=0.05)
    return Patient.preset(preset_or_patient)


def patient_options(extra=()):
    """(description, preset) pairs for a "which simulated man" menu, `extra` first."""
    return list(extra) + [(desc, key) for key, (_, desc) in PRESETS.items()]


def mean_between(res, name, t0, t1) -> float:
    """Mean of series `name` over days [t0, t1]; its last value when no step falls inside."""
    window = (res.t >= t0) & (res.t <= t1)
    return float(np.mean(res[name][window])) if window.any() else float(res[name][-1])

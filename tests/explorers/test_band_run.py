"""A band of men drawn after its man (explorers.runs.BandRun, the TRT explorer's "show how men differ"): the key press
is answered by the man's lines, the band follows, and a band of an older move is never drawn nor captioned; and a
run ahead (explorers.runs.RunAhead) that a quick second press wants starts at once."""
import matplotlib

matplotlib.use("Agg")

import threading  # noqa: E402

from hpgviz.analysis import recovery as rec  # noqa: E402
from hpgviz.explorers import protocols as protocol_explorers, trt  # noqa: E402
from hpgviz.explorers.runs import BandRun  # noqa: E402
from explorer_testing import assert_no_error  # noqa: E402


def run_delivered(pending):
    """Run what a BandRun handed to the kernel's thread, in order (here: this test's thread)."""
    while pending:
        pending.pop(0)()


def test_a_newer_start_supersedes_a_band_under_way():
    shown, pending, started, release = [], [], threading.Event(), threading.Event()
    band = BandRun(shown.append, after=0.0, deliver=pending.append)
    assert band.background()
    band.start(lambda: started.set() or release.wait(5) and "older")
    assert started.wait(5)                            # under way when the newer move comes
    band.start(lambda: "newer")
    release.set()
    band.join()
    run_delivered(pending)
    assert shown == ["newer"]


def test_a_drop_means_no_band_is_shown():
    shown, pending = [], []
    band = BandRun(shown.append, after=0.0, deliver=pending.append)
    band.start(lambda: "band")
    band.join()
    band.drop()   # e.g. the box unticked after the run ended, before the kernel showed it
    run_delivered(pending)
    assert shown == []


def test_a_failed_band_run_is_shown_as_its_error():
    shown, pending = [], []
    band = BandRun(shown.append, after=0.0, deliver=pending.append)
    band.start(lambda: 1 / 0)
    band.join()
    run_delivered(pending)
    assert len(shown) == 1 and isinstance(shown[0], ZeroDivisionError)


def caption(explorer):
    return explorer.panels.caption.get_text().replace("\n", " ")


def test_trt_draws_the_man_first_and_only_the_band_of_the_last_move():
    explorer, pending = trt.TRTExplorer(), []
    explorer._band.deliver, explorer._band.after = pending.append, 0.0   # as in a kernel
    explorer.spread.value = True
    assert explorer.cohort_result is None and caption(explorer) != rec.BAND_LABEL   # the man first, no band yet
    assert not explorer.panels.spreads["sperm", 0].get_visible() and "Between men" not in explorer.summary_text
    explorer._band.join()
    explorer.dose.value = 100                # a move after the first band's run ended, before it was shown
    explorer.interval.value = 3.5            # and another while the second may be under way
    assert explorer.cohort_result is None and caption(explorer) != rec.BAND_LABEL
    explorer._band.join()
    assert len(pending) >= 2   # the first band's run and the last's (the second's may have been skipped unrun)
    while pending:
        pending.pop(0)()
        shown = explorer.cohort_result
        assert shown is None or shown.regimen == explorer.regimen()   # never a band of an older regimen
    assert_no_error(explorer)
    band = explorer.cohort_result
    assert band is not None and band.regimen == explorer.result.regimen == explorer.regimen()
    assert band["sperm"].shape[0] == rec.BAND_MEN
    assert explorer.panels.spreads["sperm", 0].get_visible() and caption(explorer) == rec.BAND_LABEL
    p10, p90 = rec.between_men_days(band, after=explorer.weeks.value * 7)
    assert f"{p10:.0f} to {p90:.0f} days" in explorer.summary_text
    explorer.spread.value = False
    explorer._band.join()
    run_delivered(pending)
    assert explorer.cohort_result is None and caption(explorer) != rec.BAND_LABEL


def test_trt_band_ticked_from_the_start_is_in_the_starting_picture():
    explorer = trt.TRTExplorer(spread=True)
    assert explorer.cohort_result is not None and caption(explorer) == rec.BAND_LABEL
    assert "Between men" in explorer.summary_text



def test_comparison_draws_the_protocols_first_and_only_the_bands_of_the_last_move():
    view, pending = protocol_explorers.ComparisonView(), []
    view._band.deliver, view._band.after = pending.append, 0.0
    view.spread.value = True
    assert view.cohort_results == [] and "Between men" not in view.summary_text   # the protocols' lines first
    assert view.plot.caption.get_text().replace("\n", " ") != rec.BAND_LABEL
    view._band.join()
    view.trt_weeks.value = 12                # a move after the first bands' run, before they were shown
    view._band.join()
    while pending:
        pending.pop(0)()
        assert all(band.regimen == line.regimen and band.t[-1] == line.t[-1]    # never an older move's bands
                   for band, line in zip(view.cohort_results, view.results))
    assert_no_error(view)
    assert len(view.cohort_results) == len(view.results) and "Between men" in view.summary_text
    assert view.plot.caption.get_text().replace("\n", " ") == rec.BAND_LABEL
    assert view.progress.layout.visibility == "hidden"


def test_a_failed_band_reaches_the_explorers_error_box():
    explorer, pending = trt.TRTExplorer(), []
    explorer._band.deliver, explorer._band.after = pending.append, 0.0
    explorer._band.start(lambda: 1 / 0)
    explorer._band.join()
    run_delivered(pending)
    assert isinstance(explorer.last_error, ZeroDivisionError) and explorer.cohort_result is None


def test_a_move_that_wants_the_run_ahead_starts_it_without_waiting_its_delay():
    """RunAhead waits `after` before it runs (the move that asked is drawn first); a second press that arrives within
    that delay and wants this very run starts it at once instead of waiting out the delay."""
    import time
    from hpgviz.explorers.runs import RunAhead, RUNS

    def square(x, progress=None):
        return x * x
    ahead = RunAhead(after=5.0)
    ahead.start(square, 7.0)
    started = time.monotonic()
    ahead.settle(square, 7.0)
    assert time.monotonic() - started < 2.0 and RUNS.get(square, 7.0) == 49.0
    ahead.start(square, 8.0)
    started = time.monotonic()
    ahead.settle(None)                  # a move that wants another run: this one ends at once, unrun
    assert time.monotonic() - started < 2.0


def test_trt_runs_the_next_steps_band_ahead_and_draws_it_with_the_man():
    """After a band is drawn, the band of the moved slider's next step the same way runs in the background (what a
    second press of the arrow key wants): that press draws it with the man, the same band the move would have run."""
    explorer, pending = trt.TRTExplorer(spread=True), []
    explorer._band.deliver, explorer._band.after = pending.append, 0.0
    explorer.dose.value = 150                          # a move down: its band follows its man
    assert explorer.cohort_result is None
    explorer._band.join()
    run_delivered(pending)                             # drawn; the 140 mg band now runs ahead
    explorer._band.join()
    assert explorer._bands.has(trt._band_men, *explorer._band_run(dose=140))
    explorer.dose.value = 140                          # the second press: the band comes with the man
    assert not pending                                 # nothing left to show later
    band = explorer.cohort_result
    assert band is not None and band.regimen == explorer.result.regimen == explorer.regimen()
    assert caption(explorer) == rec.BAND_LABEL and "Between men" in explorer.summary_text
    explorer._band.join()                              # and 130 mg ahead in turn
    assert explorer._bands.has(trt._band_men, *explorer._band_run(dose=130))
    fresh = trt._band_men(*explorer._band_run())
    assert all((band[name] == fresh[name]).all() for name in ("LH", "FSH", "T", "sperm"))
    explorer.ester.value = "testosterone_enanthate"    # a menu: nothing foreseen, the band follows its man
    assert explorer.cohort_result is None
    explorer._band.join()
    run_delivered(pending)
    explorer._band.join()
    assert explorer.cohort_result.regimen == explorer.regimen() and len(explorer._bands) <= 3
    assert_no_error(explorer)


def test_runs_ahead_in_turn_a_move_waits_for_its_own_and_stops_the_rest():
    """RunAhead.start_all: several runs one after the other; a move that wants the first waits for it alone (the
    second is never made); a move that wants none stops them."""
    from hpgviz.explorers.runs import RunAhead, RUNS
    made = []

    def cube(x, progress=None):
        made.append(x)
        return x ** 3
    ahead = RunAhead(after=0.0)
    ahead.start_all([(cube, (2.0,), {}), (cube, (3.0,), {})])
    ahead.settle(cube, 2.0)
    assert RUNS.get(cube, 2.0) == 8.0 and made in ([2.0], [2.0, 3.0])   # the second only if it began before
    ahead = RunAhead(after=5.0)
    ahead.start_all([(cube, (4.0,), {}), (cube, (5.0,), {})])
    ahead.settle(None)
    assert 4.0 not in made and 5.0 not in made


def test_a_move_that_wants_a_later_run_ahead_does_not_wait_for_an_earlier_one():
    """The first press of the population page's first slider, downwards, wants the second of its two runs ahead: the
    first (upwards), begun or not, gives way at its next part instead of being made first (review18 found the move
    waited for both)."""
    import time
    from hpgviz.explorers.runs import RunAhead, RUNS
    made = []

    def slow(x, progress=None):
        for _ in range(50):       # 0.5 s in parts, each a chance to stop
            time.sleep(0.01)
            progress(0.0)
        made.append(x)
        return x
    for after, begun in ((5.0, 0.0), (0.0, 0.05)):   # the first run not begun, then under way
        made.clear()
        ahead = RunAhead(after=after)
        ahead.start_all([(slow, (after + 1.0,), {}), (slow, (after + 2.0,), {})])
        time.sleep(begun)
        t0 = time.monotonic()
        ahead.settle(slow, after + 2.0)
        assert made == [after + 2.0] and RUNS.get(slow, after + 2.0) == after + 2.0
        assert time.monotonic() - t0 < 0.9, "the move waited for the run before its own"


def test_population_runs_the_first_sliders_neighbours_once_drawn_before_any_move():
    """Before any move nothing is foreseen: once the figure is first drawn, the first slider's runs one step up and
    one step down are made in the background, so a first press either way finds its run made."""
    from hpgviz.explorers import population, runs
    runs.clear_cache()
    ex = population.PopulationExplorer()
    neighbours = [ex._cohort_call(dose=ex.dose.value + step) for step in (ex.dose.step, -ex.dose.step)]
    assert not any(runs.RUNS.has(fn, *args, **kwargs) for fn, args, kwargs in neighbours)
    ex.view.refresh()                 # the figure's first drawing (in a browser: when the page shows it)
    ex._ahead._thread.join()
    assert all(runs.RUNS.has(fn, *args, **kwargs) for fn, args, kwargs in neighbours)
    ex.dose.value += ex.dose.step     # a move: the next step the same way is what is foreseen now
    fn, args, kwargs = ex._cohort_call(dose=ex.dose.value + ex.dose.step)
    assert ex._ahead._wanted == [(fn, runs._key(args), runs._key(kwargs))]
    assert_no_error(ex)
    ex.close()


def test_comparison_runs_the_next_steps_bands_ahead_and_draws_them_with_the_protocols():
    """As the TRT explorer's: once its bands are drawn, the bands of the moved slider's next step run ahead, and that
    step draws them with the protocols' lines, the same bands the move would have run."""
    view, pending = protocol_explorers.ComparisonView(), []
    view._band.deliver, view._band.after = pending.append, 0.0
    view.spread.value = True                           # the bands follow the lines; a box: nothing foreseen
    view._band.join()
    run_delivered(pending)
    weeks, step = view.trt_weeks.value, view.trt_weeks.step
    view.trt_weeks.value = weeks + step                # a move up: its bands follow the lines
    view._band.join()
    run_delivered(pending)                             # drawn; the next step's bands now run ahead
    view._band.join()
    assert view._bands.has(protocol_explorers._band_of, *view.band_regimens(trt_weeks=weeks + 2 * step))
    view.trt_weeks.value = weeks + 2 * step            # the second press: the bands come with the lines
    assert not pending and len(view.cohort_results) == len(view.results)
    assert all(band.regimen == line.regimen and band.t[-1] == line.t[-1]
               for band, line in zip(view.cohort_results, view.results))
    fresh = protocol_explorers._band_of(*view.band_regimens())
    assert all((a[name] == b[name]).all() for a, b in zip(view.cohort_results, fresh) for name in ("LH", "T", "sperm"))
    assert "Between men" in view.summary_text
    view._band.join()
    assert len(view._bands) <= 3
    assert_no_error(view)


def test_a_band_ahead_gives_way_to_another_explorers_move():
    """A band run ahead not begun yet is skipped when another explorer answers a move (runs.stop_runs_ahead), as the
    population's runs ahead are; the explorer's own moves keep it."""
    explorer, other = trt.TRTExplorer(), protocol_explorers.ComparisonView()
    ran, release = [], threading.Event()
    explorer._band.start(lambda: release.wait(5))       # a band under way: the run ahead waits behind it
    explorer._band.ahead(lambda: ran.append("ahead"))
    other.trt_weeks.value = 28                          # another explorer's move
    release.set()
    explorer._band.join()
    assert ran == []
    explorer._band.ahead(lambda: ran.append("ahead"))
    explorer._band.join()
    assert ran == ["ahead"]
    assert_no_error(other)

"""The population part of the academic tier without a browser: build each explorer, move each control from
Python (the same observers a slider move fires), check that the figure and the words change and that the
same settings give the same figure data; the tornado and validation figures; the band of how men differ
on the fundamentals and protocol explorers (off by default, computed only when ticked)."""
import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hpgviz.explorers import checkpoints, population as pop, protocols as protocol_explorers, trt  # noqa: E402


from hpgviz.analysis import recovery as rec  # noqa: E402
from hpgviz.analysis.events import time_to  # noqa: E402
from hpgviz.analysis.published import LIU_2006  # noqa: E402
from hpgviz.viz.panels import cohort_percentiles  # noqa: E402
from hpgviz.explorers.runs import Moves  # noqa: E402
from explorer_testing import assert_no_error  # noqa: E402


def km(explorer):
    return (np.asarray(explorer.km_line.get_xdata(), float), np.asarray(explorer.km_line.get_ydata(), float))


@pytest.fixture(scope="module")
def population():
    return pop.PopulationExplorer()


# --- Population explorer ------------------------------------------------------------------------------------

def test_population_builds_with_curve_points_and_words(population):
    assert_no_error(population)
    months, share = km(population)
    assert months[0] == 0 and months[-1] == rec.FOLLOW_UP_MONTHS and np.all(np.diff(share) >= 0)
    assert list(population.published.get_xdata()) == [m for m, _ in LIU_2006["share_by_month"]]
    assert "Liu 2006" in population.summary_text
    assert "95 % interval" in population.details.value
    assert population.progress.layout.visibility == "hidden"


def test_same_settings_same_figure_data(population):
    pop.clear_cache()                                           # simulate afresh, not from the cache
    other = pop.PopulationExplorer()
    assert other.recovery is not population.recovery
    for a, b in zip(km(population), km(other)):
        np.testing.assert_array_equal(a, b)
    for la, lb in zip(population.third_lines, other.third_lines):
        np.testing.assert_array_equal(la.get_xdata(), lb.get_xdata())
    assert population.summary_text == other.summary_text


@pytest.mark.parametrize("control,value,words", [("dose", 100, "100 mg a week"), ("months", 6, "for 6 months"),
                                                 ("age", 50, "(aged 40-60)")])
def test_each_slider_re_simulates_and_says_so(control, value, words):
    explorer = pop.PopulationExplorer()
    runs = explorer.simulations
    getattr(explorer, control).value = value
    assert_no_error(explorer)
    assert explorer.simulations == runs + 1
    assert words in explorer.summary_text and words.split()[0] in explorer.km_title.get_text() + explorer.summary_text


def test_the_ester_choice_re_simulates_names_the_ester_and_changes_little():
    """A man on cypionate finds his ester; per mg of T the esters are one drug in the model (C23), so the
    cohort's median moves only by cypionate's ~3 % less T per mg."""
    explorer = pop.PopulationExplorer(men=200)
    runs, enanthate = explorer.simulations, explorer.recovery.median_months()
    explorer.ester.value = "testosterone_cypionate"
    assert_no_error(explorer)
    assert explorer.simulations == runs + 1 and explorer.recovery.agent == "testosterone_cypionate"
    assert "cypionate" in explorer.summary_text and "enanthate" not in explorer.summary_text
    assert abs(explorer.recovery.median_months() / enanthate - 1) < 0.1
    assert "ester=testosterone_cypionate" in explorer.settings_text()
    with pytest.raises(ValueError, match="agent must be one of"):
        rec.trt_regimen(200, 12, "hcg")


def test_threshold_moves_the_curve_left_and_drops_the_published_points():
    explorer = pop.PopulationExplorer()
    at20 = explorer.recovery
    explorer.threshold.value = 3.0
    assert_no_error(explorer)
    at3 = explorer.recovery
    assert at3.threshold == 3.0 and len(explorer.published.get_xdata()) == 0
    for month in (2, 3, 4):
        assert at3.share_by(month) >= at20.share_by(month)
    assert "Liu 2006: 2.5 months" in explorer.summary_text


def test_a_bigger_cohort_shows_its_size():
    explorer = pop.PopulationExplorer(months=6)
    explorer.men.value = 1000
    assert_no_error(explorer)
    assert explorer.recovery.n == 1000
    assert f"{explorer.recovery.eligible} simulated men" in explorer.summary_text


def test_progress_bar_moves_and_hides(monkeypatch):
    """A run that takes longer than PROGRESS_AFTER shows the bar moving part by part, then hides it."""
    monkeypatch.setattr(pop, "PROGRESS_AFTER", 0.0)
    explorer = pop.PopulationExplorer(months=9)
    seen, shown = [], []
    explorer.progress.observe(lambda change: seen.append(change["new"]), names="value")
    explorer.progress.layout.observe(lambda change: shown.append(change["new"]), names="visibility")
    explorer.months.value = 10
    parts = -(-explorer.men.value // rec.PART)
    assert seen[-parts:] == [min(1.0, k * rec.PART / explorer.men.value) for k in range(1, parts + 1)]
    assert shown[-2:] == ["visible", "hidden"] and explorer.progress.layout.visibility == "hidden"


def test_a_quick_move_sends_no_progress(monkeypatch):
    """A run quicker than PROGRESS_AFTER leaves the bar alone (no message to the page)."""
    monkeypatch.setattr(pop, "PROGRESS_AFTER", 1e9)
    explorer = pop.PopulationExplorer(months=9)
    changes = []
    explorer.progress.observe(changes.append, names="value")
    explorer.progress.layout.observe(changes.append, names="visibility")
    explorer.months.value = 10
    assert explorer.simulations == 2 and changes == []


def test_a_control_moved_back_costs_no_simulation():
    explorer = pop.PopulationExplorer(months=7)
    first = explorer.recovery
    explorer.months.value = 8
    explorer.months.value = 7
    assert explorer.recovery is first


def _counting_simulate(monkeypatch):
    """Count the men the population page simulates (analysis.recovery's simulate calls, in any thread)."""
    men = []
    real = rec.simulate

    def counted(*args, **kwargs):
        men.append(kwargs["patient"].n)
        return real(*args, **kwargs)
    monkeypatch.setattr(rec, "simulate", counted)
    return men


def test_a_threshold_change_simulates_nobody(monkeypatch):
    """Every threshold's recovery times come from one run: the threshold menu re-reads them, and they are
    what a run at that threshold alone gives."""
    explorer = pop.PopulationExplorer(men=200, months=5)
    men = _counting_simulate(monkeypatch)
    explorer.threshold.value = 10.0
    assert_no_error(explorer)
    assert men == [] and explorer.recovery.threshold == 10.0
    alone = rec.cohort_recovery(200, 0, 200, 5, 30, 10.0, **rec.PAGE_GRID)
    np.testing.assert_array_equal(explorer.recovery.times, alone.times)
    np.testing.assert_array_equal(explorer.recovery.observed, alone.observed)


def test_a_slider_step_runs_the_next_step_ahead_and_a_second_press_finds_it(monkeypatch):
    pop.clear_cache()
    explorer = pop.PopulationExplorer(men=200, months=11, dose=150)
    men = _counting_simulate(monkeypatch)
    explorer.dose.value = 175            # a step right: the page runs 200 next, in the background
    fn, args, kwargs = explorer._cohort_call(dose=200)
    explorer._ahead.settle(fn, *args, **kwargs)
    ahead = pop.cohort_run(200, 0, 200, 11, 30, explorer.threshold.value)
    assert sum(men) == 2 * 200           # the move's run and the one ahead, not another
    explorer.dose.value = 200
    assert_no_error(explorer)
    assert explorer.recovery is ahead and sum(men) == 2 * 200   # the second press simulates nobody
    fn, args, kwargs = explorer._cohort_call(dose=225)
    explorer._ahead.settle(fn, *args, **kwargs)
    assert sum(men) == 3 * 200                                   # and 225 ran ahead
    explorer.close()


def test_a_move_the_run_ahead_did_not_foresee_stops_it_and_answers_as_before(monkeypatch):
    monkeypatch.setattr(rec, "PART", 50)              # 4 parts: a run ahead stops at the end of one
    pop.clear_cache()
    explorer = pop.PopulationExplorer(men=200, months=4, age=40)
    explorer._ahead.after = 0.0
    explorer.age.value = 41                           # 42 runs ahead
    men = _counting_simulate(monkeypatch)
    explorer._ahead.after = 60.0                      # (the run ahead of this next move waits: not counted)
    explorer.months.value = 3                         # not 42: that run stops at its next part
    assert_no_error(explorer)
    assert explorer.recovery.months == 3 and explorer.recovery.age == 41
    assert sum(men) < 200 + 200                       # the move's run, and not all of the run ahead
    pop.clear_cache()
    again = pop.cohort_run(200, 0, 200, 3, 41, explorer.threshold.value)
    np.testing.assert_array_equal(explorer.recovery.times, again.times)
    explorer.close()


def test_another_explorers_move_stops_a_run_ahead(monkeypatch):
    monkeypatch.setattr(rec, "PART", 50)              # 4 parts: a run ahead stops at the end of one
    pop.clear_cache()
    other = pop.SensitivityExplorer()
    explorer = pop.PopulationExplorer(men=200, months=4, age=44)
    explorer._ahead.after = 0.0
    explorer.age.value = 45                           # 46 runs ahead
    men = _counting_simulate(monkeypatch)
    other.factor.value = 1.1                          # the reader moved on: the run ahead gives way
    explorer._ahead._thread.join(10)
    assert sum(men) < 200
    explorer.close()


def test_settings_round_trip_and_csv(population):
    text = population.settings_text()
    assert "dose=200" in text and "threshold=20" in text
    other = pop.PopulationExplorer(dose=100)
    other.reopen(text)
    assert other.dose.value == 200
    csv = population.csv_text()
    assert "months after the stop" in csv.splitlines()[1]


# --- Sensitivity ----------------------------------------------------------------------------------------------

def test_tornado_figure_has_bars_and_words():
    fig = pop.tornado_figure(top=8)
    assert len(fig.figure.axes[0].patches) == 16              # a low and a high bar per parameter
    assert "largest movers" in fig.text
    assert fig.text in fig.bundle()["text/plain"]


def test_sensitivity_explorer_moves_the_marker_and_the_words():
    explorer = pop.SensitivityExplorer()
    assert_no_error(explorer)
    before = explorer.sweep_marker.get_ydata()[0]
    explorer.factor.value = 1.2
    assert_no_error(explorer)
    after = explorer.sweep_marker.get_ydata()[0]
    assert after > before                                       # a longer pipeline, later sperm
    assert "1.20 x default" in explorer.summary_text
    explorer.parameter.value = "clearance_factor"
    assert_no_error(explorer)
    assert explorer.summary_text.startswith("clearance_factor")
    assert explorer.sweep_line.get_xdata()[0] == pytest.approx(0.5)


# --- Validation -------------------------------------------------------------------------------------------------

ROWS = [
    {"id": "C7", "key": "C7 median to 20 M/mL", "scenario": "TE 200 mg/wk 12 months", "quantity": "median",
     "model": 2.5, "target": 3.4, "tolerance": 0.85, "check": "near", "unit": "months", "passes": False,
     "source": "Liu 2006", "note": "recovers too fast"},
    {"id": "C6", "key": "C6 azoospermic", "scenario": "TE 200", "quantity": "share azoospermic", "model": 0.6,
     "target": 0.65, "tolerance": 0.1, "check": "near", "unit": "share", "passes": True, "source": "WHO 1990",
     "note": ""},
    {"id": "C20", "key": "C20 longer is slower", "scenario": "TC", "quantity": "days longer", "model": 0.0,
     "target": 0.0, "tolerance": 0.0, "check": "above", "unit": "days", "passes": False, "source": "Liu 2006",
     "note": "no slow adaptation"},
]


def test_validation_figure_places_rows_and_states_misses():
    fig = pop.validation_figure(ROWS)
    ax = fig.figure.axes[0]
    xs = [line.get_xdata()[0] for line in ax.lines if line.get_marker() in ("o", "s", "<", ">")]
    assert xs[0] == pytest.approx((2.5 - 3.4) / 0.85) and xs[1] == pytest.approx(-0.5)
    assert xs[2] == -pop._FAR                                   # an ordering missed: drawn at the low edge
    assert fig.text.startswith("The model meets 1 of 3 targets.")
    assert "C7, median: model 2.5 months, target 3.4 months ± 0.85 (recovers too fast)." in fig.text
    assert "target above 0 days" in fig.text and "C6," not in fig.text


def test_validation_table_rows():
    table = pop.validation_table(ROWS)
    assert len(table) == 3 and table.rows[1]["model"] == "60 %" and table.rows[1]["met"] == "yes"


def _shown(monkeypatch):
    """What display() shows, in order (the section displays its parts instead of returning them)."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
    return shown


def test_validation_section_shows_figure_and_table_at_once_when_the_runs_are_cached(monkeypatch):
    monkeypatch.setattr(pop, "_VALIDATED", {True: ROWS})
    shown = _shown(monkeypatch)
    section = pop.validation_section()
    section._ipython_display_()
    assert section.thread is None and [type(x) for x in shown] == [pop.FigureWithText, type(pop.validation_table(ROWS))]
    assert shown[0].text == pop.validation_figure(ROWS).text and shown[1].rows == pop.validation_table(ROWS).rows


def test_validation_section_returns_before_an_uncached_run_ends_then_fills_its_box(monkeypatch):
    import threading
    release = threading.Event()

    def slow_validate(fast, before_run=None):
        assert release.wait(10), "the test never released the run"
        return ROWS

    monkeypatch.setattr(pop, "_VALIDATED", {})
    monkeypatch.setattr(pop.validation, "is_cached", lambda fast: False)
    monkeypatch.setattr(pop.validation_child, "run_in_a_child", lambda fast: False)
    monkeypatch.setattr(pop.validation, "validate", slow_validate)
    shown = _shown(monkeypatch)
    section = pop.validation_section()
    section._ipython_display_()                 # returns while the run is still going: the page is free
    assert shown == [section.box] and section.thread.is_alive()
    assert "running the validation" in section.box.outputs[0]["text"]
    release.set()
    section.thread.join(10)
    assert len(section.box.outputs) == 2
    assert all("application/vnd.jupyter.widget-view+json" in out["data"] for out in section.box.outputs)
    figure, table = (view.value for view in section.views)
    shown_figure = pop.validation_figure(ROWS)
    assert f'alt="{shown_figure.alt}' in figure and "data:image/png;base64," in figure   # the picture keeps its alt text
    assert shown_figure.text.split(".")[0] in figure   # its words in the page (the first sentence)
    assert "<table" in table


def test_validation_section_lets_the_explorers_moves_go_first(monkeypatch):
    """The section's run waits before each scenario not in the cache (validate's before_run) until no explorer has
    answered a move for a second: the model's threads are shared, so a move would otherwise queue behind it."""
    asked = []
    monkeypatch.setattr(pop, "_VALIDATED", {})
    monkeypatch.setattr(pop.validation, "is_cached", lambda fast: False)
    monkeypatch.setattr(pop.validation_child, "run_in_a_child", lambda fast: False)
    monkeypatch.setattr(pop.validation, "validate", lambda fast, before_run=None: asked.append(before_run) or ROWS)
    _shown(monkeypatch)
    section = pop.validation_section()
    section._ipython_display_()
    section.thread.join(10)
    assert asked == [Moves.wait_quiet]


def test_quiet_means_no_explorer_answered_a_move_for_a_while():
    import time
    explorer = pop.SensitivityExplorer()
    explorer.factor.value = 1.1                     # a move: its callback sets the quiet clock
    assert Moves.running == 0 and time.monotonic() - Moves.ended < 1.0
    Moves.wait_quiet(0.3, poll=0.01)
    assert time.monotonic() - Moves.ended >= 0.3


def test_validation_section_shows_a_failed_run_in_its_box(monkeypatch):
    def broken(fast, before_run=None):
        raise RuntimeError("no model")

    monkeypatch.setattr(pop, "_VALIDATED", {})
    monkeypatch.setattr(pop.validation, "is_cached", lambda fast: False)
    monkeypatch.setattr(pop.validation_child, "run_in_a_child", lambda fast: False)
    monkeypatch.setattr(pop.validation, "validate", broken)
    _shown(monkeypatch)
    section = pop.validation_section()
    section._ipython_display_()
    section.thread.join(10)
    (out,) = section.box.outputs
    assert out["name"] == "stderr" and "no model" in out["text"]


# --- The band: how men differ ---------------------------------------------------------------------------------

def caption_words(plot):
    """A panel figure's caption as one line (the figure wraps a long caption at its edge)."""
    return plot.caption.get_text().replace("\n", " ")


def test_trt_band_is_off_by_default_and_costs_nothing():
    explorer = trt.TRTExplorer()
    assert explorer.spread.value is False and explorer.cohort_result is None
    assert explorer.panels.spreads and not any(spread.get_visible() for spread in explorer.panels.spreads.values())
    assert caption_words(explorer.panels) != rec.BAND_LABEL
    runs = explorer.simulations
    explorer.dose.value = 150
    assert explorer.simulations == runs + 1 and explorer.cohort_result is None


def test_trt_band_when_ticked():
    explorer = trt.TRTExplorer()
    explorer.spread.value = True
    assert_no_error(explorer)
    cohort = explorer.cohort_result
    assert cohort["sperm"].shape == (rec.BAND_MEN, len(cohort.t))
    assert explorer.panels.spreads["sperm", 0].get_visible()
    lo, hi = cohort_percentiles(cohort, "sperm", "conventional", rec.BAND_PERCENTILES)
    median = np.median(cohort["sperm"], axis=0)
    assert np.all(lo <= median + 1e-9) and np.all(median <= hi + 1e-9)
    caption = caption_words(explorer.panels)
    assert caption == rec.BAND_LABEL
    assert "differences between men in the model; not measurement error, not the model's own uncertainty" in caption
    p10, p90 = rec.between_men_days(cohort, after=explorer.weeks.value * 7)
    man, _ = time_to(explorer.result, "sperm", rec.SPERM_THRESHOLD, after=explorer.weeks.value * 7)
    assert p10 <= man <= p90                                    # the default man sits inside his cohort
    assert f"{p10:.0f} to {p90:.0f} days" in explorer.summary_text
    explorer.dose.value = 100                                  # a change re-simulates the band's men too
    assert explorer.cohort_result is not cohort
    explorer.spread.value = False
    assert explorer.cohort_result is None and not explorer.panels.spreads["sperm", 0].get_visible()
    assert "Between men" not in explorer.summary_text


def test_comparison_band_off_by_default_then_per_protocol():
    view = protocol_explorers.ComparisonView()
    assert view.spread.value is False and view.cohort_results == []
    assert not any(s.get_visible() for s in view.plot.spreads.values())
    view.spread.value = True
    assert_no_error(view)
    assert len(view.cohort_results) == len(view.results)
    shown = {s for (_name, s), art in view.plot.spreads.items() if art.get_visible()}
    assert shown == set(range(len(view.results)))
    assert caption_words(view.plot) == rec.BAND_LABEL
    assert view.progress.layout.visibility == "hidden"
    assert "Between men" in view.summary_text
    view.spread.value = False
    assert not any(s.get_visible() for s in view.plot.spreads.values())
    assert caption_words(view.plot) != rec.BAND_LABEL


def test_checkpoint_population_is_coarse():
    text = checkpoints.checkpoint_population()
    median = float(text.split("about ")[1].split()[0])
    assert text.startswith("Cohort of") and "months" in text and not math.isnan(median)


def test_scenario_figure_shades_only_the_scenarios_given_a_cohort():
    from hpgviz import Cohort, Course, Regimen, simulate
    from hpgviz.viz.panels import ScenarioFigure
    reg = Regimen([Course("testosterone_cypionate", dose=200, every_days=7, start_day=0, stop_day=84)])
    man, men = simulate(reg, days=200), simulate(reg, days=200, patient=Cohort(n=30, seed=0), dt=1.0)
    fig = ScenarioFigure((("T",), ("sperm",)), scenarios=2)
    fig.update([man, man], spreads=[men, None], spread_caption="band")
    assert fig.spreads["sperm", 0].get_visible() and not fig.spreads["sperm", 1].get_visible()
    assert fig.caption.get_text() == "band"
    verts = fig.spreads["sperm", 0].get_paths()[0].vertices
    assert verts[:, 1].max() >= man["sperm"].max() * 0.5
    fig.update([man, man])
    assert not fig.spreads["sperm", 0].get_visible() and fig.caption.get_text() != "band"

"""The academic explorers (part 1) without a browser: build each one, move every control from Python (the same
observers a slider move fires), and check that the figure, the table and the text change, with no NaN and
in the direction the physiology says. Then a property test over each explorer's whole control space."""
import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import functools  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hpgviz.explorers import adaptation, agents, checkpoints, failure, pulses, spermatogenesis  # noqa: E402
from hpgviz.content.labels import reading as range_reading  # noqa: E402
from hpgviz.model import states  # noqa: E402
from hpgviz.viz.style import STYLE  # noqa: E402
from hpgviz.model.parameters import AZOOSPERMIA, PHYSIOLOGY, REFERENCE_RANGES  # noqa: E402
from explorer_testing import assert_no_error  # noqa: E402

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line_data(figure):
    """Every line's y data in the figure, concatenated (what a control change must move)."""
    ys = [np.asarray(line.get_ydata(), dtype=float) for ax in figure.axes for line in ax.get_lines()]
    return np.concatenate([y.ravel() for y in ys if y.size])


def bar_widths(explorer):
    return np.array([b.get_width() for b in explorer.bars])


def assert_finite(figure):
    y = line_data(figure)
    assert y.size and np.all(np.isfinite(y)), "NaN or inf in a plotted line"


def numbers(text):
    return [float(x) for x in re.findall(r"[-+]?\d+(?:\.\d+)?", text.replace(",", ""))]


def moved(explorer, figure, **change):
    """Apply `change` through set(); return (figure data before, after, summary before, after)."""
    before, text = line_data(figure).copy(), explorer.summary_text
    runs = explorer.simulations
    explorer.set(**change)
    assert_no_error(explorer)
    assert explorer.simulations == runs + 1, "one recomputation per change"
    assert_finite(figure)
    return before, line_data(figure), text, explorer.summary_text


def changed(a, b):
    return a.shape != b.shape or not np.allclose(a, b)


# --- Adaptation --------------------------------------------------------------------------------------------

def test_adaptation_has_one_box_per_switchable_state():
    ex = adaptation.AdaptationExplorer()
    assert_no_error(ex)
    assert list(ex.boxes) == [s.name for s in states.STATES if s.switchable]
    assert all(box.value for box in ex.boxes.values())


def test_adaptation_boxes_follow_the_registry(monkeypatch):
    """The explorer reads the registry: a state the model gains (or loses) shows up without code changes here."""
    kept = tuple(s for s in states.STATES if s.name != "sertoli")
    monkeypatch.setattr(states, "STATES", kept)
    ex = adaptation.AdaptationExplorer()
    assert "sertoli" not in ex.boxes and list(ex.boxes) == [s.name for s in kept if s.switchable]


@pytest.mark.parametrize("control,value", [("dose", 100), ("weeks", 104)])
def test_adaptation_sliders_move_the_figure(control, value):
    ex = adaptation.AdaptationExplorer()
    a, b, t0, t1 = moved(ex, ex.plot.figure, **{control: value})
    assert changed(a, b) and t0 != t1


@pytest.mark.parametrize("name", [s.name for s in states.STATES if s.switchable])
def test_each_state_box_reruns_with_that_state_off(name):
    ex = adaptation.AdaptationExplorer(weeks=24)
    moved(ex, ex.plot.figure, **{f"keep_{name}": False})
    assert ex.off() == [name]
    on, off = ex.results
    assert off is not None and np.all(np.asarray(off.states[name]) == np.asarray(off.states[name])[0]), \
        "a state switched off stays at its untreated value"
    assert f"With {name} off" in ex.summary_text
    ex.set(**{f"keep_{name}": True})
    assert ex.results[1] is None and "Untick a state" in ex.summary_text


def test_without_the_gnrh_controller_trt_no_longer_suppresses_lh():
    ex = adaptation.AdaptationExplorer(weeks=24, off=("gnrh",))
    on, off = ex.results
    during = on.t < 24 * 7
    assert np.min(off["LH"][during]) > 10 * np.min(on["LH"][during])


def test_adaptation_rejects_unknown_states():
    with pytest.raises(ValueError, match="off"):
        adaptation.AdaptationExplorer(off=("no_such_state",))


# --- Points of failure ------------------------------------------------------------------------------------

def test_failure_levels_are_read_from_the_patient_parameters():
    levels = [p for p, *_ in failure.failure_levels()]
    assert levels and set(levels) <= set(PHYSIOLOGY)
    assert ("pituitary_capacity" in levels) == ("pituitary_capacity" in PHYSIOLOGY)
    ex = failure.FailureExplorer()
    assert [v for _, v in ex.level.options] == levels


@pytest.mark.parametrize("level", [p for p, *_ in failure.failure_levels()])
def test_each_level_changes_the_labs_the_table_and_the_text(level):
    ex = failure.FailureExplorer(level=level, capacity=100)
    widths, table, text = bar_widths(ex).copy(), ex.table.value, ex.summary_text
    ex.set(capacity=10)
    assert_no_error(ex)
    assert_finite(ex.figure)
    assert changed(widths, bar_widths(ex)) and table != ex.table.value and text != ex.summary_text


def test_level_menu_and_slider_each_rerun_once():
    ex = failure.FailureExplorer(level="gnrh_capacity", capacity=5)
    for change in ({"level": "leydig_capacity"}, {"capacity": 50}):
        runs, widths = ex.simulations, bar_widths(ex).copy()
        ex.set(**change)
        assert ex.simulations == runs + 1 and changed(widths, bar_widths(ex))


def reading(ex, lab):
    return next(r["reading"] for r in ex.rows(failure.lab_values(ex.runs), failure.lab_values(ex.healthy),
                                             (failure.gnrh_rise(ex.runs["gnrh_test"]), failure.hcg_rise(ex.runs["hcg_test"])))
                if r["lab"] == lab)


def test_leydig_failure_reads_as_primary():
    ex = failure.FailureExplorer(level="leydig_capacity", capacity=10)
    labs = failure.lab_values(ex.runs)
    assert labs["LH"] > REFERENCE_RANGES["LH"][1] and labs["T"] < REFERENCE_RANGES["T"][0]
    assert "primary" in ex.summary_text
    assert failure.hcg_rise(ex.runs["hcg_test"]) < failure.BLUNTED * ex.healthy_rises[1]
    assert reading(ex, "T rise 72 h after hCG") == "blunted"


def test_gnrh_deficiency_reads_as_secondary_with_a_working_pituitary():
    ex = failure.FailureExplorer(level="gnrh_capacity", capacity=5)
    labs = failure.lab_values(ex.runs)
    assert labs["T"] < REFERENCE_RANGES["T"][0] and labs["LH"] <= REFERENCE_RANGES["LH"][1]
    assert "above the testis" in ex.summary_text and "GnRH neurons are the likelier level" in ex.summary_text
    assert reading(ex, "LH rise after gonadorelin") == "normal"


def test_sertoli_failure_spares_testosterone():
    ex = failure.FailureExplorer(level="sertoli_capacity", capacity=10)
    labs = failure.lab_values(ex.runs)
    assert labs["inhibin_B"] < REFERENCE_RANGES["inhibin_B"][0]
    assert REFERENCE_RANGES["T"][0] <= labs["T"] <= REFERENCE_RANGES["T"][1]
    assert "Sertoli" in ex.summary_text


def test_germ_cell_failure_reads_from_the_reference_ranges():
    """Losing germ cells alone: FSH above its range, T and LH inside theirs, no sperm, all as the numbers say."""
    ex = failure.FailureExplorer(level="germ_cell_capacity", capacity=5)
    labs = failure.lab_values(ex.runs)
    readings = {row["lab"]: row["reading"] for row in ex.rows(labs, failure.lab_values(ex.healthy), ex.healthy_rises)}
    assert labs["FSH"] > REFERENCE_RANGES["FSH"][1] and readings[STYLE["FSH"].label] == "high"
    assert readings[STYLE["T"].label] == "normal" and readings[STYLE["LH"].label] == "normal"
    assert labs["sperm"] < AZOOSPERMIA and "no sperm" in ex.summary_text


def test_fsh_inside_its_range_is_read_normal():
    """An FSH of 12 IU/L lies inside the reference range: the explorer must not call it high."""
    assert range_reading("FSH", 12.0) == "normal"
    assert "high FSH" not in failure.lab_pattern(dict(LH=5, FSH=12, T=500, inhibin_B=40, sperm=30), 4, 500, 4, 500)


def test_hcg_test_shows_the_plateau_over_a_week():
    """C29 through the explorer: the healthy man's T after hCG is highest at 2-4 days and stays above its
    starting value for the week shown."""
    res = failure.FailureExplorer().healthy["hcg_test"]
    start = failure.HCG_TEST["start"]
    after = res.t >= start
    peak_day = res.t[after][int(np.argmax(res["T"][after]))] - start
    assert 2.0 <= peak_day <= 4.0 and res.t[-1] - start >= 7.0
    assert res["T"][after].min() >= res.at(0.0, "T") * (1 - 1e-9)   # to rounding: the first point is the start


def test_summary_numbers_are_the_test_results():
    ex = failure.FailureExplorer(level="leydig_capacity", capacity=30)
    rise = failure.hcg_rise(ex.runs["hcg_test"])
    assert f"{rise:+.0f} ng/dL at 72 h" in ex.summary_text


@pytest.mark.parametrize("labs,rises,expected", [
    (dict(LH=30, FSH=40, T=100, inhibin_B=30, sperm=1), (4, 0, 4, 500), "primary failure"),
    (dict(LH=1, FSH=1.5, T=150, inhibin_B=100, sperm=20), (4, 800, 4, 500), "GnRH neurons are the likelier"),
    (dict(LH=1, FSH=1.5, T=150, inhibin_B=100, sperm=20), (0.5, 800, 4, 500), "gonadotropes are the likelier"),
    (dict(LH=5, FSH=25, T=500, inhibin_B=15, sperm=2), (4, 500, 4, 500), "Sertoli and germ cells"),
    (dict(LH=14, FSH=6, T=500, inhibin_B=120, sperm=50), (4, 100, 4, 500), "compensated"),
    (dict(LH=5, FSH=5, T=600, inhibin_B=130, sperm=70), (4, 500, 4, 500), "inside its reference range"),
])
def test_lab_pattern_reads_the_loop_backwards(labs, rises, expected):
    assert expected in failure.lab_pattern(labs, *rises)


# --- Pulses --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("control,value", [("day", 20), ("interval", 180)])
def test_pulse_controls_move_the_figure(control, value):
    ex = pulses.PulseExplorer()
    a, b, t0, t1 = moved(ex, ex.figure, **{control: value})
    assert changed(a, b) and t0 != t1


def test_pulses_stimulate_continuous_desensitises_twice_weekly_idles():
    ex = pulses.PulseExplorer(day=14, interval=90)
    mean = {k: pulses.mean_between(r, "LH", 13, 14) for k, r in ex.runs.items()}
    assert mean["pump"] > 2 * mean["no drug"]
    assert mean["continuous"] < mean["no drug"]
    assert float(ex.runs["continuous"].states["pituitary_desensitisation"][-1]) > 0.5
    # day 14 has no injection (they fall on days 0, 3.5, 7, 10.5): LH is where it is with no drug
    assert mean["twice weekly"] == pytest.approx(mean["no drug"], rel=0.05)
    for name in ("pump", "continuous", "twice weekly", "no drug"):
        assert f"{name} {mean[name]:.1f} IU/L" in ex.summary_text


def test_pulses_a_week_follow_the_interval():
    ex = pulses.PulseExplorer(interval=120)
    assert f"gives {7 * 1440 / 120:.0f} pulses a week" in ex.summary_text


@pytest.mark.parametrize("control,step", [("day", 1), ("interval", 15)])
def test_pulses_next_step_is_run_ahead(monkeypatch, control, step):
    """After a slider's move, the runs of its next step the same way are computed in the background (RunAhead):
    pressing the arrow key again simulates nothing in the move itself."""
    from hpgviz.explorers import runs
    ex = pulses.PulseExplorer()
    slider = getattr(ex, control)
    slider.value += step
    fn, args, kwargs = ex._runs_call(**{control: slider.value + step})
    ex._ahead.settle(fn, *args, **kwargs)     # waits for the run ahead: it is this one
    calls = []
    simulate = runs.simulate_pulses
    counted = functools.wraps(simulate)(lambda *a, **k: calls.append(a) or simulate(*a, **k))   # the same cache key
    monkeypatch.setattr(runs, "simulate_pulses", counted)
    slider.value += step
    assert_no_error(ex)
    assert calls == [] and ex.runs["pump"].t[-1] == pytest.approx(ex.day.value)


# --- SERM responsiveness --------------------------------------------------------------------------------------

@pytest.mark.parametrize("control,value", [("dose", 50.0), ("leydig", 30), ("man", "healthy")])
def test_serm_controls_move_the_figure(control, value):
    ex = agents.SERMResponseExplorer()
    a, b, t0, t1 = moved(ex, ex.plot.figure, **{control: value})
    assert changed(a, b) and t0 != t1


def _rise(ex, name):
    t0, t1 = agents.SERM_START + (agents.SERM_WEEKS - 2) * 7, agents.SERM_START + agents.SERM_WEEKS * 7
    return pulses.mean_between(ex.with_serm, name, t0, t1) / pulses.mean_between(ex.without, name, t0, t1) - 1


def test_a_serm_needs_a_testis_that_can_respond():
    ex = agents.SERMResponseExplorer(leydig=100)
    t_full, lh_full = _rise(ex, "T"), _rise(ex, "LH")
    ex.set(leydig=20)
    assert _rise(ex, "T") < 0.5 * t_full            # testosterone follows far less
    assert _rise(ex, "LH") >= lh_full               # while LH rises at least as much
    assert f"({100 * _rise(ex, 'T'):+.0f} %)" in ex.summary_text


# --- Spermatogenesis -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("control,value", [("days", 74), ("fsh_need", 0.1), ("hcg", True)])
def test_sperm_controls_move_the_figure(control, value):
    ex = spermatogenesis.SpermatogenesisExplorer()
    a, b, t0, t1 = moved(ex, ex.plot.figure, **{control: value})
    assert changed(a, b) and t0 != t1
    assert len(ex.results) == 2      # the defaults stay on the figure for comparison


def _sperm_back(res):
    stop = spermatogenesis.SPERM_TRT_WEEKS * 7
    days, seen = adaptation.time_to(res, "sperm", adaptation.SPERM_THRESHOLD, stop)
    assert seen
    return days


def test_a_longer_pipeline_delays_sperm_not_lh():
    short, long = spermatogenesis.sperm_runs(days=64), spermatogenesis.sperm_runs(days=74)
    delay = _sperm_back(long) - _sperm_back(short)
    assert 5 <= delay <= 15
    assert np.allclose(short["LH"], long["LH"])


def test_hcg_keeps_itt_and_sperm_but_not_fsh():
    stop = spermatogenesis.SPERM_TRT_WEEKS * 7
    alone, with_hcg = spermatogenesis.sperm_runs(hcg=False), spermatogenesis.sperm_runs(hcg=True)
    on_trt = (alone.t > stop - 28) & (alone.t < stop)
    assert with_hcg["ITT"][on_trt].mean() > 5 * alone["ITT"][on_trt].mean()
    assert with_hcg["sperm"][on_trt].mean() > 5 * alone["sperm"][on_trt].mean()
    assert with_hcg["FSH"][on_trt].mean() < 0.5 * REFERENCE_RANGES["FSH"][0]
    needs_fsh = spermatogenesis.sperm_runs(fsh_independent=0.1, hcg=True)
    assert needs_fsh["sperm"][on_trt].mean() < 0.5 * with_hcg["sperm"][on_trt].mean()


def test_sperm_summary_ties_to_the_run():
    ex = spermatogenesis.SpermatogenesisExplorer(days=70)
    assert f"after {_sperm_back(ex.result):.0f} days" in ex.summary_text
    assert "70-day pipeline" in ex.summary_text


def test_checkpoints_print(capsys):
    checkpoints.print_mechanisms()
    out = capsys.readouterr().out
    assert "LH high" in out and "T low" in out      # the Leydig line: primary failure
    assert "pump every 90 min 112" in out


# --- Property tests: no setting of any control raises, or gives NaN or a negative value --------------------------

def assert_sane(res):
    for name in res.names:
        x = np.asarray(res[name], dtype=float)
        assert np.all(np.isfinite(x)), f"{name}: non-finite"
        assert np.all(x >= 0), f"{name}: negative {x.min()}"
    for name, x in res.states.items():
        assert np.all(np.isfinite(np.asarray(x, dtype=float))), f"state {name}"


SWITCHABLE = [s.name for s in states.STATES if s.switchable]


@SETTINGS
@given(st.integers(2, 12).map(lambda k: 25 * k), st.integers(1, 39).map(lambda k: 4 * k),
       st.lists(st.sampled_from(SWITCHABLE), unique=True))
def test_adaptation_space(dose, weeks, off):
    for res in adaptation.adaptation_runs(dose, weeks, tuple(off)):
        if res is not None:
            assert_sane(res)


@SETTINGS
@given(st.sampled_from([p for p, *_ in failure.failure_levels()]), st.integers(1, 20).map(lambda k: 5 * k))
def test_failure_space(level, percent):
    runs = failure.failure_runs(level, percent / 100)
    for res in runs.values():
        assert_sane(res)
    rises = failure.gnrh_rise(runs["gnrh_test"]), failure.hcg_rise(runs["hcg_test"])
    text = failure.lab_pattern(failure.lab_values(runs), *rises, 1.0, 1.0)
    assert "nan" not in text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 28), st.integers(2, 16).map(lambda k: 15 * k))
def test_pulse_space(day, interval):
    for res in pulses.pulse_runs(day, interval).values():
        assert_sane(res)


@SETTINGS
@given(st.sampled_from([12.5, 25.0, 37.5, 50.0]), st.integers(1, 20).map(lambda k: 5 * k),
       st.sampled_from(["secondary_hypogonadism", "healthy"]))
def test_serm_space(dose, leydig, man):
    for res in agents.serm_runs(dose, leydig, man):
        assert_sane(res)


@SETTINGS
@given(st.integers(64, 74), st.sampled_from([v for _, v in spermatogenesis._FSH_NEED]), st.booleans())
def test_sperm_space(days, fsh, hcg):
    assert_sane(spermatogenesis.sperm_runs(days, fsh, hcg))


def test_sliders_cannot_leave_the_valid_space():
    """Out-of-range values are clamped by the controls; the run functions reject what no control offers."""
    ex = failure.FailureExplorer()
    ex.capacity.value = 1000
    assert ex.capacity.value == ex.capacity.max
    assert_no_error(ex)
    assert f"at {ex.capacity.max} % of healthy" in ex.summary_text
    with pytest.raises(ValueError, match="parameter must be one of"):
        failure.failure_runs("no_such_capacity", 0.5)

"""Explorer wiring without a browser: set the controls from Python (this fires the same observers a
slider move fires) and check that the plotted lines move the way the physiology says."""
import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import math  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import hpgviz as hpg  # noqa: E402
from hpgviz.explorers import agents, checkpoints, estradiol, protocols as protocol_explorers, runs, trt  # noqa: E402
from explorer_testing import assert_counts_beside_trt, assert_no_error  # noqa: E402

T_PER_NMOL = 28.84   # ng/dL per nmol/L (Travison 2017)


@pytest.fixture
def explorer():
    return trt.TRTExplorer()


def line(explorer, name):
    return explorer.panels.lines[name, 0]


def ydata(explorer, name):
    return np.asarray(line(explorer, name).get_ydata(), dtype=float)


def xdata(explorer, name):
    return np.asarray(line(explorer, name).get_xdata(), dtype=float)


def first_day_at_or_above(explorer, name, level, after):
    """First plotted day after `after` where the line is back at or above `level`."""
    t, y = xdata(explorer, name), ydata(explorer, name)
    hits = np.where((t > after) & (y >= level))[0]
    return t[hits[0]] if hits.size else math.inf


# --- TRTExplorer ------------------------------------------------------------------------------------

@pytest.mark.pixels
def test_builds_with_a_figure_summary_and_no_error(explorer):
    assert_no_error(explorer)
    assert ydata(explorer, "T").size > 100
    assert "What the model shows" in explorer.summary.value
    assert "stopped on day 182" in explorer.summary.value
    # Agg backend: the fallback view holds a PNG for the browser and for nbval
    assert explorer.panel_view.widget.outputs[0]["data"]["image/png"]


def test_starting_trt_drives_lh_down(explorer):
    explorer.dose.value = 0
    lh_min_untreated = ydata(explorer, "LH").min()
    summary_untreated = explorer.summary.value
    explorer.dose.value = 200
    lh_min_trt = ydata(explorer, "LH").min()
    assert lh_min_untreated > 2.2                 # untreated: inside the LH reference range throughout
    assert lh_min_trt < 0.2 * lh_min_untreated    # TRT: LH falls by far more than half
    assert explorer.summary.value != summary_untreated
    assert "No TRT" in summary_untreated and "200 mg a week" in explorer.summary.value
    assert_no_error(explorer)


def test_intratesticular_t_collapses_while_serum_t_is_high(explorer):
    explorer.set(dose=200, weeks=26)
    t, itt, serum = xdata(explorer, "ITT"), ydata(explorer, "ITT"), ydata(explorer, "T")
    on_trt = (t > 8 * 7) & (t < 26 * 7)
    assert np.median(serum[on_trt]) > serum[0]            # serum T above its untreated level ...
    assert np.median(itt[on_trt]) < 0.25 * itt[0]         # ... while testicular T has collapsed


def test_longer_trt_means_later_sperm_recovery(explorer):
    explorer.set(dose=200, weeks=12)
    back_short = first_day_at_or_above(explorer, "sperm", 15, after=12 * 7)
    explorer.weeks.value = 52
    back_long = first_day_at_or_above(explorer, "sperm", 15, after=52 * 7)
    assert math.isfinite(back_short) and math.isfinite(back_long)
    assert back_long > back_short + 200           # recovery starts from the (later) stop day
    assert "stopped on day 364" in explorer.summary.value
    assert_no_error(explorer)


def test_horizon_always_leaves_a_year_after_the_stop(explorer):
    explorer.weeks.value = 104
    assert xdata(explorer, "T").max() >= 104 * 7 + 365
    assert explorer.day.max == explorer.days
    explorer.weeks.value = 10
    assert xdata(explorer, "T").max() == pytest.approx(730)


def test_unit_switch_converts_t_and_relabels_without_simulating(explorer):
    conventional = ydata(explorer, "T")
    runs = explorer.simulations
    explorer.units.value = "SI"
    np.testing.assert_allclose(ydata(explorer, "T"), conventional / T_PER_NMOL, rtol=1e-9)
    assert "nmol/L" in explorer.panels.axes[0].get_ylabel()
    assert "nmol/L" in explorer.summary.value and "ng/dL" not in explorer.summary.value
    assert explorer.simulations == runs           # units change the display, not the model
    explorer.units.value = "conventional"
    np.testing.assert_allclose(ydata(explorer, "T"), conventional)
    assert "ng/dL" in explorer.panels.axes[0].get_ylabel()
    assert_no_error(explorer)


def test_one_simulation_per_control_change(explorer):
    runs = explorer.simulations
    explorer.dose.value = 150
    explorer.ester.value = "testosterone_enanthate"
    explorer.interval.value = 3.5
    explorer.anastrozole.value = True
    assert explorer.simulations == runs + 4
    explorer.day.value = 40                       # the diagram's day needs no new simulation
    explorer.set(dose=100, weeks=40)              # several controls at once: one simulation
    assert explorer.simulations == runs + 5


def test_dose_changes_keep_the_t_axis_fixed(explorer):
    """A dose change moves the line, not the scale, so a reader sees the level change."""
    top = explorer.panels.axes[0].get_ylim()[1]
    for dose in (0, 50, 300, 100):
        explorer.dose.value = dose
        assert explorer.panels.axes[0].get_ylim()[1] == pytest.approx(top)


def test_twice_weekly_halves_each_injection_and_flattens_the_peaks(explorer):
    explorer.set(dose=200, interval=7.0)
    weekly_peak = ydata(explorer, "T").max()
    explorer.interval.value = 3.5
    assert explorer.result.regimen.courses[0].dose == 100
    assert explorer.result.regimen.courses[0].every_days == 3.5
    assert ydata(explorer, "T").max() < weekly_peak
    assert "2 injections of 100 mg" in explorer.summary.value


def test_anastrozole_lowers_e2_but_lh_stays_suppressed():
    e = trt.TRTExplorer(show_estradiol=True)
    on_trt = (xdata(e, "E2") > 8 * 7) & (xdata(e, "E2") < 26 * 7)
    e2_alone, lh_alone = ydata(e, "E2")[on_trt].mean(), ydata(e, "LH")[on_trt].mean()
    e.anastrozole.value = True
    e2_ai, lh_ai = ydata(e, "E2")[on_trt].mean(), ydata(e, "LH")[on_trt].mean()
    assert e2_ai < 0.9 * e2_alone                 # less estradiol ...
    assert lh_ai >= lh_alone                      # ... a little less feedback ...
    assert lh_ai < 0.3 * ydata(e, "LH")[0]        # ... but exogenous T still holds LH down
    assert {c.agent for c in e.result.regimen.courses} == {"testosterone_cypionate", "anastrozole"}
    assert "anastrozole" in e.summary.value and "Estradiol averaged" in e.summary.value
    assert_no_error(e)


def test_anastrozole_on_trt_gives_both_counts_and_names_the_missing_trial():
    """TRT with anastrozole: the summary gives the model's sperm count at the stop with it and on the same TRT alone
    (an independent run), and says that no trial has counted sperm on the combination (C22); without
    anastrozole it says neither."""
    e = trt.TRTExplorer(dose=100)
    assert "No trial has counted sperm" not in e.summary.value
    e.anastrozole.value = True
    stop = 26 * 7
    alone = hpg.simulate(hpg.Regimen([c for c in e.result.regimen.courses if c.agent != "anastrozole"]), days=stop + 1)
    assert_counts_beside_trt(e.summary.value, [e.result.at(stop, "sperm"), alone.at(stop, "sperm")], "anastrozole")
    assert_no_error(e)


def test_summary_says_when_sperm_never_left_the_normal_range(explorer):
    explorer.set(dose=10, weeks=1)
    assert f"sperm never fell below {runs.SPERM_THRESHOLD:g} million/mL" in explorer.summary.value
    assert "0 days after" not in explorer.summary.value


def test_day_slider_moves_the_diagram_and_the_cursor(explorer):
    explorer.day.value = 0
    lh_label_day0 = explorer.diagram.arrow_labels["LH"].get_text()
    explorer.day.value = 120
    assert explorer.diagram.arrow_labels["LH"].get_text() != lh_label_day0
    assert "100 %" in lh_label_day0 or "99 %" in lh_label_day0
    assert all(m.get_visible() and m.get_xdata()[0] == 120 for m in explorer.panels.markers)
    assert explorer.panels.marker_text.get_position()[0] == 120
    assert explorer.panels.marker_text.get_text().strip() == "diagram: day 120"
    assert "Day 120" in explorer.diagram_text.value


def test_jump_button_shows_the_day_lh_is_lowest(explorer):
    explorer.jump.click()
    t, lh = xdata(explorer, "LH"), ydata(explorer, "LH")
    assert lh[np.searchsorted(t, explorer.day.value)] == pytest.approx(lh.min(), abs=0.05)


def test_a_failing_callback_shows_its_error_to_the_reader(explorer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")
    monkeypatch.setattr(runs, "simulate", broken)
    explorer.dose.value = 120
    assert isinstance(explorer.last_error, RuntimeError)
    text = "".join(o.get("text", "") for o in explorer.errors.outputs)
    assert "model exploded" in text and "Traceback" in text


def test_set_rejects_unknown_controls(explorer):
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(dosage=100)


def test_every_control_is_labelled_for_screen_readers(explorer):
    for name, control in explorer.controls.items():
        assert control.description, name
        assert control.tooltip, name
        assert control.description_allow_html is False, name
        assert control.style.description_width == "initial", name


def test_first_slider_is_the_dose_slider(explorer):
    """The browser test moves the first slider on the page and expects the first figure to change."""
    sliders = [w for w in _walk(explorer.widget) if w.__class__.__name__.endswith("Slider")]
    assert sliders[0] is explorer.dose
    figures = [w for w in _walk(explorer.widget) if w is explorer.panel_view.widget or w is
               explorer.diagram_view.widget]
    assert figures[0] is explorer.panel_view.widget


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# --- Property test over the whole control space -------------------------------------------------------

@pytest.fixture(scope="module")
def shared_explorer():
    return trt.TRTExplorer()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dose=st.integers(0, 30).map(lambda k: 10 * k), weeks=st.integers(1, 104),
       ester=st.sampled_from(["testosterone_cypionate", "testosterone_enanthate"]),
       interval=st.sampled_from([7.0, 3.5]), anastrozole=st.booleans(),
       units=st.sampled_from(["conventional", "SI"]), day=st.integers(0, 730))
def test_any_control_setting_plots_finite_non_negative_values(shared_explorer, dose, weeks, ester, interval,
                                                              anastrozole, units, day):
    e = shared_explorer
    e.set(dose=dose, weeks=weeks, ester=ester, interval=interval, anastrozole=anastrozole, units=units, day=day)
    assert_no_error(e)
    for (name, _), ln in e.panels.lines.items():
        y = np.asarray(ln.get_ydata(), dtype=float)
        assert y.size > 0, name
        assert np.all(np.isfinite(y)), name
        assert np.all(y >= 0), name
    assert e.result.t[-1] >= weeks * 7 + 365 - 1
    assert "What the model shows" in e.summary.value and not re.search(r"\bnan\b", e.summary.value.lower())
    assert e.day.value <= e.day.max


# --- RestartFamilies ----------------------------------------------------------------------------------

@pytest.fixture
def restart():
    return agents.RestartFamilies()


def test_restart_starts_with_stop_only(restart):
    assert_no_error(restart)
    assert line(restart, "LH").get_visible()
    assert not restart.panels.lines["LH", 1].get_visible()    # nothing ticked: one scenario
    assert "Tick a box" in restart.summary.value


def test_serm_raises_lh_above_stop_only_and_lights_its_badge(restart):
    summary_before = restart.summary.value
    restart.boxes["SERM"].value = True
    day = agents._DIAGRAM_DAY
    assert restart.result.at(day, "LH") > 1.1 * restart.stop_only.at(day, "LH")
    assert restart.panels.lines["LH", 1].get_visible()
    assert restart.diagram.badges["SERM"].get_fontweight() == "bold"
    assert restart.diagram.badges["hCG"].get_fontweight() != "bold"
    assert restart.summary.value != summary_before and "With SERM" in restart.summary.value
    assert_no_error(restart)


def test_hcg_raises_t_while_it_is_given(restart):
    restart.boxes["hCG"].value = True
    window = (restart.result.t > 26 * 7 + 7) & (restart.result.t < 39 * 7)
    assert restart.result["T"][window].mean() > 1.2 * restart.stop_only["T"][window].mean()
    courses = {c.agent: c for c in restart.result.regimen.courses}
    assert courses["hcg"].start_day == 182 and courses["hcg"].stop_day == 273


def test_restart_boxes_move_the_lines_not_the_axes(restart):
    restart.boxes["hCG"].value = True
    tops = [ax.get_ylim()[1] for ax in restart.panels.axes]
    restart.boxes["hCG"].value = False
    assert [ax.get_ylim()[1] for ax in restart.panels.axes] == tops
    assert all(m.get_visible() and m.get_xdata()[0] == agents._DIAGRAM_DAY for m in restart.panels.markers)


def test_restart_duration_moves_the_stop_the_agents_and_the_words():
    """Issue 18: a reader two years into TRT sets two years; the stop, the agents' start, the diagram's day,
    the intro and the summary all follow, and the recovery keeps most of the width."""
    fam = agents.RestartFamilies()
    six_months = fam.summary_text
    fam.boxes["SERM"].value = True
    fam.trt_weeks.value = 104
    assert_no_error(fam)
    stop = 104 * 7
    assert fam.stop_only.regimen.courses[0].stop_day == stop and fam.days == stop + agents._FOLLOW_DAYS
    assert {c.agent: c.start_day for c in fam.result.regimen.courses}["clomiphene"] == stop
    assert f"for 104 weeks, stopped on day {stop}" in fam.intro_line.value
    assert all(m.get_xdata()[0] == stop + 42 for m in fam.panels.markers) and f"day {stop + 42}" in fam.caption.value
    assert fam.summary_text != six_months and "With SERM" in fam.summary_text
    low, high = fam.panels.axes[0].get_xlim()
    assert (high - stop) / (high - low) > 0.8
    fam.trt_weeks.value = 26                                   # back: the default stop and its cached run
    assert fam.stop_only.regimen.courses[0].stop_day == agents._TRT_STOP


def test_restart_one_simulation_per_box_and_units_switch(restart):
    runs = restart.simulations
    restart.set(SERM=True, AI=True)
    assert restart.simulations == runs + 1
    restart.units.value = "SI"
    assert restart.simulations == runs + 1
    assert "nmol/L" in restart.panels.axes[1].get_ylabel()
    assert_no_error(restart)


# --- Static figures and checkpoints -------------------------------------------------------------------

def test_estradiol_figure_falls_with_anastrozole_dose():
    fig = estradiol.estradiol_figure()
    assert fig.png().startswith(b"\x89PNG")
    means = [float(m) for m in _numbers_after("average", fig.alt)]
    assert means[1] > means[0]                          # TRT alone: more E2 than untreated
    assert all(a > b for a, b in zip(means[1:], means[2:]))   # each more anastrozole: less E2
    assert "healthy band" in fig.alt


def _numbers_after(word, text):
    return re.findall(rf"{word} (\d+(?:\.\d+)?)", text)


def test_healthy_axis_figure_is_a_png():
    assert trt.healthy_axis_figure().png().startswith(b"\x89PNG")


def test_checkpoints_print_three_lines(capsys):
    checkpoints.print_fundamentals()
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and not re.search(r"\bnan\b", " ".join(lines))


def test_restart_families_says_below_detection_when_lh_is_suppressed(monkeypatch):
    fam = agents.RestartFamilies()
    assert "IU/L" in fam.summary_text
    monkeypatch.setattr(agents, "level_text", lambda name, v, *a, **k: "below detection (< 0.1 IU/L)")
    fam.set(units="SI")
    assert "LH below detection" in fam.summary_text


# --- Print/export, share, accessibility (issue 9) -----------------------------------------------------------

import base64  # noqa: E402

from hpgviz.explorers.base import StaticFigure  # noqa: E402


def test_display_sends_the_static_picture_before_the_live_widget(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False, **_: shown.append((obj, raw)))
    ex = trt.TRTExplorer()
    ex._ipython_display_()
    assert shown[0][1] is True and "image/png" in shown[0][0]
    assert shown[1][0] is ex.widget


def test_static_figures_carry_alt_text_in_html():
    fig = trt.healthy_axis_figure()
    bundle = fig.bundle()
    assert bundle["text/html"].startswith("<img ") and 'alt="Diagram: the hypothalamus' in bundle["text/html"]


def test_csv_follows_the_controls_and_the_units():
    ex = trt.TRTExplorer()
    before = ex.csv_text()
    ex.set(units="SI", dose=100)
    after = ex.csv_text()
    assert "T (nmol/L)" in after and "T (ng/dL)" in before and "dose=100" in after
    ex._prepare_csv()
    link = ex.download.value
    assert 'download="hpgviz-trt.csv"' in link
    data = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode()
    assert data == after
    ex.dose.value = 110                          # a new figure: the old link goes
    assert ex.download.value == ""


def test_reopen_rejects_other_explorers_and_unknown_settings():
    ex = agents.SERMExplorer()
    with pytest.raises(ValueError, match="not SERMExplorer"):
        ex.reopen("TRTExplorer dose=100")
    with pytest.raises(ValueError, match="unknown setting"):
        ex.reopen("SERMExplorer colour=red")
    ex.settings.value = "SERMExplorer dose=50"   # through the box and its button, as a reader would
    ex._guard(lambda: ex.reopen(ex.settings.value))()
    assert ex.dose.value == 50


def test_builder_dose_unit_follows_the_agent():
    b = protocol_explorers.ProtocolBuilder()
    b.rows[0].set_agent("hcg")
    assert b.rows[0].dose.unit == "IU"
    b.rows[0].set_agent("gonadorelin")
    assert b.rows[0].dose.unit == "µg"


def test_nbconvert_html_export_keeps_the_static_picture():
    """What `jupyter nbconvert --to html` renders from an explorer's cell: the static picture (text/html with
    the <img>), beside the widget view that has nothing to show without a kernel."""
    import nbformat
    from nbconvert import HTMLExporter
    ex = agents.HCGExplorer()
    cell = nbformat.v4.new_code_cell("agents.HCGExplorer()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=ex.static_bundle()),
                    nbformat.v4.new_output("display_data", data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": ex.widget.model_id,
                                                                     "version_major": 2, "version_minor": 0},
                        "text/plain": "VBox()"})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert body.count('class="hpgviz-static"') == 1 and re.search(r'<img [^>]*src="data:image/png;base64,', body)
    assert "Intratesticular T, serum T" in body          # the alt text
    ex.close()

"""Figure builders (hpgviz.plotting): data in artists, units, no artist leaks, the diagram, the look."""
import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import hpgviz as hpg
from hpgviz.analysis.published import MONTH_DAYS  # noqa: E402
from hpgviz.content import words  # noqa: E402
from hpgviz.viz import diagram, style  # noqa: E402
from hpgviz.viz.panels import SCENARIO_DASHES, ScenarioFigure, cohort_percentiles  # noqa: E402
from hpgviz.model.parameters import REFERENCE_RANGES  # noqa: E402

T_PER_NMOL = 28.84
HORMONES = ("T", "LH", "FSH", "E2", "ITT", "inhibin_B", "sperm", "GnRH")


def trt(stop=365, extra=()):
    return hpg.Regimen([hpg.Course("testosterone_cypionate", dose=200, every_days=7, start_day=0,
                                   stop_day=stop), *extra])


@pytest.fixture(scope="module")
def res_base():
    return hpg.simulate(hpg.Regimen([]), days=730)


@pytest.fixture(scope="module")
def res_trt():
    return hpg.simulate(trt(), days=730)


@pytest.fixture(scope="module")
def res_two_agents():
    clomiphene = hpg.Course("clomiphene", dose=25, every_days=1, start_day=365, stop_day=455)
    return hpg.simulate(trt(extra=[clomiphene]), days=730)


def artist_counts(fig):
    """Number of artists of each kind in every axes and on the figure itself."""
    per_axes = [(len(ax.lines), len(ax.patches), len(ax.collections), len(ax.texts)) for ax in fig.axes]
    return per_axes, len(fig.texts), len(fig.axes)


# --- ScenarioFigure with one result (the TRT explorer's figure) -----------------------------------------

def one(result=None, panels=style.DEFAULT_PANELS, **options):
    """A one-scenario ScenarioFigure showing `result`, as the TRT explorer builds it."""
    fig = ScenarioFigure(panels, scenarios=1, **options)
    return fig if result is None else fig.update([result], draw=False)


def test_update_puts_the_new_series_in_the_lines(res_base, res_trt):
    fig = one(res_base).update([res_trt])
    for name in ("T", "LH", "FSH", "sperm"):
        line = fig.lines[name, 0]
        np.testing.assert_array_equal(line.get_xdata(), res_trt.t)
        np.testing.assert_array_equal(line.get_ydata(), style.floored(name, res_trt[name]))
    assert not np.allclose(fig.lines["T", 0].get_ydata(), res_base["T"])


def test_lh_and_fsh_below_the_assay_floor_are_drawn_at_the_floor(res_trt):
    """TRT suppresses LH and FSH below the assay's functional sensitivity: the figures show the floor (what
    a lab reports), and T is never floored."""
    from hpgviz.model.parameters import DETECTION_LIMITS
    assert (res_trt["LH"] < DETECTION_LIMITS["LH"]).any()          # the scenario does go below it
    scen = ScenarioFigure((("LH", "FSH"), ("T",)), scenarios=1)
    scen.update([res_trt], draw=False)
    for name in ("LH", "FSH"):
        assert np.min(scen.lines[name, 0].get_ydata()) == pytest.approx(DETECTION_LIMITS[name])
    assert np.min(scen.lines["T", 0].get_ydata()) == pytest.approx(np.min(res_trt["T"]))


def test_regimen_words_never_say_every_1_days():
    from hpgviz import Course
    text = words.regimen_words([Course("clomiphene", dose=25, every_days=1, start_day=182, stop_day=266),
                                Course("hcg", dose=1500, every_days=3.5, start_day=0, stop_day=None)])
    assert "every 1 d" not in text and "clomiphene 25 mg daily, days 182-265" in text
    assert "twice weekly, from day 0" in text
    assert words.regimen_words([]) == "no drug"


def test_default_panels_and_axis_labels_carry_units(res_base):
    fig = one(res_base)
    assert fig.panel_names == (("T",), ("LH", "FSH"), ("sperm",))
    for ax, names in zip(fig.axes, fig.panel_names):
        assert all(fig.lines[name, 0].axes is ax for name in names)
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert "ng/dL" in labels[0] and "IU/L" in labels[1] and "million/mL" in labels[2]
    assert "months" in fig.axes[-1].get_xlabel()          # two years: months (weeks up to 200 days)


def test_unit_switch_moves_values_bands_and_labels_together(res_trt):
    fig = one(res_trt)
    band = fig.bands["T"]
    low, high = REFERENCE_RANGES["T"]
    assert band.get_y() == pytest.approx(low)
    assert band.get_y() + band.get_height() == pytest.approx(high)

    fig.update([res_trt], units="SI")
    np.testing.assert_allclose(fig.lines["T", 0].get_ydata(), res_trt["T"] / T_PER_NMOL)
    assert band.get_y() == pytest.approx(low / T_PER_NMOL)
    assert band.get_y() + band.get_height() == pytest.approx(high / T_PER_NMOL)
    assert "nmol/L" in fig.axes[0].get_ylabel()
    assert fig.axes[0].get_ylim()[1] < 100   # limits follow the SI values (~50 nmol/L peaks)

    fig.update([res_trt], units="conventional")
    np.testing.assert_allclose(fig.lines["T", 0].get_ydata(), res_trt["T"])
    assert band.get_y() == pytest.approx(low)
    assert "ng/dL" in fig.axes[0].get_ylabel()


def test_estradiol_band_in_si(res_trt):
    fig = one(res_trt, panels=[("E2",)], units="SI")
    low, high = REFERENCE_RANGES["E2"]
    band = fig.bands["E2"]
    assert band.get_y() == pytest.approx(low * 3.671)
    assert band.get_height() == pytest.approx((high - low) * 3.671)
    assert "pmol/L" in fig.axes[0].get_ylabel()


def test_one_sided_reference_band_reaches_the_top(res_base):
    fig = one(res_base, panels=[("sperm",)])
    band = fig.bands["sperm"]
    assert band.get_visible()
    assert band.get_y() == pytest.approx(REFERENCE_RANGES["sperm"][0])
    assert band.get_y() + band.get_height() == pytest.approx(fig.axes[0].get_ylim()[1])


def test_updates_create_no_new_artists(res_base, res_trt, res_two_agents):
    fig = one(res_base)
    fig.figure.canvas.draw()
    before = artist_counts(fig.figure)
    cohort = hpg.simulate(trt(), days=730, patient=hpg.Cohort(n=5, seed=1))
    for res, units, spread in [(res_trt, "SI", None), (res_two_agents, "conventional", cohort), (res_base, "SI", None),
                               (res_trt, "SI", cohort), (res_trt, "conventional", None)]:
        fig.update([res], units=units, spreads=[spread], spread_caption="band")
        fig.mark_day(100, "day 100")
        fig.figure.canvas.draw()
    assert artist_counts(fig.figure) == before


def test_update_requests_a_redraw_only_when_asked(res_base, res_trt, monkeypatch):
    fig = one(res_base)
    calls = []
    monkeypatch.setattr(fig.figure.canvas, "draw_idle", lambda *a, **k: calls.append(1))
    fig.update([res_trt])
    fig.update([res_base], draw=False)
    assert len(calls) == 1


def test_axis_limits_follow_the_data(res_base, res_trt):
    fig = one(res_base)
    top_base = fig.axes[0].get_ylim()[1]
    fig.update([res_trt])
    top_trt = fig.axes[0].get_ylim()[1]
    assert top_trt >= np.max(res_trt["T"]) > top_base * 0.9
    assert fig.axes[0].get_xlim() == (0.0, 730.0)


def test_dosing_strip_names_the_trt_then_the_other_drugs_and_the_no_drug_case(res_base, res_two_agents):
    fig = one(res_two_agents, labels=["The model man"])
    assert [t.get_text() for t in fig.strip_texts] == ["All: T cypionate 200 mg weekly for 52 wk",
                                                       "The model man: clomiphene 25 mg daily"]
    bar = fig.strip_bars[0][0]
    assert bar.get_visible() and bar.get_x() == 0 and bar.get_width() == pytest.approx(365)
    assert mcolors.same_color(bar.get_facecolor()[:3], style.DRUG_STYLE["testosterone"])
    assert mcolors.same_color(fig.strip_bars[1][0].get_facecolor()[:3], style.DRUG_STYLE["SERM"])

    fig.update([res_base])
    assert [t.get_text() for t in fig.strip_texts] == ["", "The model man"]
    assert not any(b.get_visible() for row in fig.strip_bars for b in row)


def test_more_drugs_than_bars_are_named_in_words_and_draw_no_new_artists(res_base):
    agents = (("clomiphene", 25), ("anastrozole", 1), ("tamoxifen", 20), ("hcg", 1500), ("enclomiphene", 12.5))
    res = hpg.simulate(hpg.Regimen([hpg.Course(a, dose=d, every_days=1, start_day=0, stop_day=30)
                                    for a, d in agents]), days=60)
    fig = one(res_base)
    before = artist_counts(fig.figure)
    fig.update([res])
    text = fig.strip_texts[1].get_text()
    for agent in ("clomiphene", "anastrozole", "tamoxifen", "hCG", "enclomiphene"):
        assert agent in text, (agent, text)
    assert sum(b.get_visible() for b in fig.strip_bars[1]) == len(fig.strip_bars[1])
    assert artist_counts(fig.figure) == before


def test_a_shared_panel_names_its_hormones_in_their_line_styles(res_base):
    """The legend in a panel two hormones share (the one-result figure draws no end labels): their names,
    colours and, with one scenario, their own dash patterns."""
    fig = one(res_base)
    legend = fig.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["LH", "FSH"]
    lh, fsh = legend.legend_handles
    assert mcolors.same_color(lh.get_color(), style.STYLE["LH"].color)
    assert mcolors.same_color(fsh.get_color(), style.STYLE["FSH"].color)
    assert lh.get_linestyle() == fig.lines["LH", 0].get_linestyle()
    assert lh._unscaled_dash_pattern != fsh._unscaled_dash_pattern


def test_cohort_spread_around_one_mans_lines(res_trt):
    cohort = hpg.simulate(trt(), days=730, patient=hpg.Cohort(n=20, seed=0))
    fig = one(res_trt).update([res_trt], spreads=[cohort], spread_caption="the middle 80 % of men")
    spread = fig.spreads["T", 0]
    assert spread.get_visible() and fig.caption.get_text() == "the middle 80 % of men"
    lo, hi = cohort_percentiles(cohort, "T", "conventional", (10, 90), res_trt.t)
    upper = spread.get_paths()[0].vertices[: len(res_trt.t)]
    np.testing.assert_allclose(upper[:, 0], res_trt.t)
    np.testing.assert_allclose(upper[:, 1], hi)
    assert np.all(lo <= hi)
    np.testing.assert_array_equal(fig.lines["T", 0].get_ydata(), res_trt["T"])   # the man's own line
    fig.update([res_trt])
    assert not spread.get_visible() and fig.caption.get_text() == style.CAPTION


def test_long_series_are_decimated_keeping_peaks_and_troughs():
    res = hpg.simulate(trt(), days=365, dt=1 / 24)
    fig = one(res, max_points=1000)
    y = fig.lines["T", 0].get_ydata()
    assert len(res.t) > 8000 and len(y) <= 1002
    assert y.max() == res["T"].max() and y.min() == res["T"].min()


def test_bad_configuration_names_the_field():
    with pytest.raises(ValueError, match="panels.*allowed values"):
        one(panels=[("T", "cortisol")])
    with pytest.raises(ValueError, match="mix units"):
        one(panels=[("T", "LH")])
    with pytest.raises(ValueError, match="units='metric'.*conventional"):
        one(units="metric")
    with pytest.raises(ValueError, match="y_limits='shrink'.*grow"):
        one(y_limits="shrink")
    with pytest.raises(ValueError, match="scenarios must be 1 to 4"):
        ScenarioFigure(scenarios=0)


def test_building_a_figure_does_not_show_it_or_touch_interactive_mode(res_base):
    was = matplotlib.is_interactive()
    fig = one(res_base)
    assert matplotlib.is_interactive() == was
    fig.close()
    assert not plt.fignum_exists(fig.figure.number)


# --- ScenarioFigure: several results overlaid ----------------------------------------------------------

def test_scenarios_overlay_each_result_in_its_own_line_style(res_base, res_trt):
    fig = ScenarioFigure(scenarios=2, labels=["TRT", "no drug"]).update([res_trt, res_base])
    a, b = fig.lines["T", 0], fig.lines["T", 1]
    np.testing.assert_array_equal(a.get_ydata(), res_trt["T"])
    np.testing.assert_array_equal(b.get_ydata(), res_base["T"])
    assert a._unscaled_dash_pattern != b._unscaled_dash_pattern       # the scenario changes the line style
    assert a.get_linewidth() != b.get_linewidth()
    lh = mcolors.to_rgb(style.STYLE["LH"].color)                          # the hormone keeps its colour
    for s in (0, 1):
        assert np.allclose(np.subtract(fig.lines["LH", s].get_color(), lh), 0, atol=0.15)
    # the strip is the legend: the shared TRT drawn once, then one row per scenario with its line style
    assert [t.get_text() for t in fig.strip_texts] == ["", "TRT: T cypionate 200 mg weekly for 52 wk", "no drug"]
    assert [s.get_linestyle() for s in fig.strip_samples] == [a.get_linestyle(), b.get_linestyle()]


def test_drugs_every_scenario_shares_are_drawn_once(res_trt, res_two_agents):
    fig = ScenarioFigure(scenarios=2, labels=["stop only", "with SERM"]).update([res_trt, res_two_agents])
    texts = [t.get_text() for t in fig.strip_texts]
    assert texts == ["All: T cypionate 200 mg weekly for 52 wk", "stop only: no other drug",
                     "with SERM: clomiphene 25 mg daily"]
    assert [sum(b.get_visible() for b in row) for row in fig.strip_bars] == [1, 0, 1]
    assert mcolors.same_color(fig.strip_bars[2][0].get_facecolor()[:3], style.DRUG_STYLE["SERM"])


def test_scenarios_reject_more_results_than_they_were_built_for(res_base, res_trt):
    fig = ScenarioFigure(scenarios=2)
    with pytest.raises(ValueError, match="at most 2"):
        fig.update([res_trt, res_base, res_trt])


def test_scenario_updates_create_no_new_artists(res_base, res_trt, res_two_agents):
    fig = ScenarioFigure(scenarios=3, labels=["a", "b", "c"]).update([res_trt, res_base, res_two_agents])
    fig.figure.canvas.draw()
    before = artist_counts(fig.figure)
    for results, units in [([res_base], "SI"), ([res_two_agents, res_trt, res_base], "conventional"), ([], "SI")]:
        fig.update(results, labels=["x", "y", "z"], units=units)
        fig.mark_day(100, "day 100")
        fig.figure.canvas.draw()
    assert artist_counts(fig.figure) == before
    assert not fig.lines["T", 1].get_visible()


def test_scenario_unit_switch_moves_values_bands_and_labels_together(res_trt):
    fig = ScenarioFigure(scenarios=2).update([res_trt], units="SI")
    low, high = REFERENCE_RANGES["T"]
    band = fig.bands["T"]
    np.testing.assert_allclose(fig.lines["T", 0].get_ydata(), res_trt["T"] / T_PER_NMOL)
    assert band.get_y() == pytest.approx(low / T_PER_NMOL)
    assert band.get_y() + band.get_height() == pytest.approx(high / T_PER_NMOL)
    assert "nmol/L" in fig.axes[0].get_ylabel() and fig.axes[0].get_ylim()[1] < 100
    fig.update([res_trt], units="conventional")
    assert band.get_y() == pytest.approx(low) and "ng/dL" in fig.axes[0].get_ylabel()


def test_scenario_grow_mode_never_shrinks_the_y_axis(res_base, res_trt):
    fig = ScenarioFigure(scenarios=2, y_limits="grow").update([res_trt])
    top = fig.axes[0].get_ylim()[1]
    fig.update([res_base])
    assert fig.axes[0].get_ylim()[1] == top
    fig.update([res_base], units="SI")   # a new unit system starts afresh
    assert fig.axes[0].get_ylim()[1] < top / 10
    fitted = ScenarioFigure(scenarios=2).update([res_trt]).update([res_base])
    assert fitted.axes[0].get_ylim()[1] < top


def test_scenario_day_marker_and_time_axis(res_trt):
    fig = ScenarioFigure(scenarios=1).update([res_trt])
    fig.mark_day(224, "diagram: day 224")
    assert all(m.get_visible() and m.get_xdata()[0] == 224 for m in fig.markers)
    assert fig.marker_text.get_text().strip() == "diagram: day 224"
    fig.mark_day(None)
    assert not any(m.get_visible() for m in fig.markers) and not fig.marker_text.get_visible()
    months = fig.axes[-1].get_xticks() / MONTH_DAYS
    np.testing.assert_allclose(months, np.arange(0, 24, 3))
    assert "months" in fig.axes[-1].get_xlabel()


# --- Look ----------------------------------------------------------------------------------------------

def test_every_hormone_has_its_own_colour_and_line_style():
    assert set(HORMONES) <= set(style.STYLE)
    colours = [mcolors.to_hex(style.STYLE[h].color) for h in HORMONES]
    dashes = [str(style.STYLE[h].linestyle) for h in HORMONES]
    assert len(set(colours)) == len(HORMONES)
    assert len(set(dashes)) == len(HORMONES)


def test_line_colours_come_from_the_okabe_ito_palette():
    palette = {c.lower() for c in style.OKABE_ITO.values()} | {style.DARK_YELLOW.lower()}
    for h in HORMONES:
        assert mcolors.to_hex(style.STYLE[h].color) in palette


def test_drawn_lines_use_the_hormone_style(res_base):
    fig = one(res_base)
    line = fig.lines["LH", 0]
    assert mcolors.same_color(line.get_color(), style.STYLE["LH"].color)
    # get_linestyle() says "--" for any dash pattern: compare the patterns themselves
    assert line._unscaled_dash_pattern != fig.lines["FSH", 0]._unscaled_dash_pattern


def test_every_drug_family_has_its_own_colour():
    from hpgviz.model.agents import AGENTS
    families = {a.family for a in AGENTS.values()}
    assert families <= set(style.DRUG_STYLE)
    assert len({mcolors.to_hex(c) for c in style.DRUG_STYLE.values()}) == len(style.DRUG_STYLE)


# --- Labels and helpers --------------------------------------------------------------------------

@pytest.mark.parametrize("course, label", [
    (hpg.Course("testosterone_cypionate", dose=200, every_days=7), "testosterone cypionate 200 mg every 7 d"),
    (hpg.Course("testosterone_enanthate", dose=100, every_days=3.5), "testosterone enanthate 100 mg every 3.5 d"),
    (hpg.Course("clomiphene", dose=25, every_days=1), "clomiphene citrate 25 mg daily"),
    (hpg.Course("hcg", dose=1500, every_days=2), "hCG 1,500 IU every 2 d"),
    (hpg.Course("gonadorelin", dose=10, every_days=0.0625), "gonadorelin 10 µg every 90 min"),
    (hpg.Course("gonadorelin", dose=100, every_days=1, continuous=True),
     "gonadorelin 100 µg per 1 d, continuous infusion"),
])
def test_dosing_label(course, label):
    assert words.dosing_label(course) == label


def test_relative_levels_and_drugs_on_day(res_base, res_trt):
    same = diagram.relative_levels(res_base, res_base, 100)
    assert set(HORMONES) <= set(same) == {n for n in style.STYLE if n in res_base.names}
    assert all(v == pytest.approx(1.0) for v in same.values())
    during = diagram.relative_levels(res_trt, res_base, 180)
    assert during["LH"] < 0.2 and during["T"] > 1.0
    assert diagram.drugs_on_day(res_trt.regimen, 100) == {"testosterone_cypionate"}
    assert diagram.drugs_on_day(res_trt.regimen, 365) == set()   # stop_day is exclusive


# --- AxisDiagram ---------------------------------------------------------------------------------

def test_lh_arrow_gets_thinner_and_fainter_when_lh_drops():
    d = diagram.AxisDiagram()
    arrow = d.arrows["LH"]
    w_normal, c_normal = arrow.get_linewidth(), arrow.get_edgecolor()
    d.update({"LH": 0.05})
    assert arrow.get_linewidth() < w_normal
    assert sum(arrow.get_edgecolor()[:3]) > sum(c_normal[:3])          # paler
    assert d.arrow_labels["LH"].get_text() == "LH 5 %"
    d.update({"LH": 3.0})
    assert arrow.get_linewidth() > w_normal


def test_arrow_width_is_monotonic_in_level():
    levels = [0, 0.01, 0.05, 0.2, 0.5, 1, 2, 3]
    widths = [diagram._arrow_width(x) for x in levels]
    assert widths == sorted(widths) and len(set(widths)) == len(widths)


def test_glands_glow_with_their_signal():
    d = diagram.AxisDiagram()
    bright = d.nodes["pituitary"].get_facecolor()
    d.update({"LH": 0.01, "FSH": 0.01})
    dim = d.nodes["pituitary"].get_facecolor()
    assert sum(dim[:3]) > sum(bright[:3])   # closer to white


def test_active_drug_badges_light_up_and_block_marks_appear():
    d = diagram.AxisDiagram()
    assert not d._marks["SERM"][0].get_visible()
    d.update({}, {"clomiphene", "hcg"})
    assert mcolors.same_color(d.badges["SERM"].get_bbox_patch().get_facecolor()[:3], style.DRUG_STYLE["SERM"])
    assert mcolors.same_color(d.badges["hCG"].get_bbox_patch().get_facecolor()[:3], style.DRUG_STYLE["hCG"])
    assert mcolors.same_color(d.badges["testosterone"].get_bbox_patch().get_facecolor()[:3], "white")
    assert all(m.get_visible() for m in d._marks["SERM"])
    d.update({}, set())
    assert not any(m.get_visible() for m in d._marks["SERM"])


def test_diagram_updates_create_no_new_artists():
    d = diagram.AxisDiagram()
    d.figure.canvas.draw()
    before = artist_counts(d.figure)
    for levels, drugs in [({"LH": 0.01, "T": 3}, {"testosterone_cypionate"}),
                          ({k: 0.5 for k in HORMONES}, {"SERM", "anastrozole", "gonadorelin"}),
                          ({"E2": float("nan")}, set())]:
        d.update(levels, drugs)
    assert artist_counts(d.figure) == before


def test_diagram_draws_into_given_axes():
    fig = plt.figure()
    ax = fig.add_subplot()
    d = diagram.AxisDiagram(ax)
    assert d.figure is fig and d.ax is ax and len(fig.axes) == 1


def test_caption_says_what_the_shading_is_and_what_the_model_is_not(res_base):
    fig = one(res_base)
    assert fig.caption.get_text() == style.CAPTION and "not a prediction" in style.CAPTION
    cohort = hpg.simulate(hpg.Regimen([]), days=730, patient=hpg.Cohort(n=5, seed=0))
    fig.update([res_base], spreads=[cohort], spread_caption="middle 80 % of men")
    assert fig.caption.get_text() == "middle 80 % of men"
    fig.update([res_base], spreads=[cohort])              # a spread with no words of its own: the usual caption
    assert fig.caption.get_text() == style.CAPTION

"""Intermediate tier: illustrative protocols, agent tables, and the protocol explorers.

Widget wiring is tested the way a reader would use it: set a control's value from Python (which
fires the same callbacks as a browser) and check the plotted data moves as the physiology says.
Property tests sweep the protocol builder's whole control space; bad-input tests check that the
controls cannot be set to anything invalid.
"""
import json
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")   # before pyplot: tests never open windows

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from traitlets import TraitError  # noqa: E402

import hpgviz as hpg  # noqa: E402
from hpgviz.content import protocols  # noqa: E402
from hpgviz.explorers import agents, estradiol, protocols as protocol_explorers, trt  # noqa: E402
from explorer_testing import assert_counts_beside_trt  # noqa: E402
from hpgviz.analysis.outcomes import recovery_margin  # noqa: E402
from hpgviz.model.parameters import DETECTION_LIMITS, E2_TOO_LOW  # noqa: E402
from test_contract import EXPLORERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02_intermediate.ipynb"
# Wording that would turn an illustration into advice.
ADVICE = re.compile(r"\byou should\b|\bshould take\b|\bwe recommend\b|\bis recommended\b|\brecommended dose\b|"
                    r"\btake \d|\bbest (protocol|treatment|dose)\b", re.I)


def plotted(explorer, name, s=0):
    """(x, y) of the line of series `name`, scenario `s`, in an explorer's ScenarioFigure."""
    line = explorer.plot.lines[name, s]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def window_mean(x, y, t0, t1):
    m = (x >= t0) & (x <= t1)
    return float(np.mean(y[m]))


# --- Protocols as data ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def illustrations():
    return protocols.illustrative_protocols(trt_weeks=26, trt_dose=200)


def test_every_illustrative_protocol_simulates(illustrations):
    assert len(illustrations) >= 7
    for name, (reg, description, citation) in illustrations.items():
        res = hpg.simulate(reg, days=730)
        for series in ("T", "LH", "FSH", "E2", "ITT", "sperm"):
            y = res[series]
            assert np.all(np.isfinite(y)), (name, series)
            assert np.all(y >= 0), (name, series)
        assert citation.strip(), name


def test_every_protocol_is_labelled_an_illustration_not_advice(illustrations):
    for name, (_, description, _) in illustrations.items():
        assert "illustration" in description.lower(), name
        assert "not advice" in description.lower(), name
    for p in protocols.PROTOCOLS.values():
        assert p.label == protocols.ILLUSTRATION_LABEL


def test_no_dose_recommendation_wording_anywhere():
    texts = []
    for p in protocols.PROTOCOLS.values():
        texts += [p.name, p.description, p.citation, p.evidence, p.summary()]
    texts += [c.note for c in protocols.CLINICAL.values()]
    for table in (protocols.agent_table(), protocols.serm_table(), protocols.lab_table(), protocols.protocol_table()):
        texts.append(table._repr_html_())
    for cls in EXPLORERS:   # every explorer, found by discovery (the hand-kept list here named 8 of 18)
        texts += [cls.title, cls.intro]
    for text in texts:
        assert not ADVICE.search(text), text


def test_protocol_regimens_follow_the_trt_history():
    p = protocols.PROTOCOLS["hcg_then_clomiphene"]
    reg = p.regimen(trt_weeks=52, trt_dose=100)
    trt, hcg, clomiphene = reg.courses
    assert (trt.agent, trt.dose, trt.every_days, trt.stop_day) == ("testosterone_cypionate", 100, 7, 364)
    assert (hcg.start_day, hcg.stop_day) == (364, 364 + 28)
    assert (clomiphene.start_day, clomiphene.stop_day) == (364 + 28, 364 + 28 + 84)
    with_trt = protocols.PROTOCOLS["trt_with_hcg"].regimen(trt_weeks=10)
    assert with_trt.courses[1].start_day == 0 and with_trt.courses[1].stop_day == 70


def test_taper_steps_down_and_stops_later():
    courses = protocols.trt_courses(weeks=20, weekly_mg=200, taper_weeks=6)
    assert [c.dose for c in courses] == [200, 150, 100, 50]
    for a, b in zip(courses, courses[1:]):
        assert a.stop_day == pytest.approx(b.start_day)
    assert courses[-1].stop_day == pytest.approx(protocols.trt_end_day(20, 6)) == 182
    split = protocols.trt_courses(weeks=4, weekly_mg=200, schedule="twice_weekly")
    assert split[0].dose == 100 and split[0].every_days == 3.5


def test_clinical_ranges_are_inside_what_the_model_accepts():
    for agent, c in protocols.CLINICAL.items():
        assert 0 < c.low <= c.default <= c.high <= hpg.AGENTS[agent].max_dose, agent
        assert c.high < hpg.AGENTS[agent].max_dose, f"{agent}: the slider should be narrower than the API"
        assert c.default_schedule in c.schedules
        assert set(c.schedules) <= set(protocols.SCHEDULES)
        for schedule in c.schedules:          # every corner of the range is a valid Course
            _, every, continuous = protocols.SCHEDULES[schedule]
            for dose in (c.low, c.high):
                hpg.Course(agent, dose, every, 0, 7, continuous)


def test_the_builder_and_the_serm_comparison_offer_what_the_catalogue_declares():
    """The builder's agents and the compared SERMs come from the catalogue (a drug added there joins them), and
    each has its clinical range (else its slider would have none)."""
    androgens = {n for n, a in hpg.AGENTS.items() if a.is_testosterone or a.family == "non-aromatisable androgen"}
    assert set(protocol_explorers.RESTART_AGENTS) == set(hpg.AGENTS) - androgens
    assert set(agents._SERMS) == {n for n, a in hpg.AGENTS.items() if a.family == "SERM"}
    missing = [a for a in protocol_explorers.RESTART_AGENTS if a not in protocols.CLINICAL]
    assert not missing, f"no clinical range (content/protocols.py CLINICAL) for {missing}"


def test_agent_table_covers_every_agent_as_a_real_html_table():
    rows = protocols.agent_rows()
    assert {r["key"] for r in rows} == set(hpg.AGENTS)
    for r in rows:
        assert r["mechanism"] and r["target gland/tissue"] and r["route"]
    html = protocols.agent_table()._repr_html_()
    assert html.count("<tr>") == len(rows) + 1 and '<th scope="col"' in html


def test_serm_table_names_the_side_effects_and_evidence():
    text = protocols.serm_table()._repr_html_().lower()
    for word in ("visual", "mood", "libido", "hot flash", "nausea", "liver", "evidence", "zuclomiphene",
                 "enclomiphene", "tamoxifen"):
        assert word in text, word


def test_every_table_header_names_its_column_or_row():
    """An empty <th> names nothing for a screen reader (axe-core empty-table-header on the SERM table's corner)."""
    for table in (protocols.agent_table(), protocols.serm_table(), protocols.lab_table(), protocols.protocol_table()):
        headers = re.findall(r"<th[^>]*>(.*?)</th>", table._repr_html_())
        assert headers and all(h.strip() for h in headers), table.caption


# --- Explorers: wiring ------------------------------------------------------------------------------------

def test_more_anastrozole_lowers_e2_and_raises_lh():
    bal = estradiol.EstradiolBalance(dose=0.0, schedule="daily", patient="healthy", trt_dose=0)
    x, e2 = bal.curves["E2"].get_data()
    _, lh = bal.curves["LH"].get_data()
    assert np.all(np.diff(e2) < 0) and np.all(np.diff(lh) > 0)
    before = bal.values
    dot_before = bal.dots["E2"].get_ydata()[0]
    bal.dose.value = 1.0
    after = bal.values
    assert after[0] < before[0] and after[1] > before[1] and after[2] > before[2]   # E2 down, LH and T up
    assert bal.dots["E2"].get_ydata()[0] < dot_before
    assert bal.last_error is None and "E2" in bal.summary_text


def test_estradiol_zones_too_high_and_in_range_are_reachable():
    """The explorer's controls can show estradiol too high (TRT, no AI) and in range; the largest AI dose
    lowers it further. (Within the slider's doses the model's man does not reach 'too low': his T rises
    and partly restores E2, so the zone shows only where a stronger response would land.)"""
    bal = estradiol.EstradiolBalance(dose=0.0, schedule="daily", patient="older_low_T", trt_dose=300)
    assert bal.zone(bal.values[0]) == "too high"
    with bal.hold_updates():
        bal.patient.value, bal.trt.value = "healthy", 0
    assert bal.zone(bal.values[0]) == "in range"
    e2_without = bal.values[0]
    bal.dose.value = 2.0
    assert bal.values[0] < 0.7 * e2_without
    assert bal.zone(E2_TOO_LOW * 0.9) == "too low"
    assert bal.last_error is None


def test_estradiol_balance_on_trt_names_the_missing_trial():
    """Anastrozole with TRT in the balance explorer: the summary says no trial has counted sperm on the combination
    (C22); on anastrozole alone, or on TRT without it, it does not."""
    bal = estradiol.EstradiolBalance(dose=1.0, schedule="daily", patient="healthy", trt_dose=100)
    assert "No trial has counted sperm in men taking anastrozole with TRT" in bal.summary.value
    for control, value in ((bal.trt, 0), (bal.dose, 0.0)):
        control.value = value
        assert "No trial has counted sperm" not in bal.summary.value


def test_clomiphene_after_trt_brings_lh_back_no_later_and_higher_than_stop_only():
    """After TRT the GnRH release speeds up as T falls below the man's own level, so LH is back in range on about
    the same day either way (a tie, in whole days); clomiphene then holds it higher in the weeks after."""
    b = protocol_explorers.ProtocolBuilder(protocol="clomiphene")
    mine, stop = (protocol_explorers.outcome_values(r) for r in b.results)
    assert mine["LH_days"] <= stop["LH_days"]
    x, lh = plotted(b, "LH", 0)
    _, lh_stop = plotted(b, "LH", 1)
    end = b.trt_end()
    assert window_mean(x, lh, end + 14, end + 60) > window_mean(x, lh_stop, end + 14, end + 60)
    assert "simulated protocol" in b.table.value and "stop only" in b.table.value


def test_builder_names_the_missing_trial_when_a_serm_runs_during_trt():
    """A SERM started during TRT: the summary gives the sperm count when TRT stops against stopping alone and says
    no trial has counted sperm on the combination (C22); started at the stop, it says nothing of the kind."""
    b = protocol_explorers.ProtocolBuilder(protocol="clomiphene", trt_dose=100)
    assert "No trial has counted sperm" not in b.summary.value
    b.rows[0].start.value = -8
    mine, stop = b.results
    end = b.trt_end()
    assert_counts_beside_trt(b.summary.value, [mine.at(end, "sperm"), stop.at(end, "sperm")], "clomiphene citrate")


def test_hcg_during_trt_keeps_intratesticular_t():
    ex = agents.HCGExplorer(hcg_dose=0.0)
    x, itt_alone = plotted(ex, "ITT", 0)
    ex.hcg.value = 500.0
    x, itt = plotted(ex, "ITT", 0)
    on_trt = (60, 175)
    assert window_mean(x, itt, *on_trt) > 5 * window_mean(x, itt_alone, *on_trt)
    assert ex.last_error is None


def test_serm_dose_slider_moves_the_first_figure():
    ex = agents.SERMExplorer(dose=12.5, patient="healthy")
    _, lh_low = plotted(ex, "LH", 0)
    ex.dose.value = 50.0
    _, lh_high = plotted(ex, "LH", 0)
    assert lh_high[100] > lh_low[100]
    ex.agent.value = "tamoxifen"   # the dose range follows the agent
    assert (ex.dose.min, ex.dose.max) == (protocols.CLINICAL["tamoxifen"].low, protocols.CLINICAL["tamoxifen"].high)


def test_gonadorelin_pulses_stimulate_continuous_desensitises():
    ex = agents.GonadorelinExplorer()
    lh = {label: window_mean(*plotted(ex, "LH", s), 50, 90) for s, label in enumerate(ex.labels)}
    assert lh["pump"] > 2 * lh["no drug"]
    assert lh["continuous"] < lh["pump"]
    assert lh["twice weekly"] < 0.5 * lh["pump"]


def test_typical_trt_keeps_fsh_down_with_or_without_anastrozole():
    ex = trt.TypicalTRT()
    fsh = [window_mean(*plotted(ex, "FSH", s), 100, 182) for s in range(3)]
    assert fsh[0] < 0.1 * fsh[2] and fsh[1] < 0.1 * fsh[2]


def test_comparison_table_and_lines_update_in_place():
    view = protocol_explorers.ComparisonView()
    lines_before = dict(view.plot.lines)
    artists_before = len(view.figure.axes[1].lines)
    table_before = view.table.value
    for name in ("stop only", "clomiphene 3 months", "hCG then clomiphene", "hCG with anastrozole"):
        assert name in table_before
    view.slots[3].value = "tamoxifen"
    assert "tamoxifen 3 months" in view.table.value and "hCG with anastrozole" not in view.table.value
    view.trt_weeks.value = 52
    assert view.table.value != table_before and "52 weeks" in view.table.value
    x, _ = plotted(view, "T", 0)
    assert x[-1] == pytest.approx(52 * 7 + 546)
    assert view.plot.lines == lines_before and len(view.figure.axes[1].lines) == artists_before
    view.slots[2].value = ""
    assert not view.plot.lines["T", 3].get_visible() and view.last_error is None


def test_the_comparison_gives_the_recovery_most_of_the_width():
    """Issue 18: after two years of TRT the recovery was squeezed into the last quarter of the time axis."""
    view = protocol_explorers.ComparisonView()
    for weeks in (104, 26, 8):
        view.trt_weeks.value = weeks
        start, end = view.plot.axes[-1].get_xlim()
        stop = 7 * weeks
        assert start == pytest.approx(max(0, stop - view.BEFORE_STOP_DAYS)) and end == pytest.approx(stop + 546)
        assert (end - stop) / (end - start) > 0.8
        ticks = [t for t in view.plot.axes[-1].get_xticks() if start <= t <= end]
        assert len(ticks) >= 4, ticks   # ticked for the days shown
    view.close()


def test_units_switch_converts_plotted_values():
    b = protocol_explorers.ProtocolBuilder(protocol="stop_only")
    _, t_conv = plotted(b, "T")
    b.units.value = "SI"
    _, t_si = plotted(b, "T")
    np.testing.assert_allclose(t_si, t_conv / 28.84, rtol=1e-9)
    assert "nmol/L" in b.table.value


def test_builder_loads_every_illustration_exactly():
    b = protocol_explorers.ProtocolBuilder(rows=3, protocol="")
    for key, p in protocols.PROTOCOLS.items():
        b.illustration.value = key
        assert b.regimen() == p.regimen(26, 200), key
        assert b.last_error is None
    b.illustration.value = ""


def test_hold_updates_redraws_once():
    b = protocol_explorers.ProtocolBuilder()
    calls = []
    original = b.update
    b.update = lambda: (calls.append(1), original())
    with b.hold_updates():
        b.trt_weeks.value = 40
        b.rows[0].dose.value = 50.0
        b.rows[1].agent.value = "anastrozole"
    assert len(calls) == 1 and b.last_error is None


def test_comparison_cost_is_one_line_with_times():
    """The benchmark of benchmarks/bench_comparison.py still runs and says what it measured."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_comparison", ROOT / "benchmarks" / "bench_comparison.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text = bench.comparison_cost(repeats=1)
    assert "\n" not in text and text.count("ms") >= 3 and "4-protocol" in text


def test_serial_labs_renders_a_figure_and_a_table():
    labs = protocol_explorers.SerialLabs()
    html = labs._repr_html_()
    assert html.startswith("<img") and 'alt="' in html and "<table" in html
    assert len(labs.table.rows) == 7


# --- Property tests over the whole control space of the builder ------------------------------------------

@pytest.fixture(scope="module")
def builder():
    return protocol_explorers.ProtocolBuilder(rows=3)


def _draw_slider(data, slider):
    if isinstance(slider.value, int) and not isinstance(slider.value, bool):
        return data.draw(st.integers(slider.min, slider.max))
    n = int(round((slider.max - slider.min) / slider.step))
    return slider.min + slider.step * data.draw(st.integers(0, n))


def _draw_option(data, dropdown):
    values = [v for _, v in dropdown.options] if isinstance(dropdown.options[0], tuple) else list(dropdown.options)
    return data.draw(st.sampled_from(values))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_builder_never_plots_nan_or_negative_and_never_raises(data):
    # a fresh builder each example: the slider ranges drawn from depend on the controls set before them, so a
    # builder left by the previous example made Hypothesis's draws inconsistent (FlakyStrategyDefinition)
    builder = protocol_explorers.ProtocolBuilder(rows=3)
    with builder.hold_updates():
        for name in ("trt_agent", "trt_schedule", "ending", "patient", "units"):
            builder.controls[name].value = _draw_option(data, builder.controls[name])
        for name in ("trt_dose", "trt_weeks", "taper_weeks"):
            builder.controls[name].value = _draw_slider(data, builder.controls[name])
        for row in builder.rows:
            row.agent.value = _draw_option(data, row.agent)   # moves the dose range and schedules
            row.schedule.value = _draw_option(data, row.schedule)
            for slider in (row.dose, row.start, row.weeks):
                slider.value = _draw_slider(data, slider)
    assert builder.last_error is None, builder.last_error
    reg = builder.regimen()
    for c in reg.courses:
        assert c.start_day >= 0 and c.stop_day > c.start_day
    for (name, s), line in builder.plot.lines.items():
        y = np.asarray(line.get_ydata(), float)
        assert y.size and np.all(np.isfinite(y)) and np.all(y >= 0), (name, s, reg)
    assert "nan" not in builder.table.value.lower()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_comparison_view_never_plots_nan_or_negative(data):
    view = protocol_explorers.ComparisonView()
    with view.hold_updates():
        for slot in view.slots:
            slot.value = _draw_option(data, slot)
        view.trt_weeks.value = _draw_slider(data, view.trt_weeks)
        view.trt_dose.value = _draw_slider(data, view.trt_dose)
        view.patient.value = _draw_option(data, view.patient)
    assert view.last_error is None, view.last_error
    for line in view.plot.lines.values():
        if line.get_visible():
            y = np.asarray(line.get_ydata(), float)
            assert np.all(np.isfinite(y)) and np.all(y >= 0)
    view.close()


# --- Bad input: the controls cannot hold an invalid value -------------------------------------------------

def test_sliders_clamp_out_of_range_and_refuse_nan(builder):
    b = builder
    b.trt_weeks.value = 10_000
    assert b.trt_weeks.value == b.trt_weeks.max == 104
    b.trt_weeks.value = -5
    assert b.trt_weeks.value == b.trt_weeks.min == 4
    row = b.rows[0]
    row.agent.value = "clomiphene"
    row.dose.value = 1e6
    assert row.dose.value == protocols.CLINICAL["clomiphene"].high
    row.dose.value = float("nan")
    assert math.isfinite(row.dose.value)
    row.dose.value = -float("inf")
    assert row.dose.value == protocols.CLINICAL["clomiphene"].low
    row.start.value = -10_000                  # cannot start before day 0
    assert row.start.value == -b._trt_total_weeks()
    assert min(c.start_day for c in b.regimen().courses) >= 0
    row.weeks.value = 0                        # at least a week: stop always after start
    assert row.weeks.value == 1
    assert b.last_error is None


def test_shorter_trt_pulls_early_starts_up_with_it(builder):
    b = builder
    b.trt_weeks.value = 104
    b.rows[0].agent.value = "hcg"
    b.rows[0].start.value = -104
    b.trt_weeks.value = 10
    assert b.rows[0].start.value == -b._trt_total_weeks() and b.rows[0].start.min == -b._trt_total_weeks()
    assert all(c.start_day >= 0 for c in b.regimen().courses)


def test_dropdowns_reject_unknown_values(builder):
    before = builder.regimen()
    with pytest.raises(TraitError):
        builder.rows[0].agent.value = "unobtainium"
    with pytest.raises(TraitError):
        builder.rows[0].schedule.value = "hourly"
    with pytest.raises(TraitError):
        builder.trt_agent.value = "testosterone_undecanoate"
    assert builder.regimen() == before


def test_gonadorelin_schedules_only_for_gonadorelin(builder):
    row = builder.rows[1]
    row.agent.value = "gonadorelin"
    assert "pump_90min" in [v for _, v in row.schedule.options]
    row.agent.value = "clomiphene"
    assert "pump_90min" not in [v for _, v in row.schedule.options]


@pytest.mark.parametrize("rows", [0, 5, 2.5, True, "3", None])
def test_builder_rejects_bad_row_counts(rows):
    with pytest.raises(ValueError, match="rows"):
        protocol_explorers.ProtocolBuilder(rows=rows)


def test_comparison_and_explorers_reject_bad_arguments():
    with pytest.raises(ValueError, match="1 to 4"):
        protocol_explorers.ComparisonView(protocols=[])
    with pytest.raises(ValueError, match="1 to 4"):
        protocol_explorers.ComparisonView(protocols=list(protocols.PROTOCOLS)[:5])
    with pytest.raises(ValueError, match="unknown protocol"):
        protocol_explorers.ComparisonView(protocols=["stop only", "snake oil"])
    with pytest.raises(ValueError, match="agent"):
        agents.SERMExplorer(agent="hcg")
    with pytest.raises(ValueError, match="scenarios"):
        protocol_explorers.ScenarioFigure(scenarios=9)
    with pytest.raises(ValueError, match="unknown series"):
        protocol_explorers.ScenarioFigure(panels=(("testosterone",),))
    fig = protocol_explorers.ScenarioFigure(scenarios=1)
    res = hpg.simulate(hpg.Regimen([]), days=30)
    with pytest.raises(ValueError, match="at most 1"):
        fig.update([res, res])
    with pytest.raises(ValueError, match="agent"):
        protocols.trt_courses(agent="nandrolone")
    with pytest.raises(ValueError, match="schedule"):
        protocols.trt_courses(schedule="daily")


def test_custom_protocol_objects_are_accepted():
    mine = protocols.Protocol("mine", "my illustration", (protocols.Step("hcg", 1000, "weekly", 0, 8),),
                              "an example", "none", "none")
    view = protocol_explorers.ComparisonView(protocols=["stop_only", mine])
    assert "my illustration" in view.table.value and view.last_error is None


def test_callback_errors_are_shown_not_raised(monkeypatch):
    ex = agents.SERMExplorer(patient="healthy")
    monkeypatch.setattr(ex.plot, "update", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    ex.dose.value = 50.0                       # must not raise into the caller
    assert isinstance(ex.last_error, RuntimeError)
    monkeypatch.undo()
    ex.dose.value = 25.0
    assert ex.last_error is None


# --- The notebook ------------------------------------------------------------------------------------------

def _notebook():
    return json.loads(NOTEBOOK.read_text())


def test_notebook_structure():
    nb = _notebook()
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    first = "".join(code[0]["source"])
    assert "%matplotlib widget" in first and "import hpgviz as hpg" in first
    assert "from hpgviz.content import protocols" in first
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip outputs"
    text = "\n".join("".join(c["source"]) for c in cells)
    head = "\n".join("".join(c["source"]) for c in cells[:3]).lower()
    assert "educational model" in head and "not medical advice" in head
    assert text.count("<details>") >= 5
    for ref in ("Coviello 2005", "Ramasamy 2014", "Leder 2004", "Belchetz 1978", "Hsieh 2013", "Wiehle 2014",
                "Helo 2017", "Bi 2018"):
        assert ref in text, ref
    for correction in ("200 mg/mL", "twice weekly"):
        assert correction in text
    # nbval markers are cell tags (readers never see them), not "# NBVAL_CHECK_OUTPUT" comments
    assert any("nbval-check-output" in c.get("metadata", {}).get("tags", []) for c in code)
    assert not ADVICE.search(text)
    for c in code:   # one-line calls: no model code in the notebook
        for line in "".join(c["source"]).splitlines():
            assert not line.startswith(("def ", "class ", "for ", "while ")), line
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_a_course_spanning_trt_follows_the_trt_length():
    b = protocol_explorers.ProtocolBuilder(protocol="trt_with_hcg")
    b.trt_weeks.value = 40
    hcg = [c for c in b.regimen().courses if c.agent == "hcg"][0]
    assert (hcg.start_day, hcg.stop_day) == (0, 280)
    b.ending.value = "taper"
    hcg = [c for c in b.regimen().courses if c.agent == "hcg"][0]
    assert (hcg.start_day, hcg.stop_day) == (0, b.trt_end())
    assert b.last_error is None


# --- Issue 9: words and API edges ------------------------------------------------------------------------


def test_serm_explorer_set_dose_works():
    """Was: ValueError 'unknown control' (seven explorers shared one class-level controls dict)."""
    serm = agents.SERMExplorer()
    serm.set(dose=50)
    assert serm.dose.value == 50 and serm.last_error is None
    assert "50 mg daily" in serm.summary_text


def test_comparison_sentence_says_ties_as_ties():
    vals = [{"LH_days": 40.0, "sperm_days": 63.0}, {"LH_days": 30.2, "sperm_days": 63.4},
            {"LH_days": 29.8, "sperm_days": 80.0}]
    text = protocol_explorers._comparison_sentence(["stop only", "clomiphene 3 months", "hCG then clomiphene"], vals)
    assert "soonest" not in text and "earliest" not in text
    # sperm: 63 vs 63 vs 80 days: 80 is later by more than a quarter of 63 (and a week), so it is out of the tie
    assert "no meaningful difference in the model between stop only and clomiphene 3 months (63 days" in text
    # LH: 30 vs 30 vs 40 days: 40 is 10 days later, more than a week and a quarter of 30
    assert "no meaningful difference in the model between clomiphene 3 months and hCG then clomiphene (30 days" in text
    one = protocol_explorers._comparison_sentence(["stop only", "x"], [{"LH_days": 10.0, "sperm_days": math.nan},
                                                      {"LH_days": 30.0, "sperm_days": math.nan}])
    assert "earliest with stop only (10 days" in one and f"sperm not back above {protocol_explorers.SPERM_THRESHOLD:g} M/mL with any" in one


@pytest.mark.parametrize("sooner,later", [(135.0, 138.0), (100.0, 106.0), (200.0, 240.0)])
def test_a_small_difference_names_no_winner(sooner, later):
    """Issue 18: 'sperm back earliest with clomiphene (135 days)' against stopping alone at 138 named a winner by
    3 days inside a spread of hundreds. Under a week, or under a quarter of the recovery time, is no difference."""
    vals = [{"LH_days": 20.0, "sperm_days": later}, {"LH_days": 20.0, "sperm_days": sooner}]
    text = protocol_explorers._comparison_sentence(["stopping alone", "clomiphene"], vals)
    assert "earliest" not in text and "no meaningful difference in the model between stopping alone and clomiphene" in text


def test_a_large_difference_is_said():
    vals = [{"LH_days": 20.0, "sperm_days": 300.0}, {"LH_days": 20.0, "sperm_days": 120.0}]
    text = protocol_explorers._comparison_sentence(["stopping alone", "hCG"], vals)
    assert "earliest with hCG (120 days after TRT stops; the others at least 30 days later)" in text


def test_default_comparison_names_no_winner_inside_the_margin():
    view = protocol_explorers.ComparisonView()
    vals = [protocol_explorers.outcome_values(r) for r in view.results]
    sperm = sorted(round(v["sperm_days"]) for v in vals if math.isfinite(v["sperm_days"]))
    if len(sperm) > 1 and sperm[1] - sperm[0] < recovery_margin(sperm[0]):
        assert "no meaningful difference in the model" in view.summary_text
    assert "soonest" not in view.summary_text


def test_builder_never_calls_a_regimen_the_readers_own_and_says_daily():
    b = protocol_explorers.ProtocolBuilder()
    text = " ".join([b.summary_text, b.description.value, b.table.value, b.intro])
    assert not re.search(r"\byour protocol\b", text, re.I)
    assert "simulated protocol" in text
    assert "every 1 day" not in b.description.value and "daily" in b.description.value


def test_below_detection_in_words():
    floor = DETECTION_LIMITS["LH"]   # the assay's floor, written once (model/parameters.py)
    assert protocols.level_text("LH", floor / 5) == f"below detection (< {floor:g} IU/L)"
    assert protocols.level_text("LH", 3.21) == "3.2 IU/L"
    assert protocols.level_text("T", 0.02, ".2f", "ng/dL") == "0.02 ng/dL"
    typical = trt.TypicalTRT()        # FSH on TRT is suppressed below the assay's sensitivity
    assert "below detection" in typical.summary_text


def test_tables_scroll_sideways_in_their_own_box_on_a_narrow_screen():
    page = protocols.agent_table()._repr_html_()
    assert page.startswith('<div class="hpgviz-table-scroll"') and "overflow-x:auto" in page
    assert 'tabindex="0"' in page and 'role="region"' in page and "<table" in page

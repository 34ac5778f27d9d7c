"""The validation table (hpgviz.analysis.validation): row shape, input checks, determinism, and the
pass/fail rule of each kind of target. Whether the model meets the targets is for
tests/calibration/test_c06_c21_recovery.py."""
import math
import re
from pathlib import Path

import numpy as np
import pytest

from hpgviz.analysis import validation, validation_child
from hpgviz.analysis.validation import IDS, SCENARIOS, TARGETS, Target, validate

ROW_KEYS = {"id", "key", "scenario", "quantity", "model", "target", "tolerance", "check", "unit", "passes",
            "source", "defence", "note"}
SOURCES = Path(__file__).resolve().parents[2] / "docs" / "SOURCES.md"


@pytest.fixture(scope="module")
def c6_rows():
    return validate(ids="C6", n=40, seed=11)


def test_rows_have_the_agreed_shape(c6_rows):
    assert [r["key"] for r in c6_rows] == [t.key for t in TARGETS if t.id == "C6"]
    for row in c6_rows:
        assert set(row) == ROW_KEYS
        assert row["id"] == "C6" and isinstance(row["passes"], bool) and isinstance(row["model"], float)
        assert 0.0 <= row["model"] <= 1.0 and row["unit"] == "share"
        assert row["scenario"] == SCENARIOS["C6"].description and "of 40 men" in row["note"]
        target = validation.BY_KEY[row["key"]]
        assert row["passes"] == target.passes(row["model"])


def test_the_same_seed_gives_the_same_rows(c6_rows):
    assert validate(ids=["C6"], n=40, seed=11) == c6_rows


def test_a_row_measured_in_another_scenario_still_comes_with_its_id():
    rows = validate(ids="C12", n=12, seed=1)
    assert [r["key"] for r in rows] == ["C12 young men not recovered", "C12 older long high-dose not recovered"]
    assert "12 months" in rows[0]["scenario"] and "5 years" in rows[1]["scenario"]


def test_unknown_id_names_the_allowed_ids():
    with pytest.raises(ValueError, match=re.escape(", ".join(IDS))) as info:
        validate(ids=["C7", "C99"])
    assert "C99" in str(info.value)
    with pytest.raises(ValueError, match="ids"):
        validate(ids=[])


@pytest.mark.parametrize("n", [0, -5, 2.5, True, 200_000])
def test_bad_cohort_size_names_n_and_its_range(n):
    with pytest.raises(ValueError, match=r"n \(men per cohort\).*\[1, 100000\]"):
        validate(ids="C6", n=n)


def test_fast_must_be_a_bool():
    with pytest.raises(TypeError, match="fast"):
        validate(ids="C6", fast="yes")


@pytest.mark.parametrize("check,value,tolerance,model,expected", [
    ("near", 0.65, 0.10, 0.75, True), ("near", 0.65, 0.10, 0.76, False), ("near", 0.65, 0.10, 0.54, False),
    ("at_most", 0.0, 0.02, 0.02, True), ("at_most", 0.0, 0.02, 0.03, False),
    ("at_least", 21, 0, 21, True), ("at_least", 21, 0, 20.5, False),
    ("above", 0, 0, 0.5, True), ("above", 0, 0, 0.0, False), ("above", 0, 0, -1, False),
    ("near", 1.0, 0.1, math.nan, False), ("above", 0, 0, math.nan, False),
])
def test_pass_rule_of_each_check(check, value, tolerance, model, expected):
    target = Target("k", "C0", "q", value, tolerance, check, "u", "d", "c", "C6")
    assert target.passes(model) is expected


def test_every_target_is_complete_and_cited():
    keys = [t.key for t in TARGETS]
    assert len(keys) == len(set(keys)), "target keys must be unique"
    sources = SOURCES.read_text()
    for t in TARGETS:
        assert t.check in ("near", "at_most", "at_least", "above"), t.key
        assert t.scenario in SCENARIOS and t.tolerance >= 0 and math.isfinite(t.value), t.key
        assert t.defence and t.citation and t.unit and t.quantity, t.key
        assert f"| {t.id} |" in sources, f"{t.id} is not a calibration target in docs/SOURCES.md"


def test_missing_testis_volume_series_is_reported_not_invented():
    rows = {r["key"]: r for r in validate(ids="C19", n=8, seed=3)}
    row = rows["C19 testis volume in users"]
    from hpgviz import Regimen, simulate
    if "testis_volume" in simulate(Regimen([]), days=2):
        assert np.isfinite(row["model"])
    else:
        assert math.isnan(row["model"]) and row["passes"] is False and "testis_volume" in row["note"]


def test_published_models_are_a_separate_group_of_comparisons():
    from hpgviz.analysis.published_models import side_by_side
    rows = validate(ids="C6", n=8, seed=1, published=True)
    targets = [r for r in rows if r["check"] != "comparison"]
    compared = [r for r in rows if r["check"] == "comparison"]
    assert [r["key"] for r in targets] == [t.key for t in TARGETS if t.id == "C6"]
    assert len(compared) == len(side_by_side()) and rows[-len(compared):] == compared
    for row in compared:
        # Never counted as met or missed; the words are the side-by-side's, the ids are not calibration ids.
        assert set(row) == ROW_KEYS and row["passes"] is None and row["id"] in ("Bi 2018", "Tornoe 2007")
        assert row["id"] not in IDS and row["note"]
    assert validate(ids="C6", n=8, seed=1) == targets
    with pytest.raises(TypeError, match="published"):
        validate(ids="C6", published="yes")


# --- The runs' cache: a scenario runs once per model, cohort size and seed ----------------------------------

@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache folder and an empty in-process cache (restored after the test)."""
    monkeypatch.setenv("HPGVIZ_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validation, "_RUNS", {})
    return tmp_path


def _counting(monkeypatch, name):
    """Replace scenario `name`'s run by the real run that also counts its calls."""
    calls = []
    real = SCENARIOS[name]

    def run(n, seed):
        calls.append((n, seed))
        return real.run(n, seed)

    monkeypatch.setitem(SCENARIOS, name, validation.Scenario(real.description, run, real.n, real.fast_n))
    return calls


def test_a_scenario_runs_once_then_comes_from_the_cache_in_memory_and_on_disk(fresh_cache, monkeypatch):
    calls = _counting(monkeypatch, "C23")
    assert not validation.is_cached(ids="C23")
    first = validate(ids="C23")
    assert validate(ids="C23") == first and len(calls) == 1 and validation.is_cached(ids="C23")
    assert list(fresh_cache.glob(f"{validation.model_key()}/C23-1-*.json")), "the run was not written to disk"
    monkeypatch.setattr(validation, "_RUNS", {})     # a new process: only the folder is left
    assert validate(ids="C23") == first and len(calls) == 1
    validate(ids="C6", n=5, seed=1)
    validate(ids="C6", n=6, seed=1)
    validate(ids="C6", n=5, seed=2)                  # each cohort size and seed is its own run
    assert len(list(fresh_cache.glob("*/C6-*.json"))) == 3


def test_before_run_is_called_before_each_scenario_that_runs_and_never_for_a_cached_one(fresh_cache, monkeypatch):
    calls = _counting(monkeypatch, "C23")
    asked = []
    validate(ids="C23", before_run=lambda: asked.append(len(calls)))
    assert asked == [0] and len(calls) == 1          # before the run, once
    validate(ids="C23", before_run=lambda: asked.append(len(calls)))
    assert asked == [0]                               # from the cache: nothing to wait for


def test_a_child_process_fills_the_cache_this_process_then_reads(fresh_cache, monkeypatch):
    calls = _counting(monkeypatch, "C23")
    assert validation_child.run_in_a_child(ids="C23") and validation.is_cached(ids="C23")
    validate(ids="C23")
    assert calls == []                                # run by the child only
    monkeypatch.setenv("HPGVIZ_CACHE_DIR", "off")
    assert not validation_child.run_in_a_child(ids="C23")   # no folder to share: nothing run


def test_a_changed_parameter_makes_a_new_key_and_a_new_run(fresh_cache, monkeypatch):
    from dataclasses import replace

    from hpgviz.model.parameters import PHYSIOLOGY
    calls = _counting(monkeypatch, "C23")
    before_key, before = validation.model_key(), validate(ids="C23")
    monkeypatch.setitem(PHYSIOLOGY, "T_base", replace(PHYSIOLOGY["T_base"], value=PHYSIOLOGY["T_base"].value * 0.8))
    assert validation.model_key() != before_key
    after = validate(ids="C23")
    assert len(calls) == 2 and after != before


def test_a_broken_cache_file_is_run_again_and_off_writes_nothing(fresh_cache, monkeypatch):
    calls = _counting(monkeypatch, "C23")
    rows = validate(ids="C23")
    (path,) = fresh_cache.glob("*/C23-*.json")
    path.write_text('{"half a fi')                   # e.g. another process died while writing
    monkeypatch.setattr(validation, "_RUNS", {})
    assert validate(ids="C23") == rows and len(calls) == 2
    monkeypatch.setenv("HPGVIZ_CACHE_DIR", "off")
    monkeypatch.setattr(validation, "_RUNS", {})
    assert validation.cache_dir() is None
    assert validate(ids="C23") == rows and len(calls) == 3
    assert len(list(fresh_cache.rglob("*.json"))) == 1

"""The rendered equations cannot drift from the code: every parameter and slow state they name exists and is
read by the model, every slow state of the registry has an equation, and the tables compute what they say."""
import math
import re
from pathlib import Path

import pytest

from hpgviz.content import equations
from hpgviz.model import states
from hpgviz.model.parameters import DRUGS, PHYSIOLOGY
from hpgviz.model.patient import VARIABILITY

MODEL_DIR = Path(equations.__file__).resolve().parents[1] / "model"
MODEL_CODE = "\n".join(p.read_text() for p in MODEL_DIR.glob("*.py") if p.name != "parameters.py")


def test_every_named_parameter_exists():
    missing = sorted(n for n in equations.named_parameters() if n not in PHYSIOLOGY and n not in DRUGS)
    assert not missing, f"equations name parameters the model does not have: {missing}"
    assert not sorted(set(equations.SYMBOLS) - set(PHYSIOLOGY) - set(DRUGS))


@pytest.mark.parametrize("name", sorted(equations.named_parameters()))
def test_every_named_parameter_is_read_by_the_model_code(name):
    """A parameter in the equations that no model module reads would be an equation of a model that is gone."""
    assert re.search(rf"\b{re.escape(name)}\b", MODEL_CODE), f"{name} is in the equations but no model code reads it"


def test_every_named_state_exists():
    assert equations.named_states() <= set(states.NAMES), sorted(equations.named_states() - set(states.NAMES))


def test_every_slow_state_of_the_registry_has_an_equation():
    shown = {name for eq in equations.all_equations() for name in eq.states}
    assert set(states.NAMES) <= shown, sorted(set(states.NAMES) - shown)


def test_a_new_state_appears_in_its_generic_form(monkeypatch):
    """A state the model gains before its target is written here still shows, with its rate parameter."""
    new = states.SlowState("leydig_mass_test", "relative", "sertoli_rate", "a test state: Leydig mass", "test", "M")
    monkeypatch.setattr(states, "STATES", states.STATES + (new,))
    eqs = equations.all_equations()
    generic = [eq for eq in eqs if "leydig_mass_test" in eq.states]
    assert len(generic) == 1 and r"sertoli\_rate" in generic[0].latex and "sertoli_rate" in generic[0].parameters
    assert "leydig_mass_test" not in {n for eq in equations.EQUATIONS for n in eq.states}
    assert any(row["state"] == "leydig_mass_test" for row in equations.state_rows())


def test_every_rate_parameter_exists_and_is_positive():
    for s in states.STATES:
        spec = PHYSIOLOGY.get(s.rate) or DRUGS.get(s.rate)
        assert spec is not None, s.rate
        assert spec.value > 0


def test_long_equations_are_stacked_to_fit_the_page():
    """A long equation is split at its \\qquad separators outside braces (so its output never scrolls sideways)."""
    stacked = equations._stacked(r"a = b,\qquad c = \frac{d}{e\qquad f}")
    assert stacked == r"\begin{gathered}a = b \\ c = \frac{d}{e\qquad f}\end{gathered}"
    assert equations._stacked("x = y") == "x = y"


def test_rendered_markdown_holds_every_equation_and_symbol():
    text = equations.model_equations()._repr_markdown_()
    assert text.count("$$") == 2 * len(equations.all_equations())
    for eq in equations.all_equations():
        # each part of an equation is there, in order (long ones are stacked one part a line)
        parts = [part for part in re.split(r"\s*,?\s*\\qquad\s*", eq.latex)]
        at = 0
        for part in parts:
            at = text.find(part, at)
            assert at >= 0, (eq.title, part)
        for name in eq.parameters:
            assert f"`{name}`" in text
    # inline maths balanced: an even number of single dollars once the display fences are removed
    assert text.replace("$$", "").count("$") % 2 == 0


def test_state_table_half_times_follow_the_rates():
    rows = {r["state"]: r for r in equations.state_rows()}
    for s in states.STATES:
        rate = (PHYSIOLOGY.get(s.rate) or DRUGS.get(s.rate)).value
        days = math.log(2) / rate
        shown = rows[s.name]["half-time"]
        number = float(shown.split()[0])
        expected = days if shown.endswith("days") else days * 24
        assert number == pytest.approx(expected, abs=0.051), (s.name, shown)
        carries, _, off = s.meaning.partition(" Off: ")
        assert s.meaning.startswith(rows[s.name]["what it carries"])
        if off:
            assert rows[s.name]["switched off"] == off


def test_parameter_table_rows_carry_units_sources_tags_and_cv():
    rows = {r["parameter"]: r for r in equations.parameter_rows()}
    assert set(rows) == {n for n in equations.named_parameters()}
    for name, row in rows.items():
        spec = PHYSIOLOGY.get(name) or DRUGS.get(name)
        assert row["unit"] == spec.unit and row["source"] == spec.source and row["tag"] == spec.tag
    for name, cv, _ in VARIABILITY:
        if name in rows:
            assert rows[name]["between-subject CV"] == f"{cv:.0%}"
    html = equations.parameter_table()._repr_html_()
    assert "between-subject CV" in html and "<table" in html

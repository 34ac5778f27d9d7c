"""Labels such as "low", "normal", "high", "too low", "balanced" and "too high" follow from one table, the
reference ranges and the estradiol zones (hpgviz/content/labels.py), never from a threshold of their own."""
import re
from pathlib import Path

import pytest

from hpgviz.content.labels import e2_zone, reading
from hpgviz.model.parameters import E2_TOO_HIGH, E2_TOO_LOW, REFERENCE_RANGES

PACKAGE = Path(__file__).resolve().parents[2] / "hpgviz"
# A label made on the spot: `return "high"`, `... else "balanced"` (a font weight "normal" is no label).
LABEL_RETURN = re.compile(r"""(return|else)\s+["'](low|normal|high|too low|too high|balanced)["'](?!\))""")


@pytest.mark.parametrize("name", sorted(REFERENCE_RANGES))
def test_reading_follows_the_reference_range(name):
    low, high = REFERENCE_RANGES[name]
    assert reading(name, low * 0.99) == "low"
    assert reading(name, low) == "normal"
    if high is None:
        assert reading(name, low * 1000) == "normal"
    else:
        assert reading(name, high) == "normal" and reading(name, high * 1.01) == "high"


def test_e2_zones_follow_the_same_table():
    low, high = REFERENCE_RANGES["E2"]
    assert E2_TOO_HIGH == high
    assert e2_zone(E2_TOO_LOW * 0.99) == "too low"
    assert e2_zone(E2_TOO_LOW) == e2_zone(high) == "balanced"
    assert e2_zone(high * 1.01) == "too high"


def test_no_module_makes_a_label_of_its_own():
    found = [f"{p.relative_to(PACKAGE)}: {m.group(0)}" for p in PACKAGE.rglob("*.py")
             if p.name != "labels.py" for m in LABEL_RETURN.finditer(p.read_text())]
    assert not found, "labels must come from hpgviz/content/labels.py:\n" + "\n".join(found)


@pytest.mark.xfail(strict=True, reason="hpgviz/model/parameters.py REFERENCE_RANGES['sperm'] is still WHO 2010's 15 "
                   "(a model file, not changed on the kit branch); the figures' band and the labels must use WHO "
                   "2021's 16, the reader-facing threshold of every recovery time")
def test_sperm_band_and_labels_use_the_reader_facing_threshold():
    from hpgviz.analysis.events import SPERM_THRESHOLD
    assert REFERENCE_RANGES["sperm"][0] == SPERM_THRESHOLD

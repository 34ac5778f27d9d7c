"""Labels such as "low", "normal", "high", "too low", "in range" and "too high" follow from one table, the
reference ranges and the estradiol zones (hpgviz/content/labels.py), never from a threshold of their own."""
import re
from pathlib import Path

import pytest

from hpgviz.content.labels import e2_zone, reading
from hpgviz.content.words import beside_trt_words
from hpgviz.model.parameters import E2_TOO_HIGH, E2_TOO_LOW, REFERENCE_RANGES

PACKAGE = Path(__file__).resolve().parents[2] / "hpgviz"
# A label made on the spot: `return "high"`, `... else "in range"` (a font weight "normal" is no label).
LABEL_RETURN = re.compile(r"""(return|else)\s+["'](low|normal|high|too low|too high|in range)["'](?!\))""")


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
    assert e2_zone(E2_TOO_LOW) == e2_zone(high) == "in range"
    assert e2_zone(high * 1.01) == "too high"


def test_no_module_makes_a_label_of_its_own():
    found = [f"{p.relative_to(PACKAGE)}: {m.group(0)}" for p in PACKAGE.rglob("*.py")
             if p.name != "labels.py" for m in LABEL_RETURN.finditer(p.read_text())]
    assert not found, "labels must come from hpgviz/content/labels.py:\n" + "\n".join(found)


def test_sperm_band_labels_and_recovery_times_use_who_2021():
    """WHO 2021's lower reference limit, 16 million/mL: 15.5 is low for the labels and the figures' band,
    and every recovery time counts to the same number."""
    from hpgviz.analysis.events import RECOVERY_THRESHOLDS, SPERM_THRESHOLD
    assert REFERENCE_RANGES["sperm"][0] == 16.0
    assert reading("sperm", 15.5) == "low" and reading("sperm", 16.0) == "normal"
    assert SPERM_THRESHOLD == 16.0 and SPERM_THRESHOLD in RECOVERY_THRESHOLDS


@pytest.mark.parametrize("with_them, without, expected", [
    (0.02, 0.05, "has no sperm in his count, with or without anastrozole"),
    (10.4, 10.0, "about the same as on the same TRT alone (10.4 against 10.0 M/mL)"),
    (10.4, 0.0, "is 10.4 M/mL, against 0.0 M/mL on the same TRT alone"),
])
def test_counts_beside_trt_follow_the_tie_rule(with_them, without, expected):
    """Two counts within the level tie rule are 'about the same', never a winner; both below detection are 'no
    sperm'; a real difference gives both numbers. Each ends with what the evidence holds."""
    text = beside_trt_words(["anastrozole"], with_them, without)
    assert expected in text and text.endswith("is no evidence that anastrozole protects fertility.")

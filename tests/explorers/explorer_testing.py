"""What every explorer test checks after a change: the explorer's error box stayed empty. (Figures are
closed after each test by the close_figures fixture in tests/conftest.py.)"""
import re

import pytest


def assert_no_error(explorer):
    assert explorer.errors.outputs == (), explorer.errors.outputs
    assert explorer.last_error is None


def assert_counts_beside_trt(summary, expected, what):
    """The summary's sperm counts with a SERM or an AI during TRT and on the same TRT alone (the expected values,
    from independent runs), said as "about the same" when within the tie rule, or, when both are below 0.1 M/mL,
    that the man has no sperm either way; then the no-trial sentence."""
    if max(expected) < 0.1:
        assert f"has no sperm in his count, with or without {what}" in summary
    else:
        counts = re.search(r"end of TRT is (?:about the same as on the same TRT alone \()?([\d.]+)(?: M/mL,)? "
                           r"against ([\d.]+) M/mL", summary).groups()
        assert [float(x) for x in counts] == pytest.approx(expected, abs=0.06)
    assert f"No trial has counted sperm in men taking {what} with TRT" in summary

"""Helpers shared by the tests that build figures and explorers without a browser: each test's figures are
closed after it (import ``close_figures`` into the test module to use the fixture), and an explorer's error
box must stay empty."""
import matplotlib

matplotlib.use("Agg")   # before pyplot is imported anywhere: tests never open windows

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_no_error(explorer):
    assert explorer.errors.outputs == (), explorer.errors.outputs
    assert explorer.last_error is None

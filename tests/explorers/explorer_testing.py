"""What every explorer test checks after a change: the explorer's error box stayed empty. (Figures are
closed after each test by the close_figures fixture in tests/conftest.py.)"""


def assert_no_error(explorer):
    assert explorer.errors.outputs == (), explorer.errors.outputs
    assert explorer.last_error is None

"""The share box as a reader uses it: pasted text that is not this explorer's settings gets one line saying
why (never a traceback), a new attempt replaces the line instead of adding one, and the CSV download is a
visible button."""
import html

import pytest

from hpgviz import protocol_widgets as pw
from hpgviz import widgets

BAD_TEXTS = {
    "another explorer": ("TRTExplorer dose=100", "not SERMExplorer"),
    "unknown setting": ("SERMExplorer colour=red", "unknown setting 'colour'"),
    "not a number": ("SERMExplorer dose=lots", "setting dose: 'lots' is not a number"),
    "not an option": ("SERMExplorer agent=aspirin", "setting agent: 'aspirin' is not one of"),
    "empty": ("", "not SERMExplorer"),
}


def press_reopen(ex, text):
    ex.settings.value = text
    ex._guard(ex._reopen_from_box)()   # what the Reopen button runs


@pytest.mark.parametrize("case", BAD_TEXTS, ids=list(BAD_TEXTS))
def test_bad_settings_text_gets_one_line_and_no_traceback(case):
    text, says = BAD_TEXTS[case]
    ex = pw.SERMExplorer()
    before = ex.settings_text()
    press_reopen(ex, text)
    message = html.unescape(ex.share_message.value)
    assert says in message and "Traceback" not in message and "\n" not in message, message
    assert ex.errors.outputs == () and ex.last_error is None          # nothing in the error box
    assert ex.settings_text() == before                               # nothing changed
    ex.close()


def test_repeated_errors_replace_each_other_and_a_good_text_clears_them():
    ex = pw.SERMExplorer()
    good = ex.settings_text().replace(f"dose={ex.dose.value:g}", "dose=50")
    for text, _ in BAD_TEXTS.values():
        press_reopen(ex, text)
    assert ex.share_message.value.count("Could not reopen") == 1
    press_reopen(ex, good)
    assert ex.dose.value == 50 and "reopened" in ex.share_message.value and "Could not" not in ex.share_message.value
    ex.close()


def test_the_download_is_a_button():
    ex = widgets.TRTExplorer()
    ex._prepare_csv()
    assert 'class="hpgviz-download"' in ex.download.value
    from hpgviz.explorer_base import PAGE_SUPPORT
    assert ".hpgviz-download" in PAGE_SUPPORT and "background" in PAGE_SUPPORT   # drawn as a filled button
    ex.close()

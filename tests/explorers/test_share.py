"""The share box as a reader uses it: pasted text that is not this explorer's settings gets one line saying
why (never a traceback), a new attempt replaces the line instead of adding one, and the CSV download is a
visible button."""
import html
import re

import pytest

from hpgviz.explorers import agents as pw
from hpgviz.explorers import trt as widgets

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
    from hpgviz.explorers.base import PAGE_SUPPORT
    assert ".hpgviz-download" in PAGE_SUPPORT and "background" in PAGE_SUPPORT   # drawn as a filled button
    ex.close()


def test_a_link_from_the_app_reopens_the_same_settings(monkeypatch):
    """In the app Voila hands the kernel the page's address: the share box offers a link (relative, so it survives
    a proxy) whose query gives this explorer its settings; opening the page with it applies them."""
    import urllib.parse
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/notebooks/02_intermediate.ipynb")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    first = pw.SERMExplorer()
    first.open_from_address("e3")
    first.set(dose=50)
    href = html.unescape(re.search(r'href="([^"]+)"', first.link.value).group(1))
    assert href.startswith("?e3=")
    monkeypatch.setenv("QUERY_STRING", href[1:])                 # the page opened again from the link
    again = pw.SERMExplorer()
    again.open_from_address("e3")
    assert again.settings_text() == first.settings_text() and again.dose.value == 50
    assert urllib.parse.parse_qs(href[1:])["e3"] == [first.settings_text()]
    monkeypatch.setenv("QUERY_STRING", "e3=" + urllib.parse.quote("SERMExplorer dose=lots"))
    broken = pw.SERMExplorer()
    broken.open_from_address("e3")                               # a damaged link: one line, defaults kept
    assert "is not a number" in broken.share_message.value and broken.last_error is None
    first.close(), again.close(), broken.close()


def test_no_link_outside_the_app(monkeypatch):
    monkeypatch.delenv("VOILA_REQUEST_URL", raising=False)
    ex = pw.SERMExplorer()
    ex.open_from_address("e1")
    assert ex.link.value == ""
    ex.close()

"""The app's pictures from the first paint, kernel side: an explorer shown in a running cell leaves its starting
picture under the cell's code and screen in the folder HPGVIZ_PICTURES names (app/config/voila.py shows it on the
next view); nothing outside the app, and nothing when the address gave the explorer other settings."""
import os

from hpgviz.explorers import figures
from hpgviz.explorers.page_support import PICTURES_ENV, picture_name
from hpgviz.explorers.trt import TRTExplorer

CELL = "trt.TRTExplorer()"


def shown(monkeypatch, tmp_path, query=""):
    monkeypatch.setenv(PICTURES_ENV, str(tmp_path))
    monkeypatch.setenv("QUERY_STRING", query)
    monkeypatch.setattr(figures, "_running_cell_code", lambda: CELL)
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    TRTExplorer()._ipython_display_()
    return sorted(os.listdir(tmp_path))


def test_a_shown_explorer_leaves_its_starting_picture(monkeypatch, tmp_path):
    assert shown(monkeypatch, tmp_path) == [picture_name(CELL, None, 2)]   # outside the app's first cell: 2x
    picture = (tmp_path / picture_name(CELL, None, 2)).read_text()
    assert picture.startswith('<figure class="hpgviz-static"><img src="data:image/png;base64,') and "<style>" not in picture


def test_settings_from_the_address_leave_no_picture(monkeypatch, tmp_path):
    import hpgviz.explorers.base as b
    key = f"e{next(b._SHOWN) + 1}"   # the next explorer shown gets this key
    assert shown(monkeypatch, tmp_path, f"{key}=TRTExplorer%20dose%3D120") == []


def test_no_picture_outside_the_app(monkeypatch, tmp_path):
    monkeypatch.delenv(PICTURES_ENV, raising=False)
    monkeypatch.setattr(figures, "_running_cell_code", lambda: CELL)
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    TRTExplorer()._ipython_display_()
    assert os.listdir(tmp_path) == []


def test_pictures_differ_by_code_and_screen():
    names = {picture_name(code, width, density) for code in ("a()", "b()") for width in (None, 390, 412)
             for density in (1, 2)}
    assert len(names) == 12

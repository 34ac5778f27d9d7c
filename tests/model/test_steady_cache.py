"""The steady state is searched once per man or cohort: a rerun under another regimen reuses it."""
import numpy as np

from hpgviz.model import engine
from hpgviz.model.patient import Cohort
from hpgviz.model.regimen import Course, Regimen

TE = Regimen([Course("testosterone_enanthate", dose=200, every_days=7, stop_day=60)])


def test_a_cohort_rerun_reuses_its_steady_state_and_gives_the_same_men(monkeypatch):
    engine._STEADY_CACHE.clear()
    cohort = Cohort(20, seed=3)
    first = engine.simulate(TE, days=120, patient=cohort)
    searches = []
    monkeypatch.setattr(engine, "steady_state", lambda *args: searches.append(args))
    again = engine.simulate(TE, days=120, patient=Cohort(20, seed=3))
    assert not searches
    np.testing.assert_array_equal(first["sperm"], again["sperm"])


def test_another_cohort_is_searched_anew():
    engine._STEADY_CACHE.clear()
    a = engine.simulate(None, days=10, patient=Cohort(10, seed=1))
    b = engine.simulate(None, days=10, patient=Cohort(10, seed=2))
    assert len(engine._STEADY_CACHE) == 2
    assert not np.allclose(a["T"][:, 0], b["T"][:, 0])

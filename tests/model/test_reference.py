"""Accuracy of the stepper against the readable reference equations (hpgviz/model/reference.py)
integrated by LSODA at rtol 1e-8. The stepper takes half-day steps with interval-mean drug inputs; the
reference reads drug levels at every instant. Their difference is the stepper's error."""
import numpy as np
import pytest

import hpgviz as hpg
from hpgviz import Course, Regimen
from hpgviz.model import reference

# Values far below the healthy level are compared on an absolute scale: a 1 % relative error of an LH of
# 0.01 IU/L means nothing. The floor is 5 % of each series' value in the untreated man.
FLOOR_SHARE = 0.05
# Largest relative deviation allowed: 5 % for every series. It is below the analytical variation of the
# clinical immunoassays that measure T, LH and FSH (~5-10 %) and of a semen count, so no reader can tell
# the stepper from the exact solution on a figure or in a rounded number; it is still tight enough that
# a first-order stepper (which the half-day step made 7-8 % off after a stop) fails.
BOUND = 0.05
SERIES = ("T", "LH", "FSH", "E2", "inhibin_B", "sperm")

SCENARIOS = {
    "TRT then stop": (Regimen([Course("testosterone_cypionate", 200, 7, 0, 182)]), 400),
    "TRT with hCG": (Regimen([Course("testosterone_cypionate", 200, 7, 0, 182), Course("hcg", 500, 2, 0, 182)]), 400),
    "SERM restart": (Regimen([Course("testosterone_enanthate", 200, 7, 0, 182),
                              Course("clomiphene", 50, 1, 182, 272)]), 400),
    "continuous gonadorelin": (Regimen([Course("gonadorelin", 160, 1, 0, 28, continuous=True)]), 60),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_stepper_matches_the_reference(name):
    regimen, days = SCENARIOS[name]
    fast = hpg.simulate(regimen, days=days)
    exact = reference.integrate(regimen, days)
    for series in SERIES:
        floor = FLOOR_SHARE * fast[series][0]
        deviation = np.abs(fast[series] - exact[series]) / np.maximum(np.abs(exact[series]), floor)
        worst = int(np.argmax(deviation))
        assert deviation[worst] < BOUND, (
            f"{name}: {series} off by {100 * deviation[worst]:.2f} % on day {fast.t[worst]:g} "
            f"({fast[series][worst]:.4g} vs {exact[series][worst]:.4g})")


def test_reference_rests_at_the_steady_state():
    """The reference starts where the engine's steady state is and stays there with no drug."""
    exact = reference.integrate(Regimen([]), 60)
    fast = hpg.simulate(Regimen([]), days=60)
    for series in SERIES:
        assert np.allclose(exact[series], fast[series][0], rtol=1e-6), series

"""hpgviz: an educational model of the male hypothalamic-pituitary-gonadal axis.

An educational model, not medical advice: it explains mechanisms and never recommends a dose.
"""
from .model.agents import AGENTS
from .model.engine import Result, simulate
from .model.parameters import REFERENCE_RANGES, table as parameter_table
from .model.patient import Cohort, Patient
from .model.pulses import simulate_pulses
from .model.regimen import Course, Regimen

__all__ = ["AGENTS", "Cohort", "Course", "Patient", "REFERENCE_RANGES", "Regimen", "Result", "parameter_table",
           "simulate", "simulate_pulses"]
__version__ = "0.1.0"

from . import _deprecated  # noqa: E402

_deprecated.install(__name__)   # the old tier-named modules (hpgviz.widgets, ...): warning shims

"""hpgviz: an educational model of the male hypothalamic-pituitary-gonadal axis.

An educational model, not medical advice: it explains mechanisms and never recommends a dose.
"""
from .agents import AGENTS
from .parameters import REFERENCE_RANGES, table as parameter_table
from .patient import Cohort, Patient
from .regimen import Course, Regimen
from .simulate import Result, simulate

__all__ = ["AGENTS", "Cohort", "Course", "Patient", "REFERENCE_RANGES", "Regimen", "Result", "parameter_table",
           "simulate"]
__version__ = "0.1.0"

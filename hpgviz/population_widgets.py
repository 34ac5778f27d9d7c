"""Deprecated: the old name of hpgviz.explorers.population (and its checkpoint); see docs/architecture.md."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.explorers.population", "hpgviz.explorers.checkpoints", "hpgviz.explorers.runs")

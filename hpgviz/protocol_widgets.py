"""Deprecated: the old name of the intermediate tier's explorers, now in hpgviz.explorers (agents,
estradiol, trt, protocols, checkpoints, runs); see docs/architecture.md."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.explorers.protocols", "hpgviz.explorers.agents",
                      "hpgviz.explorers.estradiol", "hpgviz.explorers.trt", "hpgviz.explorers.checkpoints",
                      "hpgviz.explorers.runs")

"""Deprecated: the old name of the fundamentals tier's explorers, now in hpgviz.explorers (trt, agents,
estradiol, checkpoints); see docs/architecture.md."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.explorers.trt", "hpgviz.explorers.agents", "hpgviz.explorers.estradiol",
                      "hpgviz.explorers.checkpoints",
                      renamed={"print_checkpoints": "hpgviz.explorers.checkpoints:print_fundamentals"})

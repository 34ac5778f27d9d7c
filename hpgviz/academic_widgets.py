"""Deprecated: the old name of the academic tier's explorers, now in hpgviz.explorers (adaptation, failure,
pulses, agents, spermatogenesis, checkpoints); see docs/architecture.md."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.explorers.adaptation", "hpgviz.explorers.failure",
                      "hpgviz.explorers.pulses", "hpgviz.explorers.agents", "hpgviz.explorers.spermatogenesis",
                      "hpgviz.explorers.checkpoints", "hpgviz.explorers.runs",
                      renamed={"print_checkpoints": "hpgviz.explorers.checkpoints:print_mechanisms"})

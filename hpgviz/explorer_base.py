"""Deprecated: the old name of hpgviz.explorers.base (see docs/architecture.md)."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.explorers.base")

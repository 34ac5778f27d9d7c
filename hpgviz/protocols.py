"""Deprecated: the old name of hpgviz.content.protocols (see docs/architecture.md)."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.content.protocols")

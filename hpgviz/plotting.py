"""Deprecated: the old name of hpgviz.viz.panels (see docs/architecture.md)."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.viz.panels")

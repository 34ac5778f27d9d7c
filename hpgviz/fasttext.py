"""Deprecated: the old name of hpgviz.viz.fasttext (see docs/architecture.md)."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.viz.fasttext")

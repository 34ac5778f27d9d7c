"""Deprecated: the old name of the drawing modules now in hpgviz.viz (see docs/architecture.md)."""
from ._deprecated import forward

__getattr__ = forward(__name__, "hpgviz.viz.panels", "hpgviz.viz.style", "hpgviz.viz.hormone_panels",
                      "hpgviz.viz.diagram", "hpgviz.viz.strip", "hpgviz.viz.timeaxis", "hpgviz.content.words")

"""The interactive explorers (ipywidgets): one base class, one module per topic."""

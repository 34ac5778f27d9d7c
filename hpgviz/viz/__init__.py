"""Figures: matplotlib drawing of what the analysis layer computes (no model code, no widgets)."""

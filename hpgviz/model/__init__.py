"""The model layer: numpy and scipy only (never matplotlib or ipywidgets).

Parameters, the drug catalogue and its pharmacokinetics, the slow states, the fast axis, the sperm
pipeline, the stepper (engine), the minute-scale pulse mode and the readable reference equations.
"""

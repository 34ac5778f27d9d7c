"""Helpers for the explorers' controls: a slider moved to a new range without an invalid step between."""
from __future__ import annotations

__all__ = ["readout_format", "set_range"]


def set_range(slider, low, high, step, value):
    """Move a slider to a new range without ever passing through an invalid state."""
    with slider.hold_trait_notifications():
        slider.max = max(slider.max, high)
        slider.min = min(slider.min, low)
        slider.value = min(max(value, low), high)
        slider.min, slider.max, slider.step = low, high, step
        slider.readout_format = readout_format(step)


def readout_format(step):
    """Enough decimals to show every step of the slider, and no more (12.5 -> .1f, 0.25 -> .2f)."""
    text = f"{step:.6f}".rstrip("0")
    return f".{len(text.split('.')[1])}f"

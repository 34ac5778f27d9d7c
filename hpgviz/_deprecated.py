"""Old, tier-named module names kept importable for notebooks written before the layers (issue 15).

Each old module is a thin shim: importing it warns once, and any name is looked up in the modules that
now hold it, in order."""
from __future__ import annotations

import importlib
import warnings


def forward(old: str, *new: str, renamed: dict | None = None):
    """A module-level __getattr__ for the shim `old` that reads names from the modules `new`; `renamed`
    maps an old name to "module:new_name"."""
    warnings.warn(f"{old} is deprecated: import {' or '.join(new)} instead", DeprecationWarning, stacklevel=3)

    def __getattr__(name: str):
        if renamed and name in renamed:
            module, new_name = renamed[name].split(":")
            return getattr(importlib.import_module(module), new_name)
        for module in new:
            target = importlib.import_module(module)
            for candidate in (name, name.lstrip("_")):   # a few private names became public when they moved
                if hasattr(target, candidate):
                    return getattr(target, candidate)
        raise AttributeError(f"module {old!r} has no attribute {name!r} (it now lives in {', '.join(new)})")

    return __getattr__

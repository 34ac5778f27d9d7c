"""Old, tier-named module names kept importable for notebooks written before the layers (issue 15).

There are no files at the old paths (so git follows each module to its new home): ``install`` registers one
small module object per old name. Reading a name from it warns (DeprecationWarning naming the new home)
and looks the name up in the modules that now hold it, in order."""
from __future__ import annotations

import importlib
import sys
import types
import warnings

_E, _V, _C = "hpgviz.explorers", "hpgviz.viz", "hpgviz.content"
# old module -> (the modules that now hold its names, in lookup order; {old name: "module:new name"})
OLD = {
    "widgets": ((f"{_E}.trt", f"{_E}.agents", f"{_E}.estradiol", f"{_E}.checkpoints"),
                {"print_checkpoints": f"{_E}.checkpoints:print_fundamentals"}),
    "protocol_widgets": ((f"{_E}.protocols", f"{_E}.agents", f"{_E}.estradiol", f"{_E}.trt", f"{_E}.checkpoints",
                          f"{_E}.runs"), {}),
    "academic_widgets": ((f"{_E}.adaptation", f"{_E}.failure", f"{_E}.pulses", f"{_E}.agents",
                          f"{_E}.spermatogenesis", f"{_E}.checkpoints", f"{_E}.runs"),
                         {"print_checkpoints": f"{_E}.checkpoints:print_mechanisms"}),
    "population_widgets": ((f"{_E}.population", f"{_E}.checkpoints", f"{_E}.runs"), {}),
    "plotting": ((f"{_V}.panels", f"{_V}.style", f"{_V}.diagram", f"{_V}.timeaxis", f"{_C}.words"), {}),
    "explorer_base": ((f"{_E}.base",), {}),
    "protocols": ((f"{_C}.protocols",), {}),
    "equations": ((f"{_C}.equations",), {}),
    "fasttext": ((f"{_V}.fasttext",), {}),
}


class Shim(types.ModuleType):
    """An old module name: every name read from it warns and comes from its new home."""

    def __init__(self, name: str, new: tuple, renamed: dict):
        super().__init__(name, f"Deprecated: the old name of {', '.join(new)} (see docs/architecture.md).")
        self._new, self._renamed = new, renamed

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        warnings.warn(f"{self.__name__} is deprecated: import {' or '.join(self._new)} instead",
                      DeprecationWarning, stacklevel=2)
        if name in self._renamed:
            module, new_name = self._renamed[name].split(":")
            return getattr(importlib.import_module(module), new_name)
        for module in self._new:
            target = importlib.import_module(module)
            for candidate in (name, name.lstrip("_")):   # a few private names became public when they moved
                if hasattr(target, candidate):
                    return getattr(target, candidate)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r} "
                             f"(it now lives in {', '.join(self._new)})")


def install(package: str):
    """Register every old name under `package` (``import hpgviz.widgets`` and ``from hpgviz import widgets``)."""
    for old, (new, renamed) in OLD.items():
        name = f"{package}.{old}"
        shim = sys.modules.setdefault(name, Shim(name, new, renamed))
        setattr(sys.modules[package], old, shim)

"""validate() in a child Python: a page's background validation that never holds the page's moves.

A page (notebook 03b) shows the validation once its runs are done. Run in the page's own process, a run shares the
GIL and the model's thread pool (model.jit.in_threads) with the reader's moves, which then queue behind its parts;
run in a child at the lowest CPU priority, it fills the cache folder (analysis.validation: a key of the model's
sources and parameters), and the page's validate() then reads it.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .validation import cache_dir

__all__ = ["run_in_a_child"]


def run_in_a_child(ids=None, fast: bool = False, nice: int = 19) -> bool:
    """Run validate(ids, fast=fast) in a child Python at CPU priority `nice` (19: the lowest), filling the cache
    folder that this process's validate() then reads (what the child could not run for this process, e.g. a
    parameter changed here at run time, this process runs itself). Returns False (nothing run) when the cache is
    off (HPGVIZ_CACHE_DIR=off: no folder to share)."""
    if cache_dir() is None:
        return False
    package_parent = str(Path(__file__).resolve().parents[2])   # the same hpgviz as this process
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    code = (f"import os; os.nice({int(nice)}); from hpgviz.analysis import validation; "
            f"validation.validate({ids!r}, fast={bool(fast)!r})")
    subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return True

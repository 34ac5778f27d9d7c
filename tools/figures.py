"""`make figures`: every explorer's starting scenario (and every static figure) of the notebooks, as PNG at
print resolution and as SVG, for slides and handouts.

    python tools/figures.py OUT_DIR [NOTEBOOK_STEM ...]

The figures are the notebooks' own: each notebook's setup cell is run (imports only), then each one-line
call that builds an explorer or a figure, exactly as the page calls it; an explorer's figures are its
views at their starting settings. Files: OUT_DIR/<notebook>_<nn>_<call>[_<view>].{png,svg}.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPI = 300
CALL = re.compile(r"^(\w+)\.(\w+)\(.*\)$")


def _cells(path: Path) -> list[str]:
    return ["".join(c["source"]).strip() for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _figures(obj) -> list:
    """The matplotlib figures an object shows: an explorer's views, or a static figure's figure."""
    views = getattr(obj, "_views", None)           # an Explorer (hpgviz explorer_base) keeps its FigureViews here
    if views:
        return [view.figure for view in views]
    figure = getattr(obj, "figure", None)
    return [figure] if figure is not None and hasattr(figure, "savefig") else []


def export(out: Path, stems=(), only=()) -> list[Path]:
    """Write the figures of the notebooks whose names start with one of ``stems`` (all if none), of the
    calls named in ``only`` (all if none); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if stems and not any(nb.stem.startswith(s) for s in stems):
            continue
        setup, *calls = _cells(nb)
        scope: dict = {}
        exec("\n".join(line for line in setup.splitlines() if not line.startswith("%")), scope)
        for i, call in enumerate(calls):
            match = CALL.match(call)
            if not match or match.group(2).startswith(("print", "checkpoint")) or (only and match.group(2) not in only):
                continue
            figures = _figures(eval(call, scope))
            for j, figure in enumerate(figures):
                name = f"{nb.stem[:3].rstrip('_')}_{i:02d}_{match.group(2)}" + (f"_{j + 1}" if len(figures) > 1 else "")
                for suffix in ("png", "svg"):
                    path = out / f"{name}.{suffix}"
                    figure.savefig(path, dpi=DPI, facecolor="white", bbox_inches="tight")
                    written.append(path)
            import matplotlib.pyplot as plt
            plt.close("all")
    return written


if __name__ == "__main__":
    files = export(Path(sys.argv[1]), sys.argv[2:])
    print(f"{len(files)} files in {sys.argv[1]}")

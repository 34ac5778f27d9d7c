"""Try the 90-minute class plans (hpgviz/content/kit.py PLANS) as an instructor would: execute every notebook a
plan uses, cell by cell, and record per section the seconds its code cells take and the words its text holds.
Writes hpgviz/content/plan_trial.json, which kit.plan() turns into each block's tried minutes (`make kit`).

    MPLBACKEND=Agg PYTHONPATH=$PWD .venv/bin/python tools/try_plans.py      (make try-plans; a few minutes)

Only the notebooks the plans name are run, one at a time. A cell's time is the kernel's own (execute_input to
execute_reply), so an explorer counts its first picture, not a student's moves (the questions' minutes cover those).
"""
from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from hpgviz.content.kit import PLANS, TRIAL_FILE, section_key  # noqa: E402

HEADING = re.compile(r"^##\s+(.+)$", re.M)


def _seconds(cell) -> float:
    stamps = cell.get("metadata", {}).get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def _words(text: str) -> int:
    text = re.sub(r"<[^>]+>|\$[^$]*\$|\([^)]*\.(?:ipynb|md)\)", " ", text)
    return len(re.findall(r"[A-Za-z0-9][\w'’.,/-]*", text))


def try_notebook(stem: str) -> dict:
    """Run the notebook and return its sections_of(); "setup" holds what comes before §1."""
    path = next((ROOT / "notebooks").glob(f"{stem}*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", record_timing=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print(f"{path.name}: {time.perf_counter() - started:.0f} s in all", flush=True)
    return sections_of(nb)


def sections_of(nb) -> dict:
    """{section key: {"seconds": its code cells' run time (0 if not run), "words": its text's words}}."""
    sections, key = {}, "setup"
    for cell in nb.cells:
        if cell.cell_type == "code":
            entry = sections.setdefault(key, {"seconds": 0.0, "words": 0})
            entry["seconds"] = round(entry["seconds"] + _seconds(cell), 2)
            continue
        for heading, text in split_sections(cell.source):
            key = next_key(key, heading)
            sections.setdefault(key, {"seconds": 0.0, "words": 0})["words"] += _words(text)
    return sections


def split_sections(markdown: str) -> list[tuple[str | None, str]]:
    """A markdown cell as (heading or None for the text before any, text) pieces: a cell may hold several."""
    parts = HEADING.split(markdown)        # [before, heading 1, text 1, heading 2, text 2, ...]
    return [(None, parts[0])] + list(zip(parts[1::2], parts[2::2]))


def next_key(key: str, heading: str | None) -> str:
    """The section a piece belongs to: a new heading starts one, except that everything before §1 (who it is
    for, the goals, how to use the page, the imports) is the notebook's setup."""
    if heading is None:
        return key
    new = section_key(heading)
    return new if new.isdigit() or key != "setup" else "setup"
    return sections


def main() -> None:
    stems = sorted({block.notebook for _, blocks in PLANS.values() for block in blocks})
    trial = {"tried": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "machine": f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores, shared",
             "notebooks": {stem: try_notebook(stem) for stem in stems}}
    TRIAL_FILE.write_text(json.dumps(trial, indent=1, sort_keys=True) + "\n")
    print(f"wrote {TRIAL_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

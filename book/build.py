"""Build the static HTML site of the series (``make book``): a Jupyter Book 1 (Sphinx) site that reads
without a kernel, every explorer shown as the static picture it leaves in the page.

    python book/build.py OUT_DIR [NOTEBOOK_DIR]

1. copy book/ (config, table of contents, front page) and the instructor kit (docs/kit) into OUT_DIR, with
   MathJax (npm, book/package.json) in its _static folder, so the equations render with no network;
2. run each notebook of NOTEBOOK_DIR (default: notebooks/) in a fresh kernel, two at a time;
3. drop the live-widget outputs and saved widget state (a widget has nothing to show without a kernel:
   the static picture beside it is the figure) and hide every code cell;
4. ``jupyter-book build OUT_DIR``: the site is OUT_DIR/_build/html/index.html.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WIDGET = "application/vnd.jupyter.widget-view+json"


def _chapters() -> tuple:
    """The notebooks the table of contents lists (book/_toc.yml: one fact, one place)."""
    import re
    toc = (HERE / "_toc.yml").read_text()
    return tuple(f"{stem}.ipynb" for stem in re.findall(r"^\s*-\s*file:\s*notebooks/(\S+)\s*$", toc, re.M))


CHAPTERS = _chapters()


# MathJax 3 from npm (`npm ci --prefix book`, which `make book` runs): the one script book/_config.yml names
# (tex-chtml-full: every TeX extension inside, nothing loaded later) and the fonts it reads beside it.
MATHJAX = HERE / "node_modules" / "mathjax" / "es5"
MATHJAX_FILES = ("tex-chtml-full.js", "output/chtml/fonts/woff-v2")
# The notebooks' link back to the start page: the app's landing page; in the book, its front page.
START_LINK, BOOK_START_LINK = "](../index.ipynb)", "](../index.md)"


def copy_mathjax(static: Path):
    if not (MATHJAX / MATHJAX_FILES[0]).is_file():
        raise SystemExit(f"MathJax is missing ({MATHJAX}): run `npm ci --prefix book` (make book does)")
    for name in MATHJAX_FILES:
        src, dst = MATHJAX / name, static / "mathjax" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy(src, dst)


def execute(src: Path, dst: Path) -> str:
    from nbclient import NotebookClient
    nb = nbformat.read(src, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(src.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.outputs if WIDGET not in o.get("data", {})]
        tags = cell.metadata.setdefault("tags", [])
        if "remove-input" not in tags:
            tags.append("remove-input")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(START_LINK, BOOK_START_LINK)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, dst)
    return dst.name


def build(out: Path, notebooks: Path = ROOT / "notebooks") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml", "index.md"):
        shutil.copy(HERE / name, out / name)
    shutil.copytree(ROOT / "docs" / "kit", out / "kit", dirs_exist_ok=True)   # the instructor kit's printable pages
    copy_mathjax(out / "_static")
    (out / "notebooks").mkdir(exist_ok=True)
    os.environ.pop("MPLBACKEND", None)          # the kernels pick their backend as in JupyterLab
    # 03b's validation section shows at once only from validate()'s cache (else it fills a live box later,
    # after this run's kernel has gone): run it here once, for this model, if not already cached.
    from hpgviz.analysis.validation import validate
    validate(fast=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(execute, notebooks / name, out / "notebooks" / name) for name in CHAPTERS]
        for job in jobs:
            print("ran", job.result(), flush=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", "--quiet", str(out)], check=True)
    return out / "_build" / "html"


def current_site(out: Path, notebooks: Path = ROOT / "notebooks") -> Path:
    """The site built in `out`, rebuilt only when a notebook, a file of book/ or of the package is newer (the
    tests share one build: it is slow)."""
    html = out / "_build" / "html"
    pages = [html / "notebooks" / name.replace(".ipynb", ".html") for name in CHAPTERS]
    sources = [*notebooks.glob("*.ipynb"), *HERE.glob("*.*"), *(ROOT / "hpgviz").rglob("*.py")]
    if not all(p.is_file() for p in pages) or min(p.stat().st_mtime for p in pages) < max(
            p.stat().st_mtime for p in sources):
        build(out, notebooks)
    return html


if __name__ == "__main__":
    site = build(Path(sys.argv[1]).resolve(),
                 Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT / "notebooks")
    print(f"site: {site / 'index.html'}")

"""environment.yml (conda, Binder) must list the same packages and tested ranges as pyproject.toml
(pip, the tested path): a drift between them would break conda users silently. The matplotlib range is the
one hpgviz.viz.fasttext was tested with."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _spec(line: str) -> tuple[str, str]:
    name, bound = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[\w.]+(?:,\s*<\s*[\w.]+)?)?", line).groups()
    return name.lower().replace("_", "-"), (bound or "").replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_deps = dict(_spec(d) for d in project["dependencies"] + project["optional-dependencies"]["test"])
    conda_deps = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("dependencies:"):].splitlines():
        item = re.match(r"\s+- ([A-Za-z].*)$", line)
        if item and not item.group(1).startswith(("pip", "-e")):
            name, bound = _spec(item.group(1))
            conda_deps[name] = bound
    conda_deps.pop("python", None)
    assert conda_deps == pip_deps
    assert project["requires-python"] == ">=3.11" and "python>=3.11" in (ROOT / "environment.yml").read_text()


def test_matplotlib_range_is_what_fasttext_was_tested_with():
    from hpgviz.viz.fasttext import TESTED_MATPLOTLIB
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    spec = dict(_spec(d) for d in project["dependencies"])["matplotlib"]
    low, high = re.fullmatch(r">=(\d+)\.(\d+),<(\d+)\.(\d+)", spec).groups()[:2], spec.split("<")[1]
    assert (int(low[0]), int(low[1])) == min(TESTED_MATPLOTLIB)
    major, minor = max(TESTED_MATPLOTLIB)
    assert high == f"{major}.{minor + 1}"

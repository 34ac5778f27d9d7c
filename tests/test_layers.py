"""The package is layered (DESIGN.md): model <- analysis <- content <- viz <- explorers. A module may
import only its own layer and those below it, with no lazy import to get around the rule, and the model
layer never imports a drawing or widget library."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hpgviz"
LAYERS = ("model", "analysis", "content", "viz", "explorers")
# Modules still at the top of the package, by the layer they belong to (they move into its folder when
# they are next reworked).
FLAT = {"protocols": "content", "plotting": "viz", "fasttext": "viz", "explorer_base": "explorers", "widgets": "explorers",
        "protocol_widgets": "explorers", "equations": "content", "academic_widgets": "explorers",
        "population_widgets": "explorers"}
FORBIDDEN_IN_MODEL = ("matplotlib", "ipywidgets", "IPython", "ipympl", "traitlets")


def layer_of(module: str) -> int | None:
    """Layer index of a dotted module name inside hpgviz (None for the package root)."""
    parts = module.split(".")[1:]
    if not parts or parts[0] == "__init__":
        return None
    head = parts[0]
    name = FLAT.get(head, head)
    if name not in LAYERS:
        raise AssertionError(f"hpgviz.{head} belongs to no layer: put it in one of {LAYERS} or in FLAT")
    return LAYERS.index(name)


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        yield ".".join(rel.parts), path


def imports(module: str, path: Path):
    """Every module a file imports (all nesting levels, so lazy imports count), resolved to absolute names."""
    package = module.rsplit(".", 1)[0] if not path.name == "__init__.py" else module
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module
            yield stem
            if node.level and not node.module:         # "from . import x": x is a module
                yield from (f"{stem}.{a.name}" for a in node.names)


ALL = list(modules())


@pytest.mark.parametrize("module,path", ALL, ids=[m for m, _ in ALL])
def test_no_upward_import(module, path):
    own = layer_of(module)
    if own is None:
        return                                           # the package root composes the public API
    for name in imports(module, path):
        if name.startswith("hpgviz."):
            other = layer_of(name)
            assert other is None or other <= own, (
                f"{module} ({LAYERS[own]}) imports {name} ({LAYERS[other]}), a layer above it")
            assert other is not None, f"{module} imports the package root; import the module itself"


@pytest.mark.parametrize("module,path", [(m, p) for m, p in ALL if m.startswith("hpgviz.model")],
                         ids=[m for m, _ in ALL if m.startswith("hpgviz.model")])
def test_model_layer_draws_nothing(module, path):
    for name in imports(module, path):
        assert name.split(".")[0] not in FORBIDDEN_IN_MODEL, f"{module} imports {name}"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The walker itself: a model module importing the viz layer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..plotting import STYLE\n")
    names = list(imports("hpgviz.model.bad", bad))
    assert "hpgviz.plotting" in names and layer_of("hpgviz.plotting") > layer_of("hpgviz.model.bad")

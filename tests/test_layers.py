"""The package's layers import one way only (DESIGN.md): a module may import modules of
its own layer or below, never above. Checked on the source, lazy imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "stepqa"

# Bottom first. answer/ and evaluation/ are one layer each.
LAYERS: list[set[str]] = [
    {"errors", "text", "layout"},
    {"config", "conversation", "question"},
    {"documents"},
    {"passages"},
    {"embedder", "store"},
    {"lexical", "library"},
    {"ingest", "retrieve"},
    {"answer"},
    {"citations"},
    {"render", "feedback"},
    {"briefing", "pipeline"},
    {"evaluation"},
    {"cli", "ui", "ui_library", "serve", "integrations"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _unit(module: str) -> str:
    """'stepqa.answer.judge' -> 'answer'; 'stepqa.store' -> 'store'."""
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("stepqa.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stepqa"):
            if node.module == "stepqa":  # from stepqa import briefing, __version__
                found |= {f"stepqa.{a.name}" for a in node.names if f"{a.name}" in RANK}
            else:
                found.add(node.module)
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def test_every_module_has_a_layer() -> None:
    units = {_unit("stepqa." + ".".join(p.relative_to(SRC).with_suffix("").parts))
             for p in MODULES}
    assert units <= set(RANK), f"add to LAYERS: {sorted(units - set(RANK))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_run_one_way(path: Path) -> None:
    me = _unit("stepqa." + ".".join(path.relative_to(SRC).with_suffix("").parts))
    upward = sorted(m for m in _imports(path) if RANK[_unit(m)] > RANK[me])
    assert not upward, f"{me} (layer {RANK[me]}) imports from above: {upward}"


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "store.py"
    bad.write_text("def f():\n    from stepqa.pipeline import Assistant\n", encoding="utf-8")
    assert any(RANK[_unit(m)] > RANK["store"] for m in _imports(bad))

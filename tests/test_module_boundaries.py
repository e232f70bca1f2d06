"""One answer per "where is X decided": no module of the package reaches into another's
private helpers (``from .store import _name`` or ``threads._name``). A helper two modules
need is public in the module that owns it (``store.write_hint``, ``threads.thread_data``),
so a reader looking for the decision finds one name in one place."""

from __future__ import annotations

import pytest

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lic_policy"


def _modules(package: Path) -> dict[str, Path]:
    out = {}
    for f in package.rglob("*.py"):
        parts = f.relative_to(package.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _source_of(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_reaches(package: Path) -> list[str]:
    """Every ``from OTHER import _name`` and ``other_module._name`` between modules of
    ``package``, as ``file:line: what``."""
    modules = _modules(package)
    found = []
    for module, path in sorted(modules.items()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        aliases = {}  # a name bound to another module of the package
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _source_of(module, is_package, node)
                for a in node.names:
                    if f"{source}.{a.name}" in modules:
                        aliases[a.asname or a.name] = f"{source}.{a.name}"
                    elif _private(a.name) and source in modules and source != module:
                        found.append(f"{path.relative_to(package.parent)}:{node.lineno}: from {source} import {a.name}")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in modules and a.asname:
                        aliases[a.asname] = a.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr)
                    and aliases.get(node.value.id, module) != module):
                found.append(f"{path.relative_to(package.parent)}:{node.lineno}: "
                             f"{aliases[node.value.id]}.{node.attr}")
    return found


@pytest.mark.slow  # 0.77 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_no_module_imports_another_modules_private_helpers():
    assert private_reaches(PACKAGE) == []


def test_the_check_sees_both_ways_of_reaching_in(tmp_path):
    """The scan above finds what it looks for (else the test could not fail)."""
    pkg = tmp_path / "lic_policy"
    (pkg / "review").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "store.py").write_text("def _hint():\n    return 1\n\ndef public():\n    return _hint()\n")
    (pkg / "review" / "__init__.py").write_text("")
    (pkg / "review" / "a.py").write_text("from ..store import _hint, public\n")
    (pkg / "review" / "b.py").write_text("from .. import store as _s\n\nx = _s._hint()\ny = _s.public()\n")
    (pkg / "review" / "c.py").write_text("def _own():\n    return 1\n\nz = _own()\n")
    assert private_reaches(pkg) == ["lic_policy/review/a.py:1: from lic_policy.store import _hint",
                     "lic_policy/review/b.py:3: lic_policy.store._hint"]

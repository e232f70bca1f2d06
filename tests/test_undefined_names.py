"""No module of the package uses a name it never defines or imports. Such a name is a
NameError waiting for its code path: `check` of a guideline with a list where its title belongs
was an internal error because checks/validity.py used `re` without importing it, and no test
reached the line. pyflakes finds every such name in about a second."""

from __future__ import annotations

import pytest

from pathlib import Path

from pyflakes import api, messages
from pyflakes.reporter import Reporter

PACKAGE = Path(__file__).resolve().parent.parent / "lic_policy"


class _Collect(Reporter):
    def __init__(self) -> None:
        self.found: list[str] = []

    def unexpectedError(self, filename, msg):  # noqa: N802 (pyflakes' API)
        self.found.append(f"{filename}: {msg}")

    def syntaxError(self, filename, msg, lineno, offset, text):  # noqa: N802
        self.found.append(f"{filename}:{lineno}: {msg}")

    def flake(self, message):
        if isinstance(message, (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)):
            self.found.append(str(message))


@pytest.mark.slow  # 1.16 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_no_module_uses_a_name_it_never_defines():
    reporter = _Collect()
    api.checkRecursive([str(PACKAGE)], reporter)
    assert reporter.found == []


def test_the_check_sees_an_undefined_name(tmp_path):
    (tmp_path / "m.py").write_text("def f(s):\n    return re.split(',', s)\n", encoding="utf-8")
    reporter = _Collect()
    api.checkRecursive([str(tmp_path)], reporter)
    assert len(reporter.found) == 1 and "undefined name 're'" in reporter.found[0]

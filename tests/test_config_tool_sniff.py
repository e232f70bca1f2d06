"""``config._holds_tool_table`` answers as ``tomllib`` does, without parsing a pyproject.toml
whose ``lic-policy = ...`` line cannot be in the tool table (``[project.scripts]``, Poetry's
dependency tables): every order of up to three pieces of TOML that place such a key in and
out of the tool table, written every way TOML allows that the sniff must not miss."""

from __future__ import annotations

import itertools
import subprocess
import sys
import tomllib

from lic_policy.config import _holds_tool_table, find_config

PIECES = [
    '[project.scripts]\nlic-policy = "lic_policy.cli:main"\n',
    '[tool.poetry.group.dev.dependencies]\nlic-policy = "^1"\n',
    '[tool]\nlic-policy = {fail_on = "error"}\n',
    '[ tool ] # settings\nlic-policy.fail_on = "error"\n',
    '[[tool]]\nlic-policy = 5\n',
    '["tool"]\nlic-policy = 3\n',
    '["\\u0074ool"]\nlic-policy = 4\n',
    'tool.lic-policy.fail_on = "error"\n',
    'tool = {lic-policy = {fail_on = "error"}}\n',
    '"tool".lic-policy = 1\n',
    "'tool'.lic-policy = 2\n",
    '"\\u0074ool".lic-policy = 9\n',
    '[tool.hatch]\nlic-policy = 6\n',
    'lic-policy = 7\n',
    '[project]\ntool.lic-policy = 8\n',
    '[a."tool"]\nlic-policy = 1\n',
    'x = """\n[tool]\n"""\n',
    '[build-system]\nrequires = ["hatchling"]\n',
]


def _parsed(text: str) -> bool:
    tool = tomllib.loads(text).get("tool")
    return isinstance(tool, dict) and "lic-policy" in tool


def test_sniff_answers_as_tomllib():
    checked = found = 0
    for k in (1, 2, 3):
        for combo in itertools.permutations(PIECES, k):
            text = "".join(combo)
            try:
                want = _parsed(text)
            except tomllib.TOMLDecodeError:
                continue  # a key defined twice: not a file anyone has
            checked += 1
            found += want
            assert _holds_tool_table(text) == want, text
    assert checked > 2000 and 0 < found < checked


def test_a_project_that_installs_lic_policy_is_not_parsed(tmp_path):
    """This repository's own pyproject.toml names the console script ``lic-policy = ...``:
    no configuration there, found without importing tomllib."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[project.scripts]\nlic-policy = "a:b"\n'
                                             '\n[tool.hatch.version]\npath = "x.py"\n', encoding="utf-8")
    code = ("import sys; from pathlib import Path; from lic_policy.config import find_config; "
            f"print(find_config(Path({str(tmp_path)!r})), 'tomllib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["None", "False"]
    assert find_config(tmp_path) is None

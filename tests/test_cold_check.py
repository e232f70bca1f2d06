"""What a cold single-file `lic-policy check` (the pre-commit hook) loads: only what the file
needs. Each test runs the real command in a fresh process and looks at what it imported or
loaded (speed itself is measured in bench/, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import CORPUS, GOOD, ROOT

_PROBE = """
import gc, json, sys
collections = []  # the collections run once the check command froze its modules
gc.callbacks.append(lambda phase, info: phase == "stop" and gc.get_freeze_count() and collections.append(info))
from lic_policy.cli import main
try:
    main(['check', '--no-cache', *sys.argv[1:]])
except SystemExit:
    pass
from lic_policy.checks import learned
from lic_policy.lazy_re import LazyPattern
lazy = [(name, key) for name, m in list(sys.modules.items()) if name.startswith("lic_policy")
        for key, v in vars(m).items() if isinstance(v, LazyPattern)]
compiled = [f"{name}.{key}" for name, key in lazy if "search" in vars(vars(sys.modules[name])[key])]
print(json.dumps({"modules": sorted(sys.modules), "models": sorted(learned._LOADED),
                  "collections": len(collections), "lazy": len(lazy), "lazy_compiled": compiled}), file=sys.stderr)
"""


_WARM: list[bool] = []


_SEEN: dict[tuple, dict] = {}


def _after_check(*paths: str) -> dict:
    """What a check of ``paths`` loaded, in a process whose user cache is warm (the first run
    after installing loads and compiles the packs, and reads the model to check it); the
    answer for the same paths is asked for once per test process."""
    if not _WARM:
        _WARM.append(True)
        _run(str(GOOD))
    if paths not in _SEEN:
        _SEEN[paths] = _run(*paths)
    return _SEEN[paths]


def _run(*paths: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, *paths], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.slow  # 0.53 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_checking_a_valid_guideline_does_not_import_pydantic():
    modules = _after_check(str(GOOD))["modules"]
    assert "lic_policy.model.rules" in modules  # it was validated (model rules included)
    assert "pydantic" not in modules
    assert "lic_policy.model.guideline" not in modules


@pytest.mark.slow  # 0.56 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_cold_check_of_the_sample_runs_no_garbage_collection_once_its_modules_are_loaded():
    """The collections after the check command's freeze found nothing to free and walked what
    the packs, the parsed file and the model had just made (about 3 ms of the ~200; the check
    command's threshold, BENCHMARKS.md "speed16")."""
    assert _after_check(str(GOOD))["collections"] == 0


def test_a_cold_check_of_the_sample_compiles_none_of_the_patterns_kept_for_other_inputs():
    """The module patterns made with ``lazy_re`` (TOML keys, HTML tags, merge-conflict marks,
    Word author labels...) serve other inputs and commands: a check of the sample loads their
    modules but compiles none of them (2.3 ms of its CPU when they were compiled at import,
    BENCHMARKS.md "speed17"). A pattern listed here is now used by such a check: make it
    ``re.compile`` again."""
    seen = _after_check(str(GOOD))
    assert seen["lazy"] >= 30 and seen["lazy_compiled"] == []


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_checking_an_invalid_guideline_still_validates_with_pydantic():
    modules = _after_check(str(CORPUS / "bad" / "wrong-types.yaml"))["modules"]
    assert "pydantic" in modules


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_framing_model_is_loaded_only_for_text_it_reads(tmp_path):
    plain = tmp_path / "minutes.txt"
    plain.write_text("The committee met on Tuesday and agreed the budget for next year.\n", encoding="utf-8")
    assert _after_check(str(plain))["models"] == []
    about = tmp_path / "about.txt"
    about.write_text("The strategy sets out how the city will respond to sex work in the downtown area, with "
                     "police patrols aimed at the people who sell sex there every night of the week.\n",
                     encoding="utf-8")
    assert len(_after_check(str(about))["models"]) == 1


def test_walking_a_folder_builds_no_hyperscan_database_for_gitignore(tmp_path, monkeypatch):
    """pathspec picks Hyperscan when it is installed: 30 ms to build a database for a few
    .gitignore lines, on every folder checked. Its plain backend decides the same."""
    from lic_policy import discovery

    pytest.importorskip("hyperscan")
    backend = pytest.importorskip("pathspec._backends.hyperscan.pathspec")

    def no_database(*_a, **_k):
        raise AssertionError("a Hyperscan database was built for .gitignore")

    monkeypatch.setattr(backend.HyperscanPsBackend, "__init__", no_database)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.yaml\n", encoding="utf-8")
    for name in ("a.yaml", "b.tmp.yaml", "build/c.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("metadata: {}\n", encoding="utf-8")
    found = [p.replace(str(tmp_path), "") for p in discovery.walk(str(tmp_path), (".yaml",))]
    assert found == ["/a.yaml"]

"""`validate` of many files runs in a process pool and reports exactly what one process does:
the same problems in the same order, the same one-line input errors, the same summaries."""

from __future__ import annotations

import pytest

import pickle
import shutil

from lic_policy import pool, validation
from lic_policy.errors import InputError
from lic_policy.store import Issue, ValidationFailed

from .conftest import CORPUS, DRAFT, GOOD, POLICE, run_cli


def _folder(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    samples = [GOOD, DRAFT, POLICE] + sorted((CORPUS / "bad").glob("*.yaml"))
    for i in range(30):
        src = samples[i % len(samples)]
        shutil.copyfile(src, folder / f"g{i:02d}-{src.name}")
    return folder


def _view(report):
    return [(r.file, [repr(i) for i in r.issues], r.error.one_line() if r.error else None, r.summary)
            for r in report.results]


@pytest.mark.slow  # 0.21 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_pool_reports_what_one_process_reports(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(pool, "MIN_BYTES", 1)
    used = []
    real = pool.process_map
    monkeypatch.setattr(pool, "process_map", lambda *a, **k: used.append(1) or real(*a, **k))
    pooled = validation.validate_paths([str(folder)], summaries=True, jobs=2)
    assert used, "the pool was not used"
    alone = validation.validate_paths([str(folder)], summaries=True, jobs=1)
    assert _view(pooled) == _view(alone)
    assert pooled.exit_code == alone.exit_code == 2
    assert any(r.error for r in pooled.results) and any(r.issues for r in pooled.results)
    assert any(r.summary for r in pooled.results)


def test_few_files_or_kept_documents_stay_in_one_process(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(pool, "process_map", lambda *a, **k: (_ for _ in ()).throw(AssertionError("pool used")))
    validation.validate_paths([str(folder)], jobs=2)  # 30 small files: under 1.5 MB
    monkeypatch.setattr(pool, "MIN_BYTES", 1)
    report = validation.validate_paths([str(folder)], jobs=2, keep_documents=True)
    assert any(r.document is not None for r in report.results)


def test_errors_cross_processes_whole():
    err = InputError("invalid UTF-8 (byte 0xe9)", file="a.yaml", line=3, column=7, hint="save the file as UTF-8")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and back.one_line() == err.one_line()
    issue = Issue("a.yaml", 2, 3, "unknown field 'titel'", "did you mean 'title'?", "unknown-field", ("metadata",))
    failed = pickle.loads(pickle.dumps(ValidationFailed([issue])))
    assert failed.issues == [issue] and failed.one_line() == ValidationFailed([issue]).one_line()


def test_the_cli_takes_jobs(tmp_path):
    folder = _folder(tmp_path)
    one = run_cli("validate", "-j", "1", str(folder))
    two = run_cli("validate", "--jobs", "2", str(folder))
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout

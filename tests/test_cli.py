"""CLI basics: version, module entry point, schema, init, validate output."""

from __future__ import annotations

import pytest

import json
import subprocess
import sys
from pathlib import Path

from lic_policy import __version__
from lic_policy.schema import guideline_schema, render

from .conftest import GOOD, GUIDELINES, ROOT, run_cli


def test_version():
    res = run_cli("--version")
    assert res.exit_code == 0 and __version__ in res.stdout


def test_python_dash_m():
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_version_does_not_import_heavy_modules():
    code = ("import sys; from lic_policy.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pydantic', 'ruamel.yaml', 'yaml', 'pypandoc', 'diff_match_patch') if m in sys.modules]\n"
            "print('HEAVY:' + ','.join(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:", proc.stdout


def test_schema_file_is_current():
    path = ROOT / "schemas" / "guideline.schema.json"
    assert path.read_text(encoding="utf-8") == render(guideline_schema()), \
        "schemas/guideline.schema.json is stale: run `lic-policy schema --write schemas`"
    res = run_cli("schema", "--check", str(ROOT / "schemas"))
    assert res.exit_code == 0, res.stdout


def test_schema_print_and_check_detects_stale(tmp_path):
    res = run_cli("schema")
    assert json.loads(res.stdout)["title"].startswith("Sex work response guideline")
    (tmp_path / "guideline.schema.json").write_text("{}", encoding="utf-8")
    res = run_cli("schema", "--check", str(tmp_path))
    assert res.exit_code == 1 and "stale" in res.stdout


def test_schema_write_and_check_in_bad_places_are_one_line(tmp_path):
    """hostile3: `schema --write /proc/nope` was 'internal error: FileNotFoundError', and
    `schema --check` of a folder holding a schema file that is not UTF-8 'internal error:
    UnicodeDecodeError'."""
    res = run_cli("schema", "--write", "/proc/lic-policy-no-such-folder")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "internal error" not in res.stderr, res.stderr
    assert res.stderr.startswith("/proc/lic-policy-no-such-folder: error: "), res.stderr
    (tmp_path / "guideline.schema.json").write_bytes(b"\xff\xfe{}")
    res = run_cli("schema", "--check", str(tmp_path))
    assert res.exit_code == 1 and "internal error" not in res.stderr, res.stderr
    assert f"{tmp_path / 'guideline.schema.json'}: stale or missing" in res.stdout


def _jsonable(value):
    import datetime as dt

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.mark.slow  # 0.29 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_samples_validate_against_json_schema():
    import jsonschema

    from lic_policy import store

    schema = guideline_schema()
    files = sorted(p for p in GUIDELINES.glob("*.yaml") if not p.name.endswith(".review.yaml"))
    assert len(files) >= 3
    for path in files:
        doc = store.load(path)
        jsonschema.validate(_jsonable(doc.data), schema)


def test_samples_are_valid_and_summary():
    res = run_cli("validate", "--summary", str(GUIDELINES))
    assert res.exit_code == 0, res.stdout
    assert "3 files: 3 valid" in res.stdout
    assert "protocols:" in res.stdout


def test_validate_json_output():
    res = run_cli("validate", "--format", "json", str(GOOD), str(ROOT / "tests" / "corpus" / "bad" / "unknown-field.yaml"))
    data = json.loads(res.stdout)
    assert res.exit_code == 1
    assert data["files"][0]["valid"] is True
    assert data["files"][1]["problems"][0]["line"] == 5


def test_init_no_input(tmp_path):
    target = tmp_path / "new.yaml"
    res = run_cli("init", "--no-input", "--jurisdiction", "Town of Example", str(target))
    assert res.exit_code == 0, res.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/guideline.schema.json\n")
    assert (tmp_path / "schemas" / "guideline.schema.json").exists()
    res = run_cli("validate", str(target))
    assert res.exit_code == 0, res.stdout
    assert "Step 3 (steering committee)" in text
    res = run_cli("init", "--no-input", str(target))
    assert res.exit_code == 2 and "already exists" in res.stderr


def test_init_interactive(tmp_path):
    target = tmp_path / "new.yaml"
    answers = "\n".join([
        "Sex Work Response Guideline",  # title
        "District of Example",  # jurisdiction
        "regional-district",  # kind
        "British Columbia",  # region
        "en, fr",  # languages
        "Eastside, Harbourfront",  # areas
        "Community Planner",  # owner role
        "1,2,3,4,5,11",  # stakeholders
        "2",  # selection
        "1,4",  # outcomes
        "3", "2", "1", "1", "1", "1",  # seats
        "1,3,4",  # actions
    ]) + "\n"
    res = run_cli("init", str(target), stdin=answers)
    assert res.exit_code == 0, res.stdout + res.stderr
    from lic_policy import store

    g = store.load(target).guideline
    assert g.metadata.jurisdiction.kind == "regional-district"
    assert g.metadata.languages == ["en", "fr"]
    assert g.scope.applies_to == ["Eastside", "Harbourfront"]
    assert [s.category for s in g.governance.steering_committee][:2] == ["current-sex-workers", "former-sex-workers"]
    assert g.governance.steering_committee[0].seats == 3
    assert g.consultation.representative_selection.method == "chosen-by-sex-workers"
    assert len(g.work_plan) == 3


def test_library_api():
    import lic_policy

    doc = lic_policy.load(GOOD)
    assert doc.guideline.metadata.status == "published"
    assert isinstance(lic_policy.load_guideline(GOOD), lic_policy.Guideline)
    report = lic_policy.validate([str(GUIDELINES)])
    assert report.exit_code == 0
    assert Path(doc.file) == GOOD

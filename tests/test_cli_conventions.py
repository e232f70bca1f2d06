"""Command-line conventions CI and editors expect: .gitignore and non-guideline YAML in folders,
validation problems in `check`, standard input, --quiet, progress only on a terminal, shell
completion, GitLab Code Quality output."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lic_policy import discovery
from lic_policy.progress import Progress, wanted

from .conftest import CORPUS, DRAFT, GOOD, ROOT, run_cli

WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
COMPOSE = "services:\n  web:\n    image: nginx\nvolumes:\n  data: {}\n"
SETTINGS = "site_name: Policy site\ntheme:\n  name: material\nnav:\n  - index.md\n"


@pytest.fixture
def repo(tmp_path):
    """A policy repository as people have them: guidelines, a build folder git ignores, a
    workflow, a compose file and another tool's settings."""
    (tmp_path / ".git").mkdir()  # what makes it a repository for .gitignore lookup
    (tmp_path / "guidelines").mkdir()
    shutil.copy(GOOD, tmp_path / "guidelines" / "city.yaml")
    (tmp_path / "build").mkdir()
    shutil.copy(DRAFT, tmp_path / "build" / "generated.yaml")
    (tmp_path / "guidelines" / "old").mkdir()
    shutil.copy(DRAFT, tmp_path / "guidelines" / "old" / "draft.yaml")
    shutil.copy(DRAFT, tmp_path / "guidelines" / "old" / "keep.yaml")
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    (tmp_path / "guidelines" / ".gitignore").write_text("old/*\n!old/keep.yaml\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW, encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    (tmp_path / "site.yaml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------- discovery


def test_guideline_keys_are_the_models_fields():
    from lic_policy.model.guideline import Guideline

    assert set(discovery.GUIDELINE_KEYS) == set(Guideline.model_fields)


def test_folders_honour_gitignore_and_skip_yaml_that_is_not_a_guideline(repo):
    res = run_cli("validate", "-v", str(repo))
    assert res.exit_code == 0, res.stdout + res.stderr
    assert "2 files: 2 valid" in res.stdout  # city.yaml and the re-included old/keep.yaml
    notes = res.stderr
    assert f"note: {repo / 'docker-compose.yml'}: skipped: 'docker-compose.yml' is another tool's file" in notes
    assert f"note: {repo / 'site.yaml'}: skipped: its top-level keys (site_name, theme, nav)" in notes
    assert "generated.yaml" not in res.stdout + notes and "draft.yaml" not in res.stdout + notes
    res = run_cli("check", "--no-cache", "--format", "json", str(repo))
    files = {os.path.relpath(f["file"], repo) for f in json.loads(res.stdout)["findings"]}
    assert files <= {"guidelines/city.yaml", "guidelines/old/keep.yaml"}
    assert "guidelines/old/keep.yaml" in files  # the early draft has findings


def test_a_folder_git_ignores_is_checked_when_named_explicitly(repo):
    """As ripgrep does: the ignored folder named on the command line is walked (benchmarks
    check bench/corpus/, which the repository ignores); .gitignore files inside it apply."""
    (repo / "build" / "sub").mkdir()
    shutil.copy(GOOD, repo / "build" / "sub" / "other.yaml")
    (repo / "build" / ".gitignore").write_text("sub/\n", encoding="utf-8")
    res = run_cli("validate", str(repo / "build"))
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.stdout.startswith("1 file: 1 valid")  # generated.yaml; sub/ is ignored inside build/
    res = run_cli("check", "--no-cache", "--format", "json", str(repo / "build"))
    files = {os.path.basename(f["file"]) for f in json.loads(res.stdout)["findings"]}
    assert files == {"generated.yaml"}


def test_without_verbose_the_skips_are_only_counted(repo):
    res = run_cli("validate", str(repo))
    assert [line for line in res.stderr.splitlines() if not line.startswith("next:")] == []  # no notes
    assert "2 YAML files skipped as not guidelines (-v says why)" in res.stdout


def test_the_validate_hook_passes_when_given_a_workflow_and_a_compose_file(repo):
    """pre-commit passes every changed *.yaml by name: other tools' files are skipped."""
    files = [repo / ".github/workflows/ci.yml", repo / "docker-compose.yml", repo / "site.yaml",
             repo / "guidelines/city.yaml"]
    res = run_cli("validate", *map(str, files))
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.stdout.startswith("1 file: 1 valid; 3 YAML files skipped")
    res = run_cli("check", "--no-cache", *map(str, files))
    assert res.exit_code == 0, res.stdout + res.stderr


def test_what_might_be_a_broken_guideline_is_never_skipped(tmp_path):
    (tmp_path / "typo.yaml").write_text("lic_policy: 1\nmetdata:\n  id: x\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")  # does not parse
    (tmp_path / "two-fields.yaml").write_text("metdata: {}\npurpos: x\nother: 1\n", encoding="utf-8")
    res = run_cli("validate", str(tmp_path))
    assert res.exit_code == 2  # broken.yaml is reported, not skipped
    out = res.stdout + res.stderr
    assert f"{tmp_path / 'broken.yaml'}:2:1:" in out
    assert "unknown field 'metdata' (did you mean 'metadata'?)" in out
    assert f"{tmp_path / 'two-fields.yaml'}:" in out
    # named explicitly, a list or several documents are still the errors they are
    assert run_cli("validate", str(CORPUS / "bad" / "not-a-mapping.yaml")).exit_code == 2
    assert run_cli("validate", str(CORPUS / "bad" / "two-documents.yaml")).exit_code == 2


def test_a_folder_of_only_other_yaml_says_what_was_skipped(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    res = run_cli("validate", str(tmp_path))
    assert res.exit_code == 2
    assert "no guideline files (*.yaml, *.yml) in this folder (1 YAML file(s) skipped as not guidelines" in res.stderr


def test_gitignore_is_read_only_when_there_is_one(repo):
    code = ("import sys; from lic_policy.store import discover; discover([sys.argv[1]]); "
            "print('pathspec' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(repo / "guidelines")], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "True"  # the repository's .gitignore files apply to guidelines/
    out = subprocess.run([sys.executable, "-c", code, str(repo / "guidelines" / "city.yaml")], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False"  # a file named explicitly needs no .gitignore


# ---------------------------------------------------------------- validation in check


def test_check_reports_validation_problems_and_no_validate_leaves_them_out():
    bad = CORPUS / "bad" / "unknown-field.yaml"
    res = run_cli("check", "--no-cache", "--color", "never", "--only", "validation", str(bad))
    assert res.exit_code == 1
    assert f"{bad}:5:3: error validation.unknown-field unknown field 'titel'\n" in res.stdout
    assert "    suggestion: did you mean 'title'?\n" in res.stdout
    data = json.loads(run_cli("check", "--no-cache", "--format", "json", str(bad)).stdout)
    titel = [f for f in data["findings"] if f["rule_id"] == "validation.unknown-field"]
    assert titel and (titel[0]["line"], titel[0]["column"], titel[0]["end_column"]) == (5, 3, 8)
    assert titel[0]["suggestions"] == ["did you mean 'title'?"]
    res = run_cli("check", "--no-cache", "--no-validate", "--format", "json", str(bad))
    assert not [f for f in json.loads(res.stdout)["findings"] if f["rule_id"].startswith("validation.")]
    res = run_cli("check", "--no-cache", "--skip", "validation", "--format", "json", str(bad))
    assert not [f for f in json.loads(res.stdout)["findings"] if f["rule_id"].startswith("validation.")]


def test_a_valid_guideline_has_no_validation_findings():
    res = run_cli("check", "--no-cache", "--only", "validation", str(GOOD))
    assert res.exit_code == 0 and "0 errors" in res.stdout


def test_the_cache_keeps_validation_and_no_validate_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "bad" / "unknown-field.yaml", tmp_path / "g.yaml")
    first = json.loads(run_cli("check", "--format", "json", "g.yaml").stdout)
    without = json.loads(run_cli("check", "--no-validate", "--format", "json", "g.yaml").stdout)
    again = json.loads(run_cli("check", "--format", "json", "g.yaml").stdout)
    ids = [{f["rule_id"] for f in d["findings"]} for d in (first, without, again)]
    assert "validation.unknown-field" in ids[0] and "validation.unknown-field" not in ids[1]
    assert ids[0] == ids[2]


# ---------------------------------------------------------------- standard input


def test_check_stdin_as_a_guideline_runs_the_structural_rules():
    text = DRAFT.read_text(encoding="utf-8")
    res = run_cli("check", "--format", "json", "-", "--stdin-filename", "drafts/early.yaml", stdin=text)
    data = json.loads(res.stdout)
    rules = {f["rule_id"] for f in data["findings"]}
    assert res.exit_code == 1
    assert {f["file"] for f in data["findings"]} == {"drafts/early.yaml"}
    assert any(r.startswith("involvement.") for r in rules) and any(r.startswith("lang.") for r in rules)
    # the same findings as the file on disk
    disk = json.loads(run_cli("check", "--no-cache", "--format", "json", str(DRAFT)).stdout)
    assert sorted((f["rule_id"], f["line"], f["column"]) for f in data["findings"]) == \
        sorted((f["rule_id"], f["line"], f["column"]) for f in disk["findings"])


def test_check_stdin_as_prose_and_its_source_lines_come_from_the_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes.md").write_text("a different first line\n", encoding="utf-8")  # not what is checked
    # must-flag fixture: prose with a stigmatizing term
    res = run_cli("check", "--color", "never", "-", "--stdin-filename", "notes.md",
                  stdin="Outreach met two prostitutes.\n")
    assert res.exit_code == 0  # a warning; --fail-on error
    assert "notes.md:1:18: warning lang.prostitute" in res.stdout
    assert "    Outreach met two prostitutes." in res.stdout
    res = run_cli("check", "--format", "json", "-", stdin="Outreach met two prostitutes.\n")
    assert json.loads(res.stdout)["findings"][0]["file"] == "<stdin>"


def test_stdin_usage_errors_are_one_line():
    res = run_cli("check", "-", str(GOOD), stdin="x")
    assert res.exit_code == 2 and "cannot be combined" in res.stderr and len(res.stderr.splitlines()) == 1
    res = run_cli("check", "--stdin-filename", "x.yaml", str(GOOD))
    assert res.exit_code == 2 and "only applies to PATH '-'" in res.stderr


def test_stdin_that_is_not_a_guideline_is_skipped():
    res = run_cli("check", "-v", "-", "--stdin-filename", ".github/workflows/ci.yml", stdin=WORKFLOW)
    assert res.exit_code == 0
    assert "skipped: files under .github/ belong to another tool" in res.stderr


# ---------------------------------------------------------------- --quiet


def test_quiet_prints_the_findings_only():
    res = run_cli("check", "--no-cache", "-q", "--color", "never", str(DRAFT))
    lines = res.stdout.splitlines()
    assert lines and res.exit_code == 1
    assert all(re.match(rf"{re.escape(str(DRAFT))}:\d+:\d+: (error|warning|info) \S+ ", ln) for ln in lines), lines[:5]
    loud = run_cli("check", "--no-cache", "--color", "never", str(DRAFT)).stdout
    assert len(lines) == len([ln for ln in loud.splitlines() if ln.startswith(str(DRAFT) + ":")])


# ---------------------------------------------------------------- progress


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_draws_on_a_terminal_after_the_delay_and_clears_its_line():
    stream = _Tty()
    with Progress("checking", stream=stream, after=0.0) as bar:
        bar.update(150, 300)
        bar.update(300, 300)
    out = stream.getvalue()
    assert "\rchecking [###############               ] 150/300" in out
    assert out.endswith("\r\x1b[2K")
    quiet = _Tty()
    with Progress("checking", stream=quiet, after=60.0) as bar:  # a short run: nothing at all
        bar.update(300, 300)
    assert quiet.getvalue() == ""


def test_progress_is_wanted_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert wanted(_Tty()) is True
    assert wanted(io.StringIO()) is False  # a pipe or a file
    assert wanted(_Tty(), quiet=True) is False
    monkeypatch.setenv("CI", "true")
    assert wanted(_Tty()) is False


def test_a_long_check_on_a_pipe_prints_no_progress(tmp_path, monkeypatch):
    import lic_policy.progress as progress

    monkeypatch.setattr(progress, "AFTER", 0.0)
    monkeypatch.setattr(progress, "MIN_ITEMS", 10)
    for i in range(12):
        (tmp_path / f"n{i}.md").write_text("Outreach services.\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", str(tmp_path))
    assert "\r" not in res.stdout + res.stderr and "[#" not in res.stderr


def _in_a_terminal(args: list[str]) -> str:
    """Run `lic-policy ARGS` under a pseudo-terminal with the progress delay set to zero."""
    pty = pytest.importorskip("pty")
    code = ("import lic_policy.progress as p, sys; p.AFTER = 0.0; p.MIN_ITEMS = 10; "
            "from lic_policy.cli import main; main(sys.argv[1:])")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM")}
    out = bytearray()
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.execve(sys.executable, [sys.executable, "-c", code, *args], env)
    try:
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_long_check_on_a_terminal_shows_progress(tmp_path):
    """Under a pseudo-terminal, with the delay set to zero, the bar is drawn on stderr."""
    for i in range(12):
        (tmp_path / f"n{i}.md").write_text("Outreach services.\n", encoding="utf-8")
    text = _in_a_terminal(["check", "--no-cache", str(tmp_path)])
    assert "checking [" in text and "12/12" in text
    assert "12 files checked" in text


@pytest.mark.slow  # 0.88 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_multi_format_publish_shows_progress_on_a_terminal_only(tmp_path):
    text = _in_a_terminal(["publish", str(GOOD), "--to", "html,md", "--out", str(tmp_path / "a")])
    assert "publishing [" in text and "2/2" in text
    res = run_cli("publish", str(GOOD), "--to", "html,md", "--out", str(tmp_path / "b"))
    assert res.exit_code == 0 and "publishing" not in res.stderr and "\r" not in res.stdout + res.stderr


# ---------------------------------------------------------------- shell completion


def test_shell_completion_is_clicks_and_completes_commands():
    exe = shutil.which("lic-policy", path=str(Path(sys.executable).parent))
    assert exe
    script = subprocess.run([exe], env={**os.environ, "_LIC_POLICY_COMPLETE": "bash_source"},
                            capture_output=True, text=True)
    assert script.returncode == 0 and "_lic_policy_completion" in script.stdout
    words = subprocess.run([exe], env={**os.environ, "_LIC_POLICY_COMPLETE": "bash_complete",
                                       "COMP_WORDS": "lic-policy ch", "COMP_CWORD": "1"},
                           capture_output=True, text=True)
    assert "plain,check" in words.stdout.splitlines()
    opts = subprocess.run([exe], env={**os.environ, "_LIC_POLICY_COMPLETE": "bash_complete",
                                      "COMP_WORDS": "lic-policy check --format co", "COMP_CWORD": "3"},
                          capture_output=True, text=True)
    assert "plain,codeclimate" in opts.stdout.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '_LIC_POLICY_COMPLETE=bash_source lic-policy' in readme


# ---------------------------------------------------------------- GitLab Code Quality


def test_codeclimate_output_is_valid_for_gitlab(tmp_path, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(tmp_path)
    schema = json.loads((ROOT / "tests" / "data" / "gitlab-codeclimate.schema.json").read_text(encoding="utf-8"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("metadata: [unclosed\n", encoding="utf-8")
    draft = tmp_path / "draft with spaces.yaml"
    shutil.copy(DRAFT, draft)
    res = run_cli("check", "--no-cache", "--format", "codeclimate", str(draft), str(broken))
    assert res.exit_code == 2
    issues = json.loads(res.stdout)
    assert isinstance(issues, list) and len(issues) > 10
    validator = jsonschema.Draft7Validator(schema)
    for issue in issues:
        validator.validate(issue)
        # what GitLab's documentation asks beyond the schema
        assert issue["check_name"] and issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert not issue["location"]["path"].startswith(("/", "./"))
        begin = issue["location"].get("lines", {}).get("begin") or issue["location"]["positions"]["begin"]["line"]
        assert isinstance(begin, int) and begin >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severities = {i["check_name"]: i["severity"] for i in issues}
    assert severities["lic-policy.input"] == "blocker"
    assert "major" in severities.values() and "minor" in severities.values()
    # a broken report fails the same schema: the check can fail
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**issues[0], "location": {"path": 3}})


def test_codeclimate_fingerprints_are_stable_when_lines_move(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, "g.yaml")
    first = json.loads(run_cli("check", "--no-cache", "--format", "codeclimate", "g.yaml").stdout)
    Path("g.yaml").write_text("# a comment added at the top\n" + DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    second = json.loads(run_cli("check", "--no-cache", "--format", "codeclimate", "g.yaml").stdout)
    assert {i["fingerprint"] for i in first} == {i["fingerprint"] for i in second}
    assert [i["location"]["positions"]["begin"]["line"] for i in second][:3] != \
        [i["location"]["positions"]["begin"]["line"] for i in first][:3]


def test_hostile_standard_input_is_one_line_and_exit_2():
    import sys as _sys

    class _Bytes(io.StringIO):
        def __init__(self, data: bytes):
            super().__init__("")
            self.buffer = io.BytesIO(data)

    def check_bytes(data: bytes, *args: str):
        old = _sys.stdin
        _sys.stdin = _Bytes(data)
        try:
            out, err = io.StringIO(), io.StringIO()
            old_out, old_err = _sys.stdout, _sys.stderr
            _sys.stdout, _sys.stderr = out, err
            code = 0
            try:
                from lic_policy.cli import main

                main(["check", *args, "-"])
            except SystemExit as exc:
                code = exc.code
            finally:
                _sys.stdout, _sys.stderr = old_out, old_err
        finally:
            _sys.stdin = old
        return code, out.getvalue() + err.getvalue()

    code, out = check_bytes(b"metadata:\x00\xff", "--stdin-filename", "g.yaml")
    assert code == 2 and "g.yaml:1:10: error: binary file (NUL byte)" in out and "Traceback" not in out
    code, out = check_bytes(b"purpose: " + b"x" * 2000, "--max-size", "1000", "--stdin-filename", "g.yaml")
    assert code == 2 and "standard input is over the 1,000-byte limit" in out
    code, out = check_bytes(b"caf\xe9\n", "--stdin-filename", "n.md")
    assert code == 2 and "n.md:1:" in out and "UTF-8" in out

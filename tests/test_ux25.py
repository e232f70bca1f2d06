"""Round 25 (ux25): a policy repository's maintainer setting up CI (three guidelines and a
Markdown draft, the configuration in `.lic-policy.yaml` and then in `pyproject.toml`, the
README's workflow, its reports read as GitHub, a JUnit viewer and code scanning read them) and
an editor user driving `lic-policy lsp`. Each test pins a stumble: the wrong output is what
the user got before the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run_cli

NOTE = "Outreach staff met two prostitutes near the park.\n"  # must-flag fixture: one warning


# --------------------------------------------------------------------------- a missing rule pack

@pytest.mark.parametrize("config_name, text, line, column", [
    (".lic-policy.yaml", "fail_on: warning\npacks: [policy/local-rules.yaml]\n", 2, 9),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.lic-policy]\nfail_on = "warning"\n'
                       'packs = ["policy/local-rules.yaml"]\n', 6, 10),
])
def test_a_missing_pack_is_named_at_its_entry_in_the_configuration(tmp_path, monkeypatch, config_name, text, line,
                                                                   column):
    """A maintainer moved the local pack (or a pull request renamed it): every command said
    `/abs/policy/local-rules.yaml: error: rule pack not found (check 'packs' in the
    configuration)` — at a file that is not there, not saying which configuration — and the
    workflow's annotation went to that missing file, which no pull request shows. The error is
    at the entry in the configuration, as a pack listed twice is."""
    lines = _one_error_line(tmp_path, monkeypatch, config_name, text)
    cfg = os.path.realpath(tmp_path / config_name)
    assert lines[0].startswith(f"{cfg}:{line}:{column}: error: rule pack 'policy/local-rules.yaml' not found"), lines
    assert str(tmp_path / "policy" / "local-rules.yaml") in lines[0], lines  # where it was looked for
    r = run_cli("check", "--no-cache", "--format", "github", "notes.md")
    assert r.exit_code == 2
    assert r.stdout.startswith(f"::error file={config_name},line={line},col={column},title=lic-policy::"
                               "rule pack 'policy/local-rules.yaml' not found"), r.stdout


# --------------------------------------------------------------------------- hints a maintainer copies

@pytest.mark.parametrize("config_name, text, want", [
    # the example named a rule that is not one: copied, it was "unknown rule id
    # 'lang.consensual-sex-work' in the configuration (did you mean 'term.consensual-sex-work'?)"
    (".lic-policy.yaml", "rules:\n  disable: 5\n", "(e.g. [term.consensual-sex-work])"),
    # in pyproject.toml the example is TOML: `packs: [policy/our-rules.yaml]` pasted there was
    # "cannot parse pyproject.toml"
    ("pyproject.toml", "[tool.lic-policy.rules]\ndisable = 5\n", '(e.g. ["term.consensual-sex-work"])'),
    ("pyproject.toml", "[tool.lic-policy.rules]\ndisable = \"lang.prostitute\"\n", '(write ["lang.prostitute"])'),
    ("pyproject.toml", "[tool.lic-policy]\npacks = \"policy/our-rules.yaml\"\n",
     '(e.g. packs = ["policy/our-rules.yaml"])'),
    ("pyproject.toml", "[tool.lic-policy]\nignore = \"archive/**\"\n", '(e.g. ignore = ["archive/**"])'),
    ("pyproject.toml", "[tool.lic-policy]\nmax_file_size = \"10 MB\"\n", "(e.g. max_file_size = 10485760)"),
    ("pyproject.toml", "[tool.lic-policy]\nselect = [\"lang\"]\n", 'rules.disable = ["RULE"]'),
])
def test_a_configuration_hint_is_written_as_the_file_is(tmp_path, monkeypatch, config_name, text, want):
    lines = _one_error_line(tmp_path, monkeypatch, config_name, text)
    assert want in lines[0], lines


def test_a_rule_id_inside_an_inline_table_of_pyproject_is_placed(tmp_path, monkeypatch):
    """`rules = {disable = ["lang.prostitue"]}` said `pyproject.toml: error: unknown rule id …`
    with no line, while the same id under [tool.lic-policy.rules] had its place."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lic-policy]\nrules = {severity = {"lang.vice" = "warning"}, '
        'disable = ["term.suffering", "lang.prostitue"]}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "notes.md")
    assert r.exit_code == 2, r.stdout + r.stderr
    assert r.stderr.startswith(f"{os.path.realpath(tmp_path / 'pyproject.toml')}:5:77: error: unknown rule id "
                               "'lang.prostitue'"), r.stderr


# --------------------------------------------------------------------------- -o into a new folder

SAMPLE = Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"
DRAFT_MD = "# Harbour notes\n\nStaff respond first through outreach.\n"


@pytest.mark.parametrize("args, out", [
    # the README's own command: `review packet … -o out/cedar-harbour-review-packet.docx`, run
    # from a fresh folder, was `out: error: the output folder does not exist (create it first)`
    (["review", "packet", "g.yaml", "-o", "out/packet.docx"], "out/packet.docx"),
    (["rules", "docs", "-o", "docs/rules.md"], "docs/rules.md"),  # the README's `rules docs -o docs/rules.md`
    (["diff", "g.yaml", "g.yaml", "-o", "reports/redline.txt"], "reports/redline.txt"),
    (["compare", "g.yaml", "h.yaml", "-o", "reports/compare.txt"], "reports/compare.txt"),
    (["import", "notes.md", "-o", "drafts/new/notes.yaml"], "drafts/new/notes.yaml"),
])
def test_an_output_into_a_folder_not_made_yet_makes_it_as_check_does(tmp_path, monkeypatch, args, out):
    """`check -o reports/junit/x.xml` made its folders (as pytest's --junitxml does); the other
    commands' -o said the folder did not exist."""
    import shutil

    shutil.copy(SAMPLE, tmp_path / "g.yaml")
    shutil.copy(SAMPLE.parent / "cedar-harbour-police-guideline.yaml", tmp_path / "h.yaml")
    (tmp_path / "notes.md").write_text(DRAFT_MD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli(*args)
    assert r.exit_code in (0, 1) and (tmp_path / out).is_file(), r.stdout + r.stderr


# --------------------------------------------------------------------------- suppressions

@pytest.mark.parametrize("name, text, line", [
    ("notes.md", "Staff met hookers downtown. <!-- lic-policy: ignore[lang.hooker] the collective's own word -->\n", 1),
    ("notes.md", "<!-- lic-policy: ignore[lang.hookers] the collective's own word -->\nStaff met hookers downtown.\n", 1),
])
def test_an_unknown_suppression_names_the_rule_of_the_finding_it_sits_on(tmp_path, name, text, line):
    """`ignore[lang.hooker]` beside 'hookers' said `did you mean 'lang.homeless'?` (the id
    spelt most like it); the rule that flags the words there is `lang.slur`."""
    target = tmp_path / name  # must-flag fixture: 'hookers' is a slur
    target.write_text(text, encoding="utf-8")
    r = run_cli("check", "--no-cache", "-q", str(target))
    unknown = [ln for ln in r.stdout.splitlines() if "lic-policy.unknown-suppression" in ln]
    assert len(unknown) == 1, r.stdout
    assert f"{target}:{line}:" in unknown[0], unknown
    assert "(did you mean 'lang.slur'? it is the rule that flags 'hookers' here)" in unknown[0], unknown


# --------------------------------------------------------------------------- fix's diff applies

@pytest.mark.parametrize("how", ["dot", "absolute"])
def test_the_fix_diff_of_a_folder_applies_with_git_apply_and_patch(tmp_path, monkeypatch, how):
    """`lic-policy fix . > fixes.diff` wrote `--- a/./drafts/notes.md`, which `git apply` refuses
    (`invalid path './drafts/notes.md'`), and `fix $PWD/drafts/notes.md` wrote `a//tmp/…`."""
    import shutil
    import subprocess

    (tmp_path / "drafts").mkdir()
    target = tmp_path / "drafts" / "notes.md"
    target.write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("fix", "." if how == "dot" else str(target))
    assert r.exit_code in (0, 1), r.stderr
    assert "--- a/drafts/notes.md\n+++ b/drafts/notes.md\n" in r.stdout, r.stdout
    (tmp_path / "fixes.diff").write_text(r.stdout, encoding="utf-8")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], check=True)
        done = subprocess.run(["git", "apply", "fixes.diff"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "sex workers" in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the language server's end

def _lsp_session(tmp_path, messages: list[dict]) -> tuple[list[dict], int]:
    import json
    import subprocess
    import sys

    data = b""
    for m in messages:
        body = json.dumps(m).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(tmp_path))
    out, _ = proc.communicate(data, timeout=60)
    replies = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        size = int(next(ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")).split(b":")[1])
        replies.append(json.loads(rest[:size]))
        out = rest[size:]
    return replies, proc.returncode


INIT = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                                          "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}}]


@pytest.mark.slow  # 0.53 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_request_after_shutdown_is_answered_and_exit_says_whether_shutdown_came_first(tmp_path):
    """A request sent after `shutdown` got no answer at all (its client waits for ever; the
    specification asks for InvalidRequest), and `exit` without `shutdown` ended with status 0,
    which the specification keeps for an orderly end (1: the editor may say the server
    stopped unexpectedly)."""
    hover = {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
             "params": {"textDocument": {"uri": (tmp_path / "n.md").as_uri()}, "position": {"line": 0, "character": 0}}}
    replies, code = _lsp_session(tmp_path, [*INIT, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}, hover,
                                            {"jsonrpc": "2.0", "method": "exit"}])
    after = [r for r in replies if r.get("id") == 3]
    assert len(after) == 1 and after[0]["error"]["code"] == -32600, replies
    assert code == 0
    _replies, code = _lsp_session(tmp_path, [*INIT, {"jsonrpc": "2.0", "method": "exit"}])
    assert code == 1


# --------------------------------------------------------------------------- a shipped model gone

@pytest.mark.slow  # the copied packs are compiled again, under their new path: 3.5 s a case
@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_shipped_model_that_is_missing_or_damaged_says_to_reinstall(tmp_path, monkeypatch, damage):
    """A model file of the installed lic-policy that is gone or damaged (a partial copy of the
    environment, an edit by hand) said `build it with lic-policy rules train`, which needs the
    training corpus no installation has; the way back is to reinstall."""
    import shutil

    from lic_policy import resources
    from lic_policy.checks import packs

    shipped = tmp_path / "reviewers"
    shutil.copytree(resources.data_dir("reviewers"), shipped)
    model = shipped / "models" / "framing.json"
    if damage == "missing":
        model.unlink()
    else:
        model.write_text(model.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    real = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: shipped if name == "reviewers" else real(name))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "notes.md")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(lines) == 1, r.stdout + r.stderr
    assert "reinstall lic-policy" in lines[0] and "rules train" not in lines[0], lines
    assert packs is not None


# --------------------------------------------------------------------------- --config FILE.toml

def test_a_toml_configuration_under_another_name_is_read_as_toml(tmp_path, monkeypatch):
    """`--config ci/lic-policy.toml` (a [tool.lic-policy] table kept apart from pyproject.toml)
    was read as YAML: `other.toml:2:1: error: YAML syntax error: did not find expected
    <document start>`."""
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "lic-policy.toml").write_text('[tool.lic-policy]\nfail_on = "warning"\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "-q", "--config", "ci/lic-policy.toml", "notes.md")
    assert r.exit_code == 1 and "YAML" not in r.stderr, r.stdout + r.stderr  # fail_on = "warning" read


def test_a_configuration_named_with_config_that_holds_no_settings_says_so(tmp_path, monkeypatch):
    """`--config pyproject.toml` with no [tool.lic-policy] table checked with the defaults
    without a word: the settings the maintainer meant to give were somewhere else."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "-q", "--config", "pyproject.toml", "notes.md")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(lines) == 1, r.stdout + r.stderr
    assert lines[0].startswith("pyproject.toml: error: it has no [tool.lic-policy] table"), lines


# --------------------------------------------------------------------------- the README's workflow

def test_the_readme_workflow_can_upload_sarif_from_a_private_repository():
    """The README's workflow gave `security-events: write` and `contents: read` only; in a
    private repository (a city's policy drafts often are) `github/codeql-action/upload-sarif`
    also needs `actions: read` (it reads the workflow run), or the upload step reports
    'Resource not accessible by integration'."""
    import re

    import yaml

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = next(m.group(1) for m in re.finditer(r"```yaml\n(.*?)```", readme, re.S) if "upload-sarif" in m.group(1))
    workflow = yaml.safe_load(block)
    assert workflow["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}


@pytest.mark.slow  # 0.38 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_editor_leaves_a_file_the_configuration_ignores_unchecked(tmp_path):
    """`ignore: ["archive/**"]` keeps `lic-policy check` off the archive, also when a file there
    is named; the editor showed every finding of an archived draft opened to read it."""
    (tmp_path / ".lic-policy.yaml").write_text('ignore: ["archive/**"]\n', encoding="utf-8")
    (tmp_path / "archive").mkdir()
    old, new = tmp_path / "archive" / "2019-notes.md", tmp_path / "notes.md"
    for p in (old, new):
        p.write_text(NOTE, encoding="utf-8")
    opens = [{"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": p.as_uri(), "languageId": "markdown", "version": 1, "text": NOTE}}}
             for p in (old, new)]
    replies, _code = _lsp_session(tmp_path, [*INIT, *opens, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                                             {"jsonrpc": "2.0", "method": "exit"}])
    published = {r["params"]["uri"]: r["params"]["diagnostics"] for r in replies
                 if r.get("method") == "textDocument/publishDiagnostics"}
    assert [d["code"] for d in published[new.as_uri()]] == ["lang.prostitute"], published
    assert published.get(old.as_uri(), []) == [], published


# --------------------------------------------------------------------------- completion

def test_completion_leaves_out_keys_already_written_below_the_cursor():
    """On a new line typed between `status:` and `owners:` of the metadata, completion offered
    `owners` and `languages`, which are written a line below: taking one wrote a duplicate key,
    which the guideline refuses. Keys present anywhere in the mapping are left out."""
    from lic_policy.lsp import yaml_context

    lines = ["lic_policy: 1", "metadata:", "  id: x", "  status: draft", "  ", "  owners:", "    - role: Manager",
             "  languages:", "    - en", "sections:", "  - id: a", "    title: A", "    ", "    clauses: []",
             "  - id: b", "    tags: [x]"]
    path, mode, _key, siblings = yaml_context(lines, 4, 2)
    assert path == ["metadata"] and mode == "key"
    assert {"id", "status", "owners", "languages"} <= siblings and "role" not in siblings, siblings
    path, _mode, _key, siblings = yaml_context(lines, 12, 4)
    assert path == ["sections", 0], path
    assert {"id", "title", "clauses"} <= siblings and "tags" not in siblings, siblings  # not the next item's


def _one_error_line(tmp_path, monkeypatch, config_name, text):
    """`check` of a note beside the configuration ``text`` (in ``config_name``): status 2 and
    exactly one line on standard error, returned as a list."""
    (tmp_path / config_name).write_text(text, encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "notes.md")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(lines) == 1, r.stdout + r.stderr
    return lines

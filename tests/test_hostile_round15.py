"""hostile15: careless and hostile inputs of new kinds, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms and framing on purpose — each one
must be flagged (or, where a test says so, must not be).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.ctrl_c_race import children, ctrl_c_reaches

from .conftest import DRAFT, GOOD, one_error_line, run_cli, subprocess_env

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- Ctrl-C while a pool works

@pytest.mark.slow  # 0.54 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc to see the pool start")
@pytest.mark.parametrize("command", ["check", "validate"])
def test_ctrl_c_while_a_pool_checks_many_files_stops_at_once_without_a_traceback(tmp_path, command):
    """Ctrl-C (SIGINT to the terminal's whole process group) while `check -j 2` or `validate
    -j 2` of a folder works in a process pool: each worker printed a KeyboardInterrupt
    traceback, the pool's manager thread an InvalidStateError one, and the command then hung
    for good (a worker waiting on a lock another had held when it was stopped)."""
    folder = tmp_path / "many"
    folder.mkdir()
    data = DRAFT.read_bytes()
    # validate reads a file in about a millisecond: on an idle machine 400 files were done
    # before the signal came, so it gets more of them
    for i in range(400 if command == "check" else 2400):
        (folder / f"g{i:04}.yaml").write_bytes(data)
    args = ["check", "--no-cache"] if command == "check" else ["validate"]
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", *args, "-j", "2", str(folder)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=subprocess_env(), start_new_session=True,
                            preexec_fn=ctrl_c_reaches)
    try:
        deadline = time.monotonic() + 60
        while not children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc.poll() is not None:
            pytest.skip("the command ended before its pool started")
        time.sleep(0.3 if command == "check" else 0.1)  # the workers are at work
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("still running 30 s after Ctrl-C")
    text = err.decode(errors="replace")
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert [ln for ln in text.splitlines() if ln.strip()] == ["aborted"], text


@pytest.mark.slow  # 0.37 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc to see the pool start")
def test_ctrl_c_while_pool_workers_wait_for_work_stops_the_pool_cleanly(tmp_path):
    """The same Ctrl-C where it struck every time: workers of quick items spend their time
    waiting on the pool's queue, and a SIGINT there killed them holding its lock — a
    KeyboardInterrupt traceback from each, an InvalidStateError one from the manager thread,
    and (one run in three) a pool that never ended. Now the command alone stops, at once."""
    code = ("import sys\nfrom lic_policy import pool\ntry:\n"
            "    for i, _ in enumerate(pool.process_map(abs, list(range(3_000_000)), 2)):\n"
            "        if i == 10_000:\n            print('running', flush=True)\n"
            "except KeyboardInterrupt:\n    print('stopped', flush=True)\n    sys.exit(130)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=subprocess_env(), start_new_session=True, preexec_fn=ctrl_c_reaches)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"running\n"  # the pool works: its workers wait on its queue
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the pool still ran 30 s after Ctrl-C")
    assert (proc.returncode, out) == (130, b"stopped\n"), (out, err)
    assert b"Traceback" not in err, err.decode(errors="replace")


# ---------------------------------------------------------------- closed standard streams

def _sh(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` in sh, where ``lp`` runs this tree's lic-policy (a shell closes a stream
    with ``>&-``, as a cron job, a service or a careless script does)."""
    lp = f"{sys.executable} -m lic_policy"
    return subprocess.run(["sh", "-c", command.replace("lp ", lp + " ")], cwd=cwd, capture_output=True,
                          env=subprocess_env(), timeout=120)


@pytest.mark.parametrize("command", ["check g.yaml", "validate g.yaml", "review list g.yaml", "rules list",
                                     "fix g.yaml"])
def test_a_command_with_its_output_closed_says_nothing_wrong(tmp_path, command):
    """A command whose standard output was closed (``>&-``): 'internal error: AttributeError:
    'NoneType' object has no attribute 'isatty''. Its output now goes nowhere, as with
    ``>/dev/null``; the exit code still says what it found."""
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    res = _sh(f"lp {command} >&-", tmp_path)
    err = res.stderr.decode(errors="replace")
    assert "internal error" not in err and "Traceback" not in err, err
    assert res.returncode in (0, 1), err


@pytest.mark.parametrize("command", ["check -", "init x.yaml", "review add g.yaml --field purpose --quote "
                                     "'clean up the streets' --author staff-1 --role staff --body -"])
def test_a_command_with_its_input_closed_reads_an_empty_input(tmp_path, command):
    """Standard input closed (``<&-``): 'internal error: AttributeError: 'NoneType' object has
    no attribute 'read'' (check -), 'internal error: RuntimeError: input(): lost sys.stdin'
    (init). Now read as an empty input: an empty check, init's 'standard input ended'."""
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    res = _sh(f"lp {command} <&-", tmp_path)
    err = res.stderr.decode(errors="replace")
    assert "internal error" not in err and "Traceback" not in err, err
    assert res.returncode in (0, 2), err
    if res.returncode == 2:
        assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err
    assert not (tmp_path / "x.yaml").exists()



# ---------------------------------------------------------------- Git LFS pointers

LFS_POINTER = (b"version https://git-lfs.github.com/spec/v1\n"
               b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 48213\n")

LFS_COMMANDS = {
    "validate": ("g.yaml", ("validate", "g.yaml")),
    "check": ("g.yaml", ("check", "--no-cache", "g.yaml")),
    "publish": ("g.yaml", ("publish", "g.yaml", "--to", "md", "--out", "out")),
    "import .docx": ("d.docx", ("import", "d.docx", "-o", "new.yaml")),
    "import .md": ("d.md", ("import", "d.md", "-o", "new.yaml")),
    "import .html": ("d.html", ("import", "d.html", "-o", "new.yaml")),
    "review import": ("d.docx", ("review", "import", "d.docx", "--guideline", "ok.yaml")),
    "check of a .md": ("d.md", ("check", "--no-cache", "d.md")),
    "review list (the review file)": ("ok.review.yaml", ("review", "list", "ok.yaml")),
    "check (the configuration)": (".lic-policy.yaml", ("check", "--no-cache", "ok.yaml")),
}


@pytest.mark.parametrize("how", sorted(LFS_COMMANDS))
def test_a_git_lfs_pointer_is_named_as_one(tmp_path, monkeypatch, how):
    """A clone made without Git LFS (a CI checkout without `lfs: true`, a machine without
    git-lfs) holds, for each file stored with LFS, a three-line pointer. Every command
    blamed the file: 'a guideline is a YAML mapping, but this file holds a str (start from
    `lic-policy init`)', 'not a .docx file (not a zip archive) (save the file again in that
    format)', 'configuration must be a mapping'; `import` of an .md or .html pointer wrote a
    guideline titled 'Lfs' and `check` of an .md pointer found it clean. Now one line says what
    it is and how to fetch the file."""
    name, command = LFS_COMMANDS[how]
    (tmp_path / "ok.yaml").write_bytes(DRAFT.read_bytes())
    (tmp_path / name).write_bytes(LFS_POINTER)
    monkeypatch.chdir(tmp_path)
    res = run_cli(*command)
    if command[0] in ("check", "validate"):  # reported with the other files, then counted
        lines = [ln for ln in (res.stdout + res.stderr).splitlines() if "error:" in ln]
        assert res.exit_code == 2 and lines, res
        assert all(ln.split(": error: ")[0].endswith(name) and ": error: a Git LFS pointer" in ln
                   and "git lfs pull" in ln for ln in lines), lines
        assert "Traceback" not in res.stderr and "internal error" not in res.stderr
    else:
        line = one_error_line(res, "a Git LFS pointer", "git lfs pull")
        assert line.split(": error: ")[0].endswith(name), line  # the configuration is named in full
    assert not (tmp_path / "new.yaml").exists() and not (tmp_path / "out").exists()


def test_a_revision_whose_file_git_keeps_as_an_lfs_pointer_is_named_as_one(tmp_path, monkeypatch):
    """`diff HEAD:g.yaml g.yaml` where the guideline is stored with Git LFS: git hands out the
    pointer, and the diff said 'a guideline is a YAML mapping, but this file holds a str'."""
    from .conftest import git_run

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "g.yaml").write_bytes(LFS_POINTER)
    git_run(tmp_path, "init", "-q", "-b", "main")
    git_run(tmp_path, "add", "-A")
    git_run(tmp_path, "commit", "-qm", "a pointer committed as it is")
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    line = one_error_line(run_cli("diff", "HEAD:g.yaml", "g.yaml"), "a Git LFS pointer", "git lfs", where="HEAD:g.yaml")
    assert "git lfs fetch" in line


# ---------------------------------------------------------------- import: text in UTF-16 without its mark

PLAIN = "Outreach Guideline\n\nPurpose\n\nWe support sex workers in Eastside.\n\nScope\n\nApplies to staff.\n"


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_import_of_text_in_utf16_without_its_mark_is_refused_like_with_it(tmp_path, suffix, codec):
    """Notepad's "Unicode" without a byte-order mark (or a tool that writes UTF-16 bare): its
    NUL bytes are valid UTF-8, so the text went to pandoc with a NUL after every letter, and
    `import` wrote a guideline of one paragraph ('Outreach Guideline Purpose We support …',
    every heading and paragraph break lost), exit 0. With the mark it was refused; now both are,
    at line 1 column 1."""
    text = PLAIN if suffix != ".html" else "<h1>Outreach</h1><p>We support sex workers.</p>\n"
    src = tmp_path / f"n{suffix}"
    src.write_bytes(text.encode(codec))
    one_error_line(run_cli("import", str(src), "-o", str(tmp_path / "new.yaml")), "UTF-16", "save it as UTF-8",
                   where=f"{src}:1:1: error: ")
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"  \r\n\t\n", b"\xef\xbb\xbf\r\n\r\n"])
def test_import_of_a_text_with_no_words_is_refused_as_empty(tmp_path, content):
    """A .md holding only a byte-order mark or white space (an editor's new file saved at once):
    an empty file was refused ('the file is empty'), these wrote a guideline of placeholders."""
    src = tmp_path / "n.md"
    src.write_bytes(content)
    one_error_line(run_cli("import", str(src), "-o", str(tmp_path / "new.yaml")), "empty", where=f"{src}: error: ")
    assert not (tmp_path / "new.yaml").exists()


# ---------------------------------------------------------------- words written backwards under an override

RLO, PDF = "\u202e", "\u202c"


@pytest.mark.parametrize("text", [
    f"We met {RLO}setutitsorp{PDF} downtown.\n",          # ended by a pop (U+202C)
    f"We met {RLO}setutitsorp downtown.\n",                # never ended: up to the line's end
    f"We will {RLO}pu naelc{PDF} the streets.\n",          # a framing phrase half of it backwards
])
def test_words_written_backwards_under_a_right_to_left_override_are_read_as_shown(tmp_path, text):
    """A right-to-left override (U+202E) shows the letters after it in reverse order: a term
    typed backwards after it ('setutitsorp') reads 'prostitutes' on the page, in the editor and
    in the published document (the 'Trojan Source' trick), and `check` read it as typed and
    found nothing. The rules now read such a run as it is shown; the finding is placed on the
    run's characters as written."""
    from .conftest import json_findings

    p = tmp_path / "n.md"
    p.write_text(text, encoding="utf-8")
    found = json_findings(p)
    rules = {f["rule_id"] for f in found}
    assert rules & {"lang.prostitute", "framing.clean-up"}, found
    for f in found:
        assert 1 <= f["column"] <= len(text), f


def test_fix_write_leaves_words_written_backwards_for_a_person(tmp_path):
    """Such a finding has no automatic fix: written over the reversed letters, 'sex workers'
    would itself show backwards ('srekrow xes'). Its bytes stay, the other term is fixed."""
    p = tmp_path / "n.md"
    p.write_text(f"We met {RLO}setutitsorp{PDF} and prostitutes.\n", encoding="utf-8")
    res = run_cli("fix", "--write", str(p))
    assert res.exit_code == 0, res
    assert p.read_text(encoding="utf-8") == f"We met {RLO}setutitsorp{PDF} and sex workers.\n"
    assert "rewrite the other finding by hand" in res.stderr


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_import_keeps_words_under_an_override_as_they_were_shown(tmp_path, suffix):
    """`import` of a document holding a right-to-left override (U+202E): 'out.yaml: error: the
    imported guideline does not validate: the text holds a text direction override (U+202E)',
    naming a file it had not written, with no place and no way out (a guard for a bug). The
    guideline now holds the words as the document showed them, and `check` flags the term."""
    body = f"We met {RLO}setutitsorp{PDF} downtown, and {RLO}stnediseR{PDF}.\n"
    text = (f"<h1>Outreach</h1><p>{body}</p>" if suffix == ".html" else f"# Outreach\n\n{body}")
    src = tmp_path / f"n{suffix}"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "new.yaml"
    res = run_cli("import", str(src), "-o", str(out))
    assert res.exit_code == 0, res
    written = out.read_text(encoding="utf-8")
    assert "We met prostitutes downtown, and Residents." in " ".join(written.split())
    assert RLO not in written and PDF not in written
    assert run_cli("validate", str(out)).exit_code == 0
    from .conftest import json_findings

    assert "lang.prostitute" in {f["rule_id"] for f in json_findings(out)}


# ---------------------------------------------------------------- the language server: requests of the wrong shape

@pytest.mark.slow  # 0.25 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("how", ["jsonrpc 1.0", "no jsonrpc version", "a method that is null", "a method that is 42"])
def test_lsp_requests_of_the_wrong_shape_are_answered_invalid_request(tmp_path, how):
    """A request that is not JSON-RPC 2.0 ({"jsonrpc": "1.0", …}) was never answered (the
    editor waits for its hover for good; 'Unknown message' in the log); one whose method is
    null or a number was answered 'Internal Error' (-32603). Both are now answered Invalid
    Request (-32600), and the session goes on."""
    from .test_hostile_round4 import RawEditor, _popups

    hover = {"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
             "params": {"textDocument": {"uri": (tmp_path / "n.md").as_uri()}, "position": {"line": 0, "character": 0}}}
    bad = {"jsonrpc 1.0": {**hover, "jsonrpc": "1.0"},
           "no jsonrpc version": {k: v for k, v in hover.items() if k != "jsonrpc"},
           "a method that is null": {**hover, "method": None},
           "a method that is 42": {**hover, "method": 42}}[how]
    ed = RawEditor(tmp_path)
    try:
        ed.start()
        ed.send(bad)
        ed.send({"jsonrpc": "2.0", "id": 6, "method": "shutdown"})
        msgs = ed.until(lambda m: m.get("id") == 6)
        answers = {m["id"]: m for m in msgs if "id" in m}
        assert answers.get(5, {}).get("error", {}).get("code") == -32600, msgs
        assert "result" in answers[6]
        assert not _popups(msgs), _popups(msgs)
    finally:
        err = ed.stop()
    assert "Traceback" not in err, err


# ---------------------------------------------------------------- -o onto a guideline or a review file

def _round_with_a_thread(tmp_path: Path) -> tuple[Path, Path, bytes]:
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                   "--author", "staff-1", "--role", "staff").exit_code == 0
    review = tmp_path / "g.review.yaml"
    return g, review, review.read_bytes()


@pytest.mark.parametrize("command", ["diff", "compare", "rules docs", "check"])
@pytest.mark.parametrize("target", ["the review file", "another guideline"])
def test_a_report_written_with_o_onto_a_guideline_or_review_file_is_refused(tmp_path, command, target):
    """A careless `-o` (a name completed with Tab, one letter off): `diff g.yaml h.yaml -o
    g.review.yaml`, `compare … -o g.review.yaml` and `rules docs -o g.review.yaml` replaced a
    round's review threads with a redline or the rules' documentation, and `check g.yaml -o
    h.yaml` another guideline with a report, without a word. A YAML file already there is now
    refused in one line; nothing is written."""
    g, review, threads = _round_with_a_thread(tmp_path)
    h = tmp_path / "h.yaml"
    h.write_bytes(GOOD.read_bytes())
    other = tmp_path / "other.yaml"
    other.write_bytes(GOOD.read_bytes())
    out = review if target == "the review file" else other
    args = {"diff": ("diff", str(g), str(h)), "compare": ("compare", str(g), str(h)),
            "rules docs": ("rules", "docs"), "check": ("check", "--no-cache", str(g))}[command]
    one_error_line(run_cli(*args, "-o", str(out)), str(out), "would replace it")
    assert review.read_bytes() == threads
    assert other.read_bytes() == GOOD.read_bytes()


def test_a_report_written_again_over_its_own_last_copy_is_still_written(tmp_path):
    """A report named like a report (-o report.txt, report.json, redline.html) is written
    again over the last run's, as before."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    for name in ("report.txt", "report.json", "redline.html"):
        out = tmp_path / name
        out.write_text("the last run's\n", encoding="utf-8")
        args = ("diff", str(g), str(g)) if name == "redline.html" else ("check", "--no-cache", str(g))
        assert run_cli(*args, "-o", str(out)).exit_code in (0, 1)
        assert out.read_text(encoding="utf-8") != "the last run's\n"


# ---------------------------------------------------------------- a hint that suggests an email as a handle

@pytest.mark.parametrize("spec", ["jane@example.org", "cedar@example.org:staff", "heron@604-555-0199"])
def test_an_email_given_as_a_handle_is_never_answered_with_another_email(tmp_path, spec):
    """`serve --invite jane@example.org`: '“jane” is also a first name … use a handle that
    names no one, such as --invite advisory@example.org:sex-worker-advisory' — a hint that
    suggested an email address as a handle (and one that is refused in turn: 'the handle looks
    like an email address'). An email is now refused as one, and the hint names a made-up
    handle."""
    from lic_policy.web.privacy import invitee_problem

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    line = one_error_line(run_cli("serve", str(g), "--invite", spec, "--state", str(tmp_path / "s.db")))
    assert line.count("@") == spec.count("@") and "advisory@" not in line, line
    found = invitee_problem(spec.partition(":")[0])
    assert found is not None and found[0] != "first name", found


# ---------------------------------------------------------------- a file deleted in the work tree

@pytest.mark.parametrize("how", ["deleted", "git rm"])
@pytest.mark.parametrize("command", [("validate",), ("check",), ("review", "list"), ("publish",)])
def test_a_guideline_deleted_in_the_work_tree_says_git_still_has_it(tmp_path, monkeypatch, how, command):
    """A guideline deleted from the work tree (an editor's clean-up, a careless `rm`, `git rm`)
    that git still has: 'no such file or folder (check the path)' sent people checking a path
    that was right. The line now says it was deleted and how to bring it back."""
    from .conftest import git_run

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "guidelines").mkdir()
    g = tmp_path / "guidelines" / "draft.yaml"
    g.write_bytes(DRAFT.read_bytes())
    (tmp_path / "guidelines" / "notes.md").write_text("Notes.\n", encoding="utf-8")  # the folder stays
    git_run(tmp_path, "init", "-q", "-b", "main")
    git_run(tmp_path, "add", "-A")
    git_run(tmp_path, "commit", "-qm", "the draft")
    if how == "git rm":
        git_run(tmp_path, "rm", "-q", "guidelines/draft.yaml")
    else:
        g.unlink()
    monkeypatch.chdir(tmp_path / "guidelines")
    res = run_cli(*command, "draft.yaml")
    text = res.stdout + res.stderr
    assert res.exit_code == 2, res
    line = next(ln for ln in text.splitlines() if "error:" in ln)
    assert line.startswith("draft.yaml") and "deleted" in line and "git restore" in line, line


def test_a_name_git_never_had_is_still_no_such_file(tmp_path, monkeypatch):
    from .conftest import git_run

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git_run(tmp_path, "init", "-q", "-b", "main")
    monkeypatch.chdir(tmp_path)
    line = one_error_line(run_cli("validate", "nothing.yaml"), "no such file")
    assert "deleted" not in line and "git" not in line


# ---------------------------------------------------------------- a path copied with something around it

MEANT = {
    "a place copied from a report (file:line:column)": ("g.yaml:32:72", "a place in g.yaml"),
    "a place copied from a report (file:line)": ("g.yaml:32", "a place in g.yaml"),
    "a slash after a file's name": ("g.yaml/", "g.yaml is a file, not a folder"),
    "a file:// address copied from a browser": ("FILE_URL", "a file:// address"),
    "a '~' the shell did not expand (in quotes)": ("~/g.yaml", "did not expand '~'"),
    "a pattern the shell did not expand (in quotes)": ("*.yaml", "did not expand the pattern"),
    "a Windows path (backslashes) from a colleague's instructions": ("sub\\g.yaml", "a Windows path"),
}


@pytest.mark.parametrize("command", [("validate",), ("check", "--no-cache"), ("fix",), ("review", "list"),
                                     ("publish",)])
@pytest.mark.parametrize("how", sorted(MEANT))
def test_a_path_copied_with_something_around_it_says_what_was_meant(tmp_path, monkeypatch, how, command):
    """`check g.yaml:32:72` (a place copied from a report line), `validate g.yaml/`, a
    file:// address, '~/g.yaml' and '*.yaml' in quotes: 'no such file or folder (check the
    path)' — and for the file:// address `check` offered 'to check ///…/g.yaml as it was at
    file: git show file:///…'. The line now says what the path holds and which file was meant."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "g.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    given, words = MEANT[how]
    if given == "FILE_URL":
        given = g.as_uri()
    res = run_cli(*command, given)
    if command == ("publish",) and given == "g.yaml/" and res.exit_code == 0:
        return  # publish reads the path as g.yaml: nothing to say
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if "error:" in ln]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert words in lines[0] and "git show" not in lines[0], lines


@pytest.mark.parametrize("option", ["--check", "--write"])
def test_schema_given_a_guideline_says_validate_checks_one(tmp_path, option):
    """`schema --check g.yaml` (taken for "check this guideline against the schema"): click's
    "Invalid value for '--check': Directory 'g.yaml' is a file." The line now says what the
    option takes and that `validate` checks a guideline against the schema; nothing is written."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    line = one_error_line(run_cli("schema", option, str(g)), "lic-policy validate", "folder")
    assert "Directory" not in line
    assert g.read_bytes() == DRAFT.read_bytes()


@pytest.mark.parametrize("given", ["LANG.PROSTITUTE", "lang.prostitute ", " Lang.Prostitute"])
def test_rules_explain_takes_an_id_typed_in_capitals_or_with_spaces(given):
    """`rules explain LANG.PROSTITUTE`: 'no rule 'LANG.PROSTITUTE'' with no suggestion (the
    close-match search is case-sensitive). Rule ids are lower case: the id is explained."""
    res = run_cli("rules", "explain", given)
    assert res.exit_code == 0, res
    assert "lang.prostitute" in res.stdout


@pytest.mark.parametrize("args", [("check", "--no-cache", "--only", "LANG.PROSTITUTE"),
                                  ("check", "--no-cache", "--skip", "Framing"),
                                  ("rules", "test", "--rule", "LANG.PROSTITUTE")])
def test_rule_selections_take_names_typed_in_capitals(tmp_path, args):
    """`check --only LANG.PROSTITUTE`, `--skip Framing`, `rules test --rule LANG.PROSTITUTE`:
    "'LANG.PROSTITUTE' is not a rule id, pack or reviewer". Rule ids, packs and reviewers are
    lower case: the one meant is selected."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli(*args, *((str(g),) if args[0] == "check" else ()))
    assert res.exit_code in (0, 1), res
    if "--only" in args:
        assert "lang.prostitute" in res.stdout and "framing." not in res.stdout
    if "--skip" in args:
        assert "lang.prostitute" in res.stdout and "framing." not in res.stdout


# ---------------------------------------------------------------- a suggestion a guideline may not hold

PILED = "e" + "\u0301" * 40
SUGGESTED = {"a right-to-left override": "support people in\u202e the streets",
             "a left-to-right override": "support \u202dpeople",
             "40 combining marks on one letter": f"support {PILED} people"}


def _accepted_suggestion(tmp_path: Path, replacement: str, *, via_review_file: bool) -> tuple[Path, bytes]:
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    add = ("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "try this",
           "--author", "staff-1", "--role", "staff", "--kind", "suggestion", "--replacement")
    if via_review_file:  # as the room or a Word packet stores a reviewer's suggestion
        assert run_cli(*add, "support people in the streets").exit_code == 0
        r = tmp_path / "g.review.yaml"
        text = r.read_text(encoding="utf-8")
        assert "replacement: support people in the streets\n" in text, text
        r.write_text(text.replace("replacement: support people in the streets\n",
                                  f"replacement: {json.dumps(replacement)}\n"), encoding="utf-8")
        assert run_cli("review", "list", str(g)).exit_code == 0
    else:
        res = run_cli(*add, replacement)
        if res.exit_code == 2:
            return g, b""
        assert res.exit_code == 0, res
    assert run_cli("review", "accept", str(g), "t1", "--author", "staff-1", "--role", "staff").exit_code == 0
    return g, g.read_bytes()


@pytest.mark.parametrize("how", sorted(SUGGESTED))
def test_review_add_refuses_a_replacement_a_guideline_may_not_hold(tmp_path, how):
    """`review add --kind suggestion --replacement` with a direction override or a pile of
    combining marks was taken (control characters were refused), and `review apply` then wrote
    a guideline `validate` refused. Refused now, as the characters are named."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    one_error_line(run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body",
                           "try", "--author", "staff-1", "--role", "staff", "--kind", "suggestion", "--replacement",
                           SUGGESTED[how]), "--replacement")
    assert not (tmp_path / "g.review.yaml").exists()


@pytest.mark.parametrize("how", sorted(SUGGESTED))
def test_review_apply_writes_no_suggestion_a_guideline_may_not_hold(tmp_path, how):
    """A suggestion in the review file (from the room, a Word packet or a hand edit) holding a
    direction override or 40 combining marks on one letter, accepted: `review apply` wrote it,
    and the guideline no longer validated ('the text holds a text direction override
    (U+202E)'). Nothing is written now; one line names the thread and what to do."""
    g, before = _accepted_suggestion(tmp_path, SUGGESTED[how], via_review_file=True)
    review_before = (tmp_path / "g.review.yaml").read_bytes()
    one_error_line(run_cli("review", "apply", str(g)), "t1", "reject")
    assert g.read_bytes() == before
    assert (tmp_path / "g.review.yaml").read_bytes() == review_before
    assert run_cli("validate", str(g)).exit_code == 0

"""`check FILE...` read without click (``cli.fast_check``): the same output, errors and exit
code as through click, and click is not imported for it."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from lic_policy import cli
from lic_policy.commands import check as check_command

from .conftest import CORPUS, GOOD, ROOT

EARLY = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"


def _main(args: list[str], *, fast: bool, monkeypatch, stdin: bytes = b"") -> tuple[int, bytes, bytes]:
    """``cli.main(args)`` with standard streams that say UTF-8 (as a terminal's or a pipe's do:
    the copy of click.echo in ``lic_policy.echo`` writes to them itself), through
    ``fast_check`` or (``fast=False``) through click."""
    if not fast:
        monkeypatch.setattr(cli, "fast_check", lambda _args: None)
    out, err = io.BytesIO(), io.BytesIO()
    streams = (io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", write_through=True),
               io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = streams
    code = 0
    try:
        cli.main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        now = sys.stdout, sys.stderr
        sys.stdout, sys.stderr, sys.stdin = old
        monkeypatch.undo()
    for s in now:
        s.flush()
    return code, out.getvalue(), err.getvalue()


COMMAND_LINES = [
    ["check", "--no-cache", str(GOOD)],
    ["check", "--no-cache", str(EARLY)],
    ["check", "--no-cache", "-q", str(EARLY)],
    ["check", "--no-cache", "--verbose", str(EARLY), str(GOOD)],
    ["check", "--no-cache", "--no-validate", str(CORPUS / "bad" / "wrong-types.yaml")],
    ["check", "--no-cache", "--fail-on", "none", str(EARLY)],
    ["check", "--no-cache", "--fail-on=warning", str(GOOD)],
    ["check", "--no-cache", str(ROOT / "no-such-file.yaml")],
    ["check", "--no-cache", str(CORPUS / "checks")],
    *(["check", "--no-cache", "--format", fmt, str(EARLY)] for fmt in check_command.FORMAT_CHOICES),
    ["check", "--no-cache", "--format=json", "--format", "sarif", str(EARLY)],
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=lambda a: " ".join(a[1:]).replace(str(ROOT) + "/", ""))
def test_what_check_prints_without_click_is_what_it_printed_through_click(args, monkeypatch):
    assert cli.fast_check(args) is not None
    fast = _main(args, fast=True, monkeypatch=monkeypatch)
    slow = _main(args, fast=False, monkeypatch=monkeypatch)
    if "review" in args:  # review threads are stamped with the time they were made
        fast, slow = ((c, re.sub(rb"created: '[^']*'", b"created: T", o), e) for c, o, e in (fast, slow))
    assert fast == slow


def test_standard_input_is_checked_the_same_without_click(monkeypatch):
    args = ["check", "-", "--no-cache"]
    text = b"The city will run a crackdown on street prostitution in the Eastside.\n"
    fast = _main(args, fast=True, monkeypatch=monkeypatch, stdin=text)
    assert fast == _main(args, fast=False, monkeypatch=monkeypatch, stdin=text)
    assert fast[0] == 0 and b"<stdin>:1:" in fast[1]


@pytest.mark.parametrize("args", [
    ["check", "--no-cache", "--jobs", "2", "x.yaml"],  # an option fast_check does not read
    ["check", "-qv", "x.yaml"],  # short flags together
    ["check", "--format", "sarf", "x.yaml"],  # not one of the choices: click's error and its suggestion
    ["check", "--format"],  # no value
    ["check", "--no-cache=1", "x.yaml"],  # a flag with a value
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--", "x.yaml"],
    ["check", "", "x.yaml"],  # an empty path: _NonEmptyPath's error
    ["check", "  "],
    ["check", "-o", "out.json", "x.yaml"],
    ["check", "--nocache", "x.yaml"],  # a mistyped option: click's "did you mean"
    ["--version"],
    ["validate", "x.yaml"],
    ["checks", "x.yaml"],
    [],
])
def test_any_other_command_line_is_read_by_click(args):
    assert cli.fast_check(args) is None


def test_fast_check_reads_what_click_reads():
    assert cli.fast_check(["check"]) == {"paths": ()}
    assert cli.fast_check(["check", "-", "--format", "github", "-q", "a.md", "--fail-on=info", "--no-cache"]) == {
        "paths": ("-", "a.md"), "fmt": "github", "quiet": True, "fail_on": "info", "no_cache": True}
    assert cli.fast_check(["check", "--write-review", "--no-validate", "-v", "g.yaml"]) == {
        "paths": ("g.yaml",), "write_review": True, "no_validate": True, "verbose": True}


def test_shell_completion_is_left_to_click(monkeypatch):
    monkeypatch.setenv("_LIC_POLICY_COMPLETE", "bash_complete")
    assert cli.fast_check(["check", "x.yaml"]) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_path_that_cannot_be_read_is_left_to_click(tmp_path):
    locked = tmp_path / "locked.yaml"
    locked.write_text("a: 1\n", encoding="utf-8")
    locked.chmod(0)
    assert cli.fast_check(["check", str(locked)]) is None


@pytest.mark.parametrize("raised", [KeyboardInterrupt, EOFError])
def test_an_interrupt_is_aborted_as_click_says_it(raised, monkeypatch):
    def interrupted(*_a, **_k):
        raise raised()

    results = []
    for fast in (True, False):
        monkeypatch.setattr(check_command, "run", interrupted)
        results.append(_main(["check", str(GOOD)], fast=fast, monkeypatch=monkeypatch))
    assert results[0] == results[1] == (130, b"", b"\naborted\n")


def test_a_broken_pipe_exits_1_as_through_click(monkeypatch):
    def broken(*_a, **_k):
        raise BrokenPipeError(32, "Broken pipe")

    results = []
    for fast in (True, False):
        monkeypatch.setattr(check_command, "run", broken)
        results.append(_main(["check", str(GOOD)], fast=fast, monkeypatch=monkeypatch))
    assert results[0] == results[1] == (1, b"", b"")


@pytest.mark.slow  # 0.24 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_cold_check_of_a_file_does_not_import_click():
    probe = ("import sys, json\nfrom lic_policy.cli import main\n"
             "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
             "print(json.dumps([code, 'click' in sys.modules]), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", probe, "check", "--no-cache", "--format", "json", str(GOOD)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == [0, False]
    assert json.loads(proc.stdout)["summary"]["error"] == 0

"""Data safety (issue 13): locks, crash recovery, symlinks, line endings and BOM, unwritable places.

Each test here was written before its fix and failed on main."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lic_policy.review import threads

from .conftest import ROOT
from .test_review_threads import SAMPLE

NOW = "2026-11-24T10:00:00Z"


@pytest.fixture
def g(tmp_path, monkeypatch):
    monkeypatch.setenv("LIC_POLICY_NOW", NOW)
    path = tmp_path / "harbourview.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def _env(**extra):
    env = dict(os.environ)
    env.pop("LIC_POLICY_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


# a process that runs `review add` ROUNDS times in a loop (the CLI entry point, in-process, so
# 50 rounds do not pay 50 interpreter start-ups); each round adds one thread
ADD_LOOP = textwrap.dedent("""
    import sys
    from lic_policy.cli import main
    guideline, who, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failures = 0
    for i in range(rounds):
        try:
            main(["review", "add", guideline, "--clause", "response.2", "--quote", "consent",
                  "--body", f"{who} round {i}", "--author", f"{who}", "--role", "staff"])
        except SystemExit as exc:
            if exc.code:
                failures += 1
    print("failures:", failures)
""")


def test_two_review_add_processes_lose_nothing(g):
    """Two writers of one review file, 50 rounds each: every thread is kept (on main 45 of 106
    were lost: each process read the file, added its thread and wrote over the other's)."""
    rounds = 50
    procs = [subprocess.Popen([sys.executable, "-c", ADD_LOOP, str(g), who, str(rounds)], env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("staff-a", "staff-b")]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.strip().splitlines()[-1] == "failures: 0", err  # every round succeeded
    review = threads.load(threads.review_path(g)).review
    bodies = sorted(t.body for t in review.threads)
    expected = sorted(f"{who} round {i}" for who in ("staff-a", "staff-b") for i in range(rounds))
    assert bodies == expected
    assert len({t.id for t in review.threads}) == 2 * rounds


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from lic_policy.store import locked
    with locked(sys.argv[1]):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def test_a_held_lock_makes_a_writer_wait_then_give_up_in_one_line(g, monkeypatch):
    from .conftest import run_cli

    review = threads.review_path(g)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(review), "30"], env=_env(),
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("LIC_POLICY_LOCK_TIMEOUT", "0.3")
        res = run_cli("review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "b",
                      "--author", "staff-1", "--role", "staff")
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
        assert "another lic-policy process has been writing this file" in res.stderr
        assert not review.exists()
    finally:
        holder.kill()
        holder.wait()
    # the operating system released the killed holder's lock: no stale lock is left behind
    monkeypatch.setenv("LIC_POLICY_LOCK_TIMEOUT", "5")
    res = run_cli("review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    # the lock files live in one git-ignored folder beside the file
    locks = g.parent / ".lic-policy-locks"
    assert (locks / "harbourview.review.yaml.lock").exists()
    assert "*" in (locks / ".gitignore").read_text().splitlines()


def test_locked_is_reentrant_and_orders_several_files(g):
    from lic_policy.store import locked

    review = threads.review_path(g)
    with locked(review, g):
        with locked(g):  # a writer called by a command that holds the lock already
            pass


# --------------------------------------------------------------------------- review apply after a kill

# runs `review apply` and kills its own process (SIGKILL: no clean-up, no finally blocks) right
# after the KILL_AT-th file replacement (journal, guideline, review file, ...) completes
KILLED_APPLY = textwrap.dedent("""
    import os, signal, sys
    kill_at = int(sys.argv[2])
    real_replace = os.replace
    count = [0]
    def replace(src, dst, *a, **kw):
        real_replace(src, dst, *a, **kw)
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    from lic_policy.cli import main
    main(["review", "apply", sys.argv[1]])
""")


def _accepted_pair(g):
    from .conftest import run_cli

    for clause, quote, rep in (("violence.1", "serious crimes", "serious crimes and act on them"),
                               ("response.1", "support first", "help first")):
        res = run_cli("review", "add", str(g), "--clause", clause, "--quote", quote, "--body", "b", "--kind",
                      "suggestion", "--replacement", rep, "--author", "staff-1", "--role", "staff")
        assert res.exit_code == 0, res.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    assert run_cli("review", "accept", str(g), "t2").exit_code == 0


def _expected(text):
    return text.replace("as serious crimes.", "as serious crimes and act on them.").replace(
        "offer support first", "offer help first")


@pytest.mark.parametrize("kill_at", [1, 2, 3])
def test_apply_killed_at_each_write_is_finished_by_running_it_again(g, kill_at):
    """Killed between the guideline's write and the review file's, `apply` left the change in the
    guideline and the threads `accepted`; running it again said to `reanchor` (wrong advice).
    Now a second run finishes the job, whatever write the first was killed after."""
    from .conftest import run_cli

    _accepted_pair(g)
    before = g.read_text()
    proc = subprocess.run([sys.executable, "-c", KILLED_APPLY, str(g), str(kill_at)], env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # really killed
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 0, res.stderr
    assert g.read_text() == _expected(before)  # the change is in, once
    review = threads.load(threads.review_path(g)).review
    assert [t.status for t in review.threads] == ["resolved", "resolved"]
    assert not list((g.parent / ".lic-policy-locks").glob("*.apply.json"))  # the journal is gone
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 0 and "no accepted suggestions" in res.stdout


def test_apply_killed_at_random_moments_never_leaves_a_half_applied_pair(tmp_path):
    """SIGKILL at random moments of a run (most land before or after the writes, some between
    them); after each, one more `apply` leaves the pair consistent."""
    import random

    from .conftest import run_cli

    rng = random.Random(13)
    for i in range(6):
        d = tmp_path / f"run{i}"
        d.mkdir()
        g = d / "harbourview.yaml"
        g.write_text(SAMPLE, encoding="utf-8")
        _accepted_pair(g)
        before = g.read_text()
        proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "review", "apply", str(g)], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.2, 1.2))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        res = run_cli("review", "apply", str(g))
        assert res.exit_code == 0, res.stderr
        assert g.read_text() == _expected(before)
        review = threads.load(threads.review_path(g)).review
        assert [t.status for t in review.threads] == ["resolved", "resolved"]


def test_apply_gives_the_right_advice_when_the_change_is_already_in(g):
    """Without a journal (the change typed in by hand, or the journal deleted), a suggestion
    whose replacement already stands where its words stood is not sent to `reanchor`."""
    from .conftest import run_cli

    _accepted_pair(g)
    g.write_text(g.read_text().replace("as serious crimes.", "as serious crimes and act on them."))
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "already reads the suggested text" in res.stderr and "review resolve" in res.stderr


# --------------------------------------------------------------------------- line endings and BOM

def _endings(raw: bytes) -> tuple[int, int, int]:
    """(CRLF, bare LF, bare CR) line endings in ``raw``."""
    crlf = raw.count(b"\r\n")
    return crlf, raw.count(b"\n") - crlf, raw.count(b"\r") - crlf


def _as(text: str, newline: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8")


def test_fix_write_keeps_crlf_and_bom(tmp_path):
    """`fix --write` on a CRLF file with a BOM left 40 bare LF line endings."""
    from .conftest import DRAFT, run_cli

    target = tmp_path / "draft.yaml"
    target.write_bytes(_as(DRAFT.read_text(encoding="utf-8"), "\r\n", True))
    res = run_cli("fix", "--write", str(target))
    assert res.exit_code == 0, res.stderr
    raw = target.read_bytes()
    assert raw != _as(DRAFT.read_text(encoding="utf-8"), "\r\n", True)  # something was fixed
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert _endings(raw)[1:] == (0, 0)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NEWLINES = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=60, deadline=None)
@given(newline=NEWLINES, bom=st.booleans(),
       value=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                                 min_size=1, max_size=30).map(str.strip).filter(bool), min_size=1, max_size=4),
       field=st.sampled_from([("purpose",), ("scope", "text"), ("sections", 1, "clauses", 0, "text"),
                              ("sections", 0, "clauses", 1, "text")]))
def test_store_edits_keep_the_files_line_endings_and_bom(newline, bom, value, field):
    """Property: an edit of any text field (one line or several, so block scalars too) writes
    its new lines in the file's line-ending style, keeps the BOM, and leaves every other line
    byte-identical."""
    from lic_policy import store

    raw = _as(SAMPLE, newline, bom)
    doc = store.parse(raw.decode("utf-8"), "<g>")
    new_value = "\n".join(value)
    new_text = doc.replace_text(field, new_value)
    out = new_text.encode("utf-8")
    assert out.startswith(b"\xef\xbb\xbf") == bom and out.count(b"\xef\xbb\xbf") == int(bom)
    crlf, lf, cr = _endings(out)
    assert cr == 0 and (lf == 0 if newline == "\r\n" else crlf == 0), repr(new_text)
    assert store.parse(new_text, "<g>").value_at(field) == new_value


def _review_ops(g):
    from .conftest import run_cli

    def ok(*args):
        res = run_cli(*args)
        assert res.exit_code == 0, res.stderr

    ok("review", "add", str(g), "--clause", "violence.1", "--quote", "serious crimes", "--body", "Say more.\nTwo lines.",
       "--kind", "suggestion", "--replacement", "serious crimes and act on them", "--author", "staff-1", "--role", "staff")
    ok("review", "reply", str(g), "t1", "--body", "Agreed.", "--author", "staff-2", "--role", "staff")
    ok("review", "accept", str(g), "t1")
    ok("review", "apply", str(g))
    ok("review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "A " * 60,
       "--author", "staff-1", "--role", "staff")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_review_commands_keep_line_endings_and_bom_of_both_files(g, newline, bom):
    """add, reply, accept, apply (which writes the guideline too) and add again on files with
    CRLF or LF line endings, with and without a BOM: both files keep theirs."""
    g.write_bytes(_as(SAMPLE, newline, bom))
    review = threads.review_path(g)
    review.write_bytes(_as("# kept comment\nlic_policy_review: 1\nthreads: []\n", newline, bom))
    _review_ops(g)
    for path in (g, review):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == bom, path
        crlf, lf, cr = _endings(raw)
        assert cr == 0 and (lf == 0 if newline == "\r\n" else crlf == 0), (path, crlf, lf)
    text = review.read_bytes().decode("utf-8")
    assert "# kept comment" in text
    assert [t.status for t in threads.load(review).review.threads] == ["resolved", "open"]
    assert "serious crimes and act on them" in g.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- symlinks

def test_fix_write_through_a_symlink_keeps_the_link(tmp_path):
    """`fix --write` on a symlink replaced the link with a regular file."""
    from .conftest import DRAFT, run_cli

    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    real = real_dir / "draft.yaml"
    real.write_bytes(DRAFT.read_bytes())
    link = tmp_path / "draft.yaml"
    link.symlink_to(real)
    res = run_cli("fix", "--write", str(link))
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != DRAFT.read_bytes()  # written through to the target
    assert not list(tmp_path.glob(".draft.yaml.*"))  # no temporary file left beside the link


def test_review_add_through_a_symlinked_review_file_keeps_the_link(g):
    from .conftest import run_cli

    shared = g.parent / "shared"
    shared.mkdir()
    real = shared / "threads.review.yaml"
    real.write_text("lic_policy_review: 1\nthreads: []\n", encoding="utf-8")
    link = threads.review_path(g)
    link.symlink_to(os.path.relpath(real, link.parent))
    res = run_cli("review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink()
    assert [t.id for t in threads.load(real).review.threads] == ["t1"]


def test_a_dangling_symlink_is_written_through_and_a_loop_is_refused(g):
    from .conftest import run_cli

    link = threads.review_path(g)
    (g.parent / "elsewhere").mkdir()
    link.symlink_to(g.parent / "elsewhere" / "new.review.yaml")
    args = ("review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "b",
            "--author", "staff-1", "--role", "staff")
    res = run_cli(*args)
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink() and (g.parent / "elsewhere" / "new.review.yaml").is_file()
    link.unlink()
    link.symlink_to(link.name)  # a link to itself
    res = run_cli(*args)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, res.stderr
    assert "symbolic link" in res.stderr

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

"""`lic-policy review redact`: staff take the words that identify someone out of a stored
thread — its comment, its suggested wording and its replies — without editing the YAML by
hand (ux18: a name a reviewer confirmed, or one found later, could only be removed by hand,
and publish and packet refuse until it is)."""

from __future__ import annotations

import re
import shutil

from lic_policy.review import threads

from .conftest import GOOD, run_cli


def _repo(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    shutil.copy(threads.review_path(GOOD), threads.review_path(g))
    return g


def test_redact_takes_the_words_out_of_a_thread_and_its_replies_and_keeps_the_rest(tmp_path):
    g = _repo(tmp_path)
    review = threads.review_path(g)
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "Maria Santos said the van comes too late.", "--role", "community",
                "--author", "community-5")
    assert r.exit_code == 0, r.stderr
    tid = re.search(r"added (t\d+)", r.stdout).group(1)
    assert f"lic-policy review redact {g} {tid} --words" in r.stderr, r.stderr  # the warning says how
    assert run_cli("review", "reply", str(g), tid, "--body", "Thanks; ask maria santos again.",
                   "--author", "staff-1", "--role", "staff").exit_code == 0
    before = review.read_text(encoding="utf-8")
    r = run_cli("review", "redact", str(g), tid, "--words", "Maria Santos")
    assert r.exit_code == 0, r.stderr
    assert "took out 2" in r.stdout, r.stdout
    after = review.read_text(encoding="utf-8")
    assert "maria" not in after.lower() and after.count("[name removed]") == 2
    # the other threads are byte for byte what they were
    head = before[:before.index(f"id: {tid}")]
    assert after.startswith(head)
    assert run_cli("check", "--only", "privacy", str(g)).exit_code == 0


def test_redact_of_words_the_thread_does_not_hold_writes_nothing(tmp_path):
    g = _repo(tmp_path)
    review = threads.review_path(g)
    before = review.read_bytes()
    r = run_cli("review", "redact", str(g), "t1", "--words", "Nobody Here")
    assert r.exit_code == 2 and "does not hold" in r.stderr and len(r.stderr.strip().splitlines()) <= 2, r.stderr
    assert review.read_bytes() == before


def test_redact_never_leaves_a_comment_empty(tmp_path):
    g = _repo(tmp_path)
    review = threads.review_path(g)
    before = review.read_bytes()
    r = run_cli("review", "redact", str(g), "t1", "--words", "the", "--with", " ")
    assert r.exit_code == 2 and "--with is empty" in r.stderr, r.stderr
    assert review.read_bytes() == before

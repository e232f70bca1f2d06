"""The review room appends new threads to the review file in place (``lic_policy.appendlog``):
no reader ever sees part of an append, a crash at any step leaves the old or the new file
(never a broken one), concurrent writers lose nothing, and every earlier byte stays.

The crash tests kill a real process (SIGKILL) at each step of an append — after the undo
record is durable (with half of the new bytes written, or none), after the bytes are written,
after the fsync, after the record is cleared — and then read the file with the readers the
CLI uses and write to it with the writers the room and the CLI use."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from lic_policy import appendlog, store
from lic_policy.errors import OutputError
from lic_policy.model.review import Author, Reply, Thread
from lic_policy.review import threads
from lic_policy.review.livefile import LiveReviewFile

from .conftest import GOOD, ROOT, run_cli

REVIEW = GOOD.with_name(GOOD.name[:-5] + ".review.yaml")
LONG = "A long comment that spans more than one page of the file, " * 120  # ~7 KB: an append of two pages

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills a process with SIGKILL")


def _copy(tmp_path):
    shutil.copy(GOOD, tmp_path / GOOD.name)
    p = tmp_path / REVIEW.name
    shutil.copy(REVIEW, p)
    return p


def _thread(ch, body):
    return Thread(id=ch.next_id(), anchor=ch.threads[0].anchor,
                  author=Author(handle="advisory-9", role="sex-worker-advisory"),
                  created="2026-11-29T10:00:00Z", kind="comment", body=body)


def _add(path, body):
    live = LiveReviewFile(path, GOOD.name)
    with live.change() as ch:
        ch.add(_thread(ch, body))
    return live


def _bodies(path):
    return [t.body for t in threads.load(path).review.threads]


_CRASH = """
import os, signal, sys
from lic_policy import appendlog
from lic_policy.model.review import Author, Thread
from lic_policy.review.livefile import LiveReviewFile

path, step, part = sys.argv[1], sys.argv[2], float(sys.argv[3])

def hook(name, fd, old, data):
    if name == step:
        if part:
            os.pwrite(fd, data[: int(len(data) * part)], old)
        os.kill(os.getpid(), signal.SIGKILL)

appendlog._step = hook
live = LiveReviewFile(path, "g.yaml")
with live.change() as ch:
    ch.add(Thread(id=ch.next_id(), anchor=ch.threads[0].anchor, created="2026-11-29T10:00:00Z", kind="comment",
                  author=Author(handle="advisory-9", role="sex-worker-advisory"), body=sys.argv[4]))
print("not killed")
"""


def _crash(path, step, part=0.0, body=LONG):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", _CRASH, str(path), step, str(part), body], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == -9, out.stdout + out.stderr  # killed at that step


@pytest.mark.slow  # 0.17 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("step,part,kept", [
    ("recorded", 0.0, "old"),   # record durable, nothing written yet
    ("recorded", 0.5, "old"),   # half of the new thread written (ends inside its body: still YAML, wrong)
    ("recorded", 0.93, "old"),  # nearly all of it
    ("appended", 0.0, "new"),   # all written, not fsynced, record still pending: complete, kept
    ("synced", 0.0, "new"),
    ("cleared", 0.0, "new"),
])
def test_a_crash_at_any_step_leaves_the_old_or_the_new_file(tmp_path, step, part, kept, monkeypatch):
    monkeypatch.setenv("LIC_POLICY_NOW", "2026-11-29T12:00:00Z")
    path = _copy(tmp_path)
    LiveReviewFile(path, GOOD.name).snapshot()
    _add(path, "first, before the crash")  # the file as lic-policy writes it (appendable)
    old = path.read_bytes()
    old_bodies = _bodies(path)
    _crash(path, step, part)
    raw = path.read_bytes()
    if part:
        assert raw != old and raw.startswith(old)  # the file on disk really holds half an append
    # every reader sees the old file or the new one, nothing in between
    seen = store.read_bytes(path)
    bodies = _bodies(path)
    if kept == "old":
        assert seen == old and bodies == old_bodies
    else:
        assert seen.startswith(old) and bodies == old_bodies + [LONG]
    listed = run_cli("review", "list", str(path.with_name(GOOD.name)), "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert ("A long comment" in listed.stdout) == (kept == "new")
    # the next writer (the room's) rolls the interrupted append back on disk, then appends
    _add(path, "after the crash")
    assert appendlog.read_record(path) is None
    after = path.read_bytes()
    assert after.startswith(seen)  # every committed byte kept
    assert _bodies(path) == bodies + ["after the crash"]


def test_a_cli_writer_after_a_crash_writes_over_the_half_append(tmp_path, monkeypatch):
    """`lic-policy review add` (the round-trip writer, replacing the file) after an interrupted
    append: the new file holds the committed threads and the new one; the record is void."""
    monkeypatch.setenv("LIC_POLICY_NOW", "2026-11-29T12:00:00Z")
    path = _copy(tmp_path)
    _add(path, "first, before the crash")
    old_bodies = _bodies(path)
    _crash(path, "recorded", 0.5)
    a = threads.load(path).review.threads[0].anchor
    res = run_cli("review", "add", str(path.with_name(GOOD.name)), "--clause", a.clause, "--field", a.field,
                  "--quote", a.quote.exact, "--occurrence", "1", "--body", "from the command line",
                  "--author", "advisory-4", "--role", "sex-worker-advisory")
    assert res.exit_code == 0, res.stderr
    assert appendlog.read_record(path) is None
    assert b"spans more than one page" not in path.read_bytes()
    assert _bodies(path) == old_bodies + ["from the command line"]
    _add(path, "the room again")  # and the room appends after it
    assert _bodies(path) == old_bodies + ["from the command line", "the room again"]


@pytest.mark.slow  # 0.32 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_reader_racing_an_append_sees_the_old_or_the_new_file(tmp_path, monkeypatch):
    """The writer is held in the middle of an append (half of the bytes written, then after all
    of them): readers in this process and in another one see the old file, then the new one."""
    path = _copy(tmp_path)
    live = _add(path, "first")
    old = path.read_bytes()
    n = len(_bodies(path))
    at, go = {}, threading.Event()

    def hook(name, fd, o, data):
        if name in ("recorded", "appended"):
            if name == "recorded":
                os.pwrite(fd, data[: len(data) // 2], o)
            at[name] = threading.Event()
            at[name].set()
            go.wait(30)
            go.clear()

    monkeypatch.setattr(appendlog, "_step", hook)
    errors = []

    def write():
        try:
            with live.change() as ch:
                ch.add(_thread(ch, LONG))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()

    def wait_for(name):
        deadline = time.time() + 30
        while name not in at and time.time() < deadline:
            time.sleep(0.005)
        assert name in at

    other = [sys.executable, "-c", "import sys; from lic_policy.review import threads; "
             "print(len(threads.load(sys.argv[1]).review.threads))", str(path)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    wait_for("recorded")
    assert len(path.read_bytes()) > len(old)  # half of the thread is in the file now
    assert store.read_bytes(path) == old
    assert len(_bodies(path)) == n
    assert subprocess.run(other, env=env, capture_output=True, text=True, timeout=120).stdout.strip() == str(n)
    go.set()
    wait_for("appended")  # every byte written, not yet fsynced, record pending: the new file
    assert len(_bodies(path)) == n + 1
    go.set()
    writer.join(30)
    assert not errors
    assert _bodies(path)[-1] == LONG
    assert subprocess.run(other, env=env, capture_output=True, text=True, timeout=120).stdout.strip() == str(n + 1)


_POSTER = """
import sys, threading
from lic_policy.model.review import Author, Thread
from lic_policy.review.livefile import LiveReviewFile
from lic_policy.web.site import GroupWriter

path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
live = LiveReviewFile(path, "g.yaml")
writer = GroupWriter(live)
start = threading.Event()
futures = []

def post(i):
    start.wait()
    def op(ch):
        ch.add(Thread(id=ch.next_id(), anchor=ch.threads[0].anchor, created="2026-11-29T10:00:00Z",
                      kind="comment", author=Author(handle=f"advisory-{i}", role="sex-worker-advisory"),
                      body=f"{who} {i} " + "words " * (i * 40)))
    futures.append(writer.submit(op))

ts = [threading.Thread(target=post, args=(i,)) for i in range(count)]
for t in ts:
    t.start()
start.set()
for t in ts:
    t.join()
for f in list(futures):
    f.result(120)
print("posted", len(futures), "in", writer.batches, "writes")
"""


@pytest.mark.slow  # 0.96 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_fifty_posters_in_two_processes_lose_nothing_while_a_reader_reads(tmp_path):
    """Two room processes (25 reviewers posting at once in each) append to one file while this
    process reads it in a loop: every read is a whole file, the threads only grow, nothing is
    lost and every earlier byte is kept."""
    path = _copy(tmp_path)
    _add(path, "first")
    before = path.read_bytes()
    n = len(_bodies(path))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", _POSTER, str(path), who, "25"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("A", "B")]
    counts = []
    while any(p.poll() is None for p in procs):
        counts.append(len(_bodies(path)))  # raises if a read ever saw a broken file
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert counts == sorted(counts)
    bodies = _bodies(path)
    assert len(bodies) == n + 50
    for who in "AB":
        assert sorted(int(b.split()[1]) for b in bodies if b.startswith(who + " ")) == list(range(25))
    assert path.read_bytes().startswith(before)
    assert appendlog.read_record(path) is None


def test_a_failed_append_is_rolled_back(tmp_path, monkeypatch):
    """A full disk in the middle of the append: the half-written bytes are cut off again, the
    error is one line, the file is as it was."""
    path = _copy(tmp_path)
    live = _add(path, "first")
    before = path.read_bytes()
    real = appendlog._pwrite

    def full_disk(fd, data, at):
        if at == len(before):
            real(fd, data[: len(data) // 2], at)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data, at)

    monkeypatch.setattr(appendlog, "_pwrite", full_disk)
    with pytest.raises(OutputError, match="cannot write the file") as exc:
        with live.change() as ch:
            ch.add(_thread(ch, LONG))
    assert "disk is full" in exc.value.hint
    assert path.read_bytes() == before
    assert appendlog.read_record(path) is None
    monkeypatch.setattr(appendlog, "_pwrite", real)
    with live.change() as ch:
        ch.add(_thread(ch, "after the disk was freed"))
    assert _bodies(path)[-1] == "after the disk was freed"


def test_a_stale_or_torn_record_is_ignored_and_cleared(tmp_path):
    path = _copy(tmp_path)
    _add(path, "first")
    before = path.read_bytes()
    st = os.stat(path)
    where = appendlog.record_path(path)
    # a record of another file (the inode of a file since replaced), whose old length fits
    where.write_bytes(appendlog._encode({"state": "pending", "dev": st.st_dev, "ino": st.st_ino + 1,
                                         "old": 10, "new": len(before) + 5, "tail": "0", "added": "0"}))
    assert appendlog.read_record(path) is not None
    assert store.read_bytes(path) == before  # not cut at 10
    # a record of this file whose hashes do not fit it (the file was changed in place since)
    where.write_bytes(appendlog._encode({"state": "pending", "dev": st.st_dev, "ino": st.st_ino,
                                         "old": 10, "new": len(before) + 5, "tail": "0", "added": "0"}))
    assert store.read_bytes(path) == before
    # a record torn by a crash while it was written
    good = appendlog._encode({"state": "pending", "dev": st.st_dev, "ino": st.st_ino, "old": 10,
                              "new": len(before), "tail": "x", "added": "y"})
    where.write_bytes(good[:40] + appendlog._encode({"state": "clear"})[40:])
    assert appendlog.read_record(path) is None
    where.write_bytes(appendlog._encode({"state": "pending", "dev": st.st_dev, "ino": st.st_ino + 1,
                                         "old": 10, "new": len(before) + 5, "tail": "0", "added": "0"}))
    _add(path, "second")  # a writer clears it and keeps every byte
    assert appendlog.read_record(path) is None
    assert path.read_bytes().startswith(before)


def test_replies_crlf_and_bom_files_are_still_replaced_whole_and_byte_identical(tmp_path):
    """Only an append at the end of an LF file without a byte-order mark is done in place; a
    reply rewrites the file (atomic replace), and CRLF / BOM files keep their bytes either way."""
    path = _copy(tmp_path)
    live = _add(path, "first")
    inode = os.stat(path).st_ino
    with live.change() as ch:
        t = ch.threads[0]
        ch.replace(t.model_copy(update={"replies": [*t.replies, Reply(author=Author(handle="staff-1", role="staff"),
                                                                      created="2026-11-29T11:00:00Z", body="ok")]}))
    assert os.stat(path).st_ino != inode and live.appends == 1
    for name, head, nl in (("crlf", b"", b"\r\n"), ("bom", b"\xef\xbb\xbf", b"\n")):
        p = tmp_path / name / REVIEW.name
        p.parent.mkdir()
        shutil.copy(GOOD, p.parent / GOOD.name)
        original = head + REVIEW.read_bytes().replace(b"\n", nl)
        p.write_bytes(original)
        live = _add(p, "new")
        assert live.appends == 0
        after = p.read_bytes()
        assert after.startswith(original) and after[len(original):].count(b"\n") == after[len(original):].count(nl)

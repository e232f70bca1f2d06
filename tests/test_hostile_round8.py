"""hostile8: earlier rounds' leftovers, and new kinds of hostile and careless input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from .conftest import run_cli
from .test_hostile_round7 import _draft
from .webapp import Room, csrf_of, part_of

ROOT = Path(__file__).resolve().parent.parent
KEY = "response.violence.1|text"


# ---------------------------------------------------------------- the review room's full file


def _room_with_reviewer(tmp_path: Path):
    room = Room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    return room, staff, c, c.get("/review").text


def _post(c, html: str, body: str):
    data = {"part": KEY, "h": part_of(html, KEY), "start": "0", "end": "11", "exact": "If violence",
            "kind": "comment", "body": body}
    return c.post("/review/threads", json=data, headers={"X-CSRF-Token": csrf_of(html)})


class _Log(logging.Handler):
    """The room's log lines while the block runs (what the operator's terminal shows)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))

    def __enter__(self):
        self.logger = logging.getLogger("lic_policy")
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _fill_to(path: Path, size: int) -> None:
    """Grow a review file to ``size`` bytes with a YAML comment at its end (as a long round's
    threads would grow it)."""
    have = path.stat().st_size
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("# " + "x" * (size - have - 3) + "\n")
    assert path.stat().st_size == size


def test_a_comment_that_would_take_the_review_file_past_its_limit_is_refused_and_the_room_stays_open(
        tmp_path, monkeypatch):
    """The room appended a reviewer's comment to a review file just under its 32 MB limit: the
    file went over it, and from then on every page of the round was 'The draft cannot be read'
    for every reviewer and the staff (every reader refuses a file over the limit). A write that
    would take the file past its limit is refused; the reviewer is told in the page, in words,
    that the comment was not saved and what to do; nothing is written; the room stays open."""
    from lic_policy import store

    monkeypatch.setattr(store, "REVIEW_MAX_SIZE", 20_000)
    room, staff, c, html = _room_with_reviewer(tmp_path)
    _fill_to(room.review_file, 20_000 - 100)
    before = room.review_file.read_bytes()
    with _Log() as log:
        r = _post(c, html, "A comment long enough to take the file over its limit. " * 4)
        assert r.status_code == 507, r.text
        message = r.json()["error"]
        assert "not saved" in message and "staff" in message, message
        assert "bytes" not in message and "review file" not in message  # words for a reviewer, not for the drafter
        assert room.review_file.read_bytes() == before
        assert c.get("/review").status_code == 200  # the round is still open to read
        page = staff.get("/staff/r/1")
        assert page.status_code == 200
        r = staff.post("/staff/r/1/threads", data={"csrf": csrf_of(page.text), "part": KEY, "h": part_of(page.text, KEY),
                                                   "span": "0-11", "kind": "question", "body": "Which van? " * 20})
        assert r.status_code == 507 and "Not saved: writing this would make the review file" in r.text, r.text
        assert "move the resolved threads" in r.text and room.review_file.read_bytes() == before
        assert "Traceback" not in log.text
        assert [ln for ln in log.lines if "limit" in ln and "move the resolved threads" in ln], log.text  # the operator learns why


def test_a_reviewer_posting_to_a_review_file_already_over_its_limit_is_told_in_words(tmp_path, monkeypatch):
    """A review file over its limit (grown by hand or by another tool): the reviewer's post got
    'The review file could not be written: file is 34,607,967 bytes, over the
    33,554,432-byte limit' — the drafter's words, in English whatever the page's language."""
    from lic_policy import store

    monkeypatch.setattr(store, "REVIEW_MAX_SIZE", 20_000)
    room, _staff, c, html = _room_with_reviewer(tmp_path)
    _fill_to(room.review_file, 20_001)
    before = room.review_file.read_bytes()
    with _Log() as log:
        r = _post(c, html, "A comment.")
    assert r.status_code == 507, r.text
    message = r.json()["error"]
    assert "not saved" in message and "bytes" not in message, message
    assert room.review_file.read_bytes() == before
    assert "Traceback" not in log.text


def test_the_cli_refuses_a_thread_that_would_take_the_review_file_past_its_limit(tmp_path, monkeypatch):
    """`review add` wrote past the limit, and then every review command refused the file."""
    g = _draft(tmp_path)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "first", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    rf = tmp_path / "g.review.yaml"
    from lic_policy import store

    size = rf.stat().st_size
    monkeypatch.setattr(store, "REVIEW_MAX_SIZE", size + 100)
    before = rf.read_bytes()
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "second " * 40, "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "g.review.yaml: error: writing this would make the review file" in r.stderr, r.stderr
    assert "move the resolved threads" in r.stderr
    assert rf.read_bytes() == before
    assert run_cli("review", "list", str(g)).exit_code == 0


# ---------------------------------------------------------------- publishing a huge guideline


def _padded(tmp_path: Path, size: int, name: str = "g.yaml") -> Path:
    """The draft grown to ``size`` bytes by a YAML comment at its end (valid, as big as asked)."""
    g = _draft(tmp_path, name=name)
    with open(g, "a", encoding="utf-8") as fh:
        fh.write("# " + "x" * (size - g.stat().st_size - 3) + "\n")
    assert g.stat().st_size == size
    return g


@pytest.mark.parametrize("args", [("publish", "{g}", "--to", "html", "--out", "{d}/out"),
                                  ("review", "packet", "{g}", "-o", "{d}/p.docx")])
def test_publish_and_packet_refuse_a_guideline_over_the_publishing_limit_before_reading_it(tmp_path, args):
    """`publish` and `review packet` of an 8 MB guideline (2,500 pages) ran for 40 s in 1.3-1.6 GB
    (lic-policy's 0.5-0.7 GB and pandoc's 0.7-0.85 GB at once; a PDF's typst 0.8 GB more per 2 MB).
    A guideline over the publishing limit is refused at once, in one line that says the limit
    and how to go past it; nothing is written."""
    g = _padded(tmp_path, 2 * 1024 * 1024 + 1)
    r = run_cli(*[a.format(g=g, d=tmp_path) for a in args])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert f"{g}: error: the guideline is 2,097,153 bytes, over the 2,097,152-byte limit for" in r.stderr, r.stderr
    assert "--max-size" in r.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "p.docx").exists()
    r = run_cli(*[a.format(g=g, d=tmp_path) for a in args], "--max-size", "3000000")
    assert r.exit_code == 0, r


def test_a_packet_since_a_version_over_the_publishing_limit_is_refused(tmp_path):
    old = _padded(tmp_path, 2 * 1024 * 1024 + 1, name="old.yaml")
    g = _draft(tmp_path)
    r = run_cli("review", "packet", str(g), "--since", str(old), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "old.yaml: error: the guideline is 2,097,153 bytes, over the 2,097,152-byte limit" in r.stderr, r.stderr
    assert not (tmp_path / "p.docx").exists()


# ---------------------------------------------------------------- the drafter's to-do items stay in the team

WORD_COMMENT = "The Word file had a comment on “Staff will take”: “Outreach partners object to this sentence.” Act on it."


def _with_todo(tmp_path: Path) -> Path:
    """The good sample as a draft carrying a to-do item kept from a colleague's Word comment."""
    from .browser import SAMPLE

    g = tmp_path / SAMPLE.name
    text = SAMPLE.read_text(encoding="utf-8").replace("  status: published\n", "  status: draft\n", 1)
    assert "\ntodo:" not in text
    text = text.rstrip("\n") + f"\ntodo:\n  - text: \"{WORD_COMMENT}\"\n"
    g.write_text(text, encoding="utf-8")
    return g


def test_the_review_packet_leaves_out_the_drafters_to_do_items(tmp_path):
    """A colleague's internal Word comment that `import` kept as a to-do item ('Outreach partners
    object to this sentence') went into the review packet, under 'Points about the whole
    document', to the advisory reviewers outside the team — as did every other to-do item
    ('Name the role that owns these guidelines'). To-do items are the drafting team's notes:
    never in the packet; a question for the reviewers is a thread (`review add --kind question`)."""
    import zipfile

    g = _with_todo(tmp_path)
    assert "to do: " + WORD_COMMENT in run_cli("check", "--no-cache", str(g)).stdout  # the drafter still sees it
    r = run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 0, r
    with zipfile.ZipFile(tmp_path / "p.docx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "Outreach partners object" not in xml and "To-do items the draft still carries" not in xml


def test_the_review_room_never_shows_the_drafters_to_do_items(tmp_path):
    from lic_policy.web.site import Site

    g = _with_todo(tmp_path)
    from lic_policy.checks.engine import check_document, load_ruleset
    from lic_policy.config import load_config
    from lic_policy.store import load

    found = check_document(load(str(g)), load_ruleset(load_config(None))).findings
    assert [f for f in found if f.rule_id == "draft.todo"]  # what `check` shows the drafter
    (entry,) = Site([str(tmp_path)]).guidelines.values()
    assert [f.rule_id for f in entry.findings()] == [f.rule_id for f in found if f.rule_id != "draft.todo"]


# ---------------------------------------------------------------- one exit code for one kind of refusal


def test_packet_and_publish_refuse_an_identity_alike_one_line_exit_1_never_the_identity(tmp_path):
    """Left over from round 7: `review packet` refuses identities with exit 1. Kept, and pinned:
    the README's exit codes give 1 to "the documents have problems" (findings, the publish gate)
    and 2 to usage and unreadable input; an identity in the draft is the first kind, and the
    packet and `publish` must answer it alike, so a CI step reads both the same way."""
    g = _draft(tmp_path)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "call me at 604 555 0199", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    packet = run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx"))
    publish = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    for r, head in ((packet, "refusing to write a review packet: 1 identity finding"),
                    (publish, "refusing to publish: 1 identity finding")):
        errors = [ln for ln in r.stderr.splitlines() if ": error: " in ln]
        assert r.exit_code == 1 and len(errors) == 1 and f"g.yaml: error: {head}" in errors[0], r
        assert "604" not in r.stderr.replace(str(tmp_path), "") and "g.review.yaml:" in errors[0]
    assert not (tmp_path / "p.docx").exists() and not (tmp_path / "out").exists()


# ---------------------------------------------------------------- outputs that are pipes


def _cli(args: list, cwd: Path, timeout: float = 60):
    import subprocess
    import sys

    env = dict(__import__("os").environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "lic_policy", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


OUTPUT_COMMANDS = {
    "check -o": (["check", "--no-cache", "g.yaml", "-o", "{o}"], "out.txt"),
    "diff -o": (["diff", "good.yaml", "g.yaml", "-o", "{o}"], "out.md"),
    "compare -o": (["compare", "good.yaml", "g.yaml", "-o", "{o}"], "out.txt"),
    "review packet -o": (["review", "packet", "good.yaml", "-o", "{o}"], "out.docx"),
    "publish": (["publish", "g.yaml", "--to", "md", "--out", "pub"], "pub/g.md"),
}


def _two(tmp_path: Path) -> None:
    import shutil

    from .browser import SAMPLE

    _draft(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "good.yaml")


@pytest.mark.slow  # 0.31 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("name", sorted(OUTPUT_COMMANDS))
def test_an_output_that_is_a_pipe_no_program_reads_is_one_line_not_a_hang(tmp_path, name):
    """`check -o`, `diff -o`, `compare -o`, `review packet -o` and `publish` into a named pipe
    (a FIFO left where the output goes, as `mkfifo` or a crashed `-o >(…)` leaves one) waited
    forever for a reader. Nothing reads it: one line, exit 2, at once; the pipe is left as it was."""
    import os

    _two(tmp_path)
    args, out = OUTPUT_COMMANDS[name]
    o = tmp_path / out
    o.parent.mkdir(exist_ok=True)
    os.mkfifo(o)
    r = _cli([a.format(o=o) for a in args], tmp_path, timeout=60)
    errors = [ln for ln in r.stderr.splitlines() if ": error: " in ln]
    assert r.returncode == 2 and len(errors) == 1, r
    assert "no program is reading from this pipe" in errors[0], errors
    assert o.is_fifo()


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_an_output_pipe_with_a_reader_is_still_written(tmp_path):
    """`-o /dev/stdout` piped on, or `-o >(gzip > x.gz)`: a pipe that a program reads is written
    into as before."""
    import os
    import subprocess

    _two(tmp_path)
    o = tmp_path / "out.txt"
    os.mkfifo(o)
    reader = subprocess.Popen(["cat", str(o)], stdout=subprocess.PIPE)
    r = _cli(["check", "--no-cache", "g.yaml", "-o", str(o)], tmp_path)
    got = reader.communicate(timeout=60)[0].decode("utf-8")
    assert r.returncode == 1, r
    assert "g.yaml:" in got and "error" in got


# ---------------------------------------------------------------- lock files planted in the folder


@pytest.mark.parametrize("kind", ["link", "folder"])
def test_a_lock_file_planted_as_a_link_or_a_folder_is_named_and_nothing_it_points_to_is_touched(tmp_path, kind):
    """A `.lic-policy-locks/g.review.yaml.lock` committed to a shared repository as a symbolic
    link to another file (or made a folder): the lock is never taken through it (the file it
    points to is left as it was), but the line said 'cannot take the write lock: Too many
    levels of symbolic links (check the path and that the disk can be written)' about the
    review file, not the lock file that is in the way, and not what to do."""
    import os

    g = _draft(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    locks = tmp_path / ".lic-policy-locks"
    locks.mkdir()
    (locks / ".gitignore").write_text("*\n", encoding="utf-8")
    planted = locks / "g.review.yaml.lock"
    if kind == "link":
        os.symlink(victim, planted)
    else:
        planted.mkdir()
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "b", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert r.stderr.startswith(f"{planted}: error: "), r.stderr
    assert "remove it" in r.stderr, r.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "g.review.yaml").exists()


# ---------------------------------------------------------------- settings from the environment


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_a_lock_timeout_that_is_not_a_number_is_refused_not_taken_as_no_wait(tmp_path, monkeypatch, value):
    """LIC_POLICY_LOCK_TIMEOUT=nan (float() takes it) became max(0.0, nan) = 0: every writer
    gave up at once when another held the lock ('writing this file for 0 s'), without a word
    about the setting. It is refused as the other values that are not numbers are."""
    monkeypatch.setenv("LIC_POLICY_LOCK_TIMEOUT", value)
    g = _draft(tmp_path)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "b", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert f"LIC_POLICY_LOCK_TIMEOUT={value!r} is not a number of seconds" in r.stderr, r.stderr


# ---------------------------------------------------------------- a document's values in file names


@pytest.mark.parametrize("version", ["a/b", "../../../outside", "..\\\\..\\\\x", "1.0\\u0000x", "/abs", "..", "\\u202e1.0"])
def test_a_packet_named_after_a_version_that_is_no_file_name_stays_beside_the_guideline(tmp_path, version):
    """`review packet` names its file after the versions (NAME.review-packet.OLD-to-NEW.docx) and
    takes a draft that does not validate. A version holding a slash ('a/b', '../../../outside')
    was 'internal error: ValueError: Invalid name', and one holding backslashes or control
    characters went into the file name as it was (on Windows, a folder climbed). The version is
    made a plain file-name part; the packet is written beside the guideline."""
    g = _draft(tmp_path, "  version: 0.3.0\n", f'  version: "{version}"\n')
    r = run_cli("review", "packet", str(g))
    assert r.exit_code == 0 and "Traceback" not in r.stderr and "internal error" not in r.stderr, r
    written = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
    assert len(written) == 1 and written[0].name.startswith("g.review-packet."), list(tmp_path.iterdir())
    name = written[0].name
    assert "/" not in name and "\\" not in name and ".." not in name[len("g.review-packet."):-len(".docx")]
    assert name.isprintable() and "\u202e" not in name


# ---------------------------------------------------------------- a guideline written under a review file's name


@pytest.mark.parametrize("args", [("import", "{d}/n.md", "-o", "{d}/g.review.yaml", "--force"),
                                  ("import", "{d}/n.md", "-o", "{d}/new.review.yml"),
                                  ("import", "{d}/g.review.md"),
                                  ("init", "{d}/g.review.yaml", "--no-input", "--force")])
def test_a_guideline_is_never_written_under_a_review_files_name(tmp_path, args):
    """`import n.md -o g.review.yaml --force` replaced the review file — every thread of the
    round — with a guideline; `import g.review.md` (a file named after its round) wrote
    g.review.yaml; and every command then read the guideline as review threads. A guideline
    named NAME.review.yaml is refused before anything is written."""
    g = _draft(tmp_path)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "b", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    review = (tmp_path / "g.review.yaml").read_bytes()
    for name in ("n.md", "g.review.md"):
        (tmp_path / name).write_text("# Purpose\n\nOutreach supports sex workers.\n", encoding="utf-8")
    r = run_cli(*[a.format(d=tmp_path) for a in args])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "review file" in r.stderr, r.stderr
    assert (tmp_path / "g.review.yaml").read_bytes() == review
    assert not (tmp_path / "new.review.yml").exists()


def test_review_apply_at_the_review_files_limit_changes_neither_file(tmp_path, monkeypatch):
    """`review apply` writes the guideline, then the review file with the applied threads
    resolved. At the review file's limit the second write is refused: the guideline had the
    new wording while its threads still said 'accepted', and the journal asked to finish a job
    that could not finish. The review file is now made (and measured) before either is written."""
    from lic_policy import store

    g = _draft(tmp_path)
    longer = "support people on " + "and offer outreach, housing and health care " * 22  # later offsets: 4 digits
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                "--author", "staff-1", "--role", "staff", "--kind", "suggestion", "--replacement", longer.strip())
    assert r.exit_code == 0, r.stdout + r.stderr
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "zero tolerance", "--body", "c",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    rf = tmp_path / "g.review.yaml"
    before_g, before_r = g.read_bytes(), rf.read_bytes()
    import re

    assert re.search(rb"start: \d{3}\n", before_r), before_r  # t2 at a 3-digit offset, carried to a 4-digit one
    monkeypatch.setattr(store, "REVIEW_MAX_SIZE", len(before_r) + 1)
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 2 and "over its" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r
    assert g.read_bytes() == before_g and rf.read_bytes() == before_r
    assert not [p for p in tmp_path.rglob("*.apply.json")]


# ---------------------------------------------------------------- git revisions naming what is not a file


def _commit_all(folder: Path) -> None:
    """``folder`` as a git repository with everything in it committed."""
    from .test_hostile_input import _git

    for args in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "d")):
        _git(folder, *args)


def test_a_git_revision_naming_a_folder_says_so(tmp_path, monkeypatch):
    """`diff HEAD:guidelines g.yaml` (the folder, not a file in it) said "cannot read
    'HEAD:guidelines' from git: bad file" — git's words for a tree."""
    (tmp_path / "guidelines").mkdir()
    g = _draft(tmp_path / "guidelines")
    _commit_all(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = run_cli("diff", "HEAD:guidelines", str(g))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "'HEAD:guidelines' is a folder in git, not a file" in r.stderr, r.stderr
    assert "HEAD:guidelines/NAME.yaml" in r.stderr


# ---------------------------------------------------------------- more processes than cores


def test_jobs_beyond_the_cores_start_no_more_processes_than_there_are_cores(tmp_path, monkeypatch):
    """`validate --jobs 60` (or `check -j 100000`, "more must be faster") forked 60 worker
    processes on a 2-core machine — up to one per file, each holding its own copy of what it
    reads: a thousand files could take a machine's memory. Workers are now at most the cores
    (processes beyond them only wait for a CPU)."""
    from lic_policy import pool

    started = []

    class Pool:
        def __init__(self, max_workers, **_kw):
            started.append(max_workers)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, *args):
            class Done:
                def result(self, value=fn(*args)):
                    return value

            return Done()

        def shutdown(self, wait=True, **_kw):
            pass

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    assert list(pool.process_map(abs, [-1, -2, -3] * 40, 100_000)) == [1, 2, 3] * 40
    assert started == [2]
    assert list(pool.process_map(abs, [-1], 100_000)) == [1] and started[-1] == 1  # never more than the items


# ---------------------------------------------------------------- a guideline written past its own limit


def _at_limit(tmp_path: Path, limit: int) -> Path:
    g = _draft(tmp_path)
    with open(g, "a", encoding="utf-8") as fh:
        fh.write("#" + "x" * (limit - g.stat().st_size - 3) + "\n")
    assert g.stat().st_size == limit - 1
    return g


def test_fix_write_never_takes_a_guideline_past_the_size_limit(tmp_path, monkeypatch):
    """`fix --write` of a guideline just under `max_file_size` wrote it 117 bytes over (its fixes
    are longer than the words they replace): every command then refused the file. The fix is
    refused in one line; the file is left as it was."""
    g = _at_limit(tmp_path, 9000)
    (tmp_path / ".lic-policy.yaml").write_text("max_file_size: 9000\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = g.read_bytes()
    r = run_cli("fix", "--write", "g.yaml")
    assert r.exit_code == 2 and "g.yaml: error: fixing would make the file" in r.stderr, r
    assert "over the 9,000-byte limit" in r.stderr and "nothing was written" in r.stderr
    assert g.read_bytes() == before
    assert run_cli("validate", "g.yaml").exit_code == 0


def test_review_apply_never_takes_a_guideline_past_the_size_limit(tmp_path, monkeypatch):
    from lic_policy import store

    g = _at_limit(tmp_path, 9000)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                "--author", "staff-1", "--role", "staff", "--kind", "suggestion", "--replacement",
                "support people who live and work on")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    before_g, before_r = g.read_bytes(), (tmp_path / "g.review.yaml").read_bytes()
    monkeypatch.setattr(store, "DEFAULT_MAX_SIZE", 9000)
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 2 and "over the 9,000-byte limit" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r
    assert g.read_bytes() == before_g and (tmp_path / "g.review.yaml").read_bytes() == before_r


def test_a_git_revision_naming_a_symbolic_link_reads_the_file_it_names(tmp_path, monkeypatch):
    """A guideline committed as a symbolic link (``current.yaml -> guidelines/v3.yaml``) was read
    as its link text ("a guideline is a YAML mapping"): git keeps a link as a blob of its
    target's path. It is followed at the same revision; a link out of the repository, or a loop,
    is one line."""
    (tmp_path / "guidelines").mkdir()
    g = _draft(tmp_path / "guidelines")
    (tmp_path / "current.yaml").symlink_to(f"guidelines/{g.name}")
    (tmp_path / "guidelines" / "here.yaml").symlink_to(g.name)
    (tmp_path / "out.yaml").symlink_to("/etc/hostname")
    (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
    _commit_all(tmp_path)
    monkeypatch.chdir(tmp_path)
    for spec in ("HEAD:current.yaml", "HEAD:guidelines/here.yaml"):
        r = run_cli("diff", spec, str(g))
        assert r.exit_code == 0, (spec, r.stdout, r.stderr)
    monkeypatch.chdir(tmp_path / "guidelines")
    r = run_cli("diff", "HEAD:./here.yaml", str(g))
    assert r.exit_code == 0, r.stderr
    monkeypatch.chdir(tmp_path)
    r = run_cli("diff", "HEAD:out.yaml", str(g))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "symbolic link to '/etc/hostname', outside the repository" in r.stderr
    r = run_cli("diff", "HEAD:loop1.yaml", str(g))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "symbolic link" in r.stderr


def test_a_report_is_never_written_into_the_lock_folder(tmp_path):
    """`check g.yaml -o .lic-policy-locks/g.yaml.lock` replaced the write lock another command
    may be holding: an output in the lock folder is refused in one line, the lock kept."""
    g = _draft(tmp_path)
    locks = tmp_path / ".lic-policy-locks"
    locks.mkdir()
    lock = locks / f"{g.name}.lock"
    lock.write_bytes(b"")
    for args in (["check", str(g), "-o", str(lock)], ["check", str(g), "-o", str(locks / "new.txt")],
                 ["diff", str(g), str(g), "-o", str(lock)]):
        r = run_cli(*args)
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, (args, r.stdout, r.stderr)
        assert ".lic-policy-locks" in r.stderr and "lock" in r.stderr
    assert lock.read_bytes() == b"" and not (locks / "new.txt").exists()

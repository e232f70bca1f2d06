"""hostile29: the review room's state file taken away while the room runs, and review files
edited by hand whose handles or thread ids break the file's form.

Each test names what broke before its fix. Cases that held are listed in
tests/HOSTILE_INPUTS.md (round 29) without a test of their own here.

HOSTILE FIXTURE: some strings below are careless input written on purpose (an email address
where a pseudonymous handle goes).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from .conftest import GOOD, run_cli

# ---------------------------------------------------------------- a review file edited by hand

REVIEW = GOOD.with_name(GOOD.name[:-5] + ".review.yaml")


def _hand_edited(tmp_path: Path, old: str, new: str) -> Path:
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    text = REVIEW.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / REVIEW.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return g


HANDLES = {
    # what was written, what the message says (found: pydantic's "String should match pattern
    # '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'", a regular expression and no word of privacy)
    "jane.doe@example.org": "looks like an email address",
    "@janedoe": "looks like a social-media handle",
    "+1 (604) 555-0199": "looks like a phone number",
    "Jane Doe": "is not a handle (use letters, digits",
    "ré-viewer": "is not a handle (use letters, digits",
}


@pytest.mark.parametrize("handle", sorted(HANDLES))
@pytest.mark.parametrize("command", ["list", "reply"])
def test_a_hand_written_handle_that_is_no_handle_is_said_plainly(tmp_path, handle, command):
    """Found: 'threads.0.author.handle: String should match pattern
    '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' (see schemas/review.schema.json)': a regular expression,
    not what is wrong (an email address in the file for everyone to read) or how to fix it.
    The handle itself is not repeated (it may be someone's address)."""
    g = _hand_edited(tmp_path, "handle: advisory-reviewer-3", f"handle: '{handle}'")
    before = (tmp_path / REVIEW.name).read_bytes()
    args = ["review", "list", str(g)] if command == "list" else \
        ["review", "reply", str(g), "t2", "--body", "Thanks.", "--author", "staff-policy-1", "--role", "staff"]
    r = run_cli(*args)
    assert r.exit_code == 2, r
    errors = [ln for ln in (r.stdout + r.stderr).splitlines() if "error" in ln]
    assert len(errors) == 1, errors
    line = errors[0]
    assert line.startswith(f"{tmp_path / REVIEW.name}:"), line
    assert HANDLES[handle] in line, line
    assert "should match pattern" not in line and "[A-Za-z0-9]" not in line, line
    assert "pseudonymous" in line, line
    assert handle not in line, line
    assert (tmp_path / REVIEW.name).read_bytes() == before


def test_a_hand_written_thread_id_of_another_form_is_said_plainly(tmp_path):
    """Found: "threads.1.id: String should match pattern '^t[0-9]{1,9}$'"."""
    g = _hand_edited(tmp_path, "  - id: t2\n", "  - id: thread-2\n")
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 2, r
    line = [ln for ln in (r.stdout + r.stderr).splitlines() if "error" in ln][0]
    assert "'thread-2'" in line and "t1, t2" in line, line
    assert "should match pattern" not in line, line


def test_a_valid_hand_written_handle_still_reads(tmp_path):
    g = _hand_edited(tmp_path, "handle: advisory-reviewer-3", "handle: advisory.reviewer_9")
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 0, r


# ---------------------------------------------------------------- the state file taken away


def _room_with_round(tmp_path: Path):
    from .webapp import Room

    room = Room(tmp_path)
    staff = room.staff()
    room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    return room, staff


def _state_files(room) -> list[Path]:
    return [Path(str(room.state_path) + s) for s in ("", "-wal", "-shm")]


def _log_lines(records) -> list[str]:
    return [rec.getMessage() for rec in records]


class _Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list = []

    def emit(self, record) -> None:
        self.records.append(record)


@pytest.fixture
def room_log():
    handler = _Logged()
    web_log = logging.getLogger("lic_policy.web")
    old = web_log.level
    web_log.addHandler(handler)
    web_log.setLevel(logging.INFO)
    yield handler
    web_log.removeHandler(handler)
    web_log.setLevel(old)


@pytest.mark.parametrize("how", ["removed", "moved away", "replaced by a copy"])
def test_a_state_file_taken_away_while_the_room_runs_is_not_written_on(tmp_path, how, room_log):
    """Found: the room went on with the file it had open, which no longer had a name: a new
    round's invitation links were shown to the staff, and at the next start the room had no
    round, no invitation and no session (every link made before 'not valid'), without a word.
    Now each request says the room cannot save (503, one log line naming the state file), and
    nothing is recorded where no one will find it."""
    room, staff = _room_with_round(tmp_path)
    aside = tmp_path / "aside"
    aside.mkdir()
    for f in _state_files(room):
        if not f.exists():
            continue
        if how == "removed":
            f.unlink()
        elif how == "moved away":
            f.rename(aside / f.name)
        else:  # a backup tool or a sync client putting a copy in its place (a new file)
            shutil.copy(f, aside / f.name)
            os.replace(aside / f.name, f)
    client = room.TestClient(room.app, base_url=room.base_url, follow_redirects=False,
                             raise_server_exceptions=False)
    client.cookies = staff.cookies
    room_log.records.clear()  # the round opened above
    r = client.get(f"/staff/g/{room.gid}")
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert "<html" in r.text and "Content-Security-Policy" in r.headers
    lines = _log_lines(room_log.records)
    assert len(lines) == 1 and all(rec.exc_info is None for rec in room_log.records), lines
    assert str(room.state_path) in lines[0] and "removed or replaced" in lines[0], lines[0]
    assert "restart" in lines[0], lines[0]
    assert "free some space" not in lines[0], lines[0]
    if how == "moved away":
        for f in aside.iterdir():  # put back, the room goes on as before
            f.rename(tmp_path / f.name)
        r = client.get(f"/staff/g/{room.gid}")
        assert r.status_code == 200, r.text[:300]


def test_a_state_file_taken_away_between_requests_loses_no_invitation(tmp_path, room_log):
    """The operator's view of the same fault: a round opened after the file was removed is
    refused, not shown with links that open nothing after a restart."""
    room, staff = _room_with_round(tmp_path)
    for f in _state_files(room):
        if f.exists():
            f.unlink()
    client = room.TestClient(room.app, base_url=room.base_url, follow_redirects=False,
                             raise_server_exceptions=False)
    client.cookies = staff.cookies
    r = client.post(f"/staff/g/{room.gid}/rounds", data={"csrf": "x", "reviewers": "advisory-5 sex-worker-advisory"})
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert "/i/" not in r.text


def test_the_state_file_written_in_place_is_still_the_rooms(tmp_path):
    """Writing the file in place (cp over it, a restore of the same file) keeps its identity:
    the room goes on (the check looks at which file the name leads to, not at its bytes)."""
    room, staff = _room_with_round(tmp_path)
    os.utime(room.state_path)
    r = staff.get(f"/staff/g/{room.gid}")
    assert r.status_code == 200, r.text[:300]


@pytest.mark.parametrize("how", ["locked", "read-only"])
def test_a_state_file_held_or_made_read_only_says_what_to_do_not_free_some_space(tmp_path, how, room_log):
    """Found: 'the review room's state file ... cannot be used: database is locked (free some
    space, or restart the room with another --state FILE)' while the sqlite3 shell or a backup
    held the file, and the same 'free some space' for a file made read-only: advice for a full
    disk, which this was not."""
    import sqlite3

    room, staff = _room_with_round(tmp_path)
    client = room.TestClient(room.app, base_url=room.base_url, follow_redirects=False,
                             raise_server_exceptions=False)
    client.cookies = staff.cookies
    from .webapp import csrf_of

    csrf = csrf_of(client.get(f"/staff/g/{room.gid}").text)
    other = sqlite3.connect(str(room.state_path), isolation_level=None)
    try:
        if how == "locked":
            room.state.db.execute("PRAGMA busy_timeout=50")  # not the room's 10 s wait in a test
            other.execute("BEGIN EXCLUSIVE")
        else:
            room.state.db.execute("PRAGMA query_only=ON")  # as sqlite says it of a file it cannot write
        room_log.records.clear()
        r = client.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": "advisory-5 sex-worker-advisory"})
    finally:
        if how == "locked":
            other.execute("ROLLBACK")
        other.close()
    assert r.status_code == 503, (r.status_code, r.text[:300])
    lines = _log_lines(room_log.records)
    assert len(lines) == 1, lines
    assert "free some space" not in lines[0], lines[0]
    if how == "locked":
        assert "another program" in lines[0] and "close it" in lines[0], lines[0]
    else:
        assert "writable" in lines[0], lines[0]

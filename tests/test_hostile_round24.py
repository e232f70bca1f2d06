"""hostile24: new kinds of careless and hostile input: the review room's forms and addresses
sent by hand.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import json
import logging

from urllib.parse import quote, urlencode

import pytest

KEY = "response.violence.1|text"


# ---------------------------------------------------------------- the room's forms and addresses sent by hand

def _reviewer_room(tmp_path):
    """A room on the sample guideline, a round open: (room, staff, round, reviewer, form token)."""
    from .webapp import Room, csrf_of, part_of

    room = Room(tmp_path)
    staff = room.staff()
    rid, links = room.open_round(staff)
    reviewer = room.reviewer(links["advisory-3"])
    page = reviewer.get("/review").text
    room.part_hash = part_of(page, KEY)
    return room, staff, rid, reviewer, csrf_of(page)


class _Errors(logging.Handler):
    """The room's log lines of level ERROR while it is installed (a traceback is one)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage()[:200])

    def __enter__(self):
        logging.getLogger("lic_policy.web").addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger("lic_policy.web").removeHandler(self)


# a form token the room never gave: typed, pasted with a stray letter, or sent by a script
FOREIGN_TOKENS = {"an accented letter": "é", "a Cyrillic letter": "Ж" * 43, "an emoji": "\U0001F600",
                  "half a surrogate pair": "\ud800"}


@pytest.mark.parametrize("what", list(FOREIGN_TOKENS))
@pytest.mark.parametrize("how", ["form", "header"])
def test_a_form_token_that_is_not_ascii_is_refused_as_expired(tmp_path, what, how):
    """A form token holding a letter outside ASCII (`csrf=%C3%A9`, or `X-CSRF-Token: é`) was
    an internal error, 500 and a traceback in the operator's log: Python's
    `secrets.compare_digest` refuses to compare such strings. Any client can send one, signed in
    or not. Now it is a token the room did not give: 403, "This form has expired", nothing
    stored."""
    room, _staff, _rid, reviewer, csrf = _reviewer_room(tmp_path)
    token = FOREIGN_TOKENS[what]
    before = room.review_file.read_bytes()
    with _Errors() as errors:
        _send_token(room, reviewer, token, how, what)
    assert not errors.lines, errors.lines
    assert room.review_file.read_bytes() == before


def _send_token(room, reviewer, token: str, how: str, what: str) -> None:
    fields = {"part": KEY, "h": room.part_hash, "start": "0", "end": "11", "kind": "comment", "body": "A comment."}
    if how == "form":  # the token's UTF-8 bytes percent-encoded, as a browser or curl sends a form
        r = reviewer.post("/review/threads", content="csrf=" + quote(token.encode("utf-8", "surrogatepass")) + "&"
                          + urlencode(fields), headers={"content-type": "application/x-www-form-urlencoded"})
    else:  # JSON bodies carry the token in a header, whose bytes the room reads as Latin-1
        r = reviewer.post("/review/threads", content=json.dumps(fields),
                          headers={"content-type": "application/json",
                                   "x-csrf-token": token.encode("utf-8", "surrogatepass")})
    if how == "form" and what == "half a surrogate pair":  # no UTF-8 at all: the form cannot be read
        assert r.status_code == 400 and "could not be read" in r.text, (r.status_code, r.text[:300])
    else:
        assert r.status_code == 403 and "expired" in r.text, (r.status_code, r.text[:300])


def test_the_form_token_the_room_gave_is_still_taken(tmp_path):
    room, _staff, _rid, reviewer, csrf = _reviewer_room(tmp_path)
    r = reviewer.post("/review/threads", data={"csrf": csrf, "part": KEY, "h": room.part_hash, "start": "0",
                                               "end": "11", "kind": "comment", "body": "A comment on the words."})
    assert r.status_code == 303, r.text[:300]
    assert "A comment on the words." in room.review_file.read_text(encoding="utf-8")


ROUND_PATHS = ["/staff/r/{n}", "/staff/r/{n}/respond"]
ROUND_POSTS = ["/staff/r/{n}/close", "/staff/r/{n}/threads", "/staff/r/{n}/threads/t1/replies",
               "/staff/r/{n}/threads/t1/resolve"]


@pytest.mark.parametrize("digits", [4301, 5000, 60000])
def test_a_round_number_of_thousands_of_digits_is_no_such_page(tmp_path, digits):
    """`/staff/r/111…` with more than 4,300 digits was an internal error (500, and a traceback
    in the operator's log naming the whole address): the address was read as a number before
    anything else, and Python refuses to read numbers that long. Anyone could send it, signed
    in or not. Now no round has such a number: 404, the room's own page."""
    room, staff, rid, reviewer, _csrf = _reviewer_room(tmp_path)
    from .webapp import csrf_of

    scsrf = csrf_of(staff.get(f"/staff/r/{rid}").text)
    with _Errors() as errors:
        _ask_for_rounds(room, staff, reviewer, scsrf, "1" * digits)
    assert not errors.lines, errors.lines


def _ask_for_rounds(room, staff, reviewer, scsrf: str, n: str) -> None:
    for client in (staff, reviewer, room.client()):
        for path in ROUND_PATHS:
            r = client.get(path.format(n=n))
            assert r.status_code == 404, (path[:30], r.status_code, r.text[:200])
            assert "Content-Security-Policy" in r.headers
        for path in ROUND_POSTS:
            r = client.post(path.format(n=n), data={"csrf": scsrf, "body": "x"})
            assert r.status_code == 404, (path[:30], r.status_code, r.text[:200])


@pytest.mark.parametrize("n", ["{rid}", "0{rid}", "999999999999999999"])
def test_a_round_number_that_can_be_read_still_leads_to_its_round_or_none(tmp_path, n):
    room, staff, rid, _reviewer, _csrf = _reviewer_room(tmp_path)
    r = staff.get(f"/staff/r/{n.format(rid=rid)}")
    assert r.status_code == (200 if "rid" in n else 404), r.text[:200]

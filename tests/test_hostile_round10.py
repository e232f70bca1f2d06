"""hostile10: earlier rounds' leftovers, and new kinds of hostile and careless input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: some strings below are attacks or careless input written on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


def _one_error_line(res, *words: str, where: str = "") -> str:
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert lines[0].startswith(where) and all(w in lines[0] for w in words), lines
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr
    return lines[0]


# ---------------------------------------------------------------- the review room


def _staff_suggestion(room, staff, rid: int) -> str:
    from .webapp import csrf_of, part_of

    page = staff.get(f"/staff/r/{rid}").text
    key = "response.violence.1|text"
    r = staff.post(f"/staff/r/{rid}/threads", json={"part": key, "h": part_of(page, key), "span": "0-11",
                                                    "kind": "suggestion", "replacement": "When violence",
                                                    "body": "Plainer."},
                   headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_room_accept_while_an_editor_saves_the_guideline_names_the_guideline(tmp_path, monkeypatch):
    """Staff pressed Accept while the drafter saved the guideline in an editor: nothing was
    written (right), but the page said 'The review file could not be written: the file changed
    while lic-policy was working on it (another program saved it); nothing was written (run the
    command again)' — the wrong file, and a command the staff never ran. It now names the
    draft's file and says to reload and accept again."""
    from lic_policy.review import apply as apply_mod

    from .webapp import Room, csrf_of

    room = Room(tmp_path)
    staff = room.staff()
    rid, _links = room.open_round(staff)
    tid = _staff_suggestion(room, staff, rid)
    saved = room.guideline.read_text(encoding="utf-8") + "# the editor's save\n"
    review_before = room.review_file.read_bytes()
    real = apply_mod.apply_suggestions

    def slow_apply(*args, **kwargs):
        out = real(*args, **kwargs)
        with open(room.guideline, "a", encoding="utf-8") as fh:  # the editor saves meanwhile
            fh.write("# the editor's save\n")
        return out

    monkeypatch.setattr(apply_mod, "apply_suggestions", slow_apply)
    page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 409, r.text
    message = r.json()["error"]
    assert "review file" not in message and "run the command" not in message, message
    assert room.guideline.name in message and "reload" in message.lower() and "nothing was written" in message, \
        message
    assert room.guideline.read_text(encoding="utf-8") == saved and room.review_file.read_bytes() == review_before
    # in French too
    fr = staff.post(f"/staff/r/{rid}/threads/{tid}/accept?lang=fr", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert fr.status_code == 409 and room.guideline.name in fr.json()["error"], fr.text
    assert "relecture" not in fr.json()["error"] and "projet" in fr.json()["error"]
    room.guideline.write_text(saved, encoding="utf-8")
    # and once the editor is done, Accept works
    monkeypatch.setattr(apply_mod, "apply_suggestions", real)
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 200, r.text
    assert "# the editor's save" in room.guideline.read_text(encoding="utf-8")


def test_room_limits_are_written_as_numbers_are_in_the_page_language(tmp_path, monkeypatch):
    """The room's limits reached a reviewer as the program holds them: 'you have written as much
    as one person can in this round (1000 comments and replies, 1000000 characters in all)' and
    'too long (4001 characters; at most 4000)', in French as in English. Numbers are now
    grouped as the page's language writes them (1,000,000; 1 000 000 in French)."""
    from lic_policy.web import state as state_mod

    from .test_hostile_round9 import _comment, _room

    monkeypatch.setattr(state_mod, "MAX_POSTS", 1000)
    monkeypatch.setattr(state_mod, "MAX_POST_CHARS", 5000)
    _room_, _staff, a, b = _room(tmp_path)
    assert _comment(a, "x " * 2000).status_code == 201
    r = _comment(a, "y " * 1500)
    assert r.status_code == 429, r.text
    message = r.json()["error"]
    assert "1,000 comments" in message and "5,000 characters" in message, message
    monkeypatch.setattr(state_mod, "MAX_POST_CHARS", 50_000)
    r = _comment(b, "z" * 4001)
    assert r.status_code == 422 and "4,001" in r.json()["error"] and "4,000" in r.json()["error"], r.text
    from .webapp import csrf_of, part_of

    html = b.get("/review?lang=fr").text
    key = "response.violence.1|text"
    r = b.post("/review/threads?lang=fr", json={"part": key, "h": part_of(html, key), "start": "0", "end": "11",
                                                "exact": "If violence", "kind": "comment", "body": "z" * 4001},
               headers={"X-CSRF-Token": csrf_of(html)})
    assert r.status_code == 422, r.text
    assert "4\u202f001" in r.json()["error"] or "4\u00a0001" in r.json()["error"], r.json()["error"]


def test_translator_groups_numbers_and_leaves_other_values():
    from lic_policy.web.i18n import translator

    en, fr = translator("en"), translator("fr")
    assert en("{n} and {s}", n=1234567, s="1234567") == "1,234,567 and 1234567"
    assert en("{n}", n=True) == "True"
    assert fr("{n}", n=1234567).replace("\u202f", " ").replace("\u00a0", " ") == "1 234 567"

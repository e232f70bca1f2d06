"""An advisory reviewer chooses the made-up name they review under (ux9): the staff's invitation
gives one (advisory-3), and the reviewer may take another before they send anything — never a
person's name, an email or a phone number, never a name someone else in the review already
uses (they would see that person's comments as their own), and not once they have written:
what they wrote keeps the name it was sent under."""

from __future__ import annotations

import re

from lic_policy.privacy import mask
from lic_policy.review import threads

from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _signed_in(tmp_path, with_review=True):
    room = Room(tmp_path, with_review=with_review)
    staff = room.staff()
    rid, links = room.open_round(staff)
    return room, staff, rid, links, room.reviewer(links["advisory-3"])


def _rename(c, name):
    html = c.get("/review").text
    return c.post("/review/name", data={"csrf": csrf_of(html), "handle": name})


def test_a_reviewer_chooses_their_own_made_up_name(tmp_path):
    room, staff, rid, links, c = _signed_in(tmp_path)
    page = c.get("/review").text
    assert "You are reviewing as advisory-3." in page
    form = re.search(r'<form[^>]*action="/review/name".*?</form>', page, re.S).group(0)
    assert '<label for="new-name">' in form and 'id="new-name"' in form and 'name="handle"' in form
    assert 'aria-describedby="new-name-help"' in form and 'autocomplete="off"' in form
    r = _rename(c, "bluejay-7")
    assert r.status_code == 303 and r.headers["location"] == "/review?named=1"
    page = c.get("/review?named=1").text
    assert "You are reviewing as bluejay-7." in page
    assert re.search(r'role="status"[^>]*>[^<]*Saved: you now review as bluejay-7', page), page[:3000]
    # what they write carries it, and the staff see it in the round
    html = c.get("/review").text
    sent = c.post("/review/threads", data={"csrf": csrf_of(html), "part": KEY, "h": part_of(html, KEY),
                                           "span": "0-11", "kind": "comment", "body": "Who answers at night?"})
    assert sent.status_code == 303
    mine = [t for t in threads.load(room.review_file).threads if t.author.handle == "bluejay-7"]
    assert len(mine) == 1 and mine[0].author.role == "sex-worker-advisory"
    assert "bluejay-7" in staff.get(f"/staff/r/{rid}").text
    # the same link opened again (another phone, after signing out) is the same reviewer
    again = room.reviewer(links["advisory-3"])
    assert "You are reviewing as bluejay-7." in again.get("/review").text


def test_names_that_identify_or_belong_to_someone_else_are_refused(tmp_path):
    room, _staff, _rid, _links, c = _signed_in(tmp_path)
    for name, words in (("Maria Santos", "cannot be the name you review under"),
                        ("maria@example.org", "cannot be the name you review under"),
                        ("advisory-4", "someone else in this review already uses it"),
                        ("advisory-reviewer-1", "someone else in this review already uses it"),  # in the review file
                        ("STAFF", "someone else in this review already uses it"),
                        ("", "Write a made-up name to review under")):
        r = _rename(c, name)
        assert r.status_code == 303 and r.headers["location"] == "/review?name=refused", (name, r.status_code)
        r = c.get(r.headers["location"])  # fix27: the refusal is shown on the draft it redirects to
        assert words in r.text, (name, r.text[-1500:])
        if name in ("Maria Santos", "maria@example.org"):  # a name or contact is not written back on the page
            assert name not in r.text and f"'{mask(name)}'" in r.text.replace("&#39;", "'"), r.text[-1500:]
        assert "You are reviewing as advisory-3." in c.get("/review").text


def test_once_they_have_written_the_name_stays(tmp_path):
    room, _staff, _rid, _links, c = _signed_in(tmp_path, with_review=False)
    html = c.get("/review").text
    assert c.post("/review/threads", data={"csrf": csrf_of(html), "part": KEY, "h": part_of(html, KEY),
                                           "span": "0-11", "kind": "comment", "body": "Say who calls."}).status_code == 303
    page = c.get("/review").text
    assert 'action="/review/name"' not in page
    r = _rename(c, "bluejay-7")
    assert r.status_code == 303
    assert "what you wrote keeps the name it was sent under" in c.get(r.headers["location"]).text
    assert "You are reviewing as advisory-3." in c.get("/review").text


def test_the_name_form_is_in_french_too(tmp_path):
    room, _staff, _rid, _links, c = _signed_in(tmp_path)
    html = c.get("/review").text
    c.post("/lang", data={"csrf": csrf_of(html), "lang": "fr", "next": "/review"})
    page = c.get("/review").text
    form = re.search(r'<form[^>]*action="/review/name".*?</form>', page, re.S).group(0)
    assert "Choose the name" not in page and "Save the name" not in form
    assert "Choisir le pseudonyme" in page


def test_staff_see_a_renamed_reviewer_with_the_name_they_were_invited_under(tmp_path):
    """(ux11) The staff sent the advisory-3 link to someone; once that reviewer chose bluejay-7,
    the round page listed only bluejay-7, and nothing told the staff whose link it was. The
    invited name is kept beside the chosen one, and no one else can take it afterwards."""
    room, staff, rid, links, c = _signed_in(tmp_path)
    assert _rename(c, "bluejay-7").status_code == 303
    page = staff.get(f"/staff/r/{rid}").text
    row = re.search(r"<tr><td>bluejay-7[^<]*(<[^>]*>[^<]*)*?</td>", page)
    assert row is not None, page
    assert "invited as advisory-3" in row.group(0), row.group(0)
    # the name the staff gave stays that reviewer's: another reviewer cannot take it
    other = room.reviewer(links["advisory-4"])
    r = _rename(other, "advisory-3")
    assert r.status_code == 303
    assert "someone else in this review already uses it" in other.get(r.headers["location"]).text

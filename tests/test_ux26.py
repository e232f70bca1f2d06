"""Round 26 (ux26): a sex-worker advisory reviewer on a phone, with the keyboard only, and the
staff member running the round (the browser half is in test_ux26_browser.py)."""

from __future__ import annotations

import re

from .webapp import Room, csrf_of


def _signed_in(tmp_path):
    room = Room(tmp_path, with_review=True)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    return room, room.reviewer(links["advisory-3"])


def _name_form(page: str) -> str:
    return re.search(r'<details class="name"[^>]*>.*?</details>', page, re.S).group(0)


def test_a_refused_name_comes_back_in_its_box_on_the_draft(tmp_path):
    """A name the room refuses (one someone else uses, a first name, one with a space) left the
    draft for a page titled *That did not work* with *Back to the draft*, where the name box was
    closed again and empty of what was typed: the reviewer on a phone opened *Choose the name you
    review under* again and started over, reading the reason from memory. The draft comes back
    with the box open, the reason beside it (read out first, and with the box), and the words
    typed in it to change — except a person's name, an email or a phone number, which the page
    does not write back."""
    _room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    r = c.post("/review/name", data={"csrf": csrf_of(html), "handle": "advisory-4"})
    assert r.status_code == 303  # to the draft (fix27: POST/redirect/GET, so a reload sends nothing again)
    r = c.get(r.headers["location"])
    assert "That did not work</h1>" not in r.text
    form = _name_form(r.text)
    assert re.match(r'<details class="name" open', form), form
    error = re.search(r'<p id="new-name-error"[^>]*role="alert"[^>]*>([^<]*)</p>', form)
    assert error and "someone else in this review already uses it" in error.group(1), form
    box = re.search(r"<input id=\"new-name\"[^>]*>", form).group(0)
    assert 'value="advisory-4"' in box and 'aria-invalid="true"' in box and "autofocus" in box, box
    assert re.search(r'aria-describedby="new-name-error new-name-help"', box), box
    assert "You are reviewing as advisory-3." in r.text  # nothing was changed
    # the page's title, which a screen reader reads first, says so as a refused Respond page's does
    assert re.search(r"<title>That did not work: [^<]*Sex Work Response Guidelines", r.text), r.text[:400]
    # a person's name is not written back: the box is empty, the reason masks it
    html = c.get("/review").text
    r = c.post("/review/name", data={"csrf": csrf_of(html), "handle": "Maria Santos"})
    assert r.status_code == 303 and "Maria" not in r.headers["location"]
    r = c.get(r.headers["location"])
    assert "Maria" not in r.text and "Santos" not in r.text
    form = _name_form(r.text)
    assert 'value=""' in re.search(r"<input id=\"new-name\"[^>]*>", form).group(0)
    assert "cannot be the name you review under" in form
    # a good name afterwards saves as before
    r = c.post("/review/name", data={"csrf": csrf_of(r.text), "handle": "bluejay-7"})
    assert r.status_code == 303 and r.headers["location"] == "/review?named=1"

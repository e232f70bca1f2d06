"""ux18: a reviewer who introduces or signs themselves by first name alone ("My name is Dana",
"– Dana" at the end of a comment) was not found by the privacy detectors, so the review room
stored the comment without asking and the reviewer's identity could be read from the review
file. A lone first name with nothing around it that says it is a person is still not flagged."""

from __future__ import annotations

import pytest

from lic_policy.privacy import find_identities


def _names(text: str) -> list[str]:
    return [h.text for h in find_identities(text, "prose", region="CA") if h.kind == "name"]


@pytest.mark.parametrize("text, name", [
    ("My name is Dana and I worked the stroll for years.", "Dana"),
    ("I am Maria. I have worked indoors for ten years.", "Maria"),
    ("Hi, this is Jess from the drop-in.", "Jess"),
    ("Call me Dana if you want to talk about it.", "Dana"),
    ("Ask for Dana at the drop-in, she knows the outreach workers.", "Dana"),
    ("Talk to Dana at the drop-in about this.", "Dana"),
    ("Je m'appelle Maria et je travaille au centre-ville.", "Maria"),
    ("Me llamo Maria y trabajo en el centro.", "Maria"),
    # signed at the end of a comment
    ("Say it is peer-led and paid. – Dana", "Dana"),
    ("Say it is peer-led and paid.\n-- Jess", "Jess"),
    ("Good point, keep it.\nThanks, Dana", "Dana"),
    ("Please keep this sentence. Cheers, Maria!", "Maria"),
    ("Say it is peer-led and paid. Jess", "Jess"),
])
def test_a_first_name_the_writer_introduces_or_signs_with_is_found(text, name):
    assert name in _names(text), text


@pytest.mark.parametrize("text", [
    "I am worried that this sentence pushes people away.",
    "This is Victoria Park, where the outreach van stops.",
    "Ask for help at the drop-in.",
    "My name is not on the list, and that is how it should be.",
    "Say it is peer-led and paid. Thanks!",
    "Services in Victoria and Surrey.",
    "Call me if you want to talk about it.",
    "The meeting is in the Grace Hall. Thanks, everyone",
    "I am Indigenous and I worked downtown.",
    "This is Hope House, a shelter for women.",
])
def test_words_that_only_look_like_those_cues_are_not_names(text):
    assert _names(text) == [], text


def test_a_place_named_after_a_saint_is_not_a_signature():
    assert _names("Fort St. John") == []
    assert _names("Outreach runs in Prince George and Fort St. John.") == []


def test_the_review_room_asks_before_storing_a_comment_its_reviewer_signed(tmp_path):
    from .test_web_security import _post_comment, _reviewer_page
    from .webapp import Room

    room = Room(tmp_path)
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    for body in ("Say it is peer-led and paid. – Dana", "My name is Dana and I worked there for years."):
        r = _post_comment(room, c, html, body)
        assert r.status_code == 422 and r.json()["confirm"] is True, body
        assert "person's name (****)" in r.json()["error"] and "Dana" not in r.json()["error"]
        assert room.review_file.read_bytes() == before


# A first name after a verb of talking to or meeting someone is a person's name: ux19 saw
# "I talked with Maria at the drop-in and she agrees" shown to every reviewer of a round (the
# room masks names in others' comments, but found none here).
@pytest.mark.parametrize("text, name", [
    ("Please keep it. I talked with Maria at the drop-in and she agrees.", "Maria"),
    ("We spoke to Aisha about the outreach hours.", "Aisha"),
    ("I met Maria at the van last week.", "Maria"),
    ("I asked Jess and she said the same.", "Jess"),
    ("I told Dana the council would read this.", "Dana"),
    ("I heard from Aisha that the clinic closes early.", "Aisha"),
])
def test_a_first_name_someone_talked_with_or_met_is_found(text, name):
    assert name in _names(text), text


@pytest.mark.parametrize("text", [
    "I talked with Victoria Park staff about the lights.",
    "We spoke to Hope House about the hours.",
    "I met Surrey outreach workers last week.",
    "Staff met Victoria police and Surrey outreach workers.",
])
def test_places_and_organisations_after_those_verbs_are_not_names(text):
    assert _names(text) == [], text

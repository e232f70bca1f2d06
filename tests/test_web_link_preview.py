"""An invitation link pasted into a messaging app is fetched by the app's link-preview robot
before the reviewer taps it (ux26 noticed): each GET or HEAD made a reviewer session and marked
the invitation *opened*, so staff read every link as opened and the room kept sessions nobody
held. A preview robot or a HEAD request now gets a page that says what the link is, with no
session and no mark; the reviewer's own tap still signs them in."""

from __future__ import annotations

import pytest

from .webapp import Room

PREVIEWERS = [
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 "
    "Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
]


def _opened(room, token):
    return room.state.invitation_by_token(token).opened


@pytest.mark.parametrize("agent", PREVIEWERS)
def test_a_link_preview_robot_neither_signs_in_nor_marks_the_link_opened(tmp_path, agent):
    room = Room(tmp_path, with_review=False)
    _rid, links = room.open_round(room.staff())
    token = links["advisory-3"]
    r = room.client().get(f"/i/{token}", headers={"User-Agent": agent})
    assert r.status_code == 200, r.status_code
    assert "set-cookie" not in r.headers, r.headers.get("set-cookie")
    assert _opened(room, token) is None
    assert "review" in r.text.lower() and "Content-Security-Policy" in r.headers
    # the reviewer's own tap afterwards signs them in and marks it
    me = room.client()
    assert me.get(f"/i/{token}", headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                                          "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 "
                                          "Safari/604.1"}).status_code == 303
    assert _opened(room, token) is not None and me.get("/review").status_code == 200


def test_a_head_request_neither_signs_in_nor_marks_the_link_opened(tmp_path):
    room = Room(tmp_path, with_review=False)
    _rid, links = room.open_round(room.staff())
    token = links["advisory-4"]
    r = room.client().head(f"/i/{token}")
    assert r.status_code == 200 and "set-cookie" not in r.headers
    assert _opened(room, token) is None


def test_a_preview_robot_fetching_the_staff_link_gets_no_staff_session(tmp_path):
    """The staff link pasted into a team chat is fetched by its preview robot too: it made a staff
    session nobody held (and logged "staff signed in")."""
    room = Room(tmp_path, with_review=False)
    token = room.state.new_operator_token()
    r = room.client().get(f"/operator/{token}", headers={"User-Agent": PREVIEWERS[2]})
    assert r.status_code == 200 and "set-cookie" not in r.headers
    assert room.client().get(f"/operator/{token}").status_code == 303  # the staff member's own tap


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "Snapchat/12.50.0.34 (like Safari/8617.1.17.10.9, panda)",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36 "
    "[Pinterest/Android]",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "[FBAN/FBIOS;FBAV/440.0]",
])
def test_an_app_s_own_browser_is_the_reviewer_tapping_the_link(tmp_path, agent):
    room = Room(tmp_path, with_review=False)
    _rid, links = room.open_round(room.staff())
    assert room.client().get(f"/i/{links['advisory-3']}", headers={"User-Agent": agent}).status_code == 303

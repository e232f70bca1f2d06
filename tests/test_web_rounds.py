"""Review rounds: the redline since the version a reviewer last saw, who sees whose threads,
findings only when staff chose to show them, in plain words."""

from __future__ import annotations

from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _post(c, html, body, key=KEY):
    return c.post("/review/threads", headers={"X-CSRF-Token": csrf_of(html)},
                  json={"part": key, "h": part_of(html, key), "start": "0", "end": "11", "kind": "comment",
                        "body": body})


def test_the_redline_since_the_version_a_reviewer_last_saw(tmp_path):
    room = Room(tmp_path)
    staff = room.staff()
    _rid1, links1 = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    text = room.guideline.read_text(encoding="utf-8")
    room.guideline.write_text(text.replace("Stay with the\n          person if it is safe to do so.",
                                           "Stay with the\n          person if they want you to.", 1)
                              .replace("version: 2.1.0", "version: 2.2.0", 1), encoding="utf-8")
    _rid2, links2 = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory\nadvisory-8 community")
    c = room.reviewer(links2["advisory-3"])
    page = c.get("/review").text
    assert "<del>it is safe to do so</del>" in page.replace("\n", " ") or "<del>" in page
    assert 'class="ins"' in page and "version 2.1.0" in page
    assert "Hide the changes since the version you last saw" in page
    plain = c.get("/review?changes=0").text
    assert "<del>" not in plain and 'class="ins"' not in plain
    # round 1's link still works (its round is open) and has no earlier version to compare with:
    # it shows what changed since round 1 opened (ux11), not the "version you last saw"
    first = room.reviewer(links1["advisory-3"]).get("/review").text
    assert "Hide the changes made since this round opened" in first
    assert "Hide the changes since the version you last saw" not in first


def test_reviewers_see_their_own_threads_unless_the_round_shows_others(tmp_path):
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    a, b = room.reviewer(links["advisory-3"]), room.reviewer(links["advisory-4"])
    assert _post(a, a.get("/review").text, "only mine to see").status_code == 201
    assert "only mine to see" in a.get("/review").text
    assert "only mine to see" not in b.get("/review").text
    tid = "t1"
    r = b.post(f"/review/threads/{tid}/replies", headers={"X-CSRF-Token": csrf_of(b.get("/review").text)},
               json={"body": "let me in"})
    assert r.status_code == 404  # a thread one cannot see cannot be replied to
    _rid2, links2 = room.open_round(staff, reviewers="advisory-5 community\nadvisory-6 legal", show_others="1")
    c, d = room.reviewer(links2["advisory-5"]), room.reviewer(links2["advisory-6"])
    assert _post(c, c.get("/review").text, "shared with the round").status_code == 201
    page = d.get("/review").text
    assert "shared with the round" in page and "advisory-5" in page


def test_findings_are_shown_to_reviewers_only_when_staff_chose_it_and_without_rule_ids(tmp_path):
    from .webapp import draft_rounds

    _room, hidden, page = draft_rounds(tmp_path)
    assert 'class="finding' not in hidden
    assert 'class="finding' in page and "Why this matters" in page
    assert "&#39;johns&#39; is slang that stigmatizes clients" in page
    assert "lang.client-slang" not in page and "framing." not in page  # plain language, no rule ids

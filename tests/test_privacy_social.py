"""hostile23: social-media handles and profile links identify a person as surely as an email
address does, and the privacy detectors found none ('@maryjones', 'instagram.com/maryjones',
't.me/maryjones', 'wa.me/16045550123' passed `check`, the room and `review redact --with`).

The kind is ``social``. What is flagged and what is not (the README's privacy section says the
same):

* a person's account is flagged wherever the privacy rule reads (consultation records,
  governance, owners, to-do items, review files, the room's comments): ``@maryjones``, a profile
  or post address on a social, messaging, fan or advertising platform
  (``x.com/maryjones``, ``linkedin.com/in/mary-jones``, ``tiktok.com/@maryjones``,
  ``onlyfans.com/maryj``, ``t.me/maryjones``, ``wa.me/16045550123``, any ``site/@name``, a
  fediverse ``@mary@mastodon.social``), a username after the app's name (``Signal: maryj.42``,
  ``my Insta is mary_j``);
* an organisation's public account is not (``@VancouverPD``, ``facebook.com/PACEsociety``: a word
  of an organisation in the handle), nor a reviewer's own pseudonymous handle (``@advisory-3``),
  nor what only looks like one: an email address (the email kind), a time (``@ 5 pm``, ``@5pm``),
  "at" written ``@`` (``@home``), decorators and annotations in code (``@property``,
  ``@app.route(...)``), CSS at-rules, npm scopes (``@types/node``), anything in backticks;
* guideline clauses and the services directory are not read by the privacy rule (as for names:
  they hold public contacts), so ``@VancouverPD`` in a clause is never flagged.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.privacy import KINDS, find_identities, mask, redact


def _social(text: str) -> list[str]:
    return [h.text for h in find_identities(text, "prose", region="CA") if h.kind == "social"]


def _kinds(text: str) -> list[str]:
    return [h.kind for h in find_identities(text, "prose", region="CA")]


def test_social_is_a_kind_of_its_own():
    assert "social" in KINDS
    from lic_policy.privacy import FIELD_KINDS, WHAT

    assert "social" not in FIELD_KINDS and WHAT["social"] == "a social-media handle or profile link"


# ---------------------------------------------------------------------------- must flag

@pytest.mark.parametrize("text, found", [
    ("Ask @maryjones, she ran the night sessions.", "@maryjones"),
    ("DM @Mary_Jones88 for the sign-up sheet.", "@Mary_Jones88"),
    ("Her Instagram is @mary.jones.", "@mary.jones"),
    ("@maryjones said the van should stop earlier", "@maryjones"),
    ("Thanks! – @maryjones", "@maryjones"),
    ("She is twitter.com/maryjones on the panel.", "twitter.com/maryjones"),
    ("See https://twitter.com/maryjones/status/1234567890 for her thread.",
     "https://twitter.com/maryjones/status/1234567890"),
    ("x.com/maryjones posted the survey.", "x.com/maryjones"),
    ("Profile: https://www.facebook.com/mary.jones.5", "https://www.facebook.com/mary.jones.5"),
    ("facebook.com/profile.php?id=100012345678 is hers.", "facebook.com/profile.php?id=100012345678"),
    ("instagram.com/maryjones_", "instagram.com/maryjones_"),
    ("Follow tiktok.com/@maryjones for updates.", "tiktok.com/@maryjones"),
    ("https://www.linkedin.com/in/mary-jones-4a1b2c/", "https://www.linkedin.com/in/mary-jones-4a1b2c/"),
    ("Her page is onlyfans.com/maryjxo.", "onlyfans.com/maryjxo"),
    ("fansly.com/maryj and linktr.ee/maryj", "fansly.com/maryj"),
    ("Reach her on t.me/maryjones.", "t.me/maryjones"),
    ("Message wa.me/16045550123 after 6.", "wa.me/16045550123"),
    ("Snap: snapchat.com/add/maryj", "snapchat.com/add/maryj"),
    ("reddit.com/u/maryjones wrote about it", "reddit.com/u/maryjones"),
    ("Her toot: https://mastodon.social/@maryjones", "https://mastodon.social/@maryjones"),
    ("Find her at @maryjones@kolektiva.social now.", "@maryjones@kolektiva.social"),
    ("Signal: maryj.42", "maryj.42"),
    ("Her Signal username is maryj.42.", "maryj.42"),
    ("Telegram @maryjones", "@maryjones"),
    ("my insta is mary_j_88", "mary_j_88"),
    ("WhatsApp: maryj_604", "maryj_604"),
    ("tryst.link/escort/maryjones", "tryst.link/escort/maryjones"),
    ("Tips to cash.app/$maryjones please.", "cash.app/$maryjones"),
    ("paypal.me/maryjones", "paypal.me/maryjones"),
    ("Her stream: twitch.tv/maryjones", "twitch.tv/maryjones"),
    ("youtube.com/@maryjones", "youtube.com/@maryjones"),
    ("bsky.app/profile/maryjones.bsky.social", "bsky.app/profile/maryjones.bsky.social"),
    ("@maryjones.bsky.social", "@maryjones.bsky.social"),
    ("Ｆollow ＠maryjones", "＠maryjones"),
    ("Ask @mary\u200bjones", "@mary\u200bjones"),
    ("My OF is kaylaxo, ask there.", "kaylaxo"),
    ("Reach the organiser on Discord: nightowl#4821", "nightowl#4821"),
])
def test_a_person_s_handle_or_profile_link_is_found(text, found):
    assert found in _social(text), (text, find_identities(text))
    assert "social" in _kinds(text)


def test_a_handle_is_masked_like_everything_else():
    hits = find_identities("Ask @maryjones or instagram.com/maryjones.")
    assert [h.masked for h in hits] == ["@*********", "*********.***/*********"]
    assert redact("Ask @maryjones.") == "Ask @*********."
    assert all("maryjones" not in h.masked for h in hits)


def test_a_whatsapp_link_holding_a_number_is_one_hit():
    hits = find_identities("Message wa.me/16045550123 after 6.", region="CA")
    assert [(h.kind, h.text) for h in hits] == [("social", "wa.me/16045550123")]


# ---------------------------------------------------------------------------- must pass

@pytest.mark.parametrize("text", [
    # organisations' public accounts
    "Report it to @VancouverPD or call 911.",
    "Posted on facebook.com/PACEsociety and @SWANVancouver.",
    "Follow @WISHDropIn and @CityofVancouver for updates.",
    "instagram.com/vancouverpolice shared the notice.",
    "twitter.com/BCGovNews",
    "@NSWP and @SWOPUSA signed the letter.",
    "x.com/cbcnews",
    # the review room's own pseudonymous handles
    "I agree with @advisory-3 and @staff-2.",
    "@advisory-reviewer-3 raised this before.",
    "cc @everyone @here",
    # "at" written @
    "Meet @ 5 pm at the drop-in.",
    "Van stops @5pm and @10:30pm.",
    "Sessions @ the library.",
    "Outreach @home visits and clinic @noon.",
    "Sessions are @ 17:00 on Fridays.",
    "2 @ $60",
    # email addresses are the email kind
    "Write to mary.jones@example.org.",
    "info@pace-society.org",
    # code
    "@property\ndef name(self):\n    return self._name",
    "Use `@dataclass` for the record types.",
    "@app.route('/review')\ndef review():",
    "@media (max-width: 600px) { body { margin: 0 } }",
    "npm install @types/node",
    "```\n@pytest.fixture\ndef room():\n    pass\n```",
    "@Override public void run()",
    # platform pages that are no one's account
    "https://twitter.com/hashtag/SexWorkIsWork",
    "x.com/search?q=outreach",
    "Share it: facebook.com/sharer/sharer.php?u=x",
    "instagram.com/explore/tags/harmreduction",
    "facebook.com/groups/123456789",
    "Download it from x.com.",
    "Use Signal, Telegram or WhatsApp.",
    "Signal is the safer app.",
    "Telegram: private group for outreach workers",
    "Instagram: we posted the survey twice.",
    # other sites are not social platforms
    "example.org/maryjones",
    "box.com/maryjones",
    # a hashtag and a lone @
    "#maryjones",
    "@",
    "Q&A @ the town hall",
    "CERTIFICATE OF: compliance",
    "PROOF OF IDENTITY: none",
    # the room's made-up names are written with dashes (bluejay-7), which no X, Instagram,
    # TikTok or Mastodon handle holds
    "I agree with @bluejay-7 here.",
    "As @river-otter said, keep it.",
])
def test_what_only_looks_like_a_handle_is_not_one(text):
    assert _social(text) == [], (text, find_identities(text))


def test_a_dashed_handle_that_is_a_person_s_name_is_a_name():
    """`@mary-jones` is no social-network account (none holds a dash) but a person's name."""
    assert [(h.kind, h.text) for h in find_identities("I agree with @mary-jones here.")] == [("name", "@mary-jones")]


def test_an_email_address_stays_an_email_address():
    assert _kinds("Write to mary.jones@example.org.") == ["email"]
    assert _kinds("mary @ example . org") == ["email"]


@pytest.mark.slow  # 0.34 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("text", [
    "@maryjones " * 30000,
    "@property\ndef f(): pass\n" * 20000,
    "Signal: maryj.4 " * 30000,
    "x.com/maryj " * 30000,
    "facebook.com/" + "a/" * 150000,
    "a." * 150000 + "/@x",
    "@" + "a" * 300000,
    " " * 300000 + "@ab",
    "@a@" * 100000,
])
def test_large_hostile_texts_stay_linear(text):
    """A search for the line's ends around each @ (is it a decorator?) made 30,000 handles on
    one line take 12-19 s; each of these is about 1-4 s here, and grows with the text."""
    import time

    t0 = time.perf_counter()
    hits = find_identities(text)
    assert time.perf_counter() - t0 < 20
    assert all(text[h.start:h.end] == h.text for h in hits)


# ---------------------------------------------------------------------------- properties

# letters that spell no word of an organisation (no police, news, city, gov ...), so a made-up
# handle is a person's: letters with an underscore and digits
_LETTERS = st.text("bdfhjkmqvxzaeiou", min_size=3, max_size=8)
_HANDLE = st.builds(lambda a, b, n: f"{a}_{b}{n}", _LETTERS, _LETTERS, st.integers(0, 999))
_PLATFORM = st.sampled_from(["twitter.com/{h}", "x.com/{h}", "https://www.instagram.com/{h}/", "facebook.com/{h}",
                             "tiktok.com/@{h}", "linkedin.com/in/{h}", "onlyfans.com/{h}", "t.me/{h}",
                             "https://mastodon.social/@{h}", "@{h}"])
_AROUND = st.sampled_from(["Ask {x} about it.", "{x}", "Her account ({x}) is public.", "Signed, {x}",
                           "She said {x}, twice.", "\n{x}\n"])


@given(_HANDLE, _PLATFORM, _AROUND)
@settings(max_examples=150, deadline=None)
def test_any_made_up_handle_on_a_platform_is_found_whole(handle, platform, around):
    link = platform.format(h=handle)
    text = around.format(x=link)
    hits = [h for h in find_identities(text) if h.kind == "social"]
    assert len(hits) == 1, (text, hits)
    assert handle in hits[0].text and hits[0].text.rstrip("/") in link, (text, hits)
    assert handle not in redact(text)


@given(st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True),
       st.from_regex(r"[a-z][a-z0-9-]{1,10}\.(org|com|ca|net)", fullmatch=True))
@settings(max_examples=150, deadline=None)
def test_an_email_address_is_never_a_handle(local, domain):
    text = f"Write to {local}@{domain} today."
    assert "social" not in _kinds(text), text


@given(st.integers(1, 12), st.sampled_from(["", " "]), st.sampled_from(["pm", "am", "", "h", ":30", ":30pm"]),
       st.sampled_from(["@", "@ "]))
@settings(max_examples=100, deadline=None)
def test_a_time_written_with_an_at_sign_is_never_a_handle(hour, gap, suffix, at):
    text = f"The van stops {at}{hour}{gap}{suffix} by the park."
    assert _social(text) == [], text


# ---------------------------------------------------------------------------- where it is read

def test_check_finds_a_handle_in_the_consultation_record_and_quotes_it_masked(tmp_path):
    from .test_privacy_check import _found, _guideline, _points_at

    target = _guideline(tmp_path, notes="Sign-ups went through @maryjones and instagram.com/tom_w88.")
    found = _found(target)
    assert [f["match"] for f in found] == [mask("@maryjones"), mask("instagram.com/tom_w88")], found
    assert all("a social-media handle or profile link in the consultation record" in f["message"] for f in found)
    _points_at(target, found[0], "@maryjones")
    _points_at(target, found[1], "instagram.com/tom_w88")


def test_check_passes_an_organisation_s_account_in_the_consultation_record(tmp_path):
    from .test_privacy_check import _found, _guideline

    target = _guideline(tmp_path, notes="Sessions were announced by @PACEsociety and facebook.com/SWANVancouver.")
    assert _found(target) == []


def test_check_does_not_read_handles_in_clauses(tmp_path):
    """Clauses are published public text (as names there are not read, neither are handles):
    `Report it to @VancouverPD` is a police service's public account."""
    from .test_privacy_check import _found, _guideline

    target = _guideline(tmp_path, replace=("purpose: ", "purpose: Report it to @VancouverPD or @maryjones. "))
    assert _found(target) == []


def test_check_finds_a_handle_in_a_review_comment(tmp_path):
    from .test_privacy_check import _found, _review

    target = _review(tmp_path, body="Ask her at t.me/maryjones.", reply="Or @mary_j_88.")
    found = _found(target)
    assert sorted(f["match"] for f in found) == sorted([mask("t.me/maryjones"), mask("@mary_j_88")]), found
    assert all(f["file"].endswith("g.review.yaml") and "maryjones" not in f["message"] for f in found)
    assert all("review redact" in f["suggestions"][0] for f in found)


def test_review_add_warns_of_a_handle_and_redact_takes_it_out(tmp_path):
    import re as _re

    from .conftest import GOOD, run_cli

    g = tmp_path / "g.yaml"
    g.write_bytes(GOOD.read_bytes())
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "Talk to @maryjones, she knows.", "--role", "community", "--author", "community-5")
    assert r.exit_code == 0, r.stderr
    assert "a social-media handle or profile link ('@*********')" in r.stderr and "maryjones" not in r.stderr
    tid = _re.search(r"added (t\d+)", r.stdout).group(1)
    r = run_cli("review", "redact", str(g), tid, "--words", "@maryjones", "--with", "[handle removed]")
    assert r.exit_code == 0, r.stderr
    assert run_cli("check", "--only", "privacy", str(g)).exit_code == 0


@pytest.mark.parametrize("stand_in", ["@maryjones", "instagram.com/maryjones", "t.me/maryjones"])
def test_redact_with_a_handle_is_refused(tmp_path, stand_in):
    from .conftest import one_error_line, run_cli
    from .test_review_redact import _repo

    g = _repo(tmp_path)
    from lic_policy.review import threads

    before = threads.review_path(g).read_bytes()
    r = run_cli("review", "redact", str(g), "t1", "--words", "the", "--with", stand_in)
    line = one_error_line(r, "--with looks like a social-media handle or profile link")
    assert stand_in not in line
    assert threads.review_path(g).read_bytes() == before


@pytest.mark.parametrize("handle", ["@maryjones", "@advisory-3"])
def test_an_author_handle_written_as_a_social_handle_says_so(tmp_path, handle):
    from .conftest import GOOD, one_error_line, run_cli

    g = tmp_path / "g.yaml"
    g.write_bytes(GOOD.read_bytes())
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "b", "--role", "community", "--author", handle)
    line = one_error_line(r, "--author looks like a social-media handle")
    assert "email address" not in line


def test_publish_refuses_a_handle_in_the_consultation_record(tmp_path):
    from .conftest import run_cli
    from .test_privacy_check import _guideline

    target = _guideline(tmp_path, notes="Sign-ups went through @maryjones.")
    r = run_cli("publish", str(target), "--to", "md", "--out", str(tmp_path / "out"))
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r  # the documents have problems: exit 1, as for an email
    assert "1 identity finding" in lines[0] and "social-media handle" in lines[0], lines
    assert "maryjones" not in lines[0] and not (tmp_path / "out").exists()


def test_the_room_refuses_a_handle_and_stores_nothing(tmp_path):
    from .test_web_security import _post_comment, _reviewer_page
    from .webapp import Room

    room = Room(tmp_path)
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    for body in ("Ask @maryjones about the van.", "She is on instagram.com/maryjones", "wa.me/16045550123"):
        for confirm in ("", "1"):
            r = _post_comment(room, c, html, body, **({"confirm": confirm} if confirm else {}))
            assert r.status_code == 422 and r.json()["confirm"] is False, (body, r.text)
            assert "social-media handle or profile link" in r.json()["error"] and "maryjones" not in r.json()["error"]
            assert "social-media accounts" in r.json()["error"]
    assert room.review_file.read_bytes() == before
    r = _post_comment(room, c, html, "Report it to @VancouverPD only if she asks.")
    assert r.status_code == 201, r.text


def test_the_room_masks_a_handle_in_another_reviewer_s_comment():
    from lic_policy.web.privacy import identity_problem

    p = identity_problem("DM @maryjones")
    assert p is not None and p.refused and p.masked == "@*********"

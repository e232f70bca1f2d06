"""The review room's security properties, each a test that fails when it is broken: cookie
flags, the Content-Security-Policy, CSRF and origin checks, escaping of reviewers' text,
tokens stored only as hashes, the rate limit on failed links, the loopback default, the
Host check, request limits, and hostile input that is refused with nothing stored."""

from __future__ import annotations

import re
import sqlite3

import pytest

from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


@pytest.fixture
def room(tmp_path):
    return Room(tmp_path)


def _post_comment(room, c, html, body, **extra):
    data = {"part": KEY, "h": part_of(html, KEY), "start": "0", "end": "11", "exact": "If violence",
            "kind": "comment", "body": body, **extra}
    return c.post("/review/threads", json=data, headers={"X-CSRF-Token": csrf_of(html)})


def _reviewer_page(room):
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    return c, c.get("/review").text


# --------------------------------------------------------------------------- cookies


def test_session_cookie_is_httponly_samesite_strict_and_not_secure_over_http(room):
    r = room.client().get(f"/operator/{room.state.new_operator_token()}")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("lic_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain http on localhost: a Secure cookie would never come back


def test_session_cookie_is_secure_over_https(tmp_path):
    room = Room(tmp_path, base_url="https://127.0.0.1:8000")
    r = room.client().get(f"/operator/{room.state.new_operator_token()}")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-lic_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert "Path=/" in cookie and "Domain" not in cookie


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("path", ["/", "/review", "/staff", "/no/such/page", "/static/room.js", "/i/nonsense"])
def test_every_response_has_a_strict_content_security_policy(room, path):
    r = room.client().get(path)
    csp = r.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no inline script, no other origin
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] in ("same-origin", "no-referrer")


def test_pages_load_nothing_from_elsewhere_and_have_no_inline_script(room):
    c, html = _reviewer_page(room)
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)  # only our own script file
    assert not re.search(r"\s(?:src|href)=\"(?:https?:)?//", html.split('<article class="guideline')[0])
    assert " style=" not in html and " on" + "click=" not in html
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert c.get(asset).status_code == 200, asset


# --------------------------------------------------------------------------- CSRF


def test_post_without_the_csrf_token_is_refused_and_nothing_stored(room):
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    data = {"part": KEY, "h": part_of(html, KEY), "start": "0", "end": "11", "kind": "comment", "body": "hello"}
    assert c.post("/review/threads", json=data).status_code == 403
    assert c.post("/review/threads", json=data, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert c.post("/review/threads", data={**data, "csrf": "wrong"}).status_code == 403
    assert room.review_file.read_bytes() == before
    assert _post_comment(room, c, html, "hello").status_code == 201


def test_a_post_from_another_origin_is_refused(room):
    c, html = _reviewer_page(room)
    r = c.post("/review/threads", json={"part": KEY, "h": part_of(html, KEY), "start": "0", "end": "11",
                                        "kind": "comment", "body": "x"},
               headers={"X-CSRF-Token": csrf_of(html), "Origin": "https://evil.example"})
    assert r.status_code == 403
    r = c.post("/review/threads", json={"part": KEY, "start": "0", "end": "11", "kind": "comment", "body": "x"},
               headers={"X-CSRF-Token": csrf_of(html), "Origin": "null"})
    assert r.status_code == 403


def test_every_staff_action_needs_the_csrf_token(room):
    staff = room.staff()
    rid, _links = room.open_round(staff)
    for path in (f"/staff/r/{rid}/close", f"/staff/r/{rid}/reanchor", f"/staff/r/{rid}/threads/t1/resolve",
                 f"/staff/r/{rid}/threads/t2/accept", f"/staff/g/{room.gid}/rounds", "/logout", "/lang"):
        r = staff.post(path, data={"reviewers": "x-1", "body": "x"})
        assert r.status_code == 403, path
    assert room.state.round(rid).closed is None


def test_a_reviewer_cannot_use_staff_actions(room):
    c, html = _reviewer_page(room)
    r = c.post("/staff/r/1/threads/t1/resolve", data={"csrf": csrf_of(html)})
    assert r.status_code == 403
    assert c.get("/staff").status_code == 401


# --------------------------------------------------------------------------- escaping and hostile input


@pytest.mark.parametrize("body, status", [
    ("<script>alert(1)</script>", 422),
    ('<img src=x onerror="alert(1)">', 422),
    ("click onmouseover= here", 422),
    ("see [this](javascript:alert(1))", 422),
    ("JaVaScRiPt:alert(1)", 422),
    ("data:text/html;base64,PHNjcmlwdD4=", 422),
    ("x" * 4001, 422),
    ("\x00\x01binary\x02", 422),
    ("   ", 422),
    ("Write to maria.santos@example.org for details", 422),
    ("Call her at 604-555-0199", 422),
])
def test_hostile_or_identifying_text_is_refused_with_nothing_stored(room, body, status):
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, body)
    assert r.status_code == status, r.text
    assert r.json()["error"]  # one clear sentence for the page
    assert room.review_file.read_bytes() == before


def test_text_from_reviewers_is_escaped_on_every_page(room):
    c, html = _reviewer_page(room)
    body = 'The phrase "a < b & c > d" and \'quotes\' stay text'
    assert _post_comment(room, c, html, body).status_code == 201
    page = c.get("/review").text
    assert "The phrase &#34;a &lt; b &amp; c &gt; d&#34; and &#39;quotes&#39; stay text" in page
    staff = room.staff()
    assert "a &lt; b &amp; c &gt; d" in staff.get("/staff/r/1").text
    assert 'a < b & c > d' in room.review_file.read_text(encoding="utf-8")  # stored as written


def test_guideline_text_is_escaped_and_unsafe_links_dropped(tmp_path):
    room = Room(tmp_path)
    text = room.guideline.read_text(encoding="utf-8")
    text = text.replace("If violence is happening or someone is in immediate danger, call 911.",
                        'If <script>alert(1)</script> [x](javascript:alert(2)) <b onclick="y">violence</b>, call 911.',
                        1)
    room.guideline.write_text(text, encoding="utf-8")
    c, html = _reviewer_page(room)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html.split("<article")[1]
    assert '<b onclick' not in html


@pytest.mark.parametrize("headers, content", [
    ({"Content-Type": "text/plain"}, b"body=x"),
    ({"Content-Type": "multipart/form-data; boundary=x"}, b"--x\r\n\r\n--x--"),
    ({"Content-Type": "application/xml"}, b"<a/>"),
    ({"Content-Type": "application/json"}, b"[1, 2]"),
    ({"Content-Type": "application/json"}, b"{not json"),
    ({"Content-Type": "application/json"}, b'{"body": {"nested": 1}}'),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"body=%ff%fe"),
    ({"Content-Type": "application/json"}, "é".encode("latin-1")),
    # nested deeper than Python's recursion limit, yet under the size limit: was a 500
    ({"Content-Type": "application/json"}, b"[" * 60_000),
    ({"Content-Type": "application/json"}, b'{"a":' * 12_000),
])
def test_wrong_content_types_and_unreadable_bodies_get_a_clear_error(room, headers, content):
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = c.post("/review/threads", content=content, headers={**headers, "X-CSRF-Token": csrf_of(html)})
    assert r.status_code in (400, 403, 415)
    assert "Traceback" not in r.text and "Internal" not in r.text
    assert room.review_file.read_bytes() == before


def test_oversized_bodies_are_refused_before_they_are_read(room):
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = c.post("/review/threads", content=b"body=" + b"x" * 200_000,
               headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf_of(html)})
    assert r.status_code == 413
    assert room.review_file.read_bytes() == before


# --------------------------------------------------------------------------- tokens


def test_tokens_are_stored_only_as_hashes(room):
    import hashlib

    staff = room.staff()
    _rid, links = room.open_round(staff)
    operator = room.state.new_operator_token()
    cookie_holder = room.reviewer(links["advisory-3"])
    session_cookie = cookie_holder.cookies.get("lic_session")
    room.state.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = room.state_path.read_bytes()
    for secret in [*links.values(), operator, session_cookie]:
        assert len(secret) >= 43  # 256 random bits
        assert secret.encode() not in raw
    db = sqlite3.connect(room.state_path)
    hashes = {row[0] for row in db.execute("SELECT token_hash FROM invitations")}
    assert hashes == {hashlib.sha256(t.encode()).hexdigest() for t in links.values()}
    assert hashlib.sha256(session_cookie.encode()).hexdigest() in {
        row[0] for row in db.execute("SELECT token_hash FROM sessions")}


def test_the_state_holds_no_address_or_user_agent(room):
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.client(headers={"User-Agent": "UniqueAgent/9.9", "X-Forwarded-For": "203.0.113.77"})
    c.get(f"/i/{links['advisory-3']}")
    room.state.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = room.state_path.read_bytes()
    assert b"UniqueAgent" not in raw and b"203.0.113.77" not in raw and b"testclient" not in raw
    columns = {row[1] for t in ("rounds", "invitations", "sessions", "failures")
               for row in sqlite3.connect(room.state_path).execute(f"PRAGMA table_info({t})")}
    assert not columns & {"ip", "address", "user_agent", "email", "name"}


def test_failed_link_attempts_are_rate_limited(room):
    from lic_policy.web.state import MAX_FAILURES

    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.client()
    for _ in range(MAX_FAILURES):
        assert c.get("/i/not-a-real-token-" + "x" * 30).status_code == 404
    r = c.get("/i/another-wrong-one")
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    # a good link is refused too while the limit holds (no way to tell good from guessed)
    assert c.get(f"/i/{links['advisory-3']}").status_code == 429
    assert c.get(f"/operator/{room.state.new_operator_token()}").status_code == 429
    # sessions already open are not affected
    assert staff.get("/staff").status_code == 200


def test_revoked_and_closed_links_get_a_clear_page(room):
    staff = room.staff()
    rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-4"])
    inv = next(i for i in room.state.invitations(rid) if i.handle == "advisory-3")
    csrf = csrf_of(staff.get(f"/staff/r/{rid}").text)
    assert staff.post(f"/staff/r/{rid}/revoke", data={"csrf": csrf, "invitation": str(inv.id)}).status_code == 303
    r = room.client().get(f"/i/{links['advisory-3']}")
    assert r.status_code == 410 and "withdrawn" in r.text
    assert staff.post(f"/staff/r/{rid}/close", data={"csrf": csrf}).status_code == 303
    r = room.client().get(f"/i/{links['advisory-4']}")
    assert r.status_code == 410 and "closed on" in r.text
    r = c.get("/review")
    assert r.status_code == 410 and "closed on" in r.text
    assert "Traceback" not in r.text


def test_an_expired_round_refuses_new_comments(room):
    staff = room.staff()
    rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    html = c.get("/review").text
    room.state.db.execute("UPDATE rounds SET closes='2000-01-01T00:00:00Z' WHERE id=?", (rid,))
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, "too late")
    assert r.status_code == 410
    assert room.review_file.read_bytes() == before


# --------------------------------------------------------------------------- binding and hosts


def test_serve_binds_to_localhost_by_default():
    from lic_policy.commands.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    from lic_policy.web.app import Config

    assert Config().host == "127.0.0.1"
    assert Config().base_url.startswith("http://127.0.0.1:")


def test_serve_refuses_a_public_address_without_allowed_host_names(cli, tmp_path):
    import shutil

    from .browser import SAMPLE

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    r = cli("serve", str(tmp_path), "--host", "0.0.0.0", "--state", str(tmp_path / "s.sqlite3"))
    assert r.exit_code == 2
    assert "--allow-host" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args, words", [
    # hostile3: each was accepted; the links printed for a round closed before it opened, or
    # for an address that is no web address, did not work, and '*' turned the Host check off
    (["--invite", "advisory-3", "--closes", "2020-01-01"], "--closes 2020-01-01 is in the past"),
    (["--invite", "advisory-3", "--base-url", "javascript:alert(1)"], "--base-url must be an http:// or https:// address"),
    (["--invite", "advisory-3", "--base-url", 'https://review.example.org/"><script>'],
     "--base-url must be an http:// or https:// address"),
    (["--invite", "advisory-3", "--base-url", "https://"], "--base-url must be an http:// or https:// address"),
    (["--invite", "advisory-3", "--host", "0.0.0.0", "--allow-host", "*"], "--allow-host '*' lets any host name in"),
])
def test_serve_refuses_settings_that_make_links_that_do_not_work_or_let_anyone_in(cli, tmp_path, args, words):
    import shutil

    from .browser import SAMPLE

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    r = cli("serve", str(tmp_path), "--state", str(tmp_path / "s.sqlite3"), "--port", "1", *args)
    assert r.exit_code == 2 and r.stderr.count("\n") == 1, r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert "/i/" not in r.stdout


def test_serve_still_takes_a_future_closing_date_and_a_proxy_address(cli, tmp_path):
    import datetime as dt
    import shutil

    from .browser import SAMPLE

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    closes = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    r = cli("serve", str(tmp_path), "--state", str(tmp_path / "s.sqlite3"), "--invite", "advisory-3", "--closes", closes,
            "--base-url", "https://review.example.org/lic/")
    assert r.exit_code == 0, r.stderr
    assert "https://review.example.org/lic/i/" in r.stdout


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "192.168.1.5:8000"])
def test_a_foreign_host_header_is_refused(room, host):
    r = room.client().get("/", headers={"Host": host})
    assert r.status_code == 421


def test_invitation_handles_that_identify_people_are_refused(room):
    staff = room.staff()
    csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
    for bad in ("jane.doe@example.org", "604-555-0100", "MariaSantos"):
        r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": f"{bad} sex-worker-advisory"})
        assert r.status_code == 422, bad
    assert room.state.rounds() == []


def test_a_person_s_name_is_warned_about_first_and_stored_only_when_confirmed(room):
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, "Maria Santos told us the van comes too late.")
    assert r.status_code == 422 and r.json()["confirm"] is True
    assert "person's name (***** ******)" in r.json()["error"]
    assert room.review_file.read_bytes() == before
    # the form path: a page that asks, with the same text to send again
    form = {"part": KEY, "h": part_of(html, KEY), "span": "0-11", "kind": "comment",
            "body": "Maria Santos told us the van comes too late.", "csrf": csrf_of(html)}
    page = c.post("/review/threads", data=form)
    assert page.status_code == 422 and "send it anyway" in page.text
    assert 'name="confirm" value="1"' in page.text
    # the button may be pressed by a reviewer who chose to be named: it says so (it read "It is
    # not a person's name", untrue for them; ux18)
    assert "the person chose to be named: send it anyway" in page.text.replace("&#39;", "'")
    assert room.review_file.read_bytes() == before
    r = _post_comment(room, c, html, "Maria Santos told us the van comes too late.", confirm="1")
    assert r.status_code == 201
    # emails and phone numbers cannot be confirmed past
    r = _post_comment(room, c, html, "Write to maria.santos@example.org", confirm="1")
    assert r.status_code == 422 and r.json()["confirm"] is False


def test_staff_comment_and_resolve_from_the_round_page(room):
    import json

    from .conftest import run_cli

    staff = room.staff()
    rid, _links = room.open_round(staff)
    page = staff.get(f"/staff/r/{rid}").text
    csrf = csrf_of(page)
    r = staff.post(f"/staff/r/{rid}/threads", data={"csrf": csrf, "part": KEY, "h": part_of(page, KEY),
                                                    "span": "0-11", "kind": "question", "body": "Which van?"})
    assert r.status_code == 303
    tid = r.headers["location"].rsplit("#thread-", 1)[1]
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/resolve", data={"csrf": csrf, "body": "Answered in 2.2."})
    assert r.status_code == 303
    listing = json.loads(run_cli("review", "list", str(room.guideline), "--format", "json").stdout)
    t = next(t for t in listing["threads"] if t["id"] == tid)
    assert (t["author"]["handle"], t["author"]["role"], t["status"]) == ("staff", "staff", "resolved")
    assert t["anchor"]["quote"]["exact"] == "If violence" and t["replies"][0]["body"] == "Answered in 2.2."


def test_typed_words_are_found_as_review_add_finds_them(room):
    c, html = _reviewer_page(room)
    form = {"part": KEY, "h": part_of(html, KEY), "span": "words", "quote": "Stay with the person",
            "kind": "comment", "body": "Only if they want.", "csrf": csrf_of(html)}
    r = c.post("/review/threads", data=form)
    assert r.status_code == 303, r.text
    from lic_policy.review import threads

    t = threads.load(room.review_file).review.threads[-1]
    assert t.anchor.quote.exact == "Stay with the\nperson" and t.anchor.clause == "response.violence.1"
    r = c.post("/review/threads", data={**form, "quote": "words that are not there"})
    assert r.status_code == 422 and "not in this part" in r.text


def test_a_broken_draft_gets_a_clear_page_not_a_traceback(room):
    c, _html = _reviewer_page(room)
    staff = room.staff()
    room.guideline.write_text("metadata: [unclosed\n", encoding="utf-8")
    r = c.get("/review")
    assert r.status_code == 503 and "cannot be shown right now" in r.text and "Traceback" not in r.text
    assert "unclosed" not in r.text  # reviewers are not shown file internals
    r = staff.get("/staff/r/1")
    assert r.status_code == 503 and "cedar-harbour-sex-work-response.yaml:" in r.text


def test_behind_an_https_proxy_named_by_base_url_the_cookie_is_secure_and_its_origin_accepted(tmp_path):
    from lic_policy.web.app import Config

    room = Room(tmp_path, base_url="http://review.example.org",
                config=Config(host="127.0.0.1", base_url="https://review.example.org",
                              allowed_hosts=["review.example.org"]))
    staff = room.client()
    r = staff.get(f"/operator/{room.state.new_operator_token()}")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-lic_session=") and "Secure" in cookie
    # the proxy speaks http to the room; the browser's Origin is the https address
    token = cookie.split("=", 1)[1].split(";", 1)[0]
    c = room.client(cookies={"__Host-lic_session": token})
    page = c.get(f"/staff/g/{room.gid}").text
    r = c.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf_of(page), "reviewers": "advisory-1"},
               headers={"Origin": "https://review.example.org"})
    assert r.status_code == 303, r.text
    r = c.get(r.headers["location"])
    assert "https://review.example.org/i/" in r.text
    r = c.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf_of(page), "reviewers": "advisory-2"},
               headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


def test_a_port_in_use_is_one_line_and_exit_2(cli, tmp_path):
    import shutil
    import socket

    from .browser import SAMPLE

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = cli("serve", str(tmp_path), "--port", str(port), "--state", str(tmp_path / "s.sqlite3"))
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr and "--port" in r.stderr


@pytest.mark.parametrize("path", ["/staff/r/99999999999999999999999999", "/staff/r/99999999999999999999999999/respond"])
def test_a_round_number_too_big_for_sqlite_is_not_found(room, path):
    """hostile3: a round number past 2**63 in the address was a 500 (OverflowError from sqlite)."""
    staff = room.staff()
    r = staff.get(path)
    assert r.status_code == 404 and "Traceback" not in r.text
    csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
    r = staff.post(path.replace("/respond", "") + "/close", data={"csrf": csrf})
    assert r.status_code == 404

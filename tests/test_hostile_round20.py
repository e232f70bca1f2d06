"""hostile20: careless and hostile inputs of new kinds, surface by surface: dates typed into
options and the environment, the review room's Host header and its malformed requests, and the
surfaces the catalogue had tried least.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lic_policy.review import threads

from .conftest import DRAFT, GOOD, ROOT, one_error_line, run_cli


def _thread(tmp_path, body: str) -> tuple[Path, Path, str]:
    """A copy of the sample guideline with one thread holding ``body``."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", body, "--role", "staff", "--author", "staff-1")
    assert r.exit_code == 0, r.stderr
    return g, threads.review_path(g), re.search(r"added (t\d+)", r.stdout).group(1)


# ---------------------------------------------------------------- dates typed by hand

LAX_DATES = ["1" * 5000, "11111111", "2026W091", "2026-W09", "2026-W09-1", "2026-03-01T10", "2026-03-01T1000",
             "2026-03-01T10:00:00+05", "2026-03-01T10:00:00+05:30:15.5", "20260301T100000Z"]


def _add(g, *extra):
    return run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1",
                   "--body", "b", "--author", "staff-1", "--role", "staff", *extra)


@pytest.mark.parametrize("value", LAX_DATES)
def test_review_date_takes_only_the_iso_dates_its_help_shows(tmp_path, value):
    """`review add --date` of 5,000 ones dated the comment 1111-11-11T11:11:11Z (Python's
    fromisoformat reads ISO 8601's basic and week forms and an hour alone: '2026W091' was
    2026-02-23, '11111111' 1111-11-11). Now the date is refused in one line unless it is written
    as the help says, 2026-03-01 or 2026-03-01T10:00:00Z."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = _add(g, "--date", value)
    one_error_line(r, "is not a date", "2026-03-01")
    assert not (tmp_path / "g.review.yaml").exists()


@pytest.mark.parametrize("value", LAX_DATES[:3])
def test_lic_policy_now_takes_only_iso_dates(tmp_path, monkeypatch, value):
    """LIC_POLICY_NOW=11111111 dated every new thread 1111-11-11; now one line naming the
    variable, nothing written."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    monkeypatch.setenv("LIC_POLICY_NOW", value)
    one_error_line(_add(g), "LIC_POLICY_NOW=", "is not a date")
    assert not (tmp_path / "g.review.yaml").exists()


@pytest.mark.parametrize("value, stamp", [("2026-03-01", "2026-03-01T00:00:00Z"),
                                          ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
                                          ("2026-03-01T10:00Z", "2026-03-01T10:00:00Z"),
                                          ("2026-03-01 10:00:00", "2026-03-01T10:00:00Z"),
                                          ("2026-03-01t10:00:00z", "2026-03-01T10:00:00Z"),
                                          ("2026-03-01T10:00:00.5+01:00", "2026-03-01T09:00:00Z"),
                                          ("2026-03-01T10:00:00-0130", "2026-03-01T11:30:00Z")])
def test_review_date_still_takes_iso_dates(tmp_path, value, stamp):
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = _add(g, "--date", value)
    assert r.exit_code == 0, r.stderr
    assert f"created: '{stamp}'" in (tmp_path / "g.review.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["2026W521", "20271231", "1" * 300])
def test_serve_closes_takes_only_iso_dates(tmp_path, value):
    """`serve --closes 20271231` closed the round at the start of that day, not its end (the
    ten-letter test for a date alone missed it), and '2026W521' was the Monday of week 52."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--closes", value)
    one_error_line(r, "is not a date")


def test_packet_date_takes_only_iso_dates(tmp_path):
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("review", "packet", str(g), "--date", "1" * 5000, "-o", str(tmp_path / "p.docx"))
    one_error_line(r, "is not a date")
    assert not (tmp_path / "p.docx").exists()


# ---------------------------------------------------------------- the room's request heads

@pytest.fixture(scope="module")
def room():
    from .browser import Server

    srv = Server().start()
    yield srv
    srv.stop()


def _raw(port: int, data: bytes) -> tuple[str, bytes]:
    """The answer's head (lower case) and body to ``data`` sent as it is."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        got = b""
        while True:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
    head, _, body = got.partition(b"\r\n\r\n")
    return head.decode("latin-1").lower(), body


MALFORMED_HEADS = {
    "two Host headers": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n",
    "no Host header": b"GET / HTTP/1.1\r\n",
    "a method holding '@'": b"G@T / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "a header name holding a space": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX A: b\r\n",
    "a header line without a colon": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nnonsense\r\n",
}


@pytest.mark.parametrize("what", list(MALFORMED_HEADS))
def test_a_malformed_request_head_is_answered_with_the_rooms_security_headers(room, what):
    """Two Host headers, none, or a method h11 cannot read got uvicorn's own 'Invalid HTTP
    request received.' (400) without the Content-Security-Policy, nosniff and frame headers
    every other answer of the room carries. Now the 400 carries them."""
    head, body = _raw(room.port, MALFORMED_HEADS[what] + b"Connection: close\r\n\r\n")
    assert head.startswith("http/1.1 400"), head
    for name in ("content-security-policy: default-src 'none'", "x-content-type-options: nosniff",
                 "x-frame-options: deny", "cache-control: no-store"):
        assert name in head, (name, head)
    assert b"request" in body


@pytest.mark.parametrize("port", ["99999", "abc", "", "+80", "0", "-1", "\u0668\u0660", "080808", "1e3"])
def test_a_host_header_whose_port_is_no_port_is_refused(room, port):
    """`Host: 127.0.0.1:99999`, ':abc', ':' and ':+80' were served as if they named the room
    (the port was cut off unread). A browser never sends them: now 400, one sentence."""
    head, body = _raw(room.port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                      .encode("utf-8"))
    assert head.startswith("http/1.1 400"), (port, head)
    assert "content-security-policy" in head
    assert b"port" in body, body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "127.0.0.1",
                                  "127.0.0.1:65535"])
def test_a_host_header_naming_the_room_still_gets_the_page(room, host):
    head, _ = _raw(room.port, f"GET / HTTP/1.1\r\nHost: {host.format(port=room.port)}\r\nConnection: close\r\n\r\n"
                   .encode())
    assert head.startswith("http/1.1 200"), (host, head)


# ---------------------------------------------------------------- check --write-review

def test_check_write_review_of_a_guideline_whose_review_file_name_is_too_long(tmp_path, monkeypatch):
    """A guideline named with 250 bytes: `check --write-review` said 'NAME.review.yaml: error:
    cannot write the file: File name too long (check the path and that the disk can be
    written)' — the disk was fine, and the way on (a shorter name) was not said. It also wrote
    the review files of the guidelines before it in the list and not those after. Now one line
    names the guideline and the way on, and no review file is written."""
    monkeypatch.chdir(tmp_path)
    long_name = "f" * 245 + ".yaml"
    shutil.copy(DRAFT, tmp_path / "a.yaml")
    shutil.copy(DRAFT, tmp_path / long_name)
    r = run_cli("check", "--no-cache", "--write-review", "a.yaml", long_name)
    line = one_error_line(r, "review file", "too long", where=long_name)
    assert "shorter name" in line and "disk" not in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.yaml", long_name])


# ---------------------------------------------------------------- review files edited by hand

def test_a_thread_id_of_5000_digits_is_one_line_at_its_place(tmp_path):
    """A review file whose thread id was edited to 't' and 5,000 nines: `review add` ended in
    'internal error: ValueError: Exceeds the limit (4300 digits) for integer string conversion'
    (the next id is the largest number plus one), and the room's live file did the same. Now
    the file is refused at the id's place, as any other id that is not t1, t2, ..."""
    g, review, _tid = _thread(tmp_path, "hello")
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("id: t1", "id: t" + "9" * 5000), encoding="utf-8")
    before = review.read_bytes()
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "b", "--author", "staff-9", "--role", "staff")
    one_error_line(r, "threads.0.id", where=f"{review}:6:5")
    assert review.read_bytes() == before


@pytest.mark.parametrize("last, added", [("t999999998", "t999999999"), ("t000000007", "t8"), ("t999999999", None)])
def test_a_thread_id_of_nine_digits_is_still_read(tmp_path, last, added):
    """Nine digits are read; after t999999999 `review add` says no id is left (one line)."""
    g, review, _tid = _thread(tmp_path, "hello")
    review.write_text(review.read_text(encoding="utf-8").replace("id: t1", f"id: {last}"), encoding="utf-8")
    before = review.read_bytes()
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "b", "--author", "staff-9", "--role", "staff")
    if added:
        assert r.exit_code == 0 and f"added {added} " in r.stdout, r
    else:
        one_error_line(r, "no thread id is left after t999999999", "renumber")
        assert review.read_bytes() == before


# ---------------------------------------------------------------- privacy: the room shows the draft to outsiders

NAMED = ("      representatives: Maria Santos and Tom Whitehorse (tom.w@example.org, 604-555-0199).\n")
IDENTITIES = ("Santos", "Whitehorse", "tom.w@", "555-0199")


def _name_in_the_record(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    anchor = "their own open process with their members to choose\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + NAMED, 1), encoding="utf-8")


def test_serve_invite_refuses_a_draft_that_names_a_participant(tmp_path):
    """`review packet` refuses a draft whose consultation record names a participant ('the packet
    goes to reviewers outside the team'), but `serve --invite` opened a round on it and the
    advisory reviewers' page showed 'Maria Santos and Tom Whitehorse (tom.w@example.org,
    604-555-0199)'. Now `serve --invite` refuses as the packet does (exit 1, one line naming
    the places, never the name) and opens no round."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    _name_in_the_record(g)
    state = tmp_path / "s.db"
    r = run_cli("serve", str(g), "--state", str(state), "--invite", "advisory-1")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r
    assert "refusing to open a review round" in lines[0] and "g.yaml:" in lines[0], lines
    assert not any(word in r.stdout + r.stderr for word in IDENTITIES)
    assert "/i/" not in r.stdout


def test_the_room_does_not_show_a_draft_that_came_to_name_a_participant(tmp_path):
    """A round opened on a clean draft, then the draft edited to name participants in its
    consultation record while the room runs: the reviewers' page and the Respond page showed the
    names, phone and email. Now they say the draft cannot be shown for now (503), the staff's
    attempt to open another round is refused, and the log names the places, not the names."""
    from .webapp import Room, csrf_of

    room = Room(tmp_path, with_review=False, sample=GOOD)
    staff = room.staff()
    _rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    reviewer = room.reviewer(links["advisory-3"])
    assert reviewer.get("/review").status_code == 200
    _name_in_the_record(room.guideline)
    for url in ("/review", "/review/respond?part=consultation.representative_selection.description"):
        page = reviewer.get(url)
        assert page.status_code == 503, (url, page.status_code)
        assert not any(word in page.text for word in IDENTITIES), url
    csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
    r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": "advisory-5 sex-worker-advisory"})
    assert r.status_code == 409 and "/i/" not in r.text
    assert not any(word in r.text for word in IDENTITIES)


def test_a_clean_draft_is_still_shown_and_invited_to(tmp_path):
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1")
    assert r.exit_code == 0 and "/i/" in r.stdout, r


# ---------------------------------------------------------------- Word files in other encodings

@pytest.mark.parametrize("codec, named", [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-16", "UTF-16"),
                                          ("utf-16-be", "UTF-16")])
def test_a_word_part_in_utf32_is_named_utf32(tmp_path, codec, named):
    """A .docx whose document.xml is UTF-32 (with or without a byte-order mark) was refused as
    'written in UTF-16, not UTF-8': the encoding named was not the file's."""
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, RELS, W

    doc = (f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>Sex workers are partners.</w:t></w:r>'
           "</w:p></w:body></w:document>")
    path = tmp_path / "d.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc.encode(codec))
    r = run_cli("import", str(path), "-o", str(tmp_path / "d.yaml"))
    one_error_line(r, f"is written in {named}, not UTF-8", where=str(path))
    assert not (tmp_path / "d.yaml").exists()


# ---------------------------------------------------------------- a guideline written where something else lives

INIT = ("init", "--no-input", "--title", "T", "--jurisdiction", "J", "--kind", "municipality")


@pytest.mark.parametrize("name", [".lic-policy.yaml", ".lic-policy.yml", "sub/.LIC-POLICY.YAML"])
@pytest.mark.parametrize("command", ["init", "import"])
def test_no_guideline_is_written_as_the_configuration(tmp_path, monkeypatch, name, command):
    """`init .lic-policy.yaml` and `import draft.docx -o .lic-policy.yaml` wrote a guideline
    where every command below that folder reads its configuration: each `check` after it failed
    on 'unknown key metadata'; with --force, `init` replaced the team's configuration. Now one
    line, and nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    if command == "init":
        r = run_cli(*INIT, name)
    else:
        shutil.copy(ROOT / "tests" / "data" / "import" / "analyst-draft.docx", tmp_path / "a.docx")
        r = run_cli("import", "a.docx", "-o", name)
    one_error_line(r, "configuration")
    assert not (tmp_path / name).exists()


def test_init_force_does_not_replace_the_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".lic-policy.yaml").write_bytes(b"fail_on: error\r\n")
    one_error_line(run_cli(*INIT, "--force", ".lic-policy.yaml"), "configuration")
    assert (tmp_path / ".lic-policy.yaml").read_bytes() == b"fail_on: error\r\n"


@pytest.mark.parametrize("name", ["pyproject.toml", "x.txt", "guideline.schema.json", "notes"])
def test_init_writes_a_guideline_only_under_a_yaml_name(tmp_path, monkeypatch, name):
    """`init pyproject.toml` wrote YAML into a file every Python tool reads as TOML, and `init
    x.txt` a guideline every command then read as plain prose; `import -o` refused these. Now
    `init` refuses them as `import` does."""
    monkeypatch.chdir(tmp_path)
    one_error_line(run_cli(*INIT, name), "does not end in .yaml")
    assert not (tmp_path / name).exists()


@pytest.mark.slow  # 0.28 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_rules_explain_of_an_id_of_5000_letters_is_one_short_line():
    """`rules explain` of a 5,000-letter id (a paste gone wrong) wrote all 5,000 letters back in
    its one line. Now the id is shown cut at 80 characters."""
    r = run_cli("rules", "explain", "a" * 5000)
    line = one_error_line(r, "no rule", "rules list")
    assert len(line) < 300, len(line)

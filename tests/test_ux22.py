"""Round 22 (ux22): the three user journeys walked again — a regional transit agency's drafter
who starts from a Word guideline, the advisory reviewer on a phone, CI. Each test pins a
stumble: the wrong output is what the user got before the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from lic_policy.guideline_data import walk_sections

from .conftest import newcomer_draft, run_cli


def _lakeshore(folder: Path) -> Path:
    return newcomer_draft("lakeshore").build(folder / "lakeshore-draft.docx")


@pytest.fixture(scope="module")
def lakeshore(tmp_path_factory):
    """The made-up Lakeshore Regional Transit guideline, imported as a drafter does it."""
    from lic_policy import load

    folder = tmp_path_factory.mktemp("lakeshore")
    docx = _lakeshore(folder)
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    path = folder / "lakeshore-draft.yaml"
    return path, r, load(path, validate=False).data


def _section(data: dict, sid: str) -> dict:
    return next(at.section for at in walk_sections(data) if at.section.get("id") == sid)


# --------------------------------------------------------------------------- the drafter's import

@pytest.mark.slow  # 0.33 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_footnote_in_a_list_under_a_lead_in_is_reported_once(lakeshore):
    """A footnote in one of the bullets under “When a rider reports violence or harassment,
    staff:” was said twice (`could not place: a footnote …` on two lines, and two to-do items
    alike): the bullets were read once as clauses of their own and again onto the lead-in."""
    _path, r, data = lakeshore
    line = "could not place: a footnote in “Responding to violence and harassment”"
    assert r.stdout.count(line) == 1, r.stdout
    todo = [t["text"] for t in data["todo"] if "CCTV Retention Standard" in t["text"]]
    assert len(todo) == 1, todo


def test_a_who_to_contact_table_of_services_is_the_services_directory(lakeshore):
    """The table under “Who to contact” (Service · What they do · Phone) made three clauses
    (“Service: … — What they do: … — Phone: …”) and a to-do item to move them to the services
    directory, and `check` then asked for a services directory the draft had: only a heading
    called “Services”, “Resources”, “Referrals” or “Where to get help” was read as one."""
    _path, r, data = lakeshore
    services = data.get("services") or []
    assert [s["organization"] for s in services] == [
        "Lakeshore Sex Workers' Action Network (LSWAN)", "Transit Safety Line", "Carver Community Health Centre"]
    assert services[0]["contact"] == {"phone": "555-0170"}, services[0]
    assert "recognized: 3 services from the table in “Who to contact”" in r.stdout, r.stdout
    assert "could not place: a table" not in r.stdout, r.stdout
    assert not any(s["id"] == "contact" for s in data["sections"]), [s["id"] for s in data["sections"]]


@pytest.mark.parametrize("heading, services", [
    ("Who to contact", True), ("Who to call", True), ("Contacts", True), ("Useful contacts", True),
    ("Key contacts and services", True), ("Contact list", True), ("Where to refer", True),
    ("Contact us", False), ("Contacting the police", False), ("Context", False),
])
def test_which_headings_hold_a_services_table(heading, services):
    from lic_policy.importdoc import SERVICES

    assert bool(SERVICES.match(heading)) is services


def test_a_status_line_under_the_title_gives_the_version_and_the_owner(lakeshore):
    """Under the Title, a bold “Status:” line said “Draft 0.2 for the Community Safety
    Committee. Owner: Manager, Transit Community Safety.” It became the summary, printed under
    the metadata's own “Status: draft” and “Version: 0.1.0”, and the import said `not in the
    document: the owner's role`. Labelled lines under the title are read as a document-control
    table is: the version and the owner go to the metadata, the rest to a to-do item."""
    _path, r, data = lakeshore
    meta = data["metadata"]
    assert meta["version"] == "0.2", meta
    assert meta["owners"] == [{"role": "Manager, Transit Community Safety"}], meta
    assert "summary" not in meta, meta
    assert "not in the document: the owner's role" not in r.stdout, r.stdout
    assert "recognized: the labelled lines under the title (version 0.2, the owner's role in the metadata); its other " \
        "line is a to-do item" \
        in r.stdout, r.stdout
    todo = " ".join(t["text"] for t in data["todo"])
    assert "The labelled lines under the title also said: Status: Draft 0.2 for the Community Safety Committee." \
        in todo, todo


@pytest.mark.parametrize("line, rows", [
    ("**Status:** Draft 0.2 for the Community Safety Committee. Owner: Manager, Transit Community Safety.",
     [("Status", "Draft 0.2 for the Community Safety Committee"), ("Owner", "Manager, Transit Community Safety")]),
    ("Version: 1.3\nOwner: Director of Social Planning\nApproved by: Council",
     [("Version", "1.3"), ("Owner", "Director of Social Planning"), ("Approved by", "Council")]),
    ("Version 1.3 · Owner: Director of Social Planning", None),      # the first has no colon: a sentence
    ("Status: these guidelines are a draft for discussion.", None),  # a status alone fills no field
    ("Note: staff do not call police unless asked. Owner: Director", None),  # "Note" is no control label
    ("Purpose: to keep riders safe.", None),
])
def test_which_lead_lines_are_document_control(line, rows):
    from lic_policy.importdoc import _control_rows

    assert _control_rows(line) == rows


# --------------------------------------------------------------------------- the reviewer's room

@pytest.mark.parametrize("text, name", [
    ("Last winter Tasha got put off the 14 bus at 2am by a driver after she asked for a safe stop.", "Tasha"),
    ("Shauna waited an hour at the station and nobody helped her.", "Shauna"),
    ("When Marcus was stopped by a TCSO, he was asked if he was working.", "Marcus"),
])
def test_a_first_name_a_pronoun_goes_back_to_is_a_person(text, name):
    """A reviewer's comment told what happened to another worker by her first name (“Last winter
    Tasha got put off the 14 bus … after she asked for a safe stop”); the room stored it without
    asking, as the name had none of the words around it that said it was a person (“said”,
    “my friend”, “Ask …”). A first name that “she”, “he”, “her”, “him” or “his” goes back to,
    in the same sentence, is someone's."""
    from lic_policy.privacy import find_identities

    assert [h.text for h in find_identities(text) if h.kind == "name"] == [name]


@pytest.mark.parametrize("text", [
    "Victoria police told her to move on.",                         # a place's name
    "Grace Hospital will see her without a referral.",             # part of a longer name
    "Carver Community Health Centre has a nurse; she is on the van Tuesdays.",
    "Hope is what she asked for.",                                 # an everyday word
    "The driver refused her a safe stop. Tasha is a common name.",  # no pronoun in its sentence
])
def test_a_pronoun_makes_no_name_of_a_place_or_an_organisation(text):
    from lic_policy.privacy import find_identities

    assert [h.text for h in find_identities(text) if h.kind == "name"] == []


def test_the_room_asks_before_it_stores_a_story_about_a_named_worker(tmp_path):
    """The comment was stored and shown to staff (and, in a show-others round, to every
    reviewer) with the worker's name in it. The room now asks first, as it does for “Ask Priya”."""
    import re

    from .webapp import RESPOND_PAGE, advisory_reviewer, send_response

    _room, c = advisory_reviewer(tmp_path)
    whole = re.search(r'id="span-whole" value="(\d+-\d+)"', c.get(RESPOND_PAGE).text).group(1)
    r = send_response(c, span=whole, kind="comment", body="Last winter Tasha got put off the 14 bus at 2am by a driver after "
                      "she asked for a safe stop. Add that drivers can't do that.")
    assert r.status_code == 422 and "Please check" in r.text, r.status_code


# --------------------------------------------------------------------------- CI

def test_the_cache_count_is_said_of_the_files_checked(lakeshore, tmp_path):
    """With a broken file beside a checked one, the GitHub job's summary read “1 file checked: 1
    error, 0 warnings, 0 info; 1 file could not be checked (see the errors above) (1 from
    cache)”: the file from the cache read as the one that could not be checked (and after
    suppressions, as suppressions from the cache). The count goes with the files checked."""
    import shutil

    path, _r, _data = lakeshore
    folder = tmp_path / "policy"
    folder.mkdir()
    shutil.copy(path, folder / "lakeshore.yaml")
    (folder / "broken.yaml").write_text("lic_policy: 1\nmetadata: [\n", encoding="utf-8")
    run_cli("check", str(folder))
    for fmt in ("text", "github"):
        r = run_cli("check", "--format", fmt, str(folder))
        assert r.exit_code == 2
        summary = [line for line in (r.stdout + r.stderr).splitlines() if "file checked" in line][-1]
        assert "1 file checked (1 from cache): " in summary, summary
        assert "could not be checked (see" in summary and "(1 from cache);" not in summary.split("could not")[1], \
            summary


def test_publish_takes_o_for_its_folder_as_the_other_commands_do(lakeshore, tmp_path):
    """`check`, `import`, `diff`, `compare` and `review packet` write where `-o` says; `publish
    … -o pub` said `No such option '-o'`. It names the folder, as `--out` does; a file's name
    there (`-o council.pdf`) is one line saying the files are named after the guideline, not a
    folder called council.pdf."""
    path, _r, _data = lakeshore
    r = run_cli("publish", str(path), "--to", "md", "-o", str(tmp_path / "pub"))
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "pub" / "lakeshore-draft.md").is_file()
    r = run_cli("publish", str(path), "--to", "pdf", "-o", str(tmp_path / "council.pdf"))
    assert r.exit_code == 2
    assert "--out names a folder" in r.stderr and "lakeshore-draft.pdf" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not (tmp_path / "council.pdf").exists()


def test_a_name_in_a_review_thread_is_taken_out_with_review_redact(lakeshore, tmp_path):
    """A comment the room stored with a worker's name in it stopped the review packet (“refusing
    to write a review packet: … (see `lic-policy check --only privacy`)”), and the check said
    “replace the name or contact with a count or a role” — advice for a consultation record, in
    a review file nobody edits by hand. It names the command that takes the words out of that
    thread."""
    import shutil

    path, _r, _data = lakeshore
    g = tmp_path / "lakeshore.yaml"
    shutil.copy(path, g)
    r = run_cli("review", "add", str(g), "--clause", "violence.1", "--quote", "Bad Date Line", "--author", "advisory-7", "--role",
                "sex-worker-advisory", "--body", "Last winter Tasha got put off the 14 bus at 2am after she asked "
                "for a safe stop.")
    assert r.exit_code == 0, r.stderr
    r = run_cli("check", "--only", "privacy", str(g))
    assert r.exit_code == 1, r.stdout
    assert f"suggestion: take the words out of thread t1: `lic-policy review redact {g} t1 --words WORDS`" \
        in r.stdout, r.stdout
    assert "replace the name or contact with a count or a role" not in r.stdout, r.stdout


def test_a_response_to_a_list_is_quoted_without_its_bullets(lakeshore, tmp_path):
    """A comment on the whole of “When a rider reports violence or harassment, staff:” and its
    four bullets was listed under *Your responses* as “When a rider reports violence or
    harassment, staff: - ask …”, and on the staff's round page and in the screen reader's name
    of each thread's Reply the same: the bullets' Markdown. The list's steps are quoted as words."""
    import re

    from .webapp import Room

    (tmp_path / "room").mkdir()
    room = Room(tmp_path / "room", with_review=False, sample=lakeshore[0])
    staff = room.staff()
    rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    page = c.get("/review/respond?part=violence.1%7Ctext").text
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', page, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    whole = re.search(r'id="span-whole" value="(\d+-\d+)"', page).group(1)
    data.update(span=whole, kind="comment", body="Drivers should also be told they can call the Bad Date Line.")
    assert c.post("/review/threads", data=data).status_code == 303
    mine = c.get("/review").text
    yours = re.search(r'<details class="yours".*?</details>', mine, re.S).group(0)
    assert "harassment, staff: ask wha" in yours and "- ask" not in yours, yours
    assert "staff: - ask" not in mine
    assert "staff: - ask" not in staff.get(f"/staff/r/{rid}").text


def test_a_space_inside_bold_stays_between_the_words():
    """LibreOffice keeps the space after a bold lead-in inside the bold (“**Status: **Draft 0.2”),
    and pandoc's .odt reader keeps it there too; the import trimmed it with the bold's markers,
    so the same draft saved as .odt read “**Status:**Draft 0.2 …” (published “Status:Draft”), its
    labelled line was not read, and the version and the owner were missing again."""
    from lic_policy.importdoc import _inline_text

    def s(text):
        return {"t": "Str", "c": text}

    space = {"t": "Space"}
    assert _inline_text([{"t": "Strong", "c": [s("Status:"), space]}, s("Draft")]) == "**Status:** Draft"
    assert _inline_text([s("a"), {"t": "Emph", "c": [space, s("very")]}, s("b")]) == "a *very*b"
    assert _inline_text([{"t": "Strong", "c": [s("Status:"), space]}, s("Draft")], markup=False) == "Status: Draft"


def test_a_footnote_mark_in_a_superscript_says_where_it_stood():
    """LibreOffice wraps a footnote's mark in a superscript, and pandoc's .odt reader keeps it
    there: the draft saved as .odt said `could not place: a footnote in “Purpose”` without the
    `after “…”` the .docx gave, and the drafter looked for the mark in the whole part."""
    from lic_policy.importdoc import _Reader

    note = {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "Commission"}, {"t": "Space"},
                                                   {"t": "Str", "c": "motion."}]}]}
    para = [{"t": "Str", "c": "reports"}, {"t": "Space"}, {"t": "Str", "c": "harassment."},
            {"t": "Superscript", "c": [note]}]
    r = _Reader()
    r.heading(1, "Purpose")
    r.inlines_of(para)
    assert r.unplaced == ["a footnote in “Purpose”, after “reports harassment.”: “Commission motion.”"]

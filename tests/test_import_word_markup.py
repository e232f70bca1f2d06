"""A drafter's Word and LibreOffice files as they really leave a shared drive (issue: ux6):
colleagues' comments and tracked changes nobody accepted, and a LibreOffice .odt whose Title and
Subtitle paragraphs and unmarked table header row pandoc's reader does not see. Each test pins a
stumble: the wrong output is what the drafter saw before the fix. The Word draft is
`tests/data/newcomer/make_kelsey_falls.py` (made-up; its MUST-FLAG sentence is fixture text)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import built_once, newcomer_draft, run_cli, soffice_convert


def _maker():
    return newcomer_draft("kelsey_falls")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kelsey-falls")
    maker = _maker()
    docx = maker.build(folder / "kelsey-falls-draft.docx")
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    return folder / "kelsey-falls-draft.yaml", r, maker


def _yaml(path: Path):
    from lic_policy import load
    return load(path).data


# --------------------------------------------------------------------------- Word comments

@pytest.mark.slow  # 0.36 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_word_comments_are_kept_as_to_do_items_without_their_authors(imported):
    """Two colleagues' comments ("Should we cite the council motion here?") vanished without a
    word: pandoc's reader, told to accept tracked changes, drops comments. Each is now a to-do
    item on the words it was made on, and the import says so; whose comment it was is not kept."""
    path, r, maker = imported
    data = _yaml(path)
    todos = [t["text"] for t in data["todo"]]
    for body in maker.COMMENTS:
        hits = [t for t in todos if body in t]
        assert len(hits) == 1, (body, todos)
        assert hits[0].startswith("The Word file had a comment on “"), hits[0]
        assert re.search(r"could not place: a Word comment on “[^”]+”: “" + re.escape(body), r.stdout), r.stdout
    assert "a Word comment on “This guideline tells City staff" in r.stdout
    assert "a Word comment on “Staff will take the details" in r.stdout
    text = path.read_text(encoding="utf-8")
    assert not [a for a in maker.AUTHORS if a in text or a in r.stdout], "a person's name was carried"
    # the comments are not in the clauses' text
    assert "council motion" not in data["purpose"]


def test_tracked_changes_left_in_are_accepted_and_said(imported):
    """A colleague's tracked changes ("every two years" → "every year", an inserted "recreation
    centre staff;") were accepted without a word, so the drafter could not know the YAML said
    something the draft's author had not agreed to. They are still accepted (as pandoc reads
    the file), and the import lists each, and keeps one to-do item to check them."""
    path, r, maker = imported
    data = _yaml(path)
    review = next(s for s in data["sections"] if s["id"] == "review")
    assert review["clauses"][0]["text"] == "This guideline is reviewed every year with the sex worker advisory group."
    assert "recreation centre staff;" in data["scope"]["text"]
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("accepted: "))
    assert line.startswith("accepted: 2 tracked changes the Word file still had: "), line
    assert "“every two years” → “every year”" in line and "inserted “recreation centre staff;”" in line
    todo = [t["text"] for t in data["todo"] if "tracked change" in t["text"]]
    assert len(todo) == 1 and "“every two years” → “every year”" in todo[0]
    assert not [a for a in maker.AUTHORS if a in r.stdout]


def test_a_word_file_without_comments_or_changes_says_nothing_of_them(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("Town of Elm Sex Work Response Guideline", 1)
    doc.add_heading("Purpose", 2)
    doc.add_paragraph("Staff keep sex workers and everyone else safe.")
    doc.save(tmp_path / "plain.docx")
    r = run_cli("import", str(tmp_path / "plain.docx"))
    assert r.exit_code == 0, r.stderr
    assert "accepted:" not in r.stdout and "Word comment" not in r.stdout


# --------------------------------------------------------------------------- LibreOffice .odt

ODT_MD = """---
title: Town of Alder Creek Sex Work Response Guideline
subtitle: Draft for discussion, May 2027
---

# Purpose

Staff respond to sex work with the safety of sex workers first.

# Review

This guideline is reviewed every two years with the advisory group.

# Services

| Organization | What they offer | Contact |
|---|---|---|
| Alder Creek Outreach | Night outreach, harm reduction supplies | 250-555-0101 |
| Creekside Clinic | Sexual health, testing | 250-555-0102 |
"""


def _odt(tmp_path: Path, *, header_row: bool = True, edits: bool = False) -> Path:
    """An .odt as LibreOffice stores one (pandoc writes the same Title and Subtitle paragraph
    styles and table markup): ``header_row=False`` leaves the table's header row unmarked (a
    table made in Word and saved by LibreOffice); ``edits`` adds a comment (office:annotation)
    and a tracked replacement as LibreOffice Writer stores them."""
    from lic_policy.publish.pandoc import run

    def write(folder: Path) -> None:
        run(ODT_MD, from_="markdown", to="odt", args=["--standalone"], output=folder / "alder.odt")

    # pandoc's .odt of ODT_MD, written once per test run (eight tests start from it)
    out = tmp_path / "alder.odt"
    shutil.copy(built_once("import-word-markup-alder-odt", write) / "alder.odt", out)
    with zipfile.ZipFile(out) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    fixed = []
    for info, data in items:
        if info.filename == "content.xml":
            x = data.decode("utf-8")
            if not header_row:
                x = x.replace("<table:table-header-rows>", "").replace("</table:table-header-rows>", "")
            if edits:
                who = "<office:change-info><dc:creator>Sam Whitfield</dc:creator><dc:date>2027-05-02T10:00:00" \
                      "</dc:date></office:change-info>"
                regions = ('<text:tracked-changes text:track-changes="true"><text:changed-region xml:id="ct1" '
                           f'text:id="ct1"><text:deletion>{who}<text:p>every two years</text:p></text:deletion>'
                           '</text:changed-region><text:changed-region xml:id="ct2" text:id="ct2"><text:insertion>'
                           f'{who}</text:insertion></text:changed-region></text:tracked-changes>')
                x = re.sub(r"(<office:text[^>]*>)", lambda m: m.group(1) + regions, x, count=1)
                assert "reviewed every two years" in x
                x = x.replace("reviewed every two years", 'reviewed <text:change text:change-id="ct1"/>'
                              '<text:change-start text:change-id="ct2"/>every year<text:change-end '
                              'text:change-id="ct2"/>', 1)
                x = x.replace("with the safety of sex workers first.", 'with the <office:annotation office:name="a1">'
                              '<dc:creator>Sam Whitfield</dc:creator><dc:date>2027-05-02T10:01:00</dc:date>'
                              '<text:p>Say who decides what safety means here.</text:p></office:annotation>safety of '
                              'sex workers<office:annotation-end office:name="a1"/> first.', 1)
            data = x.encode("utf-8")
        fixed.append((info, data))
    with zipfile.ZipFile(out, "w") as z:
        for info, data in fixed:
            z.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    return out


def test_odt_title_and_subtitle_paragraphs_are_the_title_and_summary(tmp_path):
    """A LibreOffice .odt's Title paragraph was not read as the title: the guideline was called
    “Purpose” (id `purpose`), its jurisdiction was not recognized, and the title and subtitle
    became the first paragraphs of the purpose."""
    odt = _odt(tmp_path)
    r = run_cli("import", str(odt), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    data = _yaml(tmp_path / "alder.yaml")
    assert data["metadata"]["title"] == "Town of Alder Creek Sex Work Response Guideline"
    assert data["metadata"]["id"] == "town-of-alder-creek-sex-work-response-guideline"
    assert data["metadata"]["summary"] == "Draft for discussion, May 2027"
    assert data["metadata"]["jurisdiction"]["name"] == "Town of Alder Creek"
    assert data["purpose"].strip() == "Staff respond to sex work with the safety of sex workers first."


def test_odt_services_table_without_a_marked_header_row(tmp_path):
    """A table typed in Word has no header row marked as one; saved by LibreOffice as .odt,
    pandoc reads its first row as data, and the services table became clauses
    ("Organization — What they offer — Contact") instead of the services directory."""
    odt = _odt(tmp_path, header_row=False)
    r = run_cli("import", str(odt), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    data = _yaml(tmp_path / "alder.yaml")
    assert [s["organization"] for s in data.get("services", [])] == ["Alder Creek Outreach", "Creekside Clinic"]
    assert "Organization — " not in (tmp_path / "alder.yaml").read_text(encoding="utf-8")


def test_odt_comments_and_tracked_changes_are_said(tmp_path):
    """LibreOffice comments and tracked changes in an .odt were dropped and accepted without a
    word, as in a Word file."""
    odt = _odt(tmp_path, edits=True)
    r = run_cli("import", str(odt), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    data = _yaml(tmp_path / "alder.yaml")
    text = (tmp_path / "alder.yaml").read_text(encoding="utf-8")
    assert "reviewed every year with" in text and "every two years" not in data["sections"][0]["clauses"][0]["text"]
    assert "a comment on “safety of sex workers”: “Say who decides what safety means here.”" in r.stdout, r.stdout
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("accepted: "))
    assert "“every two years” → “every year”" in line, line
    assert "Whitfield" not in text and "Whitfield" not in r.stdout


def _patched_odt(tmp_path: Path, change) -> Path:
    odt = _odt(tmp_path)
    with zipfile.ZipFile(odt) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(odt, "w") as z:
        for info, data in items:
            if info.filename == "content.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    return odt


@pytest.mark.parametrize("count", ["abc", "100000", "-5"])
def test_odt_space_counts_that_are_not_small_numbers(tmp_path, count):
    """The title paragraph's text is read from content.xml, where <text:s text:c="N"/> stands
    for N spaces: a count that is not a number was a traceback (and pandoc itself gives up on
    a count in the billions, as one line)."""
    odt = _patched_odt(tmp_path, lambda x: x.replace("Town of Alder", f'Town<text:s text:c="{count}"/>of Alder', 1))
    r = run_cli("import", str(odt), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    assert _yaml(tmp_path / "alder.yaml")["metadata"]["title"] == "Town of Alder Creek Sex Work Response Guideline"


def test_odt_nested_thousands_deep_is_one_line(tmp_path):
    deep = "<text:span>" * 5000 + "deep" + "</text:span>" * 5000
    odt = _patched_odt(tmp_path, lambda x: x.replace("Staff respond", deep + " Staff respond", 1))
    r = run_cli("import", str(odt), "--owner-role", "Director of Community Services")
    assert r.exit_code in (0, 2) and "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    if r.exit_code == 2:
        assert len(r.stderr.strip().splitlines()) == 1 and "alder.odt" in r.stderr


# --------------------------------------------------------------------------- a packet LibreOffice edited

def _writer_edits(odt: Path, out: Path) -> Path:
    """What a reviewer does in LibreOffice Writer with Track Changes on, stored as Writer stores
    it: "every year" replaced by "every year, paid,", words inserted after "rather than the
    police", a comment on "parks crews collect them"."""
    with zipfile.ZipFile(odt) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    who = ("<office:change-info><dc:creator>Sunflower Reyes</dc:creator><dc:date>2027-01-20T18:30:00</dc:date>"
           "</office:change-info>")
    regions = ('<text:tracked-changes text:track-changes="true">'
               f'<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>{who}<text:p>every year</text:p>'
               '</text:deletion></text:changed-region>'
               f'<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion>{who}</text:insertion>'
               '</text:changed-region>'
               f'<text:changed-region xml:id="ct3" text:id="ct3"><text:insertion>{who}</text:insertion>'
               '</text:changed-region></text:tracked-changes>')
    with zipfile.ZipFile(out, "w") as z:
        for info, data in items:
            if info.filename == "content.xml":
                x = data.decode("utf-8")
                x = re.sub(r"(<office:text[^>]*>)", lambda m: m.group(1) + regions, x, count=1)
                for old, new in (
                        ("is reviewed every year with", 'is reviewed <text:change text:change-id="ct1"/><text:change-start '
                         'text:change-id="ct2"/>every year, paid,<text:change-end text:change-id="ct2"/> with'),
                        ("team rather than the police.", 'team rather than the police<text:change-start text:change-id='
                         '"ct3"/> and tell the person who called what will happen<text:change-end text:change-id="ct3"/>.'),
                        ("; parks crews collect them.", '; <office:annotation office:name="ux6a"><dc:creator>Sunflower '
                         'Reyes</dc:creator><dc:date>2027-01-20T18:31:00</dc:date><text:p>Good. Please also say staff '
                         'will not search people for needles.</text:p></office:annotation>parks crews collect them'
                         '<office:annotation-end office:name="ux6a"/>.')):
                    assert x.count(old) == 1, old
                    x = x.replace(old, new)
                data = x.encode("utf-8")
            z.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    return out


@pytest.mark.slow
def test_a_packet_edited_and_saved_in_libreoffice_is_read_back(imported, tmp_path):
    """Earlier rounds only tested packets Word had edited: a reviewer with LibreOffice opens the
    packet, edits with Track Changes on, comments, and saves it as .docx — LibreOffice writes
    the whole file anew (its own runs, ids, bookmarks, comment parts). Opened and saved with no
    edits it adds nothing; edited, each change and the comment come back on their clause, and
    the reviewer's LibreOffice user name is not stored."""
    path, _r, _maker = imported
    g = tmp_path / "kf.yaml"
    g.write_bytes(path.read_bytes())
    packet = tmp_path / "kf.packet.docx"
    r = run_cli("review", "packet", str(g), "-o", str(packet))
    assert r.exit_code == 0, r.stderr
    saved = soffice_convert(packet, "docx:MS Word 2007 XML", tmp_path / "saved")
    r = run_cli("review", "import", str(saved), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("nothing to import: "), r.stdout  # the packet as sent, saved again
    odt = soffice_convert(packet, "odt", tmp_path / "odt")
    edited = _writer_edits(odt, tmp_path / "edited.odt")
    back = soffice_convert(edited, "docx:MS Word 2007 XML", tmp_path / "back")
    r = run_cli("review", "import", str(back), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("added 1 comment(s), 2 suggestion(s), 0 reply(ies)") and "0 not placed" in r.stdout, \
        r.stdout
    listed = run_cli("review", "list", str(g)).stdout
    assert "suggestion on review.1" in listed and "suggests: “every year, paid,”" in listed, listed
    assert "suggestion on resident-calls.2" in listed and \
        "and tell the person who called what will happen" in listed
    assert "comment on discarded-needles.1" in listed and "will not search people for needles" in listed
    review = (tmp_path / "kf.review.yaml").read_text(encoding="utf-8")
    assert "Sunflower" not in review and "Reyes" not in review


def test_the_violence_priority_finding_says_what_to_write(imported):
    """The imported draft has its violence section but no priorities; the finding said "add a
    priority that refers to violence-against-sex-workers" and its suggestion "add a section with
    protocol: …" — a drafter could not tell what "refers to" meant in the YAML, and the section
    was already there. The suggestion names the field and the section's id to put in it; the
    message, which reviewers read in the packet and the room, stays in plain words."""
    path, _r, _maker = imported
    out = run_cli("check", "--no-cache", "--only", "coverage.violence-protocol", str(path)).stdout
    assert "violence against sex workers has a protocol but is not among the priorities: make it one" in out, out
    assert ("suggestion: add a priority under `priorities:` whose `refs:` lists `violence`, "
            "the id of the section with the protocol") in out, out
    assert "add a section with protocol" not in out


def test_a_word_comment_naming_someone_is_caught_before_the_packet_goes_out(imported, tmp_path):
    """Imported Word comments are to-do items, and the review packet shows the draft's to-do
    items to the advisory reviewers; the privacy reviewer did not look at to-do items, so a
    colleague's "Ask Jordan Avery (jordan.avery@…, 250-555-0199)" went out in the packet. The
    to-do items are checked like the consultation record (masked in the message)."""
    path, _r, _maker = imported
    g = tmp_path / "named.yaml"
    g.write_text(path.read_text(encoding="utf-8").replace(
        "Should we cite the council motion here?",
        "Ask Jordan Avery (jordan.avery@kelseyfalls.example, 250-555-0199) for the motion number."),
        encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1, r.stdout
    assert r.stdout.count("privacy.participant-identity") >= 2 and "the to-do items" in r.stdout, r.stdout
    assert "jordan.avery@" not in r.stdout and "Jordan Avery" not in r.stdout
    clean = run_cli("check", "--no-cache", "--only", "privacy", str(path))
    assert clean.exit_code == 0, clean.stdout  # the import's own to-do sentences name nobody


def test_a_council_motion_number_is_not_a_phone_number():
    """"Council motion 2026-114" (the Port Alder draft's footnote, kept as a to-do item) was
    read as a phone number once the to-do items were checked; the numbers councils give their
    motions, resolutions, bylaws and reports are not phones."""
    from lic_policy.privacy.contact import phones

    for text in ("Council motion 2026-114, adopted 14 October 2026.", "Resolution 2027-0311 of the board.",
                 "Bylaw 2019-4471 is repealed.", "see report 2026-118 to Council", "By-law No. 2020-1155"):
        assert list(phones(text)) == [], text
    assert list(phones("Call 250-555-0199 after six."))  # a phone is still one


def test_no_review_packet_carries_a_name_to_the_reviewers(imported, tmp_path):
    """The review packet goes to people outside the team and shows the draft's to-do items;
    with a colleague's Word comment naming someone among them it was written all the same. It
    is refused, as publish refuses, and says where (never the name)."""
    path, _r, _maker = imported
    g = tmp_path / "named.yaml"
    g.write_text(path.read_text(encoding="utf-8").replace(
        "Should we cite the council motion here?", "Ask jordan.avery@kelseyfalls.example for the motion number."),
        encoding="utf-8")
    r = run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 1 and not (tmp_path / "p.docx").exists()
    assert "refusing to write a review packet" in r.stderr and "identity finding" in r.stderr, r.stderr
    assert "jordan" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    ok = run_cli("review", "packet", str(path), "-o", str(tmp_path / "ok.docx"))
    assert ok.exit_code == 0, ok.stderr


def test_a_packet_saved_as_odt_by_libreoffice_gets_a_way_forward(imported, tmp_path):
    """LibreOffice asks whether to keep Word's format when saving; a reviewer who chose its own
    (.odt) sent back a file `review import` refused with "not a Word .docx file (no
    word/document.xml inside) (save the file from Word as .docx)" — advice for someone without
    Word. It says what the file is and how to save it from LibreOffice as .docx."""
    path, _r, _maker = imported
    odt = _odt(tmp_path)
    r = run_cli("review", "import", str(odt), "--guideline", str(path), "--role", "sex-worker-advisory")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "an OpenDocument (.odt) file" in r.stderr and "Word 2007-365 (.docx)" in r.stderr, r.stderr
    named_docx = tmp_path / "renamed.docx"  # the same file with a .docx name
    named_docx.write_bytes(odt.read_bytes())
    r = run_cli("review", "import", str(named_docx), "--guideline", str(path), "--role", "sex-worker-advisory")
    assert r.exit_code == 2 and "an OpenDocument (.odt) file" in r.stderr, r.stderr

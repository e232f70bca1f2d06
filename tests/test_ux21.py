"""Round 21 (ux21): the three user journeys walked again — a health authority's drafter who
starts from a Word protocol, the advisory reviewer on a phone, CI. Each test pins a stumble: the
wrong output is what the user got before the fix."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from lic_policy.guideline_data import walk_sections

from .conftest import newcomer_draft, run_cli


def _tidewater(folder: Path) -> Path:
    return newcomer_draft("tidewater").build(folder / "tidewater-draft.docx")


@pytest.fixture(scope="module")
def tidewater(tmp_path_factory):
    """The made-up Tidewater Health Authority outreach protocol, imported as a drafter does it."""
    from lic_policy import load

    folder = tmp_path_factory.mktemp("tidewater")
    docx = _tidewater(folder)
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    path = folder / "tidewater-draft.yaml"
    return path, r, load(path, validate=False).data


def _section(data: dict, sid: str) -> dict:
    return next(at.section for at in walk_sections(data) if at.section.get("id") == sid)


# --------------------------------------------------------------------------- the drafter's import

@pytest.mark.slow  # 0.38 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_document_control_table_above_the_title_is_read(tidewater):
    """Health authorities open a protocol with its document-control table (number, version,
    owner, dates) above the Title. It was left out as a letterhead, so the import said `not in
    the document: the owner's role` of a draft whose table named it, and the protocol number and
    dates were one quoted line in a to-do item about a letterhead."""
    _path, r, data = tidewater
    assert data["metadata"]["owners"] == [{"role": "Director, Harm Reduction Services"}], data["metadata"]
    assert data["metadata"]["version"] == "0.6"
    assert "not in the document: the owner's role" not in r.stdout, r.stdout
    assert "letterhead" not in r.stdout, r.stdout
    assert "recognized: the document-control table" in r.stdout, r.stdout
    todo = " ".join(t["text"] for t in data["todo"])
    assert "Protocol number: PPH-OUT-014" in todo, todo


def test_a_title_that_names_a_health_authority_is_the_jurisdiction(tidewater):
    """Word's Title “Tidewater Health Authority” over the Subtitle “Sex Worker Outreach Protocol”
    made the guideline “Tidewater Health Authority” with the protocol's name as its summary, a
    placeholder jurisdiction of kind municipality and a to-do to name it. A Title that only names
    a health authority (or a police service) is the jurisdiction, as “City of Harbourview” is."""
    _path, r, data = tidewater
    meta = data["metadata"]
    assert meta["title"] == "Sex Worker Outreach Protocol", meta
    assert meta["jurisdiction"] == {"name": "Tidewater Health Authority", "kind": "health-authority"}, meta
    assert meta["id"] == "tidewater-health-authority-sex-worker-outreach-protocol", meta
    assert "summary" not in meta, meta
    assert "not in the document: the jurisdiction" not in r.stdout, r.stdout


@pytest.mark.parametrize("title, expected", [
    ("Tidewater Health Authority", ("Tidewater Health Authority", "health-authority")),
    ("Island Health", ("Island Health", "health-authority")),
    ("Vancouver Coastal Health", ("Vancouver Coastal Health", "health-authority")),
    ("Cedar Harbour Police Service", ("Cedar Harbour Police Service", "police-service")),
    ("Riverbend Police Department", ("Riverbend Police Department", "police-service")),
    ("Public Health", None), ("Sexual Health", None), ("Community Health Services", None),
    ("Sex Work Response Guidelines", None),
])
def test_which_titles_name_an_organisation(title, expected):
    from lic_policy.importdoc import organisation_title

    assert organisation_title(title) == expected


def test_lettered_sub_headings_lose_their_number(tidewater):
    """“F.1 Making contact” kept its number: the council PDF read “6.1 F.1 Making contact”, and
    the part's id was `f-1-making`."""
    _path, _r, data = tidewater
    practice = _section(data, "outreach-practice")
    assert [(s["id"], s["title"]) for s in practice["sections"]] == [
        ("making-contact", "Making contact"), ("supplies", "Supplies")], practice["sections"]


def test_a_one_cell_call_out_box_is_a_clause_without_a_to_do(tidewater):
    """A “Note:” in a one-cell shaded table (how protocols set a call-out apart) made a to-do item
    about “a table … (1 row, 1 columns)” whose rows “became clauses”; it is one clause, as the
    paragraph it is."""
    _path, r, data = tidewater
    clauses = [c["text"] for c in _section(data, "making-contact")["clauses"]]
    assert clauses[-1].startswith("Note: outreach staff do not share information with police"), clauses
    assert "1 columns" not in r.stdout and "(1 row" not in r.stdout, r.stdout
    assert not [t for t in data["todo"] if "Making contact" in t["text"]], data["todo"]


def test_a_numbered_step_ending_in_a_colon_keeps_its_sub_steps(tidewater):
    """Step 4 “When a sex worker tells an outreach worker about violence:” (Word's List Number)
    and its sub-steps in List Number 2 became four clauses, the lead-in alone and each sub-step
    without it (“listen, and ask what the person needs right now;”); the step keeps them."""
    _path, _r, data = tidewater
    clauses = [c["text"] for c in _section(data, "violence")["clauses"]]
    assert len(clauses) == 2, clauses
    assert clauses[0].startswith("When a sex worker tells an outreach worker about violence:\n\n1. listen,"), clauses[0]
    assert "3. offer to make a bad date report" in clauses[0], clauses[0]
    assert clauses[1].startswith("Call 911 only if"), clauses


def test_a_roles_table_counts_its_rows_without_the_header(tidewater):
    """The roles table has three roles under a header row; the import said “(4 rows, 3
    columns)”, and the drafter looked for a fourth clause."""
    _path, r, data = tidewater
    assert "a table in “Roles and responsibilities” (3 rows under a header row, 3 columns)" in r.stdout, r.stdout
    assert len(_section(data, "roles-responsibilities")["clauses"]) == 3


def test_an_endnote_is_called_an_endnote(tidewater):
    """The Youth section's endnote was reported as “a footnote”; the drafter looked for one at
    the foot of the page."""
    _path, r, _data = tidewater
    assert "could not place: an endnote in “Youth”" in r.stdout, r.stdout
    assert "a footnote in “Youth”" not in r.stdout


# --------------------------------------------------------------------------- the review packet

def _annotation_ids(docx: Path) -> dict:
    with zipfile.ZipFile(docx) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    ids: dict = {}
    for tag, i in re.findall(r"<w:(ins|del|moveFrom|moveTo|commentRangeStart|bookmarkStart) [^>]*?w:id=\"(\d+)\"",
                             doc):
        ids.setdefault(tag, []).append(int(i))
    return ids


def test_the_packet_s_tracked_changes_and_comments_have_their_own_ids(tmp_path):
    """Word numbers comments, tracked changes and bookmarks from one set: the packet wrote
    insertions 1 and 2 beside comments 0, 1 and 2 (pandoc numbers its changes, we numbered the
    comments), which Word can report as unreadable content."""
    import shutil

    from .conftest import GOOD

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    old = tmp_path / (GOOD.stem + "-old.yaml")
    shutil.copy(GOOD, old)
    text = g.read_text(encoding="utf-8")
    # two changed clauses and a comment on a third
    changed = re.sub(r"(text: \|-?\n\s+)(\S)", r"\1Newly \2", text, count=2)
    assert changed != text
    g.write_text(changed, encoding="utf-8")
    for clause, quote in (("response.violence.1", "call 911"), ("response.complaints.1", "record the specific issue")):
        r = run_cli("review", "add", str(g), "--clause", clause, "--quote", quote, "--body", "Who decides this?",
                    "--author", "swadv-advisory", "--role", "sex-worker-advisory")
        assert r.exit_code == 0, r.stderr
    r = run_cli("review", "packet", str(g), "--since", str(old), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 0, r.stderr
    ids = _annotation_ids(tmp_path / "p.docx")
    changes = ids.get("ins", []) + ids.get("del", []) + ids.get("moveFrom", []) + ids.get("moveTo", [])
    comments = ids.get("commentRangeStart", [])
    assert changes and comments, ids
    assert len(set(changes)) == len(changes)
    assert not set(changes) & set(comments), ids
    assert not set(changes + comments) & set(ids.get("bookmarkStart", [])), ids


def test_unique_revision_ids_renumbers_only_the_changes(tmp_path):
    from lic_policy.review.packet import unique_revision_ids

    doc = ('<w:document xmlns:w="w"><w:body><w:p><w:commentRangeStart w:id="0"/><w:ins w:id="0" w:author="a">'
           '<w:r><w:t>x</w:t></w:r></w:ins><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
           '<w:del w:id="1" w:author="a"><w:r><w:delText>y</w:delText></w:r></w:del>'
           '<w:bookmarkStart w:id="2" w:name="b"/><w:bookmarkEnd w:id="2"/></w:p></w:body></w:document>')
    path = tmp_path / "d.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", doc)
    unique_revision_ids(path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        out = z.read("word/document.xml").decode("utf-8")
    assert names == ["[Content_Types].xml", "word/document.xml"]
    assert '<w:ins w:id="3" w:author="a">' in out and '<w:del w:id="4" w:author="a">' in out, out
    assert out.replace('w:id="3"', 'w:id="0"', 1).replace('w:id="4"', 'w:id="1"', 1) == doc


# --------------------------------------------------------------------------- words reviewers read

@pytest.mark.parametrize("message, expected", [
    ("status is 'draft' but there is no consultation record: record how current and former sex workers took part "
     "in the design stage",
     "this is a draft, but there is no consultation record: record how current and former sex workers took part "
     "in the design stage"),
    ("status is 'approved' but the design and review stages are not recorded",
     "this version is marked approved, but the design and review stages are not recorded"),
    ("review stage is still 'planned' but the status is 'in-review': record it as completed",
     "review stage is still planned, but this version is in review: record it as completed"),
    ("there is no protocol for concerns from residents and businesses: add a section with `protocol: complaints` "
     "that starts with outreach and conversation, not enforcement",
     "there is no protocol for concerns from residents and businesses: add a part that starts with outreach and "
     "conversation, not enforcement"),
    ("there is no protocol for the sexual exploitation of youth: add a section with "
     "`protocol: youth-sexual-exploitation` (a duty to report, youth-serving services, never charging the young "
     "person)",
     "there is no protocol for the sexual exploitation of youth: add a part on it (a duty to report, youth-serving "
     "services, never charging the young person)"),
    ("the consultation record does not say participation was voluntary — record `voluntary: true` (no one is "
     "required to take part)",
     "the consultation record does not say participation was voluntary — record that it was (no one is required "
     "to take part)"),
    ("seats without a vote or a sign-off are consultation, not decision power — set votes or sign_off",
     "seats without a vote or a sign-off are consultation, not decision power — give those seats votes or a "
     "sign-off"),
])
def test_points_for_reviewers_speak_of_the_document_not_its_fields(message, expected):
    """The review packet's and the review room's *Points about the whole document* read “Status is
    'draft' but …” and “add a section with protocol: complaints that …”: the YAML's words, to
    advisory reviewers who never open it."""
    from lic_policy.review.packet import plain_words

    assert plain_words(message) == expected


def test_the_packet_s_points_about_the_whole_document_are_plain(tidewater, tmp_path):
    path, _r, _data = tidewater
    out = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(path), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode("utf-8")))
    assert "Points about the whole document" in text
    assert "This is a draft, but there is no consultation record" in text, text[:3000]
    for jargon in ("Status is", "status is '", "protocol: complaints", "add a section with"):
        assert jargon not in text, jargon


def test_the_room_s_points_about_the_whole_document_are_plain(tmp_path):
    from .webapp import draft_rounds

    _room, _hidden, shown = draft_rounds(tmp_path)
    points = shown[shown.index("Points about the whole document"):]
    points = points[:points.index("</details>")]
    assert "add a part" in points, points
    for jargon in ("`", "protocol: violence", "voluntary: true", "sign_off"):
        assert jargon not in points, (jargon, points)


# --------------------------------------------------------------------------- the published PDF

def test_a_check_box_in_a_clause_is_drawn_in_the_pdf(tidewater, tmp_path):
    """The draft's shift checklist (“☐ Van stocked and supplies logged”) printed a crossed box, the
    missing-glyph mark, in the PDF: Libertinus Serif has no ☐, and typst's own fallback did not
    find one. The PDF names a second font that has it (DejaVu Sans Mono, which typst carries)."""
    pypdf = pytest.importorskip("pypdf")
    path, _r, _data = tidewater
    r = run_cli("publish", str(path), "--to", "pdf", "--out", str(tmp_path))
    assert r.exit_code == 0, r.stderr
    fonts = set()
    for page in pypdf.PdfReader(str(tmp_path / "tidewater-draft.pdf")).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")).split("+")[-1])
    assert any(f.startswith("DejaVuSansMono") for f in fonts), fonts


# --------------------------------------------------------------------------- the review room on a phone

def test_the_please_check_page_says_which_words_the_response_is_about(tmp_path):
    """A reviewer on a phone chose a sentence on the Respond page, wrote a comment naming someone
    and pressed Send: *Please check* showed their words and the buttons, but not what they were
    responding to (the Respond page, with the sentence, was gone). It says so now, as the Respond
    page does: the part's heading and the chosen words."""
    import html as _html

    from .webapp import RESPOND_PAGE, advisory_reviewer, send_response

    _room, c = advisory_reviewer(tmp_path)
    page = c.get(RESPOND_PAGE).text
    span, sentence = re.search(r'id="span-2" value="(\d+-\d+)" data-words="([^"]*)"', page).groups()
    r = send_response(c, span=span, kind="comment", body="Ask Priya, she knows the outreach team.")
    assert r.status_code == 422 and "Please check" in r.text, r.status_code
    about = re.search(r'<p class="about">(.*?)</p>', r.text, re.S)
    assert about, r.text[r.text.index("<main"):][:1500]
    text = _html.unescape(re.sub(r"<[^>]+>", "", about.group(1)))
    assert " ".join(_html.unescape(sentence).split()) in " ".join(text.split()), text
    # typed words are shown as typed
    r = send_response(c, span="words", quote="call 911", kind="comment", body="Ask Priya, she knows.")
    text = _html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="about">(.*?)</p>', r.text, re.S).group(1)))
    assert "call 911" in text, text


# --------------------------------------------------------------------------- CI

def test_a_check_with_a_baseline_does_not_say_publish_it(tidewater, tmp_path):
    """With every finding of the draft (3 errors among them) held back by `--baseline`, the
    check's `next:` line said to send it for review or publish it, as of a clean guideline. It
    says the baseline's findings are still there, and how to list them."""
    import shutil

    path, _r, _data = tidewater
    g = tmp_path / path.name
    shutil.copy(path, g)
    base = tmp_path / "baseline.json"
    assert run_cli("check", str(g), "--format", "json", "-o", str(base)).exit_code == 1
    r = run_cli("check", str(g), "--baseline", str(base))
    assert r.exit_code == 0, r.stderr
    nxt = [x for x in r.stderr.splitlines() if x.startswith("next:")]
    assert nxt, r.stderr
    assert "publish" not in nxt[0] and "review packet" not in nxt[0], nxt
    assert "baseline" in nxt[0] and "without --baseline" in nxt[0], nxt
    # a new finding: what to do about it, and the baseline's are still mentioned
    g.write_text(g.read_text(encoding="utf-8").replace("Ask before offering anything", "Ask the prostitutes before "
                                                       "offering anything"), encoding="utf-8")
    r = run_cli("check", str(g), "--baseline", str(base))
    nxt = [x for x in r.stderr.splitlines() if x.startswith("next:")][0]
    assert "fix --write" in nxt and "publish" not in nxt, nxt


def test_two_copies_of_the_version_sent_are_named(tidewater, tmp_path):
    """`review packet --since 0.6` outside git, with the copy the last packet's next: line asked
    for and a second one the drafter had made, said “no copy of it with that version is beside
    it”; it names both and says to pass the one the reviewers have."""
    import shutil

    path, _r, _data = tidewater
    g = tmp_path / path.name
    shutil.copy(path, g)
    shutil.copy(path, tmp_path / "tidewater-draft-0.6.yaml")
    shutil.copy(path, tmp_path / "tidewater-draft-sent.yaml")
    r = run_cli("review", "packet", str(g), "--since", "0.6")
    assert r.exit_code == 2, r.stderr
    assert "no copy" not in r.stderr, r.stderr
    assert "2 copies" in r.stderr and "tidewater-draft-0.6.yaml, tidewater-draft-sent.yaml" in r.stderr, r.stderr
    assert "--since tidewater-draft-0.6.yaml" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr

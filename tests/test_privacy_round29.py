"""privacy29: an adversarial audit of what the tool writes, stores and prints about reviewers.

What a reviewer's returned Word file, a reviewer's own words in the room and the handles people
are given could still let someone recover who they are:

- `lic-policy import` quoted a picture's description in a to-do item and on the terminal;
  Word 2007–2010 fill that description in with the picture's file path
  (`C:\\Users\\mokonkwo\\Pictures\\…`), the login of whoever inserted it;
- `review import` printed a reviewer's words it could not import (an edit made with Track
  Changes off, a comment it could not place, a footnote …) as written, a name or phone number
  they typed included, on the terminal and in `--format json` (a CI log), where `lic-policy
  import` masks what it prints;
- the detectors missed “It's Maggie from PACE” (the “it's” cue never matched: the words are
  read as a possessive “it”), “Maria here, I ran the van”, an international number whose
  range the metadata does not list (`+44 7700 900123`), Reddit's `u/name`, a bare Bluesky
  handle (`maggieo.bsky.social`), a Cash App `$cashtag` and a Venmo or PayPal username after
  the app's name, and masked only the end of an address written out with a “dot” in its first
  part (`maggie dot o at gmail dot com` showed “maggie dot”);
- a handle that is a surname and no English word (`okonkwo`, `advisory-wagner`) was taken
  as a made-up handle, by `review add`, the room's invitations and `review import`'s
  `handle (role)` Word user names.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from lic_policy.privacy import find_identities, handle_problem, redact

from .conftest import run_cli

PATH = "C:\\Users\\mokonkwo\\Pictures\\margaret-okonkwo-headshot.jpg"
# the smallest PNG: one transparent pixel
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _word_with_pictures(tmp_path: Path, *alts: str) -> Path:
    """A Word file with a picture after the consultation's sentence for each description in
    ``alts``, written as Word writes one (`wp:docPr descr`, the picture in `word/media`)."""
    from html import escape

    from lic_policy.review.packet import run_pandoc

    md = ("# Sex Work Response Guidelines\n\n## Purpose\n\nThese guidelines set out how staff respond to sex "
          "work.\n\n## Consultation\n\nTwelve current and former sex workers took part in three sessions.\n\n"
          "## Enforcement\n\nBylaw officers respond to complaints with outreach first.\n")
    plain = tmp_path / "plain.docx"
    run_pandoc(md, from_="markdown", to="docx", output=plain)
    with zipfile.ZipFile(plain) as z:
        files = {n: z.read(n) for n in z.namelist()}
    pictures = "".join(
        f'<w:r><w:drawing><wp:inline><wp:extent cx="95250" cy="95250"/><wp:docPr id="{70 + i}" '
        f'name="Picture {70 + i}" descr="{escape(alt)}"/><a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}">'
        f'<pic:pic xmlns:pic="{PIC}"><pic:nvPicPr><pic:cNvPr id="{70 + i}" name="photo.png"/><pic:cNvPicPr/>'
        '</pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdPic"/></pic:blipFill><pic:spPr/></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>' for i, alt in enumerate(alts))
    doc = files["word/document.xml"].decode("utf-8")
    doc, n = re.subn(r"(took part in three sessions\.</w:t>\s*</w:r>)", lambda m: m.group(1) + pictures, doc)
    assert n == 1
    files["word/document.xml"] = doc.encode("utf-8")
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/image" Target="media/photo.png"/></Relationships>')
    files["word/media/photo.png"] = PNG
    out = tmp_path / "draft.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out


def test_import_does_not_quote_a_picture_s_file_path(tmp_path):
    docx = _word_with_pictures(tmp_path, PATH)
    with zipfile.ZipFile(docx) as z:
        assert "mokonkwo" in z.read("word/document.xml").decode("utf-8")  # the description Word kept
    out = tmp_path / "g.yaml"
    r = run_cli("import", str(docx), "-o", str(out))
    assert r.exit_code == 0, r.stdout + r.stderr
    written = out.read_text(encoding="utf-8")
    for told in (written, r.stdout + r.stderr):
        assert "okonkwo" not in told.lower() and "Users" not in told, told
    # the picture is still named where it was, with what to do about it
    assert "could not place an image in “Consultation”" in written
    assert "could not place: an image in “Consultation”" in r.stdout + r.stderr


def test_import_still_quotes_a_picture_s_description_in_words(tmp_path):
    docx = _word_with_pictures(tmp_path, "Map of the drop-in centres", "headshot.jpg",
                               "/home/mokonkwo/Pictures/van", "Before/after the move")
    out = tmp_path / "g.yaml"
    r = run_cli("import", str(docx), "-o", str(out))
    assert r.exit_code == 0, r.stdout + r.stderr
    written = out.read_text(encoding="utf-8")
    assert "(“Map of the drop-in centres”)" in written and "(“Map of the drop-in centres”)" in r.stdout
    for told in (written, r.stdout + r.stderr):
        assert "headshot" not in told and "mokonkwo" not in told
    assert "(“Before/after the move”)" in written


# ---------------------------------------------------------------------------- review import


def _untracked_edit(tmp_path: Path) -> tuple[Path, Path]:
    """The good sample's packet with a paragraph a reviewer edited with Track Changes off, typing
    a colleague's name and number into it."""
    from .test_docx_import import good_and_its_packet

    g, packet = good_and_its_packet(tmp_path)
    with zipfile.ZipFile(packet) as z:
        files = {n: z.read(n) for n in z.namelist()}
    doc = files["word/document.xml"].decode("utf-8")
    old = "Park rangers and maintenance crews in City parks"
    assert doc.count(old) == 1
    files["word/document.xml"] = doc.replace(
        old, "Park rangers (ask Margaret Okonkwo, 604-555-0199) and maintenance crews in City parks").encode()
    out = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return g, out


def test_review_import_masks_the_words_it_prints(tmp_path):
    g, docx = _untracked_edit(tmp_path)
    r = run_cli("review", "import", str(docx), str(g), "--role", "staff")
    assert r.exit_code == 0, r.stdout + r.stderr
    line = next(ln for ln in r.stderr.splitlines() if "reads differently" in ln)
    assert "Okonkwo" not in line and "0199" not in line, line
    assert "******** *******" in line and "***-***-****" in line and "Park rangers (ask" in line
    r = run_cli("review", "import", str(docx), str(g), "--role", "staff", "--format", "json", "--dry-run")
    assert r.exit_code == 0, r.stdout + r.stderr
    data = json.loads(r.stdout)
    assert "Okonkwo" not in r.stdout and "0199" not in r.stdout
    assert data["untracked"][0]["words"].startswith("Park rangers (ask ******** *******, ***-***-****)")


# ---------------------------------------------------------------------------- detectors


@pytest.mark.parametrize("text, found", [
    ("It's Maggie from PACE.", "Maggie"),
    ("Hi, it’s Dana. I ran the van for two years.", "Dana"),
    ("it's Maggie here", "Maggie"),
    ("Maria here, I ran the van", "Maria"),
    ("Maggie here – I ran the van.", "Maggie"),
    ("Thanks for this.\nDana here: the hours are wrong.", "Dana"),
    ("Hi all, Dana here. The hours are wrong.", "Dana"),
])
def test_a_first_name_the_writer_introduces_herself_with(text, found):
    assert [(h.kind, h.text) for h in find_identities(text)] == [("name", found)]


@pytest.mark.parametrize("text", [
    "It's Victoria that pays for the van.",     # a place
    "It's Grace Hospital that sees people.",    # a longer proper name
    "It's here that the van stops.",
    "Victoria here is a small city.",
    "The van stops here, then at the park.",
    "Sarah Park here: a place, not a person.",  # a place's name; "here" after it says nothing
])
def test_words_that_only_look_like_those_introductions(text):
    assert [h.text for h in find_identities(text) if h.kind == "name"] in ([], ["Sarah Park"]), text


@pytest.mark.parametrize("text, found", [
    ("Call me on +44 7700 900123.", "+44 7700 900123"),
    ("my mobile +61 491 570 156", "+61 491 570 156"),
])
def test_an_international_number_the_metadata_does_not_list(text, found):
    assert [(h.kind, h.text) for h in find_identities(text)] == [("phone", found)]


@pytest.mark.parametrize("text", [
    "Attendance rose by +12 345 678 over the year.",
    "Budget line +1 000 000",
    "+25 participants",
])
def test_numbers_with_a_plus_that_are_no_phone(text):
    assert [h for h in find_identities(text) if h.kind == "phone"] == [], text


@pytest.mark.parametrize("text, found", [
    ("reddit: u/maggieo", "u/maggieo"),
    ("r/sexworkers mod u/maggie_o87 can tell you", "u/maggie_o87"),
    ("find me on bluesky maggieo.bsky.social", "maggieo.bsky.social"),
    ("maggieo.bsky.social", "maggieo.bsky.social"),
    ("cashapp $maggieo", "$maggieo"),
    ("Cash App: $maggieo", "$maggieo"),
    ("venmo: maggieo", "maggieo"),
    ("my paypal is maggieo88", "maggieo88"),
])
def test_more_account_forms(text, found):
    assert [(h.kind, h.text) for h in find_identities(text)] == [("social", found)]


@pytest.mark.parametrize("text", [
    "Ask on r/sexworkers",                  # a community, not a person
    "the bsky.social server",
    "It cost $40 by cash app.",
    "Venmo is one way to pay peers.",
    "paypal: not used",
])
def test_what_only_looks_like_those_accounts(text):
    assert [h for h in find_identities(text) if h.kind == "social"] == [], text


def test_an_address_written_out_with_a_dot_in_its_first_part_is_masked_whole():
    text = "write maggie dot o at gmail dot com"
    hits = find_identities(text)
    assert [(h.kind, h.text) for h in hits] == [("email", "maggie dot o at gmail dot com")]
    assert redact(text) == "write ****** *** * ** ***** *** ***"


# ---------------------------------------------------------------------------- handles


@pytest.mark.parametrize("handle", ["okonkwo", "Okonkwo", "advisory-okonkwo", "wagner-2", "staff.wagner"])
def test_a_handle_that_is_a_surname(handle):
    assert handle_problem(handle) == "looks like a surname"


@pytest.mark.parametrize("handle", ["advisory-3", "reviewer-1", "staff-2", "bluejay-7", "kestrel-2", "otter-4",
                                    "nightowl", "social-planning", "legal-1", "community-reviewer-2", "swadv-1",
                                    "harbour-5", "oak-3", "comet-9"])
def test_made_up_handles_are_no_surname(handle):
    assert handle_problem(handle) is None


def test_review_add_refuses_a_surname_handle(tmp_path):
    from .conftest import GOOD

    g = tmp_path / GOOD.name
    g.write_bytes(GOOD.read_bytes())
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "Say when it is open.", "--role", "community", "--author", "okonkwo")
    assert r.exit_code == 2 and "looks like a surname" in r.stderr, r.stderr


def test_a_word_user_name_written_as_a_surname_and_a_role_keeps_only_the_role(tmp_path):
    from lic_policy.review import threads

    from .test_docx_import import good_and_its_packet, packet_markdown, word_file

    g, packet = good_and_its_packet(tmp_path)
    md = packet_markdown(packet)
    words = "Do not question whether the person"
    assert md.count(words) == 1
    md = md.replace(words, '[Please name the kinds of report.]{.comment-start id="931" author="okonkwo (staff)" '
                           'date="2026-11-20T09:30:00Z"}' + words + '[]{.comment-end id="931"}')
    docx = word_file(md, tmp_path / "reviewed.docx")
    r = run_cli("review", "import", str(docx), str(g))
    assert r.exit_code == 0, r.stdout + r.stderr
    t = threads.load(threads.review_path(g)).review.threads[-1]
    assert t.body == "Please name the kinds of report." and t.author.role == "staff"
    assert re.fullmatch(r"reviewer-\d+", t.author.handle), t.author.handle
    assert "okonkwo" not in threads.review_path(g).read_text(encoding="utf-8")


def test_the_room_refuses_a_surname_as_an_invited_handle(tmp_path):
    from .webapp import serve_invite

    r = serve_invite(tmp_path, "okonkwo-1")
    assert r.exit_code == 2 and "looks like a person's name" in r.stderr, r.stderr


# ---------------------------------------------------------------------------- the work plan's owners


def test_a_person_named_as_a_work_plan_owner_is_found_and_stops_publish(tmp_path):
    """The work plan's “Who does it” is a role, as the guideline's owners are: a person's name
    and number there were published (“Who does it: Margaret Okonkwo (604-555-0199)”) and shown
    to reviewers in the packet, past every gate."""
    from .conftest import GOOD

    g = tmp_path / GOOD.name
    text = GOOD.read_text(encoding="utf-8")
    assert text.count("    owner_role: Manager, Communications\n") == 1
    g.write_text(text.replace("    owner_role: Manager, Communications\n",
                              "    owner_role: Margaret Okonkwo (604-555-0199)\n"), encoding="utf-8")
    r = run_cli("check", "--only", "privacy", "--format", "json", str(g))
    found = json.loads(r.stdout)
    hits = [f for f in (found if isinstance(found, list) else found["findings"])
            if f["rule_id"] == "privacy.participant-identity"]
    assert sorted(f["match"] for f in hits) == ["******** *******", "***-***-****"], hits
    assert all("work plan" in f["message"] for f in hits)
    assert "Okonkwo" not in r.stdout and "0199" not in r.stdout
    r = run_cli("publish", str(g), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1 and "identity finding" in r.stdout + r.stderr, r.stdout + r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_roles_as_work_plan_owners_pass():
    from lic_policy.privacy import find_identities as f

    for role in ("Manager, Communications", "Social Planner, Community Services", "Director, Social Policy and Projects",
                 "Sex Worker Advisory Committee", "Harbour Night Outreach Society"):
        assert f(role, "role") == [], role


# ---------------------------------------------------------------------------- what held


def _reviewer_everywhere(packet: Path, out: Path) -> Path:
    """``packet`` as a reviewer whose identity Word wrote everywhere sends it back: comment
    author and initials, a tracked change's author, revision-session ids and paragraph ids,
    `people.xml` with their account, the document's core, app and custom properties (creator,
    last modified by, company, manager, template path), hyperlinks to their mailbox, a file on
    their computer and their profile, `AUTHOR` and `FILENAME \\p` fields and a picture whose
    description is its path — and a name typed into a comment, which is counted, not hidden."""
    from .wordxml import word_edits

    name = "Margaret Okonkwo"
    tmp = out.with_suffix(".edits.docx")
    word_edits(packet, tmp, author=name, date="2026-11-20T14:37:12Z",
               replace=(("Tickets and orders are a last resort.", "Tickets and orders are a final resort."),),
               comments=(("Do not question whether the person", "Please check this with legal."),
                         ("unbiased and respectful treatment", "LINKS"),
                         ("Connect them with Youth Safe Harbour", "FIELDS")))
    with zipfile.ZipFile(tmp) as z:
        files = {n: z.read(n) for n in z.namelist()}
    doc = files["word/document.xml"].decode("utf-8")
    files["word/document.xml"] = doc.replace("<w:p>", '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">', 5).encode()
    picture = ('<w:r><w:drawing><wp:inline><wp:extent cx="95250" cy="95250"/><wp:docPr id="77" name="Picture 77" '
               f'descr="C:\\Users\\mokonkwo\\Pictures\\margaret.png"/><a:graphic xmlns:a="{A}"><a:graphicData '
               f'uri="{PIC}"><pic:pic xmlns:pic="{PIC}"><pic:nvPicPr><pic:cNvPr id="77" name="okonkwo.png"/>'
               '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdPic"/></pic:blipFill><pic:spPr/>'
               '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    c = files["word/comments.xml"].decode("utf-8")
    c = c.replace('<w:t xml:space="preserve">LINKS</w:t></w:r>',
                  '<w:t xml:space="preserve">See my notes </w:t></w:r><w:hyperlink r:id="rIdMail"><w:r><w:t>here'
                  '</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:hyperlink '
                  'r:id="rIdFile"><w:r><w:t>the draft</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> and '
                  '</w:t></w:r><w:hyperlink r:id="rIdWeb"><w:r><w:t>my page</w:t></w:r></w:hyperlink>' + picture)
    c = c.replace('<w:t xml:space="preserve">FIELDS</w:t></w:r>',
                  '<w:t xml:space="preserve">Reviewed by </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                  '<w:r><w:instrText xml:space="preserve"> AUTHOR </w:instrText></w:r><w:r><w:fldChar '
                  f'w:fldCharType="separate"/></w:r><w:r><w:t>{name}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/>'
                  '</w:r><w:r><w:t xml:space="preserve"> from </w:t></w:r><w:fldSimple w:instr=" FILENAME \\p ">'
                  '<w:r><w:t>C:\\Users\\mokonkwo\\Desktop\\packet.docx</w:t></w:r></w:fldSimple>'
                  '<w:r><w:t xml:space="preserve">, ok.</w:t></w:r>')
    c = c.replace('w:initials="RV"', 'w:initials="MO"').replace(
        "<w:p>", '<w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00A1B2C3">')
    for prefix, uri in (("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
                        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")):
        if f"xmlns:{prefix}=" not in c:
            c = c.replace("<w:comments ", f'<w:comments xmlns:{prefix}="{uri}" ', 1)
    files["word/comments.xml"] = c.encode("utf-8")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    files["word/_rels/comments.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rIdMail" Type="{rel}hyperlink" Target="mailto:margaret.'
        f'okonkwo+lic@example.org" TargetMode="External"/><Relationship Id="rIdFile" Type="{rel}hyperlink" '
        'Target="file:///C:/Users/mokonkwo/Documents/okonkwo-notes.docx" TargetMode="External"/><Relationship '
        f'Id="rIdWeb" Type="{rel}hyperlink" Target="https://www.linkedin.com/in/margaret-okonkwo-123" '
        f'TargetMode="External"/><Relationship Id="rIdPic" Type="{rel}image" Target="media/okonkwo.png"/>'
        '</Relationships>').encode()
    files["word/media/okonkwo.png"] = PNG
    files["word/people.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:people xmlns:w15="http://schemas.microsoft.com/'
        f'office/word/2012/wordml"><w15:person w15:author="{name}"><w15:presenceInfo w15:providerId="AD" '
        'w15:userId="S::margaret.okonkwo@example.org::4f1c"/></w15:person></w15:people>').encode()
    core = files["docProps/core.xml"].decode("utf-8")
    core, n = re.subn(r"<dc:creator>.*?</dc:creator>|<dc:creator\s*/>",
                      f"<dc:creator>{name}</dc:creator><cp:lastModifiedBy>{name}</cp:lastModifiedBy>", core)
    assert n == 1
    files["docProps/core.xml"] = core.encode()
    files["docProps/app.xml"] = files["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>Okonkwo Consulting</Company><Manager>M. Okonkwo</Manager></Properties>").replace(
        b"<Template>Normal.dotm</Template>",
        b"<Template>C:\\Users\\mokonkwo\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm</Template>")
    files["docProps/custom.xml"] = files["docProps/custom.xml"].replace(
        b"</Properties>", b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="40" name="ReviewerName">'
                          b'<vt:lpwstr>Margaret Okonkwo</vt:lpwstr></property></Properties>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n_, data in files.items():
            z.writestr(n_, data)
    tmp.unlink()
    return out


def test_a_packet_carrying_the_reviewer_s_identity_everywhere_leaves_none_of_it(tmp_path):
    from lic_policy.review import threads

    from .test_docx_import import good_and_its_packet

    g, packet = good_and_its_packet(tmp_path)
    docx = _reviewer_everywhere(packet, tmp_path / "returned.docx")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    r = run_cli("review", "import", str(docx), str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "added 3 comment(s), 1 suggestion(s)" in r.stdout, r.stdout
    written = [p for p in tmp_path.rglob("*") if p.is_file() and before.get(p) != p.read_bytes()]
    assert {p.name for p in written} >= {threads.review_path(g).name, "cedar-harbour-sex-work-response.review-authors.json"}
    for p in written:
        text = p.read_bytes().decode("utf-8", "replace").lower()
        for word in ("okonkwo", "margaret", "mokonkwo", "mailto", "linkedin", "users\\", "1a2b3c4d", "00a1b2c3"):
            assert word not in text, (p.name, word)
    told = (r.stdout + r.stderr).lower()
    assert "okonkwo" not in told and "margaret" not in told
    bodies = [t.body for t in threads.load(threads.review_path(g)).review.threads[-4:]]
    assert "See my notes here and the draft and my page" in bodies and "Reviewed by from , ok." in bodies


@pytest.mark.parametrize("author", ["jane.doe (staff)", "okonkwo (community)"])
def test_a_comment_the_document_only_refers_to_names_no_name_like_author(tmp_path, author):
    """`review import` names such a comment by its author's handle; a Word user name written
    `handle (role)` whose handle is a person's name (`jane.doe`) is no handle, and was printed."""
    from .conftest import DRAFT
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    body = "<w:p>" + _t(sentence) + '<w:r><w:commentReference w:id="4"/></w:r></w:p>'
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="4" w:author="{author}" '
                'w:date="2026-01-01T00:00:00Z"><w:p>' + _t("Ask Maria Santos first.") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", body, {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    res = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "community")
    assert res.exit_code == 0, res
    line = next(ln for ln in res.stderr.splitlines() if "marks no words" in ln)
    assert "by a reviewer " in line and "“Ask ***** ****** first.”" in line, line
    told = res.stdout + res.stderr
    assert author.split()[0] not in told and "Santos" not in told, told


# ---------------------------------------------------------------------------- the room: timing


def test_the_room_shows_others_the_day_of_a_comment_not_its_second(tmp_path):
    """Another reviewer's comment carried its time to the second in the page (`<time
    datetime="2026-12-03T03:07:12Z">`): a peer who saw someone send at that moment (at the
    drop-in, on the van's tablet) could tie the made-up name to the person. The page says the
    day, as its text always did."""
    from lic_policy.review import threads

    from .test_web_security import _post_comment
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff, show_others="1")
    writer = room.reviewer(links["advisory-3"])
    r = _post_comment(room, writer, writer.get("/review").text, "Say that outreach comes first.")
    assert r.status_code == 201, r.text
    t = threads.load(room.review_file).review.threads[-1]
    assert "T" in t.created and len(t.created) > 10
    reader = room.reviewer(links["advisory-4"])
    for client in (reader, writer, staff):
        page = client.get("/review" if client is not staff else f"/staff/r/{_rid}").text
        assert "Say that outreach comes first." in page
        assert t.created not in page and t.created[:16] not in page, "the second a comment was sent is on the page"
        assert f'datetime="{t.created[:10]}"' in page


def test_the_review_packet_dates_each_thread_by_its_day(tmp_path):
    """The packet goes to every reviewer, and each thread's Word comment carried the second it
    was made (Word shows it beside the comment): the same timing as the room's page. The day
    is kept, as the folded replies already say it."""
    from lic_policy.review import threads

    from .test_docx_import import good_and_its_packet

    g, packet = good_and_its_packet(tmp_path)
    with zipfile.ZipFile(packet) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    dates = re.findall(r'<w:comment [^>]*w:date="([^"]+)"', comments)
    made = {t.created[:10] for t in threads.load(threads.review_path(g)).review.threads}
    assert dates and all(d.endswith("T00:00:00Z") for d in dates), dates
    assert {d[:10] for d in dates} <= made and "2025-06-10T00:00:00Z" in dates


@pytest.mark.parametrize("text, found", [
    ("my name's Maggie", "Maggie"),                      # "name's" was read as a possessive "name"
    ("My name’s Dana, I ran the van.", "Dana"),
    ("name: Maggie", "Maggie"),                           # a label at the start of a line
    ("Thanks.\nContact: Dana", "Dana"),
    ("Nom : Dana", "Dana"),
    ("This was written by Maggie.", "Maggie"),            # the last words of the text
    ("Thanks for reading, from Dana", "Dana"),
    ("Maggie O. from the van", "Maggie O."),              # a first name and an initial
    ("— Maggie O.", "Maggie O."),
    ("I asked Dana R. about it.", "Dana R."),
    ("District Attorney Nancy E. O’Malley announced it.", "Nancy E. O’Malley"),  # and the surname after
    ("Dana R. Thanks for this.", "Dana R."),
])
def test_more_ways_a_writer_gives_a_first_name(text, found):
    assert [(h.kind, h.text) for h in find_identities(text)] == [("name", found)]


@pytest.mark.parametrize("text", [
    "Victoria B.C. has a bylaw on this.",     # a place and its province
    "The report was written by Council.",
    "Funded by Victoria.",                    # a place's name
    "Contact: outreach team",
    "Name: to be confirmed",
    "It came from Grace Hospital.",
    "The grant came from Vancouver.",
])
def test_what_only_looks_like_those(text):
    assert [h.text for h in find_identities(text) if h.kind == "name"] == [], text


# ---------------------------------------------------------------------------- the room: agreements


def test_the_room_s_state_alone_does_not_say_who_agreed(tmp_path):
    """*I agree* kept one row per agreement with an HMAC of (guideline, thread, invitation) under
    a key stored in the same state file: whoever held the file (a backup, the machine's
    administrator) could try each invitation and read who agreed with what. The mark is now
    keyed by a secret made from the invitation's link, which the state never holds (only its
    SHA-256), carried by the reviewer's session wrapped under the session's own token (also
    stored only as a hash). A row made before keeps counting and is re-keyed when its reviewer
    next opens the draft."""
    import hashlib
    import hmac
    import sqlite3

    from .test_web_ux13 import _agree_form, _post
    from .webapp import Room, csrf_of

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory\nadvisory-4 sex-worker-advisory\n"
                                                   "advisory-5 sex-worker-advisory", show_others="1")
    a = room.reviewer(links["advisory-3"])
    r = _post(a, a.get("/review").text, "comment", "Outreach comes first.")
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    b = room.reviewer(links["advisory-4"])
    page = b.get("/review").text
    assert b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(page), "agree": "1"}).status_code == 303

    db = sqlite3.connect(room.state_path)
    key = db.execute("SELECT value FROM meta WHERE key='agreement-key'").fetchone()[0].encode()
    ids = [row[0] for row in db.execute("SELECT id FROM invitations")]
    rows = db.execute("SELECT guideline, thread, mark FROM agreements").fetchall()
    assert len(rows) == 1

    def old_mark(g, t, iid):
        return hmac.new(key, f"{g}\0{t}\0{iid}".encode(), hashlib.sha256).hexdigest()

    g, t, mark = rows[0]
    assert all(old_mark(g, t, iid) != mark for iid in ids), "the state file says which link agreed"
    # the reviewer still sees their agreement, on this phone and on another one
    assert "Take back my agreement" in _agree_form(b.get("/review").text, tid)
    again = room.reviewer(links["advisory-4"])
    page = again.get("/review").text
    assert "Take back my agreement" in _agree_form(page, tid)
    again.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(page), "agree": "1"})
    assert db.execute("SELECT count(*) FROM agreements").fetchone()[0] == 1  # one link counts once
    # an agreement stored the old way (before this version) still counts, and is re-keyed
    c_iid = db.execute("SELECT id FROM invitations WHERE handle='advisory-5'").fetchone()[0]
    db.execute("INSERT INTO agreements VALUES (?, ?, ?)", (g, t, old_mark(g, t, c_iid)))
    db.commit()
    c = room.reviewer(links["advisory-5"])
    page = c.get("/review").text
    assert "Take back my agreement" in _agree_form(page, tid) and "2 reviewers agree" in page
    marks = [row[0] for row in db.execute("SELECT mark FROM agreements")]
    assert len(marks) == 2 and old_mark(g, t, c_iid) not in marks
    c.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(page), "agree": "0"})
    assert db.execute("SELECT count(*) FROM agreements").fetchone()[0] == 1
    assert "I agree" in _agree_form(c.get("/review").text, tid)


def test_a_state_file_of_version_1_is_upgraded_and_its_sessions_still_work(tmp_path):
    import sqlite3

    from lic_policy.web.state import SCHEMA_VERSION, State

    path = tmp_path / "state.sqlite3"
    st = State(path)
    token, _s = st.new_session("staff", "staff")
    st.close()
    db = sqlite3.connect(path)  # as version 1 made it: no agree_wrap
    db.executescript("CREATE TABLE s1 AS SELECT token_hash, kind, invitation_id, handle, csrf, lang, created, expires "
                     "FROM sessions; DROP TABLE sessions; ALTER TABLE s1 RENAME TO sessions; "
                     "UPDATE meta SET value='1' WHERE key='schema';")
    db.commit()
    db.close()
    st = State(path)
    s = st.session(token)
    assert s is not None and s.kind == "staff" and s.agree is None
    cols = {r[1] for r in st.db.execute("PRAGMA table_info(sessions)")}
    assert "agree_wrap" in cols and SCHEMA_VERSION == 2
    assert st.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "2"
    token2, s2 = st.new_session("reviewer", "advisory-3", None, invitation_token="x" * 43)
    assert st.session(token2).agree == s2.agree and len(s2.agree) == 32
    st.close()

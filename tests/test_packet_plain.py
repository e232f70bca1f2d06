"""The review packet speaks plainly to advisory reviewers (issue 16): headings and labels in
words, not field names; findings as plain-language comments with the rule id only in the
comment's metadata (Word's initials field); no Markdown backticks; and a first-round packet
without --since (comments, no tracked changes)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from lic_policy.review import threads

from .conftest import DRAFT, GOOD, run_cli, soffice_pdf
from .test_docx_import import WORD_DATE, _sub, packet_markdown, word_file

RULE_ID = re.compile(r"\b(?:lang|term|framing|involvement|coverage|status|privacy|draft)\.[a-z][a-z-]+\b")
FIELD_NAME = re.compile(r"\b(?:Metadata owners|Definitions term|Definitions definition|[a-z]+_[a-z_]+)\b")


def _texts(docx: Path) -> tuple[str, str, str]:
    """(document text, comments text, comments.xml) as Word holds them."""
    with zipfile.ZipFile(docx) as z:
        doc = z.read("word/document.xml").decode("utf-8")
        comments = z.read("word/comments.xml").decode("utf-8") if "word/comments.xml" in z.namelist() else ""

    def text(xml: str) -> str:
        return " ".join(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).split())
    return text(doc), text(comments), comments


@pytest.fixture(scope="module")
def first_round(tmp_path_factory):
    """The teaching example (a flawed early draft) sent out for its first review round."""
    folder = tmp_path_factory.mktemp("first")
    guideline = folder / DRAFT.name
    shutil.copy(DRAFT, guideline)
    out = folder / "packet.docx"
    r = run_cli("review", "packet", str(guideline), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return guideline, out, r


def test_without_since_a_packet_has_comments_and_no_tracked_changes(first_round):
    _g, out, r = first_round
    assert "first round of version 0.3.0" in r.stdout and "0 insertions, 0 deletions" in r.stdout
    with zipfile.ZipFile(out) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " not in doc and "<w:del " not in doc
    assert "<w:commentReference" in doc
    text, _c, _x = _texts(out)
    assert "first round" in text.lower()


def test_the_packet_note_counts_only_the_comments_there_are(first_round):
    # a first round has no review comments yet: the note read "0 comments from the review so
    # far and N notes from the automated check are shown" (ux18)
    _g, out, _r = first_round
    text, _c, _x = _texts(out)
    assert "0 comments" not in text and "from the review so far" not in text, text[:600]
    assert re.search(r"\d+ notes? from the automated check (?:is|are) shown as comments", text), text[:600]


def test_the_default_name_of_a_first_round_packet(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("review", "packet", str(g), "--no-findings")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "cedar-harbour-sex-work-response.review-packet.2.1.0.docx").exists()


def test_headings_and_labels_are_words_not_field_names(first_round):
    _g, out, _r = first_round
    text, _c, _x = _texts(out)
    assert not FIELD_NAME.search(text), FIELD_NAME.search(text).group(0)
    assert "Owner:" in text
    assert "`" not in text
    assert "lic-policy review import" not in text  # reviewers are not asked to run commands


def test_findings_are_plain_comments_with_the_rule_id_only_in_the_metadata(first_round):
    _g, out, _r = first_round
    text, comments, xml = _texts(out)
    assert not RULE_ID.search(text), RULE_ID.search(text).group(0)
    assert not RULE_ID.search(comments), RULE_ID.search(comments).group(0)
    assert "`" not in comments
    automated = re.findall(r'<w:comment [^>]*w:author="lic-policy \(automated\)"[^>]*>', xml)
    assert len(automated) > 10
    initials = [re.search(r'w:initials="([^"]*)"', c).group(1) for c in automated]
    assert all(RULE_ID.fullmatch(i) for i in initials), initials[:5]
    assert "lang.prostitute" in initials
    # the words a reviewer reads
    assert "Needs a change" in comments and "Worth changing" in comments
    assert "Suggested wording: “sex workers”" in comments


def test_thread_comments_read_as_words_with_the_thread_in_the_metadata(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    shutil.copy(threads.review_path(GOOD), threads.review_path(g))
    out = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "--no-findings", "-o", str(out)).exit_code == 0
    _t, comments, xml = _texts(out)
    assert not re.search(r"\[t\d+ ·", comments)
    assert "Question (open):" in comments or "Comment (open):" in comments
    assert re.search(r'<w:comment [^>]*w:author="advisory-reviewer-1 \(sex-worker-advisory\)"[^>]*'
                     r'w:initials="t\d+"', xml)


@pytest.mark.slow  # 0.44 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_reviewed_first_round_packet_imports(first_round, tmp_path):
    guideline, packet, _r = first_round
    g = tmp_path / guideline.name
    shutil.copy(guideline, g)
    who = f'author="Sam Placeholder" date="{WORD_DATE}"'
    md = packet_markdown(packet)
    md = _sub(md, "Bylaw officers will conduct",
              f'[Say what officers do instead.]{{.comment-start id="990" {who}}}Bylaw officers will '
              f'conduct[]{{.comment-end id="990"}}')
    reviewed = word_file(md, tmp_path / "reviewed.docx")
    r = run_cli("review", "import", str(reviewed), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert "added 1 comment(s), 0 suggestion(s)" in r.stdout and "0 not placed" in r.stdout, r.stdout
    assert "packet comments skipped" in r.stdout
    t = threads.load(threads.review_path(g)).review.threads[-1]
    assert t.body == "Say what officers do instead." and t.author.role == "sex-worker-advisory"


@pytest.mark.slow
def test_the_packet_opens_in_libreoffice_with_readable_comments(first_round, tmp_path):
    _g, out, _r = first_round
    pdf = soffice_pdf(out, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_changes_in_structure_read_as_words(tmp_path):
    out = tmp_path / "since.docx"
    r = run_cli("review", "packet", str(GOOD), "--since", str(DRAFT), "--no-findings", "--no-threads", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text, _c, _x = _texts(out)
    assert "Section added: “Responding to violence against sex workers”" in text
    assert "How it was developed: design stage, groups that took part changed from municipal government, police, " \
           "business to current sex workers" in text
    assert "Indigenous organizations" in text
    assert "owner 1, role changed" in text
    # no field paths, ids or list indexes, and no commands for a reviewer to run
    assert not re.search(r"\w\[[\w-]+\]|›|owners\[|stages\[|response\.violence »|lic-policy diff", text)
    assert "Section response." not in text and "Service harbour-" not in text


def test_the_packet_says_how_to_track_changes_in_word_and_in_libreoffice_and_names_a_real_clause(first_round):
    """A reviewer without Word is told how to suggest wording in LibreOffice too, and the
    example of a clause reference is one the packet has (ux8)."""
    _g, out, r = first_round
    text, _c, _x = _texts(out)
    assert "Word: Review, Track Changes" in text
    assert "LibreOffice: Edit, Track Changes, Record Changes" in text
    m = re.search(r"Each clause starts with its reference in bold \(such as ([\w.-]+)\)", text)
    assert m and m.group(1) != "response.violence.1"
    assert re.search(r"\b" + re.escape(m.group(1)) + r"\b", text.split(m.group(0), 1)[1])
    # and the drafter is told what to do next
    assert f"next: send it to the reviewers" in r.stdout and f"review import FILE.docx {_g}`" in r.stdout


def test_the_packet_command_counts_the_points_about_the_whole_document(tmp_path):
    """The drafter read "0 finding comments" for a draft with 9 findings, all about the whole
    document (listed at the top of the packet), and thought the check had been left out (ux8)."""
    g = tmp_path / DRAFT.name
    shutil.copy(DRAFT, g)
    out = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(g), "-o", str(out), "--no-threads")
    assert r.exit_code == 0, r.stderr
    text, _c, _x = _texts(out)
    assert "Points about the whole document" in text
    m = re.search(r"(\d+) points? about the whole document listed", r.stdout)
    assert m, r.stdout
    assert int(m.group(1)) >= 1


@pytest.mark.parametrize("clauses", [True, "text", 3, {"id": "x"}])
def test_a_section_whose_clauses_are_not_a_list_is_no_internal_error(tmp_path, clauses):
    """Found by the wrong-type property (tests/test_hostile_properties.py): `clauses: true` in a
    section made the packet's example clause id ("e.g. response.violence.1") iterate a bool."""
    import yaml

    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    data["sections"][0]["clauses"] = clauses
    g = tmp_path / "g.yaml"
    g.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run_cli("review", "packet", "--no-findings", "-o", str(tmp_path / "p.docx"), str(g))
    assert r.exit_code in (0, 1, 2) and "internal error" not in r.stderr, r.stderr


def test_the_packet_asks_libreoffice_users_to_keep_the_word_format(first_round):
    """LibreOffice asks, when saving a Word file, whether to keep Word's format; a reviewer who
    chose its own (.odt) sent back a file `review import` cannot read (pandoc reads no comments
    or tracked changes from .odt). The packet says which button to choose (ux9)."""
    _g, out, _r = first_round
    text, _c, _x = _texts(out)
    assert "When LibreOffice asks which format to keep, choose “Use Word 2007-365!”" in text, text[:2000]

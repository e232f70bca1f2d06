"""`lic-policy review packet`: Word review packets with real tracked changes and comments.

Checked with real clients: pandoc's docx reader (``--track-changes=all``) reads every
change and comment back, and the Word XML holds ``w:ins``, ``w:del`` and ``w:comment``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from lic_policy.review import threads
from lic_policy.pandoc_ast import plain_text
from lic_policy.review.packet import build_packet, run_pandoc, write_packet
from lic_policy.store import load, parse

from .conftest import DRAFT, GOOD, ROOT, ast_walk, run_cli, soffice_pdf

CHANGE_DATE = "2026-03-10T00:00:00Z"  # the good sample's adopted_date


def read_back(docx: Path) -> dict:
    """The packet as pandoc's docx reader sees it, tracked changes and comments kept."""
    return json.loads(run_pandoc(docx.read_bytes(), from_="docx", to="json", args=["--track-changes=all"]))


def walk_spans(node, out: list) -> list:
    """Every Span in document order as (classes, attributes, content)."""
    out += [(n["c"][0][1], dict(n["c"][0][2]), n["c"][1]) for n in ast_walk(node) if n["t"] == "Span"]
    return out


def commented_text(ast: dict) -> dict:
    """comment id → (comment text, author, the words it is on)."""
    result: dict = {}
    paras = [n["c"] if n["t"] != "Header" else n["c"][2] for n in ast_walk(ast["blocks"])
             if n["t"] in ("Para", "Plain", "Header")]
    open_: dict = {}
    for content in paras:
        for x in _flatten(content):
            if x.get("t") == "Span":
                (_i, classes, attrs), inner = x["c"]
                attrs = dict(attrs)
                if "comment-start" in classes:
                    open_[attrs["id"]] = [plain_text(inner), attrs.get("author"), ""]
                    continue
                if "comment-end" in classes:
                    cid = attrs["id"]
                    if cid in open_:
                        result[cid] = tuple(open_.pop(cid))
                    continue
            text = plain_text([x]) if x.get("t") != "Span" else ""
            for v in open_.values():
                v[2] += text
        for v in open_.values():
            v[2] += " "
    return result


def _flatten(content: list) -> list:
    """Inlines with spans opened (deletions dropped: the new text); comment marks kept.
    pandoc's reader may nest one comment's end inside another's."""
    out = []
    for x in content:
        if x.get("t") == "Span":
            (_i, classes, attrs), inner = x["c"]
            if "deletion" in classes:
                continue
            if "comment-start" in classes:
                out.append(x)
                continue
            if "comment-end" in classes:
                out += _flatten(inner)
                out.append({"t": "Span", "c": [["", ["comment-end"], attrs], []]})
                continue
            out += _flatten(inner)
            continue
        out.append(x)
    return out


def norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    out = tmp_path_factory.mktemp("packet") / "packet.docx"
    r = run_cli("review", "packet", str(GOOD), "--since", str(DRAFT), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"wrote {out}: version 0.3.0 -> 2.1.0")
    return out


@pytest.fixture(scope="module")
def packet_ast(packet):
    return read_back(packet)


def test_word_xml_has_tracked_changes_and_comments(packet):
    with zipfile.ZipFile(packet) as z:
        doc = z.read("word/document.xml").decode()
        comments = z.read("word/comments.xml").decode()
    assert re.search(r'<w:ins [^>]*w:author="guideline editors" w:date="' + CHANGE_DATE, doc)
    assert re.search(r'<w:del [^>]*w:author="guideline editors" w:date="' + CHANGE_DATE, doc)
    assert "<w:commentRangeStart" in doc and "<w:commentReference" in doc
    assert '<w:comment w:id="0" w:author="advisory-reviewer-1 (sex-worker-advisory)" w:initials="t2" ' \
           'w:date="2025-06-10T00:00:00Z"' in comments  # the day only (privacy29)
    assert len(re.findall(r"<w:comment ", comments)) >= 3


def test_document_properties_carry_the_packet_date_not_1970(packet):
    # pandoc under --sandbox writes 1970-01-01; the packet's own date goes there instead
    with zipfile.ZipFile(packet) as z:
        core = z.read("docProps/core.xml").decode()
    assert "1970-01-01" not in core
    assert re.search(r"<dcterms:created [^>]*>" + CHANGE_DATE, core), core


def test_round_trip_finds_every_change_and_comment(packet, packet_ast):
    spans = walk_spans(packet_ast["blocks"], [])
    ins = [s for s in spans if "insertion" in s[0]]
    dels = [s for s in spans if "deletion" in s[0]]
    starts = [s for s in spans if "comment-start" in s[0]]
    ends = [s for s in spans if "comment-end" in s[0]]
    # what was written
    new_doc, old_doc = load(GOOD, validate=False), load(DRAFT, validate=False)
    review = threads.load(threads.review_path(GOOD)).review
    p = build_packet(new_doc, old_doc, review=review, findings=[])
    assert len(ins) == p.stats.insertions > 100
    assert len(dels) == p.stats.deletions > 10
    assert all(s[1] == {"author": "guideline editors", "date": CHANGE_DATE} for s in ins + dels)
    assert len(starts) == len(ends) >= p.stats.thread_comments == 3  # t2, t3, t6 are the open threads
    assert {s[1]["id"] for s in starts} == {s[1]["id"] for s in ends}


def test_threads_sit_on_their_quoted_words(packet, packet_ast):
    from lic_policy.review.docx_import import comment_initials

    review = threads.load(threads.review_path(GOOD)).review
    initials = comment_initials(packet)  # the thread id is the comment's initials, not its text
    by_thread = {}
    for cid, (body, author, words) in commented_text(packet_ast).items():
        if re.fullmatch(r"t\d+", initials.get(cid, "")):
            by_thread[initials[cid]] = (body, author, words)
            assert not body.startswith("[t")
    assert set(by_thread) == {"t2", "t3", "t6"}
    for tid, (body, author, words) in by_thread.items():
        t = review.thread(tid)
        assert norm(words) == norm(t.anchor.quote.exact)
        assert author == f"{t.author.handle} ({t.author.role})"
    # replies are folded into the comment text
    assert "— reply (staff-policy-1, staff, 2025-06-18): Text reports are accepted" in by_thread["t2"][0]


def test_clause_ids_lead_their_paragraphs(packet_ast):
    text = json.dumps(packet_ast)
    for cid in ("response.violence.1", "response.youth.2", "residents.3"):
        assert json.dumps({"t": "Strong", "c": [{"t": "Str", "c": cid}]}) in text


def test_packet_is_deterministic(tmp_path, packet):
    again = tmp_path / "again.docx"
    r = run_cli("review", "packet", str(GOOD), "--since", str(DRAFT), "-o", str(again))
    assert r.exit_code == 0, r.stderr
    assert again.read_bytes() == packet.read_bytes()


@pytest.fixture(scope="module")
def draft_packet(tmp_path_factory):
    """The flawed early draft (a teaching example) as the new version: check findings become comments."""
    folder = tmp_path_factory.mktemp("draft")
    new = folder / "draft.yaml"
    shutil.copy(DRAFT, new)
    doc = load(new, validate=False)
    old_text = doc.replace_text(("purpose",), "An earlier purpose.")
    old_text = old_text.replace("version: 0.3.0", "version: 0.2.0")
    old = folder / "draft-0.2.0.yaml"
    old.write_text(old_text, encoding="utf-8")
    out = folder / "draft.docx"
    res = write_packet(str(new), str(old), str(out), date="2025-01-15")
    return res, read_back(out)


def test_findings_become_comments(draft_packet):
    res, ast = draft_packet
    assert res.packet.stats.finding_comments > 5
    found = [v for v in commented_text(ast).values() if v[1] == "lic-policy (automated)"]
    assert len(found) == res.packet.stats.finding_comments
    assert all(author == "lic-policy (automated)" for _b, author, _w in found)
    for body, _a, words in found:
        assert words.strip(), body
    spans = walk_spans(ast["blocks"], [])
    assert {s[1]["date"] for s in spans if "insertion" in s[0]} == {"2025-01-15T00:00:00Z"}


def test_since_git_revision_and_version(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no git checkout")
    ok = subprocess.run(["git", "cat-file", "-e", "HEAD:guidelines/cedar-harbour-early-draft.yaml"], cwd=ROOT,
                        capture_output=True).returncode == 0
    if not ok:
        pytest.skip("the early draft is not committed")
    out = tmp_path / "rev.docx"
    r = run_cli("review", "packet", str(GOOD), "--since", "HEAD:guidelines/cedar-harbour-early-draft.yaml",
                "-o", str(out), "--no-findings")
    assert r.exit_code == 0, r.stderr
    assert "0.3.0 -> 2.1.0" in r.stdout
    r = run_cli("review", "packet", str(GOOD), "--since", "9.9.9", "-o", str(tmp_path / "v.docx"))
    assert r.exit_code == 2
    assert "version 9.9.9 is not in the git history" in r.stderr and "Traceback" not in r.stderr


def test_since_version_from_git_history(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("no git")
    repo = tmp_path / "repo"
    repo.mkdir()
    g = ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    target = repo / "guide.yaml"
    text = GOOD.read_text(encoding="utf-8")
    target.write_text(text.replace("version: 2.1.0", "version: 2.0.0").replace(
        "Do not photograph sex workers.", "Do not take photos."), encoding="utf-8")
    subprocess.run(g + ["add", "guide.yaml"], check=True)
    subprocess.run(g + ["commit", "-q", "-m", "2.0.0"], check=True)
    target.write_text(text, encoding="utf-8")
    subprocess.run(g + ["commit", "-q", "-am", "2.1.0"], check=True)
    out = tmp_path / "v.docx"
    r = run_cli("review", "packet", str(target), "--since", "2.0.0", "-o", str(out), "--no-findings")
    assert r.exit_code == 0, r.stderr
    assert "version 2.0.0 -> 2.1.0" in r.stdout
    ast = read_back(out)
    spans = walk_spans(ast["blocks"], [])
    assert [norm(plain_text(s[2])) for s in spans if "insertion" in s[0]] == ["photograph sex workers"]
    assert [norm(plain_text(s[2])) for s in spans if "deletion" in s[0]] == ["take photos"]


@pytest.mark.parametrize("args, message", [
    (["missing.yaml", "--since", str(DRAFT)], "no such file"),
    ([str(GOOD), "--since", "no-such-old.yaml"], "no such file"),
    ([str(GOOD), "--since", str(DRAFT), "-o", "packet.pdf"], "does not end in .docx"),
    ([str(GOOD), "--since", str(DRAFT), "--change-author", "someone@example.org"], "email"),
    ([str(GOOD), "--since", str(DRAFT), "--date", "last tuesday"], "not a date"),
    ([str(GOOD), "--since", "not-a-version"], "no such file"),
])
def test_user_errors_are_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    r = run_cli("review", "packet", *args)
    assert r.exit_code == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_links_inside_insertions_are_text_only():
    sample = parse(GOOD.read_text(encoding="utf-8"), "new.yaml")
    new = sample.replace_text(("sections", 0, "clauses", 0, "text"),
                              "Call the [Bad Date Line](https://example.org/bdl) first. " +
                              sample.data["sections"][0]["clauses"][0]["text"])
    p = build_packet(parse(new, "new.yaml"), sample, findings=[])
    text = json.dumps(p.ast)
    assert '"Link"' not in text and "Bad" in text


def test_unchanged_links_keep_only_safe_targets():
    # HOSTILE FIXTURE: a javascript: link in clause text must not become a live link in Word
    sample = parse(GOOD.read_text(encoding="utf-8"), "g.yaml")
    text = ("See [the line](https://example.org/bdl) or [click](javascript:alert(1)) or "
            "[a file](file:///etc/passwd). " + sample.data["sections"][0]["clauses"][0]["text"])
    doc = parse(sample.replace_text(("sections", 0, "clauses", 0, "text"), text), "g.yaml")
    p = build_packet(doc, doc, findings=[])  # nothing changed: the links are outside tracked changes
    targets = re.findall(r'"Link", "c": \[\["", \[\], \[\]\], \[[^\]]*\], \["([^"]*)"', json.dumps(p.ast))
    assert targets == ["https://example.org/bdl"]
    assert "click" in json.dumps(p.ast) and "javascript" not in json.dumps(p.ast)


def _clause_para(ast: dict, clause_id: str) -> list:
    """The inlines of the packet paragraph that starts with this clause id."""
    found = [n["c"] for n in ast_walk(ast["blocks"]) if n["t"] == "Para" and clause_id in plain_text(n["c"][:3])]
    assert found, clause_id
    return found[0]


def _accepted(content: list) -> str:
    """The paragraph's text with every tracked change accepted (deletions dropped)."""
    return norm(plain_text([x for x in _flatten(content) if not (x.get("t") == "Span" and "comment-end" in x["c"][0][1])]))


def test_unchanged_emphasis_is_rendered_and_words_stay_apart():
    sample = parse(GOOD.read_text(encoding="utf-8"), "g.yaml")
    path = ("sections", 0, "clauses", 0, "text")
    cid = sample.data["sections"][0]["clauses"][0]["id"]
    old = parse(sample.replace_text(path, "Staff **must** offer the outreach number to anyone who asks."), "old.yaml")
    new = parse(sample.replace_text(path, "Staff **must** offer the outreach team's number to anyone who asks, "
                                          "*in their language*."), "new.yaml")
    para = _clause_para(build_packet(new, old, findings=[]).ast, cid)
    text = json.dumps(para)
    # unchanged words read as published: **must** is bold, with no asterisks left
    assert '{"t": "Strong", "c": [{"t": "Str", "c": "must"}]}' in text and "**" not in text
    # tracked changes show the words character for character (markers too), and the white
    # space between them and the unchanged text is kept: no glued words
    assert _accepted(para) == (f"{cid} Staff must offer the outreach team's number to anyone who asks, "
                               "*in their language*.")


@pytest.mark.slow  # LibreOffice (1.4 s of CPU); the packet's Word XML, its tracked changes and comments are checked
# above (test_word_xml_has_tracked_changes_and_comments, test_round_trip_finds_every_change_and_comment)
def test_pdf_through_libreoffice(packet, tmp_path):
    assert soffice_pdf(packet, tmp_path).read_bytes()[:5] == b"%PDF-"

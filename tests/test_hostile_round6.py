"""hostile6: kinds of hostile and careless input the earlier rounds did not try.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import DRAFT, run_cli

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the Word review packet round trip


def packet_parts(tmp_path: Path) -> tuple[Path, dict]:
    """A review packet of the early draft with one staff thread, as its zip parts."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                   "first", "--author", "staff-1", "--role", "staff").exit_code == 0
    assert run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "p.docx") as z:
        return g, {n: z.read(n) for n in z.namelist()}


RUN = '<w:r><w:t xml:space="preserve">strategy sets out how the City will</w:t></w:r>'


def with_comment(parts: dict, cid: str, *, author: str = "Reviewer A", initials: str = "RA",
                 date: str = "2026-11-01T10:00:00Z", body: str = "Please reword this part.") -> dict:
    """The parts with a reviewer's Word comment on 'strategy sets out how the City will'."""
    parts = dict(parts)
    doc = parts["word/document.xml"].decode()
    assert RUN in doc
    parts["word/document.xml"] = doc.replace(
        RUN, f'<w:commentRangeStart w:id="{cid}"/>{RUN}<w:commentRangeEnd w:id="{cid}"/><w:r><w:commentReference '
             f'w:id="{cid}"/></w:r>', 1).encode()
    parts["word/comments.xml"] = parts["word/comments.xml"].replace(
        b"</w:comments>", f'<w:comment w:id="{cid}" w:author="{author}" w:initials="{initials}" w:date="{date}"><w:p>'
                          f'<w:r><w:t xml:space="preserve">{body}</w:t></w:r></w:p></w:comment></w:comments>'.encode())
    return parts


def write_docx(path: Path, parts: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00-23:59", "0001-01-01T00:00:00+01:00",
                                  "9999-12-31T23:59:59-01:00", "0999-06-01T10:00:00Z"])
def test_packet_comment_dated_outside_the_years_a_timestamp_can_hold_gets_the_import_date(tmp_path, date):
    """A comment dated year 1 west of UTC became '1-01-01T23:59:00Z' (strftime drops the zeros),
    which the review model refuses: 'internal error: ValidationError'; year 1 east of UTC or
    year 9999 west of it: 'internal error: OverflowError'. Such a date (another program's, or
    forged) is now taken as no date: the comment gets the import's date."""
    g, parts = packet_parts(tmp_path)
    doc = write_docx(tmp_path / "r.docx", with_comment(parts, "900", date=date))
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory",
                "--date", "2026-11-30T10:00:00Z")
    assert r.exit_code == 0, r.stdout + r.stderr
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Please reword this part." in text and "created: '2026-11-30T10:00:00Z'" in text


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0999-01-01"])
def test_lic_policy_now_out_of_range_is_one_line_not_an_internal_error(tmp_path, monkeypatch, value):
    """LIC_POLICY_NOW=0001-01-01T00:00:00+01:00 was 'internal error: OverflowError'; 0999-01-01
    an 'internal error: ValidationError' (written as '999-01-01T00:00:00Z')."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    monkeypatch.setenv("LIC_POLICY_NOW", value)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 2 and "out of the range of dates" in r.stderr and "internal error" not in r.stderr, r
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "g.review.yaml").exists()


def test_packet_whose_custom_properties_another_program_dropped_is_still_a_packet(tmp_path):
    """A packet saved by a program that drops Word's custom document properties (Google Docs'
    .docx export does) lost its packet mark, and `review import` took each of its 65 finding
    comments (author 'lic-policy (automated)') and its thread comments for a reviewer's: 66
    threads and a reply written as by 'reviewer-1, sex-worker-advisory'. The packet's own
    comments are now known by their author, so only the reviewer's comment is added."""
    g, parts = packet_parts(tmp_path)
    parts = with_comment(parts, "900")
    del parts["docProps/custom.xml"]
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"docProps/custom.xml", b"docProps/gone.xml")
    doc = write_docx(tmp_path / "r.docx", parts)
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "added 1 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout, r.stdout
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^  - id: t\d+", text, re.M)) == 2
    assert "lic-policy (automated)" not in (tmp_path / "g.review-authors.json").read_text(encoding="utf-8") \
        if (tmp_path / "g.review-authors.json").exists() else True

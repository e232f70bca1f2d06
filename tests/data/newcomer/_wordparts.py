"""What the made-up Word drafts of this folder share: a table with a header row, a footnotes
part (with the relationship and content type Word needs to find it), the marks that refer to
it, and the zip they are written to."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

def add_table(doc, header: tuple, rows, style: str = "Table Grid"):
    """A table of ``doc`` (a python-docx Document): ``header`` its first row, then one row per
    item of ``rows``, each cell's text as given; the table, for more to be done to it."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = style
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    return table


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_footnote(files: dict[str, bytes], text: str) -> None:
    """Give the package ``files`` (part name → bytes) footnote 1 saying ``text``; the body
    refers to it with ``<w:footnoteReference w:id="1"/>``."""
    add_footnotes(files, [text])


def add_footnotes(files: dict[str, bytes], texts: list[str]) -> None:
    """Give the package ``files`` footnotes 1, 2, … saying ``texts``, with the relationship and
    content type Word needs to find them (``mark_footnotes`` puts their marks in the body)."""
    add_notes(files, texts, "footnote", "rIdFn1")


def add_notes(files: dict[str, bytes], texts: list[str], kind: str, rel_id: str) -> None:
    """Give the package ``files`` notes of ``kind`` ("footnote" or "endnote") 1, 2, … saying
    ``texts``, in ``word/{kind}s.xml`` with its relationship (``rel_id``) and content type."""
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {W}>'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{kind}>')
    for n, text in enumerate(texts, 1):
        part += (f'<w:{kind} w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                 f'<w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>')
    files[f"word/{kind}s.xml"] = (part + f'</w:{kind}s>').encode("utf-8")
    _comments_after_notes(files, 100)
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].decode("utf-8").replace(
        "</Relationships>", f'<Relationship Id="{rel_id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{kind}s" Target="{kind}s.xml"/></Relationships>').encode("utf-8")
    files["[Content_Types].xml"] = files["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>", f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.{kind}s+xml"/></Types>').encode("utf-8")


def _comments_after_notes(files: dict[str, bytes], start: int) -> None:
    """Number the package's comments from ``start`` on (python-docx numbers them from 0): LibreOffice
    (7.4) shows a footnote whose number a comment's id comes at or below with another note's
    words (“2 Commission motion …” under footnote 2), so a picture of the draft read wrong."""
    if "word/comments.xml" not in files:
        return
    ids = sorted({int(i) for i in re.findall(r'<w:comment w:id="(\d+)"', files["word/comments.xml"].decode("utf-8"))})
    if not ids or ids[0] >= start:
        return
    new = {old: start + n for n, old in enumerate(ids)}
    pattern = re.compile(r'(<w:comment(?:RangeStart|RangeEnd|Reference)? w:id=")(\d+)"')
    for part in ("word/comments.xml", "word/document.xml"):
        files[part] = pattern.sub(lambda m: f'{m.group(1)}{new.get(int(m.group(2)), int(m.group(2)))}"',
                                  files[part].decode("utf-8")).encode("utf-8")


def mark_footnotes(document_xml: str, count: int) -> str:
    """``document_xml`` with the placeholders FN1 … FN``count`` at the end of a run turned into
    Word's footnote reference marks (superscript, the FootnoteReference style)."""
    for n in range(1, count + 1):
        document_xml = document_xml.replace(
            f"FN{n}</w:t></w:r>", '</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
            f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{n}"/></w:r>')
    return document_xml


def read_docx(path: Path) -> dict[str, bytes]:
    """The parts of the .docx at ``path``, by name, in the package's order."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_docx(out: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)

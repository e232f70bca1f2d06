"""Build ``reference.docx``, the Word styles ``lic-policy publish`` uses.

Starts from pandoc's own default reference document and adds the paragraph and character
styles the published guideline uses (``Clause``, ``Clause Number``, ``Clause Note``,
``Draft Banner``, ``Override Note``), with a table style that has borders. The zip is
written with fixed timestamps so the file is reproducible. The result ships in the
package; regenerate it with::

    python -m lic_policy.publish.reference_docx

Both number their pages: a footer holding Word's PAGE field, centred, as the PDF and the
ODT number theirs (the DOCX had no page numbers). A second file, ``reference-draft.docx``, adds a
page header for guidelines that are not published yet.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from .pandoc import PandocError, pandoc_path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference.docx"
REFERENCE_DRAFT = HERE / "reference-draft.docx"
"""The same styles plus a page header on every page: "DRAFT — not adopted guidance"."""

HEADER_ID = "rIdLicDraftHeader"
DRAFT_HEADER_TEXT = "DRAFT \u2014 not adopted guidance"
DRAFT_HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:p><w:pPr><w:jc w:val="right" /></w:pPr><w:r><w:rPr><w:b /><w:color w:val="8A1C00" /></w:rPr>'
    f'<w:t xml:space="preserve">{DRAFT_HEADER_TEXT}</w:t></w:r></w:p></w:hdr>'
)

FOOTER_ID = "rIdLicPageFooter"
PAGE_FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:p><w:pPr><w:jc w:val="center" /></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin" /></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
    '<w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end" /></w:r></w:p></w:ftr>'
)
"""Every page's number, centred at its foot (Word's PAGE field; "1" until Word or LibreOffice
lays the pages out)."""

STYLES = """
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="Clause">
    <w:name w:val="Clause" />
    <w:basedOn w:val="BodyText" />
    <w:qFormat />
    <w:pPr>
      <w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="B0BEC5" /></w:pBdr>
      <w:spacing w:before="120" w:after="120" />
      <w:ind w:left="240" />
    </w:pPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="ClauseNote">
    <w:name w:val="Clause Note" />
    <w:basedOn w:val="Clause" />
    <w:qFormat />
    <w:pPr><w:spacing w:before="0" w:after="60" /></w:pPr>
    <w:rPr><w:color w:val="555555" /><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>
  </w:style>
  <w:style w:type="character" w:customStyle="1" w:styleId="ClauseNumber">
    <w:name w:val="Clause Number" />
    <w:basedOn w:val="DefaultParagraphFont" />
    <w:qFormat />
    <w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" /><w:b /><w:color w:val="0B5A6B" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="DraftBanner">
    <w:name w:val="Draft Banner" />
    <w:basedOn w:val="BodyText" />
    <w:qFormat />
    <w:pPr>
      <w:pBdr>
        <w:top w:val="single" w:sz="18" w:space="4" w:color="8A1C00" />
        <w:bottom w:val="single" w:sz="18" w:space="4" w:color="8A1C00" />
      </w:pBdr>
      <w:shd w:val="clear" w:color="auto" w:fill="FFF3E6" />
      <w:jc w:val="center" />
    </w:pPr>
    <w:rPr><w:b /><w:color w:val="8A1C00" /><w:sz w:val="28" /><w:szCs w:val="28" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="OverrideNote">
    <w:name w:val="Override Note" />
    <w:basedOn w:val="BodyText" />
    <w:qFormat />
    <w:pPr>
      <w:pBdr><w:left w:val="dashed" w:sz="12" w:space="8" w:color="8A1C00" /></w:pBdr>
    </w:pPr>
    <w:rPr><w:color w:val="8A1C00" /></w:rPr>
  </w:style>
"""

TABLE_BORDERS = ('<w:tblBorders><w:top w:val="single" w:sz="4" w:color="BFBFBF" />'
                 '<w:left w:val="single" w:sz="4" w:color="BFBFBF" />'
                 '<w:bottom w:val="single" w:sz="4" w:color="BFBFBF" />'
                 '<w:right w:val="single" w:sz="4" w:color="BFBFBF" />'
                 '<w:insideH w:val="single" w:sz="4" w:color="BFBFBF" />'
                 '<w:insideV w:val="single" w:sz="4" w:color="BFBFBF" /></w:tblBorders>')


def pandoc_default(name: str) -> bytes:
    """One of pandoc's default data files (``reference.docx``, ``reference.odt``)."""
    proc = subprocess.run([pandoc_path(), "--print-default-data-file", name],
                          capture_output=True, timeout=60, check=False)
    if proc.returncode != 0:
        raise PandocError(f"pandoc could not print its default {name}")
    return proc.stdout


def default_reference() -> bytes:
    """pandoc's default reference.docx."""
    return pandoc_default("reference.docx")


def reproducible_zip(files: dict[str, bytes], stored_first: str | None = None) -> bytes:
    """A zip of ``files`` with fixed timestamps and modes, in name order (``stored_first``
    first and uncompressed, as OpenDocument wants its ``mimetype``)."""
    names = sorted(n for n in files if n != stored_first)
    if stored_first is not None:
        names.insert(0, stored_first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            zi = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, files[name])
    return out.getvalue()


def write_references(build, base: bytes, reference: Path, draft_reference: Path) -> None:  # pragma: no cover
    """The maintenance tools' job: write the plain and the draft reference document."""
    reference.write_bytes(build(base))
    draft_reference.write_bytes(build(base, draft=True))
    print(reference)
    print(draft_reference)


# table text a little smaller than the body (9.5 pt), as printed reports set their tables:
# columns then hold their longest words (see lic_policy.publish.document.column_widths)
TABLE_TEXT = '<w:rPr><w:sz w:val="19" /><w:szCs w:val="19" /></w:rPr>'


def adjust_styles(xml: str) -> str:
    if 'w:styleId="Clause"' not in xml:
        xml = xml.replace("</w:styles>", STYLES + "</w:styles>")
    start = xml.find('w:styleId="Table"')
    if start != -1 and TABLE_TEXT not in xml:
        # schema order inside a style: ... pPr, rPr, tblPr, ...
        tblpr = xml.find("<w:tblPr>", start)
        if tblpr != -1 and tblpr < xml.find("</w:style>", start):
            xml = xml[:tblpr] + TABLE_TEXT + xml[tblpr:]
    if start != -1 and "<w:tblBorders>" not in xml:
        # schema order inside tblPr: ... tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
        ind = xml.find("<w:tblInd ", start)
        end = xml.find("/>", ind) + 2 if ind != -1 else -1
        if ind != -1 and ind < xml.find("</w:tblPr>", start):
            xml = xml[:end] + TABLE_BORDERS + xml[end:]
    return xml


def _add_header(name: str, xml: str) -> str:
    """The edits that give every page of a draft a header line."""
    if name == "word/_rels/document.xml.rels":
        rel = (f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
               f'Id="{HEADER_ID}" Target="header1.xml" />')
        return xml.replace("</Relationships>", rel + "</Relationships>")
    if name == "[Content_Types].xml":
        override = ('<Override PartName="/word/header1.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml" />')
        return xml.replace("</Types>", override + "</Types>")
    if name == "word/document.xml":
        return xml.replace("<w:sectPr>", f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_ID}" />', 1)
    return xml


def add_page_footer(files: dict[str, bytes]) -> None:
    """Give the reference document ``files`` (part name → bytes) a footer with the page number
    on every page; a document that has it already is left as it is."""
    if "word/footer1.xml" in files:
        return
    edits = {
        "word/_rels/document.xml.rels": ("</Relationships>",
                                         '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                         f'relationships/footer" Id="{FOOTER_ID}" Target="footer1.xml" />'
                                         "</Relationships>"),
        "[Content_Types].xml": ("</Types>", '<Override PartName="/word/footer1.xml" ContentType="application/'
                                'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" /></Types>'),
        # after any header reference: the references come first in a section's properties
        "word/document.xml": ("<w:footnotePr>", f'<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
                              "<w:footnotePr>"),
    }
    for name, (old, new) in edits.items():
        xml = files[name].decode("utf-8")
        if name == "word/document.xml":
            at = xml.rfind("<w:sectPr")
            xml = xml[:at] + xml[at:].replace(old, new, 1)
        else:
            xml = xml.replace(old, new, 1)
        files[name] = xml.encode("utf-8")
    files["word/footer1.xml"] = PAGE_FOOTER.encode("utf-8")


def build(source: bytes | None = None, *, draft: bool = False) -> bytes:
    data = source if source is not None else default_reference()
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {info.filename: src.read(info.filename) for info in src.infolist()}
    files["word/styles.xml"] = adjust_styles(files["word/styles.xml"].decode("utf-8")).encode("utf-8")
    add_page_footer(files)
    if draft:
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml", "word/document.xml"):
            files[name] = _add_header(name, files[name].decode("utf-8")).encode("utf-8")
        files["word/header1.xml"] = DRAFT_HEADER.encode("utf-8")
    return reproducible_zip(files)


def main() -> None:  # pragma: no cover - a maintenance tool
    write_references(build, default_reference(), REFERENCE, REFERENCE_DRAFT)


if __name__ == "__main__":  # pragma: no cover
    main()

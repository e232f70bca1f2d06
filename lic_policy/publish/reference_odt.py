"""Build ``reference.odt``, the OpenDocument styles ``lic-policy publish --to odt`` uses.

The same styles as ``reference.docx`` (``Clause``, ``Clause Number``, ``Clause Note``,
``Draft Banner``, ``Override Note``), added to pandoc's own default reference document; pandoc's
ODT writer names them in ``custom-style`` attributes, and without a definition LibreOffice
shows those paragraphs unstyled. ``reference-draft.odt`` adds a page header for guidelines
that are not published yet. The zip is written as OpenDocument requires (``mimetype`` first,
uncompressed) with fixed timestamps, so the files are reproducible. They ship in the package;
regenerate them with::

    python -m lic_policy.publish.reference_odt
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .reference_docx import DRAFT_HEADER_TEXT, pandoc_default, reproducible_zip, write_references

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference.odt"
REFERENCE_DRAFT = HERE / "reference-draft.odt"

# pandoc writes the custom style names as they are ("Clause Number"), so they are defined
# under those names; the look follows reference.docx
STYLES = """
    <style:style style:name="Clause" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="text">
      <style:paragraph-properties fo:margin-left="0.17in" fo:margin-top="0.083in" fo:margin-bottom="0.083in"
        fo:padding-left="0.11in" fo:border-left="1.5pt solid #b0bec5" fo:border-right="none" fo:border-top="none"
        fo:border-bottom="none" />
    </style:style>
    <style:style style:name="Clause Note" style:family="paragraph" style:parent-style-name="Clause" style:class="text">
      <style:paragraph-properties fo:margin-top="0in" fo:margin-bottom="0.042in" />
      <style:text-properties fo:color="#555555" fo:font-size="10pt" />
    </style:style>
    <style:style style:name="Clause Number" style:family="text">
      <style:text-properties fo:font-family="'Liberation Mono'" style:font-family-generic="modern"
        style:font-pitch="fixed" fo:font-weight="bold" fo:color="#0b5a6b" />
    </style:style>
    <style:style style:name="Draft Banner" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="text">
      <style:paragraph-properties fo:text-align="center" fo:background-color="#fff3e6" fo:padding="0.06in"
        fo:border-top="2.25pt solid #8a1c00" fo:border-bottom="2.25pt solid #8a1c00" fo:border-left="none"
        fo:border-right="none" />
      <style:text-properties fo:font-weight="bold" fo:color="#8a1c00" fo:font-size="14pt" />
    </style:style>
    <style:style style:name="Override Note" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="text">
      <style:paragraph-properties fo:padding-left="0.11in" fo:border-left="1.5pt dashed #8a1c00" fo:border-right="none"
        fo:border-top="none" fo:border-bottom="none" />
      <style:text-properties fo:color="#8a1c00" />
    </style:style>
"""

HEADER_STYLE = """
    <style:style style:name="MP2" style:family="paragraph" style:parent-style-name="Header">
      <style:paragraph-properties fo:text-align="end" />
      <style:text-properties fo:font-weight="bold" fo:color="#8a1c00" />
    </style:style>
"""


def default_reference() -> bytes:
    """pandoc's default reference.odt."""
    return pandoc_default("reference.odt")


def adjust_styles(xml: str, *, draft: bool = False) -> str:
    if 'style:name="Clause"' not in xml:
        xml = xml.replace("</office:styles>", STYLES + "  </office:styles>", 1)
    if draft and 'style:name="MP2"' not in xml:
        xml = xml.replace("</office:automatic-styles>", HEADER_STYLE + "  </office:automatic-styles>", 1)
        start = xml.find("<style:master-page ")
        body = xml.find(">", start) + 1
        header = f'<style:header><text:p text:style-name="MP2">{DRAFT_HEADER_TEXT}</text:p></style:header>'
        xml = xml[:body] + header + xml[body:]
    return xml


def build(source: bytes | None = None, *, draft: bool = False) -> bytes:
    data = source if source is not None else default_reference()
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {info.filename: src.read(info.filename) for info in src.infolist()}
    files["styles.xml"] = adjust_styles(files["styles.xml"].decode("utf-8"), draft=draft).encode("utf-8")
    return reproducible_zip(files, stored_first="mimetype")


def main() -> None:  # pragma: no cover - a maintenance tool
    write_references(build, default_reference(), REFERENCE, REFERENCE_DRAFT)


if __name__ == "__main__":  # pragma: no cover
    main()

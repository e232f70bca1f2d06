"""ux18: the published Word and OpenDocument files number their pages. A council clerk printing
the DOCX of a 12-page guideline got pages with no numbers (the PDF had them); now every page's
footer holds its number, centred, in the plain and the draft layout, as the PDF's and the ODT's
pages already did."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import lic_policy

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
DRAFT = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def test_every_page_of_the_published_docx_is_numbered(tmp_path):
    for source in (GOOD, DRAFT):
        g = tmp_path / source.name
        shutil.copy(source, g)
        out = lic_policy.publish(g, ["docx"], tmp_path / source.stem, force=True)[0]
        parts = _parts(out)
        body = parts["word/document.xml"]
        ref = re.search(r'<w:footerReference (?=[^>]*w:type="default")[^>]*r:id="([^"]+)"', body)
        assert ref, f"{source.name}: no page footer"
        target = re.search(rf'Id="{ref.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{ref.group(1)}"',
                           parts["word/_rels/document.xml.rels"])
        footer = parts["word/" + (target.group(1) or target.group(2))]
        assert re.search(r"<w:instrText[^>]*> ?PAGE ?</w:instrText>", footer)
        assert '<w:jc w:val="center"' in footer
        assert ("w:headerReference" in body) == (source is DRAFT)  # the DRAFT header: drafts only


def test_every_page_of_the_published_odt_is_numbered(tmp_path):
    for source in (GOOD, DRAFT):
        g = tmp_path / source.name
        shutil.copy(source, g)
        out = lic_policy.publish(g, ["odt"], tmp_path / source.stem, force=True)[0]
        styles = _parts(out)["styles.xml"]
        footer = re.search(r"<style:footer>(.*?)</style:footer>", styles, re.S)
        assert footer, f"{source.name}: no page footer"
        assert "<text:page-number" in footer.group(1)  # pandoc's own reference.odt has it


def test_every_page_of_the_review_packet_is_numbered(tmp_path):
    # reviewers print the packet and talk about "page 3" at the advisory group's meeting
    from .conftest import run_cli

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    out = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(g), "-o", str(out), "--date", "2026-11-20")
    assert r.exit_code == 0, r.stderr
    parts = _parts(out)
    assert re.search(r"<w:footerReference [^>]*/>", parts["word/document.xml"])
    footer = "".join(v for n, v in parts.items() if n.startswith("word/footer"))
    assert re.search(r"<w:instrText[^>]*> ?PAGE ?</w:instrText>", footer)

"""ux18: the published Word and OpenDocument files number their pages. A council clerk printing
the DOCX of a 12-page guideline got pages with no numbers (the PDF had them); now every page's
footer holds its number, centred, in the plain and the draft layout, as the PDF's and the ODT's
pages already did."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_a_table_caption_is_whole_on_a_phone(tmp_path):
    # on a 390-px phone a table scrolls sideways in its own box, and its caption with it: the
    # caption was laid out as wide as the table's rows and its end cut off by the box
    # ("The four Living in Community key area[s of] change"), words a resident never saw
    from .browser import browser_missing, chromium, quit_browser

    if browser_missing():
        pytest.skip(str(browser_missing()))
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    html = lic_policy.publish(g, ["html"], tmp_path / "pub")[0]
    d = chromium(390, 844)
    try:
        d.get(html.as_uri())
        boxes = d.execute_script("""return [...document.querySelectorAll('table')].filter(t => t.caption).map(t => {
            const c = t.caption.getBoundingClientRect(), b = t.getBoundingClientRect();
            return [t.caption.textContent, c.left, c.right, b.left, b.right, t.scrollWidth > t.clientWidth]; })""")
        assert any(wide for *_x, wide in boxes)  # some table does scroll sideways here
        for text, left, right, t_left, t_right, _wide in boxes:
            assert t_left - 0.5 <= left and right <= t_right + 0.5, f"“{text}” runs past its table's box"
        # scrolled sideways, the caption stays in view
        d.execute_script("document.querySelectorAll('table').forEach(t => t.scrollLeft = 400)")
        for text, left, right, t_left, t_right, _wide in d.execute_script(
                """return [...document.querySelectorAll('table')].filter(t => t.caption).map(t => {
                const c = t.caption.getBoundingClientRect(), b = t.getBoundingClientRect();
                return [t.caption.textContent, c.left, c.right, b.left, b.right, 0]; })"""):
            assert t_left - 0.5 <= left and right <= t_right + 0.5, f"“{text}” scrolled out of view"
    finally:
        quit_browser(d)


@pytest.mark.slow  # 1.19 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_pdf_lists_its_parts_with_their_pages_after_the_title_block(tmp_path):
    # a council member turning to "Responding to violence" in a 17-page PDF had no contents
    # list (the HTML page has one): now the first page lists the parts with their page numbers,
    # after the title block and before the first part
    pypdf = pytest.importorskip("pypdf")

    for style, first, violence in (("standard", "Purpose", "Responding to violence against sex workers"),
                                   ("council", "1. Purpose", "Responding to violence against sex workers")):
        g = tmp_path / style / GOOD.name
        g.parent.mkdir()
        shutil.copy(GOOD, g)
        pdf = lic_policy.publish(g, ["pdf"], g.parent / "pub", style=style)[0]
        pages = [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(pdf)).pages]
        text = "\f".join(pages)
        page1 = pages[0]
        assert "Contents" in page1, page1[:800]
        contents = page1.split("Contents", 1)[1]
        assert re.search(rf"{re.escape(first)}[\s.]*\d+", contents), contents[:600]
        assert re.search(rf"{violence}[\s.]*\d+", " ".join(text.split("\f")[:2]).split("Contents", 1)[1])
        # the title block comes first
        assert page1.index("Contents") > page1.index("Cedar Harbour")


def test_the_library_s_publish_takes_the_council_layout_as_the_readme_says(tmp_path):
    # README: publish(path_or_document, formats, out_dir, *, force=False, style="standard");
    # lic_policy.publish took no style (TypeError), only lic_policy.publish.render.publish did
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    out = lic_policy.publish(g, ["html"], tmp_path / "council", style="council", max_size=4_000_000)[0]
    assert "response.violence.1" not in out.read_text(encoding="utf-8").split("<main", 1)[1].split("id=")[0]

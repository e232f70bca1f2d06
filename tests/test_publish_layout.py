"""Published documents as a council member reads them (issue 16): no code leaks (enum reprs,
field names), tables whose columns do not run together in the PDF or break words in Word,
and a council layout with numbered clauses and no ids beside today's layout. The HTML and PDF
pages are rendered to PNG (headless Chromium, pdftoppm) and looked at: not blank, the right
size."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lic_policy.publish.render import publish

from .conftest import GOOD, run_cli, soffice_pdf
from .test_publish import Page, docx_text

ENUM_REPR = re.compile(r"\b(?:ActionStatus|StageStatus|Status|KeyArea|Protocol|Stage|Group|SelectionMethod|"
                       r"DecisionRule|ClauseKind|JurisdictionKind)\.[a-z_]+", re.I)


def _scaffold(tmp_path: Path) -> Path:
    """A new guideline from `init`: its work-plan actions have no status written."""
    target = tmp_path / "town-of-x.yaml"
    r = run_cli("init", "--no-input", "--jurisdiction", "Town of X", str(target))
    assert r.exit_code == 0, r.stderr
    from lic_policy.store import load

    assert all("status" not in a for a in load(target).data["work_plan"])
    return target


def pdftotext(pdf: Path, layout: bool = False) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = [exe, *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def scaffold_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scaffold")
    src = _scaffold(tmp)
    paths = publish(src, ["html", "docx", "pdf", "md"], tmp / "out")
    return {p.suffix[1:]: p for p in paths}


def test_no_enum_reprs_in_any_format(scaffold_out):
    texts = {
        "html": Page(scaffold_out["html"].read_text(encoding="utf-8")).text,
        "md": scaffold_out["md"].read_text(encoding="utf-8"),
        "docx": docx_text(scaffold_out["docx"]),
        "pdf": pdftotext(scaffold_out["pdf"]),
    }
    for fmt, text in texts.items():
        assert not ENUM_REPR.search(text), (fmt, ENUM_REPR.search(text).group(0))
        assert "Planned" in text or "planned" in text, fmt
        # the draft's to-do items are its editors' notes, never published
        assert "when it happens" not in text and "to-do" not in text.lower(), fmt


def test_pdf_table_cells_do_not_run_together(scaffold_out):
    text = pdftotext(scaffold_out["pdf"])
    assert "ImplementationPlanned" not in text and "ImplementationIn" not in text
    layout = pdftotext(scaffold_out["pdf"], layout=True)
    row = next(line for line in layout.splitlines() if line.strip().startswith("Implementation"))
    assert re.search(r"Implementation\s{2,}Planned", row), row


def test_column_widths_fit_the_longest_word():
    from lic_policy.publish.document import column_widths

    widths = column_widths(["Stage", "Status", "Dates", "Groups that took part"],
                           [["Implementation", "In progress", "", "Current sex workers, Former sex workers, " * 3],
                            ["Design", "Completed", "2026-01-06 to 2026-02-28", "Residents"]])
    assert abs(sum(widths) - 1) < 1e-9
    # "Implementation" (14 letters) and "2026-01-06" fit; the long text column takes the rest
    assert widths[0] >= 16 / 85 and widths[2] >= 12 / 85
    assert widths[3] == max(widths)


@pytest.mark.slow
def test_docx_tables_do_not_break_words_in_libreoffice(scaffold_out, tmp_path):
    text = pdftotext(soffice_pdf(scaffold_out["docx"], tmp_path))
    # a word broken over two lines of a narrow column shows as its two halves
    for word in ("Relationships", "collaboration", "Implementation", "Steering", "committee"):
        assert word in text, word
    assert not re.search(r"Relationshi\s*\n\s*ps|Actio\s*n\s*Status", text)


# --------------------------------------------------------------------------- council style


@pytest.fixture(scope="module")
def council_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("council")
    r = run_cli("publish", str(GOOD), "--to", "html,docx,pdf", "--style", "council", "--out", str(tmp))
    assert r.exit_code == 0, r.stderr
    return {Path(p).suffix[1:]: Path(p) for p in r.stdout.split()}


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_council_style_numbers_clauses_and_shows_no_ids(council_out):
    from lic_policy.store import load

    g = load(GOOD).guideline
    ids = [c.id for _p, _s, c in g.iter_clauses()]
    page = Page(council_out["html"].read_text(encoding="utf-8"))
    visible = page.text
    assert not any(re.search(rf"(?<![\w.#]){re.escape(i)}(?![\w.])", visible) for i in ids[:20]), "a clause id is shown"
    assert "Identifier" not in visible
    # headings and clauses are numbered: "4. Responding to ..." and "4.1", "4.2"
    assert re.search(r"\b\d+\.\d+ ", visible)
    first_section = g.sections[0]
    number = re.search(rf"(\d+)\. {re.escape(first_section.title)}", visible)
    assert number, first_section.title
    assert f"{number.group(1)}.1 " in visible
    # links to a clause still work: the element ids are kept
    assert page.find("div", id=ids[0])
    docx = docx_text(council_out["docx"])
    assert ids[0] not in docx and f"{number.group(1)}.1" in docx
    pdf = pdftotext(council_out["pdf"])
    assert ids[0] not in pdf and f"{number.group(1)}.1" in pdf


def test_todays_layout_keeps_the_ids(tmp_path):
    r = run_cli("publish", str(GOOD), "--to", "html", "--out", str(tmp_path))
    assert r.exit_code == 0
    text = Page((tmp_path / (GOOD.stem + ".html")).read_text(encoding="utf-8")).text
    assert "response.violence.1" in text


def test_an_unknown_style_is_one_line(tmp_path):
    r = run_cli("publish", str(GOOD), "--style", "fancy", "--out", str(tmp_path))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1 and "council" in r.stderr


# --------------------------------------------------------------------------- looked at as pictures


@pytest.mark.slow  # 0.64 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed: make browser-tools")
@pytest.mark.skipif(not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no chromium to take the page's picture: make browser-tools")
def test_html_and_pdf_render_to_pictures(council_out, tmp_path):
    from lic_policy.publish.pictures import html_to_png, pdf_to_png, png_size

    pages = pdf_to_png(council_out["pdf"], tmp_path / "pdf", first=1, last=2)
    assert len(pages) == 2
    for page in pages:
        w, h = png_size(page)
        assert w > 400 and h > 500 and page.stat().st_size > 10_000  # text on it, not blank
    shot = html_to_png(council_out["html"], tmp_path / "page.png", width=1000, height=1400)
    w, h = png_size(shot)
    assert (w, h) == (1000, 1400) and shot.stat().st_size > 20_000


def _pdf_pages(source: str, tmp_path: Path) -> list[str]:
    import typst

    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst.compile(source.encode("utf-8")))
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


@pytest.mark.slow  # 0.56 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_table_caption_is_never_left_alone_at_the_foot_of_a_page(tmp_path):
    """A drafter's PDF had "Table 4: Threads by author role" at the foot of page 3 and its table
    on page 4 (ux8): the caption now goes with the table's first rows, and a long table still
    breaks across pages."""
    from lic_policy.publish.render import TYPST_STYLE

    figure = ("#figure(align(center)[#table(columns: (80%, 20%), table.header([Author role], [Threads],),"
              " table.hline(), {rows})], caption: [Threads by author role], kind: table)\n")
    stranded = 0
    for words in range(120, 170, 2):  # text that ends ever nearer the foot of the page
        source = (TYPST_STYLE + "\n#set page(height: 8cm)\n#show figure.where(kind: table): "
                  "set figure.caption(position: top)\n" + f"#lorem({words})\n" + figure.format(rows="[FIRST], [3],"))
        pages = _pdf_pages(source, tmp_path)
        caption = next(i for i, p in enumerate(pages) if "Threads by author role" in p)
        first = next(i for i, p in enumerate(pages) if "FIRST" in p)
        stranded += caption != first
    assert stranded == 0, f"the caption was left alone at the foot of a page {stranded} times"
    rows = " ".join(f"[row {i}], [{i}]," for i in range(60))
    pages = _pdf_pages(TYPST_STYLE + "\n#set page(height: 8cm)\n#show figure.where(kind: table): "
                       "set figure.caption(position: top)\n#lorem(20)\n" + figure.format(rows=rows), tmp_path)
    assert "Threads by author role" in pages[0] and "row 0" in pages[0] and len([p for p in pages if p.strip()]) > 2

"""`lic-policy publish`: every format read back with a real client (html.parser, pandoc's
docx/odt readers, pypdf), generated parts, DRAFT marking, the publish gate, determinism."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lic_policy.publish import pandoc
from lic_policy.publish.render import publish

from .conftest import DRAFT, GOOD, POLICE, soffice_pdf

ALL = ["html", "docx", "pdf", "md", "odt"]


# --------------------------------------------------------------------------- helpers


class Page(HTMLParser):
    """Elements, attributes, headings and visible text of an HTML page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def docx_text(path: Path) -> str:
    return pandoc.run(path.read_bytes(), from_="docx", to="plain", args=["--wrap=none"]).decode()


def pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())


def variant(tmp_path: Path, name: str, edits: dict[tuple, str], source: Path = GOOD) -> Path:
    """A copy of ``source`` with text fields replaced (surgical edits, validated)."""
    from lic_policy.store import parse

    text = source.read_text(encoding="utf-8")
    for path, value in edits.items():
        text = parse(text, name).replace_text(path, value)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def review_with(guideline: Path, *, status: str = "resolved", named: bool = False) -> Path:
    """The sample review file beside ``guideline``; thread t1 (an objection) gets ``status``."""
    from lic_policy.review.threads import review_path

    text = (GOOD.parent / "cedar-harbour-sex-work-response.review.yaml").read_text(encoding="utf-8")
    text = text.replace("    status: resolved\n", f"    status: {status}\n", 1)
    if named:
        text, n = re.subn(r"( +)handle: staff-policy-1\n( +)role: staff\n",
                          r"\1handle: staff-policy-1\n\2role: staff\n\2named: true\n", text, count=1)
        assert n == 1
    target = review_path(guideline)
    target.write_text(text, encoding="utf-8")
    return target


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    """The published sample in every format — the PDF is built once for the module."""
    out = tmp_path_factory.mktemp("good")
    paths = publish(GOOD, ALL, out)
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("draft")
    paths = publish(DRAFT, ["html", "docx", "md", "odt"], out)
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="module")
def good_model():
    from lic_policy.store import load

    return load(GOOD).guideline


# --------------------------------------------------------------------------- pandoc.run


def test_pandoc_run_and_version(tmp_path):
    assert re.match(r"^\d+\.\d+", pandoc.version())
    assert b"<em>x</em>" in pandoc.run("*x*", from_="markdown", to="html")
    target = tmp_path / "x.html"
    assert pandoc.run(b"*y*", from_="markdown", to="html", output=target) == b""
    assert "<em>y</em>" in target.read_text()


def test_pandoc_errors_are_one_line():
    from lic_policy.errors import LicPolicyError

    with pytest.raises(LicPolicyError) as info:
        pandoc.run("x", from_="no-such-format", to="html")
    line = info.value.one_line()
    assert "\n" not in line and "no-such-format" in line


def test_pandoc_timeout_is_one_line():
    from lic_policy.publish.pandoc import PandocError

    with pytest.raises(PandocError) as info:
        pandoc.run("x " * 200_000, from_="markdown", to="docx", timeout=0.001)
    assert "timed out" in info.value.one_line() and "\n" not in info.value.one_line()


def test_pandoc_sandbox_reads_no_files():
    out = pandoc.run("!include /etc/passwd\n\n![x](/etc/hostname)", from_="markdown", to="html",
                     args=["--embed-resources", "--standalone", "--metadata=title:x"]).decode()
    assert "root:" not in out and "base64" not in out


# --------------------------------------------------------------------------- HTML


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_html_is_standalone_accessible_and_sanitized(good, good_model):
    html = good["html"].read_text(encoding="utf-8")
    page = Page(html)
    assert page.find("html")[0]["lang"] == good_model.metadata.languages[0]
    viewport = page.find("meta", name="viewport")
    assert viewport and "width=device-width" in viewport[0]["content"]
    for landmark in ("header", "nav", "main"):
        assert page.find(landmark), landmark
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for prev, cur in zip(page.headings, page.headings[1:]):
        assert cur <= prev + 1, f"heading level jumps from h{prev} to h{cur}"
    # one file: the stylesheet is embedded, nothing is fetched
    assert "<style>" in html and ".clause-id" in html
    assert not page.find("link") and not page.find("script")
    assert not [a for _t, a in page.tags if "src" in a]
    assert page.find("th") and all(a.get("scope") == "col" for a in page.find("th"))


def test_html_has_every_clause_with_its_visible_id(good, good_model):
    page = Page(good["html"].read_text(encoding="utf-8"))
    for _path, _section, clause in good_model.iter_clauses():
        assert page.find("div", id=clause.id), clause.id
        assert clause.id in page.text
    first = next(good_model.iter_clauses())[2]
    assert " ".join(first.text.split())[:60] in page.text


def test_generated_parts(good, good_model):
    page = Page(good["html"].read_text(encoding="utf-8"))
    text = page.text
    md = good_model.metadata
    # title block
    for value in (md.jurisdiction.name, md.version, "published", md.effective_date.isoformat(),
                  md.next_review_date.isoformat()):
        assert value in text
    # the four LIC key areas, with the principles and actions tagged with each
    assert page.find("table", id="lic-key-area-table")
    for area in ("Culture & mindsets", "Relationships & collaboration", "Practice",
                 "Policy, systems & structures"):
        assert area in text
    for action in good_model.work_plan:
        assert action.title in text
    # services directory
    for s in good_model.services:
        assert s.organization in text and s.hours in text
    assert "sex-worker-led" in text and "Indigenous-led" in text
    # consultation statement: stages, groups and counts — no names
    assert "How this guideline was developed" in text
    assert "2025-01-13" in text and "Current sex workers" in text
    assert page.find("table", id="lic-participants")
    assert "46" in text
    # review log: counts only, no handles
    assert "Review log" in text
    assert "advisory-reviewer-3" not in text and "staff-policy-1" not in text
    assert "Sex worker advisory" in text


def test_review_log_names_only_reviewers_who_chose_it(tmp_path):
    g = variant(tmp_path, "named.yaml", {})
    review_with(g, named=True)
    html = publish(g, ["html"], tmp_path / "out")[0].read_text(encoding="utf-8")
    assert "staff-policy-1" in html
    assert "advisory-reviewer-3" not in html and "advisory-reviewer-1" not in html


# --------------------------------------------------------------------------- DOCX, PDF, MD, ODT


def test_docx_round_trips_through_pandoc_with_clause_numbers(good, good_model):
    text = docx_text(good["docx"])
    for _path, _section, clause in good_model.iter_clauses():
        assert clause.id in text
    assert "What this guideline does in each LIC key area" in text
    with zipfile.ZipFile(good["docx"]) as z:
        document = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert 'w:val="Clause"' in document and 'w:val="ClauseNumber"' in document
    assert 'w:styleId="ClauseNumber"' in styles  # from the shipped reference document
    assert good_model.metadata.title in core
    assert "2026-03-10T00:00:00Z" in core and "1970" not in core  # the guideline's date, not the clock
    assert "DRAFT" not in text
    with zipfile.ZipFile(good["docx"]) as z:
        assert not [n for n in z.namelist() if n.startswith("word/header")]


@pytest.mark.slow  # 0.40 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_pdf_through_typst_has_the_clauses(good, good_model):
    assert good["pdf"].read_bytes().startswith(b"%PDF-")
    text = pdf_text(good["pdf"])
    assert good_model.metadata.title in text
    assert "response.violence.1" in text and "response.youth.1" in text
    assert "call 911" in text
    assert "DRAFT" not in text


def test_markdown_and_odt(good, good_model):
    md = good["md"].read_text(encoding="utf-8")
    assert md.startswith("---\n") and "response.violence.1" in md
    assert "DRAFT" not in md
    odt_text = pandoc.run(good["odt"].read_bytes(), from_="odt", to="plain", args=["--wrap=none"]).decode()
    assert "response.violence.1" in odt_text and good_model.services[0].organization in odt_text


@pytest.mark.slow
def test_docx_opens_in_libreoffice(good, tmp_path):
    pdf = soffice_pdf(good["docx"], tmp_path)
    assert "response.violence.1" in pdf_text(pdf)


# --------------------------------------------------------------------------- DRAFT


def test_draft_is_marked_in_every_format(draft):
    page = Page(draft["html"].read_text(encoding="utf-8"))
    assert page.find("div", id="lic-draft")
    assert page.text.find("DRAFT") < page.text.find("Contents") < page.text.find("Purpose")
    assert "DRAFT" in draft["md"].read_text(encoding="utf-8").split("# Purpose")[0]
    assert docx_text(draft["docx"]).lstrip().startswith("DRAFT")
    with zipfile.ZipFile(draft["docx"]) as z:
        document = z.read("word/document.xml").decode()
        headers = [z.read(n).decode() for n in z.namelist() if re.match(r"word/header\d*\.xml$", n)]
    assert 'w:val="DraftBanner"' in document
    assert "<w:headerReference" in document and any("DRAFT" in h for h in headers)  # on every page
    odt = pandoc.run(draft["odt"].read_bytes(), from_="odt", to="plain").decode()
    assert -1 < odt.find("DRAFT") < odt.find("Purpose")
    with zipfile.ZipFile(draft["odt"]) as z:
        styles = z.read("styles.xml").decode()
    assert re.search(r"<style:header><text:p [^>]*>DRAFT \u2014 not adopted guidance</text:p>", styles)  # every page


def _odt_styles(path: Path) -> tuple[set, set]:
    """(custom style names the content uses, style names styles.xml defines) of an ODT."""
    with zipfile.ZipFile(path) as z:
        content, styles = z.read("content.xml").decode(), z.read("styles.xml").decode()
    custom = {"Clause", "Clause Number", "Clause Note", "Draft Banner", "Override Note"}
    used = set(re.findall(r'text:style-name="([^"]+)"', content)) & custom
    defined = set(re.findall(r'style:name="([^"]+)"', styles))
    return used, defined


def test_odt_defines_the_styles_its_paragraphs_use(good, draft):
    for doc, expect in ((good, {"Clause", "Clause Number", "Clause Note"}), (draft, {"Draft Banner"})):
        used, defined = _odt_styles(doc["odt"])
        assert expect <= used
        assert used <= defined, used - defined  # LibreOffice shows undefined styles as plain text
    with zipfile.ZipFile(good["odt"]) as z:
        assert "<style:header>" not in z.read("styles.xml").decode()  # adopted guidance: no DRAFT header


def test_shipped_reference_documents_hold_the_styles():
    # what build() adds is already there (checked against the shipped files, not against
    # pandoc's current default document, which changes with pandoc's version)
    from lic_policy.publish import reference_docx, reference_odt

    with zipfile.ZipFile(reference_docx.REFERENCE) as z:
        styles = z.read("word/styles.xml").decode()
    assert reference_docx.adjust_styles(styles) == styles and 'w:styleId="ClauseNumber"' in styles
    for path, draft in ((reference_odt.REFERENCE, False), (reference_odt.REFERENCE_DRAFT, True)):
        with zipfile.ZipFile(path) as z:
            styles = z.read("styles.xml").decode()
            first = z.infolist()[0]
        assert reference_odt.adjust_styles(styles, draft=draft) == styles
        assert all(f'style:name="{name}"' in styles for name in
                   ("Clause", "Clause Number", "Clause Note", "Draft Banner", "Override Note"))
        assert ("<style:header>" in styles) == draft
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED  # as ODF requires


@pytest.mark.slow
def test_odt_opens_in_libreoffice_with_its_draft_header(draft, tmp_path):
    text = pdf_text(soffice_pdf(draft["odt"], tmp_path))
    assert text.count("DRAFT \u2014 not adopted guidance") >= 2  # the page header, on more than one page


def test_retired_is_marked_retired_not_draft(tmp_path):
    g = variant(tmp_path, "retired.yaml", {("metadata", "status"): "retired"})
    g.write_text(g.read_text(encoding="utf-8").replace(
        "  next_review_date: 2027-04-01\n", "  next_review_date: 2027-04-01\n  retired_date: 2027-05-01\n", 1),
        encoding="utf-8")
    html, md = publish(g, ["html", "md"], tmp_path / "out")
    page = Page(html.read_text(encoding="utf-8"))
    assert page.find("div", id="lic-draft") and "RETIRED" in page.text and "DRAFT" not in page.text
    assert "retired on 2027-05-01" in page.text
    assert "RETIRED" in md.read_text(encoding="utf-8")


def test_draft_pdf_has_a_draft_page_header(tmp_path):
    from lic_policy.publish.render import prepare, typst_source

    source = typst_source(prepare(DRAFT)).decode()
    assert '#set page(header:' in source and "DRAFT — status: draft" in source


# --------------------------------------------------------------------------- the gate


def test_the_gates_checks_keep_their_search_plans_for_the_next_publish(tmp_path, monkeypatch):
    # publish checks with rule sets of their own (the objection or identity rules left out):
    # their search plans are kept in the user's cache as `check` keeps its own, so the next
    # publish derives none (deriving them again took about 1.5 s of CPU of each publish)
    import shutil

    from lic_policy import usercache
    from lic_policy.checks.engine import RuleSet
    from lic_policy.publish.render import prepare

    # the run's cache (packs, compiled patterns: quicker than compiling them) without any plan
    cache = tmp_path / "cache" / usercache.folder().name
    if usercache.folder().is_dir():
        shutil.copytree(usercache.folder(), cache, ignore=shutil.ignore_patterns("plans-*"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    derived = []  # each plan derived, as "search it as written, everywhere" (quick, same findings)
    monkeypatch.setattr(RuleSet, "_plan_of", lambda self, i: derived.append(i) or (None, None, None))
    prepare(DRAFT)  # a draft: its error findings are checked (and reported), not a gate
    assert derived  # the first publish derives them
    derived.clear()
    prepare(DRAFT)
    assert derived == []


def test_gate_refuses_open_objection_then_force_records_override(tmp_path, cli):
    g = variant(tmp_path, "objection.yaml", {})
    review_with(g, status="open")
    res = cli("publish", str(g), "--to", "html,docx", "--out", str(tmp_path / "out"))
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert "open objection" in res.stderr and "t1" in res.stderr and "--force" in res.stderr
    assert "status.open-objection" not in res.stderr  # the objection is one reason, not two
    assert not (tmp_path / "out").exists()

    res = cli("publish", str(g), "--to", "html,docx", "--out", str(tmp_path / "out"), "--force")
    assert res.exit_code == 0, res.stderr
    html = (tmp_path / "out" / "objection.html").read_text(encoding="utf-8")
    page = Page(html)
    override = page.find("meta", name="lic-policy-override")
    assert override and "open objection" in override[0]["content"]
    assert page.find("div", id="lic-override") and "Published with --force" in page.text
    # the reasons are written for a terminal; the published note shows no Markdown backticks
    assert "lic-policy review list --kind objection" in page.text and "`" not in page.text
    with zipfile.ZipFile(tmp_path / "out" / "objection.docx") as z:
        props = z.read("docProps/custom.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert "lic-policy-override" in props and "open objection" in props
    assert "Published with --force" in core  # dc:description, a core property


def test_gate_refuses_error_findings(tmp_path):
    from lic_policy.publish.render import PublishRefused

    # flagged fixture: a term the language reviewer must report as an error
    g = variant(tmp_path, "finding.yaml", {("sections", 2, "clauses", 0, "text"):
                                           "Refer any child prostitute to youth services."})
    with pytest.raises(PublishRefused) as info:
        publish(g, ["html"], tmp_path / "out")
    assert info.value.exit_code == 1 and "error finding" in info.value.one_line()
    assert publish(g, ["html"], tmp_path / "out", force=True)


def test_gate_does_not_apply_to_drafts(tmp_path):
    g = variant(tmp_path, "d.yaml", {("metadata", "status"): "in-review"})
    review_with(g, status="open")
    html = publish(g, ["html"], tmp_path / "out")[0].read_text(encoding="utf-8")
    assert "lic-policy-override" not in html and "DRAFT" in html


# --------------------------------------------------------------------------- determinism, CLI, API


def test_html_and_markdown_are_byte_identical(tmp_path):
    a = publish(POLICE, ["html", "md"], tmp_path / "a")
    b = publish(POLICE, ["html", "md"], tmp_path / "b")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes(), x.name


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_docx_odt_and_pdf_are_reproducible_too(tmp_path):
    """Their timestamps come from the guideline's dates (SOURCE_DATE_EPOCH, typst's timestamp)."""
    a = publish(POLICE, ["docx", "odt", "pdf"], tmp_path / "a")
    b = publish(POLICE, ["docx", "odt", "pdf"], tmp_path / "b")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes(), x.name


def test_cli_usage_errors_are_one_line_exit_2(tmp_path, cli):
    res = cli("publish", str(GOOD), "--to", "html,rtf", "--out", str(tmp_path))
    assert res.exit_code == 2 and "unknown format 'rtf'" in res.stderr and res.stderr.count("\n") == 1
    res = cli("publish", str(tmp_path / "missing.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: [unclosed\n", encoding="utf-8")
    res = cli("publish", str(bad), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and "Traceback" not in res.stderr


def test_cli_default_out_is_publish_next_to_the_file(tmp_path, cli):
    g = variant(tmp_path, "x.yaml", {})
    res = cli("publish", str(g))
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip() == str(tmp_path / "publish" / "x.html")


def test_library_api(tmp_path):
    import lic_policy
    from lic_policy.store import load

    paths = lic_policy.publish(load(POLICE), ["md"], tmp_path)
    assert [p.name for p in paths] == ["cedar-harbour-police-guideline.md"]

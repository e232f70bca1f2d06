"""Clause text is data, never markup: hostile text must not survive as active markup in
any published format (html, md, docx, typst source / pdf, odt).

HOSTILE FIXTURE: the strings below are attacks written on purpose for these tests.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lic_policy.publish import pandoc
from lic_policy.publish.markup import blocks, inlines, safe_url
from lic_policy.publish.render import publish

from .conftest import GOOD, ast_walk

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[local file](file:///etc/passwd) and [relative](/etc/passwd)",
    "![](/etc/passwd) and ![alt text kept](file:///etc/hostname)",
    '#read("/etc/passwd") and #import "@preview/cetz:0.2.0"',
    "\\input{/etc/passwd} \\include{/etc/hostname}",
    "`<b>raw</b>`{=html} and `#read(\"/etc/passwd\")`{=typst} and `\\input{x}`{=latex}",
    "<iframe src=https://example.org></iframe> <!-- comment --> <style>body{}</style>",
    "::: {.warning}\nnative div\n:::",
    "[span]{.smallcaps onclick=alert(1)}",
    "```{=html}\n<script>alert(2)</script>\n```",
    "::: {onclick=alert(1)}\n\ninside a fence\n\n:::",
    "`code`{onclick=alert(1)} and [a link](https://example.org){onclick=alert(1)}",
    "*`code`{onclick=alert(1)}* and **`code`{onclick=alert(2)}**",
]
HOSTILE_TEXT = "\n\n".join(HOSTILE)

FORBIDDEN_NODES = {"RawInline", "RawBlock", "Image", "Figure"}


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert_html(html: str) -> None:
    tags = Tags(html).tags
    names = {t for t, _a in tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "svg", "math", "form", "input", "base"}, names
    # the one <style> is ours, in <head>
    assert sum(1 for t, _a in tags if t == "style") <= 1
    for tag, attrs in tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key in ("href", "src", "action", "formaction", "xlink:href"):
                assert not re.match(r"\s*(javascript|data|file|vbscript):", value or "", re.I), (tag, key, value)
            assert "javascript:" not in (value or "").lower()


def ast_nodes(value) -> set[str]:
    return {node["t"] for node in ast_walk(value)}


def read_back(data: bytes, fmt: str) -> dict:
    """The document as pandoc reads it back (raw HTML/LaTeX readers on where they exist)."""
    return json.loads(pandoc.run(data, from_=fmt, to="json"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    from lic_policy.store import parse

    tmp = tmp_path_factory.mktemp("hostile")
    text = GOOD.read_text(encoding="utf-8")
    doc = parse(text, "hostile.yaml")
    text = doc.replace_text(("sections", 0, "clauses", 0, "text"), HOSTILE_TEXT)
    text = parse(text, "hostile.yaml").replace_text(("sections", 0, "intro"), HOSTILE[0] + " " + HOSTILE[6])
    text = parse(text, "hostile.yaml").replace_text(("metadata", "status"), "draft")
    text = parse(text, "hostile.yaml").replace_text(("metadata", "title"), 'Title <script>alert(3)</script> #read("/etc/passwd")')
    g = tmp / "hostile.yaml"
    g.write_text(text, encoding="utf-8")
    paths = publish(g, ["html", "docx", "pdf", "md", "odt"], tmp / "out")
    return {p.suffix[1:]: p for p in paths} | {"yaml": g}


def test_markup_parser_emits_no_raw_nodes():
    nodes = ast_nodes(blocks(HOSTILE_TEXT))
    assert not nodes & FORBIDDEN_NODES
    assert {"Para", "Str"} <= nodes
    links = [n for n in ast_walk(blocks(HOSTILE_TEXT)) if n.get("t") == "Link"]
    # only the one https link survives; no hostile target does
    assert [n["c"][2][0] for n in links] == ["https://example.org"]


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a?b=c", True), ("http://example.org", True), ("mailto:info@example.org", True),
    ("tel:6045550101", True), ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False), ("java\tscript:alert(1)", False), ("data:text/html,x", False),
    ("file:///etc/passwd", False), ("/etc/passwd", False), ("../x.html", False), ("https:///etc", False),
    ("vbscript:x", False), ("", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_inline_subset_still_works():
    nodes = inlines("Call **911** or see [the line](https://example.org) and *respect* the choice.")
    kinds = [n["t"] for n in nodes]
    assert "Strong" in kinds and "Emph" in kinds and "Link" in kinds


@pytest.mark.slow  # 0.30 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_html_output_is_inert(hostile):
    html = hostile["html"].read_text(encoding="utf-8")
    assert_inert_html(html)
    assert "alert(1)" in html  # the words are kept, as text
    assert "&lt;script&gt;" in html
    assert "root:x:0:0" not in html


def test_markdown_output_is_inert(hostile):
    md = hostile["md"].read_bytes()
    assert b"javascript:" not in md and b"file:" not in md
    doc = read_back(md, "markdown")
    assert not ast_nodes(doc) & FORBIDDEN_NODES
    # and rendered by pandoc's own Markdown → HTML (raw HTML allowed in the reader)
    assert_inert_html(pandoc.run(md, from_="markdown", to="html5", args=["--standalone"]).decode())


def test_docx_output_is_inert(hostile):
    data = hostile["docx"].read_bytes()
    doc = read_back(data, "docx")
    assert not ast_nodes(doc) & FORBIDDEN_NODES
    text = pandoc.run(data, from_="docx", to="plain").decode()
    assert "<script>alert(1)</script>" in text  # kept as words
    with zipfile.ZipFile(hostile["docx"]) as z:
        names = z.namelist()
        everything = "".join(z.read(n).decode("utf-8", "replace") for n in names if n.endswith((".xml", ".rels")))
    assert not [n for n in names if n.startswith("word/media/")]
    assert "javascript:" not in everything and "file:" not in everything
    assert "INCLUDETEXT" not in everything and "INCLUDEPICTURE" not in everything
    assert "root:x:0:0" not in everything


@pytest.mark.slow  # 0.44 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_typst_source_and_pdf_are_inert(hostile):
    from lic_policy.publish.render import prepare, typst_source

    source = typst_source(prepare(hostile["yaml"])).decode()
    # every '#' that comes from the guideline's text is escaped, outside raw `code` spans
    # (typst never evaluates those)
    source = re.sub(r"`[^`\n]*`", "`…`", source)
    assert re.search(r"(?<!\\)#read\(", source) is None
    assert re.search(r"(?<!\\)#import \"@preview", source) is None
    assert "\\#read(" in source
    text = __import__("pypdf").PdfReader(str(hostile["pdf"])).pages
    pdf_text = " ".join((p.extract_text() or "") for p in text)
    assert "root:x:0:0" not in pdf_text
    assert "read(" in pdf_text  # the words are printed, not run


def test_odt_output_is_inert(hostile):
    data = hostile["odt"].read_bytes()
    doc = read_back(data, "odt")
    assert not ast_nodes(doc) & FORBIDDEN_NODES
    with zipfile.ZipFile(hostile["odt"]) as z:
        content = z.read("content.xml").decode()
        names = z.namelist()
    assert "<draw:image" not in content and not [n for n in names if n.startswith("Pictures/")]
    assert "javascript:" not in content and "file:" not in content


def test_sanitizer_is_applied_to_the_body(tmp_path):
    """Even if pandoc ever let markup through, nh3 removes it."""
    from lic_policy.publish.render import sanitize_html

    html = ('<html><head><title>x</title></head><body><main><p onclick="x()">a</p>'
            '<script>alert(1)</script><a href="javascript:alert(1)">b</a><img src=x onerror=y>'
            '</main></body></html>')
    out = sanitize_html(html)
    assert_inert_html(out)
    assert "<main>" in out and ">a</p>" in out

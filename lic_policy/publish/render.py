"""Publish a guideline: the gate, one pandoc document, every format written by pandoc.

    from lic_policy.publish import publish
    publish("guidelines/cedar-harbour-sex-work-response.yaml", ["html", "docx", "pdf"], "out/")

HTML goes through the ``nh3`` sanitizer (the Rust ``ammonia`` crate) after pandoc; PDF is
pandoc's typst output compiled by the ``typst`` package (no LaTeX). Every pandoc call
runs with ``--sandbox`` and a timeout (:mod:`lic_policy.publish.pandoc`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..errors import InputError, LicPolicyError, OutputError, TooLarge, UsageError
from . import pandoc
from .document import STYLES, Override, ReviewSummary, breakable, build, document_date, to_json

FORMATS = ("html", "docx", "pdf", "md", "odt")
EXTENSIONS = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "md": ".md", "odt": ".odt"}
HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template.html"
STYLE = HERE / "style.css"
REFERENCE_DOCX = HERE / "reference.docx"
REFERENCE_DOCX_DRAFT = HERE / "reference-draft.docx"  # adds a "DRAFT" page header
REFERENCE_ODT = HERE / "reference.odt"  # the same styles for OpenDocument
REFERENCE_ODT_DRAFT = HERE / "reference-draft.odt"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "li", "main",
    "nav", "ol", "p", "pre", "section", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "role", "aria-label", "aria-labelledby", "title"},
    "a": {"href"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "col": {"span", "style"},
}


class PublishRefused(LicPolicyError):
    """Publishing a guideline marked ``published`` that still has blocking problems, or any
    guideline whose records identify people."""

    exit_code = 1

    def __init__(self, file: str, reasons: list[str], status: str = "published"):
        head = ("refusing to publish a guideline whose status is 'published': " if status == "published"
                else "refusing to publish: ")
        super().__init__(head + "; ".join(reasons),
                         file=file, hint="fix these, or pass --force to publish anyway; the override is recorded")
        self.reasons = reasons


@dataclass
class Prepared:
    """What ``publish`` works from: the loaded document, the gate's verdict, the AST."""

    document: Any  # lic_policy.store.Document
    stem: str
    reasons: list[str]
    review: ReviewSummary
    ast: dict
    date: Optional[_dt.date]
    draft_errors: list = dataclasses.field(default_factory=list)  # error findings of a guideline not yet published
    draft_issues: list = dataclasses.field(default_factory=list)  # validation problems of a guideline not yet published
    # how many warning and info findings went out unchanged (any status): {"warning": n, "info": n}
    other_findings: dict = dataclasses.field(default_factory=dict)


# --------------------------------------------------------------------------- gate


def check_findings(doc: Any, config: Any = None, skip: Sequence[str] = ()) -> list:
    """The findings of ``lic-policy check`` on a loaded guideline (with the configuration),
    leaving out the rules in ``skip``."""
    from ..checks.engine import check_document, load_ruleset
    from ..config import load_config

    cfg = config if config is not None else load_config()
    if skip:
        cfg = dataclasses.replace(cfg, disable=[*cfg.disable, *skip], enable=[e for e in cfg.enable if e not in skip])
    ruleset = load_ruleset(cfg)
    found = check_document(doc, ruleset).findings
    ruleset.save_compiled()  # its search plans and lowered patterns, for the next publish (as `check` does)
    return found


def error_findings(doc: Any, config: Any = None, skip: Sequence[str] = ()) -> list:
    """The error-severity findings of ``lic-policy check`` on a loaded guideline (with the
    configuration), leaving out the rules in ``skip``."""
    return [f for f in check_findings(doc, config, skip) if f.severity == "error"]


def _other_counts(found: list) -> dict:
    return {sev: n for sev in ("warning", "info") if (n := sum(1 for f in found if f.severity == sev))}


def describe_issues(issues: list, file: Optional[str] = None) -> str:
    """"2 validation problems (first: line 24: ...; see `lic-policy validate FILE`)"."""
    from ..errors import shell_word

    first = issues[0]
    see = f"; see `lic-policy validate {shell_word(file)}`" if file and not file.startswith("<") else ""
    return (f"{len(issues)} validation problem{'s' if len(issues) != 1 else ''} "
            f"(first: line {first.line}: {first.message}{see})")


def describe_others(counts: dict) -> str:
    """"53 warnings and 4 info findings" (as `check`'s summary counts them)."""
    parts = []
    if counts.get("warning"):
        parts.append(f"{counts['warning']:,} warning{'s' if counts['warning'] != 1 else ''}")
    if counts.get("info"):
        parts.append(f"{counts['info']:,} info finding{'s' if counts['info'] != 1 else ''}")
    return " and ".join(parts)


def describe_errors(errors: list) -> str:
    """"3 error findings (rule at line:col, ...; see `lic-policy check`)"."""
    shown = ", ".join(f"{f.rule_id} at {f.line}:{f.column}" for f in errors[:5])
    more = f" and {len(errors) - 5:,} more" if len(errors) > 5 else ""
    return f"{len(errors):,} error finding{'s' if len(errors) != 1 else ''} ({shown}{more}; see `lic-policy check`)"


def gate_reasons(doc: Any, review: ReviewSummary, config: Any = None, findings: Optional[list] = None) -> list[str]:
    """Why a guideline whose status is ``published`` must not be published as it is
    (``findings``: the check's, when the caller has them already)."""
    reasons = []
    if doc.issues:
        reasons.append(describe_issues(doc.issues, doc.file))
    # open objections are a reason of their own below, read from the review file (orphaned
    # ones too): the rule that reads the same file is left out rather than filtered out
    # identity findings are a reason of their own (identity_reasons), for every status
    if findings is None:
        findings = check_findings(doc, config, skip=GATE_SKIP)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        reasons.append(describe_errors(errors))
    if review.blocking:
        shown = ", ".join(f"{tid} on {where}" if where else tid for tid, where in review.blocking)
        reasons.append(f"{len(review.blocking)} open objection{'s' if len(review.blocking) != 1 else ''} "
                       f"in the review file ({shown}; see `lic-policy review list --kind objection`)")
    return reasons


IDENTITY_RULES = ("privacy.participant-identity",)
GATE_SKIP = ("status.open-objection", *IDENTITY_RULES)


def identity_reasons(doc: Any, config: Any = None, files: Optional[Iterable[str]] = None) -> list[str]:
    """Why a guideline must not be published in any status (nor sent out in a review packet):
    its consultation record, governance, owners, to-do items or review file identify someone. The reason names rules and places,
    never the name, email or phone found."""
    from ..checks.engine import check_document, load_ruleset
    from ..config import load_config

    cfg = config if config is not None else load_config()
    keep = [r for r in IDENTITY_RULES if r not in cfg.disable]
    if not keep:
        return []
    from ..checks.packs import load_packs

    others = [r.id for p in load_packs(cfg.packs, cfg) for r in p.rules if r.id not in keep]
    cfg = dataclasses.replace(cfg, disable=[*cfg.disable, *others], enable=[e for e in cfg.enable if e in keep])
    ruleset = load_ruleset(cfg)
    found = [f for f in check_document(doc, ruleset).findings if f.rule_id in keep]
    ruleset.save_compiled()
    if files is not None:  # only what these files hold (a packet carries the guideline and its threads)
        wanted = {os.path.realpath(f) for f in files}
        found = [f for f in found if os.path.realpath(f.file) in wanted]
    if not found:
        return []
    from ..checks.privacy import UNREAD_REVIEW

    unread = [f for f in found if f.message.startswith(UNREAD_REVIEW)]
    found = [f for f in found if f not in unread]
    # a review file that is a pipe, a device or not YAML: said as that, never as "1 identity
    # finding: a person's name ..." that nobody found (hostile23)
    reasons = [f"{os.path.basename(f.file)}: {f.message}" for f in unread[:1]]
    if not found:
        return reasons
    shown = ", ".join(f"{os.path.basename(f.file)}:{f.line}:{f.column}" for f in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    n = len(found)
    return reasons + [f"{n} identity finding{'s' if n != 1 else ''}: a person's name, email, phone, street address or "
                      "social-media handle in the consultation record, governance, owners, to-do items or review file "
                      f"({shown}{more}; see `lic-policy check --only privacy`)"]


# --------------------------------------------------------------------------- prepare

PUBLISH_MAX_SIZE = 2 * 1024 * 1024
"""The largest guideline ``publish`` and ``review packet`` take by default, in bytes (about
600 pages; real guidelines are tens of pages). Publishing holds the guideline, its check and
its pandoc document in memory and pandoc reads that document whole: an 8 MB guideline took
1.3-1.6 GB and 40 s for HTML alone, and a PDF's typst about 400 times the guideline's size
more. ``--max-size`` raises the limit."""


def check_publish_size(file: str, size: Optional[int] = None, max_size: Optional[int] = None,
                       what: str = "publishing") -> None:
    """Refuse (``TooLarge``, one line) a guideline of ``size`` bytes (the file's size when not
    given) over ``max_size`` (default ``PUBLISH_MAX_SIZE``) before it is read."""
    limit = PUBLISH_MAX_SIZE if max_size is None else max_size
    if size is None:
        try:
            size = os.stat(file).st_size
        except OSError:
            return  # a missing or unreadable file is refused by the reader, with its reason
    if size > limit:
        raise TooLarge(f"the guideline is {size:,} bytes, over the {limit:,}-byte limit for {what} (about "
                       f"{limit * 300 // (1024 * 1024):,} pages; it would take about {size * 250 // 1_000_000:,} MB "
                       "of memory)", file=file,
                       hint="split the guideline into parts, or raise the limit with --max-size BYTES")


def _load(path_or_document: Any):
    from ..store import Document, load

    if isinstance(path_or_document, Document):
        doc = path_or_document
        if doc.guideline is None and not doc.issues:
            doc.validate()
        return doc
    path = Path(path_or_document)
    if path.is_dir():
        raise UsageError("publish takes one guideline file, not a folder", file=str(path),
                         hint="pass a guideline .yaml file")
    if not path.exists():
        from ..store import missing

        raise UsageError(missing(path), file=str(path), hint="check the path")
    return load(path)


def _review_summary(doc: Any) -> ReviewSummary:
    from ..review import threads

    if not doc.file or doc.file.startswith("<"):
        return ReviewSummary()
    return ReviewSummary.from_review(threads.load(threads.review_path(doc.file)).review)


def prepare(path_or_document: Any, *, force: bool = False, config: Any = None, style: str = "standard",
            max_size: Optional[int] = None) -> Prepared:
    """Load, run the publish gate and build the pandoc document (in one of
    :data:`~lic_policy.publish.document.STYLES`). A guideline over ``max_size`` bytes (default
    :data:`PUBLISH_MAX_SIZE`) is refused before it is read."""
    if style not in STYLES:
        raise UsageError(f"unknown style '{style}'", hint="choose " + " or ".join(STYLES))
    from ..store import Document, ValidationFailed

    if isinstance(path_or_document, Document):
        check_publish_size(path_or_document.file or "<guideline>", len(path_or_document.text.encode("utf-8",
                           "surrogateescape")), max_size)
    else:
        check_publish_size(os.fspath(path_or_document), None, max_size)
    doc = _load(path_or_document)
    if doc.guideline is None:
        raise ValidationFailed(doc.issues) if doc.issues else LicPolicyError(
            "the guideline could not be loaded", file=doc.file)
    g = doc.guideline
    review = _review_summary(doc)
    reasons: list[str] = identity_reasons(doc, config)
    draft_errors: list = []
    draft_issues: list = []
    others: dict = {}
    if g.metadata.status == "published":
        found = check_findings(doc, config, skip=GATE_SKIP)
        reasons += gate_reasons(doc, review, config, findings=found)
        others = _other_counts(found)
    elif g.metadata.status != "retired":
        # not refused (it is marked DRAFT in every format), but the person publishing is told
        found = check_findings(doc, config, skip=IDENTITY_RULES)
        draft_errors = [f for f in found if f.severity == "error"]
        draft_issues = list(doc.issues)
        others = _other_counts(found)
    if reasons and not force:
        raise PublishRefused(doc.file, reasons, g.metadata.status)
    override = Override(reasons) if reasons else None
    stem = Path(doc.file).name if doc.file and not doc.file.startswith("<") else g.metadata.id
    for suffix in (".yaml", ".yml"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return Prepared(doc, stem, reasons, review, build(g, review, override, style), document_date(g), draft_errors,
                    draft_issues, others)


# --------------------------------------------------------------------------- writers


def sanitize_html(html: str) -> str:
    """Run everything between ``<body>`` and ``</body>`` through nh3 (ammonia).

    The head is pandoc's rendering of our template with escaped metadata and our own
    stylesheet; a ``<script`` anywhere is refused outright.
    """
    import nh3

    start = html.find("<body>")
    end = html.rfind("</body>")
    if start == -1 or end == -1:
        raise LicPolicyError("pandoc's HTML has no <body> (internal template problem)")
    head, body, tail = html[: start + 6], html[start + 6:end], html[end:]
    clean = nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True,
                      filter_style_properties={"width"}, link_rel=None)
    if re.search(r"<\s*script", head, re.IGNORECASE):
        raise LicPolicyError("refusing to write HTML with a script element in its head")
    # every header cell pandoc writes is a column header (tables here have no row headers)
    clean = clean.replace("<th>", '<th scope="col">')
    return head + clean + tail


def _epoch(date: Optional[_dt.date]) -> Optional[int]:
    if date is None:
        return None
    return int(_dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc).timestamp())


def render_html(p: Prepared) -> bytes:
    # the template shows the DRAFT banner and the override note at the top of <header>
    ast = {**p.ast, "blocks": [b for b in p.ast["blocks"]
                               if not (b["t"] == "Div" and b["c"][0][0] in ("lic-draft", "lic-override"))]}
    out = pandoc.run(to_json(ast), from_="json", to="html5",
                     args=["--standalone", f"--template={TEMPLATE}", f"--include-in-header={STYLE}",
                           "--toc", "--toc-depth=2", "--shift-heading-level-by=1", "--section-divs",
                           "--wrap=none", "--metadata=toc:true"])
    return sanitize_html(out.decode("utf-8")).encode("utf-8")


_ESCAPE = {"t": "RawInline", "c": ["markdown", "\\"]}

# what pandoc's Markdown writer leaves as it is and its reader takes for markup (hostile9):
# '{' (a raw attribute after a code span or link), an '@' not after a letter or digit (a
# citation, '[@a; @b]' a list of them, '(@x)' an example reference; 'info@example.org' is
# none) and '&' starting a character reference ('&amp;' is five characters, not '&')
_MD_SPECIAL = re.compile(r"\{|(?<![^\W_])@|&(?=#?[A-Za-z0-9]+;)")


def markdown_safe(value: Any) -> Any:
    """Close the gaps in pandoc's Markdown writer (found by the safety tests): it escapes
    neither ``{`` (so text after a code span or link could become a raw attribute or
    ``onclick=`` attributes when the Markdown is read again), nor ``:::`` at the start of a
    block (a fenced div with attributes), nor a citation's ``@``, nor a character reference's
    ``&``, nor a paragraph of hyphens only (a horizontal rule). A ``Str`` holding one of them
    is written as our own fixed ``RawInline`` instead: its text with a Markdown backslash
    escape before every ASCII punctuation character (pandoc escapes an ``@`` that starts a
    ``Str`` itself, by context, so an escape of ours beside its text could double), in every
    list of inlines, at any depth (inside emphasis and links too); and a backslash goes before
    a ``:`` that starts a block. The text reads exactly the same."""
    if isinstance(value, list):
        return [_escaped(v) if isinstance(v, dict) and v.get("t") == "Str" and _MD_SPECIAL.search(v["c"])
                else markdown_safe(v) for v in value]
    if not isinstance(value, dict):
        return value
    t = value.get("t")
    if t == "MetaString" and _MD_SPECIAL.search(value["c"]):  # pandoc writes it as Markdown text
        return {"t": "MetaInlines", "c": [_escaped({"t": "Str", "c": value["c"]})]}
    if t in ("Para", "Plain"):
        content = markdown_safe(value["c"])
        if content and content[0].get("t") == "Str":
            if content[0]["c"].startswith(":"):
                content.insert(0, _ESCAPE)
            elif _rule_only(content):
                content[0] = _escaped(content[0])
        return {"t": t, "c": content}
    if "c" in value:
        return {**value, "c": markdown_safe(value["c"])}
    return value


def _escaped(node: dict) -> dict:
    """A ``Str`` as Markdown that reads back as its text: a backslash before every ASCII
    punctuation character (pandoc's Markdown reads any of them escaped as itself)."""
    return {"t": "RawInline", "c": ["markdown", re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", node["c"])]}


def _rule_only(content: list) -> bool:
    """A paragraph of three or more hyphens and spaces only: a horizontal rule to pandoc."""
    text = "".join(n["c"] if n.get("t") == "Str" else " " if n.get("t") in ("Space", "SoftBreak") else "x"
                   for n in content)
    return text.count("-") >= 3 and not text.replace("-", "").strip()


def render_markdown(p: Prepared) -> bytes:
    # the metadata too: pandoc writes the title and subtitle as Markdown in the YAML block
    ast = {**p.ast, "meta": {k: markdown_safe(v) for k, v in p.ast["meta"].items()},
           "blocks": markdown_safe(p.ast["blocks"])}
    return pandoc.run(to_json(ast), from_="json", to="markdown-smart",
                      args=["--standalone", "--wrap=none"])


# Libertinus Serif (typst's default) has no ☐ and typst's fallback did not find one: a draft's
# checklist printed the missing-glyph box. DejaVu Sans Mono, which typst carries, has the
# ballot boxes and arrows; other scripts still fall back as before (ux21)
TYPST_STYLE = """#set text(font: ("Libertinus Serif", "DejaVu Sans Mono"))
#show table.cell: set align(left)
#show table.cell: set text(size: 0.9em)
#show table: set par(justify: false)
#set table(stroke: (_, y) => if y > 1 { (top: 0.4pt + luma(190)) })
#show figure.where(kind: table): set block(breakable: true)
#show figure.caption.where(kind: table): it => block(sticky: true, it)"""


def _typst_header(p: Prepared) -> dict:
    """Presentation for the PDF only: left-aligned tables, and a DRAFT / override page
    header. These are our own fixed words (status is one of five values), quoted as a
    typst string; nothing from the guideline's text goes in here."""
    md = p.document.guideline.metadata
    raw = [TYPST_STYLE]
    words = []
    if md.status == "retired":
        words.append("RETIRED — no longer in effect")
    elif md.status != "published":
        words.append(f"DRAFT — status: {md.status}")
    if p.reasons:
        words.append("published with --force")
    if words:
        text = " · ".join(words)
        raw.append('#set page(header: align(right, text(fill: rgb("#8a1c00"), weight: "bold")['
                   + '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' + "]))")
    return {"header-includes": {"t": "MetaBlocks", "c": [{"t": "RawBlock", "c": ["typst", r]} for r in raw]}}


def typst_source(p: Prepared) -> bytes:
    from ..store import mark_run, mark_run_message

    # a draft is published with its problems, marks piled by the thousand included: typst grew
    # to 24 GB on such a title, and spent minutes on such a clause (looked for before the long
    # words are broken up, which breaks the piles up too)
    run = mark_run(to_json(p.ast))
    if run is not None:
        message, hint = mark_run_message()  # the AST holds a text in pieces: its count is not the file's
        raise InputError(message + " (`lic-policy validate` shows where)", file=p.document.file, hint=hint)
    try:
        ast = {**p.ast, "blocks": breakable(p.ast["blocks"])}  # long words wrap instead of running off the page
    except LicPolicyError as exc:
        exc.file = exc.file or p.document.file
        raise
    ast["meta"] = {**p.ast["meta"], **_typst_header(p)}
    ast["blocks"] = _with_contents(ast["blocks"])
    return pandoc.run(to_json(ast), from_="json", to="typst", args=["--standalone", "--wrap=auto"])


# the parts of the PDF with their page numbers, as the HTML page's contents list (typst's own
# outline: its title in the document's language; our own fixed words, no guideline text)
TYPST_CONTENTS = "#outline(title: auto, depth: 1, indent: auto)"


def _with_contents(blocks: list) -> list:
    """``blocks`` with a contents list before the first part (after the title block): a council
    member turning to one protocol in a 17-page PDF had none."""
    first = next((i for i, b in enumerate(blocks) if b.get("t") == "Header" and b["c"][0] == 1), None)
    if first is None or sum(1 for b in blocks if b.get("t") == "Header" and b["c"][0] == 1) < 3:
        return blocks
    return blocks[:first] + [{"t": "RawBlock", "c": ["typst", TYPST_CONTENTS]}] + blocks[first:]


def _plain(inlines: list) -> str:
    """The words of pandoc inlines (a heading's), as a reader sees them."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                out.append(node["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Code", "Math", "RawInline"):
                out.append(node["c"][-1] if t != "RawInline" else "")
            elif t in ("Link", "Span", "Image", "Cite"):
                walk(node["c"][1] if t != "Cite" else node["c"][1])
            elif t == "Quoted":
                out.append("“")
                walk(node["c"][1])
                out.append("”")
            elif t != "Note":
                walk(node.get("c"))

    walk(inlines)
    return "".join(out)


DOCX_CONTENTS_TITLE = "Contents"


def _with_docx_contents(blocks: list) -> list:
    """``blocks`` with the DOCX's contents list before the first part (after the title block),
    as the PDF's: a Word table-of-contents field (``TOC \\o "1-1" \\h``) whose entries are
    written already — each part's heading as a link to it — so the file opens with its contents
    listed, and Word's *Update Field* adds page numbers (which only Word's layout knows). The
    DOCX had none; pandoc's ``--toc`` writes an empty field marked for updating, which Word asks
    about on opening and LibreOffice shows empty. Headings are our parts' titles, escaped: no
    guideline text becomes markup."""
    from html import escape

    heads = [(i, b["c"][1][0], _plain(b["c"][2])) for i, b in enumerate(blocks)
             if b.get("t") == "Header" and b["c"][0] == 1]
    if len(heads) < 3 or not all(anchor for _i, anchor, _t in heads):
        return blocks

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    title = run('<w:t xml:space="preserve">' + DOCX_CONTENTS_TITLE + "</w:t>")
    paras = [f'<w:p><w:pPr><w:pStyle w:val="TOCHeading" /></w:pPr>{title}</w:p>']
    for n, (_i, anchor, text) in enumerate(heads):
        begin = (run('<w:fldChar w:fldCharType="begin" />')
                 + run('<w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText>')
                 + run('<w:fldChar w:fldCharType="separate" />')) if n == 0 else ""
        end = run('<w:fldChar w:fldCharType="end" />') if n == len(heads) - 1 else ""
        link = (f'<w:hyperlink w:anchor="{escape(anchor)}" w:history="1">'
                f'<w:r><w:rPr><w:rStyle w:val="Hyperlink" /></w:rPr>'
                f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r></w:hyperlink>')
        paras.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1" /></w:pPr>{begin}{link}{end}</w:p>')
    first = heads[0][0]
    return blocks[:first] + [{"t": "RawBlock", "c": ["openxml", "".join(paras)]}] + blocks[first:]


def render_pdf(p: Prepared) -> bytes:
    import typst

    source = typst_source(p)
    with tempfile.TemporaryDirectory(prefix="lic-typst-") as root:  # nothing to read in here
        kwargs: dict[str, Any] = {"root": root}
        epoch = _epoch(p.date)
        if epoch is not None:
            kwargs["timestamp"] = epoch
        try:
            return typst.compile(source, **kwargs)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # typst raises its own error types; a panic in its Rust code, PanicException
            # (a BaseException): it was a traceback and exit 1
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise LicPolicyError(f"typst could not compile the PDF: {first}") from None


def _draft(p: Prepared) -> bool:
    """Not adopted guidance yet: Word and OpenDocument pages carry a DRAFT header."""
    return p.document.guideline.metadata.status not in ("published", "retired")


def _binary(p: Prepared, to: str, tmp: str, args: Sequence[str] = ()) -> None:
    """Convert with pandoc into ``tmp`` (a temporary file that ``write`` renames when every
    format has been written)."""
    ast = {**p.ast, "blocks": _with_docx_contents(p.ast["blocks"])} if to == "docx" else p.ast
    pandoc.run(to_json(ast), from_="json", to=to, args=list(args), output=tmp)
    if p.document.guideline.metadata.status != "published":
        banner_first(tmp, to)
    if p.date is not None:
        pandoc.stamp_dates(tmp, to, f"{p.date.isoformat()}T00:00:00Z")


# the DRAFT (or RETIRED) banner as pandoc writes it: a Word paragraph in the Draft Banner style
# inside its bookmark, an OpenDocument section named for its Div
_DOCX_BANNER = re.compile(r'<w:bookmarkStart w:id="\d+" w:name="lic-draft" />\s*<w:p>.*?</w:p>\s*'
                          r'<w:bookmarkEnd w:id="\d+" />\s*', re.S)
_DOCX_TITLE = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Title" />')
_ODT_BANNER = re.compile(r'<text:section text:name="lic-draft">.*?</text:section>\s*', re.S)
_ODT_TITLE = re.compile(r'<text:p text:style-name="Title">')


def banner_first(path: str | os.PathLike, fmt: str) -> None:
    """Move the DRAFT banner above the title in a DOCX or ODT that pandoc wrote: pandoc puts
    the document's title and subtitle (from its metadata) before the body, so the banner was
    the third paragraph, under the title, where the README says it opens the file. Nothing
    else moves; a file without the banner or the title is left as it is. Rewrites the file in
    place (a temporary file of ``write``'s atomic write), keeping each member's order, method
    and timestamp."""
    import zipfile

    member, banner_re, title_re = (("word/document.xml", _DOCX_BANNER, _DOCX_TITLE) if fmt == "docx"
                                   else ("content.xml", _ODT_BANNER, _ODT_TITLE))
    with zipfile.ZipFile(path) as src:
        infos = src.infolist()
        data = {i.filename: src.read(i.filename) for i in infos}
    xml = data.get(member, b"").decode("utf-8")
    banner, title = banner_re.search(xml), title_re.search(xml)
    if banner is None or title is None or title.start() > banner.start():
        return
    moved = xml[:banner.start()] + xml[banner.end():]
    at = title.start()
    data[member] = (moved[:at] + banner.group(0) + moved[at:]).encode("utf-8")
    with zipfile.ZipFile(path, "w") as dst:
        for info in infos:  # same order, methods and timestamps (ODT's mimetype stays first, stored)
            dst.writestr(info, data[info.filename])


# what people call the formats: the name to give instead
_FORMAT_WORDS = {"word": ("docx", "Word"), "doc": ("docx", "Word"), "msword": ("docx", "Word"),
                 "libreoffice": ("odt", "LibreOffice"), "opendocument": ("odt", "LibreOffice"),
                 "htm": ("html", "a web page"), "web": ("html", "a web page")}


def parse_formats(formats: str | Iterable[str]) -> list[str]:
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for f in items:
        f = f.strip().lower()
        if f == "markdown":
            f = "md"
        if not f:
            continue
        if f not in FORMATS:
            alias = _FORMAT_WORDS.get(f)
            raise UsageError(f"unknown format '{f}'",
                             hint=(f"did you mean '{alias[0]}', for {alias[1]}? " if alias else "") + "choose from "
                             + ", ".join(FORMATS))
        if f not in out:
            out.append(f)
    if not out:
        raise UsageError("no output format given", hint="e.g. --to html,docx,pdf")
    return out


def write(p: Prepared, formats: Sequence[str], out_dir: str | os.PathLike | None = None,
          progress: Any = None) -> list[Path]:
    """Write each format of a prepared document into ``out_dir`` (created if needed; by
    default ``publish/`` next to the guideline). ``progress(done, total)`` is called as each
    format is written."""
    if out_dir is None:
        file = p.document.file
        out_dir = (Path(file).parent if file and not file.startswith("<") else Path(".")) / "publish"
    out = Path(out_dir)
    from ..store import refuse_windows_output

    refuse_windows_output(out_dir)
    if os.path.islink(out) and not out.exists():
        # a link to a folder that is gone: it said "the output path is not a folder" (hostile23)
        raise UsageError(f"--out is a link to {os.path.realpath(out)}, which does not exist", file=str(out),
                         hint="create the folder it points to, or give --out another folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, a device (/dev/full) or a pipe of that name: said below
        pass
    except OSError as exc:
        from ..store import write_hint

        raise UsageError(f"cannot create the output folder: {exc.strerror}", file=str(out),
                         hint=write_hint(exc, out)) from None
    if not out.is_dir():
        raise UsageError("the output path is not a folder", file=str(out),
                         hint="give --out a folder (it is created if missing); the formats are written into it")
    targets = {f: out / (p.stem + EXTENSIONS[f]) for f in formats}
    for f, target in targets.items():
        _refuse_someone_elses(target, f)

    def put(tmp: str, data: bytes | str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)

    def one(fmt: str, tmp: str) -> None:
        try:
            if fmt == "html":
                put(tmp, render_html(p))
            elif fmt == "md":
                put(tmp, render_markdown(p))
            elif fmt == "docx":
                _binary(p, "docx", tmp, [f"--reference-doc={REFERENCE_DOCX_DRAFT if _draft(p) else REFERENCE_DOCX}"])
            elif fmt == "odt":
                _binary(p, "odt", tmp, [f"--reference-doc={REFERENCE_ODT_DRAFT if _draft(p) else REFERENCE_ODT}"])
            elif fmt == "pdf":
                put(tmp, render_pdf(p))
        except OSError as exc:
            raise _not_written(fmt, targets[fmt], OutputError(f"cannot write the file: {exc.strerror or exc}"),
                               len(formats)) from None
        except LicPolicyError as exc:
            raise _not_written(fmt, targets[fmt], exc, len(formats)) from None

    # every format is written to a temporary file first and renamed into place only when all
    # of them have been: a publish that fails in one format says which, and leaves no file
    # half-written (nor a set of formats that disagree with the ones left from an older run)
    with contextlib.ExitStack() as stack:
        tmps = {}
        for f in formats:
            tmps[f] = stack.enter_context(_atomic(f, targets[f], len(formats)))
        if len(formats) == 1:
            one(formats[0], tmps[formats[0]])
            if progress is not None:
                progress(1, 1)
        else:
            # pandoc runs as separate processes, so the formats convert in parallel (one thread
            # each: the threads only wait); the PDF is the longest chain (pandoc, then typst), so
            # it starts first
            order = sorted(formats, key=lambda f: f != "pdf")
            from concurrent.futures import as_completed

            with ThreadPoolExecutor(max_workers=len(formats)) as pool:
                futures = [pool.submit(one, f, tmps[f]) for f in order]
                errors = []
                for done, fut in enumerate(as_completed(futures), 1):
                    try:
                        fut.result()
                    except LicPolicyError as exc:
                        errors.append(exc)
                    else:
                        if progress is not None:
                            progress(done, len(formats))
                if errors:
                    raise errors[0]
        for f in formats:  # flushed to the disk before any is renamed: a full disk stops them all
            try:
                with open(tmps[f], "rb") as fh:
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise _not_written(f, targets[f], OutputError(f"cannot write the file: {exc.strerror or exc}"),
                                   len(formats)) from None
    return [targets[f] for f in formats]


# what each format written by publish holds near its start or end, and no other program's file
# does: the generator in the HTML head, the metadata in Markdown's front matter, the custom
# properties pandoc writes into Word and OpenDocument files, typst as the PDF's creator
_OURS = {"html": (b'<meta name="generator" content="lic-policy',), "md": (b"\nlic-policy-",),
         "pdf": (b"/Creator(Typst",)}


def _made_by_publish(target: Path, fmt: str) -> bool:
    """Whether the file at ``target`` is one this command wrote (so replacing it loses nothing)."""
    import zipfile

    try:
        if fmt in ("docx", "odt"):
            part = "docProps/custom.xml" if fmt == "docx" else "meta.xml"
            with zipfile.ZipFile(target) as z:
                info = z.getinfo(part)
                if info.file_size > 1 << 20:
                    return False
                return b'lic-policy-id"' in z.read(info)
        with open(target, "rb") as fh:
            head = fh.read(1 << 16)
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - (1 << 16)))
            tail = fh.read()
    except (OSError, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile):
        return False  # not a file of this format as publish writes it
    return any(mark in head or mark in tail for mark in _OURS[fmt])


def _refuse_someone_elses(target: Path, fmt: str) -> None:
    """A file of the output's name that publish did not write is refused, untouched: `publish
    policy.yaml --to docx --out .` beside the Word file the guideline was imported from (import
    writes policy.yaml beside policy.docx) replaced the council's original, comments and tracked
    changes included, and a hand-written notes.md went the same way. Files publish wrote
    before, empty files and what is not a regular file (said when it is written) are replaced."""
    import stat

    try:
        st = os.stat(target)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or _made_by_publish(target, fmt):
        return
    raise UsageError(f"{fmt.upper()} not written: a file of that name is there already, and lic-policy publish did "
                     "not write it (the document the guideline was imported from, or your own); it was left as it "
                     "is", file=str(target),
                     hint="publish into another folder with --out (the default is publish/ beside the guideline), or "
                          "move that file away first")


@contextlib.contextmanager
def _atomic(fmt: str, target: Path, count: int):
    from ..store import atomic_path

    try:
        with atomic_path(target) as tmp:
            yield tmp
    except OutputError as exc:
        if getattr(exc, "publish_format", None):
            raise
        raise _not_written(fmt, target, exc, count) from None


def _not_written(fmt: str, target: Path, exc: LicPolicyError, count: int) -> LicPolicyError:
    """``exc`` saying which format failed (and, for several, that none was written)."""
    if getattr(exc, "publish_format", None):
        return exc
    others = "; no format was written" if count > 1 else ""
    err = type(exc)(f"{fmt.upper()} not written: {exc.message}{others}", file=str(target), line=exc.line,
                    column=exc.column, hint=exc.hint)
    err.publish_format = fmt
    return err


def publish(path_or_document: Any, formats: str | Iterable[str] = ("html",), out_dir: str | os.PathLike | None = None,
            *, force: bool = False, config: Any = None, style: str = "standard",
            max_size: Optional[int] = None) -> list[Path]:
    """Publish one guideline (a path or a loaded ``Document``) to ``formats`` in ``out_dir``.

    ``out_dir`` defaults to ``publish/`` next to the guideline. Raises
    :class:`PublishRefused` (exit code 1) when the guideline's status is ``published`` and
    it has validation problems, error findings or open objections, unless ``force``; the
    override is then recorded in every output. ``style`` is ``standard`` (clause ids as their
    numbers) or ``council`` (numbered headings and clauses, no ids). Returns the written paths.
    """
    fmts = parse_formats(formats)
    return write(prepare(path_or_document, force=force, config=config, style=style, max_size=max_size), fmts,
                 out_dir)

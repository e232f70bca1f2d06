"""Terminal output: location, severity, rule, message; the source line with a caret under
the match; the suggestion and why (with the source). Colored on a terminal."""

from __future__ import annotations

import re
from collections import Counter

from .. import lazy_re
from ..echo import counted
from ..errors import CONTROL_PICTURES, one_line_text
from ..model.finding import Finding
from ..store import lines_of
from .plain import fix_command

COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


# C0 controls but tab and newline, DEL, and C1 controls → one visible character each (columns
# and carets stay aligned): a file or comment holding terminal escape sequences (ESC [2J clears
# the screen, ESC ] 0; sets the window title, ESC ] 8; makes a link) shows them instead of
# running them in the terminal of whoever reads the report
_CONTROLS = CONTROL_PICTURES
# … and the direction embeddings, overrides and isolates (U+202A-E, U+2066-9), which turn the
# rest of a line around in a terminal that lays out right-to-left text ("Trojan source": a
# comment would read as other words than it holds), and the line and paragraph separators.
# Right-to-left text itself and the marks U+200E/U+200F are shown as written.


def printable(text: str) -> str:
    """``text`` with control characters shown as symbols (U+241B for ESC), never sent as such."""
    return text.translate(_CONTROLS)


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: two for a wide or full-width character (East Asian
    Width W or F: CJK, emoji, ``ｐ``), none for a combining mark or an invisible format
    character (a zero-width space, a direction mark; the soft hyphen is drawn), one for the
    others. ASCII text is its length."""
    if text.isascii():
        return len(text)
    import unicodedata

    n = 0
    for ch in text:
        if ch.isascii():
            n += 1
            continue
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me") or (cat == "Cf" and ch != "\u00ad"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _source_line(file: str, line: int, cache: dict) -> str:
    if file not in cache:
        import os
        import stat

        try:
            if not stat.S_ISREG(os.stat(file).st_mode):
                # a finding about a review file that is a pipe or a device (a link to /dev/zero
                # was read here whole: 21 GB before the system stopped it; a named pipe blocked)
                raise OSError("not a regular file")
            with open(file, encoding="utf-8", errors="replace", newline="") as fh:
                cache[file] = lines_of(fh.read())
        except OSError:
            cache[file] = []
    lines = cache[file]
    return lines[line - 1] if 0 < line <= len(lines) else ""


WIDTH = 120
"""Columns of a source line shown under a finding, at most: a longer line is clipped around
the match, with an ellipsis on each side that was cut."""
ELLIPSIS = "…"


def clip(line: str, column: int, width: int, limit: int = WIDTH) -> tuple[str, int, int]:
    """The part of ``line`` to show under a finding at 1-based ``column`` spanning ``width``
    characters: at most ``limit`` columns (tabs shown as one space each) around the match,
    with an ellipsis on each cut side. Returns (shown text, the match's column in it, the
    caret width), the caret clipped to what is shown. Never copies more of a long line than
    it shows."""
    start = max(0, min(column - 1, len(line)))
    width = max(1, min(width, max(1, len(line) - start)))
    if len(line) <= limit:
        return line.replace("\t", " "), start + 1, width
    room = limit - 2  # an ellipsis may take a column on each side
    if width >= room:
        lo, hi = start, start + room  # the match alone fills the room: its start is shown
    else:
        spare = room - width
        lo = max(0, start - spare // 2)
        hi = min(len(line), lo + room)
        lo = max(0, hi - room)
    left = ELLIPSIS if lo > 0 else ""
    right = ELLIPSIS if hi < len(line) else ""
    shown = left + line[lo:hi].replace("\t", " ") + right
    col = start - lo + len(left) + 1
    return shown, col, max(1, min(width, hi - start))


def _personal_spans(findings) -> dict:
    """(file, line) → [(from column, to column)] of personal data that privacy findings point
    at: the source lines printed under any finding show it masked."""
    spans: dict = {}
    for f in findings:
        if f.reviewer == "privacy" or f.rule_id.startswith("privacy."):
            for line in range(f.line, f.end_line + 1):
                a = f.column if line == f.line else 1
                b = f.end_column if line == f.end_line else 10**9
                spans.setdefault((f.file, line), []).append((a, b))
    return spans


def _masked(src: str, spans: list) -> str:
    from ..privacy import mask

    for a, b in spans:
        src = src[:a - 1] + mask(src[a - 1:b - 1]) + src[b - 1:]
    return src


_BLOCK_SCALAR = lazy_re.compile(r"(?:^|[:\s-])\s*[|>][-+0-9]*\s*(?:#.*)?$")
"""A YAML line that ends in a block scalar's indicator (``text: |-``, ``- >``): its value is on
the lines below."""


def _repeats(shown: str, message: str) -> bool:
    """Whether an excerpt only repeats the finding's message (a to-do item's text)."""
    def words(text: str) -> str:  # clipping adds "…" at a cut; the item may hold one of its own
        return " ".join(text.replace("…", " ").split())

    return len(words(shown)) >= 20 and words(shown) in words(message)


def _missing_part(f, src: str) -> bool:
    """A finding about a part the guideline does not have (``services`` in a draft without a
    services directory): no words matched and its line is not that field's key."""
    if f.match or not f.field:
        return False
    key = f.field.rsplit(".", 1)[-1]
    if key.isdigit():  # a list item (a to-do item, a stage): the line is the item
        return False
    line = src.lstrip().removeprefix("- ")
    return not (line.startswith(f"{key}:") or line.startswith(f"'{key}':") or line.startswith(f'"{key}":'))


def render(report, *, color: bool = False, verbose: bool = False, quiet: bool = False,
           sources: dict | None = None, **_kw) -> str:
    """The report for people. ``quiet``: one line per finding (and per file that could not be
    read), nothing else. ``sources``: file → text for files not on disk (standard input)."""
    def st(text: str, **kw) -> str:
        if not color:
            return text
        import click  # only for a colored report: a check for a pipe or a file runs without click

        return click.style(text, **kw)

    out: list[str] = []
    cache: dict = {f: lines_of(t) for f, t in (sources or {}).items()}
    personal = _personal_spans(report.findings)
    for r in report.results:
        if r.error is not None:
            out.append(st(r.error.one_line(), fg="red"))
    printed: dict = {}
    cited: set = set()
    for f in sorted(report.findings, key=Finding.sort_key):
        head = st(f"{one_line_text(f.file)}:{f.line}:{f.column}:", bold=True)  # a name may hold \n or ESC
        out.append(f"{head} {st(f.severity, fg=COLORS[f.severity], bold=True)} {st(f.rule_id, dim=True)} "
                   f"{printable(f.message)}")
        if quiet:
            continue
        src = printed.get((f.file, f.line))
        if src is None:  # once a line: 30,000 findings on one 1.4 MB line took 25 s to translate it each time
            src = printed[(f.file, f.line)] = printable(_source_line(f.file, f.line, cache))
        if src and _missing_part(f, src):
            src = ""  # the line is only where the part would go: carets under it read as its mistake
        shown = ""
        if src and (f.file, f.line) in personal:
            src = _masked(src, personal[(f.file, f.line)])
        column, whole_line = f.column, f.end_line != f.line
        if src and not f.match and _BLOCK_SCALAR.search(src) \
                and (f.end_line > f.line or f.end_column > len(src.rstrip()) - 1):
            # `- text: |-` says nothing: the words are on the lines below; show the first of them
            below = printable(_source_line(f.file, f.line + 1, cache))
            if (f.file, f.line + 1) in personal:  # a name or number in the words: masked as on its own line
                below = _masked(below, personal[(f.file, f.line + 1)])
            if below.strip():
                src, column, whole_line = below.strip(), 1, True
        if src:
            width = max(1, len(src.rstrip()) - column + 1 if whole_line else f.end_column - column)
            shown, col, width = clip(src, column, width)
            if not f.match and _repeats(shown, f.message):
                # a to-do item's words are its message: shown again with a line of carets under
                # them they made a screen of repetition (ux15)
                shown = ""
        if src and shown:
            out.append("    " + shown)
            # under the words as the terminal draws them: an emoji, a CJK or full-width letter
            # takes two cells, a combining mark or a zero-width character none
            out.append("    " + " " * cells(shown[:col - 1])
                       + st("^" * max(1, cells(shown[col - 1:col - 1 + width])), fg=COLORS[f.severity]))
        if f.fix:
            # the words as read: a match across a hard line break shows a space, not "\\r\\n"
            out.append(f"    {st('fix:', fg='green')} {' '.join(f.match.split())!r} → {f.fix!r}  {fix_command(f)}")
        elif f.suggestions:
            out.append(f"    {st('suggestion:', fg='green')} {'; '.join(f.suggestions)}")
        if verbose and f.rationale:
            out.append(f"    why: {f.rationale}")
        if f.sources and (verbose or (f.file, f.rule_id) not in cited):
            # a rule's source once a file (every time with --verbose): five to-do items
            # repeated the same citation five times
            cited.add((f.file, f.rule_id))
            src0 = f.sources[0]
            out.append(f"    {st('source:', dim=True)} {src0.title}" + (f" <{src0.url}>" if src0.url else ""))
    if quiet:
        return "".join(line + "\n" for line in out)
    c = report.counts()
    summary = summary_text(report)
    bad = c["error"] or any(r.error for r in report.results)
    out.append(st(summary, bold=True, fg="red" if bad else ("yellow" if c["warning"] else "green")))
    return "\n".join(out) + "\n"


def summary_text(report) -> str:
    """The last line of a check: files checked, findings by severity, and what was not checked
    (shared by the text and github formats)."""
    c = report.counts()
    files = len(report.results)
    parts = [counted(c["error"], "error"), counted(c["warning"], "warning"), f"{c['info']:,} info"]
    unreadable = sum(1 for r in report.results if r.error is not None)
    # the files read from the cache are some of those checked: said after the unreadable ones
    # or the suppressions, they read as theirs (ux22)
    cached = f" ({report.cached_files} from cache)" if report.cached_files else ""
    summary = f"{counted(files - unreadable, 'file')} checked{cached}: " + ", ".join(parts)
    if unreadable:
        summary += f"; {counted(unreadable, 'file')} could not be checked (see above)"
    if report.suppressed:
        summary += f"; {report.suppressed:,} suppressed"
    held = getattr(report, "held_back", None)
    if held is not None:
        rev, n = held
        summary += (f"; {counted(n, 'finding')} already there at {rev} not counted (--changed-since)" if n
                    else f"; no finding was already there at {rev} (--changed-since)")
    base = getattr(report, "baseline", None)
    if base is not None:
        name, n = base
        summary += (f"; {counted(n, 'finding')} in the baseline {name} not counted (--baseline)" if n
                    else f"; no finding was in the baseline {name} (--baseline)")
    kinds = Counter(x.kind for x in getattr(report, "skipped", ()))
    skipped, published, ignored = kinds["not-guideline"], kinds["published"], kinds["ignored"]
    if skipped:
        summary += f"; {counted(skipped, 'YAML file')} skipped as not guidelines (-v says why)"
    if published:
        summary += f"; {counted(published, 'published copy', 'published copies')} skipped (-v says why)"
    if ignored:
        summary += f"; {counted(ignored, 'file')} ignored by the configuration's ignore patterns " \
                   "(-v says which)"
    outside = kinds["outside-link"]
    if outside:
        summary += f"; {counted(outside, 'symbolic link')} to files outside the folder skipped " \
                   "(-v says which)"
    return summary

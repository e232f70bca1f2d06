"""Inline suppressions: ``# lic-policy: ignore[rule-id] reason`` (YAML) or
``<!-- lic-policy: ignore[rule-id] reason -->`` (Markdown) on the line of a finding, or on the
line of a field's key to cover the whole field; in Markdown, a comment on a line of its own
covers the paragraph below it (to the next blank line). The reason is mandatory; suppressions without
one, naming unknown or renamed rules, or suppressing nothing are findings themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import lazy_re
from ..model.finding import Finding, Source

SUPPRESS = lazy_re.compile(r"(?:#|<!--)\s*(?i:lic-policy):\s*(?i:ignore)\[([^\]]*)\]\s*(.*?)\s*(?:-->)?\s*$")


def _may_hold_marker(text: str) -> bool:
    """A cheap screen before ``SUPPRESS``: the marker in small letters or capitals (the
    expression reads it in any case)."""
    return "lic-policy:" in text or "LIC-POLICY:" in text


@dataclass
class Suppression:
    file: str
    line: int
    rule_ids: list[str]
    reason: str
    used: set = field(default_factory=set)
    column: int = 1  # where the comment starts, 1-based
    end_column: int = 1
    covers: tuple = ()  # more lines it covers: a Markdown comment on a line of its own covers the paragraph below


RENAMED = {"lang.std": "term.std", "lang.safe-sex": "term.safe-sex", "lang.war-on": "term.war-on",
           "lang.suffering": "term.suffering", "lang.consensual-sex-work": "term.consensual-sex-work",
           "lang.violent-client": "term.violent-client"}
"""Rule ids that changed (0.2.0 → 0.3.0): a configuration naming the old id is told the new one."""


def find_suppressions(file: str, text: str, *, markdown: bool = False) -> dict[int, Suppression]:
    """Inline suppressions by line. In Markdown, lines inside fenced code blocks (``` or ~~~)
    are examples, not suppressions (the prose rules do not read them either)."""
    out: dict[int, Suppression] = {}
    if not _may_hold_marker(text):
        return out
    from ..store import lines_of

    fenced = False
    lines = lines_of(text)  # numbered as check numbers a finding's line
    for i, line in enumerate(lines, 1):
        if markdown and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not _may_hold_marker(line):
            continue
        m = SUPPRESS.search(line)
        if m and markdown and line[:m.start()].count("`") % 2:
            m = None  # inside an inline code span: an example, not a suppression
        if m:
            ids = [x.strip() for x in m.group(1).split(",") if x.strip()]
            covers: tuple = ()
            if markdown and not line[:m.start()].strip() and m.group(0).lstrip().startswith("<!--"):
                # an HTML comment on a line of its own is about what follows it, as Markdown
                # writers place it: the lines of the paragraph below, to the next blank line
                j = i
                while j < len(lines) and lines[j].strip():
                    j += 1
                covers = tuple(range(i + 1, j + 1))
            out[i] = Suppression(file, i, ids, m.group(2).strip(), column=m.start() + 1,
                                 end_column=len(line.rstrip()) + 1, covers=covers)
    return out


def apply_suppressions(findings: list[Finding], sups: dict[int, Suppression], ruleset: Any,
                        key_lines: dict[tuple, int], file: str) -> tuple[list[Finding], int]:
    kept: list[Finding] = []
    suppressed = 0
    below = {ln: s for s in sups.values() for ln in s.covers}
    for f in findings:
        lines = {f.line}
        kl = key_lines.get(f.path)
        if kl:
            lines.add(kl)
        hit = None
        for s in [x for ln in sorted(lines) for x in (sups.get(ln), below.get(ln))]:
            if s and s.reason and (f.rule_id in s.rule_ids or "*" in s.rule_ids
                                   or any(RENAMED.get(r) == f.rule_id for r in s.rule_ids)):
                hit = s
                break
        if hit:
            hit.used.add(f.rule_id)
            hit.used.update(r for r in hit.rule_ids if r == "*" or RENAMED.get(r) == f.rule_id)
            suppressed += 1
        else:
            kept.append(f)
    meta = Source("lic-policy configuration: inline suppressions", "")
    found_here = [(f, key_lines.get(f.path)) for f in kept if not f.rule_id.startswith("lic-policy.")]
    for s in sups.values():
        if not s.reason:
            # the comment of the file's own kind, naming the rules it already names
            comment = f"lic-policy: ignore[{', '.join(s.rule_ids) or 'rule-id'}] why this text is right here"
            comment = f"# {comment}" if file.lower().endswith((".yaml", ".yml")) else f"<!-- {comment} -->"
            kept.append(Finding("lic-policy.suppression-reason", "error",
                                f"suppression of {', '.join(s.rule_ids) or 'nothing'} gives no reason",
                                file, s.line, s.column, s.line, s.end_column, reviewer="lic-policy",
                                suggestions=[comment],
                                rationale="Every suppression says why, so reviewers can judge it.",
                                sources=[meta]))
            continue
        if not s.rule_ids:  # ignore[] or ignore[ , ]: it suppresses nothing, and said nothing
            kept.append(Finding("lic-policy.unknown-suppression", "warning",
                                "suppression names no rule: it suppresses nothing", file, s.line, s.column, s.line,
                                s.end_column, reviewer="lic-policy", rationale="A suppression names the rules it "
                                "lifts.", sources=[meta], suggestions=["name the rule in the brackets: "
                                                                       "ignore[lang.prostitute] (the finding's id)"]))
        for rid in s.rule_ids:
            if rid in RENAMED and RENAMED[rid] in ruleset.by_id:
                kept.append(Finding("lic-policy.renamed-rule", "warning",
                                    f"suppression names '{rid}', now '{RENAMED[rid]}' (it still applies)", file, s.line,
                                    s.column, s.line, s.end_column, reviewer="lic-policy",
                                    rationale="Rule ids that changed are honoured for one release; write the new id.",
                                    sources=[meta], suggestions=[f"write ignore[{RENAMED[rid]}]"],
                                    fix=None))
            elif rid != "*" and rid not in ruleset.by_id:
                import difflib

                close = difflib.get_close_matches(rid, sorted(ruleset.by_id), n=1)
                # the rule of a finding the comment sits on is what it was meant for (ux25:
                # `ignore[lang.hooker]` beside 'hookers' was told `did you mean 'lang.homeless'?`)
                lines = {s.line, *s.covers}
                here = {f.rule_id: f.match for f, kl in found_here
                        if (f.line in lines or kl == s.line) and f.rule_id not in s.rule_ids}
                meant = (difflib.get_close_matches(rid, sorted(here), n=1, cutoff=0) or [""])[0] if here else ""
                if meant and close and close[0] == meant:
                    meant = ""  # spelt like it as well: the short hint says it
                if meant:
                    close = [meant]
                    words = " ".join(here[meant].split())
                    words = words if len(words) <= 40 else words[:39] + "…"
                kept.append(Finding("lic-policy.unknown-suppression", "warning",
                                    f"suppression names an unknown rule '{rid}'"
                                    + (f" (did you mean '{meant}'? it is the rule that flags '{words}' here)" if meant
                                       else f" (did you mean '{close[0]}'?)" if close else ""),
                                    file, s.line, s.column, s.line, s.end_column,
                                    reviewer="lic-policy", rationale="A typo in a rule id suppresses nothing.",
                                    sources=[meta], suggestions=[f"write ignore[{close[0]}]" if close else
                                                                 "run `lic-policy rules` to list rule ids"]))
            elif rid not in s.used:
                kept.append(Finding("lic-policy.unused-suppression", "warning",
                                    f"suppression of '{rid}' is not used: nothing here matches it", file, s.line, s.column,
                                    s.line, s.end_column, reviewer="lic-policy",
                                    rationale="Stale suppressions hide future findings; remove them.",
                                    sources=[meta], suggestions=["remove the suppression comment"]))
    return kept, suppressed


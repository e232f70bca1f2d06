"""Run the examples every rule carries: text that must flag, text that must pass, and
expected fixes. Used by the parametrized test and by `lic-policy rules test`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .engine import RuleSet, apply_fixes, check_text, check_text_hits, fix_for
from .packs import Rule


@dataclass
class ExampleResult:
    rule_id: str
    kind: str  # flag | pass | fix
    text: str
    ok: bool
    detail: str = ""


def run_rule_examples(rule: Rule, ruleset: RuleSet) -> Iterator[ExampleResult]:
    if rule.kind == "python":
        from .docexamples import run_document_examples

        yield from run_document_examples(rule, ruleset)
        return
    ex = rule.examples
    for text in ex.get("flag") or []:
        # the rule is tested on its own: another rule of the same reviewer may take the same
        # words in a full check (the first in its pack wins), which is not this rule's failure
        hits = [(h.rule.id, h.start, h.end) for h in check_text_hits(text, ruleset, only=rule.id)]
        yield ExampleResult(rule.id, "flag", text, bool(hits),
                            "" if hits else "expected a finding, got none"
                            + _others(text, ruleset))
    for text in ex.get("pass") or []:
        hits = [text[h.start:h.end] for h in check_text_hits(text, ruleset, only=rule.id)]
        yield ExampleResult(rule.id, "pass", text, not hits, f"unexpected finding on {hits!r}" if hits else "")
    for case in ex.get("fix") or []:
        text, want = str(case["input"]), str(case["output"])
        fixes = []
        for r, s, e in check_text(text, ruleset):
            if r.id == rule.id:
                rep = fix_for(r, text[s:e])
                if rep is not None:
                    fixes.append((s, e, rep))
        got = apply_fixes(text, fixes)
        yield ExampleResult(rule.id, "fix", text, got == want, "" if got == want else f"got {got!r}, want {want!r}")


def _others(text: str, ruleset: RuleSet) -> str:
    other = [r.id for r, _s, _e in check_text(text, ruleset)]
    return f" (other rules matched first: {', '.join(other)})" if other else ""


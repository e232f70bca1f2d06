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
    if rule.kind == "model" and rule.model:
        from .span_model import is_span_model

        if is_span_model(rule.model):
            yield from _span_examples(rule, ruleset)
            return
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


def _span_examples(rule: Rule, ruleset: RuleSet) -> Iterator[ExampleResult]:
    """A span model's examples: in each, a rule it reads finds a term on its own; under
    ``flag`` the whole check keeps that term, under ``pass`` the model withdraws it."""
    from .span_model import load

    read = load(rule.model).rules
    for kind in ("flag", "pass"):
        for text in rule.examples.get(kind) or []:
            alone = {(h.start, h.end) for r in read for h in check_text_hits(text, ruleset, only=r)}
            kept = {(s, e) for r, s, e in check_text(text, ruleset) if r.id in read}
            if not alone:
                yield ExampleResult(rule.id, kind, text, False, f"none of {', '.join(read)} finds a term here")
            elif kind == "flag":
                yield ExampleResult(rule.id, kind, text, bool(kept), "" if kept else "the term was withdrawn")
            else:
                yield ExampleResult(rule.id, kind, text, not kept,
                                    f"the term was kept: {[text[s:e] for s, e in sorted(kept)]!r}" if kept else "")


def _others(text: str, ruleset: RuleSet) -> str:
    other = [r.id for r, _s, _e in check_text(text, ruleset)]
    return f" (other rules matched first: {', '.join(other)})" if other else ""


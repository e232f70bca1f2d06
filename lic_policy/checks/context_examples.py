"""The contexts as named, tested data: ``reviewers/contexts/examples.yaml`` lists every context
the engine uses (``contexts.lifted_by``, and the youth rule ``contexts.about_youth``) with
must-flag and must-pass sentences. Run by the test suite and by `lic-policy rules test`.

* a **must-flag** example names the rule that must report it (in a full check, every reviewer
  on);
* a **must-pass** example names the rule that must *not* report it, and is proved to pass
  *because of this context*: the rule's patterns do match the sentence, and the context
  (``lifts``: the name ``lifted_by`` gives) lifts a match. A youth example that passes names
  the rule reported ``instead`` (a young person elsewhere in the sentence: the ordinary
  term rule, not ``lang.youth-sex-work``).

Examples may give ``self_terms`` (a glossary's self-identification terms) for the
``self-identification`` context.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..errors import ConfigError
from ..text import PROSE, TextUnit


@dataclass
class ContextExample:
    context: str
    kind: str  # flag | pass
    text: str
    rule: str
    lifts: Optional[str] = None  # the name lifted_by gives (pass examples of lifting contexts)
    instead: Optional[str] = None  # the rule reported instead (youth pass examples)
    self_terms: tuple = ()


@dataclass
class ContextResult:
    context: str
    kind: str
    text: str
    ok: bool
    detail: str = ""
    skipped: bool = False  # its rule is disabled by the configuration


def examples_path() -> Path:
    from ..resources import data_dir

    return data_dir("reviewers") / "contexts" / "examples.yaml"


def load_examples(path: Optional[Path] = None) -> list[ContextExample]:
    """The examples of ``path`` (the shipped file by default), checked for shape: a broken
    file is one clear error, not a traceback."""
    from ..store import read_text
    from ..yamlread import compose

    path = path or examples_path()
    file = str(path)
    data, positions = compose(read_text(path), file)

    def where(*keys: Any) -> dict:
        sp = positions.get(tuple(keys))
        return {"line": sp.line + 1, "column": sp.col + 1} if sp is not None else {}

    contexts = data.get("contexts") if isinstance(data, dict) else None
    if not isinstance(contexts, dict) or not contexts:
        raise ConfigError("the context examples need a 'contexts:' mapping", file=file, line=1, column=1)
    out: list[ContextExample] = []
    for name, spec in contexts.items():
        if not isinstance(spec, dict):
            raise ConfigError(f"context '{name}' must be a mapping", file=file, **where("contexts", name))
        lifts = spec.get("lifts")
        for kind in ("flag", "pass"):
            items = spec.get(kind) or []
            if not isinstance(items, list) or not items:
                raise ConfigError(f"context '{name}' has no must-{kind} examples", file=file,
                                  hint=f"add '{kind}:' examples", **where("contexts", name))
            for k, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get("text"), str) \
                        or not isinstance(item.get("rule"), str):
                    raise ConfigError(f"context '{name}': each {kind} example needs 'text' and 'rule'", file=file,
                                      **where("contexts", name, kind, k))
                out.append(ContextExample(str(name), kind, item["text"], item["rule"],
                                          lifts if kind == "pass" else None,
                                          item.get("instead") if kind == "pass" else None,
                                          tuple(item.get("self_terms") or ())))
    return out


def _hits(ex: ContextExample, ruleset: Any) -> list:
    from .contexts import normal_term

    terms = frozenset(normal_term(t) for t in ex.self_terms)
    return list(ruleset.scan(TextUnit(("text",), None, "text", ex.text, PROSE), terms))


def _lifting(ex: ContextExample, ruleset: Any) -> tuple[int, set]:
    """How many raw matches the example's rule has (its patterns, before any context) and
    the contexts that lift them."""
    from .contexts import lifted_by, normal_term
    from .normalize import for_matching

    text, _back = for_matching(ex.text)
    terms = frozenset(normal_term(t) for t in ex.self_terms)
    raw = 0
    lifted: set = set()
    for i, variant in enumerate(ruleset.pattern_rules):
        if variant.rule.id != ex.rule:
            continue
        for m in ruleset.compiled(i).finditer(text):
            if m.end() == m.start():
                continue
            raw += 1
            why = lifted_by(variant, text, m.start(), m.end(), terms)
            if why is not None:
                lifted.add(why)
    return raw, lifted


def run_example(ex: ContextExample, ruleset: Any) -> ContextResult:
    for rule in (ex.rule, ex.instead):
        if rule is not None and rule not in ruleset.by_id_enabled:
            if rule in ruleset.by_id:
                return ContextResult(ex.context, ex.kind, ex.text, True, f"rule '{rule}' is disabled", skipped=True)
            return ContextResult(ex.context, ex.kind, ex.text, False, f"unknown rule '{rule}'")
    ids = [h.rule.id for h in _hits(ex, ruleset)]
    if ex.kind == "flag":
        ok = ex.rule in ids
        return ContextResult(ex.context, ex.kind, ex.text, ok,
                             "" if ok else f"expected {ex.rule}, got {', '.join(ids) or 'nothing'}")
    if ex.rule in ids:
        return ContextResult(ex.context, ex.kind, ex.text, False, f"unexpected {ex.rule}")
    if ex.instead is not None:
        ok = ex.instead in ids
        return ContextResult(ex.context, ex.kind, ex.text, ok,
                             "" if ok else f"expected {ex.instead} instead, got {', '.join(ids) or 'nothing'}")
    if ex.lifts:
        raw, lifted = _lifting(ex, ruleset)
        if not raw:
            return ContextResult(ex.context, ex.kind, ex.text, False,
                                 f"{ex.rule} does not match this sentence at all: it does not test the context")
        if ex.lifts not in lifted:
            return ContextResult(ex.context, ex.kind, ex.text, False,
                                 f"passes, but not because of '{ex.lifts}' (lifted by: {', '.join(sorted(lifted)) or 'none'})")
    return ContextResult(ex.context, ex.kind, ex.text, True)


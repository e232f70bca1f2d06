"""Examples for Python rules (``kind: python``): small documents that must flag or pass.

A pattern rule's examples are sentences; a Python rule reads a whole guideline, so its
examples are documents. Each example is either a YAML document as a string, or a patch on
one of the pack's named base documents::

    pack: structure
    documents:                       # named base documents, as YAML text
      minimal: |
        metadata: {title: Example, status: draft}
        sections: []
    rules:
      - id: struct.example
        kind: python
        function: lic_policy.checks.structure:example
        ...
        examples:
          flag:
            - {base: minimal, set: {metadata.status: published}, at: metadata.status}
            - |
              metadata: {title: Example, status: published}
          pass:
            - {base: minimal}
            - {base: minimal, delete: [sections]}

``set`` maps dotted paths (list indexes as numbers: ``sections.0.clauses.1.text``) to new
values; ``delete`` lists dotted paths to remove; ``at`` (flag examples only) says where the
finding must be: its path must start with that dotted path. Examples run with the full
rule set, but only the example's own rule counts.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator, Optional

from ..errors import LicPolicyError


def dotted(path: str) -> tuple:
    """'sections.0.clauses' → ('sections', 0, 'clauses')."""
    out: list[Any] = []
    for part in str(path).split("."):
        out.append(int(part) if part.isdigit() else part)
    return tuple(out)


def _walk(data: Any, path: tuple, create: bool) -> tuple[Any, Any]:
    node = data
    for part in path[:-1]:
        if isinstance(node, dict):
            if part not in node:
                if not create:
                    raise KeyError(part)
                node[part] = {}
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            raise KeyError(part)
    return node, path[-1]


def build_example(example: Any, documents: dict[str, str]) -> tuple[str, Optional[tuple]]:
    """The YAML text of one document example and the path its finding must be at (or None)."""
    import yaml

    if isinstance(example, str):
        return example, None
    if not isinstance(example, dict):
        raise ValueError("a document example is YAML text or a mapping with base/set/delete/at")
    unknown = set(example) - {"base", "set", "delete", "at", "document", "review"}
    if unknown:
        raise ValueError(f"unknown key(s) in a document example: {', '.join(sorted(unknown))}")
    if "document" in example:
        text = str(example["document"])
    else:
        name = example.get("base")
        if name not in documents:
            known = ", ".join(sorted(documents)) or "none (add 'documents:' to the pack)"
            raise ValueError(f"unknown base document {name!r}; the pack's documents: {known}")
        text = documents[name]
    at = dotted(example["at"]) if example.get("at") is not None else None
    if not example.get("set") and not example.get("delete"):
        return text, at
    data = copy.deepcopy(yaml.safe_load(text))
    for key, value in (example.get("set") or {}).items():
        node, last = _walk(data, dotted(key), create=True)
        if isinstance(node, list):
            if not isinstance(last, int) or last > len(node):
                raise ValueError(f"cannot set {key}: no such list item")
            if last == len(node):
                node.append(value)
            else:
                node[last] = value
        else:
            node[last] = value
    for key in example.get("delete") or []:
        try:
            node, last = _walk(data, dotted(key), create=False)
            del node[last]
        except (KeyError, IndexError, TypeError):
            raise ValueError(f"cannot delete {key}: no such field") from None
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), at


def _describe(example: Any) -> str:
    if isinstance(example, str):
        first = example.strip().splitlines()[0] if example.strip() else ""
        return f"document {first!r}…"
    import yaml

    try:  # as it is written in the pack (YAML flow style), not as a Python dict
        return yaml.safe_dump(example, default_flow_style=True, sort_keys=False, allow_unicode=True,
                              width=10**9).strip()
    except yaml.YAMLError:
        return repr(example)


def run_document_examples(rule, ruleset) -> Iterator:
    """ExampleResult for every document example of a Python rule."""
    from .. import store
    from .engine import check_document
    from .examples import ExampleResult

    documents = {}
    for pack in ruleset.packs:
        if pack.name == rule.pack:
            documents = getattr(pack, "documents", {}) or {}
    if rule.kind == "python" and rule.function:
        from .findings import python_function

        try:  # a function that may not run (untrusted) or cannot be loaded: said once, not per example
            python_function(rule)
        except LicPolicyError as exc:
            yield ExampleResult(rule.id, "function", rule.function, False,
                                exc.message.removeprefix(f"rule {rule.id}: ") + (f" ({exc.hint})" if exc.hint else ""))
            return
    for kind in ("flag", "pass"):
        for example in rule.examples.get(kind) or []:
            label = _describe(example)
            try:
                text, at = build_example(example, documents)
                doc = store.parse(text, f"<{rule.id} example>")
                if isinstance(example, dict) and example.get("review"):
                    import yaml

                    doc.review_data = yaml.safe_load(str(example["review"]))  # the review file beside it
                result = check_document(doc, ruleset)
            except (ValueError, LicPolicyError) as exc:
                msg = exc.one_line() if isinstance(exc, LicPolicyError) else str(exc)
                yield ExampleResult(rule.id, kind, label, False, f"example cannot be built: {msg}")
                continue
            hits = [f for f in result.findings if f.rule_id == rule.id]
            if kind == "pass":
                yield ExampleResult(rule.id, kind, label, not hits,
                                    "" if not hits else "unexpected finding at "
                                    + ", ".join(f"{f.line}:{f.column} ({'.'.join(map(str, f.path))})" for f in hits))
                continue
            if not hits:
                yield ExampleResult(rule.id, kind, label, False, "expected a finding, got none")
                continue
            if at is not None and not any(tuple(f.path[:len(at)]) == at for f in hits):
                where = ", ".join(".".join(map(str, f.path)) or "(document)" for f in hits)
                yield ExampleResult(rule.id, kind, label, False,
                                    f"expected a finding at {'.'.join(map(str, at))}, got one at {where}")
                continue
            yield ExampleResult(rule.id, kind, label, True)

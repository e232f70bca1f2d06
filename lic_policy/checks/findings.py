"""Findings made: of a pattern match in a text unit (``make_finding``) and of a Python rule at
a node of a loaded document (``finding_at``); the callables Python rules name."""

from __future__ import annotations

import importlib
import os
from typing import Any, Iterable, NamedTuple, Optional

from ..guideline_data import written_version
from ..model.finding import Finding, FindingAnchor
from ..text import HIDDEN, TextUnit, markup_within
from .packs import Rule
from .replacements import fix_for, fix_harm, fix_is_safe


class Hit(NamedTuple):
    """One match that survived its contexts: the rule, where (offsets in the unit's text as
    written) and which lexicon entries it holds (``why``, for the message)."""

    rule: Rule
    start: int
    end: int
    why: str = ""


def _message(rule: Rule, match: str, why: str) -> str:
    shown = " ".join(match.split())
    return rule.message.replace("{why}", why or f"'{shown}'").replace("{match}", shown)


def make_finding(hit: Hit, file: str, unit: TextUnit, line: int, col: int, end_line: int, end_col: int,
                 version: Optional[str], text: Optional[str] = None) -> Finding:
    rule, start, end = hit.rule, hit.start, hit.end
    text = unit.text if text is None else text
    match = text[start:end]
    fix = fix_for(rule, match)
    if HIDDEN in match or (fix is not None and markup_within(text, start, end)):
        # markup inside the words (``**pros**titutes``, ``&#112;rostitutes``): named as read,
        # and rewritten by a person (a fix would leave the markup unbalanced)
        fix = None
        match = match.replace(HIDDEN, "")
    elif fix is not None and fix_harm(match, text, start, end, fix):
        # glued into a path, a label or a compound, a possessive it cannot take, a name, the
        # writer's own word for themselves, a word named as a word: rewritten by a person
        fix = None
    anchor = FindingAnchor.quoting(text, start, end, clause=unit.element, field=unit.field, version=version)
    return Finding(rule.id, rule.severity, _message(rule, match, hit.why), file, line, col, end_line, end_col,
                   match=match, reviewer=rule.reviewer, element=unit.element, field=unit.field, path=unit.path,
                   anchor=anchor, suggestions=list(rule.suggestions), sources=list(rule.sources),
                   rationale=rule.rationale, fix=fix, start=start, end=end,
                   fix_safe=fix is not None and fix_is_safe(rule, match, text, start))


def finding_at(rule: Rule, doc: Any, path: Iterable, message: Optional[str] = None, *,
               start: Optional[int] = None, end: Optional[int] = None, fix: Optional[str] = None,
               suggestions: Optional[list[str]] = None) -> Finding:
    """A finding of a Python rule (``kind: python``) at the node ``path`` of a loaded document.

    * a string field with ``start``/``end``: exactly those characters (with a quote anchor);
    * a string or other scalar: the whole value;
    * a mapping or list: its key;
    * a path that does not exist (a missing field): the key of its nearest existing parent.

    The element is the nearest enclosing item with an ``id`` (clause, section, ...) and the
    field the rest of the path, as for text findings, so suppressions and review anchors work
    the same way. ``message`` may use ``{match}``; it defaults to the rule's message.
    """
    path = tuple(path)
    data = doc.data
    element, field_start = None, 0
    node = data
    for i, part in enumerate(path):
        # an element is a list item with an id (clause, section, definition, ...), as in text.py
        if isinstance(node, dict) and isinstance(node.get("id"), str) and i > 0 and isinstance(path[i - 1], int):
            element, field_start = node["id"], i
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str) and path and isinstance(path[-1], int):
        element, field_start = node["id"], len(path)
    field_name = ".".join(str(p) for p in path[field_start:]) if element else ".".join(str(p) for p in path)
    exact = path in doc.positions
    value = node if exact else None
    match = ""
    anchor: Optional[FindingAnchor] = None
    if exact and isinstance(value, str) and value:
        a = 0 if start is None else max(0, min(start, len(value)))
        b = len(value) if end is None else max(a + 1, min(end, len(value)))
        line, col = doc.locate(path, a)
        end_line, end_col = doc.locate(path, b - 1)
        end_col += 1
        match = value[a:b]
        anchor = FindingAnchor.quoting(value, a, b, clause=element, field=field_name or None, version=written_version(data))
        start, end = a, b
    else:
        sp = doc.span(path)
        if sp is None:
            line, col, end_line, end_col = 1, 1, 1, 1
        elif sp.key_line >= 0 and (not exact or sp.style in ("map", "seq") or value is None):
            line, col = sp.key_line + 1, sp.key_col + 1
            key = path[len(path) - 1] if exact else next(
                (path[k - 1] for k in range(len(path), 0, -1) if path[:k] in doc.positions), "")
            end_line, end_col = line, col + max(1, len(str(key)))
        else:
            line, col = doc.index_to_linecol(sp.start)
            end_line, end_col = doc.index_to_linecol(max(sp.start, sp.end - 1))
            end_col += 1
            if end_line != line:
                end_line, end_col = line, len(doc.text[sp.start:].split("\n", 1)[0]) + col
        start = end = -1
        if anchor is None and (element or field_name):
            anchor = FindingAnchor.naming(element, field_name or None, written_version(data))
    text = (message or rule.message).replace("{match}", " ".join(match.split()) if match else field_name)
    return Finding(rule.id, rule.severity, text, doc.file, line, col, end_line, end_col, match=match,
                   reviewer=rule.reviewer, element=element, field=field_name, path=path, anchor=anchor,
                   suggestions=list(rule.suggestions if suggestions is None else suggestions),
                   sources=list(rule.sources), rationale=rule.rationale, fix=fix if match else None,
                   start=start if start is not None else -1, end=end if end is not None else -1)


_FUNCTIONS: dict[str, Any] = {}


TRUST_ENV = "LIC_POLICY_TRUST_PYTHON_RULES"
"""Set to 1 to let rule packs name Python functions outside lic-policy itself. Importing a
module runs its code, and a pack can come from the repository being checked (``packs:`` in its
configuration): without this, a pull request that adds a pack and a module could run code in
CI. The variable is set by whoever runs the check, never by the files checked."""


def trusted(module: str) -> bool:
    """Whether a ``kind: python`` rule may import ``module``: lic-policy's own modules always;
    any other only when ``LIC_POLICY_TRUST_PYTHON_RULES`` is 1 (or true, yes)."""
    if module == "lic_policy" or module.startswith("lic_policy."):
        return True
    return os.environ.get(TRUST_ENV, "").strip().lower() in ("1", "true", "yes")


def _place(rule: Rule) -> dict:
    """file, line and column of a python rule's id in its pack, for an error about its function."""
    pack_file = getattr(rule, "pack_file", None)
    if not pack_file:
        return {}
    from .packs import rule_id_place

    line, col = rule_id_place(pack_file, rule.id)
    return {"file": pack_file, "line": line, "column": col}


def _import_module(module: str, folder: Optional[str]) -> Any:
    """``module`` from Python's path, else from ``folder`` (the rule pack's own folder, where a
    team keeps the module beside its pack). The folder is looked in last and only for this
    import, so nothing in it shadows a module of the path."""
    import sys

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.partition(".")[0]
        if not folder or exc.name not in (module, top) or folder in sys.path:
            raise
    sys.path.append(folder)
    try:
        return importlib.import_module(module)
    finally:
        try:
            sys.path.remove(folder)
        except ValueError:  # the module took it off itself
            pass


def python_function(rule: Rule) -> Any:
    """The callable a ``kind: python`` rule names (``module:callable``), imported once, and only
    from a module ``trusted`` allows."""
    from ..errors import ConfigError

    module, _, attr = rule.function.partition(":")
    if not trusted(module):  # each time, not only at the first import: a function imported once stays
        raise ConfigError(f"rule {rule.id}: its pack asks to run Python code from '{module}', which is not "
                          f"part of lic-policy; refused", hint=f"if you trust the pack and that module, set "
                          f"{TRUST_ENV}=1 where you run the check, or disable the rule", **_place(rule))
    fn = _FUNCTIONS.get(rule.function)
    if fn is None:
        try:
            fn = getattr(_import_module(module, getattr(rule, "module_dir", None)), attr)
        except (ImportError, AttributeError) as exc:
            beside = f" or beside the pack ({rule.module_dir})" if getattr(rule, "module_dir", None) else ""
            raise ConfigError(f"rule {rule.id}: cannot load its function '{rule.function}': {exc}",
                              hint=f"check 'function: module:callable' in the rule pack; the module is looked for "
                                   f"on Python's path{beside}", **_place(rule)) from None
        if not callable(fn):
            raise ConfigError(f"rule {rule.id}: '{rule.function}' is not callable",
                              hint="check 'function: module:callable' in the rule pack")
        _FUNCTIONS[rule.function] = fn
    return fn

"""Redline between two versions of a guideline.

``redline(old, new)`` aligns the two documents by id first — sections and clauses (and
services, principles, ...) — and then diffs the words inside each changed text field,
so a 200 KB guideline is compared in a fraction of a second (a character-level diff of
the whole text would take seconds). The result is clean data:

* ``structural``: records such as ``{"kind": "clause", "op": "moved", "id": ..., "detail": ...}``
  for sections and clauses added, removed, moved, re-titled or renamed, and metadata,
  consultation, services and other changes described in plain words;
* ``text``: one record per changed text field, with ``segments`` — a list of
  ``(op, text)`` pairs where op is ``equal``, ``delete`` or ``insert``. Joining the
  ``equal`` and ``delete`` parts gives the old text; ``equal`` and ``insert`` the new.

Renderers (``render_text``, ``render_html``, ``render_markdown``) and ``to_dict`` (JSON)
read only that data, so other outputs (Word review packets) can be built on it too.
"""

from __future__ import annotations

import html as _html
import re
import sys
import types
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from .guideline_data import identified_sections, items, section_clauses, version

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
DIFF_TIMEOUT = 1.0
RENAME_SIMILARITY = 0.8
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


# --------------------------------------------------------------------------- data


@dataclass
class TextChange:
    """A changed text field: which element and field, and the word-level segments."""

    element: Optional[str]
    field: str
    op: str  # changed | added | removed
    segments: list  # [(op, text)]
    section: Optional[str] = None
    clause: bool = False
    old_element: Optional[str] = None  # when the element was renamed

    @property
    def old_text(self) -> str:
        return "".join(t for op, t in self.segments if op != INSERT)

    @property
    def new_text(self) -> str:
        return "".join(t for op, t in self.segments if op != DELETE)

    def counts(self) -> dict:
        ins = sum(len(_WORD.findall(t)) for op, t in self.segments if op == INSERT)
        dels = sum(len(_WORD.findall(t)) for op, t in self.segments if op == DELETE)
        return {"inserted_words": ins, "deleted_words": dels}

    def to_dict(self) -> dict:
        d = {"element": self.element, "field": self.field, "op": self.op, "section": self.section,
             "clause": self.clause, "segments": [[op, t] for op, t in self.segments]}
        if self.old_element is not None:
            d["old_element"] = self.old_element
        return d


@dataclass
class Change:
    """A structural change in plain words."""

    kind: str  # section | clause | service | metadata | consultation | ...
    op: str  # added | removed | moved | retitled | renamed | changed
    id: Optional[str]
    detail: str
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "op": self.op, "id": self.id, "detail": self.detail,
                "old": _jsonable(self.old), "new": _jsonable(self.new)}


@dataclass
class Redline:
    old_label: str
    new_label: str
    old_version: Optional[str]
    new_version: Optional[str]
    structural: list = field(default_factory=list)
    text: list = field(default_factory=list)
    old_data: Any = None
    new_data: Any = None

    @property
    def changed(self) -> bool:
        return bool(self.structural or self.text)

    def summary(self) -> dict:
        s: dict = {}
        for c in self.structural:
            key = f"{_PLURAL.get(c.kind, c.kind)} {c.op}"
            s[key] = s.get(key, 0) + 1
        changed_clauses = sum(1 for t in self.text if t.clause and t.op == "changed")
        if changed_clauses:
            s["clauses reworded"] = changed_clauses
        other = sum(1 for t in self.text if not t.clause and t.op == "changed")
        if other:
            s["other text fields reworded"] = other
        ins = sum(t.counts()["inserted_words"] for t in self.text)
        dels = sum(t.counts()["deleted_words"] for t in self.text)
        s["words inserted"] = ins
        s["words deleted"] = dels
        return s

    def to_dict(self) -> dict:
        return {"old": {"label": self.old_label, "version": self.old_version},
                "new": {"label": self.new_label, "version": self.new_version},
                "summary": self.summary(),
                "structural": [c.to_dict() for c in self.structural],
                "text": [t.to_dict() for t in self.text]}


_PLURAL = {"section": "sections", "clause": "clauses", "service": "services", "principle": "principles",
           "priority": "priorities", "action": "work plan actions", "reference": "references",
           "definition": "definitions", "metadata": "metadata fields", "scope": "scope fields",
           "consultation": "consultation record fields", "governance": "governance fields",
           "review_schedule": "review schedule fields"}


def _jsonable(v: Any) -> Any:
    import datetime as dt

    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


# --------------------------------------------------------------------------- word diff


def word_diff(a: str, b: str, timeout: float = DIFF_TIMEOUT) -> list[tuple[str, str]]:
    """Word-level diff: words, spaces and punctuation are mapped to single characters
    (as diff-match-patch's line mode does with lines), diffed, mapped back, then
    cleaned up semantically. Returns ``[(op, text)]``."""
    if a == b:
        return [(EQUAL, a)] if a else []
    if not a:
        return [(INSERT, b)]
    if not b:
        return [(DELETE, a)]
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    table: dict[str, str] = {}
    tokens: list[str] = []

    def encode(s: str) -> str:
        toks = _TOKEN.findall(s)
        for tok in toks:
            if tok not in table:
                n = len(tokens) + 1
                if n >= 0xD800:  # skip the surrogate range
                    n += 0x800
                table[tok] = chr(n)
                tokens.append(tok)
        return "".join([table[t] for t in toks])

    ea, eb = encode(a), encode(b)
    diffs = dmp.diff_main(ea, eb, False)
    dmp.diff_cleanupSemantic(diffs)  # on word tokens, so no edit splits a word
    decode = {ch: tok for tok, ch in table.items()}
    text_diffs = [(op, "".join(decode[c] for c in data)) for op, data in diffs]
    names = {0: EQUAL, -1: DELETE, 1: INSERT}
    out: list[tuple[str, str]] = []
    for op, data in text_diffs:
        if not data:
            continue
        name = names[op]
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + data)
        else:
            out.append((name, data))
    return out


# --------------------------------------------------------------------------- structure


def _sections(data: dict) -> tuple[dict, dict]:
    """id → section info, id → clause info (parent, index, title/text, raw), for the sections
    addressable by id (``guideline_data.identified_sections``); the first of a repeated id wins."""
    sections: dict = {}
    clauses: dict = {}
    for at in identified_sections(data):
        s = at.section
        sid = s["id"]
        sections.setdefault(sid, {"parent": at.parent["id"] if at.parent is not None else None, "index": at.path[-1],
                                  "title": s.get("title"), "raw": s, "order": len(sections)})
        for j, c in section_clauses(s):
            if isinstance(c.get("id"), str):
                clauses.setdefault(c["id"], {"parent": sid, "index": j, "text": c.get("text"), "raw": c,
                                             "order": len(clauses)})
    return sections, clauses


def _lcs_ids(a: list, b: list) -> set:
    """Ids on a longest common subsequence of ``a`` and ``b`` (those that did not move)."""
    if a == b:
        return set(a)
    # patience-free O(n*m) is fine for siblings; fall back to difflib for long lists
    import difflib

    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    keep = set()
    for blk in sm.get_matching_blocks():
        keep.update(a[blk.a:blk.a + blk.size])
    return keep


def _moves(old: dict, new: dict) -> set:
    """Ids (present in both) that changed parent or order among their siblings."""
    moved = set()
    by_parent_old: dict = {}
    by_parent_new: dict = {}
    for i, info in sorted(old.items(), key=lambda kv: kv[1]["order"]):
        if i in new:
            if new[i]["parent"] != info["parent"]:
                moved.add(i)
            else:
                by_parent_old.setdefault(info["parent"], []).append(i)
    for i, info in sorted(new.items(), key=lambda kv: kv[1]["order"]):
        if i in old and i not in moved:
            by_parent_new.setdefault(info["parent"], []).append(i)
    for parent, seq in by_parent_old.items():
        seq_new = by_parent_new.get(parent, [])
        keep = _lcs_ids(seq, seq_new)
        moved.update(x for x in seq if x not in keep)
    return moved


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    import difflib

    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if sm.real_quick_ratio() < RENAME_SIMILARITY or sm.quick_ratio() < RENAME_SIMILARITY:
        return 0.0
    return sm.ratio()


def _in_words(v: Any) -> str:
    """A field's value as the redline says it: text in quotes (cut at 80 characters), yes/no,
    "nothing", a list joined with commas ("none" when empty)."""
    if isinstance(v, str):
        return f"“{v}”" if len(v) <= 80 else f"“{v[:77]}…”"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None:
        return "nothing"
    if isinstance(v, list):
        return ", ".join(_in_words(x) if not isinstance(x, str) else x for x in v) or "none"
    return str(v)


def _words(path: str) -> str:
    return path.replace("_", " ").replace(".", " › ")


def _flat(value: Any, prefix: str = "") -> dict:
    """Flatten nested data to dotted keys; list items keyed by id/group/stage when they have one."""
    out: dict = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        for i, item in enumerate(value):
            key = None
            for name in ("id", "group", "stage", "category", "term", "body"):
                if isinstance(item.get(name), str):
                    key = item[name]
                    break
            out.update(_flat(item, f"{prefix}[{key if key is not None else i}]"))
    else:
        out[prefix] = value
    return out


def _attribute_changes(kind: str, ident: str, old_raw: dict, new_raw: dict, skip: tuple) -> list:
    """Plain-words changes of a section's or clause's other fields (audience, tags, ...)."""
    a = {k: v for k, v in dict(old_raw).items() if k not in skip}
    b = {k: v for k, v in dict(new_raw).items() if k not in skip}
    if a == b:
        return []
    out = []
    for c in _describe_flat(kind, a, b, set()):
        c.id = ident
        c.detail = f"{kind.capitalize()} {ident}: " + c.detail.split(": ", 1)[1]
        out.append(c)
    return out


def _describe_flat(kind: str, old: Any, new: Any, skip_text: set) -> list[Change]:
    a, b = _flat(old or {}, kind), _flat(new or {}, kind)
    changes = []
    for k in list(a) + [k for k in b if k not in a]:
        if k in skip_text or k.rsplit(".", 1)[-1] in _PROSE_FIELDS:
            continue  # prose: the word-level diff shows it
        va, vb = a.get(k, _MISSING), b.get(k, _MISSING)
        if va == vb:
            continue
        label = _words(k[len(kind) + 1:] if k.startswith(kind + ".") else k[len(kind):] or kind)
        if va is _MISSING:
            detail = f"{label} added: {_in_words(vb)}"
            op = "added"
        elif vb is _MISSING:
            detail = f"{label} removed (was {_in_words(va)})"
            op = "removed"
        else:
            detail = f"{label} changed from {_in_words(va)} to {_in_words(vb)}"
            op = "changed"
        changes.append(Change(kind, op, k, f"{kind.replace('_', ' ').capitalize()}: {detail}",
                              None if va is _MISSING else va, None if vb is _MISSING else vb))
    return changes


_MISSING = object()
_PROSE_FIELDS = {"notes", "summary", "description", "terms_of_reference", "text", "excludes", "title", "intro",
                 "definition", "purpose"}

_ID_LISTS = [("services", "service", "organization"), ("principles", "principle", "title"),
             ("priorities", "priority", "text"), ("work_plan", "action", "title"),
             ("references", "reference", "title")]


def redline(old: Any, new: Any, *, old_label: str = "old", new_label: str = "new") -> Redline:
    """Compare two guidelines. Each side is a ``Document``, a path, or plain data (dict).

    Returns a ``Redline``: ``structural`` changes (sections and clauses added, removed,
    moved, renamed; metadata, consultation, services) and ``text`` changes (word diffs of
    each changed field); ``summary()`` counts them and ``render_text``/``render_html``/
    ``render_markdown`` show them.
    """
    from .text import guideline_units

    from .checks.privacy import gone_identities_masked

    old_data, old_label = _data(old, old_label)
    new_data, new_label = _data(new, new_label)
    # a name or number taken out of the consultation record is shown deleted, masked (privacy30)
    old_data = gone_identities_masked(old_data, new_data)
    rl = Redline(old_label, new_label, version(old_data), version(new_data), old_data=old_data, new_data=new_data)
    os_, oc = _sections(old_data)
    ns, nc = _sections(new_data)
    renamed = _renamed_clauses(oc, nc)
    old_units = list(guideline_units(old_data))
    new_units = list(guideline_units(new_data))
    rl.structural += _section_changes(os_, ns)
    rl.structural += _clause_changes(oc, nc, renamed)
    rl.structural += _list_changes(old_data, new_data)
    rl.structural += _record_changes(old_data, new_data, old_units, new_units)
    rl.structural += _definition_changes(old_data, new_data)
    rl.text = _text_changes(old_units, new_units, renamed)
    return rl


def _renamed_clauses(oc: dict, nc: dict) -> dict:
    """Old clause id → new clause id for a removed clause whose text lives on, nearly the
    same (``RENAME_SIMILARITY``), in an added one (each added clause taken once)."""
    renamed: dict = {}
    removed_c = [i for i in oc if i not in nc]
    added_c = [i for i in nc if i not in oc]
    if removed_c and added_c:
        pool = {i: nc[i]["text"] for i in added_c if isinstance(nc[i]["text"], str)}
        for i in removed_c:
            t = oc[i]["text"]
            if not isinstance(t, str):
                continue
            best, best_sim = None, RENAME_SIMILARITY
            for j, tj in pool.items():
                sim = _similarity(t, tj)
                if sim >= best_sim:
                    best, best_sim = j, sim
            if best is not None:
                renamed[i] = best
                del pool[best]
    return renamed


def _section_changes(os_: dict, ns: dict) -> list[Change]:
    """Sections added, removed, moved, re-titled, and their other attributes changed."""
    out: list[Change] = []
    for sid, info in ns.items():
        if sid not in os_:
            out.append(Change("section", "added", sid, f"Section {sid} “{info['title']}” added",
                              None, info["title"]))
    for sid, info in os_.items():
        if sid not in ns:
            out.append(Change("section", "removed", sid, f"Section {sid} “{info['title']}” removed",
                              info["title"], None))
    for sid in sorted(_moves(os_, ns), key=lambda x: ns[x]["order"]):
        a, b = os_[sid]["parent"], ns[sid]["parent"]
        where = f"from {a or 'the top level'} to {b or 'the top level'}" if a != b else "to a new place"
        out.append(Change("section", "moved", sid, f"Section {sid} moved {where}", a, b))
    for sid, info in ns.items():
        if sid in os_ and os_[sid]["title"] != info["title"]:
            out.append(Change("section", "retitled", sid,
                              f"Section {sid} re-titled from {_in_words(os_[sid]['title'])} to "
                              f"{_in_words(info['title'])}", os_[sid]["title"], info["title"]))
    for sid, info in ns.items():
        if sid in os_:
            out.extend(_attribute_changes("section", sid, os_[sid]["raw"], info["raw"],
                                          ("id", "title", "intro", "clauses", "sections")))
    return out


def _clause_changes(oc: dict, nc: dict, renamed: dict) -> list[Change]:
    """Clauses added, removed, renamed, moved, and their other attributes changed."""
    out: list[Change] = []
    for cid, info in nc.items():
        if cid not in oc and cid not in renamed.values():
            out.append(Change("clause", "added", cid, f"Clause {cid} added in section {info['parent']}",
                              None, info["parent"]))
    for cid, info in oc.items():
        if cid not in nc and cid not in renamed:
            out.append(Change("clause", "removed", cid,
                              f"Clause {cid} removed from section {info['parent']}", info["parent"], None))
    for cid, new_id in renamed.items():
        out.append(Change("clause", "renamed", new_id, f"Clause {cid} renamed to {new_id}", cid, new_id))
    oc_r = {renamed.get(k, k): v for k, v in oc.items()}
    for cid in sorted(_moves(oc_r, nc), key=lambda x: nc[x]["order"]):
        a, b = oc_r[cid]["parent"], nc[cid]["parent"]
        where = f"from section {a} to section {b}" if a != b else f"within section {b}"
        out.append(Change("clause", "moved", cid, f"Clause {cid} moved {where}", a, b))
    for cid, info in nc.items():
        if cid in oc_r:
            out.extend(_attribute_changes("clause", cid, oc_r[cid]["raw"], info["raw"], ("id", "text")))
    return out


def _list_changes(old_data: dict, new_data: dict) -> list[Change]:
    """Items of the id-bearing lists (services, principles, priorities, work plan,
    references) added, removed or changed outside their text."""
    out: list[Change] = []
    for list_name, kind, label_field in _ID_LISTS:
        a = {x["id"]: x for x in items(old_data.get(list_name)) if isinstance(x, dict) and isinstance(x.get("id"), str)}
        b = {x["id"]: x for x in items(new_data.get(list_name)) if isinstance(x, dict) and isinstance(x.get("id"), str)}
        for i, item in b.items():
            if i not in a:
                out.append(Change(kind, "added", i, f"{kind.capitalize()} {i} ({_in_words(item.get(label_field))}) "
                                                    "added", None, item.get(label_field)))
        for i, item in a.items():
            if i not in b:
                out.append(Change(kind, "removed", i, f"{kind.capitalize()} {i} "
                                                      f"({_in_words(item.get(label_field))}) removed",
                                  item.get(label_field), None))
        for i, item in b.items():
            if i in a and a[i] != item:
                skip = {f"{kind}.{f}" for f in ("organization", "description", "hours", "title", "text", "publisher")}
                skip |= {k for k in _flat(item, kind) if k.startswith(f"{kind}.offers")} if kind == "service" else set()
                for c in _describe_flat(kind, _strip(a[i]), _strip(item), skip):
                    c.id = i
                    c.detail = f"{kind.capitalize()} {i}: " + c.detail.split(": ", 1)[1]
                    out.append(c)
    return out


def _record_changes(old_data: dict, new_data: dict, old_units: list, new_units: list) -> list[Change]:
    """The non-text parts of metadata, scope, consultation, governance and the review schedule."""
    out: list[Change] = []
    for key in ("metadata", "scope", "consultation", "governance", "review_schedule"):
        a, b = old_data.get(key), new_data.get(key)
        if a == b:
            continue
        name = key.replace("_", " ").capitalize() + (" record" if key == "consultation" else "")
        if not a or not b:
            n = len(_flat(a or b))
            op = "added" if not a else "removed"
            out.append(Change(key, op, key, f"{name} {op} ({n} field{'s' if n != 1 else ''})",
                              a or None, b or None))
            continue
        for c in _describe_flat(key, a if isinstance(a, dict) else {}, b if isinstance(b, dict) else {},
                                _text_flat_keys(key, old_units, new_units)):
            out.append(c)
    return out


def _definition_changes(old_data: dict, new_data: dict) -> list[Change]:
    """Definitions added or removed (by term)."""
    out: list[Change] = []
    if old_data.get("definitions") != new_data.get("definitions"):
        a = {str(d.get("term")): d for d in items(old_data.get("definitions")) if isinstance(d, dict)}
        b = {str(d.get("term")): d for d in items(new_data.get("definitions")) if isinstance(d, dict)}
        for t in b:
            if t not in a:
                out.append(Change("definition", "added", t, f"Definition of {_in_words(t)} added", None, t))
        for t in a:
            if t not in b:
                out.append(Change("definition", "removed", t, f"Definition of {_in_words(t)} removed", t, None))

    return out


def _text_changes(old_units: list, new_units: list, renamed: dict) -> list[TextChange]:
    """The word-level changes of every text field, fields matched by (element, field) with
    renamed clauses under their new ids."""
    out: list[TextChange] = []
    old_by_key = {}
    for u in old_units:
        el = renamed.get(u.element, u.element) if u.is_clause or u.field == "citation.source" else u.element
        old_by_key.setdefault((el, u.field), u)
    seen = set()
    for u in new_units:
        key = (u.element, u.field)
        seen.add(key)
        o = old_by_key.get(key)
        if o is None:
            out.append(TextChange(u.element, u.field, "added", [(INSERT, u.text)], u.section, u.is_clause))
        elif o.text != u.text:
            tc = TextChange(u.element, u.field, "changed", word_diff(o.text, u.text), u.section, u.is_clause)
            if o.element != u.element:
                tc.old_element = o.element
            out.append(tc)
    for key, o in old_by_key.items():
        if key not in seen:
            out.append(TextChange(o.element, o.field, "removed", [(DELETE, o.text)], o.section, o.is_clause))
    return out


def _strip(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "id"}


def _text_flat_keys(key: str, *unit_lists) -> set:
    """Dotted keys (as ``_flat`` makes them) of text fields, which the word diff covers."""
    out = set()
    for units in unit_lists:
        for u in units:
            if u.path and u.path[0] == key:
                if key == "scope" and len(u.path) == 4:  # audiences by id
                    continue
                parts = [str(p) for p in u.path]
                if all(not p.isdigit() for p in parts):
                    out.add(".".join(parts))
    if key == "consultation":
        out |= {"consultation.summary"}
    return out


def _data(side: Any, label: str) -> tuple[dict, str]:
    from .errors import InputError

    if isinstance(side, dict):
        return side, label
    if hasattr(side, "data") and hasattr(side, "file"):
        data, label = side.data, side.file if label in ("old", "new") else label
    else:
        from .store import load

        doc = load(side, validate=False)
        data, label = doc.data, str(side) if label in ("old", "new") else label
        side = doc
    if not isinstance(data, dict):
        raise InputError("a guideline is a YAML mapping", file=label, line=1, column=1)
    if hasattr(side, "where"):
        _refuse_unread_parts(side, data)
        refuse_repeated_ids(side, data)
    return data, label


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a number, date or yes/no" if value is not None else "empty"


def _refuse_unread_parts(doc: Any, data: dict) -> None:
    """A clause, section or list item that is not a mapping, or a text field that is not a
    text, is left out of a redline: a clause written as a plain line (``- Call …`` under
    ``clauses:``) was "no changes", a clause text written as a list showed its old words
    "deleted" and not the new ones (hostile25). Refused at its place, with the shape to write."""
    from .errors import InputError
    from .text import LIST_TEXT_FIELDS

    def refuse(path: tuple, what: str, value: Any, shape: str) -> None:
        line, col = doc.where(path)
        raise InputError(f"{what} is {_kind_of(value)}, which a redline cannot show (it would leave its words out)",
                         file=getattr(doc, "file", None), line=line, column=col,
                         hint=f"write it as {shape}; `lic-policy validate` names every such place")

    def text_field(path: tuple, container: dict, key: str, what: str) -> None:
        value = container.get(key)
        if value is not None and not isinstance(value, str):
            refuse(path + (key,), what, value, "a text")

    for key in ("purpose",):
        text_field((), data, key, "purpose")
    scope = data.get("scope")
    if isinstance(scope, dict):
        for key in ("text", "excludes"):
            text_field(("scope",), scope, key, f"scope.{key}")

    def walk(values: Any, prefix: tuple) -> None:
        for i, sec in enumerate(items(values)):
            path = prefix + (i,)
            if not isinstance(sec, dict):
                refuse(path, "a section", sec, "a mapping with id, title and clauses")
            for key in ("title", "intro"):
                text_field(path, sec, key, f"the {key} of section '{sec.get('id')}'")
            for j, c in enumerate(items(sec.get("clauses"))):
                cpath = path + ("clauses", j)
                if not isinstance(c, dict):
                    refuse(cpath, "a clause", c, "a mapping: '- id: …' and 'text: …' on the line below")
                text_field(cpath, c, "text", f"the text of clause '{c.get('id')}'")
            walk(sec.get("sections"), path + ("sections",))

    walk(data.get("sections"), ("sections",))
    for name, fields in LIST_TEXT_FIELDS:
        for i, item in enumerate(items(data.get(name))):
            if not isinstance(item, dict):
                refuse((name, i), f"an item of {name}", item, "a mapping")
            for key, _kind in fields:
                text_field((name, i), item, key, f"{name}.{i}.{key}")


# the lists whose items a redline matches by id (sections and clauses are walked apart)
_KEYED_LISTS = ("principles", "priorities", "services", "work_plan", "references")


def refuse_repeated_ids(doc: Any, data: Optional[dict] = None, *,
                        why: str = "a redline matches sections, clauses and the rest by id and would show only "
                                   "one of the two") -> None:
    """A redline matches sections, clauses, principles and the rest by id: of two elements
    under one id it shows one, and says nothing of the other (hostile25: a clause added under
    another's id was "no changes", or the other's words "deleted" though they were still
    there). The later of the first repeated id is refused, at its place, naming the first."""
    from .errors import InputError

    data = doc.data if data is None else data
    if not isinstance(data, dict):
        return
    ids: list[tuple[tuple, str]] = []  # (path of the id, id): one namespace, as validate's rule
    audiences: list[tuple[tuple, str]] = []  # audiences have their own
    for at in identified_sections(data):
        ids.append((at.path + ("id",), at.section["id"]))
        for j, c in section_clauses(at.section):
            if isinstance(c.get("id"), str):
                ids.append((at.path + ("clauses", j, "id"), c["id"]))
    for name in _KEYED_LISTS:
        for i, item in enumerate(items(data.get(name))):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.append(((name, i, "id"), item["id"]))
    scope = data.get("scope")
    if isinstance(scope, dict):
        for i, aud in enumerate(items(scope.get("audiences"))):
            if isinstance(aud, dict) and isinstance(aud.get("id"), str):
                audiences.append((("scope", "audiences", i, "id"), aud["id"]))
    worst = None  # (line, column, id, first line) of the repeat that comes first in the file
    for group in (ids, audiences):
        counts: dict[str, int] = {}
        for _path, ident in group:
            counts[ident] = counts.get(ident, 0) + 1
        if all(n == 1 for n in counts.values()):
            continue
        placed = sorted((doc.where(path), ident) for path, ident in group if counts[ident] > 1)
        first: dict[str, int] = {}
        for (line, col), ident in placed:
            if ident in first:
                if worst is None or (line, col) < worst[:2]:
                    worst = (line, col, ident, first[ident])
                break
            first[ident] = line
    if worst is not None:
        line, col, ident, first_line = worst
        raise InputError(
            f"the id '{ident}' is used twice (first at line {first_line}): {why} (give each its own id; "
            "`lic-policy validate` names every repeat)",
            file=getattr(doc, "file", None), line=line, column=col)


# --------------------------------------------------------------------------- layout


@dataclass
class _Item:
    """One clause (or section heading) in reading order, for the document renderers."""

    kind: str  # section | clause
    id: str
    depth: int
    segments: list
    state: str  # unchanged | changed | added | removed
    moved: Optional[str] = None
    renamed_from: Optional[str] = None


def layout(rl: Redline) -> tuple[list[_Item], list[TextChange]]:
    """Sections and clauses in the new document's order (removed ones where they were),
    and the changed text fields outside clauses."""
    text_by = {(t.element, t.field): t for t in rl.text}
    moved = {c.id: c.detail for c in rl.structural if c.op == "moved"}
    renamed = {c.new: c.old for c in rl.structural if c.kind == "clause" and c.op == "renamed"}
    removed_sections = {c.id for c in rl.structural if c.kind == "section" and c.op == "removed"}
    removed_clauses: dict = {}
    os_, oc = _sections(rl.old_data)
    for c in rl.structural:
        if c.kind == "clause" and c.op == "removed":
            removed_clauses.setdefault(oc[c.id]["parent"], []).append(c.id)
    items: list[_Item] = []
    used = set()

    def seg(element, fld, text):
        t = text_by.get((element, fld))
        if t is not None:
            used.add((element, fld))
            return t.segments, t.op
        return ([(EQUAL, text)] if _str(text) else []), "unchanged"

    for at in identified_sections(rl.new_data):
        s, depth = at.section, at.depth
        sid = s["id"]
        segs, state = seg(sid, "title", s.get("title") or "")
        items.append(_Item("section", sid, depth, segs, state, moved.get(sid)))
        if s.get("intro"):
            segs, state = seg(sid, "intro", s["intro"])
            items.append(_Item("intro", sid, depth, segs, state))
        for _j, c in section_clauses(s):
            if isinstance(c.get("id"), str):
                segs, state = seg(c["id"], "text", c.get("text") or "")
                items.append(_Item("clause", c["id"], depth, segs, state, moved.get(c["id"]),
                                   renamed.get(c["id"])))
        for cid in removed_clauses.get(sid, []):
            items.append(_Item("clause", cid, depth, [(DELETE, _str(oc[cid]["text"]))], "removed"))
            used.add((cid, "text"))
    new_clause_ids = set(_sections(rl.new_data)[1])
    for sid in [s for s in os_ if s in removed_sections]:
        items.append(_Item("section", sid, 0, [(DELETE, _str(os_[sid]["title"]))], "removed"))
        used.add((sid, "title"))
        for cid, info in oc.items():
            if info["parent"] == sid and cid not in new_clause_ids:
                items.append(_Item("clause", cid, 0, [(DELETE, _str(info["text"]))], "removed"))
                used.add((cid, "text"))
    others = [t for t in rl.text if (t.element, t.field) not in used]
    return items, others


def _str(value) -> str:
    """A title, intro or clause text as text: a value of another type (a guideline that does
    not validate: a list as a title, a date as an intro) is none, as text units treat it."""
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- renderers

_SINGULAR = {plural: singular for singular, plural in _PLURAL.items() if " " not in plural}
_SINGULAR.update({"work plan actions": "work plan action", "metadata fields": "metadata field",
                  "scope fields": "scope field", "consultation record fields": "consultation record field",
                  "governance fields": "governance field", "review schedule fields": "review schedule field",
                  "other text fields": "other text field", "words": "word"})


def summary_phrase(key: str, count: int) -> str:
    """``("clauses added", 1)`` → ``"1 clause added"``; other counts keep the plural."""
    if count == 1:
        for plural in sorted(_SINGULAR, key=len, reverse=True):
            if key.startswith(plural + " "):
                return f"1 {_SINGULAR[plural]}{key[len(plural):]}"
    return f"{count} {key}"



def render_text(rl: Redline, *, color: bool = False, context: bool = True) -> str:
    """Terminal output: summary, structural changes, then each changed field's words."""
    import click

    def st(s, **kw):
        return click.style(s, **kw) if color else s

    lines = [st(f"redline {rl.old_label} (version {rl.old_version}) → {rl.new_label} (version {rl.new_version})",
                bold=True)]
    summary = rl.summary()
    lines.append("summary: " + ", ".join(summary_phrase(k, v) for k, v in summary.items() if v) if rl.changed
                 else "no changes")
    if rl.structural:
        lines.append("")
        lines.append(st("structure", bold=True))
        for c in rl.structural:
            mark = {"added": "+", "removed": "-", "moved": "↷", "renamed": "→", "retitled": "~"}.get(c.op, "~")
            fg = {"added": "green", "removed": "red"}.get(c.op, "yellow")
            lines.append(f"  {st(mark, fg=fg)} {c.detail}")
    for t in rl.text:
        lines.append("")
        where = t.element or t.field
        if t.element and t.field != "text":
            where += f" ({t.field})"
        head = f"{t.op} {where}" + (f" (was {t.old_element})" if t.old_element else "")
        lines.append(st(head, bold=True))
        parts = []
        for op, s in t.segments:
            if op == EQUAL:
                parts.append(s)
            elif op == DELETE:
                parts.append(st(s, fg="red", strikethrough=True) if color else f"[-{s}-]")
            else:
                parts.append(st(s, fg="green", underline=True) if color else f"{{+{s}+}}")
        lines.append("  " + "".join(parts).replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


def _esc(s: str) -> str:
    return _html.escape(s, quote=True)


def _html_segments(segments) -> str:
    out = []
    for op, s in segments:
        if op == EQUAL:
            out.append(_esc(s))
        elif op == DELETE:
            out.append(f"<del>{_esc(s)}</del>")
        else:
            out.append(f"<ins>{_esc(s)}</ins>")
    return "".join(out).replace("\n", "<br>\n")


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}
del{color:#b00020;text-decoration:line-through;background:#fde8ea}
ins{color:#0b6b2b;text-decoration:underline;background:#e6f4ea}
.summary{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;background:#fafafa}
.summary td{padding:0 1rem 0 0}
.row{display:grid;grid-template-columns:minmax(0,1fr) 20rem;gap:1rem;border-top:1px solid #eee;padding:.4rem 0}
.id{font-family:ui-monospace,monospace;font-size:.8rem;color:#555}
.moved{border-left:4px solid #6a4fb3;padding-left:.5rem}
.movetag{font-size:.8rem;color:#6a4fb3}
.removed{opacity:.85}
aside.thread{font-size:.85rem;background:#fff8e1;border:1px solid #f0d98c;border-radius:4px;padding:.3rem .5rem;
margin-bottom:.3rem}
aside.thread.objection{background:#fdecea;border-color:#e6a4a4}
@media (max-width:50rem){.row{grid-template-columns:1fr}}
"""


def render_html(rl: Redline, threads: Iterable = ()) -> str:
    """A standalone HTML page: change summary at the top, the document with deletions
    struck through in red and insertions underlined, moves marked, and open review
    threads beside their clauses."""
    items, others = layout(rl)
    by_clause: dict = {}
    for t in threads:
        if t.status in ("open", "orphaned"):
            by_clause.setdefault(t.anchor.clause or t.anchor.field, []).append(t)
    title = f"Redline: {rl.old_label} → {rl.new_label}"
    h = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f"<title>{_esc(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
         f"<h1>{_esc(title)}</h1>",
         f"<p>Version {_esc(str(rl.old_version))} → version {_esc(str(rl.new_version))}. "
         "<del>Deleted text</del> is struck through; <ins>inserted text</ins> is underlined.</p>",
         '<section class="summary"><h2>Summary of changes</h2><table>']
    for k, v in rl.summary().items():
        h.append(f"<tr><td>{_esc(k)}</td><td>{v}</td></tr>")
    h.append("</table>")
    if rl.structural:
        h.append("<ul>")
        for c in rl.structural:
            h.append(f'<li class="{_esc(c.op)}">{_esc(c.detail)}</li>')
        h.append("</ul>")
    h.append("</section>")
    for it in items:
        if it.kind == "section":
            level = min(2 + it.depth, 6)
            cls = " class=\"moved\"" if it.moved else ""
            h.append(f"<h{level}{cls} id=\"{_esc(it.id)}\">{_html_segments(it.segments)} "
                     f"<span class=\"id\">{_esc(it.id)}</span></h{level}>")
            if it.moved:
                h.append(f'<p class="movetag">↷ {_esc(it.moved)}</p>')
            continue
        classes = ["row"] + (["moved"] if it.moved else []) + ([it.state] if it.state != "unchanged" else [])
        label = it.id if it.kind == "clause" else f"{it.id} (intro)"
        h.append(f'<div class="{" ".join(classes)}" id="{_esc(label)}"><div>')
        h.append(f'<div class="id">{_esc(label)}'
                 + (f" (was {_esc(it.renamed_from)})" if it.renamed_from else "")
                 + (f' <span class="movetag">↷ {_esc(it.moved)}</span>' if it.moved else "") + "</div>")
        h.append(f"<p>{_html_segments(it.segments)}</p></div><div>")
        for t in by_clause.get(it.id, []) if it.kind == "clause" else []:
            h.append(_html_thread(t))
        h.append("</div></div>")
    if others:
        h.append("<h2>Other changed fields</h2>")
        for t in others:
            where = t.element + (f" ({t.field})" if t.field != "text" else "") if t.element else t.field
            h.append(f'<div class="row {t.op}"><div><div class="id">{_esc(where)} — {_esc(t.op)}</div>'
                     f"<p>{_html_segments(t.segments)}</p></div><div>")
            for th in by_clause.get(t.element or t.field, []) if not t.element else []:
                h.append(_html_thread(th))
            h.append("</div></div>")
    h.append("</body></html>")
    return "\n".join(h) + "\n"


def _shown(t) -> tuple[str, str, str]:
    """A thread's author, words and suggested wording as a redline shows them: what identifies
    someone masked (a redline goes where the review packet goes, which refuses such words; the
    room masks them for others), and a handle that looks like a person's name masked unless its
    reviewer chose to be named by it (privacy30)."""
    from .privacy import handle_problem, mask, redact

    handle = t.author.handle
    if not getattr(t.author, "named", False) and handle_problem(handle):
        handle = mask(handle)
    return f"{handle} ({t.author.role})", redact(t.said or ""), redact(t.replacement or "")


def _day(stamp) -> str:
    """A thread's day: never the second it was sent, which a peer who saw someone send at that
    moment could tie to the made-up name (as the room and the packet show it; privacy30)."""
    text = str(stamp or "")
    return text[:10] if re.match(r"\d{4}-\d\d-\d\d", text) else text


def _html_thread(t) -> str:
    who, said, _replacement = _shown(t)
    state = " — orphaned: its words are no longer in the text" if t.status == "orphaned" else ""
    from .model.vocab import WITHDRAWN

    # an objection its writer took back is not shown as one (red, "objection"): it blocks nothing
    kind, css = (f"{t.kind}, taken back by its writer", "taken-back") if t.body == WITHDRAWN else (t.kind, t.kind)
    return (f'<aside class="thread {_esc(css)}"><strong>{_esc(t.id)} · {_esc(kind)}</strong>{_esc(state)}<br>'
            f"<em>“{_esc(t.anchor.quote.exact)}”</em><br>{_esc(said) + '<br>' if said else ''}<small>{_esc(who)}, "
            f"{_esc(_day(t.created))}; {len(t.replies)} repl{'ies' if len(t.replies) != 1 else 'y'}</small></aside>")


_MD_ACTIVE = re.compile(r"(?P<c>[\\`*_\[\]<>&{}~|@$^])|(?<=\n)(?P<lead>[ \t]*(?:\d+(?=[.)])|(?=[#+\-])))")
"""A character Markdown (or CriticMarkup) reads as markup anywhere, or the start of a line
that would begin a heading or a list (a '>' is escaped as a character); '@' (a citation to
pandoc), '$' (TeX math to pandoc and GitHub) and '^' (a superscript) too (hostile9)."""


def _md(text: str) -> str:
    """``text`` as literal Markdown: what would be a tag (``<script>``), an entity, a link
    (``[x](javascript:…)``), emphasis, a CriticMarkup mark (``++}`` closed an insertion) or a
    heading or list at a line start is backslash-escaped. The redline is posted in pull
    requests and wikis, where the guideline's words are text, never markup."""
    return _MD_ACTIVE.sub(lambda m: "\\" + m["c"] if m["c"] is not None else m["lead"] + "\\", text)


def _critic(segments) -> str:
    out = []
    i = 0
    while i < len(segments):
        op, s = segments[i]
        s = _md(s)
        if op == DELETE and i + 1 < len(segments) and segments[i + 1][0] == INSERT:
            out.append(f"{{~~{s}~>{_md(segments[i + 1][1])}~~}}")
            i += 2
            continue
        if op == EQUAL:
            out.append(s)
        elif op == DELETE:
            out.append(f"{{--{s}--}}")
        else:
            out.append(f"{{++{s}++}}")
        i += 1
    return "".join(out)


def render_markdown(rl: Redline, threads: Iterable = ()) -> str:
    """Markdown with CriticMarkup: {++ ++} insertions, {-- --} deletions, {~~ ~> ~~}
    substitutions, {>> <<} comments (moves and open review threads)."""
    items, others = layout(rl)
    by_clause: dict = {}
    for t in threads:
        if t.status in ("open", "orphaned"):
            by_clause.setdefault(t.anchor.clause or t.anchor.field, []).append(t)
    out = [f"# Redline: {_md(rl.old_label)} → {_md(rl.new_label)}", "",
           f"Version {rl.old_version} → version {rl.new_version}.", "", "## Summary of changes", ""]
    for k, v in rl.summary().items():
        out.append(f"- {k}: {v}")
    if rl.structural:
        out.append("")
        for c in rl.structural:
            out.append(f"- {_md(c.detail)}")
    out.append("")
    for it in items:
        if it.kind == "section":
            out.append(f"{'#' * min(2 + it.depth, 6)} {_critic(it.segments)} ({it.id})"
                       + (f" {{>>{it.moved}<<}}" if it.moved else ""))
            out.append("")
            continue
        label = f"**{it.id}**" if it.kind == "clause" else f"*{it.id} intro*"
        if it.renamed_from:
            label += f" {{>>renamed from {it.renamed_from}<<}}"
        if it.moved:
            label += f" {{>>{it.moved}<<}}"
        out.append(f"{label} {_critic(it.segments)}")
        for t in by_clause.get(it.id, []) if it.kind == "clause" else []:
            who, said, replacement = _shown(t)
            out.append(f"{{>>{t.id} {t.kind} by {who} on “{_md(t.anchor.quote.exact)}”: "
                       f"{_md(said or 'suggests “' + replacement + '”')}<<}}")
        out.append("")
    if others:
        out += ["## Other changed fields", ""]
        for t in others:
            where = (t.element + (f" ({t.field})" if t.field != "text" else "")) if t.element else t.field
            out.append(f"**{where}** {_critic(t.segments)}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


class _CallableModule(types.ModuleType):
    """``lic_policy.redline(old, new)`` is the function even when this module was imported
    first (importing a submodule sets the package attribute of the same name to it)."""

    def __call__(self, old: Any, new: Any, *, old_label: str = "old", new_label: str = "new") -> Redline:
        return redline(old, new, old_label=old_label, new_label=new_label)


sys.modules[__name__].__class__ = _CallableModule

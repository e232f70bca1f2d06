"""Review files on disk: load, add, change and save threads without losing any.

``NAME.review.yaml`` sits beside ``NAME.yaml``. Files are read and written with ruamel's
round-trip mode, so comments people wrote in them survive; writes are atomic, and a
save that would lose a thread already in the file is refused.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import InputError, UsageError

HEADER = ("# Review threads on {name} (lic-policy review file; schema: schemas/review.schema.json).\n"
          "# Authors are pseudonymous handles with a role; never write names, emails or phone numbers here.\n")


def review_path(guideline: str | os.PathLike) -> Path:
    """``NAME.review.yaml`` beside ``NAME.yaml``."""
    p = Path(guideline)
    name = p.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return p.with_name(name + ".review.yaml")


def now(date: Optional[str] = None) -> str:
    """The timestamp for new threads: ``date`` if given, else $LIC_POLICY_NOW, else the clock (UTC)."""
    value = date or os.environ.get("LIC_POLICY_NOW")
    if value:
        try:
            parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"'{value}' is not a date or date-time",
                             hint="use ISO 8601, e.g. 2026-03-01 or 2026-03-01T10:00:00Z") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_dt.timezone.utc)
        return parsed.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ReviewDocument:
    """A review file as loaded: its path, the model and ruamel's tree (for comments)."""

    path: Path
    review: Any  # ReviewFile
    tree: Any = None  # ruamel CommentedMap, None for a new file
    original_ids: set = field(default_factory=set)

    @property
    def threads(self):
        return self.review.threads


def _plain(value: Any) -> Any:
    """ruamel tree → plain data (timestamps as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, _dt.date):
        return value.isoformat() + "T00:00:00Z"
    if isinstance(value, str):
        return str(value)
    return value


def load(path: str | os.PathLike, *, guideline_name: Optional[str] = None, missing_ok: bool = True) -> ReviewDocument:
    """Load a review file; a missing one is an empty review (when ``missing_ok``)."""
    from pydantic import ValidationError

    from ..model.review import ReviewFile
    from ..store import read_text, roundtrip_load

    p = Path(path)
    if not p.exists():
        if not missing_ok:
            raise InputError("no such review file", file=str(p), hint="add a thread with `lic-policy review add`")
        return ReviewDocument(p, ReviewFile(guideline=guideline_name))
    text = read_text(p)
    if not text.strip():
        return ReviewDocument(p, ReviewFile(guideline=guideline_name))
    try:
        tree = roundtrip_load(text)
    except Exception as exc:  # ruamel raises many kinds of parse errors
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"cannot parse the review file: {problem}", file=str(p), line=line, column=col,
                         hint="fix the YAML syntax") from None
    if not isinstance(tree, dict):
        raise InputError("a review file is a YAML mapping with a 'threads' list", file=str(p), line=1, column=1)
    try:
        review = ReviewFile.model_validate(_plain(tree))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(x) for x in err["loc"])
        line, col = _tree_position(tree, err["loc"])
        raise InputError(f"{loc}: {err['msg']}", file=str(p), line=line, column=col,
                         hint="see schemas/review.schema.json") from None
    return ReviewDocument(p, review, tree, {t.id for t in review.threads})


def _tree_position(tree: Any, loc: tuple) -> tuple[Optional[int], Optional[int]]:
    node = tree
    line = col = None
    for part in loc:
        try:
            lc = node.lc
            if isinstance(part, int) and isinstance(node, list) and part < len(node):
                line, col = lc.item(part)
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                line, col = lc.key(part)
            else:
                break
            node = node[part]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    if line is None:
        return None, None
    return line + 1, col + 1


def _dump_thread(thread) -> dict:
    data = thread.model_dump(mode="json", exclude_none=True)
    for author in [data["author"], *(r["author"] for r in data.get("replies") or [])]:
        if author.get("named") is False:
            del author["named"]  # the default: not named
    if not data.get("replies"):
        data.pop("replies", None)
    return data


def to_data(review) -> dict:
    data = {"lic_policy_review": review.lic_policy_review}
    if review.guideline:
        data["guideline"] = review.guideline
    data["threads"] = [_dump_thread(t) for t in review.threads]
    return data


def _merge(node: Any, value: Any) -> Any:
    """Update ruamel ``node`` in place to equal ``value``, touching only what changed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..store import to_yaml_tree

    if isinstance(node, CommentedMap) and isinstance(value, dict):
        for k in [k for k in node if k not in value]:
            del node[k]
        for k, v in value.items():
            if k in node:
                merged = _merge(node[k], v)
                if merged is not node[k]:
                    node[k] = merged
            else:
                node[k] = to_yaml_tree(v)
        return node
    if isinstance(node, CommentedSeq) and isinstance(value, list):
        while len(node) > len(value):
            node.pop()
        for i, v in enumerate(value):
            if i < len(node):
                merged = _merge(node[i], v)
                if merged is not node[i]:
                    node[i] = merged
            else:
                node.append(to_yaml_tree(v))
        return node
    if _plain(node) == value and type(_plain(node)) is type(value):
        return node
    return to_yaml_tree(value)


def render(doc: ReviewDocument) -> str:
    from ruamel.yaml.comments import CommentedMap

    from ..store import roundtrip_dump, to_yaml_tree

    data = to_data(doc.review)
    if doc.tree is None:
        tree = to_yaml_tree(data)
        text = roundtrip_dump(tree)
        return HEADER.format(name=doc.review.guideline or "a guideline") + text
    tree = doc.tree
    if not isinstance(tree, CommentedMap):  # pragma: no cover - load() guarantees a mapping
        tree = to_yaml_tree(data)
    # threads are matched by id so comments stay with the thread they were written on
    by_id = {}
    old_threads = tree.get("threads")
    if old_threads is not None:
        for node in old_threads:
            if isinstance(node, dict) and "id" in node:
                by_id[str(node["id"])] = node
    for k in [k for k in tree if k not in data]:
        del tree[k]
    for k, v in data.items():
        if k == "threads":
            continue
        if k in tree:
            merged = _merge(tree[k], v)
            if merged is not tree[k]:
                tree[k] = merged
        else:
            tree[k] = v
    from ruamel.yaml.comments import CommentedSeq

    seq = old_threads if isinstance(old_threads, CommentedSeq) else CommentedSeq()
    new_nodes = []
    for t in data["threads"]:
        node = by_id.get(t["id"])
        new_nodes.append(_merge(node, t) if node is not None else to_yaml_tree(t))
    # rebuild the sequence in model order, keeping comment metadata on the existing nodes
    same = len(seq) == len(new_nodes) and all(a is b for a, b in zip(seq, new_nodes))
    if not same:
        del seq[:]
        seq.extend(new_nodes)
    tree["threads"] = seq
    return roundtrip_dump(tree)


@contextlib.contextmanager
def edit(path: str | os.PathLike, *, guideline_name: Optional[str] = None) -> Iterator[ReviewDocument]:
    """Load the review file at ``path`` under its write lock, let the block change it, and save
    it (still under the lock) when the block ends without an error. This is how every writer
    of a review file should change one: a change made by another process in the meantime is
    read, not written over."""
    from ..store import locked

    with locked(path):
        doc = load(path, guideline_name=guideline_name)
        yield doc
        save(doc)


def save(doc: ReviewDocument) -> None:
    """Write atomically, under the file's write lock; refuse to lose a thread that the file
    held when it was loaded. (The lock is re-entrant: load the file inside ``locked`` or
    ``edit`` so that nothing another process wrote in between is lost.)"""
    from ..store import locked, roundtrip_load, save_atomic

    ids = {t.id for t in doc.review.threads}
    lost = sorted(doc.original_ids - ids)
    if lost:
        raise InputError(f"saving would drop thread(s) {', '.join(lost)}", file=str(doc.path),
                         hint="threads are never deleted; resolve or reject them instead")
    text = render(doc)
    back = roundtrip_load(text)
    written = {str(t.get("id")) for t in (back.get("threads") or [])}
    if written != ids:  # pragma: no cover - a bug guard: never write a file that lost a thread
        raise InputError("internal check failed: the review file would not hold every thread", file=str(doc.path))
    with locked(doc.path):
        save_atomic(doc.path, text)
    doc.original_ids = ids
    doc.tree = back


# --------------------------------------------------------------------------- operations


@dataclass
class ReanchorReport:
    stayed: int = 0
    moved: int = 0
    orphaned: int = 0
    closed: int = 0  # resolved/rejected threads: kept as history, not moved
    outcomes: list = field(default_factory=list)  # (thread id, result, how, score, reason)

    def to_dict(self) -> dict:
        return {"stayed": self.stayed, "moved": self.moved, "orphaned": self.orphaned, "closed": self.closed,
                "threads": [{"id": i, "result": r, "how": h, "score": round(s, 3) if s is not None else None,
                             "reason": why} for i, r, h, s, why in self.outcomes]}


def _masked_anchor(text: str, start: int, end: int, anchor):
    """A re-anchored quote about personal data stays masked, and so does its context."""
    from ..model.anchor import CONTEXT_CHARS, TextQuote
    from ..privacy import find_identities, mask, mask_hits

    masked = mask_hits(text, find_identities(text))
    masked = masked[:start] + mask(text[start:end]) + masked[end:]
    anchor.quote = TextQuote(exact=masked[start:end], prefix=masked[max(0, start - CONTEXT_CHARS):start],
                             suffix=masked[end:end + CONTEXT_CHARS])
    return anchor


def reanchor(review, data: dict, version: Optional[str] = None, index=None) -> ReanchorReport:
    """Carry every open, accepted or orphaned thread of ``review`` onto guideline ``data``."""
    from ..model.anchor import Anchor, TextQuote
    from ..text import guideline_units
    from .anchoring import MOVED, ORPHANED, STAYED, UnitIndex, locate

    if index is None:
        index = UnitIndex(guideline_units(data))
    if version is None:
        md = data.get("metadata") if isinstance(data, dict) else None
        version = str(md.get("version")) if isinstance(md, dict) and md.get("version") is not None else None
    report = ReanchorReport()
    for t in review.threads:
        if t.status in ("resolved", "rejected"):
            report.closed += 1
            report.outcomes.append((t.id, "closed", "", None, ""))
            continue
        old = t.anchor
        out = locate(old, index)
        if out.match is None:
            if t.status != "orphaned":
                t.previous_status = t.status
                t.status = "orphaned"
            report.orphaned += 1
            report.outcomes.append((t.id, ORPHANED, "", None, out.reason))
            continue
        m = out.match
        u = m.unit
        new = Anchor.from_text(u.text, m.start, m.end, clause=u.element, field=u.field, version=version)
        if "*" in old.quote.exact and new.quote.exact != old.quote.exact:
            new = _masked_anchor(u.text, m.start, m.end, new)
        # stayed: same element, field and words (the offsets may shift with edits before them)
        same = new.clause == old.clause and new.field == old.field and new.quote.exact == old.quote.exact
        if new.quote.exact != old.quote.exact and t.original is None:
            t.original = TextQuote(**old.quote.model_dump())
        if same:
            # keep the anchor as it was (and the version it was made on) when nothing moved
            if new.quote == old.quote and new.position == old.position:
                new = old
            report.stayed += 1
            report.outcomes.append((t.id, STAYED, m.how, m.score, ""))
        else:
            report.moved += 1
            report.outcomes.append((t.id, MOVED, m.how, m.score, ""))
        t.anchor = new
        if t.status == "orphaned":
            t.status = t.previous_status or "open"
            t.previous_status = None
    return report


# --------------------------------------------------------------------------- automated findings

AUTOMATED_HANDLE = "lic-policy"


def thread_from_finding(finding, thread_id: str, created: str, version: Optional[str] = None):
    """A review thread (role ``automated``) for a check ``Finding`` with an anchor.

    A finding with a safe fix becomes a ``suggestion`` whose replacement is the fix;
    others become ``comment`` threads. Returns None for findings without an anchor
    (e.g. document-level findings, which point at no words).
    """
    from ..model.anchor import Anchor
    from ..model.review import Author, Thread

    a = finding.anchor
    if not a or not (a.get("quote") or {}).get("exact"):
        return None
    data = dict(a)
    if version is not None and not data.get("version"):
        data["version"] = version
    anchor = Anchor.model_validate(data)
    body = finding.message
    if getattr(finding, "rationale", ""):
        body += f"\n\n{finding.rationale}"
    if finding.suggestions and not finding.fix:
        body += "\n\nConsider: " + "; ".join(finding.suggestions)
    kind = "suggestion" if finding.fix is not None else "comment"
    return Thread(id=thread_id, anchor=anchor, author=Author(handle=AUTOMATED_HANDLE, role="automated"),
                  created=created, kind=kind, body=body, replacement=finding.fix if kind == "suggestion" else None,
                  rule=finding.rule_id)


def add_findings(review, findings, created: str, version: Optional[str] = None) -> list:
    """Add a thread for each anchored finding not already there (same rule, element,
    field and position among automated threads). Returns the threads added."""
    seen = {(t.rule, t.anchor.clause, t.anchor.field, t.anchor.position.start, t.anchor.position.end)
            for t in review.threads if t.author.role == "automated"}
    added = []
    for f in findings:
        t = thread_from_finding(f, review.next_id(), created, version)
        if t is None:
            continue
        key = (t.rule, t.anchor.clause, t.anchor.field, t.anchor.position.start, t.anchor.position.end)
        if key in seen:
            continue
        seen.add(key)
        review.threads.append(t)
        added.append(t)
    return added

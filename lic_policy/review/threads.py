"""Review files on disk: load, add, change and save threads without losing any.

``NAME.review.yaml`` sits beside ``NAME.yaml``. Files are read by the guideline reader
(``yamlread``, with its limits) and edited in place: only the threads that changed are
rewritten (through ruamel's round-trip mode, so comments people wrote survive), new threads
are appended, and untouched bytes stay as they were. Writes are locked and atomic, a save
that would lose a thread already in the file is refused, and every save is read back
before it replaces the file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import InputError, UsageError
from ..guideline_data import version as guideline_version

HEADER = ("# Review threads on {name} (lic-policy review file; schema: schemas/review.schema.json).\n"
          "# Authors are pseudonymous handles with a role; never write names, emails or phone numbers here.\n")


def review_path(guideline: str | os.PathLike) -> Path:
    """``NAME.review.yaml`` beside ``NAME.yaml``."""
    p = Path(guideline)
    name = p.name
    for suffix in (".yaml", ".yml"):
        if name.lower().endswith(suffix):  # G.YAML too (a name from Windows): G.review.yaml
            name = name[: -len(suffix)]
            break
    return p.with_name(name + ".review.yaml")


_GUIDELINE_KEY = re.compile(r"""^guideline:[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|([^#\n]*?))[ \t]*(?:#.*)?$""", re.M)


def left_behind(guideline: str | os.PathLike) -> Optional[tuple[Path, str]]:
    """(review file, the guideline it names) of a review file beside ``guideline`` left behind
    when its guideline was renamed or moved: it names a guideline that is not there, and it is
    that guideline's NAME.review.yaml. None when there is none (or ``guideline``'s own review
    file is there). Only the first 64 KB of each review file are read (hostile30: after `git mv
    g.yaml g2.yaml`, `review list g2.yaml` said '0 threads' and `review add` began a second
    review file, the threads and their open objections unseen)."""
    from ..discovery import regular_head
    from ..store import REVIEW_SUFFIXES

    own = review_path(guideline)
    if os.path.lexists(own):
        return None
    folder = own.parent
    try:
        with os.scandir(folder if str(folder) else ".") as entries:
            names = sorted(e.name for _i, e in zip(range(10_000), entries)
                           if e.name.lower().endswith(REVIEW_SUFFIXES) and e.name != own.name)
    except (OSError, ValueError):
        return None
    for name in names:
        path = folder / name
        data = regular_head(path, 65536)
        if data is None:
            continue
        head = data.decode("utf-8", "replace")
        m = _GUIDELINE_KEY.search(head)
        named = next((g for g in m.groups() if g), "") if m else ""
        if (named and os.path.basename(named) == named and named != Path(guideline).name
                and review_path(folder / named).name == name and not os.path.lexists(folder / named)):
            return path, named
    return None


def refuse_a_review_name_too_long(guideline: str | os.PathLike, hint: str) -> Path:
    """``NAME.review.yaml`` beside ``guideline``, refused in one line naming the guideline when its
    name would be longer than a file system allows (a guideline named with 245 bytes: 'cannot
    take the write lock' or 'cannot write the file: File name too long (check the path and that
    the disk can be written)'); ``hint`` says how the command goes on."""
    from ..store import NAME_MAX

    path = review_path(guideline)
    size = len(os.fsencode(path.name))
    if size > NAME_MAX and not os.path.lexists(path):
        raise UsageError(f"the name of its review file would be too long: {size} bytes, where file systems allow "
                         f"{NAME_MAX}", file=str(guideline), hint=hint)
    return path


def now(date: Optional[str] = None) -> str:
    """The timestamp for new threads: ``date`` if given, else $LIC_POLICY_NOW, else the clock (UTC)."""
    value = date or os.environ.get("LIC_POLICY_NOW")
    if value:
        from ..typed_dates import read_typed_date

        try:
            parsed = read_typed_date(value)
        except ValueError:  # '2026W091', '11111111' and 5,000 ones were dates to fromisoformat
            where = "" if date else "LIC_POLICY_NOW="  # set in a shell profile and forgotten: say where it is
            raise UsageError(f"{where}'{value[:40]}{'…' if len(value) > 40 else ''}' is not a date or date-time",
                             hint="use ISO 8601, e.g. 2026-03-01 or 2026-03-01T10:00:00Z") from None
        stamp = utc_stamp(parsed)
        if stamp is None:  # year 1 east of UTC, year 9999 west of it: no UTC date-time
            raise UsageError(f"'{value}' is out of the range of dates", hint="give a date between the years 1000 "
                             "and 9999, e.g. 2026-03-01T10:00:00Z")
        return stamp
    return _stamp(_dt.datetime.now(_dt.timezone.utc))


def day_stamp(stamp: Optional[str]) -> Optional[str]:
    """A UTC timestamp at its day's midnight (``2026-12-03T19:02:37Z`` → ``2026-12-03T00:00:00Z``):
    what the review file keeps of when a reviewer's comment was sent in the room or made in Word.
    The file is the repository's, and the second (or Word's minute, on the reviewer's own clock)
    could tie a made-up name to whoever was seen sending at that moment, or tell the time zone
    they work in (privacy29 took it off the room's pages and the packet; privacy30 off the file)."""
    return stamp[:10] + "T00:00:00Z" if stamp else stamp


def today(date: Optional[str] = None) -> str:
    """:func:`now` at its day's midnight: the stamp of a comment or reply a reviewer sends."""
    return day_stamp(now(date)) or ""


def stamp(date: Optional[str] = None) -> str:
    """The stamp of a thread or reply written from the command line (`review add`, `review
    reply`): ``date`` or $LIC_POLICY_NOW as given, else the clock's day (a reviewer who works in
    the repository, or staff writing down what a reviewer said, wrote the second; privacy30)."""
    return now(date) if date or os.environ.get("LIC_POLICY_NOW") else today()


def _stamp(v: _dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` of a UTC date-time, the year always four digits (strftime's
    ``%Y`` writes year 999 as '999', which no ISO 8601 reader takes back)."""
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}Z"


def utc_stamp(value: Any) -> Optional[str]:
    """A date, date-time or ISO 8601 text as a UTC timestamp (``YYYY-MM-DDTHH:MM:SSZ``; a date is
    its midnight); None when it is none of those."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        v = value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)
        try:
            v = v.astimezone(_dt.timezone.utc)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0, 9999-12-31T23:00-02:00 in year 10000
            return None
        if v.year < 1000:  # no one dated a comment or a version then: a typed or forged date
            return None
        return _stamp(v)
    if isinstance(value, _dt.date):
        return None if value.year < 1000 else value.isoformat() + "T00:00:00Z"
    s = str(value)
    try:
        parsed = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    return utc_stamp(parsed)


@dataclass
class ReviewDocument:
    """A review file as loaded: its path, the model, and the text it was read from (with the
    data read from it), so a save rewrites only the threads that changed."""

    path: Path
    review: Any  # ReviewFile
    text: Optional[str] = None  # the file's text as read; None for a new file
    data: Any = None  # the parsed data of ``text``
    original_ids: set = field(default_factory=set)

    @property
    def threads(self):
        return self.review.threads


def _plain(value: Any) -> Any:
    """Parsed YAML → plain data (timestamps as ISO strings)."""
    t = type(value)
    if t is str or t is int or value is None or t is bool:
        return value
    if t is dict:
        return {k if type(k) is str else str(k): _plain(v) for k, v in value.items()}
    if t is list:
        return [_plain(v) for v in value]
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            return value.isoformat() + "Z"  # strftime's %Y drops the zeros of year 999
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, _dt.date):
        return value.isoformat() + "T00:00:00Z"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def parse(text: str, file: str, *, positions: bool = False) -> tuple[Any, Optional[dict]]:
    """A review file's data (and, with ``positions``, every node's place), read by the guideline
    reader (``yamlread``) with its limits: alias expansion, nesting depth, duplicate keys, tags,
    one document. Errors are one ``InputError`` with the place."""
    from ..store import bomless, compose_positions
    from ..yamlread import read_data

    try:
        if positions:
            return compose_positions(text, file)
        return read_data(bomless(text), file)[0], None
    except InputError as exc:
        from ..yamlread import OVER_BUDGET

        hint = exc.hint or "fix the YAML syntax"
        if exc.message.startswith(OVER_BUDGET):
            # tens of thousands of threads (years of `check --write-review`): the guideline's
            # advice ("remove what does not belong in a guideline") was given (hostile30)
            from ..store import REVIEW_FULL_HINT

            hint = REVIEW_FULL_HINT
        raise InputError(f"cannot parse the review file: {exc.message}", file=file, line=exc.line,
                         column=exc.column, hint=hint) from None


def load(path: str | os.PathLike, *, guideline_name: Optional[str] = None, missing_ok: bool = True) -> ReviewDocument:
    """Load a review file; a missing one is an empty review (when ``missing_ok``)."""
    from ..model.review import ReviewFile
    from ..store import REVIEW_FULL_HINT, read_text

    p = Path(path)
    out_of_reach = link_out_of_reach(p)
    if out_of_reach is not None:
        raise out_of_reach
    if guideline_name is not None:
        from ..store import text_name

        guideline_name = text_name(guideline_name)  # a file name that is not UTF-8: YAML cannot hold it
    # os.path: a dangling link too (its file is created by the first save), and a name too long
    # to exist (Path.exists raised on it)
    if not os.path.exists(p):
        if os.path.islink(p) and _loops(p):  # a dangling link is a file to create; a loop never is
            raise InputError("the review file is a symbolic link that leads back to itself", file=str(p),
                             hint="remove the link (or point it at a review file) and run the command again")
        if not missing_ok:
            raise InputError("no such review file", file=str(p), hint="add a thread with `lic-policy review add`")
        return ReviewDocument(p, ReviewFile(guideline=guideline_name))
    text = read_text(p, what="a review file", hint=REVIEW_FULL_HINT)  # not "the guideline" (--review-file /dev/null)
    if not text.strip():
        return ReviewDocument(p, ReviewFile(guideline=guideline_name))
    data, _ = parse(text, str(p))
    review = validate(data, text, str(p))
    return ReviewDocument(p, review, text, data, {t.id for t in review.threads})


def link_out_of_reach(path: str | os.PathLike) -> Optional[InputError]:
    """Why the review file ``path`` is not read: it is a symbolic link to a file outside the
    git checkout that holds it (outside git: outside its folder). Git keeps links, so a pull
    request can add ``g.review.yaml -> /home/runner/.aws/credentials``: `check` in CI read the
    file it led to and quoted what it could not parse (a key of that file) into the reports the
    job uploads (hostile30). None for a regular file, a missing one, or a link within reach."""
    p = os.fspath(path)
    if not os.path.islink(p):
        return None
    try:
        import stat

        if not stat.S_ISREG(os.stat(p).st_mode):
            return None  # a folder, a pipe or a device: the readers refuse it themselves, saying so
    except OSError:
        pass  # dangling (a file the first save would create) or a loop: judged by where it leads
    from ..discovery import repo_root

    folder = os.path.dirname(os.path.abspath(p))
    top = repo_root(folder)
    where = "this git checkout" if top else "its folder"
    root = os.path.realpath(top or folder)
    target = os.path.realpath(p)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return InputError(f"the review file is a symbolic link to a file outside {where}, which lic-policy does not "
                      "follow", file=p, hint="replace the link with the review file itself, or give that file's own "
                      "path with --review-file")


def _loops(path: Path) -> bool:
    """Whether following the link ``path`` never ends (ELOOP), as opposed to ending nowhere."""
    import errno

    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def validate(data: Any, text: str, file: str):
    """A review file's parsed data checked against its schema (``ReviewFile``); a breach is one
    ``InputError`` at its file:line:col, the one publish, `review list` and `check` give."""
    from pydantic import ValidationError

    from ..model.review import ReviewFile

    if not isinstance(data, dict):
        raise InputError("a review file is a YAML mapping with a 'threads' list", file=file, line=1, column=1)
    try:
        return ReviewFile.model_validate(_plain(data))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = tuple(err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")  # pydantic's prefix for a model's own check
        dup = re.match(r"thread id '(.*)' is used twice", msg)
        if dup and not where:  # the file's own check: point at the second thread with that id
            ids = [t.get("id") if isinstance(t, dict) else None for t in data.get("threads") or []]
            second = [i for i, x in enumerate(ids) if str(x) == dup.group(1)][1:2]
            where = ("threads", second[0], "id") if second else where
        positions = parse(text, file, positions=True)[1] or {}
        line, col = _position(positions, where)
        loc = ".".join(str(x) for x in err["loc"])
        hint = "see schemas/review.schema.json"
        if err["type"] == "string_type" and not isinstance(err.get("input"), str):
            from ..store import not_text

            sp = positions.get(where)
            msg, hint = not_text(err.get("input"), text[sp.start:sp.end] if sp is not None and sp.style not in (
                "map", "seq", "alias") else "")
        elif err["type"] == "string_pattern_mismatch":
            # pydantic's "String should match pattern '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'" said
            # neither what is wrong nor how to fix it (hostile29)
            msg, hint = _pattern_message(where, err.get("input"))
        raise InputError(f"{loc}: {msg}" if loc else msg, file=file, line=line, column=col, hint=hint) from None


def _pattern_message(where: tuple, value: Any) -> tuple[str, str]:
    """A text of a review file not of its field's form, said as the writer can fix it: a
    handle as the room and `review add` say it (without repeating it: it may be someone's
    address or number), a thread id with the form ids take."""
    from ..model.review import handle_problem
    from ..store import text_name

    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    field = where[-1] if where else ""
    if field == "handle":
        problem = handle_problem(str(value)) or "is not a handle"
        return (f"handle {problem}; use a pseudonymous handle",
                "write a handle that names no one, such as advisory-reviewer-3")
    if field == "id" and len(where) == 3 and where[0] == "threads":
        return (f"thread id {text_name(shown)} is not of the form t1, t2, t3 ...",
                "write 't' and a number no other thread of the file has")
    return f"{text_name(shown)} does not have the expected form", "see schemas/review.schema.json"


def _position(positions: dict, loc: tuple) -> tuple[Optional[int], Optional[int]]:
    """1-based place of the node at ``loc`` (its key, for a mapping entry), or of its nearest
    ancestor in the file."""
    exact = loc in positions
    while loc and loc not in positions:
        loc = loc[:-1]
    sp = positions.get(loc)
    if sp is None:
        return None, None
    if exact and sp.key_line >= 0:
        return sp.key_line + 1, sp.key_col + 1
    return sp.line + 1, sp.col + 1


def thread_data(thread) -> dict:
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
    data["threads"] = [thread_data(t) for t in review.threads]
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


def render(doc: ReviewDocument, same: Optional[list] = None) -> str:
    """The text to save for ``doc``.

    A file that was read is edited in place: a thread that did not change keeps its bytes
    (comments, quoting, line endings), a changed thread is rewritten alone (through ruamel's
    round-trip mode, so comments inside it stay too), and new threads are appended after the
    last one in the file's own indentation and line endings, after its byte-order mark. This
    keeps a save linear in the file's size. Files laid out in ways this cannot follow (a
    flow-style list, changed top-level fields) are rendered whole with ruamel, still keeping
    comments, line endings and the byte-order mark.
    """
    if _lone_cr(doc):
        return _as_lf(doc, lambda: render(doc, same))
    data = to_data(doc.review)
    if not doc.text or not doc.text.strip():
        return HEADER.format(name=doc.review.guideline or "a guideline") + _dump(data)
    try:
        return _render_in_place(doc, data, same if same is not None else _unchanged(doc, data))
    except _Layout:
        return _render_whole(doc, data)


class _Layout(Exception):
    """The file is laid out in a way the in-place writer does not follow."""


def _lone_cr(doc: ReviewDocument) -> bool:
    """Every line of the file read ends in a lone CR (classic Mac OS)."""
    return bool(doc.text) and "\r" in doc.text and "\n" not in doc.text


def _as_lf(doc: ReviewDocument, make: Any) -> str:
    """``make()`` on the file's text with LF for CR — one character for one, so every position
    stays — and its result with CR again: the writers follow LF and CRLF files, and a file of
    lone CRs kept only the endings of the threads that did not change."""
    text = doc.text
    doc.text = text.replace("\r", "\n")
    try:
        return str(make()).replace("\n", "\r")
    finally:
        doc.text = text


def _dump(data: Any) -> str:
    from ..store import roundtrip_dump, to_yaml_tree

    return roundtrip_dump(to_yaml_tree(data))


def _render_whole(doc: ReviewDocument, data: dict) -> str:
    """The whole file through ruamel's round-trip tree (comments kept), in the file's line
    endings and with its byte-order mark."""
    if _lone_cr(doc):
        return _as_lf(doc, lambda: _render_whole(doc, data))
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..store import roundtrip_dump, roundtrip_load, to_yaml_tree

    text = doc.text or ""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    from ..store import newline_of

    nl = newline_of(text)
    tree = roundtrip_load(text[len(bom):].replace("\r\n", "\n"))
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
    return bom + roundtrip_dump(tree).replace("\n", nl)


def _unchanged(doc: ReviewDocument, data: dict) -> list:
    """For each thread the file held when it was read: is it still the same?"""
    old = doc.data.get("threads") if isinstance(doc.data, dict) else None
    if not isinstance(old, list):
        return []
    return [i < len(data["threads"]) and _plain(o) == data["threads"][i] for i, o in enumerate(old)]


def _render_in_place(doc: ReviewDocument, data: dict, same: list) -> str:
    text, old = doc.text, doc.data
    assert text is not None
    if not isinstance(old, dict):
        raise _Layout
    if {k: _plain(v) for k, v in old.items() if k != "threads"} != {k: v for k, v in data.items() if k != "threads"}:
        raise _Layout  # a top-level field changed
    old_threads = old.get("threads")
    new_threads = data["threads"]
    if not isinstance(old_threads, list) or not old_threads:
        raise _Layout  # no list of threads to edit (a new file, `threads: []`)
    n = len(old_threads)
    if len(new_threads) < n or any(not isinstance(o, dict) or str(o.get("id")) != t["id"]
                                   for o, t in zip(old_threads, new_threads)):
        raise _Layout  # threads are only ever appended; anything else is rendered whole
    regions, dash, col = _item_regions(text, n)
    from ..store import newline_of

    nl = newline_of(text)
    out: list[str] = []
    cursor = 0
    for i in range(n):
        if same[i]:
            continue
        start, end = regions[i]
        out.append(text[cursor:start])
        out.append(_rewrite_item(text[start:end], new_threads[i], dash, col, nl))
        cursor = end
    if len(new_threads) > n:
        end = regions[-1][1]
        out.append(text[cursor:end])
        if not text[:end].endswith("\n"):
            out.append(nl)
        for t in new_threads[n:]:
            out.append(_item_text(_seq_dump([_tree(t)]), dash, col, nl))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _item_regions(text: str, count: int) -> tuple[list[tuple[int, int]], int, int]:
    """Where each of the ``count`` threads of the block list under the top-level ``threads:``
    key is written: (start of its dash line, end of its last line) per thread, the dash column
    and the column of the thread's fields. Found from the lines alone (the YAML rules do the
    rest: a thread's values are indented past its dash, so a line that starts with a dash in
    the dash's column starts the next thread); raises ``_Layout`` for any other layout. The
    result is read back before it is written, so a layout misread is never saved."""
    import re

    key = re.compile(r"^threads:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
    found = key.search(text)
    if found is None or key.search(text, found.end()) is not None:
        raise _Layout  # a flow list (`threads: [...]`), an indented document, ...
    pos = found.end() + 1
    item = None
    starts: list[int] = []
    content_ends: list[int] = []
    last_content = -1
    size = len(text)
    while pos < size:
        nl_at = text.find("\n", pos)
        line_end = size if nl_at == -1 else nl_at + 1
        line = text[pos:line_end]
        body = line.rstrip("\r\n")
        stripped = body.lstrip(" ")
        indent = len(body) - len(stripped)
        if not stripped:
            pos = line_end
            continue
        if item is None:
            m = re.match(r"( *)-( +)(?=[^ #\r\n])", body)
            if m is None:
                raise _Layout
            item = (len(m.group(1)), m.end())
        dash, col = item
        if stripped.startswith("#") and indent <= col:
            pos = line_end  # a comment between fields or threads: it stays where it is
            continue
        if indent == dash and body[dash:dash + 1] == "-" and body[dash + 1:dash + 2] in (" ", ""):
            if starts:
                content_ends.append(last_content)
            if len(body) < col or body[dash + 1:col].strip() or body[col:col + 1] == " ":
                raise _Layout  # this thread's fields start in another column
            starts.append(pos)
        elif indent <= dash:
            break  # the next top-level field: the list has ended
        elif not starts:
            raise _Layout
        last_content = line_end
        pos = line_end
    if item is None or not starts:
        raise _Layout
    content_ends.append(last_content)
    if len(starts) != count:
        raise _Layout
    return list(zip(starts, content_ends)), item[0], item[1]


def _tree(value: Any) -> Any:
    from ..store import to_yaml_tree

    return to_yaml_tree(value)


def _seq_dump(items: Any) -> str:
    """A sequence as ruamel writes it: dash at column 2, each mapping at column 4."""
    from ruamel.yaml.comments import CommentedSeq

    from ..store import roundtrip_dump

    return roundtrip_dump(items if isinstance(items, CommentedSeq) else CommentedSeq(items))


def _item_text(dumped: str, dash: int, col: int, nl: str) -> str:
    """``_seq_dump`` output moved to the file's dash and content columns and line endings."""
    lines = dumped.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = lines[0]
    lead = len(first) - len(first.lstrip(" "))
    if first[lead:lead + 2] != "- ":
        raise _Layout  # pragma: no cover - ruamel always writes a block item here
    content = lead + 2
    shift = col - content
    out = [" " * dash + "-" + " " * (col - dash - 1) + first[content:]]
    for line in lines[1:]:
        if not line.strip():
            out.append("")
            continue
        spaces = len(line) - len(line.lstrip(" "))
        out.append(" " * max(0, spaces + shift) + line[spaces:])
    return nl.join(out) + nl


def _rewrite_item(region: str, value: dict, dash: int, col: int, nl: str) -> str:
    """One thread's text rewritten to ``value``: parsed alone with ruamel's round-trip mode
    (comments in it kept), merged, written back at the same columns."""
    from ..store import roundtrip_load

    # moved so its dash is at column 2, where ruamel writes it: ruamel keeps a comment's column,
    # so the comments stay where they were
    lines = region.replace("\r\n", "\n").split("\n")
    if dash > 2:
        lines = [line[min(dash - 2, len(line) - len(line.lstrip(" "))):] for line in lines]
    elif dash < 2:
        lines = [" " * (2 - dash) + line if line.strip() else line for line in lines]
    try:
        seq = roundtrip_load("\n".join(lines))
    except Exception:  # noqa: BLE001 - ruamel's many parse errors: render the whole file instead
        raise _Layout from None
    if not isinstance(seq, list) or len(seq) != 1 or not isinstance(seq[0], dict):
        raise _Layout
    merged = _merge(seq[0], value)
    if merged is not seq[0]:
        seq[0] = merged
    return _item_text(_seq_dump(seq), dash, col, nl)


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


def save(doc: ReviewDocument, prepared: Optional[tuple] = None) -> None:
    """Write atomically, under the file's write lock; refuse to lose a thread that the file
    held when it was loaded, and check (by reading the new text back) that the file holds
    exactly the threads meant before it replaces the old one; a file another program saved
    since it was loaded is left as it is (``FileChanged``). (The lock is re-entrant: load
    the file inside ``locked`` or ``edit`` so that nothing another process wrote in between is
    lost.) ``prepared`` is what :func:`prepare_save` gave for the same state of ``doc``."""
    from ..store import locked, save_atomic

    data, text, back, ids = prepared if prepared is not None else prepare_save(doc)
    with locked(doc.path):
        # the file must still hold what was read: a reviewer's hand edit an editor (which takes
        # no lic-policy lock) saved while the command worked is never written over (hostile30)
        save_atomic(doc.path, data, unchanged=doc.text)
    doc.text, doc.data = text, back
    doc.original_ids = ids


def prepare_save(doc: ReviewDocument) -> tuple:
    """What :func:`save` writes, made, read back and measured without writing anything: a
    caller that writes another file first (``review apply``) learns here, before it writes,
    that this one cannot be (a thread lost, over the size limit)."""
    from ..store import check_review_size

    ids = {t.id for t in doc.review.threads}
    lost = sorted(doc.original_ids - ids)
    if lost:
        raise InputError(f"saving would drop thread(s) {', '.join(lost)}", file=str(doc.path),
                         hint="threads are never deleted; resolve or reject them instead")
    meant = to_data(doc.review)
    same = _unchanged(doc, meant) if doc.text else []
    text = render(doc, same)
    back = _read_back(text, doc, meant, same)
    if back is None and doc.text:
        text = _render_whole(doc, meant)  # the in-place edit did not read back: write it whole
        back = _read_back(text, doc, meant, same)
    if back is None:  # pragma: no cover - a bug guard: never write a file that lost or changed a thread
        raise InputError("internal check failed: the review file would not read back as written",
                         file=str(doc.path), hint="nothing was written; please report this as a bug")
    data = text.encode("utf-8", "surrogateescape")
    check_review_size(doc.path, len(data))
    return data, text, back, ids


def _read_back(text: str, doc: ReviewDocument, meant: dict, same: list) -> Any:
    """The data of ``text`` (read by the same reader as ``load``) if it holds exactly ``meant``.
    A thread that did not change must read back as it was read (a C-speed comparison of the
    parsed data); the others must read back as meant."""
    try:
        data, _ = parse(text, str(doc.path))
    except InputError:
        return None
    if not isinstance(data, dict) or set(data) != set(meant):
        return None
    if any(_plain(data[k]) != v for k, v in meant.items() if k != "threads"):
        return None
    back, want = data.get("threads"), meant["threads"]
    if not isinstance(back, list) or len(back) != len(want):
        return None
    old = doc.data.get("threads") if isinstance(doc.data, dict) else None
    for i, t in enumerate(back):
        if i < len(same) and same[i]:
            if t != old[i]:
                return None
        elif _plain(t) != want[i]:
            return None
    return data


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


def _privacy_masked(t) -> bool:
    """Whether thread ``t`` is a privacy finding's, whose quote is masked."""
    return (t.rule or "").startswith("privacy.") and "*" in t.anchor.quote.exact


def _masked_again(t, *, anchor: bool = False) -> str:
    """The masked quote of privacy thread ``t`` as :func:`lic_policy.privacy.mask` writes it now:
    a mask an earlier version wrote (``M**** S*****``, each word's first character kept) is
    masked again (``***** ******``), in the comment that quotes it and in its earlier quote too.
    Its anchor takes the new mask and its context from the text it is found in; with ``anchor``
    (a thread not found, or closed) they are masked again where they are."""
    from ..model.anchor import TextQuote
    from ..privacy import mask, remask

    was = t.anchor.quote.exact
    now = mask(was)
    if now != was and t.body:
        t.body = t.body.replace(was, now)
    o = t.original
    if o is not None and "*" in o.exact and (mask(o.exact), remask(o.prefix), remask(o.suffix)) != (o.exact, o.prefix,
                                                                                                   o.suffix):
        t.original = TextQuote(exact=mask(o.exact), prefix=remask(o.prefix), suffix=remask(o.suffix))
    q = t.anchor.quote
    if anchor and (now, remask(q.prefix), remask(q.suffix)) != (q.exact, q.prefix, q.suffix):
        t.anchor = t.anchor.model_copy(update={"quote": TextQuote(exact=now, prefix=remask(q.prefix),
                                                                  suffix=remask(q.suffix))})
    return now


def reanchor(review, data: dict, version: Optional[str] = None, index=None) -> ReanchorReport:
    """Carry every open, accepted or orphaned thread of ``review`` onto guideline ``data``."""
    from ..model.anchor import Anchor, TextQuote
    from ..text import guideline_units
    from .anchoring import MOVED, ORPHANED, STAYED, UnitIndex, locate

    if index is None:
        index = UnitIndex(guideline_units(data))
    if version is None:
        version = guideline_version(data)
    report = ReanchorReport()
    for t in review.threads:
        if t.status in ("resolved", "rejected"):
            if _privacy_masked(t):
                _masked_again(t, anchor=True)  # history, not moved: masked again where it is
            report.closed += 1
            report.outcomes.append((t.id, "closed", "", None, ""))
            continue
        old = t.anchor
        out = locate(old, index)
        if out.match is None:
            if _privacy_masked(t):
                _masked_again(t, anchor=True)
            if t.status != "orphaned":
                t.previous_status = t.status
                t.status = "orphaned"
            report.orphaned += 1
            report.outcomes.append((t.id, ORPHANED, "", None, out.reason))
            continue
        m = out.match
        u = m.unit
        new = Anchor.from_text(u.text, m.start, m.end, clause=u.element, field=u.field, version=version)
        was = old.quote.exact
        if "*" in old.quote.exact and new.quote.exact != old.quote.exact:
            new = _masked_anchor(u.text, m.start, m.end, new)
            if _privacy_masked(t):
                was = _masked_again(t)  # an earlier version's mask of the same words is the same words
        # stayed: same element, field and words (the offsets may shift with edits before them)
        same = new.clause == old.clause and new.field == old.field and new.quote.exact == was
        if new.quote.exact != was and t.original is None:
            from ..privacy import remask

            t.original = TextQuote(exact=was, prefix=remask(old.quote.prefix), suffix=remask(old.quote.suffix)) \
                if was != old.quote.exact else TextQuote(**old.quote.model_dump())
        if same:
            # keep the anchor as it was (and the version it was made on) when nothing moved
            if new.quote == old.quote and new.position == old.position:
                new = old
            elif was != old.quote.exact and new.position == old.position:  # only masked again
                new = old.model_copy(update={"quote": new.quote})
            report.stayed += 1
            report.outcomes.append((t.id, STAYED, m.how, m.score, ""))
        else:
            report.moved += 1
            report.outcomes.append((t.id, MOVED, m.how, m.score, ""))
        t.anchor = new
        if t.status == "orphaned":
            t.status = t.previous_status or "open"
            t.previous_status = None
    _mask_words_gone_from_the_record(review, data)
    return report


def _mask_words_gone_from_the_record(review, data: dict) -> None:
    """Mask, in the quote, context and first quote of each thread on the consultation record (or
    governance, owners, to-do items, a work plan's owner), what identifies someone and is no
    longer in that field: a thread on a participant's name kept it after the drafter took it
    out, and the packet and the room show an orphaned thread's quote (privacy30)."""
    from ..checks.privacy import on_record, record_text, region_of, stale_hits
    from ..model.anchor import TextQuote
    from ..privacy import mask_hits

    region = region_of(data)

    def masked(q, now):
        if q is None:
            return q
        parts = {k: getattr(q, k) for k in ("exact", "prefix", "suffix")}
        out = {k: mask_hits(v, stale_hits(v, now, region)) if isinstance(v, str) else v for k, v in parts.items()}
        return q if out == parts else TextQuote(**out)

    for t in review.threads:
        if not on_record(t.anchor):
            continue
        now = record_text(data, t.anchor.field)
        quote = masked(t.anchor.quote, now)
        if quote is not t.anchor.quote:
            t.anchor = t.anchor.model_copy(update={"quote": quote})
        t.original = masked(t.original, now)


# --------------------------------------------------------------------------- automated findings

AUTOMATED_HANDLE = "lic-policy"


def thread_from_finding(finding, thread_id: str, created: str, version: Optional[str] = None):
    """A review thread (role ``automated``) for a check ``Finding`` with an anchor.

    A finding with a safe fix becomes a ``suggestion`` whose replacement is the fix;
    others become ``comment`` threads. Returns None for findings without an anchor
    (e.g. document-level findings, which point at no words).
    """
    from ..model.review import Author, Thread

    a = finding.anchor
    if a is None or a.quote is None or not a.quote.exact:
        return None
    anchor = a.to_anchor(version)
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


def remask_findings(review, findings) -> int:
    """Mask again the automated threads of ``findings`` (same rule, element, field and position)
    whose quote is a mask an earlier version wrote of the same words (``M**** S*****``): their
    quote, context and comment take the finding's (``***** ******``). Returns how many."""
    from ..model.anchor import TextQuote

    by_key = {(t.rule, t.anchor.clause, t.anchor.field, t.anchor.position.start, t.anchor.position.end): t
              for t in review.threads if t.author.role == "automated" and "*" in t.anchor.quote.exact}
    n = 0
    for f in findings:
        a = f.anchor
        if not by_key or a is None or a.quote is None or a.position is None or not a.quote.exact:
            continue
        t = by_key.pop((f.rule_id, a.clause, a.field, a.position.start, a.position.end), None)
        if t is None or t.anchor.quote.exact == a.quote.exact or not _privacy_masked(t):
            continue
        before = (t.body, t.original)
        if _masked_again(t) == a.quote.exact:
            t.anchor = t.anchor.model_copy(update={"quote": TextQuote(exact=a.quote.exact, prefix=a.quote.prefix,
                                                                      suffix=a.quote.suffix)})
            n += 1
        elif (t.body, t.original) != before:
            n += 1
    return n


def thread_named(rdoc: "ReviewDocument", thread_id: str):
    """The thread ``thread_id`` of a review file; a ``UsageError`` naming some ids if there is none."""
    t = rdoc.review.thread(thread_id)
    if t is None:
        ids = ", ".join(x.id for x in rdoc.review.threads[:12]) or "none yet"
        raise UsageError(f"no thread '{thread_id}' in {rdoc.path}", hint=f"threads: {ids}")
    return t


def check_status_change(t, status: str) -> None:
    """Refuse a status a thread cannot take: only a suggestion is accepted, and not once its
    words are gone (orphaned)."""
    if status == "accepted" and t.kind != "suggestion":
        raise UsageError(f"thread {t.id} is a {t.kind}; only suggestions are accepted",
                         hint="use `review resolve` to close it")
    if status == "accepted" and t.status == "orphaned":
        raise UsageError(f"thread {t.id} is orphaned: its words are no longer in the guideline",
                         hint="run `review reanchor`, or re-add the suggestion on the current text")


def set_status(rdoc: "ReviewDocument", t, status: str, reply=None) -> str:
    """Give thread ``t`` (checked with ``check_status_change``) ``status``, with a closing
    ``reply`` if given, and save the review file; returns the status it had."""
    if reply is not None:
        t.replies.append(reply)
    before = t.status
    t.status = status
    t.previous_status = None
    save(rdoc)
    return before


@dataclass
class AddedThread:
    """What ``add_thread`` made: the thread, where it is (``'clause-id'`` or ``'field'``, quoted
    as messages show it), and the text unit and offset its quote starts at (for line:column)."""

    thread: Any
    where: str
    unit: Any
    start: int


def add_thread(doc, rdoc: "ReviewDocument", *, element: Optional[str], field: str, quote: str,
               occurrence: Optional[int], body: str, kind: str, author, replacement: Optional[str],
               date: Optional[str]) -> AddedThread:
    """Anchor a new thread on ``quote`` in text field ``field`` of ``element`` (a clause or
    other element id; None for a top-level field) of guideline ``doc``, append it to the
    review and save the review file. A quote found more than once needs ``occurrence``
    (1-based). Every way the place can be wrong is one ``UsageError`` naming the fix."""
    from ..model.anchor import Anchor
    from ..model.review import Thread
    from ..text import find_unit, guideline_units, quote_spans

    guideline = doc.file
    units = list(guideline_units(doc.data))
    unit = find_unit(units, element, field)
    if unit is None:
        fields = sorted({u.field for u in units if u.element == element}) if element else []
        if fields:
            raise UsageError(f"'{element}' has no text field '{field}'", file=guideline,
                             hint="fields: " + ", ".join(fields))
        if element:
            raise UsageError(f"no clause or element with id '{element}'", file=guideline,
                             hint="use an id from the guideline, e.g. the 'id:' of a clause")
        tops = sorted(u.field for u in units if u.element is None)[:10]
        raise UsageError(f"no top-level text field '{field}'", file=guideline,
                         hint="give --clause ID, or --field one of: " + ", ".join(tops))
    if element is not None:
        namesakes = [u for u in units if u.element == element and u.field == field]
        if len(namesakes) > 1:  # hostile25: the quote was looked for in the first only
            (first, _), (second, _) = sorted((doc.where(u.path[:-1] + ("id",)), i) for i, u in enumerate(namesakes))[:2]
            line, col = second
            raise UsageError(f"the id '{element}' is used twice (first at line {first[0]}): a thread "
                             "is anchored by id and could not tell the two apart", file=guideline,
                             line=line, column=col, hint="give each its own id, then add the thread")
    spans = quote_spans(unit.text, quote)
    where = f"'{element}'" if element else f"'{field}'"
    if not spans:
        line, col = doc.locate(unit.path, 0)
        raise UsageError(f"the quote {quote!r} is not in {where}", file=guideline, line=line, column=col,
                         hint="copy the words exactly as they appear in the guideline")
    if occurrence is None:
        if len(spans) > 1:
            raise UsageError(f"the quote {quote!r} occurs {len(spans)} times in {where}", file=guideline,
                             hint=f"choose one with --occurrence 1..{len(spans)}, or quote more words")
        occurrence = 1
    if occurrence > len(spans):
        raise UsageError(f"--occurrence {occurrence}: the quote occurs only {len(spans)} time(s) in {where}")
    start, end = spans[occurrence - 1]
    anchor = Anchor.from_text(unit.text, start, end, clause=unit.element, field=unit.field,
                              version=guideline_version(doc.data))
    t = Thread(id=rdoc.review.next_id(), anchor=anchor, author=author, created=stamp(date), kind=kind,
               body=body, replacement=replacement)
    rdoc.review.threads.append(t)
    save(rdoc)
    return AddedThread(t, where, unit, start)

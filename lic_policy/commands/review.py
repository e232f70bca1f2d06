"""`lic-policy review ...`: anchored review threads beside a guideline."""

from __future__ import annotations

import contextlib
import json
import os
import re

import click

from ..echo import counted
from ..errors import InputError, LicPolicyError, UsageError, one_line_text, shell_word
from .common import color_option, style, use_color

ROLE_CHOICES = ["sex-worker-advisory", "staff", "legal", "community", "automated"]
KIND_CHOICES = ["comment", "suggestion", "question", "objection", "approval"]
STATUS_CHOICES = ["open", "accepted", "rejected", "resolved", "orphaned"]

guideline_arg = click.argument("guideline", type=click.Path(dir_okay=False))
review_file_option = click.option(
    "--review-file", type=click.Path(dir_okay=False), default=None,
    help="Review file to use (default: NAME.review.yaml beside NAME.yaml).")
state_option = click.option(
    "--state", "state_path", default=None, type=click.Path(dir_okay=False),
    help="The review room's state file, for how many reviewers agree with each thread (default: "
         "$LIC_POLICY_STATE or the one `lic-policy serve` uses).")
date_option = click.option("--date", default=None,
                           help="Timestamp to record (ISO 8601; default: $LIC_POLICY_NOW or now).")


def _not_a_review_file(guideline) -> None:
    """NAME.review.yaml given where the guideline goes was read as a guideline with no
    threads ('0 threads', a packet 'of version None')."""
    name = os.path.basename(str(guideline))
    for suffix in (".review.yaml", ".review.yml"):
        if name.endswith(suffix):
            raise InputError("this is a review file, not a guideline", file=str(guideline),
                             hint=f"give the guideline it belongs to, {name[: -len(suffix)]}.yaml")


def _load(guideline, review_file, *, need_guideline=True):
    from ..review import threads
    from ..store import load

    _not_a_review_file(guideline)
    if not need_guideline and not os.path.isfile(guideline):
        from ..store import missing

        raise InputError(missing(guideline), file=str(guideline), hint="give the guideline's path (NAME.yaml)")
    if not need_guideline:
        _not_a_document(guideline)
    doc = load(guideline, validate=False) if need_guideline else None
    if doc is not None and not isinstance(doc.data, dict):
        raise InputError("a guideline is a YAML mapping", file=str(guideline), line=1, column=1)
    path = review_file or threads.review_path(guideline)
    if not review_file:
        behind = threads.left_behind(guideline)
        if behind is not None:
            old, named = behind
            raise InputError(
                f"there is no {path.name}, but {old.name} beside it holds the threads of {named}, which is not there "
                "(a guideline renamed or moved without its review file); nothing was read or written",
                file=str(guideline),
                hint=f"if it was {named}, rename its review file too: git mv {shell_word(str(old))} "
                     f"{shell_word(str(path))} (or mv); to begin a new review file anyway, give --review-file "
                     f"{shell_word(str(path))}")
    rdoc = threads.load(path, guideline_name=os.path.basename(str(guideline)))
    return doc, rdoc


def _not_a_document(guideline) -> None:
    """`review list draft.docx` said '0 threads' and `review reply draft.md t1` named a
    draft.md.review.yaml: the commands that read only the review file never looked at the
    guideline. A file not named as a guideline is read as one, so a document of another kind is
    refused as `review add` refuses it (the threads of a guideline named NAME.yaml are still
    listed while it does not parse)."""
    from ..store import GUIDELINE_SUFFIXES, load

    if os.path.isfile(guideline) and not str(guideline).lower().endswith(GUIDELINE_SUFFIXES):
        load(guideline, validate=False)


def _writable_review_path(guideline):
    """``NAME.review.yaml``, refused in one line when its name is longer than a file system
    allows (a guideline named with 245 bytes: 'cannot take the write lock: File name too long
    (check the path and that the disk can be written)')."""
    from ..review import threads

    return threads.refuse_a_review_name_too_long(
        guideline, hint="keep the threads in a file of a shorter name with --review-file NAME.review.yaml, or give "
                        "the guideline a shorter name")


@contextlib.contextmanager
def _editing(guideline, review_file, *, need_guideline=True, guideline_too=False):
    """``_load`` under the write lock of the review file (and of the guideline when the command
    writes it too): what is changed is what the file holds now, not what it held before
    another process's write."""
    from ..store import locked

    if not need_guideline:  # before the lock: a refused command leaves no lock folder
        _not_a_review_file(guideline)
        _not_a_document(guideline)
    if review_file:
        from ..store import refuse_windows_output

        refuse_windows_output(review_file, "--review-file")  # before its lock is made beside it
    paths = [review_file or _writable_review_path(guideline)] + ([guideline] if guideline_too else [])
    with locked(*paths):
        yield _load(guideline, review_file, need_guideline=need_guideline)


def _text(ctx, param, value):
    """Words given on the command line: UTF-8 (bytes that are not arrive as surrogate escapes and
    could be stored nowhere), and a --body that says something."""
    if value is None:
        return value
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        raise click.BadParameter("is not UTF-8 text (check the terminal's or the script's encoding)")
    if param.name in ("body", "replacement", "stand_in"):  # --with lands in comments and suggested wording
        import unicodedata

        bad = next((ch for ch in value if ch not in "\n\r\t" and unicodedata.category(ch) == "Cc"), None)
        if bad is not None:  # as the review room refuses them: NEL could not even be written back
            raise click.BadParameter(f"holds a control character (U+{ord(bad):04X}), which is not text "
                                     "(type or paste it again as plain text)")
    if param.name in ("replacement", "stand_in"):  # words for the guideline: what `validate` refuses in one
        from ..store import mark_run, mark_run_message, unshowable_in

        what = unshowable_in(value)
        if what is not None:
            raise click.BadParameter(f"holds {what}, which a guideline may not hold (type the words again as plain "
                                     "text; right-to-left text needs none)")
        if mark_run(value) is not None:
            raise click.BadParameter(mark_run_message()[0].replace("the text piles", "piles") + ", which a guideline "
                                     "may not hold (type the words again)")
    from ..checks.normalize import shows_nothing

    if param.name == "body" and shows_nothing(value):
        raise click.BadParameter("is empty or holds only characters that show nothing (write the comment, or "
                                 "leave --body out where it is optional)")
    if param.name == "quote" and (shows_nothing(value) or not value.strip()):
        # ' ' anchored a thread on the space between two words: a comment on nothing anyone sees
        raise click.BadParameter("is blank or holds only characters that show nothing (give the words the thread "
                                 "is about, as they appear in the guideline)")
    if param.name in ("body", "replacement"):  # text pasted from Windows: lines end as the review room's do
        value = value.replace("\r\n", "\n")
    return value


def _author(handle, role, named=False):
    from ..model.review import Author, handle_problem

    problem = handle_problem(handle)
    if problem:
        raise UsageError(f"--author {problem}", hint="reviewers are pseudonymous: use a handle such as "
                                                     "advisory-reviewer-3, never a name, email or phone number")
    if not named:
        from ..privacy import handle_problem as name_like

        problem = name_like(handle)
        if problem:
            raise UsageError(f"--author {problem}", hint="reviewers are pseudonymous: use a handle such as "
                                                         "advisory-reviewer-3, or add --named if the reviewer "
                                                         "chose to be named by it")
    return Author(handle=handle, role=role, named=named)


def _warn_identities(rdoc, thread_id: str, guideline: str, *texts) -> None:
    """One warning line when words written to thread ``thread_id`` of a review file look like
    they identify someone (`check` reports them as findings; the review file is not refused for
    a likely false alarm), with the command that takes them out."""
    from ..privacy import find_identities

    hits = [h for t in texts if t for h in find_identities(t)]
    if hits:
        shown = ", ".join(f"{h.what} ('{h.masked}')" for h in hits[:3]) + (" ..." if len(hits) > 3 else "")
        click.echo(one_line_text(
            f"{rdoc.path}: {thread_id}: warning: the text looks like it identifies someone: {shown}; review "
            "files must not name participants or reviewers or carry their contact details (take it out with "
            f"`lic-policy review redact {shell_word(guideline)} {thread_id} --words WORDS`, then run "
            "`lic-policy check --only privacy`)"), err=True)


@click.group()
def review():
    """Anchored review threads on a guideline, kept in NAME.review.yaml beside NAME.yaml.

    Threads point at quoted words of a clause (or another text field) and follow them
    into new drafts with `review reanchor`; threads that lose their words are marked
    orphaned, never moved onto other words.
    """


@review.command()
@guideline_arg
@click.option("--clause", "clause", default=None,
              help="Id of the clause (or section, principle, service, ...) holding the words; "
                   "omit for top-level fields such as purpose.")
@click.option("--field", "field", default="text", show_default=True,
              help="Text field of that element (e.g. text, title, intro; or purpose, scope.text at top level).")
@click.option("--quote", required=True, callback=_text, help="The exact words the thread is about.")
@click.option("--occurrence", type=click.IntRange(min=1), default=None,
              help="Which occurrence of the quote in that field (1 = first); needed when it occurs more than once.")
@click.option("--body", required=True, callback=_text, help="The comment itself.")
@click.option("--kind", type=click.Choice(KIND_CHOICES), default="comment", show_default=True)
@click.option("--author", "handle", required=True, help="Pseudonymous handle, e.g. advisory-reviewer-3.")
@click.option("--role", type=click.Choice(ROLE_CHOICES), required=True)
@click.option("--named", is_flag=True, default=False, help="The reviewer chose to be named by this handle.")
@click.option("--replacement", default=None, callback=_text,
              help="For --kind suggestion: the text to put in place of the quote.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@date_option
@review_file_option
def add(guideline, clause, field, quote, occurrence, body, kind, handle, role, named, replacement, fmt, date,
        review_file):
    """Add a thread on QUOTE in a clause of GUIDELINE."""
    author = _author(handle, role, named)
    if kind == "suggestion" and replacement is None:
        raise UsageError("a suggestion needs --replacement TEXT (the words to put in place of the quote)")
    if kind != "suggestion" and replacement is not None:
        raise UsageError("--replacement is only for --kind suggestion")
    if not quote:
        raise UsageError("--quote is empty", hint="quote the exact words the thread is about")
    from ..review.threads import add_thread

    with _editing(guideline, review_file) as (doc, rdoc):
        added = add_thread(doc, rdoc, element=clause, field=field, quote=quote, occurrence=occurrence, body=body,
                           kind=kind, author=author, replacement=replacement, date=date)
        t = added.thread
        _warn_identities(rdoc, t.id, guideline, body, replacement)
    if fmt == "json":
        click.echo(json.dumps(t.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False))
    else:
        line, col = doc.locate(added.unit.path, added.start)
        click.echo(one_line_text(f"added {t.id} ({kind}) on {added.where} at {guideline}:{line}:{col} -> {rdoc.path}"))


@review.command("list")
@guideline_arg
@click.option("--status", "statuses", type=click.Choice(STATUS_CHOICES), multiple=True,
              help="Only threads with this status (repeatable).")
@click.option("--role", "roles", type=click.Choice(ROLE_CHOICES), multiple=True,
              help="Only threads started by this role (repeatable).")
@click.option("--kind", "kinds", type=click.Choice(KIND_CHOICES), multiple=True, help="Only this kind (repeatable).")
@click.option("--clause", "clauses", multiple=True, help="Only threads on this clause id (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@color_option
@state_option
@review_file_option
def list_(guideline, statuses, roles, kinds, clauses, fmt, color, state_path, review_file):
    """List threads with counts per clause (and how many reviewers agree with each, from the
    review room)."""
    _doc, rdoc = _load(guideline, review_file, need_guideline=False)
    agreeing = agreement_counts(guideline, state_path) if rdoc.review.threads else {}
    selected = [t for t in rdoc.review.threads
                if (not statuses or t.status in statuses) and (not roles or t.author.role in roles)
                and (not kinds or t.kind in kinds) and (not clauses or t.anchor.clause in clauses)]
    counts: dict = {}
    for t in selected:
        key = t.anchor.clause or t.anchor.field
        c = counts.setdefault(key, {"total": 0})
        c["total"] += 1
        c[t.status] = c.get(t.status, 0) + 1
    blocking = [t.id for t in rdoc.review.threads if t.blocks_approval]
    if fmt == "json":
        click.echo(json.dumps({
            "review_file": str(rdoc.path), "total": len(selected), "per_clause": counts,
            "blocking_objections": blocking,
            "threads": [{**t.model_dump(mode="json", exclude_none=True), "agreements": agreeing.get(t.id, 0)}
                        for t in selected]},
            indent=2, ensure_ascii=False))
        return
    from ..report.text import printable

    col = use_color(color)
    colors = {"open": "yellow", "accepted": "green", "rejected": "red", "resolved": "green", "orphaned": "magenta"}
    edited = _edited_under(guideline, selected)
    for t in selected:
        a = t.anchor
        where = a.clause or a.field
        if a.clause and a.field != "text":
            where += f" ({a.field})"
        kind = f"{t.kind} (taken back by its writer)" if t.withdrawn else t.kind
        head = f"{t.id} [{style(t.status, col, fg=colors.get(t.status))}] {kind} on {style(where, col, bold=True)}"
        click.echo(color=col, message=f"{head} by {printable(t.author.handle)} ({t.author.role}), {t.created}")
        click.echo(f"    “{printable(_short(a.quote.exact))}”")
        if t.status == "orphaned" and t.original is not None:
            click.echo(f"    (first made on “{printable(_short(t.original.exact))}”)")
        elif changed_under(t):
            # reanchor carried it to words the drafter has edited since: accepting writes the
            # reviewer's wording over the edit (ux30)
            click.echo(f"    (made on “{printable(_short(t.original.exact))}”, which the draft has changed since: "
                       "accepting it puts the suggested wording in place of the words as they are now)")
        if t.id in edited:
            click.echo("    (the draft no longer reads these words here: it was edited since this thread was made)"
                       if edited[t.id] == "gone" else
                       "    (the draft was edited before these words since this thread was made)")
        if t.said:  # a suggestion sent without a reason says only its wording (ux29)
            click.echo(f"    {printable(t.said)}")
        if agreeing.get(t.id):
            from ..review.packet import agree_words

            click.echo(f"    {agree_words(agreeing[t.id])} (in the review room)")
        if t.replacement is not None:
            click.echo(f"    suggests: “{printable(t.replacement)}”")
        for r in t.replies:
            click.echo(f"    ↳ {printable(r.author.handle)} ({r.author.role}), {r.created}: {printable(r.body)}")
    if selected:
        click.echo("")
    click.echo(color=col, message=style(f"{len(selected)} thread{'s' if len(selected) != 1 else ''}", col, bold=True)
               + (f" (of {len(rdoc.review.threads)})" if len(selected) != len(rdoc.review.threads) else ""))
    for key in sorted(counts):
        c = counts[key]
        detail = ", ".join(f"{c[s]} {s}" for s in STATUS_CHOICES if c.get(s))
        click.echo(f"  {key}: {c['total']} ({detail})")
    if blocking:
        click.echo(color=col, message=style(f"open objections blocking approval: {', '.join(blocking)}", col, fg="red"))
    open_ids = [t.id for t in selected if t.status == "open"]
    if edited:
        ids = list(edited)
        named = ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]
        click.echo(one_line_text(
            f"next: the draft was edited since {named} {'was' if len(ids) == 1 else 'were'} made: "
            f"`lic-policy review reanchor {shell_word(guideline)}` carries {'it' if len(ids) == 1 else 'them'} to "
            "its words as they are now (`review apply` writes no suggestion before that); then `lic-policy review list "
            f"{shell_word(guideline)}` again"))
    elif open_ids:
        tid = open_ids[0]
        # only a suggestion can be accepted: with comments alone open, accept is not offered
        take = next((t.id for t in selected if t.status == "open" and t.kind == "suggestion"), None)
        click.echo(one_line_text(
            f"next: answer a thread with `lic-policy review reply {shell_word(guideline)} {tid} "
            f"--body TEXT --author HANDLE "
            f"--role staff`; "
            + (f"take a suggestion with `lic-policy review accept {shell_word(guideline)} {take}`, then "
               f"`lic-policy review apply {shell_word(guideline)}`; " if take else "")
            + f"close a thread with `lic-policy review resolve {shell_word(guideline)} {tid}`"))
    if not rdoc.review.threads:
        click.echo(f"next: ask for a review with a Word packet (`lic-policy review packet "
                   f"{shell_word(guideline)}`) or a review "
                   "room in the browser (`lic-policy serve`)")


def changed_under(t) -> bool:
    """An open or accepted suggestion that re-anchoring carried to words other than those it
    was made on (its ``original``): accepting it replaces the words as they are now."""
    return (t.kind == "suggestion" and t.status in ("open", "accepted") and t.original is not None
            and " ".join(t.original.exact.split()) != " ".join(t.anchor.quote.exact.split()))


def _edited_under(guideline, threads) -> dict:
    """The open and accepted threads whose words the guideline no longer has where their
    anchor says (id → "gone" when the part no longer has them at all, "shifted" when an edit
    before them moved them): `review reanchor` carries them, and `review apply` refuses them
    until it has (ux30: the list quoted words the draft no longer said and offered accept and
    apply). A guideline that cannot be read says nothing here: the list is of the review file."""
    live = [t for t in threads if t.status in ("open", "accepted") and "*" not in t.anchor.quote.exact]
    if not live:
        return {}
    from ..errors import LicPolicyError
    from ..review.anchoring import UnitIndex
    from ..store import load
    from ..text import guideline_units

    try:
        doc = load(guideline, validate=False)
        index = UnitIndex(guideline_units(doc.data)) if isinstance(doc.data, dict) else None
    except (LicPolicyError, OSError, ValueError):
        return {}
    if index is None:
        return {}
    out = {}
    for t in live:
        a = t.anchor
        unit = index.get(a.clause, a.field)
        if unit is not None and unit.text[a.position.start:a.position.end] == a.quote.exact:
            continue
        out[t.id] = "shifted" if unit is not None and a.quote.exact in unit.text else "gone"
    return out


def agreement_counts(guideline, state_path) -> dict:
    """How many reviewers agree with each thread (the review room's counts; never who); a
    state file that cannot be read is a note on stderr and no counts."""
    from ..errors import LicPolicyError
    from ..web.state import agreement_counts as read

    try:
        return read(str(guideline), state_path)
    except LicPolicyError as exc:
        click.echo(f"note: {exc.one_line()}; agreement counts left out", err=True)
        return {}


def _short(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@review.command()
@guideline_arg
@click.argument("thread_id", metavar="THREAD")
@click.option("--body", required=True, callback=_text)
@click.option("--author", "handle", required=True, help="Pseudonymous handle.")
@click.option("--role", type=click.Choice(ROLE_CHOICES), required=True)
@click.option("--named", is_flag=True, default=False)
@date_option
@review_file_option
def reply(guideline, thread_id, body, handle, role, named, date, review_file):
    """Reply to a thread."""
    from ..model.review import Reply
    from ..review import threads

    author = _author(handle, role, named)
    with _editing(guideline, review_file, need_guideline=False) as (_doc, rdoc):
        t = threads.thread_named(rdoc, thread_id)
        t.replies.append(Reply(author=author, created=threads.stamp(date), body=body))
        threads.save(rdoc)
    _warn_identities(rdoc, t.id, guideline, body)
    click.echo(f"replied to {t.id} ({len(t.replies)} repl{'ies' if len(t.replies) != 1 else 'y'})")


@review.command()
@guideline_arg
@click.argument("thread_id", metavar="THREAD")
@click.option("--words", "words", required=True, multiple=True,
              callback=lambda ctx, param, value: tuple(_text(ctx, param, v) for v in value),
              help="Words to take out: a name, an email, a phone number (any case; repeat for more).")
@click.option("--with", "stand_in", default="[name removed]", show_default=True, callback=_text,
              help="What is written in their place.")
@review_file_option
def redact(guideline, thread_id, words, stand_in, review_file):
    """Take words that identify someone out of a thread: its comment, its suggested wording and
    its replies (the rest of the review file is left as it was)."""
    from ..review import threads

    from ..checks.normalize import shows_nothing

    # words of characters that show nothing (zero-width spaces) would take out what nobody sees
    words = tuple(w for w in (" ".join(x.split()) for x in words) if w and not shows_nothing(w))
    if not words:
        raise UsageError("--words is empty", hint="give the words to take out, e.g. --words \"Maria Santos\"")
    if not stand_in.strip():
        raise UsageError("--with is empty", hint="give what is written in the words' place, e.g. --with "
                                                 "'[name removed]' (a comment is never left empty)")
    from ..privacy import find_identities

    # --with jane@example.org, or --with 'Mary Jones': the command meant to take an identity out
    # put one in (a name was written and warned of after, the file already holding it)
    # ... also with what shows nothing between its letters read as a space or as nothing
    # ('Mary\u200bJones' was no name to the detector, and was written)
    import re as _re

    from ..checks.normalize import INVISIBLE_CLASS

    readings = dict.fromkeys((stand_in, _re.sub(INVISIBLE_CLASS, " ", stand_in),
                              _re.sub(INVISIBLE_CLASS, "", stand_in)))
    identity = next((h for reading in readings for h in find_identities(reading)), None)
    if identity is not None:
        raise UsageError(f"--with looks like {identity.what} ('{identity.masked}'): what stands in for the words must "
                         "identify no one", hint="e.g. --with '[name removed]' or '[email removed]'")
    found = _redaction_pattern(words)
    with _editing(guideline, review_file, need_guideline=False) as (_doc, rdoc):
        t = threads.thread_named(rdoc, thread_id)
        count = 0

        def out(text):
            nonlocal count
            new, n = found.subn(lambda _m: stand_in, text)  # as typed: no template ('\\g<0>' wrote the name back)
            count += n
            return new

        t.body = out(t.body)
        if t.replacement:
            t.replacement = out(t.replacement)
        for r in t.replies:
            r.body = out(r.body)
        if not count:
            raise UsageError(f"{t.id} does not hold {' or '.join(repr(w) for w in words)}",
                             hint=f"see the threads with `lic-policy review list {shell_word(guideline)}`; the "
                                  "words are matched in any case, with any spaces between them")
        threads.save(rdoc)
    click.echo(f"{t.id}: took out {count} occurrence{'s' if count != 1 else ''} of "
               f"{' or '.join(repr(w) for w in words)}")
    _warn_identities(rdoc, t.id, guideline, t.body, t.replacement, *(r.body for r in t.replies))


_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def _compatibility_forms() -> dict[str, list[str]]:
    """ASCII letter or digit → the full-width, enclosed, squared, mathematical, superscript and
    subscript forms that NFKC reads as it (the forms the privacy check reads through)."""
    import unicodedata

    out: dict[str, list[str]] = {}
    for lo, hi in ((0xFF01, 0xFF5E), (0x1D400, 0x1D7FF), (0x2460, 0x24FF), (0x1F100, 0x1F1FF), (0x2070, 0x209F),
                   (0x1D2C, 0x1D6A)):
        for cp in range(lo, hi + 1):
            n = unicodedata.normalize("NFKC", chr(cp))
            if len(n) == 1 and n.isascii() and n.isalnum():
                out.setdefault(n, []).append(chr(cp))
    return out


def _redaction_pattern(words):
    """The words ``review redact`` takes out, found as the privacy check reads them: whole words
    only ('Ana' is not taken out of 'analysis' or 'banana'), in any case, each letter precomposed
    or decomposed (NFC or NFD), with characters that show nothing between the letters (a
    zero-width space, a soft hyphen, a joiner: taken out with them) and any run of spaces,
    hyphens or such characters between the words ('Maria-Santos', '604-555-0199' for '604 555
    0199'); a letter may be spelled in tag characters too (U+E0041 for 'A')."""
    import re
    import unicodedata

    from ..checks.normalize import INVISIBLE_CLASS

    hidden = INVISIBLE_CLASS + "*"
    between = r"(?:[\s\-\u2010\u2011]|" + INVISIBLE_CLASS + ")+"

    forms = _compatibility_forms()

    def letter(ch):
        decomposed = unicodedata.normalize("NFD", ch)
        if " " < ch <= "~":
            # or in tag characters, which show nothing, or a full-width, circled or mathematical
            # form (Ｍ, Ⓜ, 𝐌): the privacy check reads them all as the letter
            others = {chr(0xE0000 + ord(c)) for c in (ch, ch.lower(), ch.upper())}
            others.update(*(forms.get(c, ()) for c in {ch.lower(), ch.upper()}))
            return f"(?:{re.escape(ch)}|[{''.join(map(re.escape, sorted(others)))}])"
        return re.escape(ch) if decomposed == ch else f"(?:{re.escape(decomposed)}|{re.escape(ch)})"

    def one(w):
        w = unicodedata.normalize("NFC", w)
        body = between.join(hidden.join(letter(ch) for ch in token) for token in w.split())
        start = r"(?<!\w)" if re.match(r"\w", w) else ""
        end = r"(?![\w" + _COMBINING[1:-1] + "])" if re.search(r"\w$", w) else ""
        return start + body + end

    return re.compile("|".join(one(w) for w in words), re.IGNORECASE)


def _set_status(guideline, thread_id, status, review_file, body, handle, role, date):
    with _editing(guideline, review_file, need_guideline=False) as (_doc, rdoc):
        before = _change_status(rdoc, thread_id, status, body, handle, role, date)
    click.echo(f"{thread_id}: {before} -> {status}")
    if status == "accepted":
        click.echo(f"next: write it into the guideline with `lic-policy review apply "
                   f"{shell_word(guideline)}` (it writes every "
                   "accepted suggestion)")


def _change_status(rdoc, thread_id, status, body, handle, role, date):
    from ..model.review import Reply
    from ..review import threads

    t = threads.thread_named(rdoc, thread_id)
    threads.check_status_change(t, status)
    reply = None
    if body:
        if not handle or not role:
            raise UsageError("--body needs --author and --role")
        reply = Reply(author=_author(handle, role), created=threads.now(date), body=body)
    return threads.set_status(rdoc, t, status, reply)


def _status_command(name, status, doc):
    @review.command(name, help=doc)
    @guideline_arg
    @click.argument("thread_id", metavar="THREAD")
    @click.option("--body", default=None, callback=_text, help="Add a closing reply (needs --author and --role).")
    @click.option("--author", "handle", default=None)
    @click.option("--role", type=click.Choice(ROLE_CHOICES), default=None)
    @date_option
    @review_file_option
    def cmd(guideline, thread_id, body, handle, role, date, review_file):
        _set_status(guideline, thread_id, status, review_file, body, handle, role, date)

    return cmd


resolve = _status_command("resolve", "resolved", "Mark a thread resolved.")
accept = _status_command("accept", "accepted", "Accept a suggestion (write it with `review apply`).")
reject = _status_command("reject", "rejected", "Reject a thread (e.g. a suggestion not taken).")


def _refuse_repeated_ids(doc) -> None:
    """hostile25: of two elements under one id, `apply` looked in the first and `reanchor` in the
    last: a suggestion on the other was "no longer reads …, run reanchor", and reanchor said it
    "stayed" — a loop with no way out. Refused at the second id, nothing written."""
    from ..redline import refuse_repeated_ids

    refuse_repeated_ids(doc, why="threads are anchored by id, and could not tell the two apart")


@review.command()
@guideline_arg
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@review_file_option
def apply(guideline, dry_run, review_file):
    """Write accepted suggestions into GUIDELINE and mark them resolved.

    Comments and formatting of the YAML are kept; only the changed text fields differ.
    Refuses (and writes nothing) when an anchored text no longer matches.
    """
    from ..review.apply import apply_suggestions, recover, write_pair

    with _editing(guideline, review_file, guideline_too=not dry_run) as (doc, rdoc):
        _refuse_repeated_ids(doc)
        finished = [] if dry_run else recover(doc, rdoc)
        if finished:
            click.echo(f"finished an interrupted apply: {', '.join(finished)} were already in the guideline "
                       "and are now resolved")
        result = apply_suggestions(doc, rdoc.review.threads)
        if not result.applied:
            if not finished:
                click.echo(f"no accepted suggestions to apply (accept one first: `lic-policy review "
                           f"accept {shell_word(guideline)} "
                           "ID`; `review list` shows the ids)")
            return
        if dry_run:
            import difflib

            from ..errors import diff_name

            diff = difflib.unified_diff(doc.text.splitlines(True), result.text.splitlines(True),
                                        diff_name(str(guideline)), diff_name(str(guideline)))
            click.echo("".join(diff), nl=False)
            click.echo(f"would apply {len(result.applied)} suggestion(s): {', '.join(result.applied)}")
            return
        rep = write_pair(doc, rdoc, result)
    click.echo(f"applied {len(result.applied)} suggestion(s) in {result.fields} field(s): {', '.join(result.applied)}"
               f"; other threads: {rep.stayed} stayed, {rep.moved} moved, {rep.orphaned} orphaned")


@review.command()
@guideline_arg
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--dry-run", is_flag=True, help="Report only; do not write the review file.")
@review_file_option
def reanchor(guideline, fmt, dry_run, review_file):
    """Carry threads to the guideline's current text; report stayed, moved and orphaned."""
    from ..review import threads

    with _editing(guideline, review_file) if not dry_run else contextlib.nullcontext(
            _load(guideline, review_file)) as (doc, rdoc):
        _refuse_repeated_ids(doc)
        rep = threads.reanchor(rdoc.review, doc.data)
        if not dry_run and rdoc.review.threads:
            threads.save(rdoc)
    if fmt == "json":
        click.echo(json.dumps(rep.to_dict(), indent=2, ensure_ascii=False))
        return
    for tid, result, how, _score, reason in rep.outcomes:
        if result == "orphaned":
            t = rdoc.review.thread(tid)
            from ..report.text import printable

            click.echo(f"{printable(tid)}: orphaned — {reason}; original quote: "
                       f"“{printable(_short((t.original or t.anchor.quote).exact))}”")
        elif result == "moved":
            t = rdoc.review.thread(tid)
            click.echo(f"{tid}: moved ({how}) to {t.anchor.clause or t.anchor.field}")
    click.echo(f"{rep.stayed} stayed, {rep.moved} moved, {rep.orphaned} orphaned"
               + (f", {rep.closed} closed (not moved)" if rep.closed else ""))
    ready = sum(1 for t in rdoc.review.threads if t.kind == "suggestion" and t.status == "accepted")
    if ready and not dry_run:
        # what `review apply`'s refusal sent the drafter here for (ux17)
        from ..errors import shell_word

        click.echo(f"next: write the accepted suggestion{'s' if ready > 1 else ''} into the guideline with "
                   f"`lic-policy review apply {shell_word(guideline)}"
                   + (f" --review-file {shell_word(review_file)}" if review_file else "") + "`", err=True)


# --------------------------------------------------------------------------- Word review packets


@review.command()
@guideline_arg
@click.option("--since", default=None,
              help="The earlier version: a file, a git REV:path, or a version found in the file's git history. "
                   "Without it: a first round, the current text with comments and no tracked changes.")
@click.option("--to", "to", type=click.Choice(["docx"]), default="docx", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write here (default: NAME.review-packet.OLD-to-NEW.docx beside the guideline, or "
                   "NAME.review-packet.VERSION.docx without --since).")
@click.option("--no-threads", is_flag=True, help="Leave review threads out.")
@click.option("--no-findings", is_flag=True, help="Leave lic-policy check findings out.")
@click.option("--change-author", default=None,
              help="Author shown on the tracked changes (a role or handle; default: guideline editors).")
@click.option("--date", default=None,
              help="Date of the tracked changes (default: the version's adopted or effective date).")
@click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse a guideline version larger than this (default 2 MB, about 600 pages).")
@state_option
@review_file_option
def packet(guideline, since, to, output, no_threads, no_findings, change_author, date, max_size, state_path,
           review_file):
    """A Word review packet: changes since --since as tracked changes, open threads and
    check findings as comments on their words (without --since: comments only)."""
    from ..config import load_config
    from ..review.packet import write_packet

    _not_a_review_file(guideline)
    result = write_packet(guideline, since, output, review_file=review_file, with_threads=not no_threads,
                          with_findings=not no_findings, change_author=change_author, date=date,
                          config=load_config(None), max_size=max_size,
                          agreements=None if no_threads else agreement_counts(guideline, state_path))
    s = result.packet.stats
    versions = (f"first round of version {result.packet.new_version}" if since is None
                else f"version {result.packet.old_version} -> {result.packet.new_version}")
    click.echo(one_line_text(f"wrote {result.output}: {versions}, "
               f"{counted(s.insertions, 'insertion')}, {counted(s.deletions, 'deletion')}, "
               f"{counted(s.thread_comments, 'thread comment')}, {counted(s.finding_comments, 'finding comment')}"
               + (f", {s.unplaced_findings} point{'s' if s.unplaced_findings != 1 else ''} about the whole document "
                  "listed at the top" if s.unplaced_findings else "")
               + (f", {counted(s.orphaned, 'orphaned thread')} listed" if s.orphaned else "")
               + f" ({result.seconds:.2f} s)"))
    from ..guideline_data import placeholder_owner_line
    from ..store import load as _load

    owner = placeholder_owner_line(_load(guideline, validate=False).data, guideline,
                                   "then make the packet again, as it shows the owner on its first page")
    if owner:
        click.echo(one_line_text(owner), err=True)
    if since is not None and result.packet.old_version == result.packet.new_version and (s.insertions or s.deletions):
        # an edited draft under the version of the round before: a packet "0.1.0 -> 0.1.0", and
        # the copy advice below was `cp` over that round's copy, the next --since (ux29)
        click.echo(f"next: keep this packet back: {shell_word(guideline)} is still version {result.packet.new_version}, the version of "
                   f"the round before, with other words: set metadata.version to a new one (such as "
                   f"{_next_version(str(result.packet.new_version))}) and make the packet again with "
                   f"`lic-policy review packet {shell_word(guideline)} --since {since}`, so the reviewers' "
                   f"comments and the next round name this draft")
        return
    click.echo(f"next: send it to the reviewers; when a reviewed copy comes back (from Word or LibreOffice, "
               f"any file name), read it in with `lic-policy review import FILE.docx {shell_word(guideline)}`"
               + _keep_a_copy(guideline, result.packet.new_version))


def _next_version(version: str) -> str:
    """The version after ``version`` for a new review round: ``0.1.0`` → ``0.2.0``, ``3`` → ``4``."""
    m = re.match(r"^(\d+)(?:\.(\d+))?", version)
    if not m:
        return "a new version"
    if m.group(2) is None:
        return str(int(m.group(1)) + 1)
    return f"{m.group(1)}.{int(m.group(2)) + 1}.0"


def _keep_a_copy(guideline: str, version) -> str:
    """Outside git, with no copy of the version sent beside the guideline: how to keep one, so
    that the next round's packet can show what changed since (``--since VERSION`` finds such a
    copy). The drafter learned it only at the next round, from an error. A file beside it with
    the same id and version counts only when it says what is sent: an earlier import of the same
    draft, edited since, would be the next round's ``--since`` (ux24)."""
    from ..gitread import history
    from ..store import load
    from ..versions import VERSION_NUMBER, copies_beside

    if not version or not VERSION_NUMBER.match(str(version)) or history(guideline) is not None:
        return ""
    copies = copies_beside(str(version), guideline)
    if copies:
        try:
            sent = load(guideline, validate=False).data
        except LicPolicyError:  # pragma: no cover - the packet was just made from it
            return ""
        if len(copies) == 1 and copies[0].data == sent:
            return ""
    stem, ext = os.path.splitext(guideline)
    target = f"{stem}-{version}{ext}"
    if any(os.path.abspath(c.file or "") == os.path.abspath(target) for c in copies):
        # the copy is there with other words: `cp` onto it would replace the text an earlier round's
        # reviewers had with this draft (ux29)
        return (f"; {os.path.basename(target)} has version {version} with other words: if it is what the "
                f"reviewers had, this draft needs a new version (metadata.version, such as "
                f"{_next_version(str(version))}) before it is sent")
    advice = (f"; before you edit it, keep a copy of the version the reviewers have: `cp {shell_word(guideline)} "
              f"{shell_word(target)}` (the next round's packet shows what changed since it with "
              f"`--since {version}`)")
    others = [os.path.basename(c.file or "") for c in copies
              if os.path.abspath(c.file or "") != os.path.abspath(target)]
    if others:
        advice += (f"; {', '.join(others)} {'has' if len(others) == 1 else 'have'} the same version with other "
                   f"words: move {'it' if len(others) == 1 else 'them'} out of this folder, or the next round "
                   "cannot tell which copy the reviewers have")
    return advice


@review.command("import")
@click.argument("docx", type=click.Path(dir_okay=False))
@click.argument("guideline_word", metavar="[GUIDELINE]", required=False, type=click.Path(dir_okay=False))
@click.option("--guideline", "guideline", default=None, type=click.Path(dir_okay=False),
              help="The guideline the Word file was made from (NAME.yaml); or give it after DOCX.")
@click.option("--role", type=click.Choice([r for r in ROLE_CHOICES if r != "automated"]), default=None,
              help="Role of Word authors who are not named as 'handle (role)' (they become reviewer-N).")
@click.option("--dry-run", is_flag=True, help="Report what would be added; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@date_option
@review_file_option
def import_docx(docx, guideline_word, guideline, role, dry_run, fmt, date, review_file):
    """Read a reviewed Word file's comments and tracked changes into review threads.

    DOCX is the review packet as it came back (saved by Word or LibreOffice, any file name);
    GUIDELINE (or --guideline) is the NAME.yaml it was made from."""
    from ..report.text import printable
    from ..review.docx_import import import_reviewed

    if guideline_word and guideline and os.path.abspath(guideline_word) != os.path.abspath(guideline):
        raise UsageError("give the guideline once: after the Word file or with --guideline, not both",
                         hint=f"lic-policy review import {shell_word(docx)} NAME.yaml")
    guideline = guideline or guideline_word
    if not guideline:
        raise UsageError("which guideline was this Word file made from?",
                         hint=f"give its YAML file after the Word file: lic-policy review import "
                              f"{shell_word(docx)} NAME.yaml")

    _not_a_review_file(guideline)
    res = import_reviewed(docx, guideline, review_file=review_file, role=role, date=date, dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(res.to_dict(), indent=2, ensure_ascii=False))
        return
    for what, handle, words, comment in res.unplaced:
        # a comment's own words are said with it: they are in no review file (hostile24: only the
        # words it was on were named, and the comment was lost unless the Word file was opened)
        said = f": “{printable(_short(comment, 200))}”" if comment else ""
        click.echo(f"not placed: {what} by {printable(handle)} on “{printable(_short(words, 60))}”{said} "
                   "(its words are not in the guideline)", err=True)
    for who, words in res.on_no_words:
        click.echo(f"not imported: a comment by {printable(who)} marks no words in the Word file (it is only "
                   f"referred to): “{printable(_short(words, 200))}”; add it by hand with `lic-policy review add "
                   f"{shell_word(guideline)} --clause ID --quote WORDS --body TEXT`", err=True)
    for where, words in res.untracked:
        click.echo(f"not imported: {printable(where)} reads differently in the Word file with no tracked change "
                   f"(“{printable(_short(words, 80))}”): either it was edited with Track Changes off — what it said "
                   "before is not in the file: make the change again with Track Changes on, or add it with "
                   f"`lic-policy review add {shell_word(guideline)} --field …` — or the guideline "
                   f"changed since the packet was "
                   "made (then there is nothing to do)", err=True)
    for where, clause, fld, before, now, since, version in res.rejected:
        place = (f"--clause {shell_word(clause)}" + ("" if fld == "text" else f" --field {shell_word(fld)}")
                 if clause else f"--field {shell_word(fld)}")
        quote = now.split(" … ")[0]
        click.echo(f"not imported: {printable(where)}: the reviewer rejected the packet's tracked change there "
                   f"(it reads as version {printable(since or '')} did: “{printable(_short(before, 80))}” where "
                   f"{printable(version or 'the guideline')} has “{printable(_short(now, 80))}”); a rejection "
                   f"carries no reason: ask them why, or record their objection with `lic-policy review add "
                   f"{shell_word(guideline)} {place} --quote {shell_word(quote) if quote else 'WORDS'} "
                   f"--kind objection --author HANDLE --role {role or 'ROLE'} --body TEXT`", err=True)
    for where, clause, fld, words, beside in res.struck:
        place = (f"--clause {shell_word(clause)}" + ("" if fld == "text" else f" --field {shell_word(fld)}")
                 if clause else f"--field {shell_word(fld)}")
        click.echo(f"not imported: {printable(where)} has words struck through with the Font setting, not Track "
                   f"Changes (“{printable(_short(words, 80))}”)" + (", with other words beside them" if beside else "")
                   + ": a suggestion is read from Track Changes; ask the reviewer to make the change again with Track "
                   f"Changes on, or add it with `lic-policy review add {shell_word(guideline)} {place} --quote WORDS "
                   f"--kind suggestion --replacement NEW --author HANDLE --role {role or 'ROLE'} --body TEXT`",
                   err=True)
    for handle, words in res.joined:
        click.echo(f"not imported: {printable(handle)} joined the paragraph ending “{printable(words)}” to the next one "
                   "(Track Changes recorded its paragraph break as deleted); a review thread cannot carry that: "
                   f"join them in {shell_word(guideline)} by hand if it is wanted", err=True)
    for handle, before, words in res.footnotes:
        click.echo(f"not imported: {printable(handle)} added or changed a footnote after “{printable(before)}” "
                   f"(“{printable(_short(words, 200))}”); a guideline has no footnotes: if its words are wanted, "
                   f"put them in {shell_word(guideline)} or in a review thread (`lic-policy review add`)", err=True)
    for handle, where, words in res.outside:
        click.echo(f"not imported: {printable(handle)} edited {where} with Track Changes or commented on it "
                   f"(“{printable(_short(words, 200))}”); a guideline has none: if its words are wanted, put them in "
                   f"{shell_word(guideline)} or in a review thread (`lic-policy review add`)", err=True)
    if res.migrated:
        from ..review.authors import authors_path

        carried, dropped = res.migrated
        click.echo(one_line_text(
            f"{authors_path(res.review_file)}: {'would migrate' if dry_run else 'migrated'} the author map "
            f"from salted SHA-256 (which let anyone test a guessed name) to HMAC with a key outside the "
            f"repository: {carried} handle(s) carried over, {dropped} old hash(es) dropped (those reviewers "
            "get a new handle if imported again)"), err=True)
    if res.identities:
        ids = sorted(set(res.identity_threads), key=lambda t: (len(t), t))
        where = f", in {'thread' if len(ids) == 1 else 'threads'} {', '.join(ids)}" if ids else ""
        # the command with this guideline and the first thread filled in (it read `review redact
        # GUIDELINE THREAD`, as if the staff had to work out both)
        thread = ids[0] if ids else "THREAD"
        others = f" (and the same for {', '.join(ids[1:])})" if len(ids) > 1 else ""
        click.echo(one_line_text(
            f"{res.review_file}: warning: {res.identities} imported comment(s) or reply(ies) look like they "
            f"identify someone{where} (a name, email, phone, street address or social-media handle): review files "
            "must not; take "
            f"them out with `lic-policy review redact {shell_word(guideline)} {thread} --words WORDS`{others}, "
            "then run `lic-policy check --only privacy`"), err=True)
    if not (res.comments or res.suggestions or res.replies or res.duplicates or res.unplaced or res.untracked
            or res.rejected or res.struck or res.joined or res.footnotes or res.outside or res.on_no_words):
        # the packet as it was sent (the file beside the guideline, not the reviewer's copy), or
        # a copy saved without a change: it said "added 0 ... -> NAME.review.yaml", a file never written
        sent = (f" (only the packet's own {res.packet_comments} comment{'s' if res.packet_comments != 1 else ''})"
                if res.packet_comments else "")
        click.echo(one_line_text(
            f"nothing to import: {docx} holds no comment, reply or tracked change from a reviewer{sent}; "
            "if it is the copy that was sent, import the one the reviewer sent back (their comments and "
            "Track Changes edits are what is read)"))
        return
    verb = "would add" if dry_run else "added"
    click.echo(one_line_text(
        f"{verb} {res.comments} comment(s), {res.suggestions} suggestion(s), {res.replies} reply(ies)"
        f" -> {res.review_file}; {res.duplicates} already there, {len(res.unplaced)} not placed"
        + (f", {res.packet_comments} packet comments skipped" if res.packet_comments else "")))
    if not dry_run and (res.comments or res.suggestions or res.replies):
        click.echo(f"next: read them with `lic-policy review list {shell_word(guideline)}`; answer "
                   f"with `review reply`, take a "
                   f"suggestion with `review accept {shell_word(guideline)} ID` then `review apply "
                   f"{shell_word(guideline)}`, or open a "
                   "review room with `lic-policy serve`")

"""`lic-policy init`: a new guideline from the five LIC adaptation steps.

Every answer is checked where it is given and asked again, with a hint, until it can be
used (a language may be written as a tag, ``fr-CA``, or as a name, "French"). Every answer
is kept as soon as it is given in ``NAME.init-answers.json`` beside the guideline, so an
interrupted walk (Ctrl-C, end of input, a closed terminal) loses nothing: running the same
command again offers each saved answer as the default. The file is deleted once the
guideline is written.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Optional

import click

from ..errors import LicPolicyError, UsageError, shell_word
from ..scaffold import Invalid, language_tags  # the library's; re-exported for the walk's callers

_CONTACT = re.compile(r"@|\d{3}[ .)-]{0,2}\d{3}[ .-]?\d{4}")


# --------------------------------------------------------------------------- answers


ANSWERS_MAX = 10 * 1024 * 1024  # a guideline's own limit: an answer pasted whole (a document) is still read back


def answers_path(path: str) -> Path:
    p = Path(path)
    stem = p.name[: -len(p.suffix)] if p.suffix in (".yaml", ".yml") else p.name
    return p.with_name(stem + ".init-answers.json")


def describe_languages(tags: list[str]) -> str:
    import langcodes

    return ", ".join(f"{t} ({langcodes.Language.get(t, normalize=False).display_name()})" for t in tags)


def _text(what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = " ".join(raw.split())
        if not value:
            raise Invalid(f"the {what} cannot be empty")
        if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value):
            raise Invalid(f"the {what} holds a control or unassigned character: type it again as plain text")
        override = next((ch for ch in value if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"), None)
        if override is not None:  # the text would read backwards in every page and packet
            raise Invalid(f"the {what} holds a text direction override (U+{ord(override):04X}): type it again as "
                          "plain text (right-to-left text needs none)")
        from ..store import unshowable_in

        hidden = unshowable_in(value)  # tag characters: invisible letters `validate` refuses in the guideline
        if hidden:
            raise Invalid(f"the {what} holds {hidden}: type it again as plain text")
        return value
    return parse


def _role(raw: str) -> str:
    value = _text("owner")(raw)
    if _CONTACT.search(value):
        raise Invalid("write a role (e.g. Social Policy Manager), never a person's email or phone number")
    return value


def _optional(raw: str) -> Optional[str]:
    return _text("answer")(raw) if raw.strip() else None


def _list(what: str) -> Callable[[str], list[str]]:
    def parse(raw: str) -> list[str]:
        items = [_text(what)(x) for x in raw.split(",") if x.strip()]
        if not items:
            raise Invalid(f"give at least one {what}, separated by commas")
        return items
    return parse


def _numbers(keys: list[str]) -> Callable[[str], list[str]]:
    def parse(raw: str) -> list[str]:
        if raw.strip().lower() == "all":
            return list(keys)
        chosen: list[str] = []
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= len(keys):
                raise Invalid(f"'{part}' is not one of the numbers shown: pick numbers from 1 to {len(keys)}, "
                              "separated by commas, or 'all'")
            if keys[int(part) - 1] not in chosen:
                chosen.append(keys[int(part) - 1])
        if not chosen:
            raise Invalid(f"pick at least one: numbers from 1 to {len(keys)}, or 'all'")
        return chosen
    return parse



def menu(interactive: bool, headings: list[str], choices: list[str], width: int = 2) -> None:
    """In the interactive walk, the headings and the numbered choices of one question."""
    if not interactive:
        return
    for line in headings:
        click.echo(line)
    for i, text in enumerate(choices, 1):
        click.echo(f"  {i:{width}}. {text}")

def _int(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        raw = raw.strip()
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise Invalid(f"'{raw}' is not a whole number from {low} to {high}")
        return int(raw)
    return parse


def _choice(options: list[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in options:
            import difflib

            close = difflib.get_close_matches(value, options, n=1)
            raise Invalid(f"'{raw.strip()}' is not one of {', '.join(options)}"
                          + (f" (did you mean '{close[0]}'?)" if close else ""))
        return value
    return parse


class Walk:
    """Asks (or, without input, takes the defaults), checks each answer, keeps it at once."""

    def __init__(self, interactive: bool, store: Path, saved: dict[str, str]):
        self.interactive = interactive
        self.store = store
        self.answers: dict[str, str] = dict(saved)

    def keep(self) -> None:
        from ..store import save_atomic

        try:
            save_atomic(self.store, json.dumps({"about": "answers given to `lic-policy init` so far; run the same "
                                                         "command again to continue from them",
                                                "answers": self.answers}, indent=2, ensure_ascii=False) + "\n")
        except OSError:
            pass  # the folder is not writable: the guideline cannot be written there either (said then)

    def ask(self, key: str, text: str, default: str, parse: Callable[[str], Any], given: Optional[str] = None) -> Any:
        if given is not None:  # from an option: checked the same way, one line when it cannot be used
            try:
                return parse(given)
            except Invalid as exc:
                raise UsageError(f"--{key.replace('_', '-')}: {exc}") from None
        default = self.answers.get(key, default)
        if not self.interactive:
            try:
                return parse(default)
            except Invalid as exc:
                raise UsageError(f"the saved answer for '{key}' cannot be used: {exc}",
                                 file=str(self.store), hint="edit or delete the answers file") from None
        while True:
            raw = click.prompt(text, default=default, show_default=bool(default))
            try:
                value = parse(raw)
            except Invalid as exc:
                click.echo(f"  {exc}. Please try again.", err=True)
                continue
            self.answers[key] = raw
            self.keep()
            return value


# --------------------------------------------------------------------------- the command


@click.command()
@click.argument("path", type=click.Path(dir_okay=False), default="guideline.yaml")
@click.option("--no-input", is_flag=True, help="Do not ask; use the defaults (all stakeholders, outcomes, actions).")
@click.option("--title", default=None, help="Guideline title.")
@click.option("--jurisdiction", default=None, help="Jurisdiction name, e.g. 'City of Cedar Harbour'.")
@click.option("--kind", type=click.Choice(["municipality", "regional-district", "province", "police-service",
                                            "health-authority", "transit-authority", "service-provider"]),
              default=None)
@click.option("--languages", default=None,
              help="Languages it is published in: tags or names, comma separated (e.g. 'en, fr' or 'English, French').")
@click.option("--schema", "schema_ref", default=None,
              help="Path or URL of guideline.schema.json for the editor line (default: written next to the file).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path, no_input, title, jurisdiction, kind, languages, schema_ref, force):
    """Start a new guideline by walking the Living in Community adaptation steps.

    1 current reality (areas, stakeholder map, experiential representation) ·
    2 intended outcomes · 3 steering committee · 4 priority actions · 5 work plan.

    Each answer is checked as it is given and kept at once in NAME.init-answers.json: if the
    walk is interrupted, run the same command again to continue from the answers given.
    """
    from ..store import refuse_review_name

    refuse_review_name(path, "init", yaml_only=True)
    if os.path.exists(path) and not force:
        raise UsageError(f"{path} already exists", hint="choose another path or pass --force to overwrite it")
    if schema_ref is not None and (not schema_ref.isprintable() or not schema_ref.strip()):
        # it is written into a comment line: a line break would start a YAML line of its own
        raise UsageError("--schema must be one line of text: a path or a URL",
                         hint="e.g. --schema schemas/guideline.schema.json")
    store = answers_path(path)
    saved: dict[str, str] = {}
    if store.exists():
        from ..errors import InputError
        from ..store import read_bytes

        try:
            # a regular file of at most 10 MB: a named pipe there waited for ever, a link to
            # /dev/zero grew to a MemoryError (hostile30)
            data = json.loads(read_bytes(store, max_size=ANSWERS_MAX, what="the saved answers"))
            answers = dict(data.get("answers") or {})
        except InputError as exc:
            raise UsageError(f"cannot read the saved answers of an earlier `lic-policy init`: {exc.message}",
                             file=str(store), hint="delete the file to start again") from None
        except (ValueError, OSError, AttributeError, TypeError, RecursionError):  # RecursionError: nested deep
            raise UsageError("cannot read the saved answers of an earlier `lic-policy init`", file=str(store),
                             hint="delete the file to start again") from None
        for k, v in answers.items():
            # every answer is kept as text; a hand-edited `null` or `false` was written into the
            # guideline as the words "None" and "False" (hostile24)
            if v is None:
                continue  # no answer: asked again (or the default)
            if not isinstance(v, str):
                raise UsageError(f"the saved answer for '{k}' is not text ({json.dumps(v)[:40]})", file=str(store),
                                 hint="write it in double quotes, or delete the answer to be asked again")
            saved[str(k)] = v
    walk = Walk(not no_input, store, saved)
    try:
        guideline = _walk(walk, path, title, jurisdiction, kind, languages, saved)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        import sys

        if isinstance(exc, click.exceptions.Abort) and not sys.stdin.isatty():
            # not a Ctrl-C: input from a file or a pipe ended (click reads EOF as "abort")
            kept = ""
            if walk.answers:
                walk.keep()
                kept = (f"; the {len(walk.answers)} answer(s) given are kept in {store}: run `lic-policy init "
                        f"{shell_word(path)}` again to continue from them")
            raise UsageError("standard input ended before every question was answered" + kept,
                             hint="run it in a terminal to answer the questions, or give --no-input (with "
                                  "--title, --jurisdiction and --kind) to use the defaults") from None
        if walk.answers:
            walk.keep()
            click.echo(f"\nstopped: your {len(walk.answers)} answer{'s are' if len(walk.answers) != 1 else ' is'} "
                       f"kept in {store}; run `lic-policy init {shell_word(path)}` again to "
                       f"continue from them", err=True)
        else:
            click.echo("\nstopped before any answer was given; nothing was written", err=True)
        raise click.exceptions.Exit(130) from None
    _write(path, guideline, schema_ref, force)
    try:
        store.unlink()
    except FileNotFoundError:
        pass
    md = guideline.metadata
    from ..errors import one_line_text

    path = one_line_text(str(path))  # a line break or ESC in the name is not sent as such
    click.echo(f"wrote {path}: {md.title} ({md.jurisdiction.name}), status draft, "
               f"{len(guideline.todo)} to-do item{'s' if len(guideline.todo) != 1 else ''} marked under todo:")
    click.echo(f"next: edit it, then run `lic-policy check {shell_word(path)}` (the to-do items are listed as info; "
               f"`lic-policy validate {shell_word(path)}` checks the structure alone)")


def _walk(walk: Walk, path: str, title, jurisdiction, kind, languages, saved) -> Any:
    from ..scaffold import ACTIONS, KINDS, OUTCOMES, SELECTION, STAKEHOLDERS, Answers, build_guideline, default_seats

    interactive = walk.interactive
    a = Answers()
    if interactive:
        if saved:
            click.echo(f"Continuing from the {len(saved)} answers kept in {walk.store} (press Enter to keep one).")
        click.echo("Step 1 · Start with current reality")
    a.title = walk.ask("title", "Guideline title", a.title, _text("title"), title)
    a.jurisdiction = walk.ask("jurisdiction", "Jurisdiction (city, police service, health authority...)",
                              a.jurisdiction, _text("jurisdiction"), jurisdiction)
    a.kind = walk.ask("kind", f"Kind of jurisdiction ({', '.join(KINDS)})", a.kind, _choice(KINDS), kind)
    a.region = walk.ask("region", "Province or region (optional)", "", _optional)
    a.languages = walk.ask("languages", "Languages the guideline is published in (tags such as en, fr, or names "
                           "such as English, French; comma separated)", "en", language_tags, languages)
    if interactive:
        click.echo(f"  languages: {describe_languages(a.languages)}")
    a.areas = walk.ask("areas", "Areas or neighbourhoods it applies to (comma separated)", "Citywide", _list("area"))
    a.owner_role = walk.ask("owner_role", "Owner (a role, not a person)", a.owner_role, _role)
    keys = [k for k, _t in STAKEHOLDERS]
    menu(interactive, ["Map the stakeholders who will sit at the table:"], [text for _k, text in STAKEHOLDERS])
    a.stakeholders = walk.ask("stakeholders", "Numbers separated by commas, or 'all'", "all", _numbers(keys))
    menu(interactive, ["Ensure experiential representation: how are sex workers' representatives chosen?"],
         [text for _k, text in SELECTION], width=1)
    n = walk.ask("selection", "Number", "1", _int(1, len(SELECTION)))
    a.selection = SELECTION[n - 1][0]
    menu(interactive, ["Step 2 · Clarify intended outcomes", "Which outcomes does your community want to focus on?"],
         [text for _k, text, _areas in OUTCOMES])
    a.outcomes = walk.ask("outcomes", "Numbers separated by commas, or 'all'", "all",
                          _numbers([k for k, _t, _a in OUTCOMES]))
    if interactive:
        click.echo("Step 3 · Create a steering committee (seats per stakeholder group; decisions by consensus)")
    for key in a.stakeholders:
        a.seats[key] = walk.ask(f"seats.{key}", f"  seats for {key.replace('-', ' ')}", str(default_seats(key)),
                                _int(1, 50))
    menu(interactive, ["Step 4 · Adapt the model: priority actions", "Which actions will you prioritise?"],
         [text for _k, text, _area in ACTIONS])
    a.actions = walk.ask("actions", "Numbers separated by commas, or 'all'", "all",
                         _numbers([k for k, _t, _a in ACTIONS]))
    if interactive:
        click.echo("Step 5 · Develop a work plan: the actions above become work-plan entries to schedule.")
    try:
        return build_guideline(a)
    except Exception as exc:  # pydantic's ValidationError: an answer the checks above let through
        walk.keep()
        first = str(exc).strip().splitlines()
        raise LicPolicyError(f"the answers do not make a valid guideline: {first[-1] if first else exc}",
                             file=str(walk.store), hint="your answers are kept there; correct the one named and "
                                                        "run the command again") from None


def _write(path: str, guideline: Any, schema_ref: Optional[str], force: bool = False) -> None:
    from ..resources import schema_path
    from ..scaffold import render
    from ..store import locked, save_atomic

    try:
        if schema_ref is None:
            folder = os.path.dirname(os.path.abspath(path))
            local = os.path.join(folder, "schemas", "guideline.schema.json")
            if not os.path.exists(local):
                os.makedirs(os.path.dirname(local), exist_ok=True)
                with open(schema_path(), encoding="utf-8") as fh:
                    save_atomic(local, fh.read())
            schema_ref = "schemas/guideline.schema.json"
        with locked(path):  # --force may replace a guideline another writer has open
            text = render(guideline, schema_ref)
            if not force and os.path.lexists(path):  # made meanwhile (another init): kept
                raise UsageError(f"{path} already exists", hint="choose another path or pass --force to overwrite it")
            save_atomic(path, text)
    except OSError as exc:
        kept = answers_path(path)
        # said only when they are there: a folder that refuses the guideline refuses them too
        hint = (f"your answers are kept in {kept}; " if kept.exists() else "") + \
            "choose a folder you can write to and run the command again"
        raise LicPolicyError(f"cannot write the guideline: {exc.strerror or exc}", file=path, hint=hint) from None

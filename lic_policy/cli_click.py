"""The click side of the command line: the ``lic-policy`` group, its lazily loaded commands
and what a click error becomes (one line, exit 2). Imported only for a command line
``cli.fast_check`` does not take (everything but ``check FILE...`` with its common options)."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from typing import Optional

import click

from . import __version__
from .cli import COMMANDS, no_such_command
from .echo import echo


def _available(name: str) -> bool:
    module = COMMANDS[name][0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class _NonEmptyPath(click.Path):
    """A path parameter that refuses '' (``-o "$OUT"`` with OUT unset): taken as not given, it
    printed the report instead of writing it, made ``schema --check ''`` print the schema and
    pass, ``serve --state ''`` use the default state, ``init ''`` an internal error."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("is empty (give a file or folder name; is a shell variable unset?)", param, ctx)
        return super().convert(value, param, ctx)


class _NonEmptyText(click.types.StringParamType):
    """A text option that means nothing when empty: ``--closes ''`` opened a round that never
    closes, ``--date ''`` dated a thread now, ``--jurisdiction ''`` was taken as not given."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("is empty (give a value, or leave the option out; is a shell variable unset?)", param, ctx)
        return super().convert(value, param, ctx)


_TEXT_NOT_EMPTY = {"closes", "date", "since", "change_author", "base_url", "host", "invites", "jurisdiction",
                   "owner_role", "language", "languages", "guideline_id", "clause", "clauses"}


def _refuse_empty_paths(cmd: click.Command) -> click.Command:
    for param in cmd.params:
        if type(param.type) is click.Path:
            param.type.__class__ = _NonEmptyPath
        elif param.type is click.STRING and param.name in _TEXT_NOT_EMPTY and isinstance(param, click.Option):
            param.type = _NonEmptyText()
    for sub in getattr(cmd, "commands", {}).values():
        _refuse_empty_paths(sub)
    return cmd


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if _available(n))

    def get_command(self, ctx: click.Context, name: str):
        if name not in COMMANDS or not _available(name):
            return None
        module, attr, _help = COMMANDS[name]
        return _refuse_empty_paths(getattr(importlib.import_module(module), attr))

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = click.utils.make_str(args[0]) if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise click.UsageError(no_such_command(name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, COMMANDS[n][2]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="lic-policy")
def cli() -> None:
    """Write and review sex work response guidelines against the Living in Community model.

    Exit codes: 0 clean, 1 problems found in the documents, 2 usage or input errors.
    """


def _choice_meant(exc: click.ClickException, message: str) -> str:
    """" Did you mean 'warning'?" for a value close to one of an option's choices (`--fail-on
    warnings`, `--format sarf`), as a mistyped command gets; else ""."""
    param = getattr(exc, "param", None)
    choices = getattr(getattr(param, "type", None), "choices", None)
    m = re.search(r"'([^']*)' is not one of", message)
    if not isinstance(exc, click.BadParameter) or not choices or m is None:
        return ""
    import difflib

    close = difflib.get_close_matches(m.group(1).lower(), [str(c) for c in choices], n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _file_taken_for_an_option(exc: click.ClickException, argv: Optional[list]) -> str:
    """For 'No such option -d' when the word typed was a file that is there (``check
    -d.yaml``): how to name it. Every hint lic-policy gives writes such a name ./-d.yaml, but a
    person types it as ``ls`` shows it."""
    import os

    name = getattr(exc, "option_name", None)
    if not isinstance(exc, click.NoSuchOption) or not name or not argv:
        return ""
    for word in argv:
        if word == "--":
            break
        if isinstance(word, str) and word.startswith(name) and len(word) > len(name) and os.path.lexists(word):
            return f": a file named {word} is there; to give it, write ./{word}, or put -- before it"
    return ""


def exit_for(exc: Exception, argv: Optional[list] = None) -> None:
    """What ``cli.main`` does with click's exceptions (``Abort``, ``ClickException``, ``Exit``):
    one line and the exit code; returns for any other exception. ``argv``: the command line,
    for a file whose name click took for an option."""
    if isinstance(exc, click.exceptions.Abort):
        echo("aborted", err=True)
        sys.exit(130)
    if isinstance(exc, click.ClickException):
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command: its help, not an error
            echo(exc.format_message())
            sys.exit(0)
        # Usage errors: one line, exit 2.
        message = " ".join(exc.format_message().split())  # click lists choices one per line
        message += _choice_meant(exc, message)
        taken = _file_taken_for_an_option(exc, argv)
        if taken:
            message = message.rstrip(".") + taken
        ctx = getattr(exc, "ctx", None)
        cmd = ctx.command_path if ctx is not None else "lic-policy"
        echo(f"error: {message} (see '{cmd} --help')", err=True)
        sys.exit(2 if exc.exit_code not in (0, 1) else exc.exit_code)
    if isinstance(exc, click.exceptions.Exit):
        sys.exit(exc.exit_code)

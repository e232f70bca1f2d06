"""The ``lic-policy`` command line. Commands are thin and load lazily, so start-up
stays fast: each lives in ``lic_policy/commands/<name>.py`` as a click command."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys

import click

from . import __version__

# name → (module, attribute, one-line help). Help is here so `--help` imports nothing.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("lic_policy.commands.validate", "validate", "Validate guideline files against the schema and model rules."),
    "schema": ("lic_policy.commands.schema", "schema", "Print or write the JSON Schema of a guideline."),
    "init": ("lic_policy.commands.init", "init", "Start a new guideline by walking the LIC adaptation steps."),
    "check": ("lic_policy.commands.check", "check", "Check guidelines and prose against the LIC reviewers."),
    "fix": ("lic_policy.commands.fix", "fix", "Show or apply the safe automatic fixes."),
    "rules": ("lic_policy.commands.rules", "rules", "List, document and test the rule packs."),
    "review": ("lic_policy.commands.review", "review", "Anchored review threads: add, list, reply, resolve, apply, reanchor."),
    "diff": ("lic_policy.commands.diff", "diff", "Redline two versions of a guideline (files or REV:path)."),
    "compare": ("lic_policy.commands.compare", "compare", "Compare several guidelines of one region side by side."),
    "publish": ("lic_policy.commands.publish", "publish", "Publish a guideline as HTML, DOCX, PDF, Markdown or ODT."),
    "import": ("lic_policy.commands.importdoc", "import_", "Turn an existing document into a structured guideline."),
    "lsp": ("lic_policy.commands.lsp", "lsp", "Run the language server for editors (LSP over stdio)."),
    "serve": ("lic_policy.commands.serve", "serve", "The review room: review a draft in the browser (staff and invited reviewers)."),
}


def _available(name: str) -> bool:
    module = COMMANDS[name][0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def no_such_command(name: str, known: list[str]) -> str:
    """"No such command 'chek'. Did you mean 'check'?" (as click says for plain groups)."""
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return f"No such command {name!r}." + (f" Did you mean {close[0]!r}?" if close else "")


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


def _open_closed_standard_streams() -> None:
    """Standard input, output or error closed by whoever started the command (``>&-``, ``<&-``,
    a cron job or a service) is opened on the null device, as if ``</dev/null``, ``>/dev/null``
    were given: Python left ``sys.stdout`` (or ``stdin``) None, and the first output was
    'internal error: AttributeError' (``check -``, ``init``: another); and the next file the
    command opened took the closed number, so what a program it ran (git, pandoc) wrote as its
    output or error would have gone into that file."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if getattr(sys, name) is None:
                setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8", errors="replace",
                                        closefd=False))
        except OSError:
            pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line and exit 2; never a traceback."""
    from .errors import LicPolicyError

    if argv is None:  # the process's own command (the console script, python -m), not a call in-process
        import atexit
        import gc

        # at exit the interpreter collects every object once more before it tears the modules
        # down: after a check that walk over the rules, patterns and model it built is 10-15 ms
        # of a cold single-file check's ~185 (BENCHMARKS.md, "speed5"); the memory goes back to
        # the system with the process anyway. Frozen objects are skipped (registered first, so
        # this runs after every other exit handler: the pool's among them). Nothing waits on
        # that collection: every file lic-policy writes is closed by a with block or explicitly,
        # and Python does not promise finalizers of objects alive at exit.
        atexit.register(gc.freeze)
        from . import dataclass_code

        dataclass_code.install()  # the methods of the classes made from here on: compiled once, kept

    _open_closed_standard_streams()
    for stream in (sys.stdout, sys.stderr):
        # a terminal or pipe that cannot show every character (PYTHONIOENCODING=latin-1, an
        # ASCII locale) gets a replacement character, not an internal error
        if (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "") != "utf8":
            try:
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass

    try:
        os.getcwd()
    except FileNotFoundError:  # deleted under the shell: every relative path and the config lookup need it
        click.echo("error: the current folder no longer exists (it was deleted or moved; cd into an existing "
                   "folder and run the command again)", err=True)
        sys.exit(2)
    try:
        rv = cli.main(args=argv, prog_name="lic-policy", standalone_mode=False)
    except LicPolicyError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command: its help, not an error
            click.echo(exc.format_message())
            sys.exit(0)
        # Usage errors: one line, exit 2.
        message = " ".join(exc.format_message().split())  # click lists choices one per line
        message += _choice_meant(exc, message)
        ctx = getattr(exc, "ctx", None)
        cmd = ctx.command_path if ctx is not None else "lic-policy"
        click.echo(f"error: {message} (see '{cmd} --help')", err=True)
        sys.exit(2 if exc.exit_code not in (0, 1) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with a way to get details
        import errno

        if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:  # a user's path, wherever it was met
            from .report.text import printable

            name = printable(os.fsdecode(exc.filename)) if exc.filename is not None else ""
            click.echo(f"{name}{': ' if name else ''}error: the file name is too long for the file system (shorten "
                       "the file or folder name: most file systems allow 255 bytes a name, 4096 a path)", err=True)
            sys.exit(2)
        if os.environ.get("LIC_POLICY_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(this is a bug in lic-policy; run with LIC_POLICY_DEBUG=1 for details and report it)", err=True)
        sys.exit(3)
    sys.exit(rv if isinstance(rv, int) else 0)

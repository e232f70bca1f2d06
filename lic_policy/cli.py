"""The ``lic-policy`` command line. Commands are thin and load lazily, so start-up
stays fast: each lives in ``lic_policy/commands/<name>.py`` as a click command (the group and
click's side of the errors: ``cli_click``). ``check FILE...`` with its common options — what
pre-commit and editors run — is read here without click (``fast_check``), and runs the same
code with the same output."""

from __future__ import annotations

import os
import sys
from typing import Any, Optional

from .echo import Aborted, PacifyFlushWrapper, echo

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


def no_such_command(name: str, known: list[str]) -> str:
    """"No such command 'chek'. Did you mean 'check'?" (as click says for plain groups)."""
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return f"No such command {name!r}." + (f" Did you mean {close[0]!r}?" if close else "")


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
        if sys.argv[1:2] and not sys.argv[1].startswith("-"):  # a command (not --version or --help)
            from . import dataclass_code
            from .checks import recache

            kind = sys.argv[1] if sys.argv[1] in COMMANDS else "other"
            dataclass_code.install(kind)  # the methods of the classes made from here on: compiled once, kept
            if kind == "lsp":
                dataclass_code.install_attrs()  # and lsprotocol's 561 attrs classes' (a third of its start)
            recache.keep_re_programs(kind)  # and the programs of the regular expressions compiled from here on

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
        echo("error: the current folder no longer exists (it was deleted or moved; cd into an existing "
             "folder and run the command again)", err=True)
        sys.exit(2)
    fast = fast_check(sys.argv[1:] if argv is None else list(argv))
    try:
        if fast is not None:
            rv = _run_fast(fast)
        else:
            from .cli_click import cli

            rv = cli.main(args=argv, prog_name="lic-policy", standalone_mode=False)
    except LicPolicyError as exc:
        echo(exc.one_line(), err=True)
        sys.exit(exc.exit_code)
    except Aborted:
        echo("aborted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with a way to get details
        if "click" in sys.modules:  # click's own errors (a usage error, --help's exit): one line, exit 2
            from .cli_click import exit_for

            exit_for(exc, sys.argv[1:] if argv is None else list(argv))
        import errno

        if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:  # a user's path, wherever it was met
            from .report.text import printable

            name = printable(os.fsdecode(exc.filename)) if exc.filename is not None else ""
            echo(f"{name}{': ' if name else ''}error: the file name is too long for the file system (shorten "
                 "the file or folder name: most file systems allow 255 bytes a name, 4096 a path)", err=True)
            sys.exit(2)
        if os.environ.get("LIC_POLICY_DEBUG"):
            raise
        echo(f"internal error: {type(exc).__name__}: {exc} "
             "(this is a bug in lic-policy; run with LIC_POLICY_DEBUG=1 for details and report it)", err=True)
        sys.exit(3)
    sys.exit(rv if isinstance(rv, int) else 0)


# ``check``'s options that ``fast_check`` reads; any other makes click read the command line
_FLAGS = {"--no-cache": "no_cache", "--verbose": "verbose", "-v": "verbose", "--quiet": "quiet", "-q": "quiet",
          "--no-validate": "no_validate", "--write-review": "write_review"}
_CHOICES = {"--format": "fmt", "--fail-on": "fail_on"}


def fast_check(args: list[str]) -> Optional[dict[str, Any]]:
    """``check``'s arguments as click would read them, for a command line of ``check``, paths
    and the options in ``_FLAGS`` and ``_CHOICES`` (with a valid choice) only; None for any
    other command line, which click reads (its help, its errors, every other option). Importing
    click and reading the command line through it was about 50 M of a cold single-file check's
    ~1,070 M instructions (BENCHMARKS.md, "speed18").

    What click would refuse is left to click: a path that is empty or all spaces (``_NonEmptyPath``),
    one that exists but cannot be read (``click.Path``), an option's value missing or not one
    of its choices; so is shell completion (``_LIC_POLICY_COMPLETE``) and Windows, where click
    expands wildcards in the arguments."""
    if not args or args[0] != "check" or os.name == "nt" or os.environ.get("_LIC_POLICY_COMPLETE"):
        return None
    from .commands.check import CHOICES

    opts: dict[str, Any] = {}
    paths: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if not isinstance(arg, str):
            return None
        if arg.startswith("-") and arg != "-":
            if arg in _FLAGS:
                opts[_FLAGS[arg]] = True
                continue
            name, eq, value = arg.partition("=")
            if name not in _CHOICES:
                return None
            if not eq:
                value = next(rest, None)
            if value not in CHOICES[_CHOICES[name]]:
                return None
            opts[_CHOICES[name]] = value  # given twice: the last, as click takes it
            continue
        if not arg.strip():
            return None
        if arg != "-":
            try:
                os.stat(arg)
            except OSError:
                pass  # a missing file is the check's own error
            except ValueError:
                return None
            else:
                if not os.access(arg, os.R_OK):
                    return None
        paths.append(arg)
    return {"paths": tuple(paths), **opts}


def _run_fast(opts: dict[str, Any]) -> Any:
    """``check`` run with ``fast_check``'s options, the way click runs a command: an interrupt
    or end of input is a blank line on standard error and ``Aborted``; a broken pipe exits 1
    with standard output and error quiet about it at exit."""
    from .commands.check import run

    try:
        return run(**opts)
    except (EOFError, KeyboardInterrupt) as e:
        echo(file=sys.stderr)  # closes the terminal's ^C echo
        raise Aborted() from e
    except OSError as e:
        import errno

        if e.errno != errno.EPIPE:
            raise
        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        sys.exit(1)


def __getattr__(name: str) -> Any:
    """The click group and its helpers, where they were before ``cli_click`` (``cli.cli``)."""
    if name in ("cli", "LazyGroup", "_NonEmptyPath", "_NonEmptyText", "_TEXT_NOT_EMPTY", "_refuse_empty_paths",
                "_choice_meant"):
        from . import cli_click

        return getattr(cli_click, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

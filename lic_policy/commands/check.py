"""`lic-policy check PATH...`"""

from __future__ import annotations

from typing import Any

from ..echo import counted, echo
from .common import use_color

FORMAT_CHOICES = ["text", "json", "sarif", "github", "junit", "codeclimate", "review"]
FAIL_ON_CHOICES = ["error", "warning", "info", "none"]
CHOICES = {"fmt": FORMAT_CHOICES, "fail_on": FAIL_ON_CHOICES}
"""The options with choices, by parameter name (``cli.fast_check`` reads them too)."""


def _command():
    """The click command (made on first use: ``check FILE...`` runs without click, through
    ``cli.fast_check`` and ``run``)."""
    import click

    from .common import color_option, config_option, max_size_option

    @click.command()
    @click.argument("paths", nargs=-1, type=click.Path())
    @click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
                  help="text for people; json, sarif, github (workflow annotations), junit, codeclimate (GitLab "
                       "Code Quality) for CI; review for review threads.")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write the report to a file.")
    @click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
                  help="Lowest severity that makes the exit code 1 (default: error, or fail_on in the config).")
    @click.option("--no-cache", is_flag=True, help="Check every file again; do not read or write .lic-policy-cache/.")
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                  help="Processes to use (default and at most: all cores).")
    @click.option("--only", multiple=True, metavar="NAME",
                  help="Run only these rules: a rule id, a pack or a reviewer (language, framing, involvement, "
                       "coverage, privacy, status, validation). Repeat or separate with commas.")
    @click.option("--skip", multiple=True, metavar="NAME", help="Do not run these rules (rule id, pack or reviewer).")
    @click.option("--verbose", "-v", is_flag=True,
                  help="Also print each finding's rationale, and which files were skipped and why.")
    @click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no source lines, notes or summary.")
    @click.option("--no-validate", is_flag=True,
                  help="Do not report a guideline's validation problems (schema, model rules) with the findings.")
    @click.option("--stdin-filename", metavar="NAME", default=None,
                  help="With PATH '-': the name of the text read from standard input (a .yaml/.yml name is checked "
                       "as a guideline, structural rules included; otherwise as Markdown/text).")
    @click.option("--changed-since", metavar="REV", default=None,
                  help="Report only what changed since the git revision REV (a branch, tag or commit such as "
                       "origin/main): findings each file already had there are not reported or counted.")
    @click.option("--baseline", metavar="FILE", default=None,
                  help="Report only findings not in FILE, a JSON report an earlier check wrote (check --format "
                       "json -o FILE): the findings it lists are not reported or counted.")
    @click.option("--write-review", is_flag=True,
                  help="Also add the findings as automated threads to each guideline's NAME.review.yaml.")
    @color_option
    @config_option
    @max_size_option
    def check(paths, fmt, output, fail_on, no_cache, jobs, only, skip, verbose, quiet, no_validate, stdin_filename,
              changed_since, baseline, write_review, color, config_path, max_size):
        """Check guidelines (YAML) and prose (.md, .txt) against the LIC reviewers; a guideline's
        validation problems are reported too (--no-validate: not). PATHS are files or folders
        (default: this folder); PATH '-' reads standard input.

        Folders are walked honouring .gitignore; YAML that is not a guideline (workflows, compose
        files, configuration) is skipped (--verbose says which and why).

        Exit 0 when nothing reaches the --fail-on threshold, 1 when something does, 2 for usage
        errors and files that cannot be read or parsed.
        """
        run(paths, fmt, output, fail_on, no_cache, jobs, only, skip, verbose, quiet, no_validate, stdin_filename,
            changed_since, baseline, write_review, color, config_path, max_size)

    return check


def __getattr__(name: str) -> Any:
    if name == "check":  # the click command, made once
        made = globals()["check"] = _command()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(paths=(), fmt="text", output=None, fail_on=None, no_cache=False, jobs=None, only=(), skip=(), verbose=False,
        quiet=False, no_validate=False, stdin_filename=None, changed_since=None, baseline=None, write_review=False,
        color="auto", config_path=None, max_size=None):
    """``lic-policy check`` once its options are read (by click, or by ``cli.fast_check``):
    never returns (``SystemExit`` with the exit code)."""
    from ..errors import LicPolicyError

    paths = paths or (".",)
    try:
        _check(paths, fmt, output, fail_on, no_cache, jobs, only, skip, verbose, quiet, no_validate, stdin_filename,
               write_review, color, config_path, max_size, changed_since, baseline)
    except LicPolicyError as exc:
        if fmt == "github" and not output:  # a broken configuration is an annotation on the run too
            from ..report.github import error_line

            echo(error_line(exc), nl=False)
        raise


def _check(paths, fmt, output, fail_on, no_cache, jobs, only, skip, verbose, quiet, no_validate, stdin_filename,
           write_review, color, config_path, max_size, changed_since=None, baseline=None):
    import gc

    # a check builds its rules, patterns and model in one burst of long-lived objects: with the
    # default threshold (700) the collector walks them dozens of times before the first file is
    # read (~10 ms of a cold single-file check). At 10,000 a check of the sample still ran five
    # collections that found nothing to free (about 3 ms: they walk what the packs, the parsed
    # file and the model just made); at 100,000 it runs none, and a folder is collected every
    # 100,000 allocations: the peak memory of a one-process check of 400 files moved 69.6 -> 69.9
    # MB (BENCHMARKS.md, "speed16"). Pool workers inherit it.
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    # the modules a check runs on, imported before the freeze so their objects are frozen too
    # (the steps below import them again, by name)
    from ..checks.runner import check_paths  # noqa: F401
    from ..config import load_config, select_rules  # noqa: F401
    from ..report import available, render, stream  # noqa: F401

    gc.freeze()  # the modules imported so far live as long as this process: collections skip them

    cfg = _configured(config_path, only, skip, quiet, max_size, no_validate, fmt)
    if baseline:
        _baseline_usable(baseline, output, paths)
    report, stdin_text = _run(paths, cfg, no_cache, jobs, quiet, stdin_filename, write_review, changed_since)
    if not fail_on and cfg.path is not None and (cfg.fail_on != "error" or cfg.fail_on_set):
        report.fail_on_from = cfg.path.name
    if changed_since:
        from ..checks.since import hold_back

        hold_back(report, changed_since)
    if baseline:
        from ..checks.since import hold_back_baseline

        hold_back_baseline(report, baseline)
    _notes(report, verbose, quiet, write_review, errors_too=bool(output) or fmt != "text")
    if fmt == "sarif" and (changed_since or baseline) and not quiet:
        # code scanning compares the alerts itself: a finding left out reads as fixed (ux30: said
        # only in a paragraph of the README, and the alerts closed without a word)
        left = " and ".join(o for o, v in (("--changed-since", changed_since), ("--baseline", baseline)) if v)
        echo(f"note: code scanning reads a finding this SARIF report leaves out ({left}) as fixed, and "
                   f"closes its alert: upload a report made without {left} (code scanning compares a pull "
                   "request with its base branch itself)", err=True)
    colored = use_color(color) and not output
    sources = {report.results[0].file: stdin_text} if stdin_text is not None and report.results else {}
    if output:
        _write_report(output, fmt, report, paths, colored, verbose, quiet, sources, fail_on or cfg.fail_on)
    else:
        _stream_report(fmt, report, paths, colored, verbose, quiet, sources, fail_on or cfg.fail_on)
    raise SystemExit(report.exit_code(fail_on or cfg.fail_on))


def _baseline_usable(baseline, output, paths) -> None:
    """Refuse, before checking, a baseline the report would be written over (it would lose the
    findings held back) and a baseline with standard input; read it once to fail early."""
    import os

    from ..checks.since import baseline_findings
    from ..errors import UsageError

    if output and os.path.abspath(output) == os.path.abspath(baseline):
        raise UsageError(f"--baseline {baseline} and -o {output} are the same file: the report would leave out the "
                         "findings the baseline holds back",
                         hint=f"to write a new baseline, leave --baseline out: lic-policy check --format json -o {output}")
    if "-" in paths:
        raise UsageError("--baseline needs the files checked by name, not standard input",
                         hint="name the files or folders to check")
    baseline_findings(baseline)


def _configured(config_path, only, skip, quiet, max_size, no_validate, fmt):
    """The configuration this check runs with: the file's, narrowed by ``--only``/``--skip``,
    ``--max-size`` and ``--no-validate``; a usage error for an option that names nothing or a
    format this installation lacks."""
    from ..config import load_config, select_rules
    from ..errors import UsageError
    from ..report import available

    for option, given in (("--only", only), ("--skip", skip)):
        if given and not _names(given):  # --only "$RULES" with RULES unset ran every rule
            raise UsageError(f"{option} names no rule", hint=f"give a rule id, a pack or a reviewer, e.g. {option} "
                             "language; or leave the option out")
    cfg = select_rules(load_config(config_path), _names(only), _names(skip))
    if cfg.unread is not None and cfg.path is not None and not quiet:
        echo(f"{cfg.unread}: warning: [tool.lic-policy] is not read: the {cfg.path.name} beside it is "
                   "(keep the settings in one of the two)", err=True)
    if max_size:
        cfg.max_file_size = max_size
    cfg.validate = cfg.validate and not no_validate
    if fmt not in available():
        raise UsageError(f"the '{fmt}' format is not available in this installation",
                         hint="choose one of: " + ", ".join(available()))
    return cfg


def _run(paths, cfg, no_cache, jobs, quiet, stdin_filename, write_review, changed_since):
    """Check standard input (``-``, alone) or the paths, with a progress bar for many files:
    (the report, standard input's text or None)."""
    from ..errors import UsageError

    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths",
                             hint="check standard input on its own: lic-policy check - --stdin-filename NAME")
        if write_review:
            raise UsageError("--write-review needs a guideline file, not standard input")
        if changed_since:
            raise UsageError("--changed-since needs files in a git checkout, not standard input",
                             hint="name the files or folders to check")
        return _check_stdin(cfg, stdin_filename)
    if stdin_filename:
        raise UsageError("--stdin-filename only applies to PATH '-' (standard input)")
    from ..checks.runner import check_paths
    from ..progress import MIN_ITEMS, Progress, wanted

    bar = Progress("checking", enabled=wanted(quiet=quiet))

    def progress(done: int, total: int) -> None:
        if total >= MIN_ITEMS:
            bar.update(done, total)

    with bar:
        return check_paths(paths, cfg, use_cache=False if no_cache else None, jobs=jobs, progress=progress), None


def _notes(report, verbose, quiet, write_review, *, errors_too):
    """What goes to standard error before the report: the skipped files (``--verbose``), the
    review files written (``--write-review``), and — for a report meant for a machine or a
    file (``errors_too``) — each file that could not be checked: a CI job's log shows only
    standard error and the summary's "could not be checked (see above)" (GitHub does not print
    an annotation line in the log)."""
    from ..errors import one_line_text

    if verbose and not quiet:
        for s in report.skipped:
            echo(one_line_text(f"note: {s.note()}"), err=True)
    if write_review:
        from ..report.review import write_review_files

        for path, added in write_review_files(report):
            if not quiet:
                echo(one_line_text(f"{path}: {added} new automated thread{'s' if added != 1 else ''}"), err=True)
    if errors_too:
        for r in report.results:
            if r.error is not None:
                echo(r.error.one_line(), err=True)


def _write_report(output, fmt, report, paths, colored, verbose, quiet, sources, fail_on):
    """``-o FILE``: the report written atomically (its folder made, as pytest's --junitxml
    makes it), never over a file the check read; one line on standard error says where it
    went and what it holds."""
    from ..report import render
    from ..review.threads import review_path
    from ..store import make_output_folder, save_atomic
    from .common import refuse_output_over_inputs

    checked = [r.file for r in report.results]
    refuse_output_over_inputs(output, [*paths, *checked, *(s.file for s in report.skipped),
                                       *(review_path(f) for f in checked)])
    make_output_folder(output)  # -o reports/junit/lic-policy.xml in CI
    save_atomic(output, render(fmt, report, color=colored, verbose=verbose, quiet=quiet, sources=sources,
                               fail_on=fail_on))
    if not quiet:  # a CI log shows where the report went and what it holds, not only an exit code
        from ..report.text import summary_text

        from ..errors import one_line_text

        echo(one_line_text(f"wrote {output} ({fmt}): {summary_text(report)}"), err=True)


def _stream_report(fmt, report, paths, colored, verbose, quiet, sources, fail_on):
    """The report on standard output as it is made (json and github make one piece per
    finding), in writes of about 64 KB: the whole report is never held as one string; after
    a text report for people, the ``next:`` line on standard error."""
    from ..report import stream

    pending: list[str] = []
    size = 0
    for piece in stream(fmt, report, color=colored, verbose=verbose, quiet=quiet, sources=sources, fail_on=fail_on):
        pending.append(piece)
        size += len(piece)
        if size >= 65_536:
            echo("".join(pending), nl=False, color=colored)
            pending, size = [], 0
    if pending:
        echo("".join(pending), nl=False, color=colored)
    if fmt == "text" and not quiet:
        for note in language_notes(report):
            echo(note, err=True)
        hint = next_step(report, paths)
        if hint:  # on standard error: the report's last line stays its summary
            echo(hint, err=True)


def language_notes(report, limit: int = 20) -> list[str]:
    """A ``note:`` line for each guideline checked (the first ``limit``) whose
    ``metadata.languages`` has no English: the language and framing reviewers read English
    words only, so a French guideline checked clean of them was never read (ux27)."""
    from ..checks.fixes import language_words, not_english
    from ..discovery import YAML_SUFFIXES
    from ..errors import LicPolicyError, one_line_text
    from ..store import parse, read_text

    out = []
    for r in [r for r in report.results if r.error is None and r.file.lower().endswith(YAML_SUFFIXES)][:limit]:
        try:
            tags = not_english(parse(read_text(r.file), r.file, positions=False).data)
        except (LicPolicyError, OSError, ValueError):
            continue
        if tags:
            words = language_words(tags)
            out.append(one_line_text(
                f"note: {r.file} is written in {words} (metadata.languages: {', '.join(tags)}), and the rule packs "
                "read English words only: its wording was not reviewed, and a finding about its words (a term, "
                f"a framing, a definition the coverage rules look for) may not fit a {words} sentence; have someone "
                f"who reads {words} review it"))
    return out


def next_step(report, paths) -> str | None:
    """The ``next:`` line after a check for people, fitted to what it found: the safe fixes
    (``fix --write``), what is left to rewrite by hand and where a rule's reasons are
    (``rules explain``), the to-do items, or — nothing left — review and publishing."""
    from ..discovery import YAML_SUFFIXES
    from ..errors import one_line_text, shell_word

    files = [r.file for r in report.results if r.error is None]
    if not files or "-" in paths or len(files) < len(report.results):
        # a file that could not be read: its error says what to do first, and the summary that
        # counts it stays the last line; standard input is an editor's or a script's
        return None
    target = shell_word(files[0]) if len(files) == 1 else " ".join(shell_word(p) for p in paths)
    # draft.todo: the to-do items (under todo:), and the services still “To be confirmed” (ux23)
    todo = sum(1 for f in report.findings if f.rule_id == "draft.todo" and list(f.path)[:1] != ["services"])
    unconfirmed = sum(1 for f in report.findings if f.rule_id == "draft.todo" and list(f.path)[:1] == ["services"])
    safe = [f for f in report.findings if f.fix and f.fix_safe]
    rest = [f for f in report.findings if f.severity in ("error", "warning") and not (f.fix and f.fix_safe)]
    steps = []
    if safe and _pre_commit_fix_hook():
        # under pre-commit, lic-policy may be only in pre-commit's environment: its fix hook
        files = " ".join(shell_word(f) for f in files)
        steps.append(f"`pre-commit run lic-policy-fix --hook-stage manual --files {files}` makes the safe fixes "
                     f"marked `fix:` above")
    elif safe:
        held_back = [h for h in (getattr(report, "baseline", None), getattr(report, "held_back", None)) if h and h[1]]
        if held_back:
            # `fix --write` of the checked paths rewrote every finding the baseline (or the
            # revision) holds back too, across the folder: only the files with new ones (ux28)
            shown = sorted({f.file for f in safe})
            fix_target = " ".join(shell_word(f) for f in shown)
            steps.append(f"`lic-policy fix --write {fix_target}` makes the safe fixes marked `fix:` above, and those "
                         f"in {'that file' if len(shown) == 1 else 'those files'} not counted here "
                         f"(`lic-policy fix {fix_target}` shows them first)")
        else:
            steps.append(f"`lic-policy fix --write {target}` makes the safe fixes marked `fix:` above "
                         f"(`lic-policy fix {target}` shows them first)")
    if rest:
        known = {r.id for r in getattr(report.ruleset, "rules", ())}  # validation problems are no pack's rule
        named = sorted((f for f in rest if f.rule_id in known),
                       key=lambda f: ({"error": 0, "warning": 1}[f.severity], f.file, f.line, f.column))
        why = f" (`lic-policy rules explain {named[0].rule_id}` says why a rule asks for it)" if named else ""
        n = f"{'other ' if safe else ''}{len(rest):,} findings" if len(rest) != 1 else f"{'other ' if safe else ''}finding"
        steps.append(f"rewrite the {n} by hand, as {'each' if len(rest) != 1 else 'its'} suggestion says{why}")
    if todo:
        steps.append(f"do the {counted(todo, 'to-do item')} listed as info and delete "
                     f"{'each' if todo != 1 else 'it'} when done")
    if unconfirmed:
        steps.append(f"ask the {unconfirmed} service{'s' if unconfirmed != 1 else ''} listed as info what to write "
                     "in place of “To be confirmed”")
    single_guideline = len(files) == 1 and files[0].lower().endswith(YAML_SUFFIXES)
    base = getattr(report, "baseline", None)
    held = base[1] if base else 0
    if held:
        # findings `--baseline` held back are still in the files: "publish it" said of a draft
        # whose 3 errors were all in the baseline read as clean (ux21)
        steps.append(f"{'then ' if len(steps) >= 2 else ''}the {counted(held, 'finding')} in the baseline "
                     f"{base[0]} {'are' if held != 1 else 'is'} still in the files (`lic-policy check {target}` "
                     "without --baseline lists them)")
        if len(steps) == 1:
            steps[0] = "nothing new since the baseline; " + steps[0]
    elif not safe and not rest:
        if single_guideline:
            steps.append(f"send it for review (`lic-policy review packet {target}`, or a review room with "
                         f"`lic-policy serve`) or publish it (`lic-policy publish {target} --to html,docx,pdf`)")
        elif not todo and not unconfirmed:
            return None
    if not steps:
        return None
    # a file name is shown as the report shows it: nothing in it reaches the terminal as a control
    return one_line_text("next: " + steps[0] + "".join(("; then " if i == 1 else "; ") + s
                                                       for i, s in enumerate(steps[1:], 1)))


def _pre_commit_fix_hook() -> bool:
    """Whether this check runs as a pre-commit hook (pre-commit sets PRE_COMMIT=1 and runs hooks
    at the repository's root) of a repository whose .pre-commit-config.yaml has the
    lic-policy-fix hook."""
    import os
    import re

    if os.environ.get("PRE_COMMIT") != "1":
        return False
    try:
        with open(".pre-commit-config.yaml", encoding="utf-8", errors="replace") as fh:
            config = fh.read(1_000_000)
    except OSError:
        return False
    return re.search(r"^\s*-?\s*id:\s*['\"]?lic-policy-fix['\"]?\s*(#.*)?$", config, re.M) is not None


def _check_stdin(cfg, name):
    """Check the text on standard input as the file ``name`` (default ``<stdin>``, prose);
    returns the report and the text (None when it could not be read)."""
    import sys

    from ..checks.engine import load_ruleset
    from ..checks.runner import Report, check_file
    from ..discovery import YAML_SUFFIXES, Skipped, other_tool, sniff
    from ..errors import LicPolicyError
    from ..store import decode

    name = name or "<stdin>"
    data = sys.stdin.buffer.read(cfg.max_file_size + 1) if hasattr(sys.stdin, "buffer") else \
        sys.stdin.read().encode("utf-8")
    ruleset = load_ruleset(cfg)
    if len(data) > cfg.max_file_size:
        from ..checks.engine import FileResult
        from ..errors import InputError

        err = InputError(f"standard input is over the {cfg.max_file_size:,}-byte limit", file=name,
                         hint="raise the limit with --max-size or max_file_size in the config")
        return Report([FileResult(name, error=err)], ruleset), None
    try:
        text = decode(data, name)
    except LicPolicyError as exc:  # binary or not UTF-8
        from ..checks.engine import FileResult

        return Report([FileResult(name, error=exc)], ruleset), None
    if name.lower().endswith(YAML_SUFFIXES):
        reason = other_tool(name) or sniff(text, explicit=True)
        if reason:
            return Report([], ruleset, skipped=[Skipped(name, reason)]), text
    return Report([check_file(name, ruleset, text)], ruleset), text


def _names(values) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]

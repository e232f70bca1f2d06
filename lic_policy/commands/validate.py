"""`lic-policy validate PATH...`"""

from __future__ import annotations

import json

import click

from .common import color_option, config_option, max_size_option, style, use_color


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--summary/--no-summary", default=False, help="Print a table of the valid guidelines.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to use for many files (default and at most: all cores).")
@click.option("--verbose", "-v", is_flag=True, help="Say which YAML files were skipped as not guidelines, and why.")
@color_option
@config_option
@max_size_option
def validate(paths, fmt, summary, jobs, verbose, color, config_path, max_size):
    """Validate guideline files (or folders of them; default: this folder) against the schema
    and the model rules.

    Folders are walked honouring .gitignore; YAML that is not a guideline (workflows, compose
    files, configuration) is skipped (--verbose says which and why).

    Reports every problem, not only the first. Exit 0 when all are valid, 1 when a
    document breaks the schema or the model's rules, 2 when a file cannot be read or parsed.
    """
    from ..config import load_config
    from ..validation import validate_paths

    cfg = load_config(config_path)
    paths = paths or (".",)
    report = validate_paths(paths, max_size=max_size or cfg.max_file_size, summaries=summary, jobs=jobs)
    if verbose:
        for s in report.skipped:
            click.echo(f"note: {s.note()}", err=True)
    if fmt == "json":
        out = []
        for r in report.results:
            entry = {"file": r.file, "valid": r.ok, "problems": []}
            if r.error:
                entry["problems"].append({"line": r.error.line, "column": r.error.column, "message": r.error.message,
                                          "hint": r.error.hint, "code": "input"})
            for i in r.issues:
                entry["problems"].append({"line": i.line, "column": i.column, "message": i.message,
                                          "hint": i.hint, "code": i.code})
            out.append(entry)
        skipped = [{"file": s.file, "reason": s.reason} for s in report.skipped]
        click.echo(json.dumps({"files": out, "skipped": skipped, "exit_code": report.exit_code}, indent=2,
                              ensure_ascii=False))
        raise SystemExit(report.exit_code)
    col = use_color(color)
    valid = 0
    for r in report.results:
        if r.error:
            click.echo(style(r.error.one_line(), col, fg="red"), color=col)
        for i in r.issues:
            head = f"{i.file}:{i.line}:{i.column}:"
            click.echo(f"{style(head, col, bold=True)} {style('error', col, fg='red')}: {i.message}"
                       + (f" ({i.hint})" if i.hint else ""), color=col)
        if r.ok:
            valid += 1
    problems = sum(len(r.issues) + (1 if r.error else 0) for r in report.results)
    n = len(report.results)
    if summary:
        rows = [r.summary for r in report.results if r.ok and r.summary]
        if rows:
            click.echo("")
            _table(rows, col)
    tail = f"{n:,} file{'s' if n != 1 else ''}: {valid:,} valid"
    if problems:
        tail += f", {problems:,} problem{'s' if problems != 1 else ''}"
    if report.skipped:
        k = len(report.skipped)
        tail += f"; {k:,} YAML file{'s' if k != 1 else ''} skipped as not guidelines (-v says why)"
    click.echo(style(tail, col, fg="green" if not problems else "red", bold=True), color=col)
    hint = next_step(report, paths)
    if hint:  # on standard error, as `check` does: the report's last line stays its summary
        click.echo(hint, err=True)
    raise SystemExit(report.exit_code)


def next_step(report, paths) -> str | None:
    """The ``next:`` line after a validation: fix the problems and validate again, or — all
    valid — `check`, which reviews what validation does not. None when a file could not be
    read (its error says what to do first) or nothing was validated."""
    from ..errors import one_line_text, shell_word

    if not report.results or any(r.error for r in report.results):
        return None
    files = [r.file for r in report.results]
    target = shell_word(files[0]) if len(files) == 1 else " ".join(shell_word(p) for p in paths)
    whose = "its" if len(files) == 1 else "their"
    if any(r.issues for r in report.results):
        line = (f"next: fix each problem at the place it names (the text in brackets says how), then run "
                f"`lic-policy validate {target}` again")
    else:
        line = (f"next: the structure is sound; `lic-policy check {target}` reviews {whose} language, framing "
                f"and involvement as well")
    return one_line_text(line)  # a file name reaches the terminal without control characters


def _table(rows, col):
    for row in rows:
        click.echo(style(row["title"], col, bold=True) + f"  [{row['file']}]")
        click.echo(f"  {row['jurisdiction']} · version {row['version']} · {row['status']}")
        click.echo(f"  {row['sections']} sections, {row['clauses']} clauses, {row['services']} services; "
                   f"languages: {', '.join(row['languages'])}")
        click.echo(f"  protocols: {', '.join(row['protocols']) or 'none'}")
        click.echo(f"  consultation stages recorded: {', '.join(row['stages']) or 'none'}")

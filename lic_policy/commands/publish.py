"""`lic-policy publish PATH --to html,docx,pdf,md,odt --out DIR`"""

from __future__ import annotations

import click

from .common import config_option


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--to", "formats", default="html", show_default=True, metavar="FORMATS",
              help="Comma-separated formats: html, docx, pdf, md, odt.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder to write into (default: publish/ next to the guideline).")
@click.option("--force", is_flag=True,
              help="Publish a guideline marked 'published' even with error findings or open objections; "
                   "the override is recorded in every output.")
@click.option("--style", default="standard", show_default=True, metavar="STYLE",
              help="Layout: 'standard' shows each clause's id as its number; 'council' numbers headings and "
                   "clauses (4., 4.1) and shows no ids, for a council or a board.")
@click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse a guideline larger than this (default 2 MB, about 600 pages).")
@config_option
def publish(path, formats, out_dir, force, style, max_size, config_path):
    """Publish one guideline as HTML, DOCX, PDF (typst), Markdown or ODT through pandoc.

    Outputs are named after the guideline file (NAME.html, NAME.docx, ...). A guideline whose
    status is not 'published' is marked DRAFT in every format (RETIRED when it is retired). A
    guideline whose status is 'published' is refused (exit 1) while it has validation
    problems, error-severity findings or open objections in its review file, unless --force
    is given. Exit 2 for usage errors and files that cannot be read.
    """
    from ..config import load_config
    from ..publish.render import parse_formats, prepare, write

    fmts = parse_formats(formats)
    if out_dir:
        from ..store import refuse_windows_output

        refuse_windows_output(out_dir, "--out")  # before the draft's warnings: nothing is published
    cfg = load_config(config_path)
    prepared = prepare(path, force=force, config=cfg, style=style, max_size=max_size)
    _refuse_a_file_name(out_dir, path, fmts)  # after the guideline is read: what is wrong with it comes first
    from ..errors import one_line_text, shell_word
    from ..publish.render import describe_errors, describe_issues, describe_others

    target = shell_word(path)
    if prepared.reasons:
        click.echo(one_line_text(f"{path}: warning: published with --force despite: " + "; ".join(prepared.reasons)),
                   err=True)
    elif prepared.draft_errors or prepared.draft_issues:
        status = prepared.document.guideline.metadata.status
        what = []
        if prepared.draft_issues:
            what.append(describe_issues(prepared.draft_issues, str(path)))
        if prepared.draft_errors:
            what.append(describe_errors(prepared.draft_errors))
        click.echo(one_line_text(f"{path}: warning: publishing a guideline whose status is '{status}' (marked DRAFT) "
                                 "that has " + " and ".join(what)), err=True)
    if prepared.other_findings:
        also = "also " if prepared.reasons or prepared.draft_errors else ""
        click.echo(one_line_text(f"{path}: note: the check {also}found {describe_others(prepared.other_findings)}; "
                                 f"they went out as they are (see them with `lic-policy check {target}`)"), err=True)
    from ..progress import Progress, wanted

    # several formats can take a few seconds: a progress bar on a terminal (not on pipes or in CI)
    with Progress("publishing", enabled=len(fmts) > 1 and wanted()) as bar:
        written_paths = write(prepared, fmts, out_dir, progress=bar.update)
    for written in written_paths:
        click.echo(one_line_text(str(written)))  # a line break or ESC in a name is shown, not sent
    if written_paths:  # on standard error, as `check` does: standard output stays the written paths
        click.echo(next_step(path, prepared.document.guideline.metadata, written_paths[0]), err=True)


def _refuse_a_file_name(out_dir, path, fmts) -> None:
    """`-o council.pdf`, as `check -o report.json` names its file: publish would make a folder
    called council.pdf; one line says the files are named after the guideline (ux22)."""
    from pathlib import Path

    from ..errors import UsageError

    if out_dir is None or Path(out_dir).is_dir():
        return
    suffix = Path(out_dir).suffix.lower().lstrip(".")
    if suffix in ("html", "htm", "pdf", "docx", "md", "odt"):
        stem = Path(path).name.rsplit(".", 1)[0]
        named = ", ".join(f"{stem}.{f}" for f in fmts)
        raise UsageError(f"--out names a folder, not a file: {out_dir} looks like a file's name",
                         hint=f"give the folder to write into, e.g. -o {Path(out_dir).parent / 'publish'}; the "
                              f"files are named after the guideline: {named}")


def next_step(path, metadata, first) -> str:
    """The ``next:`` line after publishing: a copy marked DRAFT goes out for review and is
    published again once approved; a published one is read as its readers will read it, and
    is due for review on its next_review_date."""
    from ..errors import one_line_text, shell_word

    target = shell_word(path)
    if metadata.status == "published":
        due = (f"it is due for review on {metadata.next_review_date} (metadata.next_review_date)"
               if metadata.next_review_date else "set metadata.next_review_date for its next review")
        line = f"next: read {first} as its readers will, then share it; {due}"
    elif metadata.status == "retired":
        line = f"next: read {first}; every copy says RETIRED, so nobody takes it for the guideline in force"
    else:
        # the status alone is not enough: the drafter who set it was refused by the publish gate
        # over an approval record, dates and stages the line never named (ux29)
        line = (f"next: these copies are marked DRAFT (status: {metadata.status}); send it for review "
                f"(`lic-policy review packet {target}`, or a review room with `lic-policy serve`); once it "
                f"is approved, record the approval (governance.approvals, with the sex-worker advisory "
                f"sign-off), metadata.effective_date and metadata.next_review_date, set "
                f"`metadata.status: published`, and publish again when `lic-policy check {target}` has no "
                f"errors (it lists what a published guideline still needs)")
    return one_line_text(line)  # a file name reaches the terminal without control characters

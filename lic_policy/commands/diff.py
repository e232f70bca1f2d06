"""`lic-policy diff OLD NEW`: redline two versions of a guideline."""

from __future__ import annotations

import os

import click

from .common import color_option, max_size_option, use_color


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "markdown", "json"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--review-file", type=click.Path(dir_okay=False), default=None,
              help="Show open threads of this review file beside their clauses "
                   "(default: NEW's NAME.review.yaml when NEW is a file and it exists).")
@click.option("--no-threads", is_flag=True, help="Do not show review threads.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ (like git diff --exit-code).")
@color_option
@max_size_option
def diff(old, new, fmt, output, review_file, no_threads, exit_code, color, max_size):
    """Redline two versions of a guideline. OLD and NEW are files or git REV:path.

    Sections and clauses are matched by id (added, removed, moved, re-titled, renamed);
    metadata, consultation and services changes are listed in plain words; changed text
    is diffed word by word. Exit 0 (also when they differ) unless --exit-code is given;
    2 on unreadable input.
    """
    import json

    from ..redline import redline, render_html, render_markdown, render_text
    from ..versions import read as read_version

    old_doc = read_version(old, max_size)
    new_doc = read_version(new, max_size)
    from ..errors import one_line_text

    # the labels are shown: a line break or ESC in a file name is not sent as such
    rl = redline(old_doc, new_doc, old_label=one_line_text(old), new_label=one_line_text(new))
    threads = []
    colored = False
    if not no_threads and fmt in ("html", "markdown"):
        from ..review import threads as review_threads

        path = review_file
        if path is None and os.path.exists(new):
            candidate = review_threads.review_path(new)
            path = str(candidate) if candidate.exists() else None
        if path is not None:
            threads = review_threads.load(path, missing_ok=False).review.threads
    if fmt == "json":
        text = json.dumps(rl.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        text = render_html(rl, threads)
    elif fmt == "markdown":
        text = render_markdown(rl, threads)
    else:
        colored = use_color(color) and output is None
        text = render_text(rl, color=colored)
    if output:
        from ..store import make_output_folder, save_atomic
        from ..review.threads import review_path
        from .common import refuse_output_over_inputs

        refuse_output_over_inputs(output, [old, new, review_file or review_path(new)])
        make_output_folder(output)
        save_atomic(output, text)
        click.echo(one_line_text(f"wrote {output}"), err=True)
    else:
        click.echo(text, nl=False, color=True if fmt == "text" and colored else None)
    raise SystemExit(1 if exit_code and rl.changed else 0)

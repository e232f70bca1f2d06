"""`lic-policy compare PATH...`: several guidelines of one region side by side."""

from __future__ import annotations

import click

from .common import color_option, max_size_option, use_color


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="text: a terminal table; json: stable data (schema_version 1); html: a standalone page.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write to a file (atomically).")
@click.option("--fail-on-contradiction", is_flag=True, help="Exit 1 when the guidelines contradict each other.")
@color_option
@max_size_option
def compare(paths, fmt, output, fail_on_contradiction, color, max_size):
    """Compare guidelines of one region (a city, its police service, its health authority...):
    which key areas, protocols, involvement stages and services each covers, where they
    contradict each other, and what none of them covers. Each PATH is a file or REV:path."""
    from ..compare import compare as run, render_html, render_json, render_text
    from ..errors import InputError, UsageError
    from ..versions import read as read_version

    if len(paths) < 2:
        raise UsageError("compare needs at least two guidelines", hint="e.g. lic-policy compare city.yaml police.yaml")
    twice = _one_file_twice(paths)
    docs, texts = [], []
    for p in paths:
        doc = read_version(p, max_size)
        if not isinstance(doc.data, dict) or "lic_policy_review" in doc.data:
            raise InputError("not a guideline (a guideline is a YAML mapping with metadata)", file=p, line=1, column=1,
                             hint="pass guideline files, not review or config files")
        docs.append(doc.data)
        texts.append(doc.text)
    from ..errors import one_line_text

    # the table names each file as it is shown (a line break or ESC in a name is not sent as
    # such); JSON keeps the names as they are, escaped by JSON
    result = run(list(paths) if fmt == "json" else [one_line_text(p) for p in paths], docs)
    colored = use_color(color) and not output
    text = {"text": lambda: render_text(result, color=colored), "json": lambda: render_json(result),
            "html": lambda: render_html(result)}[fmt]()
    if output:
        from ..store import make_output_folder, save_atomic
        from .common import refuse_output_over_inputs

        refuse_output_over_inputs(output, paths)
        make_output_folder(output)
        save_atomic(output, text)
    else:
        click.echo(text, nl=False, color=colored)
    if twice:
        click.echo(f"note: {twice}: nothing differs between them (compare sets different guidelines of a region side "
                   "by side)", err=True)
    elif len(set(texts)) == 1:
        # copies (`compare g.yaml copy.yaml`, or a file and its last commit): the redline of
        # one against the other has nothing to show
        from ..errors import shell_word

        click.echo(f"note: {' and '.join(map(shell_word, paths)) if len(paths) == 2 else 'these'} hold the same text: "
                   "nothing differs between them (compare sets different guidelines of a region side by side)",
                   err=True)
    elif len({str(g["id"]) for g in result["guidelines"]}) == 1:
        # versions of one guideline: what changed between them is the redline
        from ..errors import shell_word

        click.echo(f"note: these are versions of one guideline; compare sets guidelines of a region side by side. "
                   f"What changed from one to the other: `lic-policy diff {' '.join(map(shell_word, paths[:2]))}`",
                   err=True)
    raise SystemExit(1 if fail_on_contradiction and result["contradictions"] else 0)


def _one_file_twice(paths) -> str:
    """How one file was given twice (`compare g.yaml ./g.yaml`, or a link to it), or "": the
    note under the table said so and advised `lic-policy diff g.yaml g.yaml`, which has nothing
    to show (hostile23; the table is still shown, its columns named apart, as ux12 asked). A
    side read from git (``REV:path``) is itself."""
    import os

    from ..errors import shell_word

    seen: dict = {}
    for p in paths:
        try:
            st = os.stat(p) if os.path.exists(p) else None
            key = ("file", st.st_dev, st.st_ino) if st is not None else ("spec", p)  # a link or a hard link too
        except OSError:
            key = ("spec", p)
        if key in seen:
            first = seen[key]
            return (f"{shell_word(first)} and {shell_word(p)} are the same file" if first != p else
                    f"{shell_word(p)} is given twice (the same file)")
        seen[key] = p
    return ""

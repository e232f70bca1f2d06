"""`lic-policy fix PATH...`"""

from __future__ import annotations

import click

from .common import config_option


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 'es' if word.endswith('x') else 's'}"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--write", is_flag=True, help="Apply the fixes (atomically) instead of showing the diff.")
@click.option("--diff", "diff_only", is_flag=True,
              help="Show the diff and change nothing (what fix does without --write; ruff's spelling).")
@click.option("--unsafe-fixes", "unsafe", is_flag=True,
              help="Also the unsafe fixes (a person should read the sentence first): shown, or applied with --write.")
@config_option
def fix(paths, write, diff_only, unsafe, config_path):
    """Show a unified diff of the safe fixes, or apply them with --write.

    Only unambiguous replacements are fixed (e.g. 'prostitutes' → 'sex workers'); findings
    with several possible rewrites are left for a person. A fix is safe or unsafe: unsafe
    ones (e.g. 'prostitution' → 'sex work', which can change what a sentence about the law
    says) are only shown and applied with --unsafe-fixes. No fix ever calls a young person's
    exploitation sex work, and none touches code, link targets or HTML in Markdown. YAML
    comments and formatting are kept, and running it twice changes nothing the second time.
    """
    from ..checks.fixes import fix_paths
    from ..config import load_config

    if diff_only and write:
        from ..errors import UsageError

        raise UsageError("--diff shows the fixes and --write applies them: give one of them",
                         hint="lic-policy fix --diff PATH, then lic-policy fix --write PATH")
    if "-" in paths:  # as `check -` reads standard input: fix has no file to show a diff of or write
        from ..errors import UsageError

        raise UsageError("fix reads files, not standard input ('-')",
                         hint="save the text as a file and run lic-policy fix FILE; `lic-policy check -` shows the "
                              "findings of standard input, each with its suggestion")
    cfg = load_config(config_path)
    results = fix_paths(paths, cfg, write=write, unsafe=unsafe)
    changed = total = unsafe_left = youth = markup = repeat = 0
    other_language = [r.plan for r in results if r.plan.withheld_language]
    for r in results:
        unsafe_left += r.plan.unsafe_left
        youth += r.plan.withheld_youth
        markup += r.plan.withheld_markup
        repeat += r.plan.withheld_repeat
        if r.count:
            changed += 1
            total += r.count
            if not write:
                click.echo(r.diff, nl=False)
    kind = "safe and unsafe" if unsafe else "safe"
    if not results:  # only YAML of other tools (pre-commit's --all-files passes workflows too)
        click.echo(("fixed 0 findings: " if write else "nothing to fix: ")
                   + "nothing given is a guideline or prose (YAML of other tools is skipped; -v on check says why)",
                   err=not write)
    elif not total:
        checked = f"the {_n(len(results), 'file')} checked"
        from ..errors import shell_word

        rest = ("; what `lic-policy check " + " ".join(shell_word(p) for p in paths)
                + "` still finds is changed by hand (each finding's suggestion says what to write)")
        click.echo(("fixed 0 findings: nothing to fix in " + checked if write else
                    f"nothing to fix with {kind} fixes in {checked}") + rest, err=not write)
    elif write:
        click.echo(f"fixed {_n(total, 'finding')} in {_n(changed, 'file')}")
    else:
        click.echo(f"can fix {_n(total, 'finding')} in {_n(changed, 'file')} with {kind} fixes"
                   " (lic-policy fix --write" + (" --unsafe-fixes" if unsafe else "") + " applies them)", err=True)
    if unsafe_left:
        applied = "applied" if write else "shown"
        click.echo(f"{_n(unsafe_left, 'unsafe fix')} not {applied}: read each sentence first "
                   f"(lic-policy fix --unsafe-fixes shows them; add --write to apply them)", err=not write)
    if youth:
        click.echo(f"{_n(youth, 'fix')} withheld: the sentence speaks of a young person, and their sexual "
                   "exploitation is never sex work (rewrite it by hand)", err=not write)
    if markup:
        click.echo(f"{_n(markup, 'fix')} withheld: the words reach into code, a link target or label, or HTML, "
                   "or the fix would repeat the word a slash joins them to (edit them by hand)", err=not write)
    if repeat:
        click.echo(f"{_n(repeat, 'fix')} withheld: the sentence already says the words the fix would write, and "
                   "would say them twice (rewrite it by hand)", err=not write)
    if other_language:
        from ..checks.fixes import language_words

        tags = other_language[0].languages
        whose = ("the guideline is" if len(other_language) == 1 else f"{len(other_language)} guidelines are")
        click.echo(f"{_n(sum(p.withheld_language for p in other_language), 'fix')} withheld: {whose} written in "
                   f"{language_words(tags)} (metadata.languages: {', '.join(tags)}), and the fixes write English "
                   "words (rewrite it by hand)", err=not write)
    # counted as `check` counts them: the errors and warnings left, then the to-do items (ux17:
    # "the other 13 findings" here was 8 findings and 5 to-do items in the check after it)
    left = sum(max(0, r.plan.to_rewrite - r.count) for r in results)
    todo = sum(r.plan.todo for r in results)
    if write and total and (left or todo):
        from ..errors import one_line_text, shell_word

        shown = " ".join(shell_word(r.file) for r in results if r.plan.to_rewrite > r.count or r.plan.todo)
        steps = []
        if left:
            steps.append(f"rewrite the other {_n(left, 'finding') if left > 1 else 'finding'} by hand, as "
                         f"{'each suggestion says' if left > 1 else 'its suggestion says'}")
        if todo:
            steps.append(f"do the {_n(todo, 'to-do item')} listed as info and delete {'each' if todo > 1 else 'it'} "
                         "when done")
        many = left + todo > 1
        click.echo(one_line_text("next: " + "; then ".join(steps) + f" (`lic-policy check {shown}` lists "
                                 f"{'them' if many else 'it'})"), err=True)
    raise SystemExit(0)

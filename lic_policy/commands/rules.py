"""`lic-policy rules [list|docs|test]`"""

from __future__ import annotations

import click

from .common import config_option


@click.group(invoke_without_command=True)
@config_option
@click.pass_context
def rules(ctx, config_path):
    """List the rules of the enabled packs (and write their docs, run their examples)."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_rules)


def _ruleset(ctx):
    from ..checks.engine import load_ruleset
    from ..config import load_config

    path = ctx.obj.get("config_path") if ctx.obj else None
    return load_ruleset(load_config(path))


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def list_rules(ctx, fmt):
    """One line per rule: id, severity, reviewer, title."""
    rs = _ruleset(ctx)
    if fmt == "json":
        import json

        click.echo(json.dumps([{"id": r.id, "severity": r.severity, "reviewer": r.reviewer, "title": r.title,
                                "pack": r.pack, "kind": r.kind} for r in rs.rules], indent=2))
        return
    for r in rs.rules:
        click.echo(f"{r.id:38} {r.severity:8} {r.reviewer:10} {r.title or r.message}")
    click.echo(f"{len(rs.rules)} rules in {len(rs.packs)} packs")


@rules.command("docs")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write to a file instead of stdout.")
@click.pass_context
def docs(ctx, output):
    """Markdown documentation generated from the rule packs."""
    from ..checks.docs import render_docs

    text = render_docs(_ruleset(ctx))
    if output:
        from ..store import save_atomic

        save_atomic(output, text)
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@rules.command("test")
@click.option("--rule", "only", multiple=True, help="Only these rule ids.")
@click.pass_context
def test(ctx, only):
    """Run every rule's examples (must flag, must pass, expected fixes) and every context's
    (reviewers/contexts/examples.yaml)."""
    from ..checks.context_examples import load_examples, run_example
    from ..checks.examples import run_rule_examples

    rs = _ruleset(ctx)
    failed = total = 0
    for rule in rs.rules:
        if only and rule.id not in only:
            continue
        for res in run_rule_examples(rule, rs):
            total += 1
            if not res.ok:
                failed += 1
                click.echo(f"FAIL {res.rule_id} [{res.kind}] {res.text!r}: {res.detail}")
    click.echo(f"{total - failed} passed, {failed} failed")
    c_failed = c_total = c_skipped = 0
    for ex in load_examples():
        if only and ex.rule not in only and ex.instead not in only:
            continue
        res = run_example(ex, rs)
        if res.skipped:
            c_skipped += 1
            continue
        c_total += 1
        if not res.ok:
            c_failed += 1
            click.echo(f"FAIL context {res.context} [{res.kind}] {res.text!r}: {res.detail}")
    click.echo(f"context examples: {c_total - c_failed} passed, {c_failed} failed"
               + (f", {c_skipped} skipped (their rules are disabled)" if c_skipped else ""))
    raise SystemExit(1 if failed or c_failed else 0)


@rules.command("eval")
@click.argument("corpus", nargs=-1, required=True, type=click.Path())
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Which part of the corpus: dev (tuned on), test (held out) or all.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list every wrong answer, one line each.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def eval_(ctx, corpus, split, show_errors, fmt):
    """Precision and recall of the language and framing reviewers on a labelled corpus of
    real sentences (tests/corpus/values; see its LABELLING.md)."""
    from ..checks.evaluate import errors, evaluate, format_summary

    summary, outcomes = evaluate(corpus, _ruleset(ctx), split)
    if fmt == "json":
        import json

        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(format_summary(summary, split))
    if show_errors:
        for line in errors(outcomes):
            click.echo(line)

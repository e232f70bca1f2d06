"""`lic-policy rules [list|explain|docs|test|eval|train]`"""

from __future__ import annotations

import click

from ..errors import one_line_text
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
    # columns as wide as their longest entry (a local pack's ids and reviewers too)
    wid = max([38] + [len(r.id) for r in rs.rules])
    wrev = max([10] + [len(r.reviewer) for r in rs.rules])
    for r in rs.rules:
        click.echo(f"{r.id:{wid}} {r.severity:8} {r.reviewer:{wrev}} {r.title or r.message}")
    off = sum(len(p.rules) for p in rs.packs) - len(rs.rules)
    click.echo(f"{len(rs.rules)} rules in {len(rs.packs)} packs"
               + (f" ({off} disabled by the configuration)" if off else ""))


@rules.command("docs")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write to a file instead of stdout.")
@click.pass_context
def docs(ctx, output):
    """Markdown documentation generated from the rule packs."""
    from ..checks.docs import render_docs
    from .common import refuse_output_over_inputs

    refuse_output_over_inputs(output, ())  # a careless -o onto a guideline or review file
    text = render_docs(_ruleset(ctx))
    if output:
        from ..store import make_output_folder, save_atomic

        make_output_folder(output)
        save_atomic(output, text)
        click.echo(one_line_text(f"wrote {output}"))
    else:
        click.echo(text, nl=False)


@rules.command("explain")
@click.argument("rule_ids", nargs=-1, required=True, metavar="RULE...")
@click.pass_context
def explain(ctx, rule_ids):
    """What a rule checks and why, what to write instead, examples and sources (RULE: an id
    as `check` prints it, e.g. framing.displacement)."""
    from ..checks.docs import what_it_does
    from ..errors import UsageError

    rs = _ruleset(ctx)
    known = {r.id: r for p in rs.packs for r in p.rules}
    lowered = {k.lower(): k for k in known}
    # an id typed in capitals or pasted with a space (`rules explain LANG.PROSTITUTE`) is the id
    rule_ids = tuple(lowered.get(rid.strip().lower(), rid) for rid in rule_ids)
    for rid in rule_ids:
        if rid not in known:
            import difflib

            close = difflib.get_close_matches(rid, list(known), n=1)
            shown = rid if len(rid) <= 80 else rid[:80] + "…"  # a paste of 5,000 letters was written back whole
            raise UsageError(f"no rule {shown!r}", hint=(f"did you mean {close[0]!r}? " if close else "")
                             + "`lic-policy rules list` lists them all")
    blocks = []
    for rid in rule_ids:
        r = known[rid]
        lines = [f"{r.id} ({r.severity}, {r.reviewer} reviewer): {r.title or what_it_does(r.message)}"
                 + ("" if r in rs.rules else " — turned off by the configuration"),
                 "What it does: " + _capital(what_it_does(r.message)), "Why: " + " ".join(r.rationale.split())]
        if r.suggestions:
            lines.append("Use instead: " + "; ".join(r.suggestions))
        if r.exceptions:
            lines.append("Not a finding: " + ", ".join(r.exceptions).replace("-", " "))
        ex = r.examples or {}
        for key, label in (("flag", "Flagged, for example:"), ("pass", "Not flagged, for example:")):
            texts = [t for t in ex.get(key) or [] if isinstance(t, str)][:3]
            if texts:
                lines.append(label)
                lines.extend(f"  - {' '.join(t.split())}" for t in texts)
        fixes = [c for c in ex.get("fix") or [] if isinstance(c, dict) and "input" in c and "output" in c][:3]
        if fixes:
            lines.append("Fixed by `lic-policy fix --write`" if r.fix_safe else
                         "Fixed only with `lic-policy fix --write --unsafe-fixes` (read the sentence first)")
            lines.extend(f"  - {c['input']!r} → {c['output']!r}" for c in fixes)
        lines.extend(f"Source: {s.title}" + (f" <{s.url}>" if s.url else "") for s in r.sources)
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shown(path) -> str:
    """A pack's path as a person reads it: relative to the working folder when inside it."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


@rules.command("test")
@click.option("--rule", "only", multiple=True,
              help="Only these rules: a rule id, a pack's name (your own pack's, say) or a reviewer. Repeatable.")
@click.pass_context
def test(ctx, only):
    """Run every rule's examples (must flag, must pass, expected fixes) and every context's
    (reviewers/contexts/examples.yaml)."""
    from ..checks.context_examples import load_examples, run_example
    from ..checks.examples import run_rule_examples

    rs = _ruleset(ctx)
    # a rule id, a pack's name or a reviewer, as `check --only` takes them: a team tests its
    # own pack with `--rule PACK` instead of naming each of its rules
    known = {rule.id for rule in rs.rules} | {rule.pack for rule in rs.rules} | {rule.reviewer for rule in rs.rules}
    lowered = {k.lower(): k for k in known}  # `--rule LANG.PROSTITUTE`: the id meant
    only = tuple(lowered.get(rid.strip().lower(), rid) for rid in only)
    for rid in only:  # a typo tested nothing and passed
        if rid not in known:
            import difflib

            from ..errors import UsageError

            close = difflib.get_close_matches(rid, sorted(known), n=1)
            raise UsageError(f"unknown rule id '{rid}'", hint=f"did you mean '{close[0]}'?" if close else
                             "give a rule id, a pack's name or a reviewer; `lic-policy rules list` lists them")
    only = tuple({rule.id for rule in rs.rules if {rule.id, rule.pack, rule.reviewer} & set(only)})
    from ..checks.packs import example_place

    pack_paths = {p.name: p.path for p in rs.packs}
    failed = total = 0
    for rule in rs.rules:
        if only and rule.id not in only:
            continue
        for res in run_rule_examples(rule, rs):
            total += 1
            if not res.ok:
                failed += 1
                # the example's place in its pack, so an editor can jump to it
                place = ""
                if rule.pack in pack_paths and res.kind in ("flag", "pass", "fix", "function"):
                    path = pack_paths[rule.pack]
                    if res.kind == "function":  # the rule itself: its id
                        from ..checks.packs import rule_id_place

                        line, col = rule_id_place(path, rule.id)
                    else:
                        line, col = example_place(path, rule.id, res.kind, res.text)
                    place = f"{_shown(path)}:{line}:{col}: " if line else f"{_shown(path)}: "
                click.echo(f"{place}FAIL {res.rule_id} [{res.kind}] {res.text!r}: {res.detail}")
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
    if c_total or c_skipped or not only:  # --rule with no context example: nothing to say
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


def _train_span_model(ctx, records, rule, output):
    """`rules train --rule lang.learned-context`: the language reviewer's learned context,
    trained on the terms the language rules find without it."""
    from ..checks.engine import load_ruleset
    from ..checks.span_model import train_on_corpus as train_spans
    from ..config import load_config, select_rules
    from ..store import save_atomic

    # the language reviewer alone, less this rule: its findings do not depend on the other
    # reviewers' (overlaps are settled within a reviewer), and the framing grammar is most of a
    # check's time (a training run 66 s -> see BENCHMARKS.md)
    cfg = select_rules(load_config(ctx.obj.get("config_path") if ctx.obj else None), [rule.reviewer], [rule.id])
    rep = train_spans(records, load_ruleset(cfg), rule)
    save_atomic(output, rep.model.to_json() + "\n")
    click.echo(f"{len(records)} development sentences; {rep.spans} terms of {', '.join(rep.model.rules)} "
               f"({rep.false_spans} not labelled stigma)")
    click.echo(f"threshold {rep.threshold:.2f} (a term more likely the law's words than the writer's); out of fold "
               f"(folds by source site) it withdraws {rep.removed_cv[0]} false and {rep.removed_cv[1]} true terms")
    click.echo(f"  stigma, rules alone:          precision {rep.before[0]:.3f}  recall {rep.before[1]:.3f}")
    click.echo(f"  with it, out of fold:         precision {rep.after_cv[0]:.3f}  recall {rep.after_cv[1]:.3f}")
    click.echo(one_line_text(f"wrote {output} ({len(rep.model.weight)} features)"))


@rules.command("train")
@click.argument("corpus", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Where to write the model, e.g. reviewers/models/framing.json.")
@click.option("--rule", "rule_id", default="framing.learned", show_default=True, help="The learned rule to train.")
@click.option("--min-precision", default=0.8, show_default=True, type=click.FloatRange(0.5, 0.99),
              help="The threshold is the lowest at which the model's own cross-validated precision reaches this.")
@click.pass_context
def train(ctx, corpus, output, rule_id, min_precision):
    """Train the learned framing reviewer on the development part of a labelled corpus
    (never its held-out part), report cross-validated precision and recall (folds by source
    site), and write the model file."""
    from ..checks.evaluate import load_corpus, split_of
    from ..checks.learned import train_on_corpus
    from ..errors import UsageError
    from ..store import save_atomic
    from .common import refuse_output_over_inputs

    # before the training (seconds to minutes): a careless -o onto the corpus read, a guideline
    # or a round's review threads (a name completed with Tab) replaced it with the model's JSON
    refuse_output_over_inputs(output, corpus, what="the model",
                              hint="give -o a .json file, e.g. reviewers/models/framing.json")
    rs = _ruleset(ctx)
    rule = rs.by_id_enabled.get(rule_id)
    if rule is None or rule.kind != "model":
        raise UsageError(f"'{rule_id}' is not an enabled rule of kind model",
                         hint="see `lic-policy rules list`; the framing pack's is framing.learned")
    records = [r for r in load_corpus(corpus) if split_of(r) == "dev"]
    if len(records) < 50:
        raise UsageError(f"only {len(records)} development sentences in the corpus",
                         hint="give the corpus folder, e.g. tests/corpus/values (held-out folders are never trained on)")
    from ..checks.span_model import is_span_model

    if is_span_model(rule.model):
        _train_span_model(ctx, records, rule, output)
        return
    rep = train_on_corpus(records, rs, rule, min_precision=min_precision)
    save_atomic(output, rep.model.to_json() + "\n")
    click.echo(f"{rep.sentences} development sentences ({rep.gated} about sex work, which the model reads)")
    click.echo(f"threshold {rep.threshold:.2f}, veto below {rep.veto:.2f} (cross-validated, folds by source site)")
    if rep.outside_threshold < 1:
        click.echo(f"sentences that do not name sex work but hold the rule's 'outside' words: threshold "
                   f"{rep.outside_threshold:.2f}")
    click.echo(f"  model alone, out of fold:    precision {rep.model_cv[0]:.3f}  recall {rep.model_cv[1]:.3f}")
    click.echo(f"  rules alone (tuned on it):   precision {rep.rules[0]:.3f}  recall {rep.rules[1]:.3f}")
    click.echo(f"  both, out of fold:           precision {rep.combined_cv[0]:.3f}  recall {rep.combined_cv[1]:.3f}  "
               f"(hard negatives flagged {100 * rep.hard_negatives_cv:.1f} %)")
    click.echo(one_line_text(f"wrote {output} ({len(rep.model.weight)} terms)"))

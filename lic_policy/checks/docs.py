"""Markdown documentation generated from the rule packs (`lic-policy rules docs`)."""

from __future__ import annotations


def render_docs(ruleset) -> str:
    out = ["# lic-policy rules", "",
           "Generated from the rule packs by `lic-policy rules docs`; do not edit by hand.", ""]
    for pack in ruleset.packs:
        rules = [r for r in pack.rules if r in ruleset.rules]
        out += [f"## {pack.name} ({len(rules)} rules)", ""]
        for r in rules:
            out += [f"### `{r.id}` — {r.title or r.message}", "",
                    f"Severity: **{r.severity}** · reviewer: {r.reviewer}", "",
                    "**What it does.** " + what_it_does(r.message), "",
                    "**Why.** " + r.rationale, ""]
            if r.kind == "model" and r.model:
                out += _model_notes(r)
            if r.suggestions:
                out += ["**Use instead.** " + "; ".join(r.suggestions), ""]
            if r.exceptions:
                out += ["**Not a finding:** " + ", ".join(r.exceptions).replace("-", " "), ""]
            ex = r.examples
            if r.kind == "python":
                out += _document_examples(ex)
            else:
                span = r.kind == "model" and r.model and _is_span(r)
                if ex.get("flag"):
                    out += ["Still flagged by the rules it reads:" if span else "Flagged:", ""] + [f"- ❌ {t}" for t in ex["flag"] if isinstance(t, str)] + [""]
                if ex.get("pass"):
                    out += ["Withdrawn (the law's own words):" if span else "Not flagged:", ""] + [f"- ✅ {t}" for t in ex["pass"] if isinstance(t, str)] + [""]
                if ex.get("fix"):
                    out += ["Fixed automatically:", ""] + [f"- {c['input']!r} → {c['output']!r}" for c in ex["fix"]] + [""]
            out += ["Sources: " + "; ".join(f"[{s.title}]({s.url})" if s.url else s.title for s in r.sources), ""]
    return "\n".join(out)


FLAGGED = "the flagged wording"


def what_it_does(message: str) -> str:
    """A rule's message as a sentence of the docs: its placeholders (``'{match}'``, ``{why}``)
    read "the flagged wording" (singular, as the messages' verbs are), capitalised where the
    message starts with one."""
    text = message.replace("{why}", "'{match}'").replace("'{match}'", FLAGGED).replace("{match}", FLAGGED)
    return "The" + text[3:] if text.startswith(FLAGGED) else text


def _document_examples(ex: dict) -> list[str]:
    """A Python rule's example documents as YAML blocks."""
    import yaml

    out: list[str] = []
    for kind, label in (("flag", "Flagged"), ("pass", "Not flagged")):
        for example in ex.get(kind) or []:
            text = example if isinstance(example, str) else yaml.safe_dump(example, sort_keys=False).strip()
            out += [f"{label}:", "", "```yaml", text.rstrip(), "```", ""]
    return out


def _is_span(rule) -> bool:
    from .span_model import is_span_model

    return is_span_model(rule.model)


def _span_notes(rule) -> list[str]:
    """How the language reviewer's learned context decides (from the model file's record)."""
    from pathlib import Path

    from .span_model import SIDE, load

    m = load(rule.model)
    meta = m.meta
    line = (f"**How it decides.** A learned model (`{Path(rule.model).name}`, {len(m.weight):,} features) reads "
            f"the {SIDE} words on each side of a term that {', '.join(f'`{r}`' for r in m.rules)} found, and the "
            f"words of its sentence, and withdraws the term when it scores below {m.threshold:.2f}: the words "
            "around it read as the law's own text (a statute, an offence's definition, a treaty clause) rather "
            "than the writer's label. It never withdraws a term about a young person, and flags nothing itself.")
    if meta.get("spans"):
        before, after, gone = meta.get("stigma_rules") or [0, 0], meta.get("stigma_cv") or [0, 0], \
            meta.get("withdrawn_cv") or [0, 0]
        line += (f" Trained by `lic-policy rules train --rule {rule.id}` on the {meta['spans']:,} terms the rules "
                 f"find in {meta.get('trained_on', 0):,} labelled development sentences ({meta.get('false_spans', 0):,} "
                 f"of them not labelled stigma); cross-validated by source site it withdraws {gone[0]} false and "
                 f"{gone[1]} true terms: stigma precision {before[0]:.3f} → {after[0]:.3f}, recall {before[1]:.3f} → "
                 f"{after[1]:.3f}.")
    return [line, ""]


def _model_notes(rule) -> list[str]:
    """How a learned rule decides: its model file, what it was trained on, and its
    cross-validated precision and recall (from the model file's own record)."""
    from pathlib import Path

    if _is_span(rule):
        return _span_notes(rule)

    from .learned import VETO_MIN_WORDS, load

    m = load(rule.model)
    meta = m.meta
    th = rule.threshold if rule.threshold is not None else m.threshold
    line = (f"**How it decides.** A learned model (`{Path(rule.model).name}`, {len(m.weight):,} words and word pairs) "
            f"reads each sentence about sex work that no rule flagged; it flags one whose score reaches {th:.2f}.")
    if m.outside_threshold < 1 and rule.outside:
        line += (f" A sentence that does not name sex work but holds a word of the grammar's {', '.join(rule.outside)} "
                 f"entries is read too, and flagged only from {m.outside_threshold:.2f} "
                 "(a guideline about sex work does not name it in every sentence).")
    if meta.get("trained_on"):
        cvm, cvc = meta.get("cv_model") or [0, 0], meta.get("cv_combined") or [0, 0]
        line += (f" Trained by `lic-policy rules train` on {meta['trained_on']:,} labelled development sentences "
                 f"({meta.get('framing', 0):,} of them framing); cross-validated by source site, the model alone has "
                 f"precision {cvm[0]:.2f} and recall {cvm[1]:.2f}, and the framing rules with it {cvc[0]:.2f} and "
                 f"{cvc[1]:.2f}.")
    if m.veto > 0:
        line += (f" It also withdraws another framing rule's finding in a sentence of {VETO_MIN_WORDS} words or more "
                 f"that it scores below {m.veto:.2f}: "
                 "it is then confident the sentence is not enforcement-first (most often a critique or a report "
                 "the contexts did not recognise).")
    return [line, ""]

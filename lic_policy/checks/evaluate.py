"""Measure the language and framing reviewers on a labelled corpus of real sentences.

The corpus (``tests/corpus/values/*.yaml``, conventions in its ``LABELLING.md``) is a list
of records: a sentence, its source, whether it carries enforcement-first framing
(``framing``, with ``framing_kinds``), its stigmatizing spans (``stigma``) and whether a
surface trigger is present (``trigger``). Each sentence is checked as a prose document of its
own, through the same path ``lic-policy check`` takes for a ``.txt`` file.

Records are split into a **dev** part (``tests/corpus/values``: rules are tuned while looking
at it) and a **test** part (``tests/corpus/values-holdout``: sentences from other sources,
collected separately and never looked at while writing rules).

Measures:

* framing, per sentence: a sentence is flagged when any ``framing`` finding falls in it;
  precision and recall against ``framing``, recall per labelled kind;
* stigmatizing terms, per span: a ``language`` finding is right when it overlaps a labelled
  span (each labelled span is matched once); precision and recall;
* hard negatives: sentences with a surface trigger and neither framing nor stigma labels,
  and the share of them that get any finding at all (the target is at most 10 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

def split_of(record: dict) -> str:
    """``test`` for the held-out corpus (files in a folder whose name holds ``holdout``,
    collected from sources the development corpus does not use and never looked at while
    writing rules), ``dev`` for the rest."""
    return "test" if "holdout" in Path(str(record.get("file", ""))).parent.name else "dev"


def load_corpus(paths: Iterable[str | Path]) -> list[dict]:
    """Every record of the corpus files (``*.yaml`` in folders), with ``file`` and ``split``
    added. A malformed record is a ``ConfigError`` naming the file and the record."""
    from ..errors import ConfigError
    from ..store import read_text
    from ..yamlread import compose

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(x for x in p.glob("*.yaml")))
        elif p.is_file():
            files.append(p)
        elif p.exists():  # /dev/null, a pipe: it was "no such corpus file or folder" of a path that is there
            import stat

            mode = p.stat().st_mode
            kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device")
            raise ConfigError(f"not a regular file ({kind})", file=str(p),
                              hint="give the corpus folder or a corpus file, e.g. tests/corpus/values; lic-policy "
                                   "does not read pipes or devices")
        else:
            raise ConfigError("no such corpus file or folder", file=str(p), hint="give the corpus folder, e.g. tests/corpus/values")
    records: list[dict] = []
    for f in files:
        data, positions = compose(read_text(f), str(f))
        if not isinstance(data, list):
            raise ConfigError("a corpus file is a list of records", file=str(f), line=1, column=1,
                              hint="see tests/corpus/values/LABELLING.md")
        for i, rec in enumerate(data):
            sp = positions.get((i,))
            where = {"file": str(f), "line": sp.line + 1 if sp else None}
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "framing" not in rec:
                raise ConfigError(f"record {i + 1} needs 'text' and 'framing'", **where,
                                  hint="see tests/corpus/values/LABELLING.md")
            problem = None
            if not rec["text"].strip():
                problem = "the text is empty"
            elif not isinstance(rec["framing"], bool):
                problem = "framing must be true or false"
            for key in ("stigma", "framing_kinds", "framing_phrases"):
                if problem is None and rec.get(key) is not None and not isinstance(rec[key], list):
                    problem = f"{key} must be a list"
            if problem is None and not all(isinstance(k, str) for k in rec.get("framing_kinds") or []):
                problem = "framing_kinds must be a list of words"
            if problem:  # a label of another type: read as it is, it was an internal error
                raise ConfigError(f"record {i + 1}: {problem}", **where, hint="see tests/corpus/values/LABELLING.md")
            for span in rec.get("stigma") or []:
                if isinstance(span, str) and not span.strip():  # "" is in every sentence
                    raise ConfigError(f"record {i + 1}: a stigma span is empty", **where,
                                      hint="remove it, or copy the stigmatizing words exactly as written")
                if not isinstance(span, str) or span not in rec["text"]:
                    raise ConfigError(f"record {i + 1}: stigma span {span!r} is not in its text", **where,
                                      hint="copy the span exactly as written in the sentence")
            rec = dict(rec)
            rec["file"], rec["line"] = str(f), where["line"]
            rec["split"] = split_of(rec)
            records.append(rec)
    if not files:
        raise ConfigError("no corpus files (*.yaml) there", file=str(next(iter(map(str, paths)), ".")),
                          hint="give the folder that holds the corpus files, e.g. tests/corpus/values")
    return records


def gold_spans(text: str, spans: list[str]) -> list[tuple[int, int]]:
    """Character ranges of the labelled spans, occurrences taken in order."""
    out: list[tuple[int, int]] = []
    taken: dict[str, int] = {}
    for s in spans:
        start = text.find(s, taken.get(s, 0))
        if start < 0:
            start = text.find(s)
        out.append((start, start + len(s)))
        taken[s] = start + len(s)
    return out


@dataclass
class Outcome:
    record: dict
    framing_found: list[Any]  # framing findings
    language_found: list[Any]  # language findings
    stigma_gold: list[tuple[int, int]]
    stigma_tp: int = 0
    stigma_fp: list[Any] = field(default_factory=list)
    stigma_fn: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3)}


def run(records: list[dict], ruleset: Any) -> list[Outcome]:
    from .engine import check_prose_text

    out = []
    for rec in records:
        text = rec["text"]
        result = check_prose_text("<corpus>.txt", text, ruleset)
        framing = [f for f in result.findings if f.reviewer == "framing"]
        language = [f for f in result.findings if f.reviewer == "language"]
        gold = gold_spans(text, list(rec.get("stigma") or []))
        o = Outcome(rec, framing, language, gold)
        matched: set[int] = set()
        for f in language:
            a, b = _span(f)
            hit = next((k for k, (s, e) in enumerate(gold) if k not in matched and s < b and a < e), None)
            if hit is None:
                o.stigma_fp.append(f)
            else:
                matched.add(hit)
                o.stigma_tp += 1
        o.stigma_fn = [g for k, g in enumerate(gold) if k not in matched]
        out.append(o)
    return out


def _span(f: Any) -> tuple[int, int]:
    return f.start, f.end


POLICY_GENRES = ("police", "council", "government", "parliament", "bylaw", "guideline", "un")
"""Genres of source (LABELLING.md) that are public policy documents: what the reviewers are
for. News, research, NGO and court text are measured too, and reported apart."""


def _counts(outcomes: list[Outcome]) -> dict:
    """Framing per sentence, stigma per span and hard negatives over ``outcomes``."""
    framing, stigma = PR(), PR()
    hard = hard_flagged = 0
    for o in outcomes:
        rec = o.record
        gold, found = bool(rec.get("framing")), bool(o.framing_found)
        framing.tp += gold and found
        framing.fp += found and not gold
        framing.fn += gold and not found
        stigma.tp += o.stigma_tp
        stigma.fp += len(o.stigma_fp)
        stigma.fn += len(o.stigma_fn)
        if rec.get("trigger") and not gold and not rec.get("stigma"):
            hard += 1
            hard_flagged += bool(o.framing_found or o.language_found)
    return {"sentences": len(outcomes), "framing": framing.as_dict(), "stigma": stigma.as_dict(),
            "hard_negatives": {"sentences": hard, "flagged": hard_flagged,
                               "rate": round(hard_flagged / hard, 3) if hard else 0.0}}


def summarize(outcomes: list[Outcome]) -> dict:
    kinds: dict[str, PR] = {}
    by_rule: dict[str, PR] = {}
    genres: dict[str, list[Outcome]] = {}
    hard_framing = hard_framing_flagged = 0
    for o in outcomes:
        rec = o.record
        gold = bool(rec.get("framing"))
        found = bool(o.framing_found)
        genres.setdefault(str(rec.get("genre") or "unknown"), []).append(o)
        for k in rec.get("framing_kinds") or (["unspecified"] if gold else []):
            pr = kinds.setdefault(str(k), PR())
            if found:
                pr.tp += 1
            else:
                pr.fn += 1
        for f in o.framing_found:
            pr = by_rule.setdefault(f.rule_id, PR())
            if gold:
                pr.tp += 1
            else:
                pr.fp += 1
        for f in o.language_found:
            pr = by_rule.setdefault(f.rule_id, PR())
            if f in o.stigma_fp:
                pr.fp += 1
            else:
                pr.tp += 1
        if rec.get("trigger") and not gold:
            hard_framing += 1
            hard_framing_flagged += found
    whole = _counts(outcomes)
    return {
        "sentences": whole["sentences"],
        "framing": whole["framing"],
        "framing_by_kind": {k: {"sentences": v.tp + v.fn, "recall": round(v.recall, 3)} for k, v in sorted(kinds.items())},
        "stigma": whole["stigma"],
        "by_rule": {k: v.as_dict() for k, v in sorted(by_rule.items())},
        "hard_negatives": whole["hard_negatives"],
        "hard_negatives_framing": {"sentences": hard_framing, "flagged": hard_framing_flagged,
                                   "rate": round(hard_framing_flagged / hard_framing, 3) if hard_framing else 0.0},
        "policy_documents": _counts([o for g, os in genres.items() if g in POLICY_GENRES for o in os]),
        "by_genre": {g: _counts(os) for g, os in sorted(genres.items())},
    }


def evaluate(paths: Iterable[str | Path], ruleset: Any, split: str = "all") -> tuple[dict, list[Outcome]]:
    records = load_corpus(paths)
    if split != "all":
        records = [r for r in records if r["split"] == split]
    outcomes = run(records, ruleset)
    return summarize(outcomes), outcomes


def errors(outcomes: list[Outcome]) -> list[str]:
    """One line per wrong answer (for tuning on the dev part)."""
    lines = []
    for o in outcomes:
        rec = o.record
        where = f"{rec['file']}:{rec.get('line') or 0}"
        gold = bool(rec.get("framing"))
        if o.framing_found and not gold:
            lines.append(f"{where}: framing FP [{', '.join(sorted({f.rule_id for f in o.framing_found}))}] "
                         f"{', '.join(repr(f.match) for f in o.framing_found)} :: {rec['text']}")
        elif gold and not o.framing_found:
            lines.append(f"{where}: framing FN {rec.get('framing_kinds') or ''} "
                         f"{rec.get('framing_phrases') or ''} :: {rec['text']}")
        for f in o.stigma_fp:
            lines.append(f"{where}: stigma FP [{f.rule_id}] {f.match!r} :: {rec['text']}")
        for a, b in o.stigma_fn:
            lines.append(f"{where}: stigma FN {rec['text'][a:b]!r} :: {rec['text']}")
    return lines


def format_summary(s: dict, split: str) -> str:
    f, st, hn, hf = s["framing"], s["stigma"], s["hard_negatives"], s["hard_negatives_framing"]
    lines = [
        f"{s['sentences']} sentences ({split})",
        f"framing, per sentence:  precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
        f"(tp {f['tp']}, fp {f['fp']}, fn {f['fn']})",
        f"stigma, per span:       precision {st['precision']:.3f}  recall {st['recall']:.3f}  "
        f"(tp {st['tp']}, fp {st['fp']}, fn {st['fn']})",
        f"hard negatives flagged: {hn['flagged']} of {hn['sentences']} ({100 * hn['rate']:.1f} %); "
        f"framing on trigger-only sentences: {hf['flagged']} of {hf['sentences']} ({100 * hf['rate']:.1f} %)",
        "framing recall by kind:",
    ]
    for k, v in s["framing_by_kind"].items():
        lines.append(f"  {k:16} {v['recall']:.3f}  ({v['sentences']} sentences)")
    lines.append(f"by genre of source (policy documents: {', '.join(POLICY_GENRES)}):")
    for name, v in [("policy documents", s["policy_documents"]), *s["by_genre"].items()]:
        fr, sg, h = v["framing"], v["stigma"], v["hard_negatives"]
        lines.append(f"  {name:16} {v['sentences']:5} sentences  framing P {fr['precision']:.3f} R {fr['recall']:.3f}  "
                     f"stigma P {sg['precision']:.3f} R {sg['recall']:.3f}  hard negatives flagged "
                     f"{h['flagged']} of {h['sentences']}")
    lines.append("by rule (a framing finding is right on a framing sentence; a language finding on a labelled span):")
    for k, v in s["by_rule"].items():
        lines.append(f"  {k:32} precision {v['precision']:.3f}  (tp {v['tp']}, fp {v['fp']})")
    return "\n".join(lines)


__all__ = ["POLICY_GENRES", "evaluate", "load_corpus", "split_of", "summarize", "format_summary", "errors", "Outcome"]

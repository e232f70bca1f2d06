"""A small learned reviewer for enforcement-first framing.

The framing grammar (``reviewers/framing.yaml``) names the shapes it knows; real policy text
says the same things in more ways than any grammar lists. This model reads a whole sentence:
logistic regression over its words and word pairs (tf-idf weighted), trained on the labelled
values corpus (``tests/corpus/values``) by ``lic-policy rules train``. It is
explainable by construction — a finding names the words that weighed most for it — runs on
the CPU in pure Python, ships inside the package as one JSON file
(``reviewers/models/framing.json``), and is only consulted for sentences about sex work
that no rule flagged.

Training is deterministic and pure Python too (full-batch gradient descent with Adam on the
regularised, class-balanced log loss), so anyone can rebuild the shipped weights from the
corpus and check them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

FORMAT = 1
_TOKEN = re.compile(r"\b\w\w+\b")
_DIGIT = re.compile(r"\d")


# words the model never reads: the stigmatizing names for people and the activity are the
# language reviewer's business, and a sentence is not enforcement-first because it says
# "prostitutes" (the framing is in what is done to them)
IGNORED = r"prostitut\w*|hookers?|johns?|pimps?|punters?|whores?|streetwalkers?"
VETO_MIN_WORDS = 15
"""A rule's finding is withdrawn only in a sentence of at least this many words. Measured
out of fold on the development corpus (folds by site): vetoing in any sentence and in
sentences of 15 words or more give the same F1 (0.726 against 0.725), but short plain
sentences the model has too little evidence for lose their findings."""



def may_veto(text: str) -> bool:
    """Whether the model has read enough of ``text`` to withdraw a rule's finding in it (at
    check time and when the veto is chosen in training): a veto below ``VETO_MIN_WORDS`` words
    would rest on too little evidence (a short, plain sentence such as "Officers will ticket
    sex workers for loitering." scores low only because the model knows none of its decisive
    words)."""
    return len(text.split()) >= VETO_MIN_WORDS

def tokens(text: str, ignored: Optional[re.Pattern] = None) -> list[str]:
    """Lower-case words of two or more letters; any word with a digit is ``#num`` (so "40
    arrests" and "12 arrests" are the same evidence); ``ignored`` words are left out."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    out = ["#num" if _DIGIT.search(t) else t for t in _TOKEN.findall(text)]
    return [t for t in out if not ignored.fullmatch(t)] if ignored is not None else out


def terms(text: str, ignored: Optional[re.Pattern] = None) -> dict[str, int]:
    """Counts of the words and adjacent word pairs of ``text``."""
    toks = tokens(text, ignored)
    out: dict[str, int] = {}
    for t in toks:
        out[t] = out.get(t, 0) + 1
    for a, b in zip(toks, toks[1:]):
        k = a + " " + b
        out[k] = out.get(k, 0) + 1
    return out


@dataclass
class Model:
    """Weights per term (with the term's idf), a bias and the decision threshold."""

    idf: dict[str, float]
    weight: dict[str, float]
    bias: float
    threshold: float
    meta: dict = field(default_factory=dict)
    ignored: str = IGNORED
    min_words: int = 6
    veto: float = 0.0  # a rule's finding in a sentence scored below this is dropped (0: never)
    _ignored_re: Any = None

    def vector(self, text: str) -> dict[str, float]:
        """The sentence's tf-idf vector (sublinear tf, l2-normalised) over the known terms."""
        idf = self.idf
        if self._ignored_re is None:
            self._ignored_re = re.compile(self.ignored) if self.ignored else False
        v = {t: (1.0 + math.log(c)) * idf[t] for t, c in terms(text, self._ignored_re or None).items() if t in idf}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}

    def may_veto(self, text: str) -> bool:
        return may_veto(text)

    def too_short(self, text: str) -> bool:
        """Fewer than ``min_words`` different words the model reads: too little to judge."""
        if self._ignored_re is None:
            self._ignored_re = re.compile(self.ignored) if self.ignored else False
        return len(set(tokens(text, self._ignored_re or None))) < self.min_words

    def score(self, text: str) -> tuple[float, list[tuple[str, float]]]:
        """The probability that the sentence is enforcement-first framing, and the terms that
        raised it, largest contribution first."""
        v = self.vector(text)
        w = self.weight
        contrib = [(t, x * w.get(t, 0.0)) for t, x in v.items()]
        z = self.bias + sum(c for _t, c in contrib)
        p = 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0
        return p, sorted(((t, c) for t, c in contrib if c > 0), key=lambda tc: -tc[1])

    def to_json(self) -> str:
        terms_ = sorted(self.weight)
        return json.dumps({"format": FORMAT, "meta": self.meta, "bias": round(self.bias, 6),
                           "threshold": self.threshold, "veto": self.veto, "ignored": self.ignored,
                           "min_words": self.min_words,
                           "terms": {t: [round(self.idf[t], 5), round(self.weight[t], 6)] for t in terms_}},
                          ensure_ascii=False, indent=0, sort_keys=False)

    @classmethod
    def from_json(cls, text: str, where: str = "<model>") -> "Model":
        from ..errors import ConfigError

        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
            idf = {t: float(v[0]) for t, v in data["terms"].items()}
            weight = {t: float(v[1]) for t, v in data["terms"].items()}
            ignored = str(data.get("ignored") or "")
            re.compile(ignored)
            return cls(idf, weight, float(data["bias"]), float(data["threshold"]), dict(data.get("meta") or {}),
                       ignored, int(data.get("min_words", 6)), float(data.get("veto", 0.0)))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, re.error) as exc:
            raise ConfigError(f"not a framing model file ({exc})", file=where,
                              hint="rebuild it with `lic-policy rules train`") from None


_LOADED: dict[str, Model] = {}


def load(path: str | Path) -> Model:
    """The model in ``path``, read once per process. Parsing 400 KB of JSON takes ~20 ms, so
    the parsed model is also kept in the user's cache folder (``marshal``, keyed by the
    file's hash): a few milliseconds on the next run."""
    key = str(path)
    m = _LOADED.get(key)
    if m is None:
        import hashlib
        import marshal

        from .. import usercache
        from ..store import read_bytes

        raw = read_bytes(Path(path))
        name = f"model-{hashlib.sha256(raw).hexdigest()[:30]}-2.bin"
        cached = usercache.read(name)
        if cached is not None:
            try:
                idf, weight, bias, th, meta, ignored, min_words, veto = marshal.loads(cached)
                m = Model(idf, weight, bias, th, meta, ignored, min_words, veto)
            except (ValueError, EOFError, TypeError):
                m = None
        if m is None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            m = Model.from_json(text, key)
            try:
                usercache.write(name, marshal.dumps((m.idf, m.weight, m.bias, m.threshold, m.meta, m.ignored,
                                                     m.min_words, m.veto)))
            except (ValueError, OSError):
                pass
        _LOADED[key] = m
    return m


# --------------------------------------------------------------------------- training


def fit(texts: Sequence[str], labels: Sequence[int], *, c: float = 4.0, min_df: int = 2,
        iterations: int = 300, rate: float = 0.1, ignored: str = IGNORED
        ) -> tuple[dict[str, float], dict[str, float], float]:
    """Fit tf-idf and logistic regression: minimise C·Σ wᵢ·logloss + ½‖w‖² (the form
    scikit-learn uses) with class-balanced sample weights. Returns (idf, weights, bias)."""
    n = len(texts)
    skip = re.compile(ignored) if ignored else None
    counted = [terms(t, skip) for t in texts]
    df: dict[str, int] = {}
    for cnt in counted:
        for t in cnt:
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, d in df.items() if d >= min_df)
    index = {t: i for i, t in enumerate(vocab)}
    idf = [math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab]
    rows: list[list[tuple[int, float]]] = []
    for cnt in counted:
        row = [(index[t], (1.0 + math.log(k)) * idf[index[t]]) for t, k in cnt.items() if t in index]
        norm = math.sqrt(sum(x * x for _i, x in row)) or 1.0
        rows.append([(i, x / norm) for i, x in row])
    pos = sum(1 for y in labels if y)
    neg = n - pos
    sw = [n / (2.0 * pos) if y else n / (2.0 * neg) for y in labels]
    m = len(vocab)
    w = [0.0] * m
    b = 0.0
    # Adam on the full batch: deterministic, and a few hundred steps reach the optimum
    mw = [0.0] * m
    vw = [0.0] * m
    mb = vb = 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, iterations + 1):
        gw = list(w)  # the regulariser's gradient (½‖w‖²), the loss is scaled by C
        gb = 0.0
        for row, y, s in zip(rows, labels, sw):
            z = b + sum(w[i] * x for i, x in row)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0
            g = c * s * (p - (1.0 if y else 0.0))
            gb += g
            for i, x in row:
                gw[i] += g * x
        lr = rate * math.sqrt(1 - b2 ** step) / (1 - b1 ** step)
        for i in range(m):
            gi = gw[i]
            mw[i] = b1 * mw[i] + (1 - b1) * gi
            vw[i] = b2 * vw[i] + (1 - b2) * gi * gi
            w[i] -= lr * mw[i] / (math.sqrt(vw[i]) + eps)
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        b -= lr * mb / (math.sqrt(vb) + eps)
    keep = {t: (idf[i], w[i]) for i, t in enumerate(vocab)}
    return {t: v[0] for t, v in keep.items()}, {t: v[1] for t, v in keep.items()}, b


def prune(idf: dict[str, float], weight: dict[str, float], floor: float = 0.01) -> tuple[dict, dict]:
    """Drop terms whose weight is too small to matter (a smaller file, the same answers to
    within the rounding; the idf of a dropped term still counts in the norm, so kept)."""
    return idf, {t: w for t, w in weight.items() if abs(w) >= floor}


def topic_sentences(records: Iterable[dict], topic: Any) -> list[dict]:
    return [r for r in records if topic.search(r["text"])]


def cross_validate(records: list[dict], topic: Any, *, folds: int = 5, **kw: Any) -> list[float]:
    """Out-of-fold probabilities for every record, folds grouped by source site (no site is
    on both sides), so the estimate is of text from sources the model has not seen."""
    sites = sorted({_site(r) for r in records})
    fold_of = {s: i % folds for i, s in enumerate(sorted(sites, key=_stable_hash))}
    probs = [0.0] * len(records)
    for k in range(folds):
        train_i = [i for i, r in enumerate(records) if fold_of[_site(r)] != k]
        test_i = [i for i, r in enumerate(records) if fold_of[_site(r)] == k]
        idf, weight, bias = fit([records[i]["text"] for i in train_i],
                                [int(bool(records[i]["framing"])) for i in train_i], **kw)
        m = Model(idf, weight, bias, 0.5)
        for i in test_i:
            probs[i] = m.score(records[i]["text"])[0]
    return probs


def _site(r: dict) -> str:
    url = str((r.get("source") or {}).get("url") or r.get("file") or "")
    m = re.match(r"[a-z]+://([^/]+)", url)
    host = (m.group(1) if m else url).lower()
    return host[4:] if host.startswith("www.") else host


def _stable_hash(s: str) -> int:
    import hashlib

    return int(hashlib.sha1(s.encode("utf-8")).hexdigest()[:8], 16)


def choose_threshold(probs: Sequence[float], labels: Sequence[int], rules: Sequence[int],
                     gate: Sequence[bool], *, min_precision: float = 0.8) -> float:
    """The lowest threshold (in steps of 0.05) at which the model's own out-of-fold
    precision on gated sentences reaches ``min_precision``."""
    for th in [x / 100 for x in range(40, 96, 5)]:
        tp = sum(1 for p, y, g in zip(probs, labels, gate) if g and p >= th and y)
        fp = sum(1 for p, y, g in zip(probs, labels, gate) if g and p >= th and not y)
        if tp + fp and tp / (tp + fp) >= min_precision:
            return th
    return 0.95


@dataclass
class TrainReport:
    model: Model
    sentences: int
    gated: int
    threshold: float
    model_cv: tuple[float, float]  # precision, recall of the model alone, out of fold
    rules: tuple[float, float]  # the rules alone (they were written looking at this corpus)
    combined_cv: tuple[float, float]  # rules (less those vetoed), or the model, out of fold
    veto: float = 0.0


def train_on_corpus(records: list[dict], ruleset: Any, rule: Any, *, min_precision: float = 0.8,
                    folds: int = 5, c: float = 4.0, iterations: int = 150) -> TrainReport:
    """Cross-validate (folds by source site), choose the threshold, and fit the model on all
    ``records``. ``rule`` is the learned rule (its ``needs`` gates which sentences are read)."""
    import hashlib

    from .evaluate import run

    gate = rule.needs_re
    saved = ruleset.model_rules
    ruleset.model_rules = []  # the rules alone, as the model will see them at check time
    try:
        rule_found = [bool(o.framing_found) for o in run(records, ruleset)]
    finally:
        ruleset.model_rules = saved
    labels = [int(bool(r["framing"])) for r in records]
    gated = [bool(gate.search(r["text"])) for r in records]
    probs = cross_validate(records, gate, folds=folds, c=c, iterations=iterations)
    th = choose_threshold(probs, labels, [int(x) for x in rule_found], gated, min_precision=min_precision)
    model_pred = [g and p >= th for p, g in zip(probs, gated)]
    long = [may_veto(r["text"]) for r in records]
    vetoable = [g and n for g, n in zip(gated, long)]
    veto = choose_veto(probs, labels, rule_found, vetoable, model_pred)
    combined = [m or (r and (not g or p >= veto)) for m, r, g, p in zip(model_pred, rule_found, vetoable, probs)]
    idf, weight, bias = fit([r["text"] for r in records], labels, c=c, iterations=iterations)
    idf, weight = prune(idf, weight)
    digest = hashlib.sha256("\n".join(f"{y}\t{r['text']}" for y, r in zip(labels, records)).encode()).hexdigest()
    meta = {"trained_on": len(records), "framing": sum(labels), "corpus_sha256": digest[:16], "c": c,
            "iterations": iterations, "folds": folds, "min_precision": min_precision, "veto": veto,
            "cv_model": _pr(model_pred, labels), "cv_combined": _pr(combined, labels),
            "rules": _pr(rule_found, labels)}
    model = Model(idf, weight, bias, th, meta, veto=veto)
    return TrainReport(model, len(records), sum(gated), th, _pr(model_pred, labels), _pr(rule_found, labels),
                       _pr(combined, labels), veto)


def choose_veto(probs: Sequence[float], labels: Sequence[int], rule_found: Sequence[bool],
                gated: Sequence[bool], model_pred: Sequence[bool]) -> float:
    """The score below which a rule's finding is dropped (in a sentence the model may veto), chosen (in steps of 0.05 up to 0.3)
    for the best F1 of the combination out of fold; 0 when vetoing does not help."""
    best, best_f = 0.0, -1.0
    for v in [x / 100 for x in range(0, 31, 5)]:
        pred = [m or (r and (not g or p >= v)) for m, r, g, p in zip(model_pred, rule_found, gated, probs)]
        prec, rec = _pr(pred, labels)
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f > best_f + 1e-9:
            best, best_f = v, f
    return best


def _pr(pred: Sequence[bool], labels: Sequence[int]) -> tuple[float, float]:
    tp = sum(1 for p, y in zip(pred, labels) if p and y)
    fp = sum(1 for p, y in zip(pred, labels) if p and not y)
    fn = sum(1 for p, y in zip(pred, labels) if not p and y)
    return (round(tp / (tp + fp), 3) if tp + fp else 1.0, round(tp / (tp + fn), 3) if tp + fn else 1.0)


FUNCTION_WORDS = frozenset("""
a an the this that these those it its they them their there here we our you your he she his her
of in on at to for from by with as about into over under between after before during than then
and or but nor so if because while when where which who whom whose what how why not no
is are was were be been being am has have had do does did will would shall should can could
may might must said says say also very just only such
""".split())
"""Words an explanation does not name: they can weigh in a score, but "'the', 'were'" tells a
drafter nothing about what in the sentence reads as enforcement-first."""


def explain(contrib: list[tuple[str, float]], limit: int = 4) -> str:
    """The terms that raised the score most, as the finding's message names them: content
    words first (a term made only of function words is named only when nothing else weighed),
    no term inside another already named, numbers as N."""
    def pick(skip_function_words: bool) -> list[str]:
        words: list[str] = []
        for t, _c in contrib:
            if t == "#num" or any(t in w or w in t for w in words):
                continue
            if skip_function_words and all(x in FUNCTION_WORDS or x == "#num" for x in t.split()):
                continue
            words.append(t)
            if len(words) == limit:
                break
        return words

    words = pick(True) or pick(False)
    return ", ".join("'" + w.replace("#num", "N") + "'" for w in words)


def default_path() -> Optional[Path]:
    from ..resources import reviewers_dir

    p = Path(reviewers_dir()) / "models" / "framing.json"
    return p if p.exists() else None

"""A finding's message in plain words, for the reports read without the source line under them
(GitHub annotations, SARIF, GitLab Code Quality): the terminal shows the flagged words with a
caret under them, so its message may name them as the grammar does (``'arrested'
(enforcement) 40 'johns' (the clients): …``); on a pull request that read as a code. Here the
message starts with the flagged words as written, quoted, and ends with what each word is:
``“arrested 40 johns”: targeting clients makes sex work less safe ('arrested' is an
enforcement word; 'johns' refers to clients)``."""

from __future__ import annotations

import re

from .. import lazy_re
from ..model.finding import Finding

# a word of the grammar named with its class, as ``lexicons.Explainer`` and ``learned.explain``
# write it: 'crack down' (enforcement); a word may hold an apostrophe ('world's oldest profession').
# The opening quote follows no letter and a word follows it: in "'night', 'stroll' (the activity)"
# the closing quote of 'night' opens nothing
_LABELLED = lazy_re.compile(r"(?<!\w)'(\w(?:[^'\n]|'(?=\w))*)' \(([a-z][a-z ]*)\)")

# a class's label → what a word of it is, in plain words; a label not here is "read as <label>"
_PLAIN = {
    "enforcement": "is an enforcement word",
    "enforcement agent": "names an enforcement agency",
    "displacement": "is about moving people on",
    "eradication": "is about ending or reducing sex work",
    "the activity": "refers to sex work",
    "the topic": "refers to sex work",
    "the people": "refers to sex workers",
    "the clients": "refers to clients",
    "nuisance framing": "frames sex work as a nuisance",
    "policy voice": "is the policy speaking (what it will do)",
    "a policy voice": "is the policy speaking (what it will do)",
    "rescue": "frames support as rescue",
    "exit": "is about leaving sex work",
    "a place": "names a place",
}


# the other labels a finding can name a word with (the learned reviewer's stance cues, the
# lexicon's entries not in _PLAIN): said as "read as <label>". A parenthesis that is none of
# these is the message's own ("say 'STI' (sexually transmitted infection)") and is left alone.
_LABELS = set(_PLAIN) | {"a negation", "reported speech", "research", "critique", "history", "exploitation or violence",
                         "support", "a count", "modifier", "gap", "not a head", "not the buying side", "not their own"}


def _what(word: str, label: str) -> str:
    return f"'{word}' " + _PLAIN.get(label, f"is read as {label}")


def _within(words: str, match: str) -> bool:
    """Whether ``words`` are words of ``match``, in its order (the explanation names the words
    of the match it knows: 'crack down on' (enforcement) of "crack down on buyers")."""
    want = re.findall(r"\w+", words.lower())
    have = iter(re.findall(r"\w+", match.lower()))
    return bool(want) and all(w in have for w in want)


def plain_message(f: Finding) -> str:
    """``f.message`` with the flagged words quoted first and its class labels said in words;
    a message that names no class is returned as it is."""
    msg = f.message
    labelled = [m for m in _LABELLED.finditer(msg) if m.group(2) in _LABELS]
    if not labelled:
        return msg
    said: list[str] = []
    for m in labelled:
        what = _what(m.group(1), m.group(2))
        if what not in said and m.group(1).lower() not in what[len(m.group(1)) + 2:].lower():
            said.append(what)  # not "'sex workers' refers to sex workers"
    shown = " ".join(f.match.split())
    quoted = f"“{shown}”" if shown else ""
    colon = msg.find(": ", labelled[-1].end())
    head = msg[:colon] if colon >= 0 else ""
    if quoted and head and _within(_LABELLED.sub(lambda m: m.group(1) if m.group(2) in _LABELS else m.group(0), head),
                                   shown):
        # "{why}: reason" (the framing rules): the flagged words stand where their explanation was
        body = quoted + msg[colon:]
    else:
        body = _LABELLED.sub(lambda m: f"'{m.group(1)}'" if m.group(2) in _LABELS else m.group(0), msg)
        if quoted:
            body = f"{quoted}: {body}"
    return f"{body} ({'; '.join(said)})" if said else body


def fix_command(f: Finding) -> str:
    """How to apply a finding's fix, as every report says it: safe fixes with `--write`, the
    others only after reading the sentence, with `--unsafe-fixes`."""
    return "(lic-policy fix --write)" if f.fix_safe else \
        "(unsafe: read the sentence first; lic-policy fix --write --unsafe-fixes)"


def advice(f: Finding) -> str:
    """What to do, as the terminal says it: the fix `lic-policy fix` makes (and whether it
    needs --unsafe-fixes), else the suggestions; "" when there is neither."""
    if f.fix and not f.rule_id.startswith("privacy."):  # personal data is never quoted
        return f"fix: {' '.join(f.match.split())!r} → {f.fix!r} {fix_command(f)}"
    if f.suggestions:
        return f"suggestion: {'; '.join(f.suggestions)}"
    return ""


def with_advice(f: Finding, text: str | None = None) -> str:
    """The plain message and what to do (``advice``)."""
    text = plain_message(f) if text is None else text
    todo = advice(f)
    return f"{text} — {todo}" if todo else text

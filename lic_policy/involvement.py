"""How sex workers took part in making a guideline, in plain words, from its consultation
record: the stages and who took part in each, how many people took part (counts only), how
representatives were chosen, whether taking part was voluntary, whether people were paid and
what say sex workers have in the decision.

The sex workers reviewing a draft (the review room, the Word review packet) are the people the
record is about; they never open the YAML, and the record is not text they can comment on
word by word, so it is said to them here. Counts and the record's own values only: none of its
free text (a stage's notes, how representatives were chosen in words, the confidentiality
notes), which stays the draft's own words, shown and commented where they are.

Reads the guideline's data as loaded (a dict), so a draft that does not validate yet is said
as far as it can be. No I/O, no markup: each output wraps the words in its own.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from .model.vocab import SEX_WORKER_GROUPS, STAGE_ORDER

HEADING = "How sex workers took part in making this draft"

_SEX_WORKERS = SEX_WORKER_GROUPS | {"sex-worker-led-organizations"}
_STATUS = {"completed": "done", "in-progress": "under way", "planned": "planned"}
_NONE_TOOK_PART = {"completed": "No sex workers took part.", "in-progress": "No sex workers are taking part.",
                   "planned": "No sex workers are to take part."}


@dataclass(frozen=True)
class Fact:
    """One thing the record says: a label (empty for a sentence on its own), a sentence, and
    a list under it."""

    label: str
    text: str = ""
    items: tuple[str, ...] = ()


def _map(v: Any) -> dict:
    return v if isinstance(v, dict) else {}


def _words(value: Any) -> str:
    from .publish.document import humanize

    return humanize(str(value)) if value not in (None, "") else ""


def _lower(text: str) -> str:
    """"Municipal government" → "municipal government"; "Indigenous organizations" stays."""
    return text if text.startswith("Indigenous") else text[:1].lower() + text[1:]


def _date(v: Any) -> str:
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()[:10]
    return str(v) if v not in (None, "") else ""


def _dates(start: Any, end: Any) -> str:
    s, e = _date(start), _date(end)
    if s and e:
        return f"{s} to {e}"
    return f"from {s}" if s else (f"until {e}" if e else "")


def _stage_line(st: dict) -> str:
    status = str(st.get("status") or "")
    head = _words(st.get("stage")) or "A stage"
    said = ", ".join(x for x in (_STATUS.get(status, status), _dates(st.get("start"), st.get("end"))) if x)
    groups = [str(g) for g in st.get("groups") or [] if isinstance(g, str)] if isinstance(st.get("groups"), list) else []
    who = ", ".join(_lower(_words(g)) for g in groups)
    line = f"{head} — {said}" if said else head
    line += f": {who}." if who else ": no groups recorded."
    if not any(g in _SEX_WORKERS for g in groups):
        line += " " + _NONE_TOOK_PART.get(status, "No sex workers took part.")
    return line


def _stages(c: dict) -> Fact:
    stages = [s for s in c.get("stages") or [] if isinstance(s, dict)] if isinstance(c.get("stages"), list) else []
    if not stages:
        return Fact("At each stage", "No stage is recorded.")
    items = [_stage_line(s) for s in stages]
    named = {str(s.get("stage")) for s in stages}
    missing = [s for s in STAGE_ORDER if s not in named]
    if missing:
        items.append("Not recorded: " + ", ".join(missing) + ".")
    return Fact("At each stage", items=tuple(items))


def _participants(c: dict) -> Fact:
    label = "How many took part (counts only: no names are kept)"
    rows = [p for p in c.get("participants") or [] if isinstance(p, dict)] \
        if isinstance(c.get("participants"), list) else []
    if not rows:
        return Fact(label, "Not recorded.")
    items = []
    for p in rows:
        note = p.get("note")
        items.append(f"{_words(p.get('group')) or 'A group'}: {p.get('count', '?')}"
                     + (f" ({note})" if isinstance(note, str) and note.strip() else ""))
    counted = any(str(p.get("group")) in SEX_WORKER_GROUPS and isinstance(p.get("count"), int) and p["count"] > 0
                  for p in rows)
    text = "" if counted else "No sex workers are counted among those who took part."
    return Fact(label, text, tuple(items))


def _selection(c: dict) -> Fact:
    method = _map(c.get("representative_selection")).get("method")
    return Fact("Who chose the representatives", (_words(method) + ".") if method else "Not recorded.")


def _voluntary(c: dict) -> Fact:
    v, w = c.get("voluntary"), c.get("right_to_withdraw")
    parts = []
    if isinstance(v, bool):
        parts.append("Voluntary" if v else "Not voluntary")
    if isinstance(w, bool):
        parts.append("people could withdraw" if w else "people could not withdraw")
    if not parts:
        return Fact("Taking part", "Not recorded whether it was voluntary.")
    text = ", and ".join(parts)
    return Fact("Taking part", text[:1].upper() + text[1:] + ".")


def _pay(c: dict) -> Fact:
    cp = _map(c.get("compensation"))
    provided = cp.get("provided")
    if provided is True:
        how = ", ".join(str(cp[k]).strip() for k in ("form", "rate") if isinstance(cp.get(k), str) and cp[k].strip())
        return Fact("Paid", f"Yes: {how}." if how else "Yes.")
    if provided is False:
        return Fact("Paid", "No: people who took part were not paid.")
    return Fact("Paid", "Not recorded.")


def _decision(c: dict) -> Fact:
    dp = _map(c.get("decision_power"))
    seats, total = dp.get("sex_worker_seats"), dp.get("total_seats")
    if not isinstance(seats, int) or not isinstance(total, int):
        return Fact("Say in the decision", "Not recorded.")
    body = str(dp.get("body") or "The body that decides").strip()
    text = f"{body}: sex workers hold {seats} of its {total} seats"
    if seats:
        text += ", with votes" if dp.get("votes") is True else ", without votes"
    if dp.get("sign_off") is True:
        text += "; it cannot be approved without their sign-off"
    return Fact("Say in the decision", text + ".")


def _diversity(c: dict) -> list[Fact]:
    d = [str(x) for x in c.get("diversity") or [] if isinstance(x, str)] if isinstance(c.get("diversity"), list) else []
    if not d:
        return []
    return [Fact("Experiences represented", ", ".join(_words(x) for x in d[:1])
                 + "".join(", " + _lower(_words(x)) for x in d[1:]) + ".")]


def facts(data: Any) -> list[Fact]:
    """What the guideline's consultation record says of sex workers' part in making it."""
    c = _map(_map(data).get("consultation"))
    if not c:
        return [Fact("", "This draft does not say yet how sex workers took part in making it: it has no record "
                         "of the stages they took part in, how many took part, whether they were paid or what say "
                         "they have in the decision.")]
    return [_stages(c), _participants(c), _selection(c), _voluntary(c), _pay(c), _decision(c), *_diversity(c)]


__all__ = ["HEADING", "Fact", "facts"]

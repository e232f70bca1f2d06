"""Structural reviewers: who was at the table, at which stage, with what power; whether the
guideline covers what a balanced LIC response needs; privacy of participants; status gates.

Each function is a ``kind: python`` rule named by ``reviewers/structure.yaml`` (its metadata,
rationale, sources and example documents live there). Every function reads the raw parsed
data defensively: checks also run on documents that do not validate, so a missing or
mistyped field is treated as absent rather than raising.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator, Optional

from ..model.finding import Finding
from ..model.vocab import KEY_AREA_TITLES, SEX_WORKER_GROUPS, STAGE_ORDER, STATUS_ORDER
from .findings import finding_at

# Groups whose presence counts as sex workers taking part in a stage.
INVOLVED_GROUPS = SEX_WORKER_GROUPS | {"sex-worker-led-organizations"}
KEY_AREAS = {key: title.lower() for key, title in KEY_AREA_TITLES.items()}  # for messages
# The LIC table (seed 003, step 3), in the order the toolkit lists it.
LIC_TABLE = {
    "current-sex-workers": "current sex workers",
    "former-sex-workers": "former sex workers",
    "sex-worker-serving-organizations": "sex-worker-serving organizations",
    "police": "police",
    "community-policing": "community policing",
    "health": "health",
    "municipal-government": "municipal government",
    "provincial-government": "provincial government",
    "neighbourhood-organizations": "neighbourhood organizations",
    "residents": "residents",
    "indigenous-organizations": "Indigenous organizations",
    "business": "business",
    "youth-serving-organizations": "youth-serving organizations",
}
# Stages the status says are behind the guideline (a stage not yet reached is fine).
PASSED_STAGES = {
    "draft": ["design"],
    "in-review": ["design", "drafting"],
    "approved": ["design", "drafting", "review", "approval"],
    "published": ["design", "drafting", "review", "approval", "implementation"],
    "retired": STAGE_ORDER,
}
NEXT_STEP = {
    "design": "before drafting",
    "drafting": "before review",
    "review": "before approval",
    "approval": "before publishing",
    "implementation": "before the next review",
    "evaluation": "before the next version",
}


# ---------------------------------------------------------------------------- helpers


class _Caseless:
    """A case-insensitive regular expression. Text that is all ASCII (nearly all guideline
    text) is lowercased and searched with the expression's lowercase form without
    ``re.IGNORECASE``, which lets the regular-expression engine skip positions that cannot
    start a match (two to five times faster); other text is searched with ``re.IGNORECASE``.
    The matches are the same (lowercasing ASCII keeps every offset); a match's text is
    ``text[m.start():m.end()]``, as ``m.group()`` may be the lowercased copy."""

    __slots__ = ("caseless", "lower")

    def __init__(self, source: str):
        self.caseless = re.compile(source, re.IGNORECASE)
        # letters lowercased, escapes (\S, \W, \B, \D ...) kept as they are
        self.lower = re.compile(re.sub(r"\\.|[A-Z]+", lambda m: m.group(0) if m.group(0)[0] == "\\"
                                       else m.group(0).lower(), source))

    def search(self, text: str) -> Optional[re.Match]:
        return self.lower.search(text.lower()) if text.isascii() else self.caseless.search(text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.lower.finditer(text.lower()) if text.isascii() else self.caseless.finditer(text)


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return value if isinstance(value, list) else []


def _strs(value: Any) -> list[str]:
    return [v for v in _l(value) if isinstance(v, str)]


def _status(data: dict) -> str:
    s = _d(data.get("metadata")).get("status")
    return s if s in STATUS_ORDER else "draft"


def _at_least(data: dict, status: str) -> bool:
    return STATUS_ORDER.index(_status(data)) >= STATUS_ORDER.index(status)


def _consultation(data: dict) -> Optional[dict]:
    c = data.get("consultation")
    return c if isinstance(c, dict) else None


_SECTIONS_OF: list = [None, None]  # [data, its sections]: several rules walk the same document in turn


def _sections(data: dict) -> list[tuple[tuple, dict]]:
    """Every section, nested ones too, with its path (computed once per document)."""
    if _SECTIONS_OF[0] is data:
        return _SECTIONS_OF[1]
    out: list[tuple[tuple, dict]] = []

    def walk(items: Any, prefix: tuple) -> None:
        for i, s in enumerate(_l(items)):
            if isinstance(s, dict):
                out.append((prefix + (i,), s))
                if s.get("sections"):
                    walk(s["sections"], prefix + (i, "sections"))
    walk(data.get("sections"), ("sections",))
    _SECTIONS_OF[0], _SECTIONS_OF[1] = data, out
    return out


def _clauses(data: dict) -> Iterator[tuple[tuple, dict, dict]]:
    for spath, section in _sections(data):
        for j, c in enumerate(_l(section.get("clauses"))):
            if isinstance(c, dict):
                yield spath + ("clauses", j), c, section


def _section_text(section: dict) -> str:
    parts = [str(section.get("title") or ""), str(section.get("intro") or "")]
    parts += [str(_d(c).get("text") or "") for c in _l(section.get("clauses"))]
    return "\n".join(parts)


def _protocols(data: dict, protocol: str) -> list[tuple[tuple, dict]]:
    return [(p, s) for p, s in _sections(data) if s.get("protocol") == protocol]


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _guideline_only(fn):
    """Structure rules read guidelines (``lic_policy:`` or ``metadata:``); review and config files are not."""

    @functools.wraps(fn)
    def wrapper(doc, config, rule):
        data = doc.data
        if not isinstance(data, dict) or "lic_policy_review" in data or not ("metadata" in data or "lic_policy" in data):
            return ()  # a review file, a config file or other YAML that is not a guideline
        covered = _todo_covered(data) if "todo" in data else ()
        return [_prose_anchor_only(doc, f) for f in fn(doc, config, rule) or ()
                if not any(tuple(f.path[:len(p)]) == p for p in covered)]

    return wrapper


def _about(about: Any) -> tuple:
    """A to-do's ``about`` ("consultation.stages.1") as a data path."""
    if not isinstance(about, str) or not about.strip():
        return ()
    return tuple(int(p) if p.isdigit() else p for p in about.strip().split("."))


def _present(data: Any, path: tuple) -> bool:
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return node not in (None, [], {})


def _todo_covered(data: dict) -> list[tuple]:
    """The parts a draft's to-do items stand in for: named by ``about`` and not written yet.
    Findings about them are reported as the to-do (info, by ``draft.todo``) instead."""
    if _status(data) != "draft":
        return []
    out = []
    for item in _l(data.get("todo")):
        path = _about(_d(item).get("about"))
        if path and not _present(data, path):
            out.append(path)
    return out


def _prose_anchor_only(doc, f: Finding) -> Finding:
    """Keep a quote anchor only where review threads can follow it: in a prose field (a text
    unit). Elsewhere (a stage's status, a count, a note) the finding keeps its place in the
    YAML and its element, but is not turned into a review thread."""
    if f.anchor is None or f.anchor.quote is None or f.file != getattr(doc, "file", None):
        return f
    paths = getattr(doc, "_unit_paths", None)
    if paths is None:
        from ..text import guideline_units

        paths = {u.path for u in guideline_units(doc.data)}
        try:
            doc._unit_paths = paths
        except AttributeError:  # pragma: no cover - a document type without a __dict__
            pass
    if tuple(f.path) not in paths:
        f.anchor = f.anchor.without_quote()
    return f


# ---------------------------------------------------------------------------- drafting


@_guideline_only
def todo_items(doc, config, rule):
    """Every to-do item the draft still carries, as information."""
    data = doc.data
    status = _status(data)
    for i, item in enumerate(_l(data.get("todo"))):
        text = _d(item).get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        late = "" if status == "draft" else f" — still open although the status is '{status}'"
        yield finding_at(rule, doc, ("todo", i), f"to do: {' '.join(text.split())}{late}")


# ---------------------------------------------------------------------------- involvement


@_guideline_only
def stage_involvement(doc, config, rule):
    """Every stage recorded — done, under way or planned — includes current or former sex workers."""
    c = _consultation(doc.data)
    if c is None:
        return
    for i, st in enumerate(_l(c.get("stages"))):
        if not isinstance(st, dict) or st.get("stage") not in STAGE_ORDER:
            continue
        groups = set(_strs(st.get("groups")))
        if groups & INVOLVED_GROUPS:
            continue
        stage, status = st["stage"], st.get("status")
        tense = {"completed": "took part", "in-progress": "are taking part"}.get(status, "are planned to take part")
        where = ("stages", i, "groups") if "groups" in st else ("stages", i)
        yield finding_at(rule, doc, ("consultation",) + where,
                         f"{stage} stage: no current or former sex workers {tense} — record who took part or "
                         f"involve a sex-worker-led organization {NEXT_STEP[stage]}")


@_guideline_only
def stages_recorded(doc, config, rule):
    """The stages the status says are behind the guideline are in the consultation record."""
    data = doc.data
    status = _status(data)
    c = _consultation(data)
    if c is None:
        yield finding_at(rule, doc, ("metadata", "status"),
                         f"status is '{status}' but there is no consultation record: record how current and former "
                         f"sex workers took part in the {_join(PASSED_STAGES[status])} stage"
                         f"{'s' if len(PASSED_STAGES[status]) > 1 else ''}")
        return
    recorded = {st.get("stage"): (i, st) for i, st in enumerate(_l(c.get("stages"))) if isinstance(st, dict)}
    missing = [s for s in PASSED_STAGES[status] if s not in recorded]
    if missing:
        yield finding_at(rule, doc, ("consultation", "stages"),
                         f"status is '{status}' but the {_join(missing)} stage{'s are' if len(missing) > 1 else ' is'} "
                         "not in the consultation record: record when it ran and which groups took part")
    for stage in PASSED_STAGES[status]:
        if stage in recorded and recorded[stage][1].get("status") == "planned" and stage != "implementation":
            i = recorded[stage][0]
            yield finding_at(rule, doc, ("consultation", "stages", i, "status"),
                             f"{stage} stage is still 'planned' but the status is '{status}': record it as completed "
                             "with its dates, or move the status back")


@_guideline_only
def selection(doc, config, rule):
    """Representatives were chosen by sex workers or sex-worker-led organizations."""
    c = _consultation(doc.data)
    if c is None:
        return
    sel = c.get("representative_selection")
    if not isinstance(sel, dict):
        yield finding_at(rule, doc, ("consultation", "representative_selection"),
                         "the consultation record does not say how sex worker representatives were chosen — add "
                         "representative_selection (chosen-by-sex-workers or chosen-by-sex-worker-led-organizations)")
        return
    method = sel.get("method")
    if method not in ("chosen-by-sex-workers", "chosen-by-sex-worker-led-organizations"):
        who = {"appointed-by-government": "appointed by government", "appointed-by-police": "appointed by police",
               "open-call": "recruited through an open call", "other": "chosen another way"}.get(method, "chosen")
        yield finding_at(rule, doc, ("consultation", "representative_selection", "method"),
                         f"representatives were {who}, not by sex workers: let sex-worker-led organizations or sex "
                         "workers themselves choose who speaks for them")


@_guideline_only
def voluntary(doc, config, rule):
    """Participation was voluntary, with the right to withdraw."""
    c = _consultation(doc.data)
    if c is None:
        return
    if c.get("voluntary") is not True:
        yield finding_at(rule, doc, ("consultation", "voluntary"),
                         "the consultation record does not say participation was voluntary — record `voluntary: true` "
                         "(no one is required to take part as a condition of a service, a sentence or a permit)")
    if c.get("right_to_withdraw") is False:
        yield finding_at(rule, doc, ("consultation", "right_to_withdraw"),
                         "participants could not withdraw: let people leave at any time without losing anything")


@_guideline_only
def compensation(doc, config, rule):
    """Sex workers were paid for their expertise."""
    c = _consultation(doc.data)
    if c is None:
        return
    comp = c.get("compensation")
    if not isinstance(comp, dict):
        yield finding_at(rule, doc, ("consultation", "compensation"),
                         "the consultation record does not say whether participants were paid — record "
                         "compensation (form and rate)")
    elif comp.get("provided") is not True:
        yield finding_at(rule, doc, ("consultation", "compensation", "provided"),
                         "sex workers who took part were not paid: pay them for their time and expertise "
                         "(honoraria or wages, in cash or their choice of payment, without requiring legal names)")


@_guideline_only
def decision_power(doc, config, rule):
    """Sex workers hold seats, votes or sign-off on the approving body, at a minimum share."""
    c = _consultation(doc.data)
    if c is None:
        return
    dp = c.get("decision_power")
    if not isinstance(dp, dict):
        yield finding_at(rule, doc, ("consultation", "decision_power"),
                         "the consultation record does not say what decision power sex workers hold — record "
                         "decision_power (body, sex_worker_seats, total_seats, votes, sign_off)")
        return
    seats, total = dp.get("sex_worker_seats"), dp.get("total_seats")
    minimum = float(getattr(config, "min_sex_worker_share", 0.3))
    body = dp.get("body") or "the approving body"
    if isinstance(seats, int) and isinstance(total, int) and total > 0:
        share = seats / total
        if seats == 0:
            yield finding_at(rule, doc, ("consultation", "decision_power", "sex_worker_seats"),
                             f"sex workers hold no seats on {body} (0 of {total}): give current and former sex workers "
                             f"seats with votes (at least {minimum:.0%})")
        elif share + 1e-9 < minimum:
            need = -(-int(minimum * total * 1000) // 1000)
            yield finding_at(rule, doc, ("consultation", "decision_power", "sex_worker_seats"),
                             f"sex workers hold {seats} of {total} seats on {body} ({share:.0%}), below the minimum "
                             f"of {minimum:.0%}: give them at least {max(need, seats + 1)} seats")
    if not dp.get("votes") and not dp.get("sign_off"):
        yield finding_at(rule, doc, ("consultation", "decision_power"),
                         f"sex workers on {body} have neither votes nor sign-off: seats without a vote or a sign-off "
                         "are consultation, not decision power — set votes or sign_off")


DIVERSITY = [
    ({"current-sex-workers"}, "current sex workers"),
    ({"former-sex-workers"}, "former sex workers"),
    ({"indigenous-sex-workers"}, "Indigenous sex workers"),
    ({"im-migrant-sex-workers"}, "im/migrant sex workers"),
    ({"street-based-sex-workers"}, "street-based sex workers"),
    ({"indoor-sex-workers"}, "indoor sex workers"),
    ({"trans-and-gender-diverse-sex-workers", "men-sex-workers"}, "sex workers of different genders"),
]


@_guideline_only
def diversity(doc, config, rule):
    """The record shows a diversity of sex workers' experience."""
    c = _consultation(doc.data)
    if c is None:
        return
    present = set(_strs(c.get("diversity")))
    for p in _l(c.get("participants")):
        if isinstance(p, dict) and isinstance(p.get("count"), int) and p["count"] > 0:
            present.add(p.get("group"))
    missing = [label for groups, label in DIVERSITY if not groups & present]
    if missing:
        # where it would be written (the key's place when neither field is there yet)
        path = ("consultation", "diversity") if "diversity" in c else ("consultation", "participants")
        yield finding_at(rule, doc, path,
                         f"the record does not show {_join(missing)} taking part: record their counts in "
                         "participants, or reach them through the organizations they trust")


@_guideline_only
def accessibility(doc, config, rule):
    """Taking part was accessible: in person, in people's languages, plain language, time given."""
    c = _consultation(doc.data)
    if c is None:
        return
    acc = c.get("accessibility")
    if not isinstance(acc, dict):
        yield finding_at(rule, doc, ("consultation", "accessibility"),
                         "the record says nothing about accessibility — record the in-person option, languages, "
                         "plain language and the time people were given")
        return
    missing = []
    if not acc.get("in_person"):
        missing.append("an in-person option")
    if not _l(acc.get("languages")) and not acc.get("interpretation"):
        missing.append("languages or interpretation")
    if not acc.get("plain_language"):
        missing.append("plain language")
    if not isinstance(acc.get("notice_days"), int) or acc["notice_days"] < 14:
        missing.append("at least 14 days to read and respond (notice_days)")
    if missing:
        yield finding_at(rule, doc, ("consultation", "accessibility"),
                         f"accessibility is missing {_join(missing)}")


# ---------------------------------------------------------------------------- status gates


@_guideline_only
def advisory_sign_off(doc, config, rule):
    """An approved or published guideline has the sex-worker advisory's sign-off on this version."""
    data = doc.data
    if not _at_least(data, "approved") or _status(data) == "retired":
        return
    version = _d(data.get("metadata")).get("version")
    gov = _d(data.get("governance"))
    approvals = [(i, a) for i, a in enumerate(_l(gov.get("approvals"))) if isinstance(a, dict)]
    advisory = [(i, a) for i, a in approvals if a.get("sex_worker_advisory") is True]
    status = _status(data)
    if not advisory:
        path = ("governance", "approvals") if "approvals" in gov else ("governance",)
        yield finding_at(rule, doc, path if "governance" in data else ("metadata", "status"),
                         f"status is '{status}' without a sex-worker advisory sign-off: record the advisory "
                         "committee's approval (sex_worker_advisory: true) or move the status back to in-review")
        return
    versions = [a.get("version") for _i, a in advisory]
    if version and all(v is not None and str(v) != str(version) for v in versions):
        i = advisory[-1][0]
        yield finding_at(rule, doc, ("governance", "approvals", i, "version"),
                         f"the sex-worker advisory signed off version {versions[-1]}, not {version}: get their "
                         "sign-off on this version before it is approved")


_THREAD_START = re.compile(r"\n\s*-\s+id:")
_KIND_OBJECTION = re.compile(r"\bkind:\s*['\"]?objection\b")
_STATUS_OPEN = re.compile(r"\bstatus:\s*['\"]?open\b")


class _OpenObjection:
    """A cheap test on the review file's text: some thread has kind objection and status open
    (the parse then confirms it). Most review files have none, and are not parsed at all."""

    @staticmethod
    def search(text: str) -> bool:
        if not _KIND_OBJECTION.search(text):
            return False
        return any(_KIND_OBJECTION.search(c) and _STATUS_OPEN.search(c) for c in _THREAD_START.split(text))


_OBJECTION = _OpenObjection()


def _review_threads(doc, needed: Any = None) -> tuple[Optional[Any], list]:
    """The review file beside the guideline (or one attached by a rule example): (document,
    threads). With ``needed``, a file whose text does not match it is not parsed (most
    guidelines' review files hold nothing a given rule looks for)."""
    attached = getattr(doc, "review_data", None)
    if attached is not None:
        return None, _l(_d(attached).get("threads"))
    cache = doc.__dict__.setdefault("_review_cache", {}) if hasattr(doc, "__dict__") else {}
    if "text" not in cache:
        cache["text"] = cache["path"] = None
        file = getattr(doc, "file", "") or ""
        if file and not file.startswith("<"):
            import os

            from ..review.threads import review_path

            path = review_path(file)
            if os.path.lexists(path):
                from .. import store
                from ..errors import LicPolicyError

                try:
                    cache["text"], cache["path"] = store.read_text(path), str(path)
                except LicPolicyError as exc:  # too big, not a file, not UTF-8: said by open_objections
                    cache["error"] = exc
    text = cache["text"]
    if text is None or (needed is not None and not needed.search(text)):
        return None, []
    if "data" not in cache:
        from ..errors import LicPolicyError
        from ..review.threads import parse

        try:  # the one review-file reader, with the guideline reader's limits; positions only
            cache["data"] = parse(text, cache["path"])[0]  # once there is a finding (see _review_doc)
        except LicPolicyError as exc:  # said by open_objections, and by `review list`
            cache["data"], cache["error"] = None, exc
    data = cache["data"]
    return (cache, _l(_d(data).get("threads"))) if isinstance(data, dict) else (None, [])


def _review_error(doc) -> Optional[Any]:
    """Why the review file beside ``doc`` could not be read, or parsed when its text may hold an
    open objection (None when it could, or when there is none)."""
    cache = doc.__dict__.get("_review_cache") if hasattr(doc, "__dict__") else None
    return cache.get("error") if cache is not None else None


def _review_doc(cache: dict):
    """The review file as a positioned store.Document, parsed once, when a finding needs a place."""
    if "doc" not in cache:
        from .. import store

        try:
            cache["doc"] = store.parse(cache["text"], cache["path"])
        except Exception:  # pragma: no cover - it parsed with PyYAML a moment ago
            cache["doc"] = None
    return cache["doc"]


@_guideline_only
def open_objections(doc, config, rule):
    """An approved or published guideline has no open blocking objection in its review file."""
    data = doc.data
    if not _at_least(data, "approved") or _status(data) == "retired":
        return
    cache, threads = _review_threads(doc, _OBJECTION)
    status = _status(data)
    error = _review_error(doc)
    if error is not None:  # publish refuses such a file: check says so too, and why
        yield finding_at(rule, doc, ("metadata", "status"),
                         f"status is '{status}' but the review file cannot be read, so open objections cannot be "
                         f"ruled out: {error.one_line()}")
        return
    for i, t in enumerate(threads):
        if not isinstance(t, dict) or t.get("kind") != "objection" or t.get("status", "open") != "open":
            continue
        author = _d(t.get("author"))
        role = author.get("role") or "a reviewer"
        anchor = _d(t.get("anchor"))
        where = anchor.get("clause") or "the guideline"
        quote = _d(anchor.get("quote")).get("exact")
        msg = (f"status is '{status}' but {role}'s objection {t.get('id', '')} on {where}"
               f"{' (' + repr(' '.join(str(quote).split())[:60]) + ')' if quote else ''} is still open: resolve it "
               "with the reviewer, or move the status back to in-review")
        rdoc = _review_doc(cache) if cache is not None else None
        if rdoc is not None:  # say where the thread is, so it can be resolved there
            line, col = rdoc.where(("threads", i))
            msg += f" (see {rdoc.file}:{line}:{col})"
        yield finding_at(rule, doc, ("metadata", "status"), msg)


# ---------------------------------------------------------------------------- coverage


@_guideline_only
def committee(doc, config, rule):
    """The steering committee brings the whole LIC table together."""
    data = doc.data
    gov = data.get("governance")
    seats = _l(_d(gov).get("steering_committee"))
    present = {s.get("category") for s in seats if isinstance(s, dict)}
    if not present:
        path = ("governance", "steering_committee") if isinstance(gov, dict) else ("governance",)
        yield finding_at(rule, doc, path,
                         "there is no steering committee: bring current and former sex workers together with the "
                         "rest of the LIC table (police, health, government, residents, business, Indigenous and "
                         "youth-serving organizations)")
        return
    missing = [label for key, label in LIC_TABLE.items() if key not in present]
    if missing:
        yield finding_at(rule, doc, ("governance", "steering_committee"),
                         f"the steering committee has no seat for {_join(missing)} "
                         f"({len(LIC_TABLE) - len(missing)} of {len(LIC_TABLE)} LIC stakeholder groups): invite them")


@_guideline_only
def key_areas(doc, config, rule):
    """Each of the four LIC key areas has a principle or a work-plan action."""
    data = doc.data
    covered: set = set()
    for p in _l(data.get("principles")):
        covered.update(_strs(_d(p).get("key_areas")))
    for a in _l(data.get("work_plan")):
        if isinstance(_d(a).get("key_area"), str):
            covered.add(a["key_area"])
    missing = [label for key, label in KEY_AREAS.items() if key not in covered]
    if missing:
        path = ("principles",) if "principles" in data else ("work_plan",) if "work_plan" in data else ("metadata",)
        yield finding_at(rule, doc, path,
                         f"no principle or work-plan action for the {_join(missing)} key area"
                         f"{'s' if len(missing) > 1 else ''}: the LIC model works on all four at once")


@_guideline_only
def violence_protocol(doc, config, rule):
    """A protocol for violence against sex workers exists and is a priority."""
    data = doc.data
    found = _protocols(data, "violence-against-sex-workers")
    if not found:
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for violence against sex workers: add a section with "
                         "`protocol: violence-against-sex-workers` that says how staff respond")
        return
    ids = {s.get("id") for _p, s in found}
    priorities = [p for p in _l(data.get("priorities")) if isinstance(p, dict)]
    if not any(ids & set(_strs(p.get("refs"))) for p in priorities):
        path = ("priorities",) if "priorities" in data else found[0][0] + ("protocol",)
        yield finding_at(rule, doc, path,
                         f"violence against sex workers is not among the priorities: add a priority that refers to "
                         f"{sorted(i for i in ids if i)[0] if any(ids) else 'the violence protocol'}")


_WORK_FRAME = _Caseless(r"\byouth sex work(?:ers?)?\b|\bchild sex work(?:ers?)?\b|\bunder-?age sex work")


@_guideline_only
def youth_protocol(doc, config, rule):
    """Youth sexual exploitation has its own protocol, separate from adult sex work."""
    data = doc.data
    found = _protocols(data, "youth-sexual-exploitation")
    if not found:
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for the sexual exploitation of youth: add a section with "
                         "`protocol: youth-sexual-exploitation` (a duty to report, youth-serving services, never "
                         "charging the young person)")
        return
    for path, s in found:
        text = _section_text(s)
        m = _WORK_FRAME.search(text)
        if m:
            yield finding_at(rule, doc, path + ("title",),
                             f"the youth protocol frames exploitation as work ('{text[m.start():m.end()]}'): anyone under 18 who "
                             "trades sex is being sexually exploited")


_DISTINCT = _Caseless(r"\b(?:distinct|different|not the same|separate|distinguish\w*)\b")
_CONSENT = _Caseless(r"\bconsent\w*|\bforce\b|\bcoerc\w*|\bfraud\b")


@_guideline_only
def trafficking_distinct(doc, config, rule):
    """Trafficking is named, and distinguished from consensual adult sex work."""
    data = doc.data
    texts = []
    for d in _l(data.get("definitions")):
        if "traffick" in str(_d(d).get("term") or "").lower():
            texts.append(str(_d(d).get("definition") or ""))
    found = _protocols(data, "trafficking")
    texts += [_section_text(s) for _p, s in found]
    if not texts:
        yield finding_at(rule, doc, ("definitions",) if "definitions" in data else ("sections",),
                         "trafficking is neither defined nor given a protocol: define it (force, fraud or coercion) "
                         "and say how it differs from consensual adult sex work")
        return
    if not any(_DISTINCT.search(t) and _CONSENT.search(t) for t in texts):
        path = found[0][0] + ("intro",) if found else ("definitions",)
        yield finding_at(rule, doc, path,
                         "trafficking is not distinguished from consensual adult sex work: say that it involves "
                         "force, fraud or coercion and is distinct from consensual sex work between adults")


_CALL_POLICE = _Caseless(
    r"\b(?:call|phone|dial|contact|notify|alert|summon|refer (?:it |them |the matter )?to)\s+"
    r"(?:the\s+)?(?:9-?1-?1|police|RCMP|officers?|law enforcement)\b")
# The call is limited to danger or a crime, or an alternative is given for when there is none.
_NO_CRIME = _Caseless(r"no crime|not a crime|does not want police|doesn't want police|instead|otherwise|"
                      r"immediate danger|in danger|emergenc|crime in progress|crime is (?:happening|being committed)")
# "afraid to contact police", "do not call police": not an instruction to call them.
_NOT_DIRECTIVE = _Caseless(r"(?:\b(?:afraid|want|wants|wish|wishes|choose|chooses|whether|decide|decides|able|"
                           r"unable|free|reluctant|hesitant|prefer|prefers|need)\s+to|\bnot|\bnever|n't|\bno need to)"
                           r"\s+$")


# Substrings every match of _CALL_POLICE and of _NOT_DIRECTIVE contains (lowercase): texts
# without them cannot match, and are not searched.
_CALL_VERBS = ("call", "phone", "dial", "contact", "notify", "alert", "summon", "refer")
_NOT_DIRECTIVE_CUES = ("to", "not", "never", "n't")


def _not_directive(lead: str) -> bool:
    low = lead.lower()
    return any(c in low for c in _NOT_DIRECTIVE_CUES) and _NOT_DIRECTIVE.search(lead) is not None


def _alternative_services(data: dict) -> dict[str, dict]:
    out = {}
    for s in _l(data.get("services")):
        if not isinstance(s, dict) or not isinstance(s.get("id"), str):
            continue
        offers = " ".join(_strs(s.get("offers"))).lower()
        if s.get("non_police", True) is not False and (
                s.get("mobile") or "outreach" in offers or "crisis" in offers or "community" in offers):
            out[s["id"]] = s
    return out


@_guideline_only
def non_police_alternative(doc, config, rule):
    """Where guidance says to call police, a non-police option is offered when no crime is happening."""
    data = doc.data
    alternatives = _alternative_services(data)
    for path, clause, _section in _clauses(data):
        if clause.get("kind") in ("quotation", "citation", "note"):
            continue
        text = str(clause.get("text") or "")
        low = text.lower()  # substring tests first: most clauses are not about calling police
        if "police" not in low and "911" not in low and "9-1-1" not in low and "officer" not in low \
                and "rcmp" not in low and "enforcement" not in low:
            continue
        if not any(v in low for v in _CALL_VERBS):
            continue
        m = next((m for m in _CALL_POLICE.finditer(text) if not _not_directive(text[max(0, m.start() - 24):m.start()])),
                 None)
        if not m:
            continue
        named = [sid for sid in _strs(clause.get("services")) if sid in alternatives]
        mentioned = [sid for sid, s in alternatives.items()
                     if str(s.get("organization") or "\0") in text or sid in text]
        if (named or mentioned) and _NO_CRIME.search(text):
            continue
        if named or mentioned:
            msg = (f"'{' '.join(text[m.start():m.end()].split())}' with no alternative for when no crime is happening: say when to call "
                   f"{alternatives[(named or mentioned)[0]].get('organization', 'the outreach service')} instead")
        else:
            msg = (f"'{' '.join(text[m.start():m.end()].split())}' without a non-police alternative: where no crime has been committed, offer a "
                   "mobile or community service from the services directory (list it in the clause's services)")
        yield finding_at(rule, doc, path + ("text",), msg, start=m.start(), end=m.end())


def _norm(s: str) -> str:
    return " ".join(str(s).lower().split())


@_guideline_only
def service_regions(doc, config, rule):
    """Services exist in every region the guideline applies to, in the guideline's languages."""
    data = doc.data
    regions = _strs(_d(data.get("scope")).get("applies_to"))
    services = [s for s in _l(data.get("services")) if isinstance(s, dict)]
    if not services:
        yield finding_at(rule, doc, ("services",),
                         "there is no services directory: list services sex workers can be referred to, with the "
                         "regions they serve and their languages")
        return
    languages = _strs(_d(data.get("metadata")).get("languages"))
    everywhere = {"all", "all regions", "everywhere", "province-wide", "region-wide", "online"}
    served = [({_norm(r) for r in _strs(s.get("regions"))}, s) for s in services]
    for i, region in enumerate(regions):
        name = _norm(region)
        here = [s for names, s in served if name in names or not names.isdisjoint(everywhere)]
        if not here:
            yield finding_at(rule, doc, ("scope", "applies_to", i),
                             f"no service in the directory serves {region}: add one, or a mobile service that "
                             "comes to people there")
            continue
        spoken = {lang.lower() for s in here for lang in _strs(s.get("languages"))}
        gaps = [lang for lang in languages if lang.lower() not in spoken]
        if gaps:
            yield finding_at(rule, doc, ("scope", "applies_to", i),
                             f"no service in {region} offers {_join(gaps)}, although the guideline is for "
                             f"speakers of {'them' if len(gaps) > 1 else 'it'}: add a service or interpretation there")


@_guideline_only
def culturally_appropriate(doc, config, rule):
    """The directory has Indigenous-led and sex-worker-led options."""
    data = doc.data
    services = [s for s in _l(data.get("services")) if isinstance(s, dict)]
    if not services:
        return  # reported by the service-regions rule
    missing = []
    if not any(s.get("indigenous_led") is True for s in services):
        missing.append("an Indigenous-led service")
    if not any(s.get("sex_worker_led") is True for s in services):
        missing.append("a sex-worker-led service")
    if missing:
        yield finding_at(rule, doc, ("services",),
                         f"the services directory has no {' and no '.join(m.split(' ', 1)[1] for m in missing)}: "
                         f"add {_join(missing)} so people can choose support that fits them")


_TRANSITION = _Caseless(r"\b(?:transition\w*|exit\w*|leav(?:e|ing) (?:sex work|the (?:sex )?(?:trade|industry)))\b")
_VOLUNTARY = _Caseless(r"\bif (?:requested|they (?:ask|choose|want)|asked)\b|\bvoluntar\w*|\bwho asks?\b|"
                        r"\bon request\b|\bwho (?:want|wish|choose)s?\b|\bby choice\b|\basks? for it\b")


@_guideline_only
def voluntary_transition(doc, config, rule):
    """Support to transition to other work is voluntary, never a condition."""
    data = doc.data
    for path, s in _sections(data):
        head = f"{s.get('id', '')} {s.get('title', '')}"
        if not _TRANSITION.search(head.replace("-", " ").replace(".", " ")):
            continue
        if not _VOLUNTARY.search(_section_text(s)):
            yield finding_at(rule, doc, path + ("title",),
                             "transition support is not described as voluntary: say it is offered to people who ask "
                             "for it ('if requested') and is never a condition of any service")
    for i, a in enumerate(_l(data.get("work_plan"))):
        a = _d(a)
        text = f"{a.get('title', '')} {a.get('description', '')}"
        if _TRANSITION.search(text) and not _VOLUNTARY.search(text):
            yield finding_at(rule, doc, ("work_plan", i, "title"),
                             "this action on transition does not say it is voluntary: add 'for people who ask for it'")


@_guideline_only
def complaints_protocol(doc, config, rule):
    """Residents' and businesses' concerns have a protocol of their own (the LIC balance)."""
    if not _protocols(doc.data, "complaints"):
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for concerns from residents and businesses: add a section with "
                         "`protocol: complaints` that starts with outreach and conversation, not enforcement")


# ---------------------------------------------------------------------------- privacy
# The privacy reviewer lives in lic_policy/checks/privacy.py (one detector set with publish,
# review import and the review room); re-exported here so rule packs that name
# ``lic_policy.checks.structure:participant_identity`` keep working.

from .privacy import participant_identity  # noqa: E402,F401

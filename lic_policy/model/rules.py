"""Validation beyond types: rules that need the whole document but nothing outside it.

Each rule yields ``Problem``s with the path of the field at fault, so the CLI can point
at file:line:column. All problems are reported, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

from .vocab import STAGE_ORDER, STATUS_ORDER

if TYPE_CHECKING:
    from .guideline import Guideline


@dataclass(frozen=True)
class Problem:
    path: tuple
    message: str
    hint: str = ""
    code: str = "model"
    related: tuple | None = None  # another place the message refers to ("first used at")


def _status_at_least(g: Guideline, status: str) -> bool:
    return STATUS_ORDER.index(g.metadata.status) >= STATUS_ORDER.index(status)


def unique_ids(g: Guideline) -> Iterator[Problem]:
    """Every id in the document is unique: anchors and cross-references depend on it."""
    seen: dict[str, tuple] = {}

    def record(ident: str, path: tuple) -> Iterator[Problem]:
        if ident in seen:
            yield Problem(
                path,
                f"duplicate id '{ident}'",
                "give every section, clause, principle, priority, service, action and reference its own id",
                "duplicate-id",
                related=seen[ident],
            )
        else:
            seen[ident] = path

    for path, section in g.iter_sections():
        yield from record(section.id, path + ("id",))
        for j, clause in enumerate(section.clauses):
            yield from record(clause.id, path + ("clauses", j, "id"))
    for name in ("principles", "priorities", "services", "work_plan", "references"):
        for i, item in enumerate(getattr(g, name)):
            yield from record(item.id, (name, i, "id"))
    audience_seen: set[str] = set()
    for i, audience in enumerate(g.scope.audiences):
        if audience.id in audience_seen:
            yield Problem(("scope", "audiences", i, "id"), f"duplicate audience id '{audience.id}'",
                          "give each audience its own id", "duplicate-id")
        audience_seen.add(audience.id)
    terms: set[str] = set()
    for i, d in enumerate(g.definitions):
        key = d.term.strip().lower()
        if key in terms:
            yield Problem(("definitions", i, "term"), f"term '{d.term}' is defined twice",
                          "merge the two definitions", "duplicate-term")
        terms.add(key)


def references_exist(g: Guideline) -> Iterator[Problem]:
    """Ids that point somewhere point at something that exists."""
    sections = {s.id for _p, s in g.iter_sections()}
    clauses = {c.id for _p, _s, c in g.iter_clauses()}
    services = {s.id for s in g.services}
    audiences = {a.id for a in g.scope.audiences}
    principles = {p.id for p in g.principles}
    actions = {a.id for a in g.work_plan}
    anything = sections | clauses | services | principles | actions | {r.id for r in g.references}

    def missing(kind: str, ident: str, path: tuple, known: set[str]) -> Problem:
        import difflib

        close = difflib.get_close_matches(ident, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"add a {kind} with id '{ident}' or remove the reference"
        return Problem(path, f"unknown {kind} id '{ident}'", hint, "unknown-reference")

    for i, prio in enumerate(g.priorities):
        for j, ref in enumerate(prio.refs):
            if ref not in sections | clauses:
                yield missing("section or clause", ref, ("priorities", i, "refs", j), sections | clauses)
    for path, _section, clause in g.iter_clauses():
        for j, ref in enumerate(clause.audience):
            if ref not in audiences:
                yield missing("audience", ref, path + ("audience", j), audiences)
        for j, ref in enumerate(clause.services):
            if ref not in services:
                yield missing("service", ref, path + ("services", j), services)
        for j, ref in enumerate(clause.see):
            if ref not in sections | clauses:
                yield missing("section or clause", ref, path + ("see", j), sections | clauses)
    for i, action in enumerate(g.work_plan):
        for j, ref in enumerate(action.refs):
            if ref not in anything:
                yield missing("item", ref, ("work_plan", i, "refs", j), anything)


def dates_in_order(g: Guideline) -> Iterator[Problem]:
    m = g.metadata
    if m.effective_date and m.next_review_date and m.next_review_date <= m.effective_date:
        yield Problem(("metadata", "next_review_date"),
                      f"next review date {m.next_review_date} is not after the effective date {m.effective_date}",
                      "set the next review after the guideline takes effect", "date-order")
    if m.adopted_date and m.effective_date and m.effective_date < m.adopted_date:
        yield Problem(("metadata", "effective_date"),
                      f"effective date {m.effective_date} is before the adoption date {m.adopted_date}",
                      "a guideline takes effect on or after it is adopted", "date-order")
    if m.retired_date and m.effective_date and m.retired_date < m.effective_date:
        yield Problem(("metadata", "retired_date"),
                      f"retired date {m.retired_date} is before the effective date {m.effective_date}",
                      "check both dates", "date-order")
    if g.consultation:
        previous = None
        for i, st in enumerate(g.consultation.stages):
            if st.start and st.end and st.end < st.start:
                yield Problem(("consultation", "stages", i, "end"),
                              f"{st.stage} stage ends ({st.end}) before it starts ({st.start})",
                              "swap or correct the dates", "date-order")
            if previous is not None and st.start and previous.start and st.start < previous.start:
                if STAGE_ORDER.index(st.stage) > STAGE_ORDER.index(previous.stage):
                    yield Problem(("consultation", "stages", i, "start"),
                                  f"{st.stage} stage starts ({st.start}) before the {previous.stage} stage ({previous.start})",
                                  "stages run design → drafting → review → approval → implementation → evaluation",
                                  "date-order")
            previous = st
    for i, a in enumerate(g.work_plan):
        if a.start and a.due and a.due < a.start:
            yield Problem(("work_plan", i, "due"), f"action '{a.id}' is due ({a.due}) before it starts ({a.start})",
                          "correct the timeline", "date-order")
    rs = g.review_schedule
    if rs and rs.last_review and rs.next_review and rs.next_review <= rs.last_review:
        yield Problem(("review_schedule", "next_review"),
                      f"next review {rs.next_review} is not after the last review {rs.last_review}",
                      "correct the review schedule", "date-order")
    if g.governance:
        for i, ap in enumerate(g.governance.approvals):
            if m.effective_date and ap.date > m.effective_date and m.status in ("approved", "published"):
                yield Problem(("governance", "approvals", i, "date"),
                              f"approval dated {ap.date} comes after the effective date {m.effective_date}",
                              "a guideline takes effect after it is approved", "date-order")


def consultation_consistent(g: Guideline) -> Iterator[Problem]:
    c = g.consultation
    if not c:
        return
    seen: dict[str, int] = {}
    for i, st in enumerate(c.stages):
        if st.stage in seen:
            yield Problem(("consultation", "stages", i, "stage"), f"stage '{st.stage}' is listed twice",
                          "record each stage once", "duplicate-stage")
        seen[st.stage] = i
        if st.status == "completed" and st.start is None:
            yield Problem(("consultation", "stages", i, "status"),
                          f"{st.stage} stage is completed but has no start date",
                          "add the dates the stage ran", "stage-dates")
    # A later stage cannot be completed while an earlier one is only planned.
    ordered = sorted(c.stages, key=lambda s: STAGE_ORDER.index(s.stage))
    for earlier_idx, earlier in enumerate(ordered):
        if earlier.status != "planned":
            continue
        for later in ordered[earlier_idx + 1:]:
            if later.status == "completed":
                yield Problem(("consultation", "stages", seen[later.stage], "status"),
                              f"{later.stage} stage is completed while the earlier {earlier.stage} stage is only planned",
                              "update the earlier stage's status", "stage-order")
    groups: set[str] = set()
    for i, p in enumerate(c.participants):
        if p.group in groups:
            yield Problem(("consultation", "participants", i, "group"),
                          f"participant group '{p.group}' is counted twice", "add the counts together", "duplicate-group")
        groups.add(p.group)
    dp = c.decision_power
    if dp and dp.sex_worker_seats > dp.total_seats:
        yield Problem(("consultation", "decision_power", "sex_worker_seats"),
                      f"{dp.sex_worker_seats} sex-worker seats out of {dp.total_seats} seats in total",
                      "the seats held by sex workers cannot exceed the total", "seat-count")
    committee = g.governance.steering_committee if g.governance else []
    if dp and committee and "steering committee" in " ".join(dp.body.lower().split()):
        seats = sum(s.seats for s in committee)
        if seats != dp.total_seats:
            yield Problem(("consultation", "decision_power", "total_seats"),
                          f"decision_power.total_seats is {dp.total_seats}, but the steering committee in "
                          f"governance has {seats} seats",
                          "make the two agree (the share of seats sex workers hold is worked out from "
                          "total_seats), or name the body that decides if it is not the steering committee",
                          "seat-count")


def status_rules(g: Guideline) -> Iterator[Problem]:
    """Rules of the lifecycle that need only the document itself."""
    m = g.metadata
    status = m.status
    if _status_at_least(g, "in-review") and not any(True for _ in g.iter_clauses()):
        yield Problem(("metadata", "status"), f"status is '{status}' but the guideline has no clauses",
                      "write the sections and clauses before moving past draft", "status")
    if status in ("approved", "published"):
        if not (g.governance and g.governance.approvals):
            yield Problem(("metadata", "status"), f"status is '{status}' but there is no approval record",
                          "add governance.approvals with the body, role, date and decision", "status")
        if m.effective_date is None:
            yield Problem(("metadata", "status"), f"status is '{status}' but there is no effective date",
                          "add metadata.effective_date", "status")
    if status == "published" and m.next_review_date is None and not (
        g.review_schedule and g.review_schedule.next_review
    ):
        yield Problem(("metadata", "status"), "a published guideline needs a next review date",
                      "add metadata.next_review_date or review_schedule.next_review", "status")
    if status == "retired" and m.retired_date is None:
        yield Problem(("metadata", "status"), "status is 'retired' but there is no retired date",
                      "add metadata.retired_date", "status")
    if status != "retired" and m.retired_date is not None:
        yield Problem(("metadata", "retired_date"), f"a retired date is set but the status is '{status}'",
                      "set status: retired or remove retired_date", "status")
    ranks: dict[int, int] = {}
    for i, p in enumerate(g.priorities):
        if p.rank in ranks:
            yield Problem(("priorities", i, "rank"), f"rank {p.rank} is used twice",
                          "priorities are ordered: give each its own rank", "priority-rank")
        ranks[p.rank] = i


def _about_problem(about: str) -> Optional[str]:
    """Why ``about`` (a to-do's dotted path) does not name a part of a guideline, or None.
    Read from the model's shape (``shape.walk``), so no pydantic is needed."""
    from .shape import walk

    parts = about.strip().split(".")
    why, i, names = walk(parts)
    if why == "index":
        return f"'{parts[i]}' in '{about}' should be a position in a list (0, 1, ...)"
    if why == "leaf":
        return f"'{about}' goes below a value that has no parts"
    if why == "field":
        import difflib

        close = difflib.get_close_matches(parts[i], names or [], n=1)
        return f"'{about}' is not a part of a guideline" + (f" (did you mean '{close[0]}'?)" if close else "")
    return None


def todo_items(g: Guideline) -> Iterator[Problem]:
    """To-do items name real parts, and are done before a guideline is approved."""
    for i, item in enumerate(g.todo):
        if item.about:
            problem = _about_problem(item.about)
            if problem:
                yield Problem(("todo", i, "about"), problem,
                              "name a field path such as consultation.compensation or services, or leave 'about' out",
                              "todo-about")
    if g.todo and g.metadata.status in ("approved", "published"):
        n = len(g.todo)
        yield Problem(("todo",), f"status is '{g.metadata.status}' but {n} to-do item{'s are' if n != 1 else ' is'} "
                      "left", "finish them and delete them, or move the status back to draft", "status")


def format_version(g: Guideline) -> Iterator[Problem]:
    """``lic_policy:`` is a format version this lic-policy reads: a file from a newer one (or a
    version that never existed) is not judged by version 1's rules without a word."""
    from .vocab import FORMAT_VERSION, unknown_format_version  # not .guideline: that imports pydantic

    wrong = unknown_format_version(g.lic_policy, FORMAT_VERSION, "lic_policy")
    if wrong:
        yield Problem(("lic_policy",), wrong[0], wrong[1], "format-version")


RULES = (format_version, unique_ids, references_exist, dates_in_order, consultation_consistent, status_rules,
         todo_items)


def check_model(g: Guideline) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(g))
    return problems

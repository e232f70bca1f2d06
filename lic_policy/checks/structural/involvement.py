"""Involvement (reviewer ``involvement``): who was at the table, at which stage, with what power
— stages, selection, voluntariness, pay, decision power, diversity, accessibility."""

from __future__ import annotations

from ... import guideline_data as gd
from ..findings import finding_at
from .common import (INVOLVED_GROUPS, NEXT_STEP, PASSED_STAGES, STAGE_ORDER, consultation_of, guideline_only, join_and,
                     status_of)


@guideline_only
def stage_involvement(doc, config, rule):
    """Every stage recorded — done, under way or planned — includes current or former sex workers."""
    c = consultation_of(doc.data)
    if c is None:
        return
    for i, st in enumerate(gd.items(c.get("stages"))):
        if not isinstance(st, dict) or st.get("stage") not in STAGE_ORDER:
            continue
        groups = set(gd.strings(st.get("groups")))
        if groups & INVOLVED_GROUPS:
            continue
        stage, status = st["stage"], st.get("status")
        tense = {"completed": "took part", "in-progress": "are taking part"}.get(status, "are planned to take part")
        where = ("stages", i, "groups") if "groups" in st else ("stages", i)
        yield finding_at(rule, doc, ("consultation",) + where,
                         f"{stage} stage: no current or former sex workers {tense} — record who took part or "
                         f"involve a sex-worker-led organization {NEXT_STEP[stage]}")


def _stage_suggestions(rule, stage: str) -> list[str]:
    """The rule's suggestions with its example stage (``stage: review``) made the one the finding
    asks for: a drafter who copied ``stage: review`` for a missing design stage kept the error (ux15)."""
    return [s.replace("{stage: review,", f"{{stage: {stage},") for s in rule.suggestions]


@guideline_only
def stages_recorded(doc, config, rule):
    """The stages the status says are behind the guideline are in the consultation record."""
    data = doc.data
    status = status_of(data)
    c = consultation_of(data)
    if c is None:
        yield finding_at(rule, doc, ("metadata", "status"),
                         f"status is '{status}' but there is no consultation record: record how current and former "
                         f"sex workers took part in the {join_and(PASSED_STAGES[status])} stage"
                         f"{'s' if len(PASSED_STAGES[status]) > 1 else ''}",
                         suggestions=_stage_suggestions(rule, PASSED_STAGES[status][0]))
        return
    recorded = {st.get("stage"): (i, st) for i, st in enumerate(gd.items(c.get("stages"))) if isinstance(st, dict)}
    missing = [s for s in PASSED_STAGES[status] if s not in recorded]
    if missing:
        yield finding_at(rule, doc, ("consultation", "stages"),
                         f"status is '{status}' but the {join_and(missing)} stage{'s are' if len(missing) > 1 else ' is'} "
                         "not in the consultation record: record when it ran and which groups took part",
                         suggestions=_stage_suggestions(rule, missing[0]))
    for stage in PASSED_STAGES[status]:
        if stage in recorded and recorded[stage][1].get("status") == "planned" and stage != "implementation":
            i = recorded[stage][0]
            yield finding_at(rule, doc, ("consultation", "stages", i, "status"),
                             f"{stage} stage is still 'planned' but the status is '{status}': record it as completed "
                             "with its dates, or move the status back")


@guideline_only
def selection(doc, config, rule):
    """Representatives were chosen by sex workers or sex-worker-led organizations."""
    c = consultation_of(doc.data)
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


@guideline_only
def voluntary(doc, config, rule):
    """Participation was voluntary, with the right to withdraw."""
    c = consultation_of(doc.data)
    if c is None:
        return
    if c.get("voluntary") is not True:
        yield finding_at(rule, doc, ("consultation", "voluntary"),
                         "the consultation record does not say participation was voluntary — record `voluntary: true` "
                         "(no one is required to take part as a condition of a service, a sentence or a permit)")
    if c.get("right_to_withdraw") is False:
        yield finding_at(rule, doc, ("consultation", "right_to_withdraw"),
                         "participants could not withdraw: let people leave at any time without losing anything")


@guideline_only
def compensation(doc, config, rule):
    """Sex workers were paid for their expertise."""
    c = consultation_of(doc.data)
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


@guideline_only
def decision_power(doc, config, rule):
    """Sex workers hold seats, votes or sign-off on the approving body, at a minimum share."""
    c = consultation_of(doc.data)
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


@guideline_only
def diversity(doc, config, rule):
    """The record shows a diversity of sex workers' experience."""
    c = consultation_of(doc.data)
    if c is None:
        return
    present = set(gd.strings(c.get("diversity")))
    for p in gd.items(c.get("participants")):
        if isinstance(p, dict) and isinstance(p.get("count"), int) and p["count"] > 0:
            present.add(p.get("group"))
    missing = [label for groups, label in DIVERSITY if not groups & present]
    if missing:
        # where it would be written (the key's place when neither field is there yet)
        path = ("consultation", "diversity") if "diversity" in c else ("consultation", "participants")
        yield finding_at(rule, doc, path,
                         f"the record does not show {join_and(missing)} taking part: record their counts in "
                         "participants, or reach them through the organizations they trust")


@guideline_only
def accessibility(doc, config, rule):
    """Taking part was accessible: in person, in people's languages, plain language, time given."""
    c = consultation_of(doc.data)
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
    if not gd.items(acc.get("languages")) and not acc.get("interpretation"):
        missing.append("languages or interpretation")
    if not acc.get("plain_language"):
        missing.append("plain language")
    if not isinstance(acc.get("notice_days"), int) or acc["notice_days"] < 14:
        missing.append("at least 14 days to read and respond (notice_days)")
    if missing:
        yield finding_at(rule, doc, ("consultation", "accessibility"),
                         f"accessibility is missing {join_and(missing)}")

"""Coverage (reviewer ``coverage``): whether the guideline covers what a balanced LIC response
needs — the LIC table, the four key areas, the protocols, non-police alternatives, services."""

from __future__ import annotations

import re

from ... import guideline_data as gd
from ... import lazy_re
from ..findings import finding_at
from .common import KEY_AREAS, LIC_TABLE, guideline_only, join_and, section_text


@guideline_only
def committee(doc, config, rule):
    """The steering committee brings the whole LIC table together."""
    data = doc.data
    gov = data.get("governance")
    seats = gd.items(gd.mapping(gov).get("steering_committee"))
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
                         f"the steering committee has no seat for {join_and(missing)} "
                         f"({len(LIC_TABLE) - len(missing)} of {len(LIC_TABLE)} LIC stakeholder groups): invite them")


@guideline_only
def key_areas(doc, config, rule):
    """Each of the four LIC key areas has a principle or a work-plan action."""
    data = doc.data
    covered: set = set()
    for p in gd.items(data.get("principles")):
        covered.update(gd.strings(gd.mapping(p).get("key_areas")))
    for a in gd.items(data.get("work_plan")):
        if isinstance(gd.mapping(a).get("key_area"), str):
            covered.add(a["key_area"])
    missing = [label for key, label in KEY_AREAS.items() if key not in covered]
    if missing:
        path = ("principles",) if "principles" in data else ("work_plan",) if "work_plan" in data else ("metadata",)
        if not gd.items(data.get("principles")):
            # a Word draft's "Guiding principles" imports as a section of clauses: its principles
            # do not count, and the drafter who wrote them could not tell what was missing
            written = next((at for at in gd.walk_sections(data)
                            if _PRINCIPLES_TITLE.search(str(at.section.get("title") or ""))), None)
            if written is not None:
                # plain words: reviewers read findings too (the suggestion gives the YAML)
                yield finding_at(rule, doc, written.path + ("title",),
                                 f"the “{written.section['title']}” are written as plain text, so none is tagged "
                                 f"with a LIC key area: list them as the guideline's principles, each tagged with "
                                 f"the key areas it serves ({join_and(missing)})")
                return
        yield finding_at(rule, doc, path,
                         f"no principle or work-plan action for the {join_and(missing)} key area"
                         f"{'s' if len(missing) > 1 else ''}: the LIC model works on all four at once")


_PRINCIPLES_TITLE = lazy_re.compile(r"\b(principles?|values)\b", re.I)


@guideline_only
def violence_protocol(doc, config, rule):
    """A protocol for violence against sex workers exists and is a priority."""
    data = doc.data
    found = gd.protocols(data, "violence-against-sex-workers")
    if not found:
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for violence against sex workers: add a section with "
                         "`protocol: violence-against-sex-workers` that says how staff respond")
        return
    ids = {s.get("id") for _p, s in found}
    priorities = [p for p in gd.items(data.get("priorities")) if isinstance(p, dict)]
    if not any(ids & set(gd.strings(p.get("refs"))) for p in priorities):
        path = ("priorities",) if "priorities" in data else found[0][0] + ("protocol",)
        sid = sorted(i for i in ids if i)[0] if any(ids) else None
        # the message is read by reviewers too (packet, room): plain words; the YAML in the suggestion
        yield finding_at(rule, doc, path,
                         "violence against sex workers has a protocol but is not among the priorities: make it one",
                         suggestions=["add a priority under `priorities:` whose `refs:` lists "
                                      + (f"`{sid}`, the id of the section with the protocol" if sid else
                                         "the id of the section with the protocol")])


_WORK_FRAME = re.compile(r"\byouth sex work(?:ers?)?\b|\bchild sex work(?:ers?)?\b|\bunder-?age sex work",
                         re.IGNORECASE)


@guideline_only
def youth_protocol(doc, config, rule):
    """Youth sexual exploitation has its own protocol, separate from adult sex work."""
    data = doc.data
    found = gd.protocols(data, "youth-sexual-exploitation")
    if not found:
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for the sexual exploitation of youth: add a section with "
                         "`protocol: youth-sexual-exploitation` (a duty to report, youth-serving services, never "
                         "charging the young person)")
        return
    for path, s in found:
        # the finding stays on the section's title (a baseline or a review thread keeps it); its
        # suggestion names the words and where they are: it said “add a section with protocol:
        # youth-sexual-exploitation”, the section it was reporting on (ux28)
        fields = [("its title", s.get("title")), ("its introduction", s.get("intro"))]
        fields += [(f"clause {gd.mapping(c).get('id') or i + 1}", gd.mapping(c).get("text"))
                   for i, c in enumerate(gd.items(s.get("clauses")))]
        for where, text in fields:
            m = _WORK_FRAME.search(text) if isinstance(text, str) else None
            if m:
                words = text[m.start():m.end()]
                yield finding_at(rule, doc, path + ("title",),
                                 f"the youth protocol frames exploitation as work ('{words}'): anyone under 18 who "
                                 "trades sex is being sexually exploited",
                                 suggestions=[f"call it youth sexual exploitation: rewrite '{words}' in {where}"])
                break


_DISTINCT = re.compile(r"\b(?:distinct|different|not the same|separate|distinguish\w*)\b", re.IGNORECASE)
_CONSENT = re.compile(r"\bconsent\w*|\bforce\b|\bcoerc\w*|\bfraud\b", re.IGNORECASE)


@guideline_only
def trafficking_distinct(doc, config, rule):
    """Trafficking is named, and distinguished from consensual adult sex work."""
    data = doc.data
    texts = []
    for d in gd.items(data.get("definitions")):
        if "traffick" in str(gd.mapping(d).get("term") or "").lower():
            texts.append(str(gd.mapping(d).get("definition") or ""))
    found = gd.protocols(data, "trafficking")
    texts += [section_text(s) for _p, s in found]
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


_CALL_POLICE = re.compile(
    r"\b(?:call|phone|dial|contact|notify|alert|summon|refer (?:it |them |the matter )?to)\s+"
    r"(?:the\s+)?(?:9-?1-?1|police|RCMP|officers?|law enforcement)\b", re.IGNORECASE)
# The call is limited to danger or a crime, or an alternative is given for when there is none.
_NO_CRIME = re.compile(r"no crime|not a crime|does not want police|doesn't want police|instead|otherwise|"
                      r"immediate danger|in danger|emergenc|crime in progress|crime is (?:happening|being committed)", re.IGNORECASE)
# A non-police option named by its kind in the clause ("offer outreach first") but not linked:
# the finding says to link it (the published guideline points readers to the directory entry).
_ALTERNATIVE_KIND = lazy_re.compile(r"\b(?:outreach|peer[- ]support|peer (?:workers?|navigators?)|mobile (?:crisis|response|team|unit)|"
                               r"crisis (?:line|team|service|worker)s?|community (?:services?|teams?|workers?|agenc\w*)|"
                               r"harm[- ]reduction (?:services?|workers?|teams?)|support workers?)\b", re.IGNORECASE)
# "afraid to contact police", "do not call police": not an instruction to call them.
_NOT_DIRECTIVE = re.compile(r"(?:\b(?:afraid|want|wants|wish|wishes|choose|chooses|whether|decide|decides|able|"
                           r"unable|free|reluctant|hesitant|prefer|prefers|need)\s+to|\bnot|\bnever|n't|\bno need to)"
                           r"\s+$", re.IGNORECASE)


# Substrings every match of _CALL_POLICE and of _NOT_DIRECTIVE contains (lowercase): texts
# without them cannot match, and are not searched.
_CALL_VERBS = ("call", "phone", "dial", "contact", "notify", "alert", "summon", "refer")
_NOT_DIRECTIVE_CUES = ("to", "not", "never", "n't")


def _not_directive(lead: str) -> bool:
    low = lead.lower()
    return any(c in low for c in _NOT_DIRECTIVE_CUES) and _NOT_DIRECTIVE.search(lead) is not None


def _alternative_services(data: dict) -> dict[str, dict]:
    out = {}
    for s in gd.items(data.get("services")):
        if not isinstance(s, dict) or not isinstance(s.get("id"), str):
            continue
        offers = " ".join(gd.strings(s.get("offers"))).lower()
        # a service led by sex workers or by Indigenous people is a community service, the one
        # people trust most (ux23: “otherwise they offer the … Sex Worker Collective's line”)
        if s.get("non_police", True) is not False and (
                s.get("mobile") or s.get("sex_worker_led") or s.get("indigenous_led")
                or "outreach" in offers or "crisis" in offers or "community" in offers):
            out[s["id"]] = s
    return out


@guideline_only
def non_police_alternative(doc, config, rule):
    """Where guidance says to call police, a non-police option is offered when no crime is happening."""
    data = doc.data
    alternatives = _alternative_services(data)
    for path, clause, _section in gd.clauses(data):
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
        named = [sid for sid in gd.strings(clause.get("services")) if sid in alternatives]
        mentioned = [sid for sid, s in alternatives.items()
                     if str(s.get("organization") or "\0") in text or sid in text]
        if (named or mentioned) and _NO_CRIME.search(text):
            continue
        call = " ".join(m.group().split())
        if named or mentioned:
            msg = (f"'{call}' with no alternative for when no crime is happening: say when to call "
                   f"{alternatives[(named or mentioned)[0]].get('organization', 'the outreach service')} instead")
        # the directory's alternatives by name in the message, their ids as the line to write in the
        # suggestion ("list that service's id in the clause's services" sent drafters looking for
        # a field they had never seen; the packet and the room leave a YAML suggestion out)
        names = [str(s.get("organization") or sid) for sid, s in alternatives.items()][:2]
        write = [f"on the clause: services: [{', '.join(list(alternatives)[:2])}]"] if alternatives else None
        if (kind := _ALTERNATIVE_KIND.search(text)) and _NO_CRIME.search(text):
            msg = (f"'{call}': the clause offers {kind.group().lower()} instead but names no service: "
                   + (f"name {' or '.join(names)} from the services directory" if names else
                      "add that service to the services directory and name it in the clause")
                   + ", so readers find who to call")
        else:
            msg = (f"'{call}' without a non-police alternative: where no crime has been committed, offer a "
                   "mobile or community service from the services directory"
                   + (f" ({' or '.join(names)})" if names else ""))
        yield finding_at(rule, doc, path + ("text",), msg, start=m.start(), end=m.end(),
                         suggestions=write)


@guideline_only
def service_regions(doc, config, rule):
    """Services exist in every region the guideline applies to, in the guideline's languages."""
    data = doc.data
    regions = gd.strings(gd.mapping(data.get("scope")).get("applies_to"))
    services = [s for s in gd.items(data.get("services")) if isinstance(s, dict)]
    if not services:
        yield finding_at(rule, doc, ("services",),
                         "there is no services directory: list services sex workers can be referred to, with the "
                         "regions they serve and their languages")
        return
    languages = gd.strings(gd.mapping(data.get("metadata")).get("languages"))
    everywhere = {"all", "all regions", "everywhere", "province-wide", "region-wide", "online"}
    served = [({gd.name_key(r) for r in gd.strings(s.get("regions"))}, s) for s in services]
    for i, region in enumerate(regions):
        name = gd.name_key(region)
        here = [s for names, s in served if name in names or not names.isdisjoint(everywhere)]
        if not here:
            yield finding_at(rule, doc, ("scope", "applies_to", i),
                             f"no service in the directory serves {region}: add one, or a mobile service that "
                             "comes to people there")
            continue
        spoken = {lang.lower() for s in here for lang in gd.strings(s.get("languages"))}
        gaps = [lang for lang in languages if lang.lower() not in spoken]
        if gaps:
            yield finding_at(rule, doc, ("scope", "applies_to", i),
                             f"no service in {region} offers {join_and(gaps)}, although the guideline is for "
                             f"speakers of {'them' if len(gaps) > 1 else 'it'}: add a service or interpretation there")


@guideline_only
def culturally_appropriate(doc, config, rule):
    """The directory has Indigenous-led and sex-worker-led options."""
    data = doc.data
    services = [s for s in gd.items(data.get("services")) if isinstance(s, dict)]
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
                         f"add {join_and(missing)} so people can choose support that fits them")


_TRANSITION = re.compile(r"\b(?:transition\w*|exit\w*|leav(?:e|ing) (?:sex work|the (?:sex )?(?:trade|industry)))\b",
                         re.IGNORECASE)
_VOLUNTARY = re.compile(r"\bif (?:requested|they (?:ask|choose|want)|asked)\b|\bvoluntar\w*|\bwho asks?\b|"
                        r"\bon request\b|\bwho (?:want|wish|choose)s?\b|\bby choice\b|\basks? for it\b", re.IGNORECASE)


@guideline_only
def voluntary_transition(doc, config, rule):
    """Support to transition to other work is voluntary, never a condition."""
    data = doc.data
    for path, s in gd.sections(data):
        head = f"{s.get('id', '')} {s.get('title', '')}"
        if not _TRANSITION.search(head.replace("-", " ").replace(".", " ")):
            continue
        if not _VOLUNTARY.search(section_text(s)):
            yield finding_at(rule, doc, path + ("title",),
                             "transition support is not described as voluntary: say it is offered to people who ask "
                             "for it ('if requested') and is never a condition of any service")
    for i, a in enumerate(gd.items(data.get("work_plan"))):
        a = gd.mapping(a)
        text = f"{a.get('title', '')} {a.get('description', '')}"
        if _TRANSITION.search(text) and not _VOLUNTARY.search(text):
            yield finding_at(rule, doc, ("work_plan", i, "title"),
                             "this action on transition does not say it is voluntary: add 'for people who ask for it'")


@guideline_only
def complaints_protocol(doc, config, rule):
    """Residents' and businesses' concerns have a protocol of their own (the LIC balance)."""
    if not gd.protocols(doc.data, "complaints"):
        yield finding_at(rule, doc, ("sections",),
                         "there is no protocol for concerns from residents and businesses: add a section with "
                         "`protocol: complaints` that starts with outreach and conversation, not enforcement")


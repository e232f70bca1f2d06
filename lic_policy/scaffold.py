"""Scaffold a new guideline by walking the LIC adaptation steps (seed 003):

1. start with current reality — understand local sex work, map stakeholders, ensure
   experiential representation;
2. clarify intended outcomes;
3. create a steering committee;
4. adapt the model: priority actions;
5. develop a work plan.

``build_guideline(answers)`` is pure; the ``init`` command asks the questions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Invalid(ValueError):
    """An answer that cannot be used; the message says why and what to write instead."""


def language_tags(raw: str) -> list[str]:
    """"English, fr-CA, Cantonese" → ``["en", "fr-CA", "yue"]``: language tags as they are,
    language names in English or in the language itself mapped to tags (the langcodes
    library, with the CLDR's names)."""
    import langcodes

    tags: list[str] = []
    for item in (x.strip() for x in raw.split(",")):
        if not item:
            continue
        tag = None
        if _TAG.match(item) and langcodes.tag_is_valid(item):
            tag = langcodes.standardize_tag(item)
        else:
            try:
                tag = langcodes.find(item).to_tag()
            except LookupError:
                tag = None
        if tag is None or not _TAG.match(tag):
            raise Invalid(f"'{item}' is neither a language tag nor a language name I know: write a tag such as en, "
                          "fr or fr-CA, or a name such as English, French or Cantonese")
        if tag not in tags:
            tags.append(tag)
    if not tags:
        raise Invalid("give at least one language, e.g. en or English")
    return tags



STAKEHOLDERS = [
    ("current-sex-workers", "Current sex workers, with a diversity of backgrounds and experiences"),
    ("former-sex-workers", "Former sex workers"),
    ("sex-worker-led-organizations", "Sex-worker-led organizations"),
    ("sex-worker-serving-organizations", "Organizations giving direct support to sex workers"),
    ("police", "Law enforcement"),
    ("community-policing", "Community policing associations"),
    ("health", "Health"),
    ("municipal-government", "Municipal government"),
    ("provincial-government", "Provincial government"),
    ("neighbourhood-organizations", "Neighbourhood organizations"),
    ("residents", "Residents"),
    ("indigenous-organizations", "Indigenous organizations"),
    ("business", "Business"),
    ("youth-serving-organizations", "Youth and youth-serving organizations"),
]

OUTCOMES = [
    ("safety-health", "Improve the safety and health of sex workers", ["practice", "policy-systems-structures"]),
    ("community-safety", "Reduce safety concerns for residents, businesses and visitors related to sex work",
     ["relationships-collaboration"]),
    ("youth-choices", "Improve healthy choices by children and youth", ["culture-mindsets"]),
    ("youth-exploitation", "Reduce sexual exploitation of youth", ["practice", "policy-systems-structures"]),
]

ACTIONS = [
    ("residents-capacity", "Increase the capacity of local residents to address local challenges related to sex "
     "work and sexual exploitation", "relationships-collaboration"),
    ("youth-education", "Educate children and youth about how to prevent sexual exploitation", "culture-mindsets"),
    ("coordinate-services", "Enhance and coordinate local services for sex workers", "practice"),
    ("training-employment", "Offer training and employment opportunities to sex workers who ask for support to "
     "transition to other work", "practice"),
    ("align-policy", "Align by-laws and policies with this guideline; sex work between adults is not in itself a "
     "by-law matter", "policy-systems-structures"),
]

SELECTION = [
    ("chosen-by-sex-worker-led-organizations", "Representatives chosen by sex-worker-led organizations"),
    ("chosen-by-sex-workers", "Representatives chosen by sex workers themselves"),
    ("open-call", "An open call"),
]

KINDS = ["municipality", "regional-district", "province", "police-service", "health-authority", "transit-authority",
         "service-provider"]


SEX_WORKER_SEATS = ("current-sex-workers", "former-sex-workers", "sex-worker-led-organizations")
"""Committee seats held by sex workers (sex-worker-led organizations are led by them)."""

DEFAULT_SEATS = {"current-sex-workers": 3, "former-sex-workers": 2}


def default_seats(key: str) -> int:
    return DEFAULT_SEATS.get(key, 1)


@dataclass
class Answers:
    title: str = "Sex Work Response Guideline"
    jurisdiction: str = "City of Example"
    kind: str = "municipality"
    region: Optional[str] = None
    languages: list[str] = field(default_factory=lambda: ["en"])
    owner_role: str = "Social Policy Manager"
    areas: list[str] = field(default_factory=lambda: ["Citywide"])
    stakeholders: list[str] = field(default_factory=lambda: [k for k, _ in STAKEHOLDERS])
    selection: str = "chosen-by-sex-worker-led-organizations"
    outcomes: list[str] = field(default_factory=lambda: [k for k, _t, _a in OUTCOMES])
    seats: dict[str, int] = field(default_factory=dict)
    actions: list[str] = field(default_factory=lambda: [k for k, _t, _a in ACTIONS])
    today: dt.date = field(default_factory=dt.date.today)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "guideline"


def guideline_id(jurisdiction: str, title: str) -> str:
    """The title's slug, led by the jurisdiction's unless the title already names it:
    "Town of X Sex Work Response Guideline" → ``town-of-x-sex-work-response-guideline``
    (never ``town-of-x-town-of-x-…``). At most 120 characters, cut between words."""
    t, j = slug(title), slug(jurisdiction)
    ident = t if (j == "guideline" or f"-{j}-" in f"-{t}-") else f"{j}-{t}"
    if len(ident) > 120:
        ident = ident[:121].rsplit("-", 1)[0].strip("-") or ident[:120]
    return ident


STAGES_AFTER_DESIGN = ("drafting", "review", "approval", "implementation", "evaluation")


def todo_items(a: Answers, stage_index: dict[str, int]) -> list[dict]:
    """What a new draft cannot know yet, as to-do items (``check`` lists them as info)."""
    items = [
        {"text": f"Record who took part in the {stage} stage when it happens: the dates, the groups that took "
                 "part, how they took part and how many people from each group.",
         "about": f"consultation.stages.{stage_index[stage]}"}
        for stage in STAGES_AFTER_DESIGN
    ]
    items += [
        {"text": "Agree with sex-worker-led organizations how everyone who takes part is paid for their time and "
                 "expertise (honoraria or wages, paid in cash or in the way people choose, without asking for "
                 "legal names), then record the form and rate under consultation.compensation.",
         "about": "consultation.compensation"},
        {"text": "As people take part, record how many come from each group (current and former sex workers; "
                 "Indigenous, im/migrant, street-based and indoor sex workers; sex workers of different genders) "
                 "under consultation.participants. Count people; never name them.",
         "about": "consultation.participants"},
        {"text": "Plan how people can take part: an in-person option, their languages or interpretation, plain "
                 "language and at least 14 days to read and respond; record it under consultation.accessibility.",
         "about": "consultation.accessibility"},
        {"text": f"List the services people can be referred to in {_areas(a.areas)}, with the languages they "
                 "offer, including a sex-worker-led and an Indigenous-led service; record them under services.",
         "about": "services"},
    ]
    return items


def _areas(areas: list[str]) -> str:
    if len(areas) == 1:
        return areas[0] if areas[0].lower() not in ("citywide", "all") else "the area this guideline covers"
    return ", ".join(areas[:-1]) + " and " + areas[-1]


_STARTING_DEFINITIONS = [
    {"term": "sex work", "definition": "The exchange of sexual services between adults, for money or "
                                       "goods."},
    {"term": "youth sexual exploitation", "definition": "Any involvement of a person under 18 in sexual "
     "activity in exchange for money, goods, shelter or anything else. It is exploitation and abuse, "
     "never work."},
    {"term": "human trafficking", "definition": "Recruiting, moving or holding a person through force, "
     "fraud or coercion in order to exploit them. It is a crime against the person trafficked, and it is "
     "distinct from sex work between adults who choose it."},
]
"""The terms every guideline starts with defined (sex work, youth sexual exploitation,
trafficking): read, never changed, by ``build_guideline``."""

_STARTING_PROTOCOLS = [
    {"id": "response.violence", "title": "Responding to violence against sex workers",
     "tags": ["protocol"], "protocol": "violence-against-sex-workers",
     "clauses": [{"id": "response.violence.1", "text": "Staff treat every report of violence against a "
                  "sex worker as serious and help the person reach the support they choose."}]},
    {"id": "response.youth", "title": "Youth sexual exploitation", "tags": ["protocol"],
     "protocol": "youth-sexual-exploitation",
     "clauses": [{"id": "response.youth.1", "text": "Any young person under 18 who is trading sex is "
                  "treated as a young person being sexually exploited and is offered youth-serving "
                  "support."}]},
    {"id": "response.concerns", "title": "Concerns from residents and businesses", "tags": ["protocol"],
     "protocol": "complaints",
     "clauses": [{"id": "response.concerns.1", "text": "Staff listen to concerns from residents and "
                  "businesses and respond first through outreach and conversation, working with "
                  "sex-worker-led organizations on solutions that keep everyone safe."}]},
]
"""The starting protocols (violence against sex workers, youth sexual exploitation,
concerns from residents and businesses) that ``lic-policy init`` writes for the steering
committee to adapt."""


def build_guideline(a: Answers):
    """The starting guideline for ``a``: metadata, purpose and scope, definitions, principles
    from the chosen outcomes, starting protocols, the consultation's stages and the steering
    committee, the work plan and what the draft still needs."""
    from .model.guideline import Guideline

    seats = {k: a.seats.get(k, default_seats(k)) for k in a.stakeholders}
    sex_worker_groups = [k for k in a.stakeholders if k in SEX_WORKER_SEATS]
    stages = _stages(a, sex_worker_groups)
    stage_index = {st["stage"]: i for i, st in enumerate(stages)}
    total = sum(seats.values())
    action_map = {k: (t, area) for k, t, area in ACTIONS}
    data = {
        "metadata": {
            "id": guideline_id(a.jurisdiction, a.title),
            "title": a.title,
            "jurisdiction": {"name": a.jurisdiction, "kind": a.kind, **({"region": a.region} if a.region else {}),
                             "country": "CA"},
            "version": "0.1.0",
            "status": "draft",
            "owners": [{"role": a.owner_role}],
            "languages": a.languages,
        },
        "purpose": (f"To guide how {a.jurisdiction} staff respond to sex work and to the sexual exploitation of "
                    "youth so that everyone is treated fairly and without bias, and so that communities are "
                    "healthier and safer for sex workers, residents and businesses alike."),
        "scope": {
            "text": f"This guideline applies to {a.jurisdiction} staff whose work brings them into contact with "
                    "sex workers, residents and businesses, and young people at risk of sexual exploitation.",
            "applies_to": a.areas,
            "audiences": [{"id": "front-line-staff", "name": "Front-line staff"}],
        },
        "definitions": _STARTING_DEFINITIONS,
        "principles": _principles(a),
        "priorities": [
            {"id": "priority.violence", "rank": 1, "text": "The safety of sex workers: violence against sex "
             "workers is a priority for response.", "refs": ["response.violence"]},
            {"id": "priority.youth", "rank": 2, "text": "Prevent the sexual exploitation of youth.",
             "refs": ["response.youth"]},
        ],
        "sections": _STARTING_PROTOCOLS,
        "consultation": {
            "stages": stages,
            "representative_selection": {"method": a.selection},
            "voluntary": True,
            "right_to_withdraw": True,
            # the steering committee below decides by consensus: every action is agreed by all of it
            "decision_power": {"body": "Steering committee", "sex_worker_seats": sum(seats[k] for k in sex_worker_groups),
                               "total_seats": max(total, 1), "votes": True},
        },
        "governance": {
            "steering_committee": [{"category": k, "seats": n} for k, n in seats.items()],
            "decision_rule": "consensus",
        },
        "work_plan": [
            {"id": f"action.{k}", "title": action_map[k][0], "key_area": action_map[k][1],
             "owner_role": "Steering committee", "status": "planned"}
            for k in a.actions if k in action_map
        ],
        "review_schedule": {"frequency_months": 12},
        "todo": todo_items(a, stage_index),
    }
    if not seats:
        del data["governance"]["steering_committee"]
        del data["consultation"]["decision_power"]
    return Guideline.model_validate(data)


def _principles(a: Answers) -> list[dict]:
    """A principle for each chosen outcome, and sex workers' involvement at every stage."""
    outcome_map = {k: (t, areas) for k, t, areas in OUTCOMES}
    principles = [
        {"id": f"principle.{k}", "title": outcome_map[k][0], "key_areas": outcome_map[k][1],
         "text": f"{outcome_map[k][0]}. The steering committee agrees the actions that serve this outcome."}
        for k in a.outcomes if k in outcome_map
    ]
    principles.append({
        "id": "principle.involvement",
        "title": "Sex workers involved at every stage",
        "key_areas": ["relationships-collaboration", "policy-systems-structures"],
        "text": "Current and former sex workers take part in the design, drafting, review, approval, "
                "implementation and evaluation of this guideline, with decision power and compensation.",
    })
    return principles


def _stages(a: Answers, sex_worker_groups: list[str]) -> list[dict]:
    """The design stage, in progress with every stakeholder group; the later stages planned
    with the sex workers' groups of the stakeholder map."""
    stages = [{"stage": "design", "status": "in-progress", "start": a.today, "groups": list(a.stakeholders)}]
    stages += [{"stage": s, "status": "planned", **({"groups": sex_worker_groups} if sex_worker_groups else {})}
               for s in STAGES_AFTER_DESIGN]
    return stages


STEP_COMMENTS = {
    "metadata": "About this guideline. Owners are roles, never private people.",
    "scope": "Step 1 (current reality): where the guideline applies and which staff it guides.",
    "principles": "Step 2 (intended outcomes): each principle is tagged with the LIC key areas it serves.",
    "priorities": "Step 4 (adapt the model): ordered priorities; violence against sex workers comes first.",
    "sections": "Protocols and guidance. Starting text from `lic-policy init`: adapt it with your steering committee.",
    "consultation": "Who took part at each stage, with what power. Count participants; never name them.",
    "governance": "Step 3 (steering committee): seats by LIC stakeholder category.",
    "work_plan": "Step 5 (work plan): actions, each under one LIC key area, with an owner role.",
    "todo": ("TO DO: what this draft still needs. `lic-policy check` lists each item as info; while the\n"
             "guideline is a draft, an item stands in for the part it names until that part is written.\n"
             "Delete an item when it is done."),
}


def render(guideline, schema_ref: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    from .store import roundtrip_dump, to_yaml_tree

    data = guideline.model_dump(mode="python", exclude_defaults=True)
    # the to-do list right after the metadata, where the person editing sees it first
    order = ["lic_policy", "metadata", "todo"]
    data = {"lic_policy": guideline.lic_policy, **{k: data[k] for k in order[1:] if k in data},
            **{k: v for k, v in data.items() if k not in order}}
    tree = to_yaml_tree(data)
    assert isinstance(tree, CommentedMap)
    for key, comment in STEP_COMMENTS.items():
        if key in tree:
            tree.yaml_set_comment_before_after_key(key, before="\n" + comment)
    header = (f"# yaml-language-server: $schema={schema_ref}\n"
              f"# {guideline.metadata.title} — scaffolded by `lic-policy init` from the Living in Community\n"
              "# adaptation steps. Run `lic-policy validate` and `lic-policy check` as you write.\n")
    return header + roundtrip_dump(tree)

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
    ("align-policy", "Align by-laws and policies with this guideline; adult, consensual sex work is not in itself a "
     "by-law matter", "policy-systems-structures"),
]

SELECTION = [
    ("chosen-by-sex-worker-led-organizations", "Representatives chosen by sex-worker-led organizations"),
    ("chosen-by-sex-workers", "Representatives chosen by sex workers themselves"),
    ("open-call", "An open call"),
]

KINDS = ["municipality", "regional-district", "province", "police-service", "health-authority", "service-provider"]


@dataclass
class Answers:
    title: str = "Sex Work Response Guideline"
    jurisdiction: str = "City of Example"
    kind: str = "municipality"
    region: Optional[str] = None
    languages: list[str] = field(default_factory=lambda: ["en"])
    owner_role: str = "Social Policy Planner"
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


def build_guideline(a: Answers):
    from .model.guideline import Guideline

    outcome_map = {k: (t, areas) for k, t, areas in OUTCOMES}
    action_map = {k: (t, area) for k, t, area in ACTIONS}
    seats = {k: a.seats.get(k, 2 if k in ("current-sex-workers", "former-sex-workers") else 1) for k in a.stakeholders}
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
    data = {
        "metadata": {
            "id": slug(f"{a.jurisdiction} {a.title}"),
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
                    "sex workers, residents and businesses affected by sex work, and young people at risk of "
                    "sexual exploitation.",
            "applies_to": a.areas,
            "audiences": [{"id": "front-line-staff", "name": "Front-line staff"}],
        },
        "definitions": [
            {"term": "sex work", "definition": "The exchange of sexual services between consenting adults for "
                                               "money or goods."},
            {"term": "youth sexual exploitation", "definition": "Any involvement of a person under 18 in sexual "
             "activity in exchange for money, goods, shelter or anything else. It is exploitation and abuse, "
             "never work."},
        ],
        "principles": principles,
        "priorities": [
            {"id": "priority.violence", "rank": 1, "text": "The safety of sex workers: violence against sex "
             "workers is a priority for response.", "refs": ["response.violence"]},
            {"id": "priority.youth", "rank": 2, "text": "Prevent the sexual exploitation of youth.",
             "refs": ["response.youth"]},
        ],
        "sections": [
            {"id": "response.violence", "title": "Responding to violence against sex workers",
             "tags": ["protocol"], "protocol": "violence-against-sex-workers",
             "clauses": [{"id": "response.violence.1", "text": "Staff treat every report of violence against a "
                          "sex worker as serious and help the person reach the support they choose."}]},
            {"id": "response.youth", "title": "Youth sexual exploitation", "tags": ["protocol"],
             "protocol": "youth-sexual-exploitation",
             "clauses": [{"id": "response.youth.1", "text": "Any young person under 18 who is trading sex is "
                          "treated as a young person being sexually exploited and is offered youth-serving "
                          "support."}]},
        ],
        "consultation": {
            "stages": [
                {"stage": "design", "status": "in-progress", "start": a.today,
                 "groups": [g for g in a.stakeholders]},
                *({"stage": s, "status": "planned"} for s in
                  ("drafting", "review", "approval", "implementation", "evaluation")),
            ],
            "representative_selection": {"method": a.selection},
            "voluntary": True,
            "right_to_withdraw": True,
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
    }
    return Guideline.model_validate(data)


STEP_COMMENTS = {
    "metadata": "About this guideline. Owners are roles, never private people.",
    "scope": "Step 1 (current reality): where the guideline applies and which staff it guides.",
    "principles": "Step 2 (intended outcomes): each principle is tagged with the LIC key areas it serves.",
    "priorities": "Step 4 (adapt the model): ordered priorities; violence against sex workers comes first.",
    "sections": "Protocols and guidance. Starting text from `lic-policy init`: adapt it with your steering committee.",
    "consultation": "Who took part at each stage, with what power. Count participants; never name them.",
    "governance": "Step 3 (steering committee): seats by LIC stakeholder category.",
    "work_plan": "Step 5 (work plan): actions, each under one LIC key area, with an owner role.",
}


def render(guideline, schema_ref: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    from .store import roundtrip_dump, to_yaml_tree

    data = guideline.model_dump(mode="python", exclude_defaults=True)
    data = {"lic_policy": guideline.lic_policy, **{k: v for k, v in data.items() if k != "lic_policy"}}
    tree = to_yaml_tree(data)
    assert isinstance(tree, CommentedMap)
    for key, comment in STEP_COMMENTS.items():
        if key in tree:
            tree.yaml_set_comment_before_after_key(key, before="\n" + comment)
    header = (f"# yaml-language-server: $schema={schema_ref}\n"
              f"# {guideline.metadata.title} — scaffolded by `lic-policy init` from the Living in Community\n"
              "# adaptation steps. Run `lic-policy validate` and `lic-policy check` as you write.\n")
    return header + roundtrip_dump(tree)

"""The data model of a sex work response guideline.

The structure follows the guidelines this field actually adopts (Vancouver Police
Department's Sex Work Enforcement Guidelines, the City of Vancouver's Sex Work Response
Guidelines, Local Government New Zealand's guide under the Prostitution Reform Act,
Amnesty International's policy) and the Living in Community (LIC) model: who sat at the
table, at which stage, with what power; the four key areas of change; protocols; a
"Find A Service" directory.

Pure data: no I/O here. Loading, positions and saving live in ``lic_policy.store``;
rules that need the whole document live in ``lic_policy.model.rules``.
"""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from typing import Annotated, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from . import walk
from .vocab import FORMAT_VERSION  # noqa: F401 - defined where importing costs nothing; the model's name for it

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$", max_length=120),
]
"""A stable, human-readable id: lowercase words joined by dots, e.g. ``response.violence.1``."""

LanguageTag = Annotated[str, StringConstraints(pattern=(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language, extended language subtags
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # script, region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"  # private use
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+)$"))]
"""A BCP 47 language tag (RFC 5646's grammar) such as ``en``, ``fr-CA``, ``zh-Hant-TW``,
``sgn-GB-x-bsl`` or ``de-CH-1996``."""

PROSE_PATTERN = r"\S"
"""A character that is not blank space: a title or text of spaces (a tab, a no-break space)
shows as nothing where the guideline is read, and was valid (fix27)."""

Prose = Annotated[str, StringConstraints(min_length=1, pattern=PROSE_PATTERN)]
"""Text in a small Markdown subset: paragraphs, emphasis, links, bullet lists; never only blank
space."""


class Strict(BaseModel):
    """Base for every model: unknown fields are errors (so typos are caught)."""

    # validate_default: a default enum member (an action's status, a clause's kind) is stored
    # as its value too, so it never prints as "ActionStatus.planned"
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True, validate_default=True)


# --------------------------------------------------------------------------- enums


class JurisdictionKind(str, Enum):
    municipality = "municipality"
    regional_district = "regional-district"
    province = "province"
    police_service = "police-service"
    health_authority = "health-authority"
    transit_authority = "transit-authority"
    service_provider = "service-provider"


class Status(str, Enum):
    """Lifecycle: draft → in-review → approved → published → retired."""

    draft = "draft"
    in_review = "in-review"
    approved = "approved"
    published = "published"
    retired = "retired"


class KeyArea(str, Enum):
    """The four LIC key areas of change (seeds 000 and 001)."""

    culture_mindsets = "culture-mindsets"
    relationships_collaboration = "relationships-collaboration"
    practice = "practice"
    policy_systems_structures = "policy-systems-structures"


class Protocol(str, Enum):
    """Response protocols the domain expects; a section carrying one is a protocol."""

    violence_against_sex_workers = "violence-against-sex-workers"
    complaints = "complaints"
    youth_sexual_exploitation = "youth-sexual-exploitation"
    trafficking = "trafficking"
    enforcement_discretion = "enforcement-discretion"
    other = "other"


class Stage(str, Enum):
    """Stages of policy development (SWIT 2013, box 1.1)."""

    design = "design"
    drafting = "drafting"
    review = "review"
    approval = "approval"
    implementation = "implementation"
    evaluation = "evaluation"


class StageStatus(str, Enum):
    planned = "planned"
    in_progress = "in-progress"
    completed = "completed"


class Group(str, Enum):
    """Participant and stakeholder groups: the LIC table (seed 003, step 3) and the
    diversity of sex workers' experience the involvement checks look for."""

    current_sex_workers = "current-sex-workers"
    former_sex_workers = "former-sex-workers"
    indigenous_sex_workers = "indigenous-sex-workers"
    im_migrant_sex_workers = "im-migrant-sex-workers"
    street_based_sex_workers = "street-based-sex-workers"
    indoor_sex_workers = "indoor-sex-workers"
    trans_and_gender_diverse_sex_workers = "trans-and-gender-diverse-sex-workers"
    men_sex_workers = "men-sex-workers"
    sex_worker_led_organizations = "sex-worker-led-organizations"
    sex_worker_serving_organizations = "sex-worker-serving-organizations"
    police = "police"
    community_policing = "community-policing"
    health = "health"
    municipal_government = "municipal-government"
    provincial_government = "provincial-government"
    neighbourhood_organizations = "neighbourhood-organizations"
    residents = "residents"
    indigenous_organizations = "indigenous-organizations"
    business = "business"
    youth_serving_organizations = "youth-serving-organizations"
    legal = "legal"
    other = "other"


class SelectionMethod(str, Enum):
    """How representatives were chosen (SWIT: chosen by sex workers themselves)."""

    chosen_by_sex_workers = "chosen-by-sex-workers"
    chosen_by_sex_worker_led_organizations = "chosen-by-sex-worker-led-organizations"
    open_call = "open-call"
    appointed_by_government = "appointed-by-government"
    appointed_by_police = "appointed-by-police"
    other = "other"


class DecisionRule(str, Enum):
    consensus = "consensus"
    vote = "vote"


class ClauseKind(str, Enum):
    directive = "directive"
    guidance = "guidance"
    note = "note"
    quotation = "quotation"
    citation = "citation"


class ActionStatus(str, Enum):
    planned = "planned"
    in_progress = "in-progress"
    done = "done"
    paused = "paused"


# --------------------------------------------------------------------------- parts


class Jurisdiction(Strict):
    name: Prose
    kind: JurisdictionKind
    region: Optional[str] = Field(None, description="Region, province or territory.")
    country: Optional[str] = Field(None, description="ISO 3166 country code, e.g. CA.")


class Owner(Strict):
    """Who owns the guideline: a role and unit, never a private person."""

    role: Prose
    unit: Optional[str] = None


class Metadata(Strict):
    id: Id
    title: Prose
    jurisdiction: Jurisdiction
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}(-[0-9A-Za-z.]+)?$")]
    status: Status
    owners: list[Owner] = Field(min_length=1)
    languages: list[LanguageTag] = Field(min_length=1)
    effective_date: Optional[_dt.date] = None
    next_review_date: Optional[_dt.date] = None
    adopted_date: Optional[_dt.date] = None
    retired_date: Optional[_dt.date] = None
    supersedes: Optional[str] = Field(None, description="Id and version this guideline replaces.")
    summary: Optional[Prose] = None


class Audience(Strict):
    """A staff role the guidance is written for (e.g. by-law officers, outreach staff)."""

    id: Id
    name: Prose
    description: Optional[Prose] = None


class Scope(Strict):
    text: Prose
    applies_to: list[str] = Field(default_factory=list, description="Regions or areas covered.")
    audiences: list[Audience] = Field(default_factory=list)
    excludes: Optional[Prose] = None


class Definition(Strict):
    term: Prose
    definition: Prose
    self_identification: bool = Field(
        False,
        description="True when a community uses this term to name itself; checks then accept it.",
    )
    aliases: list[str] = Field(default_factory=list)
    source: Optional[str] = None


class Principle(Strict):
    id: Id
    title: Prose
    text: Prose
    key_areas: list[KeyArea] = Field(min_length=1)


class Priority(Strict):
    """An ordered priority; ``rank`` 1 comes first."""

    id: Id
    rank: int = Field(strict=True, ge=1)
    text: Prose
    refs: list[Id] = Field(default_factory=list, description="Ids of sections this priority points to.")


class Citation(Strict):
    source: Prose
    section: Optional[str] = None
    url: Optional[str] = None


class Clause(Strict):
    id: Id
    text: Prose
    kind: ClauseKind = ClauseKind.directive
    audience: list[Id] = Field(default_factory=list, description="Audience ids this clause is for.")
    citation: Optional[Citation] = Field(
        None, description="Set when the clause quotes or cites law; checks skip quoted text."
    )
    services: list[Id] = Field(default_factory=list, description="Ids of services this clause points to.")
    see: list[Id] = Field(default_factory=list, description="Ids of other clauses or sections.")

    @property
    def is_quotation(self) -> bool:
        return self.kind in (ClauseKind.quotation.value, ClauseKind.citation.value)


class Section(Strict):
    id: Id
    title: Prose
    tags: list[str] = Field(default_factory=list)
    protocol: Optional[Protocol] = None
    intro: Optional[Prose] = None
    clauses: list[Clause] = Field(default_factory=list)
    sections: list["Section"] = Field(default_factory=list)


class Contact(Strict):
    """Public contact of an organization (never a private person's)."""

    phone: Optional[str] = None
    text: Optional[str] = None
    email: Optional[str] = None
    website: Optional[str] = None
    address: Optional[str] = None


class Service(Strict):
    id: Id
    organization: Prose
    offers: list[str] = Field(min_length=1)
    description: Optional[Prose] = None
    regions: list[str] = Field(min_length=1)
    languages: list[LanguageTag] = Field(min_length=1)
    sex_worker_led: bool = False
    indigenous_led: bool = False
    mobile: bool = Field(False, description="Mobile or outreach service that comes to people.")
    non_police: bool = Field(True, description="Not a police service.")
    contact: Contact
    hours: Prose


class ParticipantCount(Strict):
    group: Group
    count: int = Field(strict=True, ge=0)
    note: Optional[str] = None


class ConsultationStage(Strict):
    stage: Stage
    status: StageStatus
    start: Optional[_dt.date] = None
    end: Optional[_dt.date] = None
    groups: list[Group] = Field(default_factory=list, description="Groups that took part.")
    methods: list[str] = Field(default_factory=list)
    notes: Optional[Prose] = None


class RepresentativeSelection(Strict):
    method: SelectionMethod
    description: Optional[Prose] = None


class Compensation(Strict):
    provided: bool
    form: Optional[str] = Field(None, description="honoraria, wages, gift cards, ...")
    rate: Optional[str] = None
    notes: Optional[Prose] = None


class DecisionPower(Strict):
    body: Prose = Field(description="The body that approves, e.g. steering committee.")
    sex_worker_seats: int = Field(strict=True, ge=0)
    total_seats: int = Field(strict=True, ge=1)
    votes: bool = False
    sign_off: bool = Field(False, description="Sex-worker advisory sign-off is required to approve.")


class Accessibility(Strict):
    in_person: bool = False
    online: bool = False
    languages: list[LanguageTag] = Field(default_factory=list)
    interpretation: bool = False
    plain_language: bool = False
    notice_days: Optional[int] = Field(None, strict=True, ge=0, description="Days given to read and respond.")
    childcare: bool = False
    travel_support: bool = False
    other: list[str] = Field(default_factory=list)


class Consultation(Strict):
    """Who took part, at which stage, with what power. Counts, never names."""

    stages: list[ConsultationStage] = Field(default_factory=list)
    participants: list[ParticipantCount] = Field(default_factory=list)
    representative_selection: Optional[RepresentativeSelection] = None
    voluntary: Optional[bool] = None
    right_to_withdraw: Optional[bool] = None
    compensation: Optional[Compensation] = None
    decision_power: Optional[DecisionPower] = None
    diversity: list[Group] = Field(default_factory=list, description="Experiences represented.")
    accessibility: Optional[Accessibility] = None
    confidentiality: list[Prose] = Field(default_factory=list)
    summary: Optional[Prose] = None


class CommitteeSeat(Strict):
    category: Group
    seats: int = Field(strict=True, ge=1)
    organizations: list[str] = Field(default_factory=list, description="Public organization names only.")


class Approval(Strict):
    body: Prose
    role: Prose = Field(description="Who signed off, by role (never a private name).")
    date: _dt.date
    decision: DecisionRule
    votes_for: Optional[int] = Field(None, strict=True, ge=0)
    votes_against: Optional[int] = Field(None, strict=True, ge=0)
    abstentions: Optional[int] = Field(None, strict=True, ge=0)
    sex_worker_advisory: bool = Field(False, description="This sign-off is the sex-worker advisory's.")
    version: Optional[str] = None


class Governance(Strict):
    steering_committee: list[CommitteeSeat] = Field(default_factory=list)
    decision_rule: Optional[DecisionRule] = None
    approvals: list[Approval] = Field(default_factory=list)
    terms_of_reference: Optional[Prose] = None


class Action(Strict):
    id: Id
    title: Prose
    key_area: KeyArea
    owner_role: Prose
    start: Optional[_dt.date] = None
    due: Optional[_dt.date] = None
    status: ActionStatus = ActionStatus.planned
    description: Optional[Prose] = None
    refs: list[Id] = Field(default_factory=list)


class ReviewSchedule(Strict):
    frequency_months: int = Field(strict=True, ge=1, le=120)
    last_review: Optional[_dt.date] = None
    next_review: Optional[_dt.date] = None
    triggers: list[Prose] = Field(default_factory=list)


class Reference(Strict):
    id: Id
    title: Prose
    publisher: Optional[str] = None
    year: Optional[int] = Field(None, strict=True, ge=1800, le=2200)
    url: Optional[str] = None


class TodoItem(Strict):
    """Something the draft still needs, clearly marked as such (``lic-policy init`` writes
    them). ``lic-policy check`` lists each one as *info*; while the guideline is a draft and
    the part named by ``about`` is not written yet, the to-do stands in for the finding about
    that missing part. Delete an item when it is done."""

    text: Prose
    about: Optional[str] = Field(None, description="The part of the guideline this is about, as a dotted path, "
                                                   "e.g. consultation.compensation or services.")


class Guideline(Strict):
    """A sex work response guideline."""

    lic_policy: int = Field(FORMAT_VERSION, strict=True, description="Format version of this file.")
    metadata: Metadata
    purpose: Prose
    scope: Scope
    definitions: list[Definition] = Field(default_factory=list)
    principles: list[Principle] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    consultation: Optional[Consultation] = None
    governance: Optional[Governance] = None
    work_plan: list[Action] = Field(default_factory=list)
    review_schedule: Optional[ReviewSchedule] = None
    references: list[Reference] = Field(default_factory=list)
    todo: list[TodoItem] = Field(default_factory=list, description="What the draft still needs (never published).")

    # ------------------------------------------------------------------ walking (``walk``)

    def iter_sections(self) -> Iterator[tuple[tuple, Section]]:
        """Every section, depth first, with its path in the document."""
        return walk.iter_sections(self)

    def iter_clauses(self) -> Iterator[tuple[tuple, Section, Clause]]:
        """Every clause with its path and the section holding it."""
        return walk.iter_clauses(self)

    def clause(self, clause_id: str) -> Optional[Clause]:
        return walk.clause(self, clause_id)

    def clause_path(self, clause_id: str) -> Optional[tuple]:
        return walk.clause_path(self, clause_id)


Section.model_rebuild()

"""Structural reviewers: who was at the table, at which stage, with what power; whether the
guideline covers what a balanced LIC response needs; privacy of participants; status gates.

Each function is a ``kind: python`` rule named by ``reviewers/structure.yaml`` as
``lic_policy.checks.structure:NAME`` (its metadata, rationale, sources and example documents
live there). They live in ``lic_policy.checks.structural``, one module per reviewer the pack
names, and are re-exported here so those paths keep working:

* ``structural/involvement.py`` — involvement (stages, selection, pay, decision power, ...);
* ``structural/coverage.py`` — coverage (the LIC table, key areas, protocols, services);
* ``structural/status.py`` — status gates (advisory sign-off, open objections), reading the
  review file beside the guideline through ``structural/review_file.py``;
* ``structural/drafting.py`` — a draft's to-do items;
* ``checks/privacy.py`` — privacy (participants and reviewers never identified);
* ``structural/common.py`` — what they share (``guideline_only``, status, LIC tables).

Every function reads the raw parsed data defensively (``lic_policy.guideline_data``): checks
also run on documents that do not validate, so a missing or mistyped field is absent.
"""

from __future__ import annotations

from .privacy import participant_identity
from .structural.common import (INVOLVED_GROUPS, KEY_AREAS, LIC_TABLE, NEXT_STEP, PASSED_STAGES, STAGE_ORDER,
                                guideline_only, prose_anchor_only)
from .structural.coverage import (committee, complaints_protocol, culturally_appropriate, key_areas,
                                  non_police_alternative, service_regions, trafficking_distinct, violence_protocol,
                                  voluntary_transition, youth_protocol)
from .structural.drafting import todo_items
from .structural.involvement import (DIVERSITY, accessibility, compensation, decision_power, diversity, selection,
                                     stage_involvement, stages_recorded, voluntary)
from .structural.review_file import review_doc, review_threads
from .structural.status import advisory_sign_off, open_objections

# the names some of these had before the split (other modules and branches import them)
_prose_anchor_only = prose_anchor_only
_guideline_only = guideline_only
_review_threads = review_threads
_review_doc = review_doc

__all__ = ["participant_identity", "todo_items", "stage_involvement", "stages_recorded", "selection", "voluntary",
           "compensation", "decision_power", "diversity", "accessibility", "advisory_sign_off", "open_objections",
           "committee", "key_areas", "violence_protocol", "youth_protocol", "trafficking_distinct",
           "non_police_alternative", "service_regions", "culturally_appropriate", "voluntary_transition",
           "complaints_protocol", "INVOLVED_GROUPS", "KEY_AREAS", "LIC_TABLE", "NEXT_STEP", "PASSED_STAGES",
           "STAGE_ORDER", "DIVERSITY"]

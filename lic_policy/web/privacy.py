"""Names, emails, phone numbers, street addresses and social-media handles in what reviewers
write — caught before anything is stored.

Reviews in the room are anonymous by design (handles, never names). A comment that names a
person or carries contact details would put an identity into the review file, which is
committed to git and read by everyone with the repository. The detectors are the library's
(``lic_policy.privacy``: the ones ``lic-policy check``, ``publish``'s gate and ``review
import`` use), so the room stops what ``check`` would flag:

* an email address, a phone number, a street address or a person's social-media handle or
  profile link (``@maryjones``, ``instagram.com/maryjones``; an organisation's public account,
  ``@VancouverPD``, is none) is **refused**: the reviewer is told which (masked, e.g.
  ``*****.******@*******.***``) and sends the text again without it — an account leads to the
  person as surely as an email address, and once stored in the review file it cannot be taken
  back from everyone who has the repository;
* a person's name is **warned about** first: name detection can mistake a place or an
  organisation for a person, so the reviewer may confirm that it is not a person's name (or
  that the person chose to be named) and send it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .i18n import N_

_WHAT = {
    "email": N_("Your text seems to contain an email address ({masked})."),
    "phone": N_("Your text seems to contain a phone number ({masked})."),
    "address": N_("Your text seems to contain a street address ({masked})."),
    "social": N_("Your text seems to contain a social-media handle or profile link ({masked})."),
    "name": N_("Your text seems to contain a person's name ({masked})."),
}


@dataclass
class Identity:
    message: str  # an English text of the catalogue, with {masked}
    masked: str
    refused: bool  # True: cannot be sent; False: can be sent once the reviewer confirms


def identity_problem(text: str) -> Optional[Identity]:
    """The first identifying piece of ``text`` (refusals before name warnings), or None."""
    from ..privacy import find_identities

    hits = find_identities(text)
    if not hits:
        return None
    hit = next((h for h in hits if h.kind != "name"), hits[0])
    return Identity(_WHAT.get(hit.kind, _WHAT["name"]), hit.masked, hit.kind != "name")


def handle_looks_like_name(handle: str) -> bool:
    """A handle such as ``maria.santos`` or ``MariaSantos`` (as ``check`` flags in review files)."""
    from ..privacy import handle_problem

    return handle_problem(handle) is not None


def invitee_problem(handle: str) -> Optional[tuple[str, object]]:
    """Why ``handle`` cannot be an invited reviewer's handle, decided once for `serve --invite`
    and the room's invitation box (each says it in its own words), in this order: ("first
    name", (the word, a handle to use instead)) — "cedar-4" holds a first name; ("name", None) —
    a person's name ("maria.lopez", "Maria Lopez"); ("not a handle", problem); ("problem",
    problem) — any other of ``model.review.handle_problem``'s. None: it can be one."""
    from ..model.review import handle_problem
    from ..privacy import first_name_in_handle

    problem = handle_problem(handle)
    # an email address or phone number is one before any first name it holds: "jane@example.org"
    # was answered "“jane” is also a first name … such as advisory@example.org", an email again
    if problem and not problem.startswith("is not a handle"):
        return "problem", problem
    first = first_name_in_handle(handle)
    if first is not None:
        if handle_problem(first[1]) is not None:
            # "ｊａｎｅ＠example.org" (full-width) was advised "advisory＠example.org": an email
            # again, and not a handle either; the advice is one the option and the box take
            first = (first[0], "advisory-3")
        return "first name", first
    not_a_handle = bool(problem and problem.startswith("is not a handle"))
    if handle_looks_like_name(handle) or (not_a_handle and handle_looks_like_name(" ".join(handle.split()[:3]))):
        return "name", None
    if problem:
        return ("not a handle" if not_a_handle else "problem"), problem
    return None

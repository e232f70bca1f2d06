"""Names, emails and phone numbers in what reviewers write: refused before anything is stored.

Reviews in the room are anonymous by design (handles, never names). A comment that names a
person or carries contact details would put an identity into the review file — which is
committed to git and read by everyone with the repository — so it is refused, with the reason
in plain words, and the reviewer sends it again without it. The detectors are the library's
(``lic_policy.checks.structure``'s identity detectors, the ones ``lic-policy check`` runs on
consultation records and review files), so the room refuses what ``check`` would flag.
"""

from __future__ import annotations

import re
from typing import Optional

from .i18n import N_

_WHAT = {
    "an email address": N_("Your text seems to contain an email address."),
    "a phone number": N_("Your text seems to contain a phone number."),
    "a person's name": N_("Your text seems to contain a person's name."),
    "a street address": N_("Your text seems to contain a street address."),
}


def identity_problem(text: str) -> Optional[str]:
    """The plain-language reason ``text`` cannot be stored, or None."""
    from ..checks.structure import _identity_hits

    for _a, _b, what in _identity_hits(text, None):
        return _WHAT.get(what, N_("Your text seems to contain a person's name."))
    return None


_NAME_HANDLE = re.compile(r"^[A-Z][a-z]+[._ -]?[A-Z][a-z]+$")


def handle_looks_like_name(handle: str) -> bool:
    """A handle such as ``MariaSantos`` or ``Maria.Santos`` (as ``check`` flags in review files)."""
    return bool(_NAME_HANDLE.match(handle))

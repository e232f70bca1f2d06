"""The guideline vocabulary as plain data: lifecycle and stage order, the four LIC key areas,
the groups whose members are current or former sex workers.

The pydantic enums in ``guideline.py`` are built on the same values (a test keeps them in
step); this module imports nothing, so the structural reviewers that run inside every
``check`` read it without paying for pydantic.
"""

STATUS_ORDER = ["draft", "in-review", "approved", "published", "retired"]
"""Lifecycle: draft → in-review → approved → published → retired."""

STAGE_ORDER = ["design", "drafting", "review", "approval", "implementation", "evaluation"]
"""Stages of policy development (SWIT 2013, box 1.1)."""

KEY_AREA_TITLES = {
    "culture-mindsets": "Culture & Mindsets",
    "relationships-collaboration": "Relationships & Collaboration",
    "practice": "Practice",
    "policy-systems-structures": "Policy, Systems & Structures",
}
"""The four LIC key areas of change (seeds 000 and 001), in the model's order."""

SEX_WORKER_GROUPS = frozenset({
    "current-sex-workers",
    "former-sex-workers",
    "indigenous-sex-workers",
    "im-migrant-sex-workers",
    "street-based-sex-workers",
    "indoor-sex-workers",
    "trans-and-gender-diverse-sex-workers",
    "men-sex-workers",
})
"""Groups whose members are current or former sex workers (lived experience)."""


FORMAT_VERSION = 1
"""The guideline file format this lic-policy reads and writes (``lic_policy:``); here, where
importing costs nothing, so the model rules can check it without loading pydantic."""


def unknown_format_version(value: int, known: int, key: str) -> "tuple[str, str] | None":
    """What is wrong with format version ``value`` of a file this lic-policy reads at ``known``
    (``key`` is the field that holds it), and how to fix it; None when it is read. A file from a
    newer lic-policy (or a version that never existed) is not judged by version 1's rules
    without a word."""
    if value > known:
        return (f"format version {value}, newer than this lic-policy reads ({known})",
                "upgrade lic-policy (pip install -U lic-policy) to read this file")
    if value < 1:
        return f"format version {value} does not exist", f"write {key}: {known}"
    return None

SUGGESTION_ONLY = "Suggested wording."
"""The body of a suggestion its reviewer sent without saying why (the review room's *Why (you
may leave it empty)*): a thread needs words, and these are not the reviewer's, so the room,
`review list`, the Word packet and the HTML redline show the suggested wording alone (ux29)."""

WITHDRAWN = "The person who wrote this comment took it back."
"""A review thread's body once its writer took it back (the review room's *Take it back*):
its words left the review file, and it reads as taken back wherever it is shown."""

"""Review files: anchored threads of comments on a guideline.

A review file (``NAME.review.yaml``) sits beside its guideline (``NAME.yaml``). Each
thread points at words of the guideline through the shared ``Anchor`` (element id,
field, TextQuote, TextPosition, version), carries a pseudonymous author with a role, a
kind, a status and replies. Automated findings become threads of the same shape with
the role ``automated``.

Pure data: no I/O here. Loading and saving live in ``lic_policy.review.threads``.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .anchor import Anchor, TextQuote
from .vocab import SUGGESTION_ONLY, WITHDRAWN, unknown_format_version

REVIEW_FORMAT_VERSION = 1


class Role(str, Enum):
    sex_worker_advisory = "sex-worker-advisory"
    staff = "staff"
    legal = "legal"
    community = "community"
    automated = "automated"


class Kind(str, Enum):
    comment = "comment"
    suggestion = "suggestion"
    question = "question"
    objection = "objection"
    approval = "approval"


class ThreadStatus(str, Enum):
    open = "open"
    accepted = "accepted"
    rejected = "rejected"
    resolved = "resolved"
    orphaned = "orphaned"


ROLES = [r.value for r in Role]
KINDS = [k.value for k in Kind]
STATUSES = [s.value for s in ThreadStatus]

HANDLE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
Handle = Annotated[str, StringConstraints(pattern=HANDLE_PATTERN)]
MAX_THREAD_NUMBER = 999_999_999
"""Thread ids are t1 ... t999999999: an id edited to 't' and 5,000 digits ended the next
``review add`` in an internal error (Python reads no integer of more than 4,300 digits)."""
ThreadId = Annotated[str, StringConstraints(pattern=r"^t[0-9]{1,9}$")]

_PHONE = re.compile(r"^\+?[\d .()-]{7,}$")


def handle_problem(handle: str) -> Optional[str]:
    """Why ``handle`` cannot be a reviewer handle (privacy), or None when it can."""
    if handle.startswith(("@", "＠")) and "@" not in handle[1:] and "＠" not in handle[1:]:
        return "looks like a social-media handle (@name)"
    if "@" in handle:
        return "looks like an email address"
    if "/" in handle:
        from ..privacy.social import profile_link

        if profile_link(handle):
            return "looks like a social-media profile link"
    if _PHONE.match(handle) and sum(c.isdigit() for c in handle) >= 7:
        return "looks like a phone number"
    if sum(c.isdigit() for c in handle) >= 7 and re.search(r"\d{3}[ .-]?\d{3}[ .-]?\d{3,4}", handle):
        return "contains what looks like a phone number"
    if not re.fullmatch(HANDLE_PATTERN, handle):  # not re.match: its $ matches before a last line break
        return "is not a handle (use letters, digits, '.', '_' or '-', up to 64 characters, e.g. advisory-reviewer-3)"
    return None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Author(Strict):
    """A reviewer: a pseudonymous handle and a role. Never a private name, email or phone."""

    handle: Handle = Field(description="Pseudonymous handle, e.g. advisory-reviewer-3.")
    role: Role
    # strict: only YAML's true is the reviewer's choice; `named: no` (the text 'no' in YAML 1.2),
    # `off`, `'yes'` or 1 were read as a choice either way, and a name-like handle passed (hostile23)
    named: bool = Field(False, strict=True,
                        description="True only when the reviewer chose to be named by this handle.")

    @field_validator("handle")
    @classmethod
    def _private(cls, value: str) -> str:
        problem = handle_problem(value)
        if problem:
            raise ValueError(f"handle {problem}; use a pseudonymous handle")
        return value


def _check_timestamp(value: str) -> str:
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("not an ISO 8601 date-time such as 2026-03-01T10:00:00Z") from None
    return value


class Reply(Strict):
    author: Author
    created: str = Field(description="ISO 8601 date-time.", json_schema_extra={"format": "date-time"})
    body: Annotated[str, StringConstraints(min_length=1)]

    @field_validator("created")
    @classmethod
    def _timestamp(cls, value: str) -> str:
        return _check_timestamp(value)


class Thread(Strict):
    """One anchored thread: the first message plus replies."""

    id: ThreadId
    anchor: Anchor
    author: Author
    created: str = Field(description="ISO 8601 date-time.", json_schema_extra={"format": "date-time"})
    kind: Kind
    status: ThreadStatus = ThreadStatus.open
    body: Annotated[str, StringConstraints(min_length=1)]
    replacement: Optional[str] = Field(None, description="For suggestions: the text to put in place of the quote.")
    rule: Optional[str] = Field(None, description="For automated threads: the id of the rule that raised it.")
    original: Optional[TextQuote] = Field(
        None, description="The quote as first made, kept when re-anchoring changed or lost the quoted words.")
    previous_status: Optional[ThreadStatus] = Field(
        None, description="Status before the thread was orphaned; restored when re-anchoring finds it again.")
    replies: list[Reply] = Field(default_factory=list)

    @field_validator("created")
    @classmethod
    def _timestamp(cls, value: str) -> str:
        return _check_timestamp(value)

    @model_validator(mode="after")
    def _suggestion_has_replacement(self) -> "Thread":
        if self.kind == Kind.suggestion.value and self.replacement is None:
            raise ValueError("a suggestion needs a 'replacement' (the text to put in place of the quote)")
        if self.kind != Kind.suggestion.value and self.replacement is not None:
            raise ValueError("only suggestions carry a 'replacement'")
        return self

    @property
    def said(self) -> str:
        """What its writer said: the body, or nothing for a suggestion sent without a reason
        (``SUGGESTION_ONLY``, which the review room stores because a body is needed)."""
        return "" if self.kind == Kind.suggestion.value and self.body == SUGGESTION_ONLY else self.body

    @property
    def withdrawn(self) -> bool:
        """Taken back by its writer (``WITHDRAWN``): an objection taken back blocks nothing."""
        return self.body == WITHDRAWN

    @property
    def blocks_approval(self) -> bool:
        return self.kind == Kind.objection.value and self.status in ("open", "orphaned") and not self.withdrawn


class ReviewFile(Strict):
    """All threads on one guideline."""

    lic_policy_review: int = Field(REVIEW_FORMAT_VERSION, strict=True, description="Format version of this file.")
    guideline: Optional[str] = Field(None, description="File name of the guideline these threads are about.")
    threads: list[Thread] = Field(default_factory=list)

    @field_validator("lic_policy_review")
    @classmethod
    def _known_version(cls, value: int) -> int:
        wrong = unknown_format_version(value, REVIEW_FORMAT_VERSION, "lic_policy_review")
        if wrong:
            raise ValueError(f"{wrong[0]}; {wrong[1]}")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> "ReviewFile":
        seen: set[str] = set()
        for t in self.threads:
            if t.id in seen:
                raise ValueError(f"thread id '{t.id}' is used twice; give each thread its own id")
            seen.add(t.id)
        return self

    def thread(self, thread_id: str) -> Optional[Thread]:
        for t in self.threads:
            if t.id == thread_id:
                return t
        return None

    def next_id(self) -> str:
        n = 0
        for t in self.threads:
            n = max(n, int(t.id[1:]))
        return thread_id_after(n)


def thread_id_after(n: int) -> str:
    """``t{n + 1}``; an InputError when that is past the last id there can be (a hand-edited
    t999999999)."""
    if n >= MAX_THREAD_NUMBER:
        from ..errors import InputError

        raise InputError(f"no thread id is left after t{MAX_THREAD_NUMBER}, the largest a review file can hold",
                         hint="renumber the threads of the review file from t1 (an id was edited by hand)")
    return f"t{n + 1}"


def review_schema() -> dict:
    """JSON Schema of a review file (written to schemas/review.schema.json)."""
    from ..schema import model_schema

    return model_schema(ReviewFile, "review", "Review threads on a sex work response guideline (lic_policy)",
                        "Anchored reviewer threads (comments, suggestions, questions, objections, approvals) "
                        "that sit beside a guideline as NAME.review.yaml.")

"""The one anchor shared by findings, review threads and imported Word comments.

It follows the W3C Web Annotation model: a ``TextQuoteSelector`` (exact text with
prefix and suffix context) and a ``TextPositionSelector`` (0-based code-point offsets)
inside one clause, plus the guideline version the anchor was made on.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .finding import CONTEXT_CHARS  # noqa: E402  (one constant for findings and anchors)


class TextQuote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exact: str = Field(min_length=1)
    prefix: str = ""
    suffix: str = ""


class TextPosition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # strict: `start: true` was read as 1 and `start: '118'` as 118, where `start: abc` was one
    # line at its place (hostile23)
    start: int = Field(ge=0, strict=True)
    end: int = Field(ge=0, strict=True)


class Anchor(BaseModel):
    """Where a comment or finding points: a field of a clause (or of another part)."""

    model_config = ConfigDict(extra="forbid")
    clause: Optional[str] = Field(None, description="Clause id; None for prose outside clauses.")
    field: str = Field("text", description="Dotted path of the prose field, e.g. 'text' or 'purpose'.")
    quote: TextQuote
    position: TextPosition
    version: Optional[str] = Field(None, description="Guideline version the anchor was made on.")

    @classmethod
    def from_text(cls, text: str, start: int, end: int, *, clause: Optional[str] = None,
                  field: str = "text", version: Optional[str] = None,
                  context: int = CONTEXT_CHARS) -> "Anchor":
        """Anchor ``text[start:end]`` with ``context`` characters either side."""
        return cls(
            clause=clause,
            field=field,
            quote=TextQuote(
                exact=text[start:end],
                prefix=text[max(0, start - context):start],
                suffix=text[end:end + context],
            ),
            position=TextPosition(start=start, end=end),
            version=version,
        )

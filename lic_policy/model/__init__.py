"""Pydantic models: the guideline, the shared anchor. No I/O here."""

from .anchor import Anchor, TextPosition, TextQuote
from .guideline import (
    KEY_AREA_TITLES,
    SEX_WORKER_GROUPS,
    STAGE_ORDER,
    STATUS_ORDER,
    Clause,
    Group,
    Guideline,
    KeyArea,
    Protocol,
    Section,
    Stage,
    Status,
)

__all__ = [
    "Anchor", "TextPosition", "TextQuote", "Clause", "Group", "Guideline", "KeyArea",
    "KEY_AREA_TITLES", "Protocol", "Section", "Stage", "Status", "SEX_WORKER_GROUPS",
    "STAGE_ORDER", "STATUS_ORDER",
]

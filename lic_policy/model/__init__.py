"""Models: the guideline (pydantic), the shared anchor, findings. No I/O here.

Attributes load lazily so that light modules (findings, used by `check`) do not pay for
building the pydantic models.
"""

from __future__ import annotations

_LAZY = {
    "Anchor": "anchor", "TextPosition": "anchor", "TextQuote": "anchor",
    "Finding": "finding", "Source": "finding",
    "Clause": "guideline", "Group": "guideline", "Guideline": "guideline", "KeyArea": "guideline",
    "KEY_AREA_TITLES": "vocab", "Protocol": "guideline", "Section": "guideline", "Stage": "guideline",
    "Status": "guideline", "SEX_WORKER_GROUPS": "vocab", "STAGE_ORDER": "vocab", "STATUS_ORDER": "vocab",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'lic_policy.model' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value

"""lic_policy: write and review sex work response guidelines against the Living in
Community model.

Public API (imports are lazy so that ``lic-policy --version`` stays fast)::

    from lic_policy import load, validate
    doc = load("guidelines/cedar-harbour-sex-work-response.yaml")
    doc.guideline.metadata.title
"""

from __future__ import annotations

__version__ = "0.2.0"

_LAZY = {
    "load": ("lic_policy.store", "load"),
    "load_guideline": ("lic_policy.store", "load_guideline"),
    "load_prose": ("lic_policy.store", "load_prose"),
    "check": ("lic_policy.checks", "check"),
    "dump": ("lic_policy.store", "dump"),
    "save": ("lic_policy.store", "save"),
    "Document": ("lic_policy.store", "Document"),
    "ValidationFailed": ("lic_policy.store", "ValidationFailed"),
    "validate": ("lic_policy.validation", "validate_paths"),
    "Guideline": ("lic_policy.model.guideline", "Guideline"),
    "Anchor": ("lic_policy.model.anchor", "Anchor"),
    "LicPolicyError": ("lic_policy.errors", "LicPolicyError"),
    "InputError": ("lic_policy.errors", "InputError"),
    "redline": ("lic_policy.redline", "redline"),
    "publish": ("lic_policy.publish", "publish"),
    "ReviewFile": ("lic_policy.model.review", "ReviewFile"),
    "Thread": ("lic_policy.model.review", "Thread"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lic_policy' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value

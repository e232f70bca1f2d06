"""lic_policy: write and review sex work response guidelines against the Living in
Community model.

The public API, the same calls the ``lic-policy`` command line makes::

    import lic_policy

    doc = lic_policy.load("guidelines/cedar-harbour-sex-work-response.yaml")
    doc.guideline.metadata.title            # the pydantic model (None when types fail)
    doc.issues                              # every validation problem, with its place
    lic_policy.validate(["guidelines/"]).exit_code
    report = lic_policy.check(["guidelines/"])      # findings of the LIC reviewers
    lic_policy.redline("old.yaml", "new.yaml").summary()
    lic_policy.publish("guide.yaml", ["html", "pdf"], "out/")

Functions: ``load``, ``load_guideline``, ``load_prose``, ``validate``, ``check``,
``redline``, ``publish``, ``dump``, ``save``. Models: ``Guideline`` (and its parts
``Metadata``, ``Section``, ``Clause``, ``Service``, ``Consultation``), ``ReviewFile``,
``Thread``, ``Anchor``, ``Finding``. Results: ``Document``, ``Issue``,
``ValidationReport``, ``Report``, ``Redline``. Errors: ``LicPolicyError`` (every error a
user can cause), ``InputError``, ``ValidationFailed``.

Names are imported on first use (``lic-policy --version`` and ``import lic_policy`` stay
fast); type checkers see them through the ``TYPE_CHECKING`` imports below, and
``help(lic_policy)`` lists them with their signatures.
"""

from __future__ import annotations

__version__ = "0.2.0"

TYPE_CHECKING = False  # without importing typing: `import lic_policy` imports nothing
if TYPE_CHECKING:  # what type checkers and IDEs see; at run time the names load lazily
    from typing import Any

    from .checks import check as check
    from .checks.runner import Report as Report
    from .errors import InputError as InputError
    from .errors import LicPolicyError as LicPolicyError
    from .model.anchor import Anchor as Anchor
    from .model.finding import Finding as Finding
    from .model.guideline import Clause as Clause
    from .model.guideline import Consultation as Consultation
    from .model.guideline import Guideline as Guideline
    from .model.guideline import Metadata as Metadata
    from .model.guideline import Section as Section
    from .model.guideline import Service as Service
    from .model.review import ReviewFile as ReviewFile
    from .model.review import Thread as Thread
    from .publish import publish as publish
    from .redline import Redline as Redline
    from .redline import redline as redline
    from .store import Document as Document
    from .store import Issue as Issue
    from .store import ValidationFailed as ValidationFailed
    from .store import dump as dump
    from .store import load as load
    from .store import load_guideline as load_guideline
    from .store import load_prose as load_prose
    from .store import save as save
    from .validation import ValidationReport as ValidationReport
    from .validation import validate_paths as validate

_LAZY = {
    "load": ("lic_policy.store", "load"),
    "load_guideline": ("lic_policy.store", "load_guideline"),
    "load_prose": ("lic_policy.store", "load_prose"),
    "check": ("lic_policy.checks", "check"),
    "dump": ("lic_policy.store", "dump"),
    "save": ("lic_policy.store", "save"),
    "Document": ("lic_policy.store", "Document"),
    "Issue": ("lic_policy.store", "Issue"),
    "ValidationFailed": ("lic_policy.store", "ValidationFailed"),
    "validate": ("lic_policy.validation", "validate_paths"),
    "ValidationReport": ("lic_policy.validation", "ValidationReport"),
    "Report": ("lic_policy.checks.runner", "Report"),
    "Guideline": ("lic_policy.model.guideline", "Guideline"),
    "Metadata": ("lic_policy.model.guideline", "Metadata"),
    "Section": ("lic_policy.model.guideline", "Section"),
    "Clause": ("lic_policy.model.guideline", "Clause"),
    "Service": ("lic_policy.model.guideline", "Service"),
    "Consultation": ("lic_policy.model.guideline", "Consultation"),
    "Anchor": ("lic_policy.model.anchor", "Anchor"),
    "Finding": ("lic_policy.model.finding", "Finding"),
    "LicPolicyError": ("lic_policy.errors", "LicPolicyError"),
    "InputError": ("lic_policy.errors", "InputError"),
    "redline": ("lic_policy.redline", "redline"),
    "Redline": ("lic_policy.redline", "Redline"),
    "publish": ("lic_policy.publish", "publish"),
    "ReviewFile": ("lic_policy.model.review", "ReviewFile"),
    "Thread": ("lic_policy.model.review", "Thread"),
}

__all__ = [
    "__version__",
    "load",
    "load_guideline",
    "load_prose",
    "check",
    "dump",
    "save",
    "Document",
    "Issue",
    "ValidationFailed",
    "validate",
    "ValidationReport",
    "Report",
    "Guideline",
    "Metadata",
    "Section",
    "Clause",
    "Service",
    "Consultation",
    "Anchor",
    "Finding",
    "LicPolicyError",
    "InputError",
    "redline",
    "Redline",
    "publish",
    "ReviewFile",
    "Thread",
]  # the same names as _LAZY (a test keeps them equal)


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lic_policy' has no attribute {name!r}") from None
    import importlib
    from types import ModuleType

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    # importing lic_policy.redline or lic_policy.publish sets the package attribute of that
    # name to the module; the public name is the function (the modules are callable too)
    for fn in _SHADOWED:
        if isinstance(globals().get(fn), ModuleType):
            globals()[fn] = getattr(globals()[fn], fn)
    return value


_SHADOWED = ("redline", "publish")


def __dir__() -> list[str]:
    # help(lic_policy) and tab completion list the lazy names too (loading them on demand)
    return sorted({*globals(), *_LAZY})

"""Output formats for check reports: one small module per format.

Each module exposes ``render(report, *, color=False, root=None) -> str`` where ``report`` is
a ``lic_policy.checks.runner.Report``, and may expose ``stream(report, ...) -> Iterator[str]``
giving the same text in pieces (``stream`` below). Register another format by adding it to ``FORMATS``
(name → module path); modules load lazily.
"""

from __future__ import annotations

import importlib
from typing import Iterator

FORMATS: dict[str, str] = {
    "text": "lic_policy.report.text",
    "json": "lic_policy.report.json",
    "sarif": "lic_policy.report.sarif",
    "github": "lic_policy.report.github",
    "junit": "lic_policy.report.junit",
    "review": "lic_policy.report.review",
    "codeclimate": "lic_policy.report.codeclimate",
}


def available() -> list[str]:
    import importlib.util

    return [name for name, mod in FORMATS.items() if importlib.util.find_spec(mod) is not None]


def render(fmt: str, report, **kwargs) -> str:
    return importlib.import_module(FORMATS[fmt]).render(report, **kwargs)


def stream(fmt: str, report, **kwargs) -> Iterator[str]:
    """The report's text in pieces, for writing as it is made: formats with a ``stream``
    function (json, github) give one piece per finding; the others one piece, ``render``'s."""
    module = importlib.import_module(FORMATS[fmt])
    if hasattr(module, "stream"):
        return module.stream(report, **kwargs)
    return iter((module.render(report, **kwargs),))

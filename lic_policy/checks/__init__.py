"""Automated reviewers: the engine, rule packs, fixes and documentation."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:
    from ..config import Config
    from .runner import Report


def check(paths: Iterable[str | os.PathLike[str]], config: Optional[Config] = None, *,
          use_cache: Optional[bool] = None, jobs: Optional[int] = None) -> Report:
    """Check guideline YAML files, Markdown and text files, or folders of them, against the
    LIC reviewers (the rule packs in ``reviewers/`` and the configuration's own packs).

    ``config`` is a ``lic_policy.config.Config`` (default: no configuration file);
    ``use_cache`` reads and writes ``.lic-policy-cache/`` (default: the configuration's
    ``cache``); ``jobs`` sets the processes for large runs (default: all cores). Returns a
    ``Report``: ``report.findings`` (each a ``Finding`` with rule id, severity, place,
    message, rationale, suggestions and sources), ``report.counts()`` and
    ``report.exit_code(fail_on)``. Files that cannot be read are in each result's ``error``.
    """
    from .runner import check_paths

    return check_paths([os.fspath(p) for p in paths], config, use_cache=use_cache, jobs=jobs)

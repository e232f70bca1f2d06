"""Publishing guidelines through pandoc (html, docx, pdf via typst, md, odt).

``lic_policy.publish(path, formats, out_dir, force=False)`` and
``lic_policy.publish.publish(...)`` are the same call (this package module is callable, so
the public name works whether or not the package has been imported).
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import Any, Iterable, Optional


def publish(path_or_document: Any, formats: str | Iterable[str] = ("html",),
            out_dir: str | os.PathLike[str] | None = None, *, force: bool = False, config: Any = None,
            style: str = "standard", max_size: Optional[int] = None) -> list[Path]:
    """Publish one guideline (a path or a loaded ``Document``) as ``formats`` (any of html,
    docx, pdf, md, odt) into ``out_dir`` (default: ``publish/`` beside the guideline).

    Raises ``PublishRefused`` (a ``LicPolicyError``, exit code 1) when the guideline's
    status is ``published`` and it has validation problems, error findings or open
    objections, unless ``force`` (the override is then recorded in every output). Returns
    the written paths. ``style`` is ``"standard"`` (clause ids shown) or ``"council"``
    (numbered, no ids); ``max_size`` raises the 2 MB limit. See
    :func:`lic_policy.publish.render.publish`.
    """
    from .render import publish as _publish

    return _publish(path_or_document, formats, out_dir, force=force, config=config, style=style, max_size=max_size)


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> list[Path]:
        return publish(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["publish"]

"""Publishing guidelines through pandoc (html, docx, pdf via typst, md, odt).

``lic_policy.publish(path, formats, out_dir, force=False)`` and
``lic_policy.publish.publish(...)`` are the same call (this package module is callable, so
the public name works whether or not the package has been imported).
"""

from __future__ import annotations

import sys
import types


def publish(path_or_document, formats=("html",), out_dir=None, *, force=False, config=None):
    """Publish one guideline; see :func:`lic_policy.publish.render.publish`."""
    from .render import publish as _publish

    return _publish(path_or_document, formats, out_dir, force=force, config=config)


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return publish(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["publish"]

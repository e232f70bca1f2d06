"""Publishing guidelines through pandoc (html, docx, pdf via typst, md, odt)."""

from __future__ import annotations


def publish(*args, **kwargs):
    """See :func:`lic_policy.publish.render.publish`."""
    from .render import publish as _publish

    return _publish(*args, **kwargs)


__all__ = ["publish"]

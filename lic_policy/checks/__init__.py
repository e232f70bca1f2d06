"""Automated reviewers: the engine, rule packs, fixes and documentation."""


def check(paths, config=None, **kwargs):
    """Check files and folders; returns a ``Report`` (see ``lic_policy.checks.runner``)."""
    from .runner import check_paths

    return check_paths(paths, config, **kwargs)

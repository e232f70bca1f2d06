"""`lic-policy fix PATH...`"""

from __future__ import annotations

import click

from .common import config_option


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--write", is_flag=True, help="Apply the fixes (atomically) instead of showing the diff.")
@config_option
def fix(paths, write, config_path):
    """Show a unified diff of the safe fixes, or apply them with --write.

    Only unambiguous replacements are fixed (e.g. 'prostitutes' → 'sex workers'); findings
    with several possible rewrites are left for a person. YAML comments and formatting are
    kept, and running it twice changes nothing the second time.
    """
    from ..checks.fixes import fix_paths
    from ..config import load_config

    cfg = load_config(config_path)
    results = fix_paths(paths, cfg, write=write)
    changed = 0
    total = 0
    for r in results:
        if r.count:
            changed += 1
            total += r.count
            if not write:
                click.echo(r.diff, nl=False)
    verb = "fixed" if write else "can fix"
    click.echo(f"{verb} {total} finding{'s' if total != 1 else ''} in {changed} file{'s' if changed != 1 else ''}",
               err=not write)
    raise SystemExit(0)

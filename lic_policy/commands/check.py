"""`lic-policy check PATH...`"""

from __future__ import annotations

import click

from .common import color_option, config_option, max_size_option, use_color

FORMAT_CHOICES = ["text", "json", "sarif", "github", "junit", "review"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="text for people; json, sarif, github (workflow annotations), junit for CI; review for review threads.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write the report to a file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "none"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error, or fail_on in the config).")
@click.option("--no-cache", is_flag=True, help="Check every file again; do not read or write .lic-policy-cache/.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes to use (default: all cores).")
@click.option("--only", multiple=True, metavar="NAME",
              help="Run only these rules: a rule id, a pack or a reviewer (language, framing, involvement, coverage, "
                   "privacy, status). Repeat or separate with commas.")
@click.option("--skip", multiple=True, metavar="NAME", help="Do not run these rules (rule id, pack or reviewer).")
@click.option("--verbose", "-v", is_flag=True, help="Also print each finding's rationale.")
@click.option("--write-review", is_flag=True,
              help="Also add the findings as automated threads to each guideline's NAME.review.yaml.")
@color_option
@config_option
@max_size_option
def check(paths, fmt, output, fail_on, no_cache, jobs, only, skip, verbose, write_review, color, config_path, max_size):
    """Check guidelines (YAML) and prose (.md, .txt) against the LIC reviewers.

    Exit 0 when nothing reaches the --fail-on threshold, 1 when something does, 2 for usage
    errors and files that cannot be read or parsed.
    """
    from ..checks.runner import check_paths
    from ..config import load_config, select_rules
    from ..errors import UsageError
    from ..report import available, render

    cfg = select_rules(load_config(config_path), _names(only), _names(skip))
    if max_size:
        cfg.max_file_size = max_size
    if fmt not in available():
        raise UsageError(f"the '{fmt}' format is not available in this installation",
                         hint="choose one of: " + ", ".join(available()))
    report = check_paths(paths, cfg, use_cache=False if no_cache else None, jobs=jobs)
    if write_review:
        from ..report.review import write_review_files

        for path, added in write_review_files(report):
            click.echo(f"{path}: {added} new automated thread{'s' if added != 1 else ''}", err=True)
    colored = use_color(color) and not output
    text = render(fmt, report, color=colored, verbose=verbose)
    if output:
        from ..store import save_atomic

        save_atomic(output, text)
    else:
        click.echo(text, nl=False, color=colored)
    raise SystemExit(report.exit_code(fail_on or cfg.fail_on))


def _names(values) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]

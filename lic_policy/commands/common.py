"""Small helpers shared by the commands: config loading, colored output."""

from __future__ import annotations

import os
import sys
from typing import Any, Optional


def use_color(option: Optional[str] = None) -> bool:
    """Color when writing to a terminal, unless NO_COLOR is set; --color/--no-color win."""
    if option == "always":
        return True
    if option == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def style(text: str, color: bool, **kwargs) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kwargs)


def _options() -> dict[str, Any]:
    import click

    return {
        "color_option": click.option(
            "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
            help="Color the output (auto: only on a terminal; NO_COLOR is respected).",
        ),
        "config_option": click.option(
            "--config", "config_path", type=click.Path(dir_okay=False), default=None,
            help="Configuration file (default: nearest .lic-policy.yaml or pyproject.toml [tool.lic-policy]).",
        ),
        "max_size_option": click.option(
            "--max-size", type=click.IntRange(min=1), default=None,
            help="Refuse files larger than this many bytes (default 10 MB or max_file_size in the config).",
        ),
    }


def __getattr__(name: str) -> Any:
    """The shared click options (``color_option``, ``config_option``, ``max_size_option``), made
    on first use: ``check FILE...`` runs without click (``cli.fast_check``) and imports this
    module for ``use_color``."""
    if name in ("color_option", "config_option", "max_size_option"):
        made = _options()
        globals().update(made)
        return made[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def refuse_output_over_inputs(output: Optional[str], inputs, *, what: str = "the report",
                              hint: str = "give -o another file, e.g. a name ending in .txt, .json or .html") -> None:
    """A UsageError when ``output`` is one of ``inputs`` (the same file, through any link):
    ``check g.yaml -o g.yaml`` would otherwise replace the guideline with its report. Nor is a
    report written into the folder of write locks, where it could replace a lock another
    command holds."""
    if not output:
        return
    from ..store import LOCK_DIR

    if os.path.basename(os.path.dirname(os.path.abspath(output))) == LOCK_DIR:
        from ..errors import UsageError

        raise UsageError(f"{output} is in {LOCK_DIR}/, the folder of lic-policy's write locks; writing there "
                         "could replace a lock another command holds",
                         hint="give -o a file outside that folder")
    if not os.path.exists(output):
        return
    for path in inputs:
        try:
            same = os.path.isfile(path) and os.path.samefile(output, path)
        except (OSError, ValueError):
            same = False
        if same:
            from ..errors import UsageError

            raise UsageError(f"{output} is an input of this command ({path}); writing there would replace it",
                             hint=hint)
    from ..store import refuse_yaml_output

    refuse_yaml_output(output, what=what, hint=hint)

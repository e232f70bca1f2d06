"""`lic-policy lsp`"""

from __future__ import annotations

import click


@click.command()
@click.option("--stdio", is_flag=True, help="Speak over standard input and output (the default and only transport; "
                                             "accepted because many editors pass it).")
def lsp(stdio):
    """Run the language server (Language Server Protocol over stdio) for editors.

    Live diagnostics for guideline YAML, Markdown and text (the same findings as `check`,
    validation problems included), quick fixes, suppressions with a reason, hover with the
    rationale and sources, and completion of fields and values from the JSON Schema. See the
    README's editor section for VS Code, Neovim and Emacs.
    """
    import os
    import signal
    import sys

    if sys.stdin.isatty():  # started by hand to see whether it works: say what it waits for
        click.echo("lic-policy lsp: a language server for editors; it waits for an editor's LSP client on standard "
                   "input (point your editor at `lic-policy lsp`, see the README's editor section). Ctrl+C ends it.",
                   err=True)

    def stop(_signum, _frame):
        # at once: the thread that reads standard input holds its lock, and an interpreter
        # shutting down around it ended in "Fatal Python error: _enter_buffered_busy" (SIGABRT)
        sys.stderr.write("lic-policy lsp: stopped\n")
        sys.stderr.flush()
        os._exit(130)

    signal.signal(signal.SIGINT, stop)
    from ..lsp import main

    main()

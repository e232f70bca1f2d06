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
    from ..lsp import main

    main()

"""`lic-policy import DOCUMENT`: an existing guideline document → structured guideline YAML."""

from __future__ import annotations

import click

KINDS = ["municipality", "regional-district", "province", "police-service", "health-authority", "service-provider"]


@click.command("import")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write here (default: the document's name with .yaml, beside it).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--jurisdiction", default=None, help="Who the guideline is for, e.g. 'City of Cedar Harbour'.")
@click.option("--kind", type=click.Choice(KINDS), default="municipality", show_default=True,
              help="Kind of jurisdiction.")
@click.option("--owner-role", default=None, help="The role that owns the guideline (a role, never a person).")
@click.option("--language", default=None, help="Language tag of the document (default: from the document, or en).")
@click.option("--id", "guideline_id", default=None, help="metadata.id (default: slugged from the title).")
def import_(document, output, force, jurisdiction, kind, owner_role, language, guideline_id):
    """Turn an existing guideline (.docx, .odt, .md, .html) into a guideline YAML (status draft).

    Headings become sections, paragraphs and list items become clauses with ids such as
    section-slug.1; a Definitions heading becomes the glossary. Only text is kept.
    """
    from ..importdoc import import_document

    out, rep, _text = import_document(document, output, force=force, jurisdiction=jurisdiction, kind=kind,
                                      owner_role=owner_role, language=language, guideline_id=guideline_id)
    click.echo(f"wrote {out}: “{rep.title}”, {rep.sections} sections, {rep.clauses} clauses, "
               f"{rep.definitions} definitions, status draft"
               + (f"; {rep.dropped_raw} raw markup block(s) dropped" if rep.dropped_raw else ""))
    click.echo(f"next: check it against the original, then `lic-policy validate {out}` and `lic-policy check {out}`")

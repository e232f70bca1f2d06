"""Edit a Word file the way Word itself writes a reviewer's work: tracked changes as
``w:del``/``w:ins`` runs and comments as ``w:commentRangeStart``/``End`` with a reference run
and an entry in ``word/comments.xml`` (not through pandoc, whose writer and reader normalise
what Word would keep, such as a space at the start of an inserted run)."""

from __future__ import annotations

import re
import zipfile
from html import escape
from pathlib import Path

_RUN = re.compile(r'<w:r>((?:<w:rPr>.*?</w:rPr>)?)<w:t xml:space="preserve">([^<]*)</w:t></w:r>')


def word_edits(docx: Path, out: Path, *, author: str, date: str, replace: tuple = (), insert_after: tuple = (),
               comments: tuple = ()) -> Path:
    """``docx`` with, by ``author`` on ``date``: each (old, new) in ``replace`` as a tracked
    replacement, each (words, added) in ``insert_after`` as a tracked insertion right after
    the words (``added`` as typed, a leading space included), each (words, text) in
    ``comments`` as a comment on the words (a third item n: on the nth run that holds them). The
    words must occur once, inside one run."""
    with zipfile.ZipFile(docx) as z:
        files = {n: z.read(n) for n in z.namelist()}
    doc = files["word/document.xml"].decode("utf-8")
    who = f'w:author="{escape(author)}" w:date="{date}"'
    next_id = [9000]

    def new_id() -> int:
        next_id[0] += 1
        return next_id[0]

    def run(text: str, rpr: str, tag: str = "w:t") -> str:
        return f'<w:r>{rpr}<{tag} xml:space="preserve">{escape(text, quote=False)}</{tag}></w:r>'

    def split_run(words: str, middle, nth: "int | None" = None) -> None:
        nonlocal doc
        hits = [m for m in _RUN.finditer(doc) if escape(words, quote=False) in m.group(2)]
        assert len(hits) == 1 or (nth is not None and nth < len(hits)), (words, len(hits))
        m = hits[nth or 0]
        rpr, text = m.group(1), m.group(2)
        w = escape(words, quote=False)
        a = text.index(w)
        before, after = text[:a], text[a + len(w):]
        parts = ([f'<w:r>{rpr}<w:t xml:space="preserve">{before}</w:t></w:r>'] if before else []) + [middle(rpr)] \
            + ([f'<w:r>{rpr}<w:t xml:space="preserve">{after}</w:t></w:r>'] if after else [])
        doc = doc[:m.start()] + "".join(parts) + doc[m.end():]

    for old, new in replace:
        split_run(old, lambda rpr, old=old, new=new: (
            f'<w:del w:id="{new_id()}" {who}>{run(old, rpr, "w:delText")}</w:del>'
            f'<w:ins w:id="{new_id()}" {who}>{run(new, rpr)}</w:ins>'))
    for anchor, added in insert_after:
        split_run(anchor, lambda rpr, anchor=anchor, added=added: (
            run(anchor, rpr) + f'<w:ins w:id="{new_id()}" {who}>{run(added, rpr)}</w:ins>'))
    entries = []
    for words, body, *nth in comments:  # (words, body) or (words, body, n): the nth run holding the words
        cid = new_id()
        split_run(words, lambda rpr, words=words, cid=cid: (
            f'<w:commentRangeStart w:id="{cid}" />{run(words, rpr)}<w:commentRangeEnd w:id="{cid}" />'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference" /></w:rPr><w:commentReference w:id="{cid}" /></w:r>'),
            nth[0] if nth else None)
        entries.append(f'<w:comment w:id="{cid}" {who} w:initials="RV"><w:p><w:pPr><w:pStyle w:val="CommentText" />'
                       f'</w:pPr><w:r><w:t xml:space="preserve">{escape(body, quote=False)}</w:t></w:r></w:p></w:comment>')
    files["word/document.xml"] = doc.encode("utf-8")
    if entries:
        xml = files["word/comments.xml"].decode("utf-8")
        if "</w:comments>" not in xml:  # a file without comments has an empty <w:comments ... />
            xml = re.sub(r"\s*/>\s*$", "></w:comments>", xml)
        files["word/comments.xml"] = xml.replace("</w:comments>", "".join(entries) + "</w:comments>").encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out

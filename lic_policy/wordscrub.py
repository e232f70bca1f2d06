"""Take out of a Word file, before pandoc reads it, the words Word fills in about people.

A Word field shows a value Word looks up when it updates the field: ``AUTHOR`` and
``LASTSAVEDBY`` the names in the file's properties, ``USERNAME`` and ``USERINITIALS`` the
name of whoever last updated the field, ``FILENAME \\p`` a path such as
``C:\\Users\\jsmithers\\...``, ``MERGEFIELD`` a row of a mailing list, ``DOCPROPERTY`` and
``DOCVARIABLE`` values kept out of sight in the file; a content control bound to the Author,
Last Modified By or Manager property (Word's cover pages) shows that property. pandoc keeps a
field's last shown value as
ordinary text, so a guideline imported from a template whose cover reads "Prepared by
{AUTHOR}" named the person who wrote it (and a field Word never ended kept it too). Nobody
typed that name into the guideline; it must not be stored or published.

``scrub(raw)`` returns the .docx with the shown value of each such field emptied (in the body,
headers, footers, notes and comments), and which fields they were. The rest of every part is
kept byte for byte: only the elements that carry the value's characters (``w:t``, a symbol,
a picture) are cut out of the XML, found with expat's byte offsets; the XML is never
re-written by a serializer (which would rename the namespace prefixes Word's
``mc:Ignorable`` refers to).

A field's value ends at its ``end`` mark (a mail merge's address block spans paragraphs); one
Word never ended ends with its paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from typing import Any, Optional

W_MAIN = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
          "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional, strict
SEP = "\x01"

# fields whose shown value is a person (or a path naming their login, or a mailing list's row)
PERSON_FIELDS = frozenset({"AUTHOR", "LASTSAVEDBY", "USERNAME", "USERINITIALS", "USERADDRESS", "MERGEFIELD",
                           "ADDRESSBLOCK", "GREETINGLINE", "DOCVARIABLE", "FILLIN"})  # FILLIN: an answer typed
# fields that set a bookmark (SET NAME VALUE, ASK NAME "prompt": the answer typed) a REF NAME
# or a field of NAME alone shows
BOOKMARK_SETTERS = frozenset({"SET", "ASK"})
PATH_FIELDS = frozenset({"FILENAME", "TEMPLATE"})  # a person's login only with the \p switch
# document properties whose value names no one (DOCPROPERTY and INFO): all others, custom ones
# included, may hold anyone's name
PLAIN_PROPERTIES = frozenset(p.upper() for p in (
    "Title", "Subject", "Keywords", "Category", "Comments", "Pages", "Words", "Characters", "CharactersWithSpaces",
    "Lines", "Paragraphs", "CreateTime", "CreateDate", "LastSavedTime", "SaveDate", "LastPrinted", "PrintDate",
    "RevisionNumber", "RevNum", "TotalEditingTime", "EditTime", "NumPages", "NumWords", "NumChars", "FileSize",
    "Bytes", "Notes", "Slides", "HiddenSlides", "MMClips", "Security", "LinksUpToDate", "ScaleCrop",
    "HyperlinksChanged", "SharedDoc", "AppVersion", "DocSecurity", "Application", "AppName", "Template"))

# content controls bound to a document property that names a person (Word's cover pages:
# Insert > Quick Parts > Document Property > Author): the last step of their XPath
BOUND_PEOPLE = {"creator": "Author (content control)", "lastmodifiedby": "Last Modified By (content control)",
                "manager": "Manager (content control)"}
_BOUND_TO = re.compile(r"(?:^|[/:])([A-Za-z_][\w.-]*)(?:\[\d+\])?\s*$")
_WORD = re.compile(r'"([^"]*)"|(\S+)')
_TAG_END = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*/?>')
_DECL = re.compile(rb'^<\?xml[^>]*?encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')
_MARGIN_PART = re.compile(r"^word/(?:header|footer)\d*\.xml$", re.I)
_PARTS = re.compile(r"^word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments|glossary/document)\.xml$",
                    re.I)


def field_kind(instruction: str) -> Optional[str]:
    """The name of the field an instruction (``w:instrText`` or ``w:fldSimple/@w:instr``) makes
    when its shown value may name a person, else None.

    >>> field_kind(' AUTHOR \\\\* MERGEFORMAT ')
    'AUTHOR'
    >>> field_kind(' DOCPROPERTY "Title" ') is None, field_kind(' DOCPROPERTY Reviewer ')
    (True, 'DOCPROPERTY')
    >>> field_kind(' FILENAME ') is None, field_kind(' FILENAME \\\\p ')
    (True, 'FILENAME')
    """
    words = [m.group(1) if m.group(1) is not None else m.group(2) for m in _WORD.finditer(instruction or "")]
    if not words:
        return None
    name = words[0].upper().lstrip("=")
    if name in PERSON_FIELDS:
        return name
    if name in PATH_FIELDS:
        return name if any(w.lower() == "\\p" for w in words[1:]) else None
    if name in ("DOCPROPERTY", "INFO"):
        prop = words[1].upper() if len(words) > 1 else ""
        if name == "INFO" and prop in PERSON_FIELDS | PATH_FIELDS:
            return field_kind(" ".join(words[1:]))
        if prop.replace(" ", "") in PLAIN_PROPERTIES or prop in PLAIN_PROPERTIES:
            return None
        return name
    return None


def _utf8(data: bytes) -> Optional[bytes]:
    """The part as UTF-8 (a part saved as UTF-16 or latin-1 is re-encoded and its declaration
    changed to match), or None when it cannot be decoded."""
    head = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        return data
    else:
        m = _DECL.match(head)
        codec = m.group(1).decode("ascii").lower().replace("_", "-") if m else "utf-8"
        if codec in ("utf-8", "utf8"):
            return data
    try:
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    out = text.lstrip("\ufeff").encode("utf-8")
    m = _DECL.match(out)
    return out[:m.start(1)] + b"UTF-8" + out[m.end(1):] if m else out


class _Field:
    __slots__ = ("instruction", "result", "kind", "ended", "inner", "settled")

    def __init__(self, ended: bool) -> None:
        self.instruction: list[str] = []
        self.result = False  # past its 'separate' mark
        self.kind: Optional[str] = None
        self.ended = ended  # an 'end' mark closes it somewhere in the part
        self.inner: Optional[str] = None  # the kind of a person's field nested in its instruction
        self.settled = False  # its kind is decided (at its separate mark, or its end without one)


def _instruction_words(instruction: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _WORD.finditer(instruction or "")]


def _word(name: str) -> tuple[bool, str]:
    """An expat name (namespace, SEP, local name) as (in Word's main namespace, local name)."""
    ns, _, local = name.rpartition(SEP)
    return ns in W_MAIN, local


def _attr(attrs: dict, local: str, default: str = "") -> str:
    """The value of the attribute whose local name is ``local`` (any namespace)."""
    return next((v for k, v in attrs.items() if _word(k)[1] == local), default)


def _cut_span(data: bytes, cut_from: int, at: int) -> tuple[int, int]:
    """The bytes of an element cut from its start tag at ``cut_from`` to its end, when expat's
    end handler is at ``at``: through the end tag (or, for an empty element, its one tag)."""
    m = _TAG_END.match(data, at)
    stop = m.end() if m else data.index(b">", at) + 1
    if stop <= cut_from:  # an empty element: its one tag
        m = _TAG_END.match(data, cut_from)
        stop = m.end() if m else stop
    return cut_from, stop


def _ended_fields(text: bytes) -> list[bool]:
    """For each field begun in the part (in order), whether an 'end' mark closes it."""
    import xml.parsers.expat

    ended: list[bool] = []
    stack: list[int] = []

    def start(name, attrs):
        is_w, local = _word(name)
        if local != "fldChar" or not is_w:
            return
        kind = _attr(attrs, "fldCharType")
        if kind == "begin":
            stack.append(len(ended))
            ended.append(False)
        elif kind == "end" and stack:
            ended[stack.pop()] = True

    p = xml.parsers.expat.ParserCreate(encoding="utf-8", namespace_separator=SEP)
    p.StartElementHandler = start
    p.Parse(text, True)
    return ended


def hidden_styles(data: bytes) -> tuple[frozenset, frozenset]:
    """The ids of word/styles.xml's character styles and paragraph styles whose font is Hidden
    (``w:vanish`` in the style, or in one it is based on): (character, paragraph)."""
    import xml.parsers.expat

    styles: dict[str, list] = {}  # id → [type, vanish (True, False or None), based on]
    current: list[Optional[list]] = []
    where = {"rpr": 0}

    def start(name, attrs):
        ns, _, local = name.rpartition(SEP)
        if ns not in W_MAIN:
            return
        val = {k.rpartition(SEP)[2]: v for k, v in attrs.items()}
        if local == "style":
            entry = [val.get("type", "paragraph"), None, None]
            if val.get("styleId"):
                styles[val["styleId"]] = entry
            current.append(entry)
        elif local == "rPr" and current:
            where["rpr"] += 1
        elif local == "basedOn" and current and current[-1] is not None:
            current[-1][2] = val.get("val")
        elif local == "vanish" and current and where["rpr"]:
            current[-1][1] = val.get("val", "true").lower() not in ("0", "false", "off")

    def end(name):
        ns, _, local = name.rpartition(SEP)
        if ns not in W_MAIN:
            return
        if local == "style" and current:
            current.pop()
        elif local == "rPr" and where["rpr"]:
            where["rpr"] -= 1

    p = xml.parsers.expat.ParserCreate(namespace_separator=SEP)
    p.StartElementHandler, p.EndElementHandler = start, end
    try:
        p.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError):
        return frozenset(), frozenset()

    def hides(sid: str) -> bool:
        seen: set[str] = set()
        while sid in styles and sid not in seen:  # a loop of basedOn ends
            seen.add(sid)
            kind, vanish, based = styles[sid]
            if vanish is not None:
                return vanish
            if not based:
                return False
            sid = based
        return False

    char = frozenset(k for k, v in styles.items() if v[0] == "character" and hides(k))
    para = frozenset(k for k, v in styles.items() if v[0] == "paragraph" and hides(k))
    return char, para


def scrub_part(data: bytes, styles: tuple = (frozenset(), frozenset())) -> tuple[bytes, Counter, list[str]]:
    """One XML part with the shown values of person fields cut out, and its hidden text (runs
    formatted with Word's Hidden font setting, ``w:vanish``): (bytes, how many of each field
    were emptied, the hidden text of each paragraph). A part expat cannot read is returned as
    it was (check_zip refused broken XML already). ``styles``: the ids of the character and
    of the paragraph styles that hide their text."""
    import xml.parsers.expat

    text = _utf8(data)
    if text is None:
        return data, Counter(), []
    probe = text.lower()
    char_hidden, para_hidden = styles
    if b"instr" not in probe and b"databinding" not in probe and b"vanish" not in probe \
            and not (char_hidden and b"rstyle" in probe) and not (para_hidden and b"pstyle" in probe) \
            and not _WRAPPER_HINT.search(probe):
        return data, Counter(), []
    try:
        ended = _ended_fields(text) if b"fldchar" in probe else []
        reader = _PartReader(text, ended, char_hidden, para_hidden)
        reader.parse()
    except (xml.parsers.expat.ExpatError, ValueError):
        return data, Counter(), []
    if not reader.cuts:
        return data, reader.hidden, reader.vanished
    out, last = [], 0
    for a, b in reader.cuts:
        out.append(text[last:a])
        last = b
    out.append(text[last:])
    return b"".join(out), reader.hidden, reader.vanished


WRAPPERS = frozenset({"customXml", "dir", "bdo"})
"""Elements that only wrap text — custom XML markup (Word 2007's), a right-to-left run
(``w:dir``, ``w:bdo``: Arabic, Hebrew, Farsi, Urdu as Word 2010 and later writes them) —
whose words pandoc drops with them: their tags are cut, their content kept, so the words are
read where they stand (their properties, ``w:customXmlPr``, are cut)."""
_WRAPPER_HINT = re.compile(rb"customxml|:(?:dir|bdo)[\s>/]")


class _PartReader:
    """``scrub_part``'s reading of one part with expat: where the text a person field shows,
    a content control bound to a person's property, or a hidden run starts and ends (``cuts``:
    byte spans of the part), how many of each kind of field were emptied (``hidden``) and the
    hidden text of each paragraph (``vanished``)."""

    def __init__(self, text: bytes, ended: list, char_hidden: frozenset, para_hidden: frozenset) -> None:
        import xml.parsers.expat

        self.text, self.ended = text, ended
        self.char_hidden, self.para_styles = char_hidden, para_hidden
        self.hidden: Counter = Counter()
        self.vanished: list[str] = []
        self.cuts: list[tuple[int, int]] = []
        self.begun = 0  # fields begun so far (their index in ``ended``)
        self.fields: list[_Field] = []  # fields open
        # bookmarks a SET or ASK field gave a person's value (a field nested in SET's
        # instruction, the answer typed at ASK's prompt): a REF to one shows that person
        self.person_marks: dict[str, str] = {}
        self.showing: list[_Field] = []  # fields whose person's value is being shown (a subset of fields)
        self.simple: list[Optional[str]] = []  # w:fldSimple open: the kind of each (None: names no one)
        self.simple_people = 0  # w:fldSimple of a person open
        self.sdts: list[list] = []  # content controls open: [the property bound, counted in bound_people]
        self.bound_people = 0
        self.words: list[str] = []  # the hidden text of the paragraph being read
        self.wrappers: list[int] = []  # the depths of the wrappers open (negative: an empty one)
        self.depth = 0
        # the element being cut (its nesting below the cut's start: 0 when none), where it
        # started, and whether its words are the hidden text told in the report
        self.skip, self.cut_from, self.keep = 0, -1, False
        self.instr = 0  # field instructions open
        self.run, self.run_depth = 0, 0  # runs open, and the depth of the innermost
        self.rpr, self.ppr = -1, -1  # the depth of the run's and the paragraph's properties
        self.hidden_run = -1  # the run_depth of a hidden run (-2: the run says it is not hidden)
        self.para_hidden = False  # the paragraph's style hides it
        self.p = xml.parsers.expat.ParserCreate(encoding="utf-8", namespace_separator=SEP)
        self.p.buffer_text = True
        self.p.StartElementHandler = self.start
        self.p.EndElementHandler = self.end
        self.p.CharacterDataHandler = self.chars

    def parse(self) -> None:
        self.p.Parse(self.text, True)
        self._paragraph_said()

    def hiding(self) -> bool:
        return bool(self.showing) or self.simple_people > 0 or self.bound_people > 0

    def _in_instruction(self) -> bool:
        """Whether what is read now is inside a field's instruction (a field open, ended
        somewhere in the part, and not yet past its 'separate' mark): Word shows none of it."""
        return any(not f.result and f.ended for f in self.fields)

    def start(self, name: str, attrs: dict) -> None:
        self.depth += 1
        if self.skip:
            self.skip += 1
            return
        is_w, local = _word(name)
        in_run = self.run and self.depth == self.run_depth + 1 and is_w
        run_content = in_run and local not in ("rPr", "fldChar", "instrText", "delInstrText")
        if (self.hiding() and (local == "t" or run_content)) or (run_content and self.hidden_run == self.run_depth):
            self._cut_start(local)
            return
        if run_content and self._in_instruction():
            # the value of a field nested in another field's instruction (`IF { DOCPROPERTY
            # Title } = …`, `= { PAGE } + 1`): Word shows the outer field's value, never this
            # one, but pandoc wrote both (hostile24: the draft's old title, "Draft notes for Jo",
            # went into the guideline beside the IF field's value)
            self._cut_start(local)
            return
        if is_w and (local in WRAPPERS or local == "customXmlPr"):
            self._unwrap_start(local)
            return
        self._formatting(is_w, local, attrs, in_run)
        if is_w:
            self._structure(local, attrs)

    def _unwrap_start(self, local: str) -> None:
        """A wrapper (``WRAPPERS``) opens: its start tag is cut (an empty one whole), and its end
        tag will be; custom XML's properties are cut whole."""
        at = self.p.CurrentByteIndex
        if local == "customXmlPr":
            self.skip, self.cut_from, self.keep = 1, at, False
            return
        m = _TAG_END.match(self.text, at)
        stop = m.end() if m else self.text.index(b">", at) + 1
        self.cuts.append((at, stop))
        if self.text[stop - 2:stop] != b"/>":
            self.wrappers.append(self.depth)
        else:
            self.wrappers.append(-self.depth)  # its one tag is cut already

    def _cut_start(self, local: str) -> None:
        """An element whose text is cut begins: a person's value, or a hidden run's content."""
        self.skip = 1
        self.cut_from = self.p.CurrentByteIndex
        self.keep = self.hidden_run == self.run_depth and not self.hiding()  # its words are told
        if self.keep and local in ("tab", "br", "cr"):
            self.words.append(" ")

    def _formatting(self, is_w: bool, local: str, attrs: dict, in_run: Any) -> None:
        """Run and paragraph properties: the Hidden setting, a hiding character or paragraph style."""
        if in_run and local == "rPr":
            self.rpr = self.depth
        elif is_w and local == "vanish" and self.depth == self.rpr + 1 and self.run:
            val = _attr(attrs, "val", "true").lower()
            # the run's own setting wins over its style's and its paragraph's
            self.hidden_run = self.run_depth if val not in ("0", "false", "off") else -2
        elif is_w and local == "rStyle" and self.depth == self.rpr + 1 and self.run and self.hidden_run != -2:
            if _attr(attrs, "val") in self.char_hidden:
                self.hidden_run = self.run_depth
        elif is_w and local == "pPr":
            self.ppr = self.depth
        elif is_w and local == "pStyle" and self.depth == self.ppr + 1:
            self.para_hidden = _attr(attrs, "val") in self.para_styles

    def _structure(self, local: str, attrs: dict) -> None:
        """Runs, paragraphs, fields (complex and simple) and content controls as they open."""
        if local == "r":
            self.run += 1
            self.run_depth = self.depth
            self.hidden_run = self.depth if self.para_hidden else -1
        elif local == "p":
            self.para_hidden = False
        elif local == "fldChar":
            self._field_char(_attr(attrs, "fldCharType"))
        elif local in ("instrText", "delInstrText"):
            self.instr += 1
        elif local == "sdt":
            self.sdts.append([None, False])
        elif local == "dataBinding" and self.sdts:
            m = _BOUND_TO.search(_attr(attrs, "xpath"))
            if m and m.group(1).lower() in BOUND_PEOPLE:
                self.sdts[-1][0] = BOUND_PEOPLE[m.group(1).lower()]
        elif local == "sdtContent" and self.sdts and self.sdts[-1][0] and not self.sdts[-1][1]:
            self.sdts[-1][1] = True
            self.bound_people += 1
            self.hidden[self.sdts[-1][0]] += 1
        elif local == "fldSimple":
            kind = self._kind(_attr(attrs, "instr"))
            self.simple.append(kind)
            if kind:
                self.hidden[kind] += 1
                self.simple_people += 1
                self._nested(kind)

    def _field_char(self, kind: str) -> None:
        """A complex field's begin, separate (its value starts: shown, or cut if it names a
        person) or end mark."""
        if kind == "begin":
            self.fields.append(_Field(self.begun < len(self.ended) and self.ended[self.begun]))
            self.begun += 1
        elif self.fields and kind == "separate" and not self.fields[-1].result:
            f = self.fields[-1]
            f.result = True
            self._settle(f)
            if f.kind:
                self.hidden[f.kind] += 1
                self.showing.append(f)
        elif self.fields and kind == "end":
            f = self.fields.pop()
            if self.showing and self.showing[-1] is f:
                self.showing.pop()
            if not f.settled:  # a field with no value shown (SET, ASK, one never updated)
                self._settle(f)
            if f.kind:
                self._nested(f.kind)

    def _kind(self, instruction: str) -> Optional[str]:
        """``field_kind``, and REF NAME (or NAME alone) of a bookmark holding a person's value."""
        kind = field_kind(instruction)
        if kind:
            return kind
        words = _instruction_words(instruction)
        if not words:
            return None
        name = words[0].upper()
        mark = words[1] if name == "REF" and len(words) > 1 else words[0]
        return "REF" if mark.lower() in self.person_marks and name not in BOOKMARK_SETTERS else None

    def _settle(self, f: _Field) -> None:
        """Field ``f``'s instruction is read: whether it shows a person — its own kind, a person's
        field nested in its instruction (a mail merge's `IF { MERGEFIELD Gender } = "F" "Dear Ms
        { MERGEFIELD LastName }"` shows the last name; QUOTE and = fields show what they hold),
        or a REF of a bookmark a SET or ASK gave a person's value."""
        f.settled = True
        instruction = "".join(f.instruction)
        f.kind = self._kind(instruction) or f.inner
        words = _instruction_words(instruction)
        if len(words) > 1 and words[0].upper() in BOOKMARK_SETTERS:
            if f.kind or words[0].upper() == "ASK":
                self.person_marks[words[1].lower()] = f.kind or "ASK"
            f.kind = f.kind or ("ASK" if words[0].upper() == "ASK" else None)

    def _nested(self, kind: str) -> None:
        """A person's field (of ``kind``) inside the instruction of the field open around it: that
        field shows the person too."""
        if self.fields and not self.fields[-1].result and self.fields[-1].inner is None:
            self.fields[-1].inner = kind

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            if not self.skip:
                self._cut_end()
            return
        is_w, local = _word(name)
        if self.wrappers and abs(self.wrappers[-1]) == self.depth + 1:
            if self.wrappers.pop() > 0:  # its end tag
                at = self.p.CurrentByteIndex
                self.cuts.append((at, self.text.index(b">", at) + 1))
            return
        if local == "rPr" and self.depth + 1 == self.rpr:
            self.rpr = -1
        if not is_w:
            return
        if local == "r":
            self.run -= 1
            self.hidden_run = -1
        elif local in ("instrText", "delInstrText"):
            self.instr -= 1
        elif local == "sdt" and self.sdts:
            if self.sdts.pop()[1]:
                self.bound_people -= 1
        elif local == "fldSimple" and self.simple:
            if self.simple.pop():
                self.simple_people -= 1
        elif local == "p":
            # a field Word never ended ends with its paragraph (an ended one, such as a mail
            # merge's address block, a paragraph a line, runs to its end mark)
            self.showing[:] = [f for f in self.showing if f.ended]
            self._paragraph_said()

    def _cut_end(self) -> None:
        """The element being cut has ended: its bytes, from its start tag to its end tag, are a cut."""
        self.cuts.append(_cut_span(self.text, self.cut_from, self.p.CurrentByteIndex))

    def _paragraph_said(self) -> None:
        said = " ".join("".join(self.words).split())
        if said:
            self.vanished.append(said)
        self.words.clear()

    def chars(self, data: str) -> None:
        if self.skip:
            if self.keep and sum(map(len, self.words)) < 10_000:
                self.words.append(data)
            return
        if self.instr and self.fields and not self.fields[-1].result:
            self.fields[-1].instruction.append(data)


def scrub(raw: bytes) -> tuple[bytes, Counter, list[str]]:
    """The .docx ``raw`` with every person field's shown value emptied and its hidden text cut
    (see the module's docstring); how many of each field were emptied outside the headers and
    footers (which are not imported, only quoted); the hidden text, one
    entry a paragraph, of the body (headers, notes and comments are cut, not quoted). Returns
    ``raw`` itself when nothing was changed; a zip that cannot be read is returned as it is
    (the caller checked it)."""
    hidden: Counter = Counter()
    vanished: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            changed: dict[str, bytes] = {}
            styled = next((i for i in infos if i.filename.lower() == "word/styles.xml"), None)
            styles = hidden_styles(z.read(styled)) if styled is not None and styled.file_size <= MAX_ODT_PART \
                else (frozenset(), frozenset())
            for info in infos:
                if not _PARTS.match(info.filename):
                    continue
                data = z.read(info)
                new, found, said = scrub_part(data, styles)
                if not _MARGIN_PART.match(info.filename):  # a header's or footer's: not imported, quoted without it
                    hidden.update(found)
                if info.filename.lower() == "word/document.xml":
                    vanished.extend(said)
                if new is not data:
                    changed[info.filename] = new
            if not changed:
                return raw, hidden, vanished
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for info in infos:
                    out.writestr(info, changed[info.filename] if info.filename in changed else z.read(info),
                                 compress_type=zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return raw, hidden, vanished
    return buf.getvalue(), hidden, vanished


def hidden_line(hidden: Counter) -> Optional[str]:
    """What the import tells the drafter of the emptied fields, in one sentence (None: none)."""
    n = sum(hidden.values())
    if not n:
        return None
    names = ", ".join(sorted(hidden))
    return (f"what {n} Word field{'s' if n != 1 else ''} or content control{'s' if n != 1 else ''} ({names}) "
            "showed, which can be a person's name or login")


# --------------------------------------------------------------------------- OpenDocument

ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_ODT_PART = 50 * 1024 * 1024


def _odt_hidden_styles(data: bytes) -> set[str]:
    """The text styles of an OpenDocument part that hide their text (``text:display="none"``:
    LibreOffice's Format > Character > Hidden, or Word's Hidden font saved as .odt)."""
    import xml.parsers.expat

    hidden: set[str] = set()
    current: list[Optional[str]] = []

    def start(name, attrs):
        ns, _, local = name.rpartition(SEP)
        if ns == ODF_STYLE and local == "style":
            current.append(attrs.get(f"{ODF_STYLE}{SEP}name"))
        elif ns == ODF_STYLE and local == "text-properties" and current and current[-1] \
                and attrs.get(f"{ODF_TEXT}{SEP}display") == "none":
            hidden.add(current[-1])

    def end(name):
        ns, _, local = name.rpartition(SEP)
        if ns == ODF_STYLE and local == "style" and current:
            current.pop()

    p = xml.parsers.expat.ParserCreate(namespace_separator=SEP)
    p.StartElementHandler, p.EndElementHandler = start, end
    try:
        p.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError):
        return set()
    return hidden


def _odt_cut_hidden(data: bytes, styles: set[str]) -> tuple[bytes, list[str]]:
    """content.xml without its spans of hidden text, and the words of each paragraph's."""
    import xml.parsers.expat

    if not styles or b"span" not in data:
        return data, []
    p = xml.parsers.expat.ParserCreate(namespace_separator=SEP)
    p.buffer_text = True
    cuts: list[tuple[int, int]] = []
    state = {"skip": 0, "from": -1}
    words: list[str] = []
    said: list[str] = []

    def start(name, attrs):
        if state["skip"]:
            state["skip"] += 1
            return
        ns, _, local = name.rpartition(SEP)
        if ns == ODF_TEXT and local == "span" and attrs.get(f"{ODF_TEXT}{SEP}style-name") in styles:
            state["skip"], state["from"] = 1, p.CurrentByteIndex

    def end(name):
        if state["skip"]:
            state["skip"] -= 1
            if not state["skip"]:
                cuts.append(_cut_span(data, state["from"], p.CurrentByteIndex))
            return
        ns, _, local = name.rpartition(SEP)
        if ns == ODF_TEXT and local in ("p", "h"):
            text = " ".join("".join(words).split())
            if text:
                said.append(text)
            words.clear()

    def chars(text):
        if state["skip"] and sum(map(len, words)) < 10_000:
            words.append(text)

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    try:
        p.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError):
        return data, []
    if not cuts:
        return data, said
    out, last = [], 0
    for a, b in cuts:
        out.append(data[last:a])
        last = b
    out.append(data[last:])
    return b"".join(out), said


def scrub_odt(raw: bytes) -> tuple[bytes, list[str]]:
    """The .odt ``raw`` without its hidden text (spans whose text style hides them), and that
    text, one entry a paragraph; ``raw`` itself when it has none (or cannot be read: the caller
    checked it, pandoc says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            names = {i.filename: i for i in infos}
            content = names.get("content.xml")
            if content is None or content.file_size > MAX_ODT_PART:
                return raw, []
            data = z.read(content)
            styles = _odt_hidden_styles(data)
            if "styles.xml" in names and names["styles.xml"].file_size <= MAX_ODT_PART:
                styles |= _odt_hidden_styles(z.read("styles.xml"))
            new, said = _odt_cut_hidden(data, styles)
            if new is data:
                return raw, said
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for info in infos:
                    out.writestr(info, new if info.filename == "content.xml" else z.read(info),
                                 compress_type=zipfile.ZIP_STORED if info.filename == "mimetype"
                                 else zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return raw, []
    return buf.getvalue(), said

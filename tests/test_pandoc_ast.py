"""The one pandoc AST vocabulary (``lic_policy.pandoc_ast``): constructors and walkers."""

from __future__ import annotations

from lic_policy import pandoc_ast as ast


def test_plain_and_spaced_inlines():
    assert ast.plain_inlines("  two   words ") == [ast.Str("two"), ast.SPACE, ast.Str("words")]
    assert ast.spaced_inlines(" two  words ") == [ast.SPACE, ast.Str("two"), ast.SPACE, ast.Str("words"), ast.SPACE]
    assert ast.literal_inlines(3) == [ast.Str("3")]


def test_span_attributes():
    assert ast.Span([], ["comment-end"], kv=[("id", "1")]) == {"t": "Span", "c": [["", ["comment-end"], [["id", "1"]]], []]}
    assert ast.Span([], style="Note") == {"t": "Span", "c": [["", [], [["custom-style", "Note"]]], []]}


def test_plain_text_reads_styles_spans_links_and_code_but_not_notes():
    inl = [ast.Strong([ast.Str("a")]), ast.SPACE, {"t": "Link", "c": [ast.attr(), [ast.Str("b")], ["https://x", ""]]},
           ast.LINEBREAK, {"t": "Code", "c": [ast.attr(), "c()"]}, {"t": "Note", "c": [ast.Para([ast.Str("n")])]},
           {"t": "Quoted", "c": [{"t": "DoubleQuote"}, [ast.Str("q")]]}]
    assert ast.plain_text(inl) == "a b c()q"
    assert ast.quote_marks(inl[-1]) == ("“", "”")


def test_all_words_reaches_every_node():
    # a footnote's blocks, an image's alt text: every Str, white space joined (blocks are not separated)
    note = [ast.BulletList([[ast.Para([ast.Str("one"), ast.SOFTBREAK, ast.Emph([ast.Str("two")])])]]),
            ast.Para([ast.SPACE, ast.Str("three"), ast.LINEBREAK])]
    assert ast.all_words(note) == "one two three"


def test_paragraph_inlines_in_reading_order():
    table = ast.Table(["Head"], [["cell"]], [None])
    blocks = [ast.Header(2, [ast.Str("h")]), ast.OrderedList([[ast.Plain([ast.Str("o")])]]),
              ast.DefinitionList([([ast.Str("term")], [ast.Para([ast.Str("def")])])]),
              ast.Div([ast.BlockQuote([ast.Para([ast.Str("quote")])])]), table, "not a block"]
    assert [ast.plain_text(i) for i in ast.paragraph_inlines(blocks)] == ["h", "o", "term", "def", "quote", "Head", "cell"]

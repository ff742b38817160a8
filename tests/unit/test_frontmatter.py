"""Front matter: the block is cut, keys are checked, and every message names the file's own line."""

from pathlib import Path

import pytest

from deckhand.errors import DeckError
from deckhand.parse import load_deck

DECK = Path("talk.md")


def load(tmp_path, text):
    path = tmp_path / "talk.md"
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def messages(tmp_path, text):
    """The front matter's problems: carried by the deck to the build (a bad setting keeps its
    default), or raised when nothing in the file can be read as meant (unclosed block, no slides)."""
    try:
        problems = load(tmp_path, text).problems
    except DeckError as exc:
        problems = exc.problems
    return [f"{p.line}: {p.message} ({p.hint})" for p in problems]


def test_defaults_are_the_talks_settings(tmp_path):
    deck = load(tmp_path, "# Only a slide\n")
    assert deck.settings.ratio == "4:3"
    assert deck.settings.remark == {
        "ratio": "4:3", "highlightStyle": "zenburn", "highlightLanguage": "", "highlightLines": True,
        "highlightSpans": True, "highlightInlineCode": False, "countIncrementalSlides": False,
        "slideNumberFormat": "%current%/%total%", "cloneTarget": "_blank",
        "navigation": {"scroll": False, "touch": True, "click": False},
    }
    assert deck.title == "Only a slide"


@pytest.mark.parametrize("source, key, expected", [
    ('---\ntitle: "Quoted: yes"\n---\n# x', "title", "Quoted: yes"),
    ("---\ntitle: 'single'\n---\n# x", "title", "single"),
    ("---\nratio: 16:9\n---\n# x", "ratio", "16:9"),
    ("---\nratio: \"1.85:1\"\n---\n# x", "ratio", "1.85:1"),
])
def test_values(tmp_path, source, key, expected):
    assert getattr(load(tmp_path, source).settings, key) == expected


@pytest.mark.parametrize("source, option, expected", [
    ("---\nhighlightStyle: github\n---\nx", "highlightStyle", "github"),
    ("---\ncountIncrementalSlides: true\n---\nx", "countIncrementalSlides", True),
    ("---\nhighlightLines: no\n---\nx", "highlightLines", False),
    ("---\nslideNumberFormat: '%current%'\n---\nx", "slideNumberFormat", "%current%"),
    ("---\nnavigation: scroll, click\n---\nx", "navigation", {"scroll": True, "touch": False, "click": True}),
    ("---\nnavigation: none\n---\nx", "navigation", {"scroll": False, "touch": False, "click": False}),
])
def test_remark_options(tmp_path, source, option, expected):
    assert load(tmp_path, source).settings.remark[option] == expected


@pytest.mark.parametrize("source, expected", [
    ("# x\n", "katex"), ("---\nmath: katex\n---\n# x", "katex"), ("---\nmath: mathjax\n---\n# x", "mathjax"),
    ("---\nmath: MathJax\n---\n# x", "mathjax"), ("---\nmath: nope\n---\n# x", "katex"),
])
def test_math_mode(tmp_path, source, expected):
    deck = load(tmp_path, source)
    assert deck.settings.math == expected
    assert "math" not in deck.settings.remark


def test_block_is_cut_and_lines_stay_the_files_own(tmp_path):
    deck = load(tmp_path, "---\ntitle: T\nauthor: A\n---\nclass: middle\n# First\n---\n# Second\n")
    assert not deck.body.startswith("---")
    assert "title:" not in deck.body
    assert [s.line for s in deck.slides] == [5, 8]
    assert deck.slides[0].properties["class"].line == 5


@pytest.mark.parametrize("source, expected", [
    ("---\ntitel: x\n---\n# x", ["2: unknown front matter key 'titel' (did you mean 'title'?)"]),
    ("---\ntitle: ok\nratio: wide\n---\n# x",
     ["3: bad value for 'ratio': 'wide' (use width:height with positive numbers, like 4:3 or 16:9)"]),
    ("---\nratio: 0:3\n---\n# x",
     ["2: bad value for 'ratio': '0:3' (use width:height with positive numbers, like 4:3 or 16:9)"]),
    ("---\nhighlightStyle: zenbrun\n---\n# x", ["2: bad value for 'highlightStyle': 'zenbrun' (did you mean 'zenburn'?)"]),
    ("---\ncountIncrementalSlides: maybe\n---\n# x",
     ["2: bad value for 'countIncrementalSlides': 'maybe' (use true or false)"]),
    ("---\ntitle: t\nmath: mathjx\n---\n# x",
     ["3: bad value for 'math': 'mathjx' (one of: katex (the default, pandoc's rules for $...$), mathjax (a deck "
      "written for remark+MathJax: Markdown's escapes apply inside math))"]),
    ("---\ntitle: x\n# no closing line\n", ["1: front matter block is not closed (add a line '---' after the last 'key: value' line)"]),
    ("---\ntitle: x\n---\n\n  \n", ["3: deck has no slides (write at least one slide of Markdown after the front matter)"]),
    ("", ["1: deck has no slides (write at least one slide of Markdown after the front matter)"]),
    ("---\nfoo: 1\nbar: 2\n---\n# x", ["2: unknown front matter key 'foo' (known keys: title, author, description, lang, date, "
                                       "ratio, highlightStyle, highlightLanguage, highlightLines, highlightSpans, "
                                       "highlightInlineCode, countIncrementalSlides, slideNumberFormat, navigation, "
                                       "cloneTarget, ignore, math, macros, css)",
                                       "3: unknown front matter key 'bar' (known keys: title, author, description, lang, date, "
                                       "ratio, highlightStyle, highlightLanguage, highlightLines, highlightSpans, "
                                       "highlightInlineCode, countIncrementalSlides, slideNumberFormat, navigation, "
                                       "cloneTarget, ignore, math, macros, css)"]),
])
def test_problems_name_their_line(tmp_path, source, expected):
    assert messages(tmp_path, source) == expected


def test_non_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("# Caf\u00e9\n\nline two\n".encode("utf-8") + "d\u00e9j\u00e0\n".encode("latin-1"))
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "error: file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)"]
    assert caught.value.problems[0].line == 4


def test_crlf_and_bom_are_read_as_plain_lines(tmp_path):
    path = tmp_path / "win.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Win\r\n---\r\n# One\r\n---\r\n# Two\r\n")
    deck = load_deck(path)
    assert deck.title == "Win"
    assert deck.slide_count == 2
    assert "\r" not in deck.body


def test_macros_are_read_one_per_indented_line(tmp_path):
    deck = load(tmp_path, "---\nmacros:\n  \\RR: \\mathbb{R}\n\n  \\norm: \\left\\lVert #1 \\right\\rVert\n"
                          "  \\|: \\Vert\ntitle: T\n---\n# x")
    assert deck.settings.macros == (("\\RR", "\\mathbb{R}"), ("\\norm", "\\left\\lVert #1 \\right\\rVert"),
                                    ("\\|", "\\Vert"))
    assert deck.settings.title == "T" and deck.problems == []
    assert load(tmp_path, "---\nmacros: \\RR: \\mathbb{R}\n---\n# x").settings.macros == (("\\RR", "\\mathbb{R}"),)


def test_a_bad_macro_line_is_named_at_its_own_line(tmp_path):
    assert messages(tmp_path, "---\nmacros:\n  \\RR: \\mathbb{R}\n\n  RR = x\n  \\RR: y\n  \\e:\n---\n# x") == [
        "5: macro line is not '\\name: expansion': 'RR = x' (write one macro per line, indented under 'macros:', "
        "like '  \\R: \\mathbb{R}' or '  \\norm: \\left\\lVert #1 \\right\\rVert' (#1 is its argument))",
        "6: macro '\\RR' is defined twice (keep one of the two lines: the later one would win)",
        "7: macro line is not '\\name: expansion': '\\\\e:' (write one macro per line, indented under 'macros:', "
        "like '  \\R: \\mathbb{R}' or '  \\norm: \\left\\lVert #1 \\right\\rVert' (#1 is its argument))",
    ]


def test_an_indented_line_under_another_key_is_still_a_problem(tmp_path):
    assert messages(tmp_path, "---\ntitle: T\n  more\n---\n# x") == [
        "3: front matter line is not 'key: value': 'more' (write one setting per line, like 'title: My talk')"]


def test_css_is_a_list_of_paths(tmp_path):
    deck = load(tmp_path, "---\ncss: talk.css, ../shared/year.css\n---\n# x")
    assert deck.settings.css == ("talk.css", "../shared/year.css") and deck.settings.lines["css"] == 2

"""The importer as pure conversions: a remark page (and the files beside it) -> the deck's text and
the files to copy; nothing is built here (tests/test_import.py builds what it writes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckhand.errors import UsageError
from deckhand.frontmatter import Settings, parse_settings, split_front_matter
from deckhand.importer import find_talks, plan, write
from deckhand.talk import ImportOptions, deck_path_for
from deckhand.jsliteral import Code, read_value
from deckhand.parse import load_deck, parse_body
from deckhand.remarkpage import read_page

PAGE = """<!DOCTYPE html>
<html lang="fr">
  <head>
    <title>Deep  learning
      for physicists</title>
    <meta name="author" content="Ada Lovelace">
    <meta name="description" content="Gradients, and a clip.">
    <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz">
    <link rel="stylesheet" href="style.css">
  </head>
  <body>
    <script src="https://remarkjs.com/downloads/remark-latest.min.js"></script>
    <script src="https://cdn.example.org/mathjax/2.7.5/MathJax.js?config=TeX-AMS_HTML"></script>
    <script>
      var slideshow = remark.create({{{options}}});
    </script>
  </body>
</html>
"""


def page_text(options: str = "sourceUrl: 'slides.md'") -> str:
    return PAGE.format(options=options)


def talk_folder(tmp_path: Path, markdown: str = "# One\n\n![a](../img/x.png)\n---\n# Two\n",
                options: str = "sourceUrl: 'slides.md', ratio: '16:9'") -> Path:
    """talks/2023/ml-school/{index.html, slides.md, style.css} and talks/2023/img/{x.png, bg.png}."""
    talk = tmp_path / "talks" / "2023" / "ml-school"
    talk.mkdir(parents=True)
    (talk.parent / "img").mkdir()
    (talk.parent / "img" / "x.png").write_bytes(b"png")
    (talk.parent / "img" / "bg.png").write_bytes(b"bg")
    (talk / "index.html").write_text(page_text(options), encoding="utf-8")
    (talk / "slides.md").write_text(markdown, encoding="utf-8")
    (talk / "style.css").write_text(".hero { background: url(../img/bg.png); }\n", encoding="utf-8")
    return talk


def the_talk(tmp_path: Path, source: Path, media: str = "copy", root: Path | None = None):
    root = root or tmp_path / "project"
    (talk,) = plan(source, ImportOptions(root=root, media=media))
    return talk


# -- the JavaScript literals -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("{sourceUrl: 'slides.md', ratio: \"16:9\"}", {"sourceUrl": "slides.md", "ratio": "16:9"}),
    ("{highlightLines: true, countIncrementalSlides: false, n: 3, x: .5,}",
     {"highlightLines": True, "countIncrementalSlides": False, "n": 3, "x": 0.5}),
    ("{ // the author's comment\n navigation: {scroll: false /* no wheel */}, 'quoted key': null}",
     {"navigation": {"scroll": False}, "quoted key": None}),
    ("{Macros: {R: '{\\\\mathbb{R}}', norm: ['\\\\left\\\\lVert #1 \\\\right\\\\rVert', 1]}}",
     {"Macros": {"R": "{\\mathbb{R}}", "norm": ["\\left\\lVert #1 \\right\\rVert", 1]}}),
    ("{s: 'it\\'s \\u00e9\\x41'}", {"s": "it's éA"}),
])
def test_literals_read_as_python_values(text, expected):
    assert read_value(text)[0] == expected


def test_code_that_is_not_a_literal_is_kept_as_its_text():
    value, end = read_value("{slideNumberFormat: function (current, total) { return current + '/' + total; },"
                            " container: document.getElementById('x'), ratio: '4:3'}")
    assert value == {"slideNumberFormat": Code("function (current, total) { return current + '/' + total; }"),
                     "container": Code("document.getElementById('x')"), "ratio": "4:3"}


def test_a_broken_literal_says_where():
    with pytest.raises(ValueError) as caught:
        read_value("{ratio: '16:9' highlightStyle: 'github'}")
    assert caught.value.args == ("expected ',' or '}'", 15)


# -- the page --------------------------------------------------------------------------------------

def test_a_page_with_source_url(tmp_path):
    page = read_page(page_text("sourceUrl: 'slides.md', ratio: '16:9', timer: {startOnChange: true}"),
                     tmp_path / "index.html")
    assert (page.title, page.author, page.description, page.lang) == (
        "Deep learning for physicists", "Ada Lovelace", "Gradients, and a clip.", "fr")
    assert page.source_url == "slides.md" and page.source is None and page.create_line == 15
    assert page.options == {"sourceUrl": "slides.md", "ratio": "16:9", "timer": {"startOnChange": True}}
    assert [s.href for s in page.stylesheets] == ["https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz",
                                                  "style.css"]
    assert page.mathjax and page.mathjax_line == 13 and page.problems == []


def test_the_textarea_gives_remark_what_its_innerhtml_gives():
    """The parser decodes references and drops the first newline; remark unescapes &lt; &gt; &amp; &quot;."""
    text = ('<textarea id="source">\n# A &lt;b&gt; &amp; &amp;lt; &quot;q&quot; &eacute;\n'
            '<img src="x.png">\n</textarea>\n<script>remark.create()</script>')
    page = read_page(text, Path("index.html"))
    assert page.source == '# A <b> & &lt; "q" é\n<img src="x.png">\n'
    assert page.source_line == 2 and page.create_line == 5 and page.options == {}


def test_a_text_template_script_is_raw_text_that_remark_unescapes():
    text = ('<script type="text/template" id="source">\n---\n# A &lt;b&gt; &eacute; <i>x</i>\n</script>\n'
            '<script>var s = remark.create({ratio: "4:3"});</script>')
    page = read_page(text, Path("index.html"))
    assert page.source == "\n---\n# A <b> &eacute; <i>x</i>\n"
    assert page.options == {"ratio": "4:3"}


def test_mathjax_config_gives_the_macros():
    text = ("<script>remark.create({sourceUrl: 's.md'});\nMathJax.Hub.Config({\n tex2jax: {inlineMath: "
            "[['$','$']]},\n TeX: {Macros: {R: '{\\\\mathbb{R}}', bold: ['{\\\\bf #1}', 1]}}\n});</script>")
    page = read_page(text, Path("index.html"))
    assert page.mathjax and page.macros == {"R": "{\\mathbb{R}}", "bold": ["{\\bf #1}", 1]}


@pytest.mark.parametrize("text, line, message", [
    ("<html><body><p>no slides</p></body></html>", 0, "the page does not call remark.create"),
    ("<html>\n<script>\nremark.create({ratio: '4:3'});\n</script>", 3,
     "remark.create has no sourceUrl and the page no <textarea id=\"source\">: there are no slides to import"),
    ("<script>\nremark.create({ratio: '4:3',\n  sourceUrl 'x.md'});</script>", 3,
     "cannot read the script's settings: expected ':' after 'sourceUrl'"),
])
def test_what_stops_a_page_is_said_at_its_line(text, line, message):
    page = read_page(text, Path("talk/index.html"))
    assert [(p.line, p.message) for p in page.problems][:1] == [(line, message)]


# -- finding talks and naming decks ----------------------------------------------------------------

def test_a_folder_gives_every_page_that_calls_remark(tmp_path):
    for rel in ("2023/a/index.html", "2023/b.html", "2022/c/index.htm", ".git/index.html", "2023/a/build/d/index.html",
                "_site/e/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<script>remark.create()</script>")
    (tmp_path / "2023" / "notes.html").write_text("<p>no talk</p>")
    pages, base = find_talks(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in pages] == ["2022/c/index.htm", "2023/a/index.html",
                                                                   "2023/b.html"]
    names = [deck_path_for(p, base, tmp_path / "proj").relative_to(tmp_path / "proj").as_posix() for p in pages]
    assert names == ["slides/2022/c.md", "slides/2023/a.md", "slides/2023/b.md"]


def test_one_page_is_named_after_its_folder(tmp_path):
    page = tmp_path / "ml-school" / "index.html"
    page.parent.mkdir()
    page.write_text("")
    pages, base = find_talks(page)
    assert pages == [page] and deck_path_for(page, base, tmp_path) == tmp_path / "slides" / "ml-school.md"


# -- the deck --------------------------------------------------------------------------------------

def test_the_deck_has_the_pages_settings_and_the_markdown_as_it_was(tmp_path):
    source = talk_folder(tmp_path, options="sourceUrl: 'slides.md', ratio: '16:9', highlightStyle: 'github', "
                                           "highlightLines: true, countIncrementalSlides: false, "
                                           "navigation: {scroll: false}, slideNumberFormat: '%current%'")
    talk = the_talk(tmp_path, source / "index.html")
    assert talk.problems == []
    assert talk.text == (
        "---\n"
        "title: Deep learning for physicists\n"
        "author: Ada Lovelace\n"
        "description: Gradients, and a clip.\n"
        "lang: fr\n"
        "ratio: 16:9\n"
        "highlightStyle: github\n"
        "highlightSpans: false\n"
        "slideNumberFormat: %current%\n"
        "css: ../img/ml-school/style.css\n"
        "math: mathjax\n"
        "---\n"
        "# One\n\n![a](img/img/x.png)\n---\n# Two\n")
    project = tmp_path / "project"
    assert talk.deck_path == project / "slides" / "ml-school.md"
    assert talk.copies == {project / "img" / "img" / "x.png": source.parent / "img" / "x.png",
                           project / "img" / "ml-school" / "style.css": source / "style.css",
                           project / "img" / "img" / "bg.png": source.parent / "img" / "bg.png"}
    assert [n.message for n in talk.notes] == [
        "stylesheet 'https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz' is on the network: not imported"]


def test_remarks_defaults_are_written_where_deckhands_differ(tmp_path):
    talk = the_talk(tmp_path, talk_folder(tmp_path, options="sourceUrl: 'slides.md'") / "index.html")
    raw, _, _ = split_front_matter(talk.text, Path("x.md"))
    settings, problems = parse_settings({k: v for k, v in raw.items() if k not in ("css", "math")}, Path("x.md"))
    assert problems == []
    assert settings.remark == {"ratio": "4:3", "highlightStyle": "default", "highlightLanguage": "", "highlightLines": False,
                               "highlightSpans": False, "highlightInlineCode": False, "countIncrementalSlides": True,
                               "slideNumberFormat": "%current% / %total%", "cloneTarget": "_blank",
                               "navigation": {"scroll": True, "touch": True, "click": False}}
    assert settings.ratio == "4:3"


def test_unsupported_options_are_listed_not_dropped_silently(tmp_path):
    options = ("sourceUrl: 'slides.md', timer: {startOnChange: true}, slideNumberFormat: function (c, t) "
               "{ return c; }, highlightStyle: 'no-such-style'")
    talk = the_talk(tmp_path, talk_folder(tmp_path, options=options) / "index.html")
    assert [(n.line, n.message) for n in talk.notes if "option" in n.message or "highlightStyle" in n.message] == [
        (15, "remark option 'timer: {'startOnChange': True}' is not supported: dropped"),
        (15, "bad value for 'highlightStyle': 'no-such-style': dropped"),
        (15, "remark option 'slideNumberFormat: function (c, t) { return c; }' is not a value deckhand can take: "
             "dropped"),
    ]
    assert "timer" not in talk.text and "no-such-style" not in talk.text


def test_a_leading_rule_keeps_remarks_empty_first_slide(tmp_path):
    markdown = "---\n# First\n---\n# Second\n"
    talk = the_talk(tmp_path, talk_folder(tmp_path, markdown=markdown) / "index.html")
    assert talk.text.endswith("---\n" + markdown)
    remark = parse_body(Path("x.md"), Settings(), markdown, 0).slide_count
    deck_file = tmp_path / "deck.md"
    deck_file.write_text(talk.text, encoding="utf-8")
    assert talk.slides == remark == load_deck(deck_file).slide_count == 3


def test_macros_become_the_front_matter_block(tmp_path):
    source = talk_folder(tmp_path)
    page = (source / "index.html").read_text()
    (source / "index.html").write_text(page.replace(
        "</script>\n  </body>", "MathJax.Hub.Config({TeX: {Macros: {R: '{\\\\mathbb{R}}', "
        "norm: ['\\\\left\\\\lVert #1 \\\\right\\\\rVert', 1], opt: ['#1 #2', 2, 'x']}}});</script>\n  </body>"))
    talk = the_talk(tmp_path, source / "index.html")
    assert "math: mathjax\nmacros:\n  \\R: {\\mathbb{R}}\n  \\norm: \\left\\lVert #1 \\right\\rVert\n---\n" in talk.text
    assert [n.message for n in talk.notes][-1] == ("MathJax macro 'opt' is not a one-line definition: not imported")


def test_references_are_rewritten_only_where_they_stand_as_urls(tmp_path):
    markdown = ('<img src="../img/x.png" , width="300px"> and `../img/x.png` in code\n'
                '<video controls poster="../img/x.png" src="../img/x.png#t=5"></video>\n'
                'background-image: url(../img/bg.png)\n'
                '![remote](https://example.org/cat.png) ![gone](img/missing.png)\n')
    talk = the_talk(tmp_path, talk_folder(tmp_path, markdown="# A\n" + markdown) / "index.html")
    body = talk.text.split("---\n", 2)[2]
    assert body.split("\n")[1:4] == [
        '<img src="img/img/x.png" , width="300px"> and `../img/x.png` in code',
        '<video controls poster="img/img/x.png" src="img/img/x.png#t=5"></video>',
        'background-image: url(../img/bg.png)',   # not a property: the first line of the slide is '# A'
    ]
    assert [(n.line, n.message.split(":")[0]) for n in talk.notes if "remote" in n.message or "names no" in n.message] \
        == [(5, "'https"), (5, "'img/missing.png' names no file (" + str(tmp_path / "talks/2023/ml-school/img/missing.png")
                                + ")")]


def test_media_keep_points_at_the_files_where_they_are(tmp_path):
    source = talk_folder(tmp_path)
    talk = the_talk(tmp_path, source / "index.html", media="keep", root=tmp_path)
    assert talk.copies == {}
    assert "![a](../talks/2023/img/x.png)" in talk.text
    assert "css: ../talks/2023/ml-school/style.css\n" in talk.text


def test_media_keep_needs_the_talks_inside_the_project(tmp_path):
    source = talk_folder(tmp_path)
    with pytest.raises(UsageError) as caught:
        the_talk(tmp_path, source / "index.html", media="keep", root=tmp_path / "project")
    assert "is not inside the project" in caught.value.message
    assert caught.value.hint == "move or copy the talks into the project first, or import with --media copy (the default)"


def test_an_inline_style_becomes_a_file_beside_the_deck(tmp_path):
    source = talk_folder(tmp_path)
    page = (source / "index.html").read_text()
    (source / "index.html").write_text(page.replace("</head>", "<style>\n.hero { background: url('../img/bg.png'); }"
                                                                 "\n</style>\n</head>"))
    talk = the_talk(tmp_path, source / "index.html")
    css = tmp_path / "project" / "slides" / "ml-school.css"
    assert talk.writes == {css: f"/* the <style> at line 10 of {source / 'index.html'} */\n"
                                "\n.hero { background: url('../img/img/bg.png'); }\n"}
    assert "css: ../img/ml-school/style.css, ml-school.css\n" in talk.text


def test_an_existing_deck_is_kept_unless_forced(tmp_path):
    source = talk_folder(tmp_path)
    root = tmp_path / "project"
    deck = root / "slides" / "ml-school.md"
    deck.parent.mkdir(parents=True)
    deck.write_text("mine")
    talks = plan(source / "index.html", ImportOptions(root=root))
    assert write(talks, ImportOptions(root=root)) == []
    assert [(p.path, p.message) for p in talks[0].problems] == [
        (deck, f"deck exists already (from {source / 'index.html'})")]
    assert deck.read_text() == "mine" and not (root / "img").exists()
    talks = plan(source / "index.html", ImportOptions(root=root, force=True))
    assert write(talks, ImportOptions(root=root, force=True)) == talks
    assert deck.read_text().startswith("---\ntitle: Deep learning") and (root / "img" / "img" / "x.png").is_file()


def test_a_missing_source_url_is_an_error_at_the_call(tmp_path):
    source = talk_folder(tmp_path, options="sourceUrl: 'slide.md'")
    talk = the_talk(tmp_path, source / "index.html")
    assert [(p.line, p.message, p.hint) for p in talk.problems] == [
        (15, f"sourceUrl 'slide.md' not found: no file {source / 'slide.md'}",
         "fix sourceUrl in remark.create, or put the Markdown file there")]


def test_remark_create_in_an_onload_attribute_counts(tmp_path):
    """remark's own boilerplate-single.html: `<body onload="var slideshow = remark.create();">`."""
    text = '<html>\n<body onload="var slideshow = remark.create();">\n<textarea id="source">\n# A\n</textarea>'
    page = read_page(text, Path("index.html"))
    assert (page.create_line, page.source, page.problems) == (2, "# A\n", [])


def test_a_remote_import_in_an_inline_style_is_noted_at_its_line(tmp_path):
    source = talk_folder(tmp_path)
    page = (source / "index.html").read_text()
    (source / "index.html").write_text(page.replace("</head>", "<style>\n\n  @import url(https://fonts.example.org/"
                                                                 "a.css);\n</style>\n</head>"))
    talk = the_talk(tmp_path, source / "index.html")
    assert [(n.line, n.message) for n in talk.notes][-1] == (
        12, "'https://fonts.example.org/a.css' in the page's <style> stays remote: it loads only with the network")


def test_no_file_from_outside_the_imported_folder_is_copied(tmp_path):
    """A page names what it likes; only files inside the folder being imported come into the project
    (a link that leads out of it does not count)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("key")
    source = talk_folder(tmp_path, markdown="# A\n![a](../../../secret.txt)\n![b](img/link.png)\n")
    (source / "img").mkdir()
    (source / "img" / "link.png").symlink_to(secret)
    talk = the_talk(tmp_path, source / "index.html")
    assert secret not in talk.copies.values()
    assert [n.message for n in talk.notes if "outside" in n.message] == [
        f"'../../../secret.txt' is outside the imported folder {tmp_path / 'talks' / '2023'}: left as it is, and the "
        "build will say so",
        f"'img/link.png' is outside the imported folder {tmp_path / 'talks' / '2023'}: left as it is, and the build "
        "will say so"]
    assert "![a](../../../secret.txt)\n![b](img/link.png)\n" in talk.text


def test_a_source_url_outside_the_imported_folder_is_an_error(tmp_path):
    (tmp_path / "elsewhere.md").write_text("# private\n")
    source = talk_folder(tmp_path, options="sourceUrl: '../../../elsewhere.md'")
    talk = the_talk(tmp_path, source / "index.html")
    assert [(p.line, p.message) for p in talk.problems] == [
        (15, f"sourceUrl '../../../elsewhere.md' is outside the imported folder {tmp_path / 'talks' / '2023'}")]


def test_a_comment_never_closed_ends_the_value_instead_of_looping():
    with pytest.raises(ValueError):
        read_value("{a: f(/* never closed")


PIECES = list("{}[]()'\"`\\,:;/*=\n ab$0-.") + [
    "remark.create(", "<textarea id=source>", "</textarea>", "<script>", "</script>", "MathJax.Hub.Config(",
    "<style>", "</style>", "<link rel=stylesheet href=", "<title>", "&lt;", "${", "//", "/*", "*/", "function(){",
    "<body onload=\""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=50).map("".join))
def test_any_page_text_is_read_or_refused_with_a_line(text):
    page = read_page(text, Path("x.html"))
    assert all(p.line >= 0 and p.message for p in page.problems + page.notes)
    try:
        read_value(text)
    except ValueError as exc:
        message, at = exc.args
        assert message and 0 <= at <= len(text)

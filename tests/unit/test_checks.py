"""The deck doctor's checks as `source, expected` pairs: what each finds, and the remark idioms it
must leave alone; its pure helpers on their own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deckhand import cache, katex
from deckhand.assets import AssetRef
from deckhand.checks import media, run_checks
from deckhand.codes import CODES, parse_codes
from deckhand.checks.code import python_error
from deckhand.checks.markup import _read_tag
from deckhand.checks.styles import css_classes, defined_classes
from deckhand.parse import load_deck
from tests.conftest import PROJECT, ROOT, TEST_DECKS, write_png, write_wav


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working directory


def findings(tmp_path: Path, source: str) -> list[str]:
    path = tmp_path / "deck.md"
    path.write_text(source, encoding="utf-8")
    deck = load_deck(path)
    return [str(p).removeprefix("deck.md:").lstrip() for p in run_checks([deck], {deck.name: []}, PROJECT)]


@pytest.mark.parametrize("source", [
    "# Title .red[deep] .hidden[aa] .footnote[x] .bottomlogo[<img src='a.png' width='150'>]",
    "class: center, middle\nname: intro\n\n# Hello",
    "class: inverse,middle\n\n# commas and spaces both separate slide classes",
    "## A slide\n<!-- class: middle -->\ntext",           # remark applies it; a known property
    "<!-- TODO: redo the figure -->\n# A comment remark reads as a property",
    "title: Hello\n\n# {{ title }} is a template variable",
    "name: intro\nbackground-image: url(img/news.png)\n",  # a background is content
    "layout: true\n\n.footnote[footer]\n---\n# One",        # a layout slide with only a footer
    "name: a\n\n# A\n---\ntemplate: a\n",                  # an empty slide that repeats its template
    "# A\n\n[jump](#a) [first](#1) [presenter](#p1) [top](#)\n---\nname: a\n# B",
    "# Code\n```python\ndef f(x):\n*   return x\n```\n`<div>` and `$x$`",
    "# HTML\n<br> <br/>\n<b>x</b> <img src='a.png' width=300> <audio controls><source src='s.wav'></audio>",
    "# Not tags\n<https://example.org> <me@example.org> a < b and $x<y>z$",
    "# Raw-text tags are text\n</textarea> and </script>",
    "<ul><li>one<li>two</ul>\n<p>optional end tags",
    ".center[\n```\n---\n```\n]\n",                         # a '---' inside code inside a class is code
    "<!-- ??? in a comment -->\n# Notes\n???\nnotes",
    "# Dollars\nit costs $5 and $10, and \\$x\\$ is escaped",
    "exclude: true\n\n.nope[excluded slides are not checked] <img src='a.png', width=3>\n---\n# Shown",
    "# Math\n$$\\dfrac{\\partial \\ell}{\\partial w} = \\nabla loss(y) \\cdot g'(z)$$",
])
def test_leaves_remark_idioms_alone(tmp_path, source):
    assert findings(tmp_path, source) == []


@pytest.mark.parametrize("source, expected", [
    ("# A .reset-columns[x]", ["1: warning: unknown class '.reset-columns[' (did you mean 'reset-column'?) [W-class]"]),
    ("<style>.teal { color: teal }</style>\n.teal[x] .teel[y]",
     ["2: warning: unknown class '.teel[' (did you mean 'teal'?) [W-class]"]),
    ("clas: middle\n# A", ["1: error: unknown slide property 'clas' (did you mean 'class'?) [E-property]"]),
    ("# A\n<!-- clas: middle -->", ["2: error: unknown slide property 'clas' (did you mean 'class'?) [E-property]"]),
    ("name: a\n# A\n---\nname: a\n# B", ["4: error: slide name 'a' is already used on line 1 (remark keeps only the "
                                         "last one; rename one of them) [E-name]"]),
    ("template: b\n# A", ["1: error: template 'b' names no slide above this one (give that slide 'name: b') "
                          "[E-template]"]),
    ("layout: True\n# A", ["1: error: 'layout: True' is neither true nor false (remark only knows 'layout: true' "
                           "and 'layout: false', in lower case) [E-template]"]),
    ("# A\n\n??? ", ["3: warning: '???' with trailing spaces is not a notes marker, so this line shows on the slide "
                     "(put '???' alone on its line, notes below it) [W-notes]"]),
    ("# A\n---\n# B\n--\n\n--\nC", ["5: warning: this '--' step adds nothing (delete the '--' or add content after it) "
                                    "[W-empty]"]),
    ("# A\n--\n.red[x] .blue[never closed", ["3: error: '.blue[' is never closed (add the ']' that ends it; until "
                                              "then remark shows it as text) [E-bracket]"]),
    (".left[\na\n???\nnotes ]", ["1: error: '.left[' is closed only on line 4, past the notes marker '???' on line 3 "
                                 "(remark merges what lies between; add the missing ']' before line 3) [E-bracket]"]),
    ("<a href='#x'>x</a>", ["1: error: link to '#x' but no slide is named 'x' (give the slide 'name: x') [E-link]"]),
    ("<img src=\"a.png\" / >", ["1: error: malformed <img> tag: stray '/' inside the tag (write '/>' at the very "
                                "end, or leave the '/' out) [E-html]"]),
    ("<span>a</b>", ["1: warning: stray </b>: no <b> is open here (remove it, or add the <b> it should close) [W-html]",
                     "1: warning: <span> is never closed (add </span> before the end of the slide) [W-html]"]),
    ("<div><span>a</div>", ["1: warning: <span> is never closed (add </span> before </div> on line 1) [W-html]"]),
    ("---\nhighlightLanguage: python\n---\n# A\n\n    print('x'\n",
     ["6: warning: Python code does not parse: '(' was never closed (fix it, or label the block with another "
      "language if it is not meant to run) [W-code]"]),
    ("# A\n$\\frac{1}{$", ["2: error: KaTeX cannot typeset $\\frac{1}{$: Unexpected end of input in a macro argument, "
                           "expected '}' (fix the formula; the slide shows it as red source text) [E-math]"]),
    ("---\nignore: W-class, E-link\n---\n.nope[x] [a](#b)", []),
    ("ignore: W-class\n.nope[x]\n---\n.nope[y]", ["4: warning: unknown class '.nope[' (no loaded stylesheet defines "
                                                  "it; add it to templates/theme.css) [W-class]"]),
])
def test_findings(tmp_path, source, expected):
    assert findings(tmp_path, source) == expected


def test_an_unknown_code_in_front_matter_is_a_front_matter_problem(tmp_path):
    (tmp_path / "deck.md").write_text("---\nignore: W-classes\n---\n# A\n", encoding="utf-8")
    assert [str(p) for p in load_deck(tmp_path / "deck.md").problems] == [
        "deck.md:2: error: bad value for 'ignore': 'W-classes' (did you mean 'W-class'?)"]


@pytest.mark.parametrize("lines, expected", [
    (["model.add(Conv2D(16, (3, 3) strides=2))"], (1, "invalid syntax. Perhaps you forgot a comma?")),
    (["x = [", "*   1,", "*   2]"], None),                                  # remark's highlight markers
    (["*x = 1"], None),                                                        # `*x` loses its star
    (["print(`x`)"], None),                                                    # a highlighted span
    ([">>> x = 1", ">>> x + 1", "2"], None),                                   # a session: only its input
    (["%timeit f()", "!pip install keras", "import keras"], None),             # notebook lines
    (["    return x"], None),                                                  # an indented fragment
    (["re.compile('\\d')"], None),                                             # a SyntaxWarning is not an error
    (["def f(:"], (1, "invalid syntax")),
])
def test_python_error(lines, expected):
    assert python_error(lines, highlight_lines=True, highlight_spans=True) == expected


@pytest.mark.parametrize("tag, expected", [
    ('<img src="a.png" width="8">', ("", "")),
    ('<img src="a.png" , width="8">', "stray ','"),
    ('<img src="a.png", width="8">', "stray ','"),
    ("<img src='a.png';width=8>", "stray ';'"),
    ('<img src="a.png"width="8">', "no space before 'width'"),
    ('<img src="a.png" / >', "stray '/'"),
    ('<img src="a.png" = width="8">', "stray '='"),
    ('<img src="a.png" src="b.png">', "'src' is given twice"),
    ('<img src="a.png>', "the quote after src= is never closed"),
])
def test_read_tag(tag, expected):
    read = _read_tag(tag, len("<img"), len(tag), False)
    problem = read[3]
    assert problem == expected if isinstance(expected, tuple) else problem[0].startswith(expected)


def test_no_closing_bracket_is_text_not_a_tag():
    assert _read_tag("<img src=x and more", 4, 19, False) is None


def test_css_classes_skip_declarations_and_comments():
    css = "/* .commented */ .a, .b > .c:hover { padding: .5em; background: url(x.woff2) }\n@media print { .d { } }"
    assert css_classes(css) == {"a", "b", "c", "d"}


def test_defined_classes_come_from_theme_remark_and_katex():
    names, offered = defined_classes(PROJECT)
    assert {"red", "reset-column", "middle", "remark-code", "hljs-keyword", "katex", "mfrac"} <= names
    assert "reset-column" in offered and "middle" in offered
    assert not any(n.startswith(("remark-", "hljs", "katex")) for n in offered) and "mfrac" not in offered


def test_parse_codes():
    assert parse_codes("W-class, W-code E-html") == ("W-class", "W-code", "E-html")
    with pytest.raises(ValueError, match="did you mean 'W-code'"):
        parse_codes("W-cod")


def test_wrong_case_is_found_from_the_directory_listing(tmp_path):
    # On macOS and Windows 'img/Brain.png' opens img/brain.png; on the Linux web server it is a 404.
    write_png(tmp_path / "img" / "brain.png")
    assert media._case_mismatch("img/Brain.png", tmp_path / "img" / "brain.png", {}) == "img/brain.png"
    assert media._case_mismatch("IMG/brain.png", tmp_path / "img" / "brain.png", {}) == "img/brain.png"
    assert media._case_mismatch("img/brain.png", tmp_path / "img" / "brain.png", {}) == ""


def test_wrong_case_finding(tmp_path):
    write_png(tmp_path / "img" / "brain.png")
    (tmp_path / "deck.md").write_text("# A\n\n![](img/Brain.png)\n", encoding="utf-8")
    deck = load_deck(tmp_path / "deck.md")
    ref = AssetRef("img/Brain.png", 3, "image", tmp_path / "img" / "brain.png", "img/Brain.png")
    assert [str(p) for p in run_checks([deck], {deck.name: [ref]}, PROJECT)] == [
        "deck.md:3: error: image 'img/Brain.png' differs in letter case from the file 'img/brain.png' (write "
        "'img/brain.png': it works on this computer but not on a Linux web server) [E-case]"]


def test_media_checks_are_remembered_on_disk_until_the_file_changes(tmp_path, monkeypatch):
    image = write_png(tmp_path / "img" / "cut.png", (40, 30))
    image.write_bytes(image.read_bytes()[:-20])   # cut off: E-decode
    (tmp_path / "deck.md").write_text("# A\n\n![](img/cut.png)\n", encoding="utf-8")
    deck = load_deck(tmp_path / "deck.md")
    ref = AssetRef("img/cut.png", 3, "image", image, "img/cut.png")
    first = [p.code for p in run_checks([deck], {deck.name: [ref]}, PROJECT)]
    assert first == ["E-decode"]
    cache.reset()                                            # as a new process: nothing in memory

    def no_reading(*args):
        raise AssertionError("a file read again although it did not change")
    monkeypatch.setattr(media, "read_media", no_reading)
    assert [p.code for p in run_checks([deck], {deck.name: [ref]}, PROJECT)] == first
    monkeypatch.undo()
    write_png(image, (40, 30))                               # fixed: read again, no finding
    assert run_checks([deck], {deck.name: [ref]}, PROJECT) == []


def test_read_media(tmp_path):
    write_png(tmp_path / "a.png", (40, 30))
    write_wav(tmp_path / "s.wav")
    (tmp_path / "d.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "h.svg").write_text("<html/>")
    (tmp_path / "s.mp3").write_bytes(b"not an mp3 at all")
    (tmp_path / "v.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    (tmp_path / "f.mp3").write_bytes(b"\xff\xfb\x90\x64" + bytes(100))        # a bare MPEG frame, no ID3 tag
    from PIL import Image

    frames = [Image.new("P", (20, 20), i) for i in range(3)]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    (tmp_path / "cut.gif").write_bytes((tmp_path / "a.gif").read_bytes()[:-1])
    size = (tmp_path / "a.png").stat().st_size
    assert media.read_media(tmp_path / "a.png", "image") == media.Media("", (40, 30), size)
    assert media.read_media(tmp_path / "s.wav", "audio").problem == ""
    assert media.read_media(tmp_path / "d.svg", "image").problem == ""
    assert media.read_media(tmp_path / "h.svg", "image").problem == "<html> is not an SVG drawing"
    assert media.read_media(tmp_path / "s.mp3", "audio").problem == "the file does not start like a .mp3 file"
    assert media.read_media(tmp_path / "v.mp4", "video").problem == ""
    assert media.read_media(tmp_path / "f.mp3", "audio").problem == ""
    assert media.read_media(tmp_path / "a.gif", "image").problem == ""
    assert media.read_media(tmp_path / "cut.gif", "image").problem == "the GIF file is cut off before its end"


@pytest.mark.parametrize("size, nbytes, slot, cover, expected", [
    ((4000, 3000), 3_000_000, (300, None), False, ("4000×3000 px but shown 300 px wide", "resize it to 600 px wide "
                                                   "to save about 2.9 MB")),
    ((1200, 900), 3_000_000, (300, None), False, None),       # 4x: sharp on a 4K projector, not flagged
    ((5000, 400), 20_000, (300, None), False, None),          # saves too little to matter
    ((600, 4000), 900_000, (None, 200), False, ("600×4000 px but shown 200 px high", "resize it to 400 px high "
                                                "to save about 891 KB")),
    ((4000, 3000), 3_000_000, (908, 681), True, ("4000×3000 px but shown 908 px wide", "resize it to 1816 px wide "
                                                 "to save about 2.4 MB")),
])
def test_oversize(size, nbytes, slot, cover, expected):
    maker = media._oversize(media.Media("", size, nbytes), slot, cover)
    if expected is None:
        assert maker is None
    else:
        message, hint = maker("image", "x.png")
        assert (message.split("is ", 1)[1], hint) == expected


def test_math_without_node_is_one_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(katex.shutil, "which", lambda name: None)
    assert findings(tmp_path, "# A\n$x$ and $y$") == [
        "warning: 2 formulas not checked: Node.js is not installed (install Node.js 18 or later, from "
        "https://nodejs.org or with 'sudo apt install nodejs', to check formulas at build time) [W-math]"]


def test_math_results_are_remembered_between_builds(tmp_path, monkeypatch):
    findings(tmp_path, "# A\n$\\alpha_{remembered}$")

    def no_node(*args, **kwargs):
        raise AssertionError("Node ran again for a formula it already checked")
    monkeypatch.setattr(subprocess, "run", no_node)
    assert findings(tmp_path, "# B\n$\\alpha_{remembered}$") == []


@pytest.mark.parametrize("name", TEST_DECKS)
def test_the_test_decks_have_no_findings(deck_dir, name):
    from deckhand.assets import resolve_refs

    deck = load_deck(deck_dir / name)
    refs, problems = resolve_refs(deck, ROOT)   # their images are beside them, in deck_dir/img
    assert run_checks([deck], {deck.name: refs}, PROJECT, problems) == []


def test_seventeen_checks():
    assert len(CODES) == 17

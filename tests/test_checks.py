"""The deck doctor's checks with the installed front end, as `source, expected` pairs: run_checks
reads remark's and KaTeX's stylesheets from node_modules/ for the classes, typesets the formulas
with KaTeX in Node, and remembers what it read on disk."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deckhand import cache, katex
from deckhand.assets import AssetRef
from deckhand.checks import media, run_checks
from deckhand.checks.styles import defined_classes
from deckhand.codes import ALT_HINT
from deckhand.parse import load_deck
from tests.conftest import PROJECT, ROOT, TEST_DECKS, write_png


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
    "# Alt text\n![a plot](a.png) `![](b.png)` <img src='c.png' alt=''>\n???\n![](notes.png)",
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
    ("name: a\n# A\n---\nname: a\n# B", ["4: warning: slide name 'a' is already used on line 1 (remark keeps only "
                                         "the last one; rename one of them) [W-name]"]),
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
    ("<a href='#x'>x</a>", ["1: warning: link to '#x' but no slide is named 'x' (give the slide 'name: x') [W-link]"]),
    ("<img src=\"a.png\" / >", ["1: warning: malformed <img> tag: stray '/' inside the tag (browsers ignore it; write "
                                "'/>' at the very end, or leave the '/' out) [W-html]"]),
    ("![](fig.png \"a title is no alt\")\n\n![ ][r]\n\n[r]: z.png", [
        f"1: warning: image 'fig.png' has no alt text ({ALT_HINT}) [W-alt]",
        f"3: warning: image '[r]' has no alt text ({ALT_HINT}) [W-alt]"]),
    ("line one</br>\nline two<br/>", []),   # every browser reads </br> as <br>
    ("<span>a</b>", ["1: warning: stray </b>: no <b> is open here (remove it, or add the <b> it should close) [W-html]",
                     "1: warning: <span> is never closed (add </span> before the end of the slide) [W-html]"]),
    ("<div><span>a</div>", ["1: warning: <span> is never closed (add </span> before </div> on line 1) [W-html]"]),
    ("---\nhighlightLanguage: python\n---\n# A\n\n    print('x'\n",
     ["6: warning: Python code does not parse: '(' was never closed (fix it, or label the block with another "
      "language if it is not meant to run) [W-code]"]),
    ("# A\n$\\frac{1}{$", ["2: error: KaTeX cannot typeset $\\frac{1}{$: Unexpected end of input in a macro argument, "
                           "expected '}' (fix the formula; the slide shows it as red source text) [E-math]"]),
    ("---\nignore: W-class, E-link\n---\n.nope[x] [a](#b)", []),   # E-link: W-link's name before it was a warning
    ("---\nignore: W-link\n---\nname: a\n[a](#b)\n---\nignore: E-name\nname: a\n# B", []),
    ("ignore: W-class\n.nope[x]\n---\n.nope[y]", ["4: warning: unknown class '.nope[' (no loaded stylesheet defines "
                                                  "it; add it to templates/custom.css, or to a stylesheet of the deck's own (css:)) [W-class]"]),
])
def test_findings(tmp_path, source, expected):
    assert findings(tmp_path, source) == expected



def test_defined_classes_come_from_theme_remark_and_katex():
    names, offered = defined_classes(PROJECT)
    assert {"red", "reset-column", "middle", "remark-code", "hljs-keyword", "katex", "mfrac"} <= names
    assert "reset-column" in offered and "middle" in offered
    assert not any(n.startswith(("remark-", "hljs", "katex")) for n in offered) and "mfrac" not in offered



def test_wrong_case_finding(tmp_path):
    write_png(tmp_path / "img" / "brain.png")
    (tmp_path / "deck.md").write_text("# A\n\n![a brain](img/Brain.png)\n", encoding="utf-8")
    deck = load_deck(tmp_path / "deck.md")
    ref = AssetRef("img/Brain.png", 3, "image", tmp_path / "img" / "brain.png", "img/Brain.png")
    assert [str(p) for p in run_checks([deck], {deck.name: [ref]}, PROJECT)] == [
        "deck.md:3: error: image 'img/Brain.png' differs in letter case from the file 'img/brain.png' (write "
        "'img/brain.png': it works on this computer but not on a Linux web server) [E-case]"]



def test_media_checks_are_remembered_on_disk_until_the_file_changes(tmp_path, monkeypatch):
    image = write_png(tmp_path / "img" / "cut.png", (40, 30))
    image.write_bytes(image.read_bytes()[:-20])   # cut off: E-decode
    (tmp_path / "deck.md").write_text("# A\n\n![cut off](img/cut.png)\n", encoding="utf-8")
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
    found = [(p.line, p.code) for p in run_checks([deck], {deck.name: refs}, PROJECT, problems)]
    # traps.md writes Japanese and Arabic, which no font the deck ships draws: true, and said
    assert found == ([(37, "W-glyph")] if name == "traps.md" else [])

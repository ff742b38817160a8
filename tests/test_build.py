"""Fixture decks built into tmp_path: the output's shape, determinism, and every bad input's message."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from deckhand import katex
from deckhand.page import formula_key
from deckhand.parse import load_deck
from tests.conftest import ROOT, TEST_DECKS, write_png


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def embedded(page: Path, element_id: str):
    html = page.read_text(encoding="utf-8")
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_builds_every_deck_with_its_front_end_and_assets(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    code, stdout, stderr = run_build(*[deck_dir / n for n in TEST_DECKS], "--out", out)
    assert code == 0 and [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in stderr.splitlines()] == [
        "traps.md:37"]   # its warning: Japanese and Arabic, which no shipped font draws (W-glyph)
    assert "syntax.md: 11 slides (8 counted), 3 assets" in stdout
    assert "outline.md: 10 slides (7 counted)" in stdout   # remark's count: steps and `count: false` copies
    for name in ("syntax", "traps", "crlf", "widescreen"):
        assert (out / name / "index.html").is_file()
        assert (out / name / "_deck" / "remark.min.js").is_file()
        assert (out / name / "_deck" / "katex" / "katex.min.js").is_file()
        assert list((out / name / "_deck" / "fonts").glob("*.woff2"))
        assert not list((out / name / "_deck").rglob("*.woff")) and not list((out / name / "_deck").rglob("*.ttf"))
    assert sorted(p.relative_to(out / "syntax").as_posix() for p in (out / "syntax" / "img").iterdir()) == [
        "img/syntax-background.png", "img/syntax-figure.png", "img/syntax-sound.wav"]


def test_index_lists_each_deck(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    run_build(*[deck_dir / n for n in TEST_DECKS], "--out", out)
    index = (out / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="deck">.*?</article>', index, re.S)
    assert len(cards) == 6
    assert '<a href="syntax/index.html">Remark syntax tour</a>' in index
    assert "Test Author · 11 slides (8 counted) · 16:9" in index
    assert "<p>A <em>16:9</em> deck for the tests.</p>" in index   # the description is Markdown
    assert '<a href="crlf/index.html">CRLF deck</a>' in index


def test_page_metadata_and_options(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    run_build(deck_dir / "widescreen.md", "--out", out)
    html = (out / "widescreen" / "index.html").read_text(encoding="utf-8")
    assert "<title>A widescreen deck</title>" in html
    assert '<meta name="author" content="Test Author">' in html
    assert '<meta name="description" content="A *16:9* deck for the tests.">' in html
    options = embedded(out / "widescreen" / "index.html", "deck-options")
    assert options["ratio"] == "16:9" and options["highlightStyle"] == "github"
    assert options["countIncrementalSlides"] is True


def test_formulas_are_typeset_at_build_time(deck_dir, tmp_path, run_build):
    """The page carries KaTeX's HTML for every formula on a shown slide, and not KaTeX's script."""
    out = tmp_path / "out"
    assert run_build(deck_dir / "traps.md", "--out", out)[0] == 0
    math = embedded(out / "traps" / "index.html", "deck-math")
    model = load_deck(deck_dir / "traps.md")
    assert set(math) == {formula_key(m.tex, m.display) for m in model.shown_math} and len(math) >= 3
    html = math["Ia_1 * b_1 + a_2 * b_2"]
    assert html.startswith('<span class="katex">')
    assert '<annotation encoding="application/x-tex">a_1 * b_1 + a_2 * b_2</annotation>' in html


def test_the_page_carries_remarks_stylesheet_with_the_decks_highlight_style(deck_dir, tmp_path, run_build):
    """remark takes a <style title="remark"> as its own: the page carries the one highlight style the
    deck uses rather than remark building one from all 76 of them at every open."""
    out = tmp_path / "out"
    assert run_build(deck_dir / "widescreen.md", deck_dir / "traps.md", "--out", out)[0] == 0
    for name, style in (("widescreen", "github"), ("traps", "zenburn")):
        css = re.search(r'<style title="remark">(.*?)</style>', (out / name / "index.html").read_text("utf-8"), re.S)
        assert css and css.group(1).startswith("html.remark-container,body.remark-container{")
        assert "@page{margin:0}" in css.group(1)   # remark sets the page size in this rule
        assert set(re.findall(r"\.hljs-([\w.-]+) \.hljs\{", css.group(1))) == {style}


def test_without_node_the_page_typesets_its_formulas(deck_dir, tmp_path, run_build, monkeypatch):
    monkeypatch.setattr(katex.shutil, "which", lambda name: None)
    out = tmp_path / "out"
    code, _, stderr = run_build(deck_dir / "traps.md", "--out", out)
    assert code == 0 and "formulas not checked: Node.js is not installed" in stderr
    assert embedded(out / "traps" / "index.html", "deck-math") == {}
    assert '<script src="_deck/katex/katex.min.js"></script>' in (out / "traps" / "index.html").read_text("utf-8")


def test_slide_source_is_data_not_markup(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    run_build(deck_dir / "traps.md", "--out", out)
    page = out / "traps" / "index.html"
    html = page.read_text(encoding="utf-8")
    # the page has exactly the script elements of the template, whatever the slides say
    template = (ROOT / "templates" / "deck.html.j2").read_text(encoding="utf-8")
    assert len(re.findall(r"<script\b", template)) == 8    # KaTeX's only when the build could not typeset
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"</script>", html)) == 7
    assert "katex.min.js" not in html
    assert "{{" not in html.split('id="deck-source">')[0]
    source = embedded(page, "deck-source")
    assert source.startswith("# Text that breaks naive templates")   # front matter cut
    assert "{{ deck.title }} {% if x %} {# comment #}" in source        # Jinja text verbatim
    assert "```html\n<textarea id=\"source\"></textarea>\n<script>alert(\"not run\")</script>\n```" in source
    assert "it costs $5 and $10." in source


def test_output_is_byte_identical_across_builds(deck_dir, tmp_path, run_build):
    decks = [deck_dir / n for n in TEST_DECKS]
    run_build(*decks, "--out", tmp_path / "one")
    run_build(*decks, "--out", tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


BAD_DECKS = {
    "missing image": ("# A\n\n![chart](img/chart.png)\n",
                      ["deck.md:3: error: image 'img/chart.png' not found (did you mean img/charts.png?)"]),
    "remote image": ("# A\n<img src=\"https://example.org/logo.png\">\n",
                     ["deck.md:2: error: remote image 'https://example.org/logo.png' will not show offline "
                      "(save the file under img/ and reference it by a relative path, or build with --allow-remote)"]),
    "unknown key": ("---\ntitle: T\nauthr: Me\n---\n# A\n",
                    ["deck.md:3: error: unknown front matter key 'authr' (did you mean 'author'?)"]),
    "bad ratio": ("---\nratio: 16/9\n---\n# A\n",
                  ["deck.md:2: error: bad value for 'ratio': '16/9' (use width:height with positive numbers, "
                   "like 4:3 or 16:9)"]),
    "empty deck": ("---\ntitle: Nothing yet\n---\n\n",
                   ["deck.md:3: error: deck has no slides (write at least one slide of Markdown after the "
                    "front matter)"]),
    "unclosed front matter": ("---\ntitle: T\n# A\n",
                              ["deck.md:1: error: front matter block is not closed (add a line '---' after the "
                               "last 'key: value' line)"]),
    # a bad front matter value does not hide the deck's other problems
    "three problems": ("---\nratio: x\n---\n# A\n![a](img/a.png)\n![b](img/b.png)\n",
                       ["deck.md:2: error: bad value for 'ratio': 'x' (use width:height with positive numbers, "
                        "like 4:3 or 16:9)",
                        "deck.md:5: error: image 'img/a.png' not found (looked in img/ and "
                        f"{ROOT / 'img'}/; add the file there or fix the path)",
                        "deck.md:6: error: image 'img/b.png' not found (looked in img/ and "
                        f"{ROOT / 'img'}/; add the file there or fix the path)"]),
    "all assets listed": ("# A\n![a](img/a.png)\n---\n![b](img/b.png)\n",
                          ["deck.md:2: error: image 'img/a.png' not found (looked in img/ and "
                           f"{ROOT / 'img'}/; add the file there or fix the path)",
                           "deck.md:4: error: image 'img/b.png' not found (looked in img/ and "
                           f"{ROOT / 'img'}/; add the file there or fix the path)"]),
}


@pytest.mark.parametrize("case", list(BAD_DECKS))
def test_bad_input_names_path_line_and_keeps_the_last_good_output(case, tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_png(tmp_path / "img" / "charts.png")
    deck = tmp_path / "deck.md"
    deck.write_text("# Good\n\n![chart](img/charts.png)\n", encoding="utf-8")
    assert run_build(deck, "--out", "out")[0] == 0
    before = tree_digest(tmp_path / "out")

    source, expected = BAD_DECKS[case]
    deck.write_text(source, encoding="utf-8")
    code, stdout, stderr = run_build(deck, "--out", "out")
    count = len(expected)
    assert code == 1
    assert stderr.splitlines() == expected + [
        f"build failed: {count} problem{'s' * (count != 1)}; the previous output was left as it was"]
    assert tree_digest(tmp_path / "out") == before


def test_non_utf8_file(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.md").write_bytes(b"# Caf\xe9\n")
    code, _, stderr = run_build("deck.md", "--out", "out")
    assert code == 1
    assert stderr.splitlines()[0] == "deck.md:1: error: file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)"
    assert not (tmp_path / "out").exists()


def test_problems_of_every_deck_are_listed_before_failing(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("---\nratio: 3\n---\n# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n![none](img/none.png)\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# C is fine\n", encoding="utf-8")
    code, _, stderr = run_build("a.md", "b.md", "c.md", "--out", "out")
    assert code == 1
    # one pass lists both: a's front matter does not hide b's missing image
    assert [line.split(": error:")[0] for line in stderr.splitlines()[:-1]] == ["a.md:2", "b.md:2"]
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    code, _, stderr = run_build("a.md", "b.md", "c.md", "--out", "out")
    assert [line.split(": error:")[0] for line in stderr.splitlines()[:-1]] == ["b.md:2"]


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "precious.txt").write_text("keep me")
    (tmp_path / "deck.md").write_text("# A\n", encoding="utf-8")
    code, _, stderr = run_build("deck.md", "--out", "notes")
    assert code == 1
    assert stderr.splitlines()[0] == ("notes: error: refusing to replace this folder: it is not the output of an "
                                      "earlier build (choose a new or empty folder with --out)")
    assert (tmp_path / "notes" / "precious.txt").read_text() == "keep me"


def test_missing_deck_and_duplicate_names(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").mkdir()
    (tmp_path / "deck.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "x" / "deck.md").write_text("# B\n", encoding="utf-8")
    code, _, stderr = run_build("nope.md", "deck.md", "x/deck.md", "--out", "out")
    assert code == 1
    assert stderr.splitlines()[:2] == [
        "nope.md: error: deck not found (give the path of a Markdown file, like slides/talk.md)",
        "x/deck.md:1: error: two decks would both be written to 'deck/' (rename this file or deck.md)",
    ]


def test_default_builds_every_deck_in_slides(tmp_path):
    from deckhand import pipeline
    project = tmp_path / "project"
    (project / "slides").mkdir(parents=True)
    for name in ("templates", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    for name in ("b-talk.md", "a-talk.md"):
        (project / "slides" / name).write_text(f"# {name}\n", encoding="utf-8")
    (project / "slides" / "notes.txt").write_text("not a deck", encoding="utf-8")
    result = pipeline.build(None, pipeline.BuildOptions(out_dir=tmp_path / "out", root=project))
    assert [d.src_path for d in result.decks] == [project / "slides" / "a-talk.md", project / "slides" / "b-talk.md"]


def index_titles(out: Path) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', (out / "index.html").read_text(encoding="utf-8"))


def test_building_one_deck_keeps_the_others(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "alpha.md").write_text("# Alpha\n", encoding="utf-8")
    (tmp_path / "beta.md").write_text("# Beta\n\n---\n\n# Beta two\n", encoding="utf-8")
    assert run_build("alpha.md", "beta.md", "--single-file", "--out", "out")[0] == 0
    beta = {rel: digest for rel, digest in tree_digest(tmp_path / "out").items() if rel.startswith("beta")}
    assert set(beta) >= {"beta/index.html", "beta.html"}

    (tmp_path / "alpha.md").write_text("# Alpha, again\n", encoding="utf-8")
    code, stdout, _ = run_build("alpha.md", "--out", "out")
    assert code == 0 and "alpha.md: 1 slide" in stdout
    after = tree_digest(tmp_path / "out")
    assert {rel: digest for rel, digest in after.items() if rel.startswith("beta")} == beta   # folder and export
    assert "Alpha, again" in (tmp_path / "out" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "alpha.html" not in after   # this build of alpha made no single file
    assert index_titles(tmp_path / "out") == ["Alpha, again", "Beta"]
    assert '<a href="beta.html">Single file</a>' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")

    # and again: what was kept once is kept the next time; building every deck lists exactly those
    assert run_build("alpha.md", "--out", "out")[0] == 0
    assert index_titles(tmp_path / "out") == ["Alpha, again", "Beta"]
    assert run_build("beta.md", "--out", "out")[0] == 0
    assert index_titles(tmp_path / "out") == ["Alpha, again", "Beta"]


def test_a_marker_that_lies_never_brings_files_from_elsewhere(tmp_path, run_build, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("not for the web")
    (tmp_path / "deck.md").write_text("# Deck\n", encoding="utf-8")
    assert run_build("deck.md", "--out", "out")[0] == 0
    marker = tmp_path / "out" / ".deckhand-build"
    record = json.loads(marker.read_text(encoding="utf-8"))["decks"]["deck"]["index"]
    marker.write_text(json.dumps({"decks": {
        "evil": {"files": ["../secret.txt", "/etc/hostname", ".deckhand-build"], "index": dict(record, title="Evil")},
        "broken": {"files": "deck/", "index": {"title": 3}}, "worse": [1, 2],
        "gone": {"files": ["gone/"], "index": dict(record, title="Gone")}}}), encoding="utf-8")
    (tmp_path / "out" / "evil").mkdir()
    (tmp_path / "out" / "evil" / "index.html").write_text("<p>evil</p>")
    code, _, stderr = run_build("deck.md", "--out", "out")
    assert (code, stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".deckhand-build", "_site", "deck", "index.html"]
    # its card (its folder was there), and none of its files; 'gone' had no folder any more
    assert index_titles(tmp_path / "out") == ["Deck", "Evil"]
    marker.write_text("made by an older build.py\n")   # an older marker: nothing known to keep
    assert run_build("deck.md", "--out", "out")[0] == 0
    assert index_titles(tmp_path / "out") == ["Deck"]

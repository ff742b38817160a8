"""`deckhand import`: a folder of remark talks (shared ../img and CSS, MathJax, clips, sourceUrl and
inline <textarea> pages) becomes a project whose decks build, with remark's slide counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckhand.cli import main
from deckhand.importer import find_pages, front_matter, import_pages
from deckhand.pipeline import BuildOptions, build
from deckhand.remarkpage import parse_js, read_page
from tests.conftest import DECKS_DIR, write_mp4, write_png

PAGES = DECKS_DIR / "remark-pages"


def talks(root: Path) -> Path:
    """The fixture talks, with their images and clips, in root/talks."""
    folder = root / "talks"
    shutil.copytree(PAGES, folder)
    write_png(folder / "2023" / "img" / "network.png", (300, 200))
    write_png(folder / "2023" / "img" / "hero.png", (320, 180))
    write_mp4(folder / "2023" / "img" / "clip.mp4", seconds=1)
    write_mp4(folder / "2024" / "gpu" / "clip.mp4", seconds=1)
    return folder


def test_every_talk_of_the_folder_is_imported_and_builds(tmp_path, capsys):
    source = talks(tmp_path)
    assert main(["import", str(source), "--to", str(tmp_path / "project")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-4:-1] == ["2023/inline: 2 slides, 2 formulas, 0 errors, 0 warnings",
                          "2023/ml-school: 4 slides, 4 formulas, 0 errors, 0 warnings",
                          "2024/gpu: 3 slides, 0 formulas, 0 errors, 0 warnings"]   # remark's own counts
    assert "  note: remark option 'slideNumberFormat' is code, not carried over" in out
    built = tmp_path / "project" / "build"
    for name in ("2023/inline", "2023/ml-school", "2024/gpu"):
        assert (built / name / "index.html").is_file()
    copied = sorted(p.name for p in (built / "2023" / "ml-school").rglob("*") if p.is_file() and "_deck" not in p.parts)
    assert copied == ["clip.mp4", "hero.png", "index.html", "network.png", "slides-page.css", "talks.css"]   # hero: talks.css


def test_the_front_matter_says_what_the_page_said(tmp_path):
    source = talks(tmp_path)
    import_pages(find_pages(source, tmp_path / "p"), source, tmp_path / "p")
    deck = (tmp_path / "p" / "slides" / "2023" / "ml-school" / "slides.md").read_text(encoding="utf-8")
    assert deck.startswith(
        "---\ntitle: Machine learning school\nauthor: A. Physicist\ndescription: Deep learning for physicists, day 1\n"
        "lang: en\nhighlightStyle: github\nhighlightLines: false\nhighlightSpans: false\ncountIncrementalSlides: true\n"
        "navigation: touch\nratio: 16:9\nmath: mathjax\ncss: ../css/talks.css, slides-page.css\n---\n"
        "class: center, middle, hero\n")   # remark's defaults where ours differ; scroll was switched off
    assert deck.endswith((PAGES / "2023" / "ml-school" / "slides.md").read_text(encoding="utf-8"))   # the Markdown as it was
    inline = (tmp_path / "p" / "slides" / "2023" / "inline" / "slides.md").read_text(encoding="utf-8")
    assert "macros:\n  \\RR: {\\bf R}\n  \\norm: \\left\\| #1 \\right\\|\n---\n" in inline
    assert "$\\norm{x}$ & more: a <b>bold</b> tag." in inline   # the textarea's text, as remark read it
    page_css = (tmp_path / "p" / "slides" / "2023" / "ml-school" / "slides-page.css").read_text(encoding="utf-8")
    assert "/* deckhand import: offline, not loaded: @import url(https://fonts.googleapis.com/" in page_css
    assert ".big { font-size: 150%; }" in page_css


def test_importing_again_keeps_a_deck_edited_since(tmp_path, capsys):
    source = talks(tmp_path)
    project = tmp_path / "p"
    assert main(["import", str(source), "--to", str(project), "--no-build"]) == 0
    assert main(["import", str(source), "--to", str(project), "--no-build"]) == 0   # unchanged: fine
    deck = project / "slides" / "2024" / "gpu" / "slides.md"
    deck.write_text(deck.read_text() + "\n---\n# Mine\n")
    capsys.readouterr()
    assert main(["import", str(source), "--to", str(project), "--no-build"]) == 1
    assert f"{deck}:1: error: this deck exists and differs from what the import would write (edited since?) " \
           "(keep it, or import again with --force to overwrite it)" in capsys.readouterr().err
    assert deck.read_text().endswith("# Mine\n")
    assert main(["import", str(source), "--to", str(project), "--no-build", "--force"]) == 0
    assert not deck.read_text().endswith("# Mine\n")


@pytest.mark.parametrize("page, message", [
    ("<script>remark.create({sourceUrl: 'https://example.org/s.md'})</script>",
     "3: sourceUrl 'https://example.org/s.md' is not a file beside the page"),
    ("<script>\nremark.create({sourceUrl: 'missing.md'})</script>",
     "4: sourceUrl 'missing.md' cannot be read: No such file or directory"),
    ("<script>remark.create()</script>", "3: remark.create has no sourceUrl and the page no <textarea id=\"source\">"),
    ("<p>no remark here</p>", "1: no remark.create(...) in the page"),
])
def test_a_page_that_cannot_be_imported_says_why(tmp_path, page, message):
    path = tmp_path / "index.html"
    path.write_text("<html>\n<body>\n" + page, encoding="utf-8")
    imported, problems = import_pages([path], tmp_path, tmp_path / "p")
    assert imported == [] and [f"{p.line}: {p.message}" for p in problems] == [message]


@pytest.mark.parametrize("data", [
    b"\xff\xfe<script>remark.create({sourceUrl: 's.md'</script>",   # not UTF-8, unclosed
    b"<textarea id=source></textarea></textarea><script>remark.create({,,,}) remark.create(</script>",
    b"<script>remark.create({a: `x${y}`, b: [1, {c: function () { return '}' }}], 'd': /re/g})</script>",
    b"<scr" * 5000 + b"<script>remark.create({ratio: '16:9'",
])
def test_odd_pages_never_give_a_traceback(tmp_path, data):
    path = tmp_path / "index.html"
    path.write_bytes(data)
    (tmp_path / "s.md").write_text("# s\n")
    import_pages([path], tmp_path, tmp_path / "p")   # imported or refused: either way, no exception


def test_remark_options_are_read_like_javascript():
    value, _ = parse_js("{ratio: '16:9', // a comment\n navigation: {scroll: false, touch: true,}, n: 3, "
                        "f: function (a) { return {x: 1}; }, s: \"a\\\"b\", 'quoted key': null, }", 0)
    assert value == {"ratio": "16:9", "navigation": {"scroll": False, "touch": True}, "n": 3,
                     "f": "function (a) { return {x: 1}; }", "s": 'a"b', "quoted key": None}
    assert type(value["f"]).__name__ == "_Code"   # code, not carried over


def test_front_matter_values_survive_their_quotes(tmp_path):
    path = tmp_path / "index.html"
    path.write_text("<title>\"Quoted\" title</title><script>remark.create({source: '# a'})</script>")
    page, _ = read_page(path)
    text = front_matter(page, [], [])
    assert text.splitlines()[1] == "title: \"Quoted\" title"
    deck = tmp_path / "slides" / "a.md"
    deck.parent.mkdir()
    deck.write_text(text + page.source)
    assert build([deck], BuildOptions(root=tmp_path)).decks[0].title == "\"Quoted\" title"


def test_link_media_places_hard_links_not_copies(tmp_path):
    source = talks(tmp_path)
    import_pages(find_pages(source, tmp_path / "p"), source, tmp_path / "p", link_media=True)
    placed = tmp_path / "p" / "slides" / "2023" / "img" / "network.png"
    assert placed.stat().st_ino == (source / "2023" / "img" / "network.png").stat().st_ino   # one file on disk

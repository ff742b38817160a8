"""A deck's own stylesheets: `css:`, a slide's <link rel="stylesheet">, the project's templates/custom.css;
each copied with what its url()s and @imports name, checked like images, known to the class check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckhand.errors import DeckError
from deckhand.pipeline import BuildOptions, build, check
from deckhand.project import PACKAGED_MODULES
from tests.conftest import DECKS_DIR, write_png

FONT = PACKAGED_MODULES / "@fontsource/ubuntu/files/ubuntu-latin-400-normal.woff2"


def make_project(root: Path) -> Path:
    """The own-css fixture project, with its images and font, in `root`."""
    shutil.copytree(DECKS_DIR / "own-css", root, dirs_exist_ok=True)
    write_png(root / "img" / "paper.png", (40, 40), (250, 248, 240))
    write_png(root / "img" / "hero.png", (320, 240), (20, 40, 90))
    (root / "shared" / "fonts").mkdir(exist_ok=True)   # git keeps no empty folder
    shutil.copy(FONT, root / "shared" / "fonts" / "year-sans.woff2")
    return root / "slides" / "2023" / "talk.md"


def out_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "_deck" not in p.parts)


def test_the_stylesheets_and_what_they_name_are_copied_and_linked_in_order(tmp_path):
    deck = make_project(tmp_path)
    result = build([deck], BuildOptions(root=tmp_path))
    assert result.warnings == []   # every class is defined by one of them
    out = tmp_path / "build" / "2023" / "talk"
    assert out_files(out) == ["img/hero.png", "img/paper.png", "index.html", "shared/fonts.css",
                              "shared/fonts/year-sans.woff2", "shared/year.css", "slide.css", "talk.css",
                              "templates/custom.css"]
    page = (out / "index.html").read_text(encoding="utf-8")
    links = [line for line in page.splitlines() if line.startswith('<link rel="stylesheet"')]
    assert links[-3:] == ['<link rel="stylesheet" href="templates/custom.css">', '<link rel="stylesheet" href="talk.css">',
                          '<link rel="stylesheet" href="shared/year.css">']   # after the theme: the author's rules win
    assert links[2] == '<link rel="stylesheet" href="_deck/theme.css">'


def test_each_copy_names_its_files_where_the_output_has_them(tmp_path):
    deck = make_project(tmp_path)
    build([deck], BuildOptions(root=tmp_path))
    out = tmp_path / "build" / "2023" / "talk"
    assert 'url("img/paper.png")' in (out / "talk.css").read_text()   # was ../../img/paper.png: the copy sits higher
    assert "url(../img/hero.png)" in (out / "shared" / "year.css").read_text()   # the same place relative to it
    assert '@import "fonts.css";' in (out / "shared" / "year.css").read_text()
    assert (out / "shared" / "fonts" / "year-sans.woff2").read_bytes() == FONT.read_bytes()
    assert (out / "talk.css").read_text().startswith("/* The deck's own")   # comments and all, as written


def test_a_missing_file_in_a_stylesheet_is_an_error_at_the_stylesheets_line(tmp_path):
    deck = make_project(tmp_path)
    (tmp_path / "img" / "hero.png").unlink()
    (tmp_path / "shared" / "fonts" / "year-sans.woff2").unlink()
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "kept.txt").write_text("last good output")
    with pytest.raises(DeckError) as caught:
        build([deck], BuildOptions(root=tmp_path))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'shared/fonts.css'}:1: warning: font 'fonts/year-sans.woff2' not found (looked in "
        f"{tmp_path / 'shared/fonts'}/; add the file there or fix the path; meanwhile the text shows in the "
        "theme's font) [W-font]",
        f"{tmp_path / 'shared/year.css'}:3: error: background '../img/hero.png' not found (looked in "
        f"{tmp_path / 'img'}/; add the file there or fix the path)",
    ]
    assert (tmp_path / "build" / "kept.txt").read_text() == "last good output"


def test_a_missing_stylesheet_is_an_error_at_the_front_matter_line(tmp_path):
    deck = make_project(tmp_path)
    deck.write_text(deck.read_text().replace("css: talk.css,", "css: tlak.css,"))
    problems = [str(p).split("/slides/2023/", 1)[-1] for p in check([deck], BuildOptions(root=tmp_path))]
    assert problems[0] == "talk.md:3: error: stylesheet 'tlak.css' not found (did you mean talk.css?)"


def test_remote_fonts_are_a_warning_and_other_remote_stylesheets_an_error(tmp_path):
    deck = make_project(tmp_path)
    (tmp_path / "shared" / "fonts.css").write_text(
        '@import url("https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz");\n'
        "@import 'https://example.org/theme.css';\n")
    found = [(p.path.name, p.line, p.severity, p.code, p.message) for p in check([deck], BuildOptions(root=tmp_path))]
    assert found == [
        ("fonts.css", 1, "warning", "W-font", "remote stylesheet "
         "'https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz' will not show offline"),
        ("fonts.css", 2, "error", "", "remote stylesheet 'https://example.org/theme.css' will not show offline"),
    ]   # and .credits, which year.css defines, is still known
    assert check([deck], BuildOptions(root=tmp_path, allow_remote=True)) == []


def test_a_class_no_stylesheet_defines_is_still_found(tmp_path):
    deck = make_project(tmp_path)
    (tmp_path / "templates" / "custom.css").unlink()
    problems = [(p.line, p.message, p.hint) for p in check([deck], BuildOptions(root=tmp_path))]
    assert problems == [(11, "unknown class '.everywhere['", "no loaded stylesheet defines it; add it to "
                         "templates/custom.css, or to a stylesheet of the deck's own (css:)")]


def test_an_import_loop_ends(tmp_path):
    deck = make_project(tmp_path)
    (tmp_path / "shared" / "fonts.css").write_text('@import "year.css";\n')
    result = build([deck], BuildOptions(root=tmp_path))
    assert (tmp_path / "build" / "2023" / "talk" / "shared" / "fonts.css").is_file() and result.warnings == []


@pytest.mark.parametrize("text, message", [
    (b"\xff\xfe.a{}", "stylesheet 'talk.css' is not UTF-8 text"),
    (b"url(", None),   # not CSS: nothing it names, copied as it is
])
def test_odd_stylesheets_give_a_message_not_a_traceback(tmp_path, text, message):
    deck = make_project(tmp_path)
    (deck.parent / "talk.css").write_bytes(text)
    found = [p.message for p in check([deck], BuildOptions(root=tmp_path)) if p.severity == "error"]
    assert found == ([message] if message else [])

"""The deck doctor's pure helpers on their own, as `source, expected` pairs (the checks run with the
installed front end are in tests/test_checks.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deckhand.checks import media
from deckhand.codes import CODES, parse_codes
from deckhand.checks.code import python_error
from deckhand.checks.markup import _read_tag
from deckhand.checks.styles import css_classes
from deckhand.parse import load_deck
from tests.conftest import write_png, write_wav


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working directory



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



# The severity of each malformed tag is what Chromium makes of it: tests/browser/test_html_parsing.py
# parses every one of these there and checks that an error is exactly a tag that loses what was written.
MALFORMED_TAGS = [
    ('<img src="a.png" width="8">', "", ""),
    ('<img src="a.png" , width="8">', "W-html", "stray ','"),
    ('<img src="a.png", width="8">', "W-html", "stray ','"),
    ('<img src="a.png" ,width="8">', "E-html", "',' is glued to 'width'"),
    ("<img src='a.png';width=8>", "E-html", "';' is glued to 'width'"),
    ("<img src='a.png'; width=8>", "W-html", "stray ';'"),
    ('<img src="a.png"width="8">', "W-html", "no space before 'width'"),
    ('<img src="a.png" / >', "W-html", "stray '/'"),
    ('<img src="a.png" / width="8">', "W-html", "stray '/'"),
    ('<img src="a.png" = width="8">', "W-html", "stray '='"),
    ('<img src="a.png" =width="8">', "E-html", "'=' is glued to 'width'"),
    ('<img src="a.png" src="b.png">', "W-html", "'src' is given twice"),
    ('<img src="a.png" --->', "W-html", "stray '-'"),   # characters a name may hold, but not start with
    ('<img src="a.png" 1x>', "W-html", "stray '1'"),
    ('<img src="a.png" , width="8" = height="4" ,alt="x">', "E-html", "',' is glued to 'alt'"),  # the error wins
    ('<img src="a.png>', "E-html", "the quote after src= is never closed"),
]


@pytest.mark.parametrize("tag, code, expected", MALFORMED_TAGS)
def test_read_tag(tag, code, expected):
    message, _, found_code = _read_tag(tag, len("<img"), len(tag), False)[3]
    assert (found_code, message[:len(expected)]) == (code, expected)


def test_no_closing_bracket_is_text_not_a_tag():
    assert _read_tag("<img src=x and more", 4, 19, False) is None



def test_css_classes_skip_declarations_and_comments():
    css = "/* .commented */ .a, .b > .c:hover { padding: .5em; background: url(x.woff2) }\n@media print { .d { } }"
    assert css_classes(css) == {"a", "b", "c", "d"}



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



def test_the_readme_table_lists_every_code_and_no_other():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([EW]-[a-z-]+)` \|", readme, re.M)
    assert sorted(listed) == sorted(CODES)

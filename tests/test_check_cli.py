"""`build.py --check` on one test deck per check: the exact findings, exit codes, --strict, and how
the same checks run inside every build (errors fail it, warnings are printed)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from deckhand.codes import CODES
from tests.conftest import DECKS_DIR, ROOT, TEST_DECKS, write_png, write_wav

MISSING_HINT = f"looked in img/ and {ROOT / 'img'}/; add the file there or fix the path"
SPACED = "separate attributes with spaces only, like <img src=\"a.png\" width=\"300\">"
IGNORED = "browsers ignore it; " + SPACED
MATH_HINT = "fix the formula; the slide shows it as red source text"
PY_HINT = "fix it, or label the block with another language if it is not meant to run"

GLYPH_HINT = ("(on a machine without a font that has it the audience sees an empty box: write it another way, "
              "or add a font that has it (@font-face in templates/custom.css, the file in the project)) [W-glyph]")
EXPECTED = {
    "check-assets.md": [
        f"check-assets.md:8: error: image 'img/missing-figure.png' not found ({MISSING_HINT})",
        "check-assets.md:10: error: remote image 'https://example.org/logo.png' will not show offline (save the file "
        "under img/ and reference it by a relative path, or build with --allow-remote)",
        "check-assets.md:12: error: image '../outside.png' points outside the project (copy the file into the "
        "project, like img/figure.png, and reference it from there)",
        "check-assets.md:14: error: image 'img/not-an-image.png' does not decode: it is not an image a browser can "
        "show (export the file again from its source) [E-decode]",
        "check-assets.md:16: error: image 'img/cut.jpg' does not decode: the image data is damaged or cut off "
        "(export the file again from its source) [E-decode]",
        "check-assets.md:18: error: image 'img/broken.svg' does not decode: the SVG is not well-formed XML "
        "(mismatched tag: line 1, column 45) (export the file again from its source) [E-decode]",
        "check-assets.md:20: error: audio 'img/noise.wav' does not decode: it is not a WAV file a browser can play "
        "(file does not start with RIFF id) (export the file again from its source) [E-decode]",
        "check-assets.md:23: error: background 'img/empty.png' does not decode: the file is empty (export the file "
        "again from its source) [E-decode]",
        f"check-assets.md:30: error: video 'img/missing-clip.mp4' not found ({MISSING_HINT})",
        "check-assets.md:32: error: video 'img/not-a-video.mp4' does not decode: the file does not start like a .mp4 "
        "file (export the file again from its source) [E-decode]",
        f"check-assets.md:34: error: media 'img/gone.pdf' not found ({MISSING_HINT})",
        "check-assets.md:39: warning: image 'img/ok.png' has no alt text (add alt text that says what the image shows "
        "(![what it shows](file.png) or <img alt=\"...\">); an image that only decorates takes <img alt=\"\">) [W-alt]",
    ],
    "check-links.md": [
        "check-links.md:7: warning: link to '#outro' but no slide is named 'outro' (did you mean '#intro'?) [W-link]",
        "check-links.md:7: warning: link to '#intr' but no slide is named 'intr' (did you mean '#intro'?) [W-link]",
        "check-links.md:7: warning: link to '#12' but the deck has 5 slides (link to the slide by its name instead, "
        "which stays right when slides move) [W-link]",
        "check-links.md:9: warning: link to '#layout-footer' but no slide is named 'layout-footer' (that slide is a "
        "layout, which remark does not show) [W-link]",
        "check-links.md:11: warning: link to '#nowhere' but no slide is named 'nowhere' (slide names: intro, later) "
        "[W-link]",
        "check-links.md:20: warning: slide name 'intro' is already used on line 4 (remark keeps only the last one; "
        "rename one of them) [W-name]",
        "check-links.md:26: error: template 'later' names no slide above this one (slide 'later' is further down, "
        "on line 43; remark only looks up) [E-template]",
        "check-links.md:31: error: template 'gone' names no slide above this one (slide 'gone' on line 37 is "
        "excluded, and remark drops excluded slides first) [E-template]",
        "check-links.md:32: error: 'layout: intro' is neither true nor false (to reuse slide 'intro', write "
        "'template: intro') [E-template]",
    ],
    "check-classes.md": [
        "check-classes.md:4: warning: unknown slide class 'midle' (did you mean 'middle'?) [W-class]",
        "check-classes.md:6: warning: unknown class '.reset-columns[' (did you mean 'reset-column'?) [W-class]",
        "check-classes.md:10: warning: unknown class '.redd[' (did you mean 'red'?) [W-class]",
        "check-classes.md:15: warning: unknown class '.nothing-like-it[' (no loaded stylesheet defines it; add it "
        "to templates/custom.css, or to a stylesheet of the deck's own (css:)) [W-class]",
    ],
    "check-structure.md": [
        "check-structure.md:4: error: unknown slide property 'clas' (did you mean 'class'?) [E-property]",
        "check-structure.md:5: error: 'count: False' is neither true nor false (remark only knows 'count: false', "
        "in lower case) [E-property]",
        "check-structure.md:9: error: '.center[' is never closed (add the ']' that ends it; until then remark shows "
        "it as text) [E-bracket]",
        "check-structure.md:12: error: unknown slide property 'Disclaimer' (remark reads a 'word: text' line at the "
        "top of a slide as a property and hides it; start the slide with other text) [E-property]",
        "check-structure.md:14: error: '.left[' is closed only on line 18, past the slide break '---' on line 16 "
        "(remark merges what lies between; add the missing ']' before line 16) [E-bracket]",
        "check-structure.md:23: warning: '???' with 'this is not a notes marker' after it is not a notes marker, so "
        "this line shows on the slide (put '???' alone on its line, notes below it) [W-notes]",
        "check-structure.md:31: warning: empty slide (delete the slide break or add content) [W-empty]",
        "check-structure.md:35: warning: '--' at the end of the deck adds an empty step (delete it) [W-trailing]",
    ],
    "check-glyphs.md": [
        "check-glyphs.md:5: warning: '漢' (U+6F22 Cjk Unified Ideograph-6F22) is in no font the deck ships (tried "
        "Ubuntu, Ubuntu Mono and the theme's) " + GLYPH_HINT,
        "check-glyphs.md:7: warning: '┌' (U+250C Box Drawings Light Down And Right), '─' (U+2500 Box Drawings Light "
        "Horizontal), '┐' (U+2510 Box Drawings Light Down And Left), '中' (U+4E2D Cjk Unified Ideograph-4E2D) are in "
        "no font the deck ships (tried Ubuntu, Ubuntu Mono and the theme's) " + GLYPH_HINT,
    ],
    "check-html.md": [
        f"check-html.md:6: warning: malformed <img> tag: stray ',' between its attributes ({IGNORED}) [W-html]",
        f"check-html.md:7: warning: malformed <img> tag: stray ',' between its attributes ({IGNORED}) [W-html]",
        f"check-html.md:8: warning: malformed <img> tag: no space before 'width' (browsers read it as meant; {SPACED}) "
        "[W-html]",
        "check-html.md:9: warning: malformed <img> tag: 'width' is given twice (the browser keeps the first, "
        "width=\"300px\"; remove the other) [W-html]",
        "check-html.md:10: error: malformed <img> tag: ',' is glued to 'width' (the browser reads an attribute named "
        "',width' and drops width; put a space between them) [E-html]",
        f"check-html.md:10: warning: malformed <img> tag: stray '=' between its attributes ({IGNORED}) [W-html]",
        "check-html.md:11: error: malformed <img> tag: '=' is glued to 'height' (the browser reads an attribute named "
        "'=height' and drops height; put a space between them) [E-html]",
        "check-html.md:12: error: malformed <img> tag: the quote after alt= is not closed on its line (close it; "
        "until then the tags after it are swallowed) [E-html]",
        "check-html.md:19: warning: <div> is never closed (add </div> before the end of the slide) [W-html]",
        "check-html.md:23: warning: stray </span>: no <span> is open here (remove it, or add the <span> it should "
        "close) [W-html]",
        "check-html.md:30: warning: <i> is never closed (add </i> before the end of the notes) [W-html]",
    ],
    "check-code.md": [
        f"check-code.md:7: warning: Python code does not parse: invalid syntax. Perhaps you forgot a comma? "
        f"({PY_HINT}) [W-code]",
        f"check-code.md:13: warning: Python code does not parse: invalid syntax. Perhaps you forgot a comma? "
        f"({PY_HINT}) [W-code]",
    ],
    "check-math.md": [
        f"check-math.md:8: error: KaTeX cannot typeset $\\frac{{a}}{{$: Unexpected end of input in a macro argument, "
        f"expected '}}' ({MATH_HINT}) [E-math]",
        f"check-math.md:8: error: KaTeX cannot typeset $\\badmacro{{x}}$: Undefined control sequence: \\badmacro "
        f"({MATH_HINT}) [E-math]",
        f"check-math.md:12: error: KaTeX cannot typeset $$\\dfrac{{\\partial \\ell}}{{\\partial w}} = "
        f"\\nabla loss…$$: Expected '\\right', got 'EOF' ({MATH_HINT}) [E-math]",
        "check-math.md:14: warning: KaTeX warns about $café$: Accented Unicode text character \"é\" used in math "
        "mode [unicodeTextInMathMode] (the browser console shows this warning too) [W-math]",
    ],
    "check-size.md": [
        "check-size.md:6: warning: image 'img/photo.png' is 1200×300 px but shown 100 px wide (resize it to 200 px "
        "wide to save about 350 KB) [W-size]",
        "check-size.md:8: warning: image 'img/photo.png' is 1200×300 px but shown 150 px wide (resize it to 300 px "
        "wide to save about 338 KB) [W-size]",
    ],
    "check-ignore.md": [
        "check-ignore.md:11: warning: unknown class '.not-a-class[' (no loaded stylesheet defines it; add it to "
        "templates/custom.css, or to a stylesheet of the deck's own (css:)) [W-class]",
        "check-ignore.md:24: error: 'ignore: W-clas' names an unknown check (did you mean 'W-class'?) [E-property]",
    ],
}
SUMMARY = re.compile(r"checked in \d+ ms: (\d+) errors?, (\d+) warnings?")


def make_check_media(folder: Path) -> None:
    """The files the check decks name: good ones, and each way a file can be broken."""
    from PIL import Image

    img = folder / "img"
    write_png(img / "ok.png")
    write_png(img / "small.png", (600, 400))
    write_wav(img / "good.wav")
    (img / "not-an-image.png").write_text("<html>an error page saved as .png</html>")
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(jpeg, "JPEG")
    (img / "cut.jpg").write_bytes(jpeg.getvalue()[:len(jpeg.getvalue()) // 2])
    (img / "broken.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')
    (img / "noise.wav").write_bytes(b"RIFX" + bytes(40))
    (img / "empty.png").write_bytes(b"")
    (img / "not-a-video.mp4").write_text("<html>a download page saved as .mp4</html>")
    Image.effect_noise((1200, 300), 80).save(img / "photo.png")  # noise: big in bytes, as photos are


@pytest.fixture(scope="module")
def check_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("check-decks")
    for deck in EXPECTED:
        shutil.copyfile(DECKS_DIR / deck, folder / deck)
    make_check_media(folder)
    return folder


@pytest.mark.parametrize("deck", list(EXPECTED))
def test_each_check_deck_gives_its_exact_findings(deck, check_dir, run_build, monkeypatch):
    monkeypatch.chdir(check_dir)
    code, stdout, stderr = run_build("--check", deck)
    *findings, summary = stdout.splitlines()
    assert (findings, stderr) == (EXPECTED[deck], "")
    errors = sum(": error: " in line for line in findings)
    assert SUMMARY.fullmatch(summary).groups() == (str(errors), str(len(findings) - errors))
    assert code == (1 if errors else 0)


def test_every_code_has_a_test_deck():
    seen = {re.search(r"\[([EW]-[a-z]+)\]$", line).group(1) for lines in EXPECTED.values() for line in lines
            if line.endswith("]")}
    assert set(CODES) - seen == {"E-case", "W-font", "W-overflow", "W-code-width", "W-blurry", "W-contrast"}
    # E-case: tests/test_checks.py (this file system is case-sensitive); W-font: tests/test_stylesheets.py
    # (a stylesheet of a project, not a deck); the render checks: tests/browser/test_render_checks.py (these
    # decks are checked with --no-render; W-alt of an <img> is one too)


def test_strict_makes_warnings_errors(check_dir, run_build, monkeypatch):
    monkeypatch.chdir(check_dir)
    code, stdout, _ = run_build("--check", "--strict", "check-classes.md")
    assert code == 1
    assert stdout.splitlines()[0] == ("check-classes.md:4: error: unknown slide class 'midle' (did you mean "
                                      "'middle'?) [W-class]")
    assert SUMMARY.fullmatch(stdout.splitlines()[-1]).groups() == ("4", "0")


def test_decks_without_mistakes_pass_strict_check(deck_dir, run_build, monkeypatch):
    monkeypatch.chdir(deck_dir)
    clean = [name for name in TEST_DECKS if name != "traps.md"]   # its Japanese and Arabic: W-glyph (test_checks.py)
    code, stdout, stderr = run_build("--check", "--strict", *clean)
    assert (code, stderr) == (0, "")
    assert SUMMARY.fullmatch(stdout.strip()).groups() == ("0", "0")


def test_check_writes_nothing(check_dir, run_build, monkeypatch, tmp_path):
    monkeypatch.chdir(check_dir)
    run_build("--check", "check-classes.md", "--out", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_build_prints_warnings_and_still_builds(check_dir, run_build, monkeypatch, tmp_path):
    monkeypatch.chdir(check_dir)
    code, stdout, stderr = run_build("check-classes.md", "--out", tmp_path / "out")
    assert code == 0
    assert stderr.splitlines() == EXPECTED["check-classes.md"]
    assert (tmp_path / "out" / "check-classes" / "index.html").is_file()
    assert "built 1 deck" in stdout


def test_a_build_fails_on_errors_and_keeps_the_last_output(check_dir, run_build, monkeypatch, tmp_path):
    monkeypatch.chdir(check_dir)
    deck = check_dir / "deck.md"
    deck.write_text("# Good\n", encoding="utf-8")
    assert run_build(deck, "--out", tmp_path / "out")[0] == 0
    before = (tmp_path / "out" / "deck" / "index.html").read_bytes()
    deck.write_text("# Bad .redd[class]\n\n.left[never closed\n", encoding="utf-8")
    code, _, stderr = run_build(deck, "--out", tmp_path / "out")
    assert code == 1
    assert stderr.splitlines() == [
        "deck.md:1: warning: unknown class '.redd[' (did you mean 'red'?) [W-class]",
        "deck.md:3: error: '.left[' is never closed (add the ']' that ends it; until then remark shows it as text) "
        "[E-bracket]",
        "build failed: 1 problem and 1 warning; the previous output was left as it was",
    ]
    assert (tmp_path / "out" / "deck" / "index.html").read_bytes() == before


def test_strict_build_fails_on_warnings(check_dir, run_build, monkeypatch, tmp_path):
    monkeypatch.chdir(check_dir)
    code, _, stderr = run_build("--strict", "check-code.md", "--out", tmp_path / "out")
    assert code == 1
    assert stderr.splitlines()[-1] == "build failed: 2 problems; the previous output was left as it was"
    assert not (tmp_path / "out").exists()

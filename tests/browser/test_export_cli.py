"""`build.py --pdf / --single-file` from the command line: what it prints, what it writes, and what it
leaves when something fails. The PDF runs go through a subprocess: Playwright's sync API cannot start
inside a test process whose session browser is already running."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from deckhand.browser import INSTALL_HINT
from deckhand.errors import display_path
from tests.conftest import ROOT


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True,
                          text=True, timeout=180, cwd=ROOT, env={**os.environ, **(env or {})})


def test_pdf_and_single_file_from_the_command_line(deck_dir, tmp_path):
    out = tmp_path / "out"
    done = run_cli(deck_dir / "syntax.md", "--out", out, "--pdf", "--single-file")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{deck_dir / 'syntax.md'}: printing 11 pages to PDF..."
    assert re.fullmatch(rf"-> {re.escape(str(out / 'syntax.html'))}: \d\.\d MB, \d+\.\d s", lines[2])
    assert re.fullmatch(rf"-> {re.escape(str(out / 'syntax.pdf'))}: 11 pages, \d+ kB, \d+\.\d s", lines[3])
    assert (out / "syntax.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "_site" / "thumbnails" / "syntax.png").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "out"]   # nothing staged left beside it


def test_handout_alone_writes_only_the_handout_pdf(deck_dir, tmp_path):
    out = tmp_path / "out"
    done = run_cli(deck_dir / "widescreen.md", "--out", out, "--handout")
    assert done.returncode == 0, done.stderr
    assert f"{deck_dir / 'widescreen.md'}: printing 2 pages to the handout PDF..." in done.stdout
    assert re.search(rf"^-> {re.escape(str(out / 'widescreen-handout.pdf'))}: 2 pages, \d+ kB, \d+\.\d s$",
                     done.stdout, re.M)
    assert sorted(p.name for p in out.iterdir()) == [".deckhand-build", "_site", "index.html", "widescreen",
                                                      "widescreen-handout.pdf"]
    assert len(PdfReader(out / "widescreen-handout.pdf").pages) == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<p class="links">(.*?)</p>', index) == [
        '<a href="widescreen/index.html">Present</a><a href="widescreen-handout.pdf">Handout</a>']


def test_pdf_and_notes_side_by_side_in_one_run(deck_dir, tmp_path):
    """`--pdf --notes` prints each deck twice from one load: every step, then each step with its notes
    beneath; the index links both, and the summary names each file."""
    out = tmp_path / "out"
    done = run_cli(deck_dir / "syntax.md", deck_dir / "widescreen.md", "--out", out, "--pdf", "--notes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == [f"{deck_dir / 'syntax.md'}: printing 11 pages to PDF...",
                         f"{deck_dir / 'syntax.md'}: printing 11 pages to the notes PDF...",
                         f"{deck_dir / 'widescreen.md'}: printing 3 pages to PDF...",
                         f"{deck_dir / 'widescreen.md'}: printing 3 pages to the notes PDF..."]
    for line, (name, pages) in zip(lines[6:10], [("syntax.pdf", 11), ("syntax-notes.pdf", 11), ("widescreen.pdf", 3),
                                                 ("widescreen-notes.pdf", 3)]):
        assert re.fullmatch(rf"-> {re.escape(str(out / name))}: {pages} pages, \d+ kB, \d+\.\d s", line)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["syntax-notes.pdf", "syntax.pdf", "widescreen-notes.pdf",
                                                         "widescreen.pdf"]
    assert sorted(p.name for p in (out / "_site" / "thumbnails").iterdir()) == ["syntax.png", "widescreen.png"]
    for name, notes in (("syntax", "Notes for the title slide: only the presenter sees these."),
                        ("widescreen", "Notes with math")):
        slides, with_notes = PdfReader(out / f"{name}.pdf"), PdfReader(out / f"{name}-notes.pdf")
        assert len(slides.pages) == len(with_notes.pages)
        width, height = float(slides.pages[0].mediabox.width), float(slides.pages[0].mediabox.height)
        assert abs(width / height - 16 / 9) / (16 / 9) < 0.005
        assert float(with_notes.pages[0].mediabox.width) == width
        assert 1.1 < float(with_notes.pages[0].mediabox.height) / height < 2.1   # the notes area beneath
        assert notes in with_notes.pages[0].extract_text() and notes not in slides.pages[0].extract_text()
    # the slide with a sound, printed a second time from the same load: one still of the player, not two
    audio = PdfReader(out / "syntax-notes.pdf").pages[10].extract_text()
    assert audio.startswith("Table and media") and audio.count("0:00 / 0:00") == 1
    assert PdfReader(out / "widescreen-notes.pdf").metadata["/Subject"] == "A 16:9 deck for the tests."
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<p class="links">(.*?)</p>', index) == [
        f'<a href="{name}/index.html">Present</a><a href="{name}.pdf">PDF</a><a href="{name}-notes.pdf">Notes</a>'
        for name in ("syntax", "widescreen")]


def test_exports_of_two_decks_with_one_name_are_refused(tmp_path):
    """Decks talk.md and talk-notes.md: the talk's notes PDF would be talk-notes.pdf, the other deck's PDF."""
    (tmp_path / "talk.md").write_text("# Talk\n", encoding="utf-8")
    (tmp_path / "talk-notes.md").write_text("# Talk notes\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(tmp_path / "talk.md", tmp_path / "talk-notes.md", "--out", out, "--pdf", "--notes")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'talk.md'}:1: error: this deck's notes PDF would be named 'talk-notes.pdf', the name of the "
        f"PDF of {tmp_path / 'talk-notes.md'} (rename one of the two deck files: each export is named after its deck)",
        "build failed: 1 problem; the previous output was left as it was"]
    assert not out.exists()


def test_no_browser_says_how_to_install_one_and_keeps_the_old_output(deck_dir, tmp_path):
    out = tmp_path / "out"
    assert run_cli(deck_dir / "crlf.md", "--out", out, "--single-file").returncode == 0
    before = (out / "crlf.html").read_bytes()
    done = run_cli(deck_dir / "crlf.md", "--out", out, "--pdf", "--single-file",
                   env={"DECK_CHROMIUM": str(tmp_path / "no-such-chrome")})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"build: error: DECK_CHROMIUM names a file that does not exist: {tmp_path / 'no-such-chrome'} ({INSTALL_HINT})",
        "build failed; the previous output was left as it was"]
    assert f"'{display_path(Path(sys.executable))} -m playwright install chromium'" in INSTALL_HINT
    assert (out / "crlf.html").read_bytes() == before and not (out / "crlf.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "out"]


def test_no_browser_anywhere_is_one_error_in_no_file(deck_dir, tmp_path):
    """No $DECK_CHROMIUM, no Playwright browser, no Chromium on the PATH: Playwright is asked, and
    the build says so once, as its own error, with what to install."""
    done = run_cli(deck_dir / "crlf.md", "--out", tmp_path / "out", "--pdf",
                   env={"DECK_CHROMIUM": "", "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "no-browsers"),
                        "PATH": str(tmp_path / "no-programs")})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"build: error: no Chromium browser found ({INSTALL_HINT})",
                                        "build failed; the previous output was left as it was"]
    assert not (tmp_path / "out").exists()


def test_a_deck_with_problems_and_no_browser_lists_the_decks_problems(deck_dir, tmp_path, run_build, monkeypatch):
    """The decks are checked before the browser is asked for: their problems are never hidden by it."""
    monkeypatch.setenv("DECK_CHROMIUM", str(tmp_path / "no-such-chrome"))
    deck = deck_dir / "syntax.md"
    deck.write_text(deck.read_text(encoding="utf-8").replace("img/syntax-figure.png", "img/no-figure.png"),
                    encoding="utf-8")
    code, stdout, stderr = run_build(deck, deck_dir / "crlf.md", "--out", tmp_path / "out", "--pdf")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"{deck}:99: error: image 'img/no-figure.png' not found (did you mean img/syntax-figure.png?)",
        "build failed: 1 problem; the previous output was left as it was"]
    assert not (tmp_path / "out").exists()
    deck.write_text(deck.read_text(encoding="utf-8").replace("img/no-figure.png", "img/syntax-figure.png"),
                    encoding="utf-8")
    code, stdout, stderr = run_build(deck, deck_dir / "crlf.md", "--out", tmp_path / "out", "--pdf")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"build: error: DECK_CHROMIUM names a file that does not exist: {tmp_path / 'no-such-chrome'} ({INSTALL_HINT})",
        "build failed; the previous output was left as it was"]


def test_a_deck_that_fails_to_build_writes_no_pdf(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    assert run_build(deck_dir / "syntax.md", "--out", out, "--single-file")[0] == 0
    before = (out / "syntax.html").read_bytes()
    deck = deck_dir / "syntax.md"
    deck.write_text(deck.read_text(encoding="utf-8").replace("img/syntax-figure.png", "img/no-figure.png"),
                    encoding="utf-8")
    code, stdout, stderr = run_build(deck, "--out", out, "--pdf", "--single-file")
    assert code == 1 and stdout == ""
    assert f"{deck}:99: error: image 'img/no-figure.png' not found" in stderr
    assert not (out / "syntax.pdf").exists() and (out / "syntax.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "out"]


def test_single_file_holds_only_what_the_deck_uses(deck_dir, tmp_path, run_build):
    out = tmp_path / "out"
    code, _, stderr = run_build(*(deck_dir / n for n in ("crlf.md", "traps.md", "syntax.md")), "--out", out,
                                "--single-file")
    assert code == 0, stderr
    crlf = (out / "crlf.html").read_text(encoding="utf-8")
    traps = (out / "traps.html").read_text(encoding="utf-8")
    syntax = (out / "syntax.html").read_text(encoding="utf-8")
    assert "KaTeX parse error" not in crlf and "KaTeX_" not in crlf   # no math: neither KaTeX's code nor fonts
    faces = re.findall(r"@font-face\{font-family:(KaTeX_\w+)", traps)
    assert "KaTeX_Main" in faces and "KaTeX_Math" in faces and "KaTeX_Fraktur" not in faces
    assert "KaTeX_Typewriter" not in faces and "KaTeX_Caligraphic" not in faces
    subsets = {name: set(re.findall(r"/\* ubuntu(?:-mono)?-([a-z-]+)-\d00-(?:normal|italic) \*/", page))
               for name, page in (("crlf", crlf), ("traps", traps))}
    assert subsets == {"crlf": {"latin"}, "traps": {"latin"}}   # the deck's characters; ツ has no Ubuntu subset
    assert len(re.findall(r"@font-face", crlf.split("<style>")[1])) == 6   # 4 Ubuntu and 2 Ubuntu Mono faces
    # early font loads, options, source, formulas, macros, remark, the assets and the script that puts them in
    # place, deck.js: nothing ends early
    assert len(re.findall(r"^<script\b", crlf, re.M)) == crlf.count("</script>") == 9
    assert "_deck/" not in crlf + traps + syntax and 'src="img/' not in syntax
    embedded = json.loads(re.search(r'<script type="application/json" id="deck-assets">(.*?)</script>', syntax).group(1))
    assert sorted(uri.split(",")[0] for uri in embedded.values()) == [
        "data:audio/wav;base64", "data:image/png;base64", "data:image/png;base64"]
    # the code slide keeps its code as written; only the asset references became markers
    source = json.loads(re.search(r'<script type="application/json" id="deck-source">(.*?)</script>', syntax).group(1))
    assert "*   return np.maximum(x, 0)" in source
    assert re.search(r'<audio controls><source src="deckhand-asset-[0-9a-f]{8}-2"></audio>', source)
    assert re.search(r"background-image: url\(deckhand-asset-[0-9a-f]{8}-0\)", source)
    shutil.rmtree(out)


def test_single_file_deck_named_index_is_refused(tmp_path, deck_dir, run_build):
    index = deck_dir / "index.md"
    shutil.copyfile(deck_dir / "crlf.md", index)
    code, _, stderr = run_build(index, "--out", tmp_path / "out", "--single-file")
    assert code == 1
    assert stderr.splitlines()[0] == (f"{index}:1: error: a single-file deck named 'index' would replace the "
                                      "index page (rename the deck file, for example to slides/talk.md)")


def test_a_program_that_is_not_chromium_is_named_with_what_it_said(deck_dir, tmp_path):
    fake = tmp_path / "fake-chrome"
    fake.write_text("#!/bin/sh\necho 'not a browser' >&2\nexit 3\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    done = run_cli(deck_dir / "widescreen.md", "--out", out, "--pdf", env={"DECK_CHROMIUM": str(fake)})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"build: error: Chromium did not start: {fake} exited with code 3: not a browser ({INSTALL_HINT})",
        "build failed; the previous output was left as it was"]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["decks", "fake-chrome"]


def test_printing_through_playwright_where_there_is_no_pipe(deck_dir, tmp_path):
    """Windows cannot hand Chromium its pipe: the export prints through Playwright there. Run here
    in a process of its own (Playwright's sync API starts once per thread)."""
    out = tmp_path / "out"
    assert run_cli(deck_dir / "widescreen.md", "--out", out).returncode == 0
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from deckhand.parse import load_deck
from deckhand.browser import _PlaywrightChromium, started_here
from deckhand.pdf import PdfJob, print_decks
chromium = _PlaywrightChromium()
assert started_here(chromium)
job = PdfJob(deck=load_deck(Path({str(deck_dir / 'widescreen.md')!r})), page_path=Path({str(out / 'widescreen' / 'index.html')!r}),
             pdf_path=Path({str(tmp_path / 'via-playwright.pdf')!r}))
try:
    print(print_decks([job], chromium)[0].pages)
finally:
    chromium.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "3\n"
    assert (tmp_path / "via-playwright.pdf").read_bytes().startswith(b"%PDF-")

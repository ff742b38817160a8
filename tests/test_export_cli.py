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

from deckhand.browser import INSTALL_HINT
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


def test_handout_and_notes_imply_pdf(deck_dir, tmp_path):
    done = run_cli(deck_dir / "widescreen.md", "--out", tmp_path / "out", "--handout")
    assert done.returncode == 0, done.stderr
    assert f"{deck_dir / 'widescreen.md'}: printing 2 pages to PDF..." in done.stdout
    assert '<a href="widescreen.pdf">PDF handout</a>' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_no_browser_says_how_to_install_one_and_keeps_the_old_output(deck_dir, tmp_path):
    out = tmp_path / "out"
    assert run_cli(deck_dir / "crlf.md", "--out", out, "--single-file").returncode == 0
    before = (out / "crlf.html").read_bytes()
    done = run_cli(deck_dir / "crlf.md", "--out", out, "--pdf", "--single-file",
                   env={"DECK_CHROMIUM": str(tmp_path / "no-such-chrome")})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'no-such-chrome'}: error: DECK_CHROMIUM names a file that does not exist ({INSTALL_HINT})",
        "build failed: 1 problem; the previous output was left as it was"]
    assert "python -m playwright install chromium" in INSTALL_HINT
    assert (out / "crlf.html").read_bytes() == before and not (out / "crlf.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "out"]


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
    # early font loads, options, source, formulas, remark, the assets and the script that puts them in
    # place, deck.js: nothing ends early
    assert len(re.findall(r"^<script\b", crlf, re.M)) == crlf.count("</script>") == 8
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
        f"chromium: error: Chromium did not start: {fake} exited with code 3: not a browser ({INSTALL_HINT})",
        "build failed: 1 problem; the previous output was left as it was"]
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
    print(print_decks([job], Path({str(ROOT / 'templates')!r}), chromium)[0].pages)
finally:
    chromium.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "3\n"
    assert (tmp_path / "via-playwright.pdf").read_bytes().startswith(b"%PDF-")

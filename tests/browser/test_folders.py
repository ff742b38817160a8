"""A deck in a subfolder of slides/, printed: its PDFs and thumbnail sit beside its folder
(build/2023/ml-school.pdf), and the index links them. Through a subprocess, as test_export_cli does."""

from __future__ import annotations

import re
import subprocess
import sys

from pypdf import PdfReader

from tests.conftest import ROOT
from tests.test_folders import make_project


def test_a_subfolder_decks_pdfs_sit_beside_its_folder(tmp_path):
    make_project(tmp_path)
    out = tmp_path / "build"
    subprocess.run([sys.executable, "-m", "deckhand", "build", "--root", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    deck = tmp_path / "slides" / "2023" / "ml-school" / "slides.md"
    done = subprocess.run([sys.executable, "-m", "deckhand", "build", "--root", str(tmp_path), str(deck), "--pdf",
                           "--handout"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert re.search(rf"^-> {re.escape(str(out / '2023' / 'ml-school.pdf'))}: 1 page, \d+ kB, \d+\.\d s$",
                     done.stdout, re.M), done.stdout
    assert len(PdfReader(out / "2023" / "ml-school.pdf").pages) == 1
    assert (out / "2023" / "ml-school-handout.pdf").is_file()
    assert (out / "_site" / "thumbnails" / "2023" / "ml-school.png").read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in (out / "2023").iterdir()) == [
        "intro", "ml-school", "ml-school-handout.pdf", "ml-school.pdf"]
    index = (out / "index.html").read_text(encoding="utf-8")
    [card] = [c for c in index.split("<article")[1:] if 'href="2023/ml-school/index.html"' in c]
    assert re.findall(r'<p class="links">(.*?)</p>', card) == [
        '<a href="2023/ml-school/index.html">Present</a><a href="2023/ml-school.pdf">PDF</a>'
        '<a href="2023/ml-school-handout.pdf">Handout</a>']
    assert '<img class="thumbnail" src="_site/thumbnails/2023/ml-school.png"' in card
    assert (out / "2023" / "intro" / "index.html").is_file()   # the other decks kept

"""The README's main command, `make serve`, as a new user runs it: it serves even a deck with problems."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

PROJECT_FILES = ["Makefile", "pyproject.toml", "build.py", "serve.py"]
PROJECT_DIRS = ["deckhand", "templates"]


def copy_project(folder: Path) -> Path:
    """This repository's tool in `folder` (its set-up .venv and node_modules linked), with no decks."""
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, folder / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in (".venv", "node_modules"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "slides").mkdir()
    return folder


def test_make_serve_serves_a_deck_that_does_not_build(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "slides" / "talk.md").write_text("---\nauthr: Me\n---\n# Talk\n\n![a chart](img/chart.png)\n\n"
                                                ".red[never closed\n", encoding="utf-8")
    # `-o setup`: set-up was done by the test run's own `make test`; here only build and serve run.
    process = subprocess.Popen(["make", "--no-print-directory", "-o", "setup", "serve",
                                "SERVE_ARGS=--port 0 --no-open"], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    try:
        for line in process.stdout:   # ends when make ends; bounded by the serving line below
            lines.append(line.rstrip("\n"))
            if line.startswith("serving http://") or len(lines) > 200:
                break
        url = lines[-1].split()[1]
        assert url.startswith("http://127.0.0.1:"), lines
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
        lines += process.stdout.read().splitlines()
    output = "\n".join(lines)
    # every problem of the deck, in one pass, from the build and again from the server
    for expected in ("slides/talk.md:2: error: unknown front matter key 'authr' (did you mean 'author'?)",
                     "slides/talk.md:6: error: image 'img/chart.png' not found",
                     "slides/talk.md:8: error: "):
        assert output.count(expected) == 2, output
    assert "build/ was left as it was; serving anyway: the open page lists the problems" in output
    assert "make: ***" not in output

"""Shared fixtures: test decks with their media, built into tmp dirs, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import math
import shutil
import struct
import sys
import threading
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECKS_DIR = ROOT / "tests" / "decks"
TEST_DECKS = ["syntax.md", "traps.md", "crlf.md", "widescreen.md"]
TALK = ROOT / "slides" / "hands-on-deep-learning.md"

sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    """Keep the tests' caches (KaTeX's answers) away from the user's ~/.cache."""
    import os
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="deckhand-test-cache-")


def write_png(path: Path, size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (42, 111, 176)) -> Path:
    """A small, valid PNG."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def write_wav(path: Path, seconds: float = 0.5, rate: int = 8000) -> Path:
    """A short, valid 16-bit mono WAV (a 440 Hz tone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def make_deck_dir(folder: Path) -> Path:
    """Copy the test decks into `folder` and make the media they name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEST_DECKS:
        shutil.copyfile(DECKS_DIR / name, folder / name)
    write_png(folder / "img" / "syntax-figure.png", (200, 120))
    write_png(folder / "img" / "syntax-background.png", (320, 180), (230, 236, 245))
    write_wav(folder / "img" / "syntax-sound.wav")
    return folder


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """A folder holding copies of the test decks and their media."""
    return make_deck_dir(tmp_path / "decks")


@pytest.fixture
def run_build(capsys):
    """Run build.py's main() with arguments; return (exit code, stdout, stderr)."""
    import build

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = build.main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def serve_dir():
    """Serve folders over http on 127.0.0.1 (a free port each); yields a function folder -> base URL."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (found and launched as the export does)."""
    from playwright.sync_api import sync_playwright

    from deckhand.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()

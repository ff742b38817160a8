"""Shared fixtures: test decks with their media, built into tmp dirs, a local server, Chromium; the
rule that tests start no program the README's setup does not install; and the layers: unit tests
run Python alone, browser tests are marked as such."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import math
import os
import shlex
import shutil
import struct
import sys
import threading
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECKS_DIR = ROOT / "tests" / "decks"
TEST_DECKS = ["syntax.md", "traps.md", "crlf.md", "widescreen.md", "outline.md", "math.md"]

sys.path.insert(0, str(ROOT))

from deckhand.project import PACKAGED_MODULES, Project  # noqa: E402 - from this checkout, as the line above says

PROJECT = Project(ROOT)   # this repository as a project: its templates/ and node_modules/


def pytest_configure(config):
    """Keep the tests' caches (KaTeX's answers) away from the user's ~/.cache."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="deckhand-test-cache-")


# ---- programs a test may start --------------------------------------------------------------------
# A test that runs pdftotext passes on a machine where someone once installed poppler-utils and fails
# on a new user's. Tests may start only what the README's prerequisites and `make` provide: Python
# (this interpreter, the venv's), node and npm, Chromium, Playwright's own driver, git and make.
_PROCESS_EVENTS = {"subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn", "os.system"}
_REFUSED: list[str] = []


def _allowed() -> tuple[set[str], set[str], list[str]]:
    """The allowed program names, real paths, and folders whose programs are allowed."""
    from deckhand.browser import ENV_VAR, SYSTEM_NAMES

    names = {"node", "npm", "git", "make", "chrome", "chromium", "headless_shell", *SYSTEM_NAMES}
    pythons = [sys.executable, getattr(sys, "_base_executable", sys.executable), str(ROOT / ".venv" / "bin" / "python")]
    paths = {os.path.realpath(p) for p in pythons if p} | {os.path.abspath(p) for p in pythons if p}
    if os.environ.get(ENV_VAR):
        paths.add(os.path.realpath(os.environ[ENV_VAR]))
    spec = importlib.util.find_spec("playwright")
    folders = [os.path.realpath(os.path.join(place, "driver")) + os.sep for place in spec.submodule_search_locations]
    return names, paths, folders


_NAMES, _PATHS, _FOLDERS = _allowed()


def _program(event: str, args: tuple) -> tuple[str, dict | None]:
    """The program an audit event starts, and the environment it is started with."""
    if event == "os.system":
        command = os.fsdecode(args[0])
        return (shlex.split(command) or [command])[0], None
    if event == "subprocess.Popen":
        return os.fsdecode(args[0]), args[3]
    if event == "os.spawn":
        return os.fsdecode(args[1]), args[3]
    return os.fsdecode(args[0]), args[2]   # os.posix_spawn, os.exec: path, argv, env


def refusal(program: str, env: dict | None = None) -> str | None:
    """Why a test may not start `program` (a name or a path), or None when it may."""
    search = (env if isinstance(env, dict) and "PATH" in env else os.environ).get("PATH")
    found = program if os.sep in program else shutil.which(program, path=search)
    real = os.path.realpath(found) if found else None
    if {os.path.basename(program), os.path.basename(real or "")} & _NAMES:
        return None
    if real and (real in _PATHS or os.path.abspath(found) in _PATHS or real.startswith(tuple(_FOLDERS))):
        return None
    return (f"this test started '{os.path.basename(program)}' ({real or 'not on PATH'}), a program the README's "
            f"setup does not install, so a new user's machine may not have it: use a Python package installed "
            f"by pip install -e '.[test]' instead (add it to the `test` extra in pyproject.toml)")


# ---- layers ---------------------------------------------------------------------------------------
# tests/unit/: Python alone, and held to it (marked `unit`: see `impurity`). The top of tests/: decks
# built into tmp_path, with Node, node_modules/ and subprocesses. tests/browser/, and the tests of
# tests/talk/ that use the `browser` fixture, open Chromium (marked `browser`): `pytest -m "not
# browser"` runs everything else.
LAYER_MARKS = {"unit": "unit", "browser": "browser"}   # folder under tests/ -> the mark of every test in it
_UNIT_HINT = ("a unit test runs Python alone: move it to the top of tests/, where tests that need Node, "
              "node_modules/ or a subprocess live, or to tests/browser/ if it needs Chromium")
_PURE = {"thread": None}   # the thread running a test marked `unit` (its setup and call)


def pytest_collection_modifyitems(config, items):
    tests_dir = config.rootpath / "tests"
    for item in items:
        path = Path(item.path)
        mark = LAYER_MARKS.get(path.relative_to(tests_dir).parts[0]) if tests_dir in path.parents else None
        if mark:
            item.add_marker(mark)
        if "browser" in getattr(item, "fixturenames", ()) and mark != "browser":
            item.add_marker("browser")


def impurity(event: str, args: tuple) -> str | None:
    """Why a unit test may not do what an audit event tells: start a program, import Playwright, or
    read the front end's files (node_modules/, or the copy an installed deckhand carries)."""
    if event in _PROCESS_EVENTS:
        return f"this unit test started '{os.path.basename(_program(event, args)[0])}' ({_UNIT_HINT})"
    if event == "import" and args[0].partition(".")[0] == "playwright":
        return f"this unit test imported Playwright ({_UNIT_HINT})"
    if event in ("open", "os.listdir", "os.scandir") and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if "node_modules" in Path(path).parts or path.startswith(str(PACKAGED_MODULES) + os.sep):
            shown = path.removeprefix(str(ROOT) + os.sep)
            return f"this unit test read {shown} ({_UNIT_HINT})"
    return None


def _guarded(item):
    """A test's setup or call under the suite's rules (and a unit test's); a refusal fails the test
    even when the test caught what it raised. (Not its teardown: the last test's teardown closes the
    session's browser too.)"""
    refused_before = len(_REFUSED)
    _PURE["thread"] = threading.get_ident() if item.get_closest_marker("unit") else None
    try:
        result = yield
    finally:
        _PURE["thread"] = None
    if len(_REFUSED) > refused_before:
        pytest.fail(_REFUSED[refused_before], pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _guarded(item))


def _audit(event: str, args: tuple) -> None:
    message = refusal(*_program(event, args)) if event in _PROCESS_EVENTS else None
    if message is None and _PURE["thread"] == threading.get_ident():
        message = impurity(event, args)
    if message:
        _REFUSED.append(message)
        pytest.fail(message, pytrace=False)   # not an Exception: `except Exception` cannot hide it


sys.addaudithook(_audit)


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


def write_mp4(path: Path, seconds: int = 4, size: tuple[int, int] = (640, 360), fps: int = 25) -> Path:
    """A valid H.264 MP4 of noise, ~11 MB a second at 640x360: as large as a real talk's clip, so
    that Chromium loads it in parts (its index at the end, as a camera writes it). PyAV encodes it
    in this process, with the FFmpeg inside its wheel: no ffmpeg program."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"qp": "10", "preset": "ultrafast"}
        for index in range(seconds * fps):
            frame = av.VideoFrame(width, height, "yuv420p")
            for plane in frame.planes:
                plane.update(os.urandom(plane.buffer_size))
            frame.pts = index
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def make_deck_dir(folder: Path) -> Path:
    """Copy the test decks into `folder` and make the media they name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEST_DECKS:
        shutil.copyfile(DECKS_DIR / name, folder / name)
    write_png(folder / "img" / "syntax-figure.png", (200, 120))
    write_png(folder / "img" / "syntax-background.png", (320, 180), (230, 236, 245))
    write_wav(folder / "img" / "syntax-sound.wav")
    write_png(folder / "img" / "outline-icon.png", (48, 48), (200, 60, 40))
    return folder


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """A folder holding copies of the test decks and their media."""
    return make_deck_dir(tmp_path / "decks")


@pytest.fixture
def run_build(capsys):
    """Run build.py's main() with arguments; return (exit code, stdout, stderr). `--check` runs the
    static checks only unless `render=True` (the render checks start Chromium: the browser layer's)."""
    import build

    def run(*args: str | Path, render: bool = False) -> tuple[int, str, str]:
        extra = ["--no-render"] if "--check" in args and not render else []
        code = build.main([str(a) for a in args] + extra)
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

"""deckhand as a user installs it: a wheel built from this checkout, in a fresh venv outside the
repository, run in an empty folder (`deckhand new`, `build`, `check`), the deck opened in Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from deckhand.parse import load_deck
from tests.browser.checks import assert_every_slide_renders_from_file_url
from tests.conftest import ROOT


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """A venv outside the repository with the wheel installed; its dependencies are this test run's
    (a .pth file points at them), so the test needs no network. Returns its python and environment."""
    scratch = tmp_path_factory.mktemp("installed")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", scratch / "dist",
        ROOT, cwd=scratch)
    [wheel] = (scratch / "dist").glob("deckhand-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"deckhand/frontend/remark-slide/out/remark.min.js", "deckhand/frontend/katex/dist/katex.min.js",
            "deckhand/templates/theme.css", "deckhand/static/live.js"} <= set(names)
    assert not [n for n in names if n.split("/")[0] in ("build.py", "serve.py", "build", "serve", "tests")], names
    assert not (ROOT / "deckhand" / "frontend").exists() and not (ROOT / "deckhand" / "templates").exists()
    run(sys.executable, "-m", "venv", scratch / "venv", cwd=scratch)
    python = scratch / "venv" / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=scratch).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=scratch)
    run(python, "-m", "pip", "check", cwd=scratch)   # every dependency the wheel names is there
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return python, env


def deckhand(installed, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    python, env = installed
    return run(python, python.parent / "deckhand", *args, cwd=cwd, env=env)   # the console script pip wrote


def test_the_installed_command_makes_builds_and_checks_a_project(installed, tmp_path, browser):
    assert deckhand(installed, "--version", cwd=tmp_path).stdout.strip() == "deckhand 0.1.0"
    made = deckhand(installed, "new", "talk", cwd=tmp_path).stdout
    assert "made talk/slides/talk.md" in made and "next: cd talk && deckhand serve" in made
    project = tmp_path / "talk"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        ".github/workflows/decks.yml", ".gitignore", "img/example.svg", "slides/talk.md"]
    deckhand(installed, "new", "second", cwd=project)   # in a project: one more deck
    assert (project / "slides" / "second.md").is_file()

    built = deckhand(installed, "build", cwd=project)
    assert "slides/talk.md: 6 slides (5 counted), 1 asset -> build/talk/index.html" in built.stdout
    assert built.stderr == ""
    checked = deckhand(installed, "check", "--strict", cwd=project)
    assert checked.stdout.splitlines()[-1].endswith(": 0 errors, 0 warnings")

    index = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert '<a href="talk/index.html">Talk</a>' in index and '<a href="second/index.html">Second</a>' in index
    assert_every_slide_renders_from_file_url(browser, project / "build", load_deck(project / "slides" / "talk.md"))


def test_the_installed_command_says_what_is_wrong(installed, tmp_path):
    python, env = installed
    done = subprocess.run([str(python), str(python.parent / "deckhand"), "build"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "slides: error: no decks found (add a Markdown file like slides/my-talk.md, or start one with "
        "'deckhand new NAME')",
        "build failed: 1 problem; the previous output was left as it was"]
    assert "Traceback" not in done.stderr

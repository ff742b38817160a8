"""The test suite's rules, proven on tiny suites that pytest runs in a subprocess with this suite's
conftest: a test that starts a program the README's setup does not install fails, naming it; a unit
test that starts any program, imports Playwright or reads node_modules/ fails, naming what it did;
a test that opens Chromium is marked `browser`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.unit.test_suite import expected

# pdftotext and pdfinfo (poppler, which setup does not install) are never run: the conftest's guard
# refuses them before they start, which is what these tiny tests prove.
TINY_TESTS = '''
import subprocess, sys

def test_python_may_run():
    subprocess.run([sys.executable, "-c", "pass"], check=True)

def test_pdftotext_may_not():
    subprocess.run(["pdftotext", "-v"])

def test_a_caught_refusal_still_fails():
    try:
        subprocess.run(["pdfinfo", "-v"])
    except BaseException:
        pass
'''

HINT = ("a unit test runs Python alone: move it to the top of tests/, where tests that need Node, node_modules/ or "
        "a subprocess live, or to tests/browser/ if it needs Chromium")

TINY_UNIT_TESTS = f'''
import subprocess, sys
from pathlib import Path

import pytest

def test_python_alone_passes(tmp_path):
    (tmp_path / "a.txt").write_text("Python alone")
    assert (tmp_path / "a.txt").read_text() == "Python alone"

def test_even_python_may_not_start():
    subprocess.run([sys.executable, "-c", "pass"])

def test_a_caught_refusal_still_fails():
    try:
        subprocess.run([sys.executable, "-c", "pass"])
    except BaseException:
        pass

def test_no_playwright():
    from playwright.sync_api import sync_playwright

def test_nothing_from_node_modules():
    (Path({str(ROOT)!r}) / "node_modules" / "katex" / "package.json").read_text()

@pytest.fixture
def katex_folder():
    return sorted((Path({str(ROOT)!r}) / "node_modules" / "katex").iterdir())

def test_nor_in_a_fixture(katex_folder):
    pass
'''

TINY_LAYERS = {
    "tests/browser/test_in_the_browser_folder.py": "def test_any():\n    pass\n",
    "tests/talk/test_talk.py": "def test_with_chromium(browser):\n    pass\n\ndef test_without():\n    pass\n",
    "tests/test_top.py": "def test_with_chromium(browser):\n    pass\n\ndef test_without(tmp_path):\n    pass\n",
}


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "--rootdir", str(folder), "-o", "markers=unit\nbrowser", *args],
                          cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=120)


def failures(stdout: str) -> dict[str, str]:
    """Each failed test's name and the first line pytest shows for it."""
    blocks = stdout.split("\n_")[1:]
    return {block.split(" __", 1)[0].strip("_ "): block.splitlines()[1] for block in blocks if " __" in block}


def test_a_test_that_starts_a_program_setup_does_not_install_fails_naming_it(tmp_path):
    """pytest, in a subprocess with this suite's conftest, on three tiny tests."""
    (tmp_path / "test_tiny.py").write_text(TINY_TESTS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "--rootdir", str(tmp_path), "test_tiny.py"],
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    blocks = done.stdout.split("\n_")
    assert [b for b in blocks if "test_pdftotext_may_not __" in b][0].splitlines()[1] == expected("pdftotext")
    assert [b for b in blocks if "test_a_caught_refusal_still_fails __" in b][0].splitlines()[1] == expected("pdfinfo")
    assert done.stdout.splitlines()[-1].startswith("2 failed, 1 passed in "), done.stdout


def test_a_unit_test_that_leaves_python_fails_naming_what_it_did(tmp_path):
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    (tmp_path / "tests" / "unit" / "test_tiny.py").write_text(TINY_UNIT_TESTS, encoding="utf-8")
    done = run_pytest(tmp_path, "tests/unit/test_tiny.py")
    python = os.path.basename(sys.executable)
    assert failures(done.stdout) == {
        "test_even_python_may_not_start": f"this unit test started '{python}' ({HINT})",
        "test_a_caught_refusal_still_fails": f"this unit test started '{python}' ({HINT})",
        "test_no_playwright": f"this unit test imported Playwright ({HINT})",
        "test_nothing_from_node_modules": f"this unit test read node_modules/katex/package.json ({HINT})",
        "ERROR at setup of test_nor_in_a_fixture": f"this unit test read node_modules/katex ({HINT})",
    }, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("4 failed, 1 passed, 1 error in "), done.stdout


def test_what_opens_chromium_is_marked_browser(tmp_path):
    for name, source in TINY_LAYERS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    done = run_pytest(tmp_path, "--collect-only", "-m", "not browser", "tests")
    assert done.stdout.splitlines()[:2] == ["tests/talk/test_talk.py::test_without", "tests/test_top.py::test_without"]
    assert done.stdout.splitlines()[3].startswith("2/5 tests collected (3 deselected) in "), done.stdout

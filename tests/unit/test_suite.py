"""The test suite's own rules: the programs a test may start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT, refusal

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


def expected(name: str) -> str:
    found = shutil.which(name)
    return (f"this test started '{name}' ({os.path.realpath(found) if found else 'not on PATH'}), a program the "
            f"README's setup does not install, so a new user's machine may not have it: use a Python package "
            f"installed by pip install -e '.[test]' instead (add it to the `test` extra in pyproject.toml)")


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


def test_what_the_readme_provides_is_allowed():
    assert refusal(sys.executable) is None
    assert refusal(str(ROOT / ".venv" / "bin" / "python")) is None
    for program in ("node", "npm", "git", "make", "chromium", "/opt/chrome/chrome", "/x/headless_shell"):
        assert refusal(program) is None, program
    assert refusal("pdffonts") == expected("pdffonts")
    assert refusal("/bin/sh").startswith("this test started 'sh' (/")

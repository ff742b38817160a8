"""The test suite's own rules: the programs a test may start, and the decks a test may read (its own
fixtures; only tests/talk/ reads slides/ and the sample talk)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, refusal
from tests.talk.conftest import TALK

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


def reads_the_projects_decks(source: str) -> list[str]:
    """Where a test module's source names the sample talk, or reads decks from the project's slides/:
    ROOT / "slides" (or build.ROOT), or build(None, ...) / find_decks(None, ...) without a root= of
    the test's own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and TALK.stem in node.value:
            found.append(f"line {node.lineno}: names the sample talk")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_root(node.left) and _is_slides(node.right):
            found.append(f"line {node.lineno}: reads the project's slides/")
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("build", "find_decks")
              and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value is None
              and not any(isinstance(k, ast.keyword) and k.arg == "root" for k in ast.walk(node))):
            found.append(f"line {node.lineno}: builds every deck in the project's slides/")
    return sorted(found, key=lambda line: int(line.split(":")[0].removeprefix("line ")))


def _is_root(node: ast.AST) -> bool:
    while isinstance(node, ast.BinOp):
        node = node.left
    return getattr(node, "id", getattr(node, "attr", None)) == "ROOT"


def _is_slides(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split("/")[0] == "slides"


@pytest.mark.parametrize("source, expected", [
    ('DECK = ROOT / "slides" / "x.md"', ["line 1: reads the project's slides/"]),
    ('decks = (build.ROOT / "slides/x.md")', ["line 1: reads the project's slides/"]),
    (f'run_build("slides/{TALK.name}")', ["line 1: names the sample talk"]),
    ("build.build(None, build.BuildOptions(out_dir=out))", ["line 1: builds every deck in the project's slides/"]),
    ('(tmp_path / "slides" / "live.md").write_text("# A")', []),
    ('assert "slides/live.md:3: error" in text; hint = "like slides/talk.md"', []),
    ("build.build(None, build.BuildOptions(out_dir=out, root=project))", []),
])
def test_the_guard_finds_what_reads_the_projects_decks(source, expected):
    assert reads_the_projects_decks(source) == expected


def test_only_tests_talk_reads_the_projects_decks():
    """Replacing the sample talk with your own decks must leave every other test green."""
    modules = [p for p in sorted((ROOT / "tests").rglob("*.py")) if (ROOT / "tests" / "talk") not in p.parents]
    assert len(modules) > 20
    found = {p.relative_to(ROOT).as_posix(): reads_the_projects_decks(p.read_text(encoding="utf-8")) for p in modules}
    assert {path: lines for path, lines in found.items() if lines} == {}

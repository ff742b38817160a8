"""The test suite's own rules: the programs a test may start, and the decks a test may read (its own
fixtures; only tests/talk/ reads slides/ and the sample talk). tests/test_suite.py proves the rules
on tiny suites run by pytest."""

from __future__ import annotations

import ast
import os
import shutil
import sys

import pytest

from tests.conftest import ROOT, refusal
from tests.talk.conftest import TALK


def expected(name: str) -> str:
    found = shutil.which(name)
    return (f"this test started '{name}' ({os.path.realpath(found) if found else 'not on PATH'}), a program the "
            f"README's setup does not install, so a new user's machine may not have it: use a Python package "
            f"installed by pip install -e '.[test]' instead (add it to the `test` extra in pyproject.toml)")


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

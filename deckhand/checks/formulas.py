"""Math: every formula of every deck typeset by the installed KaTeX, in one Node process per build,
with results remembered by TeX, in memory (the dev server) and in a small cache file, so that a
build whose formulas did not change starts no Node at all (Node's start costs 150-350 ms here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .. import vendor
from ..errors import Problem
from .base import Scan, finding, quoted

SCRIPT = Path(__file__).with_name("katex_check.js")
NODE_HINT = ("install Node.js 18 or later, from https://nodejs.org or with 'sudo apt install nodejs', "
             "to check formulas at build time")
TIMEOUT = 60
_results: dict[tuple[str, str, bool], dict] = {}   # (katex file + mtime, tex, display) -> KaTeX's answer


def check_math(scans: list[Scan], root: Path) -> list[Problem]:
    """E-math for each formula KaTeX cannot parse (at the line of the error), W-math for its strict
    warnings; one W-math when the math cannot be checked at all."""
    formulas = [(scan, m) for scan in scans for m in scan.math]
    if not formulas:
        return []
    katex = root / "node_modules" / vendor.KATEX_DIR / "katex.min.js"
    node = shutil.which("node")
    first = formulas[0][0].deck
    if node is None:
        return [finding(first, 0, "W-math", f"{len(formulas)} formulas not checked: Node.js is not installed",
                        NODE_HINT)]
    if not katex.is_file():
        return [finding(first, 0, "W-math", f"{len(formulas)} formulas not checked: KaTeX is not installed",
                        "run 'npm ci' in the project folder")]
    stamp = f"{katex}:{katex.stat().st_mtime_ns}"
    _load_cache(stamp)
    todo = sorted({(m.tex, m.display) for _, m in formulas if (stamp, m.tex, m.display) not in _results})
    if todo:
        try:
            answers = _run_node(node, katex, todo)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            return [finding(first, 0, "W-math", f"{len(formulas)} formulas not checked: Node.js failed ({exc})",
                            "run 'node --version' to see whether Node works; KaTeX needs Node 14 or later")]
        for (tex, display), answer in zip(todo, answers):
            _results[(stamp, tex, display)] = answer
        _save_cache(stamp)
    problems = []
    for scan, math in formulas:
        answer = _results[(stamp, math.tex, math.display)]
        shown = f"$${quoted(math.tex)}$$" if math.display else f"${quoted(math.tex)}$"
        if answer.get("error"):
            line = _error_line(scan, math, answer.get("position"))
            problems.append(finding(scan.deck, line, "E-math", f"KaTeX cannot typeset {shown}: {answer['error']}",
                                    "fix the formula; the slide shows it as red source text"))
        for warning in answer.get("warnings", []):
            problems.append(finding(scan.deck, math.line, "W-math", f"KaTeX warns about {shown}: {warning}",
                                    "the browser console shows this warning too"))
    return problems


def cache_path() -> Path:
    """Where KaTeX's answers are kept between builds: $XDG_CACHE_HOME/deckhand (or ~/.cache/deckhand)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "deckhand" / "katex-answers.json"


def _load_cache(stamp: str) -> None:
    if any(key[0] == stamp for key in _results):
        return
    try:
        saved = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if saved.get("stamp") == stamp:
        for tex, display, answer in saved.get("answers", []):
            _results[(stamp, tex, bool(display))] = answer


def _save_cache(stamp: str) -> None:
    """Write this KaTeX's answers (a missing or read-only cache folder only costs speed)."""
    answers = [[tex, display, answer] for (key, tex, display), answer in _results.items() if key == stamp]
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"stamp": stamp, "answers": answers}), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def _run_node(node: str, katex: Path, todo: list[tuple[str, bool]]) -> list[dict]:
    done = subprocess.run([node, str(SCRIPT), str(katex)], input=json.dumps(todo), capture_output=True,
                          text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise ValueError((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    results = json.loads(done.stdout)["results"]
    if len(results) != len(todo):
        raise ValueError("KaTeX answered for the wrong number of formulas")
    return results


def _error_line(scan: Scan, math, position: int | None) -> int:
    """The file line of the character KaTeX stopped at, else the formula's first line."""
    deck = scan.deck
    at = deck.body.find(math.tex, math.start, math.end)
    if position is None or at < 0:
        return math.line
    return deck.line_of(at + min(position, len(math.tex) - 1))

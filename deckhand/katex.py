"""KaTeX in Node at build time: each formula typeset once, for the doctor's check and the page's HTML.

One Node process per build typesets every formula not seen before; its answers (KaTeX's HTML, or
its error, and its strict warnings) are remembered by TeX in memory (the dev server) and in a small
cache file, so a build whose formulas did not change starts no Node (Node's start costs 150-350 ms
here). The page then shows the HTML as it is and never loads KaTeX's 277 KB script to typeset
in the browser; when Node is missing the page typesets in the browser as before.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from . import vendor
from .deck import Deck

SCRIPT = Path(__file__).with_name("katex_typeset.js")
NODE_HINT = ("install Node.js 18 or later, from https://nodejs.org or with 'sudo apt install nodejs', "
             "to check formulas at build time")
TIMEOUT = 60
FORMAT = 2   # the cache file's layout; answers of another layout are typeset again
Formula = tuple[str, bool]   # (TeX, display)
_answers: dict[tuple[str, str, bool], dict] = {}   # (KaTeX file + mtime, tex, display) -> answer


class Unavailable(Exception):
    """KaTeX cannot run at build time: what is missing, and what to do."""

    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def typeset(formulas: list[Formula], root: Path) -> dict[Formula, dict]:
    """KaTeX's answer for each formula: {"html"} when it typesets, else {"error", "position", "html"}
    (the red source text the page would show), with "warnings" in both. Raises Unavailable."""
    if not formulas:
        return {}
    katex = root / "node_modules" / vendor.KATEX_DIR / "katex.min.js"
    node = shutil.which("node")
    if node is None:
        raise Unavailable("Node.js is not installed", NODE_HINT)
    if not katex.is_file():
        raise Unavailable("KaTeX is not installed", "run 'npm ci' in the project folder")
    stamp = f"{FORMAT}:{katex}:{katex.stat().st_mtime_ns}"
    _load_cache(stamp)
    todo = sorted({f for f in formulas if (stamp, *f) not in _answers})
    if todo:
        try:
            answers = _run_node(node, katex, todo)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            raise Unavailable(f"Node.js failed ({exc})",
                              "run 'node --version' to see whether Node works; KaTeX needs Node 14 or later") from None
        for (tex, display), answer in zip(todo, answers):
            _answers[(stamp, tex, display)] = answer
        _save_cache(stamp)
    return {f: _answers[(stamp, *f)] for f in formulas}


def page_html(deck: Deck, root: Path) -> dict[str, str]:
    """The HTML of each formula remark shows, keyed as deck.js looks it up ('D' or 'I' + TeX);
    empty when KaTeX cannot run here (the page then typesets in the browser)."""
    try:
        answers = typeset([(m.tex, m.display) for m in deck.shown_math], root)
    except Unavailable:
        return {}
    return {("D" if display else "I") + tex: answer["html"] for (tex, display), answer in answers.items()}


def forget() -> None:
    """Drop the answers held in memory (benchmarks measure a cold start with it)."""
    _answers.clear()


def cache_path() -> Path:
    """Where KaTeX's answers are kept between builds: $XDG_CACHE_HOME/deckhand (or ~/.cache/deckhand)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "deckhand" / "katex-answers.json"


def _load_cache(stamp: str) -> None:
    if any(key[0] == stamp for key in _answers):
        return
    try:
        saved = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if saved.get("stamp") == stamp:
        for tex, display, answer in saved.get("answers", []):
            _answers[(stamp, tex, bool(display))] = answer


def _save_cache(stamp: str) -> None:
    """Write this KaTeX's answers (a missing or read-only cache folder only costs speed)."""
    answers = [[tex, display, answer] for (key, tex, display), answer in _answers.items() if key == stamp]
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"stamp": stamp, "answers": answers}, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def _run_node(node: str, katex: Path, todo: list[Formula]) -> list[dict]:
    done = subprocess.run([node, str(SCRIPT), str(katex)], input=json.dumps(todo), capture_output=True,
                          text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise ValueError((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    results = json.loads(done.stdout)["results"]
    if len(results) != len(todo) or not all(isinstance(r.get("html"), str) for r in results):
        raise ValueError("KaTeX answered for the wrong number of formulas")
    return results

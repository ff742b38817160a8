"""KaTeX in Node at build time: each formula typeset once, for the doctor's check and the page's HTML.

One Node process per build typesets every formula not seen before; its answers (KaTeX's HTML, or
its error, and its strict warnings) are remembered by TeX in memory (the dev server) and in a small
cache file per deck, so a build whose formulas did not change starts no Node (Node's start costs
150-350 ms here). The page then shows the HTML as it is and never loads KaTeX's 277 KB script to
typeset in the browser; when Node is missing the page typesets in the browser as before.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from . import cache, page, vendor
from .deck import Deck
from .errors import KatexUnavailable
from .project import Project

SCRIPT = Path(__file__).with_name("katex_typeset.js")
NODE_HINT = ("install Node.js 18 or later, from https://nodejs.org or with 'sudo apt install nodejs', "
             "to check formulas at build time")
TIMEOUT = 60
FORMAT = 2   # the cache file's layout; answers of another layout are typeset again
MEMORY_ANSWERS = 5000   # answers held in memory before the ones no deck uses are dropped
Formula = tuple[str, bool]   # (TeX, display)
_answers: dict[tuple[str, str, bool], dict] = {}   # (KaTeX file + mtime, tex, display) -> answer
_saved: dict[Path, tuple[str, list[Formula]] | None] = {}   # deck -> what its cache file holds


def typeset(decks: list[Deck], project: Project) -> dict[Formula, dict]:
    """KaTeX's answer for each formula on the decks' shown slides: {"html"} when it typesets, else
    {"error", "position", "html"} (the red source text the page would show), with "warnings" in
    both. Raises KatexUnavailable."""
    wanted = {deck.src_path: sorted({(m.tex, m.display) for m in deck.shown_math}) for deck in decks}
    if not any(wanted.values()):
        return {}
    katex = project.modules_dir / vendor.KATEX_DIR / "katex.min.js"
    node = shutil.which("node")
    if node is None:
        raise KatexUnavailable("Node.js is not installed", NODE_HINT)
    if not katex.is_file():
        raise KatexUnavailable("KaTeX is not installed", "run 'npm ci' in the project folder")
    stamp = f"{FORMAT}:{katex}:{katex.stat().st_mtime_ns}"
    for path in wanted:
        _load_cache(stamp, path)
    todo = sorted({f for formulas in wanted.values() for f in formulas if (stamp, *f) not in _answers})
    if todo:
        try:
            answers = _run_node(node, katex, todo)
        except (OSError, ValueError) as exc:
            raise KatexUnavailable(f"Node.js failed ({exc})", "run 'node --version' to see whether Node works; "
                                   "KaTeX needs Node 14 or later") from None
        for (tex, display), answer in zip(todo, answers):
            _answers[(stamp, tex, display)] = answer
        if len(_answers) > MEMORY_ANSWERS:   # a long live session: keep what the decks use now
            keep = {(stamp, *f) for formulas in wanted.values() for f in formulas}
            for key in [k for k in _answers if k not in keep]:
                del _answers[key]
    for path, formulas in wanted.items():
        if _saved.get(path) != (stamp, formulas):
            _save_cache(stamp, path, formulas)
    return {f: _answers[(stamp, *f)] for formulas in wanted.values() for f in formulas}


def page_html(deck: Deck, project: Project) -> dict[str, str]:
    """The HTML of each formula remark shows, keyed as the page looks it up (page.formula_key);
    empty when KaTeX cannot run here (the page then typesets in the browser)."""
    try:
        answers = typeset([deck], project)
    except KatexUnavailable:
        return {}
    return {page.formula_key(tex, display): answer["html"] for (tex, display), answer in answers.items()}


def forget() -> None:
    """Drop the answers held in memory (benchmarks measure a cold start with it)."""
    _answers.clear()
    _saved.clear()


def cache_path(deck_path: Path) -> Path:
    """Where KaTeX's answers for a deck's formulas are kept between builds, one small file per
    deck (just its formulas, so a build reads only what it needs)."""
    name = hashlib.sha256(str(Path(deck_path).absolute()).encode("utf-8")).hexdigest()[:20]
    return cache.folder("katex") / f"{name}.json"


def _load_cache(stamp: str, deck_path: Path) -> None:
    if deck_path in _saved:
        return
    _saved[deck_path] = None
    saved = cache.read_json(cache_path(deck_path))
    if isinstance(saved, dict) and saved.get("stamp") == stamp:
        formulas = []
        for tex, display, answer in saved.get("answers", []):
            _answers[(stamp, tex, bool(display))] = answer
            formulas.append((tex, bool(display)))
        _saved[deck_path] = (stamp, sorted(formulas))


def _save_cache(stamp: str, deck_path: Path, formulas: list[Formula]) -> None:
    """Write the answers for exactly the deck's formulas."""
    _saved[deck_path] = (stamp, formulas)
    answers = [[tex, display, _answers[(stamp, tex, display)]] for tex, display in formulas]
    cache.write_json(cache_path(deck_path), {"stamp": stamp, "answers": answers})


def _run_node(node: str, katex: Path, todo: list[Formula]) -> list[dict]:
    import subprocess   # here: a build whose formulas are all remembered starts no process

    try:
        done = subprocess.run([node, str(SCRIPT), str(katex)], input=json.dumps(todo), capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ValueError(f"no answer after {TIMEOUT} s") from None
    if done.returncode != 0:
        raise ValueError((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    results = json.loads(done.stdout)["results"]
    if len(results) != len(todo) or not all(isinstance(r.get("html"), str) for r in results):
        raise ValueError("KaTeX answered for the wrong number of formulas")
    return results

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
FORMAT = 3   # the cache file's layout; answers of another layout are typeset again
Formula = tuple[str, bool]   # (TeX, display)


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
    stamp = f"{katex}:{katex.stat().st_mtime_ns}"
    saved = {path: cache.file(_cache_name(path), layout=FORMAT, stamp=stamp) for path in wanted}
    answers = {}
    for path, formulas in wanted.items():
        known = saved[path]
        answers |= {f: answer for f in formulas if (answer := known.get(f)) is not None}
    todo = sorted({f for formulas in wanted.values() for f in formulas} - answers.keys())
    if todo:   # another deck of this process may know them (a formula copied during a live session)
        answers |= {f: other[f] for other in cache.opened("katex") if other.stamp == stamp for f in todo if f in other}
        todo = [f for f in todo if f not in answers]
    if todo:
        try:
            typeset_now = _run_node(node, katex, todo)
        except (OSError, ValueError) as exc:
            raise KatexUnavailable(f"Node.js failed ({exc})",
                                   "run 'node --version' to see whether Node works; KaTeX needs Node 14 or later") from None
        answers |= dict(zip(todo, typeset_now))
    for path, formulas in wanted.items():   # each deck's file holds exactly its formulas
        saved[path].replace({f: answers[f] for f in formulas})
        saved[path].save()
    return {f: answers[f] for formulas in wanted.values() for f in formulas}


def page_html(deck: Deck, project: Project) -> dict[str, str]:
    """The HTML of each formula remark shows, keyed as the page looks it up (page.formula_key);
    empty when KaTeX cannot run here (the page then typesets in the browser)."""
    try:
        answers = typeset([deck], project)
    except KatexUnavailable:
        return {}
    return {page.formula_key(tex, display): answer["html"] for (tex, display), answer in answers.items()}


def cache_path(deck_path: Path) -> Path:
    """Where KaTeX's answers for a deck's formulas are kept between builds, one small file per
    deck (just its formulas, so a build reads only what it needs)."""
    return cache.folder(_cache_name(deck_path))


def _cache_name(deck_path: Path) -> str:
    name = hashlib.sha256(str(Path(deck_path).absolute()).encode("utf-8")).hexdigest()[:20]
    return f"katex/{name}.json"


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

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
FORMAT = 4   # the cache file's layout; answers of another layout are typeset again
Formula = tuple[str, bool]   # (TeX, display)


def typeset(decks: list[Deck], project: Project) -> dict[Path, dict[Formula, dict]]:
    """KaTeX's answer for each formula on each deck's shown slides, by deck file (a deck's
    `macros:` make its answers its own): {"html"} when it typesets, else {"error", "position",
    "html"} (the red source text the page would show), with "warnings" in both. Raises
    KatexUnavailable."""
    wanted = {deck.src_path: sorted({(m.tex, m.display) for m in deck.shown_math}) for deck in decks}
    if not any(wanted.values()):
        return {path: {} for path in wanted}
    katex = project.modules_dir / vendor.KATEX_DIR / "katex.min.js"
    node = shutil.which("node")
    if node is None:
        raise KatexUnavailable("Node.js is not installed", NODE_HINT)
    if not katex.is_file():
        raise KatexUnavailable("KaTeX is not installed", "run 'npm ci' in the project folder")
    macros = {deck.src_path: deck.settings.macros for deck in decks}
    stamps = {path: _stamp(katex, macros[path]) for path in wanted}
    saved = {path: cache.file(_cache_name(path), layout=FORMAT, stamp=stamps[path]) for path in wanted}
    answers: dict[str, dict[Formula, dict]] = {}   # by stamp: decks with the same macros share answers
    todo: dict[str, set[Formula]] = {}
    for path, formulas in wanted.items():
        known, mine = saved[path], answers.setdefault(stamps[path], {})
        mine |= {f: answer for f in formulas if (answer := known.get(f)) is not None}
        todo.setdefault(stamps[path], set()).update(f for f in formulas if f not in mine)
    for stamp, missing in todo.items():   # another deck of this process may know them (a formula copied during a live session)
        answers[stamp] |= {f: other[f] for other in cache.opened("katex") if other.stamp == stamp
                           for f in missing if f in other}
    groups = {stamp: sorted(missing - answers[stamp].keys()) for stamp, missing in todo.items()}
    groups = {stamp: formulas for stamp, formulas in groups.items() if formulas}
    if groups:
        macros_of = {stamps[path]: dict(macros[path]) for path in wanted}
        try:
            typeset_now = _run_node(node, katex, [(macros_of[stamp], formulas) for stamp, formulas in groups.items()])
        except (OSError, ValueError) as exc:
            raise KatexUnavailable(f"Node.js failed ({exc})",
                                   "run 'node --version' to see whether Node works; KaTeX needs Node 14 or later") from None
        for (stamp, formulas), results in zip(groups.items(), typeset_now):
            answers[stamp] |= dict(zip(formulas, results))
    found = {}
    for path, formulas in wanted.items():   # each deck's file holds exactly its formulas
        found[path] = {f: answers[stamps[path]][f] for f in formulas}
        saved[path].replace(found[path])
        saved[path].save()
    return found


def page_html(deck: Deck, project: Project) -> dict[str, str]:
    """The HTML of each formula remark shows, keyed as the page looks it up (page.formula_key);
    empty when KaTeX cannot run here (the page then typesets in the browser)."""
    try:
        answers = typeset([deck], project)[deck.src_path]
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


def _stamp(katex: Path, macros: tuple[tuple[str, str], ...]) -> str:
    """What a deck's answers are made from: this KaTeX, and the deck's macros."""
    stamp = f"{katex}:{katex.stat().st_mtime_ns}"
    if macros:
        stamp += ":" + hashlib.sha256(json.dumps(macros).encode("utf-8")).hexdigest()[:16]
    return stamp


def _run_node(node: str, katex: Path, groups: list[tuple[dict[str, str], list[Formula]]]) -> list[list[dict]]:
    """KaTeX's answers for each group of formulas, typeset with the group's macros."""
    import subprocess   # here: a build whose formulas are all remembered starts no process

    todo = [{"macros": macros, "formulas": formulas} for macros, formulas in groups]
    try:
        done = subprocess.run([node, str(SCRIPT), str(katex)], input=json.dumps(todo), capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ValueError(f"no answer after {TIMEOUT} s") from None
    if done.returncode != 0:
        raise ValueError((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    results = json.loads(done.stdout)["results"]
    if (len(results) != len(groups) or any(len(r) != len(g[1]) for r, g in zip(results, groups))
            or not all(isinstance(a.get("html"), str) for r in results for a in r)):
        raise ValueError("KaTeX answered for the wrong number of formulas")
    return results

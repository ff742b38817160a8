"""The deck doctor: every check of every deck, as findings with path:line, severity and a code.

Each check is a function over a `Scan` of one deck (see base.py) yielding Problems; run_checks
runs them all, drops what a deck silences with `ignore:`, and sorts the rest by deck and line.
"""

from __future__ import annotations


from ..assets import AssetRef
from ..codes import parse_codes
from ..deck import Deck
from ..errors import Problem
from ..project import Project
from .base import Scan, finding, slide_at
from .code import check_code
from .formulas import check_math
from .glyphs import check_glyphs
from .markup import check_html, scan_tags
from .media import check_alt, check_media
from .slides import check_brackets, check_names_and_links, check_notes_and_empty, check_properties
from .styles import check_classes, defined_classes

def run_checks(decks: list[Deck], assets: dict[str, list[AssetRef]], project: Project,
               earlier: list[Problem] = ()) -> list[Problem]:
    """Every finding of every deck (on the slides remark shows) and the `earlier` problems of those
    decks (the assets' missing, remote or outside files), without the silenced ones, in order."""
    defined = defined_classes(project)
    scans, found = [], list(earlier)
    for deck in decks:
        shown = [s for s in deck.slides if not s.excluded]
        scan = Scan(deck, assets.get(deck.name, []), shown, deck.shown_math)
        scan_tags(scan)
        scans.append(scan)
        found += check_properties(scan)
        found += check_names_and_links(scan)
        found += check_brackets(scan)
        found += check_notes_and_empty(scan)
        found += check_html(scan)
        found += check_classes(scan, defined)
        found += check_code(scan)
        found += check_media(scan)
        found += check_alt(scan)
        found += check_glyphs(scan, project)
    found += check_math(scans, project)
    order = {deck.src_path: i for i, deck in enumerate(decks)}
    by_path = {deck.src_path: deck for deck in decks}
    kept = [p for p in dict.fromkeys(found) if not _silenced(p, by_path.get(p.path))]  # one per line is enough
    kept += [p for deck in decks for p in _bad_ignores(deck)]
    return sorted(kept, key=lambda p: (order.get(p.path, -1), p.line))   # files that are no deck first


def unsilenced(found: list[Problem], decks: list[Deck]) -> list[Problem]:
    """The findings of a later pass (the render checks) without those the decks silence."""
    by_path = {deck.src_path: deck for deck in decks}
    return [p for p in found if not _silenced(p, by_path.get(p.path))]


def _silenced(problem: Problem, deck: Deck | None) -> bool:
    """A finding is silenced by the deck's front matter `ignore:` or by its slide's `ignore:` (a
    problem of a file that is no deck, like one that cannot be read, never is)."""
    if deck is None or not problem.code:
        return False
    if problem.code in deck.settings.ignore:
        return True
    slide = slide_at(deck, problem.line)
    if slide is None or "ignore" not in slide.properties:
        return False
    try:
        return problem.code in parse_codes(slide.prop("ignore"))
    except ValueError:
        return False


def _bad_ignores(deck: Deck):
    for slide in deck.slides:
        prop = slide.properties.get("ignore")
        if prop:
            try:
                parse_codes(prop.value)
            except ValueError as exc:
                yield finding(deck, prop.line, "E-property", f"'ignore: {prop.value}' names an unknown check", str(exc))

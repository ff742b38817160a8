"""The live server's render checks: one Chromium kept open, each deck's page kept loaded in it, and
of each deck only the slides a save changed laid out again (the others keep their findings,
renumbered to where they now are)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from . import katex, lexer, page
from .checks import unsilenced
from .deck import Deck
from .errors import BrowserError, CdpError, Problem
from .layout import (NEAR_NUMBER, checked_items, close_tab, could_not_run, finding_of, last_steps, open_deck,
                     reload_source, start_chromium)
from .parse import parse_body
from .project import Project

KEPT_VERSIONS = 1000   # per deck: findings of slides as they were before, for when a save brings them back
KEPT_PAGES = 4         # decks whose page stays loaded for the next save (a tab each)


def fingerprints(deck: Deck) -> list[str]:
    """One per shown slide: a hash of what remark makes it from (the slide and its earlier steps,
    the layout above it, the slides it takes as template, the deck's settings) and of whether it is
    its slide's last step (the one axe-core reads). A slide whose fingerprint is unchanged renders
    and is checked as before; only its slide number may differ."""
    lines = deck.body.split("\n")

    def text(slide) -> str:
        return "\n".join(lines[slide.line - deck.body_line - 1:slide.end_line - deck.body_line])

    named: dict[str, tuple[str, str]] = {}   # slide name -> (its text, the template it takes)
    layout, steps, prints = "", [], []
    settings = repr(deck.settings)
    for slide in deck.slides:
        if slide.excluded:
            continue   # remark drops excluded slides first, as templates too
        if slide.prop("name"):
            named[slide.prop("name")] = (text(slide), slide.prop("template"))
        if slide.is_layout:
            layout, steps = text(slide), []
            continue
        if slide.prop("layout") == "false":
            layout = ""
        steps = [*steps, text(slide)] if slide.continued else [text(slide)]
        chain, template = [], slide.prop("template")
        while template in named and len(chain) < len(named):
            chain.append(named[template][0])
            template = named[template][1]
        if slide.number is not None:
            prints.append("\0".join([settings, layout, *chain, "\0", *steps]))
    return [hashlib.sha1(f"{made}\0{last}".encode("utf-8")).hexdigest() for made, last in zip(prints, last_steps(deck))]


def needed_slides(deck: Deck, flags: list[bool]) -> set[int]:
    """The slides (indices among all) remark needs whole to make the shown slides whose flag is
    true as the full deck makes them: those, their earlier steps, and every layout and named slide
    (what a slide can take as its layout or template)."""
    shown = deck.shown_slides
    needed = {s.index for s in deck.slides if s.is_layout or s.prop("name")}
    for slide, flag in zip(shown, flags):
        if flag:
            needed.add(slide.index)
            while slide.continued and slide.index > 0:
                slide = deck.slides[slide.index - 1]
                needed.add(slide.index)
    return needed


def hollow_source(deck: Deck, needed: set[int]) -> str:
    """The text remark gets (deck.remark_text) with every slide not in `needed` hollowed out: only
    its properties are left, so remark makes the same slides with the same numbers, layouts and
    classes, and the slides to check exactly as before, at a fraction of the cost (the talk: 5 ms
    against 40). The full text when hollowing would change how remark splits or numbers the slides."""
    text = deck.remark_text
    separators = [t for t in lexer.lex(text) if t.kind == "separator"]
    if len(separators) + 1 != len(deck.slides):
        return text
    pieces, start = [], 0
    for slide in deck.slides:
        end = separators[slide.index].start if slide.index < len(separators) else len(text)
        if slide.index in needed:
            pieces.append(text[start:end])
        else:
            pieces.append("".join(f"{p.name}: {p.value}\n" for p in slide.properties.values()) or "\n")
        if slide.index < len(separators):
            pieces.append(text[separators[slide.index].start:separators[slide.index].end])
            start = separators[slide.index].end
    hollow = "".join(pieces)
    if lexer.clean_input(hollow) != hollow or _structure(parse_body(deck.src_path, deck.settings, hollow, 0)) != \
            _structure(deck):
        return text
    return hollow


def _structure(deck: Deck) -> list[tuple]:
    return [(s.continued, s.number, s.counted, {n: p.value for n, p in s.properties.items()}) for s in deck.slides]


def needed_math(deck: Deck, needed: set[int], project: Project) -> dict[str, str]:
    """KaTeX's HTML of the formulas on the slides in `needed`, keyed as the page looks them up
    (empty without Node.js: the page's KaTeX typesets them)."""
    lines = [(deck.slides[i].line, deck.slides[i].end_line) for i in needed]
    wanted = {page.formula_key(m.tex, m.display) for m in deck.shown_math
              if any(first <= m.line <= last for first, last in lines)}
    return {key: html for key, html in katex.page_html(deck, project).items() if key in wanted}


def _beside_another_number(items: list[dict], number: list) -> bool:
    """Whether a slide checked before had content beside its slide number and shows another number
    now (slides were added or removed before it): a wider or narrower number may cover it or not."""
    return any(item.get("code") == NEAR_NUMBER and item.get("number") != number for item in items)


@dataclasses.dataclass
class _Loaded:
    """A deck's page kept loaded in a tab, and what it was loaded from."""

    tab: object
    made_from: tuple


class LiveRenderChecks:
    """Render checks across saves: the browser, and each deck's raw findings by slide fingerprint."""

    def __init__(self, project: Project):
        self.project = project
        self.modules = project.modules_dir
        self.browser = None
        self.skipped: BrowserError | None = None   # no Chromium: said once, then never tried again
        self.checked = 0                            # slides laid out by the last check()
        self.reloaded = 0                           # of the decks the last check() laid out, those done in a page kept loaded
        self._known: dict[str, dict[str, list[dict]]] = {}
        self._pages: dict[str, _Loaded] = {}        # deck name -> its page, the one used last at the end

    def check(self, site_dir: Path, decks: list[Deck], everything: bool = False) -> dict[str, list[Problem]]:
        """The render findings of each deck built in `site_dir`, laying out only the slides whose
        fingerprint is new (all of them with `everything`: a template or a file changed), and those
        with content beside a slide number that changed."""
        found: dict[str, list[Problem]] = {}
        self.checked = self.reloaded = 0
        for deck in decks:
            if self.skipped is not None:
                break
            prints = fingerprints(deck)
            numbers = [[slide.number, deck.counted_count] for slide in deck.shown_slides]
            known = {} if everything else self._known.get(deck.name, {})
            flags = [fp not in known or _beside_another_number(known[fp], number) for fp, number in zip(prints, numbers)]
            if any(flags):
                try:
                    items = self._items(site_dir, deck, flags, everything)
                except BrowserError as exc:
                    if self.browser is None:
                        self.skipped = exc
                        break
                    self.close()   # it died: the next save starts another
                    found[deck.name] = [could_not_run(deck, CdpError(exc.message))]
                    continue
                except CdpError as exc:
                    found[deck.name] = [could_not_run(deck, exc)]
                    continue
                self.checked += sum(flags)
                known = dict(known)
                known.update({fp: [] for fp, flag in zip(prints, flags) if flag})
                for item in items:
                    kept = {key: value for key, value in item.items() if key != "slide"}
                    index = item.get("slide", -1)
                    if 0 <= index < len(prints) and kept.get("code") == NEAR_NUMBER:
                        kept["number"] = numbers[index]   # the number it was checked beside
                    if 0 <= index < len(prints) and kept not in known[prints[index]]:
                        known[prints[index]].append(kept)
            # the slides as they are now, last, and some as they were (an undo is laid out no more)
            kept = {fp: found_at for fp, found_at in known.items() if fp not in prints}
            kept = dict(list(kept.items())[-KEPT_VERSIONS:])
            self._known[deck.name] = {**kept, **{fp: known[fp] for fp in prints}}
            problems: list[Problem] = []
            for index, fp in enumerate(prints):
                for item in known[fp]:
                    if item.get("code") == NEAR_NUMBER:
                        continue
                    problem = finding_of(deck, {**item, "slide": index})
                    if problem not in problems:   # a slide's steps repeat its findings
                        problems.append(problem)
            found[deck.name] = unsilenced(sorted(problems, key=lambda p: p.line), [deck])
        return found

    def _items(self, site_dir: Path, deck: Deck, flags: list[bool], everything: bool) -> list[dict]:
        """The raw findings of the flagged slides: in the deck's page kept loaded, given the new
        source, when it was loaded from the same site with the same settings and no template or
        file changed since; else in the deck's page loaded anew (and kept)."""
        made_from = (site_dir, repr(deck.settings))
        loaded = self._pages.pop(deck.name, None)
        if loaded is not None and not everything and loaded.made_from == made_from:
            needed = needed_slides(deck, flags)
            try:
                reload_source(loaded.tab, hollow_source(deck, needed), needed_math(deck, needed, self.project))
                items = checked_items(loaded.tab, deck, self.modules, flags)
            except CdpError:
                close_tab(loaded.tab)   # the page went wrong: the deck loaded anew
            else:
                self._keep(deck.name, loaded)
                self.reloaded += 1
                return items
        elif loaded is not None:
            close_tab(loaded.tab)
        tab = open_deck(self._browser(), site_dir, deck)
        try:
            items = checked_items(tab, deck, self.modules, flags)
        except CdpError:
            close_tab(tab)
            raise
        self._keep(deck.name, _Loaded(tab, made_from))
        return items

    def _keep(self, name: str, loaded: _Loaded) -> None:
        self._pages[name] = loaded
        while len(self._pages) > KEPT_PAGES:
            close_tab(self._pages.pop(next(iter(self._pages))).tab)

    def _browser(self):
        if self.browser is None:
            self.browser = start_chromium()
        return self.browser

    def close_pages(self) -> None:
        """Close the decks' pages kept loaded: the next check of each loads it anew."""
        while self._pages:
            close_tab(self._pages.popitem()[1].tab)

    def close(self) -> None:
        self._pages.clear()   # their tabs close with the browser
        if self.browser is not None:
            try:
                self.browser.close()
            except (CdpError, OSError):
                pass
            self.browser = None

"""The live server's render checks: one Chromium kept open, and of each deck only the slides a save
changed laid out again (the others keep their findings, renumbered to where they now are)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .checks import unsilenced
from .deck import Deck
from .errors import BrowserError, CdpError, Problem
from .layout import could_not_run, finding_of, last_steps, rendered_items, start_chromium

KEPT_VERSIONS = 1000   # per deck: findings of slides as they were before, for when a save brings them back


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


class LiveRenderChecks:
    """Render checks across saves: the browser, and each deck's raw findings by slide fingerprint."""

    def __init__(self, modules: Path):
        self.modules = modules
        self.browser = None
        self.skipped: BrowserError | None = None   # no Chromium: said once, then never tried again
        self.checked = 0                            # slides laid out by the last check()
        self._known: dict[str, dict[str, list[dict]]] = {}

    def check(self, site_dir: Path, decks: list[Deck], everything: bool = False) -> dict[str, list[Problem]]:
        """The render findings of each deck built in `site_dir`, laying out only the slides whose
        fingerprint is new (all of them with `everything`: a template or a file changed)."""
        found: dict[str, list[Problem]] = {}
        self.checked = 0
        for deck in decks:
            if self.skipped is not None:
                break
            prints = fingerprints(deck)
            known = {} if everything else self._known.get(deck.name, {})
            flags = [fp not in known for fp in prints]
            if any(flags):
                try:
                    items = rendered_items(site_dir, deck, self._browser(), self.modules, flags)
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
                    if 0 <= index < len(prints) and kept not in known[prints[index]]:
                        known[prints[index]].append(kept)
            # the slides as they are now, last, and some as they were (an undo is laid out no more)
            kept = {fp: found_at for fp, found_at in known.items() if fp not in prints}
            kept = dict(list(kept.items())[-KEPT_VERSIONS:])
            self._known[deck.name] = {**kept, **{fp: known[fp] for fp in prints}}
            problems: list[Problem] = []
            for index, fp in enumerate(prints):
                for item in known[fp]:
                    problem = finding_of(deck, {**item, "slide": index})
                    if problem not in problems:   # a slide's steps repeat its findings
                        problems.append(problem)
            found[deck.name] = unsilenced(sorted(problems, key=lambda p: p.line), [deck])
        return found

    def _browser(self):
        if self.browser is None:
            self.browser = start_chromium()
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            try:
                self.browser.close()
            except (CdpError, OSError):
                pass
            self.browser = None

"""Render checks: every slide and step of the built decks laid out in Chromium at the deck's ratio,
and what only a rendered slide shows reported at the slide's path:line: W-overflow, W-code-width,
W-blurry (static/layout-check.js measures; this module maps its findings back to the source).

A pass is a function (tab, deck) -> list of raw findings {slide, code, text, message}; PASSES lists
them, so that a check of another kind (axe-core's contrast and alt text) is one more line."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

from .browser import INSTALL_HINT, start_chromium
from .cdp import PlaywrightTab
from .deck import Deck
from .errors import BrowserError, CdpError, Problem
from .project import tool_file

SCREEN_WIDTH = 1920   # W-blurry: the widest screen a talk is shown on
BLUR_FACTOR = 1.5     # shown more than this many times its natural width: blurry
SLIDE_WIDTH = 1024    # the tab's width; the height follows the deck's ratio
READY_TIMEOUT_MS = 30_000
HINTS = {
    "W-overflow": "the audience does not see it: shorten the slide, split it with --, or make the element smaller",
    "W-code-width": "break the long lines, make the code smaller (.small[...]), or give it the slide's whole width",
    "W-blurry": "use an image with more pixels (or an SVG), or show it smaller",
}


def _layout_pass(tab, deck: Deck) -> list[dict]:
    script = tool_file("layout-check.js").read_text(encoding="utf-8")
    return _evaluate(tab, f"({script})({SCREEN_WIDTH}, {BLUR_FACTOR})", 120)


PASSES: list[Callable] = [_layout_pass]


def check_rendered(site_dir: Path, decks: list[Deck], browser=None) -> list[Problem]:
    """The render checks' findings for each deck built in `site_dir`. Raises BrowserError when no
    Chromium can start (the caller says the checks were skipped)."""
    if not decks:
        return []
    if browser is None:
        browser = start_chromium()
        try:
            return check_rendered(site_dir, decks, browser)
        finally:
            browser.close()
    found: list[Problem] = []
    for deck in decks:
        tab = _tab(browser, SLIDE_WIDTH, round(SLIDE_WIDTH / deck.settings.ratio_value))
        try:
            _open(tab, site_dir / deck.name / "index.html")
            raw = [item for check in PASSES for item in check(tab, deck) or []]
        except CdpError as exc:
            found.append(Problem(deck.src_path, 0, f"the render checks could not run: {exc}", "open the built deck "
                                 "in a browser to see the problem", severity="warning", code="W-overflow"))
            continue
        finally:
            try:
                tab.close()
            except CdpError:
                pass
        found += [finding_of(deck, item) for item in raw]
    return found


def finding_of(deck: Deck, item: dict) -> Problem:
    """A raw finding of the page as a Problem at the line of the slide (of the element, when its
    text is found on one of the slide's lines)."""
    shown = deck.shown_slides
    index = item.get("slide", 0)
    slide = shown[index] if 0 <= index < len(shown) else (shown[0] if shown else None)
    line = element_line(deck, slide, str(item.get("text", ""))) if slide is not None else 0
    what = str(item.get("text", "")).strip()
    number = f"slide {slide.number}: " if slide is not None else ""
    message = f"{number}'{what}' {item.get('message', '')}" if what else f"{number}{item.get('message', '')}"
    return Problem(deck.src_path, line, message, HINTS.get(item.get("code"), ""), "warning", item.get("code", ""))


def element_line(deck: Deck, slide, text: str) -> int:
    """The first line of the slide that holds the start of the element's text, else the slide's line."""
    words = text.split()
    probes = [" ".join(words[:n]) for n in (4, 2, 1) if len(words) >= n and len(" ".join(words[:n])) >= 4]
    lines = deck.body.split("\n")
    for probe in probes:
        for number in range(slide.line, slide.end_line + 1):
            index = number - deck.body_line - 1
            if 0 <= index < len(lines) and probe in lines[index]:
                return number
    return slide.line


def _tab(browser, width: int, height: int):
    try:
        if hasattr(browser, "tab"):
            return browser.tab(width, height)
        return PlaywrightTab(browser, width, height)
    except (CdpError, OSError) as exc:
        raise BrowserError(f"Chromium did not start: {exc}", INSTALL_HINT) from exc


def _open(tab, page_path: Path) -> None:
    """Load a built deck and wait until remark, its fonts and its formulas are in."""
    navigated = tab.send("Page.navigate", {"url": page_path.resolve().as_uri()})
    if navigated.get("errorText"):
        raise CdpError(f"could not open {page_path} ({navigated['errorText']})")
    ready = tool_file("print-ready.js").read_text(encoding="utf-8")
    deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
    while True:
        left = max(0, round((deadline - time.monotonic()) * 1000))
        try:
            if _evaluate(tab, f"({ready})({json.dumps(left)})", left / 1000 + 5):
                return
            raise CdpError(f"the deck was not ready after {READY_TIMEOUT_MS // 1000} s")
        except CdpError as exc:   # asked while the blank page made way for the deck: ask the deck
            if "context" not in str(exc) or time.monotonic() > deadline:
                raise


def _evaluate(tab, expression: str, timeout: float):
    answer = tab.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True},
                      timeout)
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        raise CdpError(f"script error: {details.get('exception', {}).get('description') or details.get('text')}")
    return answer["result"].get("value")

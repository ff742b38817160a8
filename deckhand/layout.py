"""Render checks: every slide and step of the built decks laid out in Chromium at the deck's ratio,
and what only a rendered slide shows reported at the slide's path:line: W-overflow, W-code-width,
W-blurry (static/layout-check.js measures), W-contrast and W-alt (axe-core, the reference engine for
WCAG, over the slides laid out as for the PDF: static/axe-check.js). This module maps their findings
back to the source.

A pass is a function (tab, deck, npm packages folder, which slides) -> its raw findings
{slide, code, text, message}; PASSES lists them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

from . import page
from .browser import INSTALL_HINT, start_chromium
from .cdp import PlaywrightTab
from .codes import ALT_HINT
from .deck import Deck
from .errors import BrowserError, CdpError, Problem
from .project import PACKAGED_MODULES, tool_file
from .vendor import AXE_JS

SCREEN_WIDTH = 1920   # W-blurry: the widest screen a talk is shown on
BLUR_FACTOR = 1.5     # shown more than this many times its natural width: blurry
SLIDE_WIDTH = 1024    # the tab's width; the height follows the deck's ratio
READY_TIMEOUT_MS = 30_000
HINTS = {
    "W-overflow": "the audience does not see it: shorten the slide, split it with --, or make the element smaller",
    "W-code-width": "break the long lines, make the code smaller (.small[...]), or give it the slide's whole width",
    "W-blurry": "use an image with more pixels (or an SVG), or show it smaller",
    "W-contrast": "darken the text or lighten its background (in the theme or the deck's CSS) until it reaches "
                  "4.5:1 (3:1 for large text); a contrast checker gives the nearest colour that does",
    "W-alt": ALT_HINT,
}
AXE_RULES_TIMEOUT_S = 120
NEAR_NUMBER = "near-number"   # layout-check.js: a slide with content beside its number (no finding: livecheck.py's)


def _lay_out(tab, only: list[bool]) -> None:
    """Lay the loaded deck out as export.js does for the PDF: the slides and steps in `only`, all on
    the page at once (the screen's layout, each slide at its size)."""
    if not _evaluate(tab, f"typeof {page.EXPORT_GLOBAL} === 'object'", 5):   # not yet in this page
        _evaluate(tab, tool_file("export.js").read_text(encoding="utf-8"), 30)
        css = tool_file("print.css").read_text(encoding="utf-8")
        _evaluate(tab, f"{page.EXPORT_GLOBAL}.addStylesheet({json.dumps(css)})", 30)
    laid_out = _evaluate(tab, f"{page.EXPORT_GLOBAL}.prepare({json.dumps(only)}, false, {READY_TIMEOUT_MS}, true)",
                         READY_TIMEOUT_MS / 1000 + 5)
    if isinstance(laid_out, dict) and laid_out.get("error"):
        raise CdpError(laid_out["error"])


def _layout_pass(tab, deck: Deck, modules: Path, only: list[bool]) -> list[dict]:
    """layout-check.js over the slides and steps in `only`."""
    script = tool_file("layout-check.js").read_text(encoding="utf-8")
    return _evaluate(tab, f"({script})({SCREEN_WIDTH}, {BLUR_FACTOR}, {json.dumps(only)})", 120)


def _axe_pass(tab, deck: Deck, modules: Path, only: list[bool]) -> list[dict]:
    """axe-core's contrast and alt-text rules, run once over the slides in `only`; of a slide's
    steps only the last, which shows all their text."""
    keep = [last and wanted for last, wanted in zip(last_steps(deck), only)]
    if not _evaluate(tab, "typeof axe === 'object'", 5):   # the live server's tab has it from an earlier check
        _evaluate(tab, axe_source(modules).read_text(encoding="utf-8"), 30)
    script = tool_file("axe-check.js").read_text(encoding="utf-8")
    return _evaluate(tab, f"({script})({json.dumps(keep)})", AXE_RULES_TIMEOUT_S)


def last_steps(deck: Deck) -> list[bool]:
    """For each shown slide, whether it is its slide's last step (no `--` step follows it)."""
    shown = deck.shown_slides
    return [i + 1 == len(shown) or not shown[i + 1].continued for i in range(len(shown))]


def axe_source(modules: Path) -> Path:
    """axe-core's script: from the project's npm packages when they hold it (a project that pinned
    remark before axe was added may not), else the package's copy."""
    own = modules / AXE_JS
    return own if own.is_file() else PACKAGED_MODULES / AXE_JS


# The passes run one after the other in one tab, which loads the deck once: on two cores, two tabs
# at once took longer than one after the other (4.5 s against 3.4 s for the talk).
PASSES: list[Callable] = [_layout_pass, _axe_pass]


def check_rendered(site_dir: Path, decks: list[Deck], browser=None, modules: Path = PACKAGED_MODULES) -> list[Problem]:
    """The render checks' findings for each deck built in `site_dir`. Raises BrowserError when no
    Chromium can start (the caller says the checks were skipped)."""
    if not decks:
        return []
    if browser is None:
        browser = start_chromium()
        try:
            return check_rendered(site_dir, decks, browser, modules)
        finally:
            browser.close()
    found: list[Problem] = []
    for deck in decks:
        try:
            raw = rendered_items(site_dir, deck, browser, modules, [True] * len(deck.shown_slides))
        except CdpError as exc:
            found.append(could_not_run(deck, exc))
            continue
        findings = (finding_of(deck, item) for item in raw if item.get("code") != NEAR_NUMBER)
        for problem in sorted(findings, key=lambda p: p.line):
            if problem not in found:   # a slide's steps repeat its findings
                found.append(problem)
    return found


def rendered_items(site_dir: Path, deck: Deck, browser, modules: Path, flags: list[bool]) -> list[dict]:
    """The raw findings {slide, code, text, message} of one deck built in `site_dir`, for the shown
    slides whose flag is true, in a tab of their own. Raises CdpError when the page fails."""
    tab = None
    try:
        tab = open_deck(browser, site_dir, deck)
        return checked_items(tab, deck, modules, flags)
    finally:
        close_tab(tab)


def open_deck(browser, site_dir: Path, deck: Deck):
    """A new tab at the deck's ratio with the deck built in `site_dir` loaded and ready."""
    tab = _tab(browser, SLIDE_WIDTH, round(SLIDE_WIDTH / deck.settings.ratio_value))
    try:
        _open(tab, site_dir / deck.name / "index.html")
    except CdpError:
        close_tab(tab)
        raise
    return tab


def checked_items(tab, deck: Deck, modules: Path, flags: list[bool]) -> list[dict]:
    """The raw findings of the deck loaded in `tab`, for the shown slides whose flag is true:
    laid out as for the PDF, then every pass."""
    _lay_out(tab, flags)
    return [item for check in PASSES for item in check(tab, deck, modules, flags) or []]


def reload_source(tab, source: str, math_html: dict[str, str]) -> None:
    """Give the deck loaded in `tab` another remark source, its formulas typeset from `math_html`
    (the live server's check of a save, without loading the page again: static/check-reload.js)."""
    script = tool_file("check-reload.js").read_text(encoding="utf-8")
    answer = _evaluate(tab, f"({script})({json.dumps(source)}, {json.dumps(math_html)})", 30)
    if isinstance(answer, dict) and answer.get("error"):
        raise CdpError(answer["error"])


def close_tab(tab) -> None:
    try:
        if tab is not None:
            tab.close()
    except CdpError:
        pass


def could_not_run(deck: Deck, exc: CdpError) -> Problem:
    """The warning that says a deck's render checks failed in the page."""
    return Problem(deck.src_path, 0, f"the render checks could not run: {exc}", "open the built deck in a browser "
                   "to see the problem", severity="warning", code="W-overflow")


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
    """The first line of the slide (of its steps so far, for an increment) that holds the start of
    the element's text, else the slide's line."""
    words = text.split()
    first = slide
    while first.continued and first.index > 0:
        first = deck.slides[first.index - 1]
    probes = [" ".join(words[:n]) for n in (4, 2, 1) if len(words) >= n and len(" ".join(words[:n])) >= 4]
    lines = deck.body.split("\n")
    for probe in probes:
        for number in range(first.line, slide.end_line + 1):
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

"""The deck doctor's codes: what each finds, and reading a list of them (`ignore: W-class, W-code`)."""

from __future__ import annotations

import difflib
import re

# The codes a deck can silence, and what each finds. The prefix is the severity: E- errors fail the
# build, W- warnings are printed (and fail it only with --strict). The rule: an error only where the
# audience would see a break; what renders as the author meant is at most a warning. README:
# "Checking a deck".
CODES = {
    "E-case": "an asset path whose letter case differs from the file's",
    "E-decode": "an image, sound or video file that does not decode",
    "E-template": "a template or layout that names no slide above",
    "E-bracket": "a .class[ that is never closed, or closed past a slide break",
    "E-property": "an unknown slide property (remark hides the line)",
    "E-html": "an HTML tag the browser breaks (an unclosed quote, a stray character glued to a name)",
    "E-math": "a formula KaTeX cannot typeset",
    "W-class": "a class no loaded stylesheet defines",
    "W-code": "a python code block that does not parse",
    "W-notes": "a ??? line with more on it (it shows on the slide)",
    "W-empty": "an empty slide, or a -- step that adds nothing",
    "W-trailing": "a -- at the very end of the deck",
    "W-html": "a malformed HTML tag the browser reads as meant, a tag never closed, an end tag that closes nothing",
    "W-link": "a link to a slide name or number that no slide has",
    "W-name": "two slides with one name",
    "W-size": "an image far larger than the place it is shown in",
    "W-glyph": "a character no font the deck ships can draw (an empty box on a machine without one)",
    "W-font": "a font a stylesheet names that is missing or remote (the text shows in the theme's font)",
    "W-math": "a formula KaTeX warns about, or math that could not be checked",
    "W-overflow": "content outside the slide, or under the slide number (render check, in Chromium)",
    "W-code-width": "a code block or output wider than its box or its column (render check)",
    "W-blurry": "an image shown more than 1.5x its natural size on a 1920 px screen (render check)",
    "W-contrast": "text below WCAG AA contrast against what is behind it (render check, axe-core)",
    "W-alt": "an image with no alt text: ![](file), or an <img> without alt (render check, axe-core)",
}

# What to do about a W-alt: found in the source (![](file)) and by axe-core in the page (<img>).
ALT_HINT = ("add alt text that says what the image shows (![what it shows](file.png) or <img alt=\"...\">); "
            "an image that only decorates takes <img alt=\"\">")

# Codes renamed when their findings became warnings: an `ignore:` naming the old one still works.
RENAMED = {"E-link": "W-link", "E-name": "W-name"}


def parse_codes(value: str) -> tuple[str, ...]:
    """`W-class, W-code` -> ('W-class', 'W-code'); a renamed code as its new name; ValueError
    naming an unknown code."""
    codes = tuple(RENAMED.get(c, c) for c in re.split(r"[,\s]+", value.strip()) if c)
    for code in codes:
        if code not in CODES:
            close = difflib.get_close_matches(code, CODES, n=1)
            raise ValueError(f"did you mean '{close[0]}'?" if close else "known codes: " + ", ".join(CODES))
    return codes

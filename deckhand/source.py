"""The text remark gets: the deck body with math hidden from Markdown and raw-text tags made text.

`<script>`, `<textarea>`, `<title>`, `<xmp>` and `<plaintext>` in a slide's prose would run, or
swallow the rest of the slide, when remark inserts the slide's HTML; here they show as the text
the author wrote. Code, inline code and HTML comments are left exactly as written.
"""

from __future__ import annotations

import re

from .deck import Deck
from .mathtex import placeholder

_RAW_TEXT_TAG = re.compile(r"<(?=/?(?:script|textarea|title|xmp|plaintext)\b)", re.I)


def remark_source(deck: Deck) -> str:
    """The deck body as remark must see it (same slides, same lines of Markdown)."""
    formulas = deck.math
    edits = [(m.start, m.end, placeholder(m.tex, m.display)) for m in formulas]
    edits += [(at, at + 2, "&#36;") for at in deck.escaped_dollars]
    spans = [(m.start, m.end) for m in formulas]
    for start, end in deck.prose:
        for match in _RAW_TEXT_TAG.finditer(deck.body, start, end):
            if not any(a <= match.start() < b for a, b in spans):
                edits.append((match.start(), match.start() + 1, "&lt;"))
    return _apply(deck.body, edits)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, replacement in sorted(edits):
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)

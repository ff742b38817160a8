"""The text remark gets: the deck body with math hidden from Markdown, raw-text tags made text,
and the files from outside the deck's folder at their place in its output.

`<script>`, `<textarea>`, `<title>`, `<xmp>` and `<plaintext>` in a slide's prose would run, or
swallow the rest of the slide, when remark inserts the slide's HTML; here they show as the text
the author wrote. Code, inline code and HTML comments are left exactly as written.
"""

from __future__ import annotations

import re

from .assets import AssetRef, written_at
from .deck import Deck
from .mathtex import placeholder

_RAW_TEXT_TAG = re.compile(r"<(?=/?(?:script|textarea|title|xmp|plaintext)\b)", re.I)


def remark_source(deck: Deck, refs: list[AssetRef] = ()) -> str:
    """The deck body as remark must see it (same slides, same lines of Markdown); each of the
    resolved `refs` that the output holds at another path (a `url`) written as that path."""
    formulas = deck.math
    edits = [(m.start, m.end, placeholder(m.tex, m.display)) for m in formulas]
    edits += [(at, at + 2, "&#36;") for at in deck.escaped_dollars]
    spans = [(m.start, m.end) for m in formulas]
    for ref in refs:
        if ref.url and not ref.linked:   # a stylesheet the page links, or one a stylesheet names: not in the text
            edits += [(a, b, ref.url) for a, b in written_at(deck, ref) if not any(s < b and a < e for s, e in spans)]
    for start, end in deck.prose:
        for match in _RAW_TEXT_TAG.finditer(deck.body, start, end):
            if not any(a <= match.start() < b for a, b in spans):
                edits.append((match.start(), match.start() + 1, "&lt;"))
    return _apply(deck.body, edits)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, replacement in sorted(set(edits)):
        if start < pos:   # one reference found twice (as written and HTML-escaped alike)
            continue
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)

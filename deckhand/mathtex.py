"""Find `$...$` and `$$...$$` math in prose (pandoc's rules) and make its placeholder.

remark's Markdown pass eats `_`, `*` and `\\` inside formulas. So source.py replaces every formula,
before remark sees the source, by an empty `<span class="math" data-tex="...">` whose TeX is
entity-encoded (Markdown leaves attributes alone); the page's script typesets each span with KaTeX.
Math inside code, inline code and HTML comments stays as it is.
"""

from __future__ import annotations

import re

from . import page
from .deck import Deck, Math

_DOLLAR = re.compile(r"\\\$|\$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ENCODED = re.compile(r"[^A-Za-z0-9 ]")   # what a placeholder writes as an entity


def find_math(deck: Deck) -> tuple[list[Math], list[int]]:
    """Every formula of the deck, and the offsets of escaped dollars (`\\$`) in its prose."""
    found: list[Math] = []
    escaped: list[int] = []
    for start, end in deck.prose:
        _scan(deck, deck.body[start:end], start, found, escaped)
    return found, escaped


def placeholder(tex: str, display: bool) -> str:
    """The span that stands for a formula: every non-alphanumeric character entity-encoded, so
    neither remark (`.class[`, `{{ }}`) nor Markdown (`*`, `_`, `|`, `\\`) can touch the TeX."""
    encoded = _ENCODED.sub(lambda m: f"&#{ord(m.group())};", tex)
    kind = page.DISPLAY_CLASS if display else page.INLINE_CLASS
    return f'<span class="{page.MATH_CLASS} {kind}" {page.TEX_ATTRIBUTE}="{encoded}"></span>'


def _scan(deck: Deck, text: str, base: int, found: list[Math], escaped: list[int]) -> None:
    pos = 0
    while (dollar := _DOLLAR.search(text, pos)) is not None:
        i = dollar.start()
        if dollar.group() == "\\$":
            escaped.append(base + i)
            pos = i + 2
        elif text.startswith("$$", i):
            close = _find_display_end(text, i + 2)
            if close is None or not text[i + 2:close].strip():
                pos = i + 2
                continue
            found.append(Math(base + i, base + close + 2, text[i + 2:close].strip(), True, deck.line_of(base + i)))
            pos = close + 2
        elif i + 1 < len(text) and not text[i + 1].isspace():
            close = _find_inline_end(text, i + 1)
            if close is None:
                pos = i + 1
                continue
            found.append(Math(base + i, base + close + 1, text[i + 1:close], False, deck.line_of(base + i)))
            pos = close + 1
        else:
            pos = i + 1


def _find_display_end(text: str, pos: int) -> int | None:
    """Offset of the `$$` closing display math opened before `pos`; no blank line may come first."""
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "$" and text.startswith("$$", pos):
            return pos
        if char == "\n" and _BLANK_LINE.match(text, pos):
            return None
        pos += 1
    return None


def _find_inline_end(text: str, pos: int) -> int | None:
    """Offset of the `$` closing inline math opened before `pos`, by pandoc's rule: the first
    unescaped `$` closes it, and only if a non-space comes before it and no digit after it."""
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "\n" and _BLANK_LINE.match(text, pos):
            return None
        if char == "$":
            if text[pos - 1].isspace() or text[pos + 1:pos + 2].isdigit():
                return None
            return pos
        pos += 1
    return None

"""Find `$...$` and `$$...$$` math in prose (pandoc's rules) and make its placeholder.

remark's Markdown pass eats `_`, `*` and `\\` inside formulas. So source.py replaces every formula,
before remark sees the source, by an empty `<span class="math" data-tex="...">` whose TeX is
entity-encoded (Markdown leaves attributes alone); the page's script typesets each span with KaTeX.
Math inside code, inline code and HTML comments stays as it is.

A deck with `math: mathjax` was written for remark 0.14 + MathJax 2.7, and its formulas are read as
they were there: remark's Markdown (marked, GFM) applied its backslash escapes before MathJax saw the
text (`\\_` was `_`, `\\\\{` was `\\{`), and MathJax's tex2jax closes `$...$` at the next `$` outside
braces, spaces or not. The TeX handed to KaTeX is the TeX MathJax saw, with a sub/superscript
command's arguments braced (`p_\\vec{w}` -> `p_{\\vec{w}}`), which MathJax took and KaTeX refuses.
"""

from __future__ import annotations

import html
import re

from . import page
from .deck import Deck, Math

_DOLLAR = re.compile(r"\\\$|\$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ENCODED = re.compile(r"[^A-Za-z0-9 ]")   # what a placeholder writes as an entity


# remark 0.14's marked, GFM mode: the characters a backslash escapes (inline.gfm.escape).
MARKED_ESCAPABLE = frozenset("\\`*{}[]()#+-.!_>~|")
_ENTITY = re.compile(r"&#?\w+;")   # marked leaves it as written, and the browser decodes it
_SCRIPT_COMMAND = re.compile(r"([_^])(\s*)(\\[A-Za-z]+)")


def find_math(deck: Deck) -> tuple[list[Math], list[int]]:
    """Every formula of the deck, and the offsets of escaped dollars (`\\$`) in its prose, read by
    the deck's `math:` setting."""
    found: list[Math] = []
    escaped: list[int] = []
    for start, end in deck.prose:
        if deck.settings.math == "mathjax":
            _scan_mathjax(deck, deck.body[start:end], start, found, escaped)
        else:
            _scan(deck, deck.body[start:end], start, found, escaped)
    return found, escaped


def find_mathjax_math(deck: Deck) -> list[Math]:
    """The formulas remark+MathJax 2.7 would have found in the deck, whatever its `math:` setting."""
    found: list[Math] = []
    for start, end in deck.prose:
        _scan_mathjax(deck, deck.body[start:end], start, found, [])
    return found


def mathjax_differences(deck: Deck) -> list[tuple[Math, str, str]]:
    """For a deck read by pandoc's rules, the formulas remark+MathJax read otherwise, as (formula,
    what the author wrote, what MathJax saw): an escape only a deck written for MathJax needs
    (`\\_`, `\\*`, `\\\\` before a symbol: `\\\\{` was `\\{`), and `$ x $` with spaces inside,
    math for MathJax and text here. `\\{`, `\\|` and a `\\\\` line break are left alone: an author
    writing for MathJax could not have meant `{` or `|` by them, nor a single backslash."""
    found: list[tuple[Math, str, str]] = []
    if deck.settings.math == "mathjax":
        return found
    for math in deck.math:
        telltale = _first_telltale(math.tex)
        if telltale is not None:
            found.append((math, telltale, marked_unescape(telltale)[0]))
    starts = {m.start for m in deck.math}
    for math in find_mathjax_math(deck):
        written = deck.body[math.start:math.end]
        inner = written[1:-1]
        if (math.display or math.start in starts or inner == inner.strip()
                or deck.body[math.end:math.end + 1].isdigit()):   # `$5 and $10` was text for its author
            continue
        found.append((math, written, f"${inner.strip()}$"))
    return sorted(found, key=lambda difference: difference[0].start)


def _first_telltale(tex: str) -> str | None:
    pos = 0
    while pos < len(tex) - 1:
        if tex[pos] == "\\":
            after = tex[pos + 1]
            if after in "_*":
                return tex[pos:pos + 2]
            if after == "\\" and pos + 2 < len(tex) and not (tex[pos + 2].isalpha() or tex[pos + 2].isspace()
                                                              or tex[pos + 2] == "["):
                return tex[pos:pos + 3]
            pos += 2
            continue
        pos += 1
    return None


def marked_unescape(text: str) -> tuple[str, list[int]]:
    """`text` as marked hands it on (each `\\X` of an escapable X is X), and for each character of
    the result the offset in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    while pos < len(text):
        if text[pos] == "\\" and text[pos + 1:pos + 2] in MARKED_ESCAPABLE and pos + 1 < len(text):
            out.append(text[pos + 1])
            where.append(pos)
            pos += 2
        else:
            out.append(text[pos])
            where.append(pos)
            pos += 1
    return "".join(out), where


def brace_scripts(tex: str) -> str:
    """Brace a command used directly as a sub/superscript, with its arguments, as MathJax read it:
    `p_\\vec{w}` -> `p_{\\vec{w}}`, `x^\\frac12` -> `x^{\\frac12}`. Arguments are the braced
    (`{...}`) and bracketed (`[...]`) groups right after the command, or, when it has none, the
    digits written against its name (at most two: `\\frac12`). A command with nothing after it
    (`x_\\alpha`) is left alone: KaTeX takes it as it is."""
    parts: list[str] = []
    pos = 0
    while (match := _SCRIPT_COMMAND.search(tex, pos)) is not None:
        if _escaped_at(tex, match.start()):
            parts.append(tex[pos:match.end(1)])
            pos = match.end(1)
            continue
        end = _arguments_end(tex, match.end())
        parts.append(tex[pos:match.start()])
        if end == match.end():
            parts.append(match.group())
        else:
            parts.append(f"{match.group(1)}{match.group(2)}{{{brace_scripts(tex[match.start(3):end])}}}")
        pos = end
    parts.append(tex[pos:])
    return "".join(parts)


def mathjax_tex(tex: str) -> str:
    """The TeX KaTeX gets for a formula of a `math: mathjax` deck, from the text MathJax saw: HTML
    entities decoded by the browser (`a &lt; b` was `a < b`), sub/superscript commands braced."""
    return brace_scripts(_ENTITY.sub(lambda m: html.unescape(m.group()), tex))


def _escaped_at(tex: str, at: int) -> bool:
    """Whether the character at `at` follows an odd run of backslashes (`\\_` is a character)."""
    run = 0
    while at - run - 1 >= 0 and tex[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _arguments_end(tex: str, pos: int) -> int:
    groups = 0
    while pos < len(tex) and tex[pos] in "{[":
        close = _group_end(tex, pos)
        if close is None:
            break
        pos, groups = close, groups + 1
    if groups == 0:
        digits = 0
        while digits < 2 and pos < len(tex) and tex[pos].isdigit():
            pos, digits = pos + 1, digits + 1
    return pos


def _group_end(tex: str, pos: int) -> int | None:
    """The offset after the group `{...}` or `[...]` opened at `pos` (braces nest, `\\{` does not)."""
    closer = "}" if tex[pos] == "{" else "]"
    depth = 0
    i = pos + (closer == "]")
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and closer == "}":
                return i + 1
        elif char == "]" and depth == 0 and closer == "]":
            return i + 1
        i += 1
    return None


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


def _scan_mathjax(deck: Deck, text: str, base: int, found: list[Math], escaped: list[int]) -> None:
    """tex2jax over what marked made of `text`: `$$` before `$`, the first closing delimiter
    outside braces ends the formula, `\\$` is a dollar, no formula crosses a blank line."""
    seen, where = marked_unescape(text)
    pos = 0
    while (dollar := _DOLLAR.search(seen, pos)) is not None:
        i = dollar.start()
        if dollar.group() == "\\$":
            if text.startswith("\\$", where[i]):
                escaped.append(base + where[i])
            pos = i + 2
            continue
        delimiter = "$$" if seen.startswith("$$", i) else "$"
        close = _find_tex2jax_end(seen, i + len(delimiter), delimiter)
        tex = seen[i + len(delimiter):close].strip() if close is not None else ""
        if not tex:
            pos = i + len(delimiter)
            continue
        start, end = base + where[i], base + where[close + len(delimiter) - 1] + 1
        found.append(Math(start, end, mathjax_tex(tex), delimiter == "$$", deck.line_of(start)))
        pos = close + len(delimiter)


def _find_tex2jax_end(text: str, pos: int, delimiter: str) -> int | None:
    """Offset of the delimiter closing math opened before `pos`: the first at brace depth 0, else
    (braces never balance) the first one seen; None when a blank line or the text ends first."""
    depth = 0
    first = None
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "\n" and _BLANK_LINE.match(text, pos):
            break
        if text.startswith(delimiter, pos):
            if depth == 0:
                return pos
            first = pos if first is None else first
        elif char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        pos += 1
    return first

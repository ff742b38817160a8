"""remark 0.14's slide lexer, ported token for token, with the source offset of every token.

remark decides what a slide is with a handful of regular expressions (src/remark/lexer.js): a `---`
or `--` line separates slides unless it sits in fenced or indented code or inside `.class[...]`.
Python must agree with it exactly (the talk has 106 slides in remark, so it has 106 here), so this
module follows the JavaScript line by line instead of re-deriving the grammar.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The JavaScript regexes, with `$` (end of input in JS) written as \Z.
_PARTS = {
    "CODE": r"(?:^|\n)( {4}[^\n]+\n*)+",
    "INLINE_CODE": r"`([^`]+?)`",
    "CONTENT": r"(?:\\)?((?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+)\[",
    "FENCES": r"(?:^|\n) *(`{3,}|~{3,}) *(?:\S+)? *\n(?:[\s\S]+?)\s*\4 *(?:\n+|\Z)",
    "DEF": r"(?:^|\n) *\[([^\]]+)\]: *<?([^\s>]+)>?(?: +[\"(]([^\n]+)[\")])? *(?:\n+|\Z)",
    "MACRO": r"!\[:([^\] ]+)([^\]]*)\](?:\(([^\)]*)\))?",
    "SEPARATOR": r"(?:^|\n)(---?)(?:\n|\Z)",
    "NOTES_SEPARATOR": r"(?:^|\n)(\?{3})(?:\n|\Z)",
}
_BLOCK = ["CODE", "INLINE_CODE", "CONTENT", "FENCES", "DEF", "MACRO", "SEPARATOR", "NOTES_SEPARATOR"]
_INLINE = _BLOCK[:6]
# Group numbers in the combined expression, as in lexer.js.
_CODE, _INLINE_CODE, _CONTENT, _FENCES, _DEF, _DEF_HREF = 1, 2, 3, 4, 5, 6
_MACRO, _SEPARATOR, _NOTES = 8, 11, 12


def _compile(names: list[str], at_start: bool) -> re.Pattern:
    r"""The combined regex. `at_start` makes `(?:^|\n)` match at the search position, as JS does
    on its shrinking `src` string (Python's ^ only matches at the real start). The other one only
    searches from position 1 on, where ^ never matches: there it is `\n`, and a lookahead for the
    characters a token can start with lets the engine skip the rest of the text quickly."""
    source = "|".join(_PARTS[n] for n in names)
    if at_start:
        return re.compile(source.replace(r"(?:^|\n)", r"(?:|\n)"))
    return re.compile(r"(?=[\n`.\\!])(?:" + source.replace(r"(?:^|\n)", r"\n") + ")")


_PATTERNS = {
    "block": (_compile(_BLOCK, False), _compile(_BLOCK, True)),
    "inline": (_compile(_INLINE, False), _compile(_INLINE, True)),
}
_LEADING_WS = re.compile(r"^([ \t]*)[^ \t\n]", re.M)
_UNINDENTED = re.compile(r"^[^ \t\n]", re.M)
_BRACKET = re.compile(r"[\[\]]")


class Token(NamedTuple):
    """A lexer token: its kind, where it lies in the source, and its payload (a named tuple: the
    talk makes 1,200 of them per build, four times faster than a frozen dataclass)."""

    kind: str  # text, inline_code, code, fences, def, macro, separator, notes_separator,
    #            content_start, content_end
    start: int
    end: int
    text: str = ""
    classes: tuple[str, ...] = ()
    href: str = ""


def clean_input(source: str) -> str:
    """Trim the indentation shared by every non-blank line, as remark's cleanInput does."""
    if _UNINDENTED.search(source):   # the usual case: some line starts at its first column
        return source
    widths = [len(m.group(1)) for m in _LEADING_WS.finditer(source)]
    if not widths or min(widths) == 0:
        return source
    return re.sub(r"^[ \t]{0,%d}" % min(widths), "", source, flags=re.M)


def lex(source: str) -> list[Token]:
    """Tokens of a slide source, in order, as remark's Lexer.lex makes them."""
    tokens: list[Token] = []
    _lex(source, _bracket_pairs(source), tokens)
    return tokens


def _search(kind: str, source: str, pos: int, end: int) -> re.Match | None:
    anywhere, at_start = _PATTERNS[kind]
    match = at_start.match(source, pos, end)
    return match or anywhere.search(source, pos + 1, end) if pos < end else None


def _lex(source: str, pairs: dict[int, int], tokens: list[Token]) -> None:
    """remark's lexer, which calls itself for the inside of each `.class[...]`: here a loop with a
    stack of the levels it is in, so that no nesting is too deep for Python's call stack."""
    pos, end, kind = 0, len(source), "block"
    outer: list[tuple[int, str]] = []   # (end, kind) of each enclosing level
    while True:
        cap = _search(kind, source, pos, end)
        if cap is None:
            if pos < end or not tokens:
                tokens.append(Token("text", pos, end, source[pos:end]))
            if not outer:
                return
            tokens.append(Token("content_end", end, end + 1, "]"))
            pos = end + 1
            end, kind = outer.pop()
            continue
        if cap.start() > pos:
            tokens.append(Token("text", pos, cap.start(), source[pos:cap.start()]))
        after = cap.end()
        if cap.group(_CODE):
            tokens.append(Token("code", cap.start(), after, cap.group(0)))
        elif cap.group(_INLINE_CODE):
            tokens.append(Token("inline_code", cap.start(), after, cap.group(0)))
        elif cap.group(_FENCES):
            tokens.append(Token("fences", cap.start(), after, cap.group(0)))
        elif cap.group(_DEF):
            tokens.append(Token("def", cap.start(), after, cap.group(_DEF), href=cap.group(_DEF_HREF)))
        elif cap.group(_MACRO):
            tokens.append(Token("macro", cap.start(), after, cap.group(0)))
        elif kind == "block" and cap.group(_SEPARATOR):
            tokens.append(Token("separator", cap.start(), after, cap.group(_SEPARATOR)))
        elif kind == "block" and cap.group(_NOTES):
            tokens.append(Token("notes_separator", cap.start(), after, cap.group(_NOTES)))
        elif cap.group(_CONTENT):
            inner_end = _closing_bracket(pairs, after, end)
            if inner_end is None:
                tokens.append(Token("text", cap.start(), after, cap.group(0)))
            elif cap.group(0).startswith("\\"):
                tokens.append(Token("text", cap.start(), inner_end + 1, source[cap.start() + 1:inner_end + 1]))
                after = inner_end + 1
            else:
                classes = tuple(cap.group(_CONTENT)[1:].split("."))
                tokens.append(Token("content_start", cap.start(), after, cap.group(0), classes=classes))
                outer.append((end, kind))
                pos, end, kind = after, inner_end, "inline"
                continue
        pos = after


def _bracket_pairs(source: str) -> dict[int, int]:
    """Where each `[` of the source is balanced: its index -> the index of its `]` (one pass)."""
    pairs, opened = {}, []
    for bracket in _BRACKET.finditer(source):
        if bracket.group() == "[":
            opened.append(bracket.start())
        elif opened:
            pairs[opened.pop()] = bracket.start()
    return pairs


def _closing_bracket(pairs: dict[int, int], pos: int, end: int) -> int | None:
    """Index of the `]` before `end` that balances the `[` just before `pos`, or None (remark:
    getTextInBrackets, which counts from there: the same `]` as the stack of _bracket_pairs)."""
    closing = pairs.get(pos - 1)
    return closing if closing is not None and closing < end else None

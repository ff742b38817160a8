"""HTML in slides: read every tag of the prose once; malformed tags are errors, unclosed or stray
ones warnings (raw HTML in Markdown is legal, and the browser mends what it can)."""

from __future__ import annotations

import bisect
import re

from .base import Scan, Tag, finding

_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_ATTR_NAME = re.compile(r"[^\s/>=]+")
_GOOD_NAME = re.compile(r"[A-Za-z_:@][-\w:.@]*\Z")
_UNQUOTED = re.compile(r"[^\s>]+")
_STYLE_END = re.compile(r"</style\s*>", re.I)
# source.py shows these as text (they would run or swallow the slide), so they are not tags here
RAW_TEXT = {"script", "textarea", "title", "xmp", "plaintext"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                "rb", "rt", "rtc", "rp", "colgroup", "caption"}
SPACED = "separate attributes with spaces only, like <img src=\"a.png\" width=\"300\">"


def scan_tags(scan: Scan) -> None:
    """Fill `scan.tags` and `scan.styles` from the prose of the shown slides (outside comments,
    code and math)."""
    deck, text = scan.deck, scan.deck.body
    math_starts = [m.start for m in scan.math]
    math_ends = [m.end for m in scan.math]
    for slide, notes, pos, end in scan.prose:
        # past the last '>' and quote of the run no tag can end (nor leave a quote open): without
        # this, each of 8,000 '<a ' read on to the end of the run, 56 s in all
        last = max(text.rfind(char, pos, end) for char in ">\"'")
        while (match := _TAG_OPEN.search(text, pos, end)) is not None and match.end() <= last:
            index = bisect.bisect_right(math_starts, match.start()) - 1
            if index >= 0 and match.start() < math_ends[index] or match.group(2).lower() in RAW_TEXT:
                pos = match.end()
                continue
            read = _read_tag(text, match.end(), end, bool(match.group(1)))
            if read is None:  # no '>': Markdown shows it as text
                pos = match.end()
                continue
            pos, attrs, self_closing, problem = read
            tag = Tag(match.group(2).lower(), bool(match.group(1)), self_closing, attrs,
                      deck.line_of(match.start()), slide.index, notes, problem)
            scan.tags.append(tag)
            if tag.name == "style" and not tag.closing:  # its CSS is not HTML; its classes count as defined
                close = _STYLE_END.search(text, pos, end)
                scan.styles.append(text[pos:close.start() if close else end])
                if close:
                    scan.tags.append(Tag("style", True, False, {}, deck.line_of(close.start()), slide.index, notes))
                pos = close.end() if close else end


def check_html(scan: Scan):
    """E-html for malformed tags; W-html for tags never closed and end tags that close nothing."""
    deck = scan.deck
    groups: dict[tuple[int, bool], list[Tag]] = {}
    for tag in scan.tags:
        groups.setdefault((tag.slide, tag.notes), []).append(tag)
        if tag.problem[0]:
            yield finding(deck, tag.line, "E-html", f"malformed <{tag.name}> tag: {tag.problem[0]}", tag.problem[1])
    for (_, notes), tags in groups.items():
        place = "the notes" if notes else "the slide"
        stack: list[Tag] = []
        for tag in tags:
            if not tag.closing:
                if tag.name not in VOID and not tag.self_closing:
                    stack.append(tag)
            elif tag.name == "br":
                yield finding(deck, tag.line, "W-html", "stray </br>", "write <br> for a line break")
            elif any(t.name == tag.name for t in stack):
                while (opened := stack.pop()).name != tag.name:
                    yield from _unclosed(deck, opened, f"before </{tag.name}> on line {tag.line}")
            else:
                yield finding(deck, tag.line, "W-html", f"stray </{tag.name}>: no <{tag.name}> is open here",
                              f"remove it, or add the <{tag.name}> it should close")
        for opened in stack:
            yield from _unclosed(deck, opened, f"before the end of {place}")


def _unclosed(deck, tag: Tag, where: str):
    if tag.name not in OPTIONAL_END:
        yield finding(deck, tag.line, "W-html", f"<{tag.name}> is never closed", f"add </{tag.name}> {where}")


def _read_tag(text: str, pos: int, end: int, closing: bool):
    """Read a tag's attributes from `pos`: (end, attrs, self_closing, problem), or None when no
    '>' ends it. Only the first problem is kept."""
    if closing:
        close = text.find(">", pos, end)
        return None if close < 0 else (close + 1, {}, False, ("", ""))
    attrs: dict[str, str] = {}
    problem = ("", "")
    after_quote = False
    while True:
        spaced = pos
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return None
        char = text[pos]
        if char == ">":
            return pos + 1, attrs, False, problem
        if text.startswith("/>", pos):
            return pos + 2, attrs, True, problem
        if char == "/":
            problem = problem if problem[0] else ("stray '/' inside the tag",
                                                  "write '/>' at the very end, or leave the '/' out")
            pos += 1
            continue
        if char == "=":
            problem = problem if problem[0] else ("stray '=' between its attributes", SPACED)
            pos += 1
            continue
        name = _ATTR_NAME.match(text, pos).group(0)
        if after_quote and pos == spaced and _GOOD_NAME.match(name):
            problem = problem if problem[0] else (f"no space before '{name}'", SPACED)
        pos += len(name)
        if not _GOOD_NAME.match(name):
            # the first character no name may hold, else the first one (a name may not start with it)
            bad = next((c for c in name if not (c.isalnum() or c in "-_:.@")), name[0])
            problem = problem if problem[0] else (f"stray '{bad}' between its attributes", SPACED)
        value, after_quote = "", False
        look = pos
        while look < end and text[look].isspace():
            look += 1
        if look < end and text[look] == "=":
            pos = look + 1
            while pos < end and text[pos].isspace():
                pos += 1
            if pos < end and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1, end)
                if close < 0:
                    return end, attrs, False, (f"the quote after {name}= is never closed",
                                               "close it; until then the browser reads the rest as the value")
                value, pos, after_quote = text[pos + 1:close], close + 1, True
                if "\n" in value and ">" in value:  # the browser reads on to the next quote, past the '>'
                    problem = problem if problem[0] else (f"the quote after {name}= is not closed on its line",
                                                          "close it; until then the tags after it are swallowed")
            elif (unquoted := _UNQUOTED.match(text, pos)) is not None:
                value, pos = unquoted.group(0), unquoted.end()
        key = name.lower()
        if key in attrs and _GOOD_NAME.match(name):
            problem = problem if problem[0] else (f"'{name}' is given twice",
                                                  "the browser keeps the first; remove the other")
        attrs.setdefault(key, value)

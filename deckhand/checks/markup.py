"""HTML in slides: read every tag of the prose once. A malformed tag is an error only where the
browser loses part of it (an unclosed quote swallows what follows; `,width=` is no width), else a
warning; unclosed or stray tags are warnings (raw HTML in Markdown is legal, and the browser mends
what it can), and what every browser reads as meant, like `</br>` for `<br>`, is not reported."""

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
IGNORED = "browsers ignore it; "
_NO_PROBLEM = ("", "", "")


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
    """E-html for tags the browser breaks, W-html for malformed tags it reads as meant, tags never
    closed and end tags that close nothing."""
    deck = scan.deck
    groups: dict[tuple[int, bool], list[Tag]] = {}
    for tag in scan.tags:
        groups.setdefault((tag.slide, tag.notes), []).append(tag)
        if tag.problem[0]:
            yield finding(deck, tag.line, tag.problem[2], f"malformed <{tag.name}> tag: {tag.problem[0]}", tag.problem[1])
    for (_, notes), tags in groups.items():
        place = "the notes" if notes else "the slide"
        stack: list[Tag] = []
        for tag in tags:
            if not tag.closing:
                if tag.name not in VOID and not tag.self_closing:
                    stack.append(tag)
            elif tag.name == "br":   # every browser reads </br> as <br>
                continue
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
        return None if close < 0 else (close + 1, {}, False, _NO_PROBLEM)
    attrs: dict[str, str] = {}
    problem = _NO_PROBLEM
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
            problem = _worse(problem, ("stray '/' inside the tag",
                                       "browsers ignore it; write '/>' at the very end, or leave the '/' out", "W-html"))
            pos += 1
            continue
        if char == "=" and (pos + 1 >= end or text[pos + 1].isspace() or text[pos + 1] in "/>="):
            problem = _worse(problem, ("stray '=' between its attributes", IGNORED + SPACED, "W-html"))
            pos += 1
            continue
        # a '=' before a name starts the name, as in the browser: `=width="8"` is no width
        name = char + _ATTR_NAME.match(text, pos + 1).group(0) if char == "=" else _ATTR_NAME.match(text, pos).group(0)
        if after_quote and pos == spaced and _GOOD_NAME.match(name):
            problem = _worse(problem, (f"no space before '{name}'", "browsers read it as meant; " + SPACED, "W-html"))
        pos += len(name)
        if not _GOOD_NAME.match(name):
            problem = _worse(problem, _bad_name(name))
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
                                               "close it; until then the browser reads the rest as the value, "
                                               "and the slide loses the tag and all after it", "E-html")
                value, pos, after_quote = text[pos + 1:close], close + 1, True
                if "\n" in value and ">" in value:  # the browser reads on to the next quote, past the '>'
                    problem = _worse(problem, (f"the quote after {name}= is not closed on its line",
                                               "close it; until then the tags after it are swallowed", "E-html"))
            elif (unquoted := _UNQUOTED.match(text, pos)) is not None:
                value, pos = unquoted.group(0), unquoted.end()
        key = name.lower()
        if key in attrs and _GOOD_NAME.match(name):
            problem = _worse(problem, (f"'{name}' is given twice",
                                       f"the browser keeps the first, {name}=\"{attrs[key]}\"; remove the other",
                                       "W-html"))
        attrs.setdefault(key, value)


def _bad_name(name: str) -> tuple[str, str, str]:
    """What an attribute name no browser reads as the author meant says: stray characters alone
    are an attribute of their own that does nothing (`<img src="a" , width="8">` keeps its width);
    glued to a name they make it another one, and the attribute is lost (`,width="8"`)."""
    # the first character no name may hold, else the first one (a name may not start with it)
    bad = next((c for c in name if not (c.isalnum() or c in "-_:.@")), name[0])
    meant = name.lstrip("".join(c for c in name if not (c.isalnum() or c in "-_:.@")))
    if meant != name and _GOOD_NAME.match(meant):
        return (f"'{bad}' is glued to '{meant}'",
                f"the browser reads an attribute named '{name}' and drops {meant}; put a space between them", "E-html")
    return f"stray '{bad}' between its attributes", IGNORED + SPACED, "W-html"


def _worse(kept: tuple[str, str, str], found: tuple[str, str, str]) -> tuple[str, str, str]:
    """The problem a tag reports: the first error, else the first warning."""
    return found if not kept[0] or (found[2] == "E-html" and kept[2] != "E-html") else kept

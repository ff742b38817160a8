"""Read a deck file into the model: front matter, remark's slides and properties, formulas, remark's text."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from . import lexer
from .deck import Deck, Property, Slide
from .errors import DeckError, Problem
from .frontmatter import Settings, parse_settings, split_front_matter
from .mathtex import find_math
from .source import remark_source

# remark's extractProperties: `key: value` lines at the top of a slide, or `<!-- key: value -->`
# anywhere in the slide's first text (remark really does accept those anywhere).
_PROPERTY = re.compile(r"^\n*([-\w]+):([^$\n]*)|\n*(?:<!--\s*)([-\w]+):([^$\n]*?)(?:\s*-->)", re.I)
# The same at a given position, as if the text began there (`^` matches only at the real start).
_PROPERTY_HERE = re.compile(_PROPERTY.pattern.removeprefix("^"), re.I)
_NEWLINE = re.compile("\n")


def read_text(path: Path) -> str:
    """A source file's text with LF line ends, or a DeckError naming the line of a non-UTF-8 byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, 1, f"cannot read deck: {exc.strerror}", "check the path and its permissions")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckError([Problem(path, line, f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                                 "save it as UTF-8 in your editor")])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_deck(path: Path, name: str | None = None) -> Deck:
    """Read a deck file into the model. The problems of its front matter go into `deck.problems`
    (a bad setting keeps its default), so that the build reports them with every other finding of
    the deck. DeckError when there is nothing to check: a file that cannot be read, a front matter
    block that is never closed (no line after it means what the author wrote), no slides."""
    path = Path(path)
    text = read_text(path)
    raw, fm_lines, problems = split_front_matter(text, path)
    if problems and not fm_lines:
        raise DeckError(problems)
    settings, setting_problems = parse_settings(raw, path)
    problems += setting_problems
    body = "\n".join(text.split("\n")[fm_lines:]) if fm_lines else text
    if not body.strip():
        raise DeckError(problems + [Problem(path, max(fm_lines, 1), "deck has no slides",
                                            "write at least one slide of Markdown after the front matter")])
    deck = parse_body(path, settings, body, fm_lines, name)
    deck.problems = problems
    return deck


def parse_body(path: Path, settings: Settings, body: str, body_line: int, name: str | None = None) -> Deck:
    """Split the remark source into slides exactly as remark does, and number them as it shows them."""
    cleaned = lexer.clean_input(body)
    tokens = lexer.lex(cleaned)
    deck = Deck(src_path=path, name=path.stem if name is None else name, settings=settings, body=cleaned,
                body_line=body_line, tokens=tokens, slides=[], _newlines=[m.start() for m in _NEWLINE.finditer(cleaned)])
    groups: list[tuple[bool, int, list[lexer.Token]]] = [(False, 0, [])]
    for token in tokens:
        if token.kind == "separator":
            groups.append((token.text == "--", token.end, []))
        else:
            groups[-1][2].append(token)
    for index, (continued, start, group) in enumerate(groups):
        end = groups[index + 1][1] if index + 1 < len(groups) else len(cleaned)
        notes = next((t for t in group if t.kind == "notes_separator"), None)
        slide = Slide(index=index, line=deck.line_of(start), end_line=deck.line_of(max(start, end - 1)),
                      continued=continued, properties=_properties(deck, group), tokens=group,
                      notes_line=deck.line_of(notes.start + (cleaned[notes.start] == "\n")) if notes else None)
        deck.slides.append(slide)
    _number(deck)
    deck.math, deck.escaped_dollars = find_math(deck)
    deck.remark_text = remark_source(deck)
    return deck


def _properties(deck: Deck, group: list[lexer.Token]) -> dict[str, Property]:
    """remark's extractProperties over the slide's first text, keeping each property's line."""
    parts: list[str] = []
    part_starts: list[int] = []   # where each part begins in the joined text
    token_starts: list[int] = []  # and in the body
    length = 0
    for token in group:
        if token.kind in ("content_start", "notes_separator"):
            break
        if token.kind in ("text", "inline_code", "code", "fences"):
            parts.append(token.text)
            part_starts.append(length)
            token_starts.append(token.start)
            length += len(token.text)
    source = "".join(parts)
    removed: list[tuple[int, int]] = []  # (start in the joined text, length) of each removed match

    def in_body(pos: int) -> int:   # a position in the joined text
        part = bisect.bisect_right(part_starts, pos) - 1
        return token_starts[part] + pos - part_starts[part]

    def body_offset(pos: int) -> int:   # a position in the text after the removals
        return in_body(_joined_offset(removed, pos))

    found: dict[str, Property] = {}
    # The properties at the top, each removed from the front, need no copy of the rest: a slide
    # with thousands of them takes linear time (remark searches from the front again each time).
    skip = 0
    while (match := _PROPERTY_HERE.match(source, skip)) is not None:
        group_at = 1 if match.group(1) is not None else 3
        name, value = match.group(group_at).strip(), match.group(group_at + 1).strip()
        found[name] = Property(name, value, deck.line_of(in_body(match.start(group_at))))
        skip = match.end()
    if skip:
        source, removed = source[skip:], [(0, skip)]
    while (match := _PROPERTY.search(source)) is not None:
        group_at = 1 if match.group(1) is not None else 3
        name, value = match.group(group_at).strip(), match.group(group_at + 1).strip()
        found[name] = Property(name, value, deck.line_of(body_offset(match.start(group_at))))
        bisect.insort(removed, (_joined_offset(removed, match.start()), match.end() - match.start()))
        source = source[:match.start()] + source[match.end():]
    return found


def _joined_offset(removed: list[tuple[int, int]], pos: int) -> int:
    """A position in the text after earlier removals, as a position in the original joined text."""
    for start, size in removed:
        if start > pos:
            break
        pos += size
    return pos


def _number(deck: Deck) -> None:
    """Give shown slides remark's numbers: layouts and excluded slides get none, and the counter
    skips `count: false` slides and (unless countIncrementalSlides) `--` increments."""
    count_increments = deck.settings.remark.get("countIncrementalSlides", False)
    number = 0
    for slide in deck.slides:
        if slide.excluded or slide.is_layout:
            continue
        number += 1
        slide.number = number
        count = slide.prop("count", "")
        if not count and slide.continued and not count_increments:
            count = "false"
        slide.counted = count != "false"

"""The deck model every stage reads: a deck's settings and its slides, with their lines in the file."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from pathlib import Path

from . import lexer
from .errors import DeckError, Problem
from .frontmatter import Settings, parse_settings, split_front_matter

# remark's extractProperties: `key: value` lines at the top of a slide, or `<!-- key: value -->`
# anywhere in the slide's first text (remark really does accept those anywhere).
_PROPERTY = re.compile(r"^\n*([-\w]+):([^$\n]*)|\n*(?:<!--\s*)([-\w]+):([^$\n]*?)(?:\s*-->)", re.I)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NEWLINE = re.compile("\n")
_CLASS_SPAN = re.compile(r"\.[A-Za-z_-][\w-]*(?:\.[A-Za-z_-][\w-]*)*\[([^\[\]]*)\]")


@dataclasses.dataclass(frozen=True)
class Property:
    """A slide property (`class: middle`) and the line it is written on."""

    name: str
    value: str
    line: int


@dataclasses.dataclass
class Slide:
    """One slide as remark parses it: where it is in the file, its properties, content and notes."""

    index: int                 # position among all slides of the source, excluded ones included
    line: int                  # first line of the slide in the file
    end_line: int              # last line of the slide in the file
    continued: bool            # started by `--` (an increment of the previous slide)
    properties: dict[str, Property]
    tokens: list[lexer.Token]  # the slide's tokens, notes included
    notes_line: int | None = None
    number: int | None = None  # remark's 1-based slide number; None when excluded or a layout slide
    counted: bool = False      # shown by remark's counter (`count: false` and increments are not)

    def prop(self, name: str, default: str = "") -> str:
        found = self.properties.get(name)
        return found.value if found else default

    @property
    def excluded(self) -> bool:
        return self.prop("exclude").lower() == "true"

    @property
    def is_layout(self) -> bool:
        return self.prop("layout") == "true"


@dataclasses.dataclass
class Deck:
    """A deck source file, read: settings, the text remark gets, and its slides."""

    src_path: Path
    name: str                  # the output folder: OUT/<name>/index.html
    settings: Settings
    body: str                  # the source without its front matter, as remark gets it
    body_line: int             # lines taken by the front matter: body line 1 is file line body_line + 1
    tokens: list[lexer.Token]
    slides: list[Slide]
    problems: list[Problem] = dataclasses.field(default_factory=list)  # the front matter's, reported with the doctor's
    _newlines: list[int] = dataclasses.field(default_factory=list, repr=False)

    def line_of(self, offset: int) -> int:
        """The file's own line number of a character offset in `body`."""
        return self.body_line + bisect.bisect_right(self._newlines, offset - 1) + 1

    @property
    def shown_slides(self) -> list[Slide]:
        return [s for s in self.slides if s.number is not None]

    @property
    def slide_count(self) -> int:
        return len(self.shown_slides)

    @property
    def counted_count(self) -> int:
        return sum(1 for s in self.shown_slides if s.counted)

    @property
    def title(self) -> str:
        return self.settings.title or _first_heading(self) or self.name

    def slide_at(self, line: int) -> Slide | None:
        """The slide that holds a file line (None before the first slide)."""
        index = bisect.bisect_right(self._slide_lines, line) - 1
        return self.slides[index] if index >= 0 else None

    @functools.cached_property
    def _slide_lines(self) -> list[int]:
        return [slide.line for slide in self.slides]

    @functools.cached_property
    def remark_text(self) -> str:
        """The text remark gets (source.remark_source), made once per deck: the build page and the
        live server's update both need it."""
        from .source import remark_source  # source.py reads the model, so it imports this module

        return remark_source(self)

    @functools.cached_property
    def math(self) -> tuple[list, list[int]]:
        """(formulas, offsets of escaped dollars) in the prose: mathtex.find_math, once per deck."""
        from .mathtex import find_math  # mathtex.py reads the model, so it imports this module

        return find_math(self)

    @functools.cached_property
    def shown_math(self) -> list:
        """The formulas on slides remark shows (not `exclude: true`): the ones checked and typeset."""
        return [m for m in self.math[0] if not self.slide_at(m.line).excluded]

    @functools.cached_property
    def prose(self) -> list[tuple[int, int]]:
        """(start, end) offsets in `body` of the text Markdown treats as prose: not fenced, indented
        or inline code, not HTML comments. remark's lexer calls every 4-space-indented line code,
        but Markdown continues a paragraph with it unless a blank line comes first."""
        runs: list[list[int]] = []
        previous = None
        for token in self.tokens:
            if token.kind == "text" or (token.kind == "code" and not _is_code_block(self, token, previous)):
                if runs and runs[-1][1] == token.start:
                    runs[-1][1] = token.end
                else:
                    runs.append([token.start, token.end])
            previous = token
        spans = []
        for start, end in runs:
            pos = start
            for comment in _COMMENT.finditer(self.body, start, end):
                spans.append((pos, comment.start()))
                pos = comment.end()
            spans.append((pos, end))
        return [(a, b) for a, b in spans if b > a]


def _is_code_block(deck: Deck, token: lexer.Token, previous: lexer.Token | None) -> bool:
    """Whether an indented `code` token is a Markdown code block: it starts the slide or follows a blank line."""
    line_start = token.start + (deck.body[token.start] == "\n")
    if line_start == 0 or previous is None or previous.kind in ("separator", "notes_separator"):
        return True
    before = deck.body.rfind("\n", 0, line_start - 1)
    return not deck.body[before + 1:line_start - 1].strip()


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


def load_deck(path: Path) -> Deck:
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
    deck = parse_body(path, settings, body, fm_lines)
    deck.problems = problems
    return deck


def parse_body(path: Path, settings: Settings, body: str, body_line: int) -> Deck:
    """Split the remark source into slides exactly as remark does, and number them as it shows them."""
    cleaned = lexer.clean_input(body)
    tokens = lexer.lex(cleaned)
    deck = Deck(src_path=path, name=path.stem, settings=settings, body=cleaned, body_line=body_line,
                tokens=tokens, slides=[], _newlines=[m.start() for m in _NEWLINE.finditer(cleaned)])
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

    def body_offset(pos: int) -> int:
        pos = _joined_offset(removed, pos)
        part = bisect.bisect_right(part_starts, pos) - 1
        return token_starts[part] + pos - part_starts[part]

    found: dict[str, Property] = {}
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


def _first_heading(deck: Deck) -> str:
    for slide in deck.shown_slides:
        for token in slide.tokens:
            if token.kind != "text":
                continue
            for match in re.finditer(r"^#\s", token.text, re.M):
                start = token.start + match.start()
                end = deck.body.find("\n", start)
                line = deck.body[start:end if end >= 0 else None]
                if heading := _HEADING.match(line):
                    return strip_classes(heading.group(1))
    return ""


def strip_classes(text: str) -> str:
    """`Hands on .red[deep learning]` -> `Hands on deep learning`."""
    previous = None
    while previous != text:
        previous, text = text, _CLASS_SPAN.sub(r"\1", text)
    return text.strip()

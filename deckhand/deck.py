"""The deck model every stage reads: a deck's settings, its slides and formulas, with their lines in the file.

Data only: parse.py fills it from a file; the stages read it and import this module, never the reverse.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from pathlib import Path

from . import lexer
from .errors import Problem
from .frontmatter import Settings

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CLASS_SPAN = re.compile(r"\.[A-Za-z_-][\w-]*(?:\.[A-Za-z_-][\w-]*)*\[([^\[\]]*)\]")


@dataclasses.dataclass(frozen=True)
class Math:
    """One formula: where it lies in the deck body, its TeX, and whether it is display math."""

    start: int
    end: int
    tex: str
    display: bool
    line: int


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
    math: list[Math] = dataclasses.field(default_factory=list)         # every formula in the prose (mathtex.py)
    escaped_dollars: list[int] = dataclasses.field(default_factory=list)  # offsets of `\$` in the prose
    remark_text: str = ""      # the text remark gets (source.py): math hidden from Markdown, raw-text tags as text
    stylesheets: list[str] = dataclasses.field(default_factory=list)  # the page's links to its `css:` files, in order
    _newlines: list[int] = dataclasses.field(default_factory=list, repr=False)

    def line_of(self, offset: int) -> int:
        """The file's own line number of a character offset in `body`."""
        return self.body_line + bisect.bisect_right(self._newlines, offset - 1) + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """The (start, end) offsets in `body` of a file line, its newline included."""
        index = line - self.body_line - 1
        start = self._newlines[index - 1] + 1 if 0 < index <= len(self._newlines) else 0
        end = self._newlines[index] + 1 if 0 <= index < len(self._newlines) else len(self.body)
        return start, end

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
    def shown_math(self) -> list:
        """The formulas on slides remark shows (not `exclude: true`): the ones checked and typeset."""
        return [m for m in self.math if not self.slide_at(m.line).excluded]

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

"""What every check shares: the per-deck scan (found once) and the way a finding is made."""

from __future__ import annotations

import bisect
import dataclasses
import functools

from ..assets import AssetRef
from ..deck import Deck, Math, Slide
from ..errors import Problem
from ..lexer import Token


@dataclasses.dataclass(frozen=True)
class Tag:
    """An HTML tag in a slide's prose, with its attributes and what is malformed about it."""

    name: str                  # lower case
    closing: bool              # an end tag, </name>
    self_closing: bool         # <name ... />
    attrs: dict[str, str]      # the first value of each attribute, names in lower case
    line: int
    slide: int                 # index of the slide it is on
    notes: bool                # in the slide's notes
    problem: tuple[str, str, str] = ("", "", "")  # (what is malformed, what to do, E-html or W-html) or empty


@dataclasses.dataclass
class Scan:
    """One deck as the checks see it: the slides remark shows (excluded ones left out), the files
    they use, their formulas, and their HTML tags and <style> blocks."""

    deck: Deck
    refs: list[AssetRef]
    slides: list[Slide]
    math: list[Math]
    tags: list[Tag] = dataclasses.field(default_factory=list)
    styles: list[str] = dataclasses.field(default_factory=list)
    lines: list[str] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = self.deck.body.split("\n")

    def line_text(self, line: int) -> str:
        """The text of a file line of the deck's body."""
        return self.lines[line - self.deck.body_line - 1]

    @functools.cached_property
    def prose(self) -> list[tuple[Slide, bool, int, int]]:
        """(slide, in_notes, start, end) for each run of prose (deck.prose) on the shown slides."""
        deck = self.deck
        starts = [0] + [t.end for t in deck.tokens if t.kind == "separator"]
        shown = {s.index: s for s in self.slides}
        notes_at = {s.index: next((t.start for t in s.tokens if t.kind == "notes_separator"), None)
                    for s in self.slides}
        runs = []
        for start, end in deck.prose:
            index = bisect.bisect_right(starts, start) - 1
            if index in shown:
                notes = notes_at[index]
                runs.append((shown[index], notes is not None and start >= notes, start, end))
        return runs


def finding(deck: Deck, line: int, code: str, message: str, hint: str = "") -> Problem:
    """A finding of a check; its code's prefix gives the severity (E- error, W- warning)."""
    return Problem(deck.src_path, line, message, hint, "error" if code.startswith("E-") else "warning", code)


def parts(slide: Slide) -> tuple[list[Token], list[Token]]:
    """A slide's tokens split into what the slide shows and its notes (after `???`)."""
    for i, token in enumerate(slide.tokens):
        if token.kind == "notes_separator":
            return slide.tokens[:i], slide.tokens[i + 1:]
    return slide.tokens, []


def slide_at(deck: Deck, line: int) -> Slide | None:
    """The slide that holds a file line."""
    return deck.slide_at(line)


def start_line(deck: Deck, token: Token) -> int:
    """The line a block token starts on (block tokens begin with the newline before them)."""
    return deck.line_of(token.start + (deck.body[token.start:token.start + 1] == "\n"))


def quoted(text: str, limit: int = 48) -> str:
    """`text` shortened to one line for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"

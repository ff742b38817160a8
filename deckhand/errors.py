"""Every exception the tool raises on purpose, one small hierarchy caught once by the commands, and the
problem record that names `path:line`."""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck, at a place in a file, with what to do about it."""

    path: Path
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"
    code: str = ""

    def __str__(self) -> str:
        place = f"{display_path(self.path)}:{self.line}" if self.line else display_path(self.path)
        text = f"{place}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.code:  # the check's code, which `ignore:` silences
            text += f" [{self.code}]"
        return text


class DeckhandError(Exception):
    """What a command reports as one message and exit 1; anything else is a bug with a traceback."""


class UsageError(DeckhandError):
    """A problem that is in no file: the command line, or what this machine lacks. Says what to do."""


class DeckError(DeckhandError):
    """Raised with every problem found in the files; main() prints them all and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """The path as a user typed it: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

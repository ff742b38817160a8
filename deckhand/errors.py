"""Every exception the tool raises on purpose, one small hierarchy, and the Problem record:

    DeckhandError             what a command prints and exits 1 for (cli._run, the one place that catches it)
      DeckError               problems in the decks' files, each a Problem at path:line
      UsageError              a problem in no file: the command line, or what this machine lacks; says what to do
        BrowserError          no Chromium, or it would not start
          CdpError            Chromium refused a command, did not answer, or went away (pdf.py tells one
                              that happens while a deck prints as that deck's problem)
        KatexUnavailable      KaTeX cannot run at build time; never printed as an error: the checks make it
                              one W-math warning, and the page typesets its formulas in the browser instead

Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong, with what to do about it: at a place in a file (the line 0 when the whole
    file is meant), or in no file (path None: the live server's overlay shows those too)."""

    path: Path | None
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error", "warning", or "note" (said once, counts as neither: render checks skipped)
    code: str = ""

    def __str__(self) -> str:
        place = "" if self.path is None else display_path(self.path) + (f":{self.line}" if self.line else "")
        text = f"{place + ': ' if place else ''}{self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.code:  # the check's code, which `ignore:` silences
            text += f" [{self.code}]"
        return text


class DeckhandError(Exception):
    """What a command reports as one message and exit 1; anything else is a bug with a traceback."""


class DeckError(DeckhandError):
    """Raised with every problem found in the files; main() prints them all and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(DeckhandError):
    """A problem that is in no file: the command line, or what this machine lacks. The message says
    what is wrong, the hint what to do; printed as `build: error: message (hint)`."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(f"{message} ({hint})" if hint else message)
        self.message, self.hint = message, hint


class BrowserError(UsageError):
    """No Chromium to print with, or it would not start."""


class CdpError(BrowserError):
    """Chromium refused a command, did not answer in time, or went away."""


class KatexUnavailable(UsageError):
    """KaTeX cannot run at build time (no Node, or no KaTeX): what is missing, and what to do."""


def display_path(path: Path) -> str:
    """The path as a user typed it: relative to the working directory when it is below it (a link
    is shown where it is, not where it leads). A byte of a name that is not UTF-8 shows as `\\xff`,
    so that the path can be printed at all."""
    path = Path(path)
    try:
        shown = str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):   # outside it, or a symlink loop on the way
        try:
            shown = str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            shown = str(path)
    return printable(shown)


def printable(text: str) -> str:
    """`text` with the bytes of a file name that is not UTF-8 (surrogate escapes) as `\\xff`."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:   # a surrogate no file name makes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")

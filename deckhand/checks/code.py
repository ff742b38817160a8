"""Code samples: a fenced `python` block must parse, as the audience will copy it. Other
languages are left alone."""

from __future__ import annotations

import ast
import functools
import re
import textwrap
import warnings

from .base import Scan, finding, start_line

PYTHON = ("python", "py", "python3")
_SPAN = re.compile(r"([^`])`([^`]+?)`")
_PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")


def check_code(scan: Scan):
    """W-code for each python block that does not parse, at the line Python names."""
    deck = scan.deck
    options = deck.settings.remark
    default = str(options.get("highlightLanguage", "")).lower()
    for slide in scan.slides:
        for token in slide.tokens:
            if token.kind == "fences":
                first, *lines = token.text.strip("\n").split("\n")
                info = first.strip().lstrip("`~").split()
                language = info[0].lower() if info else default
                first_line = start_line(deck, token) + 1
                lines = lines[:-1]  # the closing fence
            elif token.kind == "code" and default in PYTHON:
                language, first_line = default, start_line(deck, token)
                lines = textwrap.dedent(token.text.strip("\n")).split("\n")
            else:
                continue
            if language not in PYTHON:
                continue
            error = python_error(lines, options.get("highlightLines", False), options.get("highlightSpans", False))
            if error:
                number, message = error
                yield finding(deck, first_line + number - 1, "W-code", f"Python code does not parse: {message}",
                              "fix it, or label the block with another language if it is not meant to run")


def python_error(lines: list[str], highlight_lines: bool, highlight_spans: bool) -> tuple[int, str] | None:
    """(line in the block, message) of the first syntax error, after remark's markup is taken out:
    a leading `*` highlights a line, backticks highlight a span. `>>>` sessions keep their input
    lines; `%magic` and `!shell` lines are skipped."""
    if highlight_lines:
        lines = [re.sub(r"^\*( )?", r"\1\1", line) for line in lines]
    if highlight_spans:
        lines = [_SPAN.sub(lambda m: m.group(0)[1:] if m.group(1) == "\\" else m.group(1) + m.group(2), line)
                 for line in lines]
    if any(line.startswith(">>>") for line in lines):
        lines = [_PROMPT.sub("", line) if _PROMPT.match(line) else "" for line in lines]
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in lines]
    return _syntax_error(textwrap.dedent("\n".join(lines)))


@functools.lru_cache(maxsize=1024)
def _syntax_error(source: str) -> tuple[int, str] | None:
    """Python's first syntax error in `source`, remembered: a live rebuild re-parses only the
    blocks that changed (parsing is a third of the doctor's time on the talk)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings (like "\d" in a string) are not ours to print
            ast.parse(source)
    except SyntaxError as exc:
        return exc.lineno or 1, exc.msg
    return None

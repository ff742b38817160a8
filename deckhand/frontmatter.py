"""Read a deck's front matter block (`---`, `key: value` lines, `---`) into checked settings.

Python-Markdown's `meta` extension reads the same block, but it lower-cases keys
(`highlightStyle` becomes `highlightstyle`) and forgets line numbers, and every message here must
name `path:line`; so this is a small reader of its own for exactly the format the README documents.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
import re
from pathlib import Path

from .codes import parse_codes
from .errors import Problem

NAVIGATION_WORDS = ("scroll", "touch", "click")

# key -> (kind, default). Defaults are the talk's own settings.
KEYS: dict[str, tuple[str, object]] = {
    "title": ("text", ""),
    "author": ("text", ""),
    "description": ("markdown", ""),   # shown on the index page as Markdown
    "lang": ("text", "en"),
    "date": ("date", ""),       # when the talk was given: the index lists the newest first
    "ratio": ("ratio", "4:3"),
    "highlightStyle": ("style", "zenburn"),
    "highlightLanguage": ("text", ""),
    "highlightLines": ("bool", True),
    "highlightSpans": ("bool", True),
    "highlightInlineCode": ("bool", False),
    "countIncrementalSlides": ("bool", False),
    "slideNumberFormat": ("text", "%current%/%total%"),
    "navigation": ("navigation", ("touch",)),
    "cloneTarget": ("text", "_blank"),
    "ignore": ("codes", ()),  # checks the deck doctor skips for this deck (deckhand/checks)
    "math": ("math", "katex"),  # how formulas are read: pandoc's rules, or as remark+MathJax 2.7 did
    "macros": ("macros", ()),   # the author's \newcommands for KaTeX: indented `\name: expansion` lines
    "css": ("paths", ()),       # the deck's own stylesheets, relative to the deck file, after the theme
}
REMARK_OPTIONS = [k for k in KEYS if k not in ("title", "author", "description", "lang", "date", "ignore", "math",
                                               "macros", "css")]
BLOCK_KEYS = ("macros",)   # keys whose value may go on in indented lines below them
MATH_MODES = ("katex", "mathjax")

# remark 0.14's bundled highlight.js styles (the keys of `styles` in src/remark/highlighter.js).
HIGHLIGHT_STYLES = (
    "agate androidstudio arduino-light arta ascetic atelier-cave-dark atelier-cave-light "
    "atelier-dune-dark atelier-dune-light atelier-estuary-dark atelier-estuary-light "
    "atelier-forest-dark atelier-forest-light atelier-heath-dark atelier-heath-light "
    "atelier-lakeside-dark atelier-lakeside-light atelier-plateau-dark atelier-plateau-light "
    "atelier-savanna-dark atelier-savanna-light atelier-seaside-dark atelier-seaside-light "
    "atelier-sulphurpool-dark atelier-sulphurpool-light atom-one-dark atom-one-light brown-paper "
    "codepen-embed color-brewer darcula dark darkula default docco dracula far foundation github "
    "github-gist googlecode grayscale gruvbox-dark gruvbox-light hopscotch hybrid idea ir-black "
    "kimbie.dark kimbie.light magula mono-blue monokai monokai-sublime obsidian ocean paraiso-dark "
    "paraiso-light purebasic qtcreator_dark qtcreator_light railscasts rainbow school-book "
    "solarized-dark solarized-light sunburst tomorrow tomorrow-night tomorrow-night-blue "
    "tomorrow-night-bright tomorrow-night-eighties vs xcode xt256 zenburn "
).split()

# Python-Markdown takes time quadratic in the length of some text (2,000 '[' take 0.6 s, 1,000 take
# 0.15 s, 2 MB never end): a description is a summary, and this bounds the index page's build.
MAX_MARKDOWN = 1000
MAX_RATIO = 10   # the widest and tallest slide `ratio:` may ask for
_KEY_VALUE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_RATIO = re.compile(r"^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$")
# A macro: `\name: expansion`; the name a control word (`\R`) or one other character (`\|`).
_MACRO = re.compile(r"^(\\(?:[A-Za-z]+|[^A-Za-z\s]))\s*:\s*(.*?)\s*$")
MAX_MACROS = 200


@dataclasses.dataclass(frozen=True)
class Settings:
    """A deck's settings: its metadata and the options handed to remark.create."""

    title: str = ""
    author: str = ""
    description: str = ""
    lang: str = "en"
    date: str = ""        # ISO 8601, `2023-05-12` (checked), or ''
    ratio: str = "4:3"
    remark: dict = dataclasses.field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    math: str = "katex"   # one of MATH_MODES (mathtex.py reads formulas by it)
    macros: tuple[tuple[str, str], ...] = ()   # (\name, expansion): KaTeX's `macros` option
    css: tuple[str, ...] = ()    # stylesheet paths as written, relative to the deck file (assets.py resolves them)
    lines: dict = dataclasses.field(default_factory=dict)   # key -> the front matter line it is written on

    @property
    def ratio_value(self) -> float:
        width, height = self.ratio.split(":")
        return float(width) / float(height)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, tuple[str, int]], int, list[Problem]]:
    """Cut the front matter block: its raw `key -> (value, line)`, the number of lines it takes,
    and the problems found (an unclosed block, a line that is not `key: value`)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, 0, []
    raw: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    block = None   # the key whose indented lines are being read
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            return _ended_blocks(raw), number, problems
        if block is not None and (not line.strip() or line[:1] in " \t"):
            value, start = raw[block]   # a block's lines are kept in place, blank ones too: line numbers
            raw[block] = (value + "\n" + line.strip(), start)
            continue
        block = None
        if not line.strip():
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            problems.append(Problem(path, number, f"front matter line is not 'key: value': {line.strip()!r}",
                                    "write one setting per line, like 'title: My talk'"))
            continue
        raw[match.group(1)] = (_unquote(match.group(2)), number)
        block = match.group(1) if match.group(1) in BLOCK_KEYS else None
    return {}, 0, [Problem(path, 1, "front matter block is not closed",
                           "add a line '---' after the last 'key: value' line")]


def _ended_blocks(raw: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """The raw values with the blank lines that closed a block taken off its end."""
    return {key: (value.rstrip("\n") if key in BLOCK_KEYS else value, line) for key, (value, line) in raw.items()}


def parse_settings(raw: dict[str, tuple[str, int]], path: Path) -> tuple[Settings, list[Problem]]:
    """Check every key and value; unknown keys and bad values become problems at their line."""
    values: dict[str, object] = {key: default for key, (_, default) in KEYS.items()}
    problems: list[Problem] = []
    for key, (value, line) in raw.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
            problems.append(Problem(path, line, f"unknown front matter key '{key}'", hint))
            continue
        kind = KEYS[key][0]
        if kind == "markdown" and len(value) > MAX_MARKDOWN:
            problems.append(Problem(path, line, f"'{key}' is {len(value):,} characters long, more than the "
                                    f"{MAX_MARKDOWN:,} it may have",
                                    "shorten it to a summary of the deck: the index page shows it on the deck's card"))
            continue
        if kind == "macros":
            values[key], found = _macros(value, line, path)
            problems += found
            continue
        try:
            values[key] = _convert(kind, value)
        except ValueError as exc:
            # a date the index cannot read breaks nothing the audience sees: the card is undated
            problems.append(Problem(path, line, f"bad value for '{key}': {value!r}", str(exc),
                                    severity="warning" if kind == "date" else "error"))
    remark = {key: values[key] for key in REMARK_OPTIONS}
    remark["navigation"] = {word: word in values["navigation"] for word in NAVIGATION_WORDS}
    settings = Settings(title=values["title"], author=values["author"], description=values["description"],
                        lang=values["lang"], date=values["date"], ratio=values["ratio"], remark=remark, ignore=values["ignore"],
                        math=values["math"], macros=values["macros"], css=values["css"],
                        lines={key: line for key, (_, line) in raw.items()})
    return settings, problems


def _macros(value: str, line: int, path: Path) -> tuple[tuple[tuple[str, str], ...], list[Problem]]:
    """`macros:`'s lines (the first may be on the key's own line) as (name, expansion) pairs, and a
    problem at the line of each one that is not `\\name: expansion`."""
    found: dict[str, str] = {}
    problems = []
    for number, text in enumerate(value.split("\n"), start=line):
        text = text.strip()
        if not text:
            continue
        match = _MACRO.match(text)
        if not match or not match.group(2):
            problems.append(Problem(path, number, f"macro line is not '\\name: expansion': {text!r}",
                                    "write one macro per line, indented under 'macros:', like '  \\R: \\mathbb{R}' "
                                    "or '  \\norm: \\left\\lVert #1 \\right\\rVert' (#1 is its argument)"))
        elif match.group(1) in found:
            problems.append(Problem(path, number, f"macro '{match.group(1)}' is defined twice",
                                    "keep one of the two lines: the later one would win"))
        elif len(found) >= MAX_MACROS:
            problems.append(Problem(path, number, f"more than {MAX_MACROS} macros",
                                    "keep the ones the deck uses"))
            break
        else:
            found[match.group(1)] = match.group(2)
    return tuple(found.items()), problems


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _convert(kind: str, value: str) -> object:
    if kind in ("text", "markdown"):
        return value
    if kind == "bool":
        lowered = value.lower()
        if lowered in ("true", "yes", "on"):
            return True
        if lowered in ("false", "no", "off"):
            return False
        raise ValueError("use true or false")
    if kind == "ratio":
        match = _RATIO.match(value.replace(" ", ""))
        if not match or float(match.group(1)) <= 0 or float(match.group(2)) <= 0:
            raise ValueError("use width:height with positive numbers, like 4:3 or 16:9")
        width, height = float(match.group(1)), float(match.group(2))
        if not (math.isfinite(width) and math.isfinite(height) and 1 / MAX_RATIO <= width / height <= MAX_RATIO):
            raise ValueError(f"a slide at most {MAX_RATIO} times as wide as high or as high as wide, like 4:3 or 16:9")
        return f"{match.group(1)}:{match.group(2)}"
    if kind == "style":
        if value not in HIGHLIGHT_STYLES:
            close = difflib.get_close_matches(value, HIGHLIGHT_STYLES, n=1)
            raise ValueError(f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(HIGHLIGHT_STYLES))
        return value
    if kind == "navigation":
        words = tuple(w.strip().lower() for w in value.split(",") if w.strip())
        if words == ("none",):
            return ()
        wrong = [w for w in words if w not in NAVIGATION_WORDS]
        if wrong or not words:
            raise ValueError("a comma-separated list of scroll, touch, click (keys always work), or none")
        return words
    if kind == "math":
        if value.lower() not in MATH_MODES:
            raise ValueError("one of: katex (the default, pandoc's rules for $...$), mathjax (a deck written "
                             "for remark+MathJax: Markdown's escapes apply inside math)")
        return value.lower()
    if kind == "codes":
        return parse_codes(value)
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat() if value.strip() else ""
        except ValueError:
            raise ValueError("write the date as year-month-day, like 2023-05-12; until then the index "
                             "lists the deck with the undated ones") from None
    if kind == "paths":
        paths = tuple(p.strip() for p in value.split(",") if p.strip())
        if not paths:
            raise ValueError("a comma-separated list of stylesheet paths relative to the deck, like css: talk.css, ../shared.css")
        return paths
    raise AssertionError(kind)

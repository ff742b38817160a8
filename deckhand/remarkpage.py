"""Read a remark page (an `index.html` calling `remark.create`) into what a deck needs: its source,
options, title and metadata, stylesheets, and whether MathJax typeset its math (with its macros)."""

from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .errors import Problem

_CREATE = re.compile(r"\bremark\s*\.\s*create\s*\(")
_MATHJAX_CONFIG = re.compile(r"\bMathJax\s*\.\s*Hub\s*\.\s*Config\s*\(|\bMathJax\s*=\s*(?=\{)|window\s*\.\s*MathJax\s*=\s*(?=\{)")
_TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea\s*>", re.S | re.I)
_ID_SOURCE = re.compile(r"""\bid\s*=\s*["']?source\b""", re.I)
MAX_PAGE = 20_000_000   # bytes: a remark page is a few kB; its inline source a few hundred


@dataclasses.dataclass
class RemarkPage:
    """What a remark page says about its deck."""

    path: Path
    source: str | None = None          # the Markdown, when inline in the page's <textarea id="source">
    source_url: str | None = None      # remark.create's sourceUrl, as written
    source_line: int = 1               # where the page names or holds its source
    options: dict = dataclasses.field(default_factory=dict)   # remark.create's options, as read
    unread: list[str] = dataclasses.field(default_factory=list)   # options whose value is code, not data
    title: str = ""
    author: str = ""
    description: str = ""
    lang: str = ""
    stylesheets: list[tuple[str, int]] = dataclasses.field(default_factory=list)   # local <link> hrefs, line
    remote_stylesheets: list[str] = dataclasses.field(default_factory=list)
    styles: list[str] = dataclasses.field(default_factory=list)   # inline <style> blocks, in order
    mathjax: bool = False
    macros: dict[str, str] = dataclasses.field(default_factory=dict)


def read_page(path: Path) -> tuple[RemarkPage | None, list[Problem]]:
    """The page's deck, or None and why not (it calls no remark.create, or cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 0, f"cannot read the page: {exc.strerror}", "check the file's permissions")]
    if len(data) > MAX_PAGE:
        return None, [Problem(path, 0, f"the page is larger than {MAX_PAGE // 1_000_000} MB", "import its Markdown instead")]
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    reader = _Reader()
    try:
        reader.feed(text)
        reader.close()
    except (AssertionError, ValueError):   # HTMLParser gives up on some broken markup; what it read stands
        pass
    page = RemarkPage(path=path, title=" ".join(reader.title.split()), author=reader.meta.get("author", ""),
                      description=" ".join(reader.meta.get("description", "").split()), lang=reader.lang,
                      stylesheets=reader.links, remote_stylesheets=reader.remote_links, styles=reader.styles)
    problems: list[Problem] = []
    scripts = " ".join(src for src, _ in reader.scripts)
    page.mathjax = "mathjax" in scripts.lower() or any("MathJax" in code for code, _ in reader.inline)
    create = None
    for code, line in reader.inline:
        found = _CREATE.search(code)
        if found and create is None:
            create = (code, found.end(), line + code.count("\n", 0, found.start()))
        for config in _MATHJAX_CONFIG.finditer(code):
            value, _ = parse_js(code, config.end())
            page.macros.update(_macros(value))
    if create is None:
        return None, [Problem(path, 1, "no remark.create(...) in the page", "point the importer at a remark page")]
    code, at, line = create
    options, _ = parse_js(code, at)
    options = options if isinstance(options, dict) else {}
    page.options = {k: v for k, v in options.items() if not isinstance(v, _Code)}
    page.unread = [k for k, v in options.items() if isinstance(v, _Code)]
    page.source_line = line
    url = page.options.pop("sourceUrl", None)
    inline = page.options.pop("source", None)
    if isinstance(url, str):
        page.source_url = url
    elif isinstance(inline, str):   # remark.create({source: '...'})
        page.source = inline
    else:
        area = next((m for m in _TEXTAREA.finditer(text) if _ID_SOURCE.search(m.group(1))), None)
        if area is None:
            problems.append(Problem(path, line, "remark.create has no sourceUrl and the page no <textarea id=\"source\">",
                                    "give remark.create({sourceUrl: 'slides.md'}) or put the Markdown in the page"))
            return None, problems
        page.source = html.unescape(area.group(2)).removeprefix("\n")
        page.source_line = text.count("\n", 0, area.start(2)) + 1
    return page, problems


class _Reader(HTMLParser):
    """The parts of a page the importer reads: title, meta, lang, stylesheets, scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.lang, self.meta = "", "", {}
        self.links: list[tuple[str, int]] = []
        self.remote_links: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[str, int]] = []     # (src, line)
        self.inline: list[tuple[str, int]] = []      # (code, line)
        self._in = ""

    def handle_starttag(self, tag, attrs):
        found = {k.lower(): (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if tag == "html":
            self.lang = found.get("lang", "")
        elif tag == "meta" and found.get("name", "").lower() in ("author", "description"):
            self.meta[found["name"].lower()] = found.get("content", "")
        elif tag == "link" and "stylesheet" in found.get("rel", "").lower().split() and found.get("href"):
            href = found["href"].strip()
            remote = re.match(r"^(?:[a-z][a-z0-9+.-]+:|//)", href, re.I)
            (self.remote_links.append(href) if remote else self.links.append((href, line)))
        elif tag == "script":
            self._in = "script"
            if found.get("src"):
                self.scripts.append((found["src"], line))
            self._start = line
        elif tag in ("style", "title"):
            self._in, self._start = tag, line

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = ""

    def handle_data(self, data):
        if self._in == "script" and data.strip():
            self.inline.append((data, self._start))
        elif self._in == "style":
            self.styles.append(data)
        elif self._in == "title":
            self.title += data


class _Code(str):
    """A value in the options that is code (a function, a variable): not carried over."""


def parse_js(text: str, at: int) -> tuple[object, int]:
    """The JavaScript literal starting at `at` (after spaces and comments): objects, arrays,
    strings in any quotes, numbers, true/false/null; anything else comes back as _Code, skipped
    to the next `,` `}` `]` `)` at its depth. Returns the value and where it ends. Never raises."""
    at = _skip(text, at)
    if at >= len(text):
        return _Code(""), at
    char = text[at]
    if char == "{":
        found, at = {}, at + 1
        while True:
            at = _skip(text, at)
            if at >= len(text) or text[at] == "}":
                return found, at + 1
            key, at = _key(text, at)
            at = _skip(text, at)
            if key is None or at >= len(text) or text[at] != ":":
                at = _past_value(text, at)
            else:
                found[key], at = parse_js(text, at + 1)
            at = _skip(text, at)
            if at < len(text) and text[at] == ",":
                at += 1
            elif at < len(text) and text[at] != "}":
                return found, _past_value(text, at)
    if char == "[":
        items, at = [], at + 1
        while True:
            at = _skip(text, at)
            if at >= len(text) or text[at] == "]":
                return items, at + 1
            value, at = parse_js(text, at)
            items.append(value)
            at = _skip(text, at)
            if at < len(text) and text[at] == ",":
                at += 1
            elif at < len(text) and text[at] != "]":
                return items, _past_value(text, at)
    if char in "'\"`":
        value, end = _string(text, at)
        if char == "`" and "${" in value:
            return _Code(value), end
        return value, end
    word = re.compile(r"-?\d+(?:\.\d+)?\b|true\b|false\b|null\b").match(text, at)
    if word:
        after = _skip(text, word.end())
        if after >= len(text) or text[after] in ",}])":
            value = word.group(0)
            if value in _WORDS:
                return _WORDS[value], word.end()
            return (float(value) if "." in value else int(value)), word.end()
    end = _past_value(text, at)
    return _Code(text[at:end].strip()), end


def _skip(text: str, at: int) -> int:
    """Past spaces and comments."""
    while at < len(text):
        if text[at].isspace():
            at += 1
        elif text.startswith("//", at):
            end = text.find("\n", at)
            at = len(text) if end < 0 else end + 1
        elif text.startswith("/*", at):
            end = text.find("*/", at + 2)
            at = len(text) if end < 0 else end + 2
        else:
            return at
    return at


def _key(text: str, at: int) -> tuple[str | None, int]:
    if text[at] in "'\"`":
        return _string(text, at)
    word = re.compile(r"[A-Za-z_$][\w$]*").match(text, at)
    return (word.group(0), word.end()) if word else (None, at)


_WORDS = {"true": True, "false": False, "null": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _string(text: str, at: int) -> tuple[str, int]:
    quote, out, at = text[at], [], at + 1
    while at < len(text) and text[at] != quote:
        if text[at] == "\\" and at + 1 < len(text):
            at += 1
            out.append(_ESCAPES.get(text[at], text[at]))
        else:
            out.append(text[at])
        at += 1
    return "".join(out), at + 1


def _past_value(text: str, at: int) -> int:
    """Past an expression: to the next `,` `}` `]` `)` outside brackets and strings."""
    depth = 0
    while at < len(text):
        at = _skip(text, at)
        if at >= len(text):
            break
        char = text[at]
        if char in "'\"`":
            _, at = _string(text, at)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return at
            depth -= 1
        elif char == "," and depth == 0:
            return at
        at += 1
    return at


def _macros(config: object) -> dict[str, str]:
    """MathJax's TeX macros in its config (`TeX: {Macros: {RR: '{\\bf R}', bold: ['{\\bf #1}', 1]}}`,
    MathJax 3's `tex: {macros: ...}`), as `\\name -> expansion`."""
    if not isinstance(config, dict):
        return {}
    found = {}
    for section in ("TeX", "tex"):
        table = config.get(section)
        macros = table.get("Macros", table.get("macros")) if isinstance(table, dict) else None
        if isinstance(macros, dict):
            for name, value in macros.items():
                expansion = value[0] if isinstance(value, list) and value else value
                if isinstance(expansion, str) and re.fullmatch(r"[A-Za-z]+", name):
                    found["\\" + name] = " ".join(expansion.split())
    return found

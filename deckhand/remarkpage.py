"""Read a remark page (an `index.html` that calls `remark.create`) into what the importer needs: the
Markdown or where it is, remark's options, the title and metadata, the page's own stylesheets, and
whether (and how) it used MathJax. Pure: text in, a RemarkPage out; nothing is run or fetched."""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .errors import Problem
from .jsliteral import Code, read_value

_CREATE = re.compile(r"\bremark\s*\.\s*create\s*\(")
_MATHJAX_CONFIG = re.compile(r"\bMathJax\s*\.\s*Hub\s*\.\s*Config\s*\(|\bMathJax\s*=\s*(?=\{)")
# The element remark reads its Markdown from (api.js: `getElementById('source')`), and its end: a
# textarea's text is RCDATA and a script's raw text, both ended by the first end tag of their name.
_SOURCE_ELEMENT = re.compile(r"<(textarea|script)\b[^>]*?\bid\s*=\s*(?:\"source\"|'source'|source\b)[^>]*>", re.I)


@dataclasses.dataclass(frozen=True)
class Stylesheet:
    """A `<link rel=stylesheet href>` (href set) or an inline `<style>` block (css set), at its line."""

    line: int
    href: str = ""
    css: str = ""


@dataclasses.dataclass
class RemarkPage:
    """What a remark page says; `problems` are why it cannot be imported."""

    path: Path
    title: str = ""
    author: str = ""
    description: str = ""
    lang: str = ""
    options: dict = dataclasses.field(default_factory=dict)   # remark.create's, as Python values
    create_line: int = 0                                      # where remark.create is called (0: nowhere)
    source: str | None = None                                 # the Markdown of the #source element
    source_line: int = 0                                      # the page line its first Markdown line is on
    stylesheets: list[Stylesheet] = dataclasses.field(default_factory=list)
    scripts: list[tuple[int, str]] = dataclasses.field(default_factory=list)   # (line, src) of <script src>
    mathjax: bool = False
    macros: dict = dataclasses.field(default_factory=dict)     # MathJax TeX Macros, as configured
    mathjax_line: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)
    notes: list[Problem] = dataclasses.field(default_factory=list)   # warnings: what is left out

    @property
    def source_url(self) -> str:
        url = self.options.get("sourceUrl")
        return url if isinstance(url, str) else ""


def calls_remark(text: str) -> bool:
    """Whether a page's text calls remark.create (a quick look, before reading it)."""
    return _CREATE.search(text) is not None


def read_page(text: str, path: Path) -> RemarkPage:
    """Read a remark page's HTML."""
    page = RemarkPage(path=path)
    lines = _LineIndex(text)
    match = _SOURCE_ELEMENT.search(text)
    if match:
        text = _take_source(page, text, match, lines)
    reader = _PageReader(page, lines)
    reader.feed(text)
    reader.close()
    if not page.create_line:
        page.problems.append(Problem(path, 0, "the page does not call remark.create",
                                     "import the HTML page that shows the slides (the one with "
                                     "<script>var slideshow = remark.create(...)</script>)"))
    elif not page.source_url and page.source is None:
        if isinstance(page.options.get("source"), str):
            page.source, page.source_line = page.options["source"], page.create_line
        else:
            page.problems.append(Problem(path, page.create_line, "remark.create has no sourceUrl and the page no "
                                         "<textarea id=\"source\">: there are no slides to import",
                                         "give remark.create a sourceUrl: 'slides.md', or put the Markdown in the page"))
    return page


def _take_source(page: RemarkPage, text: str, match: re.Match, lines: _LineIndex) -> str:
    """Cut the #source element's text out of the page (as the browser reads it), leaving its lines
    blank so that the rest keeps its line numbers."""
    tag = match.group(1).lower()
    start = match.end()
    end_tag = re.compile(rf"</{tag}\s*>", re.I).search(text, start)
    end = end_tag.start() if end_tag else len(text)
    raw = text[start:end]
    if tag == "textarea":
        # The parser decodes the text's character references and drops a first newline; remark reads
        # innerHTML (which escapes & < > and no-break spaces again) and unescapes &lt; &gt; &amp; &quot;.
        value = html.unescape(raw.removeprefix("\r\n") if raw.startswith("\r\n") else raw.removeprefix("\n"))
        inner = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\xa0", "&nbsp;")
        skipped = raw.startswith(("\n", "\r\n"))
    else:
        inner, skipped = raw, False
    page.source = _remark_unescape(inner).replace("\r\n", "\n")
    page.source_line = lines.line(start) + skipped
    return text[:start] + "\n" * raw.count("\n") + text[end:]


def _remark_unescape(source: str) -> str:
    """remark's api.js unescape(), in its order."""
    source = re.sub(r"&[l|g]t;", lambda m: "<" if m.group() == "&lt;" else ">", source)
    return source.replace("&amp;", "&").replace("&quot;", '"')


class _LineIndex:
    def __init__(self, text: str):
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1


class _PageReader(HTMLParser):
    """The page's head and scripts: title, meta, stylesheets, scripts with remark.create and MathJax."""

    def __init__(self, page: RemarkPage, lines: _LineIndex):
        super().__init__(convert_charrefs=True)
        self.page, self.lines = page, lines
        self.collecting: tuple[str, int, dict] | None = None   # (tag, line, attrs) of a title/style/script
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name.lower(): value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag == "html" and attrs.get("lang"):
            self.page.lang = attrs["lang"]
        elif tag == "meta" and attrs.get("name", "").lower() in ("author", "description"):
            setattr(self.page, attrs["name"].lower(), " ".join(attrs.get("content", "").split()))
        elif tag == "link" and "stylesheet" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            self.page.stylesheets.append(Stylesheet(line, href=attrs["href"].strip()))
        elif tag == "script" and attrs.get("src"):
            self.page.scripts.append((line, attrs["src"].strip()))
            if "mathjax" in attrs["src"].lower():
                self.page.mathjax = True
                self.page.mathjax_line = self.page.mathjax_line or line
        for name, value in attrs.items():   # <body onload="var slideshow = remark.create();">
            if name.startswith("on") and _CREATE.search(value):
                self._script(value, line, "")
        if tag in ("title", "style", "script"):
            self.collecting, self.data = (tag, line, attrs), []

    def handle_data(self, data):
        if self.collecting:
            self.data.append(data)

    def handle_endtag(self, tag):
        if not self.collecting or tag != self.collecting[0]:
            return
        _, line, attrs = self.collecting
        text, self.collecting = "".join(self.data), None
        if tag == "title" and not self.page.title:
            self.page.title = " ".join(text.split())
        elif tag == "style" and text.strip():
            self.page.stylesheets.append(Stylesheet(line, css=text))
        elif tag == "script" and not attrs.get("src"):
            self._script(text, line, attrs.get("type", "").lower())

    def _script(self, text: str, line: int, kind: str) -> None:
        if kind == "text/x-mathjax-config" or _MATHJAX_CONFIG.search(text):
            self.page.mathjax = True
            self.page.mathjax_line = self.page.mathjax_line or line
            for match in _MATHJAX_CONFIG.finditer(text):
                config = self._literal(text, match.end(), line, "warning")
                if isinstance(config, dict):
                    self.page.macros.update(_macros(config))
        for match in _CREATE.finditer(text):
            if self.page.create_line:
                break
            self.page.create_line = line + text.count("\n", 0, match.start())
            after = match.end()
            while after < len(text) and text[after].isspace():
                after += 1
            if text[after:after + 1] == ")":
                continue
            options = self._literal(text, after, line)
            if isinstance(options, dict):
                self.page.options = options
            elif options is not None:
                self.page.options = {"(options)": options}

    def _literal(self, text: str, at: int, line: int, severity: str = "error") -> object:
        """The literal at `at`, or None and a problem (a warning: the import goes on without it)."""
        try:
            return read_value(text, at)[0]
        except ValueError as exc:
            message, stopped = exc.args
            where = line + text.count("\n", 0, stopped)
            found = Problem(self.page.path, where, f"cannot read the script's settings: {message}",
                            "write them as a plain object literal, like {ratio: '16:9'}", severity=severity)
            (self.page.problems if severity == "error" else self.page.notes).append(found)
            return None


def _macros(config: dict) -> dict:
    """TeX macros from a MathJax 2 (`TeX: {Macros}`) or 3 (`tex: {macros}`) configuration."""
    found = {}
    for section, key in (("TeX", "Macros"), ("tex", "macros")):
        block = config.get(section)
        if isinstance(block, dict) and isinstance(block.get(key), dict):
            found.update(block[key])
    return found


__all__ = ["Code", "RemarkPage", "Stylesheet", "calls_remark", "read_page"]

"""Classes: every `.name[` and `class:` value must be defined by a loaded stylesheet (the theme,
remark's own CSS with its highlight styles, KaTeX's, the project's templates/custom.css, the deck's
`css:` files and what they import, or a <style> in the deck)."""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

from .. import vendor
from ..project import Project
from .base import Scan, finding

_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# remark.js carries its CSS in two lines of JavaScript: the page styles and the highlight.js styles
_REMARK_CSS_LINES = ("documentStyles: \"", "\n  styles: {")
_OFFERED_REMARK = ("left", "center", "right", "top", "middle", "bottom")


def stylesheets(project: Project) -> list[Path]:
    """The stylesheets every built deck loads (remark's CSS lives inside remark.js)."""
    modules = project.modules_dir
    return [project.template("theme.css"), modules / vendor.KATEX_DIR / "katex.min.css", modules / vendor.REMARK_SOURCE]


def defined_classes(project: Project) -> tuple[frozenset[str], frozenset[str]]:
    """Every class name a selector of those stylesheets mentions, and the ones worth suggesting
    in a "did you mean" (the theme's, and remark's slide classes; not KaTeX's or highlight.js's internals)."""
    names: set[str] = set()
    offered: set[str] = set(_OFFERED_REMARK)
    for path in stylesheets(project):
        if path.is_file():
            found = _classes_of(str(path), path.stat().st_mtime_ns)
            names |= found
            if path.suffix == ".css" and "katex" not in path.name:
                offered |= {n for n in found if not n.startswith(("remark-", "katex", "hljs"))}
    return frozenset(names), frozenset(offered)


@functools.lru_cache(maxsize=16)
def _classes_of(path: str, mtime_ns: int) -> frozenset[str]:
    data = Path(path).read_bytes()
    if path.endswith(".js"):
        lines = []
        for marker in _REMARK_CSS_LINES:
            start = data.find(marker.encode())
            if start >= 0:
                lines.append(data[start:data.find(b"\n", start + len(marker))])
        data = b"\n".join(lines)
    return css_classes(data.decode("utf-8"))


def css_classes(css: str) -> frozenset[str]:
    """Class names in the selectors of a stylesheet (declarations, where `.5em` lives, are skipped)."""
    names: set[str] = set()
    for chunk in _COMMENT.sub("", css).split("}"):
        selector = chunk.split("{")
        for prelude in selector[:-1]:
            names.update(_CLASS.findall(prelude))
    return frozenset(names)


def check_classes(scan: Scan, defined: tuple[frozenset[str], frozenset[str]]):
    """W-class for each `.name[` class and slide `class:` value no stylesheet defines."""
    deck = scan.deck
    own = {name for css in scan.styles for name in css_classes(css)}
    for ref in scan.refs:
        if ref.kind == "stylesheet" and ref.data is not None:
            own |= css_classes(ref.data.decode("utf-8"))
    known = defined[0] | own
    suggestions = sorted(defined[1] | own)
    for slide in scan.slides:
        prop = slide.properties.get("class")
        if prop:
            for name in re.split(r"[, ]", prop.value):
                if name and name not in known:
                    yield _unknown(deck, prop.line, f"slide class '{name}'", name, suggestions)
        for token in slide.tokens:
            if token.kind == "content_start":
                for name in token.classes:
                    if name not in known:
                        yield _unknown(deck, deck.line_of(token.start), f"class '.{name}['", name, suggestions)


def _unknown(deck, line: int, what: str, name: str, suggestions: list[str]):
    close = difflib.get_close_matches(name, suggestions, n=1, cutoff=0.7)
    hint = (f"did you mean '{close[0]}'?" if close else
            "no loaded stylesheet defines it; add it to templates/custom.css, or to a stylesheet of the deck's own (css:)")
    return finding(deck, line, "W-class", f"unknown {what}", hint)

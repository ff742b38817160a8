"""Glyphs: W-glyph for a character of a slide that no font the deck ships can draw (read from the
fonts' own character maps with fontTools): on a machine without a system font that has it, the
audience sees an empty box. Math is KaTeX's to draw and is not looked at; emoji are left to the
system's emoji font, which every browser platform has."""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import unicodedata
from pathlib import Path

from .. import vendor
from ..project import Project
from .base import Scan, finding, parts

_DATA_FONT = re.compile(r"url\(\s*[\"']?data:font/(?:woff2|woff|ttf|otf)[^,]*;base64,([A-Za-z0-9+/=]+)")
_URL_FONT = re.compile(r"url\(\s*[\"']?([^\"')]+\.(?:woff2|woff|ttf|otf))", re.I)
_TAG = re.compile(r"<[^>]*>")
_EMOJI = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xFE00, 0xFE0F), (0x1F1E6, 0x1F1FF))
_SHOWN_KINDS = ("text", "code", "inline_code", "fences")


def shipped_fonts(project: Project) -> tuple[list[Path], list[str]]:
    """The font files every deck ships (Ubuntu, Ubuntu Mono, each subset) and the fonts the
    theme and templates/custom.css carry inline (base64) or by path."""
    modules = project.modules_dir
    files = [modules / rel for rel in vendor.shipped_files(modules) if rel.startswith("@fontsource/") and
             rel.endswith(".woff2")]
    inline = []
    for name in ("theme.css", "custom.css"):
        css_path = project.template(name) if name == "theme.css" else project.templates_dir / name
        if css_path.is_file():
            css = css_path.read_text(encoding="utf-8", errors="replace")
            inline += _DATA_FONT.findall(css)
            files += [css_path.parent / url for url in _URL_FONT.findall(css) if not url.startswith("data:")]
    return files, inline


def covered(project: Project, extra: tuple[Path, ...] = ()) -> frozenset[int]:
    """Every code point the shipped fonts (and `extra` font files: a deck's own) can draw."""
    files, inline = shipped_fonts(project)
    found: set[int] = set()
    for path in [*files, *extra]:
        try:
            found |= _cmap_of_file(str(path), path.stat().st_mtime_ns)
        except OSError:
            continue
    for data in inline:
        found |= _cmap_of_data(data)
    return frozenset(found)


@functools.lru_cache(maxsize=256)
def _cmap_of_file(path: str, mtime_ns: int) -> frozenset[int]:
    return _cmap(Path(path).read_bytes())


@functools.lru_cache(maxsize=32)
def _cmap_of_data(data: str) -> frozenset[int]:
    try:
        return _cmap(base64.b64decode(data))
    except ValueError:
        return frozenset()


def _cmap(data: bytes) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError   # here: a deck without unusual characters pays nothing

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        return frozenset(font.getBestCmap() or {})
    except (TTLibError, Exception):   # a font fontTools cannot read draws nothing we can vouch for  # noqa: BLE001
        return frozenset()


def check_glyphs(scan: Scan, project: Project):
    """W-glyph at the first line a shown slide has a character no shipped font draws, one finding
    per line naming every such character of it."""
    deck = scan.deck
    candidates = _shown_characters(scan)
    if not candidates:
        return
    fonts = tuple(ref.src_path for ref in scan.refs if ref.kind == "font" and ref.src_path is not None)
    have = covered(project, fonts)
    by_line: dict[int, list[str]] = {}
    for char, offset in candidates.items():
        if ord(char) not in have:
            by_line.setdefault(deck.line_of(offset), []).append(char)
    for line, chars in by_line.items():
        named = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed').title()})" for c in chars)
        verb = "is" if len(chars) == 1 else "are"
        yield finding(deck, line, "W-glyph", f"{named} {verb} in no font the deck ships (tried Ubuntu, Ubuntu Mono "
                      "and the theme's)", "on a machine without a font that has it the audience sees an empty "
                      "box: write it another way, or add a font that has it (@font-face in templates/custom.css, "
                      "the file in the project)")


def _shown_characters(scan: Scan) -> dict[str, int]:
    """The characters the shown slides draw in text and code that ASCII does not cover, each with
    the offset of its first use (math, HTML tags and notes left out)."""
    deck = scan.deck
    math = sorted((m.start, m.end) for m in scan.math)
    found: dict[str, int] = {}
    for slide in scan.slides:
        shown, _ = parts(slide)
        for token in shown:
            if token.kind not in _SHOWN_KINDS or token.text.isascii():
                continue
            text = token.text
            if token.kind == "text":
                text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
            for index, char in enumerate(text):
                if char.isascii() or char in found or _skipped(char):
                    continue
                offset = token.start + index
                if any(a <= offset < b for a, b in math):
                    continue
                found[char] = offset
            if token.kind == "text" and "&" in token.text:   # &eacute; and the like draw a character too
                for entity in re.finditer(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);", token.text):
                    char = html.unescape(entity.group(0))
                    if len(char) == 1 and not char.isascii() and char not in found and not _skipped(char):
                        found[char] = token.start + entity.start()
    return found


def _skipped(char: str) -> bool:
    """Spaces, controls and marks draw nothing of their own; emoji are the system's to draw."""
    code = ord(char)
    return unicodedata.category(char)[0] in "ZCM" or any(low <= code <= high for low, high in _EMOJI)

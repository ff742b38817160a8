"""One HTML file holding a whole deck: its page with remark, KaTeX, the fonts and its assets inlined.

Each asset the slides reference is replaced in the slide source by a marker; the page carries the
files as data: URIs and single-file.js puts them in place of the markers before remark reads the
source. Only what the deck uses goes in: its own assets, KaTeX only when it has math (and only the
KaTeX fonts its TeX can need), and only the font subsets that cover its characters.
"""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import re
from pathlib import Path
from urllib.parse import quote

from .assets import AssetRef, written_at
from .deck import Deck
from .page import ASSET_MARKER, ASSETS_ID
from .parse import parse_body
from .project import Project, tool_file
from .errors import DeckError, Problem
from .render import deck_page, embed_json
from .stylesheets import inlined
from .vendor import VENDOR_DIR, frontend_files

MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
              ".svg": "image/svg+xml", ".webp": "image/webp", ".wav": "audio/wav", ".mp3": "audio/mpeg",
              ".ogg": "audio/ogg", ".oga": "audio/ogg", ".m4a": "audio/mp4", ".mp4": "video/mp4",
              ".webm": "video/webm", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
              ".otf": "font/otf", ".css": "text/css"}
# KaTeX fonts that only some commands use; every other KaTeX font is always kept.
KATEX_OPTIONAL_FONTS = {
    "Caligraphic": r"\\(mathcal|cal)\b",
    "Fraktur": r"\\(mathfrak|frak)\b",
    "Script": r"\\mathscr\b",
    "SansSerif": r"\\(mathsf|mathsfit|textsf|sf|sfit)\b",
    "Typewriter": r"\\(mathtt|texttt|tt|verb)\b",
    "BoldItalic": r"\\(boldsymbol|bm|pmb|textbf|bf|bfseries|mathbf)\b",
}
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="%s/([\w./-]+)">' % VENDOR_DIR)
_SCRIPT = re.compile(r'<script src="%s/([\w./-]+)"></script>' % VENDOR_DIR)
_ICON = re.compile(r'<link rel="icon" href="%s/([\w./-]+)"' % VENDOR_DIR)
_FONT_FACE = re.compile(r"(?:/\*[^*]*\*/\s*)?@font-face\s*\{[^}]*\}\s*")
_CSS_FONT_URL = re.compile(r"url\((fonts/[\w.-]+\.woff2)\)")
_RANGE = re.compile(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?")


def single_file(deck: Deck, refs: list[AssetRef], project: Project) -> bytes:
    """The deck as one self-contained HTML file."""
    local = [r for r in refs if r.src_path is not None and not r.linked]
    nonce = hashlib.sha256(deck.body.encode("utf-8")).hexdigest()[:8]
    markers = {dest: f"{ASSET_MARKER}{nonce}-{i}" for i, dest in enumerate(dict.fromkeys(r.dest for r in local))}
    marked = _with_markers(deck, local, markers)
    page = deck_page(project, marked)
    files = frontend_files(project)
    formulas = deck.shown_math

    def embed(ref: AssetRef) -> str:   # a stylesheet with what it names inside it, like any other file
        if ref.kind == "stylesheet":
            return _data_uri(inlined(ref, refs, embed).encode("utf-8"), "inlined.css")
        return _data_uri(ref.src_path)

    data = {markers[r.dest]: embed(r) for r in local}
    for ref in refs:   # the deck's own stylesheets, which the page links by their place in the output
        if ref.kind == "stylesheet" and ref.linked and ref.origin is None and ref.src_path is not None:
            href = f'<link rel="stylesheet" href="{ref.url or quote(ref.dest)}">'
            page = page.replace(href, f'<link rel="stylesheet" href="{embed(ref)}">', 1)
    assets_script = (f'<script type="application/json" id="{ASSETS_ID}">{embed_json(data)}</script>\n'
                     f'<script>{_script_text(tool_file("single-file.js").read_text(encoding="utf-8"))}</script>\n')

    def stylesheet(match: re.Match) -> str:
        rel = match.group(1)
        if rel == "fonts.css":
            css = _ubuntu_fonts(_text(files[rel]), _characters(deck), files)
        elif rel.startswith("katex/"):
            if not formulas:
                return ""
            css = _katex_fonts(_text(files[rel]), " ".join(m.tex for m in formulas), files)
        else:
            css = _text(files[rel])
        return f"<style>\n{css}\n</style>"

    def script(match: re.Match) -> str:
        rel = match.group(1)
        if rel.startswith("katex/") and not formulas:
            return ""
        text = _script_text(_text(files[rel]))
        return (assets_script if rel == "deck.js" else "") + f"<script>\n{text}\n</script>"

    page = _STYLESHEET.sub(stylesheet, page)
    page = _SCRIPT.sub(script, page)
    page = _ICON.sub(lambda m: f'<link rel="icon" href="{_data_uri(files[m.group(1)], m.group(1))}"', page)
    return page.encode("utf-8")


def _with_markers(deck: Deck, refs: list[AssetRef], markers: dict[str, str]) -> Deck:
    """The deck with every local asset reference in its source replaced by its marker."""
    edits: list[tuple[int, int, str]] = []
    problems = []
    for ref in refs:
        found = [(a, b, markers[ref.dest]) for a, b in written_at(deck, ref)]
        if not found:
            problems.append(Problem(deck.src_path, ref.line, f"cannot embed {ref.kind} '{ref.ref}' in the single file",
                                    "write the path as a plain relative path, like img/figure.png"))
        edits += found
    if problems:
        raise DeckError(problems)
    body, pos, parts = deck.body, 0, []
    for start, end, marker in sorted(set(edits)):
        if start >= pos:
            parts += [body[pos:start], marker]
            pos = end
    parts.append(body[pos:])
    marked = parse_body(deck.src_path, deck.settings, "".join(parts), deck.body_line, deck.name)
    marked.stylesheets = deck.stylesheets
    return marked


def _characters(deck: Deck) -> set[int]:
    text = deck.body + deck.title + deck.settings.author
    return {ord(c) for c in text + html.unescape(text)} | set(range(32, 127))


def _ubuntu_fonts(css: str, used: set[int], files: dict[str, bytes | Path]) -> str:
    """The @font-face rules whose unicode-range covers a character of the deck, fonts inlined."""
    kept = []
    for rule in _FONT_FACE.findall(css):
        ranges = [(int(a, 16), int(b or a, 16)) for a, b in _RANGE.findall(rule)]
        if not ranges or any(low <= c <= high for c in used for low, high in ranges):
            kept.append(_CSS_FONT_URL.sub(lambda m: f"url({_data_uri(files[m.group(1)], m.group(1))})", rule))
    return "".join(kept)


def _katex_fonts(css: str, tex: str, files: dict[str, bytes | Path]) -> str:
    """KaTeX's stylesheet with its fonts inlined, without the optional fonts the TeX cannot need."""
    unused = [name for name, pattern in KATEX_OPTIONAL_FONTS.items() if not re.search(pattern, tex)]

    def inline(match: re.Match) -> str:
        rule = match.group(0)
        font = _CSS_FONT_URL.search(rule)
        if font is None:
            return rule
        if any(name in font.group(1) for name in unused):
            return ""
        rel = f"katex/{font.group(1)}"
        return _CSS_FONT_URL.sub(f"url({_data_uri(files[rel], rel)})", rule)

    return re.sub(r"@font-face\{[^}]*\}", inline, css)


def _script_text(text: str) -> str:
    """JavaScript that cannot end or change its <script> element (`<\\/` and `<\\!` mean the same)."""
    return re.sub(r"</(?=script)", r"<\\/", text, flags=re.I).replace("<!--", "<\\!--")


def _text(source: bytes | Path) -> str:
    return (source if isinstance(source, bytes) else source.read_bytes()).decode("utf-8")


def _data_uri(source: bytes | Path, name: str | None = None) -> str:
    data = source if isinstance(source, bytes) else source.read_bytes()
    suffix = Path(name or str(source)).suffix.lower()
    mime = MIME_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

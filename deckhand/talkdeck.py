"""A talk turned into a deck: the front matter made of its page (remark's options as deckhand's
keys, title, metadata, stylesheets, MathJax and its macros) over its Markdown as it was, with only
the paths of the files it uses rewritten to where they will be."""

from __future__ import annotations

import dataclasses
import html
import os
import posixpath
import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .errors import Problem, display_path
from .frontmatter import KEYS, REMARK_OPTIONS, parse_settings
from .remarkpage import Code
from .talk import CSS_REF, ImportOptions, Ref, Talk, inside

# remark 0.14's own defaults (models/slideshow.js, api.js): written where deckhand's differ, so that
# the deck behaves as it did in remark.
REMARK_DEFAULTS = {"ratio": "4:3", "highlightStyle": "default", "highlightLanguage": "", "highlightLines": False,
                   "highlightSpans": False, "highlightInlineCode": False, "countIncrementalSlides": True,
                   "slideNumberFormat": "%current% / %total%", "cloneTarget": "_blank",
                   "navigation": {"scroll": True, "touch": True, "click": False}}
CONSUMED_OPTIONS = ("sourceUrl", "source")
_AROUND_URL = (set("(<\"'= \t\n") | {""}, set(")>\"' \t\n#?") | {""})


def media_places(base: Path, options: ImportOptions) -> Callable[[Path], Path]:
    """Where each file the decks use will be: copied into img/ at its path under the imported
    folder `base` (every file a talk uses is in it), so that their relative layout, and the paths
    inside stylesheets, still hold; or (keep) where it is."""
    if options.media == "keep":
        return lambda file: file
    img = Path(options.root).resolve() / "img"
    return lambda file: img / os.path.relpath(file, base)


def convert(talk: Talk, options: ImportOptions, place: Callable[[Path], Path]) -> None:
    """Fill in the deck's text and the files to copy or write."""
    root = Path(options.root).resolve()
    deck_dir = talk.deck_path.parent
    for file in talk.wanted:
        dest = place(file)
        if options.media == "keep" and not inside(file, root):
            talk.problems.append(Problem(talk.page_path, 0, f"{display_path(file)} is outside the project "
                                         f"{display_path(root)}: --media keep cannot point at it",
                                         "move the talks into the project, or import with --media copy"))
        elif dest != file:
            talk.copies[dest] = file
    css = []
    for kind, index in talk.css_order:
        if kind == "link":
            css.append(_relative(place(talk.stylesheets[index]), deck_dir))
        else:
            line, text, refs = talk.styles[index]
            name = talk.deck_path.stem + (f"-{index + 1}" if index else "") + ".css"
            dest = deck_dir / name
            talk.writes[dest] = f"/* the <style> at line {line} of {display_path(talk.page_path)} */\n" + \
                _rewrite_css(text, refs, lambda f: _relative(place(f), deck_dir))
            css.append(name)
    markdown = _rewrite_markdown(talk, lambda file: _markdown_path(place(file), deck_dir, root, options.media))
    talk.text = front_matter(talk, css) + markdown


def _markdown_path(dest: Path, deck_dir: Path, root: Path, media: str) -> str:
    """A copied file as `img/...` (from the project root, which every deck's paths fall back on);
    a kept one relative to the deck."""
    if media == "copy":
        return posixpath.join(*Path(os.path.relpath(dest, root)).parts)
    return _relative(dest, deck_dir)


def _relative(path: Path, folder: Path) -> str:
    return posixpath.join(*Path(os.path.relpath(path, folder)).parts)


def _new_written(ref: Ref, path: str) -> str:
    shown = quote(path, safe="/") if "%" in ref.written else path
    return shown + ref.suffix


def _rewrite_markdown(talk: Talk, path_of: Callable[[Path], str]) -> str:
    """The Markdown with each reference's path replaced on its own line (nothing else changes)."""
    lines = talk.markdown.split("\n")
    for ref in talk.refs:
        new = _new_written(ref, path_of(ref.file))
        if new == ref.written.strip():
            continue
        line = lines[ref.line - 1] if ref.line <= len(lines) else ""
        changed = _replace_url(line, ref.written.strip(), new)
        if changed == line:
            talk.note(ref.line, f"'{ref.written}' could not be rewritten to '{new}'",
                      "write the path plainly, without character references, and import again")
        lines[ref.line - 1] = changed
    return "\n".join(lines)


def _replace_url(line: str, old: str, new: str) -> str:
    """`line` with every `old` that stands as a whole URL (in quotes, parentheses, after `=`) replaced."""
    for spelling in dict.fromkeys((old, html.escape(old, quote=False), html.escape(old))):
        replacement = new if spelling == old else html.escape(new, quote=spelling != html.escape(old, quote=False))
        parts, at = [], 0
        while (found := line.find(spelling, at)) >= 0:
            after = found + len(spelling)
            if line[found - 1:found] in _AROUND_URL[0] and line[after:after + 1] in _AROUND_URL[1]:
                parts += [line[at:found], replacement]
            else:
                parts.append(line[at:after])
            at = after
        line = "".join(parts) + line[at:]
    return line


def _rewrite_css(css: str, refs: list[Ref], path_of: Callable[[Path], str]) -> str:
    """An inline style's url()s and @imports pointed at where their files now are, from the deck's folder."""
    new_by_written = {r.written: _new_written(r, path_of(r.file)) for r in refs}

    def replace(match: re.Match) -> str:
        written = match.group(2) or match.group(4)
        new = new_by_written.get(written)
        return match.group(0) if new is None else match.group(0).replace(written, new, 1)

    return CSS_REF.sub(replace, css)


def front_matter(talk: Talk, css: list[str]) -> str:
    """The deck's front matter: title and metadata, remark's options as deckhand's keys (remark's
    defaults where deckhand's differ), stylesheets, MathJax. Always written: a Markdown that starts
    with `---` then still starts with remark's empty first slide."""
    page = talk.page
    lines = [("title", page.title), ("author", page.author), ("description", page.description)]
    if page.lang and page.lang.lower() != KEYS["lang"][1]:
        lines.append(("lang", page.lang))
    lines += _remark_options(talk)
    if css:
        lines.append(("css", ", ".join(css)))
        if any("," in c for c in css):
            talk.notes.append(Problem(talk.page_path, 0, "a stylesheet's path has a comma, which css: reads as two",
                                      "rename the file without a comma", severity="warning"))
    if page.mathjax:
        lines.append(("math", "mathjax"))
    text = "".join(f"{key}: {_quoted(value)}\n" for key, value in lines if value != "")
    macros = _macros(talk)
    if macros:
        text += "macros:\n" + "".join(f"  {name}: {body}\n" for name, body in macros)
    return f"---\n{text}---\n"


def _quoted(value: str) -> str:
    """A value the front matter reader gives back as it is (it takes one pair of outer quotes off)."""
    value = " ".join(str(value).split())
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return f'"{value}"'
    return value


def _remark_options(talk: Talk) -> list[tuple[str, str]]:
    page = talk.page
    found = []
    for key, value in page.options.items():
        if key in CONSUMED_OPTIONS:
            continue
        if key not in REMARK_OPTIONS:
            shown = value.text if isinstance(value, Code) else repr(value)
            talk.notes.append(Problem(talk.page_path, page.create_line, f"remark option '{key}: {shown[:60]}' "
                                      "is not supported: dropped",
                                      "deckhand takes: " + ", ".join(REMARK_OPTIONS), severity="warning"))
    for key in REMARK_OPTIONS:
        value = page.options.get(key, REMARK_DEFAULTS[key])
        text = _option_text(key, value)
        if text is None:
            shown = value.text if isinstance(value, Code) else repr(value)
            talk.notes.append(Problem(talk.page_path, page.create_line, f"remark option '{key}: {shown[:60]}' is "
                                      "not a value deckhand can take: dropped", "front matter values are plain "
                                      "text, numbers and true/false", severity="warning"))
            continue
        settings, problems = parse_settings({key: (text, page.create_line)}, talk.page_path)
        default, _ = parse_settings({}, talk.page_path)
        if problems:
            talk.notes += [dataclasses.replace(p, severity="warning", message=p.message + ": dropped")
                           for p in problems]
        elif settings != default:
            found.append((key, text))
    return found


def _option_text(key: str, value: object) -> str | None:
    if key == "navigation":
        if value is False:
            return "none"
        if not isinstance(value, dict):
            return None
        merged = {**REMARK_DEFAULTS["navigation"], **value}
        words = [word for word, on in merged.items() if on is not False and word in REMARK_DEFAULTS["navigation"]]
        return ", ".join(words) or "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _macros(talk: Talk) -> list[tuple[str, str]]:
    found = []
    for name, body in talk.page.macros.items():
        if isinstance(body, list) and body and isinstance(body[0], str) and len(body) <= 2:
            body = body[0]
        if not isinstance(body, str) or "\n" in body.strip():
            talk.notes.append(Problem(talk.page_path, talk.page.mathjax_line, f"MathJax macro '{name}' is not a "
                                      "one-line definition: not imported", "add it to macros: in the deck's "
                                      "front matter by hand", severity="warning"))
            continue
        found.append(("\\" + name.lstrip("\\"), " ".join(body.split())))
    return found



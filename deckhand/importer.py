"""Import remark pages into a project: each page's Markdown becomes a deck under slides/ with front
matter made of what the page said, and the files it uses are placed where its own paths find them."""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .assets import find_refs
from .errors import DeckError, Problem, display_path
from .frontmatter import HIGHLIGHT_STYLES, NAVIGATION_WORDS
from .parse import load_deck
from .remarkpage import RemarkPage, read_page
from .stylesheets import named_paths

PAGE_SUFFIXES = (".html", ".htm")
SKIPPED_FOLDERS = ("node_modules", "build", "slides", "site-packages")   # never remark talks of the user's
_OPTIONS = {   # remark.create's options a deck's front matter carries, and how their values are written
    "ratio": str, "highlightStyle": str, "highlightLanguage": str, "highlightLines": bool, "highlightSpans": bool,
    "highlightInlineCode": bool, "countIncrementalSlides": bool, "slideNumberFormat": str, "cloneTarget": str,
}
# remark's own defaults where deckhand's differ (its defaults are the talk's): an imported deck
# behaves as it did under remark.
REMARK_DEFAULTS = {"highlightStyle": "default", "highlightLines": False, "highlightSpans": False,
                   "countIncrementalSlides": True, "navigation": {"scroll": True, "touch": True, "click": False}}
_REMOTE_IMPORT = re.compile(r"""@import\s+(?:url\(\s*["']?(?:https?:)?//[^)]*\)|["'](?:https?:)?//[^"']*["'])\s*;?""", re.I)


@dataclasses.dataclass
class Imported:
    """One page imported: where it came from, the deck written, and what the importer noticed."""

    page: Path
    deck: Path
    changed: bool                # the deck file was written (False: it was there, the same)
    notes: list[str] = dataclasses.field(default_factory=list)   # what was not carried over, and why
    media: int = 0               # files placed for it (copied or linked)


def find_pages(source: Path, project: Path) -> list[Path]:
    """The remark pages to import: `source` itself, or every page below it that calls
    remark.create (not in hidden folders, node_modules, or the project's own slides/ and build/)."""
    if source.is_file():
        return [source]
    found = []
    for folder, subfolders, names in os.walk(source):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_")) and not (
            d in SKIPPED_FOLDERS and (d != "slides" or here.resolve() == project.resolve())))
        for name in sorted(names):
            if name.lower().endswith(PAGE_SUFFIXES) and _calls_remark(here / name):
                found.append(here / name)
    return found


def import_pages(pages: list[Path], base: Path, project: Path, link_media: bool = False,
                 force: bool = False) -> tuple[list[Imported], list[Problem]]:
    """Write a deck for each page into `project`/slides/, at the page's path under `base`;
    place the files each uses. Every page that can be imported is, whatever the others' problems."""
    imported, problems, taken = [], [], set()
    for page_path in pages:
        page, found = read_page(page_path)
        problems += found
        if page is None:
            continue
        markdown, problem = _markdown(page)
        if problem is not None:
            problems.append(problem)
            continue
        deck_path = _deck_path(page, base, project, taken)
        taken.add(deck_path)
        notes: list[str] = []
        css, css_files = _stylesheets(page, deck_path, notes)
        text = front_matter(page, css, notes) + markdown
        written = _write(deck_path, text, force)
        if isinstance(written, Problem):
            problems.append(written)
            continue
        for name, content in css_files.items():
            _write(deck_path.parent / name, content, True)
        item = Imported(page=page_path, deck=deck_path, changed=written, notes=notes)
        item.media, media_problems = _place_media(page, deck_path, project, link_media)
        problems += media_problems
        imported.append(item)
    return imported, problems


def front_matter(page: RemarkPage, css: list[str], notes: list[str]) -> str:
    """The deck's front matter block, from what the page said (its options, title, metadata,
    stylesheets, MathJax); what cannot be carried over goes into `notes`."""
    lines = [("title", page.title)] if page.title else []   # else the deck's first heading, as on the index
    lines += [(key, value) for key, value in (("author", page.author), ("description", page.description),
                                              ("lang", page.lang)) if value]
    options = dict(REMARK_DEFAULTS, **page.options)
    for key, value in options.items():
        kind = _OPTIONS.get(key)
        if key == "navigation" and isinstance(value, dict):
            words = [w for w in NAVIGATION_WORDS if value.get(w, REMARK_DEFAULTS["navigation"][w]) is not False
                     and value.get(w, REMARK_DEFAULTS["navigation"][w])]
            lines.append(("navigation", ", ".join(words) or "none"))
        elif kind is bool and isinstance(value, bool):
            lines.append((key, "true" if value else "false"))
        elif kind is str and isinstance(value, str) and (key != "highlightStyle" or value in HIGHLIGHT_STYLES):
            lines.append((key, value))
        else:
            notes.append(f"remark option '{key}' not carried over")
    notes += [f"remark option '{key}' is code, not carried over" for key in page.unread]
    if page.mathjax:
        lines.append(("math", "mathjax"))
    if css:
        lines.append(("css", ", ".join(css)))
    text = "---\n" + "".join(f"{key}: {_value(value)}\n" for key, value in lines)
    if page.macros:
        text += "macros:\n" + "".join(f"  {name}: {expansion}\n" for name, expansion in page.macros.items())
    return text + "---\n"


def _calls_remark(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(2_000_000)
    except OSError:
        return False
    return re.search(rb"\bremark\s*\.\s*create\s*\(", head) is not None


def _markdown(page: RemarkPage) -> tuple[str, Problem | None]:
    """The page's Markdown: inline, or read from its sourceUrl (a local file beside the page)."""
    if page.source is not None:
        return page.source, None
    url = page.source_url or ""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return "", Problem(page.path, page.source_line, f"sourceUrl '{url}' is not a file beside the page",
                           "download the Markdown next to the page and name it by a relative path")
    path = page.path.parent / unquote(parts.path)
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        return "", Problem(page.path, page.source_line, f"sourceUrl '{url}' cannot be read: {exc.strerror}",
                           "fix the path in remark.create, or put the Markdown file there")
    return text.replace("\r\n", "\n"), None


def _deck_path(page: RemarkPage, base: Path, project: Path, taken: set[Path]) -> Path:
    """Where the deck goes: slides/ + the page's folder under `base`, so that the talk's own
    relative paths (which remark resolves from the page, wherever its Markdown file is) find the
    files placed beside it; named after the page (an index.html after its folder)."""
    try:
        folder = page.path.parent.resolve().relative_to(base.resolve())
    except ValueError:
        folder = Path()
    stem = page.path.stem   # a talk per folder (its index.html) is named after the folder: slides.md
    if stem.lower() == "index":
        stem = "slides" if folder != Path() else (base.resolve().name or "talk")
    path = project / "slides" / folder / f"{stem}.md"
    number = 2
    while path in taken:
        path = project / "slides" / folder / f"{stem}-{number}.md"
        number += 1
    return path


def _stylesheets(page: RemarkPage, deck_path: Path, notes: list[str]) -> tuple[list[str], dict[str, str]]:
    """The `css:` list (the page's own stylesheets, then its <style> blocks as a file of their
    own) and that file's name and text. A remote font service's @import is left out: offline it
    loads nothing."""
    css = [href for href, _ in page.stylesheets]
    notes += [f"remote stylesheet {href} left out (offline it loads nothing)" for href in page.remote_stylesheets]
    files = {}
    if any(style.strip() for style in page.styles):
        text = "\n".join(style.strip("\n") for style in page.styles) + "\n"

        def drop(match: re.Match) -> str:
            notes.append(f"remote {match.group(0).rstrip(';')} left out (offline it loads nothing)")
            return f"/* deckhand import: offline, not loaded: {match.group(0).replace('*/', '* /')} */"

        text = _REMOTE_IMPORT.sub(drop, text)
        name = f"{deck_path.stem}-page.css"
        files[name] = f"/* The <style> of {page.path.name}, as it was (deckhand import). */\n" + text
        css.append(name)
    return css, files


def _write(path: Path, text: str, force: bool) -> bool | Problem:
    """Write a file; False when it holds that text already; a Problem when it holds other text
    (edited since an earlier import) and `force` is not given."""
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    if old == text:
        return False
    if old is not None and not force:
        return Problem(path, 1, "this deck exists and differs from what the import would write (edited since?)",
                       "keep it, or import again with --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _place_media(page: RemarkPage, deck_path: Path, project: Path, link: bool) -> tuple[int, list[Problem]]:
    """Copy (or hard-link) each local file the deck and its stylesheets name from where the page
    found it to where the deck will: the same relative path from the deck's folder."""
    try:
        deck = load_deck(deck_path)
    except DeckError as exc:
        return 0, exc.problems
    wanted = [ref.ref for ref in find_refs(deck)]
    placed, problems, seen = 0, [], set()
    source_dir, target_dir = page.path.parent, deck_path.parent
    while wanted:
        ref = wanted.pop(0)
        parts = urlsplit(ref.strip())
        rel = posixpath.normpath(unquote(parts.path)) if parts.path else ""
        if parts.scheme or ref.strip().startswith("//") or not rel or rel.startswith("/") or (rel, source_dir) in seen:
            continue
        seen.add((rel, source_dir))
        source = Path(os.path.normpath(source_dir / rel))
        target = Path(os.path.abspath(target_dir / rel))
        if not source.is_file() or source == target:
            continue   # the build says what is missing, at the deck's line
        if not str(target).startswith(os.path.join(os.path.abspath(project), "")):
            problems.append(Problem(deck_path, 1, f"'{ref}' would be outside the project at {display_path(target)}",
                                    "move the file under the folder you import, or import into a project above it"))
            continue
        placed += _place(source, target, link)
        if source.suffix.lower() == ".css":   # what the stylesheet names, from its own folder
            text = source.read_bytes().decode("utf-8", errors="replace")
            wanted += [posixpath.join(posixpath.dirname(rel), named) for named in named_paths(text)
                       if not urlsplit(named).scheme and not named.startswith(("/", "data:"))]
    return placed, problems


def _place(source: Path, target: Path, link: bool) -> int:
    if target.is_file() and target.stat().st_size == source.stat().st_size and target.read_bytes() == source.read_bytes():
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    if link:
        try:
            os.link(source, target)
            return 1
        except OSError:
            pass   # another file system: a copy
    shutil.copyfile(source, target)
    return 1


def _value(value: str) -> str:
    """A front matter value on one line, quoted when its quotes would otherwise be taken off."""
    value = " ".join(str(value).split())
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return f"'{value}'" if value[0] == '"' else f'"{value}"'
    return value

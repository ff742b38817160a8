"""A remark talk read from disk: its page, its Markdown (from sourceUrl or inline), the slide count
remark gives it, and every local file it uses (the Markdown's images and clips, the page's
stylesheets and what they name); what is not a local file is noted. Nothing is written here."""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .assets import find_refs
from .errors import DeckError, Problem, display_path
from .frontmatter import Settings
from .parse import parse_body, read_text
from .remarkpage import RemarkPage, read_page

MEDIA_MODES = ("copy", "keep")
CSS_REF = re.compile(r"""url\(\s*(["']?)([^"')]+?)\1\s*\)|@import\s+(["'])([^"']+)\3""")


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    """Where the decks go and how the files they use are handled."""

    root: Path = Path(".")
    media: str = "copy"        # copy: into the project's img/; keep: where they are (inside the project)
    force: bool = False        # replace existing decks and files


@dataclasses.dataclass
class Ref:
    """A path the Markdown (or an inline style) writes, the file it names, and what follows it (?query#part)."""

    line: int
    written: str
    file: Path
    suffix: str = ""


@dataclasses.dataclass
class Talk:
    """One remark page, read and converted: the deck to write, the files to copy or write, what
    the page had that the deck does not (notes: warnings) and why it cannot be imported (problems)."""

    page_path: Path
    deck_path: Path
    base: Path = Path(".")                 # the imported folder: every file the talk may use is in it
    markdown: str = ""
    markdown_path: Path | None = None      # the sourceUrl file; None: the Markdown is inline in the page
    page: RemarkPage | None = None
    slides: int = 0                        # as remark counts them
    deck_slides: int = 0                   # as the written deck has them (importer._check_count)
    text: str = ""                         # the deck file
    copies: dict[Path, Path] = dataclasses.field(default_factory=dict)   # dest -> source
    writes: dict[Path, str] = dataclasses.field(default_factory=dict)    # dest -> text (inline styles)
    notes: list[Problem] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    refs: list[Ref] = dataclasses.field(default_factory=list)
    stylesheets: list[Path] = dataclasses.field(default_factory=list)    # local <link>s, in page order
    styles: list[tuple[int, str, list[Ref]]] = dataclasses.field(default_factory=list)   # inline <style>s
    css_order: list[tuple[str, int]] = dataclasses.field(default_factory=list)   # ("link"|"style", index)

    def place(self, line: int) -> tuple[Path, int]:
        """The file and line a Markdown line was written at."""
        if self.markdown_path is not None:
            return self.markdown_path, line
        return self.page_path, self.page.source_line + line - 1 if self.page else line

    def note(self, line: int, message: str, hint: str = "") -> None:
        self.notes.append(Problem(*self.place(line), message, hint, severity="warning"))

    @property
    def wanted(self) -> list[Path]:
        """Every local file the deck uses, its stylesheets' own files included."""
        files = [r.file for r in self.refs] + list(self.stylesheets)
        files += [r.file for _, _, refs in self.styles for r in refs]
        return list(dict.fromkeys(files + [f for css in self.stylesheets for f in css_files(css, self.base)]))

    def holds(self, file: Path) -> bool:
        """Whether a file (where its links lead) is inside the imported folder: a page never
        gets a file from elsewhere on the disk into the project."""
        return inside(file, self.base.resolve())




def inside(path: Path, root: Path) -> bool:
    """Whether a path is in the (resolved) folder `root`."""
    return str(path.resolve()).startswith(os.path.join(str(root), ""))


def deck_path_for(page_path: Path, base: Path, root: Path) -> Path:
    """slides/<the page's path under `base`>.md: a talk's index.html is named after its folder
    (2023/ml-school/index.html -> slides/2023/ml-school.md), another page after itself."""
    rel = Path(os.path.relpath(page_path, base))
    parts = rel.parent.parts if rel.name.lower() in ("index.html", "index.htm") else rel.with_suffix("").parts
    return Path(root) / "slides" / Path(*(parts or (base.name or "talk",))).with_suffix(".md")


def read_talk(page_path: Path, base: Path, root: Path) -> Talk:
    """Read a page, its Markdown and the files they use; nothing is written yet."""
    talk = Talk(page_path=page_path, deck_path=deck_path_for(page_path, base, root), base=base)
    try:
        talk.page = page = read_page(read_text(page_path), page_path)
    except DeckError as exc:
        talk.problems += exc.problems
        return talk
    talk.problems += page.problems
    talk.notes += page.notes
    if talk.problems:
        return talk
    if page.source_url:
        _read_source_url(talk, page)
    else:
        talk.markdown = page.source or ""
    if talk.problems:
        return talk
    deck = parse_body(talk.markdown_path or page_path, Settings(), talk.markdown, 0)
    talk.slides = deck.slide_count
    for ref in find_refs(deck):
        found = _local(talk, ref.line, ref.ref, page_path.parent)
        if found:
            talk.refs.append(found)
    _read_stylesheets(talk, page)
    _note_scripts(talk, page)
    return talk


def _note_scripts(talk: Talk, page: RemarkPage) -> None:
    """The page's scripts are not imported: remark's and MathJax's are the tool's own now; say so of any other."""
    for line, src in page.scripts:
        name = posixpath.basename(urlsplit(src).path).lower()
        if not name.startswith(("remark", "mathjax")):
            talk.notes.append(Problem(talk.page_path, line, f"script '{src}' is not imported: a deck's page runs "
                                      "remark and the tool's own scripts only", "put what it does in "
                                      "templates/deck.js, which every deck of the project loads",
                                      severity="warning"))


def _read_source_url(talk: Talk, page: RemarkPage) -> None:
    url = page.source_url
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        talk.problems.append(Problem(talk.page_path, page.create_line, f"sourceUrl '{url}' is on the network",
                                     "download the Markdown beside the page and set sourceUrl: 'slides.md'"))
        return
    path = Path(os.path.normpath(talk.page_path.parent / unquote(parts.path)))
    if path.is_file() and not talk.holds(path):
        talk.problems.append(Problem(talk.page_path, page.create_line, f"sourceUrl '{url}' is outside the imported "
                                     f"folder {display_path(talk.base)}", "import the folder that holds both the "
                                     "page and its Markdown"))
        return
    if not path.is_file():
        talk.problems.append(Problem(talk.page_path, page.create_line, f"sourceUrl '{url}' not found: no file "
                                     f"{display_path(path)}", "fix sourceUrl in remark.create, or put the "
                                     "Markdown file there"))
        return
    try:
        talk.markdown = read_text(path)
    except DeckError as exc:
        talk.problems += exc.problems
        return
    talk.markdown_path = path


def _local(talk: Talk, line: int, written: str, folder: Path, in_style: bool = False) -> Ref | None:
    """The file a path names, relative to `folder`; None (and a note) for what is not a local file."""
    target = written.strip()
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if not target or target.startswith("#") or parts.scheme.lower() == "data":
        return None
    if parts.scheme.lower() in ("http", "https") or target.startswith("//"):
        if in_style:
            talk.note(line, f"'{target}' in the page's <style> stays remote: it loads only with the network",
                      "save the file into the project and name it by a relative path to have it offline")
        else:
            talk.note(line, f"'{target}' stays remote: it shows only with the network (build with --allow-remote)",
                      "save the file into the project and reference it by a relative path to show it offline")
        return None
    if parts.scheme or target.startswith("/"):
        talk.note(line, f"'{target}' is not a relative path: left as it is", "write it relative to the page")
        return None
    file = Path(os.path.normpath(folder / unquote(parts.path)))
    if not file.is_file():
        talk.note(line, f"'{target}' names no file ({display_path(file)}): left as it is, and the build "
                  "will say so", "it was missing under remark too: add the file or fix the path")
        return None
    if not talk.holds(file):
        talk.note(line, f"'{target}' is outside the imported folder {display_path(talk.base)}: left as it is, and "
                  "the build will say so", "import the folder that holds both the talk and this file")
        return None
    return Ref(line, written, file, target[len(parts.path):] if target.startswith(parts.path) else "")


def _read_stylesheets(talk: Talk, page: RemarkPage) -> None:
    for sheet in page.stylesheets:
        if sheet.href:
            parts = urlsplit(sheet.href)
            if parts.scheme or sheet.href.startswith("//"):
                talk.notes.append(Problem(talk.page_path, sheet.line, f"stylesheet '{sheet.href}' is on the network: "
                                          "not imported", "save it into the project and add it to css: to keep "
                                          "its look offline", severity="warning"))
                continue
            file = Path(os.path.normpath(talk.page_path.parent / unquote(parts.path)))
            if not file.is_file() or not talk.holds(file):
                why = "not found" if not file.is_file() else f"outside the imported folder {display_path(talk.base)}"
                talk.notes.append(Problem(talk.page_path, sheet.line, f"stylesheet '{sheet.href}' {why}: not "
                                          "imported", "it was missing under remark too" if not file.is_file() else
                                          "import the folder that holds both the talk and its stylesheet",
                                          severity="warning"))
                continue
            talk.css_order.append(("link", len(talk.stylesheets)))
            talk.stylesheets.append(file)
        else:
            refs = []
            for match in CSS_REF.finditer(sheet.css):
                written = match.group(2) or match.group(4)
                line = sheet.line + sheet.css.count("\n", 0, match.start())
                found = _local_css(talk, line, written, talk.page_path.parent)
                if found:
                    refs.append(found)
            talk.css_order.append(("style", len(talk.styles)))
            talk.styles.append((sheet.line, sheet.css, refs))


def _local_css(talk: Talk, line: int, written: str, folder: Path) -> Ref | None:
    """_local() for a page line (an inline style), not a Markdown one."""
    before = len(talk.notes)
    found = _local(talk, 1, written, folder, in_style=True)
    talk.notes[before:] = [dataclasses.replace(n, path=talk.page_path, line=line) for n in talk.notes[before:]]
    return found


def css_files(css_path: Path, base: Path, seen: set[Path] | None = None) -> list[Path]:
    """The local files a stylesheet names with url() and @import, and theirs, recursively: those
    inside the folder `base` (the imported one)."""
    seen = set() if seen is None else seen
    try:
        text = css_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for match in CSS_REF.finditer(text):
        written = (match.group(2) or match.group(4)).strip()
        parts = urlsplit(written)
        if parts.scheme or written.startswith(("/", "#")):
            continue
        file = Path(os.path.normpath(css_path.parent / unquote(parts.path)))
        if file.is_file() and file not in seen and inside(file, base.resolve()):
            seen.add(file)
            found.append(file)
            if file.suffix.lower() == ".css":
                found += css_files(file, base, seen)
    return found



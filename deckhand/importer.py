"""`deckhand import`: remark pages in, decks out. Each page's Markdown becomes slides/<its path>.md,
as it was (only the paths of the files it uses rewritten to where they now are), with a front matter
made of the page's remark options, title, metadata, stylesheets and MathJax settings; the files it
uses are copied into the project's img/ keeping their layout (or left where they are, `keep`)."""

from __future__ import annotations

import dataclasses
import html
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from .assets import find_refs
from .errors import DeckError, Problem, UsageError, display_path
from .frontmatter import KEYS, REMARK_OPTIONS, Settings, parse_settings
from .output import MARKER
from .parse import load_deck, parse_body, read_text
from .pipeline import BuildOptions, build
from .remarkpage import Code, RemarkPage, calls_remark, read_page

MEDIA_MODES = ("copy", "keep")
PAGE_SUFFIXES = (".html", ".htm")
SKIPPED_FOLDERS = ("node_modules", "build", "_site")   # never talks: installed packages, built output
# remark 0.14's own defaults (models/slideshow.js, api.js): written where deckhand's differ, so that
# the deck behaves as it did in remark.
REMARK_DEFAULTS = {"ratio": "4:3", "highlightStyle": "default", "highlightLanguage": "", "highlightLines": False,
                   "highlightSpans": False, "highlightInlineCode": False, "countIncrementalSlides": True,
                   "slideNumberFormat": "%current% / %total%", "cloneTarget": "_blank",
                   "navigation": {"scroll": True, "touch": True, "click": False}}
CONSUMED_OPTIONS = ("sourceUrl", "source")
_CSS_REF = re.compile(r"""url\(\s*(["']?)([^"')]+?)\1\s*\)|@import\s+(["'])([^"']+)\3""")
_AROUND_URL = (set("(<\"'= \t\n") | {""}, set(")>\"' \t\n#?") | {""})


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    """Where the decks go and how the files they use are handled."""

    root: Path = Path(".")
    media: str = "copy"        # copy: into the project's img/; keep: where they are (inside the project)
    force: bool = False        # replace existing decks and files


@dataclasses.dataclass
class _Ref:
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
    markdown: str = ""
    markdown_path: Path | None = None      # the sourceUrl file; None: the Markdown is inline in the page
    page: RemarkPage | None = None
    slides: int = 0                        # as remark counts them
    text: str = ""                         # the deck file
    copies: dict[Path, Path] = dataclasses.field(default_factory=dict)   # dest -> source
    writes: dict[Path, str] = dataclasses.field(default_factory=dict)    # dest -> text (inline styles)
    notes: list[Problem] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    refs: list[_Ref] = dataclasses.field(default_factory=list)
    stylesheets: list[Path] = dataclasses.field(default_factory=list)    # local <link>s, in page order
    styles: list[tuple[int, str, list[_Ref]]] = dataclasses.field(default_factory=list)   # inline <style>s
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
        return list(dict.fromkeys(files + [f for css in self.stylesheets for f in css_files(css)]))


# -- finding and reading --------------------------------------------------------------------------

def find_talks(source: Path) -> tuple[list[Path], Path]:
    """The remark pages to import and the folder their decks' names are relative to: a page
    itself, or every page under a folder that calls remark.create (not in hidden folders, installed
    packages or built output)."""
    source = Path(os.path.abspath(source))
    if source.is_file():
        return [source], source.parent.parent if source.name.lower() in ("index.html", "index.htm") else source.parent
    if not source.is_dir():
        raise UsageError(f"'{display_path(source)}' is neither a remark page nor a folder",
                         "give the index.html of a talk, or a folder of talks")
    pages = []
    for folder, subfolders, files in os.walk(source):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIPPED_FOLDERS
                               and not (Path(folder) / d / MARKER).exists())
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix.lower() in PAGE_SUFFIXES and _calls_remark(path):
                pages.append(path)
    return sorted(pages, key=lambda p: p.relative_to(source).parts), source


def _calls_remark(path: Path) -> bool:
    try:
        return calls_remark(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return True   # listed, so that reading it says why it cannot be imported


def deck_path_for(page_path: Path, base: Path, root: Path) -> Path:
    """slides/<the page's path under `base`>.md: a talk's index.html is named after its folder
    (2023/ml-school/index.html -> slides/2023/ml-school.md), another page after itself."""
    rel = Path(os.path.relpath(page_path, base))
    parts = rel.parent.parts if rel.name.lower() in ("index.html", "index.htm") else rel.with_suffix("").parts
    return Path(root) / "slides" / Path(*(parts or (base.name or "talk",))).with_suffix(".md")


def read_talk(page_path: Path, base: Path, root: Path) -> Talk:
    """Read a page, its Markdown and the files they use; nothing is written yet."""
    talk = Talk(page_path=page_path, deck_path=deck_path_for(page_path, base, root))
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
    path = (talk.page_path.parent / unquote(parts.path)).resolve()
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


def _local(talk: Talk, line: int, written: str, folder: Path) -> _Ref | None:
    """The file a path names, relative to `folder`; None (and a note) for what is not a local file."""
    target = written.strip()
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if not target or target.startswith("#") or parts.scheme.lower() == "data":
        return None
    if parts.scheme.lower() in ("http", "https") or target.startswith("//"):
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
    return _Ref(line, written, file, target[len(parts.path):] if target.startswith(parts.path) else "")


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
            if not file.is_file():
                talk.notes.append(Problem(talk.page_path, sheet.line, f"stylesheet '{sheet.href}' not found: not "
                                          "imported", "it was missing under remark too", severity="warning"))
                continue
            talk.css_order.append(("link", len(talk.stylesheets)))
            talk.stylesheets.append(file)
        else:
            refs = []
            for match in _CSS_REF.finditer(sheet.css):
                written = match.group(2) or match.group(4)
                line = sheet.line + sheet.css.count("\n", 0, match.start())
                found = _local_css(talk, line, written, talk.page_path.parent)
                if found:
                    refs.append(found)
            talk.css_order.append(("style", len(talk.styles)))
            talk.styles.append((sheet.line, sheet.css, refs))


def _local_css(talk: Talk, line: int, written: str, folder: Path) -> _Ref | None:
    """_local() for a page line (an inline style), not a Markdown one."""
    before = len(talk.notes)
    found = _local(talk, 1, written, folder)
    talk.notes[before:] = [dataclasses.replace(n, path=talk.page_path, line=line) for n in talk.notes[before:]]
    return found


def css_files(css_path: Path, seen: set[Path] | None = None) -> list[Path]:
    """The local files a stylesheet names with url() and @import, and theirs, recursively."""
    seen = set() if seen is None else seen
    try:
        text = css_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for match in _CSS_REF.finditer(text):
        written = (match.group(2) or match.group(4)).strip()
        parts = urlsplit(written)
        if parts.scheme or written.startswith(("/", "#")):
            continue
        file = Path(os.path.normpath(css_path.parent / unquote(parts.path)))
        if file.is_file() and file not in seen:
            seen.add(file)
            found.append(file)
            if file.suffix.lower() == ".css":
                found += css_files(file, seen)
    return found


# -- converting -----------------------------------------------------------------------------------

def media_places(talks: list[Talk], base: Path, options: ImportOptions) -> Callable[[Path], Path]:
    """Where each file the decks use will be: copied into img/ at its path under the imported
    folder `base` (or the folder that holds them all, when some are outside it), so that their
    relative layout, and the paths inside stylesheets, still hold; or (keep) where it is."""
    files = [f for talk in talks for f in talk.wanted]
    if options.media == "keep" or not files:
        return lambda file: file
    anchor = Path(os.path.commonpath([str(base)] + [str(f.parent) for f in files]))
    img = Path(options.root).resolve() / "img"
    return lambda file: img / os.path.relpath(file, anchor)


def convert(talk: Talk, options: ImportOptions, place: Callable[[Path], Path]) -> None:
    """Fill in the deck's text and the files to copy or write."""
    root = Path(options.root).resolve()
    deck_dir = talk.deck_path.parent
    for file in talk.wanted:
        dest = place(file)
        if options.media == "keep" and not _inside(file, root):
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


def _inside(path: Path, root: Path) -> bool:
    return str(path.resolve()).startswith(os.path.join(str(root), ""))


def _new_written(ref: _Ref, path: str) -> str:
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


def _rewrite_css(css: str, refs: list[_Ref], path_of: Callable[[Path], str]) -> str:
    """An inline style's url()s and @imports pointed at where their files now are, from the deck's folder."""
    new_by_written = {r.written: _new_written(r, path_of(r.file)) for r in refs}

    def replace(match: re.Match) -> str:
        written = match.group(2) or match.group(4)
        new = new_by_written.get(written)
        return match.group(0) if new is None else match.group(0).replace(written, new, 1)

    return _CSS_REF.sub(replace, css)


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


# -- writing --------------------------------------------------------------------------------------

def plan(source: Path, options: ImportOptions) -> list[Talk]:
    """Every talk under `source`, read and converted, nothing written."""
    if options.media not in MEDIA_MODES:
        raise UsageError(f"--media {options.media}: not a mode", "use --media copy or --media keep")
    pages, base = find_talks(source)
    root = Path(options.root).resolve()
    if options.media == "keep" and not _inside(Path(source), root):
        raise UsageError(f"--media keep: {display_path(Path(source))} is not inside the project "
                         f"{display_path(root)}, so the decks could not point at its files",
                         "move or copy the talks into the project first, or import with --media copy (the default)")
    talks = [read_talk(page, base, root) for page in pages]
    readable = [t for t in talks if not t.problems]
    place = media_places(readable, base, options)
    for talk in readable:
        convert(talk, options, place)
    _refuse_clashes(talks)
    return talks


def _refuse_clashes(talks: list[Talk]) -> None:
    """Two pages that would make one deck, or two files copied to one place."""
    decks: dict[Path, Path] = {}
    copies: dict[Path, Path] = {}
    for talk in talks:
        if talk.deck_path in decks:
            talk.problems.append(Problem(talk.page_path, 0, f"{display_path(decks[talk.deck_path])} already becomes "
                                         f"{display_path(talk.deck_path)}", "import the two talks one at a time, "
                                         "with --root set to two projects"))
        decks.setdefault(talk.deck_path, talk.page_path)
        for dest, src in talk.copies.items():
            if copies.setdefault(dest, src) != src:
                talk.problems.append(Problem(talk.page_path, 0, f"{display_path(src)} and {display_path(copies[dest])}"
                                             f" would both be copied to {display_path(dest)}", "rename one of them"))


def write(talks: list[Talk], options: ImportOptions) -> list[Talk]:
    """Write every talk that has no problem: its files, then its deck; an existing deck (or a
    different file in the way) is kept unless `force`. Returns the talks written."""
    written = []
    for talk in talks:
        if talk.problems:
            continue
        if talk.deck_path.exists() and not options.force:
            talk.problems.append(Problem(talk.deck_path, 0, f"deck exists already (from {display_path(talk.page_path)})",
                                         "import with --force to replace it, or delete it first"))
        for dest, src in talk.copies.items():
            if dest.exists() and not options.force and not _same_bytes(dest, src):
                talk.problems.append(Problem(dest, 0, f"a different file is in the way of {display_path(src)}",
                                             "import with --force to replace it, or move it away"))
        for dest in talk.writes:
            if dest.exists() and not options.force:
                talk.problems.append(Problem(dest, 0, f"file exists already (the page's <style> would be written "
                                             "there)", "import with --force to replace it, or delete it first"))
        if talk.problems:
            continue
        try:
            for dest, src in talk.copies.items():
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not dest.exists() or not _same_bytes(dest, src):
                    shutil.copyfile(src, dest)
            for dest, text in [*talk.writes.items(), (talk.deck_path, talk.text)]:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
        except OSError as exc:
            talk.problems.append(Problem(Path(exc.filename) if exc.filename else talk.deck_path, 0,
                                         f"cannot write: {exc.strerror or exc}", "check the folder's permissions "
                                         "and free space"))
            continue
        written.append(talk)
    return written


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


# -- the whole command ----------------------------------------------------------------------------

@dataclasses.dataclass
class ImportReport:
    """What `deckhand import` did: the talks read, those written, the build's decks and findings."""

    talks: list[Talk]
    written: list[Talk]
    built: list[Path]
    findings: list[Problem]     # the deck doctor's, and what stopped a deck's build
    out_dir: Path

    @property
    def problems(self) -> list[Problem]:
        return [p for talk in self.talks for p in talk.problems]

    @property
    def notes(self) -> list[Problem]:
        return [n for talk in self.talks for n in talk.notes]


def import_talks(sources: list[Path], options: ImportOptions, build_options: BuildOptions) -> ImportReport:
    """Plan every talk of every source, write those without problems, check that each deck has
    remark's slide count, then build them (a deck with errors is left out of a second try, so
    that the others are built)."""
    talks = [talk for source in sources for talk in plan(source, options)]
    written = write(talks, options)
    for talk in written:
        _check_count(talk)
    paths = [t.deck_path for t in written if not t.problems]
    built, findings = _build(paths, build_options)
    return ImportReport(talks=talks, written=written, built=built, findings=findings, out_dir=build_options.out_dir)


def _check_count(talk: Talk) -> None:
    """The written deck must have as many slides as remark made of the page."""
    try:
        count = load_deck(talk.deck_path).slide_count
    except DeckError as exc:
        talk.problems += exc.problems
        return
    if count != talk.slides:
        talk.problems.append(Problem(talk.deck_path, 1, f"the deck has {count} slides where remark showed "
                                     f"{talk.slides}", "a bug in the importer: please report it with the page"))


def _build(paths: list[Path], options: BuildOptions) -> tuple[list[Path], list[Problem]]:
    if not paths:
        return [], []
    try:
        return paths, build(paths, options).warnings
    except DeckError as exc:
        failed = {p.path.resolve() for p in exc.problems if p.severity == "error" and p.path is not None}
        rest = [p for p in paths if p.resolve() not in failed]
        if not rest or len(rest) == len(paths):
            return [], exc.problems
        built, _ = _build(rest, options)
        return built, exc.problems

"""`deckhand import`: remark pages in, decks out. Each page's Markdown becomes slides/<its path>.md,
as it was (only the paths of the files it uses rewritten to where they now are), with a front matter
made of the page's remark options, title, metadata, stylesheets and MathJax settings; the files it
uses are copied into the project's img/ keeping their layout (or left where they are, `keep`).
Then the decks are built. The stages: find the pages, read each talk (talk.py), convert it
(talkdeck.py), write, check the slide counts, build."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from .errors import DeckError, Problem, UsageError, display_path
from .output import MARKER
from .parse import load_deck
from .pipeline import BuildOptions, build
from .remarkpage import calls_remark
from .talk import MEDIA_MODES, ImportOptions, Talk, inside, read_talk
from .talkdeck import convert, media_places

PAGE_SUFFIXES = (".html", ".htm")
SKIPPED_FOLDERS = ("node_modules", "build", "_site")   # never talks: installed packages, built output


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


def plan(source: Path, options: ImportOptions) -> list[Talk]:
    """Every talk under `source`, read and converted, nothing written."""
    if options.media not in MEDIA_MODES:
        raise UsageError(f"--media {options.media}: not a mode", "use --media copy or --media keep")
    pages, base = find_talks(source)
    root = Path(options.root).resolve()
    if options.media == "keep" and not inside(Path(source), root):
        raise UsageError(f"--media keep: {display_path(Path(source))} is not inside the project "
                         f"{display_path(root)}, so the decks could not point at its files",
                         "move or copy the talks into the project first, or import with --media copy (the default)")
    talks = [read_talk(page, base, root) for page in pages]
    readable = [t for t in talks if not t.problems]
    place = media_places(base, options)
    for talk in readable:
        convert(talk, options, place)
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
                talk.problems.append(Problem(dest, 0, "file exists already (the page's <style> would be written "
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
    _refuse_clashes(talks)
    written = write(talks, options)
    for talk in written:
        _check_count(talk)
    paths = [t.deck_path for t in written if not t.problems]
    built, findings = _build(paths, build_options)
    return ImportReport(talks=talks, written=written, built=built, findings=findings, out_dir=build_options.out_dir)


def _check_count(talk: Talk) -> None:
    """The written deck must have as many slides as remark made of the page."""
    try:
        talk.deck_slides = load_deck(talk.deck_path).slide_count
    except DeckError as exc:
        talk.problems += exc.problems
        return
    if talk.deck_slides != talk.slides:
        talk.problems.append(Problem(talk.deck_path, 1, f"the deck has {talk.deck_slides} slides where remark "
                                     f"showed {talk.slides}", "a bug in the importer: please report it with the page"))


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


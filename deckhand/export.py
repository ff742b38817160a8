"""The exports, made from the staged output before it replaces the old one, each in a file of its
own beside the deck's folder: the PDFs (every step, the handout, the notes; with a thumbnail for
the index page) and the single-file HTML."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .assets import AssetRef
from .deck import Deck
from .errors import DeckError, Problem, display_path
from .project import Project

# pdf.py and singlefile.py are imported where an export is made: a plain build does not need them
# (with Playwright's and Pillow's imports they cost a command-line build ~20 ms).

THUMBNAILS_DIR = "_site/thumbnails"
INDEX_PAGE = "index.html"


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of export: its file's name after the deck's name, what the index page's link to it
    says, and what messages call it."""

    suffix: str
    label: str
    noun: str

    def file_name(self, deck_name: str) -> str:
        return deck_name + self.suffix


PDF = Kind(".pdf", "PDF", "PDF")                               # every step of every slide
HANDOUT = Kind("-handout.pdf", "Handout", "handout PDF")       # the last step of each slide
NOTES = Kind("-notes.pdf", "Notes", "notes PDF")               # each slide with its presenter notes beneath
SINGLE_FILE = Kind(".html", "Single file", "single file")      # one HTML file with everything inlined
KINDS = (PDF, HANDOUT, NOTES, SINGLE_FILE)                      # in the index page's order


@dataclasses.dataclass(frozen=True)
class ExportOptions:
    """Which exports to make, and how: every field is off unless asked for. Each kind has a file of
    its own beside the deck's folder, so that one build can make them all."""

    pdf: bool = False              # OUT/<deck>.pdf: every step of every slide
    handout: bool = False          # OUT/<deck>-handout.pdf: only the last step of each slide
    notes: bool = False            # OUT/<deck>-notes.pdf: each slide with its notes beneath (in handout form with `handout`)
    single_file: bool = False      # OUT/<deck>.html: one file with everything inlined
    browser: object = None         # a Playwright Chromium or a cdp.PipeChromium to print with; None starts one
    progress: Callable[[str], None] | None = None   # told what is going on, a line at a time

    @property
    def kinds(self) -> tuple[Kind, ...]:
        asked = {PDF: self.pdf, HANDOUT: self.handout, NOTES: self.notes, SINGLE_FILE: self.single_file}
        return tuple(kind for kind in KINDS if asked[kind])

    @property
    def any_pdf(self) -> bool:
        return self.pdf or self.handout or self.notes


@dataclasses.dataclass(frozen=True)
class Exported:
    """A file an export made: its name in the output folder and what the summary says of it."""

    deck: Deck
    name: str
    kind: str          # "pdf" or "html"
    size: int
    seconds: float
    pages: int = 0
    warnings: tuple[Problem, ...] = ()   # what the PDF could not show (a remote image offline)


def start_browser_early(options: ExportOptions) -> ExportOptions:
    """The options with Chromium already starting when a PDF is asked for, so that it starts while
    the decks build (the command line does this; tests pass their browser)."""
    if options.any_pdf and options.browser is None:
        from .browser import start_chromium

        return dataclasses.replace(options, browser=start_chromium())
    return options


def stop_browser(options: ExportOptions) -> None:
    """Close the Chromium start_browser_early started (a browser passed in stays open)."""
    if options.browser is None:
        return
    from .browser import started_here

    if started_here(options.browser):
        options.browser.close()


def index_extras(site_dir: Path, deck_names: list[str]) -> dict[str, tuple[tuple[tuple[str, str], ...], str]]:
    """For the index page: each deck's links to its exports in the output folder `site_dir` (made by
    this build or kept from an earlier one), and its thumbnail ("" when there is none)."""
    names = set(deck_names)
    extras = {}
    for name in deck_names:
        links = tuple((kind.label, quote(kind.file_name(name))) for kind in KINDS
                      if (site_dir / kind.file_name(name)).is_file() and _owner(kind.file_name(name), names) == (name, kind))
        thumbnail = thumbnail_path(name)
        extras[name] = (links, quote(thumbnail) if (site_dir / thumbnail).is_file() else "")
    return extras


def _owner(file_name: str, deck_names: set[str]) -> tuple[str, Kind] | None:
    """Whose export a file beside the deck folders is: of the decks whose name and a kind's suffix
    make its name, the one with the longest name. `talk-notes.pdf` is deck talk-notes's PDF when
    that deck exists (export_names refuses to print deck talk's notes under that name then)."""
    if file_name == INDEX_PAGE:
        return None
    owners = [(file_name[:-len(kind.suffix)], kind) for kind in KINDS
              if file_name.endswith(kind.suffix) and file_name[:-len(kind.suffix)] in deck_names]
    return max(owners, key=lambda owner: len(owner[0]), default=None)


def export_names(decks: list[Deck], kinds: tuple[Kind, ...], kept: list[str] = ()) -> list[Problem]:
    """Every export of `decks` whose file would have the name of something else in the output
    folder: the index page, a deck's folder, or what is another deck's PDF or single file by
    _owner's rule (deck talk.md's notes PDF and deck talk-notes.md's PDF are both talk-notes.pdf).
    `kept` names the decks in the output from earlier builds. Names that differ only in letter case
    clash too, as they do on Windows and macOS."""
    owners = [(name, f"the deck '{name}' already in the output") for name in kept]
    owners += [(deck.name, display_path(deck.src_path)) for deck in decks]
    taken = {INDEX_PAGE: (INDEX_PAGE, "the index page")}
    for name, who in owners:
        taken.setdefault(name.casefold(), (name, f"the folder of {who}"))
    problems: list[Problem] = []

    def claim(deck: Deck, kind: Kind) -> None:
        file_name = kind.file_name(deck.name)
        if file_name.casefold() not in taken:
            taken[file_name.casefold()] = (file_name, f"the {kind.noun} of {display_path(deck.src_path)}")
            return
        other_name, other = taken[file_name.casefold()]
        if other_name == INDEX_PAGE:
            problems.append(Problem(deck.src_path, 1, f"a single-file deck named '{deck.name}' would replace the index page",
                                    "rename the deck file, for example to slides/talk.md"))
            return
        case = "" if other_name == file_name else f" ('{other_name}': only the letter case differs)"
        problems.append(Problem(deck.src_path, 1, f"this deck's {kind.noun} would be named '{file_name}', the name of "
                                                  f"{other}{case}",
                                "rename one of the two deck files: each export is named after its deck"))

    named_as_deck = [kind for kind in kinds if not kind.suffix.startswith("-")]
    for deck in decks:
        for kind in named_as_deck:
            claim(deck, kind)
    for name, who in owners:   # whether made now or not, these names are that deck's (see _owner)
        for kind in (PDF, SINGLE_FILE):
            taken.setdefault(kind.file_name(name).casefold(), (kind.file_name(name), f"the {kind.noun} of {who}"))
    for deck in decks:
        for kind in kinds:
            if kind not in named_as_deck:
                claim(deck, kind)
    return problems


def thumbnail_path(name: str) -> str:
    """Where the index page's thumbnail of a deck goes, relative to the output folder."""
    return f"{THUMBNAILS_DIR}/{name}.png"


def export_site(site_dir: Path, decks: list[Deck], assets: dict[str, list[AssetRef]], project: Project,
                options: ExportOptions, kept: list[str] = ()) -> list[Exported]:
    """Write the exports into the staged output folder `site_dir`; a DeckError if one cannot be made.
    `kept` names the decks of earlier builds the output keeps (`2023/intro`: the marker knows them,
    a look at the folder's top would not see the ones in subfolders)."""
    problems = export_names(decks, options.kinds, sorted(kept))
    if problems:
        raise DeckError(problems)
    made: list[Exported] = []
    if options.single_file:
        from .singlefile import single_file

        for deck in decks:
            started = time.perf_counter()
            data = single_file(deck, assets[deck.name], project)
            (site_dir / SINGLE_FILE.file_name(deck.name)).write_bytes(data)
            made.append(Exported(deck, SINGLE_FILE.file_name(deck.name), "html", len(data), time.perf_counter() - started))
    pdfs = [kind for kind in options.kinds if kind is not SINGLE_FILE]
    if pdfs:
        from .pdf import PdfJob, print_decks

        # a deck's PDFs one after the other: print_decks loads the deck once for them, and takes its thumbnail
        jobs = [PdfJob(deck=d, page_path=site_dir / d.name / "index.html", pdf_path=site_dir / kind.file_name(d.name),
                       thumbnail_path=site_dir / thumbnail_path(d.name) if kind is pdfs[0] else None,
                       handout=kind is HANDOUT or (kind is NOTES and options.handout), notes=kind is NOTES,
                       assets=tuple(assets[d.name]))
                for d in decks for kind in pdfs]
        for printed in print_decks(jobs, options.browser, options.progress):
            made.append(Exported(printed.deck, printed.path.relative_to(site_dir).as_posix(), "pdf", printed.size, printed.seconds, printed.pages,
                                 printed.warnings))
    return made


def summary(exported: Exported, out_dir: Path) -> str:
    """The line the CLI prints for an export, like `-> build/talk-notes.pdf: 106 pages, 3.1 MB, 1.9 s`."""
    pages = f"{exported.pages} page{'s' * (exported.pages != 1)}, " if exported.kind == "pdf" else ""
    return (f"-> {display_path(out_dir / exported.name)}: {pages}{_size(exported.size)}, "
            f"{exported.seconds:.1f} s")


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"

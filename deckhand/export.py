"""The exports, made from the staged output before it replaces the old one: each deck's PDF (with a
thumbnail for the index page) and its single-file HTML, beside the deck's folder."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .assets import AssetRef
from .deck import Deck
from .errors import DeckError, Problem, display_path

# pdf.py and singlefile.py are imported where an export is made: a plain build does not need them
# (with Playwright's and Pillow's imports they cost a command-line build ~20 ms).

THUMBNAILS_DIR = "_site/thumbnails"


@dataclasses.dataclass(frozen=True)
class ExportOptions:
    """Which exports to make, and how: every field is off unless asked for."""

    pdf: bool = False              # OUT/<deck>.pdf: every step of every slide
    handout: bool = False          # ... only the last step of each slide (implies pdf)
    notes: bool = False            # ... each slide with its presenter notes beneath (implies pdf)
    single_file: bool = False      # OUT/<deck>.html: one file with everything inlined
    browser: object = None         # a Playwright Chromium or a cdp.PipeChromium to print with; None starts one
    progress: Callable[[str], None] | None = None   # told what is going on, a line at a time

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


def index_extras(decks: list[Deck], options: ExportOptions) -> dict[str, tuple[tuple[tuple[str, str], ...], str]]:
    """For the index page: each deck's links to its exports, and its thumbnail ("" when none)."""
    extras = {}
    for deck in decks:
        links = []
        if options.any_pdf:
            label = "PDF" + (" handout" if options.handout else "") + (" with notes" if options.notes else "")
            links.append((label, f"{quote(deck.name)}.pdf"))
        if options.single_file:
            links.append(("Single file", f"{quote(deck.name)}.html"))
        thumbnail = quote(thumbnail_path(deck.name)) if options.any_pdf else ""
        extras[deck.name] = (tuple(links), thumbnail)
    return extras


def thumbnail_path(name: str) -> str:
    """Where the index page's thumbnail of a deck goes, relative to the output folder."""
    return f"{THUMBNAILS_DIR}/{name}.png"


def export_site(site_dir: Path, decks: list[Deck], assets: dict[str, list[AssetRef]], root: Path,
                options: ExportOptions) -> list[Exported]:
    """Write the exports into the staged output folder `site_dir`; a DeckError if one cannot be made."""
    made: list[Exported] = []
    if options.single_file:
        from .singlefile import single_file

        clash = [d for d in decks if d.name.lower() == "index"]
        if clash:
            raise DeckError([Problem(clash[0].src_path, 1, "a single-file deck named 'index' would replace the index page",
                                     "rename the deck file, for example to slides/talk.md")])
        for deck in decks:
            started = time.perf_counter()
            data = single_file(deck, assets[deck.name], root)
            (site_dir / f"{deck.name}.html").write_bytes(data)
            made.append(Exported(deck, f"{deck.name}.html", "html", len(data), time.perf_counter() - started))
    if options.any_pdf:
        from .pdf import PdfJob, print_decks

        jobs = [PdfJob(deck=d, page_path=site_dir / d.name / "index.html", pdf_path=site_dir / f"{d.name}.pdf",
                       thumbnail_path=site_dir / thumbnail_path(d.name),
                       handout=options.handout, notes=options.notes) for d in decks]
        for printed in print_decks(jobs, root / "templates", options.browser, options.progress):
            made.append(Exported(printed.deck, printed.path.name, "pdf", printed.size, printed.seconds, printed.pages))
    return made


def summary(exported: Exported, out_dir: Path) -> str:
    """The line the CLI prints for an export, like `-> build/talk.pdf: 106 pages, 3.1 MB, 1.9 s`."""
    pages = f"{exported.pages} page{'s' * (exported.pages != 1)}, " if exported.kind == "pdf" else ""
    return (f"-> {display_path(out_dir / exported.name)}: {pages}{_size(exported.size)}, "
            f"{exported.seconds:.1f} s")


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"

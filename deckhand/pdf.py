"""Print built decks to PDF in Chromium, one page per slide as remark lays it out, and take thumbnails."""

from __future__ import annotations

import atexit
import dataclasses
import queue
import re
import threading
import time
from pathlib import Path
from typing import Callable

from . import pdfmeta
from .browser import INSTALL_HINT, launch
from .deck import Deck
from .errors import DeckError, Problem, display_path
from .render import REMARK_VERSION

READY_TIMEOUT_MS = 30_000   # the deck's fonts and first slide
ASSET_TIMEOUT_MS = 15_000   # any one image or background
THUMBNAIL_WIDTH = 400
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclasses.dataclass(frozen=True)
class PdfJob:
    """One PDF to print: the deck, its built page, and where the PDF and the thumbnail go."""

    deck: Deck
    page_path: Path
    pdf_path: Path
    thumbnail_path: Path | None = None
    handout: bool = False
    notes: bool = False


@dataclasses.dataclass(frozen=True)
class Printed:
    """A PDF written: how many pages, how many bytes, how long it took."""

    deck: Deck
    path: Path
    pages: int
    size: int
    seconds: float


def printed_slides(deck: Deck, handout: bool) -> list[bool]:
    """For each slide remark shows, whether the PDF prints it. A handout keeps one page per number
    of remark's counter, the last slide showing it: a slide's `--` steps, and the `count: false`
    copies that follow a slide, end up as one page, its last step."""
    slides = deck.shown_slides
    numbers, count = [], 0
    for slide in slides:
        count += slide.counted
        numbers.append(max(count, 1))
    if not handout:
        return [True] * len(slides)
    return [i + 1 == len(slides) or not (slides[i + 1].continued or numbers[i + 1] == numbers[i])
            for i in range(len(slides))]


def print_decks(jobs: list[PdfJob], templates_dir: Path, browser=None,
                progress: Callable[[str], None] | None = None) -> list[Printed]:
    """Print every job in one Chromium: `browser` when given (a Playwright browser, as the tests
    share one, or a BrowserThread started earlier), else one started here for these jobs."""
    def print_all(chromium) -> list[Printed]:
        return [_print_deck(chromium, job, templates_dir, progress) for job in jobs]

    if isinstance(browser, BrowserThread):
        return browser.run(print_all)
    if browser is not None:
        return print_all(browser)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = _launch(playwright)
        try:
            return print_all(chromium)
        finally:
            chromium.close()


class BrowserThread:
    """Chromium started in a thread of its own as soon as a PDF is asked for, so that it starts
    while the decks build; the printing then runs in that thread (Playwright's sync API stays in
    the thread that started it). Closed when the program ends."""

    def __init__(self) -> None:
        self._tasks: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="chromium", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def run(self, task: Callable):
        """`task(browser)` in the browser's thread; its result, or its exception raised here."""
        outcome: list = []
        done = threading.Event()
        self._tasks.put((task, outcome, done))
        while not done.wait(0.2):
            if not self._thread.is_alive():
                raise RuntimeError("the Chromium thread stopped")
        kind, value = outcome[0]
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        if self._thread.is_alive():
            self._tasks.put(None)
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        from playwright.sync_api import sync_playwright

        failure: BaseException | None = None
        try:
            with sync_playwright() as playwright:
                chromium = _launch(playwright)
                try:
                    self._answer(lambda task: task(chromium))
                finally:
                    chromium.close()
        except BaseException as exc:   # no browser: every task gets the reason
            failure = exc
        if failure is not None:
            self._answer(lambda task: _raise(failure))

    def _answer(self, handle: Callable) -> None:
        while (item := self._tasks.get()) is not None:
            task, outcome, done = item
            try:
                outcome.append(("result", handle(task)))
            except BaseException as exc:
                outcome.append(("error", exc))
            finally:
                done.set()


def _raise(exc: BaseException):
    raise exc


def _launch(playwright):
    """deckhand.browser.launch, with a failed start told as a DeckError that says what to install."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return launch(playwright)
    except PlaywrightError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DeckError([Problem(Path("chromium"), 0, f"Chromium did not start: {first_line}", INSTALL_HINT)])


def _print_deck(browser, job: PdfJob, templates_dir: Path, progress) -> Printed:
    started = time.perf_counter()
    deck = job.deck
    keep = printed_slides(deck, job.handout)
    if progress:
        progress(f"{display_path(deck.src_path)}: printing {sum(keep)} pages to PDF...")
    ratio = deck.settings.ratio_value
    page = browser.new_page(viewport={"width": THUMBNAIL_WIDTH, "height": round(THUMBNAIL_WIDTH / ratio)})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"could not load {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and problems.append(
        f"could not load {response.url} (HTTP {response.status})"))
    try:
        _open(page, job, templates_dir, problems)
        if job.thumbnail_path is not None:
            _thumbnail(page, job.thumbnail_path)
        page.emulate_media(media="print")
        layout = page.evaluate("([keep, notes, t]) => deckhandExport.prepare(keep, notes, t)",
                               [keep, job.notes, ASSET_TIMEOUT_MS])
        if layout.get("untypeset"):
            problems.append(f"{layout['untypeset']} formulas were not typeset")
        if layout.get("error") or problems:
            _fail(job, [layout["error"]] if layout.get("error") else problems)
        data = page.pdf(width=f"{layout['width']}px", height=f"{layout['height']}px", prefer_css_page_size=True,
                        print_background=True, margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                        tagged=False, outline=False)   # pdfmeta writes the bookmarks: see there why
    finally:
        page.close()
    pages = len(_PAGE.findall(data))
    if pages != layout["pages"]:
        _fail(job, [f"Chromium printed {pages} pages for {layout['pages']} slides"])
    info = {"Title": deck.title, "Author": deck.settings.author, "Subject": deck.settings.description,
            "Creator": f"deckhand (remark {REMARK_VERSION}, Chromium {browser.version})"}
    data = pdfmeta.finish(data, info, [tuple(item) for item in layout["outline"]])
    job.pdf_path.write_bytes(data)
    return Printed(deck=deck, path=job.pdf_path, pages=pages, size=len(data), seconds=time.perf_counter() - started)


def _open(page, job: PdfJob, templates_dir: Path, problems: list[str]) -> None:
    """Load the built deck, wait for remark, fonts and math, then add the export's CSS and script."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.goto(job.page_path.resolve().as_uri(), wait_until="domcontentloaded", timeout=READY_TIMEOUT_MS)
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'", timeout=READY_TIMEOUT_MS)
    except PlaywrightTimeout:
        _fail(job, problems or [f"the deck was not ready after {READY_TIMEOUT_MS // 1000} s"])
    page.add_style_tag(content=(templates_dir / "print.css").read_text(encoding="utf-8"))
    page.add_script_tag(content=(templates_dir / "export.js").read_text(encoding="utf-8"))


def _thumbnail(page, path: Path) -> None:
    """The first slide as it shows on screen (the page's viewport is the thumbnail's size), as a PNG."""
    page.evaluate("t => deckhandExport.firstSlide(t)", ASSET_TIMEOUT_MS)
    box = page.locator(".remark-slides-area > .remark-slide-container .remark-slide-scaler").first.bounding_box()
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=box, animations="disabled")


def _fail(job: PdfJob, messages: list[str]) -> None:
    raise DeckError([Problem(job.deck.src_path, 0, f"cannot print the PDF: {message}",
                             "open the built deck in a browser to see the problem")
                     for message in messages])

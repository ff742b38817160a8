"""Print built decks to PDF in Chromium, one page per slide as remark lays it out, and take thumbnails."""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import posixpath
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from . import page, pdfmeta
from .assets import AUDIO_SUFFIXES, VIDEO_SUFFIXES, AssetRef
from .browser import INSTALL_HINT, start_chromium
from .cdp import COMMAND_TIMEOUT, PlaywrightTab
from .deck import Deck
from .errors import BrowserError, CdpError, DeckError, Problem, display_path
from .project import tool_file
from .render import REMARK_VERSION, description_text

READY_TIMEOUT_MS = 30_000   # the deck's fonts and first slide
ASSET_TIMEOUT_MS = 15_000   # any one image or background
PRINT_TIMEOUT = 600         # seconds for laying out and printing a deck (a 1,000-slide deck takes ~20 s)
THUMBNAIL_WIDTH = 400


@dataclasses.dataclass(frozen=True)
class PdfJob:
    """One PDF to print: the deck, its built page, and where the PDF and the thumbnail go."""

    deck: Deck
    page_path: Path
    pdf_path: Path
    thumbnail_path: Path | None = None
    handout: bool = False
    notes: bool = False
    assets: tuple[AssetRef, ...] = ()   # the deck's files: a remote one that does not load is named at its line


@dataclasses.dataclass(frozen=True)
class Printed:
    """A PDF written: how many pages, how many bytes, how long it took."""

    deck: Deck
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: tuple[Problem, ...] = ()   # remote files that did not load: the PDF has their places empty


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


def print_decks(jobs: list[PdfJob], browser=None,
                progress: Callable[[str], None] | None = None) -> list[Printed]:
    """Print every job in one Chromium: `browser` when given (a PipeChromium started earlier, or a
    Playwright browser, as the tests share one), else one started here for these jobs. Jobs in a
    row that print the same built page (a deck's slides and notes PDFs) share one load of it."""
    if browser is None:
        browser = start_chromium()
        try:
            return print_decks(jobs, browser, progress)
        finally:
            browser.close()
    printed: list[Printed] = []
    for _, same_page in itertools.groupby(jobs, key=lambda job: job.page_path):
        printed += _print_page(browser, list(same_page), progress)
    return printed


def _new_tab(browser, width: int, height: int):
    """A page of the given size in `browser`; a browser that did not start is a BrowserError."""
    try:
        if hasattr(browser, "tab"):
            return browser.tab(width, height)
        return PlaywrightTab(browser, width, height)
    except (CdpError, OSError) as exc:
        raise BrowserError(f"Chromium did not start: {exc}", INSTALL_HINT) from exc


def _print_page(browser, jobs: list[PdfJob], progress) -> list[Printed]:
    """Load one built deck in a tab, take its thumbnail, and print each job from that one load."""
    started = time.perf_counter()
    deck = jobs[0].deck
    ratio = deck.settings.ratio_value
    tab = _new_tab(browser, THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH / ratio))
    problems: list[str] = []
    warnings: list[Problem] = []
    printed: list[Printed] = []
    try:
        _open(tab, jobs[0], problems, warnings)
        thumbnail = next((job.thumbnail_path for job in jobs if job.thumbnail_path is not None), None)
        if thumbnail is not None:
            _thumbnail(tab, thumbnail)
        tab.send("Emulation.setEmulatedMedia", {"media": "print"})
        for job in jobs:
            printed.append(dataclasses.replace(_print_job(tab, job, problems, started, progress),
                                               warnings=tuple(warnings) if job is jobs[0] else ()))
            started = time.perf_counter()   # the load counts in the first PDF's time
    except CdpError as exc:
        _fail(jobs[0], [*problems, str(exc)])
    finally:
        try:
            tab.close()
        except CdpError:
            pass
    return printed


def _print_job(tab, job: PdfJob, problems: list[str], started: float, progress) -> Printed:
    """Lay the loaded deck out for `job` (which steps, notes or not), print it and write the PDF."""
    deck = job.deck
    keep = printed_slides(deck, job.handout)
    if progress:
        kind = "the notes PDF" if job.notes else "the handout PDF" if job.handout else "PDF"
        progress(f"{display_path(deck.src_path)}: printing {sum(keep)} pages to {kind}...")
    layout = _export(tab, "prepare", keep, job.notes, ASSET_TIMEOUT_MS, timeout=PRINT_TIMEOUT)
    if layout.get("untypeset"):
        problems.append(f"{layout['untypeset']} formulas were not typeset")
    if layout.get("error") or problems:
        _fail(job, [layout["error"]] if layout.get("error") else problems)
    data = _print(tab, layout["width"], layout["height"])
    pages = pdfmeta.page_count(data)
    if pages != layout["pages"]:
        _fail(job, [f"Chromium printed {pages} pages for {layout['pages']} slides"])
    info = {"Title": deck.title, "Author": deck.settings.author, "Subject": description_text(deck.settings.description),
            "Creator": f"deckhand (remark {REMARK_VERSION}, Chromium {tab.version})"}
    try:
        data = pdfmeta.finish(data, info, [tuple(item) for item in layout["outline"]])
    except ValueError as exc:   # a PDF without its title and bookmarks is not written as if it were fine
        _fail(job, [f"{display_path(job.pdf_path)}: {exc}"],
              f"Chromium {tab.version} printed it: report this with that version, or set DECK_CHROMIUM to another Chromium")
    job.pdf_path.write_bytes(data)
    return Printed(deck=deck, path=job.pdf_path, pages=pages, size=len(data), seconds=time.perf_counter() - started)


def _open(tab, job: PdfJob, problems: list[str], warnings: list[Problem]) -> None:
    """Load the built deck, wait for remark, fonts and math, then add the export's script and CSS;
    what fails to load or throws meanwhile goes into `problems`, a remote file that does not load
    into `warnings`."""
    requests: dict[str, tuple[str, str]] = {}

    def failed(request_id: str, error: str) -> None:
        url, kind = requests[request_id]
        if error == "net::ERR_ABORTED" and (kind == "Media" or _is_clip(url)):
            return   # Chromium cancels part of a clip's loading as it goes; a PDF needs only its first frame
        if urlsplit(url).scheme in ("http", "https"):
            if not any(w.message.startswith(f"remote file '{url}' ") for w in warnings):
                warnings.append(_remote_warning(job, url, error))
            return
        problems.append(f"could not load {url} ({error})")

    tab.on("Runtime.exceptionThrown", lambda event: problems.append(f"script error: {_thrown(event['exceptionDetails'])}"))
    tab.on("Network.requestWillBeSent", lambda event: requests.__setitem__(
        event["requestId"], (event["request"]["url"], event.get("type", ""))))
    # Only the requests seen to start: not the blank page's, which the deck's navigation cancels.
    tab.on("Network.loadingFailed", lambda event: event["requestId"] in requests and failed(
        event["requestId"], event["errorText"]))
    tab.on("Network.responseReceived", lambda event: event["response"]["status"] >= 400 and event["requestId"] in requests
           and failed(event["requestId"], f"HTTP {event['response']['status']}"))
    tab.send("Runtime.enable")
    tab.send("Network.enable")
    navigated = tab.send("Page.navigate", {"url": job.page_path.resolve().as_uri()})
    if navigated.get("errorText"):
        _fail(job, [f"could not open {display_path(job.page_path)} ({navigated['errorText']})"])
    deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
    while True:
        left_ms = max(0, round((deadline - time.monotonic()) * 1000))
        try:
            if _call(tab, f"({_page_file('print-ready.js')})", left_ms, timeout=left_ms / 1000 + 5):
                break
            _fail(job, problems or [f"the deck was not ready after {READY_TIMEOUT_MS // 1000} s"])
        except CdpError as exc:   # asked while the blank page made way for the deck: ask the deck
            if "context" not in str(exc) or time.monotonic() > deadline:
                raise
    _evaluate(tab, _page_file("export.js"))
    _export(tab, "addStylesheet", _page_file("print.css"))


def _is_clip(url: str) -> bool:
    """Whether a URL names a sound or video file (in an <iframe>, <embed> or <object> Chromium
    loads it as a document, and cancels that as it does a <video>'s)."""
    return posixpath.splitext(urlsplit(url).path.lower())[1] in AUDIO_SUFFIXES + VIDEO_SUFFIXES


def _remote_warning(job: PdfJob, url: str, error: str) -> Problem:
    """A remote file that did not load while printing (no network, a server that says no): the PDF
    is printed with its place empty, and this says where it is written."""
    line = next((ref.line for ref in job.assets if ref.remote and ref.ref.strip() == url), 0)
    return Problem(job.deck.src_path, line, f"remote file '{url}' did not load, so the PDF shows nothing in its place "
                   f"({error})", "print again with the network on, or save the file under img/ and reference it by a "
                   "relative path", severity="warning")


def _thumbnail(tab, path: Path) -> None:
    """The first slide as it shows on screen (the page's viewport is the thumbnail's size), as a PNG."""
    box = _export(tab, "firstSlide", ASSET_TIMEOUT_MS, timeout=ASSET_TIMEOUT_MS / 1000 + 5)
    shot = tab.send("Page.captureScreenshot", {"format": "png", "clip": box})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


def _print(tab, width: float, height: float) -> bytes:
    """Chromium's PDF of the page, `width` x `height` CSS pixels a page, no margins, backgrounds
    printed; read as a stream (a long deck's PDF is tens of megabytes)."""
    printed = tab.send("Page.printToPDF", {
        "paperWidth": width / 96, "paperHeight": height / 96, "preferCSSPageSize": True, "printBackground": True,
        "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
        "generateTaggedPDF": False, "generateDocumentOutline": False,   # pdfmeta writes the bookmarks: see there why
        "transferMode": "ReturnAsStream"}, PRINT_TIMEOUT)
    chunks = []
    while True:
        chunk = tab.send("IO.read", {"handle": printed["stream"], "size": 8 << 20})
        chunks.append(base64.b64decode(chunk["data"]) if chunk.get("base64Encoded") else chunk["data"].encode("latin-1"))
        if chunk.get("eof"):
            break
    tab.send("IO.close", {"handle": printed["stream"]})
    return b"".join(chunks)


def _page_file(name: str) -> str:
    """The text of one of the export's page files (static/print-ready.js, export.js, print.css)."""
    return tool_file(name).read_text(encoding="utf-8")


def _export(tab, method: str, *args, timeout: float = COMMAND_TIMEOUT):
    """Call a function of export.js's `deckhandExport` in the page."""
    return _call(tab, f"{page.EXPORT_GLOBAL}.{method}", *args, timeout=timeout)


def _call(tab, function: str, *args, timeout: float = COMMAND_TIMEOUT):
    """The value of `function` (a JavaScript expression) called in the page with `args` as JSON."""
    return _evaluate(tab, f"{function}({', '.join(json.dumps(arg) for arg in args)})", timeout)


def _evaluate(tab, expression: str, timeout: float = COMMAND_TIMEOUT):
    """The value of a JavaScript expression in the page, awaited when it is a promise."""
    answer = tab.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True},
                      timeout)
    if "exceptionDetails" in answer:
        raise CdpError(f"script error: {_thrown(answer['exceptionDetails'])}")
    return answer["result"].get("value")


def _thrown(details: dict) -> str:
    """What an exception says, from the protocol's exceptionDetails."""
    exception = details.get("exception") or {}
    return (exception.get("description") or details.get("text") or "an exception").splitlines()[0]


def _fail(job: PdfJob, messages: list[str], hint: str = "open the built deck in a browser to see the problem") -> None:
    raise DeckError([Problem(job.deck.src_path, 0, f"cannot print the PDF: {message}", hint) for message in messages])

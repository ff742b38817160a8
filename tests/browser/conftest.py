"""Browser fixtures: the test decks built once, opened in Chromium, every event recorded."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, TEST_DECKS, make_deck_dir

VIEWPORT = {"width": 1024, "height": 768}

# Runs in the page: show slide n, wait for its images, sounds and background, and report.
CHECK_SLIDE_JS = r"""
async (n) => {
  slideshow.gotoSlide(n);
  const container = document.querySelectorAll('.remark-slide-container')[n - 1];
  const content = container.querySelector('.remark-slide-content');
  const settle = (el, ok, bad) => new Promise(resolve => {
    el.addEventListener(ok, resolve, {once: true});
    el.addEventListener(bad, resolve, {once: true});
    setTimeout(resolve, 5000);
  });
  const images = [...content.querySelectorAll('img')];
  await Promise.all(images.map(img => img.complete ? null : settle(img, 'load', 'error')));
  const audios = [...content.querySelectorAll('audio')];
  await Promise.all(audios.map(a => a.readyState >= 1 || a.error ? null : settle(a, 'loadedmetadata', 'error')));
  const bg = /url\("?(.*?)"?\)/.exec(getComputedStyle(content).backgroundImage);
  const background = bg ? await new Promise(resolve => {
    const probe = new Image();
    probe.onload = () => resolve(probe.naturalWidth);
    probe.onerror = () => resolve(0);
    probe.src = bg[1];
  }) : null;
  const prose = content.cloneNode(true);
  prose.querySelectorAll('pre, code, .katex').forEach(node => node.remove());
  const rawTex = prose.textContent.match(/\$\$|\\[a-zA-Z]+\{|\\(?:cdot|partial|ell|nabla|alpha|sum)\b/g) || [];
  return {
    visible: container.classList.contains('remark-visible'),
    rawTex: rawTex,
    text: content.innerText.trim(),
    images: images.map(i => [i.getAttribute('src'), i.naturalWidth]),
    audio: audios.map(a => [a.currentSrc, a.readyState, a.error ? a.error.code : null]),
    background: bg ? [bg[1], background] : null,
    katexErrors: content.querySelectorAll('.katex-error').length,
    untypeset: content.querySelectorAll('.math[data-tex]:not([data-typeset])').length,
  };
}
"""


@dataclasses.dataclass
class OpenDeck:
    """A deck open in a page, with everything that went wrong since the last `take_events()`."""

    page: object
    base: str
    events: list[str] = dataclasses.field(default_factory=list)

    def take_events(self) -> list[str]:
        taken, self.events[:] = list(self.events), []
        return taken


def watch(page, allowed_prefix: str, events: list[str]) -> None:
    """Record console errors, page errors, failed or >= 400 responses, and requests leaving the machine."""
    page.on("console", lambda m: m.type in ("error", "warning") and events.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: events.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: _media_abort(r) or events.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and events.append(f"HTTP {r.status}: {r.url}"))

    def on_request(request):
        url = request.url
        if not (url.startswith(allowed_prefix) or urlsplit(url).scheme in ("data", "blob", "about")):
            events.append(f"request left the machine: {url}")

    page.on("request", on_request)


def _media_abort(request) -> bool:
    """Chrome fetches the start of a sound or video, then aborts the rest until it plays: not a failure."""
    return request.resource_type == "media" and "ERR_ABORTED" in (request.failure or "")


def open_deck(browser, url: str, allowed_prefix: str) -> OpenDeck:
    page = browser.new_page(viewport=VIEWPORT)
    deck = OpenDeck(page=page, base=url)
    watch(page, allowed_prefix, deck.events)
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.deckReady === 'true'", timeout=15000)
    return deck


def open_clone(page):
    """Press C in `page` and return remark's clone window once it has started.

    A starting clone tells its opener the slide it shows ('gotoSlide:N', from remark.create); keys
    pressed before that message lands are undone by it: wait for it, as a person would."""
    page.evaluate("if (!window.cloneSaid) addEventListener('message', e => cloneSaid.push(e.data));"
                  " window.cloneSaid = []")
    with page.expect_popup() as popup_info:
        page.keyboard.press("c")
    clone = popup_info.value
    clone.set_viewport_size(VIEWPORT)
    clone.wait_for_function("window.slideshow && document.documentElement.dataset.deckReady === 'true'")
    page.wait_for_function("cloneSaid.some(m => /^gotoSlide:/.test(m))", timeout=5000)
    return clone


# Runs in a window: what its audience sees of remark's modes.
VIEW_JS = """() => ({slide: slideshow.getCurrentSlideIndex() + 1, hash: location.hash,
  presenter: document.body.classList.contains('remark-presenter-mode'),
  notesAndTimer: getComputedStyle(document.querySelector('.remark-notes-area')).display !== 'none'})"""


def view(page) -> dict:
    return page.evaluate(VIEW_JS)


@contextlib.contextmanager
def decks_over_http(browser, site_url: str):
    """Open each built deck of a site over http once (by deck name) and reuse the page."""
    pages: dict[str, OpenDeck] = {}

    def get(name: str) -> OpenDeck:
        if name not in pages:
            pages[name] = open_deck(browser, f"{site_url}{name}/", site_url)
        return pages[name]

    try:
        yield get
    finally:
        for deck in pages.values():
            deck.page.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The test decks, built once for all browser tests."""
    from deckhand import pipeline
    folder = make_deck_dir(tmp_path_factory.mktemp("decks"))
    out = tmp_path_factory.mktemp("site") / "out"
    pipeline.build([folder / n for n in TEST_DECKS], pipeline.BuildOptions(out_dir=out, root=ROOT))
    return out


@pytest.fixture(scope="session")
def site_url(built_site, serve_dir) -> str:
    return serve_dir(built_site)


@pytest.fixture(scope="session")
def deck_over_http(browser, site_url):
    with decks_over_http(browser, site_url) as get:
        yield get


# The command line prints through a Chromium it starts itself, over a pipe (deckhand.cdp.PipeChromium);
# most browser tests print through their shared Playwright browser. Both must see the same page.

@pytest.fixture(params=["pipe", "playwright"])
def printer(request, browser):
    """A Chromium to print with, spoken to in one of the two ways (closed after the test)."""
    if request.param == "playwright":
        yield browser
        return
    from deckhand.browser import start_chromium

    chromium = start_chromium()
    yield chromium
    chromium.close()

"""Which Chromium the export starts: $DECK_CHROMIUM, else Playwright's answer, remembered on disk."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from deckhand import browser
from deckhand.errors import BrowserError, CdpError, DeckError, UsageError


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """Playwright's answer replaced by a fake Chromium file; the list records each time it is asked."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(browser.ENV_VAR, raising=False)
    fake = tmp_path / "chrome"
    fake.write_text("")
    calls: list[str] = []

    def ask() -> str:
        calls.append(str(fake))
        return str(fake)

    monkeypatch.setattr(browser, "_ask_playwright", ask)
    return calls



def test_playwright_is_asked_once_then_the_answer_is_remembered(asked):
    assert browser.chromium_path() == asked[0]
    assert browser.chromium_path() == asked[0]
    assert len(asked) == 1



def test_asked_again_when_playwright_or_its_browsers_change(asked, monkeypatch):
    browser.chromium_path()
    monkeypatch.setattr(browser, "_installed_browsers", lambda: ["9.99.0", "/elsewhere", 1, "/usr/bin"])
    browser.chromium_path()
    assert len(asked) == 2



def test_asked_again_when_the_remembered_browser_is_gone(asked, tmp_path):
    browser.chromium_path()
    (tmp_path / "chrome").unlink()
    browser.chromium_path()
    assert len(asked) == 2



def test_deck_chromium_wins_and_must_exist(asked, monkeypatch, tmp_path):
    mine = tmp_path / "my-chrome"
    mine.write_text("")
    monkeypatch.setenv(browser.ENV_VAR, str(mine))
    assert browser.chromium_path() == str(mine) and asked == []
    monkeypatch.setenv(browser.ENV_VAR, str(tmp_path / "none"))
    with pytest.raises(BrowserError) as raised:
        browser.chromium_path()
    assert str(raised.value) == (f"DECK_CHROMIUM names a file that does not exist: {tmp_path / 'none'} "
                                 f"({browser.INSTALL_HINT})")



def test_no_chromium_at_all_is_told_at_the_first_page(monkeypatch):
    """No $DECK_CHROMIUM, no Playwright browser, none on the PATH: a BrowserError, in no file,
    raised when the first page is asked for; the PDF export passes it on as it is."""
    from deckhand.cdp import PipeChromium
    from deckhand.pdf import _new_tab

    monkeypatch.delenv(browser.ENV_VAR, raising=False)
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    no_playwright_browser = SimpleNamespace(chromium=SimpleNamespace(executable_path="/nowhere/chrome"))
    chromium = PipeChromium(lambda: browser.find_chromium(no_playwright_browser), [])
    try:
        with pytest.raises(BrowserError) as raised:
            _new_tab(chromium, 400, 300)
    finally:
        chromium.close()
    assert isinstance(raised.value, UsageError) and not isinstance(raised.value, CdpError)
    assert str(raised.value) == f"no Chromium browser found ({browser.INSTALL_HINT})"


def test_chromium_going_away_while_a_deck_prints_is_told_with_the_decks_other_problems(tmp_path):
    """A failure in the middle of printing is the deck's: its PDF cannot be printed. What the page
    reported before it (a file that did not load) is kept beside it."""
    from deckhand.parse import load_deck
    from deckhand.pdf import PdfJob, print_decks

    deck_path = tmp_path / "talk.md"
    deck_path.write_text("# Talk\n", encoding="utf-8")

    class DyingTab:
        version = "120"

        def __init__(self):
            self.handlers = {}

        def on(self, event, handler):
            self.handlers[event] = handler

        def send(self, method, params=None, timeout=0):
            if method == "Page.navigate":
                self.handlers["Network.requestWillBeSent"]({"requestId": "1", "request": {"url": "file:///img/a.png"}})
                self.handlers["Network.loadingFailed"]({"requestId": "1", "errorText": "net::ERR_FILE_NOT_FOUND"})
            elif method == "Runtime.evaluate":
                raise CdpError("chromium exited with code -9")
            return {}

        def close(self):
            raise CdpError("closing the page: Target closed")

    job = PdfJob(deck=load_deck(deck_path), page_path=tmp_path / "talk" / "index.html", pdf_path=tmp_path / "talk.pdf")
    with pytest.raises(DeckError) as raised:
        print_decks([job], SimpleNamespace(tab=lambda width, height: DyingTab()))
    hint = "open the built deck in a browser to see the problem"
    assert [str(p) for p in raised.value.problems] == [
        f"{deck_path}: error: cannot print the PDF: could not load file:///img/a.png (net::ERR_FILE_NOT_FOUND) ({hint})",
        f"{deck_path}: error: cannot print the PDF: chromium exited with code -9 ({hint})"]



@pytest.mark.parametrize("said, told", [("Target closed\n=== logs ===\n...", "Target closed"),
                                        ("  \n  page crashed  \n", "page crashed"), ("", "RuntimeError")])
def test_an_error_is_told_by_its_first_line_or_its_type(said, told):
    from deckhand.cdp import first_line

    assert first_line(RuntimeError(said)) == told

"""Which Chromium the export starts: $DECK_CHROMIUM, else Playwright's answer, remembered on disk."""

from __future__ import annotations

import pytest

from deckhand import browser
from deckhand.errors import DeckError


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
    with pytest.raises(DeckError) as raised:
        browser.chromium_path()
    assert raised.value.problems[0].message == "DECK_CHROMIUM names a file that does not exist"



def test_no_chromium_at_all_is_told_at_the_first_page(tmp_path):
    from deckhand.cdp import PipeChromium

    def nothing_found() -> str:
        raise DeckError([])

    chromium = PipeChromium(nothing_found, [])
    with pytest.raises(DeckError):
        chromium.tab(400, 300)
    chromium.close()



@pytest.mark.parametrize("said, told", [("Target closed\n=== logs ===\n...", "Target closed"),
                                        ("  \n  page crashed  \n", "page crashed"), ("", "RuntimeError")])
def test_an_error_is_told_by_its_first_line_or_its_type(said, told):
    from deckhand.cdp import first_line

    assert first_line(RuntimeError(said)) == told

"""Which Chromium the export starts: $DECK_CHROMIUM, else Playwright's answer, remembered on disk."""

from __future__ import annotations

from pathlib import Path

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


def test_a_chromium_that_cannot_run_says_why_at_its_first_page(tmp_path):
    from deckhand.cdp import PipeChromium

    not_a_program = tmp_path / "chrome"
    not_a_program.write_text("")   # no execute permission
    chromium = PipeChromium(lambda: str(not_a_program), [])
    profile = Path(chromium._profile)
    assert profile.is_dir()
    try:
        with pytest.raises(PermissionError):
            chromium.tab(400, 300)
    finally:
        chromium.close()
    assert not profile.exists()   # the profile folder is removed with the browser


def test_no_chromium_at_all_is_told_at_the_first_page(tmp_path):
    from deckhand.cdp import PipeChromium

    def nothing_found() -> str:
        raise DeckError([])

    chromium = PipeChromium(nothing_found, [])
    with pytest.raises(DeckError):
        chromium.tab(400, 300)
    chromium.close()


def playwright_disabled_features() -> set[str]:
    """The features the installed Playwright's driver disables when it launches Chromium."""
    import re

    import playwright

    lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for source in sorted(lib.rglob("*.js")):
        text = source.read_text(encoding="utf-8", errors="replace")
        if "chromiumSwitches" in text and (found := re.search(r"disabledFeatures = \[(.*?)\]", text, re.S)):
            return set(re.findall(r"""["']([A-Za-z0-9]+)["']""", found.group(1)))
    raise AssertionError(f"Playwright's list of disabled Chromium features was not found under {lib}")


def test_our_disabled_features_carry_playwrights_own():
    """Chromium keeps only the last --disable-features flag: ours replaces Playwright's, so it must
    name every feature Playwright turns off (a newer Playwright may add some: add them here too)."""
    theirs = playwright_disabled_features()
    assert len(theirs) >= 5
    assert theirs <= set(browser.DISABLED_FEATURES), sorted(theirs - set(browser.DISABLED_FEATURES))
    flags = [arg for arg in browser.LAUNCH_ARGS if arg.startswith("--disable-features=")]
    assert flags == ["--disable-features=" + ",".join(browser.DISABLED_FEATURES)]


@pytest.mark.parametrize("said, told", [("Target closed\n=== logs ===\n...", "Target closed"),
                                        ("  \n  page crashed  \n", "page crashed"), ("", "RuntimeError")])
def test_an_error_is_told_by_its_first_line_or_its_type(said, told):
    from deckhand.cdp import first_line

    assert first_line(RuntimeError(said)) == told

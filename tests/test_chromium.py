"""Chromium as the export starts it: a file that cannot run is told at the first page, and our
launch flags carry the features the installed Playwright turns off."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckhand import browser
from deckhand.errors import BrowserError


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


def test_a_chromium_that_cannot_run_is_a_browser_error_for_the_export(tmp_path):
    from deckhand.cdp import PipeChromium
    from deckhand.pdf import _new_tab

    not_a_program = tmp_path / "chrome"
    not_a_program.write_text("")   # no execute permission
    chromium = PipeChromium(lambda: str(not_a_program), [])
    try:
        with pytest.raises(BrowserError) as raised:
            _new_tab(chromium, 400, 300)
    finally:
        chromium.close()
    assert str(raised.value) == (f"Chromium did not start: [Errno 13] Permission denied: '{not_a_program}' "
                                 f"({browser.INSTALL_HINT})")

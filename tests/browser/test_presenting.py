"""remark's presenting features work in a built deck: keys, #N, presenter mode, clone, blackout."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORT, open_deck


@pytest.fixture
def syntax_deck(browser, site_url):
    deck = open_deck(browser, f"{site_url}syntax/", site_url)
    yield deck
    deck.page.close()


def current(page) -> int:
    return page.evaluate("slideshow.getCurrentSlideIndex()") + 1


def test_arrow_keys_space_and_page_keys(syntax_deck):
    page = syntax_deck.page
    assert current(page) == 1
    page.keyboard.press("ArrowRight")
    assert current(page) == 2
    page.keyboard.press("Space")
    assert current(page) == 3
    page.keyboard.press("PageDown")
    assert current(page) == 4
    page.keyboard.press("ArrowLeft")
    assert current(page) == 3
    page.keyboard.press("End")
    assert current(page) == page.evaluate("slideshow.getSlideCount()")
    page.keyboard.press("Home")
    assert current(page) == 1
    assert syntax_deck.take_events() == []


def test_hash_opens_that_slide(browser, site_url):
    deck = open_deck(browser, f"{site_url}syntax/#5", site_url)
    try:
        assert current(deck.page) == 5
        assert "Highlighted code" in deck.page.locator(".remark-visible").inner_text()
        deck.page.keyboard.press("ArrowRight")
        deck.page.wait_for_function("location.hash === '#6'")
    finally:
        deck.page.close()


def test_slide_links_by_name(syntax_deck):
    page = syntax_deck.page
    page.evaluate("slideshow.gotoSlide(8)")
    page.locator(".remark-visible a", has_text="Jump to the code slide").click()
    # the link changes the hash; remark moves on the hashchange event, a task after the click
    page.wait_for_function("slideshow.getCurrentSlideIndex() === 4", timeout=5000)
    assert page.evaluate("location.hash") == "#5"
    assert page.locator(".remark-visible h2").inner_text() == "Highlighted code"


def test_presenter_mode_shows_notes_and_the_next_slide(syntax_deck):
    page = syntax_deck.page
    page.keyboard.press("p")
    assert page.evaluate("document.body.classList.contains('remark-presenter-mode')")
    notes = page.locator(".remark-notes-current-area .remark-notes")
    assert "Notes for the title slide: only the presenter sees these." in notes.inner_text()
    preview = page.locator(".remark-preview-area .remark-slide-container")
    assert "Lists and increments" in preview.inner_text()
    page.keyboard.press("p")
    assert not page.evaluate("document.body.classList.contains('remark-presenter-mode')")


def test_blackout(syntax_deck):
    page = syntax_deck.page
    page.keyboard.press("b")
    assert page.evaluate("document.body.classList.contains('remark-blackout-mode')")
    assert page.locator(".remark-backdrop").is_visible()
    page.keyboard.press("b")
    assert not page.evaluate("document.body.classList.contains('remark-blackout-mode')")


def test_clone_window_follows_the_presenter(syntax_deck):
    page = syntax_deck.page
    # A starting clone tells its opener the slide it shows ('gotoSlide:N', from remark.create);
    # keys pressed before that message lands are undone by it: wait for it, as a person would.
    page.evaluate("window.cloneSaid = []; addEventListener('message', e => cloneSaid.push(e.data))")
    with page.expect_popup() as popup_info:
        page.keyboard.press("c")
    clone = popup_info.value
    clone.set_viewport_size(VIEWPORT)
    clone.wait_for_function("window.slideshow && document.documentElement.dataset.deckReady === 'true'")
    page.wait_for_function("cloneSaid.some(m => /^gotoSlide:/.test(m))", timeout=5000)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    clone.wait_for_function("slideshow.getCurrentSlideIndex() === 2", timeout=5000)
    clone.close()


def test_slide_counter_counts_only_counted_slides(syntax_deck):
    page = syntax_deck.page
    # slide 3 is the second increment of slide 2: the counter stays on 2
    numbers = []
    for n in (1, 2, 3, 4):
        page.evaluate(f"slideshow.gotoSlide({n})")
        numbers.append(page.locator(".remark-visible .remark-slide-number").inner_text())
    assert numbers == ["1/8", "2/8", "2/8", "2/8"]

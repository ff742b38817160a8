"""remark's presenting features work in a built deck: keys, #N, presenter mode, clone, blackout."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_clone, open_deck, view
from tests.conftest import ROOT


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


def audience(slide: int) -> dict:
    return {"slide": slide, "hash": f"#{slide}", "presenter": False, "notesAndTimer": False}


def presenter(slide: int) -> dict:
    return {"slide": slide, "hash": f"#p{slide}", "presenter": True, "notesAndTimer": True}


@pytest.mark.parametrize("keys", ["C", "P,C"])
@pytest.mark.parametrize("scheme", ["http", "file"])
def test_clone_is_the_audience_view_and_follows_the_presenter(browser, built_site, site_url, scheme, keys):
    if scheme == "http":
        deck = open_deck(browser, f"{site_url}syntax/", site_url)
    else:
        deck = open_deck(browser, (built_site / "syntax" / "index.html").as_uri(), built_site.as_uri())
    page = deck.page
    mode, other_mode = (presenter, audience) if keys == "P,C" else (audience, presenter)
    notes = "Notes for the title slide: only the presenter sees these."
    try:
        if keys == "P,C":
            page.keyboard.press("p")
        clone = open_clone(page)
        assert view(page) == mode(1)
        assert view(clone) == audience(1)
        assert (notes in page.locator("body").inner_text()) == (keys == "P,C")
        assert notes not in clone.locator("body").inner_text()
        assert clone.locator(".remark-visible h1").inner_text() == "Remark syntax tour"
        page.keyboard.press("ArrowRight")
        clone.wait_for_function("slideshow.getCurrentSlideIndex() === 1", timeout=5000)
        assert view(clone) == audience(2)
        page.keyboard.press("p")                   # the presenter changes mode, the clone does not
        assert view(page) == other_mode(2)
        page.keyboard.press("ArrowRight")
        clone.wait_for_function("slideshow.getCurrentSlideIndex() === 2", timeout=5000)
        assert view(clone) == audience(3)
        assert clone.locator(".remark-visible h2").inner_text() == "Lists and increments"
        clone.close()
        assert deck.take_events() == []
    finally:
        page.close()


def test_a_named_clone_target_stays_the_audience_view_when_sent_the_presenter_again(browser, deck_dir, tmp_path):
    """A reloaded presenter has forgotten its clone: C then points the named window at `#pN`."""
    from deckhand import pipeline
    src_path = deck_dir / "syntax.md"
    source = src_path.read_text(encoding="utf-8")
    src_path.write_text(source.replace("ratio:", "cloneTarget: projector\nratio:", 1), encoding="utf-8")
    pipeline.build([src_path], pipeline.BuildOptions(out_dir=tmp_path / "out", root=ROOT))
    deck = open_deck(browser, (tmp_path / "out" / "syntax" / "index.html").as_uri(), (tmp_path / "out").as_uri())
    page = deck.page
    try:
        page.keyboard.press("p")
        clone = open_clone(page)
        assert clone.evaluate("window.name") == "projector"
        assert view(clone) == audience(1)
        page.keyboard.press("ArrowRight")
        clone.wait_for_function("slideshow.getCurrentSlideIndex() === 1", timeout=5000)
        page.reload()
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'", timeout=15000)
        assert view(page) == presenter(2)
        page.keyboard.press("ArrowRight")          # not followed: this page has no clone yet
        page.keyboard.press("c")                   # the same window, now sent `#p3`
        clone.wait_for_function("slideshow.getCurrentSlideIndex() === 2", timeout=5000)
        assert view(clone) == audience(3)
        assert view(page) == presenter(3)
        page.keyboard.press("ArrowRight")          # followed again
        clone.wait_for_function("slideshow.getCurrentSlideIndex() === 3", timeout=5000)
        assert view(clone) == audience(4)
        clone.close()
        assert deck.take_events() == []
    finally:
        page.close()


def test_slide_counter_counts_only_counted_slides(syntax_deck):
    page = syntax_deck.page
    # slide 3 is the second increment of slide 2: the counter stays on 2
    numbers = []
    for n in (1, 2, 3, 4):
        page.evaluate(f"slideshow.gotoSlide({n})")
        numbers.append(page.locator(".remark-visible .remark-slide-number").inner_text())
    assert numbers == ["1/8", "2/8", "2/8", "2/8"]

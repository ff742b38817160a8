"""Every slide of every test deck renders in Chromium, with all its assets, offline (tests/talk/ does
the same for the decks in slides/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckhand.parse import load_deck
from tests.browser.checks import (assert_every_slide_renders_from_file_url, assert_remark_agrees_with_the_model,
                                  assert_slide_ok)
from tests.browser.conftest import CHECK_SLIDE_JS
from tests.conftest import DECKS_DIR, TEST_DECKS

MODELS = {Path(name).stem: load_deck(DECKS_DIR / name) for name in TEST_DECKS}


def slide_params():
    return [pytest.param(name, slide.number, id=f"{deck.src_path.name}:{slide.line}")
            for name, deck in MODELS.items() for slide in deck.shown_slides]


@pytest.mark.parametrize("name, number", slide_params())
def test_slide_renders_over_http(deck_over_http, name, number):
    deck = deck_over_http(name)
    report = deck.page.evaluate(CHECK_SLIDE_JS, number)
    assert_slide_ok(report, deck.take_events())


@pytest.mark.parametrize("name", list(MODELS))
def test_remark_agrees_with_the_model(deck_over_http, name):
    assert_remark_agrees_with_the_model(deck_over_http(name).page, MODELS[name])


@pytest.mark.parametrize("name", list(MODELS))
def test_every_slide_renders_from_file_url(browser, built_site, name):
    assert_every_slide_renders_from_file_url(browser, built_site, MODELS[name])


def test_traps_show_as_text(deck_over_http):
    page = deck_over_http("traps").page
    page.evaluate("slideshow.gotoSlide(1)")
    text = page.locator(".remark-visible .remark-slide-content").inner_text()
    assert "A closing textarea tag: </textarea> must show as text" in text
    assert "A closing script tag in prose: </script> likewise." in text
    assert "{{ deck.title }} {% if x %} {# comment #}" in text
    page.evaluate("slideshow.gotoSlide(3)")
    math = page.evaluate("[...document.querySelectorAll('.remark-visible .katex-mathml annotation')]"
                         ".map(a => a.textContent)")
    assert math[:2] == ["a_1 * b_1 + a_2 * b_2", "\\sum_{i=1}^{n} x_i^2"]
    assert "it costs $5 and $10." in page.locator(".remark-visible").inner_text()
    page.evaluate("slideshow.gotoSlide(4)")
    assert "Ünïcödé, ツ, 日本語, العربية, and an emoji 🎓." in page.locator(".remark-visible").inner_text()
    assert page.locator(".remark-visible code").first.inner_text() == "¯\\_(ツ)_/¯"


def test_remark_takes_the_pages_stylesheet(deck_over_http):
    page = deck_over_http("widescreen").page
    assert page.evaluate("[...document.styleSheets].filter(s => s.title === 'remark').length") == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.remark-slide-container')).position") == "absolute"
    background = page.evaluate("getComputedStyle(document.querySelector('pre code.hljs') || document.body)"
                               ".backgroundColor")
    assert background == "rgb(248, 248, 248)"   # github's code background


# Runs before the page's scripts: the state of the fonts at the moment the deck says it is ready.
FONTS_AT_READY_JS = r"""
new MutationObserver((changes, observer) => {
  if (!document.documentElement || document.documentElement.dataset.deckReady !== 'true') return;
  observer.disconnect();
  const faces = [...document.fonts];
  window.fontsAtReady = {
    loading: faces.filter(f => f.status === 'loading').map(f => `${f.family} ${f.weight} ${f.style}`),
    bold: document.fonts.check('700 1em Ubuntu', 'Bold'),
    italic: document.fonts.check('italic 1em Ubuntu', 'italic'),
    mono: document.fonts.check("1em 'Ubuntu Mono'", 'mono'),
    loaded: [...new Set(faces.filter(f => f.status === 'loaded').map(f => `${f.family} ${f.weight} ${f.style}`))],
  };
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-deck-ready']});
"""


def test_ready_means_the_shown_slide_has_its_fonts(browser, run_build, tmp_path):
    """deck.js says ready once the first slide is laid out with the faces it needs, including ones
    not asked for early (bold, italic): a deck that said ready sooner would fail here."""
    deck = tmp_path / "fonts.md"
    deck.write_text("# Fonts\n\n**Bold** and *italic* and `mono`\n\n---\n\n# Two\n", encoding="utf-8")
    assert run_build(deck, "--out", tmp_path / "out")[0] == 0
    page = browser.new_page()
    try:
        page.add_init_script(FONTS_AT_READY_JS)
        page.goto((tmp_path / "out" / "fonts" / "index.html").as_uri())
        page.wait_for_function("window.fontsAtReady !== undefined", timeout=15000)
        state = page.evaluate("window.fontsAtReady")
        assert {k: state[k] for k in ("loading", "bold", "italic", "mono")} == {
            "loading": [], "bold": True, "italic": True, "mono": True}
        assert {"Ubuntu 700 normal", "Ubuntu 400 italic", 'Ubuntu Mono 400 normal'} <= set(state["loaded"])
    finally:
        page.close()

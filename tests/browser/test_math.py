"""Formulas typeset at build time look exactly as KaTeX typesets them in the page, and a deck built
without Node typesets its formulas in the page."""

from __future__ import annotations

from deckhand import katex
from tests.browser.conftest import CHECK_SLIDE_JS, open_deck
from tests.conftest import ROOT

# Runs in the page: each formula's HTML from the build, next to the HTML the page's own KaTeX makes
# of its TeX, both read back from the DOM.
COMPARE_JS = r"""
() => [...document.querySelectorAll('.math[data-tex]')].map(node => {
  const fresh = document.createElement('span');
  fresh.innerHTML = katex.renderToString(node.getAttribute('data-tex'),
                                         {displayMode: node.classList.contains('display'), throwOnError: false});
  return [node.getAttribute('data-tex'), node.innerHTML, fresh.innerHTML];
})
"""


def test_build_time_html_is_what_katex_renders_in_the_page(browser, built_site):
    deck = open_deck(browser, (built_site / "hands-on-deep-learning" / "index.html").as_uri(), built_site.as_uri())
    try:
        assert deck.page.evaluate("typeof katex") == "undefined"   # the page never loaded KaTeX's script
        deck.page.add_script_tag(path=str(ROOT / "node_modules" / "katex" / "dist" / "katex.min.js"))
        formulas = deck.page.evaluate(COMPARE_JS)
        assert len(formulas) >= 38
        assert [tex for tex, built, in_page in formulas if built != in_page] == []
        assert deck.take_events() == []
    finally:
        deck.page.close()


def test_without_node_the_page_typesets_every_formula(browser, run_build, deck_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(katex.shutil, "which", lambda name: None)
    out = tmp_path / "out"
    assert run_build(deck_dir / "traps.md", "--out", out)[0] == 0
    deck = open_deck(browser, (out / "traps" / "index.html").as_uri(), out.as_uri())
    try:
        shown = deck.page.evaluate("slideshow.getSlideCount()")
        reports = [deck.page.evaluate(CHECK_SLIDE_JS, n) for n in range(1, shown + 1)]
        assert [r["untypeset"] for r in reports] == [0] * shown
        assert [r["katexErrors"] for r in reports] == [0] * shown
        assert deck.page.evaluate("document.querySelectorAll('.katex').length") >= 3
        assert deck.take_events() == []
    finally:
        deck.page.close()

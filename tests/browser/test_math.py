"""Formulas typeset at build time look exactly as KaTeX typesets them in the page, and a deck built
without Node typesets its formulas in the page."""

from __future__ import annotations

from deckhand import katex
from deckhand.parse import load_deck
from tests.browser.checks import compare_with_katex_in_the_page
from tests.browser.conftest import CHECK_SLIDE_JS, open_deck
from tests.conftest import DECKS_DIR


def test_build_time_html_is_what_katex_renders_in_the_page(browser, built_site):
    formulas = compare_with_katex_in_the_page(browser, built_site, "math")
    # the 16 formulas of the shown slides (not the excluded one's), and slide 2's 6 again in
    # remark's preview of the next slide
    assert len(formulas) == 22
    assert {tex for tex, _, _ in formulas} == {m.tex for m in load_deck(DECKS_DIR / "math.md").shown_math}
    assert [tex for tex, built, in_page in formulas if built != in_page] == []


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

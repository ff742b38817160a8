"""A deck written for remark+MathJax (`math: mathjax`) in Chromium: every formula on every slide is
typeset by KaTeX, none is red source text or raw dollars, and each is the TeX MathJax saw."""

from __future__ import annotations

import shutil

from tests.browser.conftest import CHECK_SLIDE_JS, open_deck
from tests.conftest import DECKS_DIR
from tests.test_mathjax_mode import EXPECTED


def test_every_formula_of_a_mathjax_era_deck_is_typeset(browser, run_build, tmp_path):
    shutil.copy(DECKS_DIR / "mathjax-era.md", tmp_path / "mathjax-era.md")
    out = tmp_path / "out"
    assert run_build(tmp_path / "mathjax-era.md", "--out", out)[0] == 0
    deck = open_deck(browser, (out / "mathjax-era" / "index.html").as_uri(), out.as_uri())
    try:
        shown = deck.page.evaluate("slideshow.getSlideCount()")
        reports = [deck.page.evaluate(CHECK_SLIDE_JS, n) for n in range(1, shown + 1)]
        assert [(r["untypeset"], r["katexErrors"]) for r in reports] == [(0, 0)] * shown
        typeset = deck.page.evaluate("""[...document.querySelectorAll(
            '.remark-slides-area > .remark-slide-container .remark-slide-content .katex annotation')]
            .map(a => a.textContent)""")
        assert typeset == [tex for _, _, tex in EXPECTED]
        text = deck.page.evaluate("document.querySelector('.remark-slides-area').textContent")
        assert "$" not in text and "\\_" not in text   # no formula left as the author's raw source
        deck.page.evaluate("slideshow.gotoSlide(2)")
        deck.page.screenshot(path=str(tmp_path / "model.png"))
        assert deck.take_events() == []
    finally:
        deck.page.close()

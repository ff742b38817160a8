"""The theme lays the talk's idioms out as their authors meant, measured in Chromium at 1024x768."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import open_deck
from tests.conftest import DECKS_DIR, ROOT, write_png

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def layout_deck(browser, tmp_path_factory):
    from deckhand import pipeline

    folder = tmp_path_factory.mktemp("layout")
    shutil.copyfile(DECKS_DIR / "theme-layout.md", folder / "theme-layout.md")
    write_png(folder / "img" / "layout-tall.png", (200, 320))
    out = folder / "out"
    pipeline.build([folder / "theme-layout.md"], pipeline.BuildOptions(out_dir=out, root=ROOT))
    index = out / "theme-layout" / "index.html"
    deck = open_deck(browser, index.as_uri(), out.as_uri())
    yield deck
    deck.page.close()


def _show(deck, n: int) -> None:
    deck.page.evaluate("n => slideshow.gotoSlide(n)", n)
    deck.page.evaluate("() => document.fonts.ready.then(() => null)")


def test_an_empty_reset_column_clears_the_columns(layout_deck):
    _show(layout_deck, 2)
    box = layout_deck.page.evaluate("""() => {
      const c = document.querySelector('.remark-visible .remark-slide-content');
      const img = c.querySelector('img').getBoundingClientRect();
      const reset = c.querySelector('.reset-column');
      const after = [...c.querySelectorAll('.center')].find(e => e.textContent.includes('QUESTION'));
      return {display: getComputedStyle(reset).display, imgBottom: img.bottom, textTop: after.getBoundingClientRect().top,
              textLeft: after.getBoundingClientRect().left, imgLeft: img.left};
    }""")
    assert box["display"] == "block"
    assert box["textTop"] >= box["imgBottom"] - 0.5, box        # under the image, not beside it


def test_console_output_is_boxed_light_inside_its_column(layout_deck):
    _show(layout_deck, 3)
    found = layout_deck.page.evaluate("""() => {
      const c = document.querySelector('.remark-visible .remark-slide-content');
      const [code, out] = [...c.querySelectorAll('pre > code')];
      const col = c.querySelector('.left-column').getBoundingClientRect();
      const s = getComputedStyle(out);
      return {codeBg: getComputedStyle(code).backgroundColor, outBg: s.backgroundColor,
              border: s.borderTopStyle, right: out.getBoundingClientRect().right, colRight: col.right,
              scroll: out.scrollWidth, client: out.clientWidth};
    }""")
    assert found["outBg"] not in ("rgba(0, 0, 0, 0)", found["codeBg"])
    assert found["border"] == "solid"
    assert found["right"] <= found["colRight"] + 0.5
    assert found["scroll"] <= found["client"], found      # the 50-column output fits without scrolling


def test_the_fallback_font_draws_tsu(layout_deck):
    _show(layout_deck, 4)
    used = layout_deck.page.evaluate("""async () => {
      await document.fonts.ready;
      return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Deck Glyphs').map(f => f.status);
    }""")
    assert used == ["loaded"]
    assert layout_deck.take_events() == []

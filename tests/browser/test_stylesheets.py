"""A deck's own stylesheets in Chromium: the built deck and its single file show the author's look
(their rules after the theme's, their background, their font), and nothing fails to load."""

from __future__ import annotations

import pytest

from deckhand.export import ExportOptions
from deckhand.pipeline import BuildOptions, build
from tests.browser.conftest import VIEWPORT, watch
from tests.test_stylesheets import make_project

pytestmark = pytest.mark.browser

LOOK_JS = """async () => {
  await document.fonts.ready;
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  slideshow.gotoSlide(2);
  const linked = style('.from-link').color;
  slideshow.gotoSlide(1);
  await new Promise(r => setTimeout(r, 50));
  const hero = style('.remark-visible .remark-slide-content.hero').backgroundImage;
  const probe = (url) => new Promise(resolve => {
    const image = new Image();
    image.onload = () => resolve(image.naturalWidth);
    image.onerror = () => resolve(0);
    image.src = url;
  });
  return {
    column: [style('.pull-left-own').cssFloat, style('.pull-left-own').width],
    credits: style('.credits').fontFamily,
    creditsFont: document.fonts.check('12px "Year Sans"'),
    everywhere: style('.everywhere').borderBottomColor,
    linked: linked,
    hero: await probe(hero.slice(5, -2)),
  };
}"""


@pytest.mark.parametrize("single_file", [False, True], ids=["deck folder", "single file"])
def test_the_authors_look_applies(browser, tmp_path, single_file):
    deck = make_project(tmp_path)
    build([deck], BuildOptions(root=tmp_path, export=ExportOptions(single_file=single_file)))
    page = browser.new_page(viewport=VIEWPORT)
    events = []
    watch(page, (tmp_path / "build").as_uri(), events)
    try:
        target = tmp_path / "build" / ("2023/talk.html" if single_file else "2023/talk/index.html")
        page.goto(target.as_uri())
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'")
        look = page.evaluate(LOOK_JS)
    finally:
        page.close()
    assert look["column"][0] == "left"
    assert look["credits"] == '"Year Sans", sans-serif' and look["creditsFont"] is True
    assert look["everywhere"] == "rgb(200, 0, 0)" and look["linked"] == "rgb(0, 128, 0)"
    assert look["hero"] == 320   # the background from the shared img/, through year.css
    assert events == []

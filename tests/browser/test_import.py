"""An imported remark+MathJax talk in Chromium: every formula typeset as MathJax read it, the
author's stylesheets applied, nothing fails to load."""

from __future__ import annotations

import pytest

from deckhand.cli import main
from tests.browser.conftest import VIEWPORT, watch
from tests.test_import import talks

pytestmark = pytest.mark.browser

SHOWN_JS = """() => [...document.querySelectorAll('.remark-slides-area > .remark-slide-container .remark-slide-content')].map(slide => ({
  typeset: [...slide.querySelectorAll('.katex-mathml annotation')].map(a => a.textContent),
  errors: slide.querySelectorAll('.katex-error').length,
  dollars: (slide.innerText.match(/\\$/g) || []).length,
}))"""


def test_the_imported_talk_typesets_what_mathjax_typeset(browser, tmp_path, capsys):
    assert main(["import", str(talks(tmp_path)), "--to", str(tmp_path / "p")]) == 0
    page = browser.new_page(viewport=VIEWPORT)
    events = []
    watch(page, (tmp_path / "p" / "build").as_uri(), events)
    try:
        page.goto((tmp_path / "p" / "build" / "2023" / "ml-school" / "index.html").as_uri())
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'")
        shown = page.evaluate(SHOWN_JS)
        float_left = page.evaluate("getComputedStyle(document.querySelector('.pull-left')).cssFloat")
    finally:
        page.close()
    assert [s["typeset"] for s in shown] == [
        [], ["\\nabla_{x} l", "\\vec w = \\{w, b\\}"], ["f(x) = W x + b", "p_{\\vec{w}}(y|x)"], []]
    assert all(s["errors"] == 0 and s["dollars"] == 0 for s in shown)
    assert float_left == "left" and events == []

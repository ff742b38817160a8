"""The importer's slide counts are remark's own: each original page of a generated collection of
remark talks is opened in remark 0.14 (node_modules/remark-slide, in place of the CDN's; every other
remote request is refused), and remark's count is compared with the imported deck's."""

from __future__ import annotations

import pytest

from deckhand import vendor
from deckhand.importer import plan, write
from deckhand.talk import ImportOptions
from deckhand.parse import load_deck
from deckhand.project import modules_dir
from tests.conftest import ROOT
from tests.remark_talks import write_collection

pytestmark = pytest.mark.browser


def test_every_imported_deck_has_as_many_slides_as_remark_shows(browser, serve_dir, tmp_path):
    pages = write_collection(tmp_path / "talks", 6, 9)
    options = ImportOptions(root=tmp_path / "project")
    talks = plan(tmp_path / "talks", options)
    assert write(talks, options) == talks
    remark_js = (modules_dir(ROOT) / vendor.REMARK_JS).read_bytes()
    base = serve_dir(tmp_path / "talks")
    context = browser.new_context()

    def route(found):
        url = found.request.url
        if url.startswith(base):
            return found.continue_()
        if "remark" in url:
            return found.fulfill(body=remark_js, content_type="application/javascript")
        return found.abort()

    context.route("**/*", route)
    counted = {}
    try:
        for page_path in pages:
            tab = context.new_page()
            tab.goto(base + page_path.relative_to(tmp_path / "talks").as_posix())
            tab.wait_for_function("typeof slideshow === 'object' && slideshow.getSlideCount() > 0", timeout=15000)
            counted[page_path] = tab.evaluate("slideshow.getSlideCount()")
            tab.close()
    finally:
        context.close()
    ours = {t.page_path: (t.slides, load_deck(t.deck_path).slide_count) for t in talks}
    assert ours == {page: (count, count) for page, count in counted.items()}
    # 9 slides, 2 of them with a `--` step (remark counts each step); the text/template pages
    # start with '---', which gives them an empty first slide
    assert sorted(set(counted.values())) == [11, 12]

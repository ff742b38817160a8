"""What every shown slide, printed page and single file must satisfy: for the test decks and tests/talk/."""

from __future__ import annotations

import shutil
from pathlib import Path

from deckhand.page import ASSETS_ID, MATH_ID, OPTIONS_ID, SOURCE_ID
from tests.browser.conftest import CHECK_SLIDE_JS, open_deck
from tests.conftest import ROOT
from tests.pdfread import normal


def build_with(decks: list[Path], out: Path, **export) -> Path:
    """Build decks into `out` with exports (pdf=True, notes=True, ...); return `out`."""
    from deckhand import pipeline
    from deckhand.export import ExportOptions

    pipeline.build(decks, pipeline.BuildOptions(out_dir=out, root=ROOT, export=ExportOptions(**export)))
    return out


def assert_slide_ok(report: dict, events: list[str]) -> None:
    """What CHECK_SLIDE_JS reported shows the slide whole: its images, sounds, background and math."""
    assert report["visible"]
    assert report["text"] or report["images"] or report["background"], "the slide shows nothing"
    assert [src for src, width in report["images"] if width == 0] == [], "images that did not load"
    assert [a for a in report["audio"] if a[1] < 1 or a[2] is not None] == [], "sounds that did not load"
    assert report["background"] is None or report["background"][1] > 0, "background image did not load"
    assert report["katexErrors"] == 0
    assert report["untypeset"] == 0
    assert report["rawTex"] == [], "TeX shown as text: math that was not recognised"
    assert events == []


def assert_remark_agrees_with_the_model(page, model) -> None:
    """remark shows as many slides as the model, and the last one's counter is counted/counted."""
    assert page.evaluate("slideshow.getSlideCount()") == model.slide_count
    page.evaluate(f"slideshow.gotoSlide({model.slide_count})")
    last = page.locator(".remark-visible .remark-slide-number").inner_text()
    assert last == f"{model.counted_count}/{model.counted_count}"


def assert_every_slide_renders_from_file_url(browser, site: Path, model) -> None:
    """Double-clicking index.html works the same as serving it: every slide, no failed request."""
    deck = open_deck(browser, (site / model.name / "index.html").as_uri(), site.as_uri())
    try:
        failures = {}
        for slide in model.shown_slides:
            report = deck.page.evaluate(CHECK_SLIDE_JS, slide.number)
            try:
                assert_slide_ok(report, deck.take_events())
            except AssertionError as exc:
                failures[f"{model.src_path.name}:{slide.line}"] = str(exc).splitlines()[0]
        assert failures == {}
    finally:
        deck.page.close()


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


def compare_with_katex_in_the_page(browser, site: Path, name: str) -> list[list[str]]:
    """Open a built deck, load KaTeX into it afterwards, and return COMPARE_JS's [tex, built, fresh]
    for each formula; the page itself must never have loaded KaTeX, and nothing may go wrong."""
    deck = open_deck(browser, (site / name / "index.html").as_uri(), site.as_uri())
    try:
        assert deck.page.evaluate("typeof katex") == "undefined"   # the page never loaded KaTeX's script
        deck.page.add_script_tag(path=str(ROOT / "node_modules" / "katex" / "dist" / "katex.min.js"))
        formulas = deck.page.evaluate(COMPARE_JS)
        assert deck.take_events() == []
        return formulas
    finally:
        deck.page.close()


def remark_slides(browser, page: Path) -> list[dict]:
    """Each slide of a built deck as remark renders it: its first heading and all its text."""
    tab = browser.new_page()
    try:
        tab.goto(page.as_uri())
        tab.wait_for_function("document.documentElement.dataset.deckReady === 'true'")
        slides = tab.evaluate("""[...document.querySelectorAll('.remark-slides-area > .remark-slide-container')]
            .map(c => c.querySelector('.remark-slide-content')).map(c => ({
              heading: (c.querySelector('h1, h2, h3') || {}).textContent || '', text: c.textContent}))""")
    finally:
        tab.close()
    return [{"heading": normal(s["heading"]), "text": normal(s["text"])} for s in slides]


def assert_page_shows_its_own_slide_only(pages: list[str], slides: list[dict], number: int) -> None:
    """Slide n's heading is on page n; its neighbours' headings are not, unless slide n shows them too
    (decktape's fast mode leaves the previous slide's text on each page)."""
    assert len(pages) == len(slides)
    slide, page = slides[number - 1], pages[number - 1]
    if slide["heading"]:
        assert slide["heading"] in page
    for other in slides[max(number - 2, 0):number - 1] + slides[number:number + 1]:
        if other["heading"] and other["heading"] not in slide["text"]:
            assert other["heading"] not in page


def assert_counters(pages: list[str], deck) -> None:
    """Each page of a deck's PDF, one per shown slide, shows remark's counter of its slide, n/total."""
    assert len(pages) == deck.slide_count
    for number, page in enumerate(pages, start=1):
        counter = sum(s.counted for s in deck.shown_slides[:number]) or 1
        assert f"{counter}/{deck.counted_count}" in page, f"page {number}"


# Runs in the page: what <body> holds besides scripts, remark's elements and white space.
OUTSIDE_THE_SLIDES_JS = """[...document.body.childNodes].filter(n => n.nodeType === Node.ELEMENT_NODE
    ? n.tagName !== 'SCRIPT' && !/^remark-/.test(n.className) : n.textContent.trim() !== '')
  .map(n => n.nodeType === Node.ELEMENT_NODE ? n.outerHTML.slice(0, 80) : n.textContent.slice(0, 80))"""

# Runs in the page: the ids of its data elements (JSON in <script>) that are gone or hold no JSON.
BROKEN_DATA_JS = """ids => ids.filter(id => {
  try { JSON.parse(document.getElementById(id).textContent); return false; } catch (error) { return true; }
})"""


def assert_single_file_works_alone(browser, single_file: Path, elsewhere: Path, count: int) -> list[str]:
    """A copy of a single-file deck in another folder shows `count` slides, each whole, from
    file://, asking nothing of another file or machine, with its data (JSON in <script>) whole and
    nothing of it shown outside the slides; returns the start of each image's and sound's src
    (data: URIs)."""
    alone = elsewhere / single_file.name
    alone.parent.mkdir(parents=True)
    shutil.copyfile(single_file, alone)
    assert "_deck/" not in alone.read_text(encoding="utf-8")
    deck = open_deck(browser, alone.as_uri(), alone.as_uri())
    try:
        assert deck.page.evaluate("slideshow.getSlideCount()") == count
        failures = {}
        for number in range(1, count + 1):
            report = deck.page.evaluate(CHECK_SLIDE_JS, number)
            problems = [src[:40] for src, width in report["images"] if width == 0]
            problems += [a for a in report["audio"] if a[1] < 1 or a[2] is not None]
            if report["background"] is not None and report["background"][1] == 0:
                problems.append("background")
            if report["untypeset"] or report["katexErrors"]:
                problems.append("math")
            if problems:
                failures[number] = problems
        assert failures == {}
        events = deck.take_events()
        assert events == [], events   # no failed request, nothing asked of another file or machine
        outside = deck.page.evaluate(OUTSIDE_THE_SLIDES_JS)
        assert outside == [], outside
        broken = deck.page.evaluate(BROKEN_DATA_JS, [OPTIONS_ID, SOURCE_ID, MATH_ID, ASSETS_ID])
        assert broken == [], broken
        return deck.page.evaluate("""[...document.querySelectorAll('.remark-slides-area img, .remark-slides-area audio source')]
            .map(e => e.getAttribute('src').slice(0, 22))""")
    finally:
        deck.page.close()

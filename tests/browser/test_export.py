"""PDF and single-file exports, checked as a reader meets them: pages, sizes, text, metadata, files."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from deckhand.deck import load_deck
from deckhand.export import ExportOptions
from tests.browser.conftest import CHECK_SLIDE_JS, open_deck
from tests.conftest import ROOT, TALK, make_deck_dir

TALK_MODEL = load_deck(TALK)
PAGE_BREAK = "\f"


def poppler(tool: str, *args: str | Path) -> str:
    """Run a poppler-utils tool; a missing tool fails the test (never skips it)."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: install poppler-utils (sudo apt-get install poppler-utils)")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it, whitespace and ligatures normalised."""
    text = poppler("pdftotext", "-enc", "UTF-8", pdf, "-")
    return [normal(page) for page in text.split(PAGE_BREAK)[:-1]]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_info(pdf: Path) -> dict[str, str]:
    return dict(re.findall(r"^([\w ]+?):\s+(.*)$", poppler("pdfinfo", pdf), re.M))


def page_size(pdf: Path) -> tuple[float, float]:
    width, height = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(pdf)["Page size"]).groups()
    return float(width), float(height)


def build_with(decks: list[Path], out: Path, **export) -> Path:
    import build

    build.build(decks, build.BuildOptions(out_dir=out, root=build.ROOT, export=ExportOptions(**export)))
    return out


@pytest.fixture(scope="session")
def decks_folder(tmp_path_factory) -> Path:
    return make_deck_dir(tmp_path_factory.mktemp("export-decks"))


@pytest.fixture(scope="session")
def full_site(browser, decks_folder, tmp_path_factory) -> Path:
    """The talk (4:3) and two 16:9 test decks, with every step printed, and as single files."""
    return build_with([TALK, decks_folder / "syntax.md", decks_folder / "widescreen.md"],
                      tmp_path_factory.mktemp("export") / "out", pdf=True, single_file=True, browser=browser)


@pytest.fixture(scope="session")
def handout_site(browser, decks_folder, tmp_path_factory) -> Path:
    """The talk and the syntax deck as handouts, and with notes in handout form."""
    return build_with([TALK, decks_folder / "syntax.md"], tmp_path_factory.mktemp("handout") / "out",
                      handout=True, notes=True, browser=browser)


@pytest.fixture(scope="session")
def talk_pages(full_site) -> list[str]:
    return pdf_pages(full_site / "hands-on-deep-learning.pdf")


@pytest.fixture(scope="session")
def talk_slides(browser, full_site) -> list[dict]:
    """Each slide of the built talk as remark renders it: its first heading and all its text."""
    page = browser.new_page()
    page.goto((full_site / "hands-on-deep-learning" / "index.html").as_uri())
    page.wait_for_function("document.documentElement.dataset.deckReady === 'true'")
    slides = page.evaluate("""[...document.querySelectorAll('.remark-slides-area > .remark-slide-container')]
        .map(c => c.querySelector('.remark-slide-content')).map(c => ({
          heading: (c.querySelector('h1, h2, h3') || {}).textContent || '', text: c.textContent}))""")
    page.close()
    return [{"heading": normal(s["heading"]), "text": normal(s["text"])} for s in slides]


# ---- PDF ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, ratio, count", [("hands-on-deep-learning", 4 / 3, 106), ("syntax", 16 / 9, 11),
                                                ("widescreen", 16 / 9, 3)])
def test_one_page_per_slide_at_the_deck_ratio(full_site, name, ratio, count):
    pdf = full_site / f"{name}.pdf"
    info = pdf_info(pdf)
    assert int(info["Pages"]) == count
    width, height = page_size(pdf)
    assert abs(width / height - ratio) / ratio < 0.005
    assert 510.75 <= height <= 510.75 * 1.06   # remark's 681 px slide, in points, scaled up at most 6 %


@pytest.mark.parametrize("number", [s.number for s in TALK_MODEL.shown_slides],
                         ids=[f"{TALK.name}:{s.line}" for s in TALK_MODEL.shown_slides])
def test_each_page_shows_its_own_slide_only(talk_pages, talk_slides, number):
    """Slide n's heading is on page n; its neighbours' headings are not, unless slide n shows them too
    (decktape's fast mode leaves the previous slide's text on each page)."""
    assert len(talk_pages) == len(talk_slides) == TALK_MODEL.slide_count
    slide, page = talk_slides[number - 1], talk_pages[number - 1]
    if slide["heading"]:
        assert slide["heading"] in page
    for other in talk_slides[max(number - 2, 0):number - 1] + talk_slides[number:number + 1]:
        if other["heading"] and other["heading"] not in slide["text"]:
            assert other["heading"] not in page


def test_counter_and_text_of_every_page(talk_pages):
    for number, page in enumerate(talk_pages, start=1):
        counter = sum(s.counted for s in TALK_MODEL.shown_slides[:number]) or 1
        assert f"{counter}/69" in page, f"page {number}"
    assert talk_pages[0].startswith("Hands on deep learning CCIN2P3 GPU workshop - Apr 2019")


def test_fonts_embedded_and_metadata(full_site):
    pdf = full_site / "hands-on-deep-learning.pdf"
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts   # the `emb` column
    assert any("KaTeX_Main" in line for line in fonts) and any("Ubuntu-Regular" in line for line in fonts)
    info = pdf_info(pdf)
    assert info["Title"] == "Hands on deep learning"
    assert info["Author"] == "Alexandre Boucaud"
    assert info["Subject"].startswith("An introduction to neural networks")
    assert info["Creator"].startswith("deckhand (remark 0.14.0, Chromium ")
    assert pdf_info(full_site / "syntax.pdf")["Author"] == "Test Author"


def test_outline_lists_each_heading_once(full_site):
    xml = poppler("pdftohtml", "-xml", "-i", "-stdout", "-q", full_site / "hands-on-deep-learning.pdf")
    items = re.findall(r'<item page="(\d+)">(.*?)</item>', xml)
    # the title slide's `#` holds the `##` after it; an image's alt text is not part of a title
    assert re.sub(r"\s+", "", xml[xml.index("<outline>"):]).startswith(
        '<outline><itempage="1">Handsondeeplearning</item><outline><itempage="2">AlexandreBoucaud</item>')
    assert items[:4] == [("1", "Hands on deep learning"), ("2", "Alexandre Boucaud"),
                         ("4", "deep learning vs. physics arXiv"), ("5", "What does &#34;deep&#34; mean ?")]
    assert ("14", "Graphics Processing Unit (GPU)") in items
    titles = [title for page, title in items]
    for repeated in ("Graphics Processing Unit (GPU)", "A bumpy 60-year history", "Outline"):
        assert titles.count(repeated) == 1, f"{repeated!r} is in the outline once per step"


def test_handout_prints_one_page_per_counter_number(handout_site):
    pages = pdf_pages(handout_site / "hands-on-deep-learning-handout.pdf")
    assert len(pages) == 69
    for number, page in enumerate(pages, start=1):
        assert f"{number}/69" in page
    # the last step of a slide with `--` steps, and the last of its `count: false` copies
    gpu = [p for p in pages if p.startswith("Graphics Processing Unit (GPU)")]
    assert len(gpu) == 1 and "2007 : first release of the CUDA framework" in gpu[0]


def test_notes_are_printed_beneath_their_slide(handout_site):
    pdf = handout_site / "syntax-notes.pdf"
    pages = pdf_pages(pdf)
    assert len(pages) == 8
    assert "Notes for the title slide: only the presenter sees these." in pages[0]
    assert all("only the presenter" not in page for page in pages[1:])
    width, height = page_size(pdf)
    assert 1.1 < (height / width) / (9 / 16) < 2.1   # taller than the slide by the notes area


def test_thumbnails_and_links_on_the_index(full_site):
    from PIL import Image

    index = (full_site / "index.html").read_text(encoding="utf-8")
    for name, ratio in (("hands-on-deep-learning", 4 / 3), ("syntax", 16 / 9)):
        thumbnail = full_site / "_site" / "thumbnails" / f"{name}.png"
        with Image.open(thumbnail) as image:
            assert image.width == 400 and abs(image.width / image.height - ratio) < 0.02
            darkest, lightest = image.convert("L").getextrema()
            assert lightest - darkest > 60, "a blank thumbnail"
        assert f'<img class="thumbnail" src="_site/thumbnails/{name}.png"' in index
        assert f'<a href="{name}.pdf">PDF</a>' in index
        assert f'<a href="{name}.html">Single file</a>' in index


@pytest.mark.parametrize("ratio", ["4:3", "16:9", "21:9", "3:2"])
def test_dark_slides_reach_every_edge_of_the_page(browser, tmp_path, ratio):
    """No white line at the right or bottom edge: Chromium rounds the page up to a whole point."""
    from PIL import Image

    deck = tmp_path / "dark.md"
    deck.write_text(f'---\nratio: "{ratio}"\n---\nclass: inverse\n# Dark\n\n---\nclass: inverse\n## Darker\n',
                    encoding="utf-8")
    out = build_with([deck], tmp_path / "out", pdf=True, browser=browser)
    poppler("pdftoppm", "-r", "144", "-png", out / "dark.pdf", tmp_path / "page")   # whole pixels: pages are whole points
    for png in sorted(tmp_path.glob("page-*.png")):
        with Image.open(png) as image:
            grey = image.convert("L")
            edges = [grey.getpixel((grey.width - 1, y)) for y in range(grey.height)]
            edges += [grey.getpixel((x, grey.height - 1)) for x in range(grey.width)]
            assert max(edges) < 128, f"{png.name}: a light line at the edge of the page"


# ---- single file ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, count", [("syntax", 11), ("hands-on-deep-learning", 106)])
def test_single_file_works_alone_from_file_url(browser, full_site, tmp_path, name, count):
    alone = tmp_path / "elsewhere" / f"{name}.html"
    alone.parent.mkdir()
    shutil.copyfile(full_site / f"{name}.html", alone)
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
        assert deck.take_events() == []   # no failed request, nothing asked of another file or machine
        if name == "syntax":
            media = deck.page.evaluate("""[...document.querySelectorAll('.remark-slides-area img, .remark-slides-area audio source')]
                .map(e => e.getAttribute('src').slice(0, 22))""")
            assert media and all(src.startswith(("data:image/png;base64", "data:audio/wav;base64")) for src in media)
    finally:
        deck.page.close()


# ---- the two ways of speaking to Chromium ----------------------------------------------------------
# The command line prints through a Chromium it starts itself, over a pipe (deckhand.cdp.PipeChromium);
# the tests above print through their shared Playwright browser. Both must see the same page.

@pytest.fixture(params=["pipe", "playwright"])
def printer(request, browser):
    """A Chromium to print with, spoken to in one of the two ways (closed after the test)."""
    if request.param == "playwright":
        yield browser
        return
    from deckhand.browser import start_chromium

    chromium = start_chromium()
    yield chromium
    chromium.close()


def test_both_ways_print_the_same_pages(printer, decks_folder, tmp_path):
    out = build_with([decks_folder / "widescreen.md"], tmp_path / "out", pdf=True, browser=printer)
    width, height = page_size(out / "widescreen.pdf")
    assert abs(width / height - 16 / 9) / (16 / 9) < 0.005
    pages = pdf_pages(out / "widescreen.pdf")
    assert len(pages) == 3 and all(pages)
    assert pdf_info(out / "widescreen.pdf")["Creator"].startswith("deckhand (remark 0.14.0, Chromium ")


def test_a_file_missing_when_printing_is_named_and_no_pdf_is_left(printer, tmp_path):
    """An image deleted between the build and the print (the page loads it from disk): the export
    names it instead of printing a slide with a hole."""
    from deckhand.deck import load_deck as load
    from deckhand.errors import DeckError
    from deckhand.pdf import PdfJob, print_decks
    from tests.conftest import write_png

    deck = tmp_path / "gone.md"
    deck.write_text("# Gone\n\n![a figure](img/figure.png)\n", encoding="utf-8")
    write_png(tmp_path / "img" / "figure.png")
    out = build_with([deck], tmp_path / "out")
    (out / "gone" / "img" / "figure.png").unlink()
    job = PdfJob(deck=load(deck), page_path=out / "gone" / "index.html", pdf_path=out / "gone.pdf")
    with pytest.raises(DeckError) as raised:
        print_decks([job], ROOT / "templates", printer)
    messages = [problem.message for problem in raised.value.problems]
    assert any(m.startswith("cannot print the PDF: could not load file://") and "/gone/img/figure.png (net::ERR_FILE_NOT_FOUND)" in m
               for m in messages), messages
    assert not (out / "gone.pdf").exists()


def test_no_hidden_browser_pages_compete_with_the_deck(printer):
    """Headless Chromium builds its omnibox popup (two WebUI pages) for each window, and its first
    window's new-tab page: script nobody sees, competing with the deck for the CPU. Neither way of
    starting Chromium may have them, after a deck's page has opened."""
    from deckhand.browser import started_here

    if started_here(printer):
        printer.tab(400, 300)
        targets = printer.send("Target.getTargets")["targetInfos"]
    else:
        page = printer.new_page()   # a window of its own, as every page the tests open
        try:
            session = printer.new_browser_cdp_session()
            targets = session.send("Target.getTargets")["targetInfos"]
            session.detach()
        finally:
            page.close()
    urls = [target["url"] for target in targets]
    assert urls and not [url for url in urls if url.startswith("chrome://")], urls

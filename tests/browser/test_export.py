"""PDF and single-file exports, checked as a reader meets them: pages, sizes, text, metadata, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckhand.parse import load_deck
from tests.browser.checks import (assert_counters, assert_page_shows_its_own_slide_only, assert_single_file_works_alone,
                                  build_with, remark_slides)
from tests.conftest import DECKS_DIR, make_deck_dir
from tests.pdfread import Bookmark, fonts, info, outline, page_count, page_size, page_texts, render

OUTLINE = load_deck(DECKS_DIR / "outline.md")   # 4:3, `#` and `##` headings, `--` steps, a `count: false` copy


@pytest.fixture(scope="session")
def decks_folder(tmp_path_factory) -> Path:
    return make_deck_dir(tmp_path_factory.mktemp("export-decks"))


@pytest.fixture(scope="session")
def full_site(browser, decks_folder, tmp_path_factory) -> Path:
    """The outline deck (4:3) and two 16:9 test decks, with every step printed, and as single files."""
    return build_with([decks_folder / "outline.md", decks_folder / "syntax.md", decks_folder / "widescreen.md"],
                      tmp_path_factory.mktemp("export") / "out", pdf=True, single_file=True, browser=browser)


@pytest.fixture(scope="session")
def handout_site(browser, decks_folder, tmp_path_factory) -> Path:
    """The outline and syntax decks as handouts, and with notes in handout form."""
    return build_with([decks_folder / "outline.md", decks_folder / "syntax.md"], tmp_path_factory.mktemp("handout") / "out",
                      handout=True, notes=True, browser=browser)


@pytest.fixture(scope="session")
def outline_pages(full_site) -> list[str]:
    return page_texts(full_site / "outline.pdf")


@pytest.fixture(scope="session")
def outline_slides(browser, full_site) -> list[dict]:
    return remark_slides(browser, full_site / "outline" / "index.html")


# ---- PDF ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, ratio, count", [("outline", 4 / 3, 10), ("syntax", 16 / 9, 11), ("widescreen", 16 / 9, 3)])
def test_one_page_per_slide_at_the_deck_ratio(full_site, name, ratio, count):
    pdf = full_site / f"{name}.pdf"
    assert page_count(pdf) == count
    width, height = page_size(pdf)
    assert abs(width / height - ratio) / ratio < 0.005
    assert 510.75 <= height <= 510.75 * 1.06   # remark's 681 px slide, in points, scaled up at most 6 %


@pytest.mark.parametrize("number", [s.number for s in OUTLINE.shown_slides],
                         ids=[f"outline.md:{s.line}" for s in OUTLINE.shown_slides])
def test_each_page_shows_its_own_slide_only(outline_pages, outline_slides, number):
    assert len(outline_pages) == OUTLINE.slide_count == 10
    assert_page_shows_its_own_slide_only(outline_pages, outline_slides, number)


def test_counter_and_text_of_every_page(outline_pages):
    assert_counters(outline_pages, OUTLINE)
    assert outline_pages[0] == "Outline deck A subtitle under the title 1/7"
    assert outline_pages[6] == "Steps of one slide step one step two step three the uncounted copy adds this last line 4/7"


def test_fonts_embedded_and_metadata(full_site):
    pdf = full_site / "outline.pdf"
    embedded = fonts(pdf)
    assert embedded and all(embedded.values()), embedded
    assert any("KaTeX_Main" in name for name in embedded) and any("Ubuntu-Regular" in name for name in embedded)
    meta = info(pdf)
    assert meta["Title"] == "Outline deck"
    assert meta["Author"] == "Outline Author"
    assert meta["Subject"] == "A 4:3 deck whose headings make the PDF's outline."
    assert meta["Creator"].startswith("deckhand (remark 0.14.0, Chromium ")
    assert info(full_site / "syntax.pdf")["Author"] == "Test Author"


def test_outline_lists_each_heading_once(full_site):
    # the title slide's `#` holds the `##` after it and those up to the next `#`; an image's alt text
    # is not part of a title; a heading shown on four steps (the last one `count: false`) is there once
    assert outline(full_site / "outline.pdf") == [
        Bookmark(1, "Outline deck", [Bookmark(1, "A subtitle under the title", []), Bookmark(2, "First part", []),
                                     Bookmark(3, 'What does "quoted" mean ?', []), Bookmark(4, "Steps of one slide", [])]),
        Bookmark(8, "Part two", [Bookmark(9, "A formula, displayed", []), Bookmark(10, "The last slide", [])]),
    ]


def test_handout_prints_one_page_per_counter_number(handout_site):
    pages = page_texts(handout_site / "outline-handout.pdf")
    assert len(pages) == 7
    for number, page in enumerate(pages, start=1):
        assert f"{number}/7" in page
    # the last step of a slide with `--` steps, and the last of its `count: false` copies
    steps = [p for p in pages if p.startswith("Steps of one slide")]
    assert len(steps) == 1 and "the uncounted copy adds this last line" in steps[0]


def test_notes_are_printed_beneath_their_slide(handout_site):
    pdf = handout_site / "syntax-notes.pdf"
    pages = page_texts(pdf)
    assert len(pages) == 8
    assert "Notes for the title slide: only the presenter sees these." in pages[0]
    assert all("only the presenter" not in page for page in pages[1:])
    width, height = page_size(pdf)
    assert 1.1 < (height / width) / (9 / 16) < 2.1   # taller than the slide by the notes area


def test_thumbnails_and_links_on_the_index(full_site):
    from PIL import Image

    index = (full_site / "index.html").read_text(encoding="utf-8")
    for name, ratio in (("outline", 4 / 3), ("syntax", 16 / 9)):
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
    deck = tmp_path / "dark.md"
    deck.write_text(f'---\nratio: "{ratio}"\n---\nclass: inverse\n# Dark\n\n---\nclass: inverse\n## Darker\n',
                    encoding="utf-8")
    out = build_with([deck], tmp_path / "out", pdf=True, browser=browser)
    pages = render(out / "dark.pdf", dpi=144)   # whole pixels: pages are whole points
    assert len(pages) == 2
    for number, image in enumerate(pages, start=1):
        grey = image.convert("L")
        edges = [grey.getpixel((grey.width - 1, y)) for y in range(grey.height)]
        edges += [grey.getpixel((x, grey.height - 1)) for x in range(grey.width)]
        assert max(edges) < 128, f"page {number}: a light line at the edge of the page"


# ---- single file ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, count, media", [("syntax", 11, {"data:image/png;base64,", "data:audio/wav;base64,"}),
                                                ("outline", 10, {"data:image/png;base64,"})])
def test_single_file_works_alone_from_file_url(browser, full_site, tmp_path, name, count, media):
    shown = assert_single_file_works_alone(browser, full_site / f"{name}.html", tmp_path / "elsewhere", count)
    assert set(shown) == media


# Decks whose source holds what HTML reads differently in a <script> element, an attribute or a CSS
# url(): the page's data must stay data, and every file be found where the slide names it.
# name: (source, each slide's textContent (its counter follows without a space), images shown)
TRICKY_DECKS = {
    "script-in-code": ("# Script in code\n\nThe closing tag `</script>` ends a script element.\n\n---\n\n"
                       '# The image\n\n<img src="img/p.png" width="100px">\n',
                       ["Script in code The closing tag </script> ends a script element.1/2", "The image 2/2"], 1),
    "comment-in-code": ("# Comments in code\n\nA comment starts with `<!--`, a script with `<script>`.\n\n---\n\n"
                        "# Single quotes\n\n<img src='img/p.png' alt='a face'>\n",
                        ["Comments in code A comment starts with <!--, a script with <script>.1/2", "Single quotes 2/2"], 1),
    "raw-text-in-code": ("# Raw text in code\n\n`</textarea>` `<title>` `</style>` `<xmp>` `<plaintext>` `</noscript>`\n\n"
                         "```html\n<!-- <script> -->\n</script>\n```\n\n---\n\n"
                         "# Unquoted\n\n<img src=img/p.png width=100>\n",
                         ["Raw text in code </textarea> <title> </style> <xmp> <plaintext> </noscript> "
                          "<!-- <script> --></script>1/2", "Unquoted 2/2"], 1),
    "quotes-in-attributes": ("# Quotes `</script>`\n\n"
                             '<img src="img/p.png" alt="say &quot;cheese&quot;" title=\'it&#39;s "me"\'>\n\n'
                             'In code, as written: `<img src="img/p.png">`\n',
                             ['Quotes </script> In code, as written: <img src="img/p.png">1/1'], 1),
    "css-url-quotes": ("# CSS `</script>`\n\n---\n\n# url() in style attributes\n\n"
                       '<div style="background-image: url(&quot;img/p.png&quot;); height: 48px"></div>\n'
                       "<div style='background-image: url(\"img/p.png\"); height: 48px'></div>\n",
                       ["CSS </script>1/2", "url() in style attributes 2/2"], 0),
    "reference-image": ("# A reference `</script>`\n\n---\n\n# The image\n\n![a face][face]\n\n"
                        '[face]: img/p.png "A face"\n',
                        ["A reference </script>1/2", "The image 2/2"], 1),
    "background-property": ("# Background `</script>`\n\n---\nbackground-image: url(img/p.png)\n\n# Behind\n",
                            ["Background </script>1/2", "Behind2/2"], 0),
}


@pytest.fixture(scope="session")
def tricky_site(tmp_path_factory) -> Path:
    from tests.conftest import write_png

    folder = tmp_path_factory.mktemp("tricky")
    write_png(folder / "img" / "p.png")
    for name, (source, _, _) in TRICKY_DECKS.items():
        (folder / f"{name}.md").write_text(source, encoding="utf-8")
    return build_with([folder / f"{name}.md" for name in TRICKY_DECKS], folder / "out", single_file=True)


@pytest.mark.parametrize("name", list(TRICKY_DECKS), ids=[f"{name}.md" for name in TRICKY_DECKS])
def test_single_file_keeps_its_data_and_finds_every_file(browser, tricky_site, tmp_path, name):
    _, texts, images = TRICKY_DECKS[name]
    shown = assert_single_file_works_alone(browser, tricky_site / f"{name}.html", tmp_path / "elsewhere", len(texts))
    assert shown == ["data:image/png;base64,"] * images
    assert [slide["text"] for slide in remark_slides(browser, tmp_path / "elsewhere" / f"{name}.html")] == texts


# ---- the two ways of speaking to Chromium ----------------------------------------------------------
def test_both_ways_print_the_same_pages(printer, decks_folder, tmp_path):
    out = build_with([decks_folder / "widescreen.md"], tmp_path / "out", pdf=True, browser=printer)
    width, height = page_size(out / "widescreen.pdf")
    assert abs(width / height - 16 / 9) / (16 / 9) < 0.005
    pages = page_texts(out / "widescreen.pdf")
    assert len(pages) == 3 and all(pages)
    assert info(out / "widescreen.pdf")["Creator"].startswith("deckhand (remark 0.14.0, Chromium ")


def test_a_file_missing_when_printing_is_named_and_no_pdf_is_left(printer, tmp_path):
    """An image deleted between the build and the print (the page loads it from disk): the export
    names it instead of printing a slide with a hole."""
    from deckhand.parse import load_deck as load
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
        print_decks([job], printer)
    messages = [problem.message for problem in raised.value.problems]
    assert any(m.startswith("cannot print the PDF: could not load file://") and "/gone/img/figure.png (net::ERR_FILE_NOT_FOUND)" in m
               for m in messages), messages
    assert not (out / "gone.pdf").exists()


def test_a_pdf_that_cannot_take_its_bookmarks_is_named_and_not_written(browser, tmp_path, monkeypatch):
    """Chromium's PDF cut short, as a changed Chromium might print something qpdf cannot read: the
    export says so, and leaves no PDF without its title and bookmarks."""
    import pikepdf

    from deckhand import pdfmeta
    from deckhand.errors import DeckError
    from deckhand.parse import load_deck as load
    from deckhand.pdf import PdfJob, print_decks

    finish = pdfmeta.finish
    monkeypatch.setattr(pdfmeta, "finish", lambda pdf, info, outline: finish(pdf[:-40], info, outline))
    deck = tmp_path / "cut.md"
    deck.write_text("# Cut short\n", encoding="utf-8")
    out = build_with([deck], tmp_path / "out")
    job = PdfJob(deck=load(deck), page_path=out / "cut" / "index.html", pdf_path=out / "cut.pdf")
    with pytest.raises(DeckError) as raised:
        print_decks([job], browser)
    [problem] = raised.value.problems
    assert problem.path == deck
    assert problem.message == (f"cannot print the PDF: {out / 'cut.pdf'}: cannot add the information and bookmarks: "
                               f"qpdf {pikepdf.__libqpdf_version__} says: the PDF: can't find startxref")
    assert problem.hint == (f"Chromium {browser.version} printed it: report this with that version, "
                            "or set DECK_CHROMIUM to another Chromium")
    assert not job.pdf_path.exists()


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

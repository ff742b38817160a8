"""The sample talk exported: its PDF page by page, outline, fonts and information, its handout, and its
single file (collected only while slides/hands-on-deep-learning.md is there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckhand.parse import load_deck
from tests.browser.checks import (assert_counters, assert_page_shows_its_own_slide_only, assert_single_file_works_alone,
                                  build_with, remark_slides)
from tests.pdfread import flat, fonts, info, outline, page_count, page_size, page_texts
from tests.talk.conftest import TALK

TALK_MODEL = load_deck(TALK)
NAME = TALK_MODEL.name


@pytest.fixture(scope="session")
def talk_site(browser, tmp_path_factory) -> Path:
    """The talk with every step printed, and as a single file."""
    return build_with([TALK], tmp_path_factory.mktemp("talk-export") / "out", pdf=True, single_file=True, browser=browser)


@pytest.fixture(scope="session")
def talk_pages(talk_site) -> list[str]:
    return page_texts(talk_site / f"{NAME}.pdf")


@pytest.fixture(scope="session")
def talk_slides(browser, talk_site) -> list[dict]:
    return remark_slides(browser, talk_site / NAME / "index.html")


def test_one_page_per_slide_at_4_3(talk_site):
    pdf = talk_site / f"{NAME}.pdf"
    assert page_count(pdf) == 106
    width, height = page_size(pdf)
    assert abs(width / height - 4 / 3) / (4 / 3) < 0.005
    assert 510.75 <= height <= 510.75 * 1.06


@pytest.mark.parametrize("number", [s.number for s in TALK_MODEL.shown_slides],
                         ids=[f"{TALK.name}:{s.line}" for s in TALK_MODEL.shown_slides])
def test_each_page_shows_its_own_slide_only(talk_pages, talk_slides, number):
    assert len(talk_pages) == TALK_MODEL.slide_count == 106
    assert_page_shows_its_own_slide_only(talk_pages, talk_slides, number)


def test_counter_and_text_of_every_page(talk_pages):
    assert TALK_MODEL.counted_count == 69
    assert_counters(talk_pages, TALK_MODEL)
    assert talk_pages[0].startswith("Hands on deep learning CCIN2P3 GPU workshop - Apr 2019")


def test_fonts_embedded_and_metadata(talk_site):
    pdf = talk_site / f"{NAME}.pdf"
    embedded = fonts(pdf)
    assert embedded and all(embedded.values()), embedded
    assert any("KaTeX_Main" in name for name in embedded) and any("Ubuntu-Regular" in name for name in embedded)
    meta = info(pdf)
    assert meta["Title"] == "Hands on deep learning"
    assert meta["Author"] == "Alexandre Boucaud"
    assert meta["Subject"].startswith("An introduction to neural networks")
    assert meta["Creator"].startswith("deckhand (remark 0.14.0, Chromium ")


def test_outline_lists_each_heading_once(talk_site):
    marks = outline(talk_site / f"{NAME}.pdf")
    items = flat(marks)
    # the title slide's `#` holds the `##` after it; an image's alt text is not part of a title
    assert (marks[0].page, marks[0].title) == (1, "Hands on deep learning")
    assert (marks[0].children[0].page, marks[0].children[0].title) == (2, "Alexandre Boucaud")
    assert items[:4] == [(1, "Hands on deep learning"), (2, "Alexandre Boucaud"),
                         (4, "computer science vs. physics on arXiv"), (5, 'What does "deep" mean ?')]
    assert (14, "Graphics Processing Unit (GPU)") in items
    titles = [title for page, title in items]
    for repeated in ("Graphics Processing Unit (GPU)", "A bumpy 60-year history", "Outline"):
        assert titles.count(repeated) == 1, f"{repeated!r} is in the outline once per step"


def test_handout_prints_one_page_per_counter_number(browser, tmp_path):
    out = build_with([TALK], tmp_path / "out", handout=True, browser=browser)
    pages = page_texts(out / f"{NAME}-handout.pdf")
    assert len(pages) == 69
    for number, page in enumerate(pages, start=1):
        assert f"{number}/69" in page
    # the last step of a slide with `--` steps, and the last of its `count: false` copies
    gpu = [p for p in pages if p.startswith("Graphics Processing Unit (GPU)")]
    assert len(gpu) == 1 and "2007 : first release of the CUDA framework" in gpu[0]


def test_single_file_works_alone_from_file_url(browser, talk_site, tmp_path):
    media = assert_single_file_works_alone(browser, talk_site / f"{NAME}.html", tmp_path / "elsewhere", 106)
    assert media and all(src.startswith("data:") for src in media)

"""The sample talk's own numbers: 106 slides, 69 counted, its handout, its formulas (collected only
while slides/hands-on-deep-learning.md is there)."""

from __future__ import annotations

from deckhand.parse import load_deck
from deckhand.pdf import printed_slides
from tests.browser.checks import compare_with_katex_in_the_page
from tests.talk.conftest import TALK

TALK_MODEL = load_deck(TALK)


def test_the_talk_builds_with_remarks_slide_count(tmp_path, run_build):
    code, stdout, stderr = run_build(TALK, "--out", tmp_path / "out")
    assert (code, stderr) == (0, "")
    assert "hands-on-deep-learning.md: 106 slides (69 counted)" in stdout


def test_handout_of_the_talk_has_one_page_per_counter_number():
    assert sum(printed_slides(TALK_MODEL, True)) == 69 == TALK_MODEL.counted_count


def test_build_time_html_of_the_talks_formulas_is_what_katex_renders(browser, slides_site):
    formulas = compare_with_katex_in_the_page(browser, slides_site, TALK_MODEL.name)
    assert len(formulas) >= 38
    assert [tex for tex, built, in_page in formulas if built != in_page] == []

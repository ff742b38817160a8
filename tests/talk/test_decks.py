"""Every deck in slides/, whatever it is: each slide renders in Chromium with all its images, sounds
and backgrounds (no failed request, no status >= 400), from http and file://, and `--check --strict`
finds nothing, render checks included."""

from __future__ import annotations

import re

import pytest

from deckhand.parse import load_deck
from tests.browser.checks import (assert_every_slide_renders_from_file_url, assert_remark_agrees_with_the_model,
                                  assert_slide_ok)
from tests.browser.conftest import CHECK_SLIDE_JS
from tests.talk.conftest import DECKS

MODELS = {path.stem: load_deck(path) for path in DECKS}
SUMMARY = re.compile(r"checked in \d+ ms: 0 errors, 0 warnings")


@pytest.mark.parametrize("name, number", [pytest.param(name, slide.number, id=f"{deck.src_path.name}:{slide.line}")
                                          for name, deck in MODELS.items() for slide in deck.shown_slides])
def test_slide_renders_over_http(slides_over_http, name, number):
    deck = slides_over_http(name)
    assert_slide_ok(deck.page.evaluate(CHECK_SLIDE_JS, number), deck.take_events())


@pytest.mark.parametrize("name", [pytest.param(name, id=deck.src_path.name) for name, deck in MODELS.items()])
def test_remark_agrees_with_the_model(slides_over_http, name):
    assert_remark_agrees_with_the_model(slides_over_http(name).page, MODELS[name])


@pytest.mark.parametrize("name", [pytest.param(name, id=deck.src_path.name) for name, deck in MODELS.items()])
def test_every_slide_renders_from_file_url(browser, slides_site, name):
    assert_every_slide_renders_from_file_url(browser, slides_site, MODELS[name])


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in DECKS])
def test_strict_check_finds_nothing(run_build, path):
    code, stdout, stderr = run_build("--check", "--strict", path, render=True)   # the render checks too
    assert (code, stderr) == (0, ""), stdout   # the findings, path:line each
    assert SUMMARY.fullmatch(stdout.strip()), stdout

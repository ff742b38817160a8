"""The decks in slides/, built once: every one is checked (test_decks.py); the sample talk's own numbers
only while the talk is there, so that replacing it with your decks removes those tests, not fails them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import decks_over_http
from tests.conftest import ROOT

SLIDES_DIR = ROOT / "slides"
DECKS = sorted(SLIDES_DIR.glob("*.md"))
TALK = SLIDES_DIR / "hands-on-deep-learning.md"

collect_ignore = [] if TALK.is_file() else ["test_talk.py", "test_talk_export.py", "test_figures.py"]


@pytest.fixture(scope="session")
def slides_site(tmp_path_factory) -> Path:
    """Every deck in slides/, built as `make build` builds them."""
    from deckhand import pipeline
    from deckhand.errors import DeckError

    out = tmp_path_factory.mktemp("slides-site") / "out"
    try:
        pipeline.build(DECKS, pipeline.BuildOptions(out_dir=out, root=ROOT))
        return out
    except DeckError as exc:
        problems = str(exc)
    pytest.fail(f"the decks in slides/ do not build:\n{problems}", pytrace=False)   # as the build says it


@pytest.fixture(scope="session")
def slides_over_http(browser, slides_site, serve_dir):
    with decks_over_http(browser, serve_dir(slides_site)) as get:
        yield get

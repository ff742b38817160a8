"""How a problem reads: at path:line in a file, or, in no file, as what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckhand.errors import BrowserError, DeckError, DeckhandError, Problem, UsageError


@pytest.mark.parametrize("problem, expected", [
    (Problem(Path("slides/intro.md"), 14, "image 'img/chart.png' not found", "did you mean img/charts.png?"),
     "slides/intro.md:14: error: image 'img/chart.png' not found (did you mean img/charts.png?)"),
    (Problem(Path("slides"), 0, "no decks found"), "slides: error: no decks found"),
    (Problem(Path("talk.md"), 3, "unknown slide class 'midle'", "did you mean 'middle'?", "warning", "W-class"),
     "talk.md:3: warning: unknown slide class 'midle' (did you mean 'middle'?) [W-class]"),
    (Problem(None, 0, "cannot write the preview: No space left on device", "the next save will try again"),
     "error: cannot write the preview: No space left on device (the next save will try again)"),
])
def test_a_problem_names_its_place_only_when_it_has_one(problem, expected):
    assert str(problem) == expected


@pytest.mark.parametrize("kind, message, hint, expected", [
    (UsageError, "'my talk' cannot be a deck name", "", "'my talk' cannot be a deck name"),
    (BrowserError, "no Chromium browser found", "install a browser", "no Chromium browser found (install a browser)"),
])
def test_a_usage_error_says_what_is_wrong_then_what_to_do(kind, message, hint, expected):
    error = kind(message, hint)
    assert (str(error), error.message, error.hint) == (expected, message, hint)
    assert isinstance(error, DeckhandError) and not isinstance(error, DeckError)

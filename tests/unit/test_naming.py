"""A deck's name from its path under slides/, and the names its output folder cannot have."""

from pathlib import Path

import pytest

from deckhand.pipeline import _refused_name, deck_name

SLIDES = Path("/p/slides")


@pytest.mark.parametrize("path, name", [
    ("/p/slides/intro.md", "intro"),                      # top level: as before folders
    ("/p/slides/slides.md", "slides"),                    # only a subfolder's slides.md takes its name
    ("/p/slides/index.md", "index"),                      # (refused later: it would be the index page)
    ("/p/slides/2023/intro.md", "2023/intro"),
    ("/p/slides/2023/ml-school/slides.md", "2023/ml-school"),
    ("/p/slides/2023/ml-school/index.md", "2023/ml-school"),
    ("/p/slides/2023/ml-school/extra.md", "2023/ml-school/extra"),
    ("/p/slides/a/b/c/d.md", "a/b/c/d"),
    ("/p/slides/2023/Slides.md", "2023/Slides"),          # the rule is the exact file name
    ("/p/slides/2023/v1.2.md", "2023/v1.2"),
    ("/p/slides/my talk/slides.md", "my talk"),
    ("/elsewhere/2023/talk.md", "talk"),                  # named on the command line: its stem, as before
    ("/p/slides-old/talk.md", "talk"),                    # a sibling folder is not slides/
])
def test_deck_name(path, name):
    assert deck_name(Path(path), SLIDES) == name


def test_a_relative_path_is_named_by_where_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert deck_name(Path("slides/2023/intro.md"), tmp_path / "slides") == "2023/intro"
    assert deck_name(Path("slides/../slides/2023/x/slides.md"), tmp_path / "slides") == "2023/x"


@pytest.mark.parametrize("name, refused", [
    ("intro", False), ("2023/intro", False), ("2023/ml-school", False), ("2023/vendor-talk", False),
    ("index.html", True), ("_site", True), ("2023/_site", True), ("_site/x", True),
    ("2023/.hidden", True), (".md", True), ("..", True), ("2023/..", True),
])
def test_refused_names(name, refused):
    assert bool(_refused_name(name)) is refused

"""Many talks in one project: decks in subfolders of slides/, named by their path, grouped on the
index by folder, newest first by their `date:`."""

from __future__ import annotations

import os
import re

import pytest

from deckhand.errors import DeckError
from deckhand.pipeline import BuildOptions, build, find_decks
from deckhand.project import Project

DECKS = {
    "slides/welcome.md": "# Welcome\n",
    "slides/2023/intro.md": "---\ndate: 2023-03-01\n---\n# Intro 2023\n",
    "slides/2023/ml-school/slides.md": "---\ndate: 2023-06-10\n---\n# ML school\n\n![a](../../../img/x.png)\n",
    "slides/2023/ml-school/README.md": "notes about the talk, not a deck\n",
    "slides/2024/winter.md": "---\ndate: 2024-01-15\n---\n# Winter 2024\n",
    "slides/2024/spring.md": "---\ndate: 2024-04-02\n---\n# Spring 2024\n",
    "slides/2024/undated.md": "# No date\n",
    "slides/drafts/idea.md": "# An idea\n",
    "slides/.hidden/secret.md": "# hidden\n",
    "slides/_parts/part.md": "# a part\n",
}


def make_project(root, decks=DECKS):
    for rel, text in decks.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "img").mkdir(exist_ok=True)
    (root / "img" / "x.png").write_bytes(_png())
    return root


def _png() -> bytes:
    from tests.conftest import write_png
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        return write_png(Path(folder) / "x.png").read_bytes()


def test_decks_are_found_in_subfolders_but_not_hidden_ones_nor_readmes(tmp_path):
    make_project(tmp_path)
    found = [p.relative_to(tmp_path / "slides").as_posix() for p in find_decks(None, Project.at(root=tmp_path))]
    assert found == ["welcome.md", "2023/intro.md", "2023/ml-school/slides.md", "2024/spring.md",
                     "2024/undated.md", "2024/winter.md", "drafts/idea.md"]


def test_each_deck_is_written_at_its_path(tmp_path):
    make_project(tmp_path)
    result = build(None, BuildOptions(root=tmp_path))
    assert [d.name for d in result.decks] == ["welcome", "2023/intro", "2023/ml-school", "2024/spring",
                                              "2024/undated", "2024/winter", "drafts/idea"]
    out = tmp_path / "build"
    for name in ("welcome", "2023/intro", "2023/ml-school", "2024/winter", "drafts/idea"):
        assert (out / name / "index.html").is_file()
    assert (out / "2023" / "ml-school" / "img" / "x.png").is_file()   # ../../../img from three folders down


def test_the_index_groups_by_folder_newest_first(tmp_path):
    make_project(tmp_path)
    build(None, BuildOptions(root=tmp_path))
    index = (tmp_path / "build" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<h2 class="folder">([^<]+)</h2>|<h2><a href="([^"]+)">', index)
    assert [folder or href for folder, href in shown] == [
        "welcome/index.html",
        "2024/", "2024/spring/index.html", "2024/winter/index.html", "2024/undated/index.html",
        "2023/", "2023/ml-school/index.html", "2023/intro/index.html",
        "drafts/", "drafts/idea/index.html",
    ]
    assert '<time datetime="2024-04-02">2024-04-02</time>' in index


def test_building_one_deck_of_a_folder_keeps_the_others_on_the_index(tmp_path):
    make_project(tmp_path)
    build(None, BuildOptions(root=tmp_path))
    build([tmp_path / "slides" / "2024" / "winter.md"], BuildOptions(root=tmp_path))
    index = (tmp_path / "build" / "index.html").read_text(encoding="utf-8")
    assert index.count("<article") == 7 and (tmp_path / "build" / "2023" / "intro" / "index.html").is_file()


@pytest.mark.parametrize("decks, message", [
    ({"slides/2023/x.md": "# a\n", "slides/2023/x/slides.md": "# b\n"},
     "slides/2023/x.md:1: error: two decks would both be written to '2023/x/' (rename this file or "
     "slides/2023/x/slides.md)"),
    ({"slides/2023.md": "# a\n", "slides/2023/intro.md": "# b\n"},
     "slides/2023.md:1: error: the deck '2023' would be written around the deck '2023/intro' (slides/2023/intro.md) "
     "(rename this file (like 2023-overview.md) or the folder: a deck's output folder cannot hold another deck's)"),
    ({"slides/_site/x.md": "# a\n", "slides/a.md": "# b\n"}, None),   # a `_` folder is skipped, not refused
    ({"slides/2023/_deck.md": "# a\n"},
     "slides/2023/_deck.md:1: error: a deck cannot be named '2023/_deck': the build writes a file or folder of that "
     "name itself (rename the file, like slides/my-talk.md)"),
])
def test_names_that_collide_are_refused_with_both_files(tmp_path, monkeypatch, decks, message):
    make_project(tmp_path, decks)
    monkeypatch.chdir(tmp_path)
    if message is None:
        assert [d.name for d in build(None, BuildOptions(root=tmp_path)).decks] == ["a"]
        return
    with pytest.raises(DeckError) as caught:
        build(None, BuildOptions(root=tmp_path))
    assert [str(p) for p in caught.value.problems] == [message]


def test_a_folder_reached_through_a_link_is_not_walked(tmp_path):
    make_project(tmp_path, {"slides/a.md": "# a\n", "elsewhere/b.md": "# b\n"})
    os.symlink(tmp_path / "elsewhere", tmp_path / "slides" / "linked")
    assert [d.name for d in build(None, BuildOptions(root=tmp_path)).decks] == ["a"]


def test_a_bad_date_is_a_problem_at_its_line(tmp_path):
    make_project(tmp_path, {"slides/a.md": "---\ntitle: A\ndate: 12/05/2023\n---\n# a\n"})
    with pytest.raises(DeckError) as caught:
        build(None, BuildOptions(root=tmp_path))
    assert [(p.line, p.message, p.hint) for p in caught.value.problems] == [
        (3, "bad value for 'date': '12/05/2023'", "write the date as year-month-day, like 2023-05-12")]


def test_a_one_slide_deck_says_one_slide(tmp_path):
    make_project(tmp_path, {"slides/a.md": "# a\n"})
    build(None, BuildOptions(root=tmp_path))
    assert "1 slide (1 counted)" in (tmp_path / "build" / "index.html").read_text(encoding="utf-8")

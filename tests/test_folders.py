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
    "slides/keynote.md": "---\ndate: 2022-11-30\n---\n# Keynote\n",
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
    assert found == ["keynote.md", "welcome.md", "2023/intro.md", "2023/ml-school/slides.md", "2024/spring.md",
                     "2024/undated.md", "2024/winter.md", "drafts/idea.md"]


def test_each_deck_is_written_at_its_path(tmp_path):
    make_project(tmp_path)
    result = build(None, BuildOptions(root=tmp_path))
    assert [d.name for d in result.decks] == ["keynote", "welcome", "2023/intro", "2023/ml-school", "2024/spring",
                                              "2024/undated", "2024/winter", "drafts/idea"]
    out = tmp_path / "build"
    for name in ("welcome", "2023/intro", "2023/ml-school", "2024/winter", "drafts/idea"):
        assert (out / name / "index.html").is_file()
    assert (out / "2023" / "ml-school" / "img" / "x.png").is_file()   # ../../../img from three folders down


def index_outline(root) -> list[str]:
    """The index page as a reader scans it: each folder heading, and each card's title and date."""
    index = (root / "build" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<h2 class="folder">([^<]+)</h2>|<h2><a href="[^"]+">([^<]+)</a></h2>\s*'
                       r'<p class="meta">(?:<time datetime="[^"]+">([^<]+)</time>)?', index)
    return [folder or f"  {title}" + (f" ({date})" if date else "") for folder, title, date in shown]


# Top-level decks first, under no heading; then the folders, newest first; in each, newest first,
# the undated after, ties by name.
OUTLINE = [
    "  Keynote (2022-11-30)", "  Welcome",
    "2024/", "  Spring 2024 (2024-04-02)", "  Winter 2024 (2024-01-15)", "  No date",
    "2023/", "  ML school (2023-06-10)", "  Intro 2023 (2023-03-01)",
    "drafts/", "  An idea",
]


def test_the_index_groups_by_folder_newest_first(tmp_path):
    make_project(tmp_path)
    build(None, BuildOptions(root=tmp_path))
    assert index_outline(tmp_path) == OUTLINE
    index = (tmp_path / "build" / "index.html").read_text(encoding="utf-8")
    assert '<h2><a href="2023/ml-school/index.html">ML school</a></h2>' in index
    assert '<time datetime="2023-06-10">2023-06-10</time> · 1 slide (1 counted) · 4:3' in index


def test_building_one_deck_of_a_folder_keeps_the_others_on_the_index_in_order(tmp_path):
    make_project(tmp_path)
    build(None, BuildOptions(root=tmp_path))
    build([tmp_path / "slides" / "2024" / "winter.md"], BuildOptions(root=tmp_path))
    assert index_outline(tmp_path) == OUTLINE
    assert (tmp_path / "build" / "2023" / "intro" / "index.html").is_file()


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


def test_a_bad_date_is_a_warning_at_its_line_and_the_card_undated(tmp_path):
    """The deck shows as it should; only its card has no date (an error under --strict)."""
    make_project(tmp_path, {"slides/a.md": "---\ntitle: A\ndate: 12/05/2023\n---\n# a\n"})
    result = build(None, BuildOptions(root=tmp_path))
    assert [(p.severity, p.line, p.message, p.hint) for p in result.warnings] == [
        ("warning", 3, "bad value for 'date': '12/05/2023'",
         "write the date as year-month-day, like 2023-05-12; until then the index lists the deck with the undated ones")]
    assert "<time" not in (tmp_path / "build" / "index.html").read_text(encoding="utf-8")
    with pytest.raises(DeckError):
        build(None, BuildOptions(root=tmp_path, strict=True))


def test_npm_packages_and_a_build_output_inside_slides_are_not_decks(tmp_path):
    """A node_modules/ (an `npm install` run in slides/) and an output written into slides/ hold
    Markdown files that are no talks: neither is walked."""
    make_project(tmp_path, {"slides/a.md": "# a\n", "slides/node_modules/pkg/CHANGELOG.md": "# 1.0\n",
                            "slides/2023/node_modules/x/docs.md": "# docs\n"})
    out = tmp_path / "slides" / "site"
    build(None, BuildOptions(root=tmp_path, out_dir=out))
    (out / "a" / "notes.md").write_text("# a file an asset copy could be\n", encoding="utf-8")
    assert [p.name for p in find_decks(None, Project.at(root=tmp_path))] == ["a.md"]
    assert [d.name for d in build(None, BuildOptions(root=tmp_path, out_dir=out)).decks] == ["a"]


def test_a_kept_deck_in_a_subfolder_still_owns_its_export_names(tmp_path, monkeypatch):
    """slides/2023/intro-notes.md, built earlier, owns build/2023/intro-notes.pdf: a later build of
    2023/intro alone with --notes must not print its notes there (refused before any browser)."""
    from deckhand.export import ExportOptions

    make_project(tmp_path, {"slides/2023/intro.md": "# a\n", "slides/2023/intro-notes.md": "# b\n"})
    monkeypatch.chdir(tmp_path)
    build(None, BuildOptions(root=tmp_path))
    with pytest.raises(DeckError) as caught:
        build([tmp_path / "slides" / "2023" / "intro.md"], BuildOptions(root=tmp_path, export=ExportOptions(notes=True)))
    assert [str(p) for p in caught.value.problems] == [
        "slides/2023/intro.md:1: error: this deck's notes PDF would be named '2023/intro-notes.pdf', the name of the "
        "PDF of the deck '2023/intro-notes' already in the output (rename one of the two deck files: each export is "
        "named after its deck)"]


def test_a_one_slide_deck_says_one_slide(tmp_path):
    make_project(tmp_path, {"slides/a.md": "# a\n"})
    build(None, BuildOptions(root=tmp_path))
    assert "1 slide (1 counted)" in (tmp_path / "build" / "index.html").read_text(encoding="utf-8")

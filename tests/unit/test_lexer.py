"""The slide splitter agrees with remark 0.14: separators, increments, code, classes, properties."""

import pytest

from deckhand.deck import Property
from deckhand.parse import parse_body
from deckhand.frontmatter import parse_settings
from pathlib import Path


def split(source, **settings):
    raw = {k: (str(v), 1) for k, v in settings.items()}
    parsed, problems = parse_settings(raw, Path("t.md"))
    assert not problems
    return parse_body(Path("t.md"), parsed, source, 0)


@pytest.mark.parametrize("source, lines", [
    ("# a\n---\n# b\n", [1, 3]),
    ("# a\n--\n# b\n---\n# c", [1, 3, 5]),
    ("# a\n```\n---\n```\n---\n# b", [1, 6]),            # a separator in fenced code is code
    ("# a\n~~~\n--\n~~~\n", [1]),
    ("# a\n\n    ---\n    code\n---\nb", [1, 6]),        # indented code too
    (".left[\n---\n]\n---\nb", [1, 5]),                  # and so is one inside .class[ ]
    ("# a\n--- \n# b", [1]),                              # trailing space: not a separator in remark
    ("# a\n----\n# b", [1]),
])
def test_separators(source, lines):
    assert [s.line for s in split(source).slides] == lines


def test_numbers_and_counts_follow_remark():
    deck = split("# 1\n--\nstep\n---\nexclude: true\n# gone\n---\ncount: false\n# 3\n---\nlayout: true\nfoot\n---\n# 4\n")
    assert [(s.line, s.number, s.counted) for s in deck.slides] == [
        (1, 1, True), (3, 2, False), (5, None, False), (8, 3, False), (11, None, False), (14, 4, True)]
    assert (deck.slide_count, deck.counted_count) == (4, 2)


def test_count_incremental_slides_option():
    deck = split("# 1\n--\nstep\n", countIncrementalSlides="true")
    assert deck.counted_count == 2


def test_properties_with_their_lines():
    deck = split("# a\n---\nclass: center, middle\nname: intro\n\n# b\n---\n## c\n<!-- class: middle -->\ntext")
    assert {k: (p.value, p.line) for k, p in deck.slides[1].properties.items()} == {
        "class": ("center, middle", 3), "name": ("intro", 4)}
    # remark reads `<!-- key: value -->` anywhere in the slide's first text: so must we
    assert (deck.slides[2].prop("class"), deck.slides[2].properties["class"].line) == ("middle", 9)


def test_properties_at_the_top_then_in_comments_then_across_a_removal():
    # removed from the front one by one, then from within the text; remark searches from the front
    # each time, so a comment cut by an earlier property (`<!-- x` + `: y -->`) becomes one too
    deck = split("name: a\n<!-- class: b -->\ncount: false\n# t <!-- layout: false --> <!-- x<!-- q: r -->: y -->\n")
    assert {k: (p.value, p.line) for k, p in deck.slides[0].properties.items()} == {
        "name": ("a", 1), "class": ("b", 2), "count": ("false", 3), "layout": ("false", 4), "q": ("r", 4),
        "x": ("y", 4)}


def test_thousands_of_properties_are_read_in_order_with_their_lines():
    deck = split("".join(f"p{i}: {i}\n" for i in range(20_000)) + "# t\n")
    properties = deck.slides[0].properties
    assert (len(properties), properties["p0"], properties["p19999"]) == (
        20_000, Property("p0", "0", 1), Property("p19999", "19999", 20_000))


def test_property_lines_after_the_first_text_are_content():
    deck = split("# a\nclass: not-a-property\n")
    assert deck.slides[0].properties == {}


def test_notes_line():
    deck = split("# a\n\n???\nnotes\n---\n# b")
    assert deck.slides[0].notes_line == 3
    assert deck.slides[1].notes_line is None


def test_exclude_is_case_insensitive_like_remark():
    assert split("# a\n---\nexclude: True\n# b").slide_count == 1


def test_common_indentation_is_trimmed_like_remark():
    deck = split("  # a\n  ---\n  # b\n")
    assert deck.slide_count == 2


@pytest.mark.parametrize("source, title", [
    ("# Hands on .red[deep learning]\n", "Hands on deep learning"),
    ("class: middle\n\n## sub\n# Main .big.red[title] here\n", "Main title here"),
    ("no heading at all\n", "t"),
    ("```\n# not a heading\n```\n", "t"),
])
def test_title_from_first_heading(source, title):
    assert split(source).title == title

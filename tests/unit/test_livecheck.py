"""Which slides a save makes the live server lay out again (fingerprints of what remark makes each
shown slide from), and the source its kept page gets for them (the other slides hollowed out)."""

from __future__ import annotations

import pytest

from deckhand.livecheck import fingerprints, hollow_source, needed_slides
from deckhand.parse import load_deck

DECK = """---
title: Fingerprints
---
layout: true

.footnote[the footer]

---
name: base

# Base

---
# One

text

--

a step

---
template: base

# Uses base
"""


def prints(tmp_path, text: str) -> list[str]:
    path = tmp_path / "deck.md"
    path.write_text(text, encoding="utf-8")
    return fingerprints(load_deck(path))


def changed(tmp_path, old: str, new: str) -> list[int]:
    before, after = prints(tmp_path, old), prints(tmp_path, new)
    return [i for i, fp in enumerate(after) if fp not in before]


def test_one_per_shown_slide_and_step(tmp_path):
    assert len(prints(tmp_path, DECK)) == 4   # base, one, its step, the slide that uses base


def test_an_edit_changes_the_slide_and_its_later_steps_only(tmp_path):
    assert changed(tmp_path, DECK, DECK.replace("text", "more text")) == [1, 2]
    assert changed(tmp_path, DECK, DECK.replace("a step", "another step")) == [2]


def test_a_slide_moved_down_by_new_lines_above_keeps_its_fingerprint(tmp_path):
    assert changed(tmp_path, DECK, DECK.replace("# Base\n", "# Base\n\nnew line\n\nand another\n")) == [0, 3]


def test_a_layout_or_a_template_changes_every_slide_made_from_it(tmp_path):
    assert changed(tmp_path, DECK, DECK.replace("the footer", "a footer")) == [0, 1, 2, 3]
    assert changed(tmp_path, DECK, DECK.replace("# Base", "# Base, edited")) == [0, 3]


def test_the_front_matter_changes_them_all(tmp_path):
    assert changed(tmp_path, DECK, DECK.replace("title: Fingerprints", "title: Fingerprints\nratio: 16:9")) == [0, 1, 2, 3]


def test_a_step_that_becomes_its_slides_last_is_checked_again(tmp_path):
    # axe-core reads only a slide's last step: once the step after it goes, this one is read
    assert changed(tmp_path, DECK, DECK.replace("--\n\na step\n", "")) == [1]


def deck_of(tmp_path, text: str):
    path = tmp_path / "deck.md"
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def test_a_slide_needs_its_earlier_steps_and_every_layout_and_named_slide(tmp_path):
    deck = deck_of(tmp_path, DECK)
    step = [False, False, True, False]   # "a step", the second step of "One"
    assert sorted(needed_slides(deck, step)) == [0, 1, 2, 3]   # the layout, base, One and its step
    assert sorted(needed_slides(deck, [False] * 4)) == [0, 1]
    assert sorted(needed_slides(deck, [False, False, False, True])) == [0, 1, 4]


def test_the_hollow_source_keeps_the_needed_slides_and_only_the_properties_of_the_others(tmp_path):
    deck = deck_of(tmp_path, DECK + "\n---\nclass: inverse\ncount: false\n\n# Last\n\nwords to drop\n")
    hollow = hollow_source(deck, {0, 1, 4})
    assert "# Uses base" in hollow and ".footnote[the footer]" in hollow and "# Base" in hollow
    assert "# One" not in hollow and "a step" not in hollow and "words to drop" not in hollow
    assert "class: inverse\ncount: false\n" in hollow
    (tmp_path / "hollow.md").write_text(hollow, encoding="utf-8")
    hollowed = load_deck(tmp_path / "hollow.md")
    assert [(s.continued, s.number, dict((n, p.value) for n, p in s.properties.items())) for s in hollowed.slides] == \
           [(s.continued, s.number, dict((n, p.value) for n, p in s.properties.items())) for s in deck.slides]


TRICKY = {
    "a fence left open": "# A\n\n---\n\n```\ncode\n---\nmore\n\n---\n# C\n",
    "slides of properties only": "class: a\n---\nclass: b\n\n# B\n---\n# C\n",
    "a separator in a comment": "# A\n<!--\n---\n-->\n---\n# B\n---\n# C\n",
    "properties in <p>": "<p>class: x</p>\n\n# A\n---\n# B\n---\n# C\n",
    "CRLF line ends": "# A\r\n---\r\nclass: x\r\n# B\r\n---\r\n# C\r\n",
    "blank lines first": "\n\n# A\n---\n\n\nclass: y\n# B\n---\n# C\n",
    "a name given twice": "name: a\nname: b\n# A\n---\ntemplate: b\n# B\n---\n# C\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_hollowed_slides_are_read_as_the_same_slides_in_tricky_decks(tmp_path, text):
    deck = deck_of(tmp_path, text)
    for index, slide in enumerate(deck.shown_slides):
        needed = needed_slides(deck, [i == index for i in range(len(deck.shown_slides))])
        hollow = hollow_source(deck, needed)
        assert hollow != deck.remark_text, f"slide {index} was not hollowed"
        (tmp_path / "hollow.md").write_text(hollow, encoding="utf-8")
        hollowed = load_deck(tmp_path / "hollow.md")
        assert [(s.continued, s.number, {n: p.value for n, p in s.properties.items()}) for s in hollowed.slides] == \
               [(s.continued, s.number, {n: p.value for n, p in s.properties.items()}) for s in deck.slides]


def test_only_content_beside_the_number_asks_for_a_new_check_when_the_number_changes():
    from deckhand.livecheck import _beside_another_number

    beside = [{"code": "W-contrast", "text": "x", "message": "m"}, {"code": "near-number", "number": [5, 9]}]
    assert not _beside_another_number(beside, [5, 9])
    assert _beside_another_number(beside, [6, 10]) and _beside_another_number(beside, [5, 10])
    assert not _beside_another_number(beside[:1], [6, 10])   # nothing beside it: the number may change freely

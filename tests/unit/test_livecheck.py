"""Which slides a save makes the live server lay out again: fingerprints of what remark makes each
shown slide from."""

from __future__ import annotations

from deckhand.livecheck import fingerprints
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

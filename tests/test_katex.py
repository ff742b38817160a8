"""KaTeX at build time: answers typeset once, kept per deck on disk, exactly the deck's formulas."""

from __future__ import annotations

import json
import subprocess

import pytest

from deckhand import cache, katex
from deckhand.errors import KatexUnavailable, UsageError
from deckhand.parse import load_deck
from tests.conftest import PROJECT


def deck_with(tmp_path, name: str, source: str):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return load_deck(path)


def cached_formulas(deck) -> list[list]:
    saved = json.loads(katex.cache_path(deck.src_path).read_text(encoding="utf-8"))
    return [formula for formula, _ in saved["entries"]]


def test_each_deck_keeps_exactly_its_own_formulas(tmp_path):
    first = deck_with(tmp_path, "first.md", "# A\n$a_1$ and $$b_1$$\n\n---\nexclude: true\n$hidden$")
    second = deck_with(tmp_path, "second.md", "# B\n$c_1$")
    answers = katex.typeset([first, second], PROJECT)
    assert sorted(answers[first.src_path]) == [("a_1", False), ("b_1", True)]   # not the excluded slide's
    assert sorted(answers[second.src_path]) == [("c_1", False)]
    assert answers[first.src_path][("b_1", True)]["html"].startswith('<span class="katex-display">')
    assert cached_formulas(first) == [["a_1", False], ["b_1", True]]
    assert cached_formulas(second) == [["c_1", False]]
    edited = deck_with(tmp_path, "first.md", "# A\n$a_1$ only")
    katex.typeset([edited], PROJECT)
    assert cached_formulas(edited) == [["a_1", False]]   # what the deck no longer has is dropped


def test_a_new_process_reads_the_answers_from_disk(tmp_path, monkeypatch):
    deck = deck_with(tmp_path, "talk.md", "# A\n$\\beta_{on disk}$")
    html = katex.page_html(deck, PROJECT)
    cache.reset()   # as a new process: nothing in memory

    def no_node(*args, **kwargs):
        raise AssertionError("Node ran for a formula typeset by an earlier build")
    monkeypatch.setattr(subprocess, "run", no_node)
    assert katex.page_html(deck, PROJECT) == html and list(html) == ["I\\beta_{on disk}"]


def test_a_formula_katex_rejects_has_its_error_and_the_red_source_text(tmp_path):
    deck = deck_with(tmp_path, "bad.md", "# A\n$\\frac{1}{$")
    answer = katex.typeset([deck], PROJECT)[deck.src_path][("\\frac{1}{", False)]
    assert answer["error"] == "Unexpected end of input in a macro argument, expected '}'"
    assert 'class="katex-error"' in answer["html"] and "\\frac{1}{" in answer["html"]


def test_without_node_it_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(katex.shutil, "which", lambda name: None)
    deck = deck_with(tmp_path, "talk.md", "# A\n$x$")
    with pytest.raises(KatexUnavailable) as caught:
        katex.typeset([deck], PROJECT)
    assert isinstance(caught.value, UsageError)   # in no file: what this machine lacks
    assert (caught.value.message, caught.value.hint) == ("Node.js is not installed", katex.NODE_HINT)
    assert str(caught.value) == f"Node.js is not installed ({katex.NODE_HINT})"
    assert katex.page_html(deck, PROJECT) == {}


def test_memory_keeps_only_what_the_deck_uses_now(tmp_path, monkeypatch):
    cache.reset()   # no other test's decks in memory
    for i in range(4):   # a live session: each save brings a new formula
        katex.typeset([deck_with(tmp_path, "live.md", f"# A\n$x_{i}$ and $y$")], PROJECT)
    katex.cache_path(tmp_path / "live.md").unlink()   # what is left is what memory holds
    asked = []

    def node(command, input, **kwargs):
        asked.extend(group["formulas"] for group in json.loads(input))
        return subprocess.CompletedProcess(command, 0, json.dumps({"results": [[{"html": "x_0 again"}]]}), "")
    monkeypatch.setattr(subprocess, "run", node)
    deck = deck_with(tmp_path, "live.md", "# A\n$x_0$ and $y$")
    answers = katex.typeset([deck], PROJECT)[deck.src_path]
    assert asked == [[["x_0", False]]]   # forgotten when the deck dropped it; $y$ still remembered
    assert answers[("x_0", False)] == {"html": "x_0 again"} and answers[("y", False)]["html"].startswith("<span")


MACROS = "---\nmacros:\n  \\RR: \\mathbb{R}\n  \\norm: \\left\\lVert #1 \\right\\rVert\n---\n"


def test_a_decks_macros_are_typeset_with_its_formulas(tmp_path):
    deck = deck_with(tmp_path, "macros.md", MACROS + "# A\n$x \\in \\RR$ and $\\norm{v}$")
    answers = katex.typeset([deck], PROJECT)[deck.src_path]
    assert "error" not in answers[("x \\in \\RR", False)]
    assert "mathbb" in answers[("x \\in \\RR", False)]["html"]   # \R became \mathbb{R}: double-struck R
    assert "\u2225" in answers[("\\norm{v}", False)]["html"]     # ‖v‖


def test_decks_with_other_macros_do_not_share_answers(tmp_path):
    """The same TeX means another formula under other macros: each deck gets its own answer,
    in one build and from the disk cache."""
    own = deck_with(tmp_path, "own.md", MACROS + "# A\n$\\RR$")
    other = deck_with(tmp_path, "other.md", "---\nmacros: \\RR: \\mathcal{R}\n---\n# B\n$\\RR$")
    plain = deck_with(tmp_path, "plain.md", "# C\n$\\RR$")
    answers = katex.typeset([own, other, plain], PROJECT)
    assert "mathbb" in answers[own.src_path][("\\RR", False)]["html"]
    assert "mathcal" in answers[other.src_path][("\\RR", False)]["html"]
    assert answers[plain.src_path][("\\RR", False)]["error"] == "Undefined control sequence: \\RR"
    cache.reset()
    again = katex.typeset([plain, own], PROJECT)
    assert "error" in again[plain.src_path][("\\RR", False)] and "error" not in again[own.src_path][("\\RR", False)]


def test_one_formula_cannot_define_a_macro_for_the_next(tmp_path):
    deck = deck_with(tmp_path, "gdef.md", "# A\n$\\gdef\\Q{q} \\Q$ and $\\Q$")
    answers = katex.typeset([deck], PROJECT)[deck.src_path]
    assert "error" not in answers[("\\gdef\\Q{q} \\Q", False)]
    assert answers[("\\Q", False)]["error"] == "Undefined control sequence: \\Q"   # as on the page: each on its own

"""The cache object: a map in memory backed by a JSON file, read lazily, written atomically when it
changed, bounded, and forgotten by reset() as by a new process."""

from __future__ import annotations

import json

import pytest

from deckhand import cache


@pytest.fixture(autouse=True)
def _cache_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.reset()


def saved(tmp_path, name: str = "answers.json"):
    return json.loads((tmp_path / "deckhand" / name).read_text(encoding="utf-8"))


def test_entries_are_saved_and_read_back_by_a_new_process(tmp_path):
    answers = cache.file("answers.json", layout=3, stamp="katex 0.16")
    answers[("x^2", False)] = {"html": "<b>x</b>"}
    answers["plain key"] = [1, None]
    assert not (tmp_path / "deckhand" / "answers.json").exists()   # written by save(), not at each change
    answers.save()
    assert saved(tmp_path) == {"format": 3, "stamp": "katex 0.16",
                               "entries": [[["x^2", False], {"html": "<b>x</b>"}], ["plain key", [1, None]]]}
    cache.reset()
    again = cache.file("answers.json", layout=3, stamp="katex 0.16")
    assert again is not answers
    assert list(again) == [("x^2", False), "plain key"] and again[("x^2", False)] == {"html": "<b>x</b>"}
    assert list((tmp_path / "deckhand").iterdir()) == [tmp_path / "deckhand" / "answers.json"]   # no partial file left


def test_values_are_read_back_by_decode(tmp_path):
    from deckhand.checks.media import Media

    checked = cache.file("media.json", layout=1, decode=Media.from_json)
    checked[("img/a.png", "image", 1, 2)] = Media("", (40, 30), 512)
    checked[("img/b.png", "image", 3, 4)] = Media("the file is empty")
    checked.save()
    assert saved(tmp_path, "media.json")["entries"] == [[["img/a.png", "image", 1, 2], ["", [40, 30], 512, False]],
                                                         [["img/b.png", "image", 3, 4], ["the file is empty", None, 0, False]]]
    cache.reset()
    again = cache.file("media.json", layout=1, decode=Media.from_json)
    assert [again[key] for key in again] == [Media("", (40, 30), 512), Media("the file is empty", None, 0)]
    assert type(again[("img/a.png", "image", 1, 2)].size) is tuple


def test_the_same_cache_object_until_reset():
    first = cache.file("answers.json", layout=1)
    assert cache.file("answers.json", layout=1) is first
    assert cache.memory("listings", limit=5) is cache.memory("listings", limit=5)
    cache.reset()
    assert cache.file("answers.json", layout=1) is not first


def test_a_file_is_written_again_only_when_an_entry_changed(tmp_path):
    answers = cache.file("answers.json", layout=1)
    answers["a"] = 1
    answers.save()
    (tmp_path / "deckhand" / "answers.json").unlink()
    answers["a"] = 1   # the same value: no change
    answers.save()
    assert not (tmp_path / "deckhand" / "answers.json").exists()
    answers["a"] = 2
    answers.save()
    assert saved(tmp_path)["entries"] == [["a", 2]]


@pytest.mark.parametrize("layout, stamp", [(2, "katex 0.16"), (1, "katex 0.17")])
def test_entries_of_another_layout_or_stamp_are_not_used(tmp_path, layout, stamp):
    old = cache.file("answers.json", layout=1, stamp="katex 0.16")
    old["a"] = 1
    old.save()
    cache.reset()
    assert len(cache.file("answers.json", layout=layout, stamp=stamp)) == 0


@pytest.mark.parametrize("text", ["{not json", '{"format": 1, "stamp": "", "entries": [["a"]]}', "[]",
                                  '{"format": 1, "stamp": "", "entries": 7}'])
def test_a_damaged_file_is_an_empty_cache(tmp_path, text):
    (tmp_path / "deckhand").mkdir()
    (tmp_path / "deckhand" / "answers.json").write_text(text, encoding="utf-8")
    assert len(cache.file("answers.json", layout=1)) == 0


def test_past_its_limit_the_oldest_entries_are_dropped(tmp_path):
    media = cache.file("media.json", layout=1, limit=2)
    for name in "abc":
        media[name] = name.upper()
    assert list(media) == ["b", "c"]
    media.save()
    assert saved(tmp_path, "media.json")["entries"] == [["b", "B"], ["c", "C"]]
    bigger = cache.DiskCache(tmp_path / "deckhand" / "media.json", layout=1, limit=1)
    assert list(bigger) == ["c"]   # a file written with a larger limit is read up to this one's


def test_replace_keeps_exactly_the_given_entries(tmp_path):
    deck = cache.file("deck.json", layout=1)
    deck.replace({"a": 1, "b": 2})
    deck.save()
    deck.replace({"b": 2})
    deck.save()
    assert saved(tmp_path, "deck.json")["entries"] == [["b", 2]]


def test_clear_forgets_memory_and_the_file_is_read_again(tmp_path):
    answers = cache.file("answers.json", layout=1)
    answers["kept"] = 1
    answers.save()
    answers["not saved"] = 2
    answers.clear()
    assert list(answers) == ["kept"]


def test_opened_lists_the_files_of_one_folder_in_memory():
    first = cache.file("katex/one.json", layout=1)
    second = cache.file("katex/two.json", layout=1)
    cache.file("media.json", layout=1)
    cache.memory("katex", limit=1)
    assert cache.opened("katex") == [first, second]


def test_a_cache_folder_that_cannot_be_written_only_costs_speed(tmp_path, monkeypatch):
    (tmp_path / "not a folder").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not a folder"))
    answers = cache.file("answers.json", layout=1)
    answers["a"] = 1
    answers.save()
    assert answers["a"] == 1

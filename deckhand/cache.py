"""The user's cache folder: what a build may remember between runs (KaTeX's answers, media checks,
compiled templates), each entry checked against what it was made from before it is used; and the
caches a process keeps in memory, which `reset()` forgets at once."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

OPEN_LIMIT = 256   # caches held in memory at once (one per deck for KaTeX): past it the oldest is forgotten


def folder(*parts: str) -> Path:
    """$XDG_CACHE_HOME/deckhand/... (or ~/.cache/deckhand/...)."""
    return Path(_base(), "deckhand", *parts)


def _base() -> str:
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")


def read_json(path: Path):
    """The JSON in a cache file, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data) -> None:
    """Write a cache file atomically; a missing or read-only cache folder only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


class DiskCache:
    """A map kept in memory and, when it has a path, in one JSON file: the file is read at the first
    use and written again (atomically) by save() when an entry changed. It holds at most `limit`
    entries, the oldest dropped first. On disk the entries are valid only for the same `layout` (the
    file's format number) and `stamp` (what they were made from, like a program's version); keys
    are tuples or strings, values what JSON writes (named tuples too), read back by `decode`."""

    def __init__(self, path: Path | None, *, layout: int = 1, stamp: str = "", limit: int | None = None,
                 decode: Callable[[Any], Any] | None = None):
        self.path, self.layout, self.stamp, self.limit, self._decode = path, layout, stamp, limit, decode
        self._entries: dict | None = None   # None: the file is not read yet
        self._changed = False

    def get(self, key: Hashable, default=None):
        return self._loaded().get(key, default)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._loaded()

    def __getitem__(self, key: Hashable):
        return self._loaded()[key]

    def __setitem__(self, key: Hashable, value) -> None:
        entries = self._loaded()
        if entries.get(key, self) != value:
            entries[key] = value
            self._changed = True
            if self.limit is not None and len(entries) > self.limit:
                del entries[next(iter(entries))]

    def __len__(self) -> int:
        return len(self._loaded())

    def __iter__(self) -> Iterator:
        return iter(self._loaded())

    def replace(self, entries: dict) -> None:
        """Hold exactly `entries` (what a deck uses now), in their order."""
        if self._loaded() != entries:
            self._entries = dict(entries)
            self._changed = True

    def save(self) -> None:
        """Write the file when an entry changed since it was read or written."""
        if not self._changed or self.path is None:
            return
        self._changed = False
        entries = [[list(key) if isinstance(key, tuple) else key, value] for key, value in self._loaded().items()]
        write_json(self.path, {"format": self.layout, "stamp": self.stamp, "entries": entries})

    def clear(self) -> None:
        """Forget what is held in memory, as a new process would: the next use reads the file again."""
        self._entries, self._changed = None, False

    def _loaded(self) -> dict:
        if self._entries is None:
            self._entries = {}
            saved = read_json(self.path) if self.path is not None else None
            if isinstance(saved, dict) and saved.get("format") == self.layout and saved.get("stamp") == self.stamp:
                kept, decode = saved.get("entries", []), self._decode
                try:
                    for key, value in kept[-self.limit:] if self.limit else kept:
                        self._entries[tuple(key) if isinstance(key, list) else key] = decode(value) if decode else value
                except (TypeError, ValueError):   # a file of another shape: start again
                    self._entries = {}
        return self._entries


# What this process remembers, by (the cache folder, or None in memory only; the name): reset()
# forgets it all. Keyed by the folder too, so a cache folder moved by $XDG_CACHE_HOME is read anew.
_open: dict[tuple[str | None, str], DiskCache] = {}


def file(name: str, *, layout: int, stamp: str = "", limit: int | None = None,
         decode: Callable[[Any], Any] | None = None) -> DiskCache:
    """This process's cache for the file `folder(name)` (a new one when the layout or the stamp
    changed)."""
    return _get(_base(), name, layout, stamp, limit, decode)


def memory(name: str, *, limit: int) -> DiskCache:
    """A cache this process keeps in memory only, by name."""
    return _get(None, name, 1, "", limit, None)


def opened(name: str) -> list[DiskCache]:
    """The caches this process holds for files in `folder(name)` (one per deck for KaTeX)."""
    base, prefix = _base(), name.rstrip("/") + "/"
    return [found for (place, key), found in _open.items() if place == base and key.startswith(prefix)]


def reset() -> None:
    """Forget every cache held in memory, as a new process would (tests, benchmarks of a cold start)."""
    _open.clear()


def _get(base: str | None, name: str, layout: int, stamp: str, limit: int | None, decode) -> DiskCache:
    found = _open.get((base, name))
    if found is None or (found.layout, found.stamp, found.limit) != (layout, stamp, limit):
        path = Path(base, "deckhand", name) if base is not None else None
        found = _open[(base, name)] = DiskCache(path, layout=layout, stamp=stamp, limit=limit, decode=decode)
        if len(_open) > OPEN_LIMIT:
            del _open[next(iter(_open))]
    return found

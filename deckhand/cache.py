"""The user's cache folder: what a build may remember between runs (KaTeX's answers, media checks,
compiled templates), each entry checked against what it was made from before it is used."""

from __future__ import annotations

import json
import os
from pathlib import Path


def folder(*parts: str) -> Path:
    """$XDG_CACHE_HOME/deckhand/... (or ~/.cache/deckhand/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "deckhand", *parts)


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

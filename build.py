#!/usr/bin/env python3
"""Build this repository's decks: Markdown in slides/ -> static, offline HTML decks in build/.

    .venv/bin/python build.py [DECK ...] [--out DIR] [--allow-remote] [--pdf] [--handout] [--notes] [--single-file]
    .venv/bin/python build.py --check [--strict] [DECK ...]

The same as the installed `deckhand build` (and `deckhand check`), with this folder as the project.
"""

from __future__ import annotations

from pathlib import Path

from deckhand.cli import build_script

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    return build_script(argv, root=ROOT)


if __name__ == "__main__":
    raise SystemExit(main())

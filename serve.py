#!/usr/bin/env python3
"""Live preview of this repository's decks: build them, serve them, and show every save in the open page.

    .venv/bin/python serve.py [DECK ...] [--host 127.0.0.1] [--port 8000] [--no-open] [--poll]

The same as the installed `deckhand serve`, with this folder as the project.
"""

from __future__ import annotations

from pathlib import Path

from deckhand.cli import serve_script

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    return serve_script(argv, root=ROOT)


if __name__ == "__main__":
    raise SystemExit(main())

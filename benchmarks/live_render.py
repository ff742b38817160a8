#!/usr/bin/env python3
"""How long the live server's render checks take after a save of one slide: the talk in a copy
of this project (in a temporary folder), LiveSite with render checks on, the first build's check
of every slide, then saves that each add a line to one slide (a different one each time). Each
save is timed twice: with the deck's page kept loaded in Chromium (what serve.py does) and with
the page loaded anew for it (what it did before). Prints a Markdown table.

    .venv/bin/python benchmarks/live_render.py [DECK] [--trials N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deckhand.live import LiveSite  # noqa: E402
from deckhand.parse import load_deck  # noqa: E402
from deckhand.pipeline import BuildOptions  # noqa: E402


def project_copy(deck: Path) -> Path:
    """A project folder with the deck, this project's img/ and templates/, and its npm packages."""
    root = Path(tempfile.mkdtemp(prefix="deckhand-bench-live-render-"))
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "img", root / "img")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "slides").mkdir()
    shutil.copy(deck, root / "slides" / deck.name)
    return root


def edited(text: str, body_line: int, line: int, mark: str) -> str:
    """The deck's text with a paragraph `mark` after file line `line` (a slide's heading)."""
    lines = text.split("\n")
    lines.insert(line, f"\n{mark}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=ROOT / "slides" / "hands-on-deep-learning.md")
    parser.add_argument("--trials", type=int, default=15)
    args = parser.parse_args()
    root = project_copy(args.deck.resolve())
    path = root / "slides" / args.deck.name
    original = path.read_text(encoding="utf-8")
    site = LiveSite(None, BuildOptions(root=root, out_dir=root / "out", render_checks=True))
    rows: dict[str, list[float]] = {"kept loaded": [], "loaded anew": []}
    checked: dict[str, list[int]] = {"kept loaded": [], "loaded anew": []}
    try:
        site.start()
        started = time.perf_counter()
        site.check_rendered()
        first = (time.perf_counter() - started) * 1000
        first_count = site.render.checked
        deck = load_deck(path)
        headed = [s for s in deck.shown_slides if not s.continued and any(
            deck.body.split("\n")[n - deck.body_line - 1].startswith("#") for n in range(s.line, s.end_line + 1))]
        for trial in range(args.trials):
            slide = headed[(trial * 7) % len(headed)]
            heading = next(n for n in range(slide.line, slide.end_line + 1)
                           if deck.body.split("\n")[n - deck.body_line - 1].startswith("#"))
            for how in rows:
                if how == "loaded anew":
                    site.render.close_pages()   # the same Chromium, no page kept: the save loads the deck again
                text = edited(original, deck.body_line, heading, f"Live mark {trial} ({how})")
                path.write_text(text, encoding="utf-8")
                site.rebuild([path])
                site.finish()
                started = time.perf_counter()
                site.check_rendered()
                rows[how].append((time.perf_counter() - started) * 1000)
                checked[how].append(site.render.checked)
                if how == "kept loaded" and site.render.reloaded != 1:
                    print(f"trial {trial}: the kept page was not used", file=sys.stderr)
    finally:
        site.close()
        shutil.rmtree(root, ignore_errors=True)
    print(f"{args.deck.name}: {len(deck.shown_slides)} slides and steps; {args.trials} saves of one slide each")
    print("| what | slides laid out | min ms | median ms | max ms |")
    print("|---|---|---|---|---|")
    print(f"| first build: every slide, page loaded | {first_count} | {first:.0f} | {first:.0f} | {first:.0f} |")
    for how, times in rows.items():
        laid = f"{min(checked[how])}-{max(checked[how])}"
        print(f"| a save of one slide, page {how} | {laid} | {min(times):.0f} | {statistics.median(times):.0f} | "
              f"{max(times):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Time `deckhand import` of a collection of remark talks, then a live rebuild after a save in one
of them, and print a Markdown table (min / median / max over trials).

    .venv/bin/python benchmarks/import_talks.py [--talks 30] [--slides 50] [--trials 5] [--plain]

The talks are tests/remark_talks.py's (MathJax 2.7 with macros, images in a shared ../img, the
page's own CSS, clips, three page forms), written once into a temporary folder. Rows:

- import and build them all, as one command (`python -m deckhand import TALKS --root PROJECT`, a
  new project each trial; the first, untimed run fills KaTeX's cache as any second import would);
- rebuild after a save in one deck, through the live server's builder (deckhand/live.py
  LiveSite.rebuild + finish, what `deckhand serve` runs on a save), with how many open pages the
  save sends a message to: the saved deck's only, once the live server rebuilds only the saved deck.

`--plain` writes the talks without what the other parts of issue 13 bring (math: mathjax, macros:,
css:, the typos that are errors before them), so that a tree without those parts builds them too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deckhand import pipeline  # noqa: E402
from deckhand.live import LiveSite  # noqa: E402
from deckhand.pipeline import BuildOptions  # noqa: E402
from tests.remark_talks import write_collection  # noqa: E402


def import_command(talks: Path, project: Path) -> tuple[float, subprocess.CompletedProcess]:
    """ms of one `deckhand import` into a new project, and what it printed."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "deckhand", "import", str(talks), "--root", str(project)],
                          capture_output=True, text=True, cwd=ROOT)
    return (time.perf_counter() - started) * 1000, done


def live_rebuilds(project: Path, trials: int) -> tuple[list[float], list[int], list[int], int]:
    """ms from a save in one deck to its new page written, through LiveSite; the decks each save
    reads again (calls of the pipeline's load_deck) and the open pages it sends a message to; and
    the decks the site serves."""
    loads = []
    load_deck = pipeline.load_deck

    def counted(path):
        loads.append(path)
        return load_deck(path)

    pipeline.load_deck = counted
    decks = sorted((project / "slides").rglob("*.md"))
    with tempfile.TemporaryDirectory(prefix="deckhand-bench-live-") as out:
        site = LiveSite(decks, BuildOptions(root=project, out_dir=Path(out) / "site"))
        problems = site.start()
        if problems:
            raise SystemExit(f"the live site does not build: {[str(p) for p in problems[:3]]}")
        saved = decks[len(decks) // 2]
        text = saved.read_text(encoding="utf-8")
        times, read, touched = [], [], []
        for trial in range(trials):
            saved.write_text(text + f"\n---\n# Saved {trial}\n", encoding="utf-8")
            loads.clear()
            started = time.perf_counter()
            messages = site.rebuild([saved])
            messages.update(site.finish())
            times.append((time.perf_counter() - started) * 1000)
            read.append(len(loads))
            touched.append(len([key for key in messages if key not in ("", "*")]))
        saved.write_text(text, encoding="utf-8")
    pipeline.load_deck = load_deck
    return times, read, touched, len(site.views)


def row(name: str, values: list[float], goal: str, unit: str = "ms") -> str:
    return f"| {name} ({unit}) | {min(values):.0f} | {statistics.median(values):.0f} | {max(values):.0f} | {goal} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=30)
    parser.add_argument("--slides", type=int, default=50)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--plain", action="store_true", help="talks without MathJax, own CSS and typos")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckhand-bench-import-") as tmp:
        tmp = Path(tmp)
        write_collection(tmp / "talks", args.talks, args.slides, plain=args.plain)
        _, first = import_command(tmp / "talks", tmp / "project")   # untimed: fills KaTeX's cache
        times = []
        for _ in range(args.trials):
            ms, done = import_command(tmp / "talks", tmp / "project")
            times.append(ms)
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        rows = ["| what | min | median | max | goal |", "|---|---|---|---|---|",
                row(f"import and build {args.talks} talks of ~{args.slides} slides, one command", times, "< 3000")]
        if done.returncode == 0:
            rebuilds, read, touched, decks = live_rebuilds(tmp / "project", args.trials * 2)
            rows.append(row(f"rebuild after a save in one of the {decks} decks, live builder", rebuilds, "one deck"))
            rows.append(row("  decks the save reads again", read, "1", unit="decks"))
            rows.append(row("  open pages the save sends a message to", touched, "1", unit="pages"))
    print("\n".join(rows))
    print(f"\nthe command's last line: {summary}")
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if ": error: " in line]
        print(f"exit code {done.returncode}: the decks did not build, so the time above is not a whole build "
              f"and the rebuild was not measured ({len(errors)} errors, the first: {errors[:1]}); "
              "--plain measures talks that build without the other parts of issue 13")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

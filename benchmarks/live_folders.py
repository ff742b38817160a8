#!/usr/bin/env python3
"""A save in one of thirty talks kept in subfolders: how long until its new page, and how much is redone.

    .venv/bin/python benchmarks/live_folders.py [--decks 30] [--slides 50] [--trials 10]

Writes a project of DECKS decks of SLIDES slides (formulas, a picture from the shared img/ on every
fourth slide) at every depth: slides/*.md, slides/2023/<talk>/slides.md, slides/2024/*.md and
slides/2024/school/*.md, into a temporary folder. Then, each trial saving another deck:
- in the live server's LiveSite, in this process: ms from the save to the new page's message
  (rebuild) and to the site written (finish), and how many decks were read, checked and rendered
  again (each must be 1);
- for real: serve.py on a free 127.0.0.1 port, the saved deck open in Chromium on slide 2 and
  another deck open beside it; ms from the write to the new text on screen (a MutationObserver,
  then the next animation frame, as benchmarks/live_update.py does), and the pages the server says
  it updated (1: the other page gets nothing).
Prints a Markdown table (min / median / max over the trials).
"""

from __future__ import annotations

import argparse
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from live_update import SEEN_JS, free_port, wait_port, wait_seen  # noqa: E402

from deckhand import live, pipeline  # noqa: E402
from deckhand.pipeline import BuildOptions  # noqa: E402

MARK = "Live mark"


def deck_paths(decks: int) -> list[str]:
    """Where the decks go, a quarter at each depth; the image path that reaches img/ from there."""
    paths = []
    for n in range(decks):
        kind = n % 4
        paths.append([f"talk-{n:02d}.md", f"2023/talk-{n:02d}/slides.md", f"2024/deck-{n:02d}.md",
                      f"2024/school/deck-{n:02d}.md"][kind])
    return paths


def write_project(root: Path, decks: int, slides: int) -> list[Path]:
    from PIL import Image

    (root / "img").mkdir(parents=True)
    for i in range(4):
        Image.new("RGB", (320, 200), (60 * i, 90, 160)).save(root / "img" / f"fig{i}.png")
    written = []
    for n, rel in enumerate(deck_paths(decks)):
        path = root / "slides" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * len(Path(rel).parts)   # slides/ and each folder below it
        parts = [f"---\ntitle: Talk {n}\ndate: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}\n---\nclass: center, middle\n\n# Talk {n}\n"]
        for s in range(1, slides):
            picture = f"\n![figure {s}]({up}img/fig{s % 4}.png)\n" if s % 4 == 0 else ""
            parts.append(f"## Slide {s}\n\n{MARK} 0\n\n- point {s} of talk {n}, with $x_{{{s}}} = \\alpha_{{{n}}} + {s}$\n"
                         f"- and **bold** text, `code`, a [link](https://example.org)\n{picture}\n"
                         f"$$\\sum_{{i=1}}^{{{s}}} w_i x_i + b$$\n\n???\nnotes {s}\n")
        path.write_text("\n---\n\n".join(parts) + "\n", encoding="utf-8")
        written.append(path)
    return written


def save(path: Path, mark: int) -> float:
    """Rewrite the deck with `Live mark K` on slide 2 (only there: the first one); the write's time in ms."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(f"{MARK} ")
    number, _, tail = rest.partition("\n")
    started = time.time() * 1000
    path.write_text(f"{head}{MARK} {mark}\n{tail}", encoding="utf-8")
    return started


def in_process(root: Path, out: Path, decks: list[Path], trials: int) -> list[dict]:
    """LiveSite.rebuild and finish after each save, with what they read, checked and rendered."""
    site = live.LiveSite(None, BuildOptions(root=root, out_dir=out))
    started = time.perf_counter()
    assert site.start() == [], site.problems
    first_build = time.perf_counter() - started
    read, checked, rendered = [], [], []
    load, check, render = pipeline.load_deck, pipeline.run_checks, pipeline.deck_page
    pipeline.load_deck = lambda path, name=None: read.append(path) or load(path, name)
    pipeline.run_checks = lambda found, *args: checked.extend(d.name for d in found) or check(found, *args)
    pipeline.deck_page = lambda project, deck: rendered.append(deck.name) or render(project, deck)
    rows = []
    try:
        for trial in range(trials):
            deck = decks[(trial * 7) % len(decks)]
            read.clear(), checked.clear(), rendered.clear()
            save(deck, 1000 + trial)
            began = time.perf_counter()
            messages = site.rebuild([deck])
            sent = time.perf_counter() - began
            site.finish()
            written = time.perf_counter() - began
            pages = [key for key in messages if key not in (live.ALL, live.INDEX)]
            rows.append({"deck": pages[0] if len(pages) == 1 else pages, "sent_ms": sent * 1000, "written_ms": written * 1000,
                         "read": len(read), "checked": len(checked), "rendered": len(rendered), "pages": len(pages)})
    finally:
        pipeline.load_deck, pipeline.run_checks, pipeline.deck_page = load, check, render
    rows[0]["first_build_s"] = first_build
    return rows


def for_real(root: Path, decks: list[Path], trials: int) -> list[dict]:
    """serve.py and Chromium: ms from the write to the new text on screen; pages the server updated."""
    from playwright.sync_api import sync_playwright

    from deckhand.browser import launch
    from deckhand.pipeline import deck_name

    port = free_port()
    process = subprocess.Popen([sys.executable, "-u", str(ROOT / "serve.py"), "--root", str(root), "--no-open",
                                "--port", str(port)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout], daemon=True).start()
    rows = []
    try:
        wait_port(port, process, timeout=120)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            saved, other = decks[1], decks[0]   # slides/2023/talk-01/slides.md, and a top-level deck
            pages = []
            for deck in (saved, other):
                page = browser.new_page(viewport={"width": 1024, "height": 768})
                page.add_init_script(SEEN_JS)
                page.goto(f"http://127.0.0.1:{port}/{deck_name(deck, root / 'slides')}/#2")
                page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                                       " && window.deckhandLive.connected", timeout=30000)
                pages.append(page)
            time.sleep(1.0)
            while not lines.empty():
                lines.get_nowait()
            for trial in range(1, trials + 1):
                started = save(saved, trial)
                shown = wait_seen(pages[0], trial)
                report = _line_with(lines, "rebuilt in", timeout=10)
                rows.append({"latency_ms": None if shown is None else shown - started,
                             "pages": int(report.rsplit(" page", 1)[0].rsplit(" ", 1)[1]) if report else None,
                             "report": report})
                time.sleep(0.4)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return rows


def _line_with(lines: queue.Queue, text: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if text in line:
            return line
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decks", type=int, default=30)
    parser.add_argument("--slides", type=int, default=50)
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckhand-bench-folders-") as tmp:
        root = Path(tmp) / "project"
        decks = write_project(root, args.decks, args.slides)
        inside = in_process(root, Path(tmp) / "live", decks, args.trials)
        real = for_real(root, decks, args.trials)
    print(f"{args.decks} decks of {args.slides} slides in slides/, slides/2023/<talk>/, slides/2024/, "
          f"slides/2024/school/; {args.trials} saves, each of one deck\n")
    print(f"first build of the live server: {inside[0]['first_build_s']:.2f} s; decks saved in process: "
          + ", ".join(sorted({str(r['deck']) for r in inside})) + "\n")
    print("| what | min | median | max |\n|---|---|---|---|")
    latencies = [r["latency_ms"] for r in real if r["latency_ms"] is not None]
    for what, values, fmt in (
            ("LiveSite: save to the new page's message (ms)", [r["sent_ms"] for r in inside], ".1f"),
            ("LiveSite: save to the site written (ms)", [r["written_ms"] for r in inside], ".1f"),
            ("decks read again", [r["read"] for r in inside], "g"),
            ("decks checked again", [r["checked"] for r in inside], "g"),
            ("decks rendered again", [r["rendered"] for r in inside], "g"),
            ("pages sent the new source", [r["pages"] for r in inside], "g"),
            ("serve.py + Chromium: write to the new text on screen (ms)", latencies, ".0f"),
            ("serve.py: pages updated (2 open, 1 saved)", [r["pages"] for r in real if r["pages"] is not None], "g")):
        if values:
            print(f"| {what} | {min(values):{fmt}} | {statistics.median(values):{fmt}} | {max(values):{fmt}} |")
    lost = sum(r["latency_ms"] is None for r in real)
    if lost:
        print(f"\n{lost} of {len(real)} saves never showed on screen within 10 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Time the build and the opening of a built deck, and print a Markdown table.

    .venv/bin/python benchmarks/bench_build.py [--trials N]

Rows: the talk in-process and as a command, generated 1,000- and 10,000-slide decks, the talk
opened in Chromium (file:// and http) until every slide and formula is ready, and the weight of
the front-end files the deck loads. Goals from the build issue are shown beside each row.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deckhand import pipeline  # noqa: E402
from deckhand.browser import launch  # noqa: E402

TALK = ROOT / "slides" / "hands-on-deep-learning.md"


def generated_deck(folder: Path, slides: int) -> Path:
    """A deck of `slides` slides mixing headings, lists, increments, code, math and notes."""
    parts = []
    for i in range(slides):
        kind = i % 4
        if kind == 0:
            parts.append(f"class: center, middle\n# Section {i}\n\nSome .red[text] and $x_{{{i}}}^2$.\n")
        elif kind == 1:
            parts.append(f"## Slide {i}\n\n- first point\n\n--\n- second point with $\\alpha_{i}$\n")
        elif kind == 2:
            parts.append(f"## Code {i}\n\n```python\ndef f(x):\n*   return x * {i}\n```\n\n???\nNotes {i}.\n")
        else:
            parts.append(f"## Math {i}\n\n$$ \\sum_{{k=1}}^{{{i}}} k = \\frac{{{i}({i}+1)}}{{2}} $$\n")
    path = folder / f"generated-{slides}.md"
    path.write_text("---\ntitle: Generated deck\n---\n" + "\n---\n".join(parts), encoding="utf-8")
    return path


def timed(func, trials: int) -> list[float]:
    func()  # warm-up: imports, caches
    times = []
    for _ in range(trials):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def build_in_process(deck: Path, out: Path, trials: int) -> list[float]:
    options = pipeline.BuildOptions(out_dir=out, root=ROOT)
    return timed(lambda: pipeline.build([deck], options), trials)


def build_as_command(deck: Path, out: Path, trials: int) -> list[float]:
    command = [sys.executable, str(ROOT / "build.py"), str(deck), "--out", str(out)]
    return timed(lambda: subprocess.run(command, check=True, capture_output=True), trials)


def open_in_chromium(out: Path, trials: int) -> tuple[list[float], list[float], int]:
    """ms from navigation start to every slide and formula ready, over file:// and http; and the
    bytes of the page, scripts, stylesheets and fonts it loaded."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):   # one line a request would bury the table
            pass

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = {"file": (out / TALK.stem / "index.html").as_uri(),
            "http": f"http://127.0.0.1:{server.server_address[1]}/{TALK.stem}/"}
    results: dict[str, list[float]] = {"file": [], "http": []}
    weight = 0
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for scheme, url in urls.items():
                for trial in range(trials + 1):
                    context = browser.new_context(viewport={"width": 1024, "height": 768})
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_function("window.deckhand && window.deckhand.readyMs !== null")
                    ready = page.evaluate("window.deckhand.readyMs")
                    if trial:  # the first open warms the disk cache
                        results[scheme].append(ready)
                    if scheme == "http" and trial == 1:
                        weight = page.evaluate("""() => performance.getEntriesByType('resource')
                            .filter(e => ['script', 'link', 'css', 'other'].includes(e.initiatorType) || /woff2$/.test(e.name))
                            .reduce((sum, e) => sum + e.decodedBodySize, 0)
                            + performance.getEntriesByType('navigation')[0].decodedBodySize""")
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return results["file"], results["http"], weight


def row(name: str, times: list[float], goal: str) -> str:
    return (f"| {name} | {min(times):.1f} | {statistics.median(times):.1f} | {max(times):.1f} | {goal} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args(argv)
    rows = ["| what (ms) | min | median | max | goal |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows.append(row("build the talk, in-process", build_in_process(TALK, tmp / "a", args.trials), "< 20"))
        rows.append(row("build the talk, as a command", build_as_command(TALK, tmp / "b", args.trials), "< 300"))
        for slides, goal in ((1000, "< 200"), (10000, "linear")):
            deck = generated_deck(tmp, slides)
            trials = args.trials if slides <= 1000 else max(3, args.trials // 3)
            rows.append(row(f"build a {slides:,}-slide deck, in-process", build_in_process(deck, tmp / f"g{slides}", trials), goal))
        pipeline.build([TALK], pipeline.BuildOptions(out_dir=tmp / "open", root=ROOT))
        file_times, http_times, weight = open_in_chromium(tmp / "open", args.trials)
        rows.append(row("open the talk in Chromium, file://", file_times, "< 300"))
        rows.append(row("open the talk in Chromium, http", http_times, "< 300"))
    print("\n".join(rows))
    print(f"\nfront-end files the talk loads (page, scripts, styles, fonts): {weight / 1024 / 1024:.2f} MB "
          f"(goal < 1.6 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

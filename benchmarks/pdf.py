#!/usr/bin/env python3
"""PDF of the talk: `build.py --pdf` next to decktape (default pause and `-p 0`) in the same Chromium.

    python benchmarks/pdf.py [--runs 3] [--skip-default]

decktape is installed from npm into ~/.cache/deckhand-bench (never into the project) with
PUPPETEER_SKIP_DOWNLOAD=1 and pointed at our Chromium with --chrome-path and the same offline flags.
Prints a Markdown table and writes benchmarks/results-pdf.json. A table, not a timed test: the
numbers depend on the machine and on what else it is doing (the load average is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deckhand.browser import LAUNCH_ARGS, find_chromium  # noqa: E402

TALK = ROOT / "slides" / "hands-on-deep-learning.md"
CACHE = Path(os.environ.get("DECKHAND_BENCH_CACHE", Path.home() / ".cache" / "deckhand-bench"))
DECKTAPE_VERSION = "3.16.1"
RESULTS = ROOT / "benchmarks" / "results-pdf.json"


def chromium_path() -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return find_chromium(playwright) or playwright.chromium.executable_path


def decktape() -> Path:
    """decktape from npm, in the cache folder; installed on first use."""
    binary = CACHE / "node_modules" / ".bin" / "decktape"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        if not (CACHE / "package.json").exists():
            (CACHE / "package.json").write_text('{"name": "deckhand-bench", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", f"decktape@{DECKTAPE_VERSION}"], cwd=CACHE,
                       check=True, timeout=600, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return binary


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=1200, **kwargs)
    return time.perf_counter() - started


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page)).strip() for page in text.split("\f")[:-1]]


def slide_headings(page_url: str, chromium: str) -> list[tuple[str, str]]:
    """(first heading, all text) of each slide, as remark renders the built talk."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(page_url)
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'", timeout=30000)
        slides = page.evaluate("""[...document.querySelectorAll('.remark-slides-area > .remark-slide-container')]
            .map(c => c.querySelector('.remark-slide-content'))
            .map(c => [(c.querySelector('h1, h2, h3') || {}).textContent || '', c.textContent])""")
        browser.close()
    clean = lambda s: re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()  # noqa: E731
    return [(clean(h), clean(t)) for h, t in slides]


def foreign_pages(pdf: Path, slides: list[tuple[str, str]]) -> int:
    """Pages whose text holds a neighbouring slide's heading that their own slide does not show."""
    pages = page_texts(pdf)
    count = 0
    for n, page in enumerate(pages):
        own = slides[n][1] if n < len(slides) else ""
        neighbours = [slides[i][0] for i in (n - 1, n + 1) if 0 <= i < len(slides)]
        count += any(h and h not in own and h in page for h in neighbours)
    return count


def describe(pdf: Path, seconds: list[float], slides, label: str) -> dict:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*?) pts", info, re.M).group(1)
    return {"tool": label, "seconds": [round(s, 2) for s in seconds], "best": round(min(seconds), 2),
            "median": round(statistics.median(seconds), 2), "pages": pages, "page_size_pt": size,
            "bytes": pdf.stat().st_size, "pages_with_other_slides_text": foreign_pages(pdf, slides)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of our export and of decktape -p 0 (after a warm-up)")
    parser.add_argument("--skip-default", action="store_true", help="skip decktape's default pause (about 2 minutes)")
    parser.add_argument("--no-warm-up", action="store_true", help="time our first export too (saves one export)")
    args = parser.parse_args(argv)
    chromium = chromium_path()
    tape_bin = decktape()
    chrome_args = [f"--chrome-arg={arg}" for arg in LAUNCH_ARGS]
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="deckhand-bench-") as work:
        work = Path(work)
        ours_command = [sys.executable, str(ROOT / "build.py"), str(TALK), "--out", str(work / "out"), "--pdf"]
        # a first export, not timed, warms the disk cache (--no-warm-up: only build the deck for decktape)
        ours = [timed(ours_command[:-1] if args.no_warm_up else ours_command, cwd=ROOT)]
        # the deck for decktape: the same built HTML, kept outside the output folder that is replaced
        shutil.copytree(work / "out", work / "deck")
        url = (work / "deck" / TALK.stem / "index.html").as_uri()
        slides = slide_headings(url, chromium)

        def tape(out: Path, *extra: str) -> float:
            return timed([str(tape_bin), "remark", *extra, "--chrome-path", chromium, *chrome_args, url, str(out)])

        fast = []
        for _ in range(args.runs):   # alternate, so that both meet the same load
            fast.append(tape(work / "fast.pdf", "-p", "0"))
            ours.append(timed(ours_command, cwd=ROOT))
        rows.append(describe(work / "out" / f"{TALK.stem}.pdf", ours[1:], slides, "build.py --pdf (whole command)"))
        rows.append(describe(work / "fast.pdf", fast, slides, "decktape -p 0"))
        if not args.skip_default:
            rows.append(describe(work / "default.pdf", [tape(work / "default.pdf")], slides, "decktape (default pause)"))
    ours_best = rows[0]["best"]
    for row in rows:
        row["times_ours"] = round(row["best"] / ours_best, 1)
    result = {"deck": TALK.name, "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()], "chromium": chromium,
              "decktape": DECKTAPE_VERSION}, "rows": rows}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"PDF of {TALK.name} ({os.cpu_count()} CPUs, load average {load_before[0]:.1f} before the runs)\n")
    print("| tool | best s | median s | runs | pages | page size (pt) | size | pages with another slide's text | x ours |")
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['tool']} | {row['best']:.2f} | {row['median']:.2f} | {len(row['seconds'])} | {row['pages']} | "
              f"{row['page_size_pt']} | {row['bytes'] / 1e6:.2f} MB | {row['pages_with_other_slides_text']} | "
              f"{row['times_ours']} |")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

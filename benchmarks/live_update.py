#!/usr/bin/env python3
"""Time live preview from a file write to the new text on screen: serve.py next to stock livereload.

    .venv/bin/python benchmarks/live_update.py [--trials 30] [--deck slides/hands-on-deep-learning.md]

Each server gets its own copy of the deck (in ~/.cache/deckhand-bench/live, never in the repo) and
is timed alone, in the same run and the same Chromium. A trial rewrites the deck with a new
`Live mark K` line on one slide; the page notes the first animation frame that shows it (a
MutationObserver, then requestAnimationFrame) and the latency is that time minus the write time.
Stock livereload is `livereload.Server` watching the deck's folder and running build.py, serving
the output, as its documentation shows; its trials are 3.5 s apart because it ignores changes made
within 3 s of its last reload. Then: 20 saves 0.5 s apart (how many were ever on screen), and idle
CPU of each server process over 10 s with the page open. For serve.py, bursts too (`--burst
N:MS`, default 100 saves 20 ms apart and 300 saves 50 ms apart): the time from the burst's last
save to its text on screen, and how many of the versions were painted on the way. Prints Markdown
tables; records the run in benchmarks/results-live.json (one entry per deck).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deckhand.browser import launch  # noqa: E402
from deckhand.parse import load_deck  # noqa: E402

WORK = Path.home() / ".cache" / "deckhand-bench" / "live"
RESULTS = ROOT / "benchmarks" / "results-live.json"
MARK = "Live mark"

# Runs in every document the page loads: remember when each mark is first on screen.
SEEN_JS = """
(() => {
  const record = () => {
    const content = document.querySelector('.remark-visible .remark-slide-content');
    const match = content && /Live mark (\\d+)/.exec(content.textContent);
    if (match && !sessionStorage.getItem('mark-' + match[1]))
      sessionStorage.setItem('mark-' + match[1], String(performance.timeOrigin + performance.now()));
  };
  new MutationObserver(() => requestAnimationFrame(record))
    .observe(document, {subtree: true, childList: true, characterData: true});
})();
"""

STOCK = """
import sys
from livereload import Server, shell
deck, out, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
server = Server()
server.watch(str(__import__('pathlib').Path(deck).parent), shell([sys.executable, 'build.py', deck, '--out', out]))
server.serve(port=port, host='127.0.0.1', root=out)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def marked_deck(src: Path, folder: Path) -> tuple[Path, int, list[str]]:
    """A copy of the deck with a mark line under the heading of a middle slide; returns the copy,
    that slide's number, and the lines (the mark is the line that says `Live mark 0`)."""
    deck = load_deck(src)
    lines = src.read_text(encoding="utf-8").split("\n")

    def heading(slide) -> int | None:
        end = slide.notes_line - 1 if slide.notes_line else slide.end_line
        return next((n for n in range(slide.line, end + 1) if lines[n - 1].startswith("#")), None)

    usable = [s for s in deck.shown_slides if not s.continued and heading(s)]
    slide = usable[len(usable) // 2]
    lines.insert(heading(slide), f"\n{MARK} 0\n")
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / src.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy, slide.number, lines


def save(copy: Path, lines: list[str], mark: int) -> float:
    text = "\n".join(lines).replace(f"\n{MARK} 0\n", f"\n{MARK} {mark}\n")
    started = time.time() * 1000
    copy.write_text(text, encoding="utf-8")   # truncate, write, close: as most editors save
    return started


def wait_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def seen(page, mark: int) -> float | None:
    try:
        value = page.evaluate("k => sessionStorage.getItem('mark-' + k)", mark)
    except Exception:  # the page is reloading (stock livereload)
        return None
    return float(value) if value else None


def wait_seen(page, mark: int, timeout: float = 10) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = seen(page, mark)
        if found is not None:
            return found
        time.sleep(0.02)
    return None


def burst(page, copy: Path, lines: list[str], first: int, saves: int, spacing: float) -> dict:
    """`saves` saves `spacing` s apart (marks first, first+1, ...): ms from the last save to its
    text on screen, and how many of the versions were ever painted."""
    marks = range(first, first + saves)
    for mark in marks:
        started = save(copy, lines, mark)
        time.sleep(spacing)
    shown = wait_seen(page, marks[-1], timeout=120)
    painted = sum(seen(page, mark) is not None for mark in marks)
    return {"saves": saves, "spacing_ms": round(spacing * 1000), "painted": painted,
            "last_ms": None if shown is None else round(shown - started, 1)}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float, timeout: float = 180) -> None:
    """On a shared machine, wait (a bounded time) for other work to calm down before timing."""
    deadline = time.monotonic() + timeout
    while limit and os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(5)


def measure(name: str, command: list[str], port: int, copy: Path, lines: list[str], slide: int, browser,
            trials: int, spacing: float, quiet: float, idle_seconds: float = 10, rapid_spacing: float = 0.5,
            bursts: list[tuple[int, float]] = ()) -> dict:
    wait_quiet(quiet)
    load_before = os.getloadavg()[0]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, process)
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.add_init_script(SEEN_JS)
        page.goto(f"http://127.0.0.1:{port}/{copy.stem}/#{slide}")
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true'", timeout=30000)
        time.sleep(max(spacing, 1.0))
        latencies, lost = [], 0
        for mark in range(1, trials + 1):
            started = save(copy, lines, mark)
            shown = wait_seen(page, mark)
            if shown is None:
                lost += 1
            else:
                latencies.append(shown - started)
            time.sleep(spacing)
        rapid = list(range(101, 121))
        for mark in rapid:
            save(copy, lines, mark)
            time.sleep(rapid_spacing)
        wait_seen(page, rapid[-1], timeout=5)   # the last save, or give up after 5 s
        rapid_seen = sum(seen(page, mark) is not None for mark in rapid)
        last_shown = seen(page, rapid[-1]) is not None
        burst_results = []
        for n, (saves, burst_spacing) in enumerate(bursts):
            time.sleep(1.0)
            burst_results.append(burst(page, copy, lines, 10_000 * (n + 1), saves, burst_spacing))
        before = cpu_seconds(process.pid)
        time.sleep(idle_seconds)
        idle = (cpu_seconds(process.pid) - before) / idle_seconds * 100
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"server": name, "trials": trials, "spacing_s": spacing, "latencies_ms": [round(x, 1) for x in latencies],
            "lost": lost, "rapid_saves": len(rapid), "rapid_spacing_s": rapid_spacing, "rapid_seen": rapid_seen,
            "rapid_last_shown": last_shown, "bursts": burst_results,
            "idle_cpu_percent": round(idle, 2), "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def row(result: dict) -> str:
    values = result["latencies_ms"]
    if values:
        lat = f"{min(values):.0f} | {statistics.median(values):.0f} | {max(values):.0f}"
    else:
        lat = "- | - | -"
    return (f"| {result['server']} | {lat} | {result['lost']}/{result['trials']} | "
            f"{result['rapid_seen']}/{result['rapid_saves']}{' (last shown)' if result['rapid_last_shown'] else ''} | "
            f"{result['idle_cpu_percent']:.2f} % | {result['load_average'][0]:.1f} / {result['load_average'][1]:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--deck", type=Path, default=ROOT / "slides" / "hands-on-deep-learning.md")
    parser.add_argument("--only", choices=["ours", "stock"], help="time one server only")
    parser.add_argument("--idle-seconds", type=float, default=10, help="how long to measure idle CPU")
    parser.add_argument("--rapid-spacing", type=float, default=0.5, metavar="S",
                        help="seconds between the 20 quick saves (both servers)")
    parser.add_argument("--stock-spacing", type=float, default=3.5, metavar="S",
                        help="seconds between a save stock livereload showed and the next (its poll is 0.8 s)")
    parser.add_argument("--burst", action="append", metavar="N:MS",
                        help="N saves MS milliseconds apart, for serve.py (repeat it; default: 100:20 and 300:50)")
    parser.add_argument("--quiet", type=float, default=1.5, metavar="LOAD",
                        help="first wait up to 3 minutes for the load average to fall below LOAD (0: do not wait)")
    args = parser.parse_args(argv)
    bursts = [(int(n), int(ms) / 1000) for n, ms in (b.split(":") for b in args.burst or ["100:20", "300:50"])]
    from playwright.sync_api import sync_playwright

    shutil.rmtree(WORK, ignore_errors=True)
    results = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            if args.only != "stock":
                copy, slide, lines = marked_deck(args.deck.resolve(), WORK / "ours" / "slides")
                port = free_port()
                results.append(measure("serve.py", [sys.executable, "serve.py", str(copy), "--port", str(port),
                                                    "--no-open"], port, copy, lines, slide, browser, args.trials, 0.3,
                                       args.quiet, args.idle_seconds, args.rapid_spacing, bursts))
            if args.only != "ours":
                copy, slide, lines = marked_deck(args.deck.resolve(), WORK / "stock" / "slides")
                port = free_port()
                out = WORK / "stock" / "out"
                subprocess.run([sys.executable, "build.py", str(copy), "--out", str(out)], cwd=ROOT, check=True,
                               stdout=subprocess.DEVNULL)
                results.append(measure("stock livereload 2.7", [sys.executable, "-c", STOCK, str(copy), str(out), str(port)],
                                       port, copy, lines, slide, browser, args.trials, args.stock_spacing, args.quiet,
                                       args.idle_seconds, args.rapid_spacing))
        finally:
            browser.close()
    deck = load_deck(args.deck)
    print(f"\nLive update of {args.deck.name} ({deck.slide_count} slides), slide {slide}, {args.trials} trials;"
          f" {os.cpu_count()} cores (load: the 1-minute load average as each server's run began and ended)\n")
    print(f"| server | min ms | median ms | max ms | lost | 20 saves {args.rapid_spacing:g} s apart: on screen | idle CPU "
          "| load before / after |")
    print("|---|---|---|---|---|---|---|---|")
    for result in results:
        print(row(result))
    measured = [(r["server"], b) for r in results for b in r.get("bursts", [])]
    if measured:
        print("\n| server | saves | apart | last save to screen | versions painted |")
        print("|---|---|---|---|---|")
        for server, b in measured:
            last = "never" if b["last_ms"] is None else f"{b['last_ms']:.0f} ms"
            print(f"| {server} | {b['saves']} | {b['spacing_ms']} ms | {last} | {b['painted']}/{b['saves']} |")
    runs = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    earlier = {r["server"]: r for r in runs.get(args.deck.name, {}).get("results", [])}
    earlier.update({r["server"]: r for r in results})     # --only replaces that server's row
    runs[args.deck.name] = {"slides": deck.slide_count, "slide": slide, "cores": os.cpu_count(),
                            "results": list(earlier.values())}
    RESULTS.write_text(json.dumps(runs, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

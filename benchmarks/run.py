#!/usr/bin/env python3
"""Measure us against our peers, side by side, in one run: build, open, live update, PDF, memory.

    .venv/bin/python benchmarks/run.py [--quick]

Prints one Markdown table (what, ours min/median/max, the peer's min/median/max on the same work,
the ratio) and writes the same rows to benchmarks/results.json. Peers are installed on first use
into ~/.cache/deckhand-bench (never into the repository): MathJax 2.7 and decktape from the npm
registry, stock livereload is the one the project already depends on. `--quick` runs fewer trials
and skips decktape's default pause, to finish in about two minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import http.server
import json
import os
import platform
import resource
import shutil
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

import bench_build  # noqa: E402
from deckhand import pipeline  # noqa: E402
from deckhand import vendor  # noqa: E402
from deckhand.parse import load_deck  # noqa: E402

CACHE = Path.home() / ".cache" / "deckhand-bench"
TALK = ROOT / "slides" / "hands-on-deep-learning.md"
RESULTS = HERE / "results.json"

# The talk's page as its author published it: the Markdown inline in a textarea, MathJax 2.7 with
# the tex2jax settings of remark's wiki (the author's), remark 0.14 from our node_modules.
AUTHOR_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>author's page</title></head>
<body><textarea id="source">{source}</textarea>
<script src="remark.js"></script>
<script src="mathjax/MathJax.js?config=TeX-AMS_HTML&delayStartupUntil=configured"></script>
<script>
  var slideshow = remark.create({{ratio: '4:3', highlightStyle: 'zenburn', highlightLines: true,
                                  highlightSpans: true, countIncrementalSlides: false}});
  MathJax.Hub.Config({{tex2jax: {{skipTags: ['script', 'noscript', 'style', 'textarea', 'pre'],
                                  inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}}}});
  MathJax.Hub.Register.StartupHook('End', function () {{ window.readyMs = performance.now(); }});
  MathJax.Hub.Configured();
</script></body></html>
"""


def stats(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def npm_peer(package: str, folder: str) -> Path:
    """Install an npm package into the benchmark cache (once) and return its folder."""
    prefix = CACHE / folder
    installed = prefix / "node_modules" / package.split("@")[0]
    if not installed.is_dir():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), package],
                       check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return installed


def author_page(folder: Path) -> Path:
    """The talk in its author's page, beside a copy of its images."""
    mathjax = npm_peer("mathjax@2", "mathjax2")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "node_modules" / vendor.REMARK_JS, folder / "remark.js")   # minified, as ours
    for name, target in (("mathjax", mathjax), ("img", ROOT / "img")):
        if not (folder / name).exists():
            (folder / name).symlink_to(target, target_is_directory=True)
    deck = load_deck(TALK)
    source = deck.body.replace("&", "&amp;").replace("<", "&lt;")
    page = folder / "index.html"
    page.write_text(AUTHOR_PAGE.format(source=source), encoding="utf-8")
    return page


def open_times(urls: list[tuple[str, str, bool]], trials: int) -> list[list[float]]:
    """For each (url, ready_js, warm_up): ms from navigation start until `ready_js` gives a number
    (every slide and formula ready), `trials` times, in one Chromium; with warm_up, a first open
    is not counted (it reads the files into the disk cache)."""
    from playwright.sync_api import sync_playwright

    from deckhand.browser import launch

    results = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for url, ready_js, warm_up in urls:
            times = []
            for trial in range(trials + warm_up):
                context = browser.new_context(viewport={"width": 1024, "height": 768})
                page = context.new_page()
                page.goto(url)
                page.wait_for_function(f"typeof ({ready_js}) === 'number'", timeout=60000)
                if trial >= warm_up:
                    times.append(page.evaluate(ready_js))
                context.close()
            results.append(times)
        browser.close()
    return results


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of a child process, in MB (getrusage of the finished child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


def row(what: str, unit: str, ours: dict, peer_name: str = "", peer: dict | None = None) -> dict:
    ratio = peer["median"] / ours["median"] if peer and ours["median"] else None
    return {"what": what, "unit": unit, "ours": ours, "peer": peer_name, "peer_values": peer, "ratio": ratio}


def fmt(values: dict | None) -> str:
    if not values:
        return "—"
    if values["n"] == 1:
        return f"{values['median']:.4g}"
    return f"{values['min']:.4g} / {values['median']:.4g} / {values['max']:.4g}"


def table(rows: list[dict]) -> str:
    lines = ["| what | ours (min / median / max) | peer | peer (min / median / max) | peer ÷ ours |",
             "|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r['ratio']:.1f}x" if r["ratio"] else "—"
        lines.append(f"| {r['what']} ({r['unit']}) | {fmt(r['ours'])} | {r['peer'] or '—'} | "
                     f"{fmt(r['peer_values'])} | {ratio} |")
    return "\n".join(lines)


def measure_build(rows: list[dict], tmp: Path, trials: int) -> None:
    rows.append(row("build the talk, in-process", "ms", stats(bench_build.build_in_process(TALK, tmp / "a", trials))))
    rows.append(row("build the talk, as a command", "ms", stats(bench_build.build_as_command(TALK, tmp / "b", trials))))
    for slides in (1000, 10000):
        deck = bench_build.generated_deck(tmp, slides)
        times = bench_build.build_in_process(deck, tmp / f"g{slides}", trials if slides <= 1000 else max(1, trials // 4))
        rows.append(row(f"build a {slides:,}-slide deck, in-process", "ms", stats(times)))
        rows.append(row("  same, per slide", "µs", stats([t * 1000 / slides for t in times])))


def measure_open(rows: list[dict], tmp: Path, trials: int) -> None:
    """Both pages opened from file:// and over http (a local server, as `make serve` or a USB stick)."""
    pipeline.build([TALK], pipeline.BuildOptions(out_dir=tmp / "open", root=ROOT))
    page = author_page(tmp / "author")
    ours_ready, peer_ready = "window.deckhand && window.deckhand.readyMs", "window.readyMs"
    with local_http(tmp) as base:
        schemes = (("file://", (tmp / "open" / TALK.stem / "index.html").as_uri(), page.as_uri()),
                   ("http", f"{base}/open/{TALK.stem}/index.html", f"{base}/author/index.html"))
        # the file:// opens warm the disk cache for the http ones (same files)
        times = open_times([(url, ready, scheme == "file://") for scheme, ours, peer in schemes
                            for url, ready in ((ours, ours_ready), (peer, peer_ready))], trials)
    for i, (scheme, _, _) in enumerate(schemes):
        rows.append(row(f"open the talk until every slide and formula is ready, {scheme}", "ms",
                        stats(times[2 * i]), "remark inline + MathJax 2.7 (the author's page)", stats(times[2 * i + 1])))


@contextlib.contextmanager
def local_http(folder: Path):
    """Serve `folder` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def measure_live(rows: list[dict], trials: int, quick: bool) -> None:
    import live_update

    quick_args = ["--quiet", "0", "--idle-seconds", "1", "--stock-spacing", "1.5", "--rapid-spacing", "0.3"]
    live_update.main(["--trials", str(trials), "--deck", str(TALK)] + (quick_args if quick else []))
    results = json.loads((HERE / "results-live.json").read_text())[TALK.name]["results"]
    ours = next(r for r in results if r["server"].startswith("serve.py"))
    stock = next(r for r in results if r["server"].startswith("stock"))
    rows.append(row("live update, save to screen", "ms", _latency(ours), "stock livereload 2.7 (800 ms poll)",
                    _latency(stock)))
    rows.append(row(f"of {ours['rapid_saves']} saves {ours['rapid_spacing_s']:g} s apart, never shown", "count",
                    _one(ours["rapid_saves"] - ours["rapid_seen"]), "stock livereload 2.7",
                    _one(stock["rapid_saves"] - stock["rapid_seen"])))
    for burst in ours.get("bursts", []):
        if burst["last_ms"] is not None:
            rows.append(row(f"{burst['saves']} saves {burst['spacing_ms']} ms apart: the last save to screen", "ms",
                            _one(burst["last_ms"])))


def _latency(result: dict) -> dict:
    return stats(result["latencies_ms"])


def _one(value: float) -> dict:
    return {"min": value, "median": value, "max": value, "n": 1}


def measure_pdf(rows: list[dict], quick: bool, runs: int) -> None:
    import pdf as pdf_bench

    pdf_bench.main(["--runs", str(runs)] + (["--skip-default", "--no-warm-up"] if quick else []))
    results = json.loads((HERE / "results-pdf.json").read_text())["rows"]
    ours = next(r for r in results if r["tool"].startswith("build.py"))
    for peer in (r for r in results if r["tool"].startswith("decktape")):
        rows.append(row("PDF of the talk, whole command", "s", stats(ours["seconds"]), peer["tool"],
                        stats(peer["seconds"])))
        rows.append(row("  PDF pages", "pages", _one(ours["pages"]), peer["tool"], _one(peer["pages"])))
        rows.append(row("  PDF size", "KB", _one(ours["bytes"] / 1024), peer["tool"], _one(peer["bytes"] / 1024)))


def measure_memory(rows: list[dict], tmp: Path) -> None:
    deck = bench_build.generated_deck(tmp, 10000)
    rss = peak_rss_mb([sys.executable, "build.py", str(deck), "--out", str(tmp / "mem")])
    rows.append(row("peak memory, build of the 10,000-slide deck", "MB", _one(rss)))
    rows.append(row("peak memory, serve.py after 100 updates", "MB", _one(_server_rss_after_updates(tmp, 100))))


def _server_rss_after_updates(tmp: Path, updates: int) -> float:
    """Start serve.py on a copy of the talk, save it `updates` times, read the server's VmHWM."""
    import live_update

    folder = tmp / "serve-mem" / "slides"
    folder.mkdir(parents=True)
    copy = folder / TALK.name
    text = TALK.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    port = live_update.free_port()
    server = subprocess.Popen([sys.executable, "serve.py", str(copy), "--port", str(port), "--no-open"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        live_update.wait_port(port, server)
        for i in range(updates):
            copy.write_text(text + f"\n\nUpdate {i}\n", encoding="utf-8")
            time.sleep(0.05)
        time.sleep(1)
        status = Path(f"/proc/{server.pid}/status").read_text()
        return int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer trials, no decktape default pause (~2 min)")
    args = parser.parse_args(argv)
    trials = 2 if args.quick else 15
    rows: list[dict] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, measure in (("build", lambda: measure_build(rows, tmp, trials)),
                              ("open", lambda: measure_open(rows, tmp, trials)),
                              ("live update", lambda: measure_live(rows, 3 if args.quick else 30, args.quick)),
                              ("PDF", lambda: measure_pdf(rows, args.quick, 1 if args.quick else 3)),
                              ("memory", lambda: measure_memory(rows, tmp))):
            section = time.perf_counter()
            measure()
            print(f"[{name}: {time.perf_counter() - section:.1f} s]", file=sys.stderr, flush=True)
    machine = {"date": datetime.date.today().isoformat(), "cores": os.cpu_count(), "python": platform.python_version(),
               "platform": platform.platform(), "load_average": os.getloadavg()[0],
               "seconds": round(time.perf_counter() - started, 1), "quick": args.quick}
    print(f"\n## Benchmarks, {machine['date']}: {machine['cores']} cores, {machine['platform']}, "
          f"load average {machine['load_average']:.1f}, {'--quick, ' if args.quick else ''}{machine['seconds']} s\n")
    print(table(rows))
    RESULTS.write_text(json.dumps({"machine": machine, "rows": rows}, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

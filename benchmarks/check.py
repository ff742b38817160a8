#!/usr/bin/env python3
"""How long the deck doctor takes on the talk: each check in-process (cold and warm caches), the
math check's Node call, decks of 10,000s of brackets, and `build.py --check` as a user runs it, with
and without the render checks (the slides laid out in Chromium).
Prints a table.

    .venv/bin/python benchmarks/check.py [DECK] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))

from deckhand import cache, checks, pipeline  # noqa: E402
from deckhand.assets import resolve_refs  # noqa: E402
from deckhand.checks import base, code, formulas, markup, media, slides, styles  # noqa: E402
from deckhand.parse import load_deck  # noqa: E402
from deckhand.project import Project  # noqa: E402

PROJECT = Project(ROOT)


def timed(function, runs: int) -> float:
    """Median milliseconds of `runs` calls."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def no_cache() -> None:
    """Forget every cache in memory (KaTeX's answers, media checks, folder listings) and point the
    cache folder at an empty one."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="deckhand-bench-cache-")
    cache.reset()


def scan_of(deck, refs):
    shown = [s for s in deck.slides if not s.excluded]
    scan = base.Scan(deck, refs, shown, deck.shown_math)
    markup.scan_tags(scan)
    return scan


# Decks that took minutes before the brackets, properties, tags and images were read in linear time (issue 16: 71 s
# for the first).
LARGE_DECKS = {
    "30,000 unclosed '.a[' (90 KB)": "# Large\n\n" + ".a[" * 30_000,
    "30,000 nested closed '.a[...]' (180 KB)": "# Large\n\n" + ".a[" * 30_000 + "x" + "]" * 30_000,
    "10,000 '.left[' closed past a slide break": "# Large\n\n" + ".left[x\n---\ny]\n" * 10_000,
    "20,000 property lines atop a slide": "".join(f"p{i}: {i}\n" for i in range(20_000)) + "# Large\n",
    "30,000 '<a ' that no '>' ends": "# Large\n\n" + "<a " * 30_000,
    "30,000 '![' before one ']'": "# Large\n\n" + "![" * 30_000 + "]",
}


def large_rows(runs: int) -> list[tuple[str, float]]:
    """load + every check (pipeline.check) of each of LARGE_DECKS, in a project of its own."""
    rows = []
    for name, text in LARGE_DECKS.items():
        root = Path(tempfile.mkdtemp(prefix="deckhand-bench-large-"))
        (root / "slides").mkdir()
        (root / "slides" / "large.md").write_text(text + "\n", encoding="utf-8")
        options = pipeline.BuildOptions(root=root)
        rows.append((f"load and check {name}", timed(lambda: pipeline.check(None, options), runs)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=ROOT / "slides" / "hands-on-deep-learning.md")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    runs = args.runs
    deck = load_deck(args.deck)
    refs, problems = resolve_refs(deck, ROOT)
    defined = styles.defined_classes(PROJECT)
    scan = scan_of(deck, refs)
    rows = [
        ("load the deck (not a check: every build does it)", timed(lambda: load_deck(args.deck), runs)),
        ("assets: resolve (missing, remote, outside)", timed(lambda: resolve_refs(deck, ROOT), runs)),
        ("scan: formulas and HTML tags, once", timed(lambda: scan_of(deck, refs), runs)),
        ("classes: stylesheets read (cold, then cached)", timed(lambda: styles._classes_of.cache_clear()
                                                                or styles.defined_classes(PROJECT), runs)),
        ("classes: W-class", timed(lambda: list(styles.check_classes(scan, defined)), runs)),
        ("structure: E-property, E-template", timed(lambda: list(slides.check_properties(scan)), runs)),
        ("links: W-name, W-link", timed(lambda: list(slides.check_names_and_links(scan)), runs)),
        ("structure: E-bracket", timed(lambda: list(slides.check_brackets(scan)), runs)),
        ("structure: W-notes, W-empty, W-trailing", timed(lambda: list(slides.check_notes_and_empty(scan)), runs)),
        ("HTML: E-html, W-html", timed(lambda: list(markup.check_html(scan)), runs)),
        ("code: W-code (python blocks parsed)", timed(lambda: list(code.check_code(scan)), runs)),
        ("media: E-case, E-decode, W-size (cold)", timed(lambda: no_cache() or list(media.check_media(scan)), runs)),
        ("media: the same, files already read", timed(lambda: list(media.check_media(scan)), runs)),
    ]
    cold_math = lambda: no_cache() or formulas.check_math([scan], PROJECT)  # noqa: E731
    rows.append(("math: E-math, one Node process (cold)", timed(cold_math, max(3, runs // 4))))
    rows.append(("math: the same, results remembered", timed(lambda: formulas.check_math([scan], PROJECT), runs)))
    everything = lambda: checks.run_checks([deck], {deck.name: refs}, PROJECT, problems)  # noqa: E731

    def cold(function):
        """Forget what earlier runs read (stylesheets, media files, KaTeX answers), then run."""
        def run():
            styles._classes_of.cache_clear()
            no_cache()
            return function()
        return run

    with_math, checks.check_math = checks.check_math, lambda scans, root: []
    rows.append(("all checks but math, in-process, cold caches", timed(cold(everything), max(3, runs // 4))))
    rows.append(("all checks but math, in-process, warm (the budget: 50 ms)", timed(everything, runs)))
    checks.check_math = with_math
    rows.append(("all checks in-process, cold (math included)", timed(cold(everything), max(3, runs // 4))))
    rows.append(("all checks in-process, warm (math remembered)", timed(everything, runs)))
    rows += large_rows(max(3, runs // 4))
    for what, extra in (("static checks only, `--no-render`", ["--no-render"]),
                        ("render checks included, Chromium start included", [])):
        times = []
        for _ in range(max(3, runs // 2)):
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", str(args.deck), *extra], cwd=ROOT,
                           capture_output=True, check=False)
            times.append((time.perf_counter() - started) * 1000)
        rows.append((f"`build.py --check` as a command, {what} (median of {len(times)}; "
                     f"{min(times):.0f} to {max(times):.0f})", statistics.median(times)))

    formula_count = len(scan.math)
    print(f"{args.deck.name}: {len(deck.slides)} slides ({len(scan.slides)} not excluded), {len(refs)} asset uses, "
          f"{formula_count} formulas, {len(scan.tags)} HTML tags; median of {runs} runs")
    width = max(len(name) for name, _ in rows)
    print(f"| {'step'.ljust(width)} | {'ms':>8} |")
    print(f"|{'-' * (width + 2)}|{'-' * 10}|")
    for name, ms in rows:
        print(f"| {name.ljust(width)} | {ms:8.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Import and build a year of remark talks, and rebuild after a save in one of them.

    .venv/bin/python benchmarks/import_build.py [--talks 30] [--slides 50] [--trials 3]

Writes TALKS remark talks of about SLIDES slides each (an index.html per talk folder, half with
sourceUrl and half with the Markdown inline, MathJax, formulas, images from a shared ../img, the
year's own CSS) into a temporary folder, then times `deckhand import FOLDER --to PROJECT` (which
imports and builds every deck) as one command in a fresh process; then, in the live server's
LiveSite, a save of one deck: the time to its new page, and how many decks were read again and
rendered. Prints a Markdown table (min / median / max over the trials).
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from deckhand import live, pipeline, render  # noqa: E402
from deckhand.pipeline import BuildOptions  # noqa: E402


def write_talks(folder: Path, talks: int, slides: int) -> None:
    """A year of remark talks: folder/2023/talk-NN/index.html, a shared 2023/img/ and 2023/css/."""
    from PIL import Image

    year = folder / "2023"
    (year / "img").mkdir(parents=True)
    (year / "css").mkdir()
    for i in range(8):
        Image.new("RGB", (320, 200), (30 * i, 90, 160)).save(year / "img" / f"fig{i}.png")
    (year / "css" / "talks.css").write_text(".credits { font-size: 50%; }\n.pull-left { float: left; width: 47%; }\n"
                                           ".pull-right { float: right; width: 47%; }\n", encoding="utf-8")
    for t in range(talks):
        talk = year / f"talk-{t:02d}"
        talk.mkdir()
        body = _markdown(t, slides)
        inline = t % 2 == 1
        source = (f'<textarea id="source">\n{body}</textarea>\n<script>var slideshow = remark.create({{ratio: "16:9"}});'
                  if inline else "<script>var slideshow = remark.create({sourceUrl: 'slides.md', ratio: '16:9'});")
        if not inline:
            (talk / "slides.md").write_text(body, encoding="utf-8")
        # the CDN tags real talks carry: input for `deckhand import`, which replaces them by the
        # remark and KaTeX it ships; the imported decks load nothing from the network
        (talk / "index.html").write_text(
            f"<!DOCTYPE html>\n<html>\n<head><title>Talk {t}</title>\n<link rel=\"stylesheet\" href=\"../css/talks.css\">\n"
            "<script src=\"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.5/MathJax.js?config=TeX-AMS_HTML\"></script>\n"
            f"</head>\n<body>\n<script src=\"https://remarkjs.com/downloads/remark-latest.min.js\"></script>\n{source}\n"
            "MathJax.Hub.Config({tex2jax: {inlineMath: [['$', '$']]}});\n</script>\n</body>\n</html>\n", encoding="utf-8")


def _markdown(t: int, slides: int) -> str:
    parts = [f"class: center, middle\n\n# Talk {t}\n\n.credits[the author]\n"]
    for s in range(1, slides):
        parts.append(f"# Slide {s}\n\n.pull-left[\n- point {s} of talk {t}, with $x_{s} = \\alpha\\_{{{t}}} + {s}$\n"
                     f"- the gradient $\\nabla\\_{{w}} l$\n]\n.pull-right[\n![fig](../img/fig{s % 8}.png)\n]\n\n"
                     f"$$\\sum\\_{{i=1}}^{{{s}}} w_i x_i + b_{t}$$\n\n???\nnotes {s}\n")
    return "\n---\n\n".join(parts)


def time_import(folder: Path, project: Path) -> float:
    """One `deckhand import` (import and build) in a fresh process, in seconds."""
    shutil.rmtree(project, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "deckhand", "import", str(folder), "--to", str(project)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def time_save(project: Path, out: Path) -> tuple[float, int, int]:
    """A save of one deck in the live server: seconds from the save to its new page being sent,
    to the site written; and how many decks were rendered again."""
    site = live.LiveSite(None, BuildOptions(root=project, out_dir=out))
    site.start()
    deck = project / "slides" / "2023" / "talk-07" / "slides.md"
    rendered = []
    original = render.deck_page

    def counting(project_, deck_):
        rendered.append(deck_.name)
        return original(project_, deck_)

    pipeline.deck_page = counting   # render_site's one call per deck page
    try:
        deck.write_text(deck.read_text(encoding="utf-8").replace("# Slide 3", "# Slide 3, edited"), encoding="utf-8")
        started = time.perf_counter()
        messages = site.rebuild([deck])
        sent = time.perf_counter() - started
        site.finish()
        written = time.perf_counter() - started
    finally:
        pipeline.deck_page = original
    assert list(messages) == ["2023/talk-07"], messages
    return sent, written, len(rendered)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=30)
    parser.add_argument("--slides", type=int, default=50)
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckhand-bench-import-") as tmp:
        folder, project = Path(tmp) / "talks", Path(tmp) / "project"
        write_talks(folder, args.talks, args.slides)
        imports = [time_import(folder, project) for _ in range(args.trials)]
        saves = [time_save(project, Path(tmp) / f"live-{i}") for i in range(args.trials)]
    slides = args.talks * args.slides
    print(f"{args.talks} remark talks of {args.slides} slides ({slides} slides), {args.trials} trials\n")
    print("| what | min | median | max |\n|---|---|---|---|")
    for what, values in (("import + build, one command (s)", imports),
                         ("save of one deck: new page sent (ms)", [s[0] * 1000 for s in saves]),
                         ("save of one deck: site written (ms)", [s[1] * 1000 for s in saves]),
                         ("decks rendered again after that save", [s[2] for s in saves])):
        print(f"| {what} | {min(values):.3g} | {statistics.median(values):.3g} | {max(values):.3g} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

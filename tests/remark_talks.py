"""A folder of remark talks as their authors published them, for the importer's tests and benchmark.

    write_collection(folder, talks=6, slides=12)
    write_collection(folder, talks=30, slides=50, plain=True)   # no MathJax, own CSS, or typos

Talks are grouped by year (`2023/ml-school/index.html`); each year has a shared `img/` the talks
use as `../img/...` and a shared `talks.css` whose `url()` names an image there. The pages come in
the three forms remark pages take: `sourceUrl: 'slides.md'` beside the page, the Markdown inline
in an indented `<textarea id="source">`, and in a `<script type="text/template" id="source">` (that
one's Markdown starts with a `---` line, as some authors' do: remark then shows an empty first
slide). Each page loads remark and MathJax 2.7 from a CDN with `TeX: {Macros}`, a Google font, its
own stylesheet (a file, or an inline `<style>`), and the slides hold what a real author writes: the
MathJax-era formulas of issue 13, a stray comma in an `<img>`, `</br>`, clips in `<iframe>` and
`<video>`, classes of their own, increments, notes, code. `plain` leaves out what needs the other
parts of issue 13 (MathJax and its macros, the page's own stylesheets, the typos KaTeX or the doctor
refuse), for measuring the import and build on a tree without them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMAGES = {"loss.png": "loss.png", "neuron.svg": "neuron.svg", "bg.png": "dropout.png"}
# An MP4's first box: what the deck doctor reads of a video (a real clip would only be larger).
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
KINDS = ("source-url", "textarea", "template")

HEAD = """<!DOCTYPE html>
<html>
  <head>
    <title>{title}</title>
    <meta charset="utf-8">
    <meta name="author" content="{author}">
    <meta name="description" content="Talk {n} of {year}: gradients, losses and a clip.">
    <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Yanone+Kaffeesatz">
    <link rel="stylesheet" href="../talks.css">
{style}  </head>
  <body>
"""
TAIL = """    <script src="https://remarkjs.com/downloads/remark-latest.min.js"></script>
    <script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.5/MathJax.js?config=TeX-AMS_HTML&delayStartupUntil=configured"></script>
    <script>
      var slideshow = remark.create({{{options}}});
      MathJax.Hub.Config({{
        tex2jax: {{skipTags: ['script', 'noscript', 'style', 'textarea', 'pre'],
                   inlineMath: [['$','$'], ['\\\\(','\\\\)']]}},
        TeX: {{Macros: {{R: '{{\\\\mathbb{{R}}}}', norm: ['\\\\left\\\\lVert #1 \\\\right\\\\rVert', 1]}}}}
      }});
      MathJax.Hub.Configured();
    </script>
  </body>
</html>
"""
OWN_CSS = """.pull-left {{ float: left; width: 47%; }}
.pull-right {{ float: right; width: 47%; }}
.credits {{ font-size: 60%; color: #777; }}
.hero-{n} {{ background: url({bg}) no-repeat; }}
"""


PLAIN = {"$$p_\\vec{{w}}(y|x)$$": "$$p_{{\\vec{{w}}}}(y|x)$$", "$\\norm{{x}} \\le 1$": "$\\|x\\| \\le 1$",
         "\\R^n": "\\mathbb{{R}}^n", "$$\\vec w = \\\\{{w, b\\\\}}$$": "$$\\vec w = \\{{w, b\\}}$$",
         "\" , width": "\" width"}


def slides_of(n: int, count: int, year: int, plain: bool = False) -> list[str]:
    """`count` slides of talk `n`, as an author writes them (typos included, unless `plain`)."""
    slides = [f"class: center, middle, hero-{n}\n\n# Talk {n} of {year}\n\n.credits[Ada Lovelace, {year}]\n"]
    patterns = [
        "## Gradients {i}\n\nThe loss $\\nabla\\_{{x}} l$ points uphill.\n\n![loss](../img/loss.png)\n",
        "## Weights {i}\n\n$$\\vec w = \\\\{{w, b\\\\}}$$\n\n--\n\nline one</br>\nline two\n",
        "## Model {i}\n\n> $f(x) = W x + b $\n\n<img src=\"../img/neuron.svg\" , width=\"300px\">\n",
        "## Likelihood {i}\n\n$$p_\\vec{{w}}(y|x)$$\n\nwith $x \\in \\R^n$ and $\\norm{{x}} \\le 1$.\n\n???\n"
        "Say that the norm is the {i}th one.\n",
        ".pull-left[\n## Clip {i}\n<iframe width=\"400\" height=\"300\" src=\"../img/clip.mp4\"></iframe>\n]\n"
        ".pull-right[\n<video controls src=\"img/demo.mp4\" width=\"300\"></video>\n]\n",
        "## Code {i}\n\n```python\ndef loss(w, x):\n*   return (w * x).sum()\n```\n\nRuns in $O(n)$ for $n$ samples.\n",
    ]
    for i in range(1, count):
        pattern = patterns[(i - 1) % len(patterns)]
        for typo, fixed in PLAIN.items() if plain else ():
            pattern = pattern.replace(typo, fixed)
        slides.append(pattern.format(i=i))
    return slides


def write_talk(folder: Path, n: int, year: int, slides: int, plain: bool = False) -> Path:
    """One talk's folder; returns its page."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "img").mkdir(exist_ok=True)
    (folder / "img" / "demo.mp4").write_bytes(MP4)
    kind = KINDS[n % len(KINDS)]
    markdown = "\n---\n".join(slides_of(n, slides, year, plain))
    title, author = f"Talk {n}: learning, {year}", "Ada Lovelace"
    options = "sourceUrl: 'slides.md', ratio: '16:9', highlightStyle: 'github', highlightLines: true, " \
              "countIncrementalSlides: false, navigation: {scroll: false}, timer: {startOnChange: true}"
    if kind == "source-url":
        (folder / "slides.md").write_text(markdown, encoding="utf-8")
        (folder / "style.css").write_text(OWN_CSS.format(n=n, bg="../img/bg.png"), encoding="utf-8")
        style, body = '    <link rel="stylesheet" href="style.css">\n', ""
    else:
        options = "ratio: '4:3', highlightLines: true, slideNumberFormat: '%current%'"
        style = "    <style>\n" + OWN_CSS.format(n=n, bg="'../img/bg.png'") + "    </style>\n"
        if kind == "textarea":
            escaped = markdown.replace("&", "&amp;").replace("<", "&lt;")
            body = '    <textarea id="source">\n' + "".join(
                f"      {line}\n" if line else "\n" for line in escaped.split("\n")) + "    </textarea>\n"
        else:
            body = f'    <script type="text/template" id="source">\n---\n{markdown}\n    </script>\n'
    head = HEAD.format(title=title, author=author, n=n, year=year, style=style)
    tail = TAIL.format(options=options)
    if plain:
        head = head.replace('    <link rel="stylesheet" href="../talks.css">\n', "").replace(style, "")
        tail = tail[:tail.index("    <script src=\"https://cdnjs")] + \
            f"    <script>\n      var slideshow = remark.create({{{options}}});\n    </script>\n  </body>\n</html>\n"
    page = folder / "index.html"
    page.write_text(head + body + tail, encoding="utf-8")
    return page


def write_collection(folder: Path, talks: int = 6, slides: int = 12, plain: bool = False) -> list[Path]:
    """`talks` talks of `slides` slides each under `folder`, three per year; returns their pages."""
    pages = []
    for n in range(talks):
        year = 2019 + n // 3
        year_dir = folder / str(year)
        if not (year_dir / "img").is_dir():
            (year_dir / "img").mkdir(parents=True)
            for name, source in IMAGES.items():
                shutil.copyfile(REPO / "img" / source, year_dir / "img" / name)
            (year_dir / "img" / "clip.mp4").write_bytes(MP4)
            (year_dir / "talks.css").write_text(".inverse { background: url(img/bg.png); color: white; }\n"
                                                "h1, h2 { font-family: 'Yanone Kaffeesatz'; }\n", encoding="utf-8")
        pages.append(write_talk(year_dir / f"talk-{n}", n, year, slides, plain))
    return pages

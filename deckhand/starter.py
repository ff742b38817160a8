"""`deckhand new`: a starter deck that shows the syntax, or a whole project folder around one."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UsageError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

DECK = """\
---
title: {title}
author: Your Name
description: What the talk is about, in one *Markdown* line (shown on the index page).
ratio: 16:9
---
class: center, middle

# {title}

Your Name — the place, the date

???
Presenter notes: press P to see them, C to open the audience window for the projector.

---
## A slide

- A point
- Another point, with .red[a class] from `templates/theme.css`

--
- A third point, shown on the next key press (`--` makes a step)

---
## Math and code

The loss $\\ell(y, \\hat y) = (y - \\hat y)^2$, and on a line of its own:

$$ \\frac{{\\partial \\ell}}{{\\partial w}} = -2 (y - \\hat y) \\, x $$

```python
def relu(x):
*   return max(x, 0)      # the * before this line highlights it
```

---
## An image

.center[![A square with the text 'img/example.svg'](img/example.svg)]

Images and sounds go in `img/`; a missing one is an error at its line.

---
class: center, middle

# Thank you

[Back to the start](#1)
"""

EXAMPLE_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">
  <rect x="4" y="4" width="312" height="172" rx="12" fill="#e8eef7" stroke="#2a6fb0" stroke-width="4"/>
  <text x="160" y="98" font-family="Ubuntu, sans-serif" font-size="22" text-anchor="middle" fill="#2b2d42">img/example.svg</text>
</svg>
"""

GITIGNORE = "build/\n.venv/\n__pycache__/\n"

# Builds every deck on each push to main and publishes build/ with GitHub Pages (Settings -> Pages ->
# Source: GitHub Actions). Any static host serves build/ the same way.
WORKFLOW = """\
name: decks
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # The deckhand this project was made with. Another project has the name "deckhand" on PyPI: if
      # your index does not carry this one, commit its wheel (dist/) and use: pip install ./dist/deckhand-*.whl
      - run: pip install "deckhand=={version}"
      - run: deckhand check --strict
      - run: deckhand build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: build
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def new(name: str, where: Path, version: str) -> list[Path]:
    """In a project (a folder with slides/): the deck slides/NAME.md. Elsewhere: the project folder
    NAME/ with that deck, its example image, a .gitignore and a CI workflow that publishes build/.
    Returns the files made; never replaces a file."""
    if not _NAME.match(name):
        raise UsageError(f"'{name}' cannot be a deck name: use letters, digits, '.', '_' and '-' "
                         "(it becomes the deck's file and folder name)")
    in_project = (where / "slides").is_dir()
    root = where if in_project else where / name
    files = {root / "slides" / f"{name}.md": DECK.format(title=name.replace("-", " ").replace("_", " ").capitalize())}
    if not (root / "img" / "example.svg").exists():
        files[root / "img" / "example.svg"] = EXAMPLE_SVG
    if not in_project:
        files[root / ".gitignore"] = GITIGNORE
        files[root / ".github" / "workflows" / "decks.yml"] = WORKFLOW.format(version=version)
    taken = [path for path in files if path.exists()]
    if taken:
        raise UsageError(f"{taken[0]} already exists: choose another name, or edit that deck")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)

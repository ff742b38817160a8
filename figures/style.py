"""The deck's visual language for figures: palette, fonts, and the figure registry."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from deckhand import cache

# The theme's colours (templates/theme.css uses the same values).
INK = "#2b2d42"        # body text
MUTED = "#6c757d"      # secondary text, axes
RED = "#c62f3c"        # .red
BLUE = "#2a6fb0"       # .blue
GREEN = "#2e8b57"      # .green
ORANGE = "#e07a1f"     # a fourth series colour
PURPLE = "#7a4fa3"     # a fifth series colour
LIGHT = "#eef2f7"      # panel fill
GRID = "#d9dee5"       # grid lines, borders
WHITE = "#ffffff"
SERIES = [BLUE, RED, GREEN, ORANGE, PURPLE]

FONT_FAMILY = ["Ubuntu", "DejaVu Sans"]
MONO_FAMILY = ["Ubuntu Mono", "DejaVu Sans Mono"]

ROOT = Path(__file__).resolve().parent.parent
IMG_DIR = ROOT / "img"
# The fonts converted to TTF for matplotlib and Pillow: in the user's cache folder, never in build/
# (a build replaces build/ whole, and refuses to replace a folder it did not make).
FONT_CACHE = cache.folder("figure-fonts")


@dataclasses.dataclass(frozen=True)
class Figure:
    """One file in img/: where it goes, the function that makes it, and its credit line."""

    path: str          # relative to the project root, e.g. "img/neuron.svg"
    make: Callable[[Path], None]
    credit: str


REGISTRY: list[Figure] = []


def figure(path: str, credit: str):
    """Register the decorated function as the maker of `path` (it receives the absolute output path)."""

    def register(func: Callable[[Path], None]) -> Callable[[Path], None]:
        REGISTRY.append(Figure(path=path, make=func, credit=credit))
        return func

    return register


FONT_FILES = {
    "ubuntu-latin-400-normal.woff": "@fontsource/ubuntu",
    "ubuntu-latin-700-normal.woff": "@fontsource/ubuntu",
    "ubuntu-latin-400-italic.woff": "@fontsource/ubuntu",
    "ubuntu-mono-latin-400-normal.woff": "@fontsource/ubuntu-mono",
    "ubuntu-mono-latin-700-normal.woff": "@fontsource/ubuntu-mono",
}


def register_fonts() -> list[Path]:
    """Make the deck's Ubuntu fonts (npm's WOFF files) usable by matplotlib and Pillow as TTF files."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    cache = FONT_CACHE
    cache.mkdir(parents=True, exist_ok=True)
    made = []
    for name, package in FONT_FILES.items():
        src = ROOT / "node_modules" / package / "files" / name
        if not src.exists():
            continue  # `npm ci` not run: matplotlib falls back to DejaVu Sans
        dest = cache / name.replace(".woff", ".ttf")
        if not dest.exists():
            font = TTFont(src)
            font.flavor = None
            font.save(dest)
        font_manager.fontManager.addfont(str(dest))
        made.append(dest)
    return made


def font_path(weight: int = 400, mono: bool = False, italic: bool = False) -> Path:
    """The TTF of a deck font, for Pillow's ImageFont.truetype (call register_fonts first)."""
    family = "ubuntu-mono" if mono else "ubuntu"
    style_ = "italic" if italic else "normal"
    return FONT_CACHE / f"{family}-latin-{weight}-{style_}.ttf"


def use_theme() -> None:
    """Set matplotlib defaults to the deck's look: white background, theme fonts, no chart junk."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    register_fonts()
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": FONT_FAMILY,
        "font.monospace": MONO_FAMILY,
        "font.size": 14,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": MUTED,
        "axes.titleweight": "bold",
        "axes.titlesize": 16,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=SERIES),
        "axes.grid": True,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "legend.frameon": False,
        "figure.facecolor": WHITE,
        "axes.facecolor": WHITE,
        "savefig.facecolor": WHITE,
        "savefig.bbox": "tight",
        "svg.fonttype": "path",      # SVG text as paths: the figure looks the same without the font
        "svg.hashsalt": "deck",      # stable ids so re-running gives identical SVG
        "path.simplify": True,
    })

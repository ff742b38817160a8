"""The figures' one drawing vocabulary: palette, colours, fonts, canvas and arrow, and the figure registry.

Each word has one meaning, whichever module draws:
- `tint(color, amount)` lightens towards white: 0 is the colour itself, 1 is white;
  `mix(start, end, t)` is the colour a fraction `t` of the way from `start` to `end`.
- `canvas(width, height, y_down=...)` is a matplotlib figure whose data units are the CSS px of the slot
  it fills; `y_down` says where y = 0 is, and every call says it.
- `arrow(ax, start, end)` is a straight arrow with its head at `end`.
- `register_fonts()` makes the deck's Ubuntu fonts usable by matplotlib and Pillow, once per run.
"""

from __future__ import annotations

import dataclasses
import functools
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


# ---------------------------------------------------------------------------------------------
# Colours: pure Python on '#rrggbb' strings, rounded like matplotlib's to_hex (half to even)
# ---------------------------------------------------------------------------------------------

def rgb(color: str) -> tuple[int, int, int]:
    """'#rrggbb' as three integers 0-255."""
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


def mix(start: str, end: str, t: float) -> str:
    """The colour a fraction `t` of the way from `start` to `end` (t is clipped to 0..1), as '#rrggbb'."""
    t = min(max(float(t), 0.0), 1.0)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(rgb(start), rgb(end)))


def tint(color: str, amount: float) -> str:
    """`color` lightened towards white: amount 0 is the colour itself, 1 is white."""
    return mix(color, WHITE, amount)


# ---------------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------------

FONT_FILES = {
    "ubuntu-latin-400-normal.woff": "@fontsource/ubuntu",
    "ubuntu-latin-700-normal.woff": "@fontsource/ubuntu",
    "ubuntu-latin-400-italic.woff": "@fontsource/ubuntu",
    "ubuntu-mono-latin-400-normal.woff": "@fontsource/ubuntu-mono",
    "ubuntu-mono-latin-700-normal.woff": "@fontsource/ubuntu-mono",
}
# Ubuntu's subsets that the latin files lack (Σ, ℓ, η, ...), registered under families of their own so
# that a diagram's font list can fall back to them glyph by glyph.
FALLBACK_FAMILIES = {"Ubuntu Greek": "greek", "Ubuntu Ext": "latin-ext"}
FALLBACK_STYLES = ((400, "normal"), (400, "italic"), (700, "normal"))
# Matplotlib's mathtext in the deck's font.
UBUNTU_MATHTEXT = {"mathtext.fontset": "custom", "mathtext.rm": "Ubuntu", "mathtext.it": "Ubuntu:italic",
                   "mathtext.bf": "Ubuntu:bold"}


def _woff_to_ttf(src: Path, dest: Path, family: str | None = None, weight: int = 400, slant: str = "") -> None:
    """Convert a WOFF file to TTF once (kept in FONT_CACHE), renamed to `family` if given."""
    if dest.exists():
        return
    from fontTools.ttLib import TTFont

    font = TTFont(src)
    font.flavor = None
    for rec in font["name"].names if family else ():
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (4, 6):
            rec.string = f"{family} {slant} {weight}".replace(" ", "-" if rec.nameID == 6 else " ")
    font.save(dest)


@functools.lru_cache(maxsize=None)
def register_fonts() -> tuple[str, ...]:
    """Make the deck's Ubuntu fonts (npm's WOFF files) usable by matplotlib and Pillow as TTF files.

    Runs once; returns the fallback families it registered (none when `npm ci` has not run, and
    matplotlib then falls back to DejaVu Sans)."""
    from matplotlib import font_manager

    FONT_CACHE.mkdir(parents=True, exist_ok=True)
    for name, package in FONT_FILES.items():
        src = ROOT / "node_modules" / package / "files" / name
        if src.exists():
            dest = FONT_CACHE / name.replace(".woff", ".ttf")
            _woff_to_ttf(src, dest)
            font_manager.fontManager.addfont(str(dest))
    families = []
    for family, subset in FALLBACK_FAMILIES.items():
        for weight, slant in FALLBACK_STYLES:
            name = f"ubuntu-{subset}-{weight}-{slant}"
            src = ROOT / "node_modules" / "@fontsource" / "ubuntu" / "files" / f"{name}.woff"
            if src.exists():
                dest = FONT_CACHE / f"{name}.ttf"
                _woff_to_ttf(src, dest, family, weight, slant)
                font_manager.fontManager.addfont(str(dest))
                families.append(family)
    return tuple(dict.fromkeys(families))


def font_path(weight: int = 400, mono: bool = False, italic: bool = False) -> Path:
    """The TTF of a deck font, for Pillow's ImageFont.truetype (register_fonts makes it)."""
    family = "ubuntu-mono" if mono else "ubuntu"
    style_ = "italic" if italic else "normal"
    return FONT_CACHE / f"{family}-latin-{weight}-{style_}.ttf"


@functools.lru_cache(maxsize=None)
def image_font(px: int, weight: int = 400, mono: bool = False, italic: bool = False):
    """A deck font `px` device pixels tall, for Pillow's ImageDraw."""
    from PIL import ImageFont

    register_fonts()
    return ImageFont.truetype(str(font_path(weight, mono, italic)), px)


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


# ---------------------------------------------------------------------------------------------
# The canvas and the arrow
# ---------------------------------------------------------------------------------------------

def canvas(width: float, height: float, *, y_down: bool, px_per_inch: float = 72):
    """A matplotlib figure `width` x `height` CSS px with one borderless axes whose data units are those px.

    `y_down`: True puts y = 0 at the top edge and y grows downwards, as on a page; False puts it at the
    bottom edge and y grows upwards, as in a plot.
    `px_per_inch`: 72 (the default) makes a point one CSS px, so a 14 pt label is 14 px tall on the
    slide; the charts use 100. Save the figure with the same value (`save.figure`)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / px_per_inch, height / px_per_inch))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(*((height, 0) if y_down else (0, height)))
    ax.set_axis_off()
    ax.set_aspect("equal")
    return fig, ax


def arrow(ax, start, end, *, color: str = INK, lw: float = 1.8, head: float = 9, shrink_start: float = 0.0,
          shrink_end: float = 0.0, z: float = 2, alpha: float = 1.0, round_corners: bool = False):
    """A straight arrow from `start` to its head at `end`, in data coordinates.

    `head` is the head's size in points: it is 0.9 x head long and 0.45 x head wide (to a tenth of a
    point). The line stops `shrink_start` and `shrink_end` points short of its two ends (a node's radius).
    `round_corners` rounds the head's corners and the line's tail; by default they are sharp."""
    from matplotlib.patches import FancyArrowPatch

    patch = FancyArrowPatch(start, end, arrowstyle=f"-|>,head_length={head * 0.9:.1f},head_width={head * 0.45:.1f}",
                            mutation_scale=1, color=color, linewidth=lw, shrinkA=shrink_start, shrinkB=shrink_end,
                            zorder=z, alpha=alpha, joinstyle="round" if round_corners else "miter",
                            capstyle="round" if round_corners else "butt")
    ax.add_patch(patch)
    return patch

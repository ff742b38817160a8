"""The diagrams' pieces on a y-up `style.canvas` in CSS px: figure decorators, animations, nodes, labels, boxes.

Every diagram is drawn on a canvas measured in the CSS pixels of the slot the slide gives it: a canvas
of `slot` px is a figure `slot / 72` inches wide, so 1 pt of matplotlib is 1 px on the slide (a 14 pt
label reads as 14 px). Rasters are written at `scale` times the slot width.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Sequence

import save
import style
from style import INK, LIGHT, MUTED, WHITE


def _rc() -> dict:
    """The diagrams' fonts (with Ubuntu's Greek and extended subsets as fallbacks) and mathtext."""
    fallbacks = list(style.register_fonts())
    return {
        "font.family": ["Ubuntu", *fallbacks, "DejaVu Sans"],   # a list: matplotlib falls back glyph by glyph
        "font.sans-serif": ["Ubuntu", *fallbacks, "DejaVu Sans"],
        **style.UBUNTU_MATHTEXT,
        "mathtext.sf": "Ubuntu",
        "mathtext.cal": "Ubuntu:italic",
        "mathtext.bfit": "Ubuntu:bold",
        "mathtext.fallback": "stixsans",
        "svg.fonttype": "path",
        "svg.hashsalt": "deck-science",   # the salt the diagrams' SVG ids were made with: keep their bytes
        "savefig.bbox": "standard",   # canvases are laid out in slot px: keep their exact size
    }


def diagram_figure(path: str, credit: str):
    """`style.figure`, with the diagrams' fonts and mathtext active while the figure is drawn."""

    def wrap(func: Callable[[Path], None]) -> Callable[[Path], None]:
        @functools.wraps(func)
        def make(dest: Path) -> None:
            import matplotlib.pyplot as plt

            style.use_theme()
            with plt.rc_context(_rc()):
                func(dest)
            plt.close("all")

        return style.figure(path, credit)(make)

    return wrap


def canvas_figure(path: str, width: float, height: float, credit: str):
    """`diagram_figure` for a drawing on one y-up canvas `width` x `height` CSS px.

    The decorated function draws, called as `draw(ax, width, height)`; the figure is then saved as its
    path says, a raster at 1.5 device px per CSS px."""

    def wrap(draw: Callable) -> Callable[[Path], None]:
        @functools.wraps(draw)
        def make(dest: Path) -> None:
            fig, ax = style.canvas(width, height, y_down=False)
            draw(ax, width, height)
            save.figure(fig, dest, scale=1.5)

        return diagram_figure(path, credit)(make)

    return wrap


class Animation:
    """The frames of an animated GIF, each drawn on a fresh y-up canvas, with how long each one shows."""

    def __init__(self, width: float, height: float, scale: float):
        self.width, self.height, self.scale = width, height, scale
        self.frames: list = []
        self.durations: list[int] = []

    def add(self, duration: int, draw: Callable) -> None:
        """Render `draw(ax)` on a fresh canvas as the next frame, shown for `duration` ms."""
        import matplotlib.pyplot as plt

        fig, ax = style.canvas(self.width, self.height, y_down=False)
        draw(ax)
        self.frames.append(save.render(fig, self.scale))
        plt.close(fig)
        self.durations.append(duration)

    def hold(self, duration: int) -> None:
        """Show the latest frame for `duration` ms instead."""
        self.durations[-1] = duration


def animation_figure(path: str, width: float, height: float, credit: str, *, hold_last: int, scale: float = 1.5,
                     colors: int = 96):
    """`diagram_figure` for an animated GIF of frames `width` x `height` CSS px, rendered at `scale`.

    The decorated function adds the frames, called as `add_frames(animation, width, height)` with an
    `Animation`; the last frame then shows for `hold_last` ms, and the GIF is saved with one palette of
    `colors` colours."""

    def wrap(add_frames: Callable) -> Callable[[Path], None]:
        @functools.wraps(add_frames)
        def make(dest: Path) -> None:
            animation = Animation(width, height, scale)
            add_frames(animation, width, height)
            animation.hold(hold_last)
            save.gif(animation.frames, animation.durations, dest, colors)

        return diagram_figure(path, credit)(make)

    return wrap


def node(ax, x, y, r, fc=WHITE, ec=INK, lw=2.0, label=None, fs=18, color=INK, z=3, **text):
    """A circle of radius `r` centred on (x, y), with an optional label inside."""
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), r, facecolor=fc, edgecolor=ec, linewidth=lw, zorder=z))
    if label is not None:
        ax.text(x, y, label, ha="center", va="center_baseline", fontsize=fs, color=color, zorder=z + 1, **text)


def label(ax, x, y, s, fs=16, color=INK, ha="center", va="center", box=False, z=6, **kw):
    """Text at (x, y), `fs` px tall, on a white box if `box`."""
    bbox = dict(boxstyle="round,pad=0.18", facecolor=WHITE, edgecolor="none") if box else None
    return ax.text(x, y, s, fontsize=fs, color=color, ha=ha, va=va, zorder=z, bbox=bbox, **kw)


def rounded(ax, x, y, w, h, fc=LIGHT, ec="none", lw=1.0, r=10, z=0, ls="-", alpha=1.0):
    """A box with rounded corners of radius `r`, its lower left corner at (x, y)."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={r}", facecolor=fc,
                                edgecolor=ec, linewidth=lw, zorder=z, linestyle=ls, alpha=alpha))


def rect(ax, x, y, w, h, fc, ec="none", lw=0.0, z=1):
    """A box with square corners, its lower left corner at (x, y)."""
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x, y), w, h, facecolor=fc, edgecolor=ec, linewidth=lw, zorder=z))


def line_point(p0, p1, t):
    """The point a fraction `t` of the way from p0 to p1."""
    return (p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t)


def layer_positions(sizes: Sequence[int], xs: Sequence[float], y_center: float, gap: float):
    """The node centres of a network's layers: layer i has sizes[i] nodes at x = xs[i], top to bottom."""
    return [[(x, y_center + gap * ((n - 1) / 2 - i)) for i in range(n)] for n, x in zip(sizes, xs)]


def connect(ax, a, b, color=MUTED, lw=1.3, r0=0.0, r1=0.0, head=0, alpha=1.0, z=1):
    """Draw every edge from the nodes `a` to the nodes `b` (arrows if head > 0, stopping at radii r0, r1)."""
    for p in a:
        for q in b:
            if head:
                style.arrow(ax, p, q, color=color, lw=lw, shrink_start=r0, shrink_end=r1 + 1, head=head, z=z,
                            alpha=alpha)
            else:
                ax.plot([p[0], q[0]], [p[1], q[1]], color=color, lw=lw, zorder=z, alpha=alpha,
                        solid_capstyle="round")

"""Figures drawn from their science: networks, activations, convolutions, training curves.

Every figure here is drawn on a canvas measured in the CSS pixels of the slot the slide gives it:
a canvas of `slot` px is a figure `slot / 72` inches wide, so 1 pt of matplotlib is 1 px on the slide
(a 14 pt label reads as 14 px).  Rasters are written at `scale` times the slot width.

The training curves come from a real run: a small NumPy MLP (`_training_run`) trained on a noisy
two-moons data set; it is computed once and reused by loss.png, overfitting.png, accuracy.png and
tensorboard_edward.png.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

import style
from style import BLUE, GREEN, GRID, INK, LIGHT, MUTED, ORANGE, RED, WHITE, figure

# ---------------------------------------------------------------------------------------------
# Theme plumbing (private to this module)
# ---------------------------------------------------------------------------------------------

EXTRA_FONTS = {  # fontsource subsets the latin one lacks, registered under their own family names
    "Ubuntu Greek": ("ubuntu", "greek"),
    "Ubuntu Ext": ("ubuntu", "latin-ext"),
}


def _tint(color: str, amount: float) -> str:
    """`color` mixed with white: amount 0 gives white, 1 gives the colour itself."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = np.array(to_rgb(color))
    return to_hex(1 - amount * (1 - rgb))


def _mix(c1: str, c2: str, t: float) -> str:
    from matplotlib.colors import to_hex, to_rgb

    a, b = np.array(to_rgb(c1)), np.array(to_rgb(c2))
    return to_hex(a + (b - a) * float(np.clip(t, 0, 1)))


@functools.lru_cache(maxsize=None)
def _register_extra_fonts() -> tuple[str, ...]:
    """Ubuntu's greek and latin-ext subsets as TTF families 'Ubuntu Greek' / 'Ubuntu Ext' (for Σ, ℓ, η)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    style.register_fonts()
    cache = style.FONT_CACHE
    cache.mkdir(parents=True, exist_ok=True)
    families = []
    for family, (package, subset) in EXTRA_FONTS.items():
        for weight, slant in ((400, "normal"), (400, "italic"), (700, "normal")):
            src = style.ROOT / "node_modules" / "@fontsource" / package / "files" / f"{package}-{subset}-{weight}-{slant}.woff"
            if not src.exists():
                continue
            dest = cache / f"science-{package}-{subset}-{weight}-{slant}.ttf"
            if not dest.exists():
                font = TTFont(src)
                font.flavor = None
                for rec in font["name"].names:
                    if rec.nameID in (1, 16):
                        rec.string = family
                    elif rec.nameID in (4, 6):
                        rec.string = f"{family} {slant} {weight}".replace(" ", "-" if rec.nameID == 6 else " ")
                font.save(dest)
            font_manager.fontManager.addfont(str(dest))
            families.append(family)
    return tuple(dict.fromkeys(families))


def _rc() -> dict:
    extra = list(_register_extra_fonts())
    return {
        "font.family": ["Ubuntu", *extra, "DejaVu Sans"],   # a list: matplotlib falls back glyph by glyph
        "font.sans-serif": ["Ubuntu", *extra, "DejaVu Sans"],
        "mathtext.fontset": "custom",
        "mathtext.rm": "Ubuntu",
        "mathtext.it": "Ubuntu:italic",
        "mathtext.bf": "Ubuntu:bold",
        "mathtext.sf": "Ubuntu",
        "mathtext.cal": "Ubuntu:italic",
        "mathtext.bfit": "Ubuntu:bold",
        "mathtext.fallback": "stixsans",
        "svg.fonttype": "path",
        "svg.hashsalt": "deck-science",
        "savefig.bbox": "standard",   # canvases are laid out in slot px: keep their exact size
    }


def _fig(path: str, credit: str):
    """`style.figure`, with this module's font/mathtext settings active while the figure is drawn."""

    def wrap(func: Callable[[Path], None]) -> Callable[[Path], None]:
        @functools.wraps(func)
        def make(dest: Path) -> None:
            import matplotlib.pyplot as plt

            style.use_theme()
            with plt.rc_context(_rc()):
                func(dest)
            plt.close("all")

        return figure(path, credit)(make)

    return wrap


def _canvas(width: float, height: float):
    """A figure `width` x `height` CSS px with one borderless axes whose data units are those px."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return fig, ax


def _save_svg(fig, dest: Path) -> None:
    fig.savefig(dest, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=None)


def _save_png(fig, dest: Path, scale: float = 1.5) -> None:
    fig.savefig(dest, format="png", dpi=72 * scale, metadata={"Software": None}, bbox_inches=None)


def _render(fig, scale: float):
    """The figure as a Pillow RGB image at `scale` px per CSS px."""
    from PIL import Image

    fig.set_dpi(72 * scale)
    fig.canvas.draw()
    return Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())


def _save_jpeg(fig, dest: Path, scale: float = 1.5, quality: int = 88) -> None:
    _render(fig, scale).save(dest, "JPEG", quality=quality, optimize=True, subsampling=0)


def _save_gif(frames: Sequence, durations: Sequence[int], dest: Path, colors: int = 96) -> None:
    """An animated GIF with one palette shared by all frames (made from every frame, no dithering)."""
    from PIL import Image

    w, h = frames[0].size
    step = max(1, len(frames) // 24)
    sample = frames[::step]
    sheet = Image.new("RGB", (w, h * len(sample)), "white")
    for i, frame in enumerate(sample):
        sheet.paste(frame, (0, i * h))
    palette = sheet.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    entries = palette.getpalette()[:3 * colors]
    whitest = max(range(colors), key=lambda i: sum(entries[3 * i:3 * i + 3]))
    entries[3 * whitest:3 * whitest + 3] = [255, 255, 255]  # median cut averages: keep the page white
    palette.putpalette(entries)
    out = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    out[0].save(dest, format="GIF", save_all=True, append_images=out[1:], duration=list(durations),
                loop=0, optimize=True, disposal=1)


# ---------------------------------------------------------------------------------------------
# Small drawing vocabulary for diagrams (coordinates in CSS px, y up)
# ---------------------------------------------------------------------------------------------

def _node(ax, x, y, r, fc=WHITE, ec=INK, lw=2.0, label=None, fs=18, color=INK, z=3, **text):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), r, facecolor=fc, edgecolor=ec, linewidth=lw, zorder=z))
    if label is not None:
        ax.text(x, y, label, ha="center", va="center_baseline", fontsize=fs, color=color, zorder=z + 1, **text)


def _arrow(ax, p0, p1, color=INK, lw=1.8, shrink0=0.0, shrink1=0.0, head=9, z=2, style_="-|>", alpha=1.0):
    from matplotlib.patches import FancyArrowPatch

    arrow = FancyArrowPatch(p0, p1, arrowstyle=f"{style_},head_length={head * 0.9:.1f},head_width={head * 0.45:.1f}"
                            if style_ != "-" else "-", mutation_scale=1, color=color, linewidth=lw,
                            shrinkA=shrink0, shrinkB=shrink1, zorder=z, alpha=alpha, joinstyle="miter",
                            capstyle="butt")
    ax.add_patch(arrow)
    return arrow


def _line_point(p0, p1, t):
    return (p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t)


def _label(ax, x, y, s, fs=16, color=INK, ha="center", va="center", box=False, z=6, **kw):
    bbox = dict(boxstyle="round,pad=0.18", facecolor=WHITE, edgecolor="none") if box else None
    return ax.text(x, y, s, fontsize=fs, color=color, ha=ha, va=va, zorder=z, bbox=bbox, **kw)


def _rounded(ax, x, y, w, h, fc=LIGHT, ec="none", lw=1.0, r=10, z=0, ls="-", alpha=1.0):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={r}", facecolor=fc,
                                edgecolor=ec, linewidth=lw, zorder=z, linestyle=ls, alpha=alpha))


def _column(n: int, center: float, gap: float) -> list[float]:
    """y positions of n nodes centred on `center`, top to bottom."""
    return [center + gap * ((n - 1) / 2 - i) for i in range(n)]


def _sigmoid_icon(ax, x, y, size, color=RED, lw=2.2, z=6):
    t = np.linspace(-1, 1, 60)
    ax.plot(x + t * size, y + (1 / (1 + np.exp(-6 * t)) - 0.5) * 1.3 * size, color=color, lw=lw, zorder=z,
            solid_capstyle="round")


# ---------------------------------------------------------------------------------------------
# Neurons and layers
# ---------------------------------------------------------------------------------------------

def _draw_neuron(ax, with_activation: bool) -> None:
    ys = [190, 120, 50]
    x_in = 46 if with_activation else 72
    x_sum = 240 if with_activation else 318
    y_sum = 120
    r_in, r_sum = 24, 40
    for i, y in enumerate(ys, start=1):
        _node(ax, x_in, y, r_in, fc=_tint(BLUE, 0.12), ec=BLUE, lw=2.2, label=f"$x_{i}$", fs=21)
        _arrow(ax, (x_in, y), (x_sum, y_sum), color=INK, lw=1.8, shrink0=r_in + 2, shrink1=r_sum + 3)
        lx, ly = _line_point((x_in, y), (x_sum, y_sum), 0.42)
        _label(ax, lx, ly + (-14 if i == 3 else 13), f"$w_{i}$", fs=20)
    _label(ax, x_in, 14, "inputs", fs=15, color=MUTED)
    # the neuron: a weighted sum plus a bias
    _node(ax, x_sum, y_sum, r_sum, fc=_tint(BLUE, 0.15), ec=BLUE, lw=2.6, label="Σ", fs=34, color=BLUE)
    _rounded(ax, x_sum - 19, 212, 38, 30, fc=WHITE, ec=GREEN, lw=2.0, r=7, z=3)
    _label(ax, x_sum, 227, "$b$", fs=21, color=GREEN)
    _arrow(ax, (x_sum, 212), (x_sum, y_sum + r_sum), color=GREEN, lw=1.8, shrink1=3)
    _label(ax, x_sum, 62, "neuron", fs=15, color=MUTED, va="top")
    if not with_activation:
        x_end = x_sum + 96
        _arrow(ax, (x_sum + r_sum, y_sum), (x_end, y_sum), lw=2.0, shrink0=2)
        _label(ax, x_end + 8, y_sum, r"$f(\mathbf{x}) = \mathbf{W}\cdot\mathbf{x} + b$", fs=22, ha="left")
        _label(ax, x_end + 8, 62, "output", fs=15, color=MUTED, ha="left", va="top")
        return
    x_act, r_act = 372, 34
    _arrow(ax, (x_sum + r_sum, y_sum), (x_act - r_act, y_sum), lw=2.0, shrink0=2, shrink1=3)
    _label(ax, (x_sum + r_sum + x_act - r_act) / 2, y_sum + 15, "$z$", fs=20)
    _node(ax, x_act, y_sum, r_act, fc=_tint(RED, 0.1), ec=RED, lw=2.6)
    _sigmoid_icon(ax, x_act, y_sum, 19, color=RED, lw=2.6)
    _label(ax, x_act, y_sum + r_act + 16, "$g$", fs=22, color=RED)
    _label(ax, x_act, 62, "activation", fs=15, color=MUTED, va="top")
    x_end = x_act + r_act + 44
    _arrow(ax, (x_act + r_act, y_sum), (x_end, y_sum), lw=2.0, shrink0=2)
    _label(ax, x_end + 7, y_sum, r"$y = g(\mathbf{W}\cdot\mathbf{x} + b)$", fs=20, ha="left")
    _label(ax, x_end + 7, 62, "output", fs=15, color=MUTED, ha="left", va="top")


@_fig("img/neuron.svg", credit="Drawn for this deck: a neuron, inputs x1..x3 weighted by w1..w3, summed "
      "with a bias b into f(x) = W.x + b.")
def neuron(dest: Path) -> None:
    fig, ax = _canvas(600, 250)
    _draw_neuron(ax, with_activation=False)
    _save_svg(fig, dest)


@_fig("img/artificial_neuron.svg", credit="Drawn for this deck: the neuron followed by an activation g, "
      "y = g(W.x + b).")
def artificial_neuron(dest: Path) -> None:
    fig, ax = _canvas(600, 250)
    _draw_neuron(ax, with_activation=True)
    _save_svg(fig, dest)


def _layer_positions(sizes: Sequence[int], xs: Sequence[float], y_center: float, gap: float):
    return [[(x, y) for y in _column(n, y_center, gap)] for n, x in zip(sizes, xs)]


def _connect(ax, a, b, color=MUTED, lw=1.3, r0=0.0, r1=0.0, head=0, alpha=1.0, z=1):
    """Draw every edge from the nodes `a` to the nodes `b` (arrows if head > 0)."""
    for p in a:
        for q in b:
            if head:
                _arrow(ax, p, q, color=color, lw=lw, shrink0=r0, shrink1=r1 + 1, head=head, z=z, alpha=alpha)
            else:
                ax.plot([p[0], q[0]], [p[1], q[1]], color=color, lw=lw, zorder=z, alpha=alpha,
                        solid_capstyle="round")


@_fig("img/mlp_bkg.svg", credit="Drawn for this deck: a linear layer, three inputs fully connected to "
      "an array of four neurons.")
def mlp_bkg(dest: Path) -> None:
    fig, ax = _canvas(450, 300)
    x_in, x_n, x_out = 55, 225, 330
    inputs = _layer_positions([3], [x_in], 168, 70)[0]
    neurons = _layer_positions([4], [x_n], 168, 58)[0]
    r_in, r_n = 23, 24
    _rounded(ax, x_n - 42, 50, 84, 240, fc=_tint(BLUE, 0.08), ec=_tint(BLUE, 0.45), lw=1.4, r=16)
    _connect(ax, inputs, neurons, color=INK, lw=1.3, r0=r_in + 1, r1=r_n + 1, head=8, alpha=0.85)
    for i, (x, y) in enumerate(inputs, start=1):
        _node(ax, x, y, r_in, fc=_tint(BLUE, 0.12), ec=BLUE, lw=2.2, label=f"$x_{i}$", fs=20)
    for i, (x, y) in enumerate(neurons, start=1):
        _node(ax, x, y, r_n, fc=_tint(BLUE, 0.2), ec=BLUE, lw=2.4, label="Σ", fs=22, color=BLUE)
        _arrow(ax, (x + r_n, y), (x_out, y), lw=1.8, shrink0=2)
        _label(ax, x_out + 8, y, f"$y_{i}$", fs=21, ha="left")
    _label(ax, x_in, 28, "inputs", fs=16, color=MUTED)
    _label(ax, x_n, 28, "linear layer", fs=16, color=BLUE)
    _label(ax, x_out + 22, 28, "outputs", fs=16, color=MUTED)
    _save_svg(fig, dest)


MLP_COLORS = [(BLUE, "input\nlayer"), (GREEN, "hidden\nlayer 1"), (GREEN, "hidden\nlayer 2"), (ORANGE, "output\nlayer")]


@_fig("img/mlp.jpg", credit="Drawn for this deck in the manner of the cs231n course notes' MLP figure "
      "(cs231n.github.io): 3 inputs, two hidden layers of 4, one output.")
def mlp(dest: Path) -> None:
    fig, ax = _canvas(600, 360)
    xs = [78, 228, 378, 528]
    pos = _layer_positions([3, 4, 4, 1], xs, 220, 66)
    r = 22
    _rounded(ax, 160, 90, 286, 262, fc=_tint(GREEN, 0.07), ec="none", r=18)
    for a, b in zip(pos[:-1], pos[1:]):
        _connect(ax, a, b, color=MUTED, lw=1.6, r0=r, r1=r, head=9, alpha=0.9)
    for layer, (color, name) in zip(pos, MLP_COLORS):
        for x, y in layer:
            _node(ax, x, y, r, fc=_tint(color, 0.18), ec=color, lw=2.6)
        _label(ax, layer[0][0], 50, name, fs=24, color=color, linespacing=1.05, fontweight="bold"
               if False else "normal")
    _save_jpeg(fig, dest, scale=1.5)


DROPOUT_SIZES = [4, 5, 5, 2]
DROPPED = {(0, 1), (1, 0), (1, 3), (2, 1), (2, 4)}


@_fig("img/dropout.png", credit="Drawn for this deck in the manner of Srivastava et al. (2014), JMLR 15, "
      "Fig. 1: (a) a standard net, (b) the same net after dropout.")
def dropout(dest: Path) -> None:
    fig, ax = _canvas(500, 252)
    r = 11
    for panel, x0 in enumerate((8, 262)):
        xs = [x0 + 22 + i * 64 for i in range(4)]
        pos = _layer_positions(DROPOUT_SIZES, xs, 144, 42)
        keep = (lambda l, i: True) if panel == 0 else (lambda l, i: (l, i) not in DROPPED)
        for l in range(3):
            a = [p for i, p in enumerate(pos[l]) if keep(l, i)]
            b = [p for i, p in enumerate(pos[l + 1]) if keep(l + 1, i)]
            _connect(ax, a, b, color=INK, lw=1.1, alpha=0.75)
        for l, layer in enumerate(pos):
            color = BLUE if l == 0 else (ORANGE if l == 3 else GREEN)
            for i, (x, y) in enumerate(layer):
                if keep(l, i):
                    _node(ax, x, y, r, fc=_tint(color, 0.25), ec=color, lw=2.0)
                else:
                    _node(ax, x, y, r, fc=WHITE, ec=GRID, lw=2.0)
                    d = r * 0.95
                    ax.plot([x - d, x + d], [y - d, y + d], color=RED, lw=2.6, zorder=5, solid_capstyle="round")
                    ax.plot([x - d, x + d], [y + d, y - d], color=RED, lw=2.6, zorder=5, solid_capstyle="round")
        title = "(a) Standard neural net" if panel == 0 else "(b) After applying dropout"
        _label(ax, x0 + 22 + 96, 18, title, fs=16)
    ax.plot([250, 250], [45, 240], color=GRID, lw=1.2)
    _save_png(fig, dest, scale=1.5)


# ---------------------------------------------------------------------------------------------
# Activation functions
# ---------------------------------------------------------------------------------------------

def _activations():
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    elu = lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))  # noqa: E731
    return [
        ("sigmoid", sig, lambda x: sig(x) * (1 - sig(x)), (-1.25, 1.25)),
        ("tanh", np.tanh, lambda x: 1 - np.tanh(x) ** 2, (-1.25, 1.25)),
        ("ReLU", lambda x: np.maximum(0, x), lambda x: np.where(x > 0, 1.0, 0.0), (-1.25, 3.25)),
        ("leaky ReLU", lambda x: np.where(x > 0, x, 0.1 * x), lambda x: np.where(x > 0, 1.0, 0.1), (-1.25, 3.25)),
        ("ELU", elu, lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0))), (-1.25, 3.25)),
        ("softplus", lambda x: np.log1p(np.exp(x)), sig, (-1.25, 3.25)),
        ("linear", lambda x: x, lambda x: np.ones_like(x), (-3.25, 3.25)),
        ("binary step", lambda x: np.where(x >= 0, 1.0, 0.0), lambda x: np.zeros_like(x), (-1.25, 1.25)),
    ]


@_fig("img/activation_functions.svg", credit="Drawn for this deck: eight activation functions (blue) and "
      "their derivatives (green), computed with NumPy.")
def activation_functions(dest: Path) -> None:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(750 / 72, 380 / 72))
    fig.subplots_adjust(left=0.015, right=0.985, top=0.92, bottom=0.03, wspace=0.12, hspace=0.28)
    x = np.linspace(-3, 3, 601)
    for ax, (name, f, df, ylim) in zip(axes.flat, _activations()):
        ax.set_xlim(-3.2, 3.2)
        ax.set_ylim(*ylim)
        ax.axhline(0, color=MUTED, lw=1.0, zorder=1)
        ax.axvline(0, color=MUTED, lw=1.0, zorder=1)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_facecolor(_tint(BLUE, 0.04))
        ax.grid(True, color=GRID, lw=0.7)
        ax.set_xticks([-2, -1, 1, 2])
        ax.set_yticks([v for v in (-3, -2, -1, 1, 2, 3) if ylim[0] < v < ylim[1]])
        ax.tick_params(length=0, labelleft=False, labelbottom=False)
        if name == "binary step":
            ax.plot(x[x < 0], f(x[x < 0]), color=BLUE, lw=2.6, zorder=3, solid_capstyle="round")
            ax.plot(x[x >= 0], f(x[x >= 0]), color=BLUE, lw=2.6, zorder=3, solid_capstyle="round")
        else:
            ax.plot(x, f(x), color=BLUE, lw=2.6, zorder=3, solid_capstyle="round")
        d = df(x)
        if name in ("ReLU", "leaky ReLU"):  # the derivative jumps at 0: draw it in two pieces
            ax.plot(x[x < 0], d[x < 0], color=GREEN, lw=2.2, zorder=4, ls=(0, (4, 2)))
            ax.plot(x[x > 0], d[x > 0], color=GREEN, lw=2.2, zorder=4, ls=(0, (4, 2)))
        else:
            ax.plot(x, d, color=GREEN, lw=2.2, zorder=4, ls=(0, (4, 2)))
        ax.set_title(name, fontsize=16, fontweight="bold", color=INK, pad=5)
    _save_svg(fig, dest)


@_fig("img/relu.jpeg", credit="Drawn for this deck: the rectified linear unit f(x) = max(0, x).")
def relu(dest: Path) -> None:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(250 / 72, 215 / 72))
    ax = fig.add_axes((0.06, 0.06, 0.9, 0.8))
    x = np.linspace(-3, 3, 301)
    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-1.2, 3.3)
    for side in ("left", "bottom"):
        ax.spines[side].set_position("zero")
        ax.spines[side].set_color(MUTED)
    ax.set_xticks([-2, 2])
    ax.set_yticks([2])
    ax.tick_params(labelsize=14, length=4, color=MUTED)
    ax.grid(True, color=GRID, lw=0.7)
    ax.plot(x, np.maximum(0, x), color=BLUE, lw=3.4, solid_capstyle="round", zorder=3)
    ax.text(0.5, 1.03, "ReLU", transform=ax.transAxes, fontsize=19, fontweight="bold", ha="center",
            va="bottom")
    ax.text(-2.9, 2.55, r"$f(x) = \max(0, x)$", fontsize=16, color=BLUE, ha="left")
    _save_jpeg(fig, dest, scale=1.6)


# ---------------------------------------------------------------------------------------------
# A real training run (NumPy only), reused by the training-curve figures
# ---------------------------------------------------------------------------------------------

def _two_moons(n: int, noise: float = 0.25, flip: float = 0.1, seed: int = 7):
    """Two interleaved half circles with Gaussian noise and a fraction `flip` of wrong labels."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    t = rng.uniform(0, np.pi, n)
    upper = np.c_[np.cos(t), np.sin(t)]
    lower = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]
    X = np.where(y[:, None] == 0, upper, lower) + rng.normal(0, noise, (n, 2))
    flipped = rng.uniform(0, 1, n) < flip
    return X, np.where(flipped, 1 - y, y).astype(float)


@functools.lru_cache(maxsize=None)
def _training_run(hidden: tuple[int, ...] = (128, 128), epochs: int = 250, lr: float = 2e-3,
                  batch: int = 16, n: int = 240, seed: int = 0) -> dict[str, np.ndarray]:
    """Train a ReLU MLP with a sigmoid output (binary cross-entropy, Adam) like Keras' `fit` with
    `validation_split=0.3`: the last 30 % of the data validate. Returns Keras-style history arrays
    (loss/acc averaged over the epoch's batches, val_loss/val_acc at the end of each epoch)."""
    X, y = _two_moons(n)
    n_train = int(round(0.7 * n))
    X_tr, y_tr, X_va, y_va = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    rng = np.random.default_rng(seed)
    sizes = [2, *hidden, 1]
    Ws = [rng.normal(0, np.sqrt(2 / a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(b) for b in sizes[1:]]
    params = Ws + bs
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]

    def forward(xb):
        acts = [xb]
        for i, (W, b) in enumerate(zip(Ws, bs)):
            z = acts[-1] @ W + b
            acts.append(np.maximum(z, 0) if i < len(Ws) - 1 else 1 / (1 + np.exp(-z)))
        return acts

    def bce(p, t):
        p = np.clip(p, 1e-7, 1 - 1e-7)
        return float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))

    hist: dict[str, list[float]] = {k: [] for k in ("loss", "val_loss", "acc", "val_acc")}
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n_train)
        loss_sum = hits = 0.0
        for start in range(0, n_train, batch):
            idx = order[start:start + batch]
            xb, yb = X_tr[idx], y_tr[idx]
            acts = forward(xb)
            p = acts[-1][:, 0]
            loss_sum += bce(p, yb) * len(idx)
            hits += np.sum((p > 0.5) == (yb > 0.5))
            delta = (p - yb)[:, None] / len(idx)
            gW, gb = [None] * len(Ws), [None] * len(Ws)
            for i in range(len(Ws) - 1, -1, -1):
                gW[i] = acts[i].T @ delta
                gb[i] = delta.sum(0)
                if i:
                    delta = (delta @ Ws[i].T) * (acts[i] > 0)
            step += 1
            for j, (param, grad) in enumerate(zip(params, gW + gb)):
                m1[j] = 0.9 * m1[j] + 0.1 * grad
                m2[j] = 0.999 * m2[j] + 0.001 * grad * grad
                param -= lr * (m1[j] / (1 - 0.9 ** step)) / (np.sqrt(m2[j] / (1 - 0.999 ** step)) + 1e-8)
        p_va = forward(X_va)[-1][:, 0]
        hist["loss"].append(loss_sum / n_train)
        hist["acc"].append(hits / n_train)
        hist["val_loss"].append(bce(p_va, y_va))
        hist["val_acc"].append(float(np.mean((p_va > 0.5) == (y_va > 0.5))))
    return {k: np.array(v) for k, v in hist.items()}


def _curves_axes(width: float, height: float):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0.13, 0.16, 0.82, 0.8))
    return fig, ax


def _plot_history(ax, a, b, label_a="training", label_b="validation"):
    epochs = np.arange(1, len(a) + 1)
    ax.plot(epochs, a, color=BLUE, lw=2.2, label=label_a)
    ax.plot(epochs, b, color=RED, lw=2.2, label=label_b)
    ax.set_xlim(0, len(a) + 1)
    ax.tick_params(labelsize=14)


@_fig("img/loss.png", credit="Drawn for this deck from a real run: a NumPy MLP (2-128-128-1) on noisy "
      "two-moons data, 30 % held out for validation; training and validation loss per epoch.")
def loss(dest: Path) -> None:
    h = _training_run()
    fig, ax = _curves_axes(500, 300)
    _plot_history(ax, h["loss"], h["val_loss"])
    ax.set_xlabel("epochs", fontsize=16)
    ax.set_ylabel("loss", fontsize=16)
    ax.legend(fontsize=15, loc="upper right")
    _save_png(fig, dest, scale=1.5)


@_fig("img/overfitting.png", credit="Drawn for this deck from the same NumPy training run as loss.png: "
      "the sweet spot is the epoch of minimum validation loss, overfitting comes after it.")
def overfitting(dest: Path) -> None:
    h = _training_run()
    fig, ax = _curves_axes(550, 320)
    _plot_history(ax, h["loss"], h["val_loss"])
    best = int(np.argmin(h["val_loss"])) + 1
    top = max(h["loss"].max(), h["val_loss"].max()) * 1.08
    bottom = min(h["loss"].min(), h["val_loss"].min()) * 0.8
    ax.set_ylim(bottom, top)
    ax.axvspan(best, len(h["loss"]) + 1, color=RED, alpha=0.09, lw=0, zorder=0)
    ax.axvline(best, color=GREEN, lw=2.2, ls=(0, (5, 3)), zorder=1)
    ax.plot([best], [h["val_loss"][best - 1]], "o", ms=11, color=GREEN, mec=WHITE, mew=2, zorder=5)
    ax.text(best - 4, top * 0.97, "sweet spot", color=GREEN, fontsize=17, fontweight="bold", ha="right",
            va="top")
    ax.text(best - 4, top * 0.97 - (top - bottom) * 0.09, f"epoch {best}", color=GREEN, fontsize=14,
            ha="right", va="top")
    ax.text((best + len(h["loss"])) / 2, top * 0.97, "overfitting", color=RED, fontsize=17,
            fontweight="bold", ha="center", va="top")
    ax.set_xlabel("epochs", fontsize=16)
    ax.set_ylabel("loss", fontsize=16)
    ax.legend(fontsize=15, loc="lower left")
    _save_png(fig, dest, scale=1.5)


@_fig("img/accuracy.png", credit="Drawn for this deck from the same NumPy training run as loss.png: "
      "training and validation accuracy per epoch.")
def accuracy(dest: Path) -> None:
    h = _training_run()
    fig, ax = _curves_axes(450, 290)
    _plot_history(ax, h["acc"], h["val_acc"])
    ax.set_ylim(0.65, 0.95)
    ax.set_xlabel("epochs", fontsize=16)
    ax.set_ylabel("accuracy", fontsize=16)
    ax.legend(fontsize=15, loc="lower right")
    fig.axes[0].set_position((0.15, 0.17, 0.8, 0.79))
    _save_png(fig, dest, scale=1.5)


def _smooth(values: np.ndarray, weight: float = 0.6) -> np.ndarray:
    """TensorBoard's scalar smoothing: a debiased exponential moving average."""
    out, last = [], 0.0
    for i, v in enumerate(values, start=1):
        last = last * weight + (1 - weight) * v
        out.append(last / (1 - weight ** i))
    return np.array(out)


@_fig("img/tensorboard_edward.png", credit="Drawn for this deck: a TensorBoard-like scalars dashboard "
      "showing the NumPy training run of loss.png (two model sizes), a stand-in for the screenshot of the "
      "Edward TensorBoard tutorial (edwardlib.org/tutorials/tensorboard); not a screenshot.")
def tensorboard_edward(dest: Path) -> None:
    from matplotlib.patches import Circle

    W, H = 770, 470
    fig, ax = _canvas(W, H)
    runs = [("mlp_128x128", _training_run(), ORANGE), ("mlp_16", _training_run(hidden=(16,)), BLUE)]
    # header bar
    ax.add_patch(_rect(0, H - 46, W, 46, INK))
    _label(ax, 18, H - 23, "TensorBoard", fs=19, color=WHITE, ha="left", fontweight="bold")
    x = 168
    for i, tab in enumerate(["SCALARS", "GRAPHS", "DISTRIBUTIONS", "HISTOGRAMS"]):
        t = _label(ax, x, H - 23, tab, fs=14, color=WHITE if i == 0 else _tint(WHITE, 0) if False else "#b8bdc9",
                   ha="left")
        tw = _text_width(fig, t)
        if i == 0:
            ax.add_patch(_rect(x, H - 46, tw, 3.5, ORANGE))
        x += tw + 22
    for k, cx in enumerate((W - 70, W - 44, W - 18)):
        ax.add_patch(Circle((cx, H - 23), 7.5, facecolor="none", edgecolor="#b8bdc9", lw=1.6))
    # sidebar
    side = 212
    ax.add_patch(_rect(0, 0, side, H - 46, LIGHT))
    ax.plot([side, side], [0, H - 46], color=GRID, lw=1.2)
    y = H - 76
    _checkbox(ax, 16, y, False)
    _label(ax, 36, y, "Show data download links", fs=13.5, ha="left")
    y -= 28
    _checkbox(ax, 16, y, True, color=MUTED)
    _label(ax, 36, y, "Ignore outliers in chart", fs=13.5, ha="left")
    y -= 40
    _label(ax, 12, y, "Smoothing", fs=14, ha="left", fontweight="bold")
    y -= 26
    ax.plot([16, 136], [y, y], color=GRID, lw=4, solid_capstyle="round")
    ax.plot([16, 84], [y, y], color=ORANGE, lw=4, solid_capstyle="round")
    ax.add_patch(Circle((84, y), 7, facecolor=ORANGE, edgecolor=WHITE, lw=1.5, zorder=4))
    _rounded(ax, 152, y - 11, 44, 22, fc=WHITE, ec=GRID, lw=1.2, r=3, z=2)
    _label(ax, 174, y, "0.6", fs=14)
    y -= 40
    _label(ax, 12, y, "Horizontal Axis", fs=14, ha="left", fontweight="bold")
    y -= 24
    for label_, on, xx in (("STEP", True, 14), ("RELATIVE", False, 74), ("WALL", False, 155)):
        ax.add_patch(Circle((xx + 5, y), 5.5, facecolor=ORANGE if on else WHITE,
                            edgecolor=ORANGE if on else MUTED, lw=1.4))
        _label(ax, xx + 15, y, label_, fs=12.5, ha="left", color=INK)
    y -= 40
    _label(ax, 12, y, "Runs", fs=14, ha="left", fontweight="bold")
    y -= 28
    _rounded(ax, 12, y - 12, side - 24, 24, fc=WHITE, ec=GRID, lw=1.2, r=3, z=2)
    _label(ax, 20, y, "Write a regex to filter runs", fs=12.5, ha="left", color=MUTED)
    y -= 32
    for name, _, color in runs:
        _checkbox(ax, 16, y, True, color=color)
        _label(ax, 36, y, name, fs=14, ha="left", family=style.MONO_FAMILY)
        y -= 26
    _label(ax, 12, 16, "TOGGLE ALL RUNS", fs=12.5, ha="left", color=ORANGE)
    # scalar cards
    cards = [("loss", "loss"), ("val_loss", "val_loss"), ("acc", "acc"), ("val_acc", "val_acc")]
    x0, y0, gap = side + 14, 12, 12
    cw, ch = (W - x0 - 12 - gap) / 2, (H - 46 - 14 - y0 - gap) / 2
    for k, (title, key) in enumerate(cards):
        cx = x0 + (k % 2) * (cw + gap)
        cy = y0 + (1 - k // 2) * (ch + gap)
        _rounded(ax, cx + 1.5, cy - 1.5, cw, ch, fc=GRID, r=4, z=1)
        _rounded(ax, cx, cy, cw, ch, fc=WHITE, ec=GRID, lw=1.0, r=4, z=2)
        _label(ax, cx + 12, cy + ch - 16, title, fs=15, ha="left", fontweight="bold", family=style.MONO_FAMILY)
        inset = fig.add_axes(((cx + 44) / W, (cy + 26) / H, (cw - 58) / W, (ch - 62) / H))
        for name, h, color in runs:
            steps = np.arange(len(h[key]))
            inset.plot(steps, h[key], color=color, lw=1.0, alpha=0.28)
            inset.plot(steps, _smooth(h[key]), color=color, lw=1.9)
        inset.set_xlim(0, len(runs[0][1][key]))
        inset.tick_params(labelsize=12, length=0, pad=3)
        inset.spines["left"].set_visible(False)
        inset.spines["bottom"].set_color(GRID)
        inset.grid(True, color=GRID, lw=0.6)
        inset.set_xticks([0, 100, 200])
        inset.locator_params(axis="y", nbins=4)
        inset.set_zorder(3)
    _save_png(fig, dest, scale=1.5)


def _rect(x, y, w, h, fc, ec="none", lw=0.0, z=1):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=fc, edgecolor=ec, linewidth=lw, zorder=z)


def _checkbox(ax, x, y, on: bool, color=ORANGE):
    _rounded(ax, x - 1, y - 7, 14, 14, fc=color if on else WHITE, ec=color if on else MUTED, lw=1.4, r=2, z=3)
    if on:
        ax.plot([x + 2, x + 5, x + 10], [y, y - 3.5, y + 3.5], color=WHITE, lw=1.8, zorder=4,
                solid_capstyle="round", solid_joinstyle="round")


def _text_width(fig, text) -> float:
    """Width of a text artist in CSS px (the canvas unit)."""
    renderer = fig.canvas.get_renderer()
    return text.get_window_extent(renderer).width * 72 / fig.dpi


# ---------------------------------------------------------------------------------------------
# Convolutions and pooling
# ---------------------------------------------------------------------------------------------

DEPTH_DIR = (math.cos(math.radians(38)) * 0.72, math.sin(math.radians(38)) * 0.72)


def _oblique(x, y, z):
    """A point of a 3-D box drawing (x right, y up, z away from the viewer) on the 2-D canvas."""
    return (x + z * DEPTH_DIR[0], y + z * DEPTH_DIR[1])


def _box3d(ax, x, y, z, w, h, d, color, fill=0.22, lw=1.4, z_order=2, alpha=1.0, slices=0, ec=None):
    """A box whose front face is (x, y, w, h) at depth z, `d` deep; front, top and right faces shaded."""
    from matplotlib.patches import Polygon

    ec = ec or color
    P = _oblique
    faces = [
        ([P(x, y + h, z), P(x + w, y + h, z), P(x + w, y + h, z + d), P(x, y + h, z + d)], fill * 0.55),  # top
        ([P(x + w, y, z), P(x + w, y, z + d), P(x + w, y + h, z + d), P(x + w, y + h, z)], fill * 1.55),  # right
        ([P(x, y, z), P(x + w, y, z), P(x + w, y + h, z), P(x, y + h, z)], fill),  # front
    ]
    for pts, amount in faces:
        ax.add_patch(Polygon(pts, closed=True, facecolor=_tint(color, min(amount, 1.0)), edgecolor=ec,
                             linewidth=lw, zorder=z_order, alpha=alpha, joinstyle="round"))
    for k in range(1, slices):
        zz = z + d * k / slices
        ax.plot(*zip(P(x, y + h, zz), P(x + w, y + h, zz), P(x + w, y, zz)), color=ec, lw=0.6,
                alpha=0.55 * alpha, zorder=z_order + 0.1)


CNN_STAGES = [  # (top label, size label, spatial, channels, kind) -- agrees with the talk's SOLUTION slides
    ("input", "32×32×1", 32, 1, "input"),
    ("conv 5×5\n10 filters", "28×28×10", 28, 10, "conv"),
    ("max pool\n2×2", "14×14×10", 14, 10, "pool"),
    ("conv 5×5\n25 filters", "10×10×25", 10, 25, "conv"),
    ("max pool\n2×2", "5×5×25", 5, 25, "pool"),
    ("conv 4×4\n100 filters", "2×2×100", 2, 100, "conv"),
    ("max pool\n2×2", "1×1×100", 1, 100, "pool"),
    ("dense\n10", "10", 0, 10, "dense"),
]
KIND_COLOR = {"input": MUTED, "conv": BLUE, "pool": GREEN, "dense": ORANGE}


@_fig("img/cnn_overview2.png", credit="Drawn for this deck: the exercise's CNN, 32×32×1 input, conv 5×5×10, "
      "max pool, conv 5×5×25, max pool, conv 4×4×100, max pool, dense 10 (shapes as in the talk's solution).")
def cnn_overview2(dest: Path) -> None:
    W, H = 800, 238
    fig, ax = _canvas(W, H)
    yc = 116
    shapes = []
    for _, _, n, c, kind in CNN_STAGES:
        if kind == "dense":
            shapes.append((14, 12 * 10, 0.0))
        else:
            side = 12 + 3.0 * n
            shapes.append((side, side, 3 + 3.6 * math.sqrt(c)))
    totals = [w + d * DEPTH_DIR[0] for w, _, d in shapes]
    cols = [max(t + 26, 84) for t in totals]
    scale = (W - 8) / sum(cols)
    cols = [c * scale for c in cols]
    x = 4
    spans = []
    for (top, size, n, c, kind), (w, h, d), total, col in zip(CNN_STAGES, shapes, totals, cols):
        cx = x + col / 2
        bx = cx - total / 2
        color = KIND_COLOR[kind]
        by = yc - h / 2 - d * DEPTH_DIR[1] / 2
        if kind == "dense":
            for i in range(10):
                ax.add_patch(_rect(bx, by + i * 12, 14, 12, _tint(color, 0.3), ec=color, lw=1.3, z=2))
        else:
            _box3d(ax, bx, by, 0, w, h, d, color, fill=0.2 if kind != "input" else 0.12, lw=1.4,
                   slices=min(c, 12) if c > 1 else 0)
        spans.append((bx, bx + total, by))
        _label(ax, cx, H - 6, top, fs=16, color=color if kind != "input" else INK, va="top",
               linespacing=1.05, fontweight="bold" if kind != "input" else "normal")
        _label(ax, cx, 16, size, fs=16, color=INK)
        x += col
    for (a0, a1, _), (b0, _, _) in zip(spans[:-1], spans[1:]):
        _arrow(ax, (a1 + 3, yc), (b0 - 3, yc), color=INK, lw=1.6, head=8)
    _save_png(fig, dest, scale=1.5)


@_fig("img/maxpool.jpeg", credit="Drawn for this deck in the manner of the cs231n course notes' max-pooling "
      "figure (cs231n.github.io), with new numbers.")
def maxpool(dest: Path) -> None:
    W, H = 600, 310
    fig, ax = _canvas(W, H)
    grid = np.array([[3, 1, 2, 4], [5, 8, 0, 1], [2, 6, 7, 3], [1, 4, 9, 2]])
    quad_colors = [[RED, GREEN], [BLUE, ORANGE]]
    c = 56
    x0, y0 = 44, 22
    for r in range(4):
        for k in range(4):
            color = quad_colors[r // 2][k // 2]
            x, y = x0 + k * c, y0 + (3 - r) * c
            block = grid[r // 2 * 2:r // 2 * 2 + 2, k // 2 * 2:k // 2 * 2 + 2]
            is_max = grid[r, k] == block.max()
            ax.add_patch(_rect(x, y, c, c, _tint(color, 0.42 if is_max else 0.2), ec=WHITE, lw=2.5, z=2))
            _label(ax, x + c / 2, y + c / 2, str(grid[r, k]), fs=26, color=INK,
                   fontweight="bold" if is_max else "normal")
    # axes of the depth slice
    _arrow(ax, (x0 - 14, y0 + 4 * c), (x0 - 14, y0 - 4), color=MUTED, lw=1.6, head=8)
    _label(ax, x0 - 26, y0 + 10, "y", fs=20, color=MUTED, style="italic")
    _arrow(ax, (x0, y0 + 4 * c + 14), (x0 + 4 * c + 4, y0 + 4 * c + 14), color=MUTED, lw=1.6, head=8)
    _label(ax, x0 + 4 * c - 6, y0 + 4 * c + 30, "x", fs=20, color=MUTED, style="italic")
    _label(ax, x0 + 2 * c, H - 14, "single depth slice", fs=20, color=MUTED)
    # the operation
    xa0, xa1 = x0 + 4 * c + 22, 438
    _arrow(ax, (xa0, y0 + 2 * c), (xa1, y0 + 2 * c), color=INK, lw=2.4, head=13)
    _label(ax, (xa0 + xa1) / 2, y0 + 2 * c + 38, "max pool with\n2×2 filters\nand stride 2", fs=20,
           linespacing=1.1)
    # the result
    rx, ry = 456, y0 + c
    for r in range(2):
        for k in range(2):
            block = grid[r * 2:r * 2 + 2, k * 2:k * 2 + 2]
            x, y = rx + k * c, ry + (1 - r) * c
            ax.add_patch(_rect(x, y, c, c, _tint(quad_colors[r][k], 0.42), ec=WHITE, lw=2.5, z=2))
            _label(ax, x + c / 2, y + c / 2, str(block.max()), fs=26, fontweight="bold")
    _save_jpeg(fig, dest, scale=1.5)


@_fig("img/convlayer2.jpg", credit="Drawn for this deck in the manner of the cs231n course notes' "
      "convolutional-layer figure (cs231n.github.io): a 32×32×3 input, a 3×3×3 kernel, 15 feature maps.")
def convlayer2(dest: Path) -> None:
    W, H = 300, 235
    fig, ax = _canvas(W, H)
    # input volume 32x32x3
    s_in, d_in = 104, 14
    ix, iy = 10, 72
    _box3d(ax, ix, iy, 0, s_in, s_in, d_in, BLUE, fill=0.16, lw=1.4)
    # kernel: 3x3x3 receptive field (drawn a little larger than scale, as usual)
    k = 24
    kx, ky = ix + 50, iy + s_in - k
    _box3d(ax, kx, ky, 0, k, k, d_in, RED, fill=0.45, lw=1.6, z_order=4)
    # output: 15 feature maps of 30x30
    s_out, d_out = 96, 44
    ox, oy = 172, 62
    _box3d(ax, ox, oy, 0, s_out, s_out, d_out, GREEN, fill=0.18, lw=1.4, slices=15, z_order=2)
    cx, cy = ox + 48, oy + s_out - 7
    col = 7
    _box3d(ax, cx, cy, 0, col, col, d_out, RED, fill=0.8, lw=1.2, z_order=5)
    for px, py in ((kx + k, ky + k), (kx + k, ky), (kx, ky + k)):
        qx, qy = (cx + (col if px > kx else 0), cy + (col if py > ky else 0))
        ax.plot([px, qx], [py, qy], color=RED, lw=1.2, zorder=6, alpha=0.9)
    ax.plot([kx, cx], [ky, cy], color=RED, lw=1.2, zorder=6, alpha=0.9)
    _label(ax, ix + s_in / 2, 48, "input\n32×32×3", fs=15, color=BLUE, va="center", linespacing=1.05)
    _label(ax, ox + s_out / 2 + 10, 40, "output\n30×30×15", fs=15, color=GREEN, va="center", linespacing=1.05)
    _label(ax, kx + k / 2 + 8, H - 14, "3×3×3 kernel", fs=15, color=RED)
    _save_jpeg(fig, dest, scale=1.5)


def _frame(draw: Callable, width: float, height: float, scale: float):
    """Render one animation frame: `draw(ax)` on a fresh canvas, returned as a Pillow image."""
    import matplotlib.pyplot as plt

    fig, ax = _canvas(width, height)
    draw(ax)
    image = _render(fig, scale)
    plt.close(fig)
    return image


def _conv_frames(n: int, pad: int, k: int, stride: int, title: str, width: float = 350, height: float = 330):
    """Frames of a 2-D convolution in the manner of Dumoulin & Visin's animations: the input (blue, padding
    dashed) at the bottom, the kernel's footprint shaded, the output (green) above, one frame per output."""
    from matplotlib.patches import Polygon

    N = n + 2 * pad
    n_out = (N - k) // stride + 1
    c = 33.0
    shear, squash = 0.36, 0.46
    x_in = (width - N * c * (1 + shear)) / 2 - 4
    y_in, z_out = 34.0, 150.0
    x_out = x_in + (N - n_out) * c / 2 * (1 + shear)  # centre the output over the input
    y_out = y_in + (N - n_out) * c / 2 * squash + z_out

    def corner(x0, y0, u, v):
        return (x0 + u * c + v * c * shear, y0 + v * c * squash)

    def cell(ax, x0, y0, u, v, fc, ec, lw=1.2, ls="-", z=2, alpha=1.0):
        pts = [corner(x0, y0, u, v), corner(x0, y0, u + 1, v), corner(x0, y0, u + 1, v + 1), corner(x0, y0, u, v + 1)]
        ax.add_patch(Polygon(pts, closed=True, facecolor=fc, edgecolor=ec, linewidth=lw, linestyle=ls, zorder=z,
                             alpha=alpha))

    frames = []
    positions = [(r, q) for r in range(n_out) for q in range(n_out)]
    for step, (r, q) in enumerate(positions):
        def draw(ax, r=r, q=q, step=step):
            rows = range(r * stride, r * stride + k)  # from the top (back) of the input
            cols = range(q * stride, q * stride + k)
            for i in range(N):          # i: row from the top
                for j in range(N):
                    v = N - 1 - i
                    padded = i < pad or j < pad or i >= N - pad or j >= N - pad
                    inside = i in rows and j in cols
                    if padded:
                        fc = _tint(BLUE, 0.28) if inside else WHITE
                        cell(ax, x_in, y_in, j, v, fc, _tint(BLUE, 0.55), lw=1.1, ls=(0, (3, 2)))
                    else:
                        cell(ax, x_in, y_in, j, v, _tint(BLUE, 0.62 if inside else 0.2), BLUE, lw=1.2)
            # the kernel's footprint, outlined, and its lines up to the output cell
            v0, v1 = N - rows[-1] - 1, N - rows[0]
            foot = [corner(x_in, y_in, cols[0], v0), corner(x_in, y_in, cols[-1] + 1, v0),
                    corner(x_in, y_in, cols[-1] + 1, v1), corner(x_in, y_in, cols[0], v1)]
            ax.add_patch(Polygon(foot, closed=True, facecolor="none", edgecolor=INK, linewidth=2.0, zorder=3))
            vo = n_out - 1 - r
            target = [corner(x_out, y_out, q, vo), corner(x_out, y_out, q + 1, vo),
                      corner(x_out, y_out, q + 1, vo + 1), corner(x_out, y_out, q, vo + 1)]
            for a, b in zip(foot, target):
                ax.plot([a[0], b[0]], [a[1], b[1]], color=INK, lw=1.0, alpha=0.65, zorder=4)
            for i in range(n_out):
                for j in range(n_out):
                    idx = i * n_out + j
                    if idx < step:
                        fc, ec = _tint(GREEN, 0.35), GREEN
                    elif idx == step:
                        fc, ec = GREEN, _mix(GREEN, INK, 0.3)
                    else:
                        fc, ec = _tint(GREEN, 0.06), _tint(GREEN, 0.5)
                    cell(ax, x_out, y_out, j, n_out - 1 - i, fc, ec, lw=1.3, z=5, alpha=0.95)
            _label(ax, 8, height - 10, title, fs=15, color=INK, ha="left", va="top", fontweight="bold")
            _label(ax, 8, height - 31, f"output {n_out}×{n_out}", fs=14, color=GREEN, ha="left", va="top")
            _label(ax, width - 8, 12, f"input {n}×{n}" + (f", padding {pad}" if pad else ""), fs=14,
                   color=BLUE, ha="right", va="bottom")
        frames.append(_frame(draw, width, height, 1.5))
    return frames


@_fig("img/convolution_gifs/full_padding_no_strides_transposed.gif", credit="Drawn for this deck in the "
      "manner of Dumoulin & Visin's convolution arithmetic animations (arXiv:1603.07285, "
      "github.com/vdumoulin/conv_arithmetic): a 3×3 kernel over a 7×7 input, no padding, no strides, 5×5 output.")
def conv_no_strides_no_padding(dest: Path) -> None:
    frames = _conv_frames(n=7, pad=0, k=3, stride=1, title="3×3 kernel, stride 1")
    _save_gif(frames, [320] * (len(frames) - 1) + [1400], dest, colors=48)


@_fig("img/convolution_gifs/padding_strides.gif", credit="Drawn for this deck in the manner of Dumoulin & "
      "Visin's convolution arithmetic animations (arXiv:1603.07285, github.com/vdumoulin/conv_arithmetic): "
      "a 3×3 kernel over a 5×5 input with 'same' padding and strides 2, 3×3 output.")
def conv_padding_strides(dest: Path) -> None:
    frames = _conv_frames(n=5, pad=1, k=3, stride=2, title="3×3 kernel, stride 2")
    _save_gif(frames, [600] * (len(frames) - 1) + [1500], dest, colors=48)


# ---------------------------------------------------------------------------------------------
# Animated networks: feed-forward pass, backpropagation, WaveNet
# ---------------------------------------------------------------------------------------------

def _value_color(v: float, pos=BLUE, neg=ORANGE) -> str:
    return _tint(pos if v >= 0 else neg, 0.12 + 0.78 * min(abs(v), 1.0))


def _draw_net_state(ax, pos, r, weights, *, values=None, base_alpha=0.35, active=None, pulse=None,
                    edge_override=None, ring=None, fs=14, width_scale=2.4, show_values=True):
    """One state of an animated network.  `values[l]` are the shown node values (None: not computed);
    `active` a transition whose edges are emphasised; `pulse` = (layer, t, color, backwards) dots on edges;
    `edge_override[l]` = (color, widths) replaces a transition's look (e.g. gradients in red)."""
    from matplotlib.patches import Circle

    for l, W in enumerate(weights):
        for i, p in enumerate(pos[l]):
            for j, q in enumerate(pos[l + 1]):
                w = W[i, j]
                color = BLUE if w >= 0 else ORANGE
                lw = 0.6 + width_scale * min(abs(w), 1.5) / 1.5
                alpha = 0.85 if active == l else base_alpha
                if edge_override and l in edge_override:
                    color, widths = edge_override[l]
                    lw = widths[i, j]
                    alpha = 0.9
                ax.plot([p[0], q[0]], [p[1], q[1]], color=color, lw=lw, alpha=alpha, zorder=1,
                        solid_capstyle="round")
                if pulse and pulse[0] == l:
                    _, t, pcolor, backwards = pulse
                    tt = 1 - t if backwards else t
                    x, y = _line_point(p, q, tt)
                    ax.add_patch(Circle((x, y), 4.2, facecolor=pcolor, edgecolor=WHITE, lw=0.8, zorder=2))
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            v = None if values is None or values[l] is None else values[l][i]
            fc = WHITE if v is None else _value_color(v)
            ec = MUTED if v is None else (BLUE if v >= 0 else ORANGE)
            if ring and (l, i) in ring:
                ec = ring[(l, i)]
            _node(ax, x, y, r, fc=fc, ec=ec, lw=2.2 if not ring or (l, i) not in ring else 3.2)
            if v is not None and show_values:
                dark = abs(v) > 0.55
                ax.text(x, y, f"{v:.1f}".replace("-", "−"), ha="center", va="center_baseline", fontsize=fs,
                        color=WHITE if dark else INK, zorder=5)


def _small_net(sizes, seed, x, acts):
    """Weights and a forward pass of a small network (tanh hidden layers, `acts` per layer)."""
    rng = np.random.default_rng(seed)
    Ws = [rng.normal(0, 1.0, (a, b)) / math.sqrt(a) * 1.6 for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [rng.normal(0, 0.2, b) for b in sizes[1:]]
    values, zs = [np.array(x, dtype=float)], []
    for W, b, g in zip(Ws, bs, acts):
        z = values[-1] @ W + b
        zs.append(z)
        values.append(g(z))
    return Ws, bs, zs, values


@_fig("img/feedforwardnn.gif", credit="Drawn for this deck in the manner of Alexander Chekunkov's "
      "feed-forward animation (his machine-learning talk slides): a real forward pass through a 3-4-4-2 "
      "tanh network, values computed with NumPy.")
def feedforwardnn(dest: Path) -> None:
    W_, H_ = 400, 270
    sizes = [3, 4, 4, 2]
    Ws, _, _, values = _small_net(sizes, seed=3, x=[0.9, -0.5, 0.3], acts=[np.tanh] * 3)
    pos = _layer_positions(sizes, [40, 147, 254, 361], 142, 58)
    r = 20
    names = ["input", "hidden 1", "hidden 2", "output"]

    def base(ax, shown, **kw):
        vals = [values[l] if l < shown else None for l in range(len(sizes))]
        _draw_net_state(ax, pos, r, Ws, values=vals, **kw)
        for l, name in enumerate(names):
            _label(ax, pos[l][0][0], 12, name, fs=14, color=INK if l < shown else MUTED)

    frames, durations = [], []

    def add(duration, shown, **kw):
        frames.append(_frame(lambda ax: base(ax, shown, **kw), W_, H_, 1.5))
        durations.append(duration)

    add(600, 0)
    add(700, 1)
    for l in range(3):
        for t in np.linspace(0.1, 0.9, 8):
            add(70, l + 1, active=l, pulse=(l, t, BLUE if l < 2 else GREEN, False))
        add(650, l + 2)
    durations[-1] = 2200
    _save_gif(frames, durations, dest, colors=96)


@_fig("img/backpropagation.gif", credit="Drawn for this deck in the manner of Alexander Chekunkov's "
      "backpropagation animation (his machine-learning talk slides): a real forward pass, squared-error loss, "
      "gradients flowing back and the weight update of a 2-3-3-1 network, computed with NumPy.")
def backpropagation(dest: Path) -> None:
    from matplotlib.patches import Circle

    W_, H_ = 800, 400
    sizes = [2, 3, 3, 1]
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    x, y_t, eta = [0.8, -0.6], 1.0, 1.5
    Ws, bs, zs, values = _small_net(sizes, seed=11, x=x, acts=[np.tanh, np.tanh, sig])
    y = values[-1][0]
    loss0 = 0.5 * (y - y_t) ** 2
    # backward pass
    deltas = [None] * 3
    deltas[2] = np.array([(y - y_t) * y * (1 - y)])
    for l in (1, 0):
        deltas[l] = (deltas[l + 1] @ Ws[l + 1].T) * (1 - values[l + 1] ** 2)
    grads = [np.outer(values[l], deltas[l]) for l in range(3)]
    new_Ws = [W - eta * g for W, g in zip(Ws, grads)]
    new_bs = [b - eta * d for b, d in zip(bs, deltas)]
    v = np.array(x)
    for W, b, g in zip(new_Ws, new_bs, [np.tanh, np.tanh, sig]):
        v = g(v @ W + b)
    loss1 = 0.5 * (v[0] - y_t) ** 2
    gmax = max(np.abs(g).max() for g in grads)
    grad_widths = [0.8 + 5.0 * np.abs(g) / gmax for g in grads]

    xs = [70, 215, 360, 505]
    pos = _layer_positions(sizes, xs, 170, 84)
    r = 26
    loss_xy = (655, 170)
    steps = ["1  forward pass", "2  loss", "3  backward pass", "4  update weights"]
    captions = [
        "propagate the input x through the network",
        r"compare the output $y$ with the target $y_t$:   $\ell = \frac{1}{2}\,(y - y_t)^2$",
        "chain rule: gradients ∂ℓ/∂w flow back, layer by layer",
        "gradient descent:  w ← w − η ∂ℓ/∂w",
    ]

    def scene(ax, phase, shown, weights=Ws, loss_on=False, loss_text=None, **kw):
        for k, name in enumerate(steps):
            x0 = 18 + k * 192
            on = k == phase
            color = RED if k >= 2 else BLUE
            _rounded(ax, x0, H_ - 44, 180, 32, fc=color if on else WHITE, ec=color if on else GRID, lw=1.5,
                     r=16, z=2)
            _label(ax, x0 + 90, H_ - 28, name, fs=16, color=WHITE if on else MUTED,
                   fontweight="bold" if on else "normal")
        _label(ax, 20, H_ - 72, captions[phase], fs=18, ha="left", color=INK)
        vals = [values[l] if l < shown else None for l in range(4)]
        _draw_net_state(ax, pos, r, weights, values=vals, fs=15, width_scale=3.2, **kw)
        for l, name in enumerate(["x", "hidden", "hidden", "y"]):
            _label(ax, xs[l], 22, name, fs=16, color=MUTED, style="italic" if len(name) == 1 else "normal")
        # the loss node and the target
        lx, ly = loss_xy
        ax.plot([xs[-1] + r, lx - 30], [170, ly], color=RED if loss_on else GRID, lw=2, zorder=1)
        ax.add_patch(Circle((lx, ly), 30, facecolor=_tint(RED, 0.85) if loss_on else WHITE,
                            edgecolor=RED if loss_on else GRID, lw=2.4, zorder=3))
        _label(ax, lx, ly, "ℓ", fs=26, color=WHITE if loss_on else MUTED)
        _rounded(ax, lx - 30, 58, 60, 34, fc=WHITE, ec=GREEN, lw=1.8, r=6, z=2)
        _label(ax, lx, 75, f"$y_t$ = {y_t:.0f}", fs=16, color=GREEN)
        ax.plot([lx, lx], [92, ly - 30], color=GREEN, lw=1.8, zorder=1)
        if loss_text:
            _label(ax, lx + 40, ly + 44, loss_text, fs=16, color=RED, ha="center", va="bottom")

    frames, durations = [], []

    def add(duration, *args, **kw):
        frames.append(_frame(lambda ax: scene(ax, *args, **kw), W_, H_, 1.35))
        durations.append(duration)

    # 1. forward
    add(700, 0, 1)
    for l in range(3):
        for t in np.linspace(0.12, 0.88, 7):
            add(70, 0, l + 1, active=l, pulse=(l, t, BLUE, False))
        add(450, 0, l + 2)
    # 2. loss
    add(1600, 1, 4, loss_on=True, loss_text=f"ℓ = {loss0:.2f}")
    # 3. backward, in red
    overrides: dict[int, tuple[str, np.ndarray]] = {}
    ring = {(3, 0): RED}
    for l in (2, 1, 0):
        for t in np.linspace(0.12, 0.88, 7):
            add(70, 2, 4, loss_on=True, loss_text=f"ℓ = {loss0:.2f}", active=l, pulse=(l, t, RED, True),
                edge_override=dict(overrides), ring=dict(ring))
        overrides[l] = (RED, grad_widths[l])
        ring.update({(l, i): RED for i in range(sizes[l])})
        add(500, 2, 4, loss_on=True, loss_text=f"ℓ = {loss0:.2f}", edge_override=dict(overrides),
            ring=dict(ring))
    durations[-1] = 1300
    # 4. update: the weights move against their gradients
    for k, t in enumerate(np.linspace(0, 1, 6)):
        mid = [W + (Wn - W) * t for W, Wn in zip(Ws, new_Ws)]
        fade = {l: (_mix(RED, BLUE, t), grad_widths[l] * (1 - t) + (0.6 + 3.2 * np.minimum(np.abs(mid[l]), 1.5)
                                                                  / 1.5) * t) for l in range(3)}
        if k == 5:
            fade = None
        add(110, 3, 4, weights=mid, loss_on=True, edge_override=fade,
            loss_text=f"ℓ = {loss0:.2f}" if k < 5 else f"ℓ: {loss0:.2f} → {loss1:.2f}", base_alpha=0.5)
    durations[-1] = 2600
    _save_gif(frames, durations, dest, colors=96)


@_fig("img/WaveNet.gif", credit="Drawn for this deck in the manner of DeepMind's WaveNet animation "
      "(deepmind.com/blog, 2016): a stack of dilated causal convolutions (dilations 1, 2, 4, 8) generating "
      "one output sample after another.")
def wavenet(dest: Path) -> None:
    from matplotlib.patches import Circle

    W_, H_ = 500, 320
    n_t = 26
    dilations = [1, 2, 4, 8]   # hidden layers 1, 2, 4 and the output layer 8
    names = ["Output\ndilation = 8", "Hidden layer\ndilation = 4", "Hidden layer\ndilation = 2",
             "Hidden layer\ndilation = 1", "Input"]
    x0, dx = 128, (W_ - 128 - 12) / (n_t - 1)
    ys = [262, 204, 146, 88, 30]           # output row first
    r = 5.2

    def pt(row, t):
        return (x0 + t * dx, ys[row])

    def tree(t_out):
        """Nodes and edges feeding the output at time t_out, by layer (row 0 = output)."""
        nodes = {0: {t_out}}
        edges = []
        for row, d in zip(range(1, 5), reversed(dilations)):
            below = set()
            for t in nodes[row - 1]:
                for s in (t, t - d):
                    if s >= 0:
                        below.add(s)
                        edges.append((row - 1, t, row, s))
            nodes[row] = below
        return nodes, edges

    first, last = 15, n_t - 1
    rng = np.random.default_rng(5)
    samples = np.sin(np.arange(n_t) * 0.7) * 0.6 + rng.normal(0, 0.2, n_t)

    def scene(ax, t_out, level):
        for row in range(4):
            d = list(reversed(dilations))[row]
            for t in range(n_t):
                for s in (t, t - d):
                    if s >= 0:
                        ax.plot(*zip(pt(row, t), pt(row + 1, s)), color=GRID, lw=0.9, zorder=1)
        nodes, edges = tree(t_out)
        lit_rows = set(range(4, 3 - level, -1))  # level 0: input only ... level 4: up to the output
        for (ra, ta, rb, tb) in edges:
            if rb in lit_rows and ra in lit_rows:
                ax.plot(*zip(pt(ra, ta), pt(rb, tb)), color=BLUE, lw=1.9, zorder=2, solid_capstyle="round")
        for row in range(5):
            for t in range(n_t):
                fc, ec = WHITE, MUTED
                if row == 4 and t <= t_out:
                    fc, ec = _tint(BLUE, 0.25), BLUE
                if row == 0 and first <= t < t_out + (1 if level == 4 else 0):
                    fc, ec = ORANGE, ORANGE
                if t in nodes[row] and row in lit_rows:
                    fc, ec = (ORANGE if row == 0 else BLUE), (ORANGE if row == 0 else BLUE)
                ax.add_patch(Circle(pt(row, t), r, facecolor=fc, edgecolor=ec, lw=1.3, zorder=3))
        # generated samples as a little waveform above the output row
        done = [t for t in range(first, t_out + (1 if level == 4 else 0))]
        if done:
            ax.plot([pt(0, t)[0] for t in done], [ys[0] + 34 + 12 * samples[t] for t in done], color=ORANGE,
                    lw=2.0, zorder=4, marker="o", ms=3.5, solid_capstyle="round")
        for row, name in enumerate(names):
            _label(ax, 6, ys[row], name, fs=14, ha="left", color=ORANGE if row == 0 else (BLUE if row == 4 else INK),
                   linespacing=1.0)

    frames, durations = [], []
    for t_out in range(first, last + 1):
        for level in range(5):
            frames.append(_frame(lambda ax: scene(ax, t_out, level), W_, H_, 1.5))
            durations.append(110 if level < 4 else 420)
    durations[-1] = 1800
    _save_gif(frames, durations, dest, colors=64)

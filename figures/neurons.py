"""Neurons and layers: the neuron with and without its activation, a linear layer, an MLP, dropout, activations."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import save
from diagram import canvas_figure, connect, diagram_figure, label, layer_positions, line_point, node, rounded
from style import BLUE, GREEN, GRID, INK, MUTED, ORANGE, RED, WHITE, arrow, tint


def _sigmoid_icon(ax, x, y, size, color=RED, lw=2.2, z=6):
    t = np.linspace(-1, 1, 60)
    ax.plot(x + t * size, y + (1 / (1 + np.exp(-6 * t)) - 0.5) * 1.3 * size, color=color, lw=lw, zorder=z,
            solid_capstyle="round")


def _draw_neuron(ax, with_activation: bool) -> None:
    """Inputs x1..x3 weighted into a sum with a bias, then (`with_activation`) an activation g."""
    ys = [190, 120, 50]
    x_in = 46 if with_activation else 72
    x_sum = 240 if with_activation else 318
    y_sum = 120
    r_in, r_sum = 24, 40
    for i, y in enumerate(ys, start=1):
        node(ax, x_in, y, r_in, fc=tint(BLUE, 0.88), ec=BLUE, lw=2.2, label=f"$x_{i}$", fs=21)
        arrow(ax, (x_in, y), (x_sum, y_sum), color=INK, lw=1.8, shrink_start=r_in + 2, shrink_end=r_sum + 3)
        lx, ly = line_point((x_in, y), (x_sum, y_sum), 0.42)
        label(ax, lx, ly + (-14 if i == 3 else 13), f"$w_{i}$", fs=20)
    label(ax, x_in, 14, "inputs", fs=15, color=MUTED)
    # the neuron: a weighted sum plus a bias
    node(ax, x_sum, y_sum, r_sum, fc=tint(BLUE, 0.85), ec=BLUE, lw=2.6, label="Σ", fs=34, color=BLUE)
    rounded(ax, x_sum - 19, 212, 38, 30, fc=WHITE, ec=GREEN, lw=2.0, r=7, z=3)
    label(ax, x_sum, 227, "$b$", fs=21, color=GREEN)
    arrow(ax, (x_sum, 212), (x_sum, y_sum + r_sum), color=GREEN, lw=1.8, shrink_end=3)
    label(ax, x_sum, 62, "neuron", fs=15, color=MUTED, va="top")
    if not with_activation:
        x_end = x_sum + 96
        arrow(ax, (x_sum + r_sum, y_sum), (x_end, y_sum), lw=2.0, shrink_start=2)
        label(ax, x_end + 8, y_sum, r"$f(\mathbf{x}) = \mathbf{W}\cdot\mathbf{x} + b$", fs=22, ha="left")
        label(ax, x_end + 8, 62, "output", fs=15, color=MUTED, ha="left", va="top")
        return
    x_act, r_act = 372, 34
    arrow(ax, (x_sum + r_sum, y_sum), (x_act - r_act, y_sum), lw=2.0, shrink_start=2, shrink_end=3)
    label(ax, (x_sum + r_sum + x_act - r_act) / 2, y_sum + 15, "$z$", fs=20)
    node(ax, x_act, y_sum, r_act, fc=tint(RED, 0.9), ec=RED, lw=2.6)
    _sigmoid_icon(ax, x_act, y_sum, 19, color=RED, lw=2.6)
    label(ax, x_act, y_sum + r_act + 16, "$g$", fs=22, color=RED)
    label(ax, x_act, 62, "activation", fs=15, color=MUTED, va="top")
    x_end = x_act + r_act + 44
    arrow(ax, (x_act + r_act, y_sum), (x_end, y_sum), lw=2.0, shrink_start=2)
    label(ax, x_end + 7, y_sum, r"$y = g(\mathbf{W}\cdot\mathbf{x} + b)$", fs=20, ha="left")
    label(ax, x_end + 7, 62, "output", fs=15, color=MUTED, ha="left", va="top")


@canvas_figure("img/neuron.svg", 600, 250, credit="Drawn for this deck: a neuron, inputs x1..x3 weighted by w1..w3, "
               "summed with a bias b into f(x) = W.x + b.")
def neuron(ax, W: float, H: float) -> None:
    _draw_neuron(ax, with_activation=False)


@canvas_figure("img/artificial_neuron.svg", 600, 250, credit="Drawn for this deck: the neuron followed by an "
               "activation g, y = g(W.x + b).")
def artificial_neuron(ax, W: float, H: float) -> None:
    _draw_neuron(ax, with_activation=True)


@canvas_figure("img/mlp_bkg.svg", 450, 300, credit="Drawn for this deck: a linear layer, three inputs fully connected "
               "to an array of four neurons.")
def mlp_bkg(ax, W: float, H: float) -> None:
    x_in, x_n, x_out = 55, 225, 330
    inputs = layer_positions([3], [x_in], 168, 70)[0]
    neurons = layer_positions([4], [x_n], 168, 58)[0]
    r_in, r_n = 23, 24
    rounded(ax, x_n - 42, 50, 84, 240, fc=tint(BLUE, 0.92), ec=tint(BLUE, 0.55), lw=1.4, r=16)
    connect(ax, inputs, neurons, color=INK, lw=1.3, r0=r_in + 1, r1=r_n + 1, head=8, alpha=0.85)
    for i, (x, y) in enumerate(inputs, start=1):
        node(ax, x, y, r_in, fc=tint(BLUE, 0.88), ec=BLUE, lw=2.2, label=f"$x_{i}$", fs=20)
    for i, (x, y) in enumerate(neurons, start=1):
        node(ax, x, y, r_n, fc=tint(BLUE, 0.8), ec=BLUE, lw=2.4, label="Σ", fs=22, color=BLUE)
        arrow(ax, (x + r_n, y), (x_out, y), lw=1.8, shrink_start=2)
        label(ax, x_out + 8, y, f"$y_{i}$", fs=21, ha="left")
    label(ax, x_in, 28, "inputs", fs=16, color=MUTED)
    label(ax, x_n, 28, "linear layer", fs=16, color=BLUE)
    label(ax, x_out + 22, 28, "outputs", fs=16, color=MUTED)


MLP_COLORS = [(BLUE, "input\nlayer"), (GREEN, "hidden\nlayer 1"), (GREEN, "hidden\nlayer 2"), (ORANGE, "output\nlayer")]


@canvas_figure("img/mlp.jpg", 600, 360, credit="Drawn for this deck in the manner of the cs231n course notes' MLP "
               "figure (cs231n.github.io): 3 inputs, two hidden layers of 4, one output.")
def mlp(ax, W: float, H: float) -> None:
    xs = [78, 228, 378, 528]
    pos = layer_positions([3, 4, 4, 1], xs, 220, 66)
    r = 22
    rounded(ax, 160, 90, 286, 262, fc=tint(GREEN, 0.93), ec="none", r=18)
    for a, b in zip(pos[:-1], pos[1:]):
        connect(ax, a, b, color=MUTED, lw=1.6, r0=r, r1=r, head=9, alpha=0.9)
    for layer, (color, name) in zip(pos, MLP_COLORS):
        for x, y in layer:
            node(ax, x, y, r, fc=tint(color, 0.82), ec=color, lw=2.6)
        label(ax, layer[0][0], 50, name, fs=24, color=color, linespacing=1.05, fontweight="normal")


DROPOUT_SIZES = [4, 5, 5, 2]
DROPPED = {(0, 1), (1, 0), (1, 3), (2, 1), (2, 4)}


@canvas_figure("img/dropout.png", 500, 252, credit="Drawn for this deck in the manner of Srivastava et al. (2014), "
               "JMLR 15, Fig. 1: (a) a standard net, (b) the same net after dropout.")
def dropout(ax, W: float, H: float) -> None:
    r = 11
    for panel, x0 in enumerate((8, 262)):
        xs = [x0 + 22 + i * 64 for i in range(4)]
        pos = layer_positions(DROPOUT_SIZES, xs, 144, 42)
        keep = (lambda l, i: True) if panel == 0 else (lambda l, i: (l, i) not in DROPPED)
        for l in range(3):
            a = [p for i, p in enumerate(pos[l]) if keep(l, i)]
            b = [p for i, p in enumerate(pos[l + 1]) if keep(l + 1, i)]
            connect(ax, a, b, color=INK, lw=1.1, alpha=0.75)
        for l, layer in enumerate(pos):
            color = BLUE if l == 0 else (ORANGE if l == 3 else GREEN)
            for i, (x, y) in enumerate(layer):
                if keep(l, i):
                    node(ax, x, y, r, fc=tint(color, 0.75), ec=color, lw=2.0)
                else:
                    node(ax, x, y, r, fc=WHITE, ec=GRID, lw=2.0)
                    d = r * 0.95
                    ax.plot([x - d, x + d], [y - d, y + d], color=RED, lw=2.6, zorder=5, solid_capstyle="round")
                    ax.plot([x - d, x + d], [y + d, y - d], color=RED, lw=2.6, zorder=5, solid_capstyle="round")
        title = "(a) Standard neural net" if panel == 0 else "(b) After applying dropout"
        label(ax, x0 + 22 + 96, 18, title, fs=16)
    ax.plot([250, 250], [45, 240], color=GRID, lw=1.2)


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


@diagram_figure("img/activation_functions.svg", credit="Drawn for this deck: eight activation functions (blue) and "
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
        ax.set_facecolor(tint(BLUE, 0.96))
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
    save.figure(fig, dest)


@diagram_figure("img/relu.jpeg", credit="Drawn for this deck: the rectified linear unit f(x) = max(0, x).")
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
    save.figure(fig, dest, scale=1.6)


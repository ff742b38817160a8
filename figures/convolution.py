"""Convolution and pooling: a CNN's layers, a convolutional layer, max pooling, and convolutions in motion."""

from __future__ import annotations

import math

import numpy as np

from diagram import Animation, animation_figure, canvas_figure, label, rect
from style import BLUE, GREEN, INK, MUTED, ORANGE, RED, WHITE, arrow, mix, tint


DEPTH_DIR = (math.cos(math.radians(38)) * 0.72, math.sin(math.radians(38)) * 0.72)


def _oblique(x, y, z):
    """A point of a 3-D box drawing (x right, y up, z away from the viewer) on the 2-D canvas."""
    return (x + z * DEPTH_DIR[0], y + z * DEPTH_DIR[1])


def _box3d(ax, x, y, z, w, h, d, color, fill=0.22, lw=1.4, z_order=2, alpha=1.0, slices=0, ec=None):
    """A box whose front face is (x, y, w, h) at depth z, `d` deep; front, top and right faces shaded.

    `fill` is how much of `color` the front face carries (0 white, 1 the full colour); the top face
    carries less, the right face more."""
    from matplotlib.patches import Polygon

    ec = ec or color
    P = _oblique
    faces = [
        ([P(x, y + h, z), P(x + w, y + h, z), P(x + w, y + h, z + d), P(x, y + h, z + d)], fill * 0.55),  # top
        ([P(x + w, y, z), P(x + w, y, z + d), P(x + w, y + h, z + d), P(x + w, y + h, z)], fill * 1.55),  # right
        ([P(x, y, z), P(x + w, y, z), P(x + w, y + h, z), P(x, y + h, z)], fill),  # front
    ]
    for pts, amount in faces:
        ax.add_patch(Polygon(pts, closed=True, facecolor=tint(color, 1 - min(amount, 1.0)), edgecolor=ec,
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


@canvas_figure("img/cnn_overview2.png", 800, 238, credit="Drawn for this deck: the exercise's CNN, 32×32×1 input, "
               "conv 5×5×10, max pool, conv 5×5×25, max pool, conv 4×4×100, max pool, dense 10 (shapes as in the "
               "talk's solution).")
def cnn_overview2(ax, W: float, H: float) -> None:
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
                rect(ax, bx, by + i * 12, 14, 12, tint(color, 0.7), ec=color, lw=1.3, z=2)
        else:
            _box3d(ax, bx, by, 0, w, h, d, color, fill=0.2 if kind != "input" else 0.12, lw=1.4,
                   slices=min(c, 12) if c > 1 else 0)
        spans.append((bx, bx + total, by))
        label(ax, cx, H - 6, top, fs=16, color=color if kind != "input" else INK, va="top",
              linespacing=1.05, fontweight="bold" if kind != "input" else "normal")
        label(ax, cx, 16, size, fs=16, color=INK)
        x += col
    for (a0, a1, _), (b0, _, _) in zip(spans[:-1], spans[1:]):
        arrow(ax, (a1 + 3, yc), (b0 - 3, yc), color=INK, lw=1.6, head=8)


@canvas_figure("img/maxpool.jpeg", 600, 310, credit="Drawn for this deck in the manner of the cs231n course notes' "
               "max-pooling figure (cs231n.github.io), with new numbers.")
def maxpool(ax, W: float, H: float) -> None:
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
            rect(ax, x, y, c, c, tint(color, 0.58 if is_max else 0.8), ec=WHITE, lw=2.5, z=2)
            label(ax, x + c / 2, y + c / 2, str(grid[r, k]), fs=26, color=INK,
                  fontweight="bold" if is_max else "normal")
    # axes of the depth slice
    arrow(ax, (x0 - 14, y0 + 4 * c), (x0 - 14, y0 - 4), color=MUTED, lw=1.6, head=8)
    label(ax, x0 - 26, y0 + 10, "y", fs=20, color=MUTED, style="italic")
    arrow(ax, (x0, y0 + 4 * c + 14), (x0 + 4 * c + 4, y0 + 4 * c + 14), color=MUTED, lw=1.6, head=8)
    label(ax, x0 + 4 * c - 6, y0 + 4 * c + 30, "x", fs=20, color=MUTED, style="italic")
    label(ax, x0 + 2 * c, H - 14, "single depth slice", fs=20, color=MUTED)
    # the operation
    xa0, xa1 = x0 + 4 * c + 22, 438
    arrow(ax, (xa0, y0 + 2 * c), (xa1, y0 + 2 * c), color=INK, lw=2.4, head=13)
    label(ax, (xa0 + xa1) / 2, y0 + 2 * c + 38, "max pool with\n2×2 filters\nand stride 2", fs=20,
          linespacing=1.1)
    # the result
    rx, ry = 456, y0 + c
    for r in range(2):
        for k in range(2):
            block = grid[r * 2:r * 2 + 2, k * 2:k * 2 + 2]
            x, y = rx + k * c, ry + (1 - r) * c
            rect(ax, x, y, c, c, tint(quad_colors[r][k], 0.58), ec=WHITE, lw=2.5, z=2)
            label(ax, x + c / 2, y + c / 2, str(block.max()), fs=26, fontweight="bold")


@canvas_figure("img/convlayer2.jpg", 300, 235, credit="Drawn for this deck in the manner of the cs231n course notes' "
               "convolutional-layer figure (cs231n.github.io): a 32×32×3 input, a 3×3×3 kernel, 15 feature maps.")
def convlayer2(ax, W: float, H: float) -> None:
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
    label(ax, ix + s_in / 2, 48, "input\n32×32×3", fs=15, color=BLUE, va="center", linespacing=1.05)
    label(ax, ox + s_out / 2 + 10, 40, "output\n30×30×15", fs=15, color=GREEN, va="center", linespacing=1.05)
    label(ax, kx + k / 2 + 8, H - 14, "3×3×3 kernel", fs=15, color=RED)


def _convolve(animation: Animation, n: int, pad: int, k: int, stride: int, title: str, duration: int) -> None:
    """Frames of a 2-D convolution in the manner of Dumoulin & Visin's animations: the input (blue, padding
    dashed) at the bottom, the kernel's footprint shaded, the output (green) above, one frame per output,
    each shown for `duration` ms."""
    from matplotlib.patches import Polygon

    width, height = animation.width, animation.height

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
                        fc = tint(BLUE, 0.72) if inside else WHITE
                        cell(ax, x_in, y_in, j, v, fc, tint(BLUE, 0.45), lw=1.1, ls=(0, (3, 2)))
                    else:
                        cell(ax, x_in, y_in, j, v, tint(BLUE, 0.38 if inside else 0.8), BLUE, lw=1.2)
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
                        fc, ec = tint(GREEN, 0.65), GREEN
                    elif idx == step:
                        fc, ec = GREEN, mix(GREEN, INK, 0.3)
                    else:
                        fc, ec = tint(GREEN, 0.94), tint(GREEN, 0.5)
                    cell(ax, x_out, y_out, j, n_out - 1 - i, fc, ec, lw=1.3, z=5, alpha=0.95)
            label(ax, 8, height - 10, title, fs=15, color=INK, ha="left", va="top", fontweight="bold")
            label(ax, 8, height - 31, f"output {n_out}×{n_out}", fs=14, color=GREEN, ha="left", va="top")
            label(ax, width - 8, 12, f"input {n}×{n}" + (f", padding {pad}" if pad else ""), fs=14,
                  color=BLUE, ha="right", va="bottom")
        animation.add(duration, draw)


_CONV_CREDIT = ("Drawn for this deck in the manner of Dumoulin & Visin's convolution arithmetic animations "
                "(arXiv:1603.07285, github.com/vdumoulin/conv_arithmetic): {}.")


@animation_figure("img/convolution_gifs/full_padding_no_strides_transposed.gif", 350, 330, colors=48, hold_last=1400,
                  credit=_CONV_CREDIT.format("a 3×3 kernel over a 7×7 input, no padding, no strides, 5×5 output"))
def conv_no_strides_no_padding(animation: Animation, W: float, H: float) -> None:
    _convolve(animation, n=7, pad=0, k=3, stride=1, title="3×3 kernel, stride 1", duration=320)


@animation_figure("img/convolution_gifs/padding_strides.gif", 350, 330, colors=48, hold_last=1500, scale=1.6,
                  credit=_CONV_CREDIT.format("a 3×3 kernel over a 5×5 input with 'same' padding and strides 2, 3×3 "
                                             "output"))
def conv_padding_strides(animation: Animation, W: float, H: float) -> None:
    _convolve(animation, n=5, pad=1, k=3, stride=2, title="3×3 kernel, stride 2", duration=600)

"""Networks in motion: a forward pass, backpropagation with its weight update, WaveNet's dilated convolutions."""

from __future__ import annotations

import math

import numpy as np

from diagram import Animation, animation_figure, label, layer_positions, line_point, node, rounded
from style import BLUE, GREEN, GRID, INK, MUTED, ORANGE, RED, WHITE, mix, tint


def _value_color(v: float, pos=BLUE, neg=ORANGE) -> str:
    """A node's fill for its value: the sign's colour, stronger (from 0.12 to 0.9 of it) as |v| grows to 1."""
    strength = 0.12 + 0.78 * min(abs(v), 1.0)
    return tint(pos if v >= 0 else neg, 1 - strength)


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
                    x, y = line_point(p, q, tt)
                    ax.add_patch(Circle((x, y), 4.2, facecolor=pcolor, edgecolor=WHITE, lw=0.8, zorder=2))
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            v = None if values is None or values[l] is None else values[l][i]
            fc = WHITE if v is None else _value_color(v)
            ec = MUTED if v is None else (BLUE if v >= 0 else ORANGE)
            if ring and (l, i) in ring:
                ec = ring[(l, i)]
            node(ax, x, y, r, fc=fc, ec=ec, lw=2.2 if not ring or (l, i) not in ring else 3.2)
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


@animation_figure("img/feedforwardnn.gif", 400, 270, hold_last=2200, credit="Drawn for this deck in the manner of "
                  "Alexander Chekunkov's feed-forward animation (his machine-learning talk slides): a real forward "
                  "pass through a 3-4-4-2 tanh network, values computed with NumPy.")
def feedforwardnn(animation: Animation, W_: float, H_: float) -> None:
    sizes = [3, 4, 4, 2]
    Ws, _, _, values = _small_net(sizes, seed=3, x=[0.9, -0.5, 0.3], acts=[np.tanh] * 3)
    pos = layer_positions(sizes, [40, 147, 254, 361], 142, 58)
    r = 20
    names = ["input", "hidden 1", "hidden 2", "output"]

    def base(ax, shown, **kw):
        vals = [values[l] if l < shown else None for l in range(len(sizes))]
        _draw_net_state(ax, pos, r, Ws, values=vals, **kw)
        for l, name in enumerate(names):
            label(ax, pos[l][0][0], 12, name, fs=14, color=INK if l < shown else MUTED)

    def add(duration, shown, **kw):
        animation.add(duration, lambda ax: base(ax, shown, **kw))

    add(600, 0)
    add(700, 1)
    for l in range(3):
        for t in np.linspace(0.1, 0.9, 8):
            add(70, l + 1, active=l, pulse=(l, t, BLUE if l < 2 else GREEN, False))
        add(650, l + 2)


@animation_figure("img/backpropagation.gif", 800, 400, scale=1.6, hold_last=2600, credit="Drawn for this deck in "
                  "the manner of Alexander Chekunkov's backpropagation animation (his machine-learning talk "
                  "slides): a real forward pass, squared-error loss, gradients flowing back and the weight update "
                  "of a 2-3-3-1 network, computed with NumPy.")
def backpropagation(animation: Animation, W_: float, H_: float) -> None:
    from matplotlib.patches import Circle

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
    pos = layer_positions(sizes, xs, 170, 84)
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
            rounded(ax, x0, H_ - 44, 180, 32, fc=color if on else WHITE, ec=color if on else GRID, lw=1.5,
                    r=16, z=2)
            label(ax, x0 + 90, H_ - 28, name, fs=16, color=WHITE if on else MUTED,
                  fontweight="bold" if on else "normal")
        label(ax, 20, H_ - 72, captions[phase], fs=18, ha="left", color=INK)
        vals = [values[l] if l < shown else None for l in range(4)]
        _draw_net_state(ax, pos, r, weights, values=vals, fs=15, width_scale=3.2, **kw)
        for l, name in enumerate(["x", "hidden", "hidden", "y"]):
            label(ax, xs[l], 22, name, fs=16, color=MUTED, style="italic" if len(name) == 1 else "normal")
        # the loss node and the target
        lx, ly = loss_xy
        ax.plot([xs[-1] + r, lx - 30], [170, ly], color=RED if loss_on else GRID, lw=2, zorder=1)
        ax.add_patch(Circle((lx, ly), 30, facecolor=tint(RED, 0.15) if loss_on else WHITE,
                            edgecolor=RED if loss_on else GRID, lw=2.4, zorder=3))
        label(ax, lx, ly, "ℓ", fs=26, color=WHITE if loss_on else MUTED)
        rounded(ax, lx - 30, 58, 60, 34, fc=WHITE, ec=GREEN, lw=1.8, r=6, z=2)
        label(ax, lx, 75, f"$y_t$ = {y_t:.0f}", fs=16, color=GREEN)
        ax.plot([lx, lx], [92, ly - 30], color=GREEN, lw=1.8, zorder=1)
        if loss_text:
            label(ax, lx + 40, ly + 44, loss_text, fs=16, color=RED, ha="center", va="bottom")

    def add(duration, *args, **kw):
        animation.add(duration, lambda ax: scene(ax, *args, **kw))

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
    animation.hold(1300)
    # 4. update: the weights move against their gradients
    for k, t in enumerate(np.linspace(0, 1, 6)):
        mid = [W + (Wn - W) * t for W, Wn in zip(Ws, new_Ws)]
        fade = {l: (mix(RED, BLUE, t), grad_widths[l] * (1 - t) + (0.6 + 3.2 * np.minimum(np.abs(mid[l]), 1.5)
                                                                  / 1.5) * t) for l in range(3)}
        if k == 5:
            fade = None
        add(110, 3, 4, weights=mid, loss_on=True, edge_override=fade,
            loss_text=f"ℓ = {loss0:.2f}" if k < 5 else f"ℓ: {loss0:.2f} → {loss1:.2f}", base_alpha=0.5)


@animation_figure("img/WaveNet.gif", 500, 320, colors=64, hold_last=1800, credit="Drawn for this deck in the manner "
                  "of DeepMind's WaveNet animation (deepmind.com/blog, 2016): a stack of dilated causal convolutions "
                  "(dilations 1, 2, 4, 8) generating one output sample after another.")
def wavenet(animation: Animation, W_: float, H_: float) -> None:
    from matplotlib.patches import Circle

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
                    fc, ec = tint(BLUE, 0.75), BLUE
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
            label(ax, 6, ys[row], name, fs=14, ha="left", color=ORANGE if row == 0 else (BLUE if row == 4 else INK),
                  linespacing=1.0)

    for t_out in range(first, last + 1):
        for level in range(5):
            animation.add(110 if level < 4 else 420, lambda ax: scene(ax, t_out, level))

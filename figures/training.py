"""Training: a real NumPy training run, its loss and accuracy curves, overfitting, a TensorBoard-like view."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

import save
import style
from diagram import canvas_figure, diagram_figure, label, rect, rounded
from style import BLUE, GREEN, GRID, INK, LIGHT, MUTED, ORANGE, RED, WHITE


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


def _curves(width: float, height: float, metric: str, ylabel: str, legend_loc: str):
    """The training run's `metric` per epoch, training (blue) and validation (red), on a figure
    `width` x `height` CSS px; returns the figure, its axes and the run's history."""
    import matplotlib.pyplot as plt

    h = _training_run()
    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0.13, 0.16, 0.82, 0.8))
    epochs = np.arange(1, len(h[metric]) + 1)
    ax.plot(epochs, h[metric], color=BLUE, lw=2.2, label="training")
    ax.plot(epochs, h["val_" + metric], color=RED, lw=2.2, label="validation")
    ax.set_xlim(0, len(epochs) + 1)
    ax.tick_params(labelsize=14)
    ax.set_xlabel("epochs", fontsize=16)
    ax.set_ylabel(ylabel, fontsize=16)
    ax.legend(fontsize=15, loc=legend_loc)
    return fig, ax, h


@diagram_figure("img/loss.png", credit="Drawn for this deck from a real run: a NumPy MLP (2-128-128-1) on noisy "
                "two-moons data, 30 % held out for validation; training and validation loss per epoch.")
def loss(dest: Path) -> None:
    fig, _, _ = _curves(500, 300, "loss", "loss", legend_loc="upper right")
    save.figure(fig, dest, scale=1.5)


@diagram_figure("img/overfitting.png", credit="Drawn for this deck from the same NumPy training run as loss.png: "
                "the sweet spot is the epoch of minimum validation loss, overfitting comes after it.")
def overfitting(dest: Path) -> None:
    fig, ax, h = _curves(550, 320, "loss", "loss", legend_loc="lower left")
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
    save.figure(fig, dest, scale=1.5)


@diagram_figure("img/accuracy.png", credit="Drawn for this deck from the same NumPy training run as loss.png: "
                "training and validation accuracy per epoch.")
def accuracy(dest: Path) -> None:
    fig, ax, _ = _curves(450, 290, "acc", "accuracy", legend_loc="lower right")
    ax.set_ylim(0.65, 0.95)
    ax.set_position((0.15, 0.17, 0.8, 0.79))
    save.figure(fig, dest, scale=1.5)


def _smooth(values: np.ndarray, weight: float = 0.6) -> np.ndarray:
    """TensorBoard's scalar smoothing: a debiased exponential moving average."""
    out, last = [], 0.0
    for i, v in enumerate(values, start=1):
        last = last * weight + (1 - weight) * v
        out.append(last / (1 - weight ** i))
    return np.array(out)


@canvas_figure("img/tensorboard_edward.png", 770, 470, credit="Drawn for this deck: a TensorBoard-like scalars "
               "dashboard showing the NumPy training run of loss.png (two model sizes), a stand-in for the screenshot "
               "of the Edward TensorBoard tutorial (edwardlib.org/tutorials/tensorboard); not a screenshot.")
def tensorboard_edward(ax, W: float, H: float) -> None:
    from matplotlib.patches import Circle

    fig = ax.figure
    runs = [("mlp_128x128", _training_run(), ORANGE), ("mlp_16", _training_run(hidden=(16,)), BLUE)]
    # header bar
    rect(ax, 0, H - 46, W, 46, INK)
    label(ax, 18, H - 23, "TensorBoard", fs=19, color=WHITE, ha="left", fontweight="bold")
    x = 168
    for i, tab in enumerate(["SCALARS", "GRAPHS", "DISTRIBUTIONS", "HISTOGRAMS"]):
        t = label(ax, x, H - 23, tab, fs=14, color=WHITE if i == 0 else "#b8bdc9", ha="left")
        tw = _text_width(fig, t)
        if i == 0:
            rect(ax, x, H - 46, tw, 3.5, ORANGE)
        x += tw + 22
    for k, cx in enumerate((W - 70, W - 44, W - 18)):
        ax.add_patch(Circle((cx, H - 23), 7.5, facecolor="none", edgecolor="#b8bdc9", lw=1.6))
    # sidebar
    side = 212
    rect(ax, 0, 0, side, H - 46, LIGHT)
    ax.plot([side, side], [0, H - 46], color=GRID, lw=1.2)
    y = H - 76
    _checkbox(ax, 16, y, False)
    label(ax, 36, y, "Show data download links", fs=13.5, ha="left")
    y -= 28
    _checkbox(ax, 16, y, True, color=MUTED)
    label(ax, 36, y, "Ignore outliers in chart", fs=13.5, ha="left")
    y -= 40
    label(ax, 12, y, "Smoothing", fs=14, ha="left", fontweight="bold")
    y -= 26
    ax.plot([16, 136], [y, y], color=GRID, lw=4, solid_capstyle="round")
    ax.plot([16, 84], [y, y], color=ORANGE, lw=4, solid_capstyle="round")
    ax.add_patch(Circle((84, y), 7, facecolor=ORANGE, edgecolor=WHITE, lw=1.5, zorder=4))
    rounded(ax, 152, y - 11, 44, 22, fc=WHITE, ec=GRID, lw=1.2, r=3, z=2)
    label(ax, 174, y, "0.6", fs=14)
    y -= 40
    label(ax, 12, y, "Horizontal Axis", fs=14, ha="left", fontweight="bold")
    y -= 24
    for label_, on, xx in (("STEP", True, 14), ("RELATIVE", False, 74), ("WALL", False, 155)):
        ax.add_patch(Circle((xx + 5, y), 5.5, facecolor=ORANGE if on else WHITE,
                            edgecolor=ORANGE if on else MUTED, lw=1.4))
        label(ax, xx + 15, y, label_, fs=12.5, ha="left", color=INK)
    y -= 40
    label(ax, 12, y, "Runs", fs=14, ha="left", fontweight="bold")
    y -= 28
    rounded(ax, 12, y - 12, side - 24, 24, fc=WHITE, ec=GRID, lw=1.2, r=3, z=2)
    label(ax, 20, y, "Write a regex to filter runs", fs=12.5, ha="left", color=MUTED)
    y -= 32
    for name, _, color in runs:
        _checkbox(ax, 16, y, True, color=color)
        label(ax, 36, y, name, fs=14, ha="left", family=style.MONO_FAMILY)
        y -= 26
    label(ax, 12, 16, "TOGGLE ALL RUNS", fs=12.5, ha="left", color=ORANGE)
    # scalar cards
    cards = [("loss", "loss"), ("val_loss", "val_loss"), ("acc", "acc"), ("val_acc", "val_acc")]
    x0, y0, gap = side + 14, 12, 12
    cw, ch = (W - x0 - 12 - gap) / 2, (H - 46 - 14 - y0 - gap) / 2
    for k, (title, key) in enumerate(cards):
        cx = x0 + (k % 2) * (cw + gap)
        cy = y0 + (1 - k // 2) * (ch + gap)
        rounded(ax, cx + 1.5, cy - 1.5, cw, ch, fc=GRID, r=4, z=1)
        rounded(ax, cx, cy, cw, ch, fc=WHITE, ec=GRID, lw=1.0, r=4, z=2)
        label(ax, cx + 12, cy + ch - 16, title, fs=15, ha="left", fontweight="bold", family=style.MONO_FAMILY)
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


def _checkbox(ax, x, y, on: bool, color=ORANGE):
    rounded(ax, x - 1, y - 7, 14, 14, fc=color if on else WHITE, ec=color if on else MUTED, lw=1.4, r=2, z=3)
    if on:
        ax.plot([x + 2, x + 5, x + 10], [y, y - 3.5, y + 3.5], color=WHITE, lw=1.8, zorder=4,
                solid_capstyle="round", solid_joinstyle="round")


def _text_width(fig, text) -> float:
    """Width of a text artist in CSS px (the canvas unit)."""
    renderer = fig.canvas.get_renderer()
    return text.get_window_extent(renderer).width * 72 / fig.dpi


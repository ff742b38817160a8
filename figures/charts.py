"""Charts and diagrams redrawn from published figures and data: the facts carry over, the drawing is new."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

import save
import style
from style import BLUE, GREEN, GRID, INK, LIGHT, MUTED, ORANGE, PURPLE, RED, WHITE, arrow, canvas, figure, tint

PX_PER_INCH = 100  # a figure of W/100 inches per CSS px: `style.canvas` and `save.figure` are told so
PT_PER_PX = 72 / PX_PER_INCH  # so one CSS px of the slot is 0.72 pt


def _pt(px: float) -> float:
    """Font size in points for a text `px` CSS pixels tall once the figure fills its slot."""
    return px * PT_PER_PX


# --------------------------------------------------------------------------- ImageNet

ILSVRC = [  # (year, who, depth label, top-5 error %), from the ILSVRC results and the papers
    ("2010", "NEC-UIUC", "shallow", 28.2),
    ("2011", "XRCE", "shallow", 25.8),
    ("2012", "AlexNet", "8 layers", 16.4),
    ("2013", "ZFNet", "8 layers", 11.7),
    ("2014", "VGG", "19 layers", 7.3),
    ("2014", "GoogLeNet", "22 layers", 6.7),
    ("2015", "ResNet", "152 layers", 3.57),
]


@figure("img/imagenet.png", credit=(
    "Drawn for this deck from the ImageNet Large Scale Visual Recognition Challenge results "
    "(Russakovsky et al. 2015, IJCV) and the winning papers (Krizhevsky et al. 2012; Zeiler & Fergus 2013; "
    "Simonyan & Zisserman 2014; Szegedy et al. 2014; He et al. 2015); human error 5.1 % from Karpathy's "
    "2014 experiment as reported by Russakovsky et al."))
def imagenet(dest: Path) -> None:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(7.0, 4.2))
    ax = fig.add_axes((0.085, 0.225, 0.83, 0.745))
    x = np.arange(len(ILSVRC))
    colors = [tint(MUTED, 0.35) if d == "shallow" else (RED if "152" in d else BLUE)
              for _, _, d, _ in ILSVRC]
    ax.bar(x, [e for *_, e in ILSVRC], width=0.66, color=colors, zorder=2)
    for xi, (_, _, depth, err), color in zip(x, ILSVRC, colors):
        inside = err < 5  # too short to carry its value above the human line
        ax.text(xi, err - 0.6 if inside else err + 0.5, f"{err:g}", ha="center",
                va="top" if inside else "bottom", fontsize=_pt(17), fontweight="bold",
                color=WHITE if inside else INK)
        ax.text(xi, -0.175, depth.replace(" ", "\n"), transform=ax.get_xaxis_transform(), ha="center",
                va="top", fontsize=_pt(16), fontweight="bold", linespacing=1.0,
                color=MUTED if depth == "shallow" else color)
    ax.axhline(5.1, color=ORANGE, lw=2, ls=(0, (5, 3)), zorder=3)
    ax.text(len(ILSVRC) - 0.35, 5.1, "human\n5.1", ha="left", va="center", color=ORANGE,
            fontsize=_pt(16), fontweight="bold", linespacing=1.0, clip_on=False)
    ax.set_xticks(x, [f"{year}\n{who}" for year, who, *_ in ILSVRC], fontsize=_pt(15), color=INK)
    ax.tick_params(axis="x", length=0, pad=5)
    ax.set_xlim(-0.55, len(ILSVRC) - 0.4)
    ax.set_ylim(0, 31)
    ax.set_ylabel("ImageNet top-5 error (%)", fontsize=_pt(16))
    ax.tick_params(axis="y", labelsize=_pt(15))
    ax.grid(axis="x", visible=False)
    save.figure(fig, dest, scale=1.5, px_per_inch=PX_PER_INCH)


# --------------------------------------------------------------------------- AI and Compute

AI_COMPUTE = [  # (name, decimal year, petaflop/s-days), approximate values of the published chart
    ("Dropout", 2012.5, 0.0025),
    ("AlexNet", 2012.75, 0.0058),
    ("GoogLeNet", 2014.7, 0.018),
    ("VGG", 2014.7, 0.1),
    ("Seq2Seq", 2014.7, 0.25),
    ("ResNets", 2015.95, 0.12),
    ("DeepSpeech2", 2015.95, 0.3),
    ("Xception", 2016.8, 5.0),
    ("Neural Machine\nTranslation", 2016.75, 80.0),
    ("Neural Architecture\nSearch", 2016.85, 22.0),
    ("TI7 Dota 1v1", 2017.6, 15.0),
    ("AlphaGo Zero", 2017.8, 1860.0),
    ("AlphaZero", 2017.95, 450.0),
]
_COMPUTE_LABELS = {  # label offset in points and alignment, placed by hand so that nothing overlaps
    "Dropout": ((6, -2), "left", "top"),
    "AlexNet": ((-2, 6), "center", "bottom"),
    "GoogLeNet": ((6, -1), "left", "top"),
    "VGG": ((-6, 0), "right", "center"),
    "Seq2Seq": ((-6, 2), "right", "bottom"),
    "ResNets": ((6, -1), "left", "top"),
    "DeepSpeech2": ((6, 0), "left", "center"),
    "Xception": ((0, -6), "center", "top"),
    "Neural Machine\nTranslation": ((-6, 2), "right", "bottom"),
    "Neural Architecture\nSearch": ((-7, -3), "right", "top"),
    "TI7 Dota 1v1": ((0, -6), "center", "top"),
    "AlphaGo Zero": ((-6, 0), "right", "center"),
    "AlphaZero": ((-6, 0), "right", "center"),
}


@figure("img/dl_compute.png", credit=(
    "Drawn for this deck from the data of \"AI and Compute\" (D. Amodei & D. Hernandez, OpenAI blog, "
    "16 May 2018): approximate values read from the published chart, and its fitted trend of a "
    "doubling every 3.4 months (slope as published, level fitted here to these points)."))
def dl_compute(dest: Path) -> None:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(5.0, 3.9))
    ax = fig.add_axes((0.16, 0.12, 0.8, 0.85))
    years = np.array([y for _, y, _ in AI_COMPUTE])
    values = np.array([v for *_, v in AI_COMPUTE])
    slope = 12 / 3.4 * np.log10(2)  # decades per year for a 3.4-month doubling time
    level = np.mean(np.log10(values) - slope * (years - 2012))
    span = np.array([2012.2, 2018.3])
    ax.plot(span, 10 ** (level + slope * (span - 2012)), color=RED, lw=2, ls=(0, (6, 3)), zorder=1,
            label="trend: doubling\nevery 3.4 months")
    ax.scatter(years, values, s=38, color=BLUE, zorder=3, edgecolor=WHITE, linewidth=0.8)
    for name, year, value in AI_COMPUTE:
        offset, ha, va = _COMPUTE_LABELS[name]
        ax.annotate(name, (year, value), xytext=offset, textcoords="offset points", ha=ha, va=va,
                    fontsize=_pt(13.5), color=INK, linespacing=0.95)
    ax.set_yscale("log")
    ax.set_ylim(5e-4, 2e4)
    ax.set_xlim(2011.9, 2018.4)
    ax.set_xticks(range(2012, 2019))
    ax.set_ylabel("training compute (petaflop/s-days)", fontsize=_pt(14.5))
    ax.tick_params(labelsize=_pt(14))
    ax.grid(axis="x", visible=False)
    ax.minorticks_off()
    legend = ax.legend(loc="lower right", fontsize=_pt(15), handlelength=2.2, borderaxespad=0.6)
    legend.get_texts()[0].set_color(RED)
    save.figure(fig, dest, scale=2.0, px_per_inch=PX_PER_INCH, colors=128)


# --------------------------------------------------------------------------- data vs performance

@figure("img/dl_perf.jpg", credit=(
    "Drawn for this deck after Andrew Ng's classic sketch of performance versus amount of data "
    "(\"Why is deep learning taking off?\", Machine Learning Yearning / deeplearning.ai); "
    "schematic curves, no data."))
def dl_perf(dest: Path) -> None:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6.0, 3.7))
    ax = fig.add_axes((0.06, 0.1, 0.66, 0.86))
    x = np.linspace(0, 1, 400)

    def curve(top, scale):
        return top * (1 - np.exp(-x / scale)) + 0.01

    curves = [  # the larger the model, the slower it starts and the higher it climbs
        ("traditional ML", MUTED, curve(0.36, 0.07)),
        ("small NN", GREEN, curve(0.52, 0.13)),
        ("medium NN", BLUE, curve(0.7, 0.22)),
        ("large NN", RED, curve(0.94, 0.33)),
    ]
    for label, color, y in curves:
        ax.plot(x, y, color=color, lw=3, solid_capstyle="round")
        ax.annotate(label, (1, y[-1]), xytext=(8, 0), textcoords="offset points", va="center",
                    color=color, fontsize=_pt(18), fontweight="bold", annotation_clip=False)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 0.92)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(INK)
        ax.spines[side].set_linewidth(1.5)
    ax.plot(1, 0, ">", color=INK, transform=ax.get_yaxis_transform(), clip_on=False, ms=8)
    ax.plot(0, 1, "^", color=INK, transform=ax.get_xaxis_transform(), clip_on=False, ms=8)
    ax.set_xlabel("amount of data", fontsize=_pt(19), labelpad=6)
    ax.set_ylabel("performance", fontsize=_pt(19), labelpad=6)
    save.figure(fig, dest, scale=1.5, px_per_inch=PX_PER_INCH, quality=85, subsampling=2)


# --------------------------------------------------------------------------- arXiv submissions

ARXIV_YEARS = (2013, 2014, 2015, 2016, 2017, 2018)
ARXIV_TOTAL = (92641, 97517, 105280, 113380, 123523, 140616)  # all new submissions in the calendar year
ARXIV_SUBMISSIONS = [  # new submissions per calendar year by subject area, as arXiv published them
    # (area, colour, y of its end label: placed by hand so that no two labels overlap, counts 2013-2018)
    ("cs", RED, 37200, (12645, 14020, 16179, 20767, 27031, 35890)),
    ("math", MUTED, 32200, (24821, 26638, 28753, 29953, 31577, 33486)),
    ("cond-mat", BLUE, 17400, (12745, 13108, 13931, 14622, 14391, 14743)),
    ("astro-ph", PURPLE, 14300, (12471, 12584, 12900, 13214, 13264, 14080)),
    ("physics.*", ORANGE, 11200, (7521, 7927, 8719, 9670, 10564, 12544)),
    ("hep", GREEN, 8100, (9660, 9754, 10124, 9673, 9590, 9598)),
]


@figure("img/arxiv-2019-04.png", credit=(
    "Drawn for this deck from arXiv's own \"arXiv submission rate statistics\" (arxiv.org/help/stats, the "
    "yearly pages 2013_by_area to 2018_by_area; the last updated 1 January 2019, "
    "https://arxiv.org/help/stats/2018_by_area/index): new submissions per calendar year 2013-2018 for cs, "
    "math(+math-ph), cond-mat, astro-ph, physics and hep (hep-th+hep-ph+hep-lat+hep-ex), as published, and "
    "the 2018 shares of all 140,616 submissions (physics archives together 43.8 %, cs 25.5 %)."))
def arxiv(dest: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter
    from style import mix

    fig = plt.figure(figsize=(8.0, 4.1))
    ax = fig.add_axes((0.095, 0.09, 0.71, 0.88))
    years = np.array(ARXIV_YEARS)
    last = years[-1]
    for name, color, label_y, counts in ARXIV_SUBMISSIONS:
        main = name == "cs"
        ax.plot(years, counts, color=color, lw=3.4 if main else 2.2, marker="o", ms=7 if main else 5,
                markeredgecolor=WHITE, markeredgewidth=0.8, zorder=4 if main else 3, solid_capstyle="round")
        ax.plot([last + 0.06, last + 0.2], [counts[-1], label_y], color=tint(color, 0.3), lw=1, clip_on=False)
        text = mix(color, INK, 0.45) if color in (GREEN, ORANGE) else color  # text at least 4.5:1 on white
        ax.text(last + 0.24, label_y, f"{name} {counts[-1]:,}", ha="left", va="center", color=text,
                fontsize=_pt(17 if main else 16), fontweight="bold", clip_on=False)
    cs = ARXIV_SUBMISSIONS[0][3]
    ax.annotate(f"cs \u00d7{cs[-1] / cs[0]:.1f} in five years", (2016.5, (cs[3] + cs[4]) / 2), xytext=(-14, 10),
                textcoords="offset points", ha="right", va="bottom", color=RED, fontsize=_pt(17),
                fontweight="bold")
    ax.text(2012.93, 39600, f"{last}: {ARXIV_TOTAL[-1]:,} new submissions in all;\n"
            "cs 25.5 %, all physics archives together 43.8 %", ha="left", va="top", color=MUTED,
            fontsize=_pt(14.5), linespacing=1.15)
    ax.set_xlim(2012.85, last + 0.1)
    ax.set_ylim(0, 40000)
    ax.set_xticks(years)
    ax.set_yticks(range(0, 40001, 10000))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.tick_params(labelsize=_pt(15))
    ax.set_ylabel("new arXiv submissions per year", fontsize=_pt(16))
    ax.grid(axis="x", visible=False)
    save.figure(fig, dest, scale=1.5, px_per_inch=PX_PER_INCH, colors=96)


# --------------------------------------------------------------------------- history strips
# Remark's `--` keeps what came before, so the three images end up STACKED on the slide: each is
# one era of the timeline (same canvas and layout) and together they read as one growing history.

HISTORY_INTEREST = [  # (year, interest 0..1): a qualitative "hype" curve, not measured data
    (1950, 0.05), (1955, 0.12), (1958, 0.28), (1962, 0.44), (1966, 0.4), (1969, 0.3), (1972, 0.08),
    (1976, 0.04), (1980, 0.07), (1983, 0.15), (1986, 0.3), (1989, 0.45), (1992, 0.42), (1995, 0.28),
    (1998, 0.13), (2002, 0.11), (2006, 0.17), (2009, 0.27), (2012, 0.5), (2014, 0.68), (2016, 0.84),
    (2018, 0.95), (2020, 1.0),
]
HISTORY_ERAS = [  # (first year, last year, winter band or None, events)
    # event: (year, name, who, label row 0/1, label alignment at the marker)
    (1950, 1980, (1970, 1980, "first AI winter"), [
        (1958, "1958 perceptron", "Rosenblatt", 0, "center"),
        (1969, "1969 \u201cPerceptrons\u201d", "Minsky & Papert", 0, "center"),
    ]),
    (1980, 2005, (1995, 2005, "second winter"), [
        (1986, "1986 backpropagation", "Rumelhart, Hinton & Williams", 0, "right"),
        (1989, "1989 LeNet / CNN", "LeCun", 0, "left"),
        (1995, "1990s SVMs", "Cortes & Vapnik", 0, "left"),
    ]),
    (2005, 2020, None, [
        (2006, "2006 deep belief nets", "Hinton", 0, "center"),
        (2012, "2012 AlexNet", "ImageNet", 0, "center"),
        (2014, "2014 GANs", "Goodfellow et al.", 1, "center"),
        (2016, "2016 AlphaGo", "beats Lee Sedol", 0, "center"),
        (2018, "2018 Turing award", "Bengio, Hinton, LeCun", 1, "center"),
    ]),
]
_STRIP_W, _STRIP_H = 800, 160
_AXIS_Y, _CURVE_TOP, _CURVE_BASE, _X0, _X1 = 80, 6, 74, 50, 750


def _history_strip(dest: Path, era: int) -> None:
    """One era of the timeline: interest curve with its winter dip, events on the axis below."""
    from matplotlib.patches import Rectangle
    from scipy.interpolate import PchipInterpolator

    first, last, winter, events = HISTORY_ERAS[era]
    fig, ax = canvas(_STRIP_W, _STRIP_H, y_down=True, px_per_inch=PX_PER_INCH)
    years, levels = np.array(HISTORY_INTEREST).T
    interest = PchipInterpolator(years, levels)

    def x_of(year):
        return _X0 + (np.asarray(year) - first) / (last - first) * (_X1 - _X0)

    def y_of(level):
        return _CURVE_BASE - np.asarray(level) * (_CURVE_BASE - _CURVE_TOP)

    if winter:
        w0, w1, name = winter
        ax.add_patch(Rectangle(
            (x_of(w0), _CURVE_TOP - 2), x_of(w1) - x_of(w0), _AXIS_Y - _CURVE_TOP + 2,
            color=tint(MUTED, 0.86), lw=0, zorder=0))
        ax.text((x_of(w0) + x_of(w1)) / 2, _CURVE_TOP + 4, name, ha="center", va="top",
                fontsize=_pt(16), color=MUTED, style="italic")
    t = np.linspace(first, last, 400)
    ax.fill_between(x_of(t), y_of(interest(t)), _CURVE_BASE, color=tint(BLUE, 0.8), lw=0, zorder=1)
    ax.plot(x_of(t), y_of(interest(t)), color=BLUE, lw=2.2, zorder=2, solid_capstyle="round")
    arrow(ax, (_X0 - 4, _AXIS_Y), (_X1 + 12, _AXIS_Y), color=INK, lw=1.6, head=6.2, shrink_start=2,
          shrink_end=2, z=3, round_corners=True)
    for year, ha, x in ((first, "right", _X0 - 8), (last, "left", _X1 + 16)):
        ax.text(x, _AXIS_Y, str(year), ha=ha, va="center", fontsize=_pt(14), color=MUTED)
    for year, name, who, row, ha in events:
        x, y = float(x_of(year)), float(y_of(interest(year)))
        ax.plot([x, x], [y, _AXIS_Y], color=RED, lw=1.2, ls=(0, (2, 2)), zorder=2)
        ax.plot([x], [y], "o", ms=5, color=RED, zorder=4)
        ax.plot([x], [_AXIS_Y], "o", ms=6.5, color=RED, markeredgecolor=WHITE, zorder=4)
        top = _AXIS_Y + 7 + row * 34
        if row:
            ax.plot([x, x], [_AXIS_Y + 5, top], color=tint(RED, 0.4), lw=1, zorder=2)
        tx = x + {"left": -8, "center": 0, "right": 8}[ha]
        ax.text(tx, top, name, ha=ha, va="top", fontsize=_pt(15), fontweight="bold", color=INK)
        ax.text(tx, top + 17, who, ha=ha, va="top", fontsize=_pt(14), color=MUTED)
    save.figure(fig, dest, scale=1.5, px_per_inch=PX_PER_INCH, colors=96)


_HISTORY_CREDIT = ("Drawn for this deck: {}, part {} of 3 of a deep-learning timeline 1950-2020 "
                   "(dates from the standard histories of the field; the interest curve is qualitative, "
                   "not measured). The three parts stack on the slide.")


@figure("img/dl-history1.png", credit=_HISTORY_CREDIT.format(
    "1950-1980, perceptron (Rosenblatt 1958), Perceptrons (Minsky & Papert 1969), first AI winter", 1))
def dl_history1(dest: Path) -> None:
    _history_strip(dest, 0)


@figure("img/dl-history2.png", credit=_HISTORY_CREDIT.format(
    "1980-2005, backpropagation (Rumelhart, Hinton & Williams 1986), LeNet (LeCun 1989), SVMs and "
    "the second winter", 2))
def dl_history2(dest: Path) -> None:
    _history_strip(dest, 1)


@figure("img/dl-history3.png", credit=_HISTORY_CREDIT.format(
    "2005-2020, deep belief nets (2006), AlexNet (2012), GANs (2014), AlphaGo (2016), Turing award "
    "(2018)", 3))
def dl_history3(dest: Path) -> None:
    _history_strip(dest, 2)


# --------------------------------------------------------------------------- tensor core

@figure("img/tensor_core2.png", credit=(
    "Drawn for this deck after Nvidia's description of the Volta tensor core (NVIDIA Tesla V100 GPU "
    "Architecture whitepaper, 2017): D = A x B + C on 4x4 matrices, A and B in FP16, C and D in FP16 "
    "or FP32, 64 fused multiply-adds per clock."))
def tensor_core(dest: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = canvas(600, 222, y_down=True, px_per_inch=PX_PER_INCH)
    cell, top = 26, 50
    fp16, mixed = BLUE, ORANGE
    grids = [  # (x, name, precision label, colour, highlighted cells as (row, col))
        (8, "D", "FP16 or FP32", mixed, {(1, 2)}),
        (168, "A", "FP16", fp16, {(1, c) for c in range(4)}),
        (328, "B", "FP16", fp16, {(r, 2) for r in range(4)}),
        (488, "C", "FP16 or FP32", mixed, {(1, 2)}),
    ]
    for x, name, precision, color, hot in grids:
        for r in range(4):
            for c in range(4):
                ax.add_patch(Rectangle((x + c * cell, top + r * cell), cell, cell, lw=1.4,
                                       edgecolor=WHITE, facecolor=color if (r, c) in hot
                                       else tint(color, 0.72)))
        ax.add_patch(Rectangle((x, top), 4 * cell, 4 * cell, lw=1.5, edgecolor=color, fill=False))
        ax.text(x + 2 * cell, top - 8, name, ha="center", va="bottom", fontsize=_pt(24),
                fontweight="bold", color=color)
        ax.text(x + 2 * cell, top + 4 * cell + 8, precision, ha="center", va="top", fontsize=_pt(15),
                color=color, fontweight="bold")
    mid = top + 2 * cell
    for x, symbol in ((140, "="), (300, "\u00d7"), (460, "+")):
        ax.text(x, mid, symbol, ha="center", va="center", fontsize=_pt(34), color=INK)
    ax.text(300, 218, r"each clock: 64 fused multiply-adds,   $D_{ij} = \Sigma_k\, A_{ik}\,B_{kj} + C_{ij}$",
            ha="center", va="bottom", fontsize=_pt(16), color=INK)
    with plt.rc_context(style.UBUNTU_MATHTEXT):  # the formula in the deck's font
        save.figure(fig, dest, scale=2.0, px_per_inch=PX_PER_INCH, colors=64)


# --------------------------------------------------------------------------- SSD

# The SSD diagram's arrows: a head 4.8 pt long and 2.4 pt wide, rounded corners.
_ssd_arrow = functools.partial(arrow, color=MUTED, lw=1.6, head=5.3, z=1, round_corners=True)


def _cuboid(ax, x, top, w, h, d, color, z=2):
    """A box seen in perspective: front face (x, top, w, h), receding d px up and to the right."""
    from matplotlib.patches import Polygon

    faces = [
        ([(x, top), (x + w, top), (x + w, top + h), (x, top + h)], 0.55),
        ([(x, top), (x + d, top - d), (x + w + d, top - d), (x + w, top)], 0.75),
        ([(x + w, top), (x + w + d, top - d), (x + w + d, top + h - d), (x + w, top + h)], 0.3),
    ]
    for points, amount in faces:
        ax.add_patch(Polygon(points, closed=True, facecolor=tint(color, amount), edgecolor=color,
                             lw=1.1, joinstyle="round", zorder=z))


@figure("img/ssd.png", credit=(
    "Drawn for this deck after the architecture figure of SSD: Single Shot MultiBox Detector "
    "(W. Liu et al., ECCV 2016): 300x300 input, VGG-16 base, feature maps of 38x38 to 1x1 each "
    "feeding per-class detections, then non-maximum suppression."))
def ssd(dest: Path) -> None:
    from matplotlib.patches import FancyBboxPatch, Rectangle

    fig, ax = canvas(600, 256, y_down=True, px_per_inch=PX_PER_INCH)
    cy = 108  # centre line of the boxes
    # the input image: a small scene with two objects and their boxes
    ax.add_patch(Rectangle((6, cy - 36), 72, 72, facecolor=tint(BLUE, 0.88), edgecolor=INK, lw=1.2))
    ax.add_patch(Rectangle((6, cy + 12), 72, 24, facecolor=tint(GREEN, 0.7), lw=0))
    ax.add_patch(Rectangle((16, cy - 4), 22, 26, facecolor=ORANGE, lw=0))
    ax.add_patch(Rectangle((49, cy - 20), 19, 42, facecolor=PURPLE, lw=0))
    for x, y, w, h in ((12, cy - 8, 30, 33), (45, cy - 24, 27, 49)):
        ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=RED, lw=1.6, ls=(0, (3, 1.5))))
    ax.text(42, cy + 50, "input\n300\u00d7300", ha="center", va="top", fontsize=_pt(15), color=INK,
            fontweight="bold", linespacing=1.1)
    _ssd_arrow(ax, (82, cy), (98, cy))
    # the VGG-16 base network
    _cuboid(ax, 102, cy - 42, 40, 84, 22, GREEN)
    ax.text(122 + 11, cy + 50, "VGG-16", ha="center", va="top", fontsize=_pt(15), fontweight="bold",
            color=GREEN)
    ax.text(133, cy - 70, "base network", ha="center", va="bottom", fontsize=_pt(14), color=GREEN,
            fontweight="bold")
    # the feature maps that feed the detector, from VGG's conv4_3 down to 1x1
    maps = [(38, 90), (19, 70), (10, 52), (5, 38), (3, 28), (1, 18)]
    x = 186
    centres = []
    for size, h in maps:
        w, d = 12, 0.3 * h
        _ssd_arrow(ax, (x - 16, cy), (x - 2, cy))
        _cuboid(ax, x, cy - h / 2, w, h, d, BLUE)
        centres.append(x + (w + d) / 2)
        ax.text(x + (w + d) / 2, cy + 50, f"{size}\u00d7{size}", ha="center", va="top",
                fontsize=_pt(15), color=INK, fontweight="bold")
        x += w + d + 20
    span = (centres[1] - 12, centres[-1] + 12)
    ax.plot([span[0], span[0], span[1], span[1]], [cy - 58, cy - 64, cy - 64, cy - 58], color=BLUE,
            lw=1.4)
    ax.text(sum(span) / 2, cy - 70, "extra feature layers", ha="center", va="bottom",
            fontsize=_pt(14), color=BLUE, fontweight="bold")
    # every map feeds the per-class detections, then non-maximum suppression
    bar_top, bar_h, bar_x0, bar_x1 = 200, 44, centres[0] - 22, centres[-1] + 22
    ax.add_patch(FancyBboxPatch((bar_x0, bar_top), bar_x1 - bar_x0, bar_h,
                                boxstyle="round,pad=0,rounding_size=6", facecolor=tint(ORANGE, 0.8),
                                edgecolor=ORANGE, lw=1.3))
    ax.text((bar_x0 + bar_x1) / 2, bar_top + bar_h / 2,
            "detections per class\n(3\u00d73 conv: class scores + box offsets)", ha="center",
            va="center", fontsize=_pt(14), color=INK, linespacing=1.15)
    for c in centres:
        _ssd_arrow(ax, (c, cy + 70), (c, bar_top - 1), color=ORANGE, lw=1.4)
    nms_x0, nms_x1 = bar_x1 + 18, 597
    ax.add_patch(FancyBboxPatch((nms_x0, bar_top - 4), nms_x1 - nms_x0, bar_h + 8,
                                boxstyle="round,pad=0,rounding_size=6", facecolor=tint(RED, 0.82),
                                edgecolor=RED, lw=1.3))
    ax.text((nms_x0 + nms_x1) / 2, bar_top + bar_h / 2, "non-maximum\nsuppression", ha="center",
            va="center", fontsize=_pt(14), color=INK, fontweight="bold", linespacing=1.1)
    _ssd_arrow(ax, (bar_x1 + 2, bar_top + bar_h / 2), (nms_x0 - 1, bar_top + bar_h / 2), color=RED)
    save.figure(fig, dest, scale=2.0, px_per_inch=PX_PER_INCH, colors=64)


# --------------------------------------------------------------------------- photos

def _augmentations(photo: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """The original photo (floats 0..1) and seven classic augmentations of it, fixed seed."""
    from skimage import transform

    rng = np.random.default_rng(7)
    h, w = photo.shape[:2]
    crop = photo[int(0.12 * h):int(0.72 * h), int(0.2 * w):int(0.8 * w)]
    shift = transform.AffineTransform(translation=(0.16 * w, 0.1 * h))
    return [
        ("original", photo),
        ("horizontal flip", photo[:, ::-1]),
        ("rotation 20\u00b0", transform.rotate(photo, 20, mode="reflect")),
        ("crop & zoom", transform.resize(crop, (h, w), anti_aliasing=True)),
        ("brightness +", np.clip(photo * 1.35 + 0.08, 0, 1)),
        ("contrast \u2212", np.clip(0.5 + 0.45 * (photo - 0.5), 0, 1)),
        ("shift", transform.warp(photo, shift, mode="reflect")),
        ("noise", np.clip(photo + rng.normal(0, 0.09, photo.shape), 0, 1)),
    ]


@figure("img/data_augment.png", credit=(
    "Drawn for this deck: augmentations computed here of \"Chelsea the cat\" from scikit-image's "
    "skimage.data.chelsea() (photo by Stefan van der Walt, CC0, \"no copyright restrictions\" per the "
    "skimage.data docstring)."))
def data_augment(dest: Path) -> None:
    from matplotlib.patches import Rectangle
    from skimage import data

    photo = data.chelsea()[:, 30:420] / 255.0  # 390 x 300, centred on the cat's face
    cells = _augmentations(photo)
    cols, cell_w, gap = 4, 144, 8
    img_h = cell_w * photo.shape[0] / photo.shape[1]
    row_h = img_h + 26
    fig, ax = canvas(cols * cell_w + (cols - 1) * gap, 2 * row_h - 4, y_down=True, px_per_inch=PX_PER_INCH)
    for i, (label, img) in enumerate(cells):
        x, y = (i % cols) * (cell_w + gap), (i // cols) * row_h
        ax.imshow(img, extent=(x, x + cell_w, y + img_h, y), interpolation="lanczos", zorder=1)
        edge = RED if i == 0 else GRID
        ax.add_patch(Rectangle((x, y), cell_w, img_h, fill=False, edgecolor=edge,
                               lw=2.5 if i == 0 else 1, zorder=2))
        ax.text(x + cell_w / 2, y + img_h + 3, label, ha="center", va="top", fontsize=_pt(15),
                color=RED if i == 0 else INK, fontweight="bold" if i == 0 else "normal")
    ax.set_xlim(0, cols * cell_w + (cols - 1) * gap)
    ax.set_ylim(2 * row_h - 4, 0)
    save.figure(fig, dest, scale=1.5, px_per_inch=PX_PER_INCH, colors=256)


def _colour_photo() -> np.ndarray:
    """The colourisation example: the astronaut photo (public domain, NASA) as floats 0..1."""
    from skimage import data

    return data.astronaut() / 255.0


def _simulated_colourisation(photo: np.ndarray) -> np.ndarray:
    """Not a network: the photo's own colours, blurred and washed out, standing in for a network's guess."""
    from skimage import color, filters

    lab = color.rgb2lab(photo)
    grey_l = lab[..., 0]
    ab = np.stack([filters.gaussian(lab[..., k], sigma=9) for k in (1, 2)], axis=-1) * 0.62
    ab[..., 1] += 4  # a slight warm cast, typical of automatic colourisation
    return np.clip(color.lab2rgb(np.dstack([grey_l, ab])), 0, 1)


@figure("img/imgbw.png", credit=(
    "Made for this deck: greyscale version of the astronaut photo from scikit-image's "
    "skimage.data.astronaut() (Eileen Collins, NASA; public domain per the skimage.data docstring)."))
def imgbw(dest: Path) -> None:
    from PIL import Image
    from skimage import color

    grey = color.rgb2gray(_colour_photo())
    img = Image.fromarray((grey * 255).round().astype(np.uint8), "L").resize((332, 332), Image.LANCZOS)
    save.image(img, dest)


@figure("img/imgcolor.png", credit=(
    "Made for this deck from the astronaut photo of skimage.data.astronaut() (NASA, public domain): "
    "greyscale input, a SIMULATED colourisation (the original colours blurred and desaturated, no "
    "network was run) and the original colour photo as ground truth."))
def imgcolor(dest: Path) -> None:
    from skimage import color

    photo = _colour_photo()
    panels = [
        ("greyscale input", np.dstack([color.rgb2gray(photo)] * 3)),
        ("colourised (simulated)", _simulated_colourisation(photo)),
        ("ground truth", photo),
    ]
    side, gap = 160, 10
    fig, ax = canvas(3 * side + 2 * gap, side + 28, y_down=True, px_per_inch=PX_PER_INCH)
    for i, (label, img) in enumerate(panels):
        x = i * (side + gap)
        ax.imshow(img, extent=(x, x + side, side, 0), interpolation="lanczos")
        ax.text(x + side / 2, side + 5, label, ha="center", va="top", fontsize=_pt(15),
                color=RED if i == 1 else INK, fontweight="bold" if i == 1 else "normal")
    ax.set_xlim(0, 3 * side + 2 * gap)
    ax.set_ylim(side + 28, 0)
    save.figure(fig, dest, scale=2.0, px_per_inch=PX_PER_INCH, colors=256)


# --------------------------------------------------------------------------- neural network zoo

ZOO_CELLS = {  # kind: (legend name, colour, inner mark), after the legend of van Veen's chart
    "in": ("input", ORANGE, None),
    "bin": ("backfed input", ORANGE, "ring"),
    "nin": ("noisy input", ORANGE, "triangle"),
    "hid": ("hidden", GREEN, None),
    "prob": ("probabilistic hidden", GREEN, "dot"),
    "spike": ("spiking hidden", GREEN, "triangle"),
    "out": ("output", RED, None),
    "match": ("match input output", RED, "ring"),
    "rec": ("recurrent", BLUE, None),
    "mem": ("memory", BLUE, "ring"),
    "gmem": ("gated memory", BLUE, "triangle"),
    "kern": ("kernel", PURPLE, None),
    "conv": ("convolution or pool", PURPLE, "ring"),
}
_LEGEND_COLUMNS = [["in", "bin", "nin"], ["hid", "prob", "spike"], ["out", "match"],
                   ["rec", "mem", "gmem"], ["kern", "conv"]]


def _net(nodes, edges, arcs=(), rows=3.0):
    """A zoo network: nodes (u, v, kind) in a unit box `rows` node-spacings tall, straight edges and
    curved skip arcs (a, b, bend)."""
    return {"nodes": nodes, "edges": list(edges), "arcs": list(arcs), "rows": rows}


def _layered(*layers, link=None, skips=()):
    """A left-to-right network from (count, kind) layers; `link(i, a, b, na, nb)` filters edges.

    `skips` are (layer, node, layer, node, bend) drawn as arcs (residual connections).
    """
    biggest = max(n for n, _ in layers)
    nodes, starts = [], []
    for i, (n, kind) in enumerate(layers):
        starts.append(len(nodes))
        for k in range(n):
            nodes.append((i / (len(layers) - 1), 0.5 + (k - (n - 1) / 2) / max(biggest - 1, 1), kind))
    edges = [(starts[i] + a, starts[i + 1] + b)
             for i in range(len(layers) - 1)
             for a in range(layers[i][0]) for b in range(layers[i + 1][0])
             if link is None or link(i, a, b, layers[i][0], layers[i + 1][0])]
    return _net(nodes, edges, [(starts[i] + a, starts[j] + b, bend) for i, a, j, b, bend in skips],
                rows=max(biggest - 1, 1))


def _near(a: int, b: int, na: int, nb: int) -> bool:
    """Convolution-like locality: node b only sees the nodes of the previous layer closest to it."""
    return abs((a + 0.5) / na - (b + 0.5) / nb) * max(na, nb) <= 0.76


def _local_first(count: int):
    return lambda i, a, b, na, nb: i >= count or _near(a, b, na, nb)


def _local_last(count: int, n_layers: int):
    return lambda i, a, b, na, nb: i < n_layers - 1 - count or _near(a, b, na, nb)


def _random_links(density: float, seed: int):
    """Sparse random wiring (extreme learning machine, echo state network); every node keeps one link."""
    rng = np.random.default_rng(seed)
    draws = rng.random((8, 8, 8))
    return lambda i, a, b, na, nb: draws[i, a, b] < density or b == a % nb


def _ring(kinds: list[str]) -> dict:
    """Nodes on a circle, every pair joined (Markov chain, Hopfield network, Boltzmann machine)."""
    n = len(kinds)
    nodes = [(0.5 + 0.4 * np.sin(2 * np.pi * k / n), 0.5 - 0.5 * np.cos(2 * np.pi * k / n), kind)
             for k, kind in enumerate(kinds)]
    return _net(nodes, [(a, b) for a in range(n) for b in range(a + 1, n)], rows=3.2)


def _liquid() -> dict:
    """Inputs, a reservoir of spiking cells placed and joined at random, outputs."""
    rng = np.random.default_rng(3)
    nodes = [(0.0, v, "in") for v in (0.15, 0.5, 0.85)]
    for u in (0.3, 0.5, 0.7):
        nodes += [(u + rng.uniform(-0.05, 0.05), v + rng.uniform(-0.07, 0.07), "spike")
                  for v in (0.1, 0.5, 0.9)]
    nodes += [(1.0, v, "out") for v in (0.3, 0.7)]
    edges = [(i, 3 + i) for i in range(3)] + [(i, 4) for i in (0, 2)]
    edges += [(a, b) for a in range(3, 12) for b in range(a + 1, 12) if rng.random() < 0.3]
    edges += [(r, o) for r in (9, 10, 11) for o in (12, 13)]
    return _net(nodes, edges, rows=3.5)


def _kohonen() -> dict:
    """Inputs joined to every cell of a 3x3 map."""
    nodes = [(0.0, v, "in") for v in (0.2, 0.5, 0.8)]
    nodes += [(u, v, "hid") for u in (0.55, 0.775, 1.0) for v in (0.1, 0.5, 0.9)]
    return _net(nodes, [(a, b) for a in range(3) for b in range(3, 12)], rows=3.5)


def _turing() -> dict:
    """A controller network that reads and writes a bank of memory cells."""
    nodes = [(0.0, v, "in") for v in (0.1, 0.45)]
    nodes += [(0.5, v, "hid") for v in (0.0, 0.27, 0.54)]
    nodes += [(1.0, v, "out") for v in (0.1, 0.45)]
    nodes += [(u, 1.0, "mem") for u in (0.2, 0.4, 0.6, 0.8)]
    edges = [(a, b) for a in (0, 1) for b in (2, 3, 4)] + [(a, b) for a in (2, 3, 4) for b in (5, 6)]
    return _net(nodes, edges + [(4, m) for m in (7, 8, 9, 10)], rows=4)


ZOO1 = [
    ("Perceptron (P)", _layered((2, "in"), (1, "out"))),
    ("Feed forward (FF)", _layered((2, "in"), (2, "hid"), (1, "out"))),
    ("Radial basis network (RBF)", _layered((2, "in"), (3, "kern"), (1, "out"))),
    ("Deep feed forward (DFF)", _layered((3, "in"), (4, "hid"), (4, "hid"), (2, "out"))),
    ("Recurrent neural network (RNN)", _layered((3, "in"), (4, "rec"), (4, "rec"), (2, "out"))),
    ("Long / short term memory (LSTM)", _layered((3, "in"), (4, "mem"), (4, "mem"), (2, "out"))),
    ("Gated recurrent unit (GRU)", _layered((3, "in"), (4, "gmem"), (4, "gmem"), (2, "out"))),
    ("Auto encoder (AE)", _layered((4, "in"), (2, "hid"), (4, "match"))),
    ("Variational AE (VAE)", _layered((4, "in"), (3, "hid"), (2, "prob"), (3, "hid"), (4, "match"))),
    ("Denoising AE (DAE)", _layered((4, "nin"), (3, "hid"), (4, "match"))),
    ("Sparse AE (SAE)", _layered((2, "in"), (4, "hid"), (2, "match"))),
]

ZOO2 = [
    ("Markov chain (MC)", _ring(["prob"] * 5)),
    ("Hopfield network (HN)", _ring(["bin"] * 5)),
    ("Boltzmann machine (BM)", _ring(["bin", "bin", "bin", "prob", "prob"])),
    ("Restricted BM (RBM)", _layered((4, "bin"), (3, "prob"))),
    ("Deep belief network (DBN)", _layered((3, "bin"), (4, "prob"), (4, "prob"), (2, "match"))),
    ("Deep convolutional network (DCN)",
     _layered((4, "in"), (3, "kern"), (2, "conv"), (3, "hid"), (2, "out"), link=_local_first(2))),
    ("Deconvolutional network (DN)",
     _layered((2, "in"), (3, "hid"), (2, "conv"), (3, "kern"), (4, "out"), link=_local_last(2, 5))),
    ("Deep conv. inverse graphics network (DCIGN)",
     _layered((4, "in"), (3, "kern"), (2, "conv"), (2, "prob"), (2, "conv"), (3, "kern"), (4, "match"),
              link=lambda i, a, b, na, nb: i in (2, 3) or _near(a, b, na, nb))),
    ("Generative adversarial network (GAN)",
     _layered((2, "nin"), (3, "hid"), (4, "match"), (3, "hid"), (1, "out"))),
    ("Liquid state machine (LSM)", _liquid()),
    ("Extreme learning machine (ELM)",
     _layered((3, "in"), (4, "hid"), (4, "hid"), (2, "out"), link=_random_links(0.4, 5))),
    ("Echo state network (ESN)",
     _layered((3, "in"), (4, "rec"), (4, "rec"), (2, "out"), link=_random_links(0.4, 11))),
    ("Deep residual network (DRN)",
     _layered((2, "in"), (3, "hid"), (3, "hid"), (3, "hid"), (3, "hid"), (2, "out"),
              skips=[(1, 0, 3, 0, -0.5), (2, 2, 4, 2, 0.5)])),
    ("Kohonen network (KN)", _kohonen()),
    ("Support vector machine (SVM)", _layered((3, "in"), (3, "kern"), (1, "out"))),
    ("Neural Turing machine (NTM)", _turing()),
]


def _zoo_node(ax, x, y, r, kind):
    from matplotlib.patches import Circle, RegularPolygon

    _, color, mark = ZOO_CELLS[kind]
    ax.add_patch(Circle((x, y), r, facecolor=tint(color, 0.55), edgecolor=color, lw=1.3, zorder=3))
    if mark == "ring":
        ax.add_patch(Circle((x, y), r * 0.52, fill=False, edgecolor=color, lw=1.1, zorder=4))
    elif mark == "dot":
        ax.add_patch(Circle((x, y), r * 0.34, facecolor=color, lw=0, zorder=4))
    elif mark == "triangle":
        ax.add_patch(RegularPolygon((x, y + r * 0.08), 3, radius=r * 0.55, orientation=np.pi,
                                    facecolor=color, lw=0, zorder=4))


def _zoo_cell(ax, x0, y0, w, h, title, net, r=6.5):
    """One titled panel: the network drawn in the space under its title."""
    import textwrap

    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x0 + 3, y0 + 3), w - 6, h - 6, boxstyle="round,pad=0,rounding_size=7",
                                facecolor=LIGHT, edgecolor="none", zorder=0))
    lines = textwrap.wrap(title, width=max(12, int((w - 12) / 7.3)))
    ax.text(x0 + w / 2, y0 + 8, "\n".join(lines), ha="center", va="top", fontsize=_pt(14),
            fontweight="bold", color=INK, linespacing=1.05)
    top = y0 + 14 + 16 * len(lines) + r
    bottom = y0 + h - 10 - r
    us = [u for u, _, _ in net["nodes"]]
    vs = [v for _, v, _ in net["nodes"]]
    box_h = min(bottom - top, net["rows"] * 26) * (max(vs) - min(vs))
    box_w = min(w - 24 - 2 * r, (len(set(np.round(us, 3))) - 1) * 44)
    left, upper = x0 + (w - box_w) / 2, (top + bottom - box_h) / 2
    points = [(left + u * box_w, upper + (v - min(vs)) / ((max(vs) - min(vs)) or 1) * box_h)
              for u, v, _ in net["nodes"]]
    for a, b in net["edges"]:
        ax.plot(*zip(points[a], points[b]), color=tint(MUTED, 0.45), lw=0.8, zorder=1)
    for a, b, bend in net["arcs"]:
        ax.add_patch(FancyArrowPatch(points[a], points[b], arrowstyle="-", color=GREEN, lw=1.4,
                                     connectionstyle=f"arc3,rad={bend}", zorder=2))
    for (x, y), (_, _, kind) in zip(points, net["nodes"]):
        _zoo_node(ax, x, y, r, kind)


def _zoo_legend(ax, y0, width):
    """The cell types, one column per colour family."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(family="Ubuntu", size=_pt(14))
    col_w = [24 + max(TextPath((0, 0), ZOO_CELLS[k][0], prop=prop).get_extents().width for k in col)
             for col in _LEGEND_COLUMNS]
    gap = (width - sum(col_w)) / (len(col_w) + 1)
    x = gap
    for col, cw in zip(_LEGEND_COLUMNS, col_w):
        for row, kind in enumerate(col):
            y = y0 + 11 + row * 22
            _zoo_node(ax, x + 7, y, 7, kind)
            ax.text(x + 20, y, ZOO_CELLS[kind][0], ha="left", va="center", fontsize=_pt(14), color=INK)
        x += cw + gap


def _zoo(dest: Path, nets, cols: int) -> None:
    width, height, legend_h = 800, 480, 74
    fig, ax = canvas(width, height, y_down=True, px_per_inch=PX_PER_INCH)
    rows = -(-len(nets) // cols)
    cell_w, cell_h = width / cols, (height - legend_h) / rows
    for i, (title, net) in enumerate(nets):
        row, col = divmod(i, cols)
        in_row = min(cols, len(nets) - row * cols)
        x0 = (width - in_row * cell_w) / 2 + col * cell_w
        _zoo_cell(ax, x0, row * cell_h, cell_w, cell_h, title, net)
    ax.plot([12, width - 12], [height - legend_h + 2] * 2, color=GRID, lw=1)
    _zoo_legend(ax, height - legend_h + 8, width)
    save.figure(fig, dest, scale=2.0, px_per_inch=PX_PER_INCH, colors=128)


_ZOO_CREDIT = ("Drawn for this deck after \"The Neural Network Zoo\" chart by Fjodor van Veen (Asimov "
               "Institute, 2016): same idea of cell types and network sketches, drawn anew; {}.")


@figure("img/nnzoo1.png", credit=_ZOO_CREDIT.format(
    "perceptron, feed-forward, RBF, deep feed-forward, RNN, LSTM, GRU and auto-encoders"))
def nnzoo1(dest: Path) -> None:
    _zoo(dest, ZOO1, cols=4)


@figure("img/nnzoo2.png", credit=_ZOO_CREDIT.format(
    "Markov chain, Hopfield, Boltzmann machines, DBN, convolutional and deconvolutional networks, "
    "DCIGN, GAN, LSM, ELM, ESN, residual, Kohonen, SVM and neural Turing machine"))
def nnzoo2(dest: Path) -> None:
    _zoo(dest, ZOO2, cols=6)


# --------------------------------------------------------------------------- title background

@figure("img/brain.png", credit=(
    "Drawn for this deck: a pale random network of nodes and edges (fixed seed), kept to the right "
    "and the edges so that the title stays readable."))
def brain(dest: Path) -> None:
    from PIL import Image, ImageDraw

    width, height, ss = 1200, 900, 2  # drawn at twice the size, then reduced: smooth lines
    rng = np.random.default_rng(2019)

    def weight(p):
        """How much network belongs here: the right side and the top edge; the title area stays clear."""
        u, v = p[..., 0] / width, p[..., 1] / height
        right = np.clip((u - 0.56) / 0.32, 0, 1)
        top = np.clip(1 - v / 0.12, 0, 1) * (0.2 + 0.8 * u)
        bottom = np.clip(1 - (1 - v) / 0.1, 0, 1) * np.clip((u - 0.45) / 0.3, 0, 1)
        return np.maximum.reduce([right, top, bottom])

    points = rng.uniform((0, 0), (width, height), size=(2600, 2))
    nodes = points[rng.random(len(points)) < 0.42 * weight(points)]
    dist = np.hypot(*(nodes[:, None, :] - nodes[None, :, :]).transpose(2, 0, 1))
    pairs = sorted({(min(a, b), max(a, b)) for a in range(len(nodes))
                    for b in np.argsort(dist[a])[1:4] if dist[a, b] < 115})

    def shade(rgb, w):  # paler where the network thins out towards the text
        return tuple(int(round(255 - (255 - c) * (0.35 + 0.65 * w))) for c in rgb)

    image = Image.new("RGB", (width * ss, height * ss), WHITE)
    draw = ImageDraw.Draw(image)
    for a, b in pairs:
        w = float(weight((nodes[a] + nodes[b]) / 2))
        draw.line([tuple(nodes[a] * ss), tuple(nodes[b] * ss)], width=ss + 1,
                  fill=shade((205, 217, 231) if rng.random() < 0.85 else (186, 203, 224), w))
    for p in nodes:
        w, r, halo = float(weight(p)), rng.uniform(2.5, 6.5) * ss, rng.random() < 0.12
        x, y = p * ss
        if halo:
            draw.ellipse([x - 2.4 * r, y - 2.4 * r, x + 2.4 * r, y + 2.4 * r], fill=shade((232, 239, 246), w))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade((188, 205, 224) if halo else (200, 213, 228), w))
    save.image(image.resize((width, height), Image.LANCZOS), dest, colors=48)

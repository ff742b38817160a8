"""The canvas and the arrow, drawn with matplotlib: `make figures` runs these before it draws anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import save  # noqa: E402
import style  # noqa: E402


def _dark(fig) -> np.ndarray:
    """Which pixels of the figure, rendered at one device px per CSS px, are dark (rows from the top)."""
    return np.asarray(save.render(fig, 1)).sum(axis=2) < 3 * 128


def _square_at_origin(y_down: bool) -> np.ndarray:
    """A canvas 100 x 50 px with a black 10 px square at (0, 0), as dark pixels."""
    from matplotlib.patches import Rectangle

    fig, ax = style.canvas(100, 50, y_down=y_down)
    ax.add_patch(Rectangle((0, 0), 10, 10, facecolor="black", linewidth=0))
    return _dark(fig)


def test_y_down_puts_the_origin_at_the_top_left():
    dark = _square_at_origin(y_down=True)
    assert dark[:10, :10].all()
    assert not dark[10:, :].any() and not dark[:, 10:].any()


def test_y_up_puts_the_origin_at_the_bottom_left():
    dark = _square_at_origin(y_down=False)
    assert dark[40:, :10].all()
    assert not dark[:40, :].any() and not dark[:, 10:].any()


@pytest.mark.parametrize("px_per_inch", [72, 100])
def test_the_canvas_is_its_size_in_css_px_times_the_scale(px_per_inch):
    fig, _ = style.canvas(120, 80, y_down=True, px_per_inch=px_per_inch)
    assert save.render(fig, 1.5, px_per_inch).size == (180, 120)


def test_the_arrow_head_is_at_the_end():
    fig, ax = style.canvas(200, 40, y_down=True)
    style.arrow(ax, (20, 20), (180, 20), color="#000000", lw=2, head=20)
    height = _dark(fig).sum(axis=0)          # dark pixels per column, left to right
    line, head = height[30:150], height[150:180]
    assert line.max() <= 3 < head.max()      # the head is wider than the line, and only near the end
    assert height[:18].sum() == 0 and height[182:].sum() == 0

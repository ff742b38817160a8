"""Figures to files: their exact canvas size, no metadata, so that drawing them again gives the same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence


def figure(fig, dest: Path, *, scale: float = 1.5, px_per_inch: float = 72, colors: int | None = None,
           quality: int = 88, subsampling: int = 0) -> None:
    """Save a matplotlib figure as SVG or PNG, or as JPEG or palette PNG through `image`, then close it.

    `scale` device px per CSS px; `px_per_inch` as given to `style.canvas`; `colors` makes a palette PNG."""
    import matplotlib.pyplot as plt

    with plt.rc_context({"savefig.bbox": "standard"}):  # keep the exact canvas size, never crop
        if dest.suffix == ".svg":
            fig.savefig(dest, format="svg", metadata={"Date": None, "Creator": None})
        elif dest.suffix == ".png" and colors is None:
            fig.savefig(dest, format="png", dpi=px_per_inch * scale, metadata={"Software": None})
        else:
            image(render(fig, scale, px_per_inch), dest, colors=colors, quality=quality, subsampling=subsampling)
    plt.close(fig)


def render(fig, scale: float, px_per_inch: float = 72):
    """The figure as a Pillow RGB image at `scale` device px per CSS px."""
    import numpy as np
    from PIL import Image

    fig.set_dpi(px_per_inch * scale)
    fig.canvas.draw()
    return Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())


def image(img, dest: Path, *, colors: int | None = None, quality: int = 88, subsampling: int = 0) -> None:
    """Write a Pillow image as a real JPEG (`quality`, chroma `subsampling`: 0 is 4:4:4, 2 is 4:2:0) or
    PNG, a palette PNG of `colors` colours (median cut, no dithering) when `colors` is given."""
    from PIL import Image

    if dest.suffix.lower() in (".jpg", ".jpeg"):
        img.convert("RGB").save(dest, "JPEG", quality=quality, optimize=True, subsampling=subsampling)
    elif colors:
        img = img.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        img.save(dest, "PNG", optimize=True)
    else:
        img.save(dest, "PNG", optimize=True)


def gif(frames: Sequence, durations: Sequence[int], dest: Path, colors: int = 96) -> None:
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

"""Write every image and sound the talk uses into img/, and img/CREDITS.md from the registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]   # the figure modules, and deckhand (its cache folder)

import style  # noqa: E402

MODULES = ["neurons", "training", "convolution", "animations", "charts", "standins", "sounds", "faces"]


def load_registry() -> list[style.Figure]:
    """Import every figure module so that its @figure functions register themselves."""
    import importlib

    for name in MODULES:
        importlib.import_module(name)
    return sorted(style.REGISTRY, key=lambda f: f.path)


def write_credits(figures: list[style.Figure], dest: Path) -> None:
    """Write img/CREDITS.md: one row per file, what made it or what original it stands in for."""
    lines = [
        "# Credits for img/",
        "",
        "Every file here is made by `figures/make_figures.py` (run `make figures`). Most are drawn here;",
        "the few made from other people's work (photos and a recording shipped in scikit-image and",
        "Debian's alsa-utils) say so, with the work's licence, in their row.",
        "",
        "| file | made by | credit |",
        "|---|---|---|",
    ]
    for fig in figures:
        name = fig.path.removeprefix("img/")
        lines.append(f"| `{name}` | `figures/{fig.make.__module__}.py::{fig.make.__name__}` | {fig.credit} |")
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="paths (img/x.png) or substrings to make; default all")
    args = parser.parse_args(argv)
    style.use_theme()
    figures = load_registry()
    for fig in figures:
        if args.only and not any(o in fig.path for o in args.only):
            continue
        dest = style.ROOT / fig.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        fig.make(dest)
        print(f"{fig.path}  {dest.stat().st_size / 1024:.0f} KiB")
    style.IMG_DIR.mkdir(exist_ok=True)
    write_credits(figures, style.IMG_DIR / "CREDITS.md")
    if not args.only:
        import glyph_font

        glyph_font.main()   # the theme's fallback font for the characters no shipped font has
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

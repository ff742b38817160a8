"""The fallback font of the theme: the deck's characters that no shipped font has, cut from Noto Sans JP.

The Ubuntu fonts (and KaTeX's, for math) have no Japanese; the talk writes ¯\\_(ツ)_/¯. This reads the
cmaps of the fonts the build ships, collects every character of slides/*.md they miss, cuts those
glyphs out of Noto Sans JP (SIL OFL 1.1, fetched once with `npm pack` from the npm registry, package
@fontsource-variable/noto-sans-jp, pinned below), instances it at weight 400 and writes it as a WOFF2
data: URI into templates/theme.css between the two GLYPHS markers, so the page, the single file and
the PDF all have it offline. The font weighs a few hundred bytes per glyph.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTO = "@fontsource-variable/noto-sans-jp@5.3.1"
CACHE = ROOT / ".cache" / "glyph-font"
THEME = ROOT / "templates" / "theme.css"
BEGIN, END = "/* GLYPHS: begin (written by figures/glyph_font.py) */", "/* GLYPHS: end */"
FAMILY = "Deck Glyphs"


def shipped_codepoints() -> set[int]:
    """Every code point some font of the build covers: the Ubuntu families, Ubuntu Mono and KaTeX."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    folders = [ROOT / "node_modules/@fontsource/ubuntu/files", ROOT / "node_modules/@fontsource/ubuntu-mono/files",
               ROOT / "node_modules/katex/dist/fonts"]
    for folder in folders:
        for path in sorted(folder.glob("*.woff2")):
            covered.update(TTFont(path).getBestCmap() or {})
    return covered


def deck_characters() -> set[int]:
    """The code points written in the decks' Markdown (controls and whitespace left out)."""
    found: set[int] = set()
    for path in sorted((ROOT / "slides").glob("*.md")):
        found.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) > 0x20)
    return found


def noto_chunks() -> list[Path]:
    """The WOFF2 files of the pinned Noto Sans JP package, fetched into .cache/ the first time."""
    files = CACHE / "package" / "files"
    if not files.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(["npm", "pack", NOTO, "--silent"], cwd=CACHE, check=True, capture_output=True, text=True)
        with tarfile.open(CACHE / out.stdout.strip().splitlines()[-1]) as tar:
            tar.extractall(CACHE, filter="data")
    return sorted(files.glob("noto-sans-jp-*-wght-normal.woff2"))


def subset_woff2(missing: set[int]) -> tuple[bytes, set[int]]:
    """A weight-400 WOFF2 with the glyphs of `missing` Noto Sans JP has, and which code points those are."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    for path in noto_chunks():
        font = TTFont(path)
        have = missing & set(font.getBestCmap())
        if not have:
            continue
        if len(have) < len(missing):
            print(f"note: {sorted(chr(c) for c in missing - have)} not in {path.name}", file=sys.stderr)
        font = instancer.instantiateVariableFont(font, {"wght": 400})
        options = subset.Options()
        options.flavor = "woff2"
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]   # keep the copyright, the names and the licence
        options.layout_features = []
        sub = subset.Subsetter(options)
        sub.populate(unicodes=sorted(have))
        sub.subset(font)
        buf = io.BytesIO()
        font.flavor = "woff2"
        font.save(buf)
        return buf.getvalue(), have
    raise SystemExit(f"none of {sorted(chr(c) for c in missing)} is in Noto Sans JP")


def block(woff2: bytes, points: set[int]) -> str:
    """The @font-face rule of the theme for those glyphs."""
    ranges = ", ".join(f"U+{p:04X}" for p in sorted(points))
    chars = "".join(chr(p) for p in sorted(points))
    data = base64.b64encode(woff2).decode("ascii")
    return (f"{BEGIN}\n/* {chars}: Noto Sans JP (SIL Open Font License 1.1, {NOTO}), subset to these glyphs */\n"
            f"@font-face {{ font-family: '{FAMILY}'; font-style: normal; font-weight: 100 900; "
            f"unicode-range: {ranges};\n  src: url(data:font/woff2;base64,{data}) format('woff2'); }}\n{END}")


def main() -> int:
    missing = {c for c in deck_characters() - shipped_codepoints() if not 0xFE00 <= c <= 0xFE0F}
    theme = THEME.read_text(encoding="utf-8")
    if not missing:
        print("every character of the decks is in a shipped font")
        return 0
    woff2, have = subset_woff2(missing)
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(theme):
        raise SystemExit(f"{THEME}: the {BEGIN} ... {END} markers are missing")
    THEME.write_text(pattern.sub(lambda _: block(woff2, have), theme), encoding="utf-8")
    print(f"templates/theme.css  {FAMILY}: {''.join(chr(c) for c in sorted(have))}, {len(woff2)} bytes of WOFF2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

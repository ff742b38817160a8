"""The talk's figures and sounds: every file it references exists and decodes, and each is credited
(collected only while slides/hands-on-deep-learning.md is there)."""

from __future__ import annotations

import re
import wave
from xml.etree import ElementTree

import pytest
from PIL import Image

from deckhand.assets import find_refs
from deckhand.parse import load_deck
from tests.conftest import ROOT
from tests.talk.conftest import TALK

IMG = ROOT / "img"
TALK_REFS = sorted({r.ref for r in find_refs(load_deck(TALK))})
IMG_FILES = sorted(p.relative_to(IMG).as_posix() for p in IMG.rglob("*") if p.is_file() and p.name != "CREDITS.md")


def test_the_talk_references_its_figures_and_sounds():
    assert len(TALK_REFS) >= 50
    assert all(ref.startswith("img/") for ref in TALK_REFS)


@pytest.mark.parametrize("ref", TALK_REFS)
def test_referenced_file_exists_and_decodes(ref):
    path = ROOT / ref
    assert path.is_file(), f"{ref} is missing: run `make figures`"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        root = ElementTree.parse(path).getroot()
        assert root.tag.endswith("svg") and (root.get("viewBox") or root.get("width"))
    elif suffix == ".wav":
        with wave.open(str(path)) as sound:
            seconds = sound.getnframes() / sound.getframerate()
            assert 1.0 <= seconds <= 10.0
            assert sound.getsampwidth() == 2
        assert path.stat().st_size < 300 * 1024
    else:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            expected = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}[suffix]
            assert image.format == expected
            if suffix == ".gif":
                assert path.stat().st_size < 1.5 * 1024 * 1024


def _slot_widths() -> dict[str, int]:
    """The widths the talk asks for (`width="800px"`, `style="width: 500px"`), per image it shows."""
    text = TALK.read_text(encoding="utf-8")
    widths: dict[str, int] = {}
    for tag in re.finditer(r"<img\b[^>]*>", text):
        src = re.search(r"src=[\"']([^\"']+)", tag.group(0))
        width = re.search(r"width\s*[=:]\s*[\"']?\s*(\d+)", tag.group(0))
        if src and width and src.group(1) in TALK_REFS and not src.group(1).endswith(".svg"):
            widths[src.group(1)] = max(widths.get(src.group(1), 0), int(width.group(1)))
    return widths


@pytest.mark.parametrize("ref, slot", sorted(_slot_widths().items()))
def test_raster_images_are_at_least_as_wide_as_their_slot(ref, slot):
    with Image.open(ROOT / ref) as image:
        assert image.width >= slot, f"{ref} is {image.width}px wide, shown at {slot}px"


def test_credits_name_every_file_in_img():
    credits = (IMG / "CREDITS.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([^`]+)` \|", credits, re.M))
    assert named == set(IMG_FILES)


def test_img_stays_small():
    total = sum((IMG / f).stat().st_size for f in IMG_FILES)
    assert total < 10 * 1024 * 1024, f"img/ holds {total / 1024 / 1024:.1f} MB"


def test_figure_fonts_are_cached_outside_the_build_folder(tmp_path, monkeypatch):
    # `make figures` once kept its TTF fonts in build/.figure-fonts; the next `make build` then
    # refused to replace build/ ("not the output of an earlier build").
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import importlib

    import figures.style as style

    style = importlib.reload(style)   # FONT_CACHE is read from the environment at import
    assert style.FONT_CACHE == tmp_path / "deckhand" / "figure-fonts"
    assert style.font_path(700).parent == style.FONT_CACHE
    assert not style.font_path().is_relative_to(ROOT)
    monkeypatch.undo()
    importlib.reload(style)

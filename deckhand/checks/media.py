"""The files a deck uses: the letter case of their paths, whether they decode, and whether an
image is far larger than the place it is shown in."""

from __future__ import annotations

import os
import re
import warnings
import wave
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import NamedTuple

from .. import cache
from ..codes import ALT_HINT
from .base import Scan, finding

OVERSIZE = 4      # warn above this many image pixels per slot pixel (4x: a 4K projector at full screen)
TARGET = 2        # and suggest this many (2x: sharp on a full-HD projector and a retina laptop)
MIN_SAVING = 50_000
REFERENCE_HEIGHT = 681   # remark 0.14's slide height in CSS pixels; the width follows the ratio

def _ogg(head: bytes) -> bool:
    return head.startswith(b"OggS")


def _mpeg_audio(head: bytes) -> bool:  # an ID3 tag, or an MPEG/ADTS frame: 11 sync bits
    return head.startswith(b"ID3") or len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0


def _iso_media(head: bytes) -> bool:  # MP4, M4A, MOV: a box type at byte 4
    return head[4:8] in (b"ftyp", b"moov", b"wide", b"mdat", b"free", b"skip")


_SIGNATURE = {  # suffix -> how a file of that kind starts
    ".ogg": _ogg, ".oga": _ogg, ".opus": _ogg, ".ogv": _ogg, ".mp3": _mpeg_audio, ".aac": _mpeg_audio,
    ".m4a": _iso_media, ".mp4": _iso_media, ".m4v": _iso_media, ".mov": _iso_media,
    ".flac": lambda head: head.startswith((b"fLaC", b"ID3")),
    ".webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
}
_BROWSER_IMAGES = {".avif", ".jxl"}   # shown by some browsers, not always readable by Pillow: not judged
# ![](file): Markdown has no way to say "decorative", so an empty alt there is one never written
# (an <img alt=""> is a choice: axe-core judges the HTML, in the render checks).
_NO_ALT = re.compile(r"!\[\s*\](?:\(\s*<?([^)\s>]*)|\[([^\]]*)\])")
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(px|%)?", re.I)


class Media(NamedTuple):
    """What reading a file told: why it does not decode (or ""), and an image's pixel size."""

    problem: str
    size: tuple[int, int] | None = None
    bytes: int = 0
    too_large: bool = False   # more pixels than Pillow opens without the risk of a decompression bomb

    @classmethod
    def from_json(cls, saved: list) -> Media:
        problem, size, nbytes, too_large = saved
        return cls(problem, tuple(size) if size else None, nbytes, too_large)


# What reading a file told, by (file, kind, mtime, size): kept on disk too, so that a build reads
# only the files changed since the last one (reading the talk's 53 files costs ~60 ms).
CACHE_NAME, CACHE_FORMAT, CACHE_ENTRIES = "media-checks.json", 3, 5000
LISTINGS = 2000   # folders whose entries are remembered, with their mtime


def check_media(scan: Scan):
    """E-case, E-decode and W-size for each file the deck uses."""
    deck = scan.deck
    listings: dict[str, list[str]] = {}
    slots = _image_slots(scan)
    checked = cache.file(CACHE_NAME, layout=CACHE_FORMAT, limit=CACHE_ENTRIES, decode=Media.from_json)
    for ref in scan.refs:
        if ref.src_path is None:
            continue
        wrong = _case_mismatch(ref.dest, ref.src_path, listings)
        if wrong:
            yield finding(deck, ref.line, "E-case", f"{ref.kind} '{ref.ref}' differs in letter case from the file "
                          f"'{wrong}'", f"write '{wrong}': it works on this computer but not on a Linux web server")
        media = _media(ref.src_path, ref.kind, checked)
        if media.problem:
            yield finding(deck, ref.line, "E-decode", f"{ref.kind} '{ref.ref}' does not decode: {media.problem}",
                          "export the file again from its source")
        elif media.too_large:
            yield finding(deck, ref.line, "W-size", f"{ref.kind} '{ref.ref}' is too large to check: it has more than "
                          f"{_bomb_limit():,} pixels", f"resize it to {_slide_width(deck) * TARGET} px wide or less; "
                          "a slide never shows more, and a browser may be slow to open it")
        elif media.size:
            slot = slots.get((ref.line, ref.ref)) if ref.kind == "image" else None
            cover = ref.kind == "background"
            oversize = _oversize(media, slot or (_slide_width(deck), REFERENCE_HEIGHT if cover else None), cover)
            if oversize:
                yield finding(deck, ref.line, "W-size", *oversize(ref.kind, ref.ref))
    checked.save()


def check_alt(scan: Scan):
    """W-alt for each Markdown image on a slide (not in its notes) written with no alt text."""
    deck, body = scan.deck, scan.deck.body
    for _, notes, start, end in scan.prose:
        if not notes and body.find("![", start, end) >= 0:
            for match in _NO_ALT.finditer(body, start, end):
                target = match.group(1) if match.group(2) is None else f"[{match.group(2)}]"
                yield finding(deck, deck.line_of(match.start()), "W-alt", f"image '{target}' has no alt text", ALT_HINT)


def _media(path: Path, kind: str, checked: cache.DiskCache) -> Media:
    """read_media, remembered by the file's path, kind, mtime and size."""
    stat = path.stat()
    key = (str(path), kind, stat.st_mtime_ns, stat.st_size)
    known = checked.get(key)
    if known is None:
        known = checked[key] = read_media(path, kind)
    return known


def read_media(path: Path, kind: str) -> Media:
    """Open a file the way the browser will need it: images with Pillow (SVG as XML), WAV with
    `wave`, other sound and video by their signature."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0:
        return Media("the file is empty")
    if suffix == ".svg":
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as exc:
            return Media(f"the SVG is not well-formed XML ({exc})")
        name = root.tag.rsplit("}", 1)[-1]
        return Media("" if name == "svg" else f"<{name}> is not an SVG drawing")
    if suffix == ".wav":
        try:
            with wave.open(str(path)) as sound:
                frames = sound.getnframes()
        except wave.Error as exc:
            if str(exc).startswith("unknown format"):  # 24-bit or multichannel WAVE_FORMAT_EXTENSIBLE: browsers play it
                return Media("")
            return Media(f"it is not a WAV file a browser can play ({exc})")
        except EOFError:
            return Media("the WAV file is cut off in its header")
        return Media("" if frames else "the WAV file holds no sound")
    if suffix in _SIGNATURE:
        with path.open("rb") as handle:
            head = handle.read(16)
        return Media("" if _SIGNATURE[suffix](head) else f"the file does not start like a {suffix} file")
    if kind in ("image", "background") and suffix not in _BROWSER_IMAGES:
        return _read_image(path, size)
    return Media("")


def _read_image(path: Path, size: int) -> Media:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that: the pixels are
            # counted from the header, and nothing here decodes them all, so a warning says nothing
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            pixels, image_format = image.size, image.format
            if image_format == "JPEG":  # decoded at 1/8 scale: quick, and a cut-off file fails
                image.draft("RGB", (max(pixels[0] // 8, 1), max(pixels[1] // 8, 1)))
                image.load()
            else:
                image.verify()  # PNG: every chunk and its checksum
    except Image.DecompressionBombError:
        return Media("", None, size, too_large=True)
    except UnidentifiedImageError:
        return Media("it is not an image a browser can show")
    except Exception:  # Pillow raises many kinds (and words) for a broken file  # noqa: BLE001
        return Media("the image data is damaged or cut off")
    if image_format == "GIF":  # a GIF ends with ';': without it the animation stops short
        with path.open("rb") as handle:
            handle.seek(max(size - 16, 0))
            if not handle.read().rstrip(b"\0\r\n ").endswith(b";"):
                return Media("the GIF file is cut off before its end", pixels, size)
    return Media("", pixels, size)


def _bomb_limit() -> int:
    from PIL import Image

    return 2 * Image.MAX_IMAGE_PIXELS


def _case_mismatch(dest: str, src_path: Path, listings: dict[str, list[str]]) -> str:
    """The path as the file system spells it, when `dest` spells it with other letter case."""
    parts = dest.split("/")
    folder = str(src_path)
    for _ in parts:   # up to the deck folder or the project root, where `dest` starts
        folder = os.path.dirname(folder)
    real = []
    for part in parts:
        if folder not in listings:
            listings[folder] = _listing(folder)
        match = part if part in listings[folder] else next(
            (n for n in listings[folder] if n.lower() == part.lower()), part)
        real.append(match)
        folder = os.path.join(folder, match)
    spelt = "/".join(real)
    return spelt if spelt != dest else ""


def _listing(folder: str) -> list[str]:
    """A folder's entries, read again only when the folder changed (its mtime)."""
    listings = cache.memory("folder-listings", limit=LISTINGS)
    try:
        mtime = os.stat(folder).st_mtime_ns
        known = listings.get(folder)
        if known is None or known[0] != mtime:
            listings[folder] = known = (mtime, os.listdir(folder))
    except OSError:
        return []
    return known[1]


def _image_slots(scan: Scan) -> dict[tuple[int, str], tuple[float | None, float | None]]:
    """(line, src) of each <img> -> the width and height it is shown at, in CSS pixels."""
    deck = scan.deck
    width = _slide_width(deck)
    slots = {}
    for tag in scan.tags:
        if tag.name != "img" or "src" not in tag.attrs:
            continue
        style = dict(_declarations(tag.attrs.get("style", "")))
        w = _length(style.get("width") or tag.attrs.get("width"), width)
        h = _length(style.get("height") or tag.attrs.get("height"), REFERENCE_HEIGHT)
        if w or h:
            slots[(tag.line, tag.attrs["src"])] = (w, h)
    return slots


def _slide_width(deck) -> float:
    return int(REFERENCE_HEIGHT * deck.settings.ratio_value)


def _declarations(style: str):
    for part in style.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            yield name.strip().lower(), value.strip()


def _length(value: str | None, whole: float) -> float | None:
    match = _LENGTH.match(value or "")
    if not match or float(match.group(1)) <= 0:
        return None
    number = float(match.group(1))
    return number * whole / 100 if match.group(2) == "%" else number


def _oversize(media: Media, slot: tuple[float | None, float | None], cover: bool):
    """A (message, hint) maker when the image has more than OVERSIZE times the pixels its slot shows."""
    (width, height), (slot_w, slot_h) = media.size, slot
    if cover:  # a background covers the slide: scaled until it fills both directions
        scale = max(slot_w / width, slot_h / height)
        slot_w, slot_h = width * scale, None
    elif slot_w and slot_h:  # both given: the larger excess decides
        slot_w, slot_h = (slot_w, None) if width / slot_w >= height / slot_h else (None, slot_h)
    factor = width / slot_w if slot_w else height / slot_h
    if factor <= OVERSIZE:
        return None
    keep = TARGET / factor
    saving = int(media.bytes * (1 - keep * keep))
    if saving < MIN_SAVING:
        return None
    target = f"{round(width * keep)} px wide" if slot_w else f"{round(height * keep)} px high"
    shown = f"shown {round(slot_w)} px wide" if slot_w else f"shown {round(slot_h)} px high"

    def describe(kind: str, ref: str) -> tuple[str, str]:
        return (f"{kind} '{ref}' is {width}×{height} px but {shown}",
                f"resize it to {target} to save about {_human(saving)}")
    return describe


def _human(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count // 1000} KB"

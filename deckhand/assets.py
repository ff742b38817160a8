"""Find every file a deck's slides reference, resolve it in the project, and say what is wrong."""

from __future__ import annotations

import dataclasses
import difflib
import errno
import html
import os
import posixpath
import re
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .deck import Deck
from .errors import Problem, display_path

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*[\"')])?\s*\)")
_MD_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_TAG = re.compile(r"<(img|audio|video|source|track|embed|input|image)\b([^>]*)>", re.I)
_ANY_TAG_STYLE = re.compile(r"<[a-zA-Z][^>]*?\bstyle\s*=\s*(\"[^\"]*\"|'[^']*')", re.S)
_ATTR = re.compile(r"""\b(src|poster|href)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
_IMAGE_OPENER, _TAG_OPENER = re.compile(r"!\["), re.compile(r"<[a-zA-Z]")   # how _MD_IMAGE(_REF) and _ANY_TAG_STYLE begin
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")

KIND_BY_TAG = {"img": "image", "image": "image", "input": "image", "audio": "audio", "video": "video",
               "source": "media", "track": "media", "embed": "media"}
AUDIO_SUFFIXES = (".wav", ".ogg", ".oga", ".mp3", ".m4a", ".flac", ".opus", ".aac")
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv", ".mov", ".m4v")


@dataclasses.dataclass(frozen=True)
class AssetRef:
    """A reference to a file in a slide: as written, where, and (once resolved) where it lives."""

    ref: str                    # as written in the slide
    line: int
    kind: str                   # image, audio, video, media, background
    src_path: Path | None = None  # the file in the project, when found
    dest: str = ""              # where it goes, relative to the deck's output folder
    remote: bool = False


def find_refs(deck: Deck) -> list[AssetRef]:
    """Every asset reference in the deck's prose, HTML and slide properties, in source order."""
    refs: list[AssetRef] = []
    defs = {t.text.lower(): t for t in deck.tokens if t.kind == "def"}
    body = deck.body
    for start, end in deck.prose:   # the talk has ~900 runs of prose, most with neither `!` nor `<`
        if body.find("!", start, end) >= 0:
            for match in _finditer(_MD_IMAGE, _IMAGE_OPENER, "]", body, start, end):
                refs.append(AssetRef(match.group(1), deck.line_of(match.start()), "image"))
            for match in _finditer(_MD_IMAGE_REF, _IMAGE_OPENER, "]", body, start, end):
                target = defs.get((match.group(2) or match.group(1)).lower())
                if target is not None:
                    refs.append(AssetRef(target.href, deck.line_of(target.start + (body[target.start] == "\n")), "image"))
        if body.find("<", start, end) < 0:
            continue
        # _TAG ends with '>': past the last one no tag matches, and each start would try to the end
        for match in _TAG.finditer(body, start, body.rfind(">", start, end) + 1):
            for attr in _ATTR.finditer(match.group(2)):
                if attr.group(1).lower() != "href":
                    value = _attr_value(attr.group(2))
                    refs.append(AssetRef(value, deck.line_of(match.start()), _kind(match.group(1).lower(), value)))
        for match in _finditer(_ANY_TAG_STYLE, _TAG_OPENER, ">", body, start, end):
            for url in _CSS_URL.finditer(html.unescape(match.group(1)[1:-1])):
                refs.append(AssetRef(url.group(2), deck.line_of(match.start()), "background"))
    for slide in deck.slides:
        prop = slide.properties.get("background-image")
        if prop:
            for url in _CSS_URL.finditer(prop.value):
                refs.append(AssetRef(url.group(2), prop.line, "background"))
    return sorted(refs, key=lambda r: r.line)


def _finditer(pattern: re.Pattern, opener: re.Pattern, stop: str, text: str, start: int, end: int):
    """pattern.finditer(text, start, end) in linear time, for a pattern that starts like `opener`
    and reads on to a `stop` character before the part that decides: when it fails at one opener,
    it fails at every other one before the same `stop`, so the search goes on after it (finditer
    tries each, reading on to the `stop` every time: 8,000 '<a ' took seconds)."""
    pos = start
    while (opened := opener.search(text, pos, end)) is not None:
        at = opened.start()
        found = pattern.match(text, at, end)
        if found:
            yield found
            pos = max(found.end(), at + 1)
            continue
        after = text.find(stop, at, end)
        if after < 0:
            return
        pos = after + 1


def resolve_refs(deck: Deck, root: Path, allow_remote: bool = False) -> tuple[list[AssetRef], list[Problem]]:
    """Resolve each reference against the deck's folder, then the project root; list the problems."""
    resolved: list[AssetRef] = []
    problems: list[Problem] = []
    root = root.resolve()
    deck_dir = deck.src_path.resolve().parent
    for ref in find_refs(deck):
        target = ref.ref.strip()
        parts = _split(target)
        if parts is None:
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{_shown(target)}' is not a path or a URL",
                                    "write a path like img/figure.png (brackets belong to IPv6 addresses only)"))
            continue
        scheme = parts.scheme.lower()
        if scheme == "data" or target.startswith("#") or not target:
            continue
        if scheme in ("http", "https") or target.startswith("//"):
            if not allow_remote:
                problems.append(Problem(deck.src_path, ref.line, f"remote {ref.kind} '{target}' will not show offline",
                                        "save the file under img/ and reference it by a relative path, "
                                        "or build with --allow-remote"))
            resolved.append(dataclasses.replace(ref, remote=True))
            continue
        if scheme and len(scheme) > 1:
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{target}' uses the unsupported scheme '{scheme}:'",
                                    "reference a file by its path relative to the deck, like img/figure.png"))
            continue
        path = unquote(parts.path)
        dest = posixpath.normpath(path)
        if "\0" in path:
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{_shown(target)}' has a NUL character "
                                    "in its path", "no file name holds one: remove the '%00' or the NUL byte"))
            continue
        if path.startswith("/") or dest.startswith("..") or (len(path) > 1 and path[1] == ":"):
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{target}' points outside the deck's folder",
                                    "use a path relative to the deck or the project root, like img/figure.png"))
            continue
        found, led_to = _locate(dest, (deck_dir, root))
        if found is None and led_to:
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{target}' is a link to '{led_to}', outside "
                                    "the project", "copy the file into img/ instead of linking to it"))
            continue
        if found is None:
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{target}' not found",
                                    _missing_hint(dest, deck_dir, root)))
            continue
        resolved.append(dataclasses.replace(ref, src_path=found, dest=dest))
    return resolved, problems


def _locate(dest: str, bases: tuple[Path, ...]) -> tuple[Path | None, str]:
    """The first base holding the file; a link that leads out of its base does not count (then
    the second value says where it leads, when no base holds the file). The bases are resolved
    already, so only the parts of `dest` are looked at (one lstat each); a link among them is
    followed to see where it really leads."""
    led_to = ""
    for base in bases:
        candidate, linked = str(base), False
        try:
            for part in dest.split("/"):
                candidate = os.path.join(candidate, part)
                mode = os.lstat(candidate).st_mode
                linked = linked or stat.S_ISLNK(mode)
        except OSError:
            continue
        if linked:
            real = real_file_inside(candidate, (base,))
            if real is not None:
                return real, ""
            if os.path.isfile(candidate):
                led_to = led_to or os.path.realpath(candidate)
        elif stat.S_ISREG(mode):
            return Path(candidate), ""
    return None, led_to


def real_file_inside(path: str | Path, bases: tuple[Path, ...]) -> Path | None:
    """The file a path reaches through its links, when that file is inside one of the (resolved)
    folders `bases`; None when a link leads out of them: a link never publishes a file from
    outside the project. The one rule for images and decks alike."""
    real = os.path.realpath(path)
    if os.path.isfile(real) and any(real.startswith(os.path.join(base, "")) for base in bases):
        return Path(real)
    return None


def _missing_hint(dest: str, deck_dir: Path, root: Path) -> str:
    folder, name = posixpath.split(dest)
    names: set[str] = set()
    for base in (deck_dir, root):
        try:
            names.update(entry.name for entry in os.scandir(base / folder) if entry.is_file())
        except OSError as exc:   # no such folder; or a name too long, a symlink loop on the way
            if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
                return _UNREACHABLE[exc.errno]
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.75)
    if close:
        return f"did you mean {posixpath.join(folder, close[0])}?"
    places = list(dict.fromkeys(f"{display_path(base / folder)}/" for base in (deck_dir, root)))
    return f"looked in {' and '.join(places)}; add the file there or fix the path"


_UNREACHABLE = {
    errno.ENAMETOOLONG: "a name in the path is longer than the file system allows; shorten it",
    errno.ELOOP: "a symbolic link on the way leads back to itself; fix or delete the link",
}


def _shown(text: str) -> str:
    """A reference for a message: control characters (a NUL) written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _split(target: str):
    """urlsplit(), or None where it refuses the text (a host in brackets that is no IPv6 address)."""
    try:
        return urlsplit(target)
    except ValueError:
        return None


def _kind(tag: str, value: str) -> str:
    kind = KIND_BY_TAG[tag]
    if kind == "media":
        suffix = posixpath.splitext((_split(value) or urlsplit("")).path.lower())[1]
        kind = "audio" if suffix in AUDIO_SUFFIXES else "video" if suffix in VIDEO_SUFFIXES else kind
    return kind


def _attr_value(raw: str) -> str:
    if raw[:1] in "\"'":
        raw = raw[1:-1]
    return html.unescape(raw)

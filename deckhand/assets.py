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
from urllib.parse import quote, unquote, urlsplit

from .deck import Deck
from .errors import Problem, display_path
from .vendor import VENDOR_DIR

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*[\"')])?\s*\)")
_MD_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_TAG = re.compile(r"<(img|audio|video|source|track|embed|input|image|iframe|object|link)\b([^>]*)>", re.I)
_STYLESHEET_REL = re.compile(r"""(?<![-\w])rel\s*=\s*["']?[^"'>]*\bstylesheet\b""", re.I)
_ANY_TAG_STYLE = re.compile(r"<[a-zA-Z][^>]*?\bstyle\s*=\s*(\"[^\"]*\"|'[^']*')", re.S)
_ATTR = re.compile(r"""(?<![-\w])(src|poster|href|data)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
_IMAGE_OPENER, _TAG_OPENER = re.compile(r"!\["), re.compile(r"<[a-zA-Z]")   # how _MD_IMAGE(_REF) and _ANY_TAG_STYLE begin
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")

KIND_BY_TAG = {"img": "image", "image": "image", "input": "image", "audio": "audio", "video": "video",
               "source": "media", "track": "media", "embed": "media", "iframe": "media", "object": "media",
               "link": "stylesheet"}
# The attribute that names a file, by tag: `src` and a video's `poster`, an <object>'s `data`
# (an <image>'s `href` is SVG's, and a link's is no asset).
_FILE_ATTRS = {"object": ("data",), "video": ("src", "poster"), "link": ("href",)}
# What these show is a file of the project only when it is named by a path: their web pages stay links.
_EMBEDDING = ("iframe", "embed", "object")
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
    url: str = ""               # what the page must say instead of `ref` (a file from outside the deck's folder), or ''
    data: bytes | None = None   # what the output holds instead of the file's bytes (a stylesheet, its url()s made to fit)
    linked: bool = False        # not in the slide text: named by the page (`css:`) or by a stylesheet
    origin: Path | None = None  # the stylesheet it is written in (its `line` is that file's), or None: the deck


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
            tag = match.group(1).lower()
            if tag == "link" and not _STYLESHEET_REL.search(match.group(2)):
                continue   # a link to an icon, a preload: nothing the slide shows
            for attr in _ATTR.finditer(match.group(2)):
                if attr.group(1).lower() in _FILE_ATTRS.get(tag, ("src", "poster")):
                    value = _attr_value(attr.group(2))
                    if tag in _EMBEDDING and not _local(value):
                        continue   # a page from the web (a YouTube player), about:blank: the author's to load
                    kind = "image" if attr.group(1).lower() == "poster" else _kind(tag, value)
                    refs.append(AssetRef(value, deck.line_of(match.start()), kind))
        for match in _finditer(_ANY_TAG_STYLE, _TAG_OPENER, ">", body, start, end):
            for url in _CSS_URL.finditer(html.unescape(match.group(1)[1:-1])):
                refs.append(AssetRef(url.group(2), deck.line_of(match.start()), "background"))
    refs += [AssetRef(path, deck.settings.lines.get("css", 1), "stylesheet", linked=True) for path in deck.settings.css]
    for slide in deck.slides:
        prop = slide.properties.get("background-image")
        if prop:
            for url in _CSS_URL.finditer(prop.value):
                refs.append(AssetRef(url.group(2), prop.line, "background"))
    return sorted(refs, key=lambda r: r.line)


def written_at(deck: Deck, ref: AssetRef) -> list[tuple[int, int]]:
    """Where a reference is written on its line, as (start, end) offsets in the deck's body: what
    the single file and a file from outside the deck's folder (`url`) replace."""
    return _occurrences(deck, ref.ref, *deck.line_span(ref.line))


def _occurrences(deck: Deck, ref: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where `ref` is written, as a whole URL, between `start` and `end` in the deck's prose or
    link definitions (never in code or HTML comments)."""
    spellings = {ref, html.escape(ref, quote=False), html.escape(ref)}
    spans = list(deck.prose) + [(t.start, t.end) for t in deck.tokens if t.kind == "def"]
    found = []
    for low, high in spans:
        low, high = max(low, start), min(high, end)
        for spelling in spellings:
            at = deck.body.find(spelling, low, high)
            while at >= 0:
                after = at + len(spelling)
                if deck.body[at - 1:at] in _BEFORE and deck.body[after:after + 1] in _AFTER:
                    found.append((at, after))
                at = deck.body.find(spelling, after, high)
    return found


_BEFORE, _AFTER = set("(<\"'=; \t\n") | {""}, set(")>\"'& \t\n") | {""}  # around a URL; `;`/`&` for &quot;


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
    """Resolve each reference against the deck's folder, then the project root; list the problems.
    A path that leaves the deck's folder (`../img/x.png`) is resolved from there and must stay in the
    project; its file is given a place in the deck's output (`dest`) and the page a `url` to it."""
    resolved: list[AssetRef] = []
    problems: list[Problem] = []
    root = root.resolve()
    deck_dir = deck.src_path.resolve().parent
    for ref in find_refs(deck):
        found, problem = resolve_ref(ref, deck.src_path, deck_dir, root, allow_remote)
        resolved += [found] if found is not None else []
        problems += [problem] if problem is not None else []
    resolved = _own_dests(resolved)
    for ref in resolved:
        if ref.url and not ref.linked and not written_at(deck, ref):
            problems.append(Problem(deck.src_path, ref.line, f"{ref.kind} '{ref.ref}' is outside the deck's folder, "
                                    "written in a way the build cannot point at its copy",
                                    "write the path plainly, like ../img/figure.png"))
    return resolved, problems


def resolve_ref(ref: AssetRef, src_path: Path, base: Path, root: Path, allow_remote: bool = False,
                root_too: bool = True) -> tuple[AssetRef | None, Problem | None]:
    """One reference written in the file `src_path`, resolved against the (resolved) folder `base`,
    then (`root_too`) the project `root`: the reference with its file and `dest`, or the problem.
    A path out of `base` must stay in the project; its `dest` is then its path from the root and
    `url` says so. A remote one comes back marked `remote`, with a problem unless `allow_remote`."""
    target = ref.ref.strip()
    parts = _split(target)
    if parts is None:
        return None, Problem(src_path, ref.line, f"{ref.kind} '{_shown(target)}' is not a path or a URL",
                             "write a path like img/figure.png (brackets belong to IPv6 addresses only)")
    scheme = parts.scheme.lower()
    if scheme == "data" or target.startswith("#") or not target:
        return None, None
    if scheme in ("http", "https") or target.startswith("//"):
        problem = None if allow_remote else Problem(
            src_path, ref.line, f"remote {ref.kind} '{target}' will not show offline",
            "save the file under img/ and reference it by a relative path, or build with --allow-remote")
        return dataclasses.replace(ref, remote=True), problem
    if scheme and len(scheme) > 1:
        return None, Problem(src_path, ref.line, f"{ref.kind} '{target}' uses the unsupported scheme '{scheme}:'",
                             "reference a file by its path relative to the deck, like img/figure.png")
    path = unquote(parts.path)
    dest = posixpath.normpath(path)
    if "\0" in path:
        return None, Problem(src_path, ref.line, f"{ref.kind} '{_shown(target)}' has a NUL character in its path",
                             "no file name holds one: remove the '%00' or the NUL byte")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None, Problem(src_path, ref.line, f"{ref.kind} '{target}' is an absolute path",
                             "write it relative to the deck or the project root, like img/figure.png: "
                             "the built deck is a folder that can be copied anywhere")
    bases = (base, root) if root_too else (base,)
    if dest.startswith(".."):   # out of the file's folder: fine while it stays in the project
        dest = _from_root(base / dest, root)
        if dest is None:
            return None, Problem(src_path, ref.line, f"{ref.kind} '{target}' points outside the project",
                                 "copy the file into the project, like img/figure.png, and reference it from there")
        bases = (root,)
    found, led_to = _locate(dest, bases)
    if found is None and led_to:
        return None, Problem(src_path, ref.line, f"{ref.kind} '{target}' is a link to '{led_to}', outside "
                             "the project", "copy the file into img/ instead of linking to it")
    if found is None:
        return None, Problem(src_path, ref.line, f"{ref.kind} '{target}' not found", _missing_hint(dest, bases))
    return dataclasses.replace(ref, src_path=found, dest=dest,
                               url=_outside_url(target, parts, dest) if bases == (root,) else ""), None


def _from_root(path: Path, root: Path) -> str | None:
    """`path` (a deck's folder joined with `../img/x.png`) relative to the project root, as a POSIX
    path: `img/x.png`; None when it leaves the root."""
    full = os.path.normpath(path)
    if not full.startswith(os.path.join(root, "")):
        return None
    return Path(full).relative_to(root).as_posix()


def _outside_url(target: str, parts, dest: str) -> str:
    """The URL a page uses for a file from outside the deck's folder, copied to `dest` in it (the
    query and fragment kept)."""
    return quote(dest) + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


# What a deck's output folder holds of its own: no asset is copied over them.
RESERVED_DESTS = ("index.html", VENDOR_DIR)


def place_files(refs: list[AssetRef]) -> list[AssetRef]:
    """_own_dests(), for references found after resolve_refs (those its stylesheets name)."""
    return _own_dests(refs)


def _own_dests(refs: list[AssetRef]) -> list[AssetRef]:
    """Every file its own place in the deck's output: a file from outside the deck's folder goes
    to its path in the project (`../img/x.png` -> `img/x.png`) unless another file of the deck has
    that place already (`img/x.png` beside the deck), or the output uses it; then under
    `_project/` (`_project-2/`...). The files of the deck's folder keep the paths they are written with."""
    taken: dict[str, Path] = {r.dest: r.src_path for r in refs if r.src_path is not None and not r.url}
    placed: dict[Path, str] = {}
    out = []
    for ref in refs:
        if ref.url and ref.src_path is not None:
            dest = placed.get(ref.src_path)
            if dest is None:
                dest = next(d for d in _places(ref.dest)
                            if taken.get(d, ref.src_path) == ref.src_path and not _reserved(d))
                taken[dest], placed[ref.src_path] = ref.src_path, dest
            if dest != ref.dest:
                ref = dataclasses.replace(ref, dest=dest, url=quote(dest) + ref.url[len(quote(ref.dest)):])
        out.append(ref)
    return out


def _places(dest: str):
    yield dest
    yield f"_project/{dest}"
    number = 2
    while True:   # each place is taken by a file of the deck at most: as many tries as it has files
        yield f"_project-{number}/{dest}"
        number += 1


def _reserved(dest: str) -> bool:
    return any(dest == name or dest.startswith(f"{name}/") for name in RESERVED_DESTS)


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


def _missing_hint(dest: str, bases: tuple[Path, ...]) -> str:
    folder, name = posixpath.split(dest)
    names: set[str] = set()
    for base in bases:
        try:
            names.update(entry.name for entry in os.scandir(base / folder) if entry.is_file())
        except OSError as exc:   # no such folder; or a name too long, a symlink loop on the way
            if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
                return _UNREACHABLE[exc.errno]
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.75)
    if close:
        return f"did you mean {posixpath.join(folder, close[0])}?"
    places = list(dict.fromkeys(f"{display_path(base / folder)}/" for base in bases))
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


def _local(value: str) -> bool:
    """Whether a reference is a path (no scheme, no host), like `img/clip.mp4`."""
    parts = _split(value.strip())
    return parts is not None and len(parts.scheme) < 2 and not value.strip().startswith("//")


def _attr_value(raw: str) -> str:
    if raw[:1] in "\"'":
        raw = raw[1:-1]
    return html.unescape(raw)

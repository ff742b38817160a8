"""A deck's own stylesheets (`css:` and `<link rel="stylesheet">`): copied with every file their
`url()`s and `@import`s name, each found like an image, and their paths made to fit the copy."""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .assets import AssetRef, resolve_ref
from .errors import Problem
from .project import Project

PROJECT_CSS = "custom.css"   # in the project's templates/: every deck loads it after the theme

# `@import url(x)`, `@import "x"`; then every other `url(x)`. Comments are blanked first (same length).
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*(["']?)([^"')]*)\1\s*\)|(["'])([^"']*)\3)""", re.I)
_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.I)
_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
MAX_DEPTH = 8          # @import inside @import...: more is a loop or a mistake
MAX_BYTES = 2_000_000  # a stylesheet larger than this is no stylesheet of a talk


@dataclasses.dataclass(frozen=True)
class _Written:
    """A path written in a stylesheet: where (offsets in its text) and what it names."""

    start: int
    end: int
    ref: AssetRef


def project_stylesheet(project: Project) -> list[AssetRef]:
    """templates/custom.css as a stylesheet every deck links after the theme (none when the project
    has none), found like the decks' own."""
    path = project.templates_dir / PROJECT_CSS
    if not path.is_file():
        return []
    dest = f"{project.templates_dir.name}/{PROJECT_CSS}"
    return [AssetRef(dest, 1, "stylesheet", src_path=path, dest=dest, url=quote(dest), linked=True)]


def deck_stylesheets(refs: list[AssetRef], root: Path, allow_remote: bool) -> tuple[list[AssetRef], list[Problem]]:
    """The files the stylesheets among `refs` name (url(), @import, at any depth), as references
    from those files (`origin`), each with its place in the output; and their problems at the
    stylesheet's own path:line."""
    found: list[AssetRef] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    todo = [(ref, 0) for ref in refs if ref.kind == "stylesheet" and ref.src_path is not None]
    while todo:
        sheet, depth = todo.pop(0)
        if sheet.src_path in seen:
            continue
        seen.add(sheet.src_path)
        text, problem = _read(sheet.src_path)
        if problem:
            problems.append(Problem(sheet.origin or sheet.src_path, sheet.line, problem,
                                    "save the stylesheet as UTF-8 text"))
            continue
        for written in _written(text, sheet.src_path):
            child, problem = resolve_ref(written.ref, sheet.src_path, sheet.src_path.parent, root, allow_remote,
                                         root_too=False)
            if problem is not None:
                problems.append(_in_stylesheet(problem, written.ref))
            if child is None or child.remote:
                continue
            dest = child.dest if child.url else Path(os.path.relpath(sheet.src_path.parent / child.dest, root)).as_posix()
            child = dataclasses.replace(child, dest=dest, url=quote(dest), linked=True)
            found.append(child)
            if child.kind == "stylesheet":
                if depth + 1 >= MAX_DEPTH:
                    problems.append(Problem(sheet.src_path, written.ref.line, f"@import '{written.ref.ref}' is "
                                            f"{MAX_DEPTH} stylesheets deep", "import the stylesheets from one file"))
                else:
                    todo.append((child, depth + 1))
    return found, problems


def with_fitted_paths(refs: list[AssetRef]) -> list[AssetRef]:
    """The references, each stylesheet among them carrying its text with every path it names
    rewritten to where that file is in the output (relative to the stylesheet's own place)."""
    dest_of = {(r.origin, r.line, r.ref): r.dest for r in refs if r.origin is not None and r.src_path is not None}
    out = []
    for ref in refs:
        if ref.kind == "stylesheet" and ref.src_path is not None:
            text, problem = _read(ref.src_path)
            if not problem:
                here = posixpath.dirname(ref.dest)
                parts, pos = [], 0
                for written in _written(text, ref.src_path):
                    dest = dest_of.get((ref.src_path, written.ref.line, written.ref.ref))
                    if dest is not None:
                        parts += [text[pos:written.start], quote(posixpath.relpath(dest, here or "."))]
                        pos = written.end
                parts.append(text[pos:])
                ref = dataclasses.replace(ref, data="".join(parts).encode("utf-8"))
        out.append(ref)
    return out


def inlined(sheet: AssetRef, refs: list[AssetRef], embed: Callable[[AssetRef], str]) -> str:
    """A stylesheet's text with each file it names written as `embed(file)` (a data: URI, for a
    single-file deck); a stylesheet it imports is `embed`ded the same way, already inlined."""
    text, problem = _read(sheet.src_path)
    if problem:
        return ""
    named = {(r.line, r.ref): r for r in refs if r.origin == sheet.src_path and r.src_path is not None}
    parts, pos = [], 0
    for written in _written(text, sheet.src_path):
        found = named.get((written.ref.line, written.ref.ref))
        if found is not None:
            parts += [text[pos:written.start], embed(found)]
            pos = written.end
    return "".join(parts + [text[pos:]])


def named_paths(text: str) -> list[str]:
    """Every path a stylesheet's text names (url(), @import), as written, in order."""
    return [written.ref.ref for written in _written(text, Path("."))]


def _written(text: str, path: Path) -> list[_Written]:
    """Every path the stylesheet names, in order, with its line in the file."""
    blank = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found, imports = [], []
    for match in _IMPORT.finditer(blank):
        group = 2 if match.group(2) is not None else 4
        imports.append((match.start(), match.end()))
        found.append(_Written(match.start(group), match.end(group),
                              AssetRef(match.group(group), blank.count("\n", 0, match.start()) + 1, "stylesheet",
                                       origin=path)))
    for match in _URL.finditer(blank):
        if any(a <= match.start() < b for a, b in imports):
            continue
        kind = "font" if re.search(r"@font-face[^{}]*\{[^{}]*$", blank[:match.start()]) else "background"
        found.append(_Written(match.start(2), match.end(2),
                              AssetRef(match.group(2), blank.count("\n", 0, match.start()) + 1, kind, origin=path)))
    return sorted(found, key=lambda w: w.start)


def _read(path: Path) -> tuple[str, str]:
    """A stylesheet's text, or why it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return "", f"stylesheet '{path.name}' is larger than {MAX_BYTES // 1_000_000} MB"
        return path.read_bytes().decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return "", f"stylesheet '{path.name}' is not UTF-8 text"
    except OSError as exc:
        return "", f"stylesheet '{path.name}' cannot be read ({exc.strerror})"


def _in_stylesheet(problem: Problem, ref: AssetRef) -> Problem:
    """A problem of a path in a stylesheet. A font that is missing or remote, or a remote font
    service's stylesheet (Google Fonts), is a warning: the text shows in the theme's font, as
    meant otherwise. Everything else is as for an image."""
    remote = problem.message.startswith("remote")
    if ref.kind == "font" or (ref.kind == "stylesheet" and remote and "font" in ref.ref.lower()):
        hint = ("save the font files in the project and name them by relative paths; offline the text shows in "
                "the theme's font" if remote else problem.hint + "; meanwhile the text shows in the theme's font")
        return dataclasses.replace(problem, severity="warning", code="W-font", hint=hint)
    return problem

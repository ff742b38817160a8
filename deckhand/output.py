"""Write a whole output folder atomically: build it beside the old one, then swap the two."""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Callable

from .errors import DeckError, Problem
from .leftovers import remove_orphans, running

MARKER = ".deckhand-build"
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def write_site(files: dict[str, bytes | Path], out_dir: Path, finish: Callable[[Path], None] | None = None,
               keep: list[str] = (), manifest: Callable[[Path], dict] | None = None) -> None:
    """Replace `out_dir` by exactly `files`, the `keep` paths of the old output (an earlier build's
    decks that this one does not rebuild), and what `finish(staging_dir)` adds to them before the
    swap; on any failure the previous output stays as it was. `manifest(staging_dir)` says what each deck
    owns in the new output, for the next build that keeps it."""
    given = Path(out_dir)
    out_dir = Path(os.path.realpath(given))   # --out a link to an earlier output: that folder is updated
    _refuse_foreign(out_dir, given)
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    _make_parent(out_dir, given)
    try:
        _restore_orphan(out_dir)
        remove_orphans(out_dir.parent, re.compile(rf"\.{re.escape(out_dir.name)}\.(?:new|old)-(?P<pid>\d+)"))
        shutil.rmtree(staging, ignore_errors=True)
        _write_staging(files, staging, out_dir, finish, keep, manifest)
        _swap(staging, out_dir)
    except OSError as exc:
        problem = _disk_problem(exc, given, out_dir)
        if problem is None:
            raise
        raise DeckError([problem]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_staging(files: dict[str, bytes | Path], staging: Path, out_dir: Path, finish: Callable[[Path], None] | None,
                   keep: list[str], manifest: Callable[[Path], dict] | None) -> None:
    """The new output, whole, in the folder `staging` beside the old one."""
    made: set[str] = set()
    for rel in sorted(files):   # plain strings: Path objects cost half the time of ~160 links
        target = os.path.join(staging, rel)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        source = files[rel]
        if isinstance(source, bytes):
            with open(target, "wb") as stream:
                stream.write(source)
        else:
            _link_or_copy(source, target)
    for rel in keep:
        if _inside(rel):
            _link_tree(out_dir / rel, staging / rel)
    if finish is not None:
        finish(staging)
    note = "made by deckhand; the whole folder is replaced on every build, keeping the decks it does not build"
    (staging / MARKER).write_text(json.dumps({"note": note, "decks": manifest(staging) if manifest else {}},
                                             ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def earlier_decks(out_dir: Path) -> dict[str, dict]:
    """What an earlier build wrote of each deck into `out_dir` (the files it owns, its index
    card), from the folder's marker; {} when there is none or it does not say. An output a killed
    build left aside is put back first."""
    try:
        _restore_orphan(Path(os.path.realpath(out_dir)))
    except OSError:
        pass   # write_site says what is wrong with the folder
    try:
        decks = json.loads((Path(out_dir) / MARKER).read_text(encoding="utf-8"))["decks"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return decks if isinstance(decks, dict) else {}


def _inside(rel: str) -> bool:
    """Whether a path from the marker names something inside the output (the marker is only a file)."""
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts and MARKER not in parts


def _link_tree(source: Path, target: Path) -> None:
    """An earlier deck's file or folder, linked into the new output (a file the user deleted from
    the output since is not brought back)."""
    if source.is_dir() and not source.is_symlink():
        for folder, _, names in os.walk(source):
            rel = os.path.relpath(folder, source)
            os.makedirs(os.path.join(target, rel), exist_ok=True)
            for name in names:
                _link_or_copy(Path(folder, name), os.path.join(target, rel, name))
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(source, str(target))


def _link_or_copy(source: Path, target: str) -> None:
    """Hard-link a source file into the output (a build copies ~150 unchanged files; a link costs
    a tenth of a copy); copy when linking is impossible, e.g. across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the new output in place in one step: a kill at any moment leaves the old or the new output
    whole. A first build is one rename; on Linux the two folders trade places in one call; elsewhere
    (or on a file system that cannot) the old one is moved aside first."""
    if not os.path.lexists(out_dir):
        os.rename(staging, out_dir)
    elif _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)   # it holds the old output now
    else:
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)


def _restore_orphan(out_dir: Path) -> None:
    """A build killed between the two renames of the fallback swap left the old output aside and
    none in place: put it back, so that this build, should it fail, leaves the last good one."""
    if os.path.lexists(out_dir):
        return
    aside = re.compile(rf"\.{re.escape(out_dir.name)}\.old-(?P<pid>\d+)")
    for name in sorted(os.listdir(out_dir.parent)):
        match = aside.fullmatch(name)
        if match and not running(int(match.group("pid"))) and (out_dir.parent / name / MARKER).is_file():
            os.rename(out_dir.parent / name, out_dir)
            return


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable | None:
    """glibc's renameat2 (since 2.28), or None where there is none (macOS, musl before 1.2.5, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically (renameat2 with RENAME_EXCHANGE); False when this system
    or file system cannot, and nothing was done."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _refuse_foreign(out_dir: Path, given: Path) -> None:
    """Never replace what is not an earlier build's output: a file, a device (`--out /dev/null`), a
    folder with other files (like `--out .` or `--out slides`). A new or empty folder is fine."""
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise DeckError([Problem(given, 0, "refusing to replace this: it is not a folder",
                                 "choose a new or empty folder with --out")])
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise DeckError([Problem(given, 0, "refusing to replace this folder: it is not the output of an earlier build",
                                 "choose a new or empty folder with --out")])


def _make_parent(out_dir: Path, given: Path) -> None:
    """Make the folders above the output; a place where no folder can be made (`/proc/1/x/out`,
    a file on the way) is said in one line, like a full or read-only disk."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = _disk_problem(exc, given, out_dir)
        if problem is None:
            problem = Problem(given, 0, f"cannot make the folder the output goes in: {os.strerror(exc.errno)}",
                              "choose an output folder in a place you can write to with --out")
        raise DeckError([problem]) from None


def _disk_problem(exc: OSError, given: Path, out_dir: Path) -> Problem | None:
    """A full or read-only disk where the output goes, said in one line; None for any other error
    (a bug, or a source file's problem: it keeps its own message)."""
    ours = (os.path.join(out_dir, ""), os.path.join(out_dir.parent, f".{out_dir.name}."))

    def in_output(name) -> bool:   # in the output, or a folder above it being made; not a source file
        where = os.path.abspath(name)
        return where.startswith(ours) or os.path.join(out_dir, "").startswith(os.path.join(where, ""))

    named = [name for name in (exc.filename, exc.filename2) if name is not None]   # a copy names both
    written = not named or any(in_output(name) for name in named)
    if exc.errno in _DISK_FULL and written:
        hint = "free some space on that disk, or choose a folder on another disk with --out"
    elif exc.errno in _NOT_WRITABLE and written:
        hint = "choose a folder you can write to with --out"
    else:
        return None
    return Problem(given, 0, f"cannot write the output folder: {os.strerror(exc.errno)}", hint)

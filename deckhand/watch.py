"""Watch the source folders and hand each settled batch of saved files to livereload's Watcher protocol.

livereload's own Watcher polls every 800 ms and compares mtimes. Here the kernel tells us
(inotify, through ctypes: no extra package, no thread), and a batch is handed on only once it has
settled: nothing new for SETTLE seconds, no file still open for writing (truncate-then-write, or an
editor that pauses between two writes: the kernel says when the writer closes it, and we wait up
to HOLD_WRITING for that), and no saved file still missing after a rename (vim). Elsewhere than
Linux, and where the kernel hears of no saves (network drives, WSL on a Windows folder: `--poll`),
a 100 ms stat poll stands in; it cannot know whether a file is still open, so a writer that pauses
longer than a poll between two writes has its first part built (and its whole file one poll later).

Nothing a user does to the files stops the watcher: folders are walked without recursion (a tree
a thousand folders deep), a folder or file that cannot be read is left out with one line on
stderr, and an event that fails is counted as a change all the same.

watchfiles was measured in inotify's place and kept out: it reports no close-after-write, so a
slow truncate-then-write showed the empty and the half file; its polling compares mtimes to the
second, so saves within one second were lost; and its thread wakes every `step` (5 ms to keep the
save-to-screen time: +7 ms median, 1-1.5 % CPU while idle, where inotify costs none).
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
import sys
import time
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

SETTLE = 0.005      # seconds of quiet that end a burst (a rename save, several files saved at once)
HOLD_WRITING = 30.0  # longest wait for a writer to close its file (then the file is built as it is)
HOLD_GONE = 0.15    # longest wait for a file renamed or deleted away to come back (rename saves)
POLL_PERIOD = 0.1   # the fallback watcher's period

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_Q_OVERFLOW, IN_IGNORED, IN_ONLYDIR, IN_ISDIR = 0x4000, 0x8000, 0x1000000, 0x40000000
_MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
_EVENT = struct.Struct("iIII")


def warn(text: str) -> None:
    """One line on stderr, printable whatever bytes a file name holds."""
    print(f"serve: warning: {text}", file=sys.stderr, flush=True)


def shown(path: Path) -> str:
    """A path as text that any terminal and any page can show (a name that is not UTF-8 gets \\xff)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def ignored(name: str) -> bool:
    """Editors' scratch files: vim's swap files and its `4913` probe, backups, hidden temp files."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp")) or name == "4913"


class SettlingWatcher(Watcher):
    """A livereload Watcher that collects changed paths and reports them once they have settled."""

    def __init__(self, exclude: Path | None = None):
        super().__init__()
        self.exclude = exclude          # never watched (the server's own output)
        self.folders: dict[Path, bool] = {}
        self._pending: set[Path] = set()
        self._writing: set[Path] = set()
        self._gone: dict[Path, float] = {}
        self._ready: set[Path] = set()
        self._first = 0.0
        self._timer = None
        self._callback = None
        self._funcs: list = []
        self.warn = warn

    def watch(self, path, func=None, delay=None, ignore=None, recursive=True):
        """Watch a folder (and, when recursive, its subfolders); `func(paths)` gets each batch."""
        if func is not None and func not in self._funcs:
            self._funcs.append(func)
        folder = Path(path).resolve()
        if self.covers(folder, recursive):
            return
        super().watch(str(folder), func, delay, ignore)   # livereload's serve() watches the cwd if nothing is
        self.folders[folder] = recursive
        self._add(folder, recursive)

    def covers(self, folder: Path, recursive: bool = False) -> bool:
        """Whether `folder` is watched already (with its subfolders, if `recursive`)."""
        watched = self.folders.get(folder)
        if watched is True or (watched is False and not recursive):
            return True
        return any(self.folders.get(parent) for parent in folder.parents)

    def examine(self):
        """livereload's poll step: run each function once with the settled batch. The delay
        'forever' tells livereload never to send its own reload (our server sends its messages)."""
        batch, self._ready = sorted(self._ready), set()
        if not batch:
            return None, None
        for func in self._funcs:
            func(batch)
        self.filepath = str(batch[0])
        return self.filepath, "forever"

    def note(self, path: Path, kind: str = "changed") -> None:
        """Record one event; `kind` is 'write' (modified, maybe still open), 'closed' or 'gone'."""
        now = time.monotonic()
        if not self._pending:
            self._first = now
        self._pending.add(path)
        if kind == "write":
            self._writing.add(path)
        elif kind == "closed":
            self._writing.discard(path)
        if kind == "gone":
            self._gone[path] = now
        else:
            self._gone.pop(path, None)
        self._arm(SETTLE)

    def _arm(self, delay: float) -> None:
        loop = IOLoop.current()
        if self._timer is not None:
            loop.remove_timeout(self._timer)
        self._timer = loop.call_later(delay, self._settle)

    def _settle(self) -> None:
        self._timer = None
        now = time.monotonic()
        open_files = [p for p in self._writing if _exists(p)]
        writing = open_files and now - self._first < HOLD_WRITING
        gone = any(not _exists(p) and now - at < HOLD_GONE for p, at in self._gone.items())
        if writing or gone:
            self._arm(SETTLE if gone else 0.25)   # the writer's close is an event: it re-arms at once
            return
        for path in sorted(open_files):
            self.warn(f"{shown(path)} is still open for writing after {HOLD_WRITING:g} s; showing it as it is now")
        self._ready |= self._pending
        self._pending, self._writing, self._gone = set(), set(), {}
        if self._callback is not None:
            self._callback()

    def _excluded(self, path: Path) -> bool:
        if self.exclude is None:
            return False
        text, exclude = str(path), str(self.exclude)   # not path.parents: a folder may be 1,000 deep
        return text == exclude or text.startswith(exclude.rstrip(os.sep) + os.sep)

    def _add(self, folder: Path, recursive: bool) -> None:
        raise NotImplementedError


class InotifyWatcher(SettlingWatcher):
    """Linux: the kernel reports each event on a file descriptor that the IOLoop reads when ready."""

    def __init__(self, exclude: Path | None = None):
        super().__init__(exclude)
        self._libc = ctypes.CDLL(None, use_errno=True)
        fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        # A file object, not a bare number: livereload's serve() closes its IOLoop with every
        # handler's file (all_fds), and a file object can then be closed again harmlessly.
        self._file = open(fd, "rb", buffering=0)
        self._loop: IOLoop | None = None
        self._dirs: dict[int, tuple[Path, bool]] = {}

    def _add(self, folder: Path, recursive: bool) -> list[Path]:
        """Watch `folder` (and its subfolders, if `recursive`); return the files found in them."""
        files: list[Path] = []
        if not _is_dir(folder):
            return files
        for current in _folders(folder, recursive, files, self._excluded, self.warn):
            wd = self._libc.inotify_add_watch(self._file.fileno(), os.fsencode(current), _MASK | IN_ONLYDIR)
            if wd < 0:
                code = ctypes.get_errno()
                hint = " (raise fs.inotify.max_user_watches)" if code == errno.ENOSPC else ""
                self.warn(f"cannot watch {shown(current)}: {os.strerror(code)}{hint}; saves in it are not seen")
                continue
            self._dirs[wd] = (current, recursive)
        return files

    def start(self, callback) -> bool:
        self._callback = callback
        self._loop = IOLoop.current()
        self._loop.add_handler(self._file, self._on_readable, IOLoop.READ)
        return True

    def close(self) -> None:
        if not self._file.closed and self._loop is not None:
            self._loop.remove_handler(self._file)
        self._file.close()

    def _on_readable(self, file, events: int) -> None:
        data = file.read(256 * 1024)
        if not data:
            return
        offset = 0
        while offset < len(data):
            wd, mask, _cookie, size = _EVENT.unpack_from(data, offset)
            name = data[offset + _EVENT.size:offset + _EVENT.size + size].rstrip(b"\0")
            offset += _EVENT.size + size
            try:
                self._event(wd, mask, os.fsdecode(name))
            except Exception as exc:  # a bug: the events after it, and this save, still count
                self.warn(f"a change to {os.fsdecode(name) or 'a folder'} was not understood ({type(exc).__name__}: "
                          f"{exc}); rebuilding anyway")
                for folder in self.folders:
                    self.note(folder)

    def _event(self, wd: int, mask: int, name: str) -> None:
        if mask & IN_Q_OVERFLOW:  # events were lost: treat every folder as changed
            self._writing.clear()
            for folder in self.folders:
                self.note(folder)
            return
        if wd not in self._dirs:
            return
        folder, recursive = self._dirs[wd]
        if mask & IN_IGNORED:
            del self._dirs[wd]
            return
        if not name or ignored(name):
            return
        path = folder / name
        if mask & IN_ISDIR:  # a new subfolder of a recursive watch, or a watched folder made late
            if mask & (IN_CREATE | IN_MOVED_TO) and (recursive or path in self.folders):
                for child in self._add(path, recursive or self.folders[path]):
                    self.note(child)
            return
        if mask & IN_MODIFY:
            self.note(path, "write")
        elif mask & IN_CLOSE_WRITE:
            self.note(path, "closed")
        elif mask & (IN_MOVED_FROM | IN_DELETE):
            self.note(path, "gone")
        else:
            self.note(path)


class PollingWatcher(SettlingWatcher):
    """Where inotify is missing: compare every file's (mtime, size, inode) ten times a second."""

    def __init__(self, exclude: Path | None = None):
        super().__init__(exclude)
        self._stats: dict[Path, tuple[int, int, int]] = {}
        self._periodic = None
        self._said: set[str] = set()

    def _add(self, folder: Path, recursive: bool) -> None:
        self._stats.update(self._scan(folder, recursive))

    def _scan(self, folder: Path, recursive: bool) -> dict[Path, tuple[int, int, int]]:
        files: list[Path] = []
        if _is_dir(folder):
            for _ in _folders(folder, recursive, files, self._excluded, self._quiet):
                pass
        found = {}
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                try:
                    stat = path.lstat()   # a symlink loop or a dangling link is a change too: the build names it
                except OSError:           # gone since the folder was read
                    continue
            found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return found

    def _quiet(self, text: str) -> None:
        """Say once what cannot be read: the poll looks ten times a second."""
        if text not in self._said:
            self._said.add(text)
            self.warn(text)

    def start(self, callback) -> bool:
        self._callback = callback
        self._periodic = PeriodicCallback(self._poll, POLL_PERIOD * 1000)
        self._periodic.start()
        return True

    def close(self) -> None:
        if self._periodic is not None:
            self._periodic.stop()

    def _poll(self) -> None:
        stats: dict[Path, tuple[int, int, int]] = {}
        for folder, recursive in self.folders.items():
            stats.update(self._scan(folder, recursive))
        for path in stats.keys() | self._stats.keys():
            if stats.get(path) != self._stats.get(path):
                self.note(path, "changed" if path in stats else "gone")
        self._stats = stats


def _folders(top: Path, recursive: bool, files: list[Path], excluded, warn):
    """Yield `top` and (if `recursive`) every folder below it, without recursion and without
    following symlinks to folders; add the files in them (editors' scratch files left out) to
    `files`. A folder that cannot be read is named in one `warn` line and left out."""
    stack = [top]
    while stack:
        folder = stack.pop()
        if excluded(folder):
            continue
        yield folder
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if ignored(entry.name):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if recursive:
                            stack.append(Path(entry.path))
                    elif not (entry.is_symlink() and _is_dir(Path(entry.path))):
                        files.append(Path(entry.path))   # a dangling or looping link too: the build names it
        except OSError as exc:
            warn(f"cannot read the folder {shown(folder)}: {exc.strerror or exc}; saves in it are not seen")


def _exists(path: Path) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def make_watcher(exclude: Path | None = None, poll: bool = False) -> SettlingWatcher:
    """inotify where the kernel has it (unless `poll`), else polling."""
    if sys.platform.startswith("linux") and not poll:
        try:
            return InotifyWatcher(exclude)
        except (OSError, AttributeError):
            pass
    return PollingWatcher(exclude)

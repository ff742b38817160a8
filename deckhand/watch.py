"""Watch the source folders and hand each settled batch of saved files to livereload's Watcher protocol.

livereload's own Watcher polls every 800 ms and compares mtimes. Here the kernel tells us
(inotify, through ctypes: no extra package, no thread), and a batch is handed on only once it has
settled: nothing new for SETTLE seconds, no file still open for writing (truncate-then-write), and
no saved file still missing after a rename (vim). Elsewhere than Linux, and where the kernel hears
of no saves (network drives, WSL on a Windows folder: `--poll`), a 100 ms stat poll stands in.

watchfiles was measured in inotify's place and kept out: it reports no close-after-write, so a
slow truncate-then-write showed the empty and the half file; its polling compares mtimes to the
second, so saves within one second were lost; and its thread wakes every `step` (5 ms to keep the
save-to-screen time: +7 ms median, 1-1.5 % CPU while idle, where inotify costs none).
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
import time
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

SETTLE = 0.005      # seconds of quiet that end a burst (a rename save, several files saved at once)
HOLD_WRITING = 1.0  # longest wait for a writer to close its file
HOLD_GONE = 0.15    # longest wait for a file renamed or deleted away to come back (rename saves)
POLL_PERIOD = 0.1   # the fallback watcher's period

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_Q_OVERFLOW, IN_IGNORED, IN_ONLYDIR, IN_ISDIR = 0x4000, 0x8000, 0x1000000, 0x40000000
_MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
_EVENT = struct.Struct("iIII")


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
        writing = any(p.exists() for p in self._writing) and now - self._first < HOLD_WRITING
        gone = any(not p.exists() and now - at < HOLD_GONE for p, at in self._gone.items())
        if writing or gone:
            self._arm(SETTLE)
            return
        self._ready |= self._pending
        self._pending, self._writing, self._gone = set(), set(), {}
        if self._callback is not None:
            self._callback()

    def _excluded(self, path: Path) -> bool:
        return self.exclude is not None and (path == self.exclude or self.exclude in path.parents)

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

    def _add(self, folder: Path, recursive: bool) -> None:
        if not folder.is_dir() or self._excluded(folder):
            return
        wd = self._libc.inotify_add_watch(self._file.fileno(), os.fsencode(folder), _MASK | IN_ONLYDIR)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {folder} (raise fs.inotify.max_user_watches?)")
        self._dirs[wd] = (folder, recursive)
        if recursive:
            for child in folder.iterdir():
                if child.is_dir() and not child.is_symlink() and not ignored(child.name):
                    self._add(child, True)

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
            self._event(wd, mask, os.fsdecode(name))

    def _event(self, wd: int, mask: int, name: str) -> None:
        if mask & IN_Q_OVERFLOW:  # events were lost: treat every folder as changed
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
                self._add(path, recursive or self.folders[path])
                for child in path.rglob("*"):
                    if child.is_file() and not ignored(child.name):
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

    def _add(self, folder: Path, recursive: bool) -> None:
        self._stats.update(self._scan(folder, recursive))

    def _scan(self, folder: Path, recursive: bool) -> dict[Path, tuple[int, int, int]]:
        found = {}
        if not folder.is_dir() or self._excluded(folder):
            return found
        for entry in os.scandir(folder):
            if ignored(entry.name):
                continue
            if entry.is_file():
                stat = entry.stat()
                found[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            elif recursive and entry.is_dir(follow_symlinks=False):
                found.update(self._scan(Path(entry.path), True))
        return found

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


def make_watcher(exclude: Path | None = None, poll: bool = False) -> SettlingWatcher:
    """inotify where the kernel has it (unless `poll`), else polling."""
    if sys.platform.startswith("linux") and not poll:
        try:
            return InotifyWatcher(exclude)
        except (OSError, AttributeError):
            pass
    return PollingWatcher(exclude)

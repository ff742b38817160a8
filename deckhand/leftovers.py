"""What killed builds leave behind: folders named with the id of the process that made them,
removed by the next build once that process is gone."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


def running(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts: it is not ours to judge)."""
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except (ProcessLookupError, OverflowError):   # gone, or no process could ever have that id
        return False
    return True


def remove_orphans(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove every entry of `folder` whose name matches `pattern` (its group `pid` the maker's
    process id) when that process is gone; return what was removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match and int(match.group("pid")) != os.getpid() and not running(int(match.group("pid"))):
            path = Path(folder, name)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed

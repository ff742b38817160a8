"""Where a project's files are: its slides/, img/ and templates/, and the front end and templates the tool ships."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TOOL_DIR = PACKAGE_DIR / "static"                # the tool's own scripts for the page: live, export, single file
MARKER_MODULE = "remark-slide/package.json"      # present in every copy of the front end


def _shipped(name: str, in_checkout: str) -> Path:
    """A folder the wheel carries inside the package (copied there by tools/build_backend.py); in a
    source checkout, the repository's own, which the wheel's copy is made from."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / in_checkout


PACKAGED_TEMPLATES = _shipped("templates", "templates")   # the defaults; a project's templates/ overrides them
PACKAGED_MODULES = _shipped("frontend", "node_modules")   # remark, KaTeX and the fonts, as npm installed them


@dataclasses.dataclass(frozen=True)
class Project:
    """A folder of decks: `root/slides/*.md`, images in `root/img/`, optional `root/templates/`."""

    root: Path

    @classmethod
    def at(cls, root: Path | str) -> Project:
        return cls(Path(root).resolve())

    @property
    def slides_dir(self) -> Path:
        return self.root / "slides"

    @property
    def img_dir(self) -> Path:
        return self.root / "img"

    @property
    def templates_dir(self) -> Path:
        """The project's own templates (may not exist): each file there replaces the packaged one."""
        return self.root / "templates"

    def template(self, name: str) -> Path:
        """A template file: the project's own if it has one, else the packaged default."""
        own = self.templates_dir / name
        return own if own.is_file() else PACKAGED_TEMPLATES / name

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, first match wins."""
        return tuple(d for d in (self.templates_dir, PACKAGED_TEMPLATES) if d.is_dir())

    @property
    def modules_dir(self) -> Path:
        """The npm packages of the front end: the project's node_modules/ when it has them (this
        repository, or a user who pins other versions), else the copy inside the package."""
        return modules_dir(self.root)


@functools.lru_cache(maxsize=8)
def modules_dir(root: Path) -> Path:
    own = root / "node_modules"
    return own if (own / MARKER_MODULE).is_file() else PACKAGED_MODULES


def tool_file(name: str) -> Path:
    """One of the tool's own page scripts or stylesheets (never the user's to edit)."""
    return TOOL_DIR / name

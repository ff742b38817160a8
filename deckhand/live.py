"""The live preview's build state: the last good site, and the messages each open page needs after a save.

Pages are known by a key: a deck's name for `/<deck>/`, INDEX for `/`. Messages (sent as JSON):
`source` (apply the new remark source in place), `css` (swap the stylesheet), `reload`,
`error` (show the problems over the last good deck) and `ok` (hide them).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from urllib.parse import unquote

from .errors import DeckError, Problem, UsageError, printable
from .livecheck import LiveRenderChecks
from .output import write_site
from .pipeline import (BuildOptions, diagnose, find_decks, load_decks, render_index_page, render_site,
                       resolve_assets)
from .render import embed_json, remark_options

INDEX = ""
ALL = "*"                    # a message for every open page
THEME = "theme.css"          # the one template that is swapped in place
RELOAD = {"type": "reload"}
OK = {"type": "ok"}


@dataclasses.dataclass(frozen=True)
class DeckView:
    """What an open page of one deck shows, and the files it uses."""

    src_path: Path
    source: str
    options_json: str
    title: str
    lang: str
    slides: int
    assets: frozenset[Path]

    @property
    def version(self) -> str:
        text = json.dumps([self.source, self.options_json, self.title, self.lang])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def message(self) -> dict:
        return {"type": "source", "source": self.source, "options": self.options_json, "title": self.title,
                "lang": self.lang, "slides": self.slides, "version": self.version}


def error_message(problems: list[Problem], shown: str = "kept") -> dict:
    """The overlay: the problems as the CLI prints them, and what the page shows underneath
    (`kept`: the last good version, `new`: this save, `none`: nothing has built yet), or the
    deck doctor's `warnings` about a deck that was built."""
    if shown == "warnings":
        count = len(problems)
        return {"type": "error", "level": "warning", "problems": [printable(str(p)) for p in problems],
                "summary": f"the deck doctor has {count} warning{'s' * (count != 1)}; the deck is built"}
    count = sum(p.severity == "error" for p in problems)
    noun = f"{count} problem{'s' * (count != 1)}"
    summary = {"kept": f"build failed: {noun}; showing the last good version",
               "new": f"the deck doctor found {noun}; the page shows this save anyway",
               "none": f"build failed: {noun}; nothing to show until a save fixes them"}[shown]
    return {"type": "error", "level": "error", "problems": [printable(str(p)) for p in problems], "summary": summary}


def page_key(url_path: str) -> str | None:
    """The page a URL path shows: INDEX, a deck name, or None."""
    parts = unquote(url_path).strip("/").split("/")
    if parts in ([""], ["index.html"]):
        return INDEX
    if parts[-1] == "index.html":
        parts = parts[:-1]
    if "" in parts or any(part.startswith(("_", ".")) for part in parts):
        return None   # the front end, a thumbnail: no page of its own
    return "/".join(parts)   # a deck's folder: `talk`, `2023/intro` (decks in subfolders of slides/)


class LiveSite:
    """Builds the decks as build() does, keeps the last good result, and says what changed."""

    def __init__(self, deck_paths: list[Path] | None, options: BuildOptions):
        self.deck_paths = [Path(p).absolute() for p in deck_paths] if deck_paths else None
        self._deck_files = {p.resolve() for p in self.deck_paths or []}   # as the watcher names them
        self.options = options
        self.project = options.project
        self.root = self.project.root
        self.views: dict[str, DeckView] = {}
        self.problems: list[Problem] = []    # of the last build; empty when it was good
        self.error: dict | None = None       # the overlay those problems make
        self.warnings: list[Problem] = []    # the deck doctor's, of the last good build
        self.new_warnings: list[Problem] = []  # those the last build found and the one before did not
        self._built = None
        self._index = b""
        self._loaded: dict[Path, tuple[tuple[int, int] | None, object]] = {}   # deck file -> (stamp, Deck)
        self._resolved: dict[str, tuple] = {}     # deck name -> (its files, their problems) when last resolved
        self._findings: dict[str, list[Problem]] = {}   # deck name -> the doctor's findings when last checked
        self._rendered: dict[str, dict] = {}      # deck name -> its output files when last rendered
        self._dirty: set[str] = set()             # decks to check and render again at the next finish()
        self._decks: list = []                    # of the last good build
        self._write_problems: list[Problem] = []  # of the last finish(): the site could not be written
        # The render checks, with --no-render off: a browser kept open, the slides a save changed
        self.render = LiveRenderChecks(self.project) if options.render_checks else None
        self._render_findings: dict[str, list[Problem]] = {}   # deck name -> its render findings
        self._render_due: tuple[set[str], bool] | None = None   # (decks to lay out, all their slides) after finish()
        self._render_everything = True             # a template or a deck's file changed since the last render check
        self.after_write: set[str] = set()         # pages whose new source shows a file the site has yet to get

    def folders(self, to_be_made: bool = False) -> list[tuple[Path, bool]]:
        """The folders to watch, each with whether its subfolders count: the decks' folders (flat),
        img/ beside them and in the project, templates/, and the folder of every file a deck
        uses (flat); the project folder itself (flat) while its img/ or templates/ is missing.
        With `to_be_made`, also the img/ and templates/ folders not made yet: the watcher starts
        watching one when its parent says it was made. Never the output."""
        found = [(d, not self.deck_paths) for d in sorted(self._deck_dirs())]   # slides/ and its subfolders
        found += [(folder, True) for folder in self._img_dirs()]
        found.append((self.project.templates_dir, True))
        if not all(folder.is_dir() for folder in (self.project.img_dir, self.project.templates_dir)):
            found.append((self.root, False))
        found += sorted({(path.parent, False) for view in self.views.values() for path in view.assets})
        out_dir = Path(self.options.out_dir).resolve()
        later = {*self._img_dirs(), self.project.templates_dir} if to_be_made else set()
        unique = {}
        for folder, recursive in found:
            if (folder.is_dir() or folder in later) and folder != out_dir and out_dir not in folder.parents:
                unique[folder] = unique.get(folder, False) or recursive
        return [(folder, recursive) for folder, recursive in unique.items()
                if not any(unique.get(parent) for parent in folder.parents)]   # not inside a recursive one

    def relevant(self, path: Path) -> bool:
        """Whether a changed file can change the site: a deck, a template, an image or other asset
        (or a folder img/ or templates/ made where the build looks for one)."""
        templates = self.project.templates_dir
        if path in dict(self.folders()) or path == templates or templates in path.parents:
            return True
        if path.suffix == ".md":
            slides = self.project.slides_dir
            return path in self._deck_files if self.deck_paths else (path.parent == slides or slides in path.parents)
        return any(folder == path or folder in path.parents for folder in self._img_dirs()) or \
            any(path in v.assets for v in self.views.values())

    def _deck_dirs(self) -> set[Path]:
        return {p.parent for p in self._deck_files} if self.deck_paths else {self.project.slides_dir}

    def _img_dirs(self) -> list[Path]:
        """Where the build looks for images, whether they exist yet or not: img/ beside the decks and in the project."""
        return [folder / "img" for folder in sorted(self._deck_dirs() | {self.root})]

    def rebuild(self, changed: list[Path]) -> dict[str, list[dict]]:
        """Load the decks and resolve their files after `changed`; return the messages for each page
        key. A deck that cannot be built (front matter, unreadable file, missing image) keeps the
        last good state, and every page gets the error. Only the decks a change can touch are read
        and resolved again (and checked and rendered in finish()): a save in one deck of thirty
        costs one deck."""
        self._built = None
        self.after_write = set()
        changed_set = set(changed) | {Path(os.path.realpath(p)) for p in changed}   # a symlink loop stays itself
        templates = {p for p in changed_set if self.project.templates_dir in p.parents}
        try:
            paths = find_decks(self.deck_paths, self.project)
        except DeckError as exc:   # no decks at all
            paths, problems = [], exc.problems
        known = {path: deck for path, (stamp, deck) in self._loaded.items()
                 if path in paths and stamp == _stamp(path) and path not in changed_set
                 and Path(os.path.realpath(path)) not in changed_set}
        if paths:
            decks, problems = load_decks(paths, self.project.root, known)
        else:
            decks = []
        self._loaded = {d.src_path: (_stamp(d.src_path), d) for d in decks}
        everything = bool(templates) or not self._resolved
        self._render_everything |= bool(templates) or any(p.suffix != ".md" for p in changed_set)
        assets, problems = {}, list(problems)
        for deck in decks:
            earlier = self._resolved.get(deck.name)
            if (everything or deck.src_path not in known or earlier is None or earlier[1]
                    or changed_set & {a.src_path for a in earlier[0] if a.src_path is not None}):
                found, found_problems = resolve_assets([deck], self.options)
                earlier = self._resolved[deck.name] = (found[deck.name], found_problems)
                self._dirty.add(deck.name)
            assets[deck.name] = earlier[0]
            problems += earlier[1]
        for name in set(self._resolved) - set(assets):
            del self._resolved[name]
        if any(p.severity == "error" for p in problems) or not decks:
            # Not built: the last good version stays. The doctor's findings are listed with the
            # problems that stop the build, so that one save shows them all.
            self.problems = diagnose(decks, assets, problems, self.options)
            self.error = error_message(self.problems, "kept" if self.views else "none")
            return {ALL: [self.error]}
        self._built = (decks, assets)
        views = {d.name: _view(d, assets[d.name]) for d in decks}
        reload_all = any(p.name != THEME for p in templates)
        theme = any(p.name == THEME for p in templates)
        messages: dict[str, list[dict]] = {INDEX: [RELOAD]} if reload_all else {}
        for name, old in self.views.items():
            new = views.get(name)
            if new is None:
                messages[name] = [error_message([Problem(old.src_path, 0, "this deck is no longer built",
                                                         "its file was removed or renamed")])]
            elif reload_all or new.options_json != old.options_json or changed_set & (old.assets | new.assets):
                messages[name] = [RELOAD]
            else:
                messages[name] = [new.message()] * (new.version != old.version) + [{"type": "css", "file": THEME}] * theme
                if new.assets - old.assets:   # an image the last site did not copy: fetched now, it would be missing
                    self.after_write.add(name)
        self.views = views
        return {key: found for key, found in messages.items() if found}

    def finish(self) -> dict[str, list[dict]]:
        """After the pages have the new source: the deck doctor, then render and write the site
        (atomically, as build() does). The doctor's errors are listed over the new version, which
        the pages already show (and which is written, so that a reload shows the same); the
        overlay goes once nothing is wrong. Only the decks rebuild() marked are checked and
        rendered again; the others keep their findings and pages."""
        if self._built is None:
            return {}
        decks, assets = self._built
        self._built = None
        dirty = [d for d in decks if d.name in self._dirty]
        owner = {d.src_path: d.name for d in dirty}
        owner.update({a.origin: d.name for d in dirty for a in assets[d.name] if a.origin is not None})
        fresh: dict[str, list[Problem]] = {d.name: [] for d in dirty}
        for finding in diagnose(dirty, assets, [], self.options) if dirty else []:
            fresh[owner.get(finding.path, dirty[0].name)].append(finding)
        self._findings = {d.name: fresh.get(d.name, self._findings.get(d.name, [])) for d in decks}
        self._render_findings = {d.name: self._render_findings[d.name] for d in decks if d.name in self._render_findings}
        self._decks, self._write_problems = decks, []
        messages: dict[str, list[dict]] = {}
        try:
            for deck in dirty:
                self._rendered[deck.name] = render_site([deck], assets, self.project)
            self._rendered = {d.name: self._rendered[d.name] for d in decks}
            files = {rel: source for rendered in self._rendered.values() for rel, source in rendered.items()}
            files["index.html"] = render_index_page(decks, self.project)
            write_site(files, self.options.out_dir)
        except DeckError as exc:
            self._write_problems += exc.problems
        except UsageError as exc:   # in no file (the front end went missing): on the overlay all the same
            self._write_problems.append(Problem(None, 0, exc.message, exc.hint))
        except OSError as exc:  # a file vanished or became unreadable between the check and the copy; a full disk
            where = Path(exc.filename) if exc.filename else None
            what = "cannot copy" if where else "cannot write the preview"
            self._write_problems.append(Problem(where, 0, f"{what}: {exc.strerror or exc}", "the next save will try again"))
        else:
            if self.render is not None and dirty:
                self._render_due = ({d.name for d in dirty}, self._render_everything)
                self._render_everything = False
            self._dirty.clear()
            if files["index.html"] != self._index:
                self._index = files["index.html"]
                messages[INDEX] = [RELOAD]
        messages.update(self._overlay())
        return messages

    def check_rendered(self) -> dict[str, list[dict]]:
        """After finish() wrote the site: the render checks of the slides the save changed, laid out
        in the browser kept open (the pages already show the save: this only adds to the overlay)."""
        if self._render_due is None or self.render is None:
            return {}
        names, everything = self._render_due
        self._render_due = None
        decks = [d for d in self._decks if d.name in names]
        self._render_findings.update(self.render.check(Path(self.options.out_dir), decks, everything))
        earlier = self.new_warnings   # finish()'s: the save's line prints them all
        messages = self._overlay()
        self.new_warnings = earlier + [w for w in self.new_warnings if w not in earlier]
        return messages

    def _overlay(self) -> dict[str, list[dict]]:
        """Sort the findings of every deck into warnings and problems; the overlay message when it changed."""
        found = [f for d in self._decks for f in self._findings.get(d.name, []) + self._render_findings.get(d.name, [])]
        if any(f.severity == "error" for f in found):
            warnings, self.problems = [], found
        else:
            warnings, self.problems = found, []
        self.problems += self._write_problems
        self.new_warnings = [w for w in warnings if w not in self.warnings]
        self.warnings = warnings
        before = self.error
        self.error = (error_message(self.problems, "new") if self.problems
                      else error_message(warnings, "warnings") if warnings else None)
        return {ALL: [self.error or OK]} if self.error != before else {}

    def close(self) -> None:
        """Close the render checks' browser."""
        if self.render is not None:
            self.render.close()

    def start(self) -> list[Problem]:
        """The first build. When it fails there is no good version yet: the index says so, and
        the error overlay comes with it."""
        self.rebuild([])
        self.finish()
        if not Path(self.options.out_dir).exists():
            write_site({"index.html": _WAITING}, self.options.out_dir)
        return self.problems

    def greeting(self, key: str | None, version: str) -> list[dict]:
        """What a page that has just connected needs: the current source if it shows an older one,
        and the errors, if the last build failed."""
        view = self.views.get(key) if key is not None else None
        found = [view.message()] if view is not None and version != view.version else []
        return found + ([self.error] if self.error else [])

    def version(self, key: str | None) -> str:
        view = self.views.get(key) if key is not None else None
        return view.version if view is not None else ""


_WAITING = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Waiting for a good build</title>"
            b"</head>\n<body><p>The decks do not build yet; this page reloads when they do.</p></body></html>\n")


def _stamp(path: Path) -> tuple[int, int] | None:
    """What says a deck file changed since it was read: its mtime and size (None: unreadable)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _view(deck, assets) -> DeckView:
    return DeckView(src_path=deck.src_path, source=deck.remark_text, options_json=str(embed_json(remark_options(deck))),
                    title=deck.title, lang=deck.settings.lang, slides=deck.slide_count,
                    assets=frozenset(a.src_path for a in assets if a.src_path is not None))

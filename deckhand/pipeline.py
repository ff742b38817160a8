"""The build, as one function a stage per line: find the decks, load them, resolve their files, check
them, render the pages, write the output (and its exports) atomically; and `check`, which writes nothing.
The command line (cli.py) and the live server (live.py) drive these same stages."""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
from pathlib import Path
from urllib.parse import quote

from . import layout, vendor
from .assets import AssetRef, place_files, real_file_inside, resolve_refs
from .checks import run_checks, unsilenced
from .deck import Deck
from .errors import BrowserError, DeckError, Problem, display_path
from .export import ExportOptions, Exported, export_site, index_extras, thumbnail_path
from .layout import check_rendered
from .output import MARKER, earlier_decks, write_site
from .parse import load_deck
from .project import Project
from .render import IndexEntry, deck_page, entry_from_record, entry_record, environment, index_entry, render_index
from .source import remark_source
from .stylesheets import deck_stylesheets, project_stylesheet, with_fitted_paths


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    """How to build: where the project and the output are, and what is allowed."""

    root: Path = Path(".")   # the project: slides/, img/, templates/
    out_dir: Path | None = None   # the output folder; default: build/ in the project
    allow_remote: bool = False
    strict: bool = False      # the deck doctor's warnings fail the build too
    render_checks: bool = False   # `check` lays the slides out in Chromium too (layout.py)
    export: ExportOptions = ExportOptions()   # PDFs and single files, made before the swap

    def __post_init__(self):
        if self.out_dir is None:
            object.__setattr__(self, "out_dir", Path(self.root) / "build")

    @functools.cached_property
    def project(self) -> Project:
        return Project.at(self.root)


@dataclasses.dataclass(frozen=True)
class BuildResult:
    """What a build made: the decks read and the assets each one uses."""

    decks: list[Deck]
    assets: dict[str, list[AssetRef]]
    out_dir: Path
    exports: list[Exported] = dataclasses.field(default_factory=list)
    warnings: list[Problem] = dataclasses.field(default_factory=list)   # the deck doctor's, for stderr or an overlay


def build(deck_paths: list[Path] | None = None, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Load the decks, resolve their assets, render the pages, write the output folder atomically.
    Every problem of every deck is collected first; then one DeckError carries them all."""
    paths = find_decks(deck_paths, options.project)
    decks, problems = load_decks(paths, options.project.root)
    assets, asset_problems = resolve_assets(decks, options)
    warnings = check_decks(decks, assets, problems + asset_problems, options)
    kept = _kept_decks(decks, options.out_dir) if deck_paths else {}
    files = render_site(decks, assets, options.project)
    exports = write_output(files, decks, assets, kept, options)
    warnings += [warning for exported in exports for warning in exported.warnings]
    return BuildResult(decks=decks, assets=assets, out_dir=options.out_dir, exports=exports, warnings=warnings)


def check(deck_paths: list[Path] | None = None, options: BuildOptions = BuildOptions()) -> list[Problem]:
    """`--check`: load the decks and run every check, writing nothing; return every finding."""
    browser = skipped = None
    if options.render_checks:   # Chromium starts (in its own process) while the static checks run
        try:
            browser = layout.start_chromium()
        except BrowserError as exc:
            skipped = exc
    try:
        decks, problems = load_decks(find_decks(deck_paths, options.project), options.project.root)
        assets, asset_problems = resolve_assets(decks, options)
        findings = diagnose(decks, assets, problems + asset_problems, options)
        if skipped is not None:
            findings.append(_skipped(skipped))
        elif options.render_checks:
            findings += render_check(decks, assets, options, browser)
        return findings
    finally:
        if browser is not None:
            browser.close()


def render_check(decks: list[Deck], assets: dict[str, list[AssetRef]], options: BuildOptions,
                 browser=None) -> list[Problem]:
    """The render checks (layout.py) of the decks, built into a folder of their own; without a
    Chromium, one note that says they were skipped and how to have them."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="deckhand-render-") as tmp:
        site = Path(tmp) / "site"
        try:
            write_site(render_site(decks, assets, options.project), site)
            found = unsilenced(check_rendered(site, decks, browser, options.project.modules_dir), decks)
        except BrowserError as exc:
            return [_skipped(exc)]
    if options.strict:
        found = [dataclasses.replace(f, severity="error") for f in found]
    return found


def _skipped(exc: BrowserError) -> Problem:
    return Problem(None, 0, f"render checks skipped: {exc.message}", exc.hint, severity="note")


def find_decks(deck_paths: list[Path] | None, project: Project) -> list[Path]:
    """The decks to build: those named, or every `.md` file in slides/ and its subfolders (not
    hidden ones, nor `_name` ones, nor folders reached through a link, nor a node_modules/ or a
    build's output; not a README.md below slides/ itself: a talk folder's notes): those of
    slides/ first, then by path."""
    if deck_paths:
        return [Path(p) for p in deck_paths]
    found = []
    for folder, subfolders, names in os.walk(project.slides_dir):   # links to folders are not followed
        subfolders[:] = sorted(d for d in subfolders if not _skipped_folder(Path(folder, d)))
        top = folder == str(project.slides_dir)
        found += [Path(folder, n) for n in names if n.endswith(".md") and (top or n.lower() != "readme.md")]
    found.sort(key=lambda p: (len(p.relative_to(project.slides_dir).parts) > 1, p.relative_to(project.slides_dir).parts))
    if not found:
        raise DeckError([Problem(project.slides_dir, 0, "no decks found",
                                 "add a Markdown file like slides/my-talk.md, or start one with 'deckhand new NAME'")])
    return found


def load_decks(paths: list[Path], root: Path, known: dict[Path, Deck] | None = None) -> tuple[list[Deck], list[Problem]]:
    """Read every deck that can be read, and the problems of all of them: files that cannot be read
    or are links out of the project `root`, front matter, names the output cannot hold, two decks
    with one output folder. The checks run on the decks all the same, so that one build lists
    every problem. A deck in `known` (the live server's, whose file has not changed) is taken as
    it is, not read again."""
    decks, problems = [], []
    for path in paths:
        if known and path in known:
            decks.append(known[path])
            problems += known[path].problems
            continue
        if _unprintable(path.name):
            problems.append(Problem(path, 0, "deck file name is not UTF-8 text",
                                    "rename the file with letters your system shows: its name becomes the deck's "
                                    "folder and web address"))
            continue
        if not path.is_file():
            problems.append(_not_a_file(path))
            continue
        if _linked_out(path, root):
            problems.append(Problem(path, 1, f"deck is a link to '{os.path.realpath(path)}', outside the project",
                                    "copy the file into slides/ instead of linking to it"))
            continue
        try:
            deck = load_deck(path, deck_name(path, Path(root) / "slides"))
        except DeckError as exc:
            problems += exc.problems
            continue
        decks.append(deck)
        problems += deck.problems
    names: dict[str, Path] = {}
    for deck in decks:
        refused = _refused_name(deck.name)
        if refused:
            problems.append(Problem(deck.src_path, 1, f"a deck cannot be named '{deck.name}': {refused}",
                                    "rename the file, like slides/my-talk.md"))
        elif deck.name in names:
            problems.append(Problem(deck.src_path, 1, f"two decks would both be written to '{deck.name}/'",
                                    f"rename this file or {display_path(names[deck.name])}"))
        names[deck.name] = deck.src_path
    for name, path in names.items():   # build/2023/ would hold a deck and another deck's folder
        inner = next((other for other in names if other.startswith(name + "/")), None)
        if inner is not None:
            problems.append(Problem(path, 1, f"the deck '{name}' would be written around the deck '{inner}' "
                                    f"({display_path(names[inner])})",
                                    f"rename this file (like {name}-overview.md) or the folder: a deck's "
                                    "output folder cannot hold another deck's"))
    return decks, problems


def _skipped_folder(folder: Path) -> bool:
    """Whether find_decks leaves a folder below slides/ out: hidden or `_` ones, npm's packages
    (their READMEs and changelogs are no talks), and an output folder (`--out slides/site`: the
    marker says it is one), whose copies of files would otherwise be built again."""
    return (folder.name.startswith((".", "_")) or folder.name == "node_modules"
            or (folder / MARKER).is_file())


TALK_FILE_NAMES = ("slides", "index")   # slides/2023/ml-school/slides.md is the deck '2023/ml-school'


def deck_name(path: Path, slides_dir: Path) -> str:
    """A deck's name, which is its output folder's: the file's path under slides/ without `.md`
    (`2023/intro`), a `slides.md` or `index.md` in a subfolder named after its folder; a deck
    anywhere else (named on the command line) by its file name alone."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(slides_dir))
    except ValueError:
        return path.stem
    folders = rel.parent.parts
    if not folders:
        return path.stem
    return "/".join(folders if path.stem in TALK_FILE_NAMES else folders + (path.stem,))


# What the output holds beside the decks' folders: a deck of one of these names would overwrite it.
RESERVED_NAMES = ("index.html", "_site", vendor.VENDOR_DIR)


def _refused_name(name: str) -> str:
    """Why a deck's name cannot be its output folder's, or ''."""
    parts = name.split("/")
    if any(part in (".", "..") for part in parts):   # from `..md` and `...md`
        return "that is not a folder of its own: the deck would be written over the index page, or beside the output"
    if any(part.startswith(".") for part in parts):   # `.md` too: Python's stem of '.md' is '.md'
        return "a name that starts with a dot is hidden, and the live server does not serve it"
    if parts[0] in RESERVED_NAMES or parts[-1] in RESERVED_NAMES:
        return "the build writes a file or folder of that name itself"
    return ""


def _linked_out(path: Path, root: Path) -> bool:
    """Whether the deck is reached through a link that leads out of both its folder and the project
    (the rule images in img/ follow too)."""
    folder = Path(os.path.abspath(path)).parent.resolve()
    linked = os.path.realpath(path) != os.path.join(folder, path.name)
    return linked and real_file_inside(path, (folder, Path(root).resolve())) is None


def _not_a_file(path: Path) -> Problem:
    """Why a deck path names no file to read: a symlink loop, or nothing there."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(path, 0, "deck is a symbolic link that leads back to itself",
                           "point the link at a Markdown file, or delete it")
    return Problem(path, 0, "deck not found", "give the path of a Markdown file, like slides/talk.md")


def _unprintable(name: str) -> bool:
    """Whether a file name holds bytes that are not UTF-8 (Python reads them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def resolve_assets(decks: list[Deck], options: BuildOptions) -> tuple[dict[str, list[AssetRef]], list[Problem]]:
    """Find every file each deck uses, and the problems: missing, remote or outside files
    (check_decks lists them with the other findings). A deck using files from outside its folder
    gets the text remark reads with their paths in its output."""
    assets, problems = {}, []
    project_css = project_stylesheet(options.project)
    for deck in decks:
        found, deck_problems = resolve_refs(deck, options.project.root, options.allow_remote)
        found = project_css + found
        named, css_problems = deck_stylesheets(found, options.project.root, options.allow_remote)
        if any(ref.kind == "stylesheet" for ref in found):
            found = with_fitted_paths(place_files(found + named))
        if any(ref.url and not ref.linked for ref in found):   # files from outside its folder: the page names their copies
            deck.remark_text = remark_source(deck, found)
        deck.stylesheets = [ref.url or quote(ref.dest) for ref in found
                            if ref.kind == "stylesheet" and ref.linked and ref.origin is None and ref.src_path]
        assets[deck.name] = found
        problems += deck_problems + css_problems
    return assets, problems


def diagnose(decks: list[Deck], assets: dict[str, list[AssetRef]], problems: list[Problem],
             options: BuildOptions) -> list[Problem]:
    """The deck doctor (deckhand/checks) over every deck, with the `problems` found before it (front
    matter, assets) sorted in; under --strict every finding is an error."""
    findings = run_checks(decks, assets, options.project, problems)
    if options.strict:
        findings = [dataclasses.replace(f, severity="error") for f in findings]
    return findings


def check_decks(decks: list[Deck], assets: dict[str, list[AssetRef]], problems: list[Problem],
                options: BuildOptions) -> list[Problem]:
    """diagnose(), and with --pdf (a browser is there anyway) the render checks, before anything is
    written; then: when one finding is an error, raise DeckError with them all; else return the
    warnings. The render checks run unless the decks are broken (an error that is no warning made
    one by --strict): their pages would not show what the audience will see."""
    findings = diagnose(decks, assets, problems, options)
    broken = any(f.severity == "error" and not f.code.startswith("W-") for f in findings)
    if options.export.pdf and not broken:
        findings += [p for p in render_check(decks, assets, options, options.export.browser) if p.severity != "note"]
    if any(f.severity == "error" for f in findings):
        raise DeckError(findings)
    return findings


def write_output(files: dict[str, bytes | Path], decks: list[Deck], assets: dict[str, list[AssetRef]],
                 kept: dict[str, KeptDeck], options: BuildOptions) -> list[Exported]:
    """Write the output folder atomically: the pages, the files of the decks `kept`, the exports,
    then an index that links what is there; the marker says what each deck owns, for the next
    build. Returns the exports made."""
    exports: list[Exported] = []

    def finish(staging: Path) -> None:
        exports.extend(export_site(staging, decks, assets, options.project, options.export, list(kept)))
        (staging / "index.html").write_bytes(render_index_page(decks, options.project, staging, kept))

    def manifest(staging: Path) -> dict[str, dict]:
        owned = {name: {"files": deck.files, "index": deck.card} for name, deck in kept.items()}
        for deck in decks:
            files_of = [f"{deck.name}/"] + [e.name for e in exports if e.deck is deck]
            files_of += [rel for rel in [thumbnail_path(deck.name)] if (staging / rel).is_file()]
            owned[deck.name] = {"files": files_of, "index": entry_record(index_entry(deck))}
        return owned

    write_site(files, options.out_dir, finish=finish, keep=[rel for deck in kept.values() for rel in deck.files],
               manifest=manifest)
    return exports


@dataclasses.dataclass(frozen=True)
class KeptDeck:
    """A deck an earlier build wrote that this one keeps: the files it owns and its index card."""

    files: list[str]
    card: dict              # as the output's marker holds it
    entry: IndexEntry       # the same, read back


def _kept_decks(decks: list[Deck], out_dir: Path) -> dict[str, KeptDeck]:
    """The decks an earlier build wrote into `out_dir` that this one does not rebuild: building
    one deck keeps the others, and the index lists them all."""
    names = {deck.name for deck in decks}
    kept = {}
    for name, found in earlier_decks(out_dir).items():
        entry = entry_from_record(found.get("index")) if isinstance(found, dict) else None
        files = found.get("files") if isinstance(found, dict) else None
        if (name not in names and entry is not None and isinstance(files, list)
                and (Path(out_dir) / name / "index.html").is_file()):   # not a deck deleted from the output by hand
            kept[name] = KeptDeck(files=[str(f) for f in files], card=found["index"], entry=entry)
    return kept


def render_site(decks: list[Deck], assets: dict[str, list[AssetRef]], project: Project) -> dict[str, bytes | Path]:
    """Every output file but the index page, as bytes or a source path: each deck's page, front end
    and assets (the index is made last, once the exports are there: render_index_page)."""
    frontend = vendor.frontend_files(project)
    files: dict[str, bytes | Path] = {}
    for deck in decks:
        files[f"{deck.name}/index.html"] = deck_page(project, deck).encode("utf-8")
        for rel, source in frontend.items():
            files[f"{deck.name}/{vendor.VENDOR_DIR}/{rel}"] = source
        for asset in assets[deck.name]:
            if asset.src_path is not None:
                files[f"{deck.name}/{asset.dest}"] = asset.data if asset.data is not None else asset.src_path
    for rel, source in frontend.items():
        if rel in ("fonts.css", "favicon.svg") or rel.startswith("fonts/"):
            files[f"_site/{rel}"] = source
    return files


def render_index_page(decks: list[Deck], project: Project, site_dir: Path | None = None,
                      kept: dict[str, KeptDeck] | None = None) -> bytes:
    """The index page: a card per deck (and per deck `kept` from an earlier build, all then in name
    order), with links to the exports and thumbnails found for it in the output folder `site_dir`
    (none without one)."""
    entries = {deck.name: index_entry(deck) for deck in decks}
    entries.update({name: deck.entry for name, deck in (kept or {}).items()})
    order = sorted(entries) if kept else list(entries)
    extras = index_extras(site_dir, order) if site_dir is not None else {}
    cards = [dataclasses.replace(entries[name], extra_links=extras[name][0], thumbnail=extras[name][1])
             if name in extras else entries[name] for name in order]
    return render_index(environment(project), cards).encode("utf-8")

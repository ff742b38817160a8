#!/usr/bin/env python3
"""Build remark slide decks: Markdown in slides/ -> static, offline HTML decks in build/.

    python build.py [DECK ...] [--out DIR] [--allow-remote] [--pdf] [--handout] [--notes] [--single-file]
    (each export has its file beside the deck's folder: <deck>.pdf, <deck>-handout.pdf, <deck>-notes.pdf, <deck>.html)
    python build.py --check [--strict] [DECK ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from deckhand import vendor
from deckhand.assets import AssetRef, resolve_refs
from deckhand.checks import run_checks
from deckhand.deck import Deck
from deckhand.parse import load_deck
from deckhand.errors import DeckError, Problem, display_path
from deckhand.export import (ExportOptions, Exported, export_site, index_extras, start_browser_early, stop_browser,
                             summary, thumbnail_path)
from deckhand.output import earlier_decks, write_site
from deckhand.render import deck_page, entry_from_record, entry_record, environment, index_entry, render_index

ROOT = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    """How to build: where the project and the output are, and what is allowed."""

    out_dir: Path = ROOT / "build"
    root: Path = ROOT
    allow_remote: bool = False
    strict: bool = False      # the deck doctor's warnings fail the build too
    export: ExportOptions = ExportOptions()   # PDFs and single files, made before the swap


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
    paths = find_decks(deck_paths, options.root)
    decks, problems = load_decks(paths)
    assets, asset_problems = resolve_assets(decks, options)
    warnings = check_decks(decks, assets, problems + asset_problems, options)
    kept = _kept_decks(decks, options.out_dir) if deck_paths else {}
    files = render_site(decks, assets, options.root)
    exports: list[Exported] = []

    def finish(staging: Path) -> None:   # before the swap: the exports, then an index that links what is there
        exports.extend(export_site(staging, decks, assets, options.root, options.export))
        (staging / "index.html").write_bytes(render_index_page(decks, options.root, staging, kept))

    write_site(files, options.out_dir, finish=finish, keep=[rel for found in kept.values() for rel in found["files"]],
               manifest=lambda staging: {**{name: {"files": found["files"], "index": found["index"]}
                                            for name, found in kept.items()},
                                         **_manifest(decks, exports, staging)})
    return BuildResult(decks=decks, assets=assets, out_dir=options.out_dir, exports=exports, warnings=warnings)


def check(deck_paths: list[Path] | None = None, options: BuildOptions = BuildOptions()) -> list[Problem]:
    """`--check`: load the decks and run every check, writing nothing; return every finding."""
    decks, problems = load_decks(find_decks(deck_paths, options.root))
    assets, asset_problems = resolve_assets(decks, options)
    return diagnose(decks, assets, problems + asset_problems, options)


def find_decks(deck_paths: list[Path] | None, root: Path) -> list[Path]:
    """The decks to build: those named, or every `.md` file in slides/."""
    if deck_paths:
        return [Path(p) for p in deck_paths]
    found = sorted((root / "slides").glob("*.md"))
    if not found:
        raise DeckError([Problem(root / "slides", 0, "no decks found", "add a Markdown file like slides/my-talk.md")])
    return found


def load_decks(paths: list[Path]) -> tuple[list[Deck], list[Problem]]:
    """Read every deck that can be read, and the problems of all of them: files that cannot be read,
    front matter, two decks with one output folder. The checks run on the decks all the same, so
    that one build lists every problem."""
    decks, problems = [], []
    for path in paths:
        if not path.is_file():
            problems.append(Problem(path, 0, "deck not found", "give the path of a Markdown file, like slides/talk.md"))
            continue
        try:
            deck = load_deck(path)
        except DeckError as exc:
            problems += exc.problems
            continue
        decks.append(deck)
        problems += deck.problems
    names: dict[str, Path] = {}
    for deck in decks:
        if deck.name in names:
            problems.append(Problem(deck.src_path, 1, f"two decks would both be written to '{deck.name}/'",
                                    f"rename this file or {display_path(names[deck.name])}"))
        names[deck.name] = deck.src_path
    return decks, problems


def resolve_assets(decks: list[Deck], options: BuildOptions) -> tuple[dict[str, list[AssetRef]], list[Problem]]:
    """Find every file each deck uses, and the problems: missing, remote or outside files
    (check_decks lists them with the other findings)."""
    assets, problems = {}, []
    for deck in decks:
        found, deck_problems = resolve_refs(deck, options.root, options.allow_remote)
        assets[deck.name] = found
        problems += deck_problems
    return assets, problems


def diagnose(decks: list[Deck], assets: dict[str, list[AssetRef]], problems: list[Problem],
             options: BuildOptions) -> list[Problem]:
    """The deck doctor (deckhand/checks) over every deck, with the `problems` found before it (front
    matter, assets) sorted in; under --strict every finding is an error."""
    findings = run_checks(decks, assets, options.root, problems)
    if options.strict:
        findings = [dataclasses.replace(f, severity="error") for f in findings]
    return findings


def check_decks(decks: list[Deck], assets: dict[str, list[AssetRef]], problems: list[Problem],
                options: BuildOptions) -> list[Problem]:
    """diagnose(), then: when one finding is an error, raise DeckError with them all; else return
    the warnings."""
    findings = diagnose(decks, assets, problems, options)
    if any(f.severity == "error" for f in findings):
        raise DeckError(findings)
    return findings


def _kept_decks(decks: list[Deck], out_dir: Path) -> dict[str, dict]:
    """The decks an earlier build wrote into `out_dir` that this one does not rebuild: building
    one deck keeps the others, and the index lists them all."""
    names = {deck.name for deck in decks}
    kept = {}
    for name, found in earlier_decks(out_dir).items():
        entry = entry_from_record(found.get("index")) if isinstance(found, dict) else None
        files = found.get("files") if isinstance(found, dict) else None
        if (name not in names and entry is not None and isinstance(files, list)
                and (Path(out_dir) / name / "index.html").is_file()):   # not a deck deleted from the output by hand
            kept[name] = {"files": [str(f) for f in files], "index": found["index"], "entry": entry}
    return kept


def _manifest(decks: list[Deck], exports: list[Exported], staging: Path) -> dict[str, dict]:
    """What each deck built now owns in the output (its folder, its exports) and its index card."""
    made = {}
    for deck in decks:
        owned = [f"{deck.name}/"] + [e.name for e in exports if e.deck is deck]
        owned += [rel for rel in [thumbnail_path(deck.name)] if (staging / rel).is_file()]
        made[deck.name] = {"files": owned, "index": entry_record(index_entry(deck))}
    return made


def render_site(decks: list[Deck], assets: dict[str, list[AssetRef]], root: Path) -> dict[str, bytes | Path]:
    """Every output file, as bytes or a source path: each deck's page, front end and assets, and the index."""
    frontend = vendor.frontend_files(root)
    files: dict[str, bytes | Path] = {}
    for deck in decks:
        files[f"{deck.name}/index.html"] = deck_page(root, deck).encode("utf-8")
        for rel, source in frontend.items():
            files[f"{deck.name}/{vendor.VENDOR_DIR}/{rel}"] = source
        for asset in assets[deck.name]:
            if asset.src_path is not None:
                files[f"{deck.name}/{asset.dest}"] = asset.src_path
    for rel, source in frontend.items():
        if rel in ("fonts.css", "favicon.svg") or rel.startswith("fonts/"):
            files[f"_site/{rel}"] = source
    files["index.html"] = render_index_page(decks, root)
    return files


def render_index_page(decks: list[Deck], root: Path, site_dir: Path | None = None,
                      kept: dict[str, dict] | None = None) -> bytes:
    """The index page: a card per deck (and per deck `kept` from an earlier build, all then in name
    order), with links to the exports and thumbnails found for it in the output folder `site_dir`
    (none without one)."""
    entries = {deck.name: index_entry(deck) for deck in decks}
    entries.update({name: found["entry"] for name, found in (kept or {}).items()})
    order = sorted(entries) if kept else list(entries)
    extras = index_extras(site_dir, order) if site_dir is not None else {}
    cards = [dataclasses.replace(entries[name], extra_links=extras[name][0], thumbnail=extras[name][1])
             if name in extras else entries[name] for name in order]
    return render_index(environment(root / "templates"), cards).encode("utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", type=Path, metavar="DECK", help="deck files (default: every slides/*.md)")
    parser.add_argument("--out", type=Path, default=BuildOptions.out_dir, help="output folder (default: build/)")
    parser.add_argument("--allow-remote", action="store_true", help="allow images and sounds from the network")
    parser.add_argument("--check", action="store_true",
                        help="only run the deck doctor: list every problem, write nothing")
    parser.add_argument("--strict", action="store_true", help="the doctor's warnings fail the build (or --check) too")
    parser.add_argument("--pdf", action="store_true", help="also print each deck to OUT/<deck>.pdf in Chromium, every step")
    parser.add_argument("--handout", action="store_true",
                        help="also print OUT/<deck>-handout.pdf: the last step of each slide (and --notes in that form)")
    parser.add_argument("--notes", action="store_true",
                        help="also print OUT/<deck>-notes.pdf: each slide with its presenter notes beneath it")
    parser.add_argument("--single-file", action="store_true", help="also write OUT/<deck>.html, one file that works anywhere")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    export = ExportOptions(pdf=args.pdf, handout=args.handout, notes=args.notes, single_file=args.single_file,
                           progress=lambda line: print(line, flush=True))
    if not args.check:
        export = start_browser_early(export)
    options = BuildOptions(out_dir=args.out, allow_remote=args.allow_remote, strict=args.strict, export=export)
    started = time.perf_counter()
    if args.check:
        try:
            findings = check(args.decks or None, options)
        except DeckError as exc:   # no decks at all
            findings = exc.problems
        for finding in findings:
            print(finding)
        errors = sum(f.severity == "error" for f in findings)
        print(f"checked in {(time.perf_counter() - started) * 1000:.0f} ms: {_counted(errors, 'error')}, "
              f"{_counted(len(findings) - errors, 'warning')}")
        return 1 if errors else 0
    try:
        result = build(args.decks or None, options)
    except DeckError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = sum(p.severity == "error" for p in exc.problems)
        warned = f" and {_counted(len(exc.problems) - count, 'warning')}" if len(exc.problems) > count else ""
        print(f"build failed: {count} problem{'s' * (count != 1)}{warned}; the previous output was left as it was",
              file=sys.stderr)
        return 1
    finally:
        stop_browser(export)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    seconds = time.perf_counter() - started
    for deck in result.decks:
        print(f"{display_path(deck.src_path)}: {deck.slide_count} slides ({deck.counted_count} counted), "
              f"{_counted(len(result.assets[deck.name]), 'asset')} -> {display_path(result.out_dir / deck.name / 'index.html')}")
    for exported in result.exports:
        print(summary(exported, result.out_dir))
    print(f"built {len(result.decks)} deck{'s' * (len(result.decks) != 1)} in {seconds * 1000:.0f} ms; "
          f"open {display_path(result.out_dir / 'index.html')}")
    return 0


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


if __name__ == "__main__":
    raise SystemExit(main())

"""The command line: the installed `deckhand` (new, build, check, serve) and this repository's build.py and
serve.py, over the same calls. It parses, calls the pipeline or the live server, and prints; every
error the tool raises on purpose is caught here, in `_run`, and nowhere else."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import DeckError, DeckhandError, Problem, display_path
from .export import ExportOptions, start_browser_early, stop_browser, summary
from .pipeline import BuildOptions, build, check

DESCRIPTION = "Build remark.js slide decks from Markdown into static, offline HTML; present, preview live, export to PDF."
EPILOG = """\
A project is a folder with slides/**/*.md (one deck per file), img/ for the images and sounds the decks
share, and optionally templates/ with files that replace the packaged ones (theme.css, deck.html.j2,
index.html.j2, deck.js). Start one with `deckhand new my-talk`, then:

  cd my-talk
  deckhand serve            # build, open the decks in the browser, show every save at once
  deckhand check            # every problem of every deck, as path:line, writing nothing
  deckhand build --pdf      # build/ holds the decks, the index page and build/<deck>.pdf

Coming from remark: `deckhand import ~/talks` writes a deck for every remark page found there.

`deckhand COMMAND --help` tells each command's options.
"""


def version() -> str:
    from importlib import metadata   # here: its import costs a command-line build ~15 ms

    try:
        return metadata.version("deckhand")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


# -- the installed command ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """`deckhand COMMAND ...`; the project is the current folder unless --root says otherwise."""
    parser = argparse.ArgumentParser(prog="deckhand", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    new = commands.add_parser("new", help="start a project folder, or a deck in the current project",
                              description="In a project (a folder with slides/): make slides/NAME.md, a starter deck "
                                          "that shows the syntax. Elsewhere: make the project folder NAME/ with that "
                                          "deck, an example image, a .gitignore and a CI workflow that publishes "
                                          "build/ with GitHub Pages.")
    new.add_argument("name", metavar="NAME", help="the deck's (and the new folder's) name, like my-talk")
    new.set_defaults(func=_new)
    _build_arguments(commands.add_parser("build", help="build the decks into build/ (and PDFs, single files)",
                                         description="Build every deck of slides/ (or those named) into the "
                                                     "output folder, atomically: a failed build keeps the last "
                                                     "good output."), Path(".")).set_defaults(func=_build)
    _check_arguments(commands.add_parser("check", help="list every problem of the decks, writing nothing",
                                         description="The deck doctor: every problem as path:line: severity: "
                                                     "message (hint) [code]; exit 1 when one is an error."),
                     Path(".")).set_defaults(func=_check)
    _serve_arguments(commands.add_parser("serve", help="serve the decks with live preview",
                                         description="Build the decks into a folder of its own (build/ is not "
                                                     "touched), serve them, and show every save in the open page."),
                     Path(".")).set_defaults(func=_serve)
    imports = commands.add_parser("import", help="import remark pages (index.html with remark.create) as decks",
                                  description="Write a deck in slides/ for each remark page (an index.html calling "
                                              "remark.create, with sourceUrl or the Markdown inline): front matter "
                                              "from its options, title, metadata, stylesheets and MathJax; the files "
                                              "it uses placed where its own paths find them. Then build the decks and "
                                              "list what the deck doctor finds.")
    imports.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                         help="a remark page, or a folder: every remark page below it")
    imports.add_argument("--to", type=Path, default=Path("."), help="the project to import into (default: the "
                         "current folder; made if missing)")
    imports.add_argument("--link-media", action="store_true",
                         help="hard-link the images, sounds and stylesheets instead of copying them (no second "
                              "copy on disk; falls back to a copy across file systems)")
    imports.add_argument("--force", action="store_true", help="overwrite decks edited since an earlier import")
    imports.add_argument("--no-build", action="store_true", help="only write the decks")
    imports.set_defaults(func=_import)
    args = parser.parse_args(argv)
    if args.version:
        print(f"deckhand {version()}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    return _run(args.func, args)


# -- this repository's scripts ------------------------------------------------------------------

def build_script(argv: list[str] | None, root: Path) -> int:
    """build.py: the build, or with --check the doctor, of the project `root`."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build remark slide decks: Markdown in slides/ -> "
                                                                   "static, offline HTML decks in build/.")
    _build_arguments(parser, root)
    parser.add_argument("--check", action="store_true", help="only run the deck doctor: list every problem, write nothing")
    args = parser.parse_args(argv)
    return _run(_check if args.check else _build, args)


def serve_script(argv: list[str] | None, root: Path) -> int:
    """serve.py: the live server of the project `root`."""
    parser = argparse.ArgumentParser(prog="serve.py", description="Live preview: build the decks, serve them, and "
                                                                   "show every save in the open page at once.")
    _serve_arguments(parser, root)
    return _run(_serve, parser.parse_args(argv))


# -- arguments ------------------------------------------------------------------------------------

def _common_arguments(parser: argparse.ArgumentParser, root: Path) -> argparse.ArgumentParser:
    parser.add_argument("decks", nargs="*", type=Path, metavar="DECK", help="deck files (default: every .md file in slides/ and its subfolders)")
    parser.add_argument("--root", type=Path, default=root,
                        help=f"the project folder with slides/, img/, templates/ (default: {_shown(root)})")
    parser.add_argument("--allow-remote", action="store_true", help="allow images and sounds from the network")
    return parser


def _check_arguments(parser: argparse.ArgumentParser, root: Path) -> argparse.ArgumentParser:
    _common_arguments(parser, root)
    parser.add_argument("--strict", action="store_true", help="warnings count as errors too (for CI)")
    parser.add_argument("--no-render", action="store_true",
                        help="with --check: skip the render checks (the slides laid out in Chromium)")
    return parser


def _build_arguments(parser: argparse.ArgumentParser, root: Path) -> argparse.ArgumentParser:
    _check_arguments(parser, root)
    parser.add_argument("--out", type=Path, help="output folder (default: build/ in the project)")
    parser.add_argument("--pdf", action="store_true", help="also print each deck to OUT/<deck>.pdf in Chromium, every step")
    parser.add_argument("--handout", action="store_true",
                        help="also print OUT/<deck>-handout.pdf: the last step of each slide (and --notes in that form)")
    parser.add_argument("--notes", action="store_true",
                        help="also print OUT/<deck>-notes.pdf: each slide with its presenter notes beneath it")
    parser.add_argument("--single-file", action="store_true", help="also write OUT/<deck>.html, one file that works anywhere")
    return parser


def _serve_arguments(parser: argparse.ArgumentParser, root: Path) -> argparse.ArgumentParser:
    _common_arguments(parser, root)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port (default: 8000, or the next free one; 0: any)")
    parser.add_argument("--no-open", action="store_true", help="do not open a browser")
    parser.add_argument("--no-render", action="store_true",
                        help="skip the render checks (the slides a save changed, laid out in a Chromium kept open)")
    parser.add_argument("--poll", action="store_true",
                        help="look for saves 10 times a second instead of being told by the system: for network "
                             "drives, WSL on a Windows folder (/mnt/c/...), shared folders of VMs and containers")
    return parser


def _port(text: str) -> int:
    """A --port value: a whole number from 0 to 65535 (argparse prints the message and exits 2)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number: use a whole number like 8000") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number: use one from 1 to 65535 (0: any free one)")
    return port


def _shown(root: Path) -> str:
    return "the current folder" if str(root) == "." else display_path(root)


# -- the commands ---------------------------------------------------------------------------------

def _run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; what the tool raises on purpose is printed and exits 1: a DeckError's every
    problem, then one line; any other (a UsageError) as `build: error: message (hint)`. Anything
    else is a bug and keeps its traceback."""
    try:
        return command(args)
    except DeckError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = sum(p.severity == "error" for p in exc.problems)
        warned = f" and {_counted(len(exc.problems) - count, 'warning')}" if len(exc.problems) > count else ""
        what = "the previous output was left as it was" if command is _build else "nothing was written"
        print(f"{_verb(command)} failed: {_counted(count, 'problem')}{warned}; {what}", file=sys.stderr)
        return 1
    except DeckhandError as exc:   # a UsageError: in no file, so said once, as the command's own error
        print(f"{_verb(command)}: error: {exc}", file=sys.stderr)
        if command is _build:
            print("build failed; the previous output was left as it was", file=sys.stderr)
        return 1


def _verb(command) -> str:
    return {_build: "build", _check: "check", _serve: "serve", _new: "new", _import: "import"}[command]


def _options(args: argparse.Namespace, export: ExportOptions = ExportOptions(), render: bool = False) -> BuildOptions:
    return BuildOptions(root=args.root, out_dir=getattr(args, "out", None), allow_remote=args.allow_remote,
                        strict=getattr(args, "strict", False), export=export,
                        render_checks=render and not getattr(args, "no_render", False))


def _build(args: argparse.Namespace) -> int:
    export = start_browser_early(ExportOptions(pdf=args.pdf, handout=args.handout, notes=args.notes,
                                               single_file=args.single_file, progress=lambda line: print(line, flush=True)))
    started = time.perf_counter()
    try:
        result = build(args.decks or None, _options(args, export))
    finally:
        stop_browser(export)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    seconds = time.perf_counter() - started
    for deck in result.decks:
        print(f"{display_path(deck.src_path)}: {_counted(deck.slide_count, 'slide')} ({deck.counted_count} counted), "
              f"{_counted(len(result.assets[deck.name]), 'asset')} -> {display_path(result.out_dir / deck.name / 'index.html')}")
    for exported in result.exports:
        print(summary(exported, result.out_dir))
    print(f"built {_counted(len(result.decks), 'deck')} in {seconds * 1000:.0f} ms; "
          f"open {display_path(result.out_dir / 'index.html')}")
    return 0


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        findings = check(args.decks or None, _options(args, render=True))
    except DeckError as exc:   # no decks at all
        findings = exc.problems
    for finding in findings:
        print(finding)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    print(f"checked in {(time.perf_counter() - started) * 1000:.0f} ms: {_counted(errors, 'error')}, "
          f"{_counted(warnings, 'warning')}")
    return 1 if errors else 0


def _import(args: argparse.Namespace) -> int:
    from .importer import find_pages, import_pages

    started = time.perf_counter()
    project = args.to
    imported, problems = [], []
    for source in args.sources:
        if not source.exists():
            problems.append(Problem(source, 0, "no such file or folder", "give a remark page or a folder of them"))
            continue
        pages = find_pages(source, project)
        if not pages:
            problems.append(Problem(source, 0, "no remark page here (no .html file calling remark.create)",
                                    "give the folder that holds the talks' index.html files"))
        done, found = import_pages(pages, source if source.is_dir() else source.parent, project,
                                   link_media=args.link_media, force=args.force)
        imported += done
        problems += found
    for problem in problems:
        print(problem, file=sys.stderr)
    for item in imported:
        state = "imported" if item.changed else "unchanged"
        print(f"{display_path(item.page)} -> {display_path(item.deck)} ({state}, {_counted(item.media, 'file')} placed)")
        for note in item.notes:
            print(f"  note: {note}")
    result_problems = []
    if imported and not args.no_build:
        try:
            result = build([item.deck for item in imported], BuildOptions(root=project))
            findings, decks = result.warnings, result.decks
        except DeckError as exc:
            findings, decks = exc.problems, []
        result_problems = findings
        for finding in findings:
            print(finding, file=sys.stderr)
        by_path = {}
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
        for deck in decks:
            mine = by_path.get(deck.src_path, [])
            errors = sum(p.severity == "error" for p in mine)
            print(f"{deck.name}: {_counted(deck.slide_count, 'slide')}, {_counted(len(deck.shown_math), 'formula')}, "
                  f"{_counted(errors, 'error')}, {_counted(len(mine) - errors, 'warning')}")
        if not decks:
            print("the imported decks do not build yet: fix the problems above, then run 'deckhand build'",
                  file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems + result_problems)
    print(f"imported {_counted(len(imported), 'page')} in {(time.perf_counter() - started) * 1000:.0f} ms"
          + (f"; {_counted(errors, 'problem')}" if errors else ""))
    return 1 if errors or not imported else 0


def _new(args: argparse.Namespace) -> int:
    from .starter import new

    made = new(args.name, Path("."), version())
    for path in made:
        print(f"made {display_path(path)}")
    deck = next(p for p in made if p.suffix == ".md")
    project = deck.parent.parent
    step = "" if project.resolve() == Path(".").resolve() else f"cd {display_path(project)} && "
    print(f"next: {step}deckhand serve   (edit {display_path(deck)}; every save shows in the browser)")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import logging
    import signal
    import tempfile
    import threading
    import webbrowser

    from tornado.ioloop import IOLoop

    from .live import LiveSite
    from .server import DeckServer, is_loopback, stop_on_signals
    from .watch import POLL_PERIOD

    signal.signal(signal.SIGTERM, _interrupt)
    stop_on_signals(IOLoop.current())   # before the first build: a Ctrl-C while it runs is never lost
    logging.getLogger("tornado.access").setLevel(logging.ERROR)   # no line per 404; tracebacks still show
    try:
        with tempfile.TemporaryDirectory(prefix="deckhand-serve-") as tmp:
            # Our own output folder, outside everything watched: the user's build/ is never touched.
            options = BuildOptions(root=args.root.resolve(), out_dir=Path(tmp) / "site", allow_remote=args.allow_remote,
                                   render_checks=not args.no_render)
            site = LiveSite(args.decks or None, options)
            server = DeckServer(site, host=args.host, poll=args.poll)
            server.watch_sources()
            for problem in site.start() or site.warnings:
                print(problem, file=sys.stderr)
            if site.error:
                print(site.error["summary"], file=sys.stderr)
            server.watch_sources()
            for view in site.views.values():
                print(f"{display_path(view.src_path)}: {_counted(view.slides, 'slide')}")
            port = server.listen(args.port)
            if args.port not in (0, port):
                print(f"port {args.port} is in use; serving on port {port} instead")
            if not is_loopback(args.host):
                print(f"warning: listening on {args.host}: anyone who can reach this machine can open these decks "
                      f"(--host 127.0.0.1 keeps them on this machine)", file=sys.stderr)
            url = f"http://{_url_host(args.host)}:{port}/"
            watching = ", ".join("the project folder, for img/ and templates/ to be made" if f == site.root
                                 else display_path(f) for f, _ in site.folders())
            if args.poll:
                watching += f", checked {1 / POLL_PERIOD:g} times a second"
            print(f"serving {url} (watching {watching}); Ctrl-C stops", flush=True)
            if not args.no_open:
                threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
            server.run()
    except KeyboardInterrupt:
        pass
    print("stopped", flush=True)
    return 0


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"

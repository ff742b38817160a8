#!/usr/bin/env python3
"""Live preview: build the decks, serve them, and show every save in the open page at once.

    python serve.py [DECK ...] [--host 127.0.0.1] [--port 8000] [--no-open]
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from build import ROOT, BuildOptions
from deckhand.errors import display_path
from deckhand.live import LiveSite
from deckhand.server import DeckServer, PortInUse, is_loopback


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", type=Path, metavar="DECK", help="deck files (default: every slides/*.md)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000, or the next free one; 0: any)")
    parser.add_argument("--no-open", action="store_true", help="do not open a browser")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder with slides/, img/, templates/ "
                                                                 "(default: the folder of serve.py)")
    parser.add_argument("--allow-remote", action="store_true", help="allow images and sounds from the network")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)   # no line per 404; tracebacks still show
    try:
        return _serve(args)
    except KeyboardInterrupt:
        print("stopped", flush=True)
        return 0


def _serve(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="deckhand-serve-") as tmp:
        # Our own output folder, outside everything watched: the user's build/ is never touched.
        options = BuildOptions(out_dir=Path(tmp) / "site", root=args.root.resolve(), allow_remote=args.allow_remote)
        site = LiveSite(args.decks or None, options)
        server = DeckServer(site, host=args.host)
        server.watch_sources()
        for problem in site.start() or site.warnings:
            print(problem, file=sys.stderr)
        if site.error:
            print(site.error["summary"], file=sys.stderr)
        server.watch_sources()
        for view in site.views.values():
            print(f"{display_path(view.src_path)}: {view.slides} slides")
        try:
            port = server.listen(args.port)
        except PortInUse as exc:
            print(f"serve.py: {exc}", file=sys.stderr)
            return 1
        if args.port not in (0, port):
            print(f"port {args.port} is in use; serving on port {port} instead")
        if not is_loopback(args.host):
            print(f"warning: listening on {args.host}: anyone who can reach this machine can open these decks "
                  f"(--host 127.0.0.1 keeps them on this machine)", file=sys.stderr)
        url = f"http://{_url_host(args.host)}:{port}/"
        print(f"serving {url} (watching {', '.join(display_path(f) for f, _ in site.folders())}); Ctrl-C stops",
              flush=True)
        if not args.no_open:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.run()
    print("stopped", flush=True)
    return 0


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())

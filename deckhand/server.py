"""The live preview server: livereload's Server with our watcher, a locked-down file handler, and a
websocket that pushes each save to the pages it served (see live.py for what it sends)."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import secrets
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import quote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptInjector
from tornado import netutil, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from . import page
from .errors import Problem, UsageError, printable
from .project import tool_file
from .live import ALL, RELOAD, LiveSite, error_message, page_key
from .vendor import VENDOR_DIR
from .watch import make_watcher, shown

PREFIX = page.LIVE_PREFIX
PORT_TRIES = 10
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def _saved_name(path: Path, slides_dir: Path) -> str:
    """A saved file as the report names it: a deck by its path under slides/ (twenty talk folders
    each have a slides.md), anything else by its file name."""
    try:
        return shown(Path(path).relative_to(slides_dir))
    except ValueError:
        return shown(Path(Path(path).name))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class DeckServer(Server):
    """livereload's Server serving one LiveSite: build on each settled batch of saves, push the result."""

    def __init__(self, site: LiveSite, host: str = "127.0.0.1", poll: bool = False):
        super().__init__(watcher=make_watcher(exclude=Path(site.options.out_dir).resolve(), poll=poll))
        self.site, self.host = site, host
        self.token = secrets.token_urlsafe(18)
        self.sockets: set[LiveSocket] = set()
        self.port = 0
        self._sockets: list | None = None
        self._http: HTTPServer | None = None
        self._waiting: set[Path] = set()    # saved during the build that runs
        self._building = False
        self.timing = (0.0, 0.0)            # the last build's (build, render checks) seconds

    # -- livereload's hooks -------------------------------------------------------------------
    def application(self, port, host, liveport=None, debug=None, live_css=True) -> web.Application:
        """livereload's serve() calls this to start serving: our routes (not its `/livereload`
        socket, which takes any origin) on the sockets listen() bound (or binds them now)."""
        if self._sockets is None:
            self.listen(port)
        app = self.routes()
        self._http = HTTPServer(app)
        self._http.add_sockets(self._sockets)
        leave_watcher_for_serve(self.watcher)
        return app

    def routes(self) -> web.Application:
        """The live server's web application, without a socket: the site, live.js, its websocket."""
        server = self

        class Inject(LiveScriptInjector):
            def __init__(self, request):
                super().__init__(request)
                self.script = server.client_tag(request.path).encode("utf-8")

        return web.Application([
            (PREFIX + "/live", LiveSocket, {"server": self}),
            (PREFIX + "/live.js", ClientScript, {"server": self}),
            (PREFIX + "/ping", Ping, {"server": self}),
            (r"/(.*)", SiteFiles, {"server": self, "path": str(self.site.options.out_dir),
                                   "default_filename": "index.html"}),
        ], transforms=[Inject], websocket_max_message_size=64 * 1024)

    # -- running ------------------------------------------------------------------------------
    def listen(self, port: int) -> int:
        """Bind `port`, or the next free one; return the port. Serving starts with run()."""
        tries = [port] if port == 0 else range(port, min(port + PORT_TRIES, 65536))
        for candidate in tries:
            try:
                self._sockets = netutil.bind_sockets(candidate, self.host)
            except OSError as exc:
                if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                    continue
                raise UsageError(f"cannot listen on {self.host}:{candidate}: {exc.strerror}",
                                 "use --host with an address of this machine, like 127.0.0.1, "
                                 "and --port with a free port above 1023") from exc
            self.port = self._sockets[0].getsockname()[1]
            return self.port
        tried = f"port {tries[0]} is" if len(tries) == 1 else f"ports {tries[0]}-{tries[-1]} are all"
        raise UsageError(f"{tried} in use on {self.host}", "choose another with --port")

    def watch_sources(self) -> None:
        """Start recording changes (before the first build, so that no save is missed); after a
        build, add the folders of files the decks have started to use."""
        for folder, recursive in self.site.folders(to_be_made=True):
            self.watcher.watch(folder, self.rebuild, delay="forever", recursive=recursive)

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM with livereload's serve(): it starts our watcher as it
        starts any, and each settled batch comes back through its poll step, our watcher's
        examine(), to rebuild(). When it returns, it has closed the IOLoop and every socket."""
        logging.getLogger("livereload").addFilter(_no_info)   # its "Serving on" and such; we print our own
        stop_on_signals(IOLoop.current())
        if self.site.render is not None:   # the first build's render checks, while the server answers
            self._building = True
            threading.Thread(target=self.build, args=([], IOLoop.current().add_callback, True), daemon=True,
                             name="deckhand-build").start()
        try:
            self.serve(port=self.port, host=self.host, root=str(self.site.options.out_dir))
        finally:
            self.watcher.close()
            self.site.close()

    # -- what happens on a save ---------------------------------------------------------------
    def rebuild(self, changed: list[Path]) -> None:
        """The watcher's callback after a batch of saves: build in a thread of its own, so that the
        server goes on answering during a long build. Never two builds at once, and never a queue
        of them: batches that come during a build are built together once it is done."""
        self._waiting.update(changed)
        if not self._building:
            self._building = True
            self._build_next()

    def _build_next(self) -> None:
        if not self._waiting:
            self._building = False
            return
        changed, self._waiting = sorted(self._waiting), set()
        loop = IOLoop.current()
        # a daemon thread, not a pool: Ctrl-C must not wait for a long build to end
        threading.Thread(target=self.build, args=(changed, loop.add_callback), daemon=True, name="deckhand-build").start()

    def build(self, changed: list[Path], on_loop=lambda func, *args: func(*args), first: bool = False) -> None:
        """Build after a batch of saves, in the calling thread: the pages get the new source as soon
        as the decks load, then the doctor runs and the site is written, then the render checks
        lay out the slides that changed (`first`: only the render checks of the first build). What
        touches the pages and the watcher is handed to `on_loop` (the IOLoop's add_callback in the
        build thread)."""
        started = time.perf_counter()
        reached: set = set()
        self.timing = (0.0, 0.0)   # (the save's build, its render checks), in seconds
        try:
            if first:
                on_loop(self._send_into, self.site.check_rendered(), reached)
                self.timing = (0.0, time.perf_counter() - started)
            changed = [p for p in changed if self.site.relevant(p)]
            if changed:
                now, after_write = _split(self.site.rebuild(changed), self.site.after_write)
                on_loop(self._send_into, now, reached)
                finished = self.site.finish()
                on_loop(self._send_into, {key: after_write.get(key, []) + finished.get(key, [])
                                          for key in after_write.keys() | finished.keys()}, reached)
                built = time.perf_counter()
                on_loop(self._send_into, self.site.check_rendered(), reached)
                self.timing = (built - started, time.perf_counter() - built)
        except Exception as exc:  # a bug, not a bad deck: keep serving, show it, keep its traceback
            traceback.print_exc()
            problem = Problem(None, 0, f"internal error: {type(exc).__name__}: {exc}", "this is a bug; see the terminal")
            self.site.problems, self.site.error = [problem], error_message([problem])
            on_loop(self.send, {ALL: [self.site.error]})
            changed = []
        on_loop(self._built, changed, reached, first)

    def _send_into(self, messages: dict[str, list[dict]], reached: set) -> None:
        reached |= self.send(messages)

    def _built(self, changed: list[Path], reached: set, first: bool = False) -> None:
        try:
            if first:
                self.report_render()
            if changed:
                self.watch_sources()
                self.report(changed, len(reached), self.timing[0])
        except Exception:   # a bug: say it, and go on to the next save
            traceback.print_exc()
        finally:
            if self._building:
                self._build_next()

    def send(self, messages: dict[str, list[dict]]) -> set:
        """Send each open page its own messages and those for all; return the pages that got any."""
        reached = set()
        for socket in list(self.sockets):
            found = (messages.get(socket.page, []) if socket.page is not None else []) + messages.get(ALL, [])
            for message in found:
                socket.send(message)
            if found:
                reached.add(socket)
        return reached

    def report(self, changed: list[Path], pages: int, seconds: float) -> None:
        """One line per batch of saves; the problems once each time they occur."""
        stamp = time.strftime("%H:%M:%S")
        names = ", ".join(sorted({_saved_name(p, self.site.project.slides_dir) for p in changed})[:3])
        names += " ..." if len(changed) > 3 else ""
        for warning in self.site.new_warnings:
            print(printable(str(warning)), file=sys.stderr)
        if self.site.problems:
            for problem in self.site.problems:
                print(printable(str(problem)), file=sys.stderr)
            print(f"{stamp} {names}: {self.site.error['summary']}", file=sys.stderr, flush=True)
        else:
            print(f"{stamp} {names}: rebuilt in {seconds * 1000:.0f} ms, "
                  f"{pages} page{'s' * (pages != 1)} updated{self._rendered()}", flush=True)

    def report_render(self) -> None:
        """After the first build's render checks: how many slides, or why they were skipped."""
        render = self.site.render
        if render.skipped is not None:
            print(f"note: render checks skipped: {render.skipped.message} ({render.skipped.hint})", file=sys.stderr)
        else:
            for warning in self.site.new_warnings:
                print(printable(str(warning)), file=sys.stderr)
            print(f"render checks: {render.checked} slides laid out in {self.timing[1] * 1000:.0f} ms", flush=True)

    def _rendered(self) -> str:
        """What the render checks of a save did, for its line."""
        render = self.site.render
        if render is None or render.skipped is not None or not render.checked:
            return ""
        return f"; {render.checked} slide{'s' * (render.checked != 1)} laid out again in {self.timing[1] * 1000:.0f} ms"

    # -- checks shared by the handlers --------------------------------------------------------
    def host_allowed(self, host_header: str) -> bool:
        """On loopback only our own names are accepted, so a DNS-rebinding page cannot reach us."""
        if not is_loopback(self.host):
            return True
        return host_header.lower() in {f"{name}:{self.port}" for name in LOOPBACK_NAMES}

    def token_ok(self, token: str) -> bool:
        """The token is in the pages this run served, and nowhere else."""
        return secrets.compare_digest(token.encode("utf-8"), self.token.encode("utf-8"))

    def client_tag(self, url_path: str) -> str:
        """live.js for every page. A deck's page also tells it where KaTeX's script is: live.js loads
        it to typeset the formulas a save brings, unless the page has it (a build without Node)."""
        key = page_key(url_path)
        version = self.site.version(key)
        katex = f' {page.KATEX_ATTRIBUTE}="/{quote(key)}/{VENDOR_DIR}/katex/katex.min.js"' if key in self.site.views else ""
        return (f'<script src="{PREFIX}/live.js" {page.TOKEN_ATTRIBUTE}="{self.token}" '
                f'{page.VERSION_ATTRIBUTE}="{version}"{katex} defer></script>')


def _split(messages: dict[str, list[dict]], waiting: set[str] = frozenset()) -> tuple[dict[str, list[dict]],
                                                                                     dict[str, list[dict]]]:
    """What a page can take before the site is written (a new source, the overlay), and what it
    must not (a reload, a new stylesheet, or the source of a page in `waiting`, which shows a file
    the site has yet to get: it would fetch the old files, or find none)."""
    def now_ok(key: str, message: dict) -> bool:
        return message["type"] in ("error", "ok") or (message["type"] == "source" and key not in waiting)

    now = {key: [m for m in found if now_ok(key, m)] for key, found in messages.items()}
    later = {key: [m for m in found if not now_ok(key, m)] for key, found in messages.items()}
    return ({k: v for k, v in now.items() if v}, {k: v for k, v in later.items() if v})


def stop_on_signals(loop: IOLoop) -> None:
    """From now on, Ctrl-C and SIGTERM stop `loop` between two callbacks (and, while it is not
    running yet, as soon as it starts). Raised as a KeyboardInterrupt, a Ctrl-C that lands in a
    weakref callback or a destructor (the garbage collector runs them anywhere, during the first
    build too) is printed by Python as "Exception ignored" and lost: the server went on. Where
    asyncio cannot take signals (Windows), Ctrl-C stays a KeyboardInterrupt."""
    asyncio_loop = getattr(loop, "asyncio_loop", None)
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            asyncio_loop.add_signal_handler(signum, loop.stop)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass


def leave_watcher_for_serve(watcher) -> None:
    """Where livereload's serve() finds the watcher to start. Its own application() leaves it on
    LiveReloadHandler, and serve() then runs LiveReloadHandler.start_tasks(); ours replaces that
    application (its routes take any origin), so it must leave the watcher there in the same way.
    livereload 2.7 has no other way in; test_server.py runs serve() to check this still holds.
    start_tasks() also does nothing once it has run in this process: a second server (the tests
    run several) must clear that mark, or its watcher is never started."""
    LiveReloadHandler.watcher = watcher
    LiveReloadHandler._last_reload_time = None


def _no_info(record: logging.LogRecord) -> bool:
    return record.levelno > logging.INFO


class _Checked(web.RequestHandler):
    def initialize(self, server: DeckServer, **kwargs):
        self.server = server
        if kwargs:
            super().initialize(**kwargs)

    def prepare(self):
        if not self.server.host_allowed(self.request.host):
            raise web.HTTPError(403)


class SiteFiles(_Checked, web.StaticFileHandler):
    """The build output and nothing else: no `..`, no absolute paths, no dot files, whatever the encoding."""

    def validate_absolute_path(self, root, absolute_path):
        parts = self.path.replace("\\", "/").split("/")
        if self.path.startswith("/") or any(p.startswith(".") or "\0" in p or ":" in p for p in parts):
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def compute_etag(self):
        """From the file as it is now: tornado's own etag is a content hash cached for the life of
        the process, which would answer 304 with yesterday's page after every build."""
        stat = os.stat(self.absolute_path)
        return f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'

    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store" if path.endswith(".html") else "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: {self._reason}\n")


class ClientScript(_Checked):
    """static/live.js, the page side of the live preview (never part of a build)."""

    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(tool_file("live.js").read_bytes())


class Ping(_Checked):
    """200 for pages of this server, 403 for pages of an earlier run (they reload themselves)."""

    def get(self):
        if not self.server.token_ok(self.get_argument("token", "")):
            raise web.HTTPError(403)
        self.set_header("Cache-Control", "no-store")
        self.finish("ok")


class LiveSocket(WebSocketHandler):
    """One open page: says which page it is and its version; gets the messages for that page.

    One new source at a time: the page says when it has painted one (`applied`), and what came
    meanwhile waits here, the newest source only (and the newest overlay), so that a page behind a
    burst of saves skips to the last one instead of rendering each in turn. A page that does not
    answer within ACK_WAIT gets what waits all the same."""

    ACK_WAIT = 3.0

    def initialize(self, server: DeckServer):
        self.server = server
        self.page: str | None = None
        self.rendering = False
        self.held: list[dict] = []
        self._timeout = None

    def prepare(self):
        if not self.server.host_allowed(self.request.host):
            raise web.HTTPError(403)
        if not self.server.token_ok(self.get_argument("token", "")):
            raise web.HTTPError(403)

    def check_origin(self, origin):
        return urlsplit(origin).netloc.lower() == self.request.host.lower()

    def open(self):
        self.server.sockets.add(self)

    def on_message(self, message):
        try:
            said = json.loads(message)
            if "applied" in said:
                return self.applied()
            self.page = page_key(str(said["hello"]))
            version = str(said.get("version", ""))
        except (ValueError, KeyError, TypeError):
            return
        for found in self.server.site.greeting(self.page, version):
            self.send(found)

    def send(self, message: dict) -> None:
        """Now, or once the page has painted the source it is rendering."""
        if self.rendering:
            self._hold(message)
            return
        self._write(message)
        if message.get("type") == "source":
            self.rendering = True
            self._timeout = IOLoop.current().call_later(self.ACK_WAIT, self.applied)

    def applied(self) -> None:
        """The page painted its new source (or never said so in time): what waits goes now."""
        if self._timeout is not None:
            IOLoop.current().remove_timeout(self._timeout)
            self._timeout = None
        self.rendering = False
        held, self.held = self.held, []
        for message in held:
            self.send(message)

    def _hold(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "reload" or any(m.get("type") == "reload" for m in self.held):
            self.held = [RELOAD]   # a reload brings the newest of everything
            return
        superseded = {"source": {"source"}, "error": {"error", "ok"}, "ok": {"error", "ok"}}.get(kind, set())
        self.held = [m for m in self.held if m.get("type") not in superseded and m != message] + [message]

    def _write(self, message: dict) -> None:
        text = json.dumps(message, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:   # a file name that is not UTF-8: escaped, never a broken frame
            text = json.dumps(message)
        try:
            self.write_message(text)
        except WebSocketClosedError:
            self.server.sockets.discard(self)

    def on_close(self):
        self.server.sockets.discard(self)
        if self._timeout is not None:
            IOLoop.current().remove_timeout(self._timeout)

"""Chromium's DevTools protocol for the PDF export: a headless Chromium started here and spoken to over
a pipe (no Playwright driver, whose Node process takes ~0.5 s to start), or a Playwright page's own
CDP session (the tests' shared browser, and systems without the pipe)."""

from __future__ import annotations

import atexit
import json
import os
import re
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Callable

from .errors import CdpError
from .leftovers import remove_orphans

COMMAND_TIMEOUT = 60.0   # seconds for one command; printing a long deck is given its own
CLOSE_TIMEOUT = 5.0
# What Playwright gives its Chromium too, for the same pictures: sRGB colours, no scrollbars in
# thumbnails, no throttled timers in a page nobody looks at; and no first window (its new-tab
# page is a WebUI page of its own, started and never looked at).
PIPE_ARGS = ["--headless", "--remote-debugging-pipe", "--no-startup-window", "--hide-scrollbars", "--mute-audio",
             "--force-color-profile=srgb", "--disable-background-timer-throttling",
             "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"]


PROFILE_PREFIX = "deckhand-chromium-"


def new_profile() -> str:
    """A fresh Chromium profile folder named with this process's id; the profiles of deckhand
    processes that were killed before they could remove theirs (~2 MB each) go first."""
    remove_orphans(Path(tempfile.gettempdir()), re.compile(rf"{PROFILE_PREFIX}(?P<pid>\d+)-\w+"))
    return tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-")


class PipeChromium:
    """A headless Chromium, started at once so that it boots while the caller goes on; the reason it
    could not start is raised by the first command, not here."""

    def __init__(self, find_executable: Callable[[], str], args: list[str]) -> None:
        self._buffer = bytearray()
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self._early: tuple[int, int] | None = None
        self._handlers: dict[tuple[str, str], list[Callable[[dict], None]]] = {}
        self._failure: BaseException | None = None
        self._pid = 0
        self._code: int | None = None
        self._profile = new_profile()
        self.version = ""
        self._executable = "Chromium"
        try:
            self._executable = find_executable()
            self._start(self._executable, args)
            # Asked now, answered while the caller builds: the version, and a page showing a blank
            # file:// page, so that a page and its renderer are up when the deck is built (the
            # deck then opens ~0.2 s sooner).
            blank = os.path.join(self._profile, "blank.html")
            with open(blank, "w") as page:
                page.write("<!DOCTYPE html><title>deckhand</title>\n")
            self._early = (self._ask("Browser.getVersion"),
                           self._ask("Target.createTarget", {"url": Path(blank).as_uri()}))
        except BaseException as exc:   # told by the first command, like any other failed start
            self._failure = exc
        atexit.register(self.close)

    def _start(self, executable: str, args: list[str]) -> None:
        commands_read, commands_write = _pipe()
        events_read, events_write = _pipe()
        log = os.path.join(self._profile, "stderr.log")
        # Chromium reads commands from fd 3 and writes answers to fd 4: posix_spawn puts the pipe's
        # ends there in the child (no Python runs between fork and exec, so threads are safe).
        try:
            self._pid = os.posix_spawn(
                executable, [executable, *PIPE_ARGS, *args, f"--user-data-dir={self._profile}"], dict(os.environ),
                file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                              (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                              (os.POSIX_SPAWN_OPEN, 2, log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                              (os.POSIX_SPAWN_DUP2, commands_read, 3),
                              (os.POSIX_SPAWN_DUP2, events_write, 4)])
        except OSError:   # not executable, for example: our ends are of no use either
            os.close(commands_write)
            os.close(events_read)
            raise
        finally:
            os.close(commands_read)
            os.close(events_write)
        self._commands, self._events = commands_write, events_read

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = COMMAND_TIMEOUT) -> dict:
        """Send one command and wait for its answer; events that arrive meanwhile go to their handlers."""
        return self._answer(self._ask(method, params, session), method, timeout)

    def _ask(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting: its number, for _answer."""
        if self._failure is not None:
            raise self._failure
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._commands, data):]
        except OSError:
            raise self._gone()
        return self._next_id

    def _answer(self, number: int, method: str, timeout: float = COMMAND_TIMEOUT) -> dict:
        """Wait for the answer to command `number`, keeping answers to others and handling events."""
        deadline = time.monotonic() + timeout
        while (answer := self._answers.pop(number, None)) is None:
            if self._failure is not None:
                raise self._failure
            message = self._receive(deadline, f"{method}: Chromium did not answer in {timeout:.0f} s")
            if "id" in message:
                self._answers[message["id"]] = message
            for handler in self._handlers.get((message.get("sessionId", ""), message.get("method", "")), ()):
                handler(message.get("params", {}))
        if "error" in answer:
            raise CdpError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})

    def on(self, session: str, event: str, handler: Callable[[dict], None]) -> None:
        self._handlers.setdefault((session, event), []).append(handler)

    def forget(self, session: str) -> None:
        """Drop the event handlers of a session that is gone."""
        for key in [key for key in self._handlers if key[0] == session]:
            del self._handlers[key]

    def tab(self, width: int, height: int) -> PipeTab:
        """A page of `width` x `height` CSS pixels (the deck is then opened in it with Page.navigate)."""
        if self._early is not None:
            version, target = self._early
            self._early = None
            self.version = self._answer(version, "Browser.getVersion")["product"].partition("/")[2]
            target = self._answer(target, "Target.createTarget")["targetId"]
        else:
            # a window of its own (the page is in front there: its animation frames run, a background
            # tab's do not) in a context of its own (nothing cached from the tab before: the live
            # server's render checks load a deck again after an image in it was saved)
            context = self.send("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
            target = self.send("Target.createTarget", {"url": "about:blank", "newWindow": True,
                                                       "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = PipeTab(self, target, session)
        tab.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                        "mobile": False})
        return tab

    def close(self) -> None:
        """Ask Chromium to quit, kill it if it does not, and remove its profile folder."""
        if self._pid and self._exit_code() is None:
            try:
                self.send("Browser.close", timeout=CLOSE_TIMEOUT)
            except (CdpError, OSError):
                pass
            if self._exit_code(CLOSE_TIMEOUT) is None:
                os.kill(self._pid, signal.SIGKILL)
                self._exit_code(CLOSE_TIMEOUT)
        if self._pid:
            for fd in (self._commands, self._events):
                os.close(fd)
            self._pid = 0
            self._failure = self._failure or CdpError("Chromium was closed")
        shutil.rmtree(self._profile, ignore_errors=True)
        atexit.unregister(self.close)   # nothing left to do at exit; and the object may go

    def _exit_code(self, wait: float = 0.0) -> int | None:
        """Chromium's exit code once it has exited (waiting up to `wait` seconds), else None."""
        deadline = time.monotonic() + wait
        while True:
            try:
                pid, status = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:   # already reaped
                return self._code
            if pid:
                self._code = os.waitstatus_to_exitcode(status)
                return self._code
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.02)

    def _receive(self, deadline: float, late: str) -> dict:
        start = 0
        while (end := self._buffer.find(b"\0", start)) < 0:
            start = len(self._buffer)
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError(late)
            if select.select([self._events], [], [], left)[0]:
                chunk = os.read(self._events, 1 << 20)
                if not chunk:
                    raise self._gone()
                self._buffer += chunk
        message = json.loads(self._buffer[:end])
        del self._buffer[:end + 1]
        return message

    def _gone(self) -> CdpError:
        """What to say when Chromium closed the pipe: it exited, and the first line it wrote."""
        code = self._exit_code(CLOSE_TIMEOUT) if self._pid else None
        log = Path(self._profile, "stderr.log")
        said = next((line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()), "") \
            if log.is_file() else ""
        self._failure = CdpError(f"{self._executable} exited with code {code}" + (f": {said}" if said else ""))
        return self._failure


class PipeTab:
    """One page of a PipeChromium."""

    def __init__(self, chromium: PipeChromium, target: str, session: str) -> None:
        self._chromium, self._target, self._session = chromium, target, session
        self.version = chromium.version

    def send(self, method: str, params: dict | None = None, timeout: float = COMMAND_TIMEOUT) -> dict:
        return self._chromium.send(method, params, self._session, timeout)

    def on(self, event: str, handler: Callable[[dict], None]) -> None:
        self._chromium.on(self._session, event, handler)

    def close(self) -> None:
        self._chromium.forget(self._session)
        self._chromium.send("Target.closeTarget", {"targetId": self._target})


class PlaywrightTab:
    """One page of a Playwright Chromium, driven through its CDP session like a PipeTab."""

    def __init__(self, browser, width: int, height: int) -> None:
        self._page = browser.new_page(viewport={"width": width, "height": height})
        self._session = self._page.context.new_cdp_session(self._page)
        self.version = browser.version

    def send(self, method: str, params: dict | None = None, timeout: float = COMMAND_TIMEOUT) -> dict:
        from playwright.sync_api import Error

        try:
            return self._session.send(method, params or {})
        except Error as exc:
            raise CdpError(f"{method}: {first_line(exc)}") from None

    def on(self, event: str, handler: Callable[[dict], None]) -> None:
        self._session.on(event, handler)

    def close(self) -> None:
        from playwright.sync_api import Error

        try:
            self._page.close()
        except Error as exc:   # the browser went away: told like the pipe's
            raise CdpError(f"closing the page: {first_line(exc)}") from None


def first_line(exc: BaseException) -> str:
    """The first line of what an exception says (Playwright's errors run to a page of logs), or
    its type when it says nothing."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _pipe() -> tuple[int, int]:
    """A pipe whose two ends are numbered 10 or more, clear of the 3 and 4 they become in Chromium,
    and closed in any other program this one starts."""
    import fcntl   # POSIX only, like the pipe itself

    ends = os.pipe()
    moved = tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10) for end in ends)
    for end in ends:
        os.close(end)
    return moved

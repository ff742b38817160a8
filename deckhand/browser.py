"""Find and start Chromium, the same one for tests, PDF export and thumbnails."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from . import cache
from .errors import BrowserError, display_path

ENV_VAR = "DECK_CHROMIUM"
# Chromium features switched off. First the omnibox's popup: headless Chromium builds its two WebUI
# pages for every window it opens (every Playwright context or page), ~1 s of script competing
# with the deck for the CPU (opening the talk in a new window: 371 -> 216 ms median). Then
# Playwright's own list (1.65): Chromium keeps only the last --disable-features flag, and ours
# comes after Playwright's, so it carries them too (tests/test_chromium.py checks that it does).
DISABLED_FEATURES = [
    "WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup",
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
    "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
]
# Flags that keep Chromium from reaching out to the network on its own, and from busy work nobody
# sees, and that let it run as root in containers and CI.
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
    "--autoplay-policy=no-user-gesture-required", "--disable-features=" + ",".join(DISABLED_FEATURES),
]
SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
# The Python that runs this, as the user can type it: `python` alone may be another one, without Playwright.
INSTALL_HINT = (f"install a browser: '{display_path(Path(sys.executable))} -m playwright install chromium', or on "
                "Debian/Ubuntu 'sudo apt-get install chromium', or set DECK_CHROMIUM=/path/to/chrome")


def find_chromium(playwright) -> str | None:
    """The browser to use: $DECK_CHROMIUM, else Playwright's own Chromium when it is installed
    (None: let Playwright pick it), else a system Chromium; no browser at all is a BrowserError."""
    configured = _configured()
    if configured:
        return configured
    try:
        if Path(playwright.chromium.executable_path).is_file():
            return None
    except Exception:  # Playwright raises when it knows no browser for this platform
        pass
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError("no Chromium browser found", INSTALL_HINT)


def _configured() -> str | None:
    """$DECK_CHROMIUM when it is set (a BrowserError when it names no file), else None."""
    configured = os.environ.get(ENV_VAR)
    if configured and not Path(configured).is_file():
        raise BrowserError(f"{ENV_VAR} names a file that does not exist: {configured}", INSTALL_HINT)
    return configured or None


def chromium_path() -> str:
    """The executable find_chromium chooses, as a path (Playwright's own Chromium included), for
    starting Chromium without Playwright. Finding Playwright's browser starts its Node driver
    (~0.5 s), so the answer is remembered in the cache folder until Playwright or its browsers change."""
    configured = _configured()
    if configured:
        return configured
    remembered = cache.folder("chromium.json")
    key = _installed_browsers()
    known = cache.read_json(remembered)
    if isinstance(known, dict) and known.get("key") == key and Path(known.get("path", "")).is_file():
        return known["path"]
    from concurrent.futures import ThreadPoolExecutor

    # In a thread of its own: Playwright's sync API refuses a thread with an asyncio loop running
    # (a notebook) or with Playwright already started (the tests).
    with ThreadPoolExecutor(1) as pool:
        path = pool.submit(_ask_playwright).result()
    cache.write_json(remembered, {"key": key, "path": path})
    return path


def _ask_playwright() -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return find_chromium(playwright) or playwright.chromium.executable_path


def _installed_browsers() -> list:
    """What says which browsers Playwright has: its version, and its browsers folder's mtime."""
    from importlib.metadata import version

    folder = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / (
        "Library/Caches/ms-playwright" if sys.platform == "darwin" else ".cache/ms-playwright"))
    try:
        changed = os.stat(folder).st_mtime_ns
    except OSError:
        changed = 0
    return [version("playwright"), folder, changed, os.environ.get("PATH", "")]


def launch(playwright):
    """Launch headless Chromium with the offline flags; the caller closes it."""
    return playwright.chromium.launch(executable_path=find_chromium(playwright), args=LAUNCH_ARGS, headless=True)


def start_chromium():
    """Chromium for printing, starting now: spoken to over a pipe where the system has one (POSIX),
    else through Playwright. A browser that cannot start says so at its first use."""
    from .cdp import PipeChromium

    if os.name == "posix":
        return PipeChromium(chromium_path, LAUNCH_ARGS)
    return _PlaywrightChromium()


def started_here(browser) -> bool:
    """Whether `browser` is one start_chromium made (the caller closes it), not a Playwright browser."""
    from .cdp import PipeChromium

    return isinstance(browser, (PipeChromium, _PlaywrightChromium))


class _PlaywrightChromium:
    """Playwright's Chromium, for systems where Chromium's pipe cannot be handed over (Windows);
    started at the first page asked for."""

    def __init__(self) -> None:
        self._playwright = self._browser = None

    def tab(self, width: int, height: int):
        from .cdp import PlaywrightTab

        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = _launch(self._playwright)
        return PlaywrightTab(self._browser, width, height)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._playwright = self._browser = None


def _launch(playwright):
    """deckhand.browser.launch, with a failed start told as a BrowserError that says what to install."""
    from playwright.sync_api import Error as PlaywrightError

    from .cdp import first_line

    try:
        return launch(playwright)
    except PlaywrightError as exc:
        raise BrowserError(f"Chromium did not start: {first_line(exc)}", INSTALL_HINT) from exc


def ensure() -> int:
    """Make sure a Chromium is there for tests and export: `python -m deckhand.browser --ensure`.
    Order: $DECK_CHROMIUM, Playwright's browser, a system Chromium, Playwright's download, then
    Debian's package when running as root with apt-get; otherwise say what to install."""
    import subprocess

    from playwright.sync_api import sync_playwright

    def found() -> str | None:
        try:
            with sync_playwright() as playwright:
                return find_chromium(playwright) or playwright.chromium.executable_path
        except BrowserError:
            return None

    if (path := found()):
        print(f"browser: {path}")
        return 0
    attempts = [[sys.executable, "-m", "playwright", "install", "chromium"]]
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        attempts.append(["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"])
    for command in attempts:
        print("browser: trying", " ".join(command), flush=True)
        try:
            subprocess.run(command, check=False, timeout=900)
        except subprocess.TimeoutExpired:
            continue
        if (path := found()):
            print(f"browser: {path}")
            return 0
    print(f"browser: none found; {INSTALL_HINT}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(ensure() if sys.argv[1:] == ["--ensure"] else 2)

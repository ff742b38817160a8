"""serve.py, for real: a server process on a free 127.0.0.1 port, a deck open in Chromium, files saved
as editors save them; each save must show in the same page, on the same slide, without a reload."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import VIEWPORT, open_clone, view, watch
from tests.conftest import ROOT, write_png

WAIT_MS = 10_000

SLIDES = [
    "class: center, middle\n\n# Live deck\n\nFirst slide\n\n???\nNotes of slide one",
    "## Two\n\nMath $x^2 + y^2$ here\n\n???\nNotes of slide two",
    "## Three\n\n![A picture](img/pic.png)",
    "## Four\n\nText of slide four",
    "## Five\n\nText of slide five",
]


def deck_text(slides: list[str], title: str = "Live deck") -> str:
    return f"---\ntitle: {title}\n---\n" + "\n\n---\n\n".join(slides) + "\n"


def make_project(folder: Path) -> Path:
    """A project of its own: templates copied (the test edits them), node_modules linked, one deck."""
    shutil.copytree(ROOT / "templates", folder / "templates")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    (folder / "slides").mkdir()
    (folder / "slides" / "live.md").write_text(deck_text(SLIDES), encoding="utf-8")
    write_png(folder / "img" / "pic.png")
    return folder


class ServeProcess:
    """serve.py running in its own process; its output lines are collected as they come."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None):
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        # PYTHONFAULTHANDLER: a server that hangs on Ctrl-C prints where each thread is (see stop)
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "serve.py"), "--root", str(root), "--no-open", *args],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**(env or os.environ), "PYTHONFAULTHANDLER": "1"})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"serve.py never printed {text!r}; it printed:\n" + "\n".join(self.output))

    def drain(self) -> list[str]:
        while True:
            try:
                self.output.append(self.lines.get_nowait())
            except queue.Empty:
                return self.output

    def stop(self) -> int:
        """Ctrl-C; its exit code. A server still running 10 s later is made to print its threads'
        stacks (SIGABRT through faulthandler), killed, and the test fails with what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGABRT)
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
                time.sleep(0.5)   # the reader thread collects the last lines
                raise AssertionError("serve.py did not stop within 10 s of Ctrl-C; it printed:\n"
                                     + "\n".join(self.drain()[-80:]))
        return self.process.returncode


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("live") / "project")


@pytest.fixture(scope="module")
def server(project):
    # the live protocol on its own: the render checks' own test below has them on
    served = ServeProcess(project, "--port", "0", "--no-render")
    line = served.wait_for("serving http://127.0.0.1:")
    served.url = line.split()[1]
    yield served
    assert served.stop() == 0
    assert "stopped" in served.wait_for("stopped")


@pytest.fixture
def deck(project):
    """The deck's source, restored after each test."""
    path = project / "slides" / "live.md"
    yield path
    path.write_text(deck_text(SLIDES), encoding="utf-8")


@pytest.fixture
def page(browser, server, deck):
    """The deck open on slide 2, with a marker that a reload would lose."""
    page = browser.new_page(viewport=VIEWPORT)
    page.events = []
    watch(page, server.url, page.events)
    page.goto(server.url + "live/#2")
    page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                           " && window.deckhandLive.connected", timeout=WAIT_MS)
    page.evaluate("window.marker = 'still here'")
    yield page
    page.close()


def visible_text(page) -> str:
    return page.locator(".remark-visible .remark-slide-content").inner_text()


def wait_text(page, text: str) -> None:
    # null for a moment while remark swaps the slides in
    page.wait_for_function("t => (document.querySelector('.remark-visible .remark-slide-content') || {innerText: ''})"
                           ".innerText.includes(t)", arg=text, timeout=WAIT_MS)


def current(page) -> int:
    return page.evaluate("slideshow.getCurrentSlideIndex()") + 1


def test_edit_shows_in_place_on_the_same_slide(page, deck):
    deck.write_text(deck_text([SLIDES[0], SLIDES[1].replace("here", "edited in place"), SLIDES[2],
                               "## Four\n\nNow with $z_4$", SLIDES[4]]))
    wait_text(page, "edited in place")
    assert current(page) == 2
    assert page.evaluate("window.marker") == "still here"
    assert page.evaluate("location.hash") == "#2"
    assert page.locator(".remark-visible .katex").count() == 1          # typeset again
    assert page.locator(".remark-visible .math:not([data-typeset])").count() == 0
    assert page.evaluate("window.deckhandLive.updates") == 1
    page.wait_for_function("document.querySelectorAll('.math[data-tex]').length === 2 && document"
                           ".querySelectorAll('.math[data-tex]:not([data-typeset])').length === 0",
                           timeout=WAIT_MS)                      # the other slides, after the frame
    assert page.events == []


def test_the_stored_source_stays_data_after_an_update(page, deck):
    """After an update the page keeps the new source in #deck-source for tools that read it; a
    `</script>` in a slide's code must not be able to end that element if the page is parsed again."""
    deck.write_text(deck_text([SLIDES[0], SLIDES[1].replace("here", "and `</script><!--` & more"), *SLIDES[2:]]))
    wait_text(page, "and </script><!-- & more")
    page.wait_for_function("document.getElementById('deck-source').textContent.indexOf('\\\\u003c/script') >= 0",
                           timeout=WAIT_MS)
    stored = page.evaluate("document.getElementById('deck-source').textContent")
    assert not set("<>&") & set(stored)
    assert "and `</script><!--` & more" in page.evaluate("JSON.parse(document.getElementById('deck-source').textContent)")
    assert page.events == []


def test_presenter_mode_stays_with_new_notes_and_preview(page, deck):
    page.keyboard.press("p")
    page.wait_for_function("location.hash === '#p2'", timeout=WAIT_MS)
    deck.write_text(deck_text([SLIDES[0], SLIDES[1].replace("Notes of slide two", "Notes, edited"),
                               "## Three\n\nNow with $y_3$", *SLIDES[3:]]))
    notes = page.locator(".remark-notes-current-area .remark-notes")
    page.wait_for_function("document.querySelector('.remark-notes').innerText.includes('Notes, edited')",
                           timeout=WAIT_MS)
    assert page.evaluate("document.body.classList.contains('remark-presenter-mode')")
    assert "Now with" in page.locator(".remark-preview-area").inner_text()
    assert page.locator(".remark-preview-area .katex").count() == 1
    assert "Notes, edited" in notes.inner_text() and current(page) == 2
    assert page.evaluate("window.marker") == "still here"
    page.keyboard.press("ArrowRight")       # remark still navigates the new slides
    assert current(page) == 3 and "Now with" in visible_text(page)
    assert page.events == []


def test_deck_shorter_than_the_current_slide(page, deck):
    page.evaluate("slideshow.gotoSlide(5)")
    deck.write_text(deck_text(SLIDES[:4]))
    wait_text(page, "Text of slide four")
    assert current(page) == 4
    deck.write_text(deck_text(SLIDES[:1] + ["## Only two\n\nThe end"]))
    wait_text(page, "The end")
    assert current(page) == 2
    assert page.evaluate("slideshow.getSlideCount()") == 2
    assert page.evaluate("location.hash") == "#2"
    deck.write_text(deck_text(SLIDES[:1]))
    wait_text(page, "First slide")
    assert current(page) == 1
    assert page.evaluate("window.marker") == "still here"
    assert page.events == []


def test_twenty_saves_100_ms_apart_end_with_the_last(page, deck):
    for n in range(20):
        deck.write_text(deck_text([SLIDES[0], f"## Two\n\nSave number {n}", *SLIDES[2:]]))
        time.sleep(0.1)
    wait_text(page, "Save number 19")
    assert page.evaluate("window.marker") == "still here"
    assert current(page) == 2
    assert page.events == []


def test_a_page_that_renders_slowly_skips_to_the_last_of_a_burst(page, deck):
    """Each render made to take 150 ms, 40 saves 20 ms apart: the page does not render them all in
    turn (6 s behind); it renders the newest each time and shows the last soon after it is saved."""
    page.evaluate("""() => { const load = slideshow.loadFromString.bind(slideshow);
        slideshow.loadFromString = source => { const end = performance.now() + 150;
          while (performance.now() < end) {} return load(source); }; }""")
    for n in range(40):
        deck.write_text(deck_text([SLIDES[0], f"## Two\n\nBurst save {n}", *SLIDES[2:]]))
        time.sleep(0.02)
    last_saved = time.monotonic()
    wait_text(page, "Burst save 39")
    behind = time.monotonic() - last_saved
    assert behind < 1.5, f"the last save showed {behind:.2f} s after it was saved"
    assert page.evaluate("window.deckhandLive.updates") <= 15
    assert current(page) == 2 and page.evaluate("window.marker") == "still here"
    assert page.events == []


def test_rename_save_and_truncate_then_write_never_show_a_half_file(page, deck):
    page.evaluate("""() => { window.seen = [];
        new MutationObserver(() => { const c = document.querySelector('.remark-visible .remark-slide-content');
          window.seen.push(c ? c.innerText : ''); }).observe(document.body, {childList: true, subtree: true}); }""")
    # vim: move the file away, write a new one, delete the backup
    backup = deck.with_name("live.md~")
    os.rename(deck, backup)
    deck.write_text(deck_text([SLIDES[0], "## Two\n\nWritten by rename", *SLIDES[2:]]))
    backup.unlink()
    wait_text(page, "Written by rename")
    # truncate, pause, then write the rest: the empty and the half file must never be built
    with deck.open("w", encoding="utf-8") as out:
        out.flush()
        time.sleep(0.15)
        out.write(deck_text([SLIDES[0], "## Two\n\nWritten after a pause", *SLIDES[2:]])[:40])
        out.flush()
        time.sleep(0.15)
        out.write(deck_text([SLIDES[0], "## Two\n\nWritten after a pause", *SLIDES[2:]])[40:])
    wait_text(page, "Written after a pause")
    assert page.locator("#deckhand-errors").count() == 0
    assert page.evaluate("window.deckhandLive.errors") == 0
    assert all("Two" in text for text in page.evaluate("window.seen") if text)
    assert page.evaluate("window.marker") == "still here"


def test_stylesheet_edit_swaps_without_a_reload(page, project, deck):
    theme = project / "templates" / "theme.css"
    original = theme.read_text(encoding="utf-8")
    try:
        theme.write_text(original + "\n.remark-slide-content h2 { color: rgb(1, 2, 3); }\n", encoding="utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('.remark-visible h2')).color"
                               " === 'rgb(1, 2, 3)'", timeout=WAIT_MS)
        assert page.evaluate("window.marker") == "still here"
        assert page.locator("link[href*='theme.css']").count() == 1
        # a deck and the stylesheet saved together: both arrive
        deck.write_text(deck_text([SLIDES[0], "## Two\n\nWith the sheet", *SLIDES[2:]]))
        theme.write_text(original + "\n.remark-slide-content h2 { color: rgb(4, 5, 6); }\n", encoding="utf-8")
        wait_text(page, "With the sheet")
        page.wait_for_function("getComputedStyle(document.querySelector('.remark-visible h2')).color"
                               " === 'rgb(4, 5, 6)'", timeout=WAIT_MS)
        assert page.evaluate("window.marker") == "still here"
    finally:
        theme.write_text(original, encoding="utf-8")
    assert page.events == []


def test_template_change_reloads_on_the_same_slide(page, project):
    template = project / "templates" / "deck.html.j2"
    original = template.read_text(encoding="utf-8")
    try:
        template.write_text(original.replace("<body>", '<body data-edited="yes">'), encoding="utf-8")
        page.wait_for_function("document.body.dataset.edited === 'yes' && window.deckhandLive"
                               " && document.documentElement.dataset.deckReady === 'true'", timeout=WAIT_MS)
        assert page.evaluate("window.marker") is None      # a full reload
        assert current(page) == 2
    finally:
        template.write_text(original, encoding="utf-8")


def test_clone_stays_the_audience_view_through_a_save_and_a_reload(page, project, deck):
    page.keyboard.press("p")
    clone = open_clone(page)
    clone.wait_for_function("window.deckhandLive && window.deckhandLive.connected", timeout=WAIT_MS)
    assert view(page)["hash"] == "#p2"
    assert view(clone) == {"slide": 2, "hash": "#2", "presenter": False, "notesAndTimer": False}
    deck.write_text(deck_text([SLIDES[0], SLIDES[1].replace("here", "saved with a clone open"), *SLIDES[2:]]))
    wait_text(clone, "saved with a clone open")
    wait_text(page, "saved with a clone open")
    assert clone.evaluate("window.deckhandLive.updates") == 1     # in place, not a reload
    page.keyboard.press("ArrowRight")
    clone.wait_for_function("slideshow.getCurrentSlideIndex() === 2", timeout=WAIT_MS)
    assert view(clone) == {"slide": 3, "hash": "#3", "presenter": False, "notesAndTimer": False}
    template = project / "templates" / "deck.html.j2"
    original = template.read_text(encoding="utf-8")
    try:
        template.write_text(original.replace("<body>", '<body data-edited="yes">'), encoding="utf-8")
        for window in (page, clone):
            window.wait_for_function("document.body.dataset.edited === 'yes' && window.deckhandLive"
                                     " && document.documentElement.dataset.deckReady === 'true'", timeout=WAIT_MS)
        assert view(page) == {"slide": 3, "hash": "#p3", "presenter": True, "notesAndTimer": True}
        assert view(clone) == {"slide": 3, "hash": "#3", "presenter": False, "notesAndTimer": False}
    finally:
        template.write_text(original, encoding="utf-8")
    clone.close()
    assert page.events == []


def test_build_error_overlay_appears_and_clears(page, server, deck):
    server.drain()
    server.output.clear()
    deck.write_text("---\ntitle: Live deck\nratio: wide\n---\n# Broken\n")
    overlay = page.locator("#deckhand-errors")
    overlay.wait_for(timeout=WAIT_MS)
    message = "slides/live.md:3: error: bad value for 'ratio': 'wide'"
    assert message in overlay.inner_text()
    assert "build failed: 1 problem; showing the last good version" in overlay.inner_text()
    assert "Math" in visible_text(page)                     # the last good deck, underneath
    server.wait_for("build failed")
    text = deck_text([SLIDES[0], "## Two\n\n![Gone](img/missing.png)", *SLIDES[2:]])
    deck.write_text(text)
    page.wait_for_function("document.getElementById('deckhand-errors').innerText.includes('missing.png')",
                           timeout=WAIT_MS)
    line = text.splitlines().index("![Gone](img/missing.png)") + 1
    assert f"slides/live.md:{line}: error: image 'img/missing.png' not found" in overlay.inner_text()
    deck.write_text(deck_text([SLIDES[0], "## Two\n\nRepaired", *SLIDES[2:]]))
    wait_text(page, "Repaired")
    overlay.wait_for(state="detached", timeout=WAIT_MS)
    assert page.evaluate("window.marker") == "still here"
    server.wait_for("rebuilt in")
    printed = server.output
    assert [line for line in printed if "build failed" in line] == [
        line for line in printed if line.endswith("live.md: build failed: 1 problem; showing the last good version")]
    assert len([line for line in printed if "build failed" in line]) == 2     # once per bad save
    assert sum(message in line for line in printed) == 1
    assert sum("image 'img/missing.png' not found" in line for line in printed) == 1


def test_the_render_checks_of_a_save_join_the_overlay(tmp_path, browser):
    """With the render checks on (serve's default): the first build's slides are laid out once the
    server answers, a save's changed slide after the page shows it; a finding shows in the overlay
    and goes with the save that fixes it."""
    project = make_project(tmp_path / "project")
    deck = project / "slides" / "live.md"
    faint = '## Two\n\n<span style="color: #cccccc">too faint</span>'
    deck.write_text(deck_text([SLIDES[0], "## Two\n\nfine"]), encoding="utf-8")
    served = ServeProcess(project, "--port", "0")
    try:
        url = served.wait_for("serving http://").split()[1]
        assert re.fullmatch(r"render checks: 2 slides laid out in \d+ ms", served.wait_for("render checks:"))
        page = browser.new_page(viewport=VIEWPORT)
        page.events = []
        watch(page, url, page.events)
        page.goto(f"{url}live/#2")
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                               " && window.deckhandLive.connected", timeout=WAIT_MS)
        deck.write_text(deck_text([SLIDES[0], faint]), encoding="utf-8")
        overlay = page.locator("#deckhand-errors.warning")
        overlay.wait_for(timeout=WAIT_MS)
        assert "slides/live.md:17: warning: slide 2: 'too faint' is #cccccc on #ffffff" in overlay.inner_text()
        assert re.search(r"live.md: rebuilt in \d+ ms, 1 page updated; 1 slide laid out again in \d+ ms$",
                         served.wait_for("rebuilt in"))
        deck.write_text(deck_text([SLIDES[0], faint.replace("#cccccc", "#333333")]), encoding="utf-8")
        page.locator("#deckhand-errors").wait_for(state="detached", timeout=WAIT_MS)
        assert page.events == []
        page.close()
    finally:
        assert served.stop() == 0
    assert any(": warning: slide 2: 'too faint' is #cccccc" in line for line in served.output)


def test_doctor_warnings_show_in_amber_until_closed(page, deck):
    text = deck_text(SLIDES) + "\n--\n"
    deck.write_text(text)
    overlay = page.locator("#deckhand-errors.warning")
    overlay.wait_for(timeout=WAIT_MS)
    line = len(text.splitlines())
    assert "the deck doctor has 1 warning; the deck is built\n" in overlay.inner_text()
    assert f"slides/live.md:{line}: warning: '--' at the end of the deck adds an empty step" in overlay.inner_text()
    overlay.locator("button").click()
    assert page.locator("#deckhand-errors").count() == 0
    deck.write_text(text.replace("First slide", "First slide, again"))     # the same warning: stays closed
    page.wait_for_function("document.querySelector('.remark-slides-area').textContent.includes('again')",
                           timeout=WAIT_MS)
    time.sleep(0.3)
    assert page.locator("#deckhand-errors").count() == 0
    assert page.evaluate("window.marker") == "still here"


def _raw_get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    address = url.split("//")[1].rstrip("/")
    connection = http.client.HTTPConnection(address, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or address)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd", "/live/..%2f..%2f..%2fetc%2fpasswd",
    "//etc/passwd", "/%2fetc%2fpasswd", "/live/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.deckhand-build",
    "/..\\..\\etc\\passwd", "/%00", "/live/_deck/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
])
def test_traversal_never_leaves_the_output(server, path):
    status, body = _raw_get(server.url, path)
    assert status in (400, 403, 404)
    assert b"root:" not in body and b"deckhand" not in body.lower()


def test_serves_the_build_layout_and_checks_the_host(server):
    status, body = _raw_get(server.url, "/")
    assert status == 200 and b"live/index.html" in body and b"/_deckhand/live.js" in body
    status, body = _raw_get(server.url, "/live/_deck/remark.min.js")
    assert status == 200 and body == (ROOT / "node_modules" / "remark-slide" / "out" / "remark.min.js").read_bytes()
    assert _raw_get(server.url, "/", host="attacker.example:80")[0] == 403


def test_websocket_takes_only_pages_it_served(server):
    address = server.url.split("//")[1].rstrip("/")

    def handshake(query: str, origin: str) -> int:
        connection = http.client.HTTPConnection(address, timeout=10)
        connection.request("GET", "/_deckhand/live" + query, headers={
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": origin, "Sec-Fetch-Site": "cross-site"})
        status = connection.getresponse().status
        connection.close()
        return status

    token = _raw_get(server.url, "/live/")[1].split(b'data-token="')[1].split(b'"')[0].decode()
    assert handshake(f"?token={token}", server.url.rstrip("/")) == 101
    assert handshake(f"?token={token}", "http://attacker.example") == 403
    assert handshake("?token=guess", server.url.rstrip("/")) == 403


def test_keeps_serving_100_concurrent_requests(server):
    paths = ["/", "/live/", "/live/_deck/remark.min.js", "/live/img/pic.png", "/nothing-here"] * 20
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda p: _raw_get(server.url, p)[0], paths))
    assert statuses.count(200) == 80 and statuses.count(404) == 20
    assert _raw_get(server.url, "/live/")[0] == 200


def test_a_deck_that_never_built_shows_its_errors_then_the_index(browser, tmp_path):
    project = make_project(tmp_path / "project")
    (project / "slides" / "live.md").write_text("---\nratio: wide\n---\n# Broken\n", encoding="utf-8")
    served = ServeProcess(project, "--port", "0")
    try:
        url = served.wait_for("serving http://").split()[1]
        assert "build failed: 1 problem; nothing to show until a save fixes them" in served.output
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(url)
        overlay = page.locator("#deckhand-errors")
        overlay.wait_for(timeout=WAIT_MS)
        assert "slides/live.md:2: error: bad value for 'ratio': 'wide'" in overlay.inner_text()
        (project / "slides" / "live.md").write_text(deck_text(SLIDES), encoding="utf-8")
        page.locator("article.deck a", has_text="Live deck").first.wait_for(timeout=WAIT_MS)
        assert overlay.count() == 0
        page.close()
    finally:
        assert served.stop() == 0


def test_port_in_use_moves_to_the_next_and_ctrl_c_stops(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = ServeProcess(project, "--port", str(port))
        try:
            line = served.wait_for("serving http://")
            assert f"port {port} is in use; serving on port" in "\n".join(served.output)
            assert f":{port}/" not in line
        finally:
            assert served.stop() == 0
        assert served.wait_for("stopped")


def _taken_ports(count: int) -> list[socket.socket]:
    """`count` consecutive ports of 127.0.0.1, each listened on by a socket of this test."""
    for _ in range(50):
        taken = [socket.socket()]
        taken[0].bind(("127.0.0.1", 0))
        try:
            for port in range(taken[0].getsockname()[1] + 1, taken[0].getsockname()[1] + count):
                taken.append(socket.socket())
                taken[-1].bind(("127.0.0.1", port))
        except OSError:
            for sock in taken:
                sock.close()
            continue
        for sock in taken:
            sock.listen()
        return taken
    raise AssertionError(f"no {count} free consecutive ports on 127.0.0.1")


def test_ports_all_in_use_are_the_commands_one_error(project):
    taken = _taken_ports(10)
    first = taken[0].getsockname()[1]
    try:
        served = ServeProcess(project, "--port", str(first))
        line = served.wait_for("serve: error:")
        assert served.process.wait(timeout=10) == 1
    finally:
        for sock in taken:
            sock.close()
    assert line == f"serve: error: ports {first}-{first + 9} are all in use on 127.0.0.1 (choose another with --port)"
    assert "Traceback (most recent call last):" not in served.drain()


def test_an_address_of_another_machine_is_the_commands_one_error(project):
    served = ServeProcess(project, "--host", "192.0.2.1", "--port", "8000")   # TEST-NET-1: no machine's own
    line = served.wait_for("serve: error:")
    assert served.process.wait(timeout=10) == 1
    assert line == ("serve: error: cannot listen on 192.0.2.1:8000: Cannot assign requested address (use --host "
                    "with an address of this machine, like 127.0.0.1, and --port with a free port above 1023)")
    assert "Traceback (most recent call last):" not in served.drain()


def _inotify_fds(pid: int) -> int:
    """How many inotify instances the process `pid` holds (Linux names them in /proc)."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(os.readlink(fd) == "anon_inode:inotify" for fd in fds.iterdir())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see how the server watches")
def test_poll_checks_the_folders_and_every_save_still_counts(browser, server, tmp_path):
    """--poll (network drives, WSL on a Windows folder): no kernel reports, the folders are checked;
    three saves within one second all count (mtimes compared to the nanosecond) and Ctrl-C stops."""
    project = make_project(tmp_path / "project")
    served = ServeProcess(project, "--port", "0", "--poll")
    page = browser.new_page(viewport=VIEWPORT)
    try:
        line = served.wait_for("serving http://")
        url = line.split()[1]
        assert line == f"serving {url} (watching slides, img, templates, checked 10 times a second); Ctrl-C stops"
        assert (_inotify_fds(served.process.pid), _inotify_fds(server.process.pid)) == (0, 1)
        page.goto(url + "live/#2")
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                               " && window.deckhandLive.connected", timeout=WAIT_MS)
        page.evaluate("window.marker = 'still here'")
        deck = project / "slides" / "live.md"
        for n in range(3):
            deck.write_text(deck_text([SLIDES[0], f"## Two\n\nPolled save {n}", *SLIDES[2:]]), encoding="utf-8")
            time.sleep(0.15)
        wait_text(page, "Polled save 2")
        assert page.evaluate("window.marker") == "still here" and current(page) == 2
    finally:
        page.close()
        assert served.stop() == 0
    assert served.wait_for("stopped")


@pytest.mark.parametrize("node", [True, False], ids=["built-with-node", "built-without-node"])
def test_katex_loads_once_and_typesets_the_formulas_a_save_brings(browser, tmp_path, node):
    """With Node, the page shows the build's KaTeX HTML and live.js loads KaTeX for new formulas;
    without it, the page has KaTeX already and live.js must not load it a second time."""
    project = make_project(tmp_path / "project")
    no_node = tmp_path / "empty-bin"
    no_node.mkdir()
    served = ServeProcess(project, "--port", "0", env=None if node else {**os.environ, "PATH": str(no_node)})
    page = browser.new_page(viewport=VIEWPORT)
    try:
        url = served.wait_for("serving http://127.0.0.1:").split()[1]
        events: list[str] = []
        watch(page, url, events)
        loads: list[str] = []
        page.on("request", lambda request: request.url.endswith("/katex.min.js") and loads.append(request.url))
        page.goto(url + "live/#2")
        page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                               " && window.deckhandLive.connected && window.katex", timeout=WAIT_MS)
        scripts = page.evaluate("document.querySelectorAll('script[src$=\"katex.min.js\"]').length")
        built = page.request.get(url + "live/").text()   # as served: the built page and live.js's tag
        (project / "slides" / "live.md").write_text(deck_text([SLIDES[0], SLIDES[1] + "\n\nand $w_{9}$ new"] + SLIDES[2:]),
                                                      encoding="utf-8")
        page.wait_for_function("document.querySelectorAll('.remark-visible .katex').length === 2", timeout=WAIT_MS)
        assert page.locator(".remark-visible .math:not([data-typeset])").count() == 0
        assert scripts == 1 and len(loads) == 1, loads   # run once (a second tag would run it again)
        assert ('<script src="_deck/katex/katex.min.js"></script>' in built) == (not node)
        assert [e for e in events if "katex" in e.lower()] == []
    finally:
        page.close()
        served.stop()


def test_a_deck_in_a_subfolder_is_served_at_its_path_and_a_save_updates_only_its_page(browser, tmp_path):
    """slides/2023/ml-school/slides.md is served at /2023/ml-school/; its save reaches its page in
    place, and the other deck's open page gets nothing (the terminal says 1 page updated)."""
    project = make_project(tmp_path / "project")
    talk = project / "slides" / "2023" / "ml-school" / "slides.md"
    talk.parent.mkdir(parents=True)
    talk.write_text(deck_text(["# ML school\n\n![A picture](../../../img/pic.png)", "## Two\n\nbefore"], "ML school"),
                    encoding="utf-8")
    served = ServeProcess(project, "--port", "0")
    try:
        url = served.wait_for("serving http://").split()[1]
        pages = {}
        for name in ("2023/ml-school", "live"):
            pages[name] = page = browser.new_page(viewport=VIEWPORT)
            page.events = []
            watch(page, url, page.events)
            page.goto(f"{url}{name}/#2")
            page.wait_for_function("document.documentElement.dataset.deckReady === 'true' && window.deckhandLive"
                                   " && window.deckhandLive.connected", timeout=WAIT_MS)
            page.evaluate("window.marker = 'still here'")
        talk.write_text(deck_text(["# ML school\n\n![A picture](../../../img/pic.png)", "## Two\n\nafter the save"],
                                  "ML school"), encoding="utf-8")
        wait_text(pages["2023/ml-school"], "after the save")
        line = served.wait_for("rebuilt in")
        assert re.fullmatch(r"\S+ 2023/ml-school/slides.md: rebuilt in \d+ ms, 1 page updated; "
                            r"1 slide laid out again in \d+ ms", line), line   # the render checks: the saved slide
        assert pages["2023/ml-school"].evaluate("window.marker") == "still here"   # in place, no reload
        assert current(pages["2023/ml-school"]) == 2
        pages["2023/ml-school"].goto(f"{url}2023/ml-school/#1")
        pages["2023/ml-school"].wait_for_function("document.documentElement.dataset.deckReady === 'true'")
        assert pages["2023/ml-school"].evaluate(
            "document.querySelector('.remark-visible img').naturalWidth") > 0   # ../../../img, served
        for page in pages.values():
            assert page.events == []
            page.close()
    finally:
        assert served.stop() == 0

"""The live preview without a browser: which message each save gives, and how the watchers settle."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from deckhand.pipeline import BuildOptions
from deckhand.live import ALL, INDEX, OK, RELOAD, LiveSite, page_key
from deckhand.parse import load_deck
from deckhand.render import deck_page
from deckhand.server import is_loopback
from deckhand.watch import InotifyWatcher, PollingWatcher, ignored
from tests.conftest import ROOT, write_png

DECK = "---\ntitle: Unit deck\n---\n# One\n\n![A picture](img/pic.png)\n\n---\n\n## Two\n\n$x^2$\n"


@pytest.fixture
def site(tmp_path) -> LiveSite:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "slides").mkdir()
    (root / "slides" / "unit.md").write_text(DECK, encoding="utf-8")
    write_png(root / "img" / "pic.png")
    live = LiveSite(None, BuildOptions(out_dir=tmp_path / "out", root=root))
    assert live.start() == []
    return live


def save(site: LiveSite, rel: str, text: str) -> tuple[dict, dict]:
    path = site.root / rel
    path.write_text(text, encoding="utf-8")
    return site.rebuild([path]), site.finish()


@pytest.mark.parametrize("url, key", [
    ("/", INDEX), ("/index.html", INDEX), ("/unit/", "unit"), ("/unit/index.html", "unit"), ("/unit", "unit"),
    ("/my%20talk/", "my talk"), ("/unit/_deck/theme.css", None), ("/2023/intro/", "2023/intro"),
    ("/2023/intro/index.html", "2023/intro"), ("/v1.2/", "v1.2"), ("/_site/thumbnails/a.png", None),
])
def test_page_key(url, key):
    assert page_key(url) == key


def test_a_deck_edit_sends_the_new_source(site):
    first, then = save(site, "slides/unit.md", DECK.replace("## Two", "## Two, edited"))
    [message] = first["unit"]
    assert message["type"] == "source" and "## Two, edited" in message["source"]
    assert message["slides"] == 2 and message["title"] == "Unit deck"
    assert '<span class="math inline" data-tex="x&#94;2"></span>' in message["source"]
    assert message["version"] == site.version("unit") != ""
    assert then == {}
    assert b"## Two, edited" in (site.options.out_dir / "unit" / "index.html").read_bytes()


def test_a_save_that_shows_an_image_new_to_the_site_sends_its_source_once_the_site_has_it(site):
    """The page would fetch the image at once, before the site is written: a 404 it never asks again."""
    from deckhand.server import _split

    write_png(site.root / "img" / "other.png")   # in img/, but no slide showed it: not in the site yet
    text = DECK.replace("## Two", "## Two\n\n![Another](img/other.png)")
    path = site.root / "slides" / "unit.md"
    path.write_text(text, encoding="utf-8")
    messages = site.rebuild([path])
    assert site.after_write == {"unit"}
    now, later = _split(messages, site.after_write)
    assert "unit" not in now and [m["type"] for m in later["unit"]] == ["source"]
    site.finish()
    assert (site.options.out_dir / "unit" / "img" / "other.png").is_file()
    # the next edit shows no new file: its source goes at once
    first, then = save(site, "slides/unit.md", text.replace("## Two", "## Two, edited"))
    assert site.after_write == set() and _split(first, site.after_write)[0]["unit"][0]["type"] == "source"


def test_a_deck_in_a_subfolder_is_watched_and_updated_by_its_path(site):
    """A new deck in slides/2023/ is built and listed; its edit goes to its page, and only to it."""
    (site.root / "slides" / "2023").mkdir()
    first, then = save(site, "slides/2023/intro.md", DECK.replace("# One", "# Intro").replace("img/pic", "../../img/pic"))
    assert INDEX in then and site.version("2023/intro") != ""
    assert (site.options.out_dir / "2023" / "intro" / "img" / "pic.png").is_file()
    first, then = save(site, "slides/2023/intro.md", DECK.replace("# One", "# Intro, edited")
                       .replace("img/pic", "../../img/pic"))
    assert list(first) == ["2023/intro"] and first["2023/intro"][0]["type"] == "source"
    assert "# Intro, edited" in first["2023/intro"][0]["source"]


def test_a_save_reads_checks_and_renders_only_its_own_deck(site, monkeypatch):
    """Thirty talks in a project: a save in one costs one deck, not thirty."""
    from deckhand import pipeline

    for name in ("a", "b"):
        save(site, f"slides/{name}.md", DECK.replace("# One", f"# Deck {name}"))
    read, rendered = [], []
    monkeypatch.setattr(pipeline, "load_deck", lambda path, name=None: read.append(path.name) or load_deck(path, name))
    monkeypatch.setattr(pipeline, "deck_page", lambda project, deck: rendered.append(deck.name) or deck_page(project, deck))
    first, then = save(site, "slides/b.md", DECK.replace("# One", "# Deck b, edited"))
    assert list(first) == ["b"] and (read, rendered) == (["b.md"], ["b"])
    assert b"# Deck b, edited" in (site.options.out_dir / "b" / "index.html").read_bytes()
    assert b"# Deck a" in (site.options.out_dir / "a" / "index.html").read_bytes()   # still there, as it was
    read.clear(), rendered.clear()
    picture = site.root / "img" / "pic.png"
    write_png(picture, (80, 60))
    first, then = site.rebuild([picture]), site.finish()
    assert sorted(rendered) == ["a", "b", "unit"] and read == []   # every deck shows the picture: re-rendered, not re-read


def test_stylesheet_template_and_image_changes(site):
    theme = site.root / "templates" / "theme.css"
    theme.write_text(theme.read_text() + "\nh1 { color: red; }\n")
    assert site.rebuild([theme]) == {"unit": [{"type": "css", "file": "theme.css"}]}
    site.finish()
    template = site.root / "templates" / "deck.html.j2"
    template.write_text(template.read_text() + "\n")
    assert site.rebuild([template]) == {INDEX: [RELOAD], "unit": [RELOAD]}
    site.finish()
    picture = write_png(site.root / "img" / "pic.png", colour=(1, 2, 3))
    assert site.rebuild([picture]) == {"unit": [RELOAD]}
    site.finish()
    unused = write_png(site.root / "img" / "unused.png")
    assert site.relevant(unused) and site.rebuild([unused]) == {}


def test_a_bad_save_keeps_the_last_good_version_until_a_good_one(site):
    good = site.version("unit")
    first, then = save(site, "slides/unit.md", "---\ntitle: Unit deck\nratio: wide\n---\n# Broken\n")
    [error] = first[ALL]
    assert error["type"] == "error" and then == {}
    assert error["problems"][0].endswith("unit.md:3: error: bad value for 'ratio': 'wide' "
                                         "(use width:height with positive numbers, like 4:3 or 16:9)")
    assert error["summary"] == "build failed: 1 problem; showing the last good version"
    assert site.version("unit") == good
    assert site.greeting("unit", good) == [error]
    first, then = save(site, "slides/unit.md", DECK.replace("img/pic.png", "img/nope.png"))
    assert "image 'img/nope.png' not found" in first[ALL][0]["problems"][0]
    first, then = save(site, "slides/unit.md", DECK.replace("# One", "# One again"))
    assert first["unit"][0]["type"] == "source" and then[ALL] == [OK]
    assert site.greeting("unit", site.version("unit")) == []


def test_one_save_lists_every_problem_of_the_deck(site):
    """A bad front matter key, a missing image and an unclosed `.red[` in one save: the overlay lists
    all three (and the doctor's warnings), not only the first that stops the build."""
    bad = "---\ntitle: Unit deck\nauthr: Me\n---\n# One\n\n![A picture](img/nope.png)\n\n.red[never closed\n\n---\n\n## Two\n"
    first, then = save(site, "slides/unit.md", bad)
    [error] = first[ALL]
    lines = [line.split("unit.md:", 1)[1] for line in error["problems"]]
    assert lines[0] == "3: error: unknown front matter key 'authr' (did you mean 'author'?)"
    assert lines[1].startswith("7: error: image 'img/nope.png' not found")
    assert lines[2].startswith("9: error: ") and lines[2].endswith("[E-bracket]")
    assert error["summary"] == "build failed: 3 problems; showing the last good version"
    assert then == {}


def test_the_doctors_errors_come_after_the_new_source(site):
    first, then = save(site, "slides/unit.md", DECK.replace("$x^2$", r"$\frac{1}{$"))
    assert first["unit"][0]["type"] == "source"
    [error] = then[ALL]
    assert any("E-math" in line or "KaTeX" in line for line in error["problems"])
    assert error["summary"].endswith("the page shows this save anyway")


def test_a_problem_in_no_file_reaches_the_overlay_and_the_terminal_with_the_decks_own(site, monkeypatch, capsys):
    """The front end gone while the server runs (`npm ci` reinstalls it, say): a problem in no file,
    listed after the deck doctor's, on the overlay and in the terminal; the next save tries again."""
    from types import SimpleNamespace

    from deckhand import vendor
    from deckhand.server import DeckServer

    monkeypatch.setattr(vendor, "REMARK_JS", "remark-slide/out/gone.min.js")
    deck = site.root / "slides" / "unit.md"
    first, then = save(site, "slides/unit.md", DECK.replace("$x^2$", r"$\frac{1}{$"))
    assert first["unit"][0]["type"] == "source"
    missing = f"{site.project.modules_dir / 'remark-slide/out/gone.min.js'}"
    problems = [f"{deck}:12: error: KaTeX cannot typeset $\\frac{{1}}{{$: Unexpected end of input in a macro argument, "
                "expected '}' (fix the formula; the slide shows it as red source text) [E-math]",
                f"error: the front-end packages are not installed: {missing} is missing (in a checkout of deckhand, "
                "run 'npm ci' or 'make setup'; an installed deckhand carries them: reinstall it)"]
    assert then[ALL][0]["problems"] == problems
    DeckServer.report(SimpleNamespace(site=site), [deck], 1, 0.1)   # what the server prints after a save
    terminal = capsys.readouterr().err.splitlines()
    assert terminal[:2] == problems
    assert terminal[2].endswith(" unit.md: the deck doctor found 2 problems; the page shows this save anyway")
    monkeypatch.undo()
    first, then = save(site, "slides/unit.md", DECK.replace("# One", "# One, after npm ci"))
    assert then[ALL] == [OK] and site.problems == []
    assert b"# One, after npm ci" in (site.options.out_dir / "unit" / "index.html").read_bytes()


def test_a_file_gone_before_the_copy_is_named_and_a_full_disk_is_in_no_file(site, monkeypatch):
    import errno

    from deckhand import live

    picture, write_site = site.root / "img" / "pic.png", live.write_site

    def picture_gone_then_write(files, out_dir):
        picture.unlink()
        write_site(files, out_dir)

    monkeypatch.setattr(live, "write_site", picture_gone_then_write)
    _, then = save(site, "slides/unit.md", DECK.replace("# One", "# One, edited"))
    assert then[ALL][0]["problems"] == [
        f"{picture}: error: cannot copy: No such file or directory (the next save will try again)"]

    def full_disk(files, out_dir):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(live, "write_site", full_disk)
    write_png(picture)
    _, then = save(site, "slides/unit.md", DECK.replace("# One", "# One, edited again"))
    assert then[ALL][0]["problems"] == [
        "error: cannot write the preview: No space left on device (the next save will try again)"]


def test_a_page_showing_an_older_version_gets_the_current_source(site):
    [message] = site.greeting("unit", "an older version")
    assert message["type"] == "source" and message["version"] == site.version("unit")
    assert site.greeting(INDEX, "") == [] and site.greeting(None, "") == []


def test_watched_folders_never_include_the_output(site):
    folders = dict(site.folders())
    assert folders == {site.root / "slides": True, site.root / "img": True, site.root / "templates": True}
    assert not site.relevant(site.root / "slides" / "notes.txt")
    assert site.relevant(site.root / "slides" / "other.md")
    assert site.relevant(site.root / "slides" / "2023" / "intro.md")   # decks in subfolders are decks too


@pytest.mark.parametrize("name, skip", [("talk.md", False), (".talk.md.swp", True), ("talk.md~", True),
                                        ("4913", True), ("#talk.md#", True), ("pic.png", False)])
def test_editor_scratch_files_are_ignored(name, skip):
    assert ignored(name) is skip


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def _run_watcher(kind, folder: Path, actions, also: Path | None = None,
                 warnings: list[str] | None = None) -> list[tuple[list[Path], str]]:
    """Watch `folder` (and `also`, with its subfolders), run the `actions` coroutine, return each
    batch with the deck's text then (and the lines the watcher would print, in `warnings`)."""
    deck = folder / "talk.md"

    async def scenario():
        watcher = kind()
        watcher.warn = (warnings if warnings is not None else []).append
        batches = []
        record = lambda batch: batches.append((batch, deck.read_text()))  # noqa: E731
        watcher.watch(folder, record, recursive=False)
        if also is not None:
            watcher.watch(also, record, recursive=True)
        watcher.start(watcher.examine)
        await asyncio.sleep(0.15)
        await actions(deck)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not batches:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.4)  # anything more would be a second batch
        watcher.close()
        return batches

    # a thread of its own: Playwright's sync API may already run an event loop in this one
    found: list = []
    runner = threading.Thread(target=lambda: found.append(asyncio.run(scenario())))
    runner.start()
    runner.join(timeout=20)
    return found[0]


def _writer(pause: float, rest: str):
    """An editor that truncates the file, writes part of it, keeps it open `pause` seconds, then
    writes `rest`."""
    async def write(deck: Path):
        with deck.open("w") as out:
            out.write("half")
            out.flush()
            await asyncio.sleep(pause)
            out.write(rest)
    return write


_truncate_pause_write = _writer(0.1, " and the rest")
_write_pause_finish = _writer(2.5, " and the rest after a long pause")   # longer than the old 1 s hold


async def _rename_save(deck: Path):
    os.rename(deck, deck.with_name("talk.md~"))
    deck.with_name(".talk.md.swp").write_text("vim")
    deck.write_text("renamed in")
    deck.with_name("talk.md~").unlink()


@pytest.mark.parametrize("kind", [InotifyWatcher, PollingWatcher])
def test_a_rename_save_is_one_batch_with_the_final_text(tmp_path, kind):
    (tmp_path / "talk.md").write_text("old")
    batches = _run_watcher(kind, tmp_path, _rename_save)
    assert batches == [([tmp_path / "talk.md"], "renamed in")]


def test_inotify_waits_for_the_writer_to_close(tmp_path):
    (tmp_path / "talk.md").write_text("old")
    batches = _run_watcher(InotifyWatcher, tmp_path, _truncate_pause_write)
    assert batches == [([tmp_path / "talk.md"], "half and the rest")]


def test_inotify_picks_up_a_watched_folder_made_later(tmp_path):
    (tmp_path / "talk.md").write_text("old")

    async def make_img_then_a_picture(deck: Path):
        (tmp_path / "img").mkdir()
        await asyncio.sleep(0.05)
        write_png(tmp_path / "img" / "new.png")

    batches = _run_watcher(InotifyWatcher, tmp_path, make_img_then_a_picture, also=tmp_path / "img")
    assert [batch for batch, _ in batches] == [[tmp_path / "img" / "new.png"]]


def test_inotify_waits_for_a_writer_that_pauses_longer_than_a_second(tmp_path):
    (tmp_path / "talk.md").write_text("old")
    batches = _run_watcher(InotifyWatcher, tmp_path, _write_pause_finish)
    assert batches == [([tmp_path / "talk.md"], "half and the rest after a long pause")]


def test_a_file_open_for_writing_too_long_is_built_as_it_is_and_said(tmp_path, monkeypatch):
    from deckhand import watch

    monkeypatch.setattr(watch, "HOLD_WRITING", 0.5)
    (tmp_path / "talk.md").write_text("old")
    warnings: list[str] = []
    batches = _run_watcher(InotifyWatcher, tmp_path, _write_pause_finish, warnings=warnings)
    assert batches[0] == ([tmp_path / "talk.md"], "half")
    assert warnings == [f"{tmp_path / 'talk.md'} is still open for writing after 0.5 s; showing it as it is now"]


def _deep_tree(top: Path, depth: int) -> Path:
    """`top`/d/d/.../d, `depth` folders, with pic.png at the bottom; returns the picture's path."""
    top.mkdir()
    handle = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=handle)
        inner = os.open("d", os.O_RDONLY, dir_fd=handle)
        os.close(handle)
        handle = inner
    os.close(os.open("pic.png", os.O_CREAT | os.O_WRONLY, dir_fd=handle))
    os.close(handle)
    return top.joinpath(*["d"] * depth, "pic.png")


def _remove_deep(top: Path) -> None:
    """shutil.rmtree (and pytest's cleanup) recurse, and a tree this deep stops them: peel it."""
    for n in itertools.count():
        if not top.exists():
            return
        inner = top / "d"
        if inner.is_dir():
            inner.rename(top.with_name(f"peeled-{n}"))
        shutil.rmtree(top)
        top = top.with_name(f"peeled-{n}")


@pytest.mark.parametrize("kind", [InotifyWatcher, PollingWatcher])
def test_a_deep_folder_moved_into_img_at_a_save_loses_nothing(tmp_path, kind):
    """1,500 folders deep moved into img/ as the deck is saved: both are in the batch, and the
    watcher goes on to the next save."""
    (tmp_path / "talk.md").write_text("old")
    (tmp_path / "img").mkdir()
    picture = _deep_tree(tmp_path / "outside", 1500)

    async def move_save_save(deck: Path):
        os.rename(tmp_path / "outside", tmp_path / "img" / "deep")
        deck.write_text("saved with the tree")
        await asyncio.sleep(0.25)
        deck.write_text("saved after it")

    try:
        batches = _run_watcher(kind, tmp_path, move_save_save, also=tmp_path / "img")
    finally:
        _remove_deep(tmp_path / "img" / "deep")
        _remove_deep(tmp_path / "outside")
    moved = tmp_path / "img" / "deep" / picture.relative_to(tmp_path / "outside")
    assert {tmp_path / "talk.md", moved} <= {path for batch, _ in batches for path in batch}
    assert tmp_path / "talk.md" in batches[-1][0] and batches[-1][1] == "saved after it"


@pytest.mark.parametrize("kind", [InotifyWatcher, PollingWatcher])
def test_a_symlink_loop_and_a_name_that_is_not_utf8_reach_the_build(tmp_path, kind):
    (tmp_path / "talk.md").write_text("old")
    bad = tmp_path / os.fsdecode(b"caf\xe9.md")
    loop = tmp_path / "loop.md"

    async def add_them_then_save(deck: Path):
        loop.symlink_to("loop.md")
        bad.write_text("# Latin-1 name\n")
        await asyncio.sleep(0.25)
        deck.write_text("saved after them")

    batches = _run_watcher(kind, tmp_path, add_them_then_save)
    assert {bad, loop} <= {path for batch, _ in batches for path in batch}
    assert batches[-1] == ([tmp_path / "talk.md"], "saved after them")


class _Page:
    """An open page, as the server sees one: the messages it got."""

    def __init__(self, key: str):
        self.page, self.got = key, []

    def send(self, message: dict) -> None:
        self.got.append(message)


@pytest.fixture
def served(site):
    from deckhand.server import DeckServer

    server = DeckServer(site)
    server.sockets = {_Page("unit")}
    yield server
    server.watcher.close()


def test_a_deck_that_is_a_symlink_loop_is_on_the_overlay(served, capsys):
    slides = served.site.root / "slides"
    (slides / "loop.md").symlink_to("loop.md")
    served.build([slides / "loop.md"])
    [page] = served.sockets
    [error] = page.got
    assert error["summary"] == "build failed: 1 problem; showing the last good version"
    assert error["problems"][0].endswith("slides/loop.md: error: deck is a symbolic link that leads back to itself "
                                         "(point the link at a Markdown file, or delete it)")
    (slides / "loop.md").unlink()
    served.build([slides / "loop.md"])
    assert page.got[-1] == OK
    assert "Traceback" not in capsys.readouterr().err


def test_a_deck_name_that_is_not_utf8_is_on_the_overlay_and_in_the_terminal(served, capsys):
    from deckhand.server import LiveSocket

    slides = served.site.root / "slides"
    bad = slides / os.fsdecode(b"caf\xe9.md")
    bad.write_text("# Latin-1 name\n")
    served.build([bad])
    [page] = served.sockets
    [error] = page.got
    assert error["summary"] == "build failed: 1 problem; showing the last good version"
    problem = (r"slides/caf\xe9.md: error: deck file name is not UTF-8 text (rename the file with letters your "
               r"system shows: its name becomes the deck's folder and web address)")
    assert error["problems"][0].endswith(problem)
    frames = []
    socket = type("Socket", (), {"write_message": lambda self, text: frames.append(text)})()
    LiveSocket._write(socket, {"type": "error", "problems": [str(bad)]})   # a raw name still makes a frame a page reads
    assert frames == [json.dumps({"type": "error", "problems": [str(bad)]})] and r"\udce9" in frames[0]
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(problem)
    assert err[1].endswith(r" caf\xe9.md: build failed: 1 problem; showing the last good version")


@pytest.mark.parametrize("poll", [False, True], ids=["told", "poll"])
def test_poll_swaps_the_kernels_reports_for_polling(site, poll):
    from deckhand.server import DeckServer

    server = DeckServer(site, poll=poll)
    try:
        told = sys.platform.startswith("linux") and not poll
        assert type(server.watcher) is (InotifyWatcher if told else PollingWatcher)
    finally:
        server.watcher.close()


def test_livereload_serve_runs_our_watcher_and_our_routes_only(site, capsys):
    """livereload's own serve() runs the server: it starts our watcher (through the watcher left
    for it), a save comes back through its poll step to a rebuild, its routes are not served, and
    it prints nothing of its own. In a thread with its own loop, stopped as Ctrl-C stops it."""
    import http.client

    from deckhand.server import DeckServer

    with _serving(DeckServer(site)) as port:
        (site.root / "slides" / "unit.md").write_text(DECK.replace("## Two", "## Two, served"), encoding="utf-8")
        built = site.options.out_dir / "unit" / "index.html"
        deadline = time.monotonic() + 10
        while b"## Two, served" not in built.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert b"## Two, served" in built.read_bytes()
        statuses = {}
        for path in ("/livereload.js", "/forcereload", "/unit/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            statuses[path] = connection.getresponse().status
            connection.close()
        assert statuses == {"/livereload.js": 404, "/forcereload": 404, "/unit/": 200}
        out, err = capsys.readouterr()
        deadline = time.monotonic() + 10   # the line is printed once the pages are told, after the write
        while "rebuilt in" not in out and time.monotonic() < deadline:
            time.sleep(0.02)
            more = capsys.readouterr()
            out, err = out + more.out, err + more.err
    more = capsys.readouterr()
    out, err = out + more.out, err + more.err
    assert re.fullmatch(r"\d\d:\d\d:\d\d unit\.md: rebuilt in \d+ ms, 0 pages updated\n", out), out
    assert [line for line in err.splitlines() if "tornado.access" not in line and " 404 GET /" not in line] == []


# The live server as serve.py runs it, on a project with one empty deck folder; `{churn}` is what
# happens before it runs.
SERVING = """
import sys, time, weakref
from pathlib import Path
sys.path.insert(0, {root!r})
from tornado.ioloop import IOLoop, PeriodicCallback
from deckhand.live import LiveSite
from deckhand.pipeline import BuildOptions
from deckhand.server import DeckServer, stop_on_signals

project = Path({project!r})
(project / "slides").mkdir(parents=True)
server = DeckServer(LiveSite(None, BuildOptions(root=project, out_dir=project / "out")))
server.watch_sources()
server.listen(0)

class Thing:
    pass

refs = set()

def dying(ref):
    refs.discard(ref)
    end = time.monotonic() + 0.002
    while time.monotonic() < end:
        pass

def churn():
    for _ in range(20):
        thing = Thing()
        refs.add(weakref.ref(thing, dying))
        del thing
{churn}
server.run()
print("stopped", flush=True)
"""

# A loop whose garbage runs slow weakref callbacks, as a big rebuild's can: a Ctrl-C raised as a
# KeyboardInterrupt lands in one of them, where Python prints "Exception ignored" and goes on.
BUSY_LOOP = """
PeriodicCallback(churn, 1).start()
IOLoop.current().add_callback(lambda: print("running", flush=True))
"""

# The same garbage during the first build, before the loop runs: a Ctrl-C then must stop it too.
STARTING = """
stop_on_signals(IOLoop.current())
print("starting", flush=True)
end = time.monotonic() + 1.0
while time.monotonic() < end:
    churn()
"""


def _interrupt_server(tmp_path: Path, churn: str, first_line: str, signum: int) -> tuple[int, str, str]:
    import subprocess
    import sys

    script = SERVING.format(root=str(ROOT), project=str(tmp_path / "project"), churn=churn)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == first_line
        time.sleep(0.2)
        process.send_signal(signum)
        out, err = process.communicate(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, out, err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGINT, signal.SIGINT, signal.SIGTERM],
                         ids=["ctrl-c", "ctrl-c-again", "ctrl-c-third", "sigterm"])
def test_ctrl_c_stops_the_server_even_inside_a_weakref_callback(tmp_path, signum):
    returncode, out, err = _interrupt_server(tmp_path, BUSY_LOOP, "running\n", signum)
    assert (returncode, out) == (0, "stopped\n"), err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_during_the_first_build_stops_the_server_once_it_runs(tmp_path, signum):
    returncode, out, err = _interrupt_server(tmp_path, STARTING, "starting\n", signum)
    assert (returncode, out) == (0, "stopped\n"), err


def _in_a_loop(scenario):
    """Run the coroutine function `scenario` in an event loop of its own thread (Playwright's sync
    API may run one in this thread)."""
    found: list = []
    runner = threading.Thread(target=lambda: found.append(asyncio.run(scenario())))
    runner.start()
    runner.join(timeout=10)
    return found[0]


def _socket(frames: list):
    from types import SimpleNamespace

    from deckhand.server import LiveSocket

    socket = LiveSocket.__new__(LiveSocket)
    socket.initialize(server=SimpleNamespace(sockets=set()))
    socket.write_message = lambda text: frames.append(json.loads(text))
    return socket


def _source(n: int) -> dict:
    return {"type": "source", "source": f"# Save {n}", "version": str(n)}


def test_a_page_rendering_a_source_gets_only_the_newest_source_next():
    error = {"type": "error", "level": "error", "problems": [], "summary": "build failed"}

    async def scenario():
        frames: list = []
        socket = _socket(frames)
        for message in (_source(1), _source(2), error, _source(3), {"type": "css", "file": "theme.css"}, OK):
            socket.send(message)
        sent_before = list(frames)
        socket.applied()                  # the page painted save 1: save 3 goes, the rest waits behind it
        sent_then = list(frames)
        socket.applied()
        return sent_before, sent_then, frames

    before, then, after = _in_a_loop(scenario)
    assert before == [_source(1)]
    assert then == [_source(1), _source(3)]
    assert after == [_source(1), _source(3), {"type": "css", "file": "theme.css"}, OK]


def test_a_page_that_never_says_it_painted_gets_the_newest_after_a_while(monkeypatch):
    from deckhand.server import LiveSocket

    monkeypatch.setattr(LiveSocket, "ACK_WAIT", 0.05)

    async def scenario():
        frames: list = []
        socket = _socket(frames)
        for n in range(1, 5):
            socket.send(_source(n))
        await asyncio.sleep(0.2)
        return frames

    assert _in_a_loop(scenario) == [_source(1), _source(4)]


def test_a_reload_waiting_supersedes_everything_else():
    async def scenario():
        frames: list = []
        socket = _socket(frames)
        for message in (_source(1), _source(2), RELOAD, _source(3), OK):
            socket.send(message)
        socket.applied()
        return frames

    assert _in_a_loop(scenario) == [_source(1), RELOAD]


@contextlib.contextmanager
def _serving(server):
    """`server` run by livereload's serve() in a thread with its own loop; yields its port; stopped
    as Ctrl-C stops it."""
    import logging

    from tornado.ioloop import IOLoop

    added = {name: list(logging.getLogger(name).handlers) for name in ("livereload", "tornado")}
    server.watch_sources()
    port = server.listen(0)
    loops: list[IOLoop] = []

    def serve():
        loops.append(IOLoop.current())
        server.run()

    runner = threading.Thread(target=serve)
    runner.start()
    try:
        deadline = time.monotonic() + 5
        while not loops and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        yield port
    finally:
        if loops:
            loops[0].add_callback(loops[0].stop)
        runner.join(timeout=10)
        for name, handlers in added.items():   # serve() adds its own; they would outlive this test
            for handler in set(logging.getLogger(name).handlers) - set(handlers):
                logging.getLogger(name).removeHandler(handler)
    assert not runner.is_alive()


def test_the_server_answers_while_a_long_build_runs(site, monkeypatch):
    """A save whose build takes 1.5 s of Python (a long deck, a slow check): a page asked for
    meanwhile comes at once, and the build still ends and is written."""
    import http.client

    from deckhand.server import DeckServer

    building, built = threading.Event(), threading.Event()
    finish = site.finish

    def slow_finish():
        building.set()
        end = time.monotonic() + 1.5
        while time.monotonic() < end:   # busy, as a long check is: no sleep that would let go of the GIL
            pass
        try:
            return finish()
        finally:
            built.set()

    monkeypatch.setattr(site, "finish", slow_finish)
    with _serving(DeckServer(site)) as port:
        (site.root / "slides" / "unit.md").write_text(DECK.replace("## Two", "## Two, slow"), encoding="utf-8")
        assert building.wait(timeout=5)
        asked = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/unit/", headers={"Host": f"127.0.0.1:{port}"})
        status = connection.getresponse().status
        answered = time.monotonic() - asked
        connection.close()
        during = not built.is_set()
        assert built.wait(timeout=5)
        deadline = time.monotonic() + 2
        page = site.options.out_dir / "unit" / "index.html"
        while b"## Two, slow" not in page.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.02)
    assert (status, during) == (200, True) and answered < 0.5, answered
    assert b"## Two, slow" in page.read_bytes()


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_an_img_or_templates_folder_made_while_serving_is_watched(tmp_path, poll):
    """A new project has no img/ yet: the deck names a missing image, and the author makes img/ and
    saves the picture into it. That save must build (it did not: img/ was not watched, nor was the
    project folder where it appeared); so must a templates/ made later to replace the theme."""
    from deckhand.server import DeckServer

    root = tmp_path / "project"
    (root / "slides").mkdir(parents=True)
    (root / "slides" / "unit.md").write_text(DECK, encoding="utf-8")
    site = LiveSite(None, BuildOptions(out_dir=tmp_path / "out", root=root))
    assert "image 'img/pic.png' not found" in str(site.start()[0])
    server = DeckServer(site, poll=poll)
    built = site.options.out_dir / "unit" / "index.html"

    def wait_for(done) -> bool:
        deadline = time.monotonic() + 10
        while not done() and time.monotonic() < deadline:
            time.sleep(0.05)
        return done()

    with _serving(server):
        write_png(root / "img" / "pic.png")
        assert wait_for(lambda: built.is_file() and site.problems == [])
        (root / "templates").mkdir()
        (root / "templates" / "theme.css").write_text(
            (ROOT / "templates" / "theme.css").read_text(encoding="utf-8") + "\nh1 { color: #123456; }\n", encoding="utf-8")
        theme = site.options.out_dir / "unit" / "_deck" / "theme.css"
        assert wait_for(lambda: theme.is_file() and b"#123456" in theme.read_bytes())


def test_the_serving_line_says_why_the_project_folder_is_watched(tmp_path):
    """'(watching slides, .)' told a new user nothing: the project folder is named for what it is."""
    import subprocess

    root = tmp_path / "project"
    (root / "slides").mkdir(parents=True)
    (root / "slides" / "talk.md").write_text("# Talk\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "deckhand", "serve", "--port", "0", "--no-open"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        lines = []
        for line in process.stdout:   # bounded: the serving line comes after the first build
            lines.append(line)
            if line.startswith("serving ") or len(lines) > 20:
                break
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert lines[-1].endswith("(watching slides, the project folder, for img/ and templates/ to be made); "
                              "Ctrl-C stops\n"), lines

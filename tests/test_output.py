"""The output folder is safe to point anywhere: what the build refuses to replace, links, the atomic
swap, what killed builds leave behind, full and read-only disks, and deck names the output cannot hold."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deckhand import cdp, output
from tests.conftest import ROOT


def gone_pid() -> int:
    """The id of a process that has ended (and was reaped)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    return int(child.stdout)


@pytest.fixture
def deck(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.md").write_text("# A\n", encoding="utf-8")
    return Path("deck.md")


def project(folder: Path) -> Path:
    (folder / "slides").mkdir(parents=True)
    for name in ("templates", "node_modules"):
        (folder / name).symlink_to(ROOT / name)
    return folder


# -- what --out may name ------------------------------------------------------------------------------

def test_a_file_named_by_out_is_refused_and_left_alone(deck, tmp_path, run_build):
    (tmp_path / "n.txt").write_text("hi")
    code, stdout, stderr = run_build(deck, "--out", "n.txt")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        "n.txt: error: refusing to replace this: it is not a folder (choose a new or empty folder with --out)",
        "build failed: 1 problem; the previous output was left as it was"]
    assert (tmp_path / "n.txt").read_text() == "hi"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.md", "n.txt"]


def test_a_device_named_by_out_is_refused_and_left_alone(deck, tmp_path, run_build):
    os.mkfifo(tmp_path / "pipe")   # like /dev/null: neither a file nor a folder
    code, _, stderr = run_build(deck, "--out", "pipe")
    assert code == 1
    assert stderr.splitlines()[0] == ("pipe: error: refusing to replace this: it is not a folder "
                                      "(choose a new or empty folder with --out)")
    assert (tmp_path / "pipe").is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.md", "pipe"]


def test_a_new_or_empty_folder_is_fine(deck, tmp_path, run_build):
    (tmp_path / "empty").mkdir()
    assert run_build(deck, "--out", "empty")[0] == 0
    assert run_build(deck, "--out", "new/deeper")[0] == 0
    for out in ("empty", "new/deeper"):
        assert (tmp_path / out / "deck" / "index.html").is_file()


def test_out_a_link_to_an_earlier_build_updates_the_target_not_the_link(deck, tmp_path, run_build):
    assert run_build(deck, "--out", "real")[0] == 0
    (tmp_path / "link").symlink_to("real")
    deck.write_text("# Again\n", encoding="utf-8")
    assert run_build(deck, "--out", "link")[0] == 0
    assert os.readlink(tmp_path / "link") == "real"
    assert "Again" in (tmp_path / "real" / "deck" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.md", "link", "real"]


# -- the swap -------------------------------------------------------------------------------------------

def test_a_kill_during_the_swap_leaves_an_output(deck, tmp_path, run_build, monkeypatch):
    """The old two-rename swap, killed after its first rename, left no output at all."""
    assert run_build(deck, "--out", "out")[0] == 0
    replace = os.replace

    def killed_at_the_second_step(source, target):
        if ".out.new-" in os.fspath(source):
            raise KeyboardInterrupt   # the kill, between the two renames
        replace(source, target)

    monkeypatch.setattr(os, "replace", killed_at_the_second_step)
    deck.write_text("# New\n", encoding="utf-8")
    try:
        run_build(deck, "--out", "out")
    except KeyboardInterrupt:
        pass
    assert "New" in (tmp_path / "out" / "deck" / "index.html").read_text(encoding="utf-8")


def test_the_exchange_trades_two_trees_in_one_step(tmp_path):
    (tmp_path / "a" / "x").mkdir(parents=True)
    (tmp_path / "a" / "x" / "one").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two").write_text("b")
    assert output._exchange(tmp_path / "a", tmp_path / "b") is True
    assert (tmp_path / "a" / "two").read_text() == "b"
    assert (tmp_path / "b" / "x" / "one").read_text() == "a"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["two"]


def test_without_the_exchange_the_two_renames_still_swap(deck, tmp_path, run_build, monkeypatch):
    monkeypatch.setattr(output, "_renameat2", lambda: None)
    assert run_build(deck, "--out", "out")[0] == 0
    deck.write_text("# New\n", encoding="utf-8")
    assert run_build(deck, "--out", "out")[0] == 0
    assert "New" in (tmp_path / "out" / "deck" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.md", "out"]


def test_a_file_system_without_the_exchange_falls_back(tmp_path, monkeypatch):
    def einval(*args):
        import ctypes
        ctypes.set_errno(errno.EINVAL)
        return -1

    monkeypatch.setattr(output, "_renameat2", lambda: einval)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert output._exchange(tmp_path / "a", tmp_path / "b") is False


def test_a_first_build_is_a_single_rename(deck, tmp_path, run_build, monkeypatch):
    calls = []
    monkeypatch.setattr(output, "_exchange", lambda *paths: calls.append(paths))
    assert run_build(deck, "--out", "out")[0] == 0
    assert calls == []
    assert (tmp_path / "out" / "deck" / "index.html").is_file()


def test_leftovers_of_killed_builds_are_removed_by_the_next(deck, tmp_path, run_build):
    dead, alive = gone_pid(), os.getppid()
    for name in (f".out.new-{dead}", f".out.old-{dead}", f".out.new-{alive}", f".other.new-{dead}"):
        (tmp_path / name / "deck").mkdir(parents=True)
    assert run_build(deck, "--out", "out")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".other.new-{dead}", f".out.new-{alive}", "deck.md", "out"]


def test_an_output_left_aside_by_a_killed_fallback_swap_is_put_back(deck, tmp_path, run_build):
    (tmp_path / "beta.md").write_text("# Beta\n", encoding="utf-8")
    assert run_build(deck, "beta.md", "--out", "out")[0] == 0
    (tmp_path / "out").rename(tmp_path / f".out.old-{gone_pid()}")   # killed between the two renames
    assert run_build(deck, "--out", "out")[0] == 0   # one deck: the others of the old output are kept
    assert (tmp_path / "out" / "beta" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beta.md", "deck.md", "out"]


def test_chromium_profiles_of_gone_processes_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(cdp.tempfile, "tempdir", str(tmp_path))
    dead, alive = gone_pid(), os.getppid()
    for name in (f"deckhand-chromium-{dead}-abc_1", f"deckhand-chromium-{alive}-abc_2", "other-1-x"):
        (tmp_path / name).mkdir()
    made = Path(cdp.new_profile())
    assert made.parent == tmp_path and made.name.startswith(f"deckhand-chromium-{os.getpid()}-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"deckhand-chromium-{alive}-abc_2", "other-1-x",
                                                                  made.name])


# -- a full or read-only disk -----------------------------------------------------------------------------

@pytest.mark.parametrize("code, said, hint", [
    (errno.ENOSPC, "No space left on device", "free some space on that disk, or choose a folder on another disk with --out"),
    (errno.EROFS, "Read-only file system", "choose a folder you can write to with --out"),
])
def test_a_disk_that_takes_no_writes_is_said_in_one_line(code, said, hint, deck, tmp_path, run_build, monkeypatch):
    assert run_build(deck, "--out", "out")[0] == 0
    before = (tmp_path / "out" / "deck" / "index.html").read_bytes()

    def refused(source, target):   # root ignores permissions: the disk's answer, simulated
        if code == errno.ENOSPC:   # as shutil.copyfile says it: both files named
            raise OSError(code, os.strerror(code), str(source), None, target)
        raise OSError(code, os.strerror(code), target)

    monkeypatch.setattr(output, "_link_or_copy", refused)
    deck.write_text("# New\n", encoding="utf-8")
    status, _, stderr = run_build(deck, "--out", "out")
    assert status == 1
    assert stderr.splitlines() == [f"out: error: cannot write the output folder: {said} ({hint})",
                                   "build failed: 1 problem; the previous output was left as it was"]
    assert (tmp_path / "out" / "deck" / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.md", "out"]


def test_a_source_that_cannot_be_read_is_not_called_a_disk_problem(deck, tmp_path, run_build, monkeypatch):
    def unreadable(source, target):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(source))

    monkeypatch.setattr(output, "_link_or_copy", unreadable)
    with pytest.raises(PermissionError):   # a bug or a vanished file: its own message, not the disk's
        run_build(deck, "--out", "out")


def test_an_output_where_no_folder_can_be_made_is_said_in_one_line(deck, tmp_path, run_build):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    for out, said in (("afile/sub/out", "Not a directory"), ("/proc/1/x/out", "No such file or directory")):
        status, _, stderr = run_build(deck, "--out", out)
        assert status == 1
        assert stderr.splitlines() == [
            f"{out}: error: cannot make the folder the output goes in: {said} "
            "(choose an output folder in a place you can write to with --out)",
            "build failed: 1 problem; the previous output was left as it was"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "deck.md"]


# -- decks: links and names ------------------------------------------------------------------------------

def test_a_deck_linked_from_outside_the_project_is_refused(tmp_path, run_build, monkeypatch):
    root = project(tmp_path / "p")
    monkeypatch.chdir(root)
    (tmp_path / "s").write_text("# TOPSECRET\n")
    (root / "slides" / "x.md").symlink_to(tmp_path / "s")
    expected = [f"slides/x.md:1: error: deck is a link to '{tmp_path / 's'}', outside the project "
                "(copy the file into slides/ instead of linking to it)",
                "build failed: 1 problem; the previous output was left as it was"]
    for named in ([], ["slides/x.md"]):
        code, _, stderr = run_build(*named, "--root", ".", "--out", "out")
        assert (code, stderr.splitlines()) == (1, expected)
        assert not (root / "out").exists()


def test_a_deck_linked_within_the_project_builds(tmp_path, run_build, monkeypatch):
    root = project(tmp_path / "p")
    monkeypatch.chdir(root)
    (root / "drafts").mkdir()
    (root / "drafts" / "talk.md").write_text("# Draft\n")
    (root / "slides" / "talk.md").symlink_to(root / "drafts" / "talk.md")
    assert run_build("--root", ".", "--out", "out")[0] == 0
    assert "Draft" in (root / "out" / "talk" / "index.html").read_text(encoding="utf-8")


BAD_NAMES = {
    "..md": "'.': that is not a folder of its own: the deck would be written over the index page, or beside the "
            "output",
    "...md": "'..': that is not a folder of its own: the deck would be written over the index page, or beside the "
             "output",
    ".md": "'.md': a name that starts with a dot is hidden, and the live server does not serve it",
    ".hidden.md": "'.hidden': a name that starts with a dot is hidden, and the live server does not serve it",
    "index.html.md": "'index.html': the build writes a file or folder of that name itself",
    "_site.md": "'_site': the build writes a file or folder of that name itself",
    "_deck.md": "'_deck': the build writes a file or folder of that name itself",
}


@pytest.mark.parametrize("name", list(BAD_NAMES))
def test_a_name_the_output_cannot_hold_is_refused(name, tmp_path, run_build, monkeypatch):
    root = project(tmp_path / "p")
    monkeypatch.chdir(root)
    (root / "slides" / name).write_text("# A\n")
    (root / "slides" / "fine.md").write_text("# Fine\n")
    code, _, stderr = run_build("--root", ".", "--out", "out")
    assert (code, stderr.splitlines()) == (1, [
        f"slides/{name}:1: error: a deck cannot be named {BAD_NAMES[name]} (rename the file, like slides/my-talk.md)",
        "build failed: 1 problem; the previous output was left as it was"])
    assert not (root / "out").exists()

"""A deck using the project's shared img/ (`../img/x.png`), from slides/ and from a subfolder of it:
it builds, its output folder holds every file it shows, and its page points at those copies."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from deckhand.pipeline import BuildOptions, build
from tests.conftest import DECKS_DIR, write_png

CLIP = b"\x00\x00\x00\x18ftypmp42" + bytes(64)   # starts like an MP4: the doctor reads no further


def make_project(root: Path, deck: str = "slides/talk.md") -> Path:
    """A project with the remark talk at `deck` and the shared files in img/."""
    path = root / deck
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (DECKS_DIR / "remark-talk.md").read_text(encoding="utf-8")
    up = "../" * (len(Path(deck).parts) - 1)
    path.write_text(text.replace("../img/", up + "img/"), encoding="utf-8")
    write_png(root / "img" / "shared-logo.png", (100, 60))
    write_png(root / "img" / "shared-figure.png", (300, 200))
    write_png(root / "img" / "shared-background.png", (320, 180), (230, 236, 245))
    (root / "img" / "shared-clip.mp4").write_bytes(CLIP)
    return path


def page_source(out: Path, name: str) -> str:
    """The slide source the built page gives remark."""
    html = (out / name / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="[^"]*source[^"]*">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_a_talk_using_the_shared_img_builds_with_warnings_only(tmp_path):
    deck = make_project(tmp_path)
    result = build([deck], BuildOptions(root=tmp_path))
    assert [str(w).split(": ", 1)[1] for w in result.warnings] == [
        "warning: malformed <img> tag: stray ',' between its attributes (browsers ignore it; separate attributes "
        "with spaces only, like <img src=\"a.png\" width=\"300\">) [W-html]",
        "warning: malformed <img> tag: no space before 'width' (browsers read it as meant; separate attributes with "
        "spaces only, like <img src=\"a.png\" width=\"300\">) [W-html]",
    ]
    out = tmp_path / "build" / "talk"
    assert sorted(p.relative_to(out).as_posix() for p in (out / "img").rglob("*")) == [
        "img/shared-background.png", "img/shared-clip.mp4", "img/shared-figure.png", "img/shared-logo.png"]
    source = page_source(tmp_path / "build", "talk")
    assert "../img/" not in source
    assert source.count('src="img/shared-clip.mp4"') == 2 and "url(img/shared-background.png)" in source
    assert '<img src="img/shared-logo.png" , width="100px">' in source   # the author's text, only the path changed


def test_a_deck_in_a_subfolder_reaches_the_shared_img_the_same_way(tmp_path):
    deck = make_project(tmp_path, "slides/2023/talk.md")
    build([deck], BuildOptions(root=tmp_path))
    out = tmp_path / "build" / "2023" / "talk"   # named by its path under slides/
    assert (out / "img" / "shared-clip.mp4").read_bytes() == CLIP
    assert "![A network](img/shared-figure.png)" in page_source(tmp_path / "build", "2023/talk")


def test_the_built_deck_folder_works_alone(tmp_path):
    """Copied away from the project (a USB stick), every file the page names is in the folder."""
    make_project(tmp_path)
    result = build(None, BuildOptions(root=tmp_path))
    stick = tmp_path / "stick" / "talk"
    shutil.copytree(tmp_path / "build" / "talk", stick)
    for ref in result.assets["talk"]:
        assert (stick / ref.dest).is_file(), ref
        assert ref.url == ref.dest   # what the page names: the copy

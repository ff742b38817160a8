"""The live server's render checks in Chromium: after the first build every slide is laid out, after
a save only the slides it changed; their findings join the overlay at the lines they are now on."""

from __future__ import annotations

import shutil

import pytest

from deckhand.live import ALL, LiveSite
from deckhand.pipeline import BuildOptions
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

DECK = """---
title: Live render checks
---
# One

fine

---

# Two

<span style="color: #c8c8c8">too faint to read</span>
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "slides").mkdir()
    (root / "slides" / "live.md").write_text(DECK, encoding="utf-8")
    monkeypatch.chdir(root)   # messages show paths relative to the working directory
    live = LiveSite(None, BuildOptions(out_dir=tmp_path / "out", root=root, render_checks=True))
    yield live
    live.close()


def save(site: LiveSite, text: str) -> dict:
    path = site.root / "slides" / "live.md"
    path.write_text(text, encoding="utf-8")
    site.rebuild([path])
    site.finish()
    return site.check_rendered()


def overlay(messages: dict) -> list[str]:
    return [line.split(" (")[0] for line in messages[ALL][0]["problems"]]


def test_the_render_findings_join_the_overlay_and_follow_the_saves(site):
    assert site.start() == []
    first = site.check_rendered()
    assert site.render.checked == 2
    assert overlay(first) == ["slides/live.md:12: warning: slide 2: 'too faint to read' is #c8c8c8 on #ffffff: "
                              "contrast 1.67:1, WCAG AA asks 4.5:1"]
    # a save of slide 1 lays out slide 1 alone; slide 2's finding stays, at its new line
    moved = save(site, DECK.replace("fine", "still fine\n\nand a line more"))
    assert site.render.checked == 1
    assert overlay(moved) == ["slides/live.md:14: warning: slide 2: 'too faint to read' is #c8c8c8 on #ffffff: "
                              "contrast 1.67:1, WCAG AA asks 4.5:1"]
    fixed = save(site, DECK.replace("#c8c8c8", "#333333"))
    assert site.render.checked == 1   # slide 1 is as it was two saves ago: its findings are known
    assert fixed == {ALL: [{"type": "ok"}]} and site.warnings == []


def test_without_render_checks_no_browser_is_started(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "slides").mkdir()
    (root / "slides" / "live.md").write_text(DECK, encoding="utf-8")
    live = LiveSite(None, BuildOptions(out_dir=tmp_path / "out", root=root))
    live.start()
    assert live.render is None and live.check_rendered() == {}

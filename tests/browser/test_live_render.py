"""The live server's render checks in Chromium: after the first build every slide is laid out, after
a save only the slides it changed; their findings join the overlay at the lines they are now on."""

from __future__ import annotations

import functools
import shutil

import pytest

from deckhand.layout import check_rendered
from deckhand.live import ALL, LiveSite
from deckhand.livecheck import LiveRenderChecks
from deckhand.pipeline import BuildOptions, load_decks, render_site, resolve_assets, write_site
from deckhand.project import Project
from tests.conftest import DECKS_DIR, ROOT, write_png

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


def built_into(options: BuildOptions, path, text: str) -> list:
    """Write the deck at `path` and build it into the site, as the live server does after a save; its decks."""
    path.write_text(text, encoding="utf-8")
    decks, _ = load_decks([path], options.root)
    assets, _ = resolve_assets(decks, options)
    write_site(render_site(decks, assets, options.project), options.out_dir)
    return decks


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


def test_a_save_checked_in_the_kept_page_finds_what_the_deck_loaded_anew_finds(tmp_path, printer):
    """Each slide of a deck made of layouts, templates and steps, saved in turn with a new defect
    (faint text for axe, text pushed off the slide for the layout pass): the page kept loaded, given
    the new source with the other slides hollowed out, finds exactly what a check of the whole deck
    loaded anew finds."""
    root = tmp_path / "project"
    (root / "slides").mkdir(parents=True)
    path = root / "slides" / "live.md"
    original = (DECKS_DIR / "render" / "live.md").read_text(encoding="utf-8")
    options = BuildOptions(root=root, out_dir=tmp_path / "out")
    built = functools.partial(built_into, options, path)
    project = Project(root)

    checks = LiveRenderChecks(project)
    checks.browser = printer   # the tests' Chromium: close_pages() at the end, never close()
    try:
        decks = built(original)
        assert checks.check(options.out_dir, decks, everything=True)[decks[0].name] == []
        assert checks.checked == len(decks[0].shown_slides) == 8
        lines = original.split("\n")
        deck = decks[0]
        saved = 0
        for slide in deck.slides:
            if slide.excluded:
                continue
            last_property = max([p.line for p in slide.properties.values()], default=slide.line - 1)
            after = next(n for n in range(last_property + 1, slide.end_line + 1) if lines[n - 1].strip())
            defect = (f'<span style="color: #c8c8c8">faint mark {slide.index}</span>' if slide.index % 2 else
                      "<br>" * 30 + f" pushed off {slide.index}")
            edited = built("\n".join([*lines[:after], "", defect, *lines[after:]]))
            kept = [str(p) for p in checks.check(options.out_dir, edited)[deck.name]]
            assert checks.reloaded == 1, f"slide {slide.index} was not checked in the kept page"
            fresh = [str(p) for p in check_rendered(options.out_dir, edited, printer)]
            assert kept == fresh and any(f" mark {slide.index}'" in f or f" off {slide.index}'" in f for f in fresh), \
                f"saved slide {slide.index}"
            saved += 1
        assert saved == 9   # the layout and every slide but the excluded one
    finally:
        checks.close_pages()


def test_a_slide_with_content_beside_its_number_is_checked_again_when_its_number_changes(tmp_path, printer):
    """A slide added at the top renumbers every slide: the slides are laid out again only where
    content sits beside the number (a wider number could cover it), the others keep their findings."""
    root = tmp_path / "project"
    shutil.copytree(DECKS_DIR / "render", root / "slides")
    write_png(root / "slides" / "img" / "small.png", (120, 80))
    (root / "slides" / "img" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"/>')
    path = root / "slides" / "trigger.md"
    original = path.read_text(encoding="utf-8")
    options = BuildOptions(root=root, out_dir=tmp_path / "out")
    built = functools.partial(built_into, options, path)
    project = Project(root)

    checks = LiveRenderChecks(project)
    checks.browser = printer
    try:
        decks = built(original)
        before = [p.message for p in checks.check(options.out_dir, decks, everything=True)["trigger"]]
        assert "slide 6: 'a caption pushed into the corner' under the slide number" in before
        end = original.index("\n---\n", 4) + 5   # after the front matter
        decks = built(original[:end] + "# A slide added first\n\n---\n" + original[end:])
        after = [p.message for p in checks.check(options.out_dir, decks, everything=False)["trigger"]]
        assert checks.checked == 2   # the new slide, and the one with the caption beside its number
        assert "slide 7: 'a caption pushed into the corner' under the slide number" in after
        assert len(after) == len(before) and all(m.split(": ", 1)[1] in after[i].split(": ", 1)[1]
                                                 for i, m in enumerate(before))
    finally:
        checks.close_pages()

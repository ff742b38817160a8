"""The render checks in Chromium: each fires on the deck made to trigger it, at the slide's (the
element's) line, and stays quiet on the look-alikes made not to (tests/talk: the talk passes them all)."""

from __future__ import annotations

import shutil

import pytest

from deckhand.pipeline import BuildOptions, check, load_decks, render_check, resolve_assets
from tests.conftest import DECKS_DIR, write_png

pytestmark = pytest.mark.browser

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><rect width="60" height="40" fill="teal"/></svg>'


def project(tmp_path):
    shutil.copytree(DECKS_DIR / "render", tmp_path / "slides")
    write_png(tmp_path / "slides" / "img" / "small.png", (120, 80))
    (tmp_path / "slides" / "img" / "chart.svg").write_text(SVG)
    return tmp_path


def render_findings(root, deck: str, printer) -> list[str]:
    options = BuildOptions(root=root)
    decks, _ = load_decks([root / "slides" / deck], root)
    assets, _ = resolve_assets(decks, options)
    return [f"{p.line}: {p.code}: {p.message}" for p in render_check(decks, assets, options, printer)]


def test_each_render_check_fires_where_the_audience_would_see_it(tmp_path, printer):
    assert render_findings(project(tmp_path), "trigger.md", printer) == [
        "8: W-overflow: slide 1: 'kernel properties are hidden below' 171 px below the slide",
        "17: W-code-width: slide 2: 'result = some_function_with_a_long_name(first_argument, seco' is 452 px "
        "wider than its box (the rest is cut or scrolls)",
        "28: W-blurry: slide 3: 'img/small.png' is 120 px wide, shown 1269 px wide on a 1920 px screen (10.6x)",
        "34: W-contrast: slide 4: 'in a grey the back row cannot read' is #b8b8b8 on #ffffff: contrast 1.98:1, "
        "WCAG AA asks 4.5:1 (text at 22px)",
        "42: W-alt: slide 5: 'img/small.png' has no alt text",   # ![](img/chart.svg) on line 40: a static check's
        "48: W-overflow: slide 6: 'a caption pushed into the corner' under the slide number",
        "55: W-code-width: slide 7: 'output of a fixed width' runs 26 px past its column",
        "71: W-overflow: slide 9: 'the second step pushes this off' 152 px below the slide",   # slide 8 is its first step
    ]


def test_look_alikes_are_not_reported(tmp_path, printer):
    assert render_findings(project(tmp_path), "clean.md", printer) == []


def test_a_deck_silences_a_render_check_like_any_other(tmp_path, printer):
    root = project(tmp_path)
    deck = root / "slides" / "trigger.md"
    deck.write_text(deck.read_text().replace("title: Render checks that fire", "title: x\nignore: W-blurry"))
    assert [line.split(": ")[1] for line in render_findings(root, "trigger.md", printer)] == [
        "W-overflow", "W-code-width", "W-contrast", "W-alt", "W-overflow", "W-code-width", "W-overflow"]


def test_without_a_browser_the_render_checks_say_they_were_skipped(tmp_path, monkeypatch):
    from deckhand import layout
    from deckhand.errors import BrowserError

    def no_browser():
        raise BrowserError("no Chromium found", "install Chromium, or set DECK_CHROMIUM")
    monkeypatch.setattr(layout, "start_chromium", no_browser)
    root = project(tmp_path)
    found = check([root / "slides" / "trigger.md"], BuildOptions(root=root, render_checks=True))
    assert [str(p) for p in found if p.severity == "note"] == [
        "note: render checks skipped: no Chromium found (install Chromium, or set DECK_CHROMIUM)"]


def test_a_pdf_build_reports_them_with_the_other_warnings(tmp_path, printer):
    from deckhand.errors import DeckError
    from deckhand.export import ExportOptions
    from deckhand.pipeline import build

    root = project(tmp_path)
    deck = root / "slides" / "trigger.md"
    result = build([deck], BuildOptions(root=root, export=ExportOptions(pdf=True, browser=printer)))
    codes = ["W-overflow", "W-code-width", "W-blurry", "W-contrast", "W-alt", "W-alt",   # one W-alt static, one axe's
             "W-overflow", "W-code-width", "W-overflow"]
    assert sorted(w.code for w in result.warnings) == sorted(codes)
    assert (root / "build" / "trigger.pdf").is_file()
    with pytest.raises(DeckError) as caught:   # under --strict they fail it, and nothing is written
        build([deck], BuildOptions(root=root, out_dir=tmp_path / "strict", strict=True,
                                   export=ExportOptions(pdf=True, browser=printer)))
    assert sorted(p.code for p in caught.value.problems) == sorted(codes)
    assert not (tmp_path / "strict").exists()

"""Mutated decks and front matter through load -> check -> render -> write, in-process: whatever the
input, the tool either builds it or says what is wrong (a DeckhandError); any other exception is a
bug. Derandomized: the same examples every run, so a failure here fails for everyone.

Node is kept off PATH: the math check then says once that formulas were not checked (a W-math
warning) and the page would typeset them itself, so the examples cost no Node process each."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckhand.errors import DeckhandError
from deckhand.frontmatter import KEYS
from deckhand.pipeline import (BuildOptions, diagnose, load_decks, render_index_page, render_site, resolve_assets,
                               write_output)
from tests.conftest import DECKS_DIR, write_png, write_wav

SEEDS = sorted(p.name for p in DECKS_DIR.glob("*.md"))
# What remark, Markdown, HTML, the front matter and the checks each read specially.
PIECES = [
    "---\n", "--\n", "???\n", "\n", "\n\n", "    ", "\t", "\r", "\r\n", "\ufeff", "\u2028", "\0", "é", "😀",
    ".a[", ".left[", ".red.bold[", "\\.a[", "[", "]", "`", "```\n", "```python\n", "~~~\n", "    x = (\n",
    "![x](", "![x][r]", "[r]: img/a.png\n", "[x](#", "#p3", ")", "(", "img/a.png", "img/s.wav", "img/", "../", "d" * 100 + "/",
    "%00", "%2e%2e/", "//example.org/a.png", "http://x/a.png", "data:image/png;base64,AA", "img/a.PNG",
    '<img src="', '<img src="img/a.png" width="100px">', '<audio src="img/s.wav">', "<video>", "<source src='",
    '<div style="background: url(img/a.png)">', "<style>.x{color:red}</style>", "<style>", "</style>",
    "<script>", "</script>", "<div>", "</div>", "<br/>", "<a href=\"#", '">', "<", ">", '"', "'", "&amp;", "&",
    "<!--", "-->", "<!-- name: x -->", "$", "$$", "\\$", "\\(", "\\)", "\\[", "\\]", "$x^2$", "$$\\frac{1}{$$",
    "name: a\n", "template: a\n", "layout: true\n", "layout: a\n", "class: middle, center\n", "count: false\n",
    "exclude: true\n", "background-image: url(img/a.png)\n", "ignore: W-class\n", "ignore: X-nothing\n",
    "clas: x\n", "{{ content }}", "{{x}}", "# ", "## ", "*", "**", "_", "\\", "{% raw %}", "{{", "}}",
]
FRONT_MATTER_VALUES = ["", "4:3", "16:9", "0:1", "1e308:1", "9" * 40 + ":1", "true", "no", "zenburn", "nope",
                       "scroll, touch", "none", "W-class, E-link", "X-1", "*em* [link](#a) <b>", "[" * 50, '"',
                       "'x'", "é", "\0", "%current%"]


def front_matter():
    """A front matter block: known keys, unknown ones and lines that are not `key: value`, with
    values fitting or not; sometimes left unclosed."""
    key = st.one_of(st.sampled_from(sorted(KEYS)), st.sampled_from(["titel", "Title", "x-y", "9"]))
    value = st.one_of(st.sampled_from(FRONT_MATTER_VALUES), st.text(max_size=20),
                      st.builds(lambda n, d: f"{n}:{d}", st.integers(0, 10 ** 400), st.integers(0, 10 ** 400)))
    line = st.one_of(st.builds(lambda k, v: f"{k}: {v}", key, value), st.sampled_from(["just text", " ", ":"]))
    return st.builds(lambda lines, closed: "---\n" + "".join(f"{ln}\n" for ln in lines) + ("---\n" if closed else ""),
                     st.lists(line, max_size=6), st.booleans())


@st.composite
def decks(draw) -> str:
    """A test deck's text (or nothing), with pieces inserted, ranges cut and doubled, and maybe a
    front matter block put before it."""
    seed = draw(st.sampled_from(SEEDS + [""]))
    text = (DECKS_DIR / seed).read_text(encoding="utf-8") if seed else ""
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "insert", "repeat", "text", "cut", "double"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif action == "repeat":   # deep nesting, long names, many of a kind
            text = text[:at] + draw(st.sampled_from(PIECES)) * draw(st.integers(2, 1500)) + text[at:]
        elif action == "text":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        else:
            end = draw(st.integers(at, min(len(text), at + 200)))
            text = text[:at] + (text[at:end] * 2 if action == "double" else "") + text[end:]
    if draw(st.booleans()):
        text = draw(front_matter()) + text
    return text


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project with an image and a sound, and no Node on PATH."""
    (tmp_path / "slides").mkdir()
    write_png(tmp_path / "img" / "a.png")
    write_wav(tmp_path / "img" / "s.wav")
    monkeypatch.setenv("PATH", "")
    return tmp_path


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=decks())
def test_no_deck_gets_a_traceback(text, project):
    path = project / "slides" / "d.md"
    path.write_text(text, encoding="utf-8")
    options = BuildOptions(root=project, out_dir=project / "out")
    try:
        decks, problems = load_decks([path], project)
        assets, asset_problems = resolve_assets(decks, options)
        diagnose(decks, assets, problems + asset_problems, options)
        # rendered and written whatever the doctor said: a build with an error would stop before,
        # but the live server shows such a deck all the same
        files = render_site(decks, assets, options.project)
        render_index_page(decks, options.project)
        write_output(files, decks, assets, {}, options)
    except DeckhandError:
        pass


def test_the_fuzzer_reaches_every_stage(project):
    """The seeds are real decks: unchanged, each goes all the way (else the test above proves little)."""
    for seed in SEEDS:
        path = project / "slides" / "d.md"
        path.write_text((DECKS_DIR / seed).read_text(encoding="utf-8"), encoding="utf-8")
        options = BuildOptions(root=project, out_dir=project / "out")
        decks, problems = load_decks([path], project)
        assets, _ = resolve_assets(decks, options)
        write_output(render_site(decks, assets, options.project), decks, assets, {}, options)
        assert (project / "out" / "d" / "index.html").is_file(), seed

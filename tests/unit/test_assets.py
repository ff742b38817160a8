"""The asset finder: every kind of reference, resolved against the deck folder, then the root."""

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from deckhand.assets import (_ANY_TAG_STYLE, _IMAGE_OPENER, _MD_IMAGE, _MD_IMAGE_REF, _TAG_OPENER, _finditer,
                             find_refs, resolve_refs)
from deckhand.parse import load_deck
from tests.conftest import write_png, write_wav


def refs(tmp_path, text):
    path = tmp_path / "deck.md"
    path.write_text(text, encoding="utf-8")
    return [(r.ref, r.line, r.kind) for r in find_refs(load_deck(path))]


@pytest.mark.parametrize("text, expected", [
    ("![alt](img/a.png)", [("img/a.png", 1, "image")]),
    ('![alt](img/a.png "title")', [("img/a.png", 1, "image")]),
    ("x\n![a][logo]\n\n[logo]: img/logo.png", [("img/logo.png", 4, "image")]),
    ('<img src="img/a.png" width="200">', [("img/a.png", 1, "image")]),
    ("<img src='img/a b.png'>", [("img/a b.png", 1, "image")]),
    ('<audio controls><source src="s.wav"></audio>', [("s.wav", 1, "audio")]),
    ('<video src="v.mp4" poster="p.jpg"></video>', [("v.mp4", 1, "video"), ("p.jpg", 1, "image")]),
    ('<iframe width="400" height="300" src="img/clip.mp4"></iframe>', [("img/clip.mp4", 1, "video")]),
    ('<iframe src="demo/page.html"></iframe>', [("demo/page.html", 1, "media")]),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe> <iframe src="about:blank"></iframe>', []),
    ('<embed src="//example.org/a.swf"> <object data="http://example.org/d.pdf"></object>', []),
    ('<embed src="img/a.mp3"> <object data="img/d.pdf" type="application/pdf"></object>',
     [("img/a.mp3", 1, "audio"), ("img/d.pdf", 1, "media")]),
    ('<video controls>\n<source src="v.webm" type="video/webm">\n</video>', [("v.webm", 2, "video")]),
    ('<img data-src="lazy.png" src="img/a.png"> <div data="x.png"></div>', [("img/a.png", 1, "image")]),
    ("class: middle\nbackground-image: url(img/bg.png)\n# T", [("img/bg.png", 2, "background")]),
    ("background-image: url('img/bg.png')\n", [("img/bg.png", 1, "background")]),
    ('<div style="background-image: url(&quot;img/s.png&quot;)"></div>', [("img/s.png", 1, "background")]),
    ("<!-- <img src=\"img/old.jpeg\"> -->", []),
    ("`<img src=\"img/code.png\">`", []),
    ("```html\n<img src=\"img/code.png\">\n```", []),
    ("[a link](img/not-an-asset.png)", []),
])
def test_find_refs(tmp_path, text, expected):
    assert refs(tmp_path, text) == expected


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working directory


def resolve(tmp_path, text, allow_remote=False):
    deck_dir = tmp_path / "slides"
    deck_dir.mkdir(exist_ok=True)
    path = deck_dir / "deck.md"
    path.write_text(text, encoding="utf-8")
    found, problems = resolve_refs(load_deck(path), tmp_path, allow_remote)
    return [(r.dest, r.src_path.relative_to(tmp_path).as_posix() if r.src_path else None) for r in found], \
        [f"{p.line}: {p.message} ({p.hint})" for p in problems]


def test_deck_folder_first_then_project_root(tmp_path):
    write_png(tmp_path / "slides" / "img" / "local.png")
    write_png(tmp_path / "img" / "shared.png")
    write_wav(tmp_path / "img" / "s.wav")
    found, problems = resolve(tmp_path, "![](img/local.png)\n![](./img/shared.png)\n<audio src='img/s.wav'>")
    assert problems == []
    assert found == [("img/local.png", "slides/img/local.png"), ("img/shared.png", "img/shared.png"),
                     ("img/s.wav", "img/s.wav")]


def test_every_problem_is_listed(tmp_path):
    write_png(tmp_path / "img" / "chart.png")
    _, problems = resolve(tmp_path, "![](img/charts.png)\n![](https://example.org/x.png)\n"
                                    "![](../../secret.png)\n![](/etc/passwd)\n![](img/nothing-like-it.png)\n"
                                    "![](../img/charts.png)")
    assert problems == [
        "1: image 'img/charts.png' not found (did you mean img/chart.png?)",
        "2: remote image 'https://example.org/x.png' will not show offline (save the file under img/ and reference "
        "it by a relative path, or build with --allow-remote)",
        "3: image '../../secret.png' points outside the project (copy the file into the project, like "
        "img/figure.png, and reference it from there)",
        "4: image '/etc/passwd' is an absolute path (write it relative to the deck or the project root, like "
        "img/figure.png: the built deck is a folder that can be copied anywhere)",
        "5: image 'img/nothing-like-it.png' not found (looked in slides/img/ and img/; add the file there or fix the path)",
        "6: image '../img/charts.png' not found (did you mean img/chart.png?)",
    ]


def urls(tmp_path, text, deck="slides/deck.md"):
    path = tmp_path / deck
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    found, problems = resolve_refs(load_deck(path), tmp_path)
    assert problems == []
    return [(r.ref, r.dest, r.url, r.src_path.relative_to(tmp_path).as_posix()) for r in found]


def test_a_file_out_of_the_decks_folder_gets_its_project_path_in_the_output(tmp_path):
    write_png(tmp_path / "img" / "x.png")
    write_png(tmp_path / "slides" / "shared" / "y b.png")
    assert urls(tmp_path, "![](../img/x.png)\n![](img/x.png)\n<img src='../slides/shared/y%20b.png#top'>\n"
                          "<div style=\"background: url('../img/x.png')\"></div>") == [
        ("../img/x.png", "img/x.png", "img/x.png", "img/x.png"),
        ("img/x.png", "img/x.png", "", "img/x.png"),               # the same file: one place
        ("../slides/shared/y%20b.png#top", "slides/shared/y b.png", "slides/shared/y%20b.png#top",
         "slides/shared/y b.png"),
        ("../img/x.png", "img/x.png", "img/x.png", "img/x.png"),
    ]


def test_the_page_names_the_copies_in_prose_and_html_alike(tmp_path):
    from deckhand.source import remark_source

    write_png(tmp_path / "img" / "x.png")
    path = tmp_path / "slides" / "deck.md"
    path.parent.mkdir()
    path.write_text("background-image: url(../img/x.png)\n# A $x_1$\n\n![a](../img/x.png \"t\")\n"
                    "<div style=\"background: url(&quot;../img/x.png&quot;)\"></div>\n\n`../img/x.png` in code\n",
                    encoding="utf-8")
    deck = load_deck(path)
    refs, _ = resolve_refs(deck, tmp_path)
    text = remark_source(deck, refs)
    assert text.split("\n")[0] == "background-image: url(img/x.png)"
    assert text.split("\n")[3:7] == ['![a](img/x.png "t")', '<div style="background: url(&quot;img/x.png&quot;)"></div>',
                                      "", "`../img/x.png` in code"]


def test_a_deck_in_a_subfolder_reaches_the_shared_img_the_same_way(tmp_path):
    write_png(tmp_path / "img" / "x.png")
    write_png(tmp_path / "slides" / "img" / "y.png")
    assert urls(tmp_path, "background-image: url(../img/y.png)\n![](../../img/x.png)", "slides/2023/talk.md") == [
        ("../img/y.png", "slides/img/y.png", "slides/img/y.png", "slides/img/y.png"),
        ("../../img/x.png", "img/x.png", "img/x.png", "img/x.png"),
    ]


def test_two_files_never_share_a_place(tmp_path):
    write_png(tmp_path / "img" / "x.png")
    write_png(tmp_path / "slides" / "img" / "x.png", (8, 8))   # another file: the deck's own img/x.png
    (tmp_path / "index.html").write_text("<p>what the deck's page is called</p>")
    assert urls(tmp_path, "![](../img/x.png)\n![](img/x.png)\n![](./../img/x.png)\n<iframe src='../index.html'>") == [
        ("../img/x.png", "_project/img/x.png", "_project/img/x.png", "img/x.png"),
        ("img/x.png", "img/x.png", "", "slides/img/x.png"),
        ("./../img/x.png", "_project/img/x.png", "_project/img/x.png", "img/x.png"),
        ("../index.html", "_project/index.html", "_project/index.html", "index.html"),
    ]


def test_remote_allowed_on_request(tmp_path):
    found, problems = resolve(tmp_path, "![](https://example.org/x.png)", allow_remote=True)
    assert problems == []
    assert found == [("", None)]


def test_link_out_of_the_project_is_refused(tmp_path):
    outside = write_png(tmp_path.parent / f"{tmp_path.name}-outside.png")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "link.png").symlink_to(outside)
    _, problems = resolve(tmp_path, "![](img/link.png)")
    assert problems == [f"1: image 'img/link.png' is a link to '{outside}', outside the project "
                        "(copy the file into img/ instead of linking to it)"]


def test_data_uris_and_anchors_are_not_files(tmp_path):
    found, problems = resolve(tmp_path, "![](data:image/png;base64,AAAA)\n<img src=\"#x\">")
    assert found == [] and problems == []


# The linear search finds exactly what finditer finds, on text made of the characters that matter.
_PIECES = st.sampled_from(["![", "]", "(", ")", "[", "<", ">", "<a", "<div ", " style=", '"', "'", "x", " ", "\n",
                           "img/a.png", "<img src=", "url(a.png)"])


@settings(max_examples=300, derandomize=True, database=None)
@given(text=st.lists(_PIECES, max_size=30).map("".join), start=st.integers(0, 5), cut=st.integers(0, 5))
def test_linear_finditer_finds_what_finditer_finds(text, start, cut):
    end = max(start, len(text) - cut)
    for pattern, opener, stop in [(_MD_IMAGE, _IMAGE_OPENER, "]"), (_MD_IMAGE_REF, _IMAGE_OPENER, "]"),
                                  (_ANY_TAG_STYLE, _TAG_OPENER, ">")]:
        expected = [m.span() for m in pattern.finditer(text, start, end)]
        assert [m.span() for m in _finditer(pattern, opener, stop, text, start, end)] == expected, pattern.pattern


def test_a_shared_file_written_with_character_references_is_named(tmp_path):
    """`&#46;&#46;/img/x.png` is ../img/x.png to the browser, but not text the build can point at its copy."""
    write_png(tmp_path / "img" / "x.png")
    found, problems = resolve(tmp_path, "<img src='&#46;&#46;/img/x.png'>")
    assert problems == ["1: image '../img/x.png' is outside the deck's folder, written in a way the build cannot "
                        "point at its copy (write the path plainly, like ../img/figure.png)"]

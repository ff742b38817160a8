"""`deckhand import` end to end: a folder of remark talks like issue 13's (shared ../img, own CSS,
MathJax 2.7 with Macros, clips, sourceUrl, inline textarea and text/template pages, the author's
typos) becomes a project whose decks all build, with remark's slide counts and every formula typeset.

These need the features of the other parts of issue 13 (the `css:`, `math:` and `macros:` keys,
decks in subfolders, clips as assets); on a branch without them the build reports those keys."""

from __future__ import annotations


import pytest

from deckhand import cli
from deckhand.parse import load_deck
from tests.remark_talks import write_collection

TALKS, SLIDES = 6, 14


@pytest.fixture
def imported(tmp_path, capsys, monkeypatch):
    """The collection imported into an empty project: (exit code, stdout, stderr, project, pages)."""
    pages = write_collection(tmp_path / "talks", TALKS, SLIDES)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    code = cli.main(["import", str(tmp_path / "talks")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, project, pages


def test_every_talk_becomes_a_deck_that_builds(imported):
    code, out, err, project, pages = imported
    assert err == "" and code == 0, out + err
    decks = sorted(p.relative_to(project).as_posix() for p in (project / "slides").rglob("*.md"))
    assert decks == [f"slides/{2019 + n // 3}/talk-{n}.md" for n in range(TALKS)]
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(f"import: {TALKS} talks found, {TALKS} decks written (")
    assert f"{TALKS} decks built into build" in summary and summary.endswith("0 problems, " + summary.split(", ")[-1])
    for deck in decks:
        name = deck.removeprefix("slides/").removesuffix(".md")
        assert (project / "build" / name / "index.html").is_file(), name


def test_slide_counts_are_remarks_and_every_formula_typesets(imported):
    code, out, _, project, _ = imported
    for n in range(TALKS):
        deck = load_deck(project / "slides" / str(2019 + n // 3) / f"talk-{n}.md")
        # a step (`--`) every sixth slide, from the second; the template page's Markdown starts
        # with '---': remark shows an empty first slide (tests/browser/test_import.py asks remark)
        steps = len(range(2, SLIDES, 6))
        assert deck.slide_count == SLIDES + steps + (n % 3 == 2), deck.src_path
        assert f"-> slides/{2019 + n // 3}/talk-{n}.md: {deck.slide_count} slides (remark counts {deck.slide_count})" in out
        page = (project / "build" / str(2019 + n // 3) / f"talk-{n}" / "index.html").read_text(encoding="utf-8")
        assert len(deck.shown_math) > 5 and "katex-error" not in page
    assert "[E-math]" not in out and "[W-math]" not in out


def test_the_files_the_talks_use_are_copied_into_img(imported):
    _, _, _, project, _ = imported
    copied = sorted(p.relative_to(project / "img").as_posix() for p in (project / "img").rglob("*") if p.is_file())
    assert copied == sorted(
        [f"{year}/img/{name}" for year in (2019, 2020) for name in ("bg.png", "clip.mp4", "loss.png", "neuron.svg")]
        + [f"{year}/talks.css" for year in (2019, 2020)]
        + [f"{2019 + n // 3}/talk-{n}/img/demo.mp4" for n in range(TALKS)]
        + [f"{2019 + n // 3}/talk-{n}/style.css" for n in range(0, TALKS, 3)])
    built = project / "build" / "2019" / "talk-0"
    assert any(p.name == "clip.mp4" for p in built.rglob("*")), "the <iframe>'s clip is in the built deck"


def test_a_second_import_keeps_the_decks_unless_forced(imported, capsys, tmp_path):
    _, _, _, project, _ = imported
    deck = project / "slides" / "2019" / "talk-0.md"
    deck.write_text(deck.read_text(encoding="utf-8") + "\n---\n# Added by hand\n", encoding="utf-8")
    assert cli.main(["import", str(tmp_path / "talks")]) == 1
    err = capsys.readouterr().err
    assert f"slides/2019/talk-0.md: error: deck exists already (from {tmp_path / 'talks/2019/talk-0/index.html'}) " \
           "(import with --force to replace it, or delete it first)" in err
    assert deck.read_text(encoding="utf-8").endswith("# Added by hand\n")
    assert cli.main(["import", str(tmp_path / "talks"), "--force"]) == 0
    assert not deck.read_text(encoding="utf-8").endswith("# Added by hand\n")


def test_pages_that_cannot_be_imported_are_all_listed_then_one_failure(tmp_path, capsys, monkeypatch):
    talks = tmp_path / "talks"
    write_collection(talks, 1, 4)
    (talks / "broken").mkdir()
    (talks / "broken" / "index.html").write_text("<html>\n<script>\nremark.create({sourceUrl: 'gone.md'});\n</script>")
    (talks / "latin1.html").write_bytes(b"<title>caf\xe9</title><script>remark.create()</script>")
    (talks / "node_modules" / "remark-slide").mkdir(parents=True)
    (talks / "node_modules" / "remark-slide" / "index.html").write_text("<script>remark.create()</script>")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["import", "talks", "--root", "project"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        "talks/broken/index.html:3: error: sourceUrl 'gone.md' not found: no file talks/broken/gone.md "
        "(fix sourceUrl in remark.create, or put the Markdown file there)",
        "talks/latin1.html:1: error: file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)",
    ]
    assert out.splitlines()[-1].startswith("import: 3 talks found, 1 deck written (4 slides), 1 deck built into "
                                           "project/build, in ")
    assert out.splitlines()[-1].endswith(" ms: 2 problems, " + out.splitlines()[-1].split(", ")[-1])
    assert (tmp_path / "project" / "slides" / "2019" / "talk-0.md").is_file()


def test_a_page_without_remark_is_said_so(tmp_path, capsys):
    page = tmp_path / "index.html"
    page.write_text("<html><body>Hello</body></html>")
    assert cli.main(["import", str(page), "--root", str(tmp_path / "p")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{page}: error: the page does not call remark.create (import the HTML page that shows the slides "
        "(the one with <script>var slideshow = remark.create(...)</script>))"]


def test_media_keep_outside_the_project_is_refused_in_one_line(tmp_path, capsys):
    write_collection(tmp_path / "talks", 1, 3)
    assert cli.main(["import", str(tmp_path / "talks"), "--media", "keep", "--root", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("import: error: --media keep: ") and "is not inside the project" in err
    assert not (tmp_path / "p").exists()


def test_media_keep_inside_the_project_points_at_the_talks(tmp_path, capsys, monkeypatch):
    write_collection(tmp_path / "talks", 1, 3)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["import", "talks", "--media", "keep"])
    out, err = capsys.readouterr()
    assert not (tmp_path / "img").exists()
    text = (tmp_path / "slides" / "2019" / "talk-0.md").read_text(encoding="utf-8")
    assert "![loss](../../talks/2019/img/loss.png)" in text
    assert "css: ../../talks/2019/talks.css, ../../talks/2019/talk-0/style.css\n" in text
    assert code == 0, out + err


def test_a_collection_without_mathjax_or_typos_builds_on_any_tree(tmp_path, capsys, monkeypatch):
    """What needs no other part of issue 13: plain talks (no MathJax, no stylesheets of their own,
    no typos) import and build, with remark's counts."""
    write_collection(tmp_path / "talks", 3, 8, plain=True)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["import", "talks", "--root", "project"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "talks/2019/talk-2/index.html -> project/slides/2019/talk-2.md: 10 slides (remark counts 10), " \
           "3 files copied\n" in out
    assert out.splitlines()[-1].startswith("import: 3 talks found, 3 decks written (28 slides), 3 decks built into "
                                           "project/build, in ")
    text = (tmp_path / "project" / "slides" / "2019" / "talk-1.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Talk 1: learning, 2019\nauthor: Ada Lovelace\n")
    assert "      ![loss](img/2019/img/loss.png)\n" in text   # the textarea's indentation kept: remark removes it


def test_no_remark_page_is_said_so(tmp_path, capsys):
    (tmp_path / "notes.html").write_text("<p>hello</p>")
    assert cli.main(["import", str(tmp_path), "--root", str(tmp_path / "p")]) == 1
    assert capsys.readouterr().err == (f"import: error: no remark page in {tmp_path} (give the index.html of a talk, "
                                       "an HTML page that calls remark.create, or a folder that holds some)\n")

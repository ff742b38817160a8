"""Pure parts of the exports: which slides a handout prints, PDF information, the exports' names and
the index's links to them, asset markers."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdf
import pytest

from deckhand import pdfmeta
from deckhand.assets import resolve_refs
from deckhand.parse import load_deck
from deckhand.export import HANDOUT, NOTES, PDF, SINGLE_FILE, export_names, index_extras
from deckhand.pdf import PdfJob, _is_clip, _remote_warning, printed_slides
from deckhand.render import description_html, description_text
from deckhand.singlefile import _with_markers
from tests.conftest import DECKS_DIR, write_png
from tests.pdfread import Bookmark, info, outline, page_count, read


def numbers(deck_name: str, handout: bool) -> list[int]:
    deck = load_deck(DECKS_DIR / deck_name)
    return [s.number for s, keep in zip(deck.shown_slides, printed_slides(deck, handout)) if keep]


@pytest.mark.parametrize("deck, handout, expected", [
    ("syntax.md", False, list(range(1, 12))),
    # `--` steps 2-4 are one slide; `count: false` (8) is the last step of the slide before it (7)
    ("syntax.md", True, [1, 4, 5, 6, 8, 9, 10, 11]),
    ("widescreen.md", True, [1, 3]),   # countIncrementalSlides numbers the step, but it is still a step
    ("crlf.md", True, [1, 2]),
    # steps 4-6 and their `count: false` copy (7) are one page: the copy
    ("outline.md", False, list(range(1, 11))),
    ("outline.md", True, [1, 2, 3, 7, 8, 9, 10]),
])
def test_handout_keeps_the_last_step_of_each_slide(deck, handout, expected):
    assert numbers(deck, handout) == expected


def test_handout_has_one_page_per_counter_number():
    assert len(numbers("outline.md", True)) == 7 == load_deck(DECKS_DIR / "outline.md").counted_count
    assert len(numbers("syntax.md", True)) == 8 == load_deck(DECKS_DIR / "syntax.md").counted_count


def minimal_pdf(pages: int = 1, info: bytes = b"/Title (Old) /Producer (Test)", xref_stream: bool = False) -> bytes:
    """A PDF with a two-level page tree and a classic cross-reference table, as Chromium writes them;
    or, with `xref_stream`, PDF 1.5's layout: every object compressed into an object stream, found
    through a cross-reference stream (uncompressed here, which the format allows)."""
    kids = list(range(5, 5 + pages))
    objects = [b"<<" + info + b">>", b"<</Type /Catalog /Pages 3 0 R>>",
               b"<</Type /Pages /Kids [4 0 R] /Count %d>>" % pages,
               b"<</Type /Pages /Parent 3 0 R /Kids [%s] /Count %d>>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)]
    objects += [b"<</Type /Page /Parent 4 0 R /MediaBox [0 0 200 100] /Resources <<>>>>"] * pages
    if xref_stream:
        return _stream_layout(objects)
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    return out + b"trailer\n<</Size %d /Root 2 0 R /Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _stream_layout(objects: list[bytes]) -> bytes:
    """`objects` (numbered from 1, the catalog 2 and the information 1) in one object stream, then a
    cross-reference stream whose entries are (type, field 2, field 3) in 1, 4 and 2 bytes."""
    stream_number, xref_number = len(objects) + 1, len(objects) + 2
    bodies, header = b"", []
    for number, body in enumerate(objects, start=1):
        header.append(b"%d %d" % (number, len(bodies)))
        bodies += body + b"\n"
    header_bytes = b" ".join(header) + b"\n"
    out = b"%PDF-1.5\n"
    stream_at = len(out)
    content = header_bytes + bodies
    out += b"%d 0 obj\n<</Type /ObjStm /N %d /First %d /Length %d>>\nstream\n%s\nendstream\nendobj\n" % (
        stream_number, len(objects), len(header_bytes), len(content), content)
    xref_at = len(out)
    entries = [(0, 0, 65535)] + [(2, stream_number, index) for index in range(len(objects))]
    entries += [(1, stream_at, 0), (1, xref_at, 0)]
    table = b"".join(kind.to_bytes(1, "big") + field.to_bytes(4, "big") + last.to_bytes(2, "big") for kind, field, last in entries)
    out += b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root 2 0 R /Info 1 0 R /Length %d>>\nstream\n%s\nendstream\nendobj\n" % (
        xref_number, len(entries), len(table), table)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref_at


def test_the_strict_reader_fails_on_a_broken_cross_reference():
    """pypdf in strict mode, as the tests below read every PDF: an offset one byte off is an error."""
    good = minimal_pdf()
    assert page_count(good) == 1
    first = good.index(b"0000000009 00000 n")
    broken = good[:first] + b"0000000010 00000 n" + good[first + 18:]
    with pytest.raises(AssertionError, match=r"pypdf warns about this PDF: .*Object ID 1,0 ref repaired"):
        read(broken)


def test_information_is_added_beside_the_keys_the_pdf_has():
    original = minimal_pdf()
    updated = pdfmeta.finish(original, {"Title": "Déjà vu (a talk)", "Author": "A. Author", "Subject": ""})
    meta = info(updated)   # read strictly: any complaint about the cross-references fails the test
    assert (meta["Title"], meta["Author"], meta["Producer"], page_count(updated)) == ("Déjà vu (a talk)", "A. Author", "Test", 1)
    assert "Subject" not in meta
    assert info(pdfmeta.finish(updated, {"Author": "B"})) == {"Title": "Déjà vu (a talk)", "Author": "B", "Producer": "Test"}
    assert pdfmeta.finish(original, {"Title": "Déjà vu (a talk)"}) == pdfmeta.finish(original, {"Title": "Déjà vu (a talk)"})


def test_outline_nests_level_two_under_level_one():
    items = [(2, "Before any part", 0), (1, "Part one", 1), (2, "A slide", 1), (2, "Ünïcödé slide", 2),
             (1, "Part two", 3)]
    updated = pdfmeta.finish(minimal_pdf(pages=4), {"Title": "T"}, items)
    assert outline(updated) == [Bookmark(1, "Before any part", []),
                                Bookmark(2, "Part one", [Bookmark(2, "A slide", []), Bookmark(3, "Ünïcödé slide", [])]),
                                Bookmark(4, "Part two", [])]
    assert read(updated).root_object["/PageMode"] == "/UseOutlines"
    assert outline(pdfmeta.finish(updated, {}, [(1, "Only this", 3)])) == [Bookmark(4, "Only this", [])]


def test_a_cross_reference_stream_and_object_streams_are_read_and_updated():
    """PDF 1.5's layout, which Chromium does not write today: the same information and outline."""
    original = minimal_pdf(pages=2, xref_stream=True)
    assert b"\nxref\n" not in original and b"/Type /XRef" in original
    assert (info(original)["Title"], page_count(original)) == ("Old", 2)
    updated = pdfmeta.finish(original, {"Title": "Déjà vu", "Author": "A. Author"}, [(1, "Part", 0), (2, "A slide", 1)])
    meta = info(updated)
    assert (meta["Title"], meta["Author"], meta["Producer"], page_count(updated)) == ("Déjà vu", "A. Author", "Test", 2)
    assert outline(updated) == [Bookmark(1, "Part", [Bookmark(2, "A slide", [])])]


def _encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 100)
    writer.encrypt(user_password="", owner_password="owner")   # opens without a password: qpdf reads it
    encrypted = io.BytesIO()
    writer.write(encrypted)
    return encrypted.getvalue()


@pytest.mark.parametrize("pdf, says", [
    (b"", "the PDF: can't find startxref"),
    (b"<html>not a PDF</html>", "the PDF: can't find startxref"),
    (minimal_pdf()[:-40], "the PDF: can't find startxref"),   # cut short
    # the first object one byte off: qpdf finds it anyway, but a PDF it repaired is not passed on
    (minimal_pdf().replace(b"0000000009 00000 n", b"0000000010 00000 n"), "the PDF (object 1 0, offset 10): expected n n obj"),
    (_encrypted_pdf(), "the PDF is encrypted"),
], ids=["empty", "html", "cut short", "offset off by one", "encrypted"])
def test_a_pdf_that_cannot_be_updated_as_it_is_fails_with_what_qpdf_says(pdf, says):
    with pytest.raises(ValueError) as raised:
        pdfmeta.finish(pdf, {"Title": "T"}, [(1, "x", 0)])
    assert str(raised.value) == f"cannot add the information and bookmarks: qpdf {pikepdf.__libqpdf_version__} says: {says}"


@pytest.mark.parametrize("description, subject", [
    ("Two *columns* and **bold** and _under_", "Two columns and bold and under"),
    ("See [KaTeX](https://katex.org), [a ref][r] and <https://remarkjs.com>.\n\n[r]: https://example.org",
     "See KaTeX, a ref and https://remarkjs.com."),
    ("`x < y && z` and ``a `tick` b``", "x < y && z and a `tick` b"),
    ("R&D &amp; caf&eacute; &#233; &#x263A; &copy;", "R&D & café é ☺ ©"),
    ("`&amp;` in code stays as written", "&amp; in code stays as written"),
    ("<b>not bold</b> <!-- shown -->", "<b>not bold</b> <!-- shown -->"),
    ("One paragraph.\n\n- a *list*\n- of  two", "One paragraph. a list of two"),
    ("", ""),
])
def test_the_pdf_subject_is_the_description_as_plain_text(description, subject):
    assert description_text(description) == subject


@pytest.mark.parametrize("description, html", [
    ("A *16:9* deck", "<p>A <em>16:9</em> deck</p>"),
    ("`x<y` &amp; &copy; <b>b</b>", "<p><code>x&lt;y</code> &amp; &copy; &lt;b&gt;b&lt;/b&gt;</p>"),
])
def test_the_index_shows_the_description_as_markdown_and_raw_html_as_written(description, html):
    assert description_html(description) == html


def decks_named(folder: Path, *names: str) -> list:
    for name in names:
        (folder / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    return [load_deck(folder / f"{name}.md") for name in names]


def test_the_index_links_exactly_the_exports_in_the_output(tmp_path):
    names = ["talk", "talk-notes", "index", "my talk"]
    site = tmp_path / "out"
    for name in ("talk.pdf", "talk-handout.pdf", "talk-notes.pdf", "talk-notes.html", "index.html", "index-notes.pdf",
                 "my talk-notes.pdf", "_site/thumbnails/talk-notes.png", "_site/thumbnails/my talk.png"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b"")
    assert index_extras(site, names) == {
        # talk-notes.pdf is the talk-notes deck's PDF, never the talk deck's notes (export_names sees to it)
        "talk": ((("PDF", "talk.pdf"), ("Handout", "talk-handout.pdf")), ""),
        "talk-notes": ((("PDF", "talk-notes.pdf"), ("Single file", "talk-notes.html")), "_site/thumbnails/talk-notes.png"),
        "index": ((("Notes", "index-notes.pdf"),), ""),   # index.html is the index page
        "my talk": ((("Notes", "my%20talk-notes.pdf"),), "_site/thumbnails/my%20talk.png"),
    }
    assert index_extras(tmp_path / "empty", names)["talk"] == ((), "")


@pytest.mark.parametrize("names, kinds, kept, expected", [
    (["talk", "talk-notes"], (PDF, NOTES), [],
     ["talk.md:1: error: this deck's notes PDF would be named 'talk-notes.pdf', the name of the PDF of talk-notes.md"]),
    # the same name even when the talk-notes deck makes no PDF now: the index would link it as that deck's
    (["talk", "talk-notes"], (NOTES,), [],
     ["talk.md:1: error: this deck's notes PDF would be named 'talk-notes.pdf', the name of the PDF of talk-notes.md"]),
    (["talk", "talk-notes"], (PDF, HANDOUT, SINGLE_FILE), [], []),
    (["talk-notes"], (HANDOUT, NOTES), ["talk"], []),   # talk-notes-notes.pdf is no other deck's
    (["talk"], (PDF, HANDOUT), ["talk-handout"],
     ["talk.md:1: error: this deck's handout PDF would be named 'talk-handout.pdf', the name of the PDF of the "
      "deck 'talk-handout' already in the output"]),
    (["talk", "Talk-Notes"], (NOTES,), [],
     ["talk.md:1: error: this deck's notes PDF would be named 'talk-notes.pdf', the name of the PDF of Talk-Notes.md "
      "('Talk-Notes.pdf': only the letter case differs)"]),
    (["talk", "talk.pdf"], (PDF,), [],
     ["talk.md:1: error: this deck's PDF would be named 'talk.pdf', the name of the folder of talk.pdf.md"]),
    (["index"], (SINGLE_FILE, PDF, NOTES), [],
     ["index.md:1: error: a single-file deck named 'index' would replace the index page"]),
])
def test_an_export_that_would_take_another_files_name_is_refused(tmp_path, monkeypatch, names, kinds, kept, expected):
    monkeypatch.chdir(tmp_path)   # paths as a user in that folder sees them
    hint = (" (rename the deck file, for example to slides/talk.md)" if names == ["index"]
            else " (rename one of the two deck files: each export is named after its deck)")
    problems = export_names(decks_named(tmp_path, *names), kinds, kept)
    assert [str(problem) for problem in problems] == [line + hint for line in expected]


def test_markers_replace_references_and_nothing_else(tmp_path):
    deck_file = tmp_path / "deck.md"
    deck_file.write_text(
        "# Title\n\n"
        "![a figure](img/a.png) and ![again](img/a.png), not img/a.png.x or ximg/a.png\n\n"
        "```\n![in code](img/a.png)\n```\n\n"
        "`img/a.png` <!-- ![commented](img/a.png) -->\n\n"
        '<img src="img/a&amp;b.png"> ![by reference][fig]\n\n'
        "[fig]: img/a.png\n", encoding="utf-8")
    write_png(tmp_path / "img" / "a.png")
    write_png(tmp_path / "img" / "a&b.png")
    deck = load_deck(deck_file)
    refs, problems = resolve_refs(deck, tmp_path)
    assert problems == []
    body = _with_markers(deck, refs, {"img/a.png": "M0", "img/a&b.png": "M1"}).body
    assert body == ("# Title\n\n"
                    "![a figure](M0) and ![again](M0), not img/a.png.x or ximg/a.png\n\n"
                    "```\n![in code](img/a.png)\n```\n\n"
                    "`img/a.png` <!-- ![commented](img/a.png) -->\n\n"
                    '<img src="M1"> ![by reference][fig]\n\n'
                    "[fig]: M0\n")


def test_pages_are_counted_by_qpdf_whatever_the_layout():
    """Chromium's PDF has a plain page tree today; one in object streams (no `/Type /Page` in the
    file's bytes) must count the same, and what is not a PDF counts 0 (finish() then says why)."""
    plain = minimal_pdf(pages=3)
    assert pdfmeta.page_count(plain) == 3
    compressed = io.BytesIO()
    with pikepdf.open(io.BytesIO(plain)) as document:
        document.save(compressed, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    assert b"/Type /Page" not in compressed.getvalue() and pdfmeta.page_count(compressed.getvalue()) == 3
    assert pdfmeta.page_count(b"<html>not a PDF</html>") == 0


@pytest.mark.parametrize("url, clip", [
    ("file:///tmp/build/talk/img/clip.mp4", True), ("file:///tmp/build/talk/img/Clip.WEBM?t=3#x", True),
    ("https://example.org/talk.mp3", True), ("file:///tmp/build/talk/img/figure.png", False),
    ("file:///tmp/build/talk/demo/page.html", False),
])
def test_a_clip_is_told_by_its_url(url, clip):
    assert _is_clip(url) == clip


def test_a_remote_file_that_did_not_load_is_named_at_its_line(tmp_path):
    deck = tmp_path / "deck.md"
    deck.write_text("# A\n\n![logo](https://example.org/logo.png)\n", encoding="utf-8")
    model = load_deck(deck)
    refs, _ = resolve_refs(model, tmp_path, allow_remote=True)
    job = PdfJob(deck=model, page_path=tmp_path / "out" / "deck" / "index.html", pdf_path=tmp_path / "deck.pdf",
                 assets=tuple(refs))
    found = [_remote_warning(job, url, "net::ERR_NAME_NOT_RESOLVED")
             for url in ("https://example.org/logo.png", "https://example.org/font.woff2")]
    assert [(p.line, p.severity) for p in found] == [(3, "warning"), (0, "warning")]   # a file the page loads itself: no line
    assert found[0].message == ("remote file 'https://example.org/logo.png' did not load, so the PDF shows nothing in "
                                "its place (net::ERR_NAME_NOT_RESOLVED)")

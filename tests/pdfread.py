"""Read the tests' PDFs with Python packages (pypdf, pypdfium2): text, information, outline, fonts, pixels."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

import pypdfium2
from pypdf import PdfReader
from pypdf.generic import IndirectObject


class Bookmark(NamedTuple):
    """One outline entry: the page it opens (from 1), its title, and the entries nested under it."""

    page: int
    title: str
    children: list[Bookmark]


def read(pdf: Path | bytes) -> PdfReader:
    """pypdf in strict mode, with every object of every cross-reference section loaded: an offset that
    points at the wrong object raises, and any warning pypdf logs on the way fails the caller (every
    PDF the tests read is held to this, as poppler's complaints on stderr once were)."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        for generation, numbers in reader.xref.items():
            for number in numbers:
                reader.get_object(IndirectObject(number, generation, reader))
        _ = reader.metadata, reader.outline, len(reader.pages)   # what the tests ask for next
    finally:
        logger.removeHandler(handler)
    assert warnings == [], f"pypdf warns about this PDF: {warnings}"
    return reader


def normal(text: str) -> str:
    """Whitespace collapsed and ligatures undone, so that text compares as a reader sees it."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, normalised. PDFium's: pypdf's passes the same assertions, but PDFium
    reads KaTeX's formulas in the order they show (z1 = w1x + b1 where pypdf gives z =1 w x +1 b) and
    is 20 times faster on the talk (0.09 s against 1.7 s)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [normal(page.get_textpage().get_text_bounded()) for page in document]
    finally:
        document.close()


def info(pdf: Path | bytes) -> dict[str, str]:
    """The document information (Title, Author, Subject, Creator, Producer...), keys without '/'."""
    return {key.lstrip("/"): str(value) for key, value in (read(pdf).metadata or {}).items()}


def page_count(pdf: Path | bytes) -> int:
    return len(read(pdf).pages)


def page_size(pdf: Path | bytes) -> tuple[float, float]:
    """The first page's width and height in points (its media box, as pdfinfo's "Page size")."""
    box = read(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


def outline(pdf: Path | bytes) -> list[Bookmark]:
    reader = read(pdf)

    def entries(items: list) -> list[Bookmark]:
        marks: list[Bookmark] = []
        for item in items:
            if isinstance(item, list):   # pypdf puts an entry's children in a list after it
                marks[-1] = marks[-1]._replace(children=entries(item))
            else:
                marks.append(Bookmark(reader.get_destination_page_number(item) + 1, item.title, []))
        return marks

    return entries(reader.outline)


def flat(marks: list[Bookmark]) -> list[tuple[int, str]]:
    """Every bookmark as (page, title), in the order a reader's sidebar lists them."""
    return [pair for mark in marks for pair in [(mark.page, mark.title), *flat(mark.children)]]


def fonts(pdf: Path | bytes) -> dict[str, bool]:
    """Each font the pages use (its BaseFont, subset prefix included) and whether the file carries
    it: a FontDescriptor with FontFile, FontFile2 or FontFile3 (a Type 0 font's in its descendant),
    or a Type 3 font, whose glyphs are drawings in the file (pdffonts says "emb yes" for both)."""
    found: dict[str, bool] = {}
    seen: set[int] = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                name = str(font.get("/BaseFont", font.get("/Name", "[none]"))).lstrip("/")
                found[name] = found.get(name, True) and _embedded(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                walk(xobject.get("/Resources"))

    for page in read(pdf).pages:
        walk(page.get("/Resources"))
    return found


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def render(pdf: Path, dpi: int):
    """Each page as a PIL image at `dpi` pixels per inch (PDFium draws it as a viewer would)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()

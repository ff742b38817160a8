"""Add a document information dictionary (title, author...) and an outline (bookmarks) to a PDF.

Chromium writes the title from <title>, no author, and makes bookmarks only in a tagged PDF, whose
structure tree costs a tenth of the file and of the printing time. So the export prints untagged and
qpdf (through pikepdf) adds them: it reads any layout (a cross-reference table or stream, object
streams) and writes the file again, every stream copied byte for byte. A PDF it cannot read without
repairing it is an error, never a PDF returned without them. On the talk (106 pages, 3.5 MB) this
takes 0.03 s of the export's 2.5 s. pypdf's incremental update would keep Chromium's bytes, in
0.15 s, but its cross-reference stream lacks its own entry (qpdf warns about the result) and pypdf
then reuses that object number if the file is updated again.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf


def finish(pdf: bytes, info: dict[str, str], outline: Sequence[tuple[int, str, int]] = ()) -> bytes:
    """The PDF with `info` (empty values skipped) in its information dictionary, beside the keys it
    has, and, when `outline` is given, that list of (level 1 or 2, title, page index) as its bookmarks
    in place of any it had. A ValueError says why a PDF cannot be updated."""
    source, updated = io.BytesIO(pdf), io.BytesIO()
    try:
        with pikepdf.open(source, attempt_recovery=False) as document:
            if document.is_encrypted:   # qpdf reads it, but would write it unencrypted
                raise pikepdf.PdfError("the PDF is encrypted")
            for key, value in info.items():
                if value:
                    document.docinfo[pikepdf.Name(f"/{key}")] = value
            if outline:
                _set_outline(document, outline)
            # The same bytes for the same input (an /ID hashed from the content, not random); streams as they were.
            document.save(updated, deterministic_id=True, compress_streams=False,
                          stream_decode_level=pikepdf.StreamDecodeLevel.none)
            problems = document.get_warnings()   # what qpdf had to work around while reading
    except pikepdf.PdfError as exc:
        problems = [str(exc)]
    if problems:
        # qpdf names the PDF after the stream it read, "stream <_io.BytesIO object at 0x...>" (pikepdf 8: no "stream ")
        says = "; ".join(problem.replace(f"stream {source}", "the PDF").replace(str(source), "the PDF")
                         for problem in problems)
        raise ValueError(f"cannot add the information and bookmarks: qpdf {pikepdf.__libqpdf_version__} says: {says}")
    return updated.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has, read by qpdf (a page tree in object streams counts too); 0 when it
    cannot be read (finish() then says why)."""
    try:
        with pikepdf.open(io.BytesIO(pdf), attempt_recovery=False) as document:
            return len(document.pages)
    except pikepdf.PdfError:
        return 0


def _set_outline(document: pikepdf.Pdf, items: Sequence[tuple[int, str, int]]) -> None:
    """Bookmarks, each under the last item of a lower level before it (`##` under `#`), all open,
    each showing its whole page; the viewer opens with them shown."""
    with document.open_outline() as tree:
        tree.root.clear()
        latest: dict[int, pikepdf.OutlineItem] = {}   # level -> the last item of that level, while it can still be a parent
        for level, title, page in items:
            item = pikepdf.OutlineItem(title, page)
            lower = [lv for lv in latest if lv < level]
            (latest[max(lower)].children if lower else tree.root).append(item)
            latest = {lv: it for lv, it in latest.items() if lv < level} | {level: item}
    document.Root.PageMode = pikepdf.Name.UseOutlines

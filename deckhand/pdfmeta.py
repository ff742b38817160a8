"""Add a document information dictionary (title, author...) and an outline (bookmarks) to a PDF.

Chromium writes the title from <title>, no author, and makes bookmarks only in a tagged PDF, whose
structure tree costs a tenth of the file and of the printing time. So the export prints untagged
and appends one incremental update (PDF 1.7, section 7.5.6): every byte Chromium wrote stays in
place, followed by the new objects, a cross-reference section for them and a trailer pointing back.
"""

from __future__ import annotations

import re

_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)
_ENTRY = re.compile(rb"/(\w+)\s*(\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|/\w+|-?[\d.]+(?:\s+\d+\s+R)?)", re.S)
_REF = re.compile(rb"(\d+)\s+\d+\s+R")


def finish(pdf: bytes, info: dict[str, str], outline: list[tuple[int, str, int]] = ()) -> bytes:
    """The PDF with `info` (empty values skipped) in its information dictionary and `outline`, a
    list of (level 1 or 2, title, page index), as its bookmarks. A PDF laid out otherwise than
    Chromium's (a cross-reference stream, encryption) is returned unchanged."""
    trailer = _TRAILER.match(pdf, max(0, pdf.rfind(b"trailer")))
    if trailer is None:
        return pdf
    entries = dict(_ENTRY.findall(trailer.group(1)))
    if b"Root" not in entries or b"Encrypt" in entries or b"Size" not in entries:
        return pdf
    offsets = _offsets(pdf, int(trailer.group(2)))
    root = int(entries[b"Root"].split()[0])
    size = int(entries[b"Size"])
    new: dict[int, bytes] = {}
    info_number = int(entries[b"Info"].split()[0]) if b"Info" in entries else size
    old_info = dict(_ENTRY.findall(_object(pdf, offsets[info_number]))) if info_number in offsets else {}
    old_info.update({key.encode("ascii"): _pdf_string(value) for key, value in info.items() if value})
    new[info_number] = b"<<" + b"\n".join(b"/" + k + b" " + v for k, v in old_info.items()) + b">>"
    size = max(size, info_number + 1)
    if outline:
        catalog = _object(pdf, offsets[root])
        pages = _pages(pdf, offsets, int(re.search(rb"/Pages\s+(\d+)\s+\d+\s+R", catalog).group(1)))
        outline_root, size = size, _outline(new, size, outline, pages)
        catalog = re.sub(rb"/(Outlines\s+\d+\s+\d+\s+R|PageMode\s*/\w+)", b"", catalog)
        new[root] = catalog[:-2] + b"\n/Outlines %d 0 R\n/PageMode /UseOutlines>>" % outline_root
    return _append(pdf, new, size, root, info_number, int(trailer.group(2)))


def _outline(new: dict[int, bytes], first: int, items: list[tuple[int, str, int]], pages: list[int]) -> int:
    """Outline objects numbered from `first`: the root, then one per item, each under the last item
    of a lower level before it (`##` under `#`); all open. Returns the next free object number."""
    root, numbers = first, list(range(first + 1, first + 1 + len(items)))
    children: dict[int, list[int]] = {root: []}
    latest: dict[int, int] = {}   # level -> the last item of that level, while it can still be a parent
    for number, (level, _, _) in zip(numbers, items):
        lower = [lv for lv in latest if lv < level]
        children.setdefault(latest[max(lower)] if lower else root, []).append(number)
        latest = {lv: n for lv, n in latest.items() if lv < level} | {level: number}
    parent_of = {kid: parent for parent, kids in children.items() for kid in kids}

    def descendants(number: int) -> int:
        return sum(1 + descendants(kid) for kid in children.get(number, []))

    for number, (_, title, page) in zip(numbers, items):
        siblings = children[parent_of[number]]
        at = siblings.index(number)
        links = b"/Parent %d 0 R" % parent_of[number]
        links += b" /Prev %d 0 R" % siblings[at - 1] if at > 0 else b""
        links += b" /Next %d 0 R" % siblings[at + 1] if at + 1 < len(siblings) else b""
        if kids := children.get(number):
            links += b" /First %d 0 R /Last %d 0 R /Count %d" % (kids[0], kids[-1], descendants(number))
        new[number] = b"<</Title %s %s /Dest [%d 0 R /Fit]>>" % (_pdf_string(title), links, pages[page])
    tops = children[root]
    new[root] = b"<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>" % (tops[0], tops[-1], len(items))
    return first + 1 + len(items)


def _append(pdf: bytes, new: dict[int, bytes], size: int, root: int, info: int, previous_xref: int) -> bytes:
    """`pdf` followed by the incremental update that adds or replaces the objects in `new`."""
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    update, at = b"", {}
    for number in sorted(new):
        at[number] = len(body) + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (number, new[number])
    xref_at = len(body) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n"
    runs: list[list[int]] = []   # consecutive object numbers share a subsection
    for number in sorted(new):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        update += b"%d %d\n" % (run[0], len(run)) + b"".join(b"%010d 00000 n \n" % at[n] for n in run)
    update += b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, info, previous_xref, xref_at)
    return body + update


def _offsets(pdf: bytes, xref_at: int) -> dict[int, int]:
    """Object number -> byte offset, from the cross-reference table at `xref_at` and those before it."""
    offsets: dict[int, int] = {}
    while True:
        pos = xref_at + len(b"xref")
        while (section := re.compile(rb"\s*(\d+) (\d+)\s*\n").match(pdf, pos)) is not None:
            first, count = int(section.group(1)), int(section.group(2))
            table = pdf[section.end():section.end() + 20 * count]
            for i in range(count):
                entry = table[20 * i:20 * i + 18].split()
                if len(entry) == 3 and entry[2] == b"n":
                    offsets.setdefault(first + i, int(entry[0]))
            pos = section.end() + 20 * count
        trailer = re.compile(rb"\s*trailer\s*<<(.*?)>>", re.S).match(pdf, pos)
        previous = re.search(rb"/Prev\s+(\d+)", trailer.group(1)) if trailer else None
        if previous is None:
            return offsets
        xref_at = int(previous.group(1))


def _object(pdf: bytes, offset: int) -> bytes:
    """The dictionary `<<...>>` that starts the object at `offset`, nested dictionaries included."""
    start = pdf.index(b"<<", offset)
    depth, pos = 0, start
    while True:
        opened, closed = pdf.find(b"<<", pos), pdf.find(b">>", pos)
        if opened != -1 and opened < closed:
            depth, pos = depth + 1, opened + 2
        else:
            depth, pos = depth - 1, closed + 2
            if depth == 0:
                return pdf[start:pos]


def _pages(pdf: bytes, offsets: dict[int, int], node: int) -> list[int]:
    """The page objects under a page tree node, in order."""
    text = _object(pdf, offsets[node])
    kids = re.search(rb"/Kids\s*\[(.*?)\]", text, re.S)
    if kids is None:
        return [node]
    return [page for kid in _REF.findall(kids.group(1)) for page in _pages(pdf, offsets, int(kid))]


def _pdf_string(text: str) -> bytes:
    """A PDF text string: literal when it is printable ASCII, else UTF-16BE with a byte order mark."""
    if all(32 <= ord(c) < 127 for c in text):
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"

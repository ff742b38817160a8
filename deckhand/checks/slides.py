"""Slide structure and links: properties, names, templates, `.class[` brackets, notes markers,
empty slides and internal links, all read from the deck model as remark would read them."""

from __future__ import annotations

import difflib
import re

from ..deck import Deck, Slide
from .base import Scan, finding, parts, quoted, start_line

# the properties remark 0.14 reads (parser.js, slideshow.js, slideView.js), and ours
PROPERTIES = ("name", "class", "layout", "template", "exclude", "count", "continued", "background-image",
              "background-color", "background-size", "background-position", "highlight-style", "ignore")
_VARIABLE = re.compile(r"\{\{\s*([-\w]+)\s*\}\}")
_CONTENT_ALONE = re.compile(r"(?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+\[\Z")
_BREAK = re.compile(r"\n(---?|\?\?\?)(?=\n|\Z)")
_NOTES_LEAK = re.compile(r"^\?{3}.*$", re.M)
_MD_LINK = re.compile(r"\]\(\s*<?#([^)\s>]*)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_COMMENT_PROPERTY = re.compile(r"<!--\s*([-\w]+)\s*:")


def check_properties(scan: Scan):
    """E-property for a property remark does not know (it hides the line), E-template for a
    `template` or `layout` that names no earlier slide."""
    deck = scan.deck
    variables = set(_VARIABLE.findall(deck.body))
    named: dict[str, Slide] = {}
    by_name: dict[str, list[Slide]] = {}   # every slide of the deck by its name, excluded ones too
    for slide in deck.slides:
        if slide.prop("name"):
            by_name.setdefault(slide.prop("name"), []).append(slide)
    for slide in scan.slides:
        for prop in slide.properties.values():
            if prop.name in PROPERTIES or prop.name in variables:
                continue
            close = difflib.get_close_matches(prop.name, PROPERTIES, n=1, cutoff=0.7)
            if _in_comment(scan, prop) and not close:
                continue  # `<!-- TODO: ... -->` is a comment remark happens to read; it shows nothing either way
            hint = (f"did you mean '{close[0]}'?" if close else
                    "remark reads a 'word: text' line at the top of a slide as a property and hides it; "
                    "start the slide with other text")
            yield finding(deck, prop.line, "E-property", f"unknown slide property '{prop.name}'", hint)
        count = slide.properties.get("count")
        if count and count.value not in ("true", "false"):
            yield finding(deck, count.line, "E-property", f"'count: {count.value}' is neither true nor false",
                          "remark only knows 'count: false', in lower case")
        layout = slide.properties.get("layout")
        if layout and layout.value not in ("true", "false"):
            hint = f"to reuse slide '{layout.value}', write 'template: {layout.value}'" if layout.value in named \
                else "remark only knows 'layout: true' and 'layout: false', in lower case"
            yield finding(deck, layout.line, "E-template", f"'layout: {layout.value}' is neither true nor false", hint)
        template = slide.properties.get("template")
        if template and template.value not in named:
            yield finding(deck, template.line, "E-template", *_template_problem(slide, template.value, named, by_name))
        if slide.prop("name"):
            named[slide.prop("name")] = slide


def _template_problem(slide: Slide, name: str, named: dict[str, Slide],
                      by_name: dict[str, list[Slide]]) -> tuple[str, str]:
    other = next((s for s in by_name.get(name, ()) if s is not slide), None)
    message = f"template '{name}' names no slide above this one"
    if other and other.excluded:
        return message, f"slide '{name}' on line {other.line} is excluded, and remark drops excluded slides first"
    if other:
        return message, f"slide '{name}' is further down, on line {other.line}; remark only looks up"
    close = difflib.get_close_matches(name, named, n=1)
    return message, f"did you mean '{close[0]}'?" if close else "give that slide 'name: " + name + "'"


def check_names_and_links(scan: Scan):
    """W-name for two slides with one name; W-link for `#name` links that no slide answers (remark does
    nothing visible for either: the link goes nowhere, the name is the last slide's)."""
    deck = scan.deck
    first: dict[str, Slide] = {}
    for slide in scan.slides:
        name = slide.properties.get("name")
        if name and name.value in first:
            yield finding(deck, name.line, "W-name", f"slide name '{name.value}' is already used on line "
                          f"{first[name.value].properties['name'].line}",
                          "remark keeps only the last one; rename one of them")
        elif name:
            first[name.value] = slide
    targets = {s.prop("name") for s in deck.shown_slides if s.prop("name")}
    layouts = {s.prop("name") for s in scan.slides if s.is_layout}
    excluded = {s.prop("name") for s in deck.slides if s.excluded}
    for line, target in _links(scan):
        number = target[1:] if target.startswith("p") else target
        if not target or target in targets or number.isdigit() and 1 <= int(number) <= deck.slide_count:
            continue
        if number.isdigit():
            yield finding(deck, line, "W-link", f"link to '#{target}' but the deck has {deck.slide_count} slides",
                          "link to the slide by its name instead, which stays right when slides move")
            continue
        close = difflib.get_close_matches(target, sorted(targets), n=1)
        hint = ("that slide is a layout, which remark does not show" if target in layouts else
                "that slide is excluded" if target in excluded else
                f"did you mean '#{close[0]}'?" if close else
                f"give the slide 'name: {target}'" if not targets else
                "slide names: " + ", ".join(sorted(targets)))
        yield finding(deck, line, "W-link", f"link to '#{target}' but no slide is named '{target}'", hint)


def _links(scan: Scan):
    """(line, target) of every `#...` link: Markdown links, reference definitions and <a href>."""
    deck = scan.deck
    for slide in scan.slides:
        for token in slide.tokens:
            if token.kind == "def" and token.href.startswith("#"):
                yield start_line(deck, token), token.href[1:]
    for _, _, start, end in scan.prose:
        for match in _MD_LINK.finditer(deck.body, start, end):
            yield deck.line_of(match.start()), match.group(1)
    for tag in scan.tags:
        if tag.name == "a" and tag.attrs.get("href", "").startswith("#"):
            yield tag.line, tag.attrs["href"][1:]


def check_brackets(scan: Scan):
    """E-bracket for a `.class[` never closed (remark shows it as text) or closed only past a slide
    break or notes marker (remark merges what lies between)."""
    deck = scan.deck
    for slide in scan.slides:
        opened: list[int] = []
        for index, token in enumerate(slide.tokens):
            if token.kind == "text" and _CONTENT_ALONE.match(token.text):
                yield finding(deck, deck.line_of(token.start), "E-bracket", f"'{token.text}' is never closed",
                              "add the ']' that ends it; until then remark shows it as text")
            elif token.kind == "content_start":
                opened.append(index)
            elif token.kind == "content_end" and opened:
                first = opened.pop()
                start = slide.tokens[first]
                # only an outermost bracket is told about, and the outermost ones do not overlap: so
                # each token is looked at once, however deep the brackets nest (linear time)
                crossed = None if opened else _break_inside(deck, slide.tokens[first + 1:index])
                if crossed:
                    what = "slide break" if crossed.group(1) != "???" else "notes marker"
                    line = deck.line_of(crossed.start() + 1)
                    yield finding(deck, deck.line_of(start.start), "E-bracket",
                                  f"'{start.text}' is closed only on line {deck.line_of(token.start)}, past the {what} "
                                  f"'{crossed.group(1)}' on line {line}",
                                  f"remark merges what lies between; add the missing ']' before line {line}")


def _break_inside(deck: Deck, tokens) -> re.Match | None:
    """A slide break or notes marker in the prose of the tokens inside a bracket (code does not count)."""
    for token in tokens:
        if token.kind == "text":
            found = _BREAK.search(deck.body, max(token.start - 1, 0), token.end)
            if found:
                return found
    return None


def check_notes_and_empty(scan: Scan):
    """W-notes for a `???` line with more on it (it shows on the slide); W-empty for a slide that
    shows nothing; W-trailing for a `--` at the very end of the deck."""
    deck = scan.deck
    for slide in scan.slides:
        shown, _ = parts(slide)
        for token in shown:
            if token.kind != "text" or "???" not in token.text:
                continue
            for match in _NOTES_LEAK.finditer(_blank_comments(token.text)):
                at = token.start + match.start()
                line = match.group(0)
                # a bare `???` in a text token lies inside a `.class[`, and E-bracket tells that story
                if (at == 0 or deck.body[at - 1] == "\n") and line != "???":
                    rest = line[3:].strip()
                    what = f"'{quoted(rest, 32)}' after it" if rest else "trailing spaces"
                    yield finding(deck, deck.line_of(at), "W-notes", f"'???' with {what} is not a notes marker, "
                                  "so this line shows on the slide", "put '???' alone on its line, notes below it")
        if slide.is_layout or _shows_something(scan, slide, shown):
            continue
        line = slide.line if slide.line <= deck.line_of(len(deck.body) - 1) else _separator_line(deck, slide)
        if slide is deck.slides[-1] and slide.continued:
            yield finding(deck, line, "W-trailing", "'--' at the end of the deck adds an empty step", "delete it")
        elif slide.continued:
            yield finding(deck, line, "W-empty", "this '--' step adds nothing",
                          "delete the '--' or add content after it")
        else:
            yield finding(deck, line, "W-empty", "empty slide", "delete the slide break or add content")


def _shows_something(scan: Scan, slide: Slide, shown) -> bool:
    deck = scan.deck
    if any(slide.prop(p) for p in ("template", "background-image", "background-color")):
        return True
    property_lines = {p.line for p in slide.properties.values() if not _in_comment(scan, p)}
    for token in shown:
        if token.kind in ("def", "separator"):
            continue
        if token.kind != "text":
            return True
        text = _blank_comments(token.text) if "<!--" in token.text else token.text
        first = deck.line_of(token.start)
        for number, line in enumerate(text.split("\n"), start=first):
            if line.strip() and number not in property_lines:
                return True
    return False


def _separator_line(deck: Deck, slide: Slide) -> int:
    if slide.index == 0:
        return slide.line
    separators = [t for t in deck.tokens if t.kind == "separator"]
    return start_line(deck, separators[slide.index - 1])


def _blank_comments(text: str) -> str:
    """`text` with its HTML comments turned to spaces, line breaks kept."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _in_comment(scan: Scan, prop) -> bool:
    # one expression for every name: a pattern per name would be compiled anew for each property
    return any(m.group(1) == prop.name for m in _COMMENT_PROPERTY.finditer(scan.line_text(prop.line)))

"""The Jinja2 pages: a deck's HTML (its source embedded as JSON data) and the index of decks."""

from __future__ import annotations

import dataclasses
import functools
import json
from urllib.parse import quote

import jinja2
import markdown
from markupsafe import Markup

from . import cache, katex, page, vendor
from .deck import Deck
from .project import PACKAGED_TEMPLATES, Project
from .vendor import VENDOR_DIR

REMARK_VERSION = "0.14.0"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclasses.dataclass(frozen=True)
class IndexEntry:
    """What the index page shows of one deck."""

    title: str
    author: str
    description: Markup
    slide_count: int
    counted_count: int
    ratio: str
    href: str
    extra_links: tuple[tuple[str, str], ...] = ()
    thumbnail: str = ""   # the first slide as a PNG, relative to the index page
    folder: str = ""      # the deck's folder under slides/ ('' at the top): the index groups by it
    date: str = ""        # the front matter's `date:`, ISO


@functools.lru_cache(maxsize=8)
def environment(project: Project) -> jinja2.Environment:
    """The Jinja2 environment of a project: its templates/ first, then the packaged ones (one
    environment per project; it reloads templates that change on disk):
    autoescaping on, undefined names are errors. Compiled templates are kept in the cache folder
    (Jinja2's own bytecode cache, checked against each template's text): compiling them costs a
    command-line build ~30 ms."""
    loader = jinja2.FileSystemLoader([str(d) for d in (project.templates_dir, PACKAGED_TEMPLATES)])
    return jinja2.Environment(loader=loader, autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              bytecode_cache=_bytecode_cache())


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    directory = cache.folder("templates")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


def embed_json(value: object) -> Markup:
    """JSON that is safe inside <script>: no `<`, `>` or `&` survive, so neither `</script>` nor
    `<!--` in a slide can end or change the element, and U+2028/2029 are escaped too."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escape in _JSON_ESCAPES.items():
        if char in text:   # a scan is cheaper than a copy: KaTeX's HTML makes these strings long
            text = text.replace(char, escape)
    return Markup(text)


def embed_math(math_html: dict[str, str]) -> Markup:
    """embed_json(math_html), to the byte, from pieces remembered per formula: KaTeX's HTML is most
    of the page's bytes, and a rebuild changes few formulas."""
    return Markup("{" + ", ".join(_json_item(key, math_html[key]) for key in sorted(math_html)) + "}")


@functools.lru_cache(maxsize=4096)
def _json_item(key: str, value: str) -> str:
    return f"{embed_json(key)}: {embed_json(value)}"


def deck_page(project: Project, deck: Deck) -> str:
    """The deck's index.html, from the project's templates, KaTeX and remark."""
    return render_deck(environment(project), deck, katex.page_html(deck, project),
                       vendor.remark_css(project, deck.settings.remark["highlightStyle"]))


def render_deck(env: jinja2.Environment, deck: Deck, math_html: dict[str, str], remark_css: str) -> str:
    """The deck's index.html: the slide source goes in as data, never as template text, and so does
    the HTML of its formulas typeset at build time (katex.page_html). KaTeX's script is loaded only
    when a formula has no HTML (Node missing at build time): the page then typesets it."""
    source = deck.remark_text
    return env.get_template("deck.html.j2").render(
        deck=deck, vendor=VENDOR_DIR, remark_version=REMARK_VERSION, early_fonts=embed_json(_early_fonts(source)),
        options_json=embed_json(remark_options(deck)), source_json=embed_json(source), math_json=embed_math(math_html),
        macros_json=embed_json(dict(deck.settings.macros)),
        katex_in_page=bool(deck.shown_math) and not math_html, remark_css=Markup(remark_css))


def remark_options(deck: Deck) -> dict:
    """The options handed to remark.create (the page's, and the live server's on a reload check)."""
    return dict(deck.settings.remark, ratio=deck.settings.ratio)


def _early_fonts(remark_source: str) -> list[str]:
    """The fonts every slide needs, asked for while remark.js still loads: otherwise the browser
    only asks once remark has laid out the first slide, and the deck is ready ~200 ms later."""
    fonts = ["1em Ubuntu", "500 1em Ubuntu"]
    if "`" in remark_source:
        fonts.append("1em 'Ubuntu Mono'")
    if f'class="{page.MATH_CLASS} ' in remark_source:
        fonts += ["1em KaTeX_Main", "italic 1em KaTeX_Math"]
    return fonts


def index_entry(deck: Deck, extra_links: tuple[tuple[str, str], ...] = (), thumbnail: str = "") -> IndexEntry:
    """The index page's card for a deck."""
    return IndexEntry(title=deck.title, author=deck.settings.author, description=description_html(deck.settings.description),
                      slide_count=deck.slide_count, counted_count=deck.counted_count,
                      ratio=deck.settings.ratio, href=f"{quote(deck.name)}/index.html", extra_links=extra_links,
                      thumbnail=thumbnail, folder=deck.name.rpartition("/")[0], date=deck.settings.date)


def entry_record(entry: IndexEntry) -> dict:
    """An index card as JSON data, kept in the output's marker for a later build that keeps the deck."""
    return dict(dataclasses.asdict(entry), description=str(entry.description))


def entry_from_record(record: object) -> IndexEntry | None:
    """entry_record() read back (the description is the HTML this module made of the deck's
    Markdown); None for a record it did not write."""
    try:   # a field newer than the record keeps its default
        found = {f.name: record[f.name] for f in dataclasses.fields(IndexEntry)
                 if f.name in record or f.default is dataclasses.MISSING}
        links = tuple((str(label), str(href)) for label, href in found["extra_links"])
        return IndexEntry(**dict(found, description=Markup(str(found["description"])), extra_links=links))
    except (TypeError, KeyError, ValueError):
        return None


def render_index(env: jinja2.Environment, entries: list[IndexEntry]) -> str:
    """The index page: the decks grouped by folder (see index_groups)."""
    groups = index_groups(entries)
    return env.get_template("index.html.j2").render(decks=[e for _, group in groups for e in group], groups=groups)


def index_groups(entries: list[IndexEntry]) -> list[tuple[str, list[IndexEntry]]]:
    """The decks by folder: the top-level decks first, without a heading; then each folder, the
    one with the newest `date:` first (folders without dates after them), ties by name. In every
    group the newest deck first, the undated ones after; ties by name, so that a build of one deck
    (which reads the others' cards back) orders them as a build of all."""
    folders: dict[str, list[IndexEntry]] = {}
    for entry in sorted(entries, key=lambda e: e.href.removesuffix("/index.html")):   # the deck's name, quoted
        folders.setdefault(entry.folder, []).append(entry)
    for group in folders.values():
        group.sort(key=lambda e: e.date, reverse=True)   # stable: ties, and the undated ones (''), stay by name
    top = [("", folders.pop(""))] if "" in folders else []
    newest = {folder: max(e.date for e in group) for folder, group in folders.items()}
    ordered = sorted(sorted(folders), key=lambda f: newest[f], reverse=True)   # undated ('') last, by name
    return top + [(folder, folders[folder]) for folder in ordered]


@functools.lru_cache(maxsize=256)
def description_html(text: str) -> Markup:
    """A deck's `description`, which is Markdown, as HTML for the index page; raw HTML in it shows
    as written. Remembered: a build asks for each deck's card up to three times (~0.8 ms each)."""
    return Markup(_markdown().convert(text)) if text else Markup("")


def description_text(text: str) -> str:
    """The description as plain text (the PDF's Subject): the words the index page shows, without
    markup or entities, whitespace collapsed."""
    return description_html(text).striptags()


def _markdown() -> markdown.Markdown:
    """Python-Markdown without its two raw HTML readers (blocks and inline tags): HTML is text. An
    instance keeps state between documents, so each description gets its own (0.5 ms)."""
    md = markdown.Markdown()
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md

"""deckhand/page.py names what Python and the page's scripts share. The deck template, deck.js and the
tool's scripts spell each name as page.py does and use no shared name it does not know, and Python
repeats none of them: a rename on one side alone fails here, not in a browser or a user's PDF."""

from __future__ import annotations

import ast
import re

import pytest

from deckhand import page
from deckhand.project import PACKAGE_DIR, PACKAGED_TEMPLATES, TOOL_DIR

FILES = {
    "deck.html.j2": PACKAGED_TEMPLATES / "deck.html.j2",
    "deck.js": PACKAGED_TEMPLATES / "deck.js",
    "live.js": TOOL_DIR / "live.js",
    "export.js": TOOL_DIR / "export.js",
    "print-ready.js": TOOL_DIR / "print-ready.js",
    "print.css": TOOL_DIR / "print.css",
    "single-file.js": TOOL_DIR / "single-file.js",
}
UNTYPESET = f"'.{page.MATH_CLASS}[{page.TEX_ATTRIBUTE}]:not([{page.TYPESET_ATTRIBUTE}])'"
KEY = f" ? '{page.DISPLAY_KEY}' : '{page.INLINE_KEY}') + node.getAttribute('{page.TEX_ATTRIBUTE}')"

# Where each file spells a name of page.py, written from page.py's values.
SPELLED = {
    "deck.html.j2": [f'<script type="application/json" id="{page.OPTIONS_ID}">',
                     f'<script type="application/json" id="{page.SOURCE_ID}">',
                     f'<script type="application/json" id="{page.MATH_ID}">',
                     f'<script type="application/json" id="{page.MACROS_ID}">'],
    "deck.js": [f"readJson('{page.MATH_ID}')", f"getElementById('{page.MACROS_ID}')", f"readJson('{page.OPTIONS_ID}')", f"readJson('{page.SOURCE_ID}')",
                f"querySelectorAll('.{page.MATH_CLASS}[{page.TEX_ATTRIBUTE}]')",
                f"node.classList.contains('{page.DISPLAY_CLASS}')", f"(display{KEY}",
                f"node.getAttribute('{page.TYPESET_ATTRIBUTE}') === 'true'",
                f"node.setAttribute('{page.TYPESET_ATTRIBUTE}', 'true')",
                f"document.documentElement.setAttribute('{page.READY_ATTRIBUTE}', 'true')",
                f"window.{page.SLIDESHOW_GLOBAL} = slideshow;", f"window.{page.DECK_GLOBAL} = {{"],
    "live.js": [f"getElementById('{page.OPTIONS_ID}')", f"getElementById('{page.SOURCE_ID}')",
                f"(node.classList.contains('{page.DISPLAY_CLASS}'){KEY}", f"querySelectorAll({UNTYPESET})",
                f"querySelector({UNTYPESET})", f"node.setAttribute('{page.TYPESET_ATTRIBUTE}', 'true')",
                f"querySelectorAll('{page.SLIDE_SELECTOR}')",
                f"window.{page.SLIDESHOW_GLOBAL}.getCurrentSlideIndex()", f"window.{page.DECK_GLOBAL}.typeset(",
                f"window.{page.LIVE_GLOBAL} = {{", f"script.getAttribute('{page.TOKEN_ATTRIBUTE}')",
                f"script.getAttribute('{page.VERSION_ATTRIBUTE}')", f"script.getAttribute('{page.KATEX_ATTRIBUTE}')",
                f"location.host + '{page.LIVE_PREFIX}/'", f"fetch('{page.LIVE_PREFIX}/ping?"],
    "export.js": [f"querySelectorAll('{page.SLIDE_SELECTOR}')", f"querySelector('{page.SLIDE_SELECTOR} ",
                  f"querySelectorAll({UNTYPESET})", f"window.{page.EXPORT_GLOBAL} = {{"],
    "print-ready.js": [f"root.getAttribute('{page.READY_ATTRIBUTE}') === 'true'"],
    "print.css": [f"html.deckhand-print {page.SLIDE_SELECTOR} {{"],
    "single-file.js": [f"getElementById('{page.ASSETS_ID}')", f"getElementById('{page.SOURCE_ID}')",
                       f"/{page.ASSET_MARKER}[0-9a-f]+-\\d+/g"],
}
PAGE_ONLY_IDS = {"deckhand-errors"}   # live.js's error overlay: no Python reads or writes it
ELEMENT_IDS = {page.OPTIONS_ID, page.SOURCE_ID, page.MATH_ID, page.MACROS_ID, page.ASSETS_ID}
GLOBALS = {page.SLIDESHOW_GLOBAL, page.DECK_GLOBAL, page.EXPORT_GLOBAL, page.LIVE_GLOBAL}
ATTRIBUTES = {page.READY_ATTRIBUTE, page.TEX_ATTRIBUTE, page.TYPESET_ATTRIBUTE,
              page.TOKEN_ATTRIBUTE, page.VERSION_ATTRIBUTE, page.KATEX_ATTRIBUTE}


def text(name: str) -> str:
    return FILES[name].read_text(encoding="utf-8")


@pytest.mark.parametrize("name, expected", [(name, s) for name, found in SPELLED.items() for s in found])
def test_the_page_spells_each_name_as_page_py_does(name, expected):
    assert expected in text(name)


def test_the_page_reads_no_element_page_py_does_not_name():
    found = {(name, found) for name in FILES for found in
             re.findall(r"""(?:getElementById\(|readJson\(|\bid=|\.id = )["']([\w-]+)["']""", text(name))}
    assert {i for _, i in found} >= ELEMENT_IDS - {page.ASSETS_ID}   # singlefile.py writes deck-assets
    assert {(name, i) for name, i in found if i not in ELEMENT_IDS | PAGE_ONLY_IDS} == set()


def test_the_page_sets_no_global_page_py_does_not_name():
    found = {(name, g) for name in FILES for g in re.findall(r"\bwindow\.(\w+)\s*=(?!=)", text(name))}
    assert {g for _, g in found} == GLOBALS
    assert {(name, g) for name, g in found if g not in GLOBALS} == set()


def test_the_page_uses_no_data_attribute_page_py_does_not_name():
    found = set()
    for name in FILES:
        found |= {(name, a) for a in re.findall(r"\bdata-[a-z]+(?:-[a-z]+)*", text(name))}
        found |= {(name, "data-" + re.sub("[A-Z]", lambda m: "-" + m.group().lower(), d))
                  for d in re.findall(r"\bdataset\.(\w+)", text(name))}
    assert {a for _, a in found} == ATTRIBUTES
    assert {(name, a) for name, a in found if a not in ATTRIBUTES} == set()


def test_export_js_has_each_function_the_pdf_export_calls():
    tree = ast.parse((PACKAGE_DIR / "pdf.py").read_text(encoding="utf-8"))
    called = {node.args[1].value for node in ast.walk(tree) if isinstance(node, ast.Call)
              and getattr(node.func, "id", None) == "_export"}
    assert called == {"addStylesheet", "firstSlide", "prepare"}
    for method in called:
        assert f"    {method}: function (" in text("export.js")


def test_formula_key():
    assert page.formula_key("x^2", True) == "Dx^2"
    assert page.formula_key("a_1 * b_1", False) == "Ia_1 * b_1"


def _literals(tree: ast.Module) -> list[ast.Constant]:
    """The module's string constants, docstrings left out (they may describe the page)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


# page.py's values that Python must not write out again (ordinary lowercase words are too common to look for).
CONTRACT_VALUES = sorted(value for name, value in vars(page).items()
                         if name.isupper() and isinstance(value, str) and not (value.isalpha() and value.islower()))


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE_DIR.rglob("*.py") if p.name != "page.py"),
                         ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_python_takes_the_shared_names_from_page_py(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    repeated = [(node.lineno, node.value) for node in _literals(tree) for value in CONTRACT_VALUES
                if (value in node.value if len(value) > 1 else node.value == value)]
    assert repeated == []

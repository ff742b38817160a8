"""The one contract with the page's JavaScript: every name Python and the page's scripts share.

The scripts spell these names out as literals: templates/deck.html.j2 and deck.js may be copied and
edited by a project, so they must read on their own, and static/*.js are plain files served or run as
they are. tests/unit/test_page_contract.py fails when one of them spells a name differently.
"""

from __future__ import annotations

# The deck page's data: JSON in <script type="application/json" id=...> elements, never markup.
OPTIONS_ID = "deck-options"   # remark's options (deck.html.j2; deck.js, live.js read them)
SOURCE_ID = "deck-source"     # the slide source (deck.js hands it to remark; live.js, single-file.js rewrite it)
MATH_ID = "deck-math"         # formula_key -> KaTeX's HTML made at build time (deck.js)
MACROS_ID = "deck-macros"     # the deck's `macros:`, for KaTeX when the page typesets itself (deck.js)
ASSETS_ID = "deck-assets"     # a single file's embedded files, marker -> data: URI (single-file.js)
ASSET_MARKER = "deckhand-asset-"   # + nonce + "-" + number: where single-file.js puts an embedded file

# On <html>, "true" once remark, the fonts and the formulas are in (deck.js sets it; the PDF waits for it).
READY_ATTRIBUTE = "data-deck-ready"

# A formula's placeholder (mathtex.py): <span class="math display|inline" data-tex="TeX">, which the
# page fills with KaTeX's HTML and marks data-typeset="true".
MATH_CLASS = "math"
DISPLAY_CLASS = "display"
INLINE_CLASS = "inline"
TEX_ATTRIBUTE = "data-tex"
TYPESET_ATTRIBUTE = "data-typeset"
DISPLAY_KEY = "D"
INLINE_KEY = "I"

# remark's slides in order (not the presenter's preview): what live.js, export.js and print.css lay out.
SLIDE_SELECTOR = ".remark-slides-area > .remark-slide-container"

# Globals the page's scripts define.
SLIDESHOW_GLOBAL = "slideshow"    # deck.js: remark's slideshow, for tools and tests
DECK_GLOBAL = "deckhand"          # deck.js: typeset(root), ready (live.js typesets through it)
EXPORT_GLOBAL = "deckhandExport"  # export.js: firstSlide(), prepare(), addStylesheet() (the PDF export calls them)
LIVE_GLOBAL = "deckhandLive"      # live.js: connected, updates, errors (for tests)

# live.js's <script> element, as the live server writes it, and the server's own paths.
LIVE_PREFIX = "/_deckhand"
TOKEN_ATTRIBUTE = "data-token"
VERSION_ATTRIBUTE = "data-version"
KATEX_ATTRIBUTE = "data-katex"


def formula_key(tex: str, display: bool) -> str:
    """How the page looks a formula's HTML up in MATH_ID: 'D' (display) or 'I' (inline), then its TeX."""
    return (DISPLAY_KEY if display else INLINE_KEY) + tex

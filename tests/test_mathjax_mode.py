"""A deck written for remark+MathJax (`math: mathjax`), built into tmp_path: every formula is read as
MathJax read it and typeset by KaTeX at build time, with the exact TeX MathJax saw."""

from __future__ import annotations

import json
import re
import shutil

from deckhand.parse import load_deck
from tests.conftest import DECKS_DIR

# (the author's line, display, the TeX MathJax 2.7 saw after remark's Markdown, braced for KaTeX)
EXPECTED = [
    (18, False, r"f(x) = W x + b"),
    (20, False, r"W \in \mathbb{R}^{k \times d}"),
    (20, False, r"b\in\mathbb{R}^k"),
    (22, True, r"\vec w = \{w, b\}"),
    (28, True, r"p_{\vec{w}}(y|x) = \frac{e^{f_y(x)}}{\sum_{j} e^{f_j(x)}}"),
    (30, False, r"l = -\log p_{\vec{w}}(y|x)"),
    (31, False, r"\nabla_{x} l"),
    (31, False, r"\nabla_{\mathbf{w}} l"),
    (37, True, r"w_{t+1} = w_t - \eta \nabla_{w} l(w_t)"),
    (39, False, r"\eta = 10^{\frac12} \cdot 10^{-3}"),
    (39, False, r"x^*"),
    (41, False, r"\hat{w} = \arg\min_w \sum_i l_i + \lambda \|w\|^2"),
]


def test_the_deck_model_keeps_the_authors_lines_and_the_tex_mathjax_saw():
    deck = load_deck(DECKS_DIR / "mathjax-era.md")
    assert deck.settings.math == "mathjax" and not deck.problems
    assert [(m.line, m.display, m.tex) for m in deck.math] == EXPECTED


def test_every_formula_is_typeset_by_katex_on_the_page(tmp_path, run_build):
    shutil.copy(DECKS_DIR / "mathjax-era.md", tmp_path / "mathjax-era.md")
    out = tmp_path / "out"
    code, stdout, stderr = run_build(tmp_path / "mathjax-era.md", "--out", out)
    assert (code, stderr) == (0, "")
    page = (out / "mathjax-era" / "index.html").read_text(encoding="utf-8")
    math = json.loads(re.search(r'<script type="application/json" id="deck-math">(.*?)</script>', page, re.S).group(1))
    assert len(math) == len(EXPECTED)
    for _, display, tex in EXPECTED:
        html = math[("D" if display else "I") + tex]
        assert "katex-error" not in html
        annotation = tex.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f'<annotation encoding="application/x-tex">{annotation}</annotation>' in html

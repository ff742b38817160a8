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


def test_without_the_switch_the_doctor_names_each_formula_mathjax_read_otherwise(tmp_path, run_build):
    """The same deck imported without `math: mathjax`: a W-math at each formula's line, with the fix."""
    text = (DECKS_DIR / "mathjax-era.md").read_text(encoding="utf-8").replace("math: mathjax\n", "")
    (tmp_path / "talk.md").write_text(text, encoding="utf-8")
    code, stdout, _ = run_build("--check", tmp_path / "talk.md")
    switch = "or set 'math: mathjax' in the front matter for a deck written for MathJax"
    differences = [line.split(": warning: ", 1)[1] for line in stdout.splitlines()
                   if "remark+MathJax" in line and line.startswith(str(tmp_path / "talk.md"))]
    lines = [int(line.split(":")[1]) for line in stdout.splitlines() if "remark+MathJax" in line]
    assert code == 1 and lines == [17, 21, 27, 29, 30, 30, 36, 38, 40]   # line numbers of the file without line 5
    assert differences[0] == ("`$f(x) = W x + b $` is not math here (a space inside the dollars), but remark+MathJax "
                              f"typeset it (write `$f(x) = W x + b$` for a formula, {switch}) [W-math]")
    assert differences[1] == ("under remark+MathJax `\\\\{` in $$\\vec w = \\\\{w, b\\\\}$$ was `\\{`: Markdown took the "
                              f"backslash before MathJax saw it (write `\\{{` here, {switch}) [W-math]")
    assert differences[5] == ("under remark+MathJax `\\_` in $\\nabla\\_\\mathbf{w} l$ was `_`: Markdown took the "
                              f"backslash before MathJax saw it (write `_` here, {switch}) [W-math]")
    errors = [line.split(": error: ", 1)[1] for line in stdout.splitlines() if ":27: error: " in line]
    assert errors == ["KaTeX cannot typeset $$p_\\vec{w}(y|x) = \\frac{e^{f\\_y(x)}}{\\sum\\_{j} e…$$: Got function "
                      "'\\vec' with no arguments as subscript (write `p_{\\vec{w}}(y|x) = \\frac{e^{f\\_y(x)}}{\\sum\\_{j}…`, "
                      "as MathJax read it, or set 'math: mathjax' in the front matter for a deck written for MathJax; "
                      "the slide shows it as red source text) [E-math]"]

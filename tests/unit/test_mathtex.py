"""Math is found by pandoc's dollar rules, outside code and comments, and reaches KaTeX intact."""

import html
import re
from pathlib import Path

import pytest

from deckhand.parse import parse_body
from deckhand.frontmatter import Settings
from deckhand.mathtex import brace_scripts, find_math, mathjax_differences, placeholder


def formulas(source):
    found, _ = find_math(parse_body(Path("t.md"), Settings(), source, 0))
    return [(m.tex, m.display, m.line) for m in found]


@pytest.mark.parametrize("source, expected", [
    ("$x$", [("x", False, 1)]),
    ("a $a_1 * b_1$ b", [("a_1 * b_1", False, 1)]),
    ("it costs $5 and $10.", []),
    ("it costs $5, or $x$", [("x", False, 1)]),
    ("$20,000 and $30,000", []),
    ("$ x$ is not math, nor $x $", []),
    (r"escaped \$x\$ is text", []),
    ("$$\\sum_i x_i$$", [("\\sum_i x_i", True, 1)]),
    ("line\n$$ a\n= b $$\nnext $c$", [("a\n= b", True, 2), ("c", False, 4)]),
    ("`$x$` in code", []),
    ("```\n$x$\n```\n", []),
    ("text\n\n    $x$ indented code\n", []),
    ("$$ a =\n     b \\cdot\n     c $$", [("a =\n     b \\cdot\n     c", True, 1)]),  # indented lines continue a paragraph
    ("# t\n---\n    $x$ code at the top of a slide", []),
    ("<!-- $x$ -->", []),
    ("<!-- $x$ --> and $y$", [("y", False, 1)]),
    (".red[A class with $\\left[ x \\right]$ in it]", [("\\left[ x \\right]", False, 1)]),
    ("$a\n\nb$", []),                        # a blank line ends inline math
    ("$$ $$ empty", []),
    (r"$\$5$", [(r"\$5", False, 1)]),
])
def test_find_math(source, expected):
    assert formulas(source) == expected


def test_line_numbers_count_the_front_matter():
    deck = parse_body(Path("t.md"), Settings(), "# a\n\n$x$\n", 4)
    assert [m.line for m in find_math(deck)[0]] == [7]


@pytest.mark.parametrize("tex", [
    r"\dfrac{\partial \ell}{\partial z_{i+1}} \cdot w_{i+1}",
    "a_1 * b_1 + a_2 * b_2",
    "x | y [z] {{content}} `q` </script> <!-- & \" '",
    "\u00e9\u2028\u03b1",
])
def test_placeholder_round_trips_and_hides_markdown(tex):
    span = placeholder(tex, display=False)
    encoded = re.fullmatch(r'<span class="math inline" data-tex="([^"]*)"></span>', span).group(1)
    assert html.unescape(encoded) == tex
    # nothing Markdown or remark could act on is left in the attribute
    assert not set(encoded) & set("*_[]{}`|<>\\$\n\u2028")


def mathjax_formulas(source):
    found, _ = find_math(parse_body(Path("t.md"), Settings(math="mathjax"), source, 0))
    return [(m.tex, m.display, m.line, source[m.start:m.end]) for m in found]


@pytest.mark.parametrize("source, expected", [
    (r"$\nabla\_{x} l$", [(r"\nabla_{x} l", False, 1, r"$\nabla\_{x} l$")]),
    (r"$$\vec w = \\{w, b\\}$$", [(r"\vec w = \{w, b\}", True, 1, r"$$\vec w = \\{w, b\\}$$")]),
    ("> $f(x) = W x + b $", [("f(x) = W x + b", False, 1, "$f(x) = W x + b $")]),
    (r"$$p_\vec{w}(y|x)$$", [(r"p_{\vec{w}}(y|x)", True, 1, r"$$p_\vec{w}(y|x)$$")]),
    (r"$a\*b \\\\ c$", [(r"a*b \\ c", False, 1, r"$a\*b \\\\ c$")]),
    ("x\n$ a_{\\$} $ and $b$", [(r"a_{\$}", False, 2, "$ a_{\\$} $"), ("b", False, 2, "$b$")]),
    ("$\\{ a $ b \\}$", [(r"{ a $ b }", False, 1, "$\\{ a $ b \\}$")]),   # marked's `{`; tex2jax counts braces
    ("$a\n\nb$", []),
    ("`$x$` in code", []),
    ("$a &lt; b &amp;&amp; c &lt d$", [("a < b && c &lt d", False, 1, "$a &lt; b &amp;&amp; c &lt d$")]),
])
def test_a_mathjax_deck_is_read_as_remark_and_mathjax_read_it(source, expected):
    assert mathjax_formulas(source) == expected


@pytest.mark.parametrize("tex, expected", [
    (r"p_\vec{w}(y|x)", r"p_{\vec{w}}(y|x)"),
    (r"x^\frac12", r"x^{\frac12}"),
    (r"x^\frac{a}{b}+1", r"x^{\frac{a}{b}}+1"),
    (r"a_\mathrm{max}", r"a_{\mathrm{max}}"),
    (r"r^\sqrt[3]{x}", r"r^{\sqrt[3]{x}}"),
    (r"x_ \hat{y}", r"x_ {\hat{y}}"),
    (r"e^\vec{a_\mathbf{b}}", r"e^{\vec{a_{\mathbf{b}}}}"),
    (r"x_\alpha y", r"x_\alpha y"),         # no argument: KaTeX takes it as written
    (r"x_{\vec{w}}", r"x_{\vec{w}}"),
    (r"a\_\vec{w}", r"a\_\vec{w}"),         # an escaped underscore is no subscript
])
def test_a_script_command_gets_its_arguments_braced(tex, expected):
    assert brace_scripts(tex) == expected


@pytest.mark.parametrize("source, expected", [
    (r"$\nabla\_{x} l$", [(1, r"\_", "_")]),
    (r"$$\vec w = \\{w, b\\}$$", [(1, r"\\{", r"\{")]),
    ("# t\n> $f(x) = W x + b $", [(2, "$f(x) = W x + b $", "$f(x) = W x + b$")]),
    (r"$x^\*$ and $a\\_b$", [(1, r"\*", "*"), (1, r"\\_", r"\_")]),
    # what an author writing for KaTeX means, and MathJax's author could not have: no warning
    (r"$\{x \mid x > 0\}$, $\|x\|$, $$\begin{aligned} a \\ b \\[2pt] c \end{aligned}$$, $\_$", [(1, r"\_", "_")]),
    ("it costs $5 and $10, $x$", []),
    ("`$ x $` in code", []),
])
def test_formulas_remark_and_mathjax_read_otherwise(source, expected):
    deck = parse_body(Path("t.md"), Settings(), source, 0)
    assert [(m.line, written, seen) for m, written, seen in mathjax_differences(deck)] == expected


def test_a_mathjax_deck_has_no_differences_to_report():
    assert mathjax_differences(parse_body(Path("t.md"), Settings(math="mathjax"), "$\\nabla\\_{x} l$ $ x $", 0)) == []

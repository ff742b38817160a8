"""Math is found by pandoc's dollar rules, outside code and comments, and reaches KaTeX intact."""

import html
import re
from pathlib import Path

import pytest

from deckhand.parse import parse_body
from deckhand.frontmatter import Settings
from deckhand.mathtex import find_math, placeholder


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

"""The slide source is data: what remark receives, and how it is embedded in the page."""

import json
import re
from pathlib import Path

import pytest

from deckhand.parse import parse_body
from deckhand.frontmatter import Settings
from deckhand.render import embed_json, embed_math
from deckhand.source import remark_source


def source_for(text):
    return remark_source(parse_body(Path("t.md"), Settings(), text, 0))


@pytest.mark.parametrize("text, expected", [
    ("plain *text*", "plain *text*"),
    ("a </textarea> b", "a &lt;/textarea> b"),
    ("a <script>alert(1)</script> b", "a &lt;script>alert(1)&lt;/script> b"),
    ("`</script>` stays code", "`</script>` stays code"),
    ("```\n<script>x</script>\n```", "```\n<script>x</script>\n```"),
    ("<!-- </script> -->", "<!-- </script> -->"),
    ("<div>kept</div> <style>.x{}</style>", "<div>kept</div> <style>.x{}</style>"),
    ("costs \\$5", "costs &#36;5"),
    ("{{ deck.title }} {% if %}", "{{ deck.title }} {% if %}"),
])
def test_remark_source(text, expected):
    assert source_for(text) == expected


def test_slides_and_lines_are_unchanged():
    text = "# a\n$$\nx_1\n$$\n---\n# b </textarea>\n--\n$y$"
    assert source_for(text).count("\n---\n") == 1
    assert source_for(text).count("\n--\n") == 1


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "{{ x }} {% y %}",
    "line\u2028separator\u2029",
    "&amp; & <b>",
])
def test_embed_json_is_inert_in_a_script_element(value):
    embedded = str(embed_json(value))
    assert not re.search(r"[<>&\u2028\u2029]", embedded)
    assert json.loads(embedded) == value


@pytest.mark.parametrize("math", [
    {},
    {"Ix": '<span class="katex">x</span>'},
    {"Iz</script>": "<b>&amp;</b>", "Da_1": '<span title="\u2028">"quoted"</span>', "I\\alpha": "é"},
])
def test_embed_math_is_embed_json_to_the_byte(math):
    assert str(embed_math(math)) == str(embed_json(math))

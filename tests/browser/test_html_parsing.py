"""The HTML check's severities are Chromium's: each malformed tag of the unit tests is parsed by
Chromium, and it is an error (E-html) exactly when the tag Chromium makes loses an attribute the
author wrote, or the tag itself; a warning (W-html) when every attribute arrives as written."""

from __future__ import annotations

import re

import pytest

from tests.unit.test_checks import MALFORMED_TAGS

# what the author meant: every name=value written, the first of each name (as HTML keeps it)
_WRITTEN = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")

PARSE_JS = """html => {
  const holder = document.createElement('div');
  holder.innerHTML = html + '<p id="after">after</p>';
  const img = holder.querySelector('img');
  return {attrs: img ? [...img.attributes].map(a => [a.name, a.value]) : null,
          after: holder.querySelector('#after') !== null};
}"""


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>parse</title>")
    yield page
    page.close()


@pytest.mark.parametrize("tag, code, expected", MALFORMED_TAGS, ids=[t[0] for t in MALFORMED_TAGS])
def test_an_error_is_a_tag_chromium_breaks(page, tag, code, expected):
    parsed = page.evaluate(PARSE_JS, tag)
    meant: dict[str, str] = {}
    for name, value in _WRITTEN.findall(tag[len("<img"):]):
        meant.setdefault(name, value.strip("\"'"))
    got = dict(parsed["attrs"] or [])
    kept = parsed["after"] and parsed["attrs"] is not None and all(got.get(k) == v for k, v in meant.items())
    assert (code == "E-html") == (not kept), (tag, parsed)


def test_chromium_reads_an_end_br_as_a_line_break(page):
    assert page.evaluate("""() => { const d = document.createElement('div'); d.innerHTML = 'one</br>two';
                                     return d.innerHTML; }""") == "one<br>two"

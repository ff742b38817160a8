"""Math: every formula of every deck typeset by the installed KaTeX (see katex.py: one Node
process per build, answers remembered by TeX); E-math where KaTeX fails, W-math where it warns."""

from __future__ import annotations

from ..project import Project

from .. import katex
from ..errors import KatexUnavailable, Problem
from ..mathtex import brace_scripts, mathjax_differences
from .base import Scan, finding, quoted


def check_math(scans: list[Scan], project: Project) -> list[Problem]:
    """E-math for each formula KaTeX cannot parse (at the line of the error), W-math for its strict
    warnings; one W-math when the math cannot be checked at all."""
    problems = [problem for scan in scans for problem in _read_otherwise_by_mathjax(scan)]
    formulas = [(scan, m) for scan in scans for m in scan.math]
    if not formulas:
        return problems
    try:
        answers = katex.typeset([scan.deck for scan in scans], project)
    except KatexUnavailable as exc:
        return problems + [finding(formulas[0][0].deck, 0, "W-math", f"{len(formulas)} formulas not checked: "
                                   f"{exc.message}", exc.hint)]
    for scan, math in formulas:
        answer = answers[scan.deck.src_path][(math.tex, math.display)]
        shown = f"$${quoted(math.tex)}$$" if math.display else f"${quoted(math.tex)}$"
        if answer.get("error"):
            line = _error_line(scan, math, answer.get("position"))
            hint = "fix the formula; the slide shows it as red source text"
            if scan.deck.settings.math == "katex" and (braced := brace_scripts(math.tex)) != math.tex:
                hint = (f"write `{quoted(braced)}`, as MathJax read it, or set 'math: mathjax' in the front matter "
                        "for a deck written for MathJax; the slide shows it as red source text")
            problems.append(finding(scan.deck, line, "E-math", f"KaTeX cannot typeset {shown}: {answer['error']}",
                                    hint))
        for warning in answer.get("warnings", []):
            problems.append(finding(scan.deck, math.line, "W-math", f"KaTeX warns about {shown}: {warning}",
                                    "the browser console shows this warning too"))
    return problems


def _read_otherwise_by_mathjax(scan: Scan) -> list[Problem]:
    """W-math where a deck read by pandoc's rules has a formula remark+MathJax read otherwise (a
    deck written for MathJax, imported without `math: mathjax`), with the fix either way."""
    deck = scan.deck
    if deck.settings.math != "katex":
        return []
    problems = []
    for math, written, seen in mathjax_differences(deck):
        if deck.slide_at(math.line).excluded:
            continue
        switch = "or set 'math: mathjax' in the front matter for a deck written for MathJax"
        if written.startswith("$"):
            message = f"`{quoted(written)}` is not math here (a space inside the dollars), but remark+MathJax typeset it"
            hint = f"write `{quoted(seen)}` for a formula, {switch}"
        else:
            shown = f"$${quoted(math.tex)}$$" if math.display else f"${quoted(math.tex)}$"
            message = (f"under remark+MathJax `{written}` in {shown} was `{seen}`: Markdown took the "
                       "backslash before MathJax saw it")
            hint = f"write `{seen}` here, {switch}"
        problems.append(finding(deck, math.line, "W-math", message, hint))
    return problems


def _error_line(scan: Scan, math, position: int | None) -> int:
    """The file line of the character KaTeX stopped at, else the formula's first line."""
    deck = scan.deck
    at = deck.body.find(math.tex, math.start, math.end)
    if position is None or at < 0:
        return math.line
    return deck.line_of(at + min(position, len(math.tex) - 1))

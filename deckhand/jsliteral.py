"""Read the JavaScript object literals of a remark page (`remark.create({...})`, `MathJax.Hub.Config({...})`)
as Python values, without running them: strings, numbers, booleans, null, arrays, objects. Anything
else (a function, a variable, a call) is kept as `Code`, its source text, for the importer to report."""

from __future__ import annotations

import dataclasses
import re

_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}
_CLOSE = {"(": ")", "[": "]", "{": "}"}


@dataclasses.dataclass(frozen=True)
class Code:
    """A value that is not a literal: its source text."""

    text: str


def _refused(message: str, at: int) -> ValueError:
    """What read_value raises: ValueError(message, offset where the text stopped being a literal)."""
    return ValueError(message, at)


def read_value(text: str, start: int = 0) -> tuple[object, int]:
    """The value that begins at `start` (after spaces and comments), and the offset after it;
    ValueError(message, offset) where the text is not one."""
    return _Reader(text).value(start)


class _Reader:
    def __init__(self, text: str):
        self.text = text

    def skip(self, pos: int) -> int:
        return _SPACE.match(self.text, pos).end()

    def value(self, pos: int) -> tuple[object, int]:
        pos = self.skip(pos)
        char = self.text[pos:pos + 1]
        if char == "{":
            return self.object(pos + 1)
        if char == "[":
            return self.array(pos + 1)
        if char and char in "'\"`":
            return self.string(pos)
        number = _NUMBER.match(self.text, pos)
        if number and not _NAME.match(self.text, number.end()):
            literal = number.group()
            return (float(literal) if any(c in literal for c in ".eE") else int(literal)), number.end()
        name = _NAME.match(self.text, pos)
        if name and name.group() in ("true", "false", "null", "undefined"):
            after = self.skip(name.end())
            if self.text[after:after + 1] in (",", "}", "]", ")", ""):
                return {"true": True, "false": False}.get(name.group()), name.end()
        if not char:
            raise _refused("the text ends where a value should be", pos)
        return self.code(pos)

    def object(self, pos: int) -> tuple[dict, int]:
        found: dict[str, object] = {}
        while True:
            pos = self.skip(pos)
            char = self.text[pos:pos + 1]
            if char == "}":
                return found, pos + 1
            if char and char in "'\"`":
                key, pos = self.string(pos)
            elif (name := _NAME.match(self.text, pos) or _NUMBER.match(self.text, pos)) is not None:
                key, pos = name.group(), name.end()
            else:
                raise _refused("expected a property name or '}'", pos)
            pos = self.skip(pos)
            if self.text[pos:pos + 1] != ":":
                raise _refused(f"expected ':' after '{key}'", pos)
            found[key], pos = self.value(pos + 1)
            pos = self.after_item(pos, "}")

    def array(self, pos: int) -> tuple[list, int]:
        found: list[object] = []
        while True:
            pos = self.skip(pos)
            if self.text[pos:pos + 1] == "]":
                return found, pos + 1
            item, pos = self.value(pos)
            found.append(item)
            pos = self.after_item(pos, "]")

    def after_item(self, pos: int, close: str) -> int:
        pos = self.skip(pos)
        char = self.text[pos:pos + 1]
        if char == ",":
            return pos + 1
        if char == close:
            return pos
        raise _refused(f"expected ',' or '{close}'", pos)

    def string(self, pos: int) -> tuple[str, int]:
        quote, parts, at = self.text[pos], [], pos + 1
        while at < len(self.text):
            char = self.text[at]
            if char == quote:
                return "".join(parts), at + 1
            if char == "\\":
                parts.append(self.escape(at + 1))
                at += 2 + self._escape_length(at + 1)
                continue
            if quote == "`" and self.text.startswith("${", at):
                raise _refused("a template string with ${...} is code, not text", at)
            if char == "\n" and quote != "`":
                break
            parts.append(char)
            at += 1
        raise _refused("a string that is never closed", pos)

    def escape(self, at: int) -> str:
        char = self.text[at:at + 1]
        if char in ("x", "u"):
            digits = self._escape_length(at)
            code = self.text[at + 1:at + 1 + digits].strip("{}")
            try:
                return chr(int(code, 16))
            except ValueError:
                return char
        return _ESCAPES.get(char, char)

    def _escape_length(self, at: int) -> int:
        """How many characters after the escape's first one belong to it."""
        char = self.text[at:at + 1]
        if char == "x":
            return 2
        if char == "u":
            if self.text[at + 1:at + 2] == "{":
                end = self.text.find("}", at)
                return end - at if end > 0 else 0
            return 4
        return 0

    def code(self, pos: int) -> tuple[Code, int]:
        """An expression that is not a literal (a function, a name): up to the ',' or closing
        bracket that ends it, with its own brackets, strings and comments skipped."""
        depth, at = [], pos
        while at < len(self.text):
            char = self.text[at]
            if char in "'\"`":
                at = self._past_string(at)
                continue
            if self.text.startswith(("//", "/*"), at):
                after = self.skip(at)
                at = after if after > at else len(self.text)   # a comment never closed runs to the end
                continue
            if char in _CLOSE:
                depth.append(_CLOSE[char])
            elif char in ")]}":
                if not depth:
                    break
                depth.pop()
            elif char == "," and not depth:
                break
            at += 1
        return Code(self.text[pos:at].strip()), at

    def _past_string(self, pos: int) -> int:
        quote, at = self.text[pos], pos + 1
        while at < len(self.text) and self.text[at] != quote:
            at += 2 if self.text[at] == "\\" else 1
        return at + 1

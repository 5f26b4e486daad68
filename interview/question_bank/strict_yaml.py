"""The subset of YAML that front matter may use, and a line and a message for every failure.

Refused while the node tree is composed, before anything is expanded or constructed:
aliases and anchors (a "billion laughs" document would expand exponentially, a recursive
alias would become a cycle), explicit tags (``!!float x``, ``!!python/...``) and nesting
deeper than ``MAX_DEPTH`` (PyYAML's composer recurses). Scalars are constructed one by one,
so an impossible date or a 5,000-digit number is reported on its own line.
"""

from __future__ import annotations

from typing import Any

import yaml

from interview.question_bank.source import FORBIDDEN, describe_character

MAX_DEPTH = 20  # front matter needs 4: mapping > scale > point > value
MAX_NODES = 2000  # a 7-point scale with 10 levels needs under 100; bounds the parse time
MAX_INT_BITS = 64
SHOWN_CHARS = 40
STANDARD_TAG = "tag:yaml.org,2002:"
# A YAML error inside one of these is usually an unclosed quote or bracket:
# the message then points where it opens, not where YAML gave up.
OPENERS = {
    "while scanning a quoted scalar": "quote",
    "while parsing a flow sequence": "'['",
    "while parsing a flow mapping": "'{'",
}


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader restricted to plain data; ``first`` is the file line of line 0."""

    def __init__(self, text: str, first: int) -> None:
        super().__init__(text)
        self.first = first
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = self.first + event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                line, f"YAML aliases ('*{_short(event.anchor)}') are not allowed: write it out"
            )
        if event.anchor is not None:
            raise YamlProblem(
                line, f"YAML anchors ('&{_short(event.anchor)}') are not allowed: write it out"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = _short(tag.replace(STANDARD_TAG, "!!"))
            raise YamlProblem(
                line, f"YAML tags ('{shown}') are not allowed; quote the value if it is text"
            )
        if self.depth >= MAX_DEPTH:
            raise YamlProblem(line, f"lists and mappings nested more than {MAX_DEPTH} deep")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(line, f"front matter has more than {MAX_NODES} values")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar node, checked: never raises anything but ``YamlProblem``."""
        line = self.first + node.start_mark.line
        try:
            value = self.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            raise YamlProblem(line, _unreadable(node)) from None
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise YamlProblem(
                line, f"the number '{_short(node.value)}' is too large; quote it if it is text"
            )
        if isinstance(value, str) and (bad := FORBIDDEN.search(value)):
            raise YamlProblem(line, describe_character(bad.group()))
        return value


def problem_from(exc: BaseException, text: str, first: int) -> YamlProblem:
    """A ``YamlProblem`` for whatever PyYAML raised while reading ``text``."""
    if isinstance(exc, RecursionError):
        return YamlProblem(first, "malformed YAML: nested too deeply")
    if isinstance(exc, yaml.MarkedYAMLError):
        return _marked(exc, text, first)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, str):
        line = first + text.count("\n", 0, exc.position)
        return YamlProblem(line, describe_character(exc.character))
    return YamlProblem(first, f"malformed YAML: {exc}")


def _marked(exc: yaml.MarkedYAMLError, text: str, first: int) -> YamlProblem:
    problem = exc.problem or exc.context or "not valid YAML"
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    opener = OPENERS.get(exc.context or "")
    if opener and exc.context_mark and exc.context_mark.line != line:
        return YamlProblem(
            first + exc.context_mark.line,
            f"malformed YAML: the {opener} opened here is not closed "
            f"(YAML gave up on line {first + line}: {problem})",
        )
    quote = _multi_line_quote(text, line)
    if quote is not None:
        start, end = quote
        return YamlProblem(
            first + start,
            f"malformed YAML: the quote opened here closes only on line {first + end}; "
            f"is a closing quote missing? (YAML gave up on line {first + line}: {problem})",
        )
    return YamlProblem(first + line, f"malformed YAML: {problem}")


def _multi_line_quote(text: str, before: int) -> tuple[int, int] | None:
    """(start, end) lines of the first quoted value spanning lines up to line ``before``.

    Valid YAML, but in front matter almost always an unclosed quote that a later quote
    happened to close, so it is the likelier culprit of a later error.
    """
    scanner = yaml.SafeLoader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line > before:
                return None
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                return token.start_mark.line, token.end_mark.line
    except yaml.YAMLError:
        return None
    finally:
        scanner.dispose()
    return None


def _unreadable(node: yaml.ScalarNode) -> str:
    shown = _short(node.value)
    if node.tag == STANDARD_TAG + "timestamp":
        return f"'{shown}' is not a valid date; quote it if it is text"
    if node.tag == STANDARD_TAG + "int":
        return f"the number '{shown}' is too long; quote it if it is text"
    return f"cannot read the value '{shown}'; quote it if it is text"


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"

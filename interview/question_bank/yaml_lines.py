"""YAML front matter to Python values that remember the line each key stood on.

PyYAML drops line numbers once a document is constructed, and silently keeps the
last of two equal keys; composing the node tree ourselves gives both back.

Front matter is a handful of keys, lists and texts, so only that subset of YAML is
accepted (see ``strict_yaml``): no aliases, anchors or tags, bounded nesting. Every
way PyYAML can fail becomes a ``YamlProblem`` with a line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from interview.question_bank.strict_yaml import StrictLoader, YamlProblem, problem_from

__all__ = ["LineDict", "LineList", "YamlProblem", "load", "looks_cut"]

# A comment right after a value. YAML ends a plain value at " #", so "title: Team #1"
# is the title "Team"; a deliberate comment usually has two spaces and "# " after them.
TRAILING_COMMENT = re.compile(r"[ \t]+#.*")
DELIBERATE_COMMENT = re.compile(r"[ \t]{2,}#(?:[ \t]|$)")


class LineDict(dict):
    """A mapping whose ``line_of(key)`` is the file line of that key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        # key -> what followed its plain value on the line (" # ..."), read as a comment
        self.comments: dict[Any, str] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        self.comments: dict[int, str] = {}

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def looks_cut(comment: str | None) -> bool:
    """Whether a comment after a text value is more likely the rest of the text."""
    return comment is not None and not DELIBERATE_COMMENT.match(comment)


def load(text: str, first_line: int) -> tuple[Any, list[tuple[int, str]]]:
    """Parse ``text`` whose first line is file line ``first_line``.

    Returns the value and a list of (line, message) for duplicate keys.
    Raises ``YamlProblem`` for malformed or refused YAML, and for nothing else.
    """
    loader = None
    try:
        loader = StrictLoader(text, first_line)
        node = loader.get_single_node()
        duplicates: list[tuple[int, str]] = []
        if node is None:
            return None, duplicates
        converter = _Converter(loader, text.split("\n"), first_line, duplicates)
        return converter.convert(node), duplicates
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise problem_from(exc, text, first_line) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Converter:
    """Node tree to ``LineDict``/``LineList``/scalars, with file line numbers."""

    def __init__(self, loader: StrictLoader, lines: list[str], first: int, dups: list) -> None:
        self.loader = loader
        self.lines = lines
        self.first = first
        self.dups = dups

    def convert(self, node: yaml.Node) -> Any:
        line = node.start_mark.line
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line)
        if isinstance(node, yaml.SequenceNode):
            items = LineList(self.first + line)
            for index, item in enumerate(node.value):
                items.append(self.convert(item))
                items.item_lines.append(self.first + item.start_mark.line)
                if (comment := self._comment_after(item)) is not None:
                    items.comments[index] = comment
            return items
        return self.loader.scalar(node)

    def _mapping(self, node: yaml.MappingNode, line: int) -> LineDict:
        result = LineDict(self.first + line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                message = "a key must be a word, not a list or mapping"
                raise YamlProblem(self.first + key_line, message)
            key = self.convert(key_node)
            if key in result:
                self.dups.append(
                    (
                        self.first + key_line,
                        f"duplicate key '{key}' (first on line {result.line_of(key)})",
                    )
                )
                continue
            result[key] = self.convert(value_node)
            result.key_lines[key] = self.first + key_line
            if (comment := self._comment_after(value_node)) is not None:
                result.comments[key] = comment
        return result

    def _comment_after(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.style is not None:
            return None
        end = node.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        match = TRAILING_COMMENT.match(rest)
        return match.group() if match else None

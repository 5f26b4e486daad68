"""YAML front matter to Python values that remember the line each key stood on.

PyYAML drops line numbers once a document is constructed, and silently keeps the
last of two equal keys; composing the node tree ourselves gives both back.
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict):
    """A mapping whose ``line_of(key)`` is the file line of that key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str, first_line: int) -> tuple[Any, list[tuple[int, str]]]:
    """Parse ``text`` whose first line is file line ``first_line``.

    Returns the value and a list of (line, message) for duplicate keys.
    Raises ``YamlProblem`` for malformed YAML.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlProblem(line, f"malformed YAML: {exc.problem or exc.context}") from exc
    finally:
        loader.dispose()
    duplicates: list[tuple[int, str]] = []
    if node is None:
        return None, duplicates
    return _convert(node, loader, first_line, duplicates), duplicates


def _convert(node: yaml.Node, loader: yaml.SafeLoader, first: int, dups: list) -> Any:
    line = first + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        result = LineDict(line)
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, first, dups)
            key_line = first + key_node.start_mark.line
            if key in result:
                dups.append(
                    (key_line, f"duplicate key '{key}' (first on line {result.line_of(key)})")
                )
                continue
            result[key] = _convert(value_node, loader, first, dups)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LineList(line)
        for item in node.value:
            items.append(_convert(item, loader, first, dups))
            items.item_lines.append(first + item.start_mark.line)
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise YamlProblem(line, f"malformed YAML: {exc.problem}") from exc

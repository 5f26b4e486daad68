"""Checks on front-matter values that report the offending line."""

from __future__ import annotations

import datetime
import re
from typing import Any

from interview.question_bank.errors import ErrorList
from interview.question_bank.yaml_lines import LineDict, LineList, looks_cut

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Fields:
    """Reads keys of one front-matter mapping, recording problems with their lines."""

    def __init__(self, path: str, meta: LineDict, errors: ErrorList, allowed: set[str]) -> None:
        self.path = path
        self.meta = meta
        self.errors = errors
        for key in meta:
            if key not in allowed:
                errors.add(
                    path,
                    meta.line_of(key),
                    f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                )

    def line(self, key: str) -> int:
        return self.meta.line_of(key)

    def error(self, key: str, message: str) -> None:
        self.errors.add(self.path, self.line(key), message)

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.errors.add(self.path, self.meta.line, f"missing required key '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"'{key}' must be text, not {kind_of(value)}")
            return None
        if looks_cut(self.meta.comments.get(key)):
            self.error(key, cut_message(f"'{key}'", self.meta.comments[key]))
            return None
        value = str(value).strip()
        if not value:
            if required:
                self.error(key, f"'{key}' must not be empty")
            return None
        return value

    def identifier(self, key: str = "id") -> str | None:
        value = self.text(key)
        if value is not None and not ID_PATTERN.match(value):
            self.error(key, f"'{key}' must be lower-case letters, digits and dashes, got '{value}'")
            return None
        return value

    def integer(self, key: str, *, minimum: int | None = None) -> int | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"'{key}' must be a whole number, not {kind_of(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(key, f"'{key}' must be at least {minimum}")
            return None
        return value

    def flag(self, key: str, default: bool) -> bool:
        value: Any = self.meta.get(key, default)
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false")
            return default
        return value


def kind_of(value: Any) -> str:
    """What a wrong value is, in the words of the bank's README."""
    if isinstance(value, LineDict):
        return "a mapping"
    if isinstance(value, LineList):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.date):
        return "a date"
    return "empty" if value is None else type(value).__name__


def cut_message(what: str, comment: str) -> str:
    return (
        f"{what} is cut off at ' #': YAML reads '{comment.strip()}' as a comment; "
        "put the whole text in quotes to keep it"
    )


def slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")

"""Untrusted input is checked where it enters, in one place: ids in URLs, page numbers,
JSON bodies and text. What passes here can be stored on SQLite and PostgreSQL alike.

- Ids in URLs are 32-bit (PostgreSQL ``integer``): larger ones simply match no route (404).
- JSON bodies refuse ``NaN`` and ``Infinity`` (Python's parser accepts them, JSON does not).
- Text must not hold NUL characters (PostgreSQL refuses them) or unpaired surrogates
  (they cannot be encoded as UTF-8, so a page showing them would fail for good).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
MAX_PAGE = 100_000
# Dates a person can mean in this app; outside this range time zone arithmetic overflows.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2200

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


class IdConverter(IntegerConverter):
    """``<int:id>`` in every route, bounded to what the database can hold."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class StrictJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_constant", _refuse_constant)
        return super().loads(s, **kwargs)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can."""
    match = _BAD_TEXT.search(value)
    if match is None:
        return None
    if match.group() == "\x00":
        return _("contains a NUL character")
    return _("contains an invalid character (an unpaired surrogate)")


def has_bad_text(value: Any) -> bool:
    """Whether any string inside a JSON-like value fails :func:`text_problem`."""
    if isinstance(value, str):
        return _BAD_TEXT.search(value) is not None
    if isinstance(value, dict):
        return any(has_bad_text(k) or has_bad_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_bad_text(v) for v in value)
    return False


def bounded_int(value: Any, low: int = 0, high: int = MAX_ID) -> int:
    """An integer within [low, high]; booleans, floats and text are refused (ValueError)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    if not low <= value <= high:
        raise ValueError(f"expected a number from {low} to {high}")
    return value


def page_arg(name: str = "page") -> int:
    """The page number of a list from the query string: 1 when missing or unusable."""
    raw = request.args.get(name, "")
    if not raw.isdigit() or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def year_in_range(value: datetime) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def refuse_bad_form_text() -> None:
    """Query strings and form fields with NUL characters never reach a view (400)."""
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, description=_("The request contained a NUL character, which cannot "
                                         "be stored. Remove it and send again."))  # fmt: skip


def init_edges(app: Flask) -> None:
    """Before any blueprint is registered, so every ``<int:...>`` rule is bounded."""
    app.url_map.converters["int"] = IdConverter
    app.json = StrictJSONProvider(app)
    app.before_request(refuse_bad_form_text)

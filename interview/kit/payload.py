"""What clients send to the kit, read strictly: the autosave body and the field versions
a submitted form was based on.

Pure: no Flask, no database. Python's ``json`` accepts ``Infinity``, ``NaN`` and numbers
no column can hold; these readers refuse them with a reason instead of letting them reach
a query.
"""

from __future__ import annotations

import json
from typing import Any

from interview.kit.fields import FieldError, check_key, check_version

MAX_CHANGES = 200  # a kit has three fields per question and three more: far below this


class PayloadError(ValueError):
    """The whole request is unusable; the message says why (sent back as JSON, English)."""


def _refuse_constant(name: str) -> Any:
    raise PayloadError(f"{name} is not a number JSON allows")


def strict_json(body: bytes | str) -> Any:
    """``body`` as JSON, or ``PayloadError``: no NaN/Infinity, no invalid UTF-8, no nesting
    so deep that the parser gives up."""
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except PayloadError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError
        raise PayloadError("not valid JSON") from exc


def autosave_changes(body: bytes) -> list[dict[str, Any]]:
    """The changes of an autosave body ``{"changes": [{"key", "value", "base"}, ...]}``.

    Refuses (``PayloadError``, nothing is saved) anything but an object with a list of at
    most ``MAX_CHANGES`` objects, each with a short string ``key`` and an integer ``base``
    0 <= base < 2**31 (0 when absent). Values are checked per field later, so one field
    that cannot be stored does not stop the others.
    """
    payload = strict_json(body)
    if not isinstance(payload, dict):
        raise PayloadError("expected a JSON object {'changes': [...]}")
    changes = payload.get("changes")
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        raise PayloadError("expected 'changes' to be a list of objects")
    if len(changes) > MAX_CHANGES:
        raise PayloadError(f"at most {MAX_CHANGES} changes at once")
    cleaned = []
    for index, change in enumerate(changes):
        try:
            key = check_key(change.get("key"))
        except FieldError:
            raise PayloadError(f"change {index}: 'key' must be a field name") from None
        try:
            base = check_version(change.get("base", 0))
        except FieldError:
            raise PayloadError(f"change {index}: 'base' must be an integer 0..2**31-1") from None
        cleaned.append({"key": key, "value": change.get("value"), "base": base})
    return cleaned


def form_versions(text: str | None) -> dict[str, int]:
    """The field versions a posted kit form was based on: a JSON object of field name to
    version. Missing (a page from before versions were sent) means "based on nothing", so
    every stored field that differs counts as changed elsewhere. ``FieldError`` if malformed.
    """
    if not text:
        return {}
    try:
        data = strict_json(text)
    except PayloadError as exc:
        raise FieldError("bad_base") from exc
    if not isinstance(data, dict):
        raise FieldError("bad_base")
    return {check_key(key): check_version(version) for key, version in data.items()}

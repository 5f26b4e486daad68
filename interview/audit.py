"""Recording audit events from services (flushes with the change; the request commits)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_login import current_user

from interview.extensions import db
from interview.models import AuditEvent


def record(
    action: str,
    obj: Any,
    summary: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
    *,
    actor_id: int | None = None,
) -> AuditEvent:
    """Add an audit event for ``obj`` (which must have an ``id`` after a flush)."""
    if obj.id is None:
        db.session.flush()
    if actor_id is None and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        object_type=type(obj).__tablename__,
        object_id=obj.id,
        summary=summary[:500],
        changes={k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()},
    )
    db.session.add(event)
    return event


def diff(obj: Any, new_values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set ``new_values`` on ``obj`` and return the fields that really changed."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = (old, new)
            setattr(obj, field, new)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value)
    return value

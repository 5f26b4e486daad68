"""The outbox: writing rows with the change that causes them, claiming and marking them.

Rows are written in the caller's transaction, so a change that is rolled back sends
nothing and a committed one is never forgotten. Workers claim due rows in one UPDATE:
on PostgreSQL its sub-select takes ``FOR UPDATE SKIP LOCKED`` (two workers never wait
for or take each other's rows); SQLite has one writer at a time, so the same UPDATE,
which re-checks the row's state, is already a compare-and-set.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from interview.db import insert_or_ignore
from interview.extensions import db
from interview.models import OutboxMessage, User
from interview.models.notifications import OUTBOX_STATUSES
from interview.notifications.mail import new_message_id
from interview.notifications.render import Mail, sender
from interview.notifications.timing import backoff
from interview.problems import Refused


def enqueue(
    kind: str, user: User, mail: Mail, now: datetime, *, interview_id: int | None = None
) -> OutboxMessage:
    """Add an e-mail to ``user`` to the outbox (flushed with the caller's change)."""
    row = OutboxMessage(**_values(kind, user, mail, now, interview_id, None))
    db.session.add(row)
    return row


def enqueue_once(
    kind: str,
    user: User,
    mail: Mail,
    now: datetime,
    dedupe_key: str,
    *,
    interview_id: int | None = None,
) -> bool:
    """Add the e-mail unless a row with ``dedupe_key`` exists (written by this or another
    worker, even at the same moment). Returns whether it was added."""
    values = _values(kind, user, mail, now, interview_id, dedupe_key)
    statement = (
        insert_or_ignore(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)  # rowcount is not reliable here on every driver
    )
    return db.session.execute(statement).scalar_one_or_none() is not None


def existing_keys(keys: list[str]) -> set[str]:
    """Which of ``keys`` are in the outbox already (to skip rendering those mails)."""
    if not keys:
        return set()
    return set(
        db.session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))
        )
    )


def _values(
    kind: str,
    user: User,
    mail: Mail,
    now: datetime,
    interview_id: int | None,
    dedupe_key: str | None,
) -> dict[str, Any]:
    return {
        "channel": "email",
        "kind": kind,
        "recipient": user.email,
        "user_id": user.id,
        "interview_id": interview_id,
        # one line: a header cannot hold a line break
        "subject": " ".join(mail.subject.split())[:300],
        "payload": mail.payload(user.name),
        "message_id": new_message_id(sender()),
        "dedupe_key": dedupe_key,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


# --- claiming and marking (the workers) --------------------------------------------------


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        # a worker that died while sending: its lease ran out, deliver again
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now),
    )


def claim(worker: str, now: datetime, *, batch: int, lease: timedelta) -> tuple[str, list[int]]:
    """Take up to ``batch`` due rows for ``worker``; returns the claim token and the ids.
    The caller commits at once, so the lock is held for one statement only."""
    token = f"{worker}/{uuid.uuid4().hex[:12]}"
    due = (
        select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    ids = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()), _claimable(now))
        .values(
            status="sending",
            claimed_by=token,
            claimed_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    return token, sorted(ids)


def mark_sent(message_id: int, token: str, now: datetime) -> bool:
    """False if the lease was lost meanwhile (another worker took the row over)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == token)
        .values(status="sent", sent_at=now, claimed_by=None, claimed_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def mark_failed(
    message_id: int, token: str, error: str, now: datetime, *, permanent: bool
) -> str | None:
    """Back to pending with a growing wait, or ``failed`` after the last attempt (or at
    once for a permanent refusal). Returns the new status, None if the lease was lost."""
    row = db.session.get(OutboxMessage, message_id)
    if row is None or row.claimed_by != token:
        return None
    give_up = permanent or row.attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"]
    row.status = "failed" if give_up else "pending"
    row.next_attempt_at = now if give_up else now + backoff(row.attempts)
    row.claimed_by = row.claimed_until = None
    row.last_error = error
    db.session.flush()
    return row.status


# --- the admin page -----------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxPage:
    rows: Any  # flask_sqlalchemy Pagination of OutboxMessage
    counts: dict[str, int]


def outbox_page(status: str | None, page: int, per_page: int = 50) -> OutboxPage:
    """Messages newest first (one status or all) and the count per status: three queries."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in OUTBOX_STATUSES:
        query = query.where(OutboxMessage.status == status)
    rows = db.paginate(query, page=page, per_page=per_page, max_per_page=per_page, error_out=False)
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update(
        (status, count)
        for status, count in db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
    )
    return OutboxPage(rows, counts)


def retry(message: OutboxMessage, now: datetime) -> None:
    """Send a failed message again with a fresh set of attempts; refuses other states."""
    if message.status != "failed":
        raise Refused(_("Only failed messages can be retried."))
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = now
    db.session.flush()


def purge_sent(now: datetime) -> int:
    """Delete sent messages older than NOTIFY_KEEP_SENT_DAYS: their bodies name candidates
    and need not be kept once delivered. Never sooner than the due-time scan looks back,
    so a purged reminder's key cannot let the same reminder be queued again."""
    config = current_app.config
    keep = max(
        timedelta(days=config["NOTIFY_KEEP_SENT_DAYS"]),
        timedelta(hours=config["NOTIFY_CATCH_UP_HOURS"] + config["NOTIFY_OVERDUE_AFTER_HOURS"])
        + timedelta(days=3),
    )
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == "sent", OutboxMessage.sent_at < now - keep
        )
    )
    return result.rowcount or 0

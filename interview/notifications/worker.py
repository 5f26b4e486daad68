"""Delivery: claim due outbox rows, send them, mark them; the long-running worker loop.

Each step is its own short transaction: claim (commit), send outside any transaction,
mark (commit). A worker that dies after sending leaves the row claimed; when its lease
runs out another worker sends it again with the same Message-ID.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from interview.db import utcnow
from interview.extensions import db
from interview.models import OutboxMessage
from interview.notifications import outbox
from interview.notifications.mail import Sender, build_message
from interview.notifications.render import sender
from interview.notifications.scan import ScanResult, scan
from interview.notifications.transports import (
    PermanentFailure,
    Transport,
    describe_error,
    transport_from_config,
)

log = logging.getLogger("interview.notifications")

Clock = Callable[[], datetime]


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    #: rows whose lease ran out while this worker was sending (another worker took over)
    lost: int = 0
    errors: list[str] = field(default_factory=list)


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (two workers in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def deliver_due(
    transport: Transport, worker: str, clock: Clock = utcnow, *, batch: int = 10
) -> DeliveryReport:
    """Send every row that is due now, batch by batch, until none is left."""
    report = DeliveryReport()
    lease = timedelta(seconds=current_app.config["NOTIFY_LEASE_SECONDS"])
    from_ = sender()
    try:
        while True:
            token, ids = outbox.claim(worker, clock(), batch=batch, lease=lease)
            db.session.commit()
            if not ids:
                return report
            rows = db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
            ).all()
            for row in rows:
                _deliver(row, token, transport, from_, clock, report)
    finally:
        transport.close()


def _deliver(
    row: OutboxMessage,
    token: str,
    transport: Transport,
    from_: Sender,
    clock: Clock,
    report: DeliveryReport,
) -> None:
    row_id, recipient = row.id, row.recipient
    try:
        send = _sender(row, transport, from_, clock)
    except (ValueError, KeyError, TypeError) as exc:  # a row we cannot turn into a mail
        _failed(row_id, token, describe_error(exc), clock, report, permanent=True)
        return
    try:
        send()
    except PermanentFailure as exc:
        _failed(row_id, token, describe_error(exc), clock, report, permanent=True)
    except Exception as exc:  # any other transport error: try again later
        _failed(row_id, token, describe_error(exc), clock, report, permanent=False)
    else:
        if outbox.mark_sent(row_id, token, clock()):
            report.sent += 1
        else:
            report.lost += 1
            log.warning("outbox %s to %s: lease ran out while sending", row_id, recipient)
        db.session.commit()


def _sender(
    row: OutboxMessage, transport: Transport, from_: Sender, clock: Clock
) -> Callable[[], None]:
    """How to send this row: a webhook call (signed POST) or a mail through ``transport``."""
    if row.channel == "webhook":
        from interview.webhooks.delivery import deliver

        return lambda: deliver(row, clock())
    message = message_for(row, from_)
    return lambda: transport.send(message)


def message_for(row: OutboxMessage, from_: Sender) -> EmailMessage:
    """The e-mail for an outbox row; refuses (``ValueError``) other channels."""
    if row.channel != "email":
        raise ValueError(f"no transport for channel {row.channel!r}")
    return build_message(
        kind=row.kind,
        sender=from_,
        to_name=row.payload.get("to_name", ""),
        to_email=row.recipient,
        subject=row.subject,
        payload=row.payload,
        message_id=row.message_id,
        date=row.created_at,
    )


def _failed(
    row_id: int,
    token: str,
    error: str,
    clock: Clock,
    report: DeliveryReport,
    *,
    permanent: bool,
) -> None:
    status = outbox.mark_failed(row_id, token, error, clock(), permanent=permanent)
    db.session.commit()
    report.errors.append(error)
    if status == "failed":
        report.failed += 1
        log.error("outbox %s failed for good: %s", row_id, error)
    elif status == "pending":
        report.retrying += 1
        log.warning("outbox %s will be retried: %s", row_id, error)
    else:
        report.lost += 1


def scan_and_commit(now: datetime) -> ScanResult:
    """Queue the due-time notifications in a transaction of their own."""
    result = scan(now)
    purged = outbox.purge_sent(now)
    if purged:
        log.info("deleted %d sent messages past NOTIFY_KEEP_SENT_DAYS", purged)
    db.session.commit()
    return result


def daily_jobs(now: datetime, worker: str) -> None:
    """Once a day across all workers: the retention run (``interview.privacy.jobs``)."""
    from interview.privacy.jobs import run_daily_retention

    run_daily_retention(now, worker)


def send_due(clock: Clock = utcnow) -> tuple[ScanResult, DeliveryReport]:
    """One pass: queue what is due from the data, run the daily jobs if not yet run
    today, then deliver everything due."""
    worker = worker_name()
    queued = scan_and_commit(clock())
    daily_jobs(clock(), worker)
    report = deliver_due(transport_from_config(current_app.config), worker, clock)
    return queued, report


def run_worker(
    stop: threading.Event, *, interval: float, scan_every: float, clock: Clock = utcnow
) -> None:
    """Deliver every ``interval`` seconds and scan every ``scan_every`` seconds until
    ``stop`` is set. A database or mail server that is down is logged and retried."""
    worker = worker_name()
    transport = transport_from_config(current_app.config)
    log.info("worker %s started (transport: %s)", worker, transport.name)
    last_scan: float | None = None
    while not stop.is_set():
        try:
            if last_scan is None or time.monotonic() - last_scan >= scan_every:
                last_scan = time.monotonic()
                queued = scan_and_commit(clock())
                if queued.total:
                    log.info("queued %s", queued)
                daily_jobs(clock(), worker)
            report = deliver_due(transport, worker, clock)
            if report.sent or report.retrying or report.failed:
                log.info(
                    "sent %d, retrying %d, failed %d", report.sent, report.retrying, report.failed
                )
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("database error; trying again in %s s", interval)
        stop.wait(interval)
    log.info("worker %s stopped", worker)

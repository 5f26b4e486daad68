"""Delivery: exactly once with several workers, leases after a crash, retries with
back-off, permanent failures, TLS from the first byte, the worker loop."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text

from interview.db import utcnow
from interview.extensions import db
from interview.models import OutboxMessage, User
from interview.notifications import outbox, worker
from interview.notifications.render import Mail, sender
from interview.notifications.transports import SmtpTransport
from tests import factories
from tests.notifications.conftest import Inbox, authenticate, free_port, server_context


def queue(app, user, count: int) -> list[int]:
    """``count`` plain mails to ``user``, committed; returns their row ids."""
    with app.app_context():
        recipient = db.session.get(User, user.id)
        rows = [
            outbox.enqueue(
                "nudge", recipient, Mail(f"Mail {n}", f"Text {n}", f"<p>{n}</p>"), utcnow()
            )
            for n in range(count)
        ]
        db.session.commit()
        return [row.id for row in rows]


def rows(app) -> list[OutboxMessage]:
    with app.app_context():
        found = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return found


def test_two_workers_draining_one_outbox_send_every_mail_exactly_once(app, smtp, team):
    """On PostgreSQL the claim skips rows another worker locked; on SQLite the single
    UPDATE runs under the write lock. Either way: no mail twice, none forgotten."""
    queue(app, team.anna, 40)
    start = threading.Barrier(2)
    reports, failures = [], []

    def run(name: str) -> None:
        try:
            with app.app_context():
                start.wait()
                reports.append(worker.deliver_due(SmtpTransport(app.config), name, utcnow, batch=2))
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = Counter(m["Message-ID"] for m in smtp.messages)
    assert len(ids) == 40
    assert set(ids.values()) == {1}
    assert sum(r.sent for r in reports) == 40
    assert {r.status for r in rows(app)} == {"sent"}
    assert {r.attempts for r in rows(app)} == {1}


@pytest.mark.postgres
def test_a_worker_skips_rows_another_worker_holds_locked(app, smtp, team, database_backend):
    if database_backend != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer")
    queue(app, team.anna, 4)
    now = utcnow()
    with app.app_context():
        holder = db.engine.connect()
        # another worker's claim, caught between its UPDATE and its COMMIT
        holder.execute(text("SELECT id FROM outbox ORDER BY id LIMIT 2 FOR UPDATE"))
        token, ids = outbox.claim("second", now, batch=4, lease=timedelta(minutes=10))
        db.session.commit()
        holder.rollback()
        holder.close()
    assert len(ids) == 2
    assert ids == sorted(r.id for r in rows(app))[2:]


def test_a_crash_between_sending_and_marking_resends_with_the_same_message_id(app, smtp, team):
    (row_id,) = queue(app, team.anna, 1)
    now = utcnow()
    with app.app_context():
        token, ids = outbox.claim("doomed", now, batch=5, lease=timedelta(minutes=10))
        db.session.commit()
        transport = SmtpTransport(app.config)
        transport.send(worker.message_for(db.session.get(OutboxMessage, row_id), sender()))
        transport.close()
        # ... and the worker dies here, before it could mark the row as sent
    with app.app_context():
        early = worker.deliver_due(
            SmtpTransport(app.config), "other", lambda: now + timedelta(minutes=5)
        )
        assert early.sent == 0  # the lease still belongs to the dead worker
        late = worker.deliver_due(
            SmtpTransport(app.config), "other", lambda: now + timedelta(minutes=11)
        )
        assert late.sent == 1
    assert len(smtp.messages) == 2
    assert smtp.messages[0]["Message-ID"] == smtp.messages[1]["Message-ID"]
    (row,) = rows(app)
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 2, None)


def test_a_deferring_server_is_retried_with_back_off_until_failed(
    app, smtp, team, plan, deliver, client, login, make_user
):
    app.config["NOTIFY_MAX_ATTEMPTS"] = 3
    smtp.defer.add("anna@example.com")
    plan(team.anna)
    now = utcnow()
    _queued, report = deliver(now)
    assert (report.sent, report.retrying) == (0, 1)
    (row,) = rows(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert "451" in row.last_error
    assert deliver(now + timedelta(seconds=30))[1].retrying == 0  # not due yet
    assert deliver(now + timedelta(minutes=1))[1].retrying == 1
    assert rows(app)[0].next_attempt_at == now + timedelta(minutes=6)
    report = deliver(now + timedelta(minutes=6))[1]
    assert report.failed == 1
    (row,) = rows(app)
    assert (row.status, row.attempts) == ("failed", 3)
    assert smtp.messages == []

    login(make_user("admin"))
    page = client.get("/admin/notifications?status=failed", headers={"Accept-Language": "en"})
    assert "451" in page.text
    assert f'data-message="{row.id}" data-status="failed"' in page.text
    smtp.defer.clear()
    response = client.post(f"/admin/notifications/{row.id}/retry")
    assert response.status_code == 302
    assert deliver(now + timedelta(minutes=7))[1].sent == 1
    assert rows(app)[0].status == "sent"
    assert len(smtp.messages) == 1


def test_a_refusing_server_fails_the_mail_at_once(app, smtp, team, plan, deliver):
    smtp.refuse.add("anna@example.com")
    plan(team.anna)
    plan(team.ben, "renewal-management")
    report = deliver()[1]
    assert (report.sent, report.failed, report.retrying) == (1, 1, 0)
    failed = next(r for r in rows(app) if r.recipient == "anna@example.com")
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert "550" in failed.last_error
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == ["ben@example.com"]


def test_a_server_that_is_down_is_retried(app, smtp, team, plan, deliver):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    plan(team.anna)
    report = deliver()[1]
    assert report.retrying == 1
    (row,) = rows(app)
    assert row.status == "pending"
    assert "ConnectionRefusedError" in row.last_error


def test_a_wrong_password_is_retried_not_given_up(app, smtp, team, plan, deliver):
    app.config["MAIL_PASSWORD"] = "wrong"
    plan(team.anna)
    assert deliver()[1].retrying == 1
    assert "535" in rows(app)[0].last_error


def test_tls_from_the_first_byte_with_login(app, smtp, team, plan, deliver, certificate):
    inbox = Inbox(port=free_port())
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        ssl_context=server_context(certificate),
        # aiosmtpd only counts STARTTLS as TLS: it must offer AUTH on this socket anyway
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        app.config.update(MAIL_PORT=inbox.port, MAIL_USE_TLS=False, MAIL_USE_SSL=True)
        plan(team.anna)
        assert deliver()[1].sent == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert smtp.messages == []


def test_the_worker_loop_delivers_and_scans_until_stopped(app, smtp, team, plan):
    plan(team.anna)
    plan(team.ben, "renewal-management", starts_at=utcnow() - timedelta(hours=2))
    stop = threading.Event()

    def run() -> None:
        with app.app_context():
            worker.run_worker(stop, interval=0.05, scan_every=0.05)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 20
    while len(smtp.messages) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join()
    kinds = sorted(m["X-Scorecards-Notification"] for m in smtp.messages)
    assert kinds == ["assigned", "assigned", "due"]


def test_two_scans_at_the_same_moment_queue_each_mail_once(app, smtp, team, plan):
    for interviewer, area in ((team.anna, "beziehungstiefe-vertrauen"),
                              (team.ben, "renewal-management")):  # fmt: skip
        plan(interviewer, area, starts_at=utcnow() - timedelta(hours=2))
    now = utcnow()
    start = threading.Barrier(2)
    results, failures = [], []

    def run() -> None:
        try:
            with app.app_context():
                start.wait()
                results.append(worker.scan_and_commit(now))
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(r.due for r in results) == 2
    assert sorted(r.kind for r in rows(app)) == ["assigned", "assigned", "due", "due"]


def _kept_after_a_scan(app, user_id: int, sent_days_ago: dict[str, int]) -> list[str]:
    """Outbox rows (subject: days since sending) left after one scan pass now."""
    now = utcnow()
    with app.app_context():
        user = db.session.get(User, user_id)
        for subject, days in sent_days_ago.items():
            factories.outbox_message(
                user, subject=subject, status="sent", sent_at=now - timedelta(days=days)
            )
        factories.outbox_message(user, subject="pending")
        factories.outbox_message(user, subject="failed", status="failed", attempts=6)
        db.session.commit()
        worker.scan_and_commit(now)
        return sorted(db.session.scalars(select(OutboxMessage.subject)))


def test_sent_messages_are_deleted_after_the_keeping_period(app, team):
    app.config["NOTIFY_KEEP_SENT_DAYS"] = 10
    kept = _kept_after_a_scan(app, team.anna.id, {"eleven": 11, "nine": 9})
    assert kept == ["failed", "nine", "pending"]


def test_the_keeping_period_never_undercuts_the_catch_up_window(app, team):
    app.config.update(NOTIFY_KEEP_SENT_DAYS=0, NOTIFY_CATCH_UP_HOURS=48)
    kept = _kept_after_a_scan(app, team.anna.id, {"four": 4, "seven": 7})
    # 48 h catch-up + 24 h overdue + 3 days: six days
    assert kept == ["failed", "four", "pending"]

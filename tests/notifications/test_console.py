"""Without a mail server: the console transport, 'scorecard send-due' and the demo."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from interview.cli import main
from interview.extensions import db
from interview.models import OutboxMessage


@pytest.fixture
def app_config(app_config) -> dict:
    """No MAIL_SERVER: the default, console transport."""
    return app_config | {"MAIL_SERVER": None}


def test_console_transport_writes_the_mail_to_the_log(app, team, plan, runner, caplog):
    plan(team.anna)
    with caplog.at_level(logging.INFO, logger="interview.notifications"):
        result = runner.invoke(args=["send-due"])
    assert result.exit_code == 0, result.output
    assert "Delivered: 1 sent, 0 to retry, 0 failed." in result.output
    assert "To: Anna Schmidt <anna@example.com>" in caplog.text
    assert "Subject: Interview mit Lena Hoffmann" in caplog.text
    assert "Calendar: METHOD:REQUEST (invite.ics)" in caplog.text
    assert "Hallo Anna Schmidt" in caplog.text
    with app.app_context():
        row = db.session.scalar(select(OutboxMessage))
        assert (row.status, row.attempts) == ("sent", 1)


def test_send_due_with_nothing_to_do(runner):
    result = runner.invoke(args=["send-due"])
    assert result.exit_code == 0
    assert "Queued: 0 reminder(s), 0 scorecard(s) due, 0 overdue, 0 digest(s)." in result.output
    assert "Delivered: 0 sent" in result.output


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_demo_then_send_due_shows_invitations_and_an_overdue_scorecard(blank_app):
    runner = blank_app.test_cli_runner()
    assert runner.invoke(main, ["demo"], catch_exceptions=False).exit_code == 0
    with blank_app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) >= 1
    # the demo's migrations reconfigured logging (alembic.ini): listen on our logger itself
    collect = Collect()
    logging.getLogger("interview.notifications").addHandler(collect)
    try:
        result = runner.invoke(main, ["send-due"], catch_exceptions=False)
    finally:
        logging.getLogger("interview.notifications").removeHandler(collect)
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    log = "\n".join(collect.lines)
    assert "Subject: Interview mit Sophie Krüger" in log
    assert "METHOD:REQUEST" in log
    assert "Subject: Scorecard überfällig: Murat Yılmaz" in log
    # running the demo again keeps it, outbox included; --reset starts it afresh
    assert runner.invoke(main, ["demo"], catch_exceptions=False).exit_code == 0
    with blank_app.app_context():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {"sent"}
    assert runner.invoke(main, ["demo", "--reset"], catch_exceptions=False).exit_code == 0
    with blank_app.app_context():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {"pending"}

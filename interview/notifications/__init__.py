"""E-mail notifications, calendar invitations, reminders and overdue escalation.

Services call the hooks below (one call each, in their own transaction); the outbox,
the worker (``scorecard worker``/``scorecard send-due``), the due-time scan, rendering,
calendar files, transports and the pages live in this package's modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import Flask

from interview.notifications.events import (
    application_changed,
    interview_assigned,
    interview_changed,
    interview_removed,
    interviews_called_off,
    interviews_resumed,
    is_live,
    scorecard_submitted,
)

if TYPE_CHECKING:
    from interview.models import Interview

__all__ = [
    "application_changed",
    "init_notifications",
    "interview_assigned",
    "interview_changed",
    "interview_removed",
    "interviews_called_off",
    "interviews_resumed",
    "is_live",
    "scorecard_submitted",
]


def init_notifications(app: Flask) -> None:
    """Check the settings (the app refuses to start on a typo), add the commands and the
    template helpers."""
    from interview.notifications.cli import send_due_command, worker_command
    from interview.notifications.mail import parse_sender
    from interview.notifications.render import init_render
    from interview.notifications.timing import check_reminder_setting, parse_clock

    config = app.config
    ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"])  # times in mails and invitations
    check_reminder_setting(config["NOTIFY_REMINDER_AT"])
    parse_clock(config["NOTIFY_DIGEST_AT"])
    parse_sender(config["MAIL_DEFAULT_SENDER"])
    app.cli.add_command(worker_command)
    app.cli.add_command(send_due_command)
    init_render(app)
    app.jinja_env.tests["remindable"] = _remindable


def _remindable(interview: Interview) -> bool:
    """Jinja test: an interview that ended without a submitted scorecard (the pages show
    "remind now" for it; the service checks again)."""
    from interview.assignments.services import ends_at
    from interview.db import utcnow

    scorecard = interview.scorecard
    submitted = scorecard is not None and scorecard.submitted_at is not None
    return not submitted and ends_at(interview) <= utcnow()

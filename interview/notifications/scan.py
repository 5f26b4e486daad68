"""Due-time notifications, computed from the data on every run (no timers in a process).

Reminders before interviews, "scorecard due" after them, "overdue" a day later, and
the daily digest of overdue scorecards per requisition. Each one has a dedupe key, so
running the scan again, or on several servers at once, queues it once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from interview.assignments.services import has_ended, overdue_after
from interview.extensions import db
from interview.models import (
    Application,
    Interview,
    InterviewNotice,
    Loop,
    Requisition,
    Role,
    Scorecard,
    User,
    UserRole,
)
from interview.models.hiring import ACTIVE_APPLICATION_STATUSES
from interview.notifications import outbox
from interview.notifications.preferences import preferences_for, wants
from interview.notifications.render import (
    absolute_url,
    installation_zone,
    interview_facts,
    language_of,
    render_mail,
)
from interview.notifications.timing import digest_day, parse_clock, reminder_at


@dataclass
class ScanResult:
    reminder: int = 0
    due: int = 0
    overdue: int = 0
    digest: int = 0

    @property
    def total(self) -> int:
        return self.reminder + self.due + self.overdue + self.digest


def scan(now: datetime) -> ScanResult:
    """Queue every due-time notification that is due at ``now`` and not queued yet.
    Flushes; the caller commits."""
    return ScanResult(
        reminder=_reminders(now),
        due=_after_interview(now, "due", timedelta(0), "scorecard_due"),
        overdue=_after_interview(now, "overdue", overdue_after(), "scorecard_overdue"),
        digest=_digests(now),
    )


def _catch_up() -> timedelta:
    """How far back a missed due-time mail is still sent (a worker that was down)."""
    return timedelta(hours=current_app.config["NOTIFY_CATCH_UP_HOURS"])


def _interviews(*conditions) -> list[Interview]:
    """Interviews of active applications on open requisitions, with everything a mail
    needs loaded in the same statement."""
    return list(
        db.session.scalars(
            select(Interview)
            .join(Interview.loop)
            .join(Loop.application)
            .join(Application.requisition)
            .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
            .where(
                Application.status.in_(ACTIVE_APPLICATION_STATUSES),
                Requisition.status != "closed",
                *conditions,
            )
            .options(
                joinedload(Interview.loop)
                .joinedload(Loop.application)
                .options(
                    joinedload(Application.candidate),
                    joinedload(Application.requisition).joinedload(Requisition.framework_version),
                ),
                joinedload(Interview.interviewer),
            )
            .order_by(Interview.starts_at, Interview.id)
        ).unique()
    )


def _key(kind: str, interview: Interview) -> str:
    # Interviewer and start are part of the key: a moved or reassigned interview gets its
    # reminder again, for the right person.
    return f"{kind}:{interview.id}:{interview.interviewer_id}:{interview.starts_at:%Y%m%dT%H%M}"


def _reminders(now: datetime) -> int:
    setting = current_app.config["NOTIFY_REMINDER_AT"]
    zone = installation_zone()
    horizon = now + timedelta(days=2)
    if setting.strip().endswith("h"):
        horizon = now + timedelta(hours=int(setting.strip()[:-1]) + 1)
    candidates = _interviews(Interview.starts_at > now, Interview.starts_at <= horizon)
    due = [i for i in candidates if reminder_at(i.starts_at, setting, zone) <= now]
    notices = _notices([i.id for i in due])
    fresh = [
        i
        for i in due
        # just got the invitation after the reminder time: no reminder on top
        if not (
            i.id in notices
            and notices[i.id].invited_at is not None
            and notices[i.id].invited_at >= reminder_at(i.starts_at, setting, zone)
        )
    ]
    return _queue_for_interviewers(fresh, "reminder", "reminder", now)


def _after_interview(now: datetime, kind: str, delay: timedelta, preference: str) -> int:
    """Interviews that ended ``delay`` ago (within the catch-up window) with no
    submitted scorecard. "Due" stops where "overdue" starts: one mail, not both."""
    moment = now - delay
    window = _catch_up() if delay else min(_catch_up(), overdue_after())
    interviews = _interviews(
        has_ended(moment), ~has_ended(moment - window), Scorecard.submitted_at.is_(None)
    )
    return _queue_for_interviewers(interviews, kind, preference, now)


def _queue_for_interviewers(
    interviews: list[Interview], kind: str, preference: str, now: datetime
) -> int:
    keys = {i.id: _key(kind, i) for i in interviews}
    done = outbox.existing_keys(list(keys.values()))
    todo = [i for i in interviews if keys[i.id] not in done and i.interviewer.active]
    preferences = preferences_for(i.interviewer_id for i in todo)
    queued = 0
    for interview in todo:
        mine = preferences.get(interview.interviewer_id)
        if not wants(mine, preference):
            continue
        mail = render_mail(
            kind,
            language_of(mine),
            recipient=interview.interviewer.name,
            facts=interview_facts(interview),
        )
        queued += outbox.enqueue_once(
            kind, interview.interviewer, mail, now, keys[interview.id], interview_id=interview.id
        )
    return queued


def _notices(interview_ids: list[int]) -> dict[int, InterviewNotice]:
    if not interview_ids:
        return {}
    rows = db.session.scalars(
        select(InterviewNotice).where(InterviewNotice.interview_id.in_(interview_ids))
    )
    return {n.interview_id: n for n in rows}


# --- the daily digest -------------------------------------------------------------------------


def _digests(now: datetime) -> int:
    """One mail per requisition and recipient (its hiring manager, every recruiter) per
    day, listing the requisition's overdue scorecards."""
    day = digest_day(now, parse_clock(current_app.config["NOTIFY_DIGEST_AT"]), installation_zone())
    if day is None:
        return 0
    by_requisition: dict[int, list[Interview]] = defaultdict(list)
    for interview in _interviews(
        has_ended(now - overdue_after()), Scorecard.submitted_at.is_(None)
    ):
        by_requisition[interview.loop.application.requisition_id].append(interview)
    if not by_requisition:
        return 0
    recruiters = _active_recruiters()
    queued = 0
    for interviews in by_requisition.values():
        requisition = interviews[0].loop.application.requisition
        recipients = {u.id: u for u in recruiters}
        if requisition.owner.active:
            recipients[requisition.owner_id] = requisition.owner
        queued += _queue_digest(requisition, interviews, list(recipients.values()), day, now)
    return queued


def _queue_digest(
    requisition: Requisition,
    interviews: list[Interview],
    recipients: list[User],
    day: date,
    now: datetime,
) -> int:
    keys = {u.id: f"digest:{requisition.id}:{u.id}:{day.isoformat()}" for u in recipients}
    done = outbox.existing_keys(list(keys.values()))
    todo = [u for u in recipients if keys[u.id] not in done]
    if not todo:
        return 0
    preferences = preferences_for(u.id for u in todo)
    rows = [
        {
            "facts": interview_facts(i),
            "interviewer": i.interviewer.name,
            "loop_url": absolute_url("loops.show", application_id=i.loop.application_id),
        }
        for i in interviews
    ]
    queued = 0
    for user in todo:
        mine = preferences.get(user.id)
        if not wants(mine, "overdue_digest"):
            continue
        mail = render_mail(
            "digest",
            language_of(mine),
            recipient=user.name,
            role=requisition.title,
            rows=rows,
            count=len(rows),
            requisition_url=absolute_url("requisitions.show", requisition_id=requisition.id),
        )
        queued += outbox.enqueue_once("digest", user, mail, now, keys[user.id])
    return queued


def _active_recruiters() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.RECRUITER.value, User.active.is_(True))
            .order_by(User.id)
        )
    )

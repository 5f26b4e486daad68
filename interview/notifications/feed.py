"""A user's personal, read-only calendar feed: their own interviews, nothing of scores."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, raiseload

from interview.extensions import db
from interview.models import Application, Interview, InterviewNotice, Loop, Requisition, User
from interview.notifications import ics
from interview.notifications.preferences import preferences_for
from interview.notifications.render import (
    calendar_event,
    installation_zone,
    interview_facts,
    language_of,
    uid_host,
)

#: a bound on one feed, however long someone has been interviewing
FEED_LIMIT = 500


def feed_for(user: User, now: datetime) -> str:
    """The interviews ``user`` conducts, from ``NOTIFY_FEED_PAST_DAYS`` ago on, as
    iCalendar text in their language. Same UIDs as the invitations, so a program that has
    both shows one event. Three queries, however many interviews."""
    since = now - timedelta(days=current_app.config["NOTIFY_FEED_PAST_DAYS"])
    interviews = list(
        db.session.scalars(
            select(Interview)
            .where(Interview.interviewer_id == user.id, Interview.starts_at >= since)
            .options(
                joinedload(Interview.loop)
                .joinedload(Loop.application)
                .options(
                    joinedload(Application.candidate),
                    joinedload(Application.requisition).options(
                        joinedload(Requisition.framework_version), raiseload(Requisition.owner)
                    ),
                ),
                raiseload(Interview.interviewer),  # the feed's owner: known already
            )
            .order_by(Interview.starts_at, Interview.id)
            .limit(FEED_LIMIT)
        ).unique()
    )
    notices = {
        n.interview_id: n
        for n in db.session.scalars(
            select(InterviewNotice).where(
                InterviewNotice.interview_id.in_([i.id for i in interviews])
            )
        )
    }
    language = language_of(preferences_for([user.id]).get(user.id))
    with force_locale(language):
        events = [_event(i, notices.get(i.id)) for i in interviews]
        name = _("Interviews of %(name)s", name=user.name)
    return ics.feed(events, name=name, zone=installation_zone(), stamp=now)


def _event(interview: Interview, notice: InterviewNotice | None) -> ics.CalendarEvent:
    if notice is None:  # an interview made without the services: a stable stand-in
        return calendar_event(
            interview_facts(interview), uid=f"interview-{interview.id}@{uid_host()}", sequence=0
        )
    return calendar_event(interview_facts(interview), uid=notice.uid, sequence=notice.sequence)

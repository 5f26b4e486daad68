"""Notifications caused by a change, written in the same transaction as the change.

Services call one of these after their rules passed; if the change is refused or
rolled back afterwards, the outbox rows go with it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from interview import audit
from interview.assignments.services import ends_at
from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Interview, InterviewNotice, Loop, Scorecard, User
from interview.models.hiring import ACTIVE_APPLICATION_STATUSES
from interview.notifications import outbox
from interview.notifications.preferences import preferences_for, wants
from interview.notifications.render import (
    InterviewFacts,
    absolute_url,
    interview_facts,
    language_of,
    render_invitation,
    render_mail,
    uid_host,
)
from interview.problems import Refused
from interview.webhooks import events as webhook_events

#: a recruiter's "remind now" works once per scorecard in this time
REMIND_INTERVAL = timedelta(hours=1)


def interview_assigned(interview: Interview) -> None:
    """A new interview: its interviewer gets the assignment mail with an invitation."""
    db.session.flush()
    now = utcnow()
    notice = InterviewNotice(interview_id=interview.id, uid=_new_uid(), sequence=0)
    _remember(notice, interview, now)
    db.session.add(notice)
    _invite("assigned", _user(interview.interviewer_id), interview_facts(interview), notice, now)


def interview_changed(interview: Interview) -> None:
    """After an edit: a new interviewer gets the invitation and the previous one its
    cancellation; a new time, length, place or area updates the invitation (same UID,
    higher SEQUENCE). Nothing is sent when nothing the interviewer was told changed."""
    notice, created = _notice_for(interview)
    now = utcnow()
    if created:
        # Nothing on record to compare with (an interview from before notifications):
        # a possibly repeated invitation beats a new interviewer who is never told.
        _remember(notice, interview, now)
        _invite(
            "assigned", _user(interview.interviewer_id), interview_facts(interview), notice, now
        )
        return
    facts, before = interview_facts(interview), _facts_as_told(interview, notice)
    if notice.attendee_id != interview.interviewer_id:
        notice.sequence += 1
        _invite("cancelled", _user(notice.attendee_id), before, notice, now)
        _remember(notice, interview, now)
        _invite("assigned", _user(interview.interviewer_id), facts, notice, now)
        return
    changed = _changes(notice, interview)
    if changed:
        notice.sequence += 1
        _remember(notice, interview, now)
        _invite(
            "updated",
            _user(interview.interviewer_id),
            facts,
            notice,
            now,
            before=before,
            changed=changed,
        )


def interview_removed(interview: Interview) -> None:
    """Before an interview is deleted: its interviewer gets the cancellation."""
    notice, _created = _notice_for(interview)
    notice.sequence += 1
    _invite(
        "cancelled", _user(notice.attendee_id), _facts_as_told(interview, notice), notice, utcnow()
    )
    db.session.delete(notice)
    db.session.flush()


def is_live(application: Application) -> bool:
    """Its interviews are still to be held: an active application on a requisition that
    is not closed (the same condition the due-time scan uses)."""
    return (
        application.status in ACTIVE_APPLICATION_STATUSES
        and application.requisition.status != "closed"
    )


def application_changed(application: Application, was_live: bool) -> None:
    """After a status change of the application or its requisition: calendar invitations
    of interviews still ahead are cancelled, or sent again when it is live once more."""
    live = is_live(application)
    if live == was_live or application.loop is None:
        return
    if live:
        interviews_resumed(application.loop.interviews)
    else:
        interviews_called_off(application.loop.interviews)


def interviews_called_off(interviews: list[Interview]) -> None:
    """The candidate was rejected or withdrew, or the requisition closed: interviewers of
    interviews still ahead get the cancellation. The interviews stay on record; a notice
    without attendee means "told it is off", so a resumed application re-invites."""
    now = utcnow()
    for interview in interviews:
        if interview.starts_at <= now:
            continue
        notice = db.session.get(InterviewNotice, interview.id)
        if notice is None or notice.attendee_id is None:
            continue
        notice.sequence += 1
        _invite(
            "cancelled", _user(notice.attendee_id), _facts_as_told(interview, notice), notice, now
        )
        notice.attendee_id = None


def interviews_resumed(interviews: list[Interview]) -> None:
    """The application is active again: interviews still ahead get their invitation back."""
    now = utcnow()
    for interview in interviews:
        notice = db.session.get(InterviewNotice, interview.id)
        if interview.starts_at > now and notice is not None and notice.attendee_id is None:
            interview_changed(interview)


def scorecard_submitted(interview: Interview) -> None:
    """After a submission: webhooks hear of it, and when every interview of the loop has
    its scorecard, the hiring manager hears "all scorecards in" (once per complete loop)."""
    # Two last scorecards submitted at the same moment: the loop row lock makes the second
    # transaction wait and then count the first one's scorecard, so one of them sends.
    db.session.execute(select(Loop.id).where(Loop.id == interview.loop_id).with_for_update())
    total, submitted = db.session.execute(
        select(func.count(Interview.id), func.count(Scorecard.submitted_at))
        .select_from(Interview)
        .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Interview.loop_id == interview.loop_id)
    ).one()
    webhook_events.scorecard_submitted(interview)
    if total == 0 or submitted < total:
        return
    application = interview.loop.application
    webhook_events.all_scorecards_in(application, total)
    owner = application.requisition.owner
    preferences = preferences_for([owner.id]).get(owner.id)
    if not owner.active or not wants(preferences, "all_in"):
        return
    now = utcnow()
    mail = render_mail(
        "all_in",
        language_of(preferences),
        recipient=owner.name,
        candidate=application.candidate.name,
        role=application.requisition.title,
        count=total,
        results_url=absolute_url("results.show", application_id=application.id),
    )
    outbox.enqueue_once("all_in", owner, mail, now, f"all_in:{interview.loop_id}:{total}")


def remind_now(actor: User, interview: Interview, now: datetime) -> User:
    """A recruiter's "remind now" on a missing scorecard; returns the interviewer.

    The caller checked that ``actor`` may see the requisition. Refuses a submitted
    scorecard, an interview that has not ended, an inactive interviewer or one who
    switched scorecard reminders off, and a second reminder within an hour (checked in
    the database, so two clicks or two servers cannot both send).
    """
    interviewer = _user(interview.interviewer_id)
    scorecard = interview.scorecard
    if scorecard is not None and scorecard.submitted_at is not None:
        raise Refused(_("This scorecard was already submitted."))
    if ends_at(interview) > now:
        raise Refused(_("The interview has not ended yet."))
    preferences = preferences_for([interviewer.id]).get(interviewer.id)
    if not interviewer.active or not wants(preferences, "scorecard_due"):
        raise Refused(_("%(name)s does not get scorecard reminders.", name=interviewer.name))
    notice, _created = _notice_for(interview)
    taken = db.session.execute(
        update(InterviewNotice)
        .where(
            InterviewNotice.interview_id == interview.id,
            or_(
                InterviewNotice.last_nudged_at.is_(None),
                InterviewNotice.last_nudged_at <= now - REMIND_INTERVAL,
            ),
        )
        .values(last_nudged_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.refresh(notice)
        next_time = notice.last_nudged_at + REMIND_INTERVAL
        raise Refused(
            _(
                "%(name)s was reminded less than an hour ago; the next reminder is possible "
                "from %(time)s.",
                name=interviewer.name,
                time=format_datetime(next_time, "short"),
            )
        )
    mail = render_mail(
        "nudge",
        language_of(preferences),
        recipient=interviewer.name,
        facts=interview_facts(interview),
        sender_name=actor.name,
    )
    outbox.enqueue("nudge", interviewer, mail, now, interview_id=interview.id)
    audit.record("reminded", interview, f"Scorecard reminder to {interviewer.name}")
    return interviewer


# --- helpers ----------------------------------------------------------------------------------


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


def _new_uid() -> str:
    return f"{uuid.uuid4().hex}@{uid_host()}"


def _notice_for(interview: Interview) -> tuple[InterviewNotice, bool]:
    """The interview's notice; interviews from before notifications (or made without the
    services) get one holding their current state."""
    notice = db.session.get(InterviewNotice, interview.id)
    if notice is not None:
        return notice, False
    notice = InterviewNotice(interview_id=interview.id, uid=_new_uid(), sequence=0)
    _remember(notice, interview, None)
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except IntegrityError:  # made at the same moment by another request
        return db.session.get(InterviewNotice, interview.id), False
    return notice, True


def _remember(notice: InterviewNotice, interview: Interview, invited_at: datetime | None) -> None:
    notice.attendee_id = interview.interviewer_id
    notice.area_key = interview.area_key
    notice.starts_at = interview.starts_at
    notice.duration_minutes = interview.duration_minutes
    notice.location = interview.location
    notice.invited_at = invited_at


def _changes(notice: InterviewNotice, interview: Interview) -> list[str]:
    changed = []
    if (notice.starts_at, notice.duration_minutes) != (
        interview.starts_at,
        interview.duration_minutes,
    ):
        changed.append("time")
    if notice.location != interview.location:
        changed.append("place")
    if notice.area_key != interview.area_key:
        changed.append("area")
    return changed


def _facts_as_told(interview: Interview, notice: InterviewNotice) -> InterviewFacts:
    """The interview as its attendee last heard of it (for cancellations and changes)."""
    return interview_facts(interview, told=notice)


def _invite(
    kind: str,
    user: User | None,
    facts: InterviewFacts,
    notice: InterviewNotice,
    now: datetime,
    **context,
) -> None:
    if user is None or not user.active:
        return
    preferences = preferences_for([user.id]).get(user.id)
    mail = render_invitation(
        kind,
        language_of(preferences),
        facts,
        uid=notice.uid,
        sequence=notice.sequence,
        attendee=user,
        now=now,
        recipient=user.name,
        **context,
    )
    outbox.enqueue(kind, user, mail, now, interview_id=facts.interview_id)

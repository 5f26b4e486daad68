"""Interview loops: assigning one area per interviewer, coverage, readiness (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from interview import audit, notifications
from interview.assignments.services import assignment_status
from interview.council.approvals import require_approvals
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.loops import departures
from interview.loops.coverage import Coverage, coverage
from interview.models import Application, Interview, Loop, Role, User, UserRole
from interview.permissions import can_edit_loop
from interview.problems import Refused
from interview.quality.sample import pairing_for
from interview.question_bank import Framework


@dataclass
class InterviewData:
    interviewer_id: int
    area_key: str
    starts_at: datetime
    duration_minutes: int
    location: str
    second_rater: bool = False
    mode: str | None = None  # on_site, remote, or not recorded


def interviewer_choices() -> list[User]:
    """Active users holding the interviewer role, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.INTERVIEWER.value, User.active.is_(True))
            .order_by(User.name)
        )
    )


def get_interview_for_edit(user: User, interview_id: int) -> Interview:
    """The interview, or 404 when it does not exist or the user may not plan its loop."""
    interview = db.get_or_404(Interview, interview_id)
    if not can_edit_loop(user, interview.loop.application.requisition):
        abort(404)
    return interview


def load_loop(application: Application) -> Loop | None:
    """The application's loop with interviews, interviewers and scorecards in two queries."""
    return db.session.scalar(
        select(Loop)
        .where(Loop.application_id == application.id)
        .options(
            selectinload(Loop.interviews).options(
                joinedload(Interview.interviewer), joinedload(Interview.scorecard)
            )
        )
    )


def loop_coverage(application: Application, loop: Loop | None) -> Coverage:
    interviews = loop.interviews if loop else []
    return coverage(application.requisition.required_areas, [i.area_key for i in interviews])


def add_interview(user: User, application: Application, data: InterviewData) -> Interview:
    """Assign one area to one interviewer; refuses the rule breaches listed in ``_check``."""
    _require_editable(user, application)
    loop = application.loop or Loop(application=application)
    db.session.add(loop)
    data.second_rater = _check(application, loop, data, None)
    interview = Interview(loop=loop, **vars(data))
    db.session.add(interview)
    db.session.flush()
    audit.record("created", interview, _summary(application, interview))
    notifications.interview_assigned(interview)
    departures.take_over(interview, application.candidate.name)
    _after_change(loop, application)
    return interview


def update_interview(user: User, interview: Interview, data: InterviewData) -> None:
    """Reschedule or move; interviewer and area stay once the scorecard was started.
    Handing the interview to another person records its interviewer's departure from the
    panel (``departures``); a new interviewer or area takes over earlier departures."""
    application = interview.loop.application
    _require_editable(user, application)
    if interview.scorecard is not None and (
        data.interviewer_id != interview.interviewer_id or data.area_key != interview.area_key
    ):
        raise Refused(
            _("The scorecard of this interview was already started, so its interviewer and "
              "area cannot change. Add another interview instead."),
            "interviewer_id" if data.interviewer_id != interview.interviewer_id else "area_key",
        )  # fmt: skip
    data.second_rater = _check(application, interview.loop, data, interview)
    if data.interviewer_id != interview.interviewer_id:
        new = db.session.get(User, data.interviewer_id)
        departures.left_panel(interview, application.candidate.name, replaced_by=new)
    changes = audit.diff(interview, vars(data))
    if changes:
        audit.record("updated", interview, _summary(application, interview), changes)
    notifications.interview_changed(interview)
    if "interviewer_id" in changes or "area_key" in changes:
        departures.take_over(interview, application.candidate.name)
    _after_change(interview.loop, application)


def delete_interview(user: User, interview: Interview) -> None:
    """Removes an interview that has no scorecard yet; its interviewer's departure from
    the panel is recorded (they stay blind to it, see ``departures``)."""
    application = interview.loop.application
    _require_editable(user, application)
    if interview.scorecard is not None:
        raise Refused(_("This interview has a scorecard and cannot be removed."))
    audit.record("deleted", interview, _summary(application, interview))
    notifications.interview_removed(interview)
    departures.left_panel(interview, application.candidate.name, replaced_by=None)
    loop = interview.loop
    loop.interviews.remove(interview)
    db.session.delete(interview)
    db.session.flush()
    _after_change(loop, application)


def set_loop_status(user: User, application: Application, status: str) -> None:
    """Ready only when every required area is covered."""
    _require_editable(user, application)
    loop = application.loop
    if loop is None or status not in ("ready", "draft"):
        raise Refused(_("Add interviews first."))
    if status == "ready":
        require_approvals(application.requisition)
        missing = loop_coverage(application, loop).missing
        if missing:
            titles = _titles(application, missing)
            raise Refused(_("Not ready: no interview covers %(areas)s.", areas=titles))
    changes = audit.diff(loop, {"status": status})
    if changes:
        audit.record("updated", loop, f"Loop of {application.candidate.name}", changes)


def _require_editable(user: User, application: Application) -> None:
    if not can_edit_loop(user, application.requisition):
        abort(404)
    if application.requisition.status == "closed":
        raise Refused(_("The requisition is closed; its loops cannot change."))


def _check(
    application: Application, loop: Loop, data: InterviewData, current: Interview | None
) -> bool:
    """Refuses inactive or non-interviewer users, someone who may not rejoin this panel,
    foreign areas, a second area for one interviewer, and a doubled area not confirmed as
    a second rater. Returns whether this interview is a confirmed second rater."""
    interviewer = db.session.get(User, data.interviewer_id)
    if interviewer is None or not interviewer.active or not interviewer.has_role("interviewer"):
        raise Refused(_("Choose an active interviewer."), "interviewer_id")
    if current is None or current.interviewer_id != data.interviewer_id:
        departures.refuse_rejoin(application, interviewer)
    framework = framework_for(application)
    if framework.area(data.area_key) is None:
        raise Refused(_("Choose an area of this requisition's framework."), "area_key")
    others = [i for i in loop.interviews if i is not current]
    same_person = next((i for i in others if i.interviewer_id == data.interviewer_id), None)
    if same_person is not None:
        raise Refused(
            _("%(name)s already interviews in this loop (%(area)s). Each interviewer owns "
              "exactly one area.", name=interviewer.name,
              area=framework.area(same_person.area_key).title),
            "interviewer_id",
        )  # fmt: skip
    same_area = [i for i in others if i.area_key == data.area_key]
    if same_area and not data.second_rater:
        raise Refused(
            _("%(area)s is already covered by %(name)s. Tick “second rater on purpose” to "
              "add a second rater.", area=framework.area(data.area_key).title,
              name=same_area[0].interviewer.name),
            "area_key",
        )  # fmt: skip
    return bool(same_area)


def _after_change(loop: Loop, application: Application) -> None:
    """A ready loop that lost coverage goes back to planning."""
    db.session.flush()
    if loop.status == "ready" and not loop_coverage(application, loop).complete:
        changes = audit.diff(loop, {"status": "draft"})
        audit.record("updated", loop, f"Loop of {application.candidate.name}", changes)


def framework_for(application: Application) -> Framework:
    return framework_of(application.requisition.framework_version)


def _titles(application: Application, area_ids) -> str:
    framework = framework_for(application)
    return ", ".join(framework.area(a).title for a in area_ids)


def _summary(application: Application, interview: Interview) -> str:
    return f"Interview of {application.candidate.name}: {interview.area_key}"


def loop_page(application: Application) -> dict[str, Any]:
    """What the loop page shows, in a fixed number of queries."""
    loop = load_loop(application)
    framework = framework_for(application)
    now = utcnow()
    interviews = loop.interviews if loop else []
    return {
        "application": application,
        "requisition": application.requisition,
        "framework": framework,
        "loop": loop,
        "interviews": interviews,
        "statuses": {i.id: assignment_status(i, now) for i in interviews},
        "raters": {
            a: [i.interviewer.name for i in interviews if i.area_key == a]
            for a in {i.area_key for i in interviews}
        },  # fmt: skip
        "coverage": loop_coverage(application, loop),
        "pairing": pairing_for(application),
        "area_titles": {a.id: a.title for a in framework.areas},
    }

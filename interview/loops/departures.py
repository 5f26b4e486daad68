"""Leaving a candidate's panel without a scorecard, taking over, and coming back.

The independence rule (``interview.visibility``) keeps a panel member blind until their
own scorecard is in. These functions keep the loop services from opening that rule by
the back door: every departure without a scorecard is recorded, the audit trail says how
the person's visibility changed, and nobody whose area was taken over by someone else
(and who may therefore have seen the panel's scorecards) is put back on that panel.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from interview import audit, visibility
from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Interview, Loop, PanelDeparture, User
from interview.problems import Refused


def refuse_rejoin(application: Application, interviewer: User) -> None:
    """Refuses to put ``interviewer`` on this candidate's panel once they left it without
    a scorecard and another person took over."""
    states = visibility.panel_states(interviewer.id, Loop.application_id == application.id)
    state = states.get(application.id, visibility.PanelState.OUTSIDE)
    if not visibility.may_join(state):
        raise Refused(
            _("%(name)s left this candidate's panel without a scorecard and was replaced, so "
              "they may have seen the other scorecards and can no longer rate this candidate "
              "independently.", name=interviewer.name),
            "interviewer_id",
        )  # fmt: skip


def left_panel(interview: Interview, candidate: str, replaced_by: User | None) -> None:
    """Record that the interview's interviewer leaves the panel without a scorecard: the
    interview is deleted (``replaced_by`` None: they stay blind) or handed to another
    person (they may see the results as their role allows, and never rejoin)."""
    leaver = db.session.get(User, interview.interviewer_id)
    name = leaver.name if leaver else f"#{interview.interviewer_id}"
    departure = PanelDeparture(
        loop_id=interview.loop_id,
        user_id=interview.interviewer_id,
        area_key=interview.area_key,
        kind="deleted" if replaced_by is None else "reassigned",
        actor_id=_actor_id(),
    )
    if replaced_by is not None:
        departure.replaced_by_id, departure.replaced_at = replaced_by.id, utcnow()
        summary = (
            f"{name} left the panel of {candidate} ({interview.area_key}) without a scorecard: "
            f"the interview went to {replaced_by.name}. {name} may now see the panel's "
            "scorecards as their role allows and can no longer rejoin this panel."
        )
    else:
        summary = (
            f"{name} left the panel of {candidate} ({interview.area_key}) without a scorecard: "
            f"the interview was deleted. {name} stays blind to the panel's scorecards until "
            "another person takes over the area."
        )
    db.session.add(departure)
    audit.record("left_panel", departure, summary)


def take_over(interview: Interview, candidate: str) -> None:
    """The interview's interviewer now covers its area: earlier departures from that area
    whose leaver is not on the panel any more and was not replaced yet count as taken
    over from now on (the leaver may see the results as their role allows, and never
    rejoin), each with an audit event."""
    on_panel = select(Interview.interviewer_id).where(Interview.loop_id == interview.loop_id)
    open_departures = db.session.scalars(
        select(PanelDeparture).where(
            PanelDeparture.loop_id == interview.loop_id,
            PanelDeparture.area_key == interview.area_key,
            PanelDeparture.replaced_by_id.is_(None),
            PanelDeparture.user_id != interview.interviewer_id,
            PanelDeparture.user_id.not_in(on_panel),
        )
    )
    taker = db.session.get(User, interview.interviewer_id)
    for departure in open_departures:
        changes = audit.diff(
            departure, {"replaced_by_id": interview.interviewer_id, "replaced_at": utcnow()}
        )
        audit.record(
            "taken_over",
            departure,
            f"{taker.name if taker else interview.interviewer_id} took over "
            f"{interview.area_key} on the panel of {candidate} from {departure.user.name}, "
            f"who may now see the panel's scorecards as their role allows and can no "
            "longer rejoin this panel.",
            {"replaced_by_id": changes["replaced_by_id"]},
        )


def _actor_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None

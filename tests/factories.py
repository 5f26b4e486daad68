"""Build hiring objects straight in the database for tests (valid by construction)."""

from __future__ import annotations

from datetime import timedelta

from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version
from interview.models import (
    Application,
    Candidate,
    Interview,
    Loop,
    OutboxMessage,
    PanelDeparture,
    Requisition,
    RequisitionShare,
    Scorecard,
    User,
)
from interview.question_bank import framework_to_dict

AREAS = [
    "beziehungstiefe-vertrauen",
    "renewal-management",
    "account-expansion-upselling",
    "customer-advocacy",
    "portfolio-management",
    "problemloesung-eskalation",
]


def requisition(owner: User, **fields) -> Requisition:
    """On the Account-Manager framework unless ``framework_version_id`` (and the rest) is given."""
    values = {"title": "Senior Account Manager", "owner_id": owner.id, "status": "open"}
    if "framework_version_id" not in fields:
        framework = current_bank().get("account-manager")
        values |= {
            "framework_version_id": stored_version(framework).id,
            "target_level": "senior",
            "required_areas": [a.id for a in framework.areas],
            "decision_rule": framework_to_dict(framework)["decision_rule"],
        }
    values.update(fields)
    obj = Requisition(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def candidate(**fields) -> Candidate:
    n = db.session.scalar(db.select(db.func.count(Candidate.id))) + 1
    values = {"name": f"Kandidatin {n}", "email": f"kandidatin{n}@example.net", "notes": ""}
    values.update(fields)
    obj = Candidate(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def application(req: Requisition, cand: Candidate | None = None, **fields) -> Application:
    obj = Application(requisition=req, candidate=cand or candidate(), **fields)
    db.session.add(obj)
    db.session.flush()
    return obj


def loop(app_: Application, **fields) -> Loop:
    obj = Loop(application=app_, **fields)
    db.session.add(obj)
    db.session.flush()
    return obj


def interview(loop_: Loop, interviewer: User, area_key: str = AREAS[0], **fields) -> Interview:
    values = {
        "starts_at": utcnow() + timedelta(days=1),
        "duration_minutes": 60,
        "location": "Raum Elbe",
    }
    values.update(fields)
    obj = Interview(loop=loop_, interviewer_id=interviewer.id, area_key=area_key, **values)
    db.session.add(obj)
    db.session.flush()
    return obj


def scorecard(
    interview_: Interview,
    *,
    submitted: bool = False,
    rating: int | None = 3,
    insufficient: bool = False,
    evidence: str = "Belege",
) -> Scorecard:
    obj = Scorecard(
        interview=interview_,
        author_id=interview_.interviewer_id,
        framework_version_id=interview_.loop.application.requisition.framework_version_id,
        rating=None if insufficient else rating,
        insufficient_evidence=insufficient,
        evidence=evidence,
        submitted_at=utcnow() if submitted else None,
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def outbox_message(user: User, **fields) -> OutboxMessage:
    """A mail in the outbox (pending unless ``status`` says otherwise)."""
    n = db.session.scalar(db.select(db.func.count(OutboxMessage.id))) + 1
    values = {
        "kind": "nudge",
        "recipient": user.email,
        "user_id": user.id,
        "subject": f"Betreff {n}",
        "payload": {"to_name": user.name, "text": "Text", "html": "<p>Text</p>"},
        "message_id": f"<test-{n}@scorecards.example>",
    }
    values.update(fields)
    if values.get("status") == "sent":
        values.setdefault("sent_at", utcnow())
    obj = OutboxMessage(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def departure(loop_: Loop, user: User, area_key: str = AREAS[0], *,
              replaced_by: User | None = None) -> PanelDeparture:  # fmt: skip
    """``user`` left the loop's panel without a scorecard (handed to ``replaced_by``, or
    the interview was deleted when None)."""
    obj = PanelDeparture(
        loop_id=loop_.id, user_id=user.id, area_key=area_key,
        kind="deleted" if replaced_by is None else "reassigned",
        replaced_by_id=replaced_by.id if replaced_by else None,
        replaced_at=utcnow() if replaced_by else None,
    )  # fmt: skip
    db.session.add(obj)
    db.session.flush()
    return obj


def council_share(req: Requisition, by: User, **fields) -> RequisitionShare:
    """``req`` shared with the works council by ``by`` (without end unless ``until``)."""
    obj = RequisitionShare(requisition_id=req.id, shared_by_id=by.id, **fields)
    db.session.add(obj)
    db.session.flush()
    return obj


def api_token(user: User, scope: str = "write"):
    """A personal access token of ``user`` (the token itself is not kept)."""
    from interview.api.tokens import create_token

    row, _token = create_token(user, "test", scope)
    return row


def webhook_endpoint(**fields):
    from interview.models import WebhookEndpoint

    values = {"url": "https://ats.example.com/hooks", "secret": "whsec_test",
              "events": ["decision.recorded"]}  # fmt: skip
    obj = WebhookEndpoint(**(values | fields))
    db.session.add(obj)
    db.session.flush()
    return obj

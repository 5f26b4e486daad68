"""Sharing requisitions with the works council, and the documents it reads.

The documents hold submitted scorecards only: drafts and which interviewer has not yet
submitted never reach the works council (the panel's unsubmitted state is the panel's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from interview import audit
from interview.council.approvals import Approvals, approvals_of
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.models import (
    Application,
    Decision,
    Interview,
    Loop,
    Requisition,
    RequisitionShare,
    Scorecard,
    User,
)
from interview.permissions import can_view_requisition, share_is_active
from interview.privacy.retention import local_day
from interview.problems import Refused
from interview.question_bank import Framework
from interview.results.services import bar_name, expectation_of, ratings_of
from interview.rules import describe_rule
from interview.scoring import area_results, evaluate_rule, expected_value
from interview.verdict import words
from interview.visibility import Facts, PanelState, Verdict, council_pack, panel_states
from interview.visibility import explain as explain_verdict


def today() -> date:
    return local_day(utcnow())


def share_of(requisition_id: int) -> RequisitionShare | None:
    return db.session.get(RequisitionShare, requisition_id)


def shared_now(requisition_id: int) -> bool:
    share = share_of(requisition_id)
    return share is not None and share_is_active(share.until, today())


def shared_requisitions() -> list[tuple[Requisition, RequisitionShare]]:
    """Requisitions shared with the works council today, newest share first."""
    rows = db.session.execute(
        select(Requisition, RequisitionShare)
        .join(RequisitionShare, RequisitionShare.requisition_id == Requisition.id)
        .order_by(RequisitionShare.shared_at.desc())
    ).all()
    day = today()
    return [(r, s) for r, s in rows if share_is_active(s.until, day)]


def share(user: User, requisition: Requisition, until: date | None) -> None:
    """Share (or change the end of the share). Refuses an end in the past."""
    if until is not None and until < today():
        raise Refused(gettext("Choose a day from today on, or none."), "until")
    row = share_of(requisition.id)
    if row is None:
        row = RequisitionShare(requisition_id=requisition.id, shared_by_id=user.id)
        db.session.add(row)
    row.shared_by_id, row.shared_at, row.until = user.id, utcnow(), until
    audit.record("shared", requisition, "Shared with the works council",
                 {"until": (None, until)}, actor_id=user.id)  # fmt: skip


def revoke(user: User, requisition: Requisition) -> None:
    row = share_of(requisition.id)
    if row is not None:
        db.session.delete(row)
        audit.record("unshared", requisition, "No longer shared with the works council",
                     actor_id=user.id)  # fmt: skip


@dataclass(frozen=True)
class CandidateDocuments:
    application: Application
    verdict: Verdict
    hidden_reason: str  # why the viewer does not see this candidate's scorecards
    rule_code: str
    explanation: str
    scorecards: list[Scorecard]  # submitted ones, in framework area order
    decisions: list[Decision]  # oldest first


@dataclass(frozen=True)
class Documents:
    requisition: Requisition
    framework: Framework
    level_title: str | None
    rule_text: str
    expected: dict[str, int | None]
    candidates: list[CandidateDocuments]
    share: RequisitionShare | None
    approvals: Approvals


def documents(user: User, requisition: Requisition, *, council_reads: bool) -> Documents:
    """Everything the works council sees about a requisition, in five queries."""
    framework = framework_of(requisition.framework_version)
    expectation = expectation_of(requisition, framework)
    applications = db.session.scalars(
        select(Application)
        .where(Application.requisition_id == requisition.id)
        .options(
            joinedload(Application.candidate),
            selectinload(Application.loop)
            .selectinload(Loop.interviews)
            .options(
                joinedload(Interview.interviewer),
                joinedload(Interview.scorecard).selectinload(Scorecard.answers),
            ),
        )
        .order_by(Application.created_at, Application.id)
    ).all()
    decisions: dict[int, list[Decision]] = {}
    for row in db.session.scalars(
        select(Decision)
        .where(Decision.application_id.in_([a.id for a in applications]))
        .order_by(Decision.decided_at, Decision.id)
    ):
        decisions.setdefault(row.application_id, []).append(row)
    states = panel_states(user.id, Application.requisition_id == requisition.id)
    hiring_side = can_view_requisition(user, requisition)
    titles = {a.id: a.title for a in framework.areas}
    order = {a.id: n for n, a in enumerate(framework.areas)}
    bar = bar_name(requisition, framework)
    candidates = []
    for application in applications:
        facts = Facts(
            states.get(application.id, PanelState.OUTSIDE),
            hiring_side,
            requisition.scores_visible,
            requisition.debrief_released_at is not None,
        )
        verdict = council_pack(facts, council_reads=council_reads)
        interviews = application.loop.interviews if application.loop else []
        submitted = sorted(
            (i.scorecard for i in interviews if i.scorecard and i.scorecard.submitted_at),
            key=lambda c: (order.get(c.interview.area_key, 99), c.interview.starts_at),
        )
        if not verdict.allowed:
            submitted = []
        rule = evaluate_rule(
            expectation, area_results(framework, expectation, ratings_of(submitted))
        )
        candidates.append(CandidateDocuments(
            application, verdict, "" if verdict.allowed else explain_verdict(verdict), rule.code,
            words(rule, titles, bar, gettext, ngettext), submitted,
            decisions.get(application.id, []) if verdict.allowed else [],
        ))  # fmt: skip
    level = next((lv for lv in framework.levels if lv.id == requisition.target_level), None)
    return Documents(
        requisition, framework, level.title if level else None,
        describe_rule(requisition.decision_rule, len(requisition.required_areas), gettext),
        {a.id: expected_value(framework, a.id, expectation) for a in framework.areas},
        candidates, share_of(requisition.id), approvals_of(requisition),
    )  # fmt: skip

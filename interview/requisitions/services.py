"""Requisitions: who sees which, creating and changing them (with audit events)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select

from interview import audit, notifications
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import ensure_stored, framework_of
from interview.models import Application, Requisition, User, UserRole
from interview.permissions import (
    HIRING_MANAGER,
    can_create_requisition,
    can_edit_requisition,
    can_view_requisition,
    sees_all_requisitions,
)
from interview.problems import Refused
from interview.question_bank import Framework
from interview.rules import DecisionRule

PER_PAGE = 25


@dataclass
class RequisitionData:
    title: str
    target_level: str | None
    targets: dict[str, int]
    required_areas: list[str]
    rule: DecisionRule | None  # None: no rule, as stored for requisitions from before rules
    owner_id: int
    status: str = "open"
    scores_visible: str = "after_submit"
    reliability_share: int = 20  # percent of candidates with one area rated twice


def visible_requisitions(user: User, status: str | None, page: int, per_page: int = PER_PAGE):
    """A page of requisitions the user may see, and their numbers of candidates by id."""
    query = select(Requisition).order_by(
        Requisition.status != "open", Requisition.created_at.desc(), Requisition.id
    )
    if not sees_all_requisitions(user):
        query = query.where(Requisition.owner_id == user.id)
    if status:
        query = query.where(Requisition.status == status)
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    counts = dict(
        db.session.execute(
            select(Application.requisition_id, func.count(Application.id))
            .where(Application.requisition_id.in_([r.id for r in pagination.items]))
            .group_by(Application.requisition_id)
        ).all()
    )
    return pagination, counts


def get_visible(user: User, requisition_id: int, *, for_edit: bool = False) -> Requisition:
    """The requisition, or 404 when the user may not see (or, ``for_edit``, change) it."""
    requisition = db.session.get(Requisition, requisition_id)
    allowed = can_edit_requisition if for_edit else can_view_requisition
    if requisition is None or not allowed(user, requisition):
        abort(404)
    return requisition


def owner_choices(user: User) -> list[User]:
    """Admins pick any active hiring manager; a hiring manager owns what they create."""
    if not user.has_role("admin"):
        return [user]
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == HIRING_MANAGER, User.active.is_(True))
            .order_by(User.name)
        )
    )


def create_requisition(user: User, framework: Framework, data: RequisitionData) -> Requisition:
    """Refuses users who may not create requisitions and invalid expectations or rules."""
    if not can_create_requisition(user):
        raise Refused(_("You may not create requisitions."))
    _check(user, framework, data)
    version = ensure_stored(framework)
    requisition = Requisition(
        title=data.title.strip(),
        framework_version_id=version.id,
        target_level=data.target_level,
        target_overrides=_overrides(framework, data.targets),
        required_areas=data.required_areas,
        decision_rule=data.rule.to_dict() if data.rule else {},
        owner_id=data.owner_id,
        status=data.status,
        scores_visible=data.scores_visible,
        reliability_share=data.reliability_share,
    )
    db.session.add(requisition)
    db.session.flush()
    audit.record(
        "created",
        requisition,
        f"Requisition '{requisition.title}' on {framework.id} {framework.version}",
    )
    return requisition


def update_requisition(user: User, requisition: Requisition, data: RequisitionData) -> None:
    """Changes title, expectation, areas, rule, owner and status; the framework stays."""
    if not can_edit_requisition(user, requisition):
        abort(404)
    framework = framework_of(requisition.framework_version)
    _check(user, framework, data)
    was_live = {}
    if data.status != requisition.status:
        was_live = {a.id: notifications.is_live(a) for a in requisition.applications}
    changes = audit.diff(
        requisition,
        {
            "title": data.title.strip(),
            "target_level": data.target_level,
            "target_overrides": _overrides(framework, data.targets),
            "required_areas": data.required_areas,
            "decision_rule": data.rule.to_dict() if data.rule else {},
            "owner_id": data.owner_id,
            "status": data.status,
            "scores_visible": data.scores_visible,
            "reliability_share": data.reliability_share,
        },
    )
    if changes:
        audit.record("updated", requisition, f"Requisition '{requisition.title}'", changes)
    if "status" in changes:
        for application in requisition.applications:
            notifications.application_changed(application, was_live[application.id])


def _check(user: User, framework: Framework, data: RequisitionData) -> None:
    if framework.has_levels and data.target_level not in {lv.id for lv in framework.levels}:
        raise Refused(_("Choose a target level of this framework."), "target_level")
    known = {a.id for a in framework.areas}
    if not data.required_areas or not set(data.required_areas) <= known:
        raise Refused(_("Choose at least one area of this framework."), "required_areas")
    # keep the framework's order, whatever order the form sent
    data.required_areas = [a.id for a in framework.areas if a.id in data.required_areas]
    scale = [p.value for p in framework.scale]
    problems = data.rule.problems(scale, len(data.required_areas)) if data.rule else []
    if "min_areas" in problems:
        raise Refused(
            _("The rule cannot ask for more areas than the loop must cover."), "min_areas"
        )
    if problems:
        raise Refused(_("Choose values from the framework's scale."), problems[0])
    if data.owner_id not in {u.id for u in owner_choices(user)}:
        raise Refused(_("Choose an active hiring manager."), "owner_id")


def _overrides(framework: Framework, targets: dict[str, int]) -> dict[str, int]:
    """Only the targets that differ from the framework's Soll profile are stored."""
    defaults = {a.id: a.target for a in framework.areas}
    return {k: v for k, v in targets.items() if k in defaults and defaults[k] != v}


def expected_values(requisition: Requisition, framework: Framework) -> dict[str, int | None]:
    """Per area: the target value (Soll profile with overrides); None for level frameworks."""
    overrides = requisition.target_overrides or {}
    return {a.id: overrides.get(a.id, a.target) for a in framework.areas}


def release_for_debrief(user: User, requisition: Requisition) -> None:
    """Let interviewers who submitted see the panel's scorecards (requisitions that keep
    them hidden until the debrief). Refuses users who may not change the requisition."""
    if not can_edit_requisition(user, requisition):
        abort(404)
    if requisition.debrief_released_at is None:
        requisition.debrief_released_at = utcnow()
        audit.record("released", requisition, f"Scores of '{requisition.title}' released")

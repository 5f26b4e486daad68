"""Glue between requisition forms, services and templates (no rules here)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.loops.coverage import coverage
from interview.models import Application, Loop, Requisition, User
from interview.question_bank import Framework
from interview.requisitions.services import RequisitionData, expected_values
from interview.rules import describe_rule

CANDIDATES_PER_PAGE = 25


def prefill_new(form, framework: Framework, user: User) -> None:
    form.required_areas.data = [a.id for a in framework.areas]
    if framework.has_levels:
        form.target_level.data = framework.levels[0].id
    _prefill_rule(form, default_rule(framework))
    form.owner_id.data = str(user.id)
    form.status.data = "open"
    form.scores_visible.data = "after_submit"
    form.reliability_share.data = 20


def prefill_existing(form, framework: Framework, requisition: Requisition) -> None:
    form.title.data = requisition.title
    if framework.has_levels:
        form.target_level.data = requisition.target_level
    form.required_areas.data = list(requisition.required_areas)
    _prefill_rule(form, requisition.decision_rule or default_rule(framework))
    form.owner_id.data = str(requisition.owner_id)
    form.status.data = requisition.status
    form.scores_visible.data = requisition.scores_visible
    form.reliability_share.data = requisition.reliability_share
    values = expected_values(requisition, framework)
    for area, target_field in form.target_fields:
        target_field.data = str(values[area.id])


def default_rule(framework: Framework) -> dict[str, Any]:
    rule = framework.decision_rule
    if rule is None:
        return {"min_rating": "target" if not framework.has_levels else framework.scale[-2].value,
                "min_areas": "all", "none_below": None, "text": None}  # fmt: skip
    return {"min_rating": rule.min_rating, "min_areas": rule.min_areas,
            "none_below": rule.none_below, "text": rule.text}  # fmt: skip


def _prefill_rule(form, rule: dict[str, Any]) -> None:
    form.min_rating.data = str(rule.get("min_rating"))
    form.min_areas.data = str(rule.get("min_areas"))
    none_below = rule.get("none_below")
    form.none_below.data = "" if none_below is None else str(none_below)
    form.rule_text.data = rule.get("text") or ""


def rule_from_text(
    min_rating: str, min_areas: str, none_below: int | str | None, text: str | None
) -> dict[str, Any]:
    """A stored rule from the form's (or the API's) text values; ``rule_problems`` checks it."""

    def number_or(value: str, word: str) -> int | str:
        return word if value == word else int(value)

    return {
        "min_rating": number_or(min_rating, "target"),
        "min_areas": number_or(min_areas, "all"),
        "none_below": int(none_below) if none_below not in (None, "") else None,
        "text": (text or "").strip() or None,
    }


def data_from_form(form, framework: Framework) -> RequisitionData:
    rule = rule_from_text(
        form.min_rating.data, form.min_areas.data, form.none_below.data, form.rule_text.data
    )
    return RequisitionData(
        title=form.title.data,
        target_level=form.target_level.data if framework.has_levels else None,
        targets={area.id: int(f.data) for area, f in form.target_fields},
        required_areas=list(form.required_areas.data or []),
        rule=rule,
        owner_id=int(form.owner_id.data),
        status=form.status.data,
        scores_visible=form.scores_visible.data,
        # left empty: the default share
        reliability_share=20
        if form.reliability_share.data is None
        else form.reliability_share.data,
    )


def show_context(requisition: Requisition, page: int) -> dict[str, Any]:
    """Everything the requisition page shows (one page of candidates), in a fixed number
    of queries however many candidates there are."""
    framework = framework_of(requisition.framework_version)
    pagination = db.paginate(
        select(Application)
        .where(Application.requisition_id == requisition.id)
        .options(selectinload(Application.loop).selectinload(Loop.interviews))
        .order_by(Application.created_at, Application.id),
        page=page,
        per_page=CANDIDATES_PER_PAGE,
        error_out=False,
    )
    rows = []
    for application in pagination.items:
        interviews = application.loop.interviews if application.loop else []
        cov = coverage(requisition.required_areas, [i.area_key for i in interviews])
        rows.append({"application": application, "interviews": len(interviews), "coverage": cov})
    return {
        "requisition": requisition,
        "framework": framework,
        "expected": expected_values(requisition, framework),
        "level": next((lv for lv in framework.levels if lv.id == requisition.target_level), None),
        "rule_text": describe_rule(
            requisition.decision_rule, len(requisition.required_areas), gettext
        ),
        "rows": rows,
        "pagination": pagination,
    }

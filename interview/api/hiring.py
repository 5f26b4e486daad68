"""Requisitions, candidates and applications: list, read, create, change.

Each route calls the same service (and permission check) as its web page; refusals come
back as 422 problem details with the service's reason.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from interview.api import schemas as s
from interview.api.blueprint import bp, commit, link, page_of
from interview.candidates import services as candidates
from interview.extensions import db
from interview.frameworks.services import framework_of, get_framework
from interview.models import Application, Candidate, Requisition
from interview.permissions import HIRING_ROLES, roles_required
from interview.question_bank import Framework
from interview.requisitions import services as requisitions
from interview.requisitions.pages import default_rule, rule_from_text
from interview.rules import DecisionRule

# --- requisitions --------------------------------------------------------------------------


def requisition_out(r: Requisition) -> dict[str, Any]:
    version = r.framework_version
    return {
        "id": r.id, "title": r.title, "status": r.status,
        "framework": {"id": version.framework_key, "version": version.version},
        "target_level": r.target_level, "target_overrides": r.target_overrides or {},
        "required_areas": list(r.required_areas or []), "decision_rule": r.decision_rule or {},
        "owner_id": r.owner_id, "scores_visible": r.scores_visible, "created_at": r.created_at,
        "url": link("requisitions.show", requisition_id=r.id),
    }  # fmt: skip


@bp.get("/requisitions")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Requisitions"])
@bp.arguments(s.RequisitionListArgs, location="query")
@bp.response(200, s.RequisitionPage)
def list_requisitions(args):
    """Requisitions the user may see (hiring managers: their own), open ones first."""
    pagination, _counts = requisitions.visible_requisitions(
        current_user, args.get("status"), args["page"], args["per_page"]
    )
    return page_of(pagination, [requisition_out(r) for r in pagination.items])


@bp.post("/requisitions")
@roles_required("admin", "hiring_manager")
@bp.doc(tags=["Requisitions"])
@bp.arguments(s.RequisitionIn)
@bp.response(201, s.RequisitionOut)
def create_requisition(body):
    """A new requisition on a framework of the question bank. Omitted expectation, areas
    and rule take the framework's defaults, as the web form does."""
    framework = get_framework(body["framework"])
    if framework is None:
        abort(422, description=_("Unknown framework."))
    data = requisitions.RequisitionData(
        title=body["title"],
        target_level=body["target_level"] or _first_level(framework),
        targets=_targets(framework, body["targets"]),
        required_areas=body["required_areas"] or [a.id for a in framework.areas],
        rule=_rule(body["decision_rule"]) or default_rule(framework),
        owner_id=body["owner_id"] or current_user.id,
        status=body["status"],
        scores_visible=body["scores_visible"],
    )
    user = current_user._get_current_object()
    return requisition_out(commit(lambda: requisitions.create_requisition(user, framework, data)))


@bp.get("/requisitions/<int:requisition_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Requisitions"])
@bp.response(200, s.RequisitionOut)
def get_requisition(requisition_id: int):
    """One requisition (404 if the user may not see it)."""
    return requisition_out(requisitions.get_visible(current_user, requisition_id))


@bp.patch("/requisitions/<int:requisition_id>")
@roles_required("admin", "hiring_manager")
@bp.doc(tags=["Requisitions"])
@bp.arguments(s.RequisitionPatch)
@bp.response(200, s.RequisitionOut)
def update_requisition(body, requisition_id: int):
    """Change the fields sent; the framework stays. Only its owner or an admin."""
    requisition = requisitions.get_visible(current_user, requisition_id, for_edit=True)
    framework = framework_of(requisition.framework_version)
    current = requisitions.expected_values(requisition, framework)
    data = requisitions.RequisitionData(
        title=body.get("title", requisition.title),
        target_level=body.get("target_level", requisition.target_level),
        targets=current | _targets(framework, body.get("targets", {})),
        required_areas=body.get("required_areas", list(requisition.required_areas)),
        # a requisition without a rule keeps none unless the body sends one
        rule=_rule(body.get("decision_rule")) or requisition.rule,
        owner_id=body.get("owner_id", requisition.owner_id),
        status=body.get("status", requisition.status),
        scores_visible=body.get("scores_visible", requisition.scores_visible),
    )
    user = current_user._get_current_object()
    commit(lambda: requisitions.update_requisition(user, requisition, data))
    return requisition_out(requisition)


def _first_level(framework: Framework) -> str | None:
    return framework.levels[0].id if framework.has_levels else None


def _targets(framework: Framework, given: dict[str, int]) -> dict[str, int]:
    unknown = set(given) - {a.id for a in framework.areas}
    if unknown:
        abort(422, description=_("Choose an area of this requisition's framework."))
    return dict(given)


def _rule(rule: dict[str, Any] | None) -> DecisionRule | None:
    if not rule:
        return None
    return rule_from_text(rule["min_rating"], rule["min_areas"], rule["none_below"], rule["text"])


# --- candidates ------------------------------------------------------------------------------


def candidate_out(c: Candidate) -> dict[str, Any]:
    applications = candidates.visible_applications(current_user, c)
    return {
        "id": c.id, "name": c.name, "email": c.email, "phone": c.phone, "source": c.source,
        "notes": c.notes or "", "created_at": c.created_at,
        "applications": [{"id": a.id, "requisition_id": a.requisition_id, "status": a.status}
                         for a in applications],
        "url": link("candidates.show", candidate_id=c.id),
    }  # fmt: skip


@bp.get("/candidates")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Candidates"])
@bp.arguments(s.CandidateListArgs, location="query")
@bp.response(200, s.CandidatePage)
def list_candidates(args):
    """Candidates the user may see, newest first; by requisition, or by name or e-mail."""
    pagination = candidates.visible_candidates(
        current_user, args.get("q"), args["page"], args["per_page"], args.get("requisition_id")
    )
    return page_of(pagination, [candidate_out(c) for c in pagination.items])


@bp.post("/candidates")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Candidates"])
@bp.arguments(s.CandidateIn)
@bp.response(201, s.CandidateOut)
def create_candidate(body):
    """A new candidate, optionally considered for a requisition at once. An e-mail on file
    already is refused unless confirm_duplicate is true."""
    requisition = None
    if body["requisition_id"] is not None:
        requisition = {r.id: r for r in candidates.requisitions_open_to(current_user)}.get(
            body["requisition_id"]
        )
        if requisition is None:
            abort(422, description=_("Choose one of your requisitions."))
    data = candidates.CandidateData(
        body["name"], body["email"], body["phone"], body["source"], body["notes"]
    )
    user = current_user._get_current_object()
    candidate = commit(
        lambda: candidates.create_candidate(
            user,
            data,
            requisition,
            confirm_duplicate=body["confirm_duplicate"],
            internal=body["internal"],
        )
    )
    return candidate_out(candidates.get_visible(user, candidate.id))


@bp.get("/candidates/<int:candidate_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Candidates"])
@bp.response(200, s.CandidateOut)
def get_candidate(candidate_id: int):
    """One candidate with the applications the user may see."""
    return candidate_out(candidates.get_visible(current_user, candidate_id))


@bp.patch("/candidates/<int:candidate_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Candidates"])
@bp.arguments(s.CandidatePatch)
@bp.response(200, s.CandidateOut)
def update_candidate(body, candidate_id: int):
    """Change contact data and notes of a visible candidate (the fields sent)."""
    candidate = candidates.get_visible(current_user, candidate_id)
    data = candidates.CandidateData(
        body.get("name", candidate.name), body.get("email", candidate.email),
        body.get("phone", candidate.phone), body.get("source", candidate.source),
        body.get("notes", candidate.notes),
    )  # fmt: skip
    user = current_user._get_current_object()
    commit(lambda: candidates.update_candidate(user, candidate, data))
    return candidate_out(candidate)


# --- applications ------------------------------------------------------------------------


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.id, "candidate_id": a.candidate_id, "candidate_name": a.candidate.name,
        "requisition_id": a.requisition_id, "status": a.status, "internal": a.internal,
        "loop_status": a.loop.status if a.loop else None, "created_at": a.created_at,
        "url": link("loops.show", application_id=a.id),
    }  # fmt: skip


@bp.get("/applications")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Applications"])
@bp.arguments(s.ApplicationListArgs, location="query")
@bp.response(200, s.ApplicationPage)
def list_applications(args):
    """Applications on requisitions the user may see, by requisition and status."""
    pagination = candidates.visible_applications_page(
        current_user, args.get("requisition_id"), args.get("status"), args["page"],
        args["per_page"],
    )  # fmt: skip
    return page_of(pagination, [application_out(a) for a in pagination.items])


@bp.post("/applications")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Applications"])
@bp.arguments(s.ApplicationIn)
@bp.response(201, s.ApplicationOut)
def create_application(body):
    """Consider a visible candidate for one more requisition the user may staff."""
    candidate = candidates.get_visible(current_user, body["candidate_id"])
    requisition = db.session.get(Requisition, body["requisition_id"])
    if requisition is None:
        abort(422, description=_("You cannot add candidates to this requisition."))
    user = current_user._get_current_object()
    return application_out(
        commit(
            lambda: candidates.add_to_requisition(
                user, candidate, requisition, internal=body["internal"]
            )
        )
    )


@bp.get("/applications/<int:application_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Applications"])
@bp.response(200, s.ApplicationOut)
def get_application(application_id: int):
    """One application (404 if the user may not see its requisition)."""
    return application_out(candidates.get_application(current_user, application_id,
                                                      for_edit=False))  # fmt: skip


@bp.patch("/applications/<int:application_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Applications"])
@bp.arguments(s.ApplicationPatch)
@bp.response(200, s.ApplicationOut)
def update_application(body, application_id: int):
    """Move the candidate along the pipeline (status), or mark them internal or external."""
    application = candidates.get_application(current_user, application_id, for_edit=True)
    user = current_user._get_current_object()
    status = body.get("status", application.status)
    commit(lambda: candidates.set_status(user, application, status, body.get("internal")))
    return application_out(application)

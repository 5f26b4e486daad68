"""The payloads of the events this app announces itself: ids and links, nothing else
(no names, no evidence, no ratings), so a receiver fetches details through the API with
its own token and permissions."""

from __future__ import annotations

from typing import Any

from interview.models import Application, Candidate, Decision, Interview
from interview.notifications.render import absolute_url
from interview.webhooks.services import emit


def _application_refs(application: Application) -> dict[str, Any]:
    return {
        "application_id": application.id,
        "candidate_id": application.candidate_id,
        "requisition_id": application.requisition_id,
        "links": {
            "results": absolute_url("results.show", application_id=application.id),
            "api_results": absolute_url("api.get_results", application_id=application.id),
            "api_application": absolute_url("api.get_application", application_id=application.id),
        },
    }


def scorecard_submitted(interview: Interview) -> None:
    application = interview.loop.application
    emit("scorecard.submitted", {
        "scorecard_id": interview.scorecard.id if interview.scorecard else None,
        "interview_id": interview.id, "area": interview.area_key,
        **_application_refs(application),
    })  # fmt: skip


def all_scorecards_in(application: Application, count: int) -> None:
    emit("scorecards.all_in", {"scorecards": count, **_application_refs(application)})


def decision_recorded(decision: Decision, application: Application) -> None:
    emit("decision.recorded", {
        "decision_id": decision.id, "decision": decision.decision,
        "rule_result": decision.rule_result, **_application_refs(application),
    })  # fmt: skip


def candidate_anonymised(candidate: Candidate) -> None:
    """One event per application (so every receiver can match it to what it stored), or
    one with the candidate's id alone for a candidate never considered for a requisition."""
    if not candidate.applications:
        emit("candidate.anonymised", {"candidate_id": candidate.id})
    for application in candidate.applications:
        emit("candidate.anonymised", _application_refs(application))

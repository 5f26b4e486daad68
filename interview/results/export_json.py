"""One candidate's consolidated scorecard as plain data (the JSON export, one CLI list item).

Stored codes stay for programs (``status``, ``result``, ``recommendation``...), each with a
``..._label`` beside it in the export's language. Times are ISO 8601 in UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview.db import utcnow
from interview.kit.forms import RECOMMENDATION_LABELS
from interview.labels import APPLICATION_STATUS, AREA_STATE, DECISION, RULE_RESULT
from interview.models import Decision, Scorecard
from interview.question_bank import Framework
from interview.results.amendments import Amendment
from interview.results.export_model import CandidateExport, label
from interview.scoring import AreaResult


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def candidate_data(export: CandidateExport) -> dict[str, Any]:
    result = export.result
    application, requisition, framework = result.application, result.requisition, result.framework
    version = requisition.framework_version
    level = next((lv for lv in framework.levels if lv.id == requisition.target_level), None)
    titles = {a.id: a.title for a in framework.areas}
    return {
        "candidate": {"name": application.candidate.name, "email": application.candidate.email},
        "application": {
            "id": application.id,
            "status": application.status,
            "status_label": label(APPLICATION_STATUS, application.status),
        },
        "requisition": {
            "id": requisition.id,
            "title": requisition.title,
            "target_level": requisition.target_level,
            "target_level_title": level.title if level else None,
            "framework": {"id": version.framework_key, "version": version.version},
        },
        "areas": [_area_data(area, framework) for area in export.areas],
        "rule": {
            "result": result.rule.code,
            "result_label": label(RULE_RESULT, result.rule.code),
            "passing": export.passing,
            "needed": result.rule.needed,
            "total": result.rule.total,
            "floor": result.rule.floor,
            "below_floor": list(result.rule.below_floor),
            "undecided": list(result.rule.undecided),
            "explanation": result.explanation,
        },
        "scorecards": [
            _card_data(card, framework, titles, export.amendments.get(card.id, []))
            for card in result.scorecards
        ],
        "pending": [
            {
                "interviewer": interview.interviewer.name,
                "area": interview.area_key,
                "starts_at": _iso(interview.starts_at),
                "late": late,
            }
            for interview, late in result.pending
        ],
        "decision": _decision_data(result.decisions[0]) if result.decisions else None,
        "exported_at": _iso(utcnow()),
    }


def _card_data(
    card: Scorecard, framework: Framework, titles: dict[str, str], amendments: list[Amendment]
) -> dict[str, Any]:
    return {
        "rater": card.interview.interviewer.name,
        "area": card.interview.area_key,
        "area_title": titles.get(card.interview.area_key, card.interview.area_key),
        "rating": card.rating,
        "label": _scale_label(framework, card.rating),
        "insufficient_evidence": card.insufficient_evidence,
        "evidence": card.evidence,
        "recommendation": card.recommendation,
        "recommendation_label": label(RECOMMENDATION_LABELS, card.recommendation),
        "submitted_at": _iso(card.submitted_at),
        "amended_at": _iso(card.amended_at),
        "amendments": [
            {
                "at": _iso(a.at),
                "by": a.by,
                "reason": a.reason,
                "old_rating": a.old_rating,
                "old_insufficient_evidence": a.old_insufficient,
                "new_rating": a.new_rating,
                "new_insufficient_evidence": a.new_insufficient,
            }
            for a in amendments
        ],
        "answers": [
            {"note": a.note, "probe_asked": a.probe_asked, "outcome": a.probe_note}
            for a in card.answers
        ],
    }


def _decision_data(decision: Decision) -> dict[str, Any]:
    return {
        "decision": decision.decision,
        "decision_label": label(DECISION, decision.decision),
        "reason": decision.reason,
        "rule_result": decision.rule_result,
        "rule_result_label": label(RULE_RESULT, decision.rule_result),
        "rule_explanation": decision.rule_explanation,
        "decided_by": decision.decided_by.name,
        "decided_at": _iso(decision.decided_at),
    }


def _area_data(area: AreaResult, framework: Framework) -> dict[str, Any]:
    return {
        "area_id": area.area_id,
        "title": area.title,
        "required": area.required,
        "extra": not area.required,
        "expected": area.expected,
        "mean": area.mean,
        "gap": area.gap,
        "state": area.state,
        "state_label": label(AREA_STATE, area.state),
        "level": area.level_title,
        "level_within_allowance": area.within_allowance,
        "disagreement": area.disagreement,
        "ratings": [
            {
                "rater": r.rater,
                "rating": r.value,
                "label": _scale_label(framework, r.value),
                "insufficient_evidence": r.insufficient,
                "evidence": r.evidence,
            }
            for r in area.ratings
        ],
    }


def _scale_label(framework: Framework, value: int | None) -> str | None:
    point = framework.scale_point(value) if value is not None else None
    return point.label if point else None

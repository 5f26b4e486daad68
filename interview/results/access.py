"""Visibility verdicts as HTTP answers, the same for every results page and export."""

from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user

from interview import visibility
from interview.models import Application
from interview.visibility import Verdict


def require_results(application: Application, *, as_json: bool = False) -> None:
    """Let the signed-in user see the candidate's results, or stop the request: 404 where
    their role does not reach the candidate (ids cannot be probed), 403 with the reason
    where the independence rule keeps them blind (as ``{"error": ...}`` for JSON)."""
    verdict = visibility.results(visibility.facts_for(current_user, application))
    if verdict is Verdict.NO_ACCESS:
        abort(404)
    if not verdict.allowed:
        reason = visibility.explain(verdict)
        if as_json:
            response = jsonify(error=reason)
            response.status_code = 403
            abort(response)
        abort(403, reason)

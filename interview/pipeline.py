"""The application's pipeline status follows what happens: a ready loop and submitted
scorecards mean the candidate is being interviewed, a decision moves them on
(``interview.results.decisions``). Every automatic move is audited.

Only forward and only from "new": a status a person set (offer, on to the next stage,
withdrawn...) is never overwritten by the system.
"""

from __future__ import annotations

from interview import audit
from interview.models import Application, Interview


def _start_interviewing(application: Application, why: str) -> None:
    if application.status != "new":
        return
    changes = audit.diff(application, {"status": "interviewing"})
    audit.record("updated", application, f"Status of {application.candidate.name}: {why}", changes)


def loop_ready(application: Application) -> None:
    """The loop is ready: the candidate is being interviewed."""
    _start_interviewing(application, "loop ready")


def scorecard_submitted(interview: Interview) -> None:
    """A scorecard came in (even before the loop was marked ready)."""
    _start_interviewing(interview.loop.application, "scorecard submitted")

"""What the start page shows to each role."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview.assignments.services import AssignmentRow, next_interviews
from interview.db import utcnow
from interview.models import Requisition, User
from interview.permissions import HIRING_ROLES, INTERVIEWER
from interview.requisitions.services import visible_requisitions

HOME_ROWS = 5


@dataclass
class Home:
    next_interviews: list[AssignmentRow] = field(default_factory=list)
    more_interviews: int = 0
    requisitions: list[Requisition] = field(default_factory=list)
    candidate_counts: dict[int, int] = field(default_factory=dict)
    more_requisitions: int = 0


def home_for(user: User) -> Home:
    """Interviewers: their next interviews; hiring roles: their open requisitions."""
    home = Home()
    if user.has_role(INTERVIEWER):
        home.next_interviews, total = next_interviews(user, utcnow(), HOME_ROWS)
        home.more_interviews = max(total - HOME_ROWS, 0)
    if user.has_role(*HIRING_ROLES):
        pagination, counts = visible_requisitions(user, "open", 1)
        home.requisitions = pagination.items[:HOME_ROWS]
        home.candidate_counts = counts
        home.more_requisitions = max((pagination.total or 0) - HOME_ROWS, 0)
    return home

"""Who may do what: named predicates over (user, object) and a role decorator.

Views call these and answer 404 for objects the user may not see (so ids cannot be
probed) and 403 for pages their role never reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import abort
from flask_login import current_user

from interview.models import Role

if TYPE_CHECKING:
    from interview.models import Candidate, Interview, Requisition, User

ADMIN = Role.ADMIN.value
HIRING_MANAGER = Role.HIRING_MANAGER.value
RECRUITER = Role.RECRUITER.value
INTERVIEWER = Role.INTERVIEWER.value
DATA_PROTECTION = Role.DATA_PROTECTION.value
WORKS_COUNCIL = Role.WORKS_COUNCIL.value

#: roles that see the hiring side (requisitions, candidates, loops) at all
HIRING_ROLES = (ADMIN, HIRING_MANAGER, RECRUITER)
#: roles that answer candidates' requests for access and erasure and keep legal holds
PRIVACY_ROLES = (ADMIN, DATA_PROTECTION)


def roles_required(*roles: str) -> Callable:
    """403 unless the signed-in user holds one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]  (navigation)
        return wrapped

    return decorator


def sees_all_requisitions(user: User) -> bool:
    return user.has_role(ADMIN, RECRUITER)


def can_create_requisition(user: User) -> bool:
    return user.has_role(ADMIN, HIRING_MANAGER)


def can_view_requisition(user: User, requisition: Requisition) -> bool:
    return sees_all_requisitions(user) or (
        user.has_role(HIRING_MANAGER) and requisition.owner_id == user.id
    )


def can_edit_requisition(user: User, requisition: Requisition) -> bool:
    return user.has_role(ADMIN) or (
        user.has_role(HIRING_MANAGER) and requisition.owner_id == user.id
    )


def can_manage_candidates(user: User) -> bool:
    return user.has_role(*HIRING_ROLES)


def can_view_candidate(user: User, candidate: Candidate, owner_ids: set[int]) -> bool:
    """``owner_ids``: owners of the requisitions the candidate is considered for."""
    return sees_all_requisitions(user) or (user.has_role(HIRING_MANAGER) and user.id in owner_ids)


def can_edit_loop(user: User, requisition: Requisition) -> bool:
    """Recruiters may build loops for any requisition; hiring managers for their own."""
    return user.has_role(ADMIN, RECRUITER) or (
        user.has_role(HIRING_MANAGER) and requisition.owner_id == user.id
    )


def can_view_assignment(user: User, interview: Interview, requisition: Requisition) -> bool:
    return interview.interviewer_id == user.id or can_view_requisition(user, requisition)


def share_is_active(until: date | None, today: date) -> bool:
    """A share with the works council holds through its last day, or without end."""
    return until is None or until >= today


def can_read_council_pack(user: User, requisition: Requisition, *, shared_now: bool) -> bool:
    """The works council's documents: the works council while the requisition is shared
    with it, and the requisition's hiring side (to see what the council sees)."""
    return can_view_requisition(user, requisition) or (user.has_role(WORKS_COUNCIL) and shared_now)


def can_share_with_council(user: User, requisition: Requisition) -> bool:
    """Admins and the requisition's hiring manager share it with the works council."""
    return can_edit_requisition(user, requisition)


def can_manage_users(user: User) -> bool:
    return user.has_role(ADMIN)

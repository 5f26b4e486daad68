"""User management for admins, and reading the audit trail.

Every change records an audit event and flushes; the request commits. Passwords and their
hashes never go into an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload

from interview import audit
from interview.auth import services as auth_services
from interview.auth import sessions as auth_sessions
from interview.extensions import db
from interview.models import AuditEvent, User, UserRole
from interview.permissions import ADMIN

USERS_PER_PAGE = 25
EVENTS_PER_PAGE = 50


class UserRuleError(ValueError):
    """A refused change; ``field`` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def list_users(search: str, page: int) -> Pagination:
    """Users ordered by name, inactive ones included; ``search`` matches name or e-mail,
    ignoring case (``%`` and ``_`` are taken literally)."""
    query = db.select(User).order_by(User.name, User.id)
    if search:
        query = query.where(
            or_(
                User.name.icontains(search, autoescape=True),
                User.email.icontains(search, autoescape=True),
            )
        )
    return db.paginate(query, page=page, per_page=USERS_PER_PAGE)


def create_user(
    name: str, email: str, roles: Iterable[str], password: str | None = None
) -> tuple[User, str | None]:
    """Add an active user and record it; returns the user and the generated password
    (``None`` when ``password`` was given). Refuses an e-mail address already in use,
    an empty role list and passwords shorter than the minimum."""
    roles = frozenset(roles)
    _check_email_free(email)
    _check_roles(roles)
    generated = None if password else auth_services.generate_password()
    user = auth_services.create_user(email, name, password or generated, roles)
    created = {"name": user.name, "email": user.email, "roles": roles, "active": True}
    audit.record(
        "create",
        user,
        f"Created user {user.email}",
        {field: (None, value) for field, value in created.items()},
    )
    return user, generated


def update_user(
    user: User, actor: User | None, *, name: str, email: str, roles: Iterable[str]
) -> dict:
    """Change name, e-mail and roles and record the fields that changed (returned).

    Refuses an e-mail address another user has, an empty role list, an admin removing
    their own admin role, and taking the admin role from the last active admin."""
    email, roles = auth_services.normalise_email(email), frozenset(roles)
    _check_email_free(email, except_user=user)
    _check_roles(roles)
    if user.has_role(ADMIN) and ADMIN not in roles:
        if _is_self(user, actor):
            raise UserRuleError("roles", _l("You cannot remove your own admin role."))
        if _is_last_active_admin(user):
            raise UserRuleError("roles", _l("The last active admin must keep the admin role."))
    changes = audit.diff(user, {"name": name.strip(), "email": email})
    if roles != user.roles:
        changes["roles"] = (user.roles, roles)
        user.set_roles(roles)
    if changes:
        audit.record("update", user, f"Updated user {user.email}", changes)
        db.session.flush()
    return changes


def set_active(user: User, actor: User | None, active: bool) -> bool:
    """Deactivate or reactivate a user; returns whether anything changed.

    Nothing the user wrote is deleted; a deactivated user cannot sign in, and every sign-in
    of theirs is revoked (reactivating does not bring an old session back). Refuses
    deactivating yourself and the last active admin."""
    if user.active == active:
        return False
    if not active and _is_self(user, actor):
        raise UserRuleError("active", _l("You cannot deactivate your own account."))
    if not active and _is_last_active_admin(user):
        raise UserRuleError("active", _l("The last active admin cannot be deactivated."))
    user.active = active
    if not active:
        auth_sessions.revoke_sessions(user)
    if active:
        audit.record(
            "reactivate", user, f"Reactivated user {user.email}", {"active": (False, True)}
        )
    else:
        audit.record(
            "deactivate", user, f"Deactivated user {user.email}", {"active": (True, False)}
        )
    db.session.flush()
    return True


def reset_password(user: User) -> str:
    """Give the user a new generated password and return it (for showing once), and
    revoke every sign-in of theirs. The audit event says that it happened, never what the
    password is."""
    password = auth_services.generate_password()
    user.set_password(password)
    auth_sessions.revoke_sessions(user)
    audit.record("reset_password", user, f"Reset the password of {user.email}")
    db.session.flush()
    return password


def list_audit(object_type: str | None, page: int) -> Pagination:
    """Audit events newest first with their actors, optionally of one object type."""
    query = (
        db.select(AuditEvent)
        # The page shows the actor's name only; their roles are not needed.
        .options(joinedload(AuditEvent.actor).lazyload(User.role_rows))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if object_type:
        query = query.filter_by(object_type=object_type)
    return db.paginate(query, page=page, per_page=EVENTS_PER_PAGE)


def audit_object_types() -> list[str]:
    """The object types that occur in the audit trail, for the filter."""
    query = db.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    return list(db.session.scalars(query))


def count_active_admins() -> int:
    query = (
        db.select(func.count(User.id))
        .join(UserRole)
        .where(UserRole.role == ADMIN, User.active.is_(True))
    )
    return db.session.scalar(query) or 0


def _check_email_free(email: str, except_user: User | None = None) -> None:
    query = db.select(User.id).filter_by(email=auth_services.normalise_email(email))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    if db.session.execute(query.limit(1)).first() is not None:
        raise UserRuleError("email", _l("This e-mail address is already in use."))


def _check_roles(roles: frozenset[str]) -> None:
    if not roles:
        raise UserRuleError("roles", _l("Choose at least one role."))


def _is_self(user: User, actor: User | None) -> bool:
    return actor is not None and actor.id == user.id


def _is_last_active_admin(user: User) -> bool:
    return user.active and user.has_role(ADMIN) and count_active_admins() <= 1

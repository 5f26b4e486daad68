"""Who a verified provider account signs in as: found by its link, linked to the user
with its e-mail address, or created (OIDC_CREATE_USERS); roles from its groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from interview import audit
from interview.auth.services import create_user, generate_password
from interview.db import utcnow
from interview.extensions import db
from interview.models import SsoIdentity, User
from interview.sso import SsoSettings
from interview.sso.claims import email_of, groups_of, roles_for_groups
from interview.sso.errors import Deactivated, NoEmail, NotAllowed


def user_for_login(issuer: str, claims: dict[str, Any], settings: SsoSettings) -> User:
    """The active user the account ``(issuer, sub)`` signs in as, with roles from the
    groups claim when a mapping is configured. Links the account to the user with the
    same (verified) e-mail on its first sign-in, or creates that user when allowed.

    Refuses: no verified e-mail for a new link, an unknown person without
    OIDC_CREATE_USERS, an e-mail whose user is linked to another account of this
    provider, a deactivated user, and a person whose groups give no role. Flushes."""
    subject = str(claims["sub"])
    user = linked_user(issuer, subject)
    if user is None:
        try:
            with db.session.begin_nested():
                user = _link(issuer, subject, claims, settings)
                db.session.flush()
        except IntegrityError:
            # The same account's first sign-in in another tab or request linked it (or
            # created its user) meanwhile: sign in with that link.
            user = linked_user(issuer, subject)
            if user is None:
                raise
    if not user.active:
        raise Deactivated(f"{user.email} is deactivated")
    _apply_roles(user, claims, settings)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def linked_user(issuer: str, subject: str) -> User | None:
    return db.session.execute(
        db.select(User)
        .join(SsoIdentity, SsoIdentity.user_id == User.id)
        .where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    ).scalar_one_or_none()


def _link(issuer: str, subject: str, claims: dict[str, Any], settings: SsoSettings) -> User:
    email = email_of(claims, settings.email_claim)
    if email is None:
        raise NoEmail(f"no verified {settings.email_claim!r} claim for {subject!r}")
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None:
        if not settings.create_users:
            raise NotAllowed(f"{email} has no account and OIDC_CREATE_USERS is off")
        user = _create(email, claims, settings)
    elif _linked_elsewhere(user, issuer, subject):
        raise NotAllowed(f"{email} is linked to another account of {issuer}")
    db.session.add(SsoIdentity(issuer=issuer, subject=subject, user_id=user.id))
    audit.record("link_sso", user, f"Linked {user.email} to single sign-on ({issuer})")
    return user


def _create(email: str, claims: dict[str, Any], settings: SsoSettings) -> User:
    roles = _roles_from_claims(claims, settings)
    if not roles:
        raise NotAllowed(f"no role for {email}: none of its groups is mapped")
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    # The password is random and never shown: this person signs in through the provider.
    user = create_user(email, (name or email)[:200], generate_password(), roles)
    audit.record(
        "create",
        user,
        f"Created user {user.email} at their first single sign-on",
        {"name": (None, user.name), "email": (None, email), "roles": (None, roles)},
    )
    return user


def _linked_elsewhere(user: User, issuer: str, subject: str) -> bool:
    """Linked to another account of this provider (the same account, linked by a sign-in
    that ran alongside this one, is not another)."""
    query = (
        db.select(SsoIdentity.id)
        .filter_by(user_id=user.id, issuer=issuer)
        .where(SsoIdentity.subject != subject)
    )
    return db.session.execute(query.limit(1)).first() is not None


def _roles_from_claims(claims: dict[str, Any], settings: SsoSettings) -> frozenset[str]:
    groups = groups_of(claims.get(settings.groups_claim))
    return roles_for_groups(groups, settings.role_mapping, settings.default_roles)


def _apply_roles(user: User, claims: dict[str, Any], settings: SsoSettings) -> None:
    """With a mapping, the provider's groups decide the roles at every sign-in (changes
    are audited); without one, roles are kept in the app."""
    if not settings.role_mapping:
        return
    roles = _roles_from_claims(claims, settings)
    if not roles:
        raise NotAllowed(f"no role for {user.email}: none of its groups is mapped")
    if roles != user.roles:
        audit.record(
            "update",
            user,
            f"Roles of {user.email} from single sign-on groups",
            {"roles": (user.roles, roles)},
        )
        user.set_roles(roles)

"""Login required by default, the user loader, safe redirects and response headers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from interview.extensions import db, login_manager
from interview.models import User

# Endpoints reachable without a session; everything else redirects to the login page.
PUBLIC_ENDPOINTS = frozenset(
    {"auth.login", "main.set_locale", "main.health", "static", "kit.service_worker",
     "notifications.calendar_feed"}  # the secret URL is the key; calendar programs have no session
)  # fmt: skip

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def init_security(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(require_login)
    app.after_request(set_security_headers)


def load_user(session_id: str) -> User | None:
    """Deactivated users, and sessions from before a password change, are signed out."""
    user_id, _, fingerprint = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or fingerprint != user.session_fingerprint:
        return None
    return user


def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if _signed_in_without_loading():
        # Scorecards are personal data: keep them out of shared caches and the back button.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _signed_in_without_loading() -> bool:
    """Whether this response belongs to a signed-in user, without asking the database
    (the response may be the page saying the database is down)."""
    user = g.get("_login_user")
    return bool(user is not None and user.is_authenticated) or "_user_id" in session


def is_safe_redirect(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target

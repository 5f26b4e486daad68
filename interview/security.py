"""Login required by default, the user loader, cookies, the client address behind proxies,
login throttling, safe redirects and response headers."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from interview.auth import sessions
from interview.auth.throttle import init_login_throttle
from interview.extensions import login_manager
from interview.models import User

# Endpoints reachable without a session; everything else redirects to the login page.
PUBLIC_ENDPOINTS = frozenset(
    {"auth.login", "main.set_locale", "main.health", "static", "kit.service_worker",
     "main.web_manifest",  # browsers fetch the manifest without cookies
     "notifications.calendar_feed",  # the secret URL is the key; calendar programs have no session
     "sso.start", "sso.callback"}  # on the way to and back from the identity provider
)  # fmt: skip

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Browsers apply form-action to the redirects after a form too: signing out of a single
# sign-on redirects to the provider (interview.sso adds its origin here).
CSP_EXTENSION_KEY = "content_security_policy"


def allow_form_redirects_to(app: Flask, origin: str) -> None:
    """Let forms of ``app`` end at ``origin`` (after a redirect) as well as on this site."""
    policy = app.extensions.get(CSP_EXTENSION_KEY, CONTENT_SECURITY_POLICY)
    app.extensions[CSP_EXTENSION_KEY] = f"{policy} {origin}"


def init_security(app: Flask) -> None:
    configure_cookies(app)
    trust_proxies(app)
    init_login_throttle(app)  # before require_login: limits apply to anonymous requests too
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(require_login)
    app.after_request(set_security_headers)


def configure_cookies(app: Flask) -> None:
    """One setting makes both cookies Secure; "stay signed in" lasts no longer than a
    sign-in may (SESSION_MAX_HOURS). Refuses lifetimes that are not positive numbers."""
    config = app.config
    for name in ("SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS"):
        if isinstance(config[name], bool) or not isinstance(config[name], int | float):
            raise ValueError(f"{name} must be a number, not {config[name]!r}")
        if config[name] <= 0:
            raise ValueError(f"{name} must be greater than 0")
    config["REMEMBER_COOKIE_SECURE"] = bool(
        config["SESSION_COOKIE_SECURE"] or config.get("REMEMBER_COOKIE_SECURE")
    )
    config["REMEMBER_COOKIE_DURATION"] = timedelta(hours=config["SESSION_MAX_HOURS"])


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, take the client address and scheme from
    their X-Forwarded-For/-Proto headers. With 0 (the default) the headers are ignored, so
    a client cannot pick another address to escape the login throttle."""
    count = int(app.config["TRUSTED_PROXY_COUNT"])
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def load_user(identity: str) -> User | None:
    """The user of a live sign-in: logged-out, revoked, idle, expired sign-ins and
    deactivated users are signed out (see ``interview.auth.sessions``)."""
    return sessions.user_for_identity(identity)


def require_login():
    if request.path.startswith("/api/"):
        return None  # the API signs requests in by bearer token only (interview.api.auth)
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def set_security_headers(response: Response) -> Response:
    policy = current_app.extensions.get(CSP_EXTENSION_KEY, CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Content-Security-Policy", policy)
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
    if "_user_id" in session:  # asks no database: the user may be expired after a commit
        return True
    user = g.get("_login_user")
    return bool(user is not None and user.is_authenticated)


def is_safe_redirect(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target

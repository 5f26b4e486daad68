"""Flask extensions, created unbound and initialised in ``create_app``."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from interview.db import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()

# One limiter for the whole app: the login throttle counts in its storage, and routes declare
# their limits with ``limit_from_setting``. Storage, key prefix and on/off come from the
# RATELIMIT_* settings. The moving window counts the last N minutes exactly, so a burst at
# the end of one window and the start of the next is not let through twice. The client is
# the connection's address (made the proxy's client by ProxyFix when configured).
limiter = Limiter(key_func=get_remote_address, strategy="moving-window", headers_enabled=True)


def limit_from_setting(setting: str, **options):
    """Decorator: limit a route (or blueprint) by the limit string in the named setting,
    e.g. ``@limit_from_setting("API_LIMIT")`` with ``API_LIMIT = "100 per minute"``.
    Breaches answer 429 with ``Retry-After``; ``options`` go to ``Limiter.limit``."""
    return limiter.limit(lambda: current_app.config[setting], **options)


__all__ = [
    "babel",
    "csrf",
    "db",
    "limit_from_setting",
    "limiter",
    "login_manager",
]

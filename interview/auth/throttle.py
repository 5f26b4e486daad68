"""Failed sign-ins, counted per account and per client address in the shared limiter's
storage (Redis when configured), so every worker and server sees the same counts.

Single sign-on failures count against the client address (there is no e-mail to count
against before the provider answers), and a throttled client cannot start one either.

Only failures count: a colleague who signs in a hundred times a day is never throttled.
While an account or an address is over its limit, no password is checked at all, the
right one included, so a throttled attacker learns nothing. Keys hold a digest of the
e-mail and the address, not the values.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass, field

from flask import Flask, current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

from interview.auth.services import normalise_email
from interview.extensions import limiter

log = logging.getLogger(__name__)

EXTENSION_KEY = "login_throttle"


@dataclass
class LoginThrottle:
    counter: RateLimiter  # the shared limiter's strategy and storage
    per_account: RateLimitItem
    per_client: RateLimitItem
    prefix: str
    # Counts in this process only, used while the shared storage cannot be reached: an
    # outage must neither lock everybody out nor switch the protection off.
    fallback: RateLimiter = field(default_factory=lambda: MovingWindowRateLimiter(MemoryStorage()))

    def seconds_to_wait(self, email: str | None) -> int:
        """0 while sign-in attempts for this e-mail from this client are allowed, else the
        seconds until the oldest counted failure drops out of its window (at least 1).
        ``None``: an attempt that names no e-mail (single sign-on), only the client counts."""
        wait = 0
        for item, key in self._limits(email):
            if not self._call("test", item, key):
                stats = self._call("get_window_stats", item, key)
                wait = max(wait, math.ceil(stats.reset_time - time.time()), 1)
        return wait

    def record_failure(self, email: str | None) -> int:
        """Count a failed attempt; returns ``seconds_to_wait`` after it."""
        for item, key in self._limits(email):
            self._call("hit", item, key)
        return self.seconds_to_wait(email)

    def record_success(self, email: str) -> None:
        """Forget the account's failures (the address keeps its count: otherwise one
        valid account would reset the counter of someone trying many others)."""
        item, key = self._limits(email)[0]
        self._call("clear", item, key)

    def _limits(self, email: str | None) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        client = get_remote_address() or "unknown"
        limits = [(self.per_client, self._key("login-client", client))]
        if email is not None:  # the account first: record_success clears only that one
            limits.insert(0, (self.per_account, self._key("login-account", normalise_email(email))))
        return limits

    def _key(self, scope: str, value: str) -> tuple[str, ...]:
        digest = hashlib.sha256(value.encode()).hexdigest()[:32]
        return (self.prefix, scope, digest) if self.prefix else (scope, digest)

    def _call(self, method: str, item: RateLimitItem, key: tuple[str, ...]):
        try:
            return getattr(self.counter, method)(item, *key)
        except Exception:  # any storage failure (connection, timeout, ...) falls back
            log.exception("rate limit storage unreachable; counting in this process only")
            return getattr(self.fallback, method)(item, *key)


def init_login_throttle(app: Flask) -> None:
    """Bind the shared limiter to ``app`` and keep its counter for the login. Refuses
    limit settings that do not parse (the app does not start)."""
    limiter.init_app(app)
    if not app.config["RATELIMIT_ENABLED"]:
        app.extensions[EXTENSION_KEY] = None
        return
    # The limiter object is module-wide; its counter is kept per app, so two apps in one
    # process (tests) each count in the storage their own settings name.
    app.extensions[EXTENSION_KEY] = LoginThrottle(
        counter=limiter.limiter,
        per_account=_parse_limit(app, "LOGIN_LIMIT_PER_ACCOUNT"),
        per_client=_parse_limit(app, "LOGIN_LIMIT_PER_CLIENT"),
        prefix=str(app.config.get("RATELIMIT_KEY_PREFIX") or ""),
    )


def _parse_limit(app: Flask, setting: str) -> RateLimitItem:
    value = app.config[setting]
    try:
        return parse(str(value))
    except ValueError as error:
        message = f"{setting} = {value!r} is not a limit like '10 per 15 minutes'"
        raise ValueError(message) from error


def throttle() -> LoginThrottle | None:
    """The app's login throttle, ``None`` when RATELIMIT_ENABLED is false."""
    return current_app.extensions[EXTENSION_KEY]


def seconds_to_wait(email: str | None) -> int:
    counter = throttle()
    return counter.seconds_to_wait(email) if counter else 0


def record_failure(email: str | None) -> int:
    counter = throttle()
    return counter.record_failure(email) if counter else 0


def record_success(email: str) -> None:
    counter = throttle()
    if counter:
        counter.record_success(email)

"""Registering endpoints and queueing deliveries (outbox rows, channel ``webhook``)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interview import audit
from interview.db import utcnow
from interview.extensions import db
from interview.models import OutboxMessage, WebhookEndpoint
from interview.problems import Refused

#: the events an endpoint can subscribe to, with their labels for the admin page
EVENTS = {
    "scorecard.submitted": _l("Scorecard submitted"),
    "scorecards.all_in": _l("All scorecards of a candidate are in"),
    "decision.recorded": _l("Decision recorded"),
    "candidate.anonymised": _l("Candidate anonymised"),
}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def url_refusal(url: str, loopback_ok: bool) -> str | None:
    """Why ``url`` cannot receive webhooks ("address" or "scheme"), or None. HTTPS only;
    plain HTTP to this machine only with ``loopback_ok`` (tests, local trials)."""
    parts = urlsplit(url)
    if not parts.hostname or len(url) > 500 or parts.username or parts.password:
        return "address"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and loopback_ok and parts.hostname in LOOPBACK_HOSTS:
        return None
    return "scheme"


def url_problem(url: str) -> str | None:
    """:func:`url_refusal` under this installation's settings, in words."""
    refusal = url_refusal(url, current_app.config["WEBHOOKS_ALLOW_LOOPBACK_HTTP"])
    if refusal == "address":
        return _("Enter a complete address, e.g. https://ats.example.com/hooks/scorecards.")
    if refusal == "scheme":
        return _("Webhook addresses must start with https://.")
    return None


def endpoints() -> list[WebhookEndpoint]:
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def create_endpoint(url: str, events: list[str]) -> WebhookEndpoint:
    """A new endpoint with a fresh secret (the caller shows it once). Refuses addresses
    that are not HTTPS and unknown or missing events."""
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise Refused(problem, "url")
    if not events or set(events) - set(EVENTS):
        raise Refused(_("Choose at least one event."), "events")
    endpoint = WebhookEndpoint(
        url=url, secret=new_secret(), active=True,
        events=[e for e in EVENTS if e in events],
    )  # fmt: skip
    db.session.add(endpoint)
    db.session.flush()
    audit.record("created", endpoint, f"Webhook {url} for {', '.join(endpoint.events)}")
    return endpoint


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def renew_secret(endpoint: WebhookEndpoint) -> str:
    """A new signing secret (the caller shows it once); deliveries from now on, retries
    of earlier ones included, are signed with it."""
    endpoint.secret = new_secret()
    audit.record("updated", endpoint, f"Webhook {endpoint.url}: new signing secret")
    return endpoint.secret


def set_active(endpoint: WebhookEndpoint, active: bool) -> None:
    changes = audit.diff(endpoint, {"active": active})
    if changes:
        audit.record("updated", endpoint, f"Webhook {endpoint.url}", changes)


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Remove the endpoint; its deliveries still queued fail (nothing to sign them with)."""
    audit.record("deleted", endpoint, f"Webhook {endpoint.url}")
    db.session.delete(endpoint)
    db.session.flush()


def emit(event: str, data: dict[str, Any]) -> int:
    """Queue ``event`` with ``data`` (ids and links only) for every active endpoint that
    subscribed to it, in the caller's transaction. Returns how many were queued.

    ``data`` must be JSON-serialisable; refuses (``ValueError``) unknown events."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    now = utcnow()
    queued = 0
    for endpoint in db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
    ):
        if event not in endpoint.events:
            continue
        delivery = str(uuid.uuid4())
        body = {"id": delivery, "event": event, "created_at": now.isoformat(), "data": data}
        db.session.add(OutboxMessage(
            channel="webhook", kind=event, recipient=endpoint.url, user_id=None,
            subject=f"{event} #{endpoint.id}", payload={"endpoint_id": endpoint.id, "body": body},
            message_id=f"<webhook-{delivery}@scorecards>", status="pending", attempts=0,
            created_at=now, next_attempt_at=now,
        ))  # fmt: skip
        queued += 1
    return queued

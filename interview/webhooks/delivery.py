"""Sending one webhook delivery (an outbox row of channel ``webhook``) over HTTP.

The worker calls :func:`deliver` outside a transaction of its own; the endpoint's last
status is written with the worker's mark (sent, or failed/retrying). 2xx is delivered;
410 Gone and an endpoint that no longer exists fail for good; anything else (timeouts,
refused connections, other statuses) is retried with the outbox's back-off.
"""

from __future__ import annotations

import json
from datetime import datetime

import requests
from flask import current_app

from interview.extensions import db
from interview.models import OutboxMessage, WebhookEndpoint
from interview.notifications.transports import PermanentFailure
from interview.webhooks.services import url_refusal
from interview.webhooks.signing import signature

USER_AGENT = "interview-scorecards-webhooks/1"


def body_bytes(row: OutboxMessage) -> bytes:
    """The exact bytes sent (and signed): compact JSON of the stored body."""
    return json.dumps(row.payload["body"], separators=(",", ":"), ensure_ascii=False).encode()


def deliver(row: OutboxMessage, now: datetime) -> None:
    """POST the delivery, signed; raises on failure (``PermanentFailure`` when retrying
    cannot help)."""
    endpoint = db.session.get(WebhookEndpoint, row.payload.get("endpoint_id"))
    if endpoint is None:
        raise PermanentFailure("the webhook endpoint was removed")
    try:
        status = _post(endpoint, row, now)
    except Exception as exc:
        endpoint.last_status = f"{type(exc).__name__}: {exc}"[:200]
        endpoint.last_attempt_at = now
        raise
    endpoint.last_status, endpoint.last_attempt_at = status, now


def _post(endpoint: WebhookEndpoint, row: OutboxMessage, now: datetime) -> str:
    refusal = url_refusal(endpoint.url, current_app.config["WEBHOOKS_ALLOW_LOOPBACK_HTTP"])
    if refusal:
        raise PermanentFailure(f"the webhook address is not allowed ({refusal})")
    if not endpoint.active:
        raise PermanentFailure("the webhook endpoint is switched off")
    body = body_bytes(row)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Scorecard-Event": row.kind,
        "X-Scorecard-Delivery": row.payload["body"]["id"],
        "X-Scorecard-Timestamp": str(timestamp),
        "X-Scorecard-Signature": signature(endpoint.secret, timestamp, body),
    }
    response = requests.post(
        endpoint.url, data=body, headers=headers, allow_redirects=False,
        timeout=current_app.config["WEBHOOK_TIMEOUT"],
    )  # fmt: skip
    response.close()
    status = f"{response.status_code} {response.reason or ''}".strip()
    if 200 <= response.status_code < 300:
        return status
    if response.status_code == 410:
        raise PermanentFailure(f"HTTP {status}")
    raise OSError(f"HTTP {status}")

"""Webhooks: admins register HTTPS endpoints for events; deliveries go through the
notification outbox (retried with back-off), signed with HMAC-SHA256
(``interview.webhooks.signing``).

Other features announce an event with :func:`emit` in the transaction of the change, like
the mail hooks in ``interview.notifications``: a change that is rolled back announces
nothing. Payloads carry ids and links, never evidence text or ratings.
"""

from __future__ import annotations

from interview.webhooks.services import EVENTS, emit

__all__ = ["EVENTS", "emit"]

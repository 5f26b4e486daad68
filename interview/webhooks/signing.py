"""PURE: signing webhook deliveries and checking a signature (as a receiver would).

Each delivery carries ``X-Scorecard-Timestamp`` (Unix seconds) and
``X-Scorecard-Signature: v1=<hex>``, where ``<hex>`` is HMAC-SHA256 with the endpoint's
secret over ``"<timestamp>." + body`` (the raw bytes of the request body). A receiver
recomputes it, compares in constant time and refuses old timestamps (replays).
"""

from __future__ import annotations

import hashlib
import hmac

VERSION = "v1"
#: a receiver refuses deliveries signed longer ago than this (seconds)
DEFAULT_TOLERANCE = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for this body at this time."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def verify(
    secret: str,
    header: str,
    timestamp: str,
    body: bytes,
    now: float,
    tolerance: int = DEFAULT_TOLERANCE,
) -> bool:
    """Whether ``header`` signs ``body`` at ``timestamp`` with ``secret``, and the
    timestamp is within ``tolerance`` seconds of ``now``."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    expected = signature(secret, int(timestamp), body)
    # several signatures may be sent while a secret is being replaced
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))

"""Bearer tokens only: the API never reads the session cookie.

A browser that is signed in therefore cannot be made to write through the API by another
site (no cookie, no CSRF), and the API needs no CSRF token of its own. The token's user
becomes ``current_user`` for this request, so services, audit events and permission
checks see the same user as they would in the web pages.
"""

from __future__ import annotations

import hashlib

from flask import abort, g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from werkzeug.datastructures import WWWAuthenticate

from interview.api.tokens import authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: the API's documentation is public: it holds no data
PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json", "api.reference"})


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def rate_limit_key() -> str:
    """Count per token (a digest of it), else per client address."""
    token = bearer_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-client:" + get_remote_address()


def require_token() -> None:
    """401 without a live token, 403 for a write with a read-only token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    token = bearer_token()
    row = authenticate(token) if token else None
    if row is None:
        challenge = WWWAuthenticate("bearer", {"realm": "scorecards"})
        if token:
            challenge.parameters["error"] = "invalid_token"
        abort(
            401,
            description=_("Send a valid personal access token as 'Authorization: Bearer "
                          "<token>'. Tokens are made on your account page."),
            www_authenticate=challenge,
        )  # fmt: skip
    if request.method not in SAFE_METHODS and row.scope != "write":
        abort(403, description=_("This token may only read. Make a token with write access."))
    g._login_user = row.user  # current_user for this request, without touching the session
    g.api_token = row

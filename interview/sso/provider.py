"""The conversation with the OpenID Connect provider, through Authlib's Flask client.

Authorisation code flow with PKCE (S256). Authlib keeps state, nonce and the PKCE verifier
in the Flask session and checks state and nonce; the ID token's signature is checked
against the provider's published keys. Issuer, audience and expiry are checked here
explicitly: Authlib's default accepts a token for another audience when its ``azp`` names
this client.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app, request

from interview.sso.errors import InvalidResponse, ProviderRefused, ProviderUnreachable

if TYPE_CHECKING:
    from flask import Flask, Response

log = logging.getLogger(__name__)

CLIENT_NAME = "sso"
# The Flask session keeps a single sign-on's ID token for the provider's logout.
ID_TOKEN_KEY = "sso_id_token"  # noqa: S105  (a session key, not a secret)
# Tolerated difference between the provider's clock and ours when checking exp and iat.
CLOCK_SKEW_SECONDS = 120


@dataclass(frozen=True)
class VerifiedLogin:
    issuer: str
    claims: dict[str, Any]
    id_token: str


def register_client(app: Flask) -> Any:
    """An Authlib client for the configured provider, one per app (tests build several apps
    with different clients). Nothing is fetched yet: the provider may be down at start."""
    # Authlib (with requests and joserfc) only when single sign-on is configured
    from authlib.integrations.flask_client import OAuth

    config = app.config
    oauth = OAuth(app)
    return oauth.register(
        CLIENT_NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=config["OIDC_DISCOVERY_URL"],
        client_kwargs={
            "scope": config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": config["OIDC_TIMEOUT"],
        },
    )


def _client() -> Any:
    return current_app.extensions["sso"].client


def start(redirect_uri: str) -> Response:
    """A redirect to the provider's authorisation endpoint (state, nonce and PKCE
    challenge generated and kept in the session)."""
    import requests  # loaded with Authlib by register_client, only when SSO is on

    try:
        return _client().authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnreachable(f"discovery failed: {error}") from error


def finish() -> VerifiedLogin:
    """Exchange the callback's code for tokens and return the verified ID token's claims.
    Raises ``ProviderRefused`` for an error answer, ``InvalidResponse`` when a check fails
    (state, code, signature, issuer, audience, expiry, nonce), ``ProviderUnreachable``."""
    # loaded with Authlib by register_client, only when SSO is on
    import requests
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    if "error" in request.args:
        error = request.args.get("error", "")[:100]
        raise ProviderRefused(f"{error}: {request.args.get('error_description', '')[:200]}")
    client = _client()
    try:
        metadata = client.load_server_metadata()
        issuer = metadata.get("issuer")
        if not issuer:
            raise InvalidResponse("the provider's metadata names no issuer")
        token = client.authorize_access_token(
            claims_options=_claims_options(issuer, client.client_id),
            leeway=CLOCK_SKEW_SECONDS,
        )
    except requests.RequestException as error:
        raise ProviderUnreachable(str(error)) from error
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        raise InvalidResponse(f"{type(error).__name__}: {error}") from error
    claims = token.get("userinfo")
    if not claims or not token.get("id_token"):
        raise InvalidResponse("no ID token in the token response")
    return VerifiedLogin(issuer=issuer, claims=dict(claims), id_token=token["id_token"])


def _claims_options(issuer: str, client_id: str) -> dict[str, dict]:
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id},
        "exp": {"essential": True},
        "sub": {"essential": True},
    }


def end_session_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout) or ``None`` when it offers
    none or cannot be reached (the local sign-out has happened either way)."""
    import requests  # loaded with Authlib by register_client, only when SSO is on

    client = _client()
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        result = client.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri,
            id_token_hint=id_token,
            client_id=client.client_id,
        )
    except (requests.RequestException, ValueError) as error:
        log.warning("single sign-on: no provider logout (%s)", error)
        return None
    return result["url"]

"""Single sign-on with OpenID Connect: settings checked when the app starts, one Authlib
client per app, and the rule who may still sign in with a password."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

from interview.models import ROLES, Role, User
from interview.security import allow_form_redirects_to
from interview.sso.claims import mapped_roles

EXTENSION_KEY = "sso"


@dataclass(frozen=True)
class SsoSettings:
    create_users: bool
    email_claim: str
    groups_claim: str
    role_mapping: dict[str, frozenset[str]]
    default_roles: frozenset[str]


@dataclass(frozen=True)
class Sso:
    client: Any  # Authlib's Flask client for the provider
    settings: SsoSettings


def init_sso(app: Flask) -> None:
    """Register the provider's client when OIDC_DISCOVERY_URL is set. Refuses to start with
    settings that cannot work: a missing client id or secret, no ``openid`` scope, unknown
    roles, or passwords switched off without single sign-on."""
    from interview.sso.provider import register_client

    config = app.config
    enabled = bool(config.get("OIDC_DISCOVERY_URL"))
    if not config["PASSWORD_LOGIN"] and not enabled:
        raise ValueError("PASSWORD_LOGIN = false needs single sign-on (OIDC_DISCOVERY_URL)")
    app.jinja_env.globals["sso_enabled"] = enabled
    if not enabled:
        app.extensions[EXTENSION_KEY] = None
        return
    settings = read_settings(config)
    app.extensions[EXTENSION_KEY] = Sso(client=register_client(app), settings=settings)
    # The provider's end-session endpoint is (in every provider we know) on the origin of
    # its discovery document; the sign-out form redirects there.
    allow_form_redirects_to(app, _origin(config["OIDC_DISCOVERY_URL"]))


def read_settings(config: Any) -> SsoSettings:
    for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
        if not config.get(name):
            raise ValueError(f"single sign-on needs {name}")
    if "openid" not in str(config["OIDC_SCOPES"]).split():
        raise ValueError("OIDC_SCOPES must contain 'openid'")
    if not isinstance(config["OIDC_ROLE_MAPPING"], dict):
        raise ValueError('OIDC_ROLE_MAPPING must be a mapping like {"group": "role"}')
    default = frozenset(config["OIDC_DEFAULT_ROLES"])
    if default - set(ROLES):
        raise ValueError(f"OIDC_DEFAULT_ROLES names unknown roles {sorted(default - set(ROLES))}")
    return SsoSettings(
        create_users=bool(config["OIDC_CREATE_USERS"]),
        email_claim=str(config["OIDC_EMAIL_CLAIM"]),
        groups_claim=str(config["OIDC_GROUPS_CLAIM"]),
        role_mapping=mapped_roles(config["OIDC_ROLE_MAPPING"], ROLES),
        default_roles=default,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"OIDC_DISCOVERY_URL = {url!r} is not an http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"


def current_sso() -> Sso | None:
    """The app's single sign-on, ``None`` when it is not configured."""
    return current_app.extensions.get(EXTENSION_KEY)


def password_login_allowed(user: User) -> bool:
    """Whether ``user`` may sign in with a password: everybody while PASSWORD_LOGIN is on,
    else only the break-glass admin (BREAK_GLASS_ADMIN, who must hold the admin role)."""
    config = current_app.config
    if config["PASSWORD_LOGIN"]:
        return True
    break_glass = str(config.get("BREAK_GLASS_ADMIN") or "").strip().lower()
    return bool(break_glass) and user.email == break_glass and user.has_role(Role.ADMIN)

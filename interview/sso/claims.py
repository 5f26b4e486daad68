"""Reading the provider's ID token claims: PURE (no Flask, no database).

Roles come from the groups claim through the configured mapping; the same rule is used at
every sign-in and checked for unknown roles when the app starts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def groups_of(value: Any) -> frozenset[str]:
    """The group names in a groups claim: a list of names (Keycloak, Entra ID, Authentik),
    or one name as a string. Anything else counts as no groups."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list | tuple):
        return frozenset(g for g in value if isinstance(g, str))
    return frozenset()


def mapped_roles(
    mapping: Mapping[str, str | Iterable[str]], known: Iterable[str]
) -> dict[str, frozenset[str]]:
    """The configured mapping with every value as a set of roles. Refuses roles the app
    does not know (a typo would otherwise silently give nobody that role)."""
    result = {}
    for group, roles in mapping.items():
        names = frozenset({roles} if isinstance(roles, str) else roles)
        unknown = names - set(known)
        if unknown:
            raise ValueError(f"OIDC_ROLE_MAPPING[{group!r}] names unknown roles {sorted(unknown)}")
        result[str(group)] = names
    return result


def roles_for_groups(
    groups: Iterable[str],
    mapping: Mapping[str, frozenset[str]],
    default: frozenset[str],
) -> frozenset[str]:
    """Every role of every mapped group the user is in; ``default`` when none is mapped."""
    roles = frozenset().union(*(mapping.get(g, frozenset()) for g in groups))
    return roles or default


def email_of(claims: Mapping[str, Any], claim: str) -> str | None:
    """The e-mail address the provider vouches for, or ``None``: missing, not an address,
    or marked unverified (``email_verified: false``; providers that never send the flag,
    like Entra ID, are trusted for their own directory)."""
    value = claims.get(claim)
    if not isinstance(value, str) or "@" not in value or len(value) > 254:
        return None
    if claims.get("email_verified") is False:
        return None
    return value.strip().lower()

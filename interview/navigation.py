"""The site navigation: which sections a user's roles open, as the header's links.

Every signed-in page has it; written through the template it cost a dozen ``url_for``
calls per page. The links depend only on the roles, the language, the current section
and where the app is mounted, so they are written once per process for each of those.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from interview.caching import BoundedCache, app_cache


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: object  # a lazy string: translated when written
    prefix: str  # the section is current on pages whose endpoint starts with this
    roles: frozenset[str] = frozenset()  # empty: everybody


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


SECTIONS = (
    Section("main.home", _l("Home"), "main."),
    Section("assignments.my_interviews", _l("My interviews"), "assignments.",
            _roles("interviewer")),
    Section("requisitions.list_requisitions", _l("Requisitions"), "requisitions.",
            _roles("admin", "hiring_manager", "recruiter")),
    Section("candidates.list_candidates", _l("Candidates"), "candidates.",
            _roles("admin", "hiring_manager", "recruiter")),
    Section("compare.interviewers", _l("Calibration"), "compare.interviewers",
            _roles("admin", "recruiter")),
    Section("frameworks.list_frameworks", _l("Frameworks"), "frameworks."),
    Section("council.index", _l("Works council"), "council.", _roles("works_council", "admin")),
    Section("privacy.index", _l("Data protection"), "privacy.", _roles("admin", "data_protection")),
    Section("admin.list_users", _l("Users"), "admin.list_users", _roles("admin")),
    Section("admin.list_audit", _l("Audit trail"), "admin.list_audit", _roles("admin")),
    Section("notifications.list_outbox", _l("Mails"), "notifications.list_outbox",
            _roles("admin")),
    Section("webhooks.list_endpoints", _l("Webhooks"), "webhooks.", _roles("admin")),
)  # fmt: skip

NavKey = tuple[frozenset[str], str, str, str]


def sections_for(roles: frozenset[str]) -> list[Section]:
    """The sections a user with these roles may open, in the header's order."""
    return [s for s in SECTIONS if not s.roles or s.roles & roles]


def navigation() -> Markup:
    """The current user's links, the current section marked ``aria-current="page"``."""
    key = (current_user.roles, request.endpoint or "", str(get_locale()), request.script_root)
    cache: BoundedCache[NavKey, Markup] = app_cache("navigation_cache", lambda: BoundedCache(512))
    return cache.get(key) or cache.put(key, _links(*key))


def _links(roles: frozenset[str], endpoint: str, _locale: str, _root: str) -> Markup:
    links = []
    for section in sections_for(roles):
        current = ' aria-current="page"' if endpoint.startswith(section.prefix) else ""
        href, label = escape(url_for(section.endpoint)), escape(str(section.label))
        links.append(f'<a href="{href}"{current}>{label}</a>')
    return Markup("\n      ".join(links))  # noqa: S704  (every part escaped)

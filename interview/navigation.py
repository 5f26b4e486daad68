"""The site navigation: which sections a user's roles open, as the header's links.

Every signed-in page has it; written through the template it cost a dozen ``url_for``
calls per page. The links depend only on the roles, the language, the current section
and where the app is mounted, so they are written once per process for each of those.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from interview.caching import BoundedCache, app_cache
from interview.permissions import INTERVIEWER


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: object  # a lazy string: translated when written
    prefix: str  # the section is current on pages whose endpoint starts with this
    #: who sees the link; empty: whoever the page's own ``roles_required`` lets in
    shown_to: frozenset[str] = frozenset()


SECTIONS = (
    Section("main.home", _l("Home"), "main."),
    # open to every signed-in user (an empty list for others), linked for interviewers
    Section("assignments.my_interviews", _l("My interviews"), "assignments.",
            frozenset({INTERVIEWER})),
    Section("requisitions.list_requisitions", _l("Requisitions"), "requisitions."),
    Section("candidates.list_candidates", _l("Candidates"), "candidates."),
    Section("compare.interviewers", _l("Calibration"), "compare.interviewers"),
    Section("frameworks.list_frameworks", _l("Frameworks"), "frameworks."),
    Section("council.index", _l("Works council"), "council."),
    Section("privacy.index", _l("Data protection"), "privacy."),
    Section("admin.list_users", _l("Users"), "admin.list_users"),
    Section("admin.list_audit", _l("Audit trail"), "admin.list_audit"),
    Section("notifications.list_outbox", _l("Mails"), "notifications.list_outbox"),
    Section("webhooks.list_endpoints", _l("Webhooks"), "webhooks."),
)  # fmt: skip

NavKey = tuple[frozenset[str], str, str, str]


def sections_for(roles: frozenset[str]) -> list[Section]:
    """The sections a user with these roles may open, in the header's order: the roles a
    page lets in are read from its view (``permissions.roles_required``), so the header
    cannot promise a page that answers 403."""
    views = current_app.view_functions
    shown = []
    for section in SECTIONS:
        wanted = section.shown_to or getattr(views[section.endpoint], "required_roles", None)
        if not wanted or wanted & roles:
            shown.append(section)
    return shown


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

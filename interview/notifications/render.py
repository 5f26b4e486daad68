"""Mails from templates in the recipient's language, with absolute links and local times.

Each kind has ``templates/notifications/mail/<kind>.txt`` (which also sets ``subject``)
and ``<kind>.html``. Mails say only what the recipient needs to act: never evidence,
ratings or notes, and links that lead to pages behind the login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name
from flask import Flask, current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from interview.assignments.services import area_title, location_url
from interview.frameworks.services import framework_of
from interview.models import Interview, InterviewNotice, User, UserPreferences
from interview.notifications import ics
from interview.notifications.mail import Sender, parse_sender

KINDS = (
    "assigned",
    "updated",
    "cancelled",
    "reminder",
    "due",
    "overdue",
    "nudge",
    "digest",
    "all_in",
)


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str
    calendar: str | None = None
    method: str | None = None

    def payload(self, to_name: str) -> dict[str, Any]:
        return {
            "to_name": to_name,
            "text": self.text,
            "html": self.html,
            "calendar": self.calendar,
            "method": self.method,
        }


@dataclass(frozen=True)
class InterviewFacts:
    """What a mail about one interview may say (and nothing of any scorecard)."""

    interview_id: int
    candidate: str
    role: str
    area: str
    starts_at: datetime
    duration_minutes: int
    location: str
    location_url: str | None
    kit_url: str

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def interview_facts(interview: Interview, told: InterviewNotice | None = None) -> InterviewFacts:
    """The interview's facts; with ``told``, its area, time and place as last announced."""
    application = interview.loop.application
    requisition = application.requisition
    framework = framework_of(requisition.framework_version)
    source: Interview | InterviewNotice = told if told is not None else interview
    return InterviewFacts(
        interview_id=interview.id,
        candidate=application.candidate.name,
        role=requisition.title,
        area=area_title(framework, source.area_key),
        starts_at=source.starts_at,
        duration_minutes=source.duration_minutes,
        location=source.location,
        location_url=location_url(source.location),
        kit_url=absolute_url("kit.show", interview_id=interview.id),
    )


def installation_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def sender() -> Sender:
    return parse_sender(current_app.config["MAIL_DEFAULT_SENDER"])


def language_of(preferences: UserPreferences | None) -> str:
    """The user's mail language, else the installation's (``BABEL_DEFAULT_LOCALE``)."""
    language = preferences.language if preferences is not None else None
    if language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link for a mail: ``BASE_URL`` plus the route (no request needed)."""
    base = urlsplit(current_app.config["BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def format_when(starts_at: datetime, minutes: int) -> str:
    """``Sonntag, 29. März 2026, 10:00–11:00 (Mitteleuropäische Sommerzeit)`` in the
    current language and the installation's time zone."""
    zone, locale = installation_zone(), get_locale()
    start = starts_at.astimezone(zone)
    end = (starts_at + timedelta(minutes=minutes)).astimezone(zone)
    return _(
        "%(date)s, %(start)s–%(end)s (%(zone)s)",
        date=format_date(start.date(), "full", locale=locale),
        start=format_time(start, "short", locale=locale),
        end=format_time(end, "short", locale=locale),
        zone=get_timezone_name(start, width="long", locale=locale),
    )


def format_day(moment: datetime) -> str:
    """The local date of ``moment`` in the current language (``30.11.2026``)."""
    local = moment.astimezone(installation_zone())
    return format_date(local.date(), "medium", locale=get_locale())


def render_mail(kind: str, language: str, **context: Any) -> Mail:
    """The subject, text and HTML of one mail kind in ``language``."""
    env = current_app.jinja_env
    with force_locale(language):
        text = env.get_template(f"notifications/mail/{kind}.txt").make_module(context)
        subject = str(text.subject).strip()
        html = env.get_template(f"notifications/mail/{kind}.html").render(
            subject=subject, **context
        )
        return Mail(subject, str(text).strip() + "\n", html)


def render_invitation(
    kind: str,
    language: str,
    facts: InterviewFacts,
    *,
    uid: str,
    sequence: int,
    attendee: User,
    now: datetime,
    **context: Any,
) -> Mail:
    """An interview mail with its calendar part: REQUEST, or CANCEL for ``cancelled``."""
    mail = render_mail(kind, language, facts=facts, **context)
    method = "CANCEL" if kind == "cancelled" else "REQUEST"
    with force_locale(language):
        event = calendar_event(facts, uid=uid, sequence=sequence)
    from_ = sender()
    calendar = ics.invitation(
        method,
        event,
        organizer=ics.Person(from_.name or from_.email, from_.email),
        attendee=ics.Person(attendee.name, attendee.email),
        zone=installation_zone(),
        stamp=now,
    )
    return Mail(mail.subject, mail.text, mail.html, calendar, method)


def calendar_event(facts: InterviewFacts, *, uid: str, sequence: int) -> ics.CalendarEvent:
    """The interview as a calendar event, in the current language."""
    return ics.CalendarEvent(
        uid=uid,
        sequence=sequence,
        summary=_(
            "Interview: %(candidate)s – %(area)s", candidate=facts.candidate, area=facts.area
        ),
        description=_(
            "%(role)s. Your area: %(area)s. Interview kit: %(url)s",
            role=facts.role,
            area=facts.area,
            url=facts.kit_url,
        ),
        location=facts.location,
        url=facts.kit_url,
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
    )


def uid_host() -> str:
    """The right-hand side of calendar UIDs: the installation's public host name."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def init_render(app: Flask) -> None:
    app.add_template_global(absolute_url, "mail_url")
    app.add_template_global(format_when, "mail_when")
    app.add_template_global(format_day, "mail_day")

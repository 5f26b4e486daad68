"""PURE: iCalendar text for invitations (REQUEST, CANCEL) and for personal feeds.

Times go out in the installation's time zone with a VTIMEZONE block, so calendar
programs show the same wall-clock time as the mail, on both sides of a DST change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import icalendar

PRODID = "-//interview-scorecards//notifications//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    summary: str
    description: str
    location: str
    url: str
    starts_at: datetime  # aware
    ends_at: datetime  # aware


def invitation(
    method: str,
    event: CalendarEvent,
    *,
    organizer: Person,
    attendee: Person,
    zone: ZoneInfo,
    stamp: datetime,
) -> str:
    """A METHOD:REQUEST (new or changed) or METHOD:CANCEL calendar for one attendee."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unsupported method {method!r}")
    calendar = _calendar(method)
    vevent = _vevent(event, zone, stamp)
    vevent.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    vevent.add("organizer", _address(organizer))
    # We do not read replies, so calendar programs should not offer to send any.
    vevent.add("attendee", _address(attendee, ROLE="REQ-PARTICIPANT", RSVP="FALSE"))
    calendar.add_component(vevent)
    return _finish(calendar, [event])


def feed(events: Iterable[CalendarEvent], *, name: str, zone: ZoneInfo, stamp: datetime) -> str:
    """A read-only calendar (no METHOD) with every event, for a subscription URL."""
    events = list(events)
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, zone, stamp))
    return _finish(calendar, events)


def _ical():
    """The icalendar package, imported on first use: only mails and feeds need it, and at
    import it costs every worker's start-up a noticeable part of a second."""
    import icalendar

    return icalendar


def _calendar(method: str | None) -> icalendar.Calendar:
    calendar = _ical().Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _vevent(event: CalendarEvent, zone: ZoneInfo, stamp: datetime) -> icalendar.Event:
    vevent = _ical().Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("url", event.url)
    return vevent


def _address(person: Person, **params: str) -> icalendar.vCalAddress:
    address = _ical().vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = person.name
    address.params.update(params)
    return address


def _finish(calendar: icalendar.Calendar, events: list[CalendarEvent]) -> str:
    if events:
        # VTIMEZONE rules only for the years the events need, not 1970-2038
        years = [e.starts_at.year for e in events]
        calendar.add_missing_timezones(date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1))
    return calendar.to_ical().decode("utf-8")

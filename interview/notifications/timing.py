"""PURE: when reminders and digests are due, and how long a failed delivery waits.

Works on aware datetimes and a ``ZoneInfo``; no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: waits after the 1st, 2nd, ... failed attempt; the last one repeats
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_HOURS_BEFORE = re.compile(r"^(\d{1,3})h$")


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts (1 or more)."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def parse_clock(text: str) -> time:
    """``"07:00"`` as a time of day; refuses anything else with ``ValueError``."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"expected a time of day like 07:00, got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))


def check_reminder_setting(text: str) -> None:
    """Refuses (``ValueError``) a setting that is neither ``HH:MM`` nor ``<n>h``."""
    if not _HOURS_BEFORE.match(text.strip()):
        parse_clock(text)


def local_moment(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``clock`` on ``day`` in ``zone``, as UTC. A time skipped by the spring change
    (02:30 on the last Sunday of March in Berlin) counts with the winter offset, i.e.
    an hour later on the wall clock, as ``zoneinfo`` does."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def reminder_at(starts_at: datetime, setting: str, zone: ZoneInfo) -> datetime:
    """When the reminder for an interview starting at ``starts_at`` is due.

    ``"07:00"``: at that local time on the interview's day, or on the day before when the
    interview starts earlier than that. ``"2h"``: that many hours before the start.
    """
    setting = setting.strip()
    # in UTC: wall-clock arithmetic on a local time would be an hour off across a DST change
    starts_at = starts_at.astimezone(UTC)
    hours = _HOURS_BEFORE.match(setting)
    if hours:
        return starts_at - timedelta(hours=int(hours.group(1)))
    clock = parse_clock(setting)
    day = starts_at.astimezone(zone).date()
    moment = local_moment(day, clock, zone)
    if moment >= starts_at:
        moment = local_moment(day - timedelta(days=1), clock, zone)
    return moment


def digest_day(now: datetime, clock: time, zone: ZoneInfo) -> date | None:
    """The local date whose daily digest is due at ``now``, or None before ``clock``."""
    local = now.astimezone(zone)
    if local_moment(local.date(), clock, zone) > now:
        return None
    return local.date()

"""Pure parts: reminder and digest times across DST, back-off, calendar text, MIME."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import icalendar
import pytest

from interview import create_app
from interview.notifications import ics
from interview.notifications.forms import KIND_LABELS
from interview.notifications.mail import build_message, parse_sender
from interview.notifications.render import KINDS, InterviewFacts, render_mail
from interview.notifications.timing import (
    backoff,
    check_reminder_setting,
    digest_day,
    local_moment,
    reminder_at,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("starts", "setting", "expected"),
    [
        # the morning of the day, in local time, in winter and in summer
        (
            datetime(2027, 1, 12, 14, 0, tzinfo=BERLIN),
            "07:00",
            datetime(2027, 1, 12, 6, 0, tzinfo=UTC),
        ),
        (
            datetime(2027, 7, 12, 14, 0, tzinfo=BERLIN),
            "07:00",
            datetime(2027, 7, 12, 5, 0, tzinfo=UTC),
        ),
        # the DST Sundays: 07:00 local is 05:00 UTC in March, 06:00 UTC in October
        (
            datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN),
            "07:00",
            datetime(2027, 3, 28, 5, 0, tzinfo=UTC),
        ),
        (
            datetime(2027, 10, 31, 10, 0, tzinfo=BERLIN),
            "07:00",
            datetime(2027, 10, 31, 6, 0, tzinfo=UTC),
        ),
        # an interview that starts before the reminder time: that time on the day before
        (
            datetime(2027, 1, 12, 6, 30, tzinfo=BERLIN),
            "07:00",
            datetime(2027, 1, 11, 6, 0, tzinfo=UTC),
        ),
        # three real hours before 04:00 CEST on the March Sunday is 00:00 CET (23:00 UTC)
        (
            datetime(2027, 3, 28, 4, 0, tzinfo=BERLIN),
            "3h",
            datetime(2027, 3, 27, 23, 0, tzinfo=UTC),
        ),
    ],
)
def test_reminder_time(starts, setting, expected):
    assert reminder_at(starts, setting, BERLIN) == expected


def test_a_clock_time_skipped_by_the_spring_change_counts_an_hour_later():
    moment = local_moment(date(2027, 3, 28), time(2, 30), BERLIN)
    assert moment.astimezone(BERLIN).hour == 3


@pytest.mark.parametrize("setting", ["7", "25:00", "morning", "h", "-2h"])
def test_bad_reminder_settings_are_refused(setting):
    with pytest.raises(ValueError, match="time of day"):
        check_reminder_setting(setting)


def test_the_app_refuses_to_start_on_a_bad_setting(app_config):
    with pytest.raises(ValueError, match="time of day"):
        create_app(app_config | {"NOTIFY_REMINDER_AT": "breakfast"})
    with pytest.raises(ValueError, match="MAIL_DEFAULT_SENDER"):
        create_app(app_config | {"MAIL_DEFAULT_SENDER": "nobody"})


def test_digest_day_starts_at_the_local_time():
    clock = time(8, 0)
    assert digest_day(datetime(2027, 7, 1, 5, 59, tzinfo=UTC), clock, BERLIN) is None
    assert digest_day(datetime(2027, 7, 1, 6, 0, tzinfo=UTC), clock, BERLIN) == date(2027, 7, 1)
    # 23:30 UTC is already the next day in Berlin
    assert digest_day(datetime(2027, 7, 1, 23, 30, tzinfo=UTC), clock, BERLIN) is None


def test_backoff_grows_and_then_stays():
    waits = [backoff(n) for n in range(1, 8)]
    assert waits[:5] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=6),
    ]
    assert waits[5:] == [timedelta(hours=6)] * 2


@pytest.mark.parametrize(
    ("setting", "name", "address"),
    [
        ("Scorecards <noreply@example.org>", "Scorecards", "noreply@example.org"),
        ("noreply@example.org", "", "noreply@example.org"),
        (["Personal", "hr@example.org"], "Personal", "hr@example.org"),
    ],
)
def test_sender_in_flask_mail_forms(setting, name, address):
    sender = parse_sender(setting)
    assert (sender.name, sender.email, sender.domain) == (name, address, "example.org")


EVENT = ics.CalendarEvent(
    uid="abc@scorecards.example",
    sequence=3,
    summary="Interview: Lena – Renewal",
    description="Kit: https://x",
    location="Raum Elbe; 3. OG",
    url="https://x",
    starts_at=datetime(2027, 10, 31, 9, 0, tzinfo=UTC),
    ends_at=datetime(2027, 10, 31, 10, 0, tzinfo=UTC),
)


def test_cancellation_keeps_uid_and_marks_the_event_cancelled():
    text = ics.invitation(
        "CANCEL",
        EVENT,
        organizer=ics.Person("Scorecards", "noreply@example.org"),
        attendee=ics.Person("Anna Schmidt", "anna@example.com"),
        zone=BERLIN,
        stamp=datetime(2027, 10, 1, tzinfo=UTC),
    )
    calendar = icalendar.Calendar.from_ical(text)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
        "abc@scorecards.example",
        3,
        "CANCELLED",
    )
    # 09:00 UTC on the October Sunday is 10:00 in Berlin, after clocks went back
    assert "DTSTART;TZID=Europe/Berlin:20271031T100000" in text
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(event["LOCATION"]) == "Raum Elbe; 3. OG"


def test_only_request_and_cancel_are_sent():
    with pytest.raises(ValueError, match="unsupported"):
        ics.invitation(
            "PUBLISH",
            EVENT,
            organizer=ics.Person("a", "a@b"),
            attendee=ics.Person("c", "c@d"),
            zone=BERLIN,
            stamp=EVENT.starts_at,
        )


def test_message_is_text_html_and_calendar_with_a_stable_id():
    payload = {
        "text": "Hallo",
        "html": "<p>Hallo</p>",
        "calendar": "BEGIN:VCALENDAR\r\n",
        "method": "REQUEST",
    }
    message = build_message(
        kind="assigned",
        sender=parse_sender("Scorecards <noreply@example.org>"),
        to_name="Ben Müller",
        to_email="ben@example.com",
        subject="Interview: Ä",
        payload=payload,
        message_id="<id-1@example.org>",
        date=EVENT.starts_at,
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == "<id-1@example.org>"
    assert parsed["To"].addresses[0].display_name == "Ben Müller"
    assert parsed["X-Scorecards-Notification"] == "assigned"
    types = [p.get_content_type() for p in parsed.walk()]
    assert types == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    assert parsed.get_body(("calendar",)).get_param("method") == "REQUEST"


def test_message_without_calendar_has_two_parts():
    message = build_message(
        kind="due",
        sender=parse_sender("a@example.org"),
        to_name="B",
        to_email="b@example.org",
        subject="S",
        payload={"text": "t", "html": "<p>t</p>"},
        message_id="<x@y>",
        date=EVENT.starts_at,
    )
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]


def test_every_mail_kind_renders_in_both_languages(app):
    facts = InterviewFacts(
        interview_id=1,
        candidate="Lena Hoffmann",
        role="Senior Account Manager",
        area="Renewal Management",
        starts_at=EVENT.starts_at,
        duration_minutes=60,
        location="Raum Elbe",
        location_url=None,
        kit_url="https://x/kit",
    )
    context = {
        "recipient": "Anna Schmidt", "facts": facts, "before": facts, "changed": ["time"],
        "sender_name": "Felix Braun", "role": "Senior Account Manager", "count": 2,
        "candidate": "Lena Hoffmann", "results_url": "https://x/results",
        "requisition_url": "https://x/req",
        "rows": [{"facts": facts, "interviewer": "Anna Schmidt", "loop_url": "https://x/loop"}],
    }  # fmt: skip
    assert set(KIND_LABELS) == set(KINDS)  # the admin page names every kind
    with app.app_context():
        for kind in KINDS:
            german, english = (render_mail(kind, lang, **context) for lang in ("de", "en"))
            assert german.subject
            assert german.subject != english.subject, kind
            assert german.text != english.text, kind
            assert german.html.startswith("<!doctype html>")
            assert '<html lang="de">' in german.html
            assert '<html lang="en">' in english.html

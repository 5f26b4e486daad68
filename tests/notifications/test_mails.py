"""Every mail kind end to end: service change → outbox → send-due → a real SMTP server,
with the calendar parts parsed by the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from interview.candidates import services as candidates
from interview.db import utcnow
from interview.extensions import db
from interview.kit import submission as kit
from interview.loops import services as loops
from interview.models import (
    Application,
    Interview,
    InterviewNotice,
    OutboxMessage,
    Requisition,
    Scorecard,
    User,
    UserPreferences,
)
from interview.notifications import preferences
from interview.requisitions import services as requisitions
from tests import factories
from tests.factories import AREAS
from tests.notifications.conftest import BASE_URL, event_of, html_of, text_of

BERLIN = ZoneInfo("Europe/Berlin")


def outbox_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(OutboxMessage.id)))


# --- assignment, change, cancellation ---------------------------------------------------------


def test_assignment_mail_has_everything_to_act_and_an_invitation(app, smtp, team, plan, deliver):
    starts = datetime(2027, 2, 4, 9, 30, tzinfo=BERLIN)
    interview_id = plan(team.anna, AREAS[1], starts_at=starts, minutes=45)
    queued, report = deliver()
    assert report.sent == 1
    assert smtp.envelopes == [("noreply@scorecards.example", ["anna@example.com"])]
    mail = smtp.one("assigned")
    assert mail["To"].addresses[0].display_name == "Anna Schmidt"
    assert "Lena Hoffmann" in mail["Subject"]
    text = text_of(mail)
    for expected in (
        "Lena Hoffmann",
        "Senior Account Manager",
        "Renewal Management",
        "Raum Elbe, 3. OG",
        "09:30",
        "10:15",
        f"{BASE_URL}/assignments/{interview_id}/kit",
    ):
        assert expected in text
        assert expected in html_of(mail)
    assert mail["Auto-Submitted"] == "auto-generated"

    event = event_of(mail)
    assert str(event["UID"]).endswith("@scorecards.example")
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == starts
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") == starts + timedelta(minutes=45)
    assert str(event["ORGANIZER"]) == "mailto:noreply@scorecards.example"
    assert str(event["ATTENDEE"]) == "mailto:anna@example.com"
    assert event["ATTENDEE"].params["CN"] == "Anna Schmidt"
    assert str(event["LOCATION"]) == "Raum Elbe, 3. OG"


def test_mails_carry_no_evidence_ratings_or_notes(app, smtp, team, plan, deliver, make):
    interview_id = plan(team.anna, starts_at=utcnow() - timedelta(hours=3))
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        db.session.add(
            Scorecard(
                interview=interview,
                author_id=team.anna.id,
                framework_version_id=team.requisition.framework_version_id,
                evidence="GEHEIME-BELEGE",
                rating=None,
            )
        )
        db.session.commit()
    deliver()
    assert {m["X-Scorecards-Notification"] for m in smtp.messages} == {"assigned", "due"}
    for mail in smtp.messages:
        assert "GEHEIME-BELEGE" not in mail.as_string()


def test_names_are_escaped_in_html_and_kept_in_text(app, smtp, team, plan, deliver):
    with app.app_context():
        candidate = db.session.get(Application, team.application.id).candidate
        candidate.name = "Lena <b>Hoffmann</b> & Co"
        db.session.commit()
    plan(team.anna)
    deliver()
    mail = smtp.one("assigned")
    assert "Lena &lt;b&gt;Hoffmann&lt;/b&gt; &amp; Co" in html_of(mail)
    assert "<b>Hoffmann" not in html_of(mail)
    assert "Lena <b>Hoffmann</b> & Co" in text_of(mail)
    assert mail["Subject"] == "Interview mit Lena <b>Hoffmann</b> & Co: Beziehungstiefe & Vertrauen"


def test_time_and_place_change_updates_the_invitation(app, smtp, team, plan, change, deliver):
    interview_id = plan(team.anna)
    deliver()
    first = event_of(smtp.one("assigned"))
    new_start = datetime(2027, 3, 2, 14, 0, tzinfo=BERLIN)
    change(interview_id, starts_at=new_start, location="https://meet.example/lena")
    change(interview_id, duration_minutes=90)
    deliver()
    updates = smtp.of_kind("updated")
    assert [event_of(m)["SEQUENCE"] for m in updates] == [1, 2]
    assert {str(event_of(m)["UID"]) for m in updates} == {str(first["UID"])}
    latest = event_of(updates[-1])
    assert latest.decoded("DTSTART") == new_start
    assert latest.decoded("DTEND") == new_start + timedelta(minutes=90)
    assert str(latest["LOCATION"]) == "https://meet.example/lena"
    assert all(m["To"].addresses[0].addr_spec == "anna@example.com" for m in updates)
    assert "Raum Elbe, 3. OG" in text_of(updates[0])  # where it was before


def test_saving_without_a_change_sends_nothing(app, smtp, team, plan, change, deliver):
    interview_id = plan(team.anna)
    change(interview_id)
    deliver()
    assert [m["X-Scorecards-Notification"] for m in smtp.messages] == ["assigned"]


def test_reassignment_cancels_for_the_old_and_invites_the_new_interviewer(
    app, smtp, team, plan, change, deliver
):
    interview_id = plan(team.anna)
    deliver()
    uid = str(event_of(smtp.one("assigned", "anna"))["UID"])
    change(interview_id, interviewer_id=team.ben.id)
    deliver()
    cancel = smtp.one("cancelled", "anna@example.com")
    calendar = cancel.get_body(("calendar",))
    assert calendar.get_param("method") == "CANCEL"
    event = event_of(cancel)
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (uid, 1, "CANCELLED")
    assert str(event["ATTENDEE"]) == "mailto:anna@example.com"
    invite = event_of(smtp.one("assigned", "ben@example.com"))
    assert (str(invite["UID"]), invite["SEQUENCE"]) == (uid, 1)
    assert str(invite["ATTENDEE"]) == "mailto:ben@example.com"


def test_removal_cancels_the_invitation(app, smtp, team, plan, deliver):
    interview_id = plan(team.anna)
    deliver()
    uid = str(event_of(smtp.one("assigned"))["UID"])
    with app.app_context():
        loops.delete_interview(
            db.session.get(User, team.manager.id), db.session.get(Interview, interview_id)
        )
        db.session.commit()
    deliver()
    event = event_of(smtp.one("cancelled"))
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 1)
    assert "Lena Hoffmann" in text_of(smtp.one("cancelled"))


def test_a_refused_change_leaves_no_outbox_row(app, smtp, team, plan, deliver, client, login):
    plan(team.anna)
    deliver()
    login(team.manager)
    before = outbox_count(app)
    # Anna already interviews in this loop: the second assignment is refused
    response = client.post(
        f"/applications/{team.application.id}/loop/interviews",
        data={
            "interviewer_id": str(team.anna.id),
            "area_key": AREAS[1],
            "starts_at": "2027-02-04T09:30",
            "duration_minutes": "45",
            "location": "x",
        },
    )
    assert response.status_code == 422
    assert outbox_count(app) == before
    deliver()
    assert len(smtp.messages) == 1


def test_a_rolled_back_change_sends_nothing(app, smtp, team):
    with app.app_context():
        loops.add_interview(
            db.session.get(User, team.manager.id),
            db.session.get(Application, team.application.id),
            loops.InterviewData(team.anna.id, AREAS[0], utcnow() + timedelta(days=1), 60, ""),
        )
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
        db.session.rollback()
    assert outbox_count(app) == 0


def test_assignment_mail_in_the_users_language(app, smtp, team, plan, deliver):
    with app.app_context():
        preferences.save_preferences(db.session.get(User, team.anna.id), "en", {})
        db.session.commit()
    plan(team.anna, starts_at=datetime(2027, 2, 4, 9, 30, tzinfo=BERLIN))
    plan(team.ben, AREAS[1], starts_at=datetime(2027, 2, 4, 11, 0, tzinfo=BERLIN))
    deliver()
    english, german = smtp.one("assigned", "anna"), smtp.one("assigned", "ben")
    assert "Hello Anna Schmidt" in text_of(english)
    assert "Thursday, February 4, 2027" in text_of(english)
    assert "Hallo Ben Müller" in text_of(german)
    assert "Donnerstag, 4. Februar 2027" in text_of(german)
    assert "Interview: Lena Hoffmann" in str(event_of(english)["SUMMARY"])


@pytest.mark.parametrize(
    ("local", "utc", "zone_de"),
    [
        # last Sunday of March 2027: clocks go from 02:00 to 03:00
        (datetime(2027, 3, 28, 10, 0), datetime(2027, 3, 28, 8, 0, tzinfo=UTC), "Sommerzeit"),
        # last Sunday of October 2027: clocks go from 03:00 back to 02:00
        (datetime(2027, 10, 31, 10, 0), datetime(2027, 10, 31, 9, 0, tzinfo=UTC), "Normalzeit"),
    ],
)
def test_dst_sundays_show_the_local_time_in_mail_and_calendar(
    app, smtp, team, plan, deliver, client, login, local, utc, zone_de
):
    login(team.manager)
    response = client.post(
        f"/applications/{team.application.id}/loop/interviews",
        data={
            "interviewer_id": str(team.anna.id),
            "area_key": AREAS[0],
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "location": "Raum Elbe",
        },
    )
    assert response.status_code == 302
    deliver()
    mail = smtp.one("assigned")
    assert "10:00–11:00" in text_of(mail)
    assert zone_de in text_of(mail)
    event = event_of(mail)
    assert event.decoded("DTSTART").replace(tzinfo=None) == local
    assert event.decoded("DTSTART") == utc
    assert "DTSTART;TZID=Europe/Berlin:" + local.strftime("%Y%m%dT%H%M%S") in (
        mail.get_body(("calendar",)).get_content()
    )


# --- after the interview ------------------------------------------------------------------------


def test_reminder_in_the_morning_of_the_day(app, smtp, team, plan, deliver):
    starts = (
        (utcnow() + timedelta(days=2))
        .astimezone(BERLIN)
        .replace(hour=14, minute=0, second=0, microsecond=0)
    )
    plan(team.anna, starts_at=starts)
    deliver()
    morning = starts.replace(hour=7, minute=0)
    deliver(morning - timedelta(minutes=1))
    assert smtp.of_kind("reminder") == []
    queued, _report = deliver(morning + timedelta(minutes=1))
    assert queued.reminder == 1
    mail = smtp.one("reminder")
    assert "14:00" in text_of(mail)
    assert "Raum Elbe" in text_of(mail)
    deliver(morning + timedelta(minutes=30))
    assert len(smtp.of_kind("reminder")) == 1  # once


def test_no_reminder_for_a_user_who_turned_reminders_off(app, smtp, team, plan, deliver):
    with app.app_context():
        preferences.save_preferences(db.session.get(User, team.anna.id), None, {"reminder": False})
        db.session.commit()
    starts = (utcnow() + timedelta(days=2)).astimezone(BERLIN).replace(hour=14, minute=0)
    plan(team.anna, starts_at=starts)
    plan(team.ben, AREAS[1], starts_at=starts)
    deliver(starts - timedelta(hours=1))
    assert [m["To"].addresses[0].addr_spec for m in smtp.of_kind("reminder")] == ["ben@example.com"]


def test_due_then_overdue_then_one_digest_per_requisition(app, smtp, team, plan, deliver):
    app.config["NOTIFY_DIGEST_AT"] = "12:00"
    day = (utcnow() + timedelta(days=3)).astimezone(BERLIN).date()
    at = lambda d, h, m=0: datetime(d.year, d.month, d.day, h, m, tzinfo=BERLIN)  # noqa: E731
    plan(team.anna, starts_at=at(day, 9), minutes=60)
    plan(team.ben, AREAS[1], starts_at=at(day, 8, 30), minutes=60)
    deliver()
    queued, _ = deliver(at(day, 10, 5))
    assert (queued.due, queued.overdue) == (2, 0)
    assert {m["To"].addresses[0].addr_spec for m in smtp.of_kind("due")} == {
        "anna@example.com",
        "ben@example.com",
    }
    next_day = day + timedelta(days=1)
    queued, _ = deliver(at(next_day, 10, 5))
    assert (queued.due, queued.overdue, queued.digest) == (0, 2, 0)
    assert "Lena Hoffmann" in smtp.one("overdue", "anna")["Subject"]
    queued, _ = deliver(at(next_day, 12, 5))
    assert queued.digest == 2  # the recruiter and the hiring manager, one mail each
    digests = smtp.of_kind("digest")
    assert {m["To"].addresses[0].addr_spec for m in digests} == {
        "felix@example.com",
        "katrin@example.com",
    }
    text = text_of(digests[0])
    assert "Anna Schmidt" in text
    assert "Ben Müller" in text
    assert "2 scorecards" in text or "2 Scorecards" in text
    assert f"{BASE_URL}/applications/{team.application.id}/loop" in text
    queued, _ = deliver(at(next_day, 18))
    assert queued.total == 0  # nothing twice on the same day
    queued, _ = deliver(at(next_day + timedelta(days=1), 12, 5))
    assert (queued.overdue, queued.digest) == (0, 2)  # the digest is daily


def test_submitted_scorecards_are_not_chased(app, smtp, team, plan, deliver, make):
    interview_id = plan(team.anna, starts_at=utcnow() - timedelta(hours=2))
    with app.app_context():
        factories.scorecard(db.session.get(Interview, interview_id), submitted=True)
        db.session.commit()
    queued, _ = deliver(utcnow() + timedelta(days=1, hours=12))
    assert queued.total == 0


def test_all_scorecards_in_goes_to_the_hiring_manager_once(app, smtp, team, plan, deliver):
    first = plan(team.anna, starts_at=utcnow() - timedelta(hours=3))
    second = plan(team.ben, AREAS[1], starts_at=utcnow() - timedelta(hours=2))
    for interview_id, author in ((first, team.anna), (second, team.ben)):
        with app.app_context():
            interview = db.session.get(Interview, interview_id)
            user = db.session.get(User, author.id)
            outcome = kit.submit(user, interview, _values(), {}, confirm_no_probe=True)
            assert outcome.status == "submitted"
            db.session.commit()
    deliver()
    mail = smtp.one("all_in")
    assert mail["To"].addresses[0].addr_spec == "katrin@example.com"
    assert "Lena Hoffmann" in mail["Subject"]
    assert f"{BASE_URL}/applications/{team.application.id}/results" in text_of(mail)
    assert "2" in text_of(mail)


def test_hiring_manager_who_turned_all_in_off_gets_none(app, smtp, team, plan, deliver):
    with app.app_context():
        preferences.save_preferences(db.session.get(User, team.manager.id), None, {"all_in": False})
        db.session.commit()
    interview_id = plan(team.anna, starts_at=utcnow() - timedelta(hours=3))
    with app.app_context():
        kit.submit(
            db.session.get(User, team.anna.id),
            db.session.get(Interview, interview_id),
            _values(),
            {},
            confirm_no_probe=True,
        )
        db.session.commit()
    deliver()
    assert smtp.of_kind("all_in") == []


def _values() -> dict:
    return {"rating": "3", "evidence": "Nannte konkrete Zahlen zur Verlängerung und Ergebnis."}


def test_interviewer_without_preferences_row_gets_defaults(app, team):
    with app.app_context():
        assert db.session.get(UserPreferences, team.anna.id) is None
        assert preferences.wants(None, "reminder")
        with pytest.raises(ValueError, match="unknown"):
            preferences.wants(None, "assigned")


def test_a_refused_edit_sends_nothing(app, smtp, team, plan, deliver, client, login):
    first = plan(team.anna)
    plan(team.ben, AREAS[1])
    deliver()
    login(team.manager)
    before = outbox_count(app)
    # Ben already interviews in this loop: giving him Anna's interview too is refused
    response = client.post(
        f"/interviews/{first}/edit",
        data={
            "interviewer_id": str(team.ben.id),
            "area_key": AREAS[0],
            "starts_at": "2027-02-04T09:30",
            "duration_minutes": "45",
            "location": "y",
        },
    )
    assert response.status_code == 422
    assert outbox_count(app) == before
    deliver()
    assert smtp.of_kind("cancelled") == []
    assert smtp.of_kind("updated") == []


def test_no_reminder_on_top_of_an_invitation_sent_after_the_reminder_time(
    app, smtp, team, plan, deliver
):
    day = (utcnow() + timedelta(days=2)).astimezone(BERLIN).date()
    starts = datetime(day.year, day.month, day.day, 14, 0, tzinfo=BERLIN)
    interview_id = plan(team.anna, starts_at=starts)
    with app.app_context():  # as if planned at 09:00 that day, after the 07:00 reminder time
        notice = db.session.get(InterviewNotice, interview_id)
        notice.invited_at = starts.replace(hour=9)
        db.session.commit()
    queued, _ = deliver(starts.replace(hour=9, minute=30))
    assert queued.reminder == 0


def test_closed_requisitions_and_decided_candidates_are_not_chased(app, smtp, team, plan, deliver):
    plan(team.anna, starts_at=utcnow() - timedelta(hours=2))
    with app.app_context():
        db.session.get(Application, team.application.id).status = "rejected"
        db.session.commit()
    assert deliver()[0].total == 0
    with app.app_context():
        application = db.session.get(Application, team.application.id)
        application.status = "interviewing"
        application.requisition.status = "closed"
        db.session.commit()
    assert deliver()[0].total == 0


def _set_status(app, team, status: str) -> None:
    with app.app_context():
        candidates.set_status(
            db.session.get(User, team.manager.id),
            db.session.get(Application, team.application.id),
            status,
        )
        db.session.commit()


def test_rejecting_cancels_invitations_ahead_and_resuming_sends_them_again(
    app, smtp, team, plan, deliver
):
    plan(team.anna, starts_at=utcnow() - timedelta(hours=3))  # already held: nothing to cancel
    plan(team.ben, AREAS[1])
    deliver()
    uid = str(event_of(smtp.one("assigned", "ben@example.com"))["UID"])
    _set_status(app, team, "rejected")
    deliver()
    cancel = event_of(smtp.one("cancelled", "ben@example.com"))
    assert (str(cancel["UID"]), cancel["SEQUENCE"], str(cancel["STATUS"])) == (uid, 1, "CANCELLED")
    assert smtp.of_kind("cancelled") == [smtp.one("cancelled", "ben@example.com")]
    _set_status(app, team, "withdrawn")  # still not live: no second cancellation
    deliver()
    assert len(smtp.of_kind("cancelled")) == 1
    _set_status(app, team, "interviewing")
    deliver()
    again = [m for m in smtp.of_kind("assigned") if "ben@example.com" in m["To"]]
    assert len(again) == 2
    event = event_of(again[-1])
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 2)


def test_closing_the_requisition_cancels_invitations_ahead(app, smtp, team, plan, deliver):
    plan(team.anna)
    deliver()
    with app.app_context():
        requisition = db.session.get(Requisition, team.requisition.id)
        requisitions.update_requisition(
            db.session.get(User, team.manager.id),
            requisition,
            requisitions.RequisitionData(
                title=requisition.title,
                target_level=requisition.target_level,
                targets=dict(requisition.target_overrides or {}),
                required_areas=list(requisition.required_areas),
                rule=requisition.rule,
                owner_id=requisition.owner_id,
                status="closed",
                scores_visible=requisition.scores_visible,
            ),
        )
        db.session.commit()
    deliver()
    assert str(event_of(smtp.one("cancelled", "anna@example.com"))["STATUS"]) == "CANCELLED"


def test_a_reject_decision_cancels_the_invitations_ahead(
    app, smtp, team, plan, deliver, client, login
):
    plan(team.anna)
    deliver()
    login(team.manager)
    answer = client.post(
        f"/applications/{team.application.id}/decision",
        data={"decision": "reject", "reason": "Im Debriefing besprochen und begründet."},
    )
    assert answer.status_code == 302
    deliver()
    assert str(event_of(smtp.one("cancelled", "anna@example.com"))["STATUS"]) == "CANCELLED"

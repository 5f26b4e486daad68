"""Pages: preferences, the calendar feed, the admin outbox, "remind now"."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func, select, update

from interview.db import utcnow
from interview.extensions import db
from interview.models import Interview, InterviewNotice, OutboxMessage, User, UserPreferences
from interview.notifications import outbox
from interview.notifications.render import Mail
from tests import factories
from tests.factories import AREAS
from tests.notifications.conftest import BASE_URL, text_of

EN = {"Accept-Language": "en"}


def kinds(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


# --- preferences ------------------------------------------------------------------------------


def test_preferences_store_language_and_switches(app, client, login, team):
    login(team.manager)
    page = client.get("/account/notifications", headers=EN)
    assert page.status_code == 200
    assert 'name="all_in"' in page.text
    assert 'name="overdue_digest"' in page.text
    response = client.post(
        "/account/notifications", data={"language": "en", "reminder": "y", "all_in": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(UserPreferences, team.manager.id)
        assert stored.language == "en"
        assert (stored.reminder, stored.all_in) == (True, True)
        assert (stored.scorecard_due, stored.scorecard_overdue, stored.overdue_digest) == (
            False,
            False,
            False,
        )
    again = client.get("/account/notifications", headers=EN).text
    assert '<option selected value="en">' in again


def test_interviewers_see_only_the_mails_they_can_get(app, client, login, team):
    login(team.anna)
    page = client.get("/account/notifications", headers=EN).text
    assert 'name="reminder"' in page
    assert 'name="all_in"' not in page
    assert 'name="overdue_digest"' not in page
    client.post("/account/notifications", data={"language": "de"})
    with app.app_context():
        stored = db.session.get(UserPreferences, team.anna.id)
        assert stored.reminder is False
        assert stored.all_in is True  # not on the form: left alone


def test_preferences_refuse_an_unknown_language(app, client, login, team):
    login(team.anna)
    response = client.post("/account/notifications", data={"language": "xx"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(UserPreferences, team.anna.id) is None


# --- calendar feed ----------------------------------------------------------------------------


def feed_token(client) -> str:
    page = client.post("/account/calendar-feed", headers=EN).text
    url = re.search(r"data-feed-url>([^<]+)<", page).group(1)
    assert url.startswith(f"{BASE_URL}/calendar/")
    return url.removeprefix(BASE_URL)


def test_feed_works_without_a_session_and_shows_only_own_interviews(
    app, client, login, team, plan, make
):
    mine = plan(team.anna, starts_at=utcnow() + timedelta(days=1))
    plan(team.ben, AREAS[1], starts_at=utcnow() + timedelta(days=1))
    # an old interview of Anna's, long before the feed's window
    other_loop = make("loop", make("application", team.requisition))
    make("interview", other_loop, team.anna, starts_at=utcnow() - timedelta(days=60))
    login(team.anna)
    path = feed_token(client)
    client.post("/logout")
    anonymous = client.application.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert "METHOD" not in calendar
    events = calendar.walk("VEVENT")
    with app.app_context():
        uid = db.session.get(InterviewNotice, mine).uid
    assert [str(e["UID"]) for e in events] == [uid]
    assert "Lena Hoffmann" in str(events[0]["SUMMARY"])
    assert str(events[0]["URL"]) == f"{BASE_URL}/assignments/{mine}/kit"
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_feed_stops_when_revoked_and_when_renewed(app, client, login, team, plan):
    plan(team.anna)
    login(team.anna)
    first = feed_token(client)
    assert client.get(first).status_code == 200
    second = feed_token(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    response = client.post("/account/calendar-feed/revoke")
    assert response.status_code == 302
    assert client.get(second).status_code == 404
    with app.app_context():
        stored = db.session.get(UserPreferences, team.anna.id)
        assert (stored.feed_token_hash, stored.feed_created_at) == (None, None)


def test_feed_token_is_stored_hashed_and_ends_with_the_account(app, client, login, team):
    login(team.anna)
    path = feed_token(client)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    with app.app_context():
        stored = db.session.get(UserPreferences, team.anna.id)
        assert token not in stored.feed_token_hash
        assert len(stored.feed_token_hash) == 64
        db.session.get(User, team.anna.id).active = False
        db.session.commit()
    assert client.get(path).status_code == 404


def test_feed_query_count_does_not_grow_with_interviews(
    app, client, login, make_user, make, count_queries
):
    interviewer = make_user("interviewer")
    requisition = make("requisition", make_user("hiring_manager"))

    def add(count: int) -> None:
        for _ in range(count):
            make("interview", make("loop", make("application", requisition)), interviewer)

    login(interviewer)
    path = feed_token(client)
    client.post("/logout")
    counts = []
    for count in (1, 11):
        add(count)
        with count_queries() as counter:
            response = client.get(path)
        assert len(icalendar.Calendar.from_ical(response.data).walk("VEVENT")) in (1, 12)
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 5  # user, interviews, notices, preferences (+ the user's roles)


# --- admin outbox -----------------------------------------------------------------------------


def fill_outbox(app, user, count: int, status: str = "sent") -> None:
    with app.app_context():
        recipient = db.session.get(User, user.id)
        for n in range(count):
            row = outbox.enqueue("nudge", recipient, Mail(f"Betreff {n}", "t", "h"), utcnow())
            db.session.flush()
            row.status = status
            row.sent_at = utcnow() if status == "sent" else None
            row.last_error = "550 No such user" if status == "failed" else None
        db.session.commit()


def test_outbox_page_filters_and_counts(app, client, login, make_user, team):
    fill_outbox(app, team.anna, 3, "sent")
    fill_outbox(app, team.ben, 2, "failed")
    login(make_user("admin"))
    page = client.get("/admin/notifications", headers=EN).text
    assert "Sent: 3" in page
    assert "Failed: 2" in page
    assert "Pending: 0" in page
    failed = client.get("/admin/notifications?status=failed", headers=EN).text
    assert failed.count('data-status="failed"') == 2
    assert 'data-status="sent"' not in failed
    assert "550 No such user" in failed
    assert failed.count("Send again") == 2


def test_retry_refuses_a_message_that_did_not_fail(app, client, login, make_user, team):
    fill_outbox(app, team.anna, 1, "sent")
    login(make_user("admin"))
    response = client.post("/admin/notifications/1/retry", headers=EN, follow_redirects=True)
    assert "Only failed messages can be retried." in response.text
    with app.app_context():
        assert db.session.get(OutboxMessage, 1).status == "sent"


def test_outbox_page_query_count_is_fixed(app, client, login, make_user, team, count_queries):
    login(make_user("admin"))
    counts = []
    for rows in (1, 29):
        fill_outbox(app, team.anna, rows, "failed")
        with count_queries() as counter:
            assert client.get("/admin/notifications").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


# --- remind now -------------------------------------------------------------------------------


@pytest.fixture
def missing(app, team, plan) -> int:
    """Anna's interview that ended two hours ago, without a scorecard."""
    return plan(team.anna, starts_at=utcnow() - timedelta(hours=3))


def test_loop_page_offers_remind_now_for_ended_interviews_only(
    app, client, login, team, plan, missing
):
    upcoming = plan(team.ben, AREAS[1])
    login(team.recruiter)
    page = client.get(f"/applications/{team.application.id}/loop", headers=EN).text
    assert f'data-remind="{missing}"' in page
    assert f'data-remind="{upcoming}"' not in page
    results = client.get(f"/applications/{team.application.id}/results", headers=EN).text
    assert f'data-remind="{missing}"' in results


def test_remind_now_queues_one_mail_and_then_waits_an_hour(
    app, client, login, team, missing, smtp, deliver
):
    login(team.recruiter)
    back = f"/applications/{team.application.id}/results#pending"
    response = client.post(f"/interviews/{missing}/remind", data={"next": back}, headers=EN)
    assert response.headers["Location"] == back
    again = client.post(f"/interviews/{missing}/remind", headers=EN, follow_redirects=True)
    assert "less than an hour ago" in again.text
    assert kinds(app).count("nudge") == 1
    deliver()
    mail = smtp.one("nudge")
    assert "Felix Braun" in text_of(mail)
    assert f"{BASE_URL}/assignments/{missing}/kit" in text_of(mail)
    with app.app_context():  # the limit lives in the database, not in this process
        db.session.execute(
            update(InterviewNotice)
            .where(InterviewNotice.interview_id == missing)
            .values(last_nudged_at=utcnow() - timedelta(minutes=61))
        )
        db.session.commit()
    client.post(f"/interviews/{missing}/remind")
    assert kinds(app).count("nudge") == 2


def test_remind_now_refusals(app, client, login, team, plan, missing):
    upcoming = plan(team.ben, AREAS[1])
    submitted = plan(team.clara, AREAS[2], starts_at=utcnow() - timedelta(hours=5))
    with app.app_context():
        factories.scorecard(db.session.get(Interview, submitted), submitted=True)
        prefs = UserPreferences(user_id=team.anna.id, scorecard_due=False)
        db.session.add(prefs)
        db.session.commit()
    login(team.manager)
    for interview_id, message in (
        (upcoming, "The interview has not ended yet."),
        (submitted, "This scorecard was already submitted."),
        (missing, "Anna Schmidt does not get scorecard reminders."),
    ):
        page = client.post(f"/interviews/{interview_id}/remind", headers=EN, follow_redirects=True)
        assert message in page.text
    assert "nudge" not in kinds(app)


def test_remind_now_is_for_the_requisitions_people_only(
    app, client, login, team, missing, make_user
):
    login(make_user("hiring_manager"))
    assert client.post(f"/interviews/{missing}/remind").status_code == 404
    client.post("/logout")
    login(team.anna)
    assert client.post(f"/interviews/{missing}/remind").status_code == 403
    assert "nudge" not in kinds(app)


def test_remind_now_needs_the_csrf_token(app, team, missing, login, client):
    app.config["WTF_CSRF_ENABLED"] = True
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login",
        data={
            "email": team.recruiter.email,
            "password": "correct horse battery",
            "csrf_token": token,
        },
    )
    response = client.post(f"/interviews/{missing}/remind")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1  # the assignment

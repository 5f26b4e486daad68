"""Changing one's own password."""

from __future__ import annotations

import pytest

from interview.extensions import db
from interview.models import AuditEvent, User
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "another long secret"
URL = "/account/password"


@pytest.fixture
def client(app):
    """English pages, so the tests can look for the English messages."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def can_log_in(app, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def audit_events(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
        return [(e.actor_id, e.action, e.object_type, e.object_id, e.changes) for e in rows]


def form(**fields) -> dict:
    values = {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}
    return values | {"confirm": values["new_password"]} | fields


def test_anonymous_users_are_sent_to_login(client):
    for method in ("GET", "POST"):
        response = client.open(URL, method=method)
        assert response.headers["Location"] == "/login?next=%2Faccount%2Fpassword"


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter", "interviewer"])
def test_every_role_can_open_the_form(client, login_as, role):
    login_as(role)
    page = client.get(URL).text
    assert 'name="current_password"' in page
    assert 'name="new_password"' in page
    assert 'name="confirm"' in page


def test_change_password(app, client, login_as):
    user = login_as("interviewer")
    response = client.post(URL, data=form())
    assert response.headers["Location"] == "/"
    assert "Your password was changed." in client.get("/").text
    assert can_log_in(app, user.email, NEW_PASSWORD)
    assert not can_log_in(app, user.email, TEST_PASSWORD)
    assert audit_events(app) == [(user.id, "change_password", "users", user.id, {})]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current_password": "not my password"}, "The current password is not correct."),
        ({"confirm": "something else entirely"}, "The two new passwords are not the same."),
        ({"new_password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"current_password": ""}, "This field is required."),
    ],
)
def test_refusals_are_form_errors(app, client, login_as, fields, message):
    user = login_as("recruiter")
    response = client.post(URL, data=form(**fields))
    assert response.status_code == 200
    assert message in response.text
    assert can_log_in(app, user.email, TEST_PASSWORD)
    assert audit_events(app) == []
    with app.app_context():
        assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_password_change_ends_other_sessions(app, make_user, login):
    from tests.conftest import TEST_PASSWORD

    user = make_user()
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert other_device.get("/").status_code == 200
    this_device = app.test_client()
    this_device.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    response = this_device.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert response.status_code == 302
    assert this_device.get("/").status_code == 200
    assert other_device.get("/").headers["Location"].startswith("/login")

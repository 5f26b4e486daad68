"""Sign-ins kept on the server: revoked by logout, password changes, resets and deactivation;
idle and absolute lifetimes; cookie flags; one query to load the user."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask

from interview.auth import sessions
from interview.db import utcnow
from interview.extensions import db
from interview.models import LoginSession, User
from tests.conftest import TEST_PASSWORD

REMEMBER = "remember_token"


def sign_in(app: Flask, user: User, *, remember: bool = False):
    """A new browser signed in as ``user``."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {"email": user.email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302
    return client


def signed_in(client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def cookie(client, name: str) -> str:
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def stored_sessions(app: Flask, user: User) -> list[LoginSession]:
    with app.app_context():
        query = db.select(LoginSession).filter_by(user_id=user.id)
        return list(db.session.scalars(query.order_by(LoginSession.created_at)))


@pytest.fixture
def clock(monkeypatch):
    """Move the sign-in clock forward: ``clock.advance(minutes=...)``."""

    class Clock:
        offset = timedelta()

        def advance(self, **delta) -> None:
            self.offset += timedelta(**delta)

    frozen = Clock()
    monkeypatch.setattr(sessions, "utcnow", lambda: utcnow() + frozen.offset)
    return frozen


# --- revocation -------------------------------------------------------------------------


def test_a_session_cookie_replayed_after_logout_is_refused(app, make_user):
    client = sign_in(app, make_user())
    captured = cookie(client, "session")
    assert client.post("/logout").headers["Location"] == "/login"
    client.set_cookie("session", captured)
    assert not signed_in(client)


def test_a_remember_cookie_replayed_after_logout_elsewhere_is_refused(app, make_user):
    user = make_user()
    browser = sign_in(app, user, remember=True)
    remembered = cookie(browser, REMEMBER)
    replay = app.test_client()
    replay.set_cookie(REMEMBER, remembered)  # no session cookie: only "stay signed in"
    assert signed_in(replay)
    browser.post("/logout")
    thief = app.test_client()
    thief.set_cookie(REMEMBER, remembered)
    assert not signed_in(thief)


def test_logout_ends_only_this_sign_in(app, make_user):
    user = make_user()
    laptop, tablet = sign_in(app, user), sign_in(app, user)
    laptop.post("/logout")
    assert not signed_in(laptop)
    assert signed_in(tablet)
    assert [s.revoked_at is not None for s in stored_sessions(app, user)] == [True, False]


def test_own_password_change_ends_the_other_sign_ins(app, make_user):
    user = make_user()
    here, elsewhere = sign_in(app, user), sign_in(app, user, remember=True)
    remembered = cookie(elsewhere, REMEMBER)
    new = "another long secret"
    response = here.post(
        "/account/password",
        data={"current_password": TEST_PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.headers["Location"] == "/"
    assert signed_in(here)
    assert not signed_in(elsewhere)
    thief = app.test_client()
    thief.set_cookie(REMEMBER, remembered)
    assert not signed_in(thief)


@pytest.fixture
def admin_client(app, make_user):
    return sign_in(app, make_user("admin"))


def test_an_admin_password_reset_ends_every_sign_in(app, make_user, admin_client):
    user = make_user()
    one, two = sign_in(app, user), sign_in(app, user, remember=True)
    remembered = cookie(two, REMEMBER)
    assert admin_client.post(f"/admin/users/{user.id}/password").status_code == 200
    assert not signed_in(one)
    assert not signed_in(two)
    thief = app.test_client()
    thief.set_cookie(REMEMBER, remembered)
    assert not signed_in(thief)
    assert signed_in(admin_client)


def test_deactivation_revokes_so_reactivation_brings_no_old_session_back(
    app, make_user, admin_client
):
    user = make_user()
    browser = sign_in(app, user, remember=True)
    captured = {name: cookie(browser, name) for name in ("session", REMEMBER)}
    admin_client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert not signed_in(browser)
    admin_client.post(f"/admin/users/{user.id}/active", data={"active": "1"})
    replay = app.test_client()
    for name, value in captured.items():
        replay.set_cookie(name, value)
    assert not signed_in(replay)
    assert all(s.revoked_at is not None for s in stored_sessions(app, user))
    assert signed_in(sign_in(app, user))  # a new sign-in works again


# --- lifetimes --------------------------------------------------------------------------


class TestLifetimes:
    @pytest.fixture
    def app_config(self, app_config) -> dict:
        return {**app_config, "SESSION_IDLE_MINUTES": 30, "SESSION_MAX_HOURS": 2}

    def test_idle_too_long_signs_out(self, app, make_user, clock):
        client = sign_in(app, make_user())
        clock.advance(minutes=29)
        assert signed_in(client)
        clock.advance(minutes=29)  # 29 minutes since the last request: still fine
        assert signed_in(client)
        clock.advance(minutes=31)
        assert not signed_in(client)

    def test_idle_limit_applies_to_the_remember_cookie_too(self, app, make_user, clock):
        client = sign_in(app, make_user(), remember=True)
        clock.advance(minutes=31)
        assert not signed_in(client)
        client.delete_cookie("session")
        assert not signed_in(client)

    def test_activity_does_not_extend_past_the_absolute_lifetime(self, app, make_user, clock):
        client = sign_in(app, make_user(), remember=True)
        for _ in range(4):  # a request every 25 minutes: never idle
            clock.advance(minutes=25)
            assert signed_in(client)
        clock.advance(minutes=25)  # 2 h 5 min after the password was entered
        assert not signed_in(client)

    def test_the_remember_cookie_lasts_no_longer_than_a_sign_in(self, app, make_user):
        client = app.test_client()
        user = make_user()
        response = client.post(
            "/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"}
        )
        remember = next(h for h in response.headers.getlist("Set-Cookie") if REMEMBER in h)
        expires = parsedate_to_datetime(remember.split("Expires=")[1].split(";")[0])
        assert timedelta(hours=2) - timedelta(minutes=1) < expires - utcnow() <= timedelta(hours=2)


def test_last_seen_is_written_at_most_once_a_minute(app, make_user, clock, count_queries):
    user = make_user()
    client = sign_in(app, user)
    first = stored_sessions(app, user)[0].last_seen_at

    def updates() -> int:
        with count_queries() as counter:
            assert signed_in(client)
        return sum(s.lstrip().upper().startswith("UPDATE") for s in counter.statements)

    clock.advance(seconds=30)
    assert updates() == 0
    clock.advance(seconds=31)
    assert updates() == 1
    assert stored_sessions(app, user)[0].last_seen_at - first >= timedelta(seconds=61)
    assert updates() == 0


@pytest.mark.parametrize(
    ("setting", "value"), [("SESSION_IDLE_MINUTES", 0), ("SESSION_MAX_HOURS", "a week")]
)
def test_lifetimes_must_be_positive_numbers(app_config, make_app, setting, value):
    with pytest.raises(ValueError, match=setting):
        make_app({**app_config, setting: value})


# --- cookies, queries, housekeeping ----------------------------------------------------


@pytest.mark.parametrize("secure", [True, False])
def test_one_setting_makes_both_cookies_secure(app_config, make_app, make_user, secure):
    app = make_app({**app_config, "SESSION_COOKIE_SECURE": secure})
    user = make_user()
    response = app.test_client().post(
        "https://localhost/login",
        data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"},
    )
    cookies = {h.split("=")[0]: h for h in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"session", REMEMBER}
    for header in cookies.values():
        assert ("; Secure" in header) is secure
        assert "; HttpOnly" in header


def test_loading_the_user_with_roles_and_sign_in_is_one_query(app, make_user, count_queries):
    client = sign_in(app, make_user(("interviewer", "recruiter")))
    with count_queries() as counter:
        page = client.get("/account/password")  # a page that needs nothing else
    assert page.status_code == 200
    assert "Requisitions" in page.text  # the roles were there for the navigation
    assert counter.count == 1, counter.statements


@pytest.mark.parametrize("identity", ["", "7", "7.", "x.token", "1.no-such-token"])
def test_malformed_or_unknown_identities_load_nobody(app, make_user, identity):
    make_user()
    with app.test_request_context():
        assert sessions.user_for_identity(identity) is None


def test_the_token_is_stored_as_a_digest_and_signs_in_one_user_only(app, make_user):
    owner, other = make_user(), make_user()
    with app.test_request_context():
        token = sessions.start_session(db.session.get(User, owner.id), "Tablet")
        db.session.commit()
        stored = db.session.scalars(db.select(LoginSession)).one()
        assert token not in stored.token_hash
        assert sessions.user_for_identity(f"{owner.id}.{token}").id == owner.id
        assert sessions.user_for_identity(f"{other.id}.{token}") is None


def test_sign_ins_past_the_absolute_lifetime_are_deleted_at_the_next_login(app, make_user):
    user = make_user()
    sign_in(app, user)
    with app.app_context():
        old = db.session.scalars(db.select(LoginSession)).one()
        old.created_at = utcnow() - timedelta(days=8)
        db.session.commit()
    sign_in(app, user)
    assert len(stored_sessions(app, user)) == 1
    assert stored_sessions(app, user)[0].created_at > utcnow() - timedelta(minutes=1)

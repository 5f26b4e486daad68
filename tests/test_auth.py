"""Login, logout, sessions and CSRF."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interview.auth import services as auth_services
from interview.extensions import db
from interview.models import User
from tests.conftest import PROJECT_ROOT, TEST_PASSWORD, TEST_PASSWORD_HASH


def test_login_page_renders_a_form_with_csrf_field(app_config, monkeypatch, tmp_path, make_app):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "i"))
    app = make_app({**app_config, "WTF_CSRF_ENABLED": True})
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.text
    assert 'name="password"' in response.text


def test_login_and_home(client, make_user, login):
    user = make_user(name="Katrin Vogel")
    response = login(user)
    assert response.headers["Location"] == "/"
    home = client.get("/", headers={"Accept-Language": "en"})
    assert home.status_code == 200
    assert "Welcome, Katrin Vogel" in home.text


def test_email_is_case_insensitive(client, make_user):
    user = make_user(email="mixed@example.com")
    response = client.post(
        "/login", data={"email": " MIXED@example.com ", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert user.id


@pytest.mark.parametrize(
    ("email", "password"),
    [("known@example.com", "wrong password"), ("unknown@example.com", TEST_PASSWORD)],
)
def test_wrong_user_or_password_gets_one_generic_message(client, make_user, email, password):
    make_user(email="known@example.com")
    response = client.post(
        "/login", data={"email": email, "password": password}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    assert "E-mail or password is not correct." in response.text
    assert client.get("/").status_code == 302


def test_deactivated_user_cannot_log_in(client, make_user):
    user = make_user(active=False)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_existing_session(app, client, make_user, login):
    user = make_user()
    login(user)
    assert client.get("/").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/").headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("case", "password", "checked_against"),
    [
        ("unknown", TEST_PASSWORD, "dummy"),
        ("deactivated", TEST_PASSWORD, "dummy"),
        ("known", "wrong password", "user"),
        ("known", TEST_PASSWORD, "user"),
    ],
)
def test_every_login_checks_exactly_one_password_hash(
    client, make_user, monkeypatch, case, password, checked_against
):
    """So the answer takes as long for an unknown e-mail as for a known one."""
    user = make_user(active=case != "deactivated")
    email = "nobody@example.com" if case == "unknown" else user.email
    checked = []
    real_check = auth_services.check_password_hash

    def spy(stored_hash: str, given: str) -> bool:
        checked.append(stored_hash)
        return real_check(stored_hash, given)

    monkeypatch.setattr(auth_services, "check_password_hash", spy)
    client.post("/login", data={"email": email, "password": password})
    dummy = auth_services.dummy_password_hash()
    assert checked == [dummy if checked_against == "dummy" else TEST_PASSWORD_HASH]


def test_the_dummy_hash_is_made_on_first_use_not_at_start(tmp_path):
    """Hashing is slow on purpose; importing and creating the app must not pay for it."""
    script = """
import werkzeug.security
calls = []
real = werkzeug.security.generate_password_hash
werkzeug.security.generate_password_hash = lambda *a, **k: calls.append(1) or real(*a, **k)
from interview import create_app
from interview.auth import services
create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
at_start = len(calls)
first, again = services.dummy_password_hash(), services.dummy_password_hash()
print(at_start, len(calls), first == again)
"""
    env = {"SCORECARD_INSTANCE_PATH": str(tmp_path / "instance"), "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["0", "1", "True"]


def test_login_records_time_and_passwords_are_hashed(app, client, make_user, login):
    user = make_user()
    login(user)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.last_login_at is not None
        assert TEST_PASSWORD not in stored.password_hash
        assert stored.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_logout_needs_post_and_ends_session(client, login_as):
    login_as("interviewer")
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/frameworks/", "/frameworks/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirect_stays_on_site(client, make_user, target, expected):
    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD, "next": target}
    )
    assert response.headers["Location"] == expected


def test_login_carries_next_from_the_redirect(client):
    response = client.get("/frameworks/account-manager")
    assert response.headers["Location"] == "/login?next=%2Fframeworks%2Faccount-manager"
    page = client.get(response.headers["Location"])
    assert 'value="/frameworks/account-manager"' in page.text


def test_logged_in_user_visiting_login_goes_home(client, login_as):
    login_as("recruiter")
    assert client.get("/login").headers["Location"] == "/"


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_post_without_token_is_refused(self, client, make_user):
        user = make_user()
        response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 400
        assert client.get("/").status_code == 302

    def test_post_with_token_from_the_form_works(self, client, make_user):
        user = make_user()
        page = client.get("/login").text
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post(
            "/login",
            data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        assert client.get("/").status_code == 200

    def test_logout_without_token_keeps_the_session(self, client, make_user):
        user = make_user()
        page = client.get("/login").text
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token}
        )
        assert client.post("/logout").status_code == 400
        assert client.get("/").status_code == 200

"""Database outages and server errors are handled like a real service: /healthz says 503
with a reason, users get a styled page, the error page itself never fails, and everything
recovers without a restart."""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path

import pytest
from flask import render_template
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from interview.config import engine_options
from interview.extensions import db
from interview.models import User
from tests.conftest import TEST_PASSWORD, TEST_PASSWORD_HASH, postgres_url
from tests.tcp_proxy import TcpProxy

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def sign_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def add_user(app, email: str) -> None:
    with app.app_context():
        user = User(email=email, name="Outage Tester", password_hash=TEST_PASSWORD_HASH)
        user.set_roles({"interviewer"})
        db.session.add(user)
        db.session.commit()


def in_thread(call, timeout: float = 30):
    """Run ``call`` with a hang guard: a hung request fails the test instead of the run."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(timeout)
    assert result, f"no answer within {timeout} s"
    return result[0]


def test_error_page_survives_a_broken_session(app, make_user, login):
    """A request that leaves the session needing a rollback, then touches the user in the
    template, used to crash the error page too (bare English 'Internal Server Error')."""
    user = make_user("interviewer")

    @app.get("/test-broken-session")
    def broken():
        db.session.add(User(email=user.email, name="dup", password_hash="x"))
        with contextlib.suppress(IntegrityError):  # not rolled back, as a buggy view might
            db.session.flush()
        return render_template("errors/error.html", title="x", message="x")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    sign_in(client, user.email)
    response = client.get("/test-broken-session", headers=GERMAN)
    assert response.status_code == 500
    assert "Etwas ist schiefgelaufen" in response.text
    assert 'class="site-header"' in response.text
    # the session was rolled back: the next request works normally
    assert client.get("/", headers=GERMAN).status_code == 200


def test_healthz_answers_json(client):
    assert client.get("/healthz").json == {"status": "ok"}


@pytest.mark.skipif(postgres_url() is not None, reason="the SQLite file variant")
def test_sqlite_database_gone_then_back(make_app, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    uri = "sqlite:///" + str(folder / "app.sqlite3")
    app = make_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": uri,
                    "WTF_CSRF_ENABLED": False})  # fmt: skip
    with app.app_context():
        db.create_all()
    add_user(app, "outage@example.com")
    client = app.test_client()
    sign_in(client, "outage@example.com")

    moved = Path(str(folder) + "-away")
    shutil.move(folder, moved)
    with app.app_context():
        db.engine.dispose()  # the connections are gone with the database
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json["status"] == "unavailable"
    assert health.json["reason"].startswith("database: ")
    page = client.get("/", headers=GERMAN)
    assert page.status_code == 503
    assert "Vorübergehend nicht verfügbar" in page.text
    assert page.headers["Retry-After"]

    shutil.move(moved, folder)
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/", headers=GERMAN).status_code == 200  # still signed in


@pytest.fixture
def proxied_app(app, make_app):
    """The test database behind a TCP proxy the test can cut; short timeouts."""
    url = make_url(postgres_url())
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    config = dict(app.config) | {
        "SQLALCHEMY_DATABASE_URI": proxied,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "DATABASE_CONNECT_TIMEOUT": 1,
        "DATABASE_STATEMENT_TIMEOUT_MS": 500,
    }
    yield make_app(config), proxy
    proxy.stop()


@pytest.mark.postgres
@pytest.mark.skipif(postgres_url() is None, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_postgres_outage_and_recovery(proxied_app):
    app, proxy = proxied_app
    add_user(app, "outage@example.com")
    client = app.test_client()
    sign_in(client, "outage@example.com")
    assert client.get("/").status_code == 200

    proxy.stop()
    health = in_thread(lambda: client.get("/healthz"))
    assert health.status_code == 503
    assert health.json["reason"].startswith("database: ")
    page = in_thread(lambda: client.get("/", headers=GERMAN))
    assert page.status_code == 503
    assert "Vorübergehend nicht verfügbar" in page.text

    proxy.start()
    assert in_thread(lambda: client.get("/")).status_code == 200


@pytest.mark.postgres
@pytest.mark.skipif(postgres_url() is None, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_a_hung_database_times_out_on_connect(proxied_app):
    app, proxy = proxied_app
    proxy.hang = True
    with app.app_context():
        db.engine.dispose()
    health = in_thread(lambda: app.test_client().get("/healthz"))
    assert health.status_code == 503


@pytest.mark.postgres
@pytest.mark.skipif(postgres_url() is None, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_a_blocked_statement_is_cancelled(proxied_app):
    app, _ = proxied_app
    add_user(app, "locked@example.com")
    client = app.test_client()
    sign_in(client, "locked@example.com")
    blocker = db.create_engine(make_url(postgres_url()).set(drivername="postgresql+psycopg"))
    with blocker.connect() as conn:
        conn.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
        page = in_thread(lambda: client.get("/", headers=GERMAN))
        conn.rollback()
    blocker.dispose()
    assert page.status_code == 503
    assert client.get("/").status_code == 200


def test_postgres_engine_options_carry_the_timeouts():
    config = {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
              "DATABASE_CONNECT_TIMEOUT": 3, "DATABASE_STATEMENT_TIMEOUT_MS": 1234}  # fmt: skip
    options = engine_options(config, "postgresql+psycopg://x@h/db")
    assert options["connect_args"] == {"connect_timeout": 3,
                                       "options": "-c statement_timeout=1234"}  # fmt: skip
    assert options["pool_pre_ping"] is True
    assert "connect_args" not in engine_options(config, "sqlite:///x.db")

"""Fixtures: app on SQLite or PostgreSQL (TEST_DATABASE_URL), users, logins, query counts."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from werkzeug.security import generate_password_hash

from interview import create_app
from interview.extensions import db
from interview.frameworks.services import current_bank, sync_bank
from interview.models import User
from tests.oidc_provider import oidc_provider, sso_server  # noqa: F401  (fixtures)

# The test identity provider's npm packages are not tests.
collect_ignore = ["oidc"]

TEST_PASSWORD = "correct horse battery"
# scrypt is slow on purpose; hash the shared test password once per run.
TEST_PASSWORD_HASH = generate_password_hash(TEST_PASSWORD)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
BANK_PATH = PROJECT_ROOT / "question_bank"


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def ensure_postgres_database(url: str) -> None:
    """Create the test database on the server if it is missing (trust auth, CI machine)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin_url = parsed.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{parsed.database}"')


@pytest.fixture(scope="session")
def database_backend() -> str:
    return "postgresql" if postgres_url() else "sqlite"


@pytest.fixture(scope="session")
def _postgres_schema(tmp_path_factory) -> Iterator[str | None]:
    """On PostgreSQL: one fresh schema per run; each test then empties the tables."""
    url = postgres_url()
    if url is None:
        yield None
        return
    ensure_postgres_database(url)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True},
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    yield url


@pytest.fixture
def app_config(tmp_path, _postgres_schema) -> dict:
    uri = _postgres_schema or "sqlite:///" + str(tmp_path / "test.sqlite3")
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "QUESTION_BANK_PATH": str(BANK_PATH),
    }


@pytest.fixture
def app(app_config, tmp_path, monkeypatch) -> Iterator[Flask]:
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(app_config)
    with app.app_context():
        if app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.create_all()
        sync_bank(current_bank())
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            _truncate_all()
        db.engine.dispose()


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """``create_app`` for tests that need their own app; closes its connections afterwards."""
    apps: list[Flask] = []

    def make(config: dict | None = None, **kwargs) -> Flask:
        app = create_app(config, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        roles: tuple[str, ...] | str = ("interviewer",),
        *,
        email: str | None = None,
        name: str | None = None,
        active: bool = True,
    ) -> User:
        roles = (roles,) if isinstance(roles, str) else roles
        n = next(counter)
        user = User(
            email=email or f"user{n}@example.com",
            name=name or f"Test User {n}",
            password_hash=TEST_PASSWORD_HASH,
            active=active,
        )
        user.set_roles(frozenset(roles))
        with app.app_context():
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return make


@pytest.fixture
def login(client) -> Callable[[User], None]:
    def do_login(user: User, password: str = TEST_PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return response

    return do_login


@pytest.fixture
def login_as(make_user, login) -> Callable[[str], User]:
    def as_role(*roles: str) -> User:
        user = make_user(roles or ("interviewer",))
        login(user)
        return user

    return as_role


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counter: ...`` then ``counter.count``."""

    class Counter:
        count = 0
        statements: list[str]

    @contextmanager
    def counting():
        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.count += 1
            counter.statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def blank_database_url(tmp_path) -> Iterator[str]:
    """An empty database (no tables) for migration and 'scorecard init' tests."""
    url = postgres_url()
    if url is None:
        yield "sqlite:///" + str(tmp_path / "blank.sqlite3")
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    blank = make_url(url).set(database=make_url(url).database + "_blank")
    blank_url = blank.render_as_string(hide_password=False)
    ensure_postgres_database(blank_url)
    engine = create_engine(blank.set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield blank_url


@pytest.fixture
def blank_app(blank_database_url, tmp_path, monkeypatch) -> Iterator[Flask]:
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": blank_database_url}
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make(app):
    """Factories from tests/factories.py, run in the app context and committed.

    ``make("requisition", owner)`` returns the new object's id-carrying instance (detached).
    """
    from tests import factories

    def build(kind: str, *args, **kwargs):
        with app.app_context():
            merged = [db.session.merge(a) if isinstance(a, db.Model) else a for a in args]
            obj = getattr(factories, kind)(*merged, **kwargs)
            db.session.commit()
            db.session.refresh(obj)
            db.session.expunge(obj)
            return obj

    return build

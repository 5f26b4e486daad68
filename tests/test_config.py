"""Configuration: generated secret key, instance config, environment, database URL, SQLite."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import text

from interview.config import load_secret_key, normalise_database_url
from interview.extensions import db


@pytest.fixture
def instance(tmp_path, monkeypatch):
    path = tmp_path / "instance"
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


def test_defaults_use_sqlite_in_instance_and_generate_a_secret_key(instance, make_app):
    app = make_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/scorecard.sqlite3"
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(app.config["SECRET_KEY"]) == 64
    assert make_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_secret_keys_differ_between_installations(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_secret_key(str(tmp_path / "a")) != load_secret_key(str(tmp_path / "b"))


def test_instance_config_file_and_environment(instance, monkeypatch, make_app):
    instance.mkdir()
    (instance / "config.py").write_text("WTF_CSRF_TIME_LIMIT = 7200\nBABEL_DEFAULT_LOCALE = 'en'\n")
    monkeypatch.setenv("SCORECARD_BABEL_DEFAULT_LOCALE", "de")
    app = make_app()
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 7200
    assert app.config["BABEL_DEFAULT_LOCALE"] == "de"  # environment wins over the file


def test_database_url_switches_to_postgresql(instance, monkeypatch, make_app):
    monkeypatch.setenv("DATABASE_URL", "postgres://scorecard@db.internal:5432/scorecard")
    app = make_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://scorecard@db.internal:5432/scorecard"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_normalise_database_url(given, expected):
    assert normalise_database_url(given) == expected


def test_sqlite_runs_in_wal_mode_with_busy_timeout(instance, make_app):
    app = make_app()
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_worker_losing_the_key_race_waits_for_the_winner(tmp_path):
    import threading

    key_file = tmp_path / "secret_key"
    key_file.touch()  # another worker created the file and is about to write the key
    writer = threading.Timer(0.1, lambda: key_file.write_text("from-the-winner\n"))
    writer.start()
    try:
        assert load_secret_key(str(tmp_path)) == "from-the-winner"
    finally:
        writer.join()


def test_an_empty_key_file_is_an_error_not_a_weak_key(tmp_path):
    (tmp_path / "secret_key").touch()
    with pytest.raises(RuntimeError, match="is empty"):
        load_secret_key(str(tmp_path))

"""Alembic migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from interview import MIGRATIONS_DIR
from interview.extensions import db
from interview.setup import upgrade_database


def test_upgrade_on_empty_database_matches_models(blank_app, database_backend):
    with blank_app.app_context():
        upgrade_database()
        assert db.engine.dialect.name == database_backend
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], "models and migrations disagree: run 'scorecard db migrate'"


def test_downgrade_to_base_and_upgrade_again(blank_app):
    with blank_app.app_context():
        upgrade_database()
        flask_migrate.downgrade(directory=MIGRATIONS_DIR, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade_database()
        assert "scorecards" in inspect(db.engine).get_table_names()


def test_upgrade_is_idempotent(blank_app):
    with blank_app.app_context():
        upgrade_database()
        upgrade_database()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_check_constraints_of_the_models_exist_after_migrations(blank_app):
    """Autogenerate does not compare CHECK constraints; this does."""
    from sqlalchemy import CheckConstraint

    with blank_app.app_context():
        upgrade_database()
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            expected = {
                c.name if str(c.name).startswith("ck_") else f"ck_{table.name}_{c.name}"
                for c in table.constraints
                if isinstance(c, CheckConstraint)
            }
            found = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert expected <= found, (table.name, expected - found)


def test_upgrade_keeps_data_of_an_older_database(blank_app):
    """Real installations upgrade with data in them (SQLite rebuilds tables for that)."""
    with blank_app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0002")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, active, created_at) "
                    "VALUES (1, 'a@example.com', 'A', 'x', true, '2026-01-01 00:00:00+00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO framework_versions (id, framework_key, version, title, language, "
                    "content, loaded_at) VALUES (1, 'f', 'v', 'F', 'de', '{}', "
                    "'2026-01-01 00:00:00+00')"
                )
            )
            conn.execute(text(
                "INSERT INTO requisitions (id, title, framework_version_id, target_overrides, "
                "required_areas, decision_rule, owner_id, status, created_at, updated_at) "
                "VALUES (1, 'Senior', 1, '{}', '[]', '{}', 1, 'open', "
                "'2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00')"
            ))  # fmt: skip
        upgrade_database()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT title, scores_visible FROM requisitions")).one()
        assert tuple(row) == ("Senior", "after_submit")

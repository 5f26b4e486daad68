"""Migration 0011_privacy on a database with data: closed applications get their closing
time, the new roles can be given."""

from __future__ import annotations

from datetime import UTC, datetime

import flask_migrate
from sqlalchemy import text

from interview import MIGRATIONS_DIR
from interview.extensions import db
from interview.setup import upgrade_database

T0 = "2026-01-01 00:00:00+00"


def test_closed_applications_get_the_time_of_their_latest_decision(blank_app):
    with blank_app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0009_verdict")
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO users (id, email, name, password_hash, active, created_at) "
                "VALUES (1, 'a@example.com', 'A', 'x', true, :t0)",
                "INSERT INTO framework_versions (id, framework_key, version, title, language, "
                "content, loaded_at) VALUES (1, 'f', 'v', 'F', 'de', '{}', :t0)",
                "INSERT INTO requisitions (id, title, framework_version_id, target_overrides, "
                "required_areas, decision_rule, owner_id, status, created_at, updated_at) "
                "VALUES (1, 'Senior', 1, '{}', '[]', '{}', 1, 'open', :t0, :t0)",
                "INSERT INTO candidates (id, name, email, notes, created_at) VALUES "
                "(1, 'A', 'a@x.net', '', :t0), (2, 'B', 'b@x.net', '', :t0), "
                "(3, 'C', 'c@x.net', '', :t0)",
                "INSERT INTO applications (id, candidate_id, requisition_id, status, created_at) "
                "VALUES (1, 1, 1, 'rejected', :t0), (2, 2, 1, 'withdrawn', :t0), "
                "(3, 3, 1, 'interviewing', :t0)",
                "INSERT INTO decisions (id, application_id, decision, reason, rule_result, "
                "rule_explanation, decided_by_id, decided_at) VALUES "
                "(1, 1, 'advance', '', 'open', '', 1, :t0), "
                "(2, 1, 'reject', '', 'below', '', 1, '2026-03-05 10:00:00+00')",
            ):
                conn.execute(text(statement), {"t0": T0})
        before = datetime.now(UTC)
        upgrade_database()
        with db.engine.begin() as conn:
            closed = dict(conn.execute(text("SELECT id, closed_at FROM applications")).all())
            conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (1, 'works_council')"))
        as_time = {k: v if v is None or isinstance(v, datetime) else datetime.fromisoformat(v)
                   for k, v in closed.items()}  # fmt: skip
        assert as_time[1].replace(tzinfo=as_time[1].tzinfo or UTC) == datetime(
            2026, 3, 5, 10, tzinfo=UTC
        )
        assert as_time[2].replace(tzinfo=as_time[2].tzinfo or UTC) >= before.replace(microsecond=0)
        assert as_time[3] is None

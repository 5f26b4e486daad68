"""Migration 0005: interviews planned before it count as announced."""

from __future__ import annotations

from datetime import UTC, datetime

import flask_migrate
from sqlalchemy import text

from interview import MIGRATIONS_DIR
from interview.extensions import db
from interview.models import InterviewNotice
from interview.setup import upgrade_database

ROWS = [
    "INSERT INTO users (id, email, name, password_hash, active, created_at) "
    "VALUES (1, 'a@example.com', 'A', 'x', true, '2026-01-01 00:00:00+00')",
    "INSERT INTO framework_versions (id, framework_key, version, title, language, content, "
    "loaded_at) VALUES (1, 'f', 'v', 'F', 'de', '{}', '2026-01-01 00:00:00+00')",
    "INSERT INTO requisitions (id, title, framework_version_id, target_overrides, "
    "required_areas, decision_rule, owner_id, status, scores_visible, created_at, updated_at) "
    "VALUES (1, 'Senior', 1, '{}', '[]', '{}', 1, 'open', 'after_submit', "
    "'2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00')",
    "INSERT INTO candidates (id, name, email, notes, created_at) "
    "VALUES (1, 'L', 'l@x', '', '2026-01-01 00:00:00+00')",
    "INSERT INTO applications (id, candidate_id, requisition_id, status, created_at) "
    "VALUES (1, 1, 1, 'interviewing', '2026-01-01 00:00:00+00')",
    "INSERT INTO loops (id, application_id, status, created_at) "
    "VALUES (1, 1, 'draft', '2026-01-01 00:00:00+00')",
    "INSERT INTO interviews (id, loop_id, interviewer_id, area_key, starts_at, "
    "duration_minutes, location, second_rater, created_at) VALUES (7, 1, 1, 'renewal', "
    "'2027-02-04 08:30:00+00', 45, 'Raum Elbe', false, '2026-01-01 00:00:00+00')",
]


def test_upgrade_remembers_planned_interviews(blank_app):
    with blank_app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0004")
        with db.engine.begin() as conn:
            for row in ROWS:
                conn.execute(text(row))
        upgrade_database()
        notice = db.session.get(InterviewNotice, 7)
        assert (notice.sequence, notice.attendee_id, notice.area_key) == (0, 1, "renewal")
        assert notice.starts_at == datetime(2027, 2, 4, 8, 30, tzinfo=UTC)
        assert (notice.duration_minutes, notice.location) == (45, "Raum Elbe")
        assert notice.invited_at is None
        assert notice.uid.endswith("@scorecards")
        assert len(notice.uid) > len("@scorecards") + 30

"""Scorecards written before migration 0003 (text in their own columns and answer rows,
no drafts, no history) work in the kit after upgrading: the draft shows their text,
submitting keeps it, and the first amendment leaves the original in the history."""

from __future__ import annotations

from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from interview import MIGRATIONS_DIR
from interview.db import UTCDateTime
from interview.extensions import db
from interview.frameworks.services import current_bank
from interview.models import DraftField, Scorecard, ScorecardRevision
from interview.question_bank import framework_to_dict
from interview.setup import upgrade_database
from tests.conftest import BANK_PATH, TEST_PASSWORD, TEST_PASSWORD_HASH
from tests.factories import AREAS

EN = {"Accept-Language": "en"}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUBMITTED_AT = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)
OLD_EVIDENCE = "Hat zwei Renewals mit 15 % Volumenplus belegt, mit Kundennamen und Zahlen."
DRAFT_NOTE = "Alte Notiz aus dem Entwurf von vor dem Update, mit vielen Details zum Kunden."


JSON_COLUMNS = {"value", "content"}  # a draft field's value may be a plain string


def insert(conn, table_name: str, /, **values) -> None:
    """A row in the schema of the revision the database is at (not the models')."""

    def kind(key, value):
        if isinstance(value, dict | list) or key in JSON_COLUMNS:
            return sa.JSON()
        if isinstance(value, datetime):
            return UTCDateTime()
        return None

    table = sa.table(table_name, *(sa.column(k, kind(k, v)) for k, v in values.items()))
    conn.execute(table.insert().values(**values))


def old_style_rows(conn) -> None:
    """At revision 0002: an interviewer with a draft and a submitted scorecard."""
    framework = current_bank().get("account-manager")
    content = framework_to_dict(framework)
    insert(
        conn,
        "framework_versions",
        id=1,
        framework_key="account-manager",
        version="v1",
        title=framework.title,
        language=framework.language,
        content=content,
        loaded_at=T0,
    )
    for user_id, role in ((1, "hiring_manager"), (2, "interviewer")):
        insert(
            conn,
            "users",
            id=user_id,
            email=f"u{user_id}@example.com",
            name=f"U {user_id}",
            password_hash=TEST_PASSWORD_HASH,
            active=True,
            created_at=T0,
        )
        insert(conn, "user_roles", user_id=user_id, role=role)
    insert(
        conn,
        "requisitions",
        id=1,
        title="Senior AM",
        framework_version_id=1,
        target_level="senior",
        target_overrides={},
        required_areas=list(AREAS),
        decision_rule=content["decision_rule"],
        owner_id=1,
        status="open",
        created_at=T0,
        updated_at=T0,
    )
    for n in (1, 2):
        insert(
            conn,
            "candidates",
            id=n,
            name=f"Kandidatin {n}",
            email=f"k{n}@example.net",
            notes="",
            created_at=T0,
        )
        insert(
            conn,
            "applications",
            id=n,
            candidate_id=n,
            requisition_id=1,
            status="new",
            created_at=T0,
        )
        insert(conn, "loops", id=n, application_id=n, status="ready", created_at=T0)
        insert(
            conn,
            "interviews",
            id=n,
            loop_id=n,
            interviewer_id=2,
            area_key=AREAS[0],
            starts_at=T0,
            duration_minutes=60,
            location="Raum Elbe",
            second_rater=False,
            created_at=T0,
        )
    # interview 1: a draft; interview 2: submitted with rating 3
    insert(
        conn,
        "scorecards",
        id=1,
        interview_id=1,
        author_id=2,
        framework_version_id=1,
        rating=None,
        insufficient_evidence=False,
        evidence="Entwurf der Belege",
        recommendation=None,
        submitted_at=None,
        created_at=T0,
        updated_at=T0,
    )
    insert(
        conn,
        "answers",
        scorecard_id=1,
        position=0,
        note=DRAFT_NOTE,
        probe_asked=True,
        probe_note="Vertrag verlängert",
    )
    insert(
        conn,
        "scorecards",
        id=2,
        interview_id=2,
        author_id=2,
        framework_version_id=1,
        rating=3,
        insufficient_evidence=False,
        evidence=OLD_EVIDENCE,
        recommendation="yes",
        submitted_at=SUBMITTED_AT,
        created_at=T0,
        updated_at=SUBMITTED_AT,
    )
    insert(
        conn,
        "answers",
        scorecard_id=2,
        position=0,
        note="Beispiel A",
        probe_asked=True,
        probe_note="Ergebnis A",
    )
    insert(conn, "answers", scorecard_id=2, position=2, note="Beispiel C", probe_asked=False,
           probe_note="")  # fmt: skip


@pytest.fixture
def upgraded_app(blank_database_url, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app({
        "TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": blank_database_url,
        "WTF_CSRF_ENABLED": False, "QUESTION_BANK_PATH": str(BANK_PATH),
    })  # fmt: skip
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0002")
        with db.engine.begin() as conn:
            old_style_rows(conn)
        upgrade_database()
    return app


def signed_in(app):
    client = app.test_client()
    response = client.post("/login", data={"email": "u2@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_backfill_fills_drafts_and_the_first_revision(upgraded_app):
    with upgraded_app.app_context():
        draft = {f.key: (f.value, f.version) for f in db.session.scalars(
            select(DraftField).where(DraftField.scorecard_id == 1))}  # fmt: skip
        submitted = {f.key: f.value for f in db.session.scalars(
            select(DraftField).where(DraftField.scorecard_id == 2))}  # fmt: skip
        revisions = db.session.scalars(select(ScorecardRevision)).all()
        area = current_bank().get("account-manager").area(AREAS[0])
    assert draft == {
        "q0_note": (DRAFT_NOTE, 1), "q0_asked": (True, 1),
        "q0_outcome": ("Vertrag verlängert", 1), "evidence": ("Entwurf der Belege", 1),
    }  # fmt: skip
    assert submitted == {
        "q0_note": "Beispiel A", "q0_asked": True, "q0_outcome": "Ergebnis A",
        "q2_note": "Beispiel C", "rating": "3", "evidence": OLD_EVIDENCE, "recommendation": "yes",
    }  # fmt: skip
    assert len(revisions) == 1
    first = revisions[0]
    assert (first.scorecard_id, first.number, first.kind, first.reason) == (2, 1, "submitted", None)
    assert (first.author_id, first.created_at) == (2, SUBMITTED_AT)
    assert first.content["rating"] == 3
    assert first.content["evidence"] == OLD_EVIDENCE
    assert first.content["recommendation"] == "yes"
    assert len(first.content["answers"]) == len(area.questions)
    assert first.content["answers"][:3] == [
        {"note": "Beispiel A", "asked": True, "outcome": "Ergebnis A"},
        {"note": "", "asked": False, "outcome": ""},
        {"note": "Beispiel C", "asked": False, "outcome": ""},
    ]


def test_an_old_draft_shows_its_text_and_submitting_keeps_it(upgraded_app):
    client = signed_in(upgraded_app)
    page = client.get("/assignments/1/kit", headers=EN)
    assert page.status_code == 200
    assert DRAFT_NOTE in page.text
    assert 'data-field="q0_note" data-version="1"' in page.text
    # the kit's own form as the page shows it, completed and submitted
    data = {
        "q0_note": DRAFT_NOTE, "q0_asked": "y", "q0_outcome": "Vertrag verlängert",
        "rating": "3", "evidence": OLD_EVIDENCE,
        "versions": '{"q0_note": 1, "q0_asked": 1, "q0_outcome": 1, "evidence": 1}',
    }  # fmt: skip
    assert client.post("/assignments/1/kit/submit", data=data).status_code == 303
    with upgraded_app.app_context():
        card = db.session.get(Scorecard, 1)
        assert card.submitted_at is not None
        assert card.answers[0].note == DRAFT_NOTE
        assert card.revisions[0].content["answers"][0]["note"] == DRAFT_NOTE


def test_the_first_amendment_of_an_old_scorecard_keeps_the_original(upgraded_app):
    client = signed_in(upgraded_app)
    page = client.get("/assignments/2/kit", headers=EN).text
    assert OLD_EVIDENCE in page
    assert page.count("Show this version") == 1
    assert 'name="revision" value="1"' in page
    assert 'name="q2_note" value="Beispiel C"' in page  # amending keeps the old notes
    reason = "Nach Rückfrage beim Kunden korrigiert."
    data = {
        "q0_note": "Beispiel A", "q0_asked": "y", "q0_outcome": "Ergebnis A",
        "q2_note": "Beispiel C", "rating": "2", "evidence": OLD_EVIDENCE,
        "recommendation": "no", "reason": reason, "revision": "1",
    }  # fmt: skip
    assert client.post("/assignments/2/kit/amend", data=data).status_code == 303
    with upgraded_app.app_context():
        card = db.session.get(Scorecard, 2)
        assert [(r.number, r.kind, r.content["rating"]) for r in card.revisions] == [
            (1, "submitted", 3), (2, "amended", 2)
        ]  # fmt: skip
        assert card.revisions[1].content["answers"][2]["note"] == "Beispiel C"
    assert client.get("/assignments/2/kit", headers=EN).text.count("Show this version") == 2


def test_backfill_leaves_scorecards_of_the_kit_alone(blank_app):
    """Scorecards written by the kit (drafts and revisions exist) gain nothing."""
    with blank_app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0002")
        with db.engine.begin() as conn:
            old_style_rows(conn)
        flask_migrate.upgrade(directory=MIGRATIONS_DIR, revision="0004")
        with db.engine.begin() as conn:
            insert(
                conn,
                "draft_fields",
                scorecard_id=1,
                key="q0_note",
                value="vom Kit",
                version=4,
                updated_at=T0,
            )
            insert(
                conn,
                "scorecard_revisions",
                scorecard_id=2,
                number=1,
                kind="submitted",
                author_id=2,
                created_at=SUBMITTED_AT,
                content={"rating": 3},
            )
        upgrade_database()
        fields = db.session.execute(select(DraftField.scorecard_id, DraftField.key)).all()
        revisions = db.session.scalars(select(ScorecardRevision)).all()
    assert (1, "q0_note") in fields
    assert [f for f in fields if f[0] == 1] == [(1, "q0_note")]  # the kit's draft is untouched
    assert {f[1] for f in fields if f[0] == 2} >= {"q0_note", "evidence", "rating"}
    assert [(r.number, r.content) for r in revisions] == [(1, {"rating": 3})]

"""The benchmark's database: created fresh, migrated like 'scorecard init', then seeded.

The dataset: one Senior Account Manager requisition with ``candidates`` candidates, each
with a ready loop of six interviews (one per area) and six submitted scorecards with notes
on every question (500 candidates: 3,000 scorecards, 15,000 notes). Beside it a second
requisition holds the interviews still in progress: one open interview with a half-filled
draft for the kit page, and one draft interview per simulated tablet for the autosave run.
Bulk inserts, one multi-row INSERT per table; the app's models, not the test factories.
"""

from __future__ import annotations

import os
import random
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from interview import create_app
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version
from interview.models import (
    Answer,
    Application,
    Candidate,
    DraftField,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)
from interview.question_bank import framework_to_dict
from interview.setup import load_bank_into_database, upgrade_database

PASSWORD = "benchmark password"  # noqa: S105  (throwaway accounts in a throwaway database)
# Sign-ins are not what is measured, and 50 tablets sign in before the autosave run: a
# cheap hash keeps that from taking half a minute of the server's CPU.
PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105  (a hash method, no secret)
FRAMEWORK = "account-manager"
EVIDENCE = (
    "Hat im letzten Jahr drei gefährdete Verlängerungen gerettet: Ursachen mit dem Kunden "
    "analysiert, einen Maßnahmenplan vereinbart, Ergebnis: Verlängerung um zwei Jahre, "
    "Volumen +12 %. Konkrete Zahlen und Beteiligte genannt."
)


@dataclass
class Tablet:
    email: str
    interview_id: int


@dataclass
class Seeded:
    requisition_id: int
    application_id: int
    recruiter_email: str
    interviewer_email: str  # on the panel of every candidate, and has the open kit interview
    kit_interview_id: int
    scorecards: int
    answers: int
    tablets: list[Tablet] = field(default_factory=list)


# --- the database ------------------------------------------------------------------------------


@contextmanager
def fresh_database(url: str | None, folder: str) -> Iterator[str]:
    """A new, empty database for the run: a SQLite file in ``folder``, or the PostgreSQL
    database ``url`` names, created now (refused if it exists) and dropped afterwards."""
    if url is None:
        yield "sqlite:///" + os.path.join(folder, "bench.sqlite3")
        return
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        raise SystemExit(f"--database-url: expected postgresql://..., got {target.drivername}")
    name = target.database
    if not name:
        raise SystemExit("--database-url: name the database to create, e.g. .../scorecard_bench")
    server = create_engine(
        target.set(drivername="postgresql+psycopg", database="postgres"),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with server.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists:
                raise SystemExit(
                    f"database {name} exists; the benchmark creates and drops its own. "
                    f"Pick another name or drop it (dropdb {name})."
                )
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url
        finally:
            with server.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()


@contextmanager
def environ(**values: str) -> Iterator[None]:
    """Set environment variables for the duration (create_app reads the instance path)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def migrate_and_seed(
    url: str, instance: str, candidates: int, tablets: int, rng: random.Random
) -> Seeded:
    """What 'scorecard init' does (Alembic migrations, the bank's framework versions),
    then the dataset, through an app of its own that is thrown away afterwards."""
    with environ(SCORECARD_INSTANCE_PATH=instance):
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        try:
            upgrade_database()
            load_bank_into_database()
            seeded = seed(candidates, tablets, rng)
            db.session.commit()
            return seeded
        finally:
            db.session.remove()
            db.engine.dispose()


# --- the dataset -------------------------------------------------------------------------------


def seed(candidates: int, tablets: int, rng: random.Random) -> Seeded:
    framework = current_bank().get(FRAMEWORK)
    if framework is None:
        raise SystemExit(f"the question bank has no '{FRAMEWORK}' framework")
    version = stored_version(framework)
    run_id = secrets.token_hex(3)
    password_hash = generate_password_hash(PASSWORD, method=PASSWORD_HASH_METHOD)
    people = _users(run_id, password_hash)
    recruiter = people("Rita Recruiter", "recruiter")
    owner = people("Hanna Hiring", "hiring_manager")
    panel = [people(f"Interviewer {n}", "interviewer") for n in range(1, len(framework.areas) + 1)]
    pads = [people(f"Tablet {n:02d}", "interviewer") for n in range(1, tablets + 1)]
    db.session.add_all([recruiter, owner, *panel, *pads])

    def requisition(title: str) -> Requisition:
        return Requisition(
            title=f"{title} (benchmark {run_id})", framework_version_id=version.id,
            target_level="senior", required_areas=[a.id for a in framework.areas],
            decision_rule=framework_to_dict(framework)["decision_rule"], owner=owner,
        )  # fmt: skip

    done, running = requisition("Senior Account Manager"), requisition("Account Manager (Kit)")
    db.session.add_all([done, running])
    db.session.flush()
    now = utcnow()
    applications, loops = _loops(
        done.id, [f"Kandidatin {n} Müller" for n in range(1, candidates + 1)], run_id
    )
    plan = [(lp, p, a) for lp in loops for p, a in zip(panel, framework.areas, strict=True)]
    interviews = _insert(Interview, [
        {"loop_id": loop, "interviewer_id": person.id, "area_key": area.id, "location": "Raum Elbe",
         "starts_at": now - timedelta(days=rng.randint(2, 90)), "duration_minutes": 60}
        for loop, person, area in plan
    ])  # fmt: skip
    strength = {loop: rng.choice((2, 3, 3, 4)) for loop in loops}
    cards = _insert(Scorecard, [
        _scorecard(interview, person.id, version.id, strength[loop], rng, now)
        for interview, (loop, person, _area) in zip(interviews, plan, strict=True)
    ])  # fmt: skip
    notes = [
        {"scorecard_id": card, "position": n, "note": f"Antwort auf Frage {n + 1}: {EVIDENCE}",
         "probe_asked": True, "probe_note": "Vertrag verlängert, +12 %"}
        for card, (_loop, _person, area) in zip(cards, plan, strict=True)
        for n in range(len(area.questions))
    ]  # fmt: skip
    db.session.execute(insert(Answer), notes)
    kit_id, tablet_ids = _drafts(running.id, panel[0], pads, framework, version.id, run_id, now)
    return Seeded(
        requisition_id=done.id,
        application_id=applications[0],
        recruiter_email=recruiter.email,
        interviewer_email=panel[0].email,
        kit_interview_id=kit_id,
        scorecards=len(cards),
        answers=len(notes),
        tablets=[Tablet(p.email, i) for p, i in zip(pads, tablet_ids, strict=True)],
    )


def _users(run_id: str, password_hash: str) -> Callable[[str, str], User]:
    def user(name: str, role: str) -> User:
        slug = name.lower().replace(" ", ".")
        person = User(
            email=f"{slug}.{run_id}@bench.example", name=name, password_hash=password_hash
        )
        person.set_roles({role})
        return person

    return user


def _loops(requisition_id: int, names: list[str], run_id: str) -> tuple[list[int], list[int]]:
    """One candidate, application and ready loop per name; the applications' and loops' ids."""
    people = _insert(Candidate, [
        {"name": name, "email": f"c{n}.{requisition_id}.{run_id}@bench.example", "notes": ""}
        for n, name in enumerate(names)
    ])  # fmt: skip
    applications = _insert(Application, [
        {"candidate_id": c, "requisition_id": requisition_id, "status": "interviewing"}
        for c in people
    ])  # fmt: skip
    loops = _insert(Loop, [{"application_id": a, "status": "ready"} for a in applications])
    return applications, loops


def _drafts(
    requisition_id: int, interviewer: User, pads: list[User], framework, version_id: int,
    run_id: str, now,
) -> tuple[int, list[int]]:  # fmt: skip
    """Interviews under way on the second requisition: the kit page's (``interviewer``, a
    half-filled draft) and one per tablet (a draft note at version 1)."""
    people = [interviewer, *pads]
    _applications, loops = _loops(
        requisition_id, [f"Kandidat {n} Schmidt" for n in range(len(people))], run_id
    )
    areas = framework.areas
    interviews = _insert(Interview, [
        {"loop_id": loop, "interviewer_id": person.id, "area_key": areas[n % len(areas)].id,
         "location": "Raum Alster", "starts_at": now - timedelta(minutes=20),
         "duration_minutes": 60}
        for n, (loop, person) in enumerate(zip(loops, people, strict=True))
    ])  # fmt: skip
    cards = _insert(Scorecard, [
        {"interview_id": i, "author_id": p.id, "framework_version_id": version_id}
        for i, p in zip(interviews, people, strict=True)
    ])  # fmt: skip
    kit_fields = {
        "q0_note": f"Antwort: {EVIDENCE}", "q0_asked": True, "q0_outcome": "Verlängert",
        "q1_note": f"Antwort: {EVIDENCE}", "evidence": EVIDENCE,
    }  # fmt: skip
    rows = [{"scorecard_id": cards[0], "key": k, "value": v} for k, v in kit_fields.items()]
    rows += [{"scorecard_id": c, "key": "q0_note", "value": "Erste Notiz"} for c in cards[1:]]
    db.session.execute(insert(DraftField), rows)
    return interviews[0], interviews[1:]


def _scorecard(
    interview: int, author: int, version: int, strength: int, rng: random.Random, now
) -> dict[str, Any]:
    insufficient = rng.random() < 0.03
    rating = None if insufficient else min(4, max(1, strength + rng.choice((-1, 0, 0, 1))))
    return {
        "interview_id": interview, "author_id": author, "framework_version_id": version,
        "rating": rating, "insufficient_evidence": insufficient, "evidence": EVIDENCE,
        "recommendation": "yes" if (rating or 0) >= 3 else "no",
        "submitted_at": now - timedelta(days=1),
    }  # fmt: skip


def _insert(model: type, rows: list[dict[str, Any]]) -> list[int]:
    """One executemany INSERT; the new ids in the order of ``rows``."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))

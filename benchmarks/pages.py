"""Server time and SQL queries of the main result pages on a large dataset.

    python benchmarks/pages.py [--candidates 500] [--repeat 20] [--database-url URL]

Seeds one requisition with ``--candidates`` candidates, each with a ready loop of six
interviews (one per area of the Account-Manager framework) and six submitted scorecards
with notes, into a fresh SQLite database in a temporary folder (or into ``--database-url``,
which gets the tables it lacks and one more requisition). Then it signs a test client in as
a recruiter and prints, per page, the median time of ``client.get`` (the whole request in
the same process: routing, login check, queries, rendering; no network) and the number of
SQL queries, next to a minimal route of the same app (``/healthz``). The ratio to the
minimal route is the figure to track: it hardly depends on the machine.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, insert
from werkzeug.security import generate_password_hash

from interview import create_app
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version, sync_bank
from interview.models import (
    Answer,
    Application,
    Candidate,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)
from interview.question_bank import framework_to_dict

PASSWORD = "benchmark password"  # noqa: S105  (a throwaway account in a throwaway database)
FRAMEWORK = "account-manager"
EVIDENCE = (
    "Hat im letzten Jahr drei gefährdete Verlängerungen gerettet: Ursachen mit dem Kunden "
    "analysiert, einen Maßnahmenplan vereinbart, Ergebnis: Verlängerung um zwei Jahre, "
    "Volumen +12 %. Konkrete Zahlen und Beteiligte genannt."
)


@dataclass
class Seeded:
    requisition_id: int
    application_id: int
    recruiter_email: str
    scorecards: int
    answers: int


@dataclass
class Measurement:
    name: str
    path: str
    status: int
    median_ms: float | None = None
    queries: int | None = None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=500, help="default: 500")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page; default: 20")
    parser.add_argument(
        "--database-url", help="default: a fresh SQLite database in a temporary folder"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the ratings")
    args = parser.parse_args(argv)
    if args.candidates < 1 or args.repeat < 1:
        parser.error("--candidates and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as folder:
        url = args.database_url or "sqlite:///" + os.path.join(folder, "bench.sqlite3")
        with _environ(SCORECARD_INSTANCE_PATH=os.path.join(folder, "instance")):
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": url,
                    "SECRET_KEY": "benchmark",
                    "WTF_CSRF_ENABLED": False,
                }  # fmt: skip
            )
        try:
            run(app, args)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return 0


def run(app: Flask, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        sync_bank(current_bank())
        seeded = seed(args.candidates, random.Random(args.seed))
        db.session.commit()
    print(
        f"Seeded {args.candidates} candidates, {seeded.scorecards} submitted scorecards and "
        f"{seeded.answers} notes in {time.perf_counter() - started:.1f} s "
        f"({app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]})."
    )
    client = app.test_client()
    response = client.post("/login", data={"email": seeded.recruiter_email, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"login failed with status {response.status_code}")
    req, application = seeded.requisition_id, seeded.application_id
    pages = [
        ("minimal route", "/healthz"),
        ("comparison page", f"/requisitions/{req}/compare"),
        ("consolidated page", f"/applications/{application}/results"),
        ("comparison CSV export", f"/requisitions/{req}/compare.csv"),
        ("comparison XLSX export", f"/requisitions/{req}/compare.xlsx"),
        ("candidate JSON export", f"/applications/{application}/results.json"),
    ]
    with app.app_context():
        engine = db.engine
    results = [measure(client, engine, name, path, args.repeat) for name, path in pages]
    print(f"Median of {args.repeat} request(s) per page, signed in as a recruiter:")
    report(results)


# --- seeding ---------------------------------------------------------------------------------


def seed(candidates: int, rng: random.Random) -> Seeded:
    """The dataset, through the models, with one multi-row INSERT per table."""
    framework = current_bank().get(FRAMEWORK)
    if framework is None:
        raise SystemExit(f"the question bank has no '{FRAMEWORK}' framework")
    version = stored_version(framework)
    run_id = secrets.token_hex(3)  # a reused --database-url may hold an earlier run's users
    password_hash = generate_password_hash(PASSWORD)

    def user(name: str, role: str) -> User:
        slug = name.lower().replace(" ", ".")
        person = User(
            email=f"{slug}.{run_id}@bench.example", name=name, password_hash=password_hash
        )
        person.set_roles({role})
        return person

    recruiter, owner = user("Rita Recruiter", "recruiter"), user("Hanna Hiring", "hiring_manager")
    panel = [user(f"Interviewer {n}", "interviewer") for n in range(1, len(framework.areas) + 1)]
    db.session.add_all([recruiter, owner, *panel])
    requisition = Requisition(
        title=f"Senior Account Manager (benchmark {run_id})", framework_version_id=version.id,
        target_level="senior", required_areas=[a.id for a in framework.areas],
        decision_rule=framework_to_dict(framework)["decision_rule"], owner=owner,
    )  # fmt: skip
    db.session.add(requisition)
    db.session.flush()
    now = utcnow()
    people = _insert(Candidate, [
        {"name": f"Kandidatin {n} Müller", "email": f"k{n}.{run_id}@bench.example", "notes": ""}
        for n in range(1, candidates + 1)
    ])  # fmt: skip
    applications = _insert(Application, [
        {"candidate_id": c, "requisition_id": requisition.id, "status": "interviewing"}
        for c in people
    ])  # fmt: skip
    loops = _insert(Loop, [{"application_id": a, "status": "ready"} for a in applications])
    plan = [
        (loop, person, area)
        for loop in loops
        for person, area in zip(panel, framework.areas, strict=True)
    ]
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
    return Seeded(requisition.id, applications[0], recruiter.email, len(cards), len(notes))


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
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


# --- measuring -------------------------------------------------------------------------------


def measure(client: FlaskClient, engine, name: str, path: str, repeat: int) -> Measurement:
    """A first request (warms caches, tells whether the page exists), then ``repeat``
    timed ones. A page that answers 404 is reported as not available (yet)."""
    first = client.get(path)
    first.close()
    if first.status_code != 200:
        return Measurement(name, path, first.status_code)
    times, counts = [], []
    with _counting(engine) as counter:
        for _ in range(repeat):
            counter["count"] = 0
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            response.close()
            counts.append(counter["count"])
    return Measurement(name, path, 200, statistics.median(times) * 1000, max(counts))


@contextmanager
def _counting(engine) -> Iterator[dict[str, int]]:
    counter = {"count": 0}

    def count(*_args) -> None:
        counter["count"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


def report(results: list[Measurement]) -> None:
    baseline = next((r.median_ms for r in results if r.path == "/healthz"), None)
    width = max(len(r.path) for r in results)
    print(f"{'page':<24} {'path':<{width}} {'median ms':>10} {'queries':>8} {'× minimal':>10}")
    for r in results:
        if r.median_ms is None:
            state = "not available" if r.status == 404 else f"status {r.status}"
            print(f"{r.name:<24} {r.path:<{width}} {state:>10}")
            continue
        ratio = f"{r.median_ms / baseline:.1f}" if baseline else "-"
        print(f"{r.name:<24} {r.path:<{width}} {r.median_ms:>10.2f} {r.queries:>8} {ratio:>10}")


@contextmanager
def _environ(**values: str) -> Iterator[None]:
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


if __name__ == "__main__":
    raise SystemExit(main())

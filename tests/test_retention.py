"""Retention: the policy, 'scorecard retention', anonymising, and the daily worker run."""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Candidate, JobRun, Scorecard
from interview.privacy import jobs, retention
from interview.privacy.policy import (
    CandidateFacts,
    Closing,
    Periods,
    Standing,
    assess,
)
from interview.results.calibration import submitted_records, summarise
from tests import privacy_world as world

TODAY = date(2026, 11, 30)
PERIODS = Periods(rejected_days=183, hired_days=365)


# --- the policy (pure) -------------------------------------------------------------------------


def facts(*closings: tuple[str, date | None], **kw) -> CandidateFacts:
    return CandidateFacts(date(2025, 1, 1), tuple(Closing(s, d) for s, d in closings), **kw)


@pytest.mark.parametrize(
    ("candidate", "standing", "due_on"),
    [
        (facts(("rejected", date(2026, 5, 1))), Standing.DUE, date(2026, 10, 31)),
        (facts(("rejected", date(2026, 6, 1))), Standing.KEPT, date(2026, 12, 1)),
        (facts(("withdrawn", date(2026, 5, 31))), Standing.DUE, date(2026, 11, 30)),
        (facts(("hired", date(2026, 1, 1))), Standing.KEPT, date(2027, 1, 1)),
        (facts(("hired", date(2025, 11, 1))), Standing.DUE, date(2026, 11, 1)),
        # the latest closing counts
        (facts(("rejected", date(2026, 1, 1)), ("hired", date(2026, 2, 1))), Standing.KEPT,
         date(2027, 2, 1)),
        (facts(("rejected", date(2026, 1, 1)), ("interviewing", None)), Standing.OPEN, None),
        (facts(("rejected", date(2020, 1, 1)), held=True), Standing.HELD, None),
        (facts(("rejected", date(2020, 1, 1)), consent_until=date(2027, 3, 1)),
         Standing.CONSENT, date(2027, 3, 2)),
        (facts(("rejected", date(2020, 1, 1)), consent_until=date(2026, 11, 1)),
         Standing.DUE, date(2026, 11, 2)),
        (facts(("rejected", date(2020, 1, 1)), anonymised=True), Standing.ANONYMISED, None),
        # never considered for a requisition: counted from being added
        (facts(), Standing.DUE, date(2025, 7, 3)),
    ],
)  # fmt: skip
def test_policy(candidate, standing, due_on):
    assessment = assess(candidate, PERIODS, TODAY)
    assert (assessment.standing, assessment.due_on) == (standing, due_on)


statuses = st.sampled_from(["rejected", "withdrawn", "hired"])
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))


@given(
    st.lists(st.tuples(statuses, days), min_size=1, max_size=4),
    st.none() | days,
    days,
)
def test_policy_never_anonymises_before_the_period_or_the_consent_ends(closings, until, as_of):
    assessment = assess(facts(*closings, consent_until=until), PERIODS, as_of)
    latest = max(d + timedelta(days=365 if s == "hired" else 183) for s, d in closings)
    if assessment.standing is Standing.DUE:
        assert latest <= as_of
        assert until is None or until < as_of
    else:
        assert assessment.due_on > as_of


# --- the retention clock -----------------------------------------------------------------------


def test_closing_an_application_starts_the_clock_and_reopening_stops_it(app, make_user, make):
    owner = make_user("hiring_manager")
    application = make("application", make("requisition", owner))
    with app.app_context():
        row = db.session.get(Application, application.id)
        assert row.closed_at is None
        row.status = "rejected"
        db.session.commit()
        closed = row.closed_at
        assert closed is not None
        row.status = "withdrawn"  # still closed: the clock keeps running from the first
        db.session.commit()
        assert row.closed_at == closed
        row.status = "interviewing"
        db.session.commit()
        assert row.closed_at is None


# --- anonymising and the full dump --------------------------------------------------------------


@pytest.fixture
def people(app, make_user, make):
    owner = make_user("hiring_manager")
    panel = [make_user("interviewer", name="Iris Interviewerin"), make_user("interviewer")]
    requisition = make("requisition", owner)
    with app.app_context():
        requisition = db.session.merge(requisition)
        panel = [db.session.merge(u) for u in panel]
        found = {
            "due": world.person(requisition, panel, "anke", closed_days_ago=200),
            "also_due": world.person(
                requisition, panel, "bert", status="withdrawn", closed_days_ago=190, ratings=(4, 1)
            ),  # fmt: skip
            "recent": world.person(requisition, panel, "carla", closed_days_ago=20),
            "held": world.person(requisition, panel, "dora", closed_days_ago=400),
            "consented": world.person(requisition, panel, "emil", closed_days_ago=400),
            "open": world.person(requisition, panel, "fritz", status="interviewing"),
        }
        world.hold(found["held"].id)
        world.consent(found["consented"].id, date.today() + timedelta(days=90))
        world.digest_mentioning(panel[0], [found["due"], found["recent"]])
        db.session.commit()
    return found


def calibration() -> list:
    return summarise(submitted_records())[0]


def full_dump(app) -> str:
    """Everything in the database as SQL text: SQLite's iterdump, or pg_dump."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        with app.app_context():
            raw = db.engine.raw_connection()
            try:
                return "\n".join(raw.driver_connection.iterdump())
            finally:
                raw.close()
    url = make_url(uri)
    env = dict(os.environ, PGPASSWORD=url.password or "")
    return subprocess.run(  # noqa: S603  (fixed arguments: the test database)
        ["pg_dump", "--data-only", "--inserts", "-h", url.host or "127.0.0.1",  # noqa: S607
         "-p", str(url.port or 5432), "-U", url.username or "postgres", url.database],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def rows_of(dump: str) -> list[str]:
    """The data lines of a dump (pg_dump adds a random session key to each dump)."""
    return sorted(line for line in dump.splitlines() if line.startswith("INSERT"))


def test_list_changes_nothing(app, runner, people):
    before = full_dump(app)
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert people["due"].name in result.output
    assert people["also_due"].name in result.output
    for kept in ("recent", "held", "consented", "open"):
        assert people[kept].name not in result.output
    assert "1 on legal hold, 1 in the talent pool" in result.output
    assert "--apply" in result.output
    assert rows_of(full_dump(app)) == rows_of(before)


def test_as_of_evaluates_another_day(app, runner, people):
    early = (date.today() - timedelta(days=30)).isoformat()
    result = runner.invoke(args=["retention", "--as-of", early])
    assert result.exit_code == 0
    assert "0 candidate(s) due" in result.output
    late = (date.today() + timedelta(days=200)).isoformat()
    result = runner.invoke(args=["retention", "--as-of", late])
    assert people["recent"].name in result.output
    assert people["held"].name not in result.output
    bad = runner.invoke(args=["retention", "--as-of", "30.11.2026"])
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output


def test_apply_leaves_nothing_of_the_due_candidates_in_a_full_dump(app, runner, people):
    with app.app_context():
        figures = calibration()
        ratings = db.session.scalar(select(func.sum(Scorecard.rating)))
    result = runner.invoke(args=["retention", "--apply"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 2 candidate(s)" in result.output
    dump = full_dump(app)
    for gone in (people["due"], people["also_due"]):
        for secret in (gone.name, gone.email, gone.phone, gone.marker):
            assert secret not in dump, secret
        # the surname alone either (names in audit summaries, mails, digests)
        assert gone.name.split()[1] not in dump
    for kept in ("recent", "held", "consented", "open"):
        assert people[kept].name in dump
        assert people[kept].marker in dump
    with app.app_context():
        assert calibration() == figures
        assert db.session.scalar(select(func.sum(Scorecard.rating))) == ratings
        due = db.session.get(Candidate, people["due"].id)
        assert due.anonymised_at is not None
        assert [a.status for a in due.applications] == ["rejected"]
    # a second run finds nothing more
    again = runner.invoke(args=["retention", "--apply"])
    assert "0 candidate(s) due" in again.output


def test_anonymised_candidate_keeps_ratings_areas_and_dates(app, people):
    with app.app_context():
        before = db.session.execute(
            select(Scorecard.rating, Scorecard.submitted_at, Scorecard.framework_version_id)
            .order_by(Scorecard.id)
        ).all()  # fmt: skip
        retention.apply(date.today())
        db.session.commit()
        after = db.session.execute(
            select(Scorecard.rating, Scorecard.submitted_at, Scorecard.framework_version_id)
            .order_by(Scorecard.id)
        ).all()  # fmt: skip
        assert after == before
        assert all(
            r.content["rating"] is not None
            for c in db.session.scalars(select(Scorecard)) for r in c.revisions
        )  # fmt: skip


# --- the daily run in the worker ---------------------------------------------------------------


def test_the_daily_run_happens_once_a_day_across_workers(app, people):
    with app.app_context():
        now = utcnow()
        assert jobs.run_daily_retention(now, "worker-a") == 2
        assert jobs.run_daily_retention(now, "worker-b") is None
        run = db.session.get(JobRun, ("retention", retention.local_day(now)))
        assert run.claimed_by == "worker-a"
        assert run.finished_at is not None
        assert jobs.run_daily_retention(now + timedelta(days=1), "worker-b") == 0


def test_send_due_runs_retention(app, people):
    from interview.notifications import worker

    with app.app_context():
        worker.send_due()
        assert db.session.get(Candidate, people["due"].id).anonymised_at is not None
        assert db.session.get(Candidate, people["recent"].id).anonymised_at is None


def test_the_daily_run_can_be_switched_off(app, people):
    app.config["RETENTION_IN_WORKER"] = False
    with app.app_context():
        assert jobs.run_daily_retention(utcnow(), "worker-a") is None
        assert db.session.scalar(select(func.count()).select_from(JobRun)) == 0


def test_bad_period_setting_refuses_to_start(make_app, app_config):
    with pytest.raises(ValueError, match="RETENTION_HIRED_DAYS"):
        make_app(app_config | {"RETENTION_HIRED_DAYS": "a year"})


def test_demo_data_has_a_rejected_candidate_due_for_retention(blank_app):
    from interview.cli import main

    runner = blank_app.test_cli_runner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    result = runner.invoke(main, ["retention"])
    assert "1 candidate(s) due" in result.output
    assert "Tobias Richter" in result.output

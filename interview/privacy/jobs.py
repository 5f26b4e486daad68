"""The daily retention run of the background worker, claimed once per day across all
workers: the claim is a row in ``job_runs`` (its primary key is job and day), so no
process needs to remember whether it ran."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from interview.db import insert_or_ignore, utcnow
from interview.extensions import db
from interview.models import JobRun
from interview.privacy import retention

log = logging.getLogger("interview.privacy")

RETENTION_JOB = "retention"


def claim(job: str, day, worker: str) -> bool:
    """Whether this worker got the job for ``day`` (another worker's claim wins)."""
    statement = (
        insert_or_ignore(JobRun)
        .values(job=job, day=day, claimed_by=worker[:100], started_at=utcnow(), summary="")
        .on_conflict_do_nothing(index_elements=["job", "day"])
        .returning(JobRun.job)
    )
    return db.session.execute(statement).scalar_one_or_none() is not None


def run_daily_retention(now: datetime, worker: str) -> int | None:
    """Anonymise what is due today, once a day. Returns how many candidates were
    anonymised, or None when the run is switched off or was claimed already. Commits."""
    if not current_app.config["RETENTION_IN_WORKER"]:
        return None
    day = retention.local_day(now)
    claimed = claim(RETENTION_JOB, day, worker)
    db.session.commit()  # the claim is seen by every other worker from here on
    if not claimed:
        return None
    done = retention.apply(day)
    run = db.session.get(JobRun, (RETENTION_JOB, day))
    if run is not None:
        run.finished_at = utcnow()
        run.summary = f"{len(done)} candidate(s) anonymised"
    db.session.commit()
    if done:
        log.info("retention: %d candidate(s) anonymised", len(done))
    return len(done)

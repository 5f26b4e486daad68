"""One writer at a time per scorecard, across threads, workers and servers.

Submitting, amending and autosaving read the scorecard's state and then write depending on
it. Without a lock two requests read the same state and both act on it: two submissions
insert the same draft fields, two amendments pick the same revision number. On PostgreSQL
the scorecard row is locked (``FOR UPDATE``; autosaves take ``FOR SHARE`` so they do not
wait for each other, only for a submission). SQLite has no row locks: the request takes
the database's single write lock up front with ``BEGIN IMMEDIATE``, which the busy timeout
turns into a wait. Either lock is held until the request commits or rolls back.
"""

from __future__ import annotations

from sqlalchemy import select

from interview.extensions import db
from interview.models import Scorecard


def is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def take_write_lock() -> None:
    """SQLite: begin this request's transaction with the write lock (a no-op elsewhere).

    Must run before anything else is written in the request. If the request has already
    written, SQLite's driver already holds the write lock for it, and nothing is needed.
    """
    if not is_sqlite():
        return
    connection = db.session.connection()
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_row(scorecard_id: int, *, shared: bool = False) -> None:
    """PostgreSQL: lock the scorecard row until commit (a no-op on SQLite, where
    ``take_write_lock`` already serialises every writer)."""
    if is_sqlite():
        return
    statement = select(Scorecard.id).where(Scorecard.id == scorecard_id)
    db.session.execute(statement.with_for_update(read=shared))

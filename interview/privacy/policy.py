"""When a candidate's data is due for anonymisation. Pure: no Flask, no database.

A candidate is kept while any application is still open, and while a legal hold stands.
Once every application is closed (rejected or withdrawn: ``rejected_days``; hired:
``hired_days``) the period runs from the latest closing; a candidate never considered for
a requisition counts from being added, with the rejected period. A talent-pool consent
keeps them until the day after it ends, if that is later.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from interview.statuses import ACTIVE_APPLICATION_STATUSES


@dataclass(frozen=True)
class Periods:
    rejected_days: int = 183
    hired_days: int = 365


@dataclass(frozen=True)
class Closing:
    """One application: its status and the day it closed (None while open)."""

    status: str
    closed_on: date | None


@dataclass(frozen=True)
class CandidateFacts:
    created_on: date
    closings: tuple[Closing, ...]
    held: bool = False
    consent_until: date | None = None
    anonymised: bool = False


class Standing(enum.StrEnum):
    DUE = "due"
    #: the period has not run out yet (see ``Assessment.due_on``)
    KEPT = "kept"
    #: a talent-pool consent runs longer than the period
    CONSENT = "consent"
    HELD = "held"
    OPEN = "open"
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class Assessment:
    standing: Standing
    #: the first day the candidate is due (None: not while held, open or anonymised)
    due_on: date | None = None


def assess(facts: CandidateFacts, periods: Periods, as_of: date) -> Assessment:
    """Whether the candidate is due on ``as_of``, and from which day."""
    if facts.anonymised:
        return Assessment(Standing.ANONYMISED)
    if facts.held:
        return Assessment(Standing.HELD)
    if any(c.status in ACTIVE_APPLICATION_STATUSES or c.closed_on is None for c in facts.closings):
        return Assessment(Standing.OPEN)
    period_end = max(
        (c.closed_on + timedelta(days=_days(c.status, periods)) for c in facts.closings
         if c.closed_on is not None),
        default=facts.created_on + timedelta(days=periods.rejected_days),
    )  # fmt: skip
    due_on = period_end
    if facts.consent_until is not None:
        due_on = max(due_on, facts.consent_until + timedelta(days=1))
    if due_on <= as_of:
        return Assessment(Standing.DUE, due_on)
    standing = Standing.CONSENT if due_on > period_end else Standing.KEPT
    return Assessment(standing, due_on)


def _days(status: str, periods: Periods) -> int:
    return periods.hired_days if status == "hired" else periods.rejected_days

"""How closely each rater follows the interview process: notes on the questions, outcome
probes ticked, scorecards submitted within a day of the interview.

A scorecard submitted before its interview began is counted apart (``early``), never as on
time: it cannot hold what the interview showed. Notes and probes count on submitted cards
only; drafts are still in progress. Given ``now``, a card still unsubmitted after the
window counts as late (it can no longer be on time); without it, unsubmitted cards are left
out. Datetimes must all be timezone-aware (or all naive).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class CardProcess:
    """One scorecard, reduced to what adherence needs."""

    rater: Hashable
    questions: int
    questions_with_notes: int
    probes: int
    probes_ticked: int
    starts_at: datetime  # the interview's start and end
    ends_at: datetime
    submitted_at: datetime | None


@dataclass(frozen=True)
class Share:
    count: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None

    def add(self, count: int, total: int) -> Share:
        return Share(self.count + count, self.total + total)


@dataclass(frozen=True)
class Adherence:
    rater: Hashable
    submitted: int
    notes: Share = field(default_factory=Share)  # questions with a note
    probes: Share = field(default_factory=Share)  # outcome probes ticked
    on_time: Share = field(default_factory=Share)  # submitted within the window
    early: int = 0  # submitted before the interview began
    late: int = 0  # submitted after the window, or (with ``now``) still missing after it


def timing(card: CardProcess, window: timedelta = WINDOW, now: datetime | None = None) -> str:
    """on_time, early, late, or open (unsubmitted, and not known to be late)."""
    if card.submitted_at is None:
        return "late" if now is not None and now > card.ends_at + window else "open"
    if card.submitted_at < card.starts_at:
        return "early"
    return "on_time" if card.submitted_at <= card.ends_at + window else "late"


def adherence(
    cards: Iterable[CardProcess], window: timedelta = WINDOW, now: datetime | None = None
) -> list[Adherence]:
    """Every rater's adherence, in first-seen order."""
    result: dict[Hashable, Adherence] = {}
    for card in cards:
        current = result.get(card.rater) or Adherence(card.rater, 0)
        when = timing(card, window, now)
        submitted = card.submitted_at is not None
        result[card.rater] = Adherence(
            card.rater,
            current.submitted + submitted,
            current.notes.add(card.questions_with_notes, card.questions) if submitted
            else current.notes,
            current.probes.add(card.probes_ticked, card.probes) if submitted else current.probes,
            current.on_time.add(when == "on_time", when != "open"),
            current.early + (when == "early"),
            current.late + (when == "late"),
        )  # fmt: skip
    return list(result.values())

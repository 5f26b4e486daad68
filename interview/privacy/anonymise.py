"""Anonymising candidates: names, contact data and every free text about them go; ratings,
areas, framework versions, dates and interviewers stay, so statistics keep working.

Used by the retention run and by "erase now". Structured text (the candidate's notes,
evidence, question notes, outcome notes, amendment and decision reasons, text draft
fields) is emptied by owner; the audit trail and the outbox, which mention candidates in
free-form summaries and mails, are cleared for the candidate's own objects and swept for
the name, e-mail address and phone number everywhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, not_, or_, select, tuple_, update

from interview import audit
from interview.db import utcnow
from interview.extensions import db
from interview.models import (
    Answer,
    Application,
    AuditEvent,
    Candidate,
    Decision,
    DraftField,
    Interview,
    Loop,
    OutboxMessage,
    PanelDeparture,
    Scorecard,
    ScorecardRevision,
)
from interview.models.self_reports import SelfReport
from interview.webhooks import events as webhooks

REDACTED = "[…]"
#: draft fields that hold no free text: a rating, a recommendation, "probe asked" ticks
KEPT_DRAFT_KEYS = ("rating", "recommendation")
#: shorter contact strings are too likely to occur by chance elsewhere
MIN_NEEDLE = 4


@dataclass(frozen=True)
class Footprint:
    """The ids of everything that belongs to a set of candidates."""

    candidates: tuple[int, ...]
    applications: tuple[int, ...]
    loops: tuple[int, ...]
    interviews: tuple[int, ...]
    scorecards: tuple[int, ...]
    decisions: tuple[int, ...]
    departures: tuple[int, ...]

    def audit_objects(self) -> list[tuple[str, int]]:
        pairs = [
            ("candidates", self.candidates), ("applications", self.applications),
            ("loops", self.loops), ("interviews", self.interviews),
            ("scorecards", self.scorecards), ("decisions", self.decisions),
            ("panel_departures", self.departures),
        ]  # fmt: skip
        return [(kind, i) for kind, ids in pairs for i in ids]


def footprint(candidate_ids: Iterable[int]) -> Footprint:
    """Every id owned by the candidates, in four queries."""
    ids = tuple(candidate_ids)
    rows = db.session.execute(
        select(Application.id, Loop.id, Interview.id, Scorecard.id)
        .select_from(Application)
        .outerjoin(Loop, Loop.application_id == Application.id)
        .outerjoin(Interview, Interview.loop_id == Loop.id)
        .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Application.candidate_id.in_(ids))
    ).all()

    def column(i: int) -> tuple[int, ...]:
        return tuple(sorted({r[i] for r in rows if r[i] is not None}))

    applications, loops = column(0), column(1)
    decisions = db.session.scalars(
        select(Decision.id).where(Decision.application_id.in_(applications))
    ).all()
    departures = db.session.scalars(
        select(PanelDeparture.id).where(PanelDeparture.loop_id.in_(loops))
    ).all()
    return Footprint(ids, applications, loops, column(2), column(3),
                     tuple(decisions), tuple(departures))  # fmt: skip


def anonymise(candidates: list[Candidate], why: str, *, actor_id: int | None = None) -> int:
    """Anonymise ``candidates`` (already anonymised ones are skipped) and record one audit
    event each saying why, without the data. Flushes; the caller commits. Returns how many."""
    todo = [c for c in candidates if c.anonymised_at is None]
    if not todo:
        return 0
    needles = needles_of(todo)
    found = footprint(c.id for c in todo)
    _clear_scorecards(found.scorecards)
    db.session.execute(update(Decision).where(Decision.id.in_(found.decisions)).values(reason=""))
    _clear_audit(found)
    _clear_outbox(found.interviews)
    # a self-report is about the person; without a name it must not outlive them
    db.session.execute(delete(SelfReport).where(SelfReport.candidate_id.in_([c.id for c in todo])))
    now = utcnow()
    for candidate in todo:
        candidate.name = f"Anonymised candidate {candidate.id}"
        candidate.email = ""
        candidate.phone = None
        candidate.source = None
        candidate.notes = ""
        candidate.talent_pool_consent_on = None
        candidate.talent_pool_until = None
        candidate.anonymised_at = now
    db.session.flush()
    sweep(needles)
    for candidate in todo:
        audit.record(
            "anonymised", candidate, f"Candidate anonymised: {redact(why, needles)}",
            actor_id=actor_id,
        )  # fmt: skip
        webhooks.candidate_anonymised(candidate)
    db.session.flush()
    return len(todo)


def needles_of(candidates: Iterable[Candidate]) -> list[str]:
    """The strings that identify the candidates in free text: name, e-mail, phone."""
    found = set()
    for c in candidates:
        for value in (c.name, c.email, c.phone):
            if value and len(value.strip()) >= MIN_NEEDLE:
                found.add(value.strip())
    return sorted(found, key=len, reverse=True)


def redact(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), REDACTED, text, flags=re.IGNORECASE)
    return text


def redact_data(value: Any, needles: list[str]) -> Any:
    """``redact`` applied to every string inside JSON-like data."""
    if isinstance(value, str):
        return redact(value, needles)
    if isinstance(value, list):
        return [redact_data(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: redact_data(v, needles) for k, v in value.items()}
    return value


def _clear_scorecards(scorecard_ids: tuple[int, ...]) -> None:
    db.session.execute(update(Scorecard).where(Scorecard.id.in_(scorecard_ids)).values(evidence=""))
    db.session.execute(
        update(Answer).where(Answer.scorecard_id.in_(scorecard_ids)).values(note="", probe_note="")
    )
    db.session.execute(
        delete(DraftField).where(
            DraftField.scorecard_id.in_(scorecard_ids),
            DraftField.key.not_in(KEPT_DRAFT_KEYS),
            not_(DraftField.key.like("%asked")),
        )
    )
    revisions = db.session.scalars(
        select(ScorecardRevision).where(ScorecardRevision.scorecard_id.in_(scorecard_ids))
    ).all()
    for revision in revisions:
        revision.content = scrubbed_content(revision.content)
        if revision.reason is not None:
            revision.reason = ""


def scrubbed_content(content: dict[str, Any]) -> dict[str, Any]:
    """A submitted record (``kit.fields.snapshot``) without its text."""
    kept = dict(content)
    kept["evidence"] = ""
    kept["answers"] = [
        {**answer, "note": "", "outcome": ""} for answer in content.get("answers") or []
    ]
    return kept


def events_about(pairs: list[tuple[str, int]]) -> Iterator[ColumnElement[bool]]:
    """Conditions on ``AuditEvent`` matching events about the (table, id) pairs, in chunks
    that stay far below any database's limit of bound parameters."""
    for start in range(0, len(pairs), 200):
        yield tuple_(AuditEvent.object_type, AuditEvent.object_id).in_(pairs[start : start + 200])


def _clear_audit(found: Footprint) -> None:
    """Events about the candidate's own objects keep what happened, when and by whom."""
    for condition in events_about(found.audit_objects()):
        db.session.execute(update(AuditEvent).where(condition).values(summary=REDACTED, changes={}))


def _clear_outbox(interview_ids: tuple[int, ...]) -> None:
    """Mails about the candidate's interviews: the text goes; one still waiting is not
    sent any more (its text is gone)."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.interview_id.in_(interview_ids))
        .values(subject=REDACTED, payload={})
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.interview_id.in_(interview_ids), OutboxMessage.status == "pending")
        .values(status="failed", last_error="anonymised")
    )


def sweep(needles: list[str]) -> None:
    """Redact the needles wherever the audit trail and the outbox still mention them
    (a digest listing several candidates, a departure naming the candidate...)."""
    if not needles:
        return
    patterns = {p for n in needles for p in (n, json.dumps(n)[1:-1])}

    def mentions(*columns: Any):
        return or_(*(cast(c, Text).ilike(f"%{_escape(p)}%", escape="\\")
                     for c in columns for p in patterns))  # fmt: skip

    for event in db.session.scalars(
        select(AuditEvent).where(mentions(AuditEvent.summary, AuditEvent.changes))
    ):
        event.summary = redact(event.summary, needles)
        event.changes = redact_data(event.changes, needles)
    for message in db.session.scalars(
        select(OutboxMessage).where(mentions(OutboxMessage.subject, OutboxMessage.payload))
    ):
        message.subject = redact(message.subject, needles)
        message.payload = redact_data(message.payload, needles)


def _escape(pattern: str) -> str:
    return pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

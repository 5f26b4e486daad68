"""German demo data: users of every role, a requisition, candidates, loops, scorecards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from interview import notifications
from interview.auth.services import create_user, generate_password
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version
from interview.kit import fields as kit_fields
from interview.models import (
    Answer,
    Application,
    Candidate,
    Decision,
    DraftField,
    FrameworkVersion,
    Interview,
    Loop,
    Requisition,
    RequisitionShare,
    Role,
    Scorecard,
    ScorecardRevision,
    User,
)
from interview.question_bank import Framework, framework_to_dict

DEMO_DOMAIN = "@demo.example"
FRAMEWORK_ID = "account-manager"

USERS = [
    ("admin", "Alexandra Admin", {Role.ADMIN}),
    ("katrin.vogel", "Katrin Vogel", {Role.HIRING_MANAGER, Role.INTERVIEWER}),
    ("felix.braun", "Felix Braun", {Role.RECRUITER}),
    ("anna.schmidt", "Anna Schmidt", {Role.INTERVIEWER}),
    ("ben.mueller", "Ben Müller", {Role.INTERVIEWER}),
    ("clara.weber", "Clara Weber", {Role.INTERVIEWER}),
    ("david.schaefer", "David Schäfer", {Role.INTERVIEWER}),
    ("eva.fischer", "Eva Fischer", {Role.INTERVIEWER}),
    ("frank.becker", "Frank Becker", {Role.INTERVIEWER}),
    ("dana.datenschutz", "Dana Datenschutz", {Role.DATA_PROTECTION}),
    ("bernd.betriebsrat", "Bernd Betriebsrat", {Role.WORKS_COUNCIL}),
]
# One interviewer per area, in the framework's area order.
PANEL = [
    "anna.schmidt",
    "ben.mueller",
    "clara.weber",
    "david.schaefer",
    "eva.fischer",
    "katrin.vogel",
]

CANDIDATES = [
    # name, e-mail, phone, source, notes, days until the interviews, ratings per area
    # (None: not yet submitted, "draft": started, "n/a": insufficient evidence)
    ("Lena Hoffmann", "lena.hoffmann@example.net", "+49 30 1234567", "Empfehlung",
     "Wechselt aus einem SaaS-Scale-up, betreut dort 8 Enterprise-Accounts.", -3,
     [3, 4, 3, 3, 2, 3]),
    ("Murat Yılmaz", "murat.yilmaz@example.net", None, "LinkedIn",
     "Bisher Mid-Level im Mittelstandsvertrieb.", -2, [2, 3, "n/a", 3, "draft", None]),
    ("Sophie Krüger", "sophie.krueger@example.net", "+49 89 7654321", "Karriereseite",
     "Interviews sind für Donnerstag geplant.", 2, [None] * 6),
]  # fmt: skip

EVIDENCE = [
    "Berichtete von quartalsweisen Strategie-Terminen mit dem CFO eines Kunden; wurde zur "
    "Jahresplanung eingeladen und hat die Roadmap-Abstimmung dort selbst vorgestellt.",
    "Erkannte ein Abwanderungsrisiko sieben Monate vor Vertragsende, setzte einen "
    "Maßnahmenplan auf und verlängerte mit 12 % höherem Volumen. Belegt mit Zahlen.",
    "Baute einen Pilot mit zwei Fachbereichen auf; daraus entstand ein Upsell von 22 % ARR "
    "im Jahr. Executive Sponsor war die COO des Kunden.",
    "Gewann zwei Kunden für Case Studies und einen Webinar-Auftritt; Pipeline-Wirkung konnte "
    "sie nur grob beziffern.",
    "Betreut 9 strategische Accounts, Prognosen lagen im letzten Jahr zweimal deutlich "
    "daneben; Priorisierung eher nach Bauchgefühl als nach Health Score.",
    "Löste eine Eskalation wegen Datenverlust selbst, koordinierte Support und Entwicklung und "
    "erreichte eine Verlängerung plus Zusatzmodul.",
]
# Rejected seven months ago: past the retention period, so 'scorecard retention' lists him.
OLD_REJECTED = ("Tobias Richter", "tobias.richter@example.net", "+49 40 5550123", "Messe",
                "Kam über den Messestand im Frühjahr.", -220, [2, 2])  # fmt: skip
OLD_REASON = "Zwei Bereiche in Entwicklung; für Mid-Level fehlt noch Erfahrung mit Renewals."
INSUFFICIENT_NOTE = "Die Beispiele blieben allgemein; zu Ergebnissen kamen keine Zahlen."
NOTES = [
    ("Schilderte die Situation konkret, mit Namen der Beteiligten und Zeitplan.",
     "Verlängerung gesichert, Volumen +12 %."),
    ("Vorgehen strukturiert, Health Check 90 Tage vorher.",
     "Kunde blieb, Rabatt unter dem Rahmen."),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    roles: tuple[str, ...]


class DatabaseNotEmpty(Exception):
    pass


def existing_demo() -> list[str]:
    """E-mail addresses of the demo accounts already in the database (empty: no demo)."""
    return list(
        db.session.scalars(
            select(User.email).where(User.email.like(f"%{DEMO_DOMAIN}")).order_by(User.id)
        )
    )


def fill(*, reset: bool = False) -> list[DemoAccount]:
    """Fresh demo data on an empty database, or (with ``reset``) after deleting everything.

    Refuses a database holding real users unless ``reset``. Commits once at the end.
    The caller keeps an existing demo as it is (see :func:`existing_demo`).
    """
    real_users = db.session.scalar(
        select(func.count(User.id)).where(User.email.not_like(f"%{DEMO_DOMAIN}"))
    )
    if real_users and not reset:
        raise DatabaseNotEmpty(
            f"The database holds {real_users} user(s) that are not demo users; "
            "run 'scorecard demo --reset' to delete ALL data and fill in demo data."
        )
    framework = current_bank().get(FRAMEWORK_ID)
    if framework is None:
        raise DatabaseNotEmpty(f"The question bank has no framework '{FRAMEWORK_ID}'.")
    _wipe()
    accounts, users = _users()
    _hiring(framework, users)
    db.session.commit()
    return accounts


def _wipe() -> None:
    """Every row of every table but the stored framework versions, children first, so no
    table added later can be forgotten (and block the wipe with a foreign key)."""
    keep = {FrameworkVersion.__tablename__}
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in keep:
            db.session.execute(delete(table))


def _users() -> tuple[list[DemoAccount], dict[str, User]]:
    accounts, users = [], {}
    for handle, name, roles in USERS:
        password = generate_password()
        email = handle + DEMO_DOMAIN
        users[handle] = create_user(email, name, password, {r.value for r in roles})
        accounts.append(DemoAccount(email, password, tuple(sorted(r.value for r in roles))))
    return accounts, users


def _hiring(framework: Framework, users: dict[str, User]) -> None:
    version = stored_version(framework)
    assert version is not None, "sync the bank before filling demo data"  # noqa: S101
    rule = framework_to_dict(framework)["decision_rule"] or {}
    senior = Requisition(
        title="Senior Account Manager", framework_version_id=version.id, target_level="senior",
        required_areas=[a.id for a in framework.areas], decision_rule=rule,
        owner_id=users["katrin.vogel"].id, status="open",
    )  # fmt: skip
    mid = Requisition(
        title="Account Manager (Mid-Level), Region Süd", framework_version_id=version.id,
        target_level="mid-level", required_areas=[a.id for a in framework.areas],
        decision_rule=rule, owner_id=users["katrin.vogel"].id, status="on_hold",
    )  # fmt: skip
    db.session.add_all([senior, mid])
    db.session.flush()
    # the works council reads the senior requisition (Bernd Betriebsrat's account)
    db.session.add(RequisitionShare(requisition_id=senior.id, shared_by_id=senior.owner_id))
    for row in CANDIDATES:
        _candidate_with_loop(row, senior, framework, version.id, users)
    _old_rejected(mid, framework, version.id, users)
    other = Candidate(
        name="Jonas Weißmann", email="jonas.weissmann@example.net", source="Messe",
        notes="Auch für die Senior-Stelle im Gespräch gewesen.",
    )  # fmt: skip
    db.session.add_all([other, Application(candidate=other, requisition=mid, status="new")])
    db.session.flush()


def _candidate_with_loop(row, requisition, framework, version_id, users) -> Application:
    name, email, phone, source, notes, days, ratings = row
    candidate = Candidate(name=name, email=email, phone=phone, source=source, notes=notes)
    application = Application(candidate=candidate, requisition=requisition, status="interviewing")
    loop = Loop(application=application, status="ready")
    db.session.add_all([candidate, application, loop])
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    start = (now + timedelta(days=days)).replace(hour=8)
    for index, area in enumerate(framework.areas[: len(ratings)]):
        interview = Interview(
            loop=loop, interviewer=users[PANEL[index]], area_key=area.id,
            starts_at=start + timedelta(hours=index), duration_minutes=45,
            location="Raum Elbe, 3. OG" if index % 2 == 0 else "https://meet.example/am-loop",
        )  # fmt: skip
        db.session.add(interview)
        _scorecard(interview, ratings[index], index, framework, version_id)
        if days > 0:  # so 'scorecard send-due' shows invitations on the console
            notifications.interview_assigned(interview)
    return application


def _old_rejected(requisition, framework, version_id, users) -> None:
    """A candidate rejected long ago, with a decision and its reason."""
    application = _candidate_with_loop(OLD_REJECTED, requisition, framework, version_id, users)
    long_ago = utcnow() + timedelta(days=OLD_REJECTED[5])
    application.candidate.created_at = long_ago - timedelta(days=10)
    application.created_at = long_ago - timedelta(days=10)
    application.status = "rejected"
    application.closed_at = long_ago + timedelta(days=7)
    db.session.flush()
    db.session.add(
        Decision(
            application_id=application.id,
            decision="reject",
            reason=OLD_REASON,
            rule_result="below",
            rule_explanation="Below the decision rule.",
            decided_by_id=users["katrin.vogel"].id,
            decided_at=application.closed_at,
        )  # fmt: skip
    )


def _scorecard(interview: Interview, rating, index: int, framework: Framework, version_id: int):
    """A scorecard as the kit would leave it: draft fields, and for submitted ones the
    locked columns, the answers and the first revision."""
    if rating is None:
        return
    area = framework.area(interview.area_key)
    values: dict = {}
    for pos, (note, outcome) in enumerate(NOTES):
        values |= {f"q{pos}_note": note, f"q{pos}_asked": True, f"q{pos}_outcome": outcome}
    card = Scorecard(
        interview=interview, author=interview.interviewer, framework_version_id=version_id
    )
    if rating == "draft":
        values["evidence"] = "Entwurf: " + EVIDENCE[index][:60]
    else:
        insufficient = rating == "n/a"
        values["rating"] = "insufficient" if insufficient else str(rating)
        values["evidence"] = INSUFFICIENT_NOTE if insufficient else EVIDENCE[index]
        values["recommendation"] = "" if insufficient else ("yes" if rating >= 3 else "no")
        content = kit_fields.snapshot(values, area)
        card.rating = content["rating"]
        card.insufficient_evidence = content["insufficient_evidence"]
        card.evidence = content["evidence"]
        card.recommendation = content["recommendation"]
        card.submitted_at = interview.starts_at + timedelta(hours=3)
        card.answers = [
            Answer(position=i, note=a["note"], probe_asked=a["asked"], probe_note=a["outcome"])
            for i, a in enumerate(content["answers"])
        ]
        card.revisions = [
            ScorecardRevision(
                number=1,
                kind="submitted",
                author=interview.interviewer,
                created_at=card.submitted_at,
                content=content,
            )  # fmt: skip
        ]
    card.fields = [DraftField(key=k, value=v) for k, v in values.items()]
    db.session.add(card)

"""Candidates and their applications to requisitions (with audit events)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from interview import audit, notifications
from interview.auth.services import normalise_email
from interview.candidates.importing import ImportRow, mark_duplicates
from interview.extensions import db
from interview.models import Application, Candidate, Requisition, User
from interview.models.hiring import APPLICATION_STATUSES
from interview.permissions import (
    can_edit_loop,
    can_manage_candidates,
    can_view_candidate,
    can_view_requisition,
    sees_all_requisitions,
)
from interview.problems import Refused

PER_PAGE = 25


@dataclass
class CandidateData:
    name: str
    email: str
    phone: str | None = None
    source: str | None = None
    notes: str = ""

    def cleaned(self) -> dict:
        return {
            "name": self.name.strip(),
            "email": normalise_email(self.email),
            "phone": (self.phone or "").strip() or None,
            "source": (self.source or "").strip() or None,
            "notes": (self.notes or "").strip(),
        }


def _owned_by(user: User):
    """SQL condition: the candidate is considered for a requisition the user owns."""
    return exists(
        select(Application.id)
        .join(Requisition)
        .where(Application.candidate_id == Candidate.id, Requisition.owner_id == user.id)
    )


def visible_candidates(
    user: User,
    q: str | None,
    page: int,
    per_page: int = PER_PAGE,
    requisition_id: int | None = None,
):
    """A page of candidates the user may see, newest first, searchable by name or e-mail,
    optionally only those considered for one requisition."""
    query = select(Candidate).options(
        selectinload(Candidate.applications).joinedload(Application.requisition)
    )
    if not sees_all_requisitions(user):
        query = query.where(_owned_by(user))
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(Candidate.name).like(pattern), Candidate.email.like(pattern))
        )
    if requisition_id is not None:
        query = query.where(
            exists(select(Application.id).where(Application.candidate_id == Candidate.id,
                                                Application.requisition_id == requisition_id))
        )  # fmt: skip
    query = query.order_by(Candidate.created_at.desc(), Candidate.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def visible_applications_page(
    user: User, requisition_id: int | None, status: str | None, page: int, per_page: int
):
    """A page of applications on requisitions the user may see (the rule of
    ``visible_requisitions``), oldest first, optionally of one requisition or status."""
    query = (
        select(Application)
        .join(Requisition, Requisition.id == Application.requisition_id)
        .options(selectinload(Application.loop))
        .order_by(Application.created_at, Application.id)
    )
    if not sees_all_requisitions(user):
        query = query.where(Requisition.owner_id == user.id)
    if requisition_id is not None:
        query = query.where(Application.requisition_id == requisition_id)
    if status:
        query = query.where(Application.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_visible(user: User, candidate_id: int) -> Candidate:
    """The candidate with applications and requisitions loaded, or 404 if not visible."""
    candidate = db.session.scalar(
        select(Candidate)
        .where(Candidate.id == candidate_id)
        .options(
            selectinload(Candidate.applications).joinedload(Application.requisition),
            selectinload(Candidate.applications).selectinload(Application.loop),
        )
    )
    if candidate is None or not can_view_candidate(user, candidate, _owner_ids(candidate)):
        abort(404)
    return candidate


def visible_applications(user: User, candidate: Candidate) -> list[Application]:
    """Only the requisitions the user may see: a hiring manager does not learn which
    other roles a candidate is considered for."""
    return [a for a in candidate.applications if can_view_requisition(user, a.requisition)]


def _owner_ids(candidate: Candidate) -> set[int]:
    return {a.requisition.owner_id for a in candidate.applications}


def duplicates_of(email: str, exclude_id: int | None = None) -> list[Candidate]:
    """Other candidates with the same e-mail: flagged to people, never merged."""
    query = (
        select(Candidate)
        .where(Candidate.email == normalise_email(email))
        .options(selectinload(Candidate.applications).joinedload(Application.requisition))
    )
    if exclude_id is not None:
        query = query.where(Candidate.id != exclude_id)
    return list(db.session.scalars(query.order_by(Candidate.id)))


def visible_duplicates(user: User, email: str, exclude_id: int | None = None):
    """(duplicates the user may open, number of further ones they may not see)."""
    found = duplicates_of(email, exclude_id)
    shown = [c for c in found if can_view_candidate(user, c, _owner_ids(c))]
    return shown, len(found) - len(shown)


def requisitions_open_to(user: User) -> list[Requisition]:
    """Requisitions the user may add candidates and loops to (not closed)."""
    query = select(Requisition).where(Requisition.status != "closed").order_by(Requisition.title)
    if not user.has_role("admin", "recruiter"):
        query = query.where(Requisition.owner_id == user.id)
    return list(db.session.scalars(query))


def create_candidate(
    user: User,
    data: CandidateData,
    requisition: Requisition | None,
    *,
    confirm_duplicate: bool,
    internal: bool = False,
) -> Candidate:
    """Refuses an e-mail already on file unless confirmed, and hiring managers without
    one of their own requisitions (they would not see the candidate afterwards)."""
    if not can_manage_candidates(user):
        abort(403)
    values = data.cleaned()
    if duplicates_of(values["email"]) and not confirm_duplicate:
        raise Refused(
            _("A candidate with this e-mail address exists already. Open them below, or "
              "confirm that this is a different person."),
            "email",
        )  # fmt: skip
    if requisition is None and not user.has_role("admin", "recruiter"):
        raise Refused(_("Choose one of your requisitions."), "requisition_id")
    candidate = Candidate(**values)
    db.session.add(candidate)
    db.session.flush()
    audit.record("created", candidate, f"Candidate {candidate.name}")
    if requisition is not None:
        add_to_requisition(user, candidate, requisition, internal=internal)
    return candidate


def refuse_anonymised(candidate: Candidate) -> None:
    """An anonymised candidate stays anonymous: no new data is entered for them."""
    if candidate.anonymised_at is not None:
        raise Refused(_("This candidate has been anonymised; no data can be added."))


def update_candidate(user: User, candidate: Candidate, data: CandidateData) -> None:
    """Refuses an anonymised candidate."""
    refuse_anonymised(candidate)
    changes = audit.diff(candidate, data.cleaned())
    if "notes" in changes:
        changes["notes"] = ("…", "…")  # free text: record that it changed, not the text
    if changes:
        audit.record("updated", candidate, f"Candidate {candidate.name}", changes)


def add_to_requisition(
    user: User, candidate: Candidate, requisition: Requisition, *, internal: bool = False
) -> Application:
    """Refuses requisitions the user may not staff and a second application to the same one.
    ``internal``: the candidate already works here (no level allowance for ramp-up)."""
    refuse_anonymised(candidate)
    if not can_edit_loop(user, requisition) or requisition.status == "closed":
        raise Refused(_("You cannot add candidates to this requisition."), "requisition_id")
    if any(a.requisition_id == requisition.id for a in candidate.applications):
        raise Refused(_("The candidate is already considered for this requisition."),
                      "requisition_id")  # fmt: skip
    application = Application(candidate=candidate, requisition=requisition, internal=internal)
    db.session.add(application)
    db.session.flush()
    audit.record("created", application, f"{candidate.name} considered for '{requisition.title}'")
    return application


def set_status(
    user: User, application: Application, status: str, internal: bool | None = None
) -> None:
    """Pipeline status and, when given, internal/external; refuses unknown statuses."""
    if status not in APPLICATION_STATUSES:
        raise Refused(_("Unknown status."), "status")
    was_live = notifications.is_live(application)
    values: dict[str, object] = {"status": status}
    if internal is not None:
        values["internal"] = internal
    changes = audit.diff(application, values)
    if changes:
        audit.record("updated", application, f"Status of {application.candidate.name}", changes)
        notifications.application_changed(application, was_live)


def get_application(user: User, application_id: int, *, for_edit: bool) -> Application:
    """The application, or 404 when the user may not see (or staff) its requisition."""
    application = db.session.get(Application, application_id)
    if application is None:
        abort(404)
    allowed = can_edit_loop if for_edit else can_view_requisition
    if not allowed(user, application.requisition):
        abort(404)
    return application


def emails_on_file(emails: list[str]) -> set[str]:
    if not emails:
        return set()
    return set(db.session.scalars(select(Candidate.email).where(Candidate.email.in_(emails))))


def check_import_allowed(user: User, requisition: Requisition) -> None:
    """Importing is adding candidates to the requisition, one by one or many at once."""
    if not can_manage_candidates(user) or not can_edit_loop(user, requisition):
        abort(404)
    if requisition.status == "closed":
        raise Refused(_("You cannot add candidates to this requisition."))


def import_candidates(
    user: User, requisition: Requisition, rows: list[ImportRow], filename: str
) -> list[Candidate]:
    """All or nothing: every row is checked again (another import may have run since the
    preview), and one problem anywhere refuses the whole file."""
    check_import_allowed(user, requisition)
    mark_duplicates(rows, emails_on_file([r.email for r in rows if r.email]))
    if not rows or any(r.problems for r in rows):
        raise Refused(_("Nothing was imported: correct the rows marked below and upload again."))
    created = []
    for row in rows:
        candidate = Candidate(name=row.name, email=row.email, phone=row.phone, source=row.source)
        db.session.add(candidate)
        db.session.flush()
        audit.record("created", candidate, f"Candidate {candidate.name} (import)")
        application = add_to_requisition(user, candidate, requisition)
        application.internal = bool(row.internal)  # no column: external, like the form
        created.append(candidate)
    audit.record(
        "imported",
        requisition,
        f"{len(created)} candidates imported into '{requisition.title}' from {filename}",
    )
    return created

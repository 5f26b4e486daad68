"""Candidates: create with duplicate check, visibility, edit, requisitions, pipeline status."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from interview.extensions import db
from interview.models import Application, AuditEvent, Candidate

EN = {"Accept-Language": "en"}


def candidate_data(**overrides) -> dict:
    data = {
        "name": "Lena Hoffmann",
        "email": "Lena.Hoffmann@Example.net",
        "phone": "+49 30 1234567",
        "source": "Empfehlung",
        "notes": "<script>alert(1)</script> spricht Französisch",
        "requisition_id": "",
    }
    data.update(overrides)
    return data


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_hiring_manager_adds_candidate_to_own_requisition(app, client, login_as, make):
    manager = login_as("hiring_manager")
    requisition = make("requisition", manager)
    form = client.get(f"/candidates/new?requisition={requisition.id}").text
    assert f'<option selected value="{requisition.id}">' in form
    response = client.post(
        "/candidates/new", data=candidate_data(requisition_id=str(requisition.id))
    )
    assert response.status_code == 302
    with app.app_context():
        candidate = db.session.execute(select(Candidate)).scalar_one()
        assert candidate.email == "lena.hoffmann@example.net"
        assert [a.requisition_id for a in candidate.applications] == [requisition.id]
        actions = db.session.scalars(select(AuditEvent.object_type)).all()
        assert sorted(actions) == ["applications", "candidates"]
    page = client.get(response.headers["Location"]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_hiring_manager_must_choose_a_requisition(app, client, login_as):
    login_as("hiring_manager")
    response = client.post("/candidates/new", data=candidate_data(), headers=EN)
    assert response.status_code == 422
    assert count(app, Candidate) == 0


def test_recruiter_may_add_a_candidate_without_requisition(app, client, login_as):
    login_as("recruiter")
    assert client.post("/candidates/new", data=candidate_data()).status_code == 302
    assert count(app, Candidate) == 1


def test_duplicate_email_is_flagged_not_merged(app, client, login_as, make):
    login_as("recruiter")
    make("candidate", name="Lena H.", email="lena.hoffmann@example.net")
    response = client.post("/candidates/new", data=candidate_data(), headers=EN)
    assert response.status_code == 422
    assert "exists already" in response.text
    assert "Lena H." in response.text
    assert count(app, Candidate) == 1
    confirmed = client.post("/candidates/new", data=candidate_data(confirm_duplicate="y"))
    assert confirmed.status_code == 302
    assert count(app, Candidate) == 2
    page = client.get(confirmed.headers["Location"], headers=EN).text
    assert "Possible duplicate" in page


def test_duplicate_on_a_foreign_requisition_is_counted_not_named(client, login_as, make_user, make):
    other = make_user("hiring_manager")
    hidden = make("candidate", name="Geheime Person", email="lena.hoffmann@example.net")
    make("application", make("requisition", other), hidden)
    manager = login_as("hiring_manager")
    requisition = make("requisition", manager)
    response = client.post(
        "/candidates/new", data=candidate_data(requisition_id=str(requisition.id)), headers=EN
    )
    assert response.status_code == 422
    assert "Geheime Person" not in response.text
    assert "1 candidate on a requisition you cannot see" in response.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Invalid email address"),
        ({"phone": "call me maybe"}, "Digits, spaces and + ( ) / - only."),
        ({"name": ""}, "This field is required"),
    ],
)
def test_invalid_candidate_data(app, client, login_as, overrides, message):
    login_as("recruiter")
    response = client.post("/candidates/new", data=candidate_data(**overrides), headers=EN)
    assert response.status_code == 422
    assert message in response.text
    assert count(app, Candidate) == 0


def test_hiring_manager_sees_only_candidates_of_own_requisitions(client, login, make_user, make):
    owner = make_user("hiring_manager")
    other = make_user("hiring_manager")
    mine = make("application", make("requisition", owner, title="Meine"))
    theirs = make("application", make("requisition", other, title="Fremde"))
    both = make("candidate", name="Doppelt Beworben")
    make("application", make("requisition", owner, title="Meine 2"), both)
    make("application", make("requisition", other, title="Fremde 2"), both)
    login(owner)
    listing = client.get("/candidates/").text
    assert "Doppelt Beworben" in listing
    assert "Fremde" not in listing
    assert client.get(f"/candidates/{mine.candidate_id}").status_code == 200
    assert client.get(f"/candidates/{theirs.candidate_id}").status_code == 404
    assert client.get(f"/candidates/{theirs.candidate_id}/edit").status_code == 404
    page = client.get(f"/candidates/{both.id}").text
    assert "Meine 2" in page
    assert "Fremde 2" not in page


def test_edit_candidate_records_audit_without_note_text(app, client, login_as, make):
    login_as("recruiter")
    candidate = make("candidate", notes="alt")
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data=candidate_data(name="Lena Hoffmann-Berg", notes="vertraulich"),
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).filter_by(action="updated")).one()
        assert event.changes["name"][1] == "Lena Hoffmann-Berg"
        assert "vertraulich" not in str(event.changes)


def test_candidate_can_be_considered_for_several_requisitions(
    app, client, login_as, make_user, make
):
    manager = make_user("hiring_manager")
    login_as("recruiter")
    first = make("requisition", manager)
    second = make("requisition", manager, title="Zweite Stelle")
    application = make("application", first)
    url = f"/candidates/{application.candidate_id}/applications"
    assert client.post(url, data={"requisition_id": str(second.id)}).status_code == 302
    again = client.post(
        url, data={"requisition_id": str(second.id)}, follow_redirects=True, headers=EN
    )
    assert "already considered for this requisition" in again.text
    assert count(app, Application) == 2


def test_pipeline_status(app, client, login_as, make):
    manager = login_as("hiring_manager")
    application = make("application", make("requisition", manager))
    response = client.post(f"/applications/{application.id}/status", data={"status": "offer"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Application, application.id).status == "offer"
    bad = client.post(f"/applications/{application.id}/status", data={"status": "bribed"})
    assert bad.status_code == 302
    with app.app_context():
        assert db.session.get(Application, application.id).status == "offer"


def test_interviewer_has_no_candidate_pages(client, login_as, make_user, make):
    application = make("application", make("requisition", make_user("hiring_manager")))
    login_as("interviewer")
    assert client.get("/candidates/").status_code == 403
    assert client.get(f"/candidates/{application.candidate_id}").status_code == 403


def test_candidate_list_queries_do_not_grow(client, login_as, make, count_queries):
    manager = login_as("hiring_manager")
    requisition = make("requisition", manager)
    make("application", requisition)
    with count_queries() as one:
        client.get("/candidates/")
    for _ in range(20):
        make("application", requisition)
    with count_queries() as many:
        client.get("/candidates/")
    assert many.count == one.count


def test_internal_or_external_is_recorded_per_application(app, client, login_as, make):
    manager = login_as("hiring_manager")
    first = make("requisition", manager)
    second = make("requisition", manager, title="Zweite Stelle")
    application = make("application", first)
    client.post(
        f"/candidates/{application.candidate_id}/applications",
        data={"requisition_id": str(second.id), "internal": "y"},
    )
    client.post(
        f"/applications/{application.id}/status", data={"status": "interviewing", "internal": "y"}
    )
    with app.app_context():
        rows = db.session.scalars(
            select(Application).where(Application.candidate_id == application.candidate_id)
        ).all()
        assert {a.requisition_id: a.internal for a in rows} == {first.id: True, second.id: True}
        changes = db.session.scalars(
            select(AuditEvent.changes).where(AuditEvent.object_id == application.id)
        ).all()
        assert {"internal": [False, True], "status": ["new", "interviewing"]} in changes
    client.post(f"/applications/{application.id}/status", data={"status": "interviewing"})
    with app.app_context():
        assert db.session.get(Application, application.id).internal is False

"""Requests for access and erasure, legal hold and talent-pool consent (data protection role)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.models import AuditEvent, Candidate, Scorecard
from interview.models.self_reports import SelfReport
from tests import privacy_world as world


@pytest.fixture
def pair(app, make_user, make):
    """Two candidates on the same requisition, rated by the same panel."""
    owner = make_user("hiring_manager")
    panel = [make_user("interviewer"), make_user("interviewer")]
    requisition = make("requisition", owner)
    with app.app_context():
        requisition = db.session.merge(requisition)
        panel = [db.session.merge(u) for u in panel]
        anke = world.person(requisition, panel, "anke", status="interviewing")
        bert = world.person(requisition, panel, "bert")
        world.digest_mentioning(panel[0], [anke, bert])
        db.session.commit()
    return anke, bert


@pytest.fixture
def dpo(login_as):
    return login_as("data_protection")


def test_export_holds_every_scorecard_and_note_about_the_candidate_and_nothing_else(
    app, client, dpo, pair
):
    anke, bert = pair
    response = client.get(f"/privacy/candidates/{anke.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    text = response.get_data(as_text=True)
    assert data["candidate"]["name"] == anke.name
    assert data["candidate"]["notes"] == f"Notiz {anke.marker}"
    cards = [i["scorecard"] for a in data["applications"] for i in a["interviews"]]
    with app.app_context():
        stored = db.session.scalars(
            select(Scorecard).where(Scorecard.evidence.contains(anke.marker))
        ).all()
        assert sorted(c["evidence"] for c in cards) == sorted(s.evidence for s in stored)
        for card in cards:
            assert anke.marker in card["answers"][0]["note"]
            assert anke.marker in card["answers"][0]["outcome"]
            assert anke.marker in card["draft"]["q0_note"]
            assert [r["kind"] for r in card["revisions"]] == ["submitted", "amended"]
    decisions = data["applications"][0]["decisions"]
    assert decisions[0]["reason"] == f"Grund {anke.marker}"
    assert any(e["action"] == "decided" for e in data["audit_trail"])
    assert data["notifications"]
    for other in (bert.name, bert.email, bert.phone, bert.marker, "bert"):
        assert other not in text


def test_printable_export_shows_the_same_and_escapes_it(app, client, dpo, pair):
    anke, bert = pair
    with app.app_context():
        db.session.get(Candidate, anke.id).notes = "<script>alert(1)</script>"
        db.session.commit()
    page = client.get(f"/privacy/candidates/{anke.id}/export").get_data(as_text=True)
    assert anke.name in page
    assert page.count(f"Belegte {anke.marker}") == 2
    assert f"Grund {anke.marker}" in page
    assert "<script>alert(1)</script>" not in page
    assert bert.marker not in page
    assert bert.name not in page


def test_erase_now_needs_a_reason_and_confirmation(app, client, dpo, pair):
    anke, _bert = pair
    url = f"/privacy/candidates/{anke.id}/erase"
    assert client.post(url, data={"reason": "Antrag per E-Mail", "confirm": ""}).status_code == 422
    assert client.post(url, data={"reason": "kurz", "confirm": "y"}).status_code == 422
    with app.app_context():
        assert db.session.get(Candidate, anke.id).anonymised_at is None


def test_erase_now_anonymises_and_the_audit_keeps_only_that_it_happened(app, client, dpo, pair):
    anke, bert = pair
    reason = f"Löschantrag von {anke.name} vom 28.11."
    response = client.post(
        f"/privacy/candidates/{anke.id}/erase", data={"reason": reason, "confirm": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        candidate = db.session.get(Candidate, anke.id)
        assert candidate.anonymised_at is not None
        assert candidate.email == ""
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "anonymised")
        ).one()
        assert event.actor_id == dpo.id
        assert "Löschantrag von" in event.summary
        assert anke.name not in event.summary
        summaries = " ".join(db.session.scalars(select(AuditEvent.summary)))
        assert anke.name not in summaries
        assert anke.marker not in summaries
        assert bert.name in summaries  # the other candidate is untouched
    export = client.get(f"/privacy/candidates/{anke.id}/export.json").get_data(as_text=True)
    assert anke.marker not in export
    assert anke.name not in export


def test_legal_hold_blocks_erasure_until_lifted(app, client, dpo, pair):
    anke, _bert = pair
    base = f"/privacy/candidates/{anke.id}"
    assert client.post(f"{base}/hold", data={"reason": "Klage 3 Ca 12/26"}).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Klage 3 Ca 12/26" in page
    refused = client.post(f"{base}/erase", data={"reason": "Antrag per E-Mail", "confirm": "y"})
    assert refused.status_code == 422
    assert "Heben Sie sie zuerst auf" in refused.get_data(as_text=True)
    assert client.post(f"{base}/hold/lift").status_code == 302
    with app.app_context():
        assert db.session.get(Candidate, anke.id).legal_hold_at is None


def test_talent_pool_consent_keeps_a_due_candidate(app, client, dpo, pair):
    _anke, bert = pair  # rejected 200 days ago: due
    base = f"/privacy/candidates/{bert.id}"
    assert 'data-standing="due"' in client.get(base).get_data(as_text=True)
    until = date.today() + timedelta(days=300)
    response = client.post(
        f"{base}/consent",
        data={"given_on": date.today().isoformat(), "until": until.isoformat()},
    )
    assert response.status_code == 302
    assert 'data-standing="consent"' in client.get(base).get_data(as_text=True)
    backwards = client.post(
        f"{base}/consent",
        data={"given_on": date.today().isoformat(), "until": "2020-01-01"},
    )
    assert backwards.status_code == 422


def test_search_and_due_list(client, dpo, pair):
    anke, bert = pair
    page = client.get("/privacy/?q=quellenberg-ANKE").get_data(as_text=True)
    assert anke.name in page
    index = client.get("/privacy/").get_data(as_text=True)
    assert bert.name in index  # due today
    assert anke.name not in index  # application still open


def test_recruiters_and_hiring_managers_have_no_access(client, login_as, pair):
    anke, _bert = pair
    login_as("recruiter", "hiring_manager", "interviewer")
    assert client.get(f"/privacy/candidates/{anke.id}/export.json").status_code == 403


def test_unknown_candidate_is_404(client, dpo):
    assert client.get("/privacy/candidates/99999/export.json").status_code == 404


def test_admins_reach_the_data_protection_page_from_the_candidate(client, login_as, pair):
    anke, _bert = pair
    login_as("admin")
    page = client.get(f"/candidates/{anke.id}").get_data(as_text=True)
    assert f"/privacy/candidates/{anke.id}" in page


def test_an_anonymised_candidate_takes_no_new_data(app, client, login_as, pair):
    _anke, bert = pair
    with app.app_context():
        from interview.privacy.anonymise import anonymise

        anonymise([db.session.get(Candidate, bert.id)], "test")
        db.session.commit()
    login_as("admin")
    response = client.post(
        f"/candidates/{bert.id}/edit",
        data={"name": bert.name, "email": bert.email, "phone": "", "source": "", "notes": ""},
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Candidate, bert.id).email == ""


def test_the_self_report_is_in_the_export_and_goes_with_erasure(app, client, dpo, pair):
    anke, bert = pair
    with app.app_context():
        for person, gender in ((anke, "female"), (bert, "male")):
            db.session.add(SelfReport(candidate_id=person.id, answers={"gender": gender}))
        db.session.commit()
    data = client.get(f"/privacy/candidates/{anke.id}/export.json").get_json()
    assert data["self_report"]["answers"] == {"gender": "female"}
    form = {"reason": "Antrag auf Löschung per E-Mail", "confirm": "y"}
    response = client.post(f"/privacy/candidates/{anke.id}/erase", data=form)
    assert response.status_code == 302
    with app.app_context():
        left = db.session.scalars(select(SelfReport.candidate_id)).all()
        assert left == [bert.id]

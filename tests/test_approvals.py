"""Approvals by the works council of a framework version and a decision rule."""

from __future__ import annotations

import pytest

from interview.extensions import db
from interview.models import Approval, Requisition
from tests.factories import AREAS


@pytest.fixture
def requisition(make_user, make):
    return make("requisition", make_user("hiring_manager"))


def approve(client, requisition, subject, reference="BV Personalauswahl 2026, §4"):
    return client.post(f"/council/requisitions/{requisition.id}/approve/{subject}",
                       data={"reference": reference})  # fmt: skip


def test_unapproved_requisition_shows_a_warning_until_both_are_approved(
    app, client, login_as, requisition
):
    admin = login_as("admin")
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    assert 'id="approval-warning"' in page
    assert approve(client, requisition, "framework").status_code == 302
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    assert 'id="approval-warning"' in page
    assert "BV Personalauswahl 2026, §4" in page
    assert approve(client, requisition, "rule").status_code == 302
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    assert 'id="approval-warning"' not in page
    with app.app_context():
        rows = db.session.scalars(db.select(Approval)).all()
        assert {r.approved_by_id for r in rows} == {admin.id}
        assert {r.subject for r in rows} == {"framework_version", "decision_rule"}


def test_a_changed_rule_needs_a_new_approval(app, client, login_as, requisition):
    login_as("admin")
    approve(client, requisition, "framework")
    approve(client, requisition, "rule")
    with app.app_context():
        row = db.session.get(Requisition, requisition.id)
        row.decision_rule = {**row.decision_rule, "min_areas": 6}
        db.session.commit()
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    assert 'id="approval-warning"' in page


def test_only_admins_record_approvals_and_a_reference_is_needed(app, client, login_as, requisition):
    login_as("hiring_manager", "recruiter")
    assert approve(client, requisition, "rule").status_code == 403
    client.post("/logout")
    login_as("admin")
    assert approve(client, requisition, "rule", reference="").status_code == 302
    assert approve(client, requisition, "nonsense").status_code == 404
    with app.app_context():
        assert db.session.scalars(db.select(Approval)).all() == []
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    # (not a bare "BV": a random CSRF token may contain those two letters)
    assert "BV Personalauswahl" not in page


def test_the_setting_makes_approvals_blocking(app, client, login, make_user, make):
    app.config["APPROVAL_REQUIRED"] = True
    owner = make_user("hiring_manager")
    requisition = make("requisition", owner)
    application = make("application", requisition)
    loop = make("loop", application)
    for area in AREAS:
        make("interview", loop, make_user("interviewer"), area)
    login(owner)
    client.post(f"/applications/{application.id}/loop/status", data={"status": "ready"})
    with app.app_context():
        assert db.session.get(type(loop), loop.id).status == "draft"
    refused = client.post(f"/applications/{application.id}/decision",
                          data={"decision": "on_hold", "reason": ""})  # fmt: skip
    assert refused.status_code == 422
    assert "Betriebsrat" in refused.get_data(as_text=True)

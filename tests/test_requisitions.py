"""Requisitions: create, edit, visibility, validation, audit, Soll profiles."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.frameworks.services import current_bank
from interview.models import AuditEvent, FrameworkVersion, Requisition
from tests.bank_builder import soll_bank
from tests.conftest import BANK_PATH
from tests.factories import AREAS

EN = {"Accept-Language": "en"}


def form_data(owner: int, **overrides) -> dict:
    data = {
        "title": "Senior Account Manager",
        "target_level": "senior",
        "required_areas": AREAS,
        "min_rating": "3",
        "min_areas": "5",
        "none_below": "2",
        "rule_text": "Fünf von sechs.",
        "owner_id": str(owner),
        "status": "open",
        "scores_visible": "after_submit",
    }
    data.update(overrides)
    return data


def test_hiring_manager_creates_a_requisition(app, client, login_as):
    manager = login_as("hiring_manager")
    response = client.post("/requisitions/new", data=form_data(manager.id))
    assert response.status_code == 302
    with app.app_context():
        requisition = db.session.execute(select(Requisition)).scalar_one()
        assert response.headers["Location"] == f"/requisitions/{requisition.id}"
        assert requisition.owner_id == manager.id
        assert requisition.target_level == "senior"
        assert requisition.required_areas == AREAS
        assert requisition.decision_rule == {
            "min_rating": 3, "min_areas": 5, "none_below": 2, "text": "Fünf von sechs."
        }  # fmt: skip
        framework = current_bank().get("account-manager")
        assert requisition.framework_version.version == framework.version
        event = db.session.execute(select(AuditEvent)).scalar_one()
        assert (event.action, event.object_type, event.actor_id) == (
            "created", "requisitions", manager.id
        )  # fmt: skip
    page = client.get(response.headers["Location"], headers=EN).text
    assert "At least 5 of 6 areas rated 3 or higher. No area below 2." in page
    assert "Senior" in page


def test_new_form_is_prefilled_from_the_framework(client, login_as):
    login_as("hiring_manager")
    page = client.get("/requisitions/new", headers=EN).text
    assert page.count('type="checkbox" value="') >= 6
    assert '<option selected value="5">5</option>' in page  # min_areas from the framework
    # the rule in words comes from the rule; the framework's note is shown, not prefilled
    assert "At least 5 of 6 areas rated 3 or higher. No area below 2." in page
    assert "The framework's note:" in page
    note = page[page.index('name="rule_text"') :]
    assert note[note.index(">") + 1 :].lstrip().startswith("</textarea>")


def test_rule_in_words_follows_the_chosen_rule(client, login_as):
    """A refused form shows the words of the rule as chosen, not the framework's text."""
    manager = login_as("hiring_manager")
    data = form_data(manager.id, min_rating="4", min_areas="2", none_below="", title="")
    page = client.post("/requisitions/new", data=data, headers=EN).text
    assert "At least 2 of 6 areas rated 4 or higher." in page
    assert "No area below" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"required_areas": AREAS[:4]}, "cannot ask for more areas"),
        ({"required_areas": []}, "Choose at least one area"),
        ({"target_level": "guru"}, "Not a valid choice"),
        ({"title": ""}, "This field is required"),
        ({"min_rating": "7"}, "Not a valid choice"),
    ],
)
def test_invalid_requisitions_are_refused_with_a_message(app, client, login_as, overrides, message):
    manager = login_as("hiring_manager")
    response = client.post("/requisitions/new", data=form_data(manager.id, **overrides), headers=EN)
    assert response.status_code == 422
    assert message in response.text
    with app.app_context():
        assert db.session.execute(select(Requisition)).first() is None


def test_hiring_manager_cannot_make_someone_else_owner(client, login_as, make_user):
    other = make_user("hiring_manager")
    manager = login_as("hiring_manager")
    response = client.post("/requisitions/new", data=form_data(manager.id, owner_id=str(other.id)))
    assert response.status_code == 422


def test_admin_picks_the_hiring_manager(app, client, login_as, make_user):
    manager = make_user("hiring_manager", name="Katrin Vogel")
    login_as("admin")
    assert "Katrin Vogel" in client.get("/requisitions/new").text
    assert client.post("/requisitions/new", data=form_data(manager.id)).status_code == 302
    with app.app_context():
        assert db.session.execute(select(Requisition)).scalar_one().owner_id == manager.id


def test_visibility(client, login, make_user, make):
    owner = make_user("hiring_manager")
    other = make_user("hiring_manager")
    recruiter = make_user("recruiter")
    mine = make("requisition", owner, title="Meine Stelle")
    make("requisition", other, title="Fremde Stelle")
    login(owner)
    listing = client.get("/requisitions/").text
    assert "Meine Stelle" in listing
    assert "Fremde Stelle" not in listing
    client.post("/logout")
    login(recruiter)
    listing = client.get("/requisitions/").text
    assert "Meine Stelle" in listing
    assert "Fremde Stelle" in listing
    assert client.get(f"/requisitions/{mine.id}").status_code == 200
    assert client.get(f"/requisitions/{mine.id}/edit").status_code == 403
    client.post("/logout")
    login(other)
    assert client.get(f"/requisitions/{mine.id}").status_code == 404
    assert client.get(f"/requisitions/{mine.id}/edit").status_code == 404
    assert client.get("/requisitions/9999").status_code == 404


def test_status_filter(client, login_as, make):
    manager = login_as("hiring_manager")
    make("requisition", manager, title="Offene Stelle")
    make("requisition", manager, title="Geschlossene Stelle", status="closed")
    page = client.get("/requisitions/?status=closed").text
    assert "Geschlossene Stelle" in page
    assert "Offene Stelle" not in page


def test_owner_edits_with_audit_diff(app, client, login_as, make):
    manager = login_as("hiring_manager")
    requisition = make("requisition", manager)
    form = client.get(f"/requisitions/{requisition.id}/edit").text
    assert 'value="Senior Account Manager"' in form
    response = client.post(
        f"/requisitions/{requisition.id}/edit",
        data=form_data(manager.id, title="Lead Account Manager", target_level="lead",
                       status="on_hold"),
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Requisition, requisition.id)
        assert (saved.title, saved.target_level, saved.status) == (
            "Lead Account Manager", "lead", "on_hold"
        )  # fmt: skip
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "updated")).one()
        assert event.changes["title"] == ["Senior Account Manager", "Lead Account Manager"]
        assert event.changes["target_level"] == ["senior", "lead"]


def test_list_page_queries_do_not_grow_with_rows(client, login_as, make, count_queries):
    manager = login_as("hiring_manager")
    make("requisition", manager)
    with count_queries() as one:
        client.get("/requisitions/")
    for _ in range(20):
        make("requisition", manager)
    with count_queries() as many:
        client.get("/requisitions/")
    assert many.count == one.count


def test_list_is_paginated(client, login_as, make):
    manager = login_as("hiring_manager")
    for n in range(30):
        make("requisition", manager, title=f"Stelle {n:02d}")
    first = client.get("/requisitions/", headers=EN).text
    assert "Page 1 of 2" in first
    second = client.get("/requisitions/?page=2", headers=EN).text
    assert first.count("/requisitions/") > second.count("Stelle ") > 0


class TestSollProfile:
    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        bank = soll_bank(tmp_path / "bank", areas=5)
        shutil.copytree(BANK_PATH / "account-manager", bank / "account-manager")
        return {**app_config, "QUESTION_BANK_PATH": str(bank)}

    def test_target_profile_with_overrides(self, app, client, login_as):
        manager = login_as("hiring_manager")
        assert "Framework" in client.get("/requisitions/new", headers=EN).text
        page = client.get("/requisitions/new?framework=fuehrung", headers=EN).text
        assert 'name="target_level"' not in page
        assert 'name="target_0"' in page
        data = form_data(
            manager.id, title="Teamleitung", required_areas=[f"kriterium-{n}" for n in range(1, 6)],
            min_rating="target", min_areas="all", none_below="",
        )  # fmt: skip
        del data["target_level"]
        data.update({"target_0": "5", "target_1": "3", "target_2": "4", "target_3": "5",
                     "target_4": "1"})  # fmt: skip
        response = client.post("/requisitions/new?framework=fuehrung", data=data)
        assert response.status_code == 302
        with app.app_context():
            requisition = db.session.execute(select(Requisition)).scalar_one()
            # framework targets are 2,3,4,5,1: only the first differs
            assert requisition.target_overrides == {"kriterium-1": 5}
            assert requisition.target_level is None
            version = db.session.get(FrameworkVersion, requisition.framework_version_id)
            assert version.framework_key == "fuehrung"
        page = client.get(response.headers["Location"], headers=EN).text
        assert "Target value: 5" in page
        assert "at or above their target value" in page


def test_requisition_page_pages_candidates_with_fixed_queries(
    client, login_as, make_user, make, count_queries
):
    manager = login_as("hiring_manager")
    requisition = make("requisition", manager)
    interviewer = make_user("interviewer")
    make("interview", make("loop", make("application", requisition)), interviewer)
    with count_queries() as one:
        client.get(f"/requisitions/{requisition.id}")
    for n in range(30):
        candidate = make("candidate", name=f"Person {n:02d}")
        make("interview", make("loop", make("application", requisition, candidate)), interviewer)
    with count_queries() as many:
        page = client.get(f"/requisitions/{requisition.id}", headers=EN).text
    assert many.count == one.count
    assert "Page 1 of 2" in page
    assert "Person 23" in page
    assert "Person 24" not in page
    assert "Person 24" in client.get(f"/requisitions/{requisition.id}?page=2").text

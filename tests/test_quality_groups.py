"""Voluntary self-reported group attributes: recorded apart, never shown back or to
interviewers and hiring managers, and selection rates by group in aggregate only."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, SelfReport
from tests import test_compare
from tests.test_compare import EN, add_candidate

raters, owner, requisition = test_compare.raters, test_compare.owner, test_compare.requisition
ATTRIBUTES = {
    "Geschlecht": ["weiblich", "männlich", "divers"],
    "Altersgruppe": ["bis 30", "über 30"],
}


@pytest.fixture
def app_config(app_config):
    return app_config | {"GROUP_ATTRIBUTES": ATTRIBUTES}


def candidate_of(app, application_id) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).candidate_id


def test_recruiter_records_answers_that_are_never_shown_back(
    app, client, login_as, login, owner, requisition, raters
):
    application = add_candidate(app, requisition.id, raters, "Lea", 3, 3, 3, 3, 3, 3)
    candidate = candidate_of(app, application)
    url = f"/candidates/{candidate}/self-report"
    login_as("recruiter")
    assert 'data-recorded="false"' in client.get(url, headers=EN).text
    response = client.post(url, data={"attr_0": "divers", "attr_1": "", "csrf_token": ""})
    assert response.status_code == 302
    with app.app_context():
        answers = db.session.scalars(db.select(SelfReport.answers)).all()
    assert answers == [{"Geschlecht": "divers"}]
    page = client.get(url, headers=EN).text
    assert 'data-recorded="true"' in page
    assert "selected" not in page  # the stored answer is not preselected
    assert client.post(url, data={"attr_0": "Marsmensch"}).status_code == 422
    # nobody on the hiring or interviewing side sees it
    for user in (owner, raters[0]):
        client.post("/logout")
        login(user)
        assert client.get(url).status_code == 403
        for page_url in (f"/candidates/{candidate}", f"/applications/{application}/results",
                         f"/applications/{application}/results.json"):  # fmt: skip
            text = client.get(page_url).text
            assert "divers" not in text


def test_selection_rates_by_group_with_four_fifths_and_small_sample_warning(
    app, client, login_as, requisition, raters
):
    people = []
    for n in range(12):
        meets = n < 6 or n % 3 == 0
        spec = (3, 3, 3, 3, 3, 3) if meets else (2, 2, 2, 2, 3, 3)
        people.append(add_candidate(app, requisition.id, raters, f"P{n}", *spec))
    with app.app_context():
        for n, application in enumerate(people):
            candidate = db.session.get(Application, application).candidate_id
            answer = {"Geschlecht": "weiblich" if n < 6 else "männlich"}
            if n < 3:
                answer["Altersgruppe"] = "über 30"
            db.session.add(SelfReport(candidate_id=candidate, answers=answer))
        db.session.execute(update(Application).where(Application.id.in_(people[:4]))
                           .values(status="hired", closed_at=utcnow()))  # fmt: skip
        db.session.commit()
    login_as("admin")
    page = client.get(f"/quality/requisitions/{requisition.id}/groups", headers=EN)
    assert page.status_code == 200
    text = page.text
    gender = text.split('data-attribute="Geschlecht"')[1].split("</section>")[0]
    rule = gender.split('data-stage="rule"')[1].split("</table>")[0]
    # women 6 of 6 meet the rule, men 2 of 6: ratio 0.33, below four fifths
    assert '<tr data-group="männlich" data-too-few="false">' in rule
    assert "2 / 6" in rule
    assert "0.33" in rule
    assert "data-adverse" in rule
    assert '<tr data-group="divers" data-too-few="true">' in rule
    assert "data-small-sample" in rule
    age = text.split('data-attribute="Altersgruppe"')[1].split("</section>")[0]
    assert 'data-too-few="false"' not in age  # three answers: too few to say anything
    assert "9 candidates gave no answer." in age


@pytest.mark.parametrize("roles", [("recruiter",), ("hiring_manager",), ("interviewer",)])
def test_selection_rates_only_for_the_allowed_role(client, login_as, requisition, roles):
    login_as(*roles)
    assert client.get(f"/quality/requisitions/{requisition.id}/groups").status_code == 403

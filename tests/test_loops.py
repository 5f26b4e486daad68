"""Interview loops: one area per interviewer, second raters, coverage, readiness, edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.models import AuditEvent, Interview, Loop
from tests.factories import AREAS

EN = {"Accept-Language": "en"}


@pytest.fixture
def setup(make_user, make):
    """A hiring manager's requisition with one candidate and six interviewers."""
    manager = make_user("hiring_manager")
    panel = [make_user("interviewer", name=f"Interviewer {n}") for n in range(6)]
    application = make("application", make("requisition", manager))
    return {"manager": manager, "panel": panel, "application": application}


def interview_data(user, area: str, **overrides) -> dict:
    data = {
        "interviewer_id": str(user.id),
        "area_key": area,
        "starts_at": "2026-12-03T09:30",
        "duration_minutes": "45",
        "location": "Raum Elbe",
    }
    data.update(overrides)
    return data


def add(client, application, data, **kwargs):
    return client.post(
        f"/applications/{application.id}/loop/interviews", data=data, headers=EN, **kwargs
    )


def test_build_a_full_loop_and_mark_it_ready(app, client, login, setup):
    login(setup["manager"])
    application = setup["application"]
    url = f"/applications/{application.id}/loop"
    first = client.get(url, headers=EN).text
    assert "6 areas missing" in first
    for user, area in zip(setup["panel"], AREAS, strict=True):
        assert add(client, application, interview_data(user, area)).status_code == 302
    page = client.get(url, headers=EN).text
    assert "All required areas covered" in page
    assert page.count('data-state="covered"') == 6
    response = client.post(f"{url}/status", data={"status": "ready"})
    assert response.status_code == 302
    with app.app_context():
        loop = db.session.scalar(select(Loop).filter_by(application_id=application.id))
        assert loop.status == "ready"
        assert len(loop.interviews) == 6
        first_interview = loop.interviews[0]
        # 09:30 in Berlin (UTC+1 in December) is stored as 08:30 UTC
        assert first_interview.starts_at.hour == 8
        assert first_interview.starts_at.minute == 30
        created = db.session.scalars(
            select(AuditEvent).filter_by(object_type="interviews", action="created")
        ).all()
        assert len(created) == 6


def test_loop_cannot_be_ready_while_an_area_is_missing(app, client, login, setup):
    login(setup["manager"])
    application = setup["application"]
    for user, area in zip(setup["panel"][:5], AREAS[:5], strict=True):
        add(client, application, interview_data(user, area))
    response = client.post(
        f"/applications/{application.id}/loop/status",
        data={"status": "ready"}, headers=EN, follow_redirects=True,
    )  # fmt: skip
    assert "Not ready: no interview covers Problemlösung &amp; Eskalation." in response.text
    with app.app_context():
        assert db.session.scalar(select(Loop.status)) == "draft"


def test_one_area_per_interviewer(app, client, login, setup):
    login(setup["manager"])
    user = setup["panel"][0]
    add(client, setup["application"], interview_data(user, AREAS[0]))
    response = add(client, setup["application"], interview_data(user, AREAS[1]))
    assert response.status_code == 422
    assert "already interviews in this loop" in response.text
    assert "Each interviewer owns exactly one area." in response.text


def test_doubled_area_needs_confirmation_and_is_shown_as_second_rater(app, client, login, setup):
    login(setup["manager"])
    first, second = setup["panel"][:2]
    add(client, setup["application"], interview_data(first, AREAS[0]))
    refused = add(client, setup["application"], interview_data(second, AREAS[0]))
    assert refused.status_code == 422
    assert "is already covered by Interviewer 0" in refused.text
    accepted = add(client, setup["application"], interview_data(second, AREAS[0], second_rater="y"))
    assert accepted.status_code == 302
    page = client.get(f"/applications/{setup['application'].id}/loop", headers=EN).text
    assert "second rater" in page
    assert 'data-state="doubled"' in page
    with app.app_context():
        flags = db.session.scalars(select(Interview.second_rater).order_by(Interview.id)).all()
        assert flags == [False, True]


def test_second_rater_flag_alone_does_not_mark_a_first_rater(app, client, login, setup):
    login(setup["manager"])
    add(client, setup["application"], interview_data(setup["panel"][0], AREAS[0], second_rater="y"))
    with app.app_context():
        assert db.session.scalar(select(Interview.second_rater)) is False


@pytest.mark.parametrize("problem", ["inactive", "not_interviewer", "foreign_area", "bad_time"])
def test_invalid_assignments_are_refused(app, client, login, make_user, setup, problem):
    login(setup["manager"])
    user = setup["panel"][0]
    data = interview_data(user, AREAS[0])
    if problem == "inactive":
        data["interviewer_id"] = str(make_user("interviewer", active=False).id)
    elif problem == "not_interviewer":
        data["interviewer_id"] = str(make_user("recruiter").id)
    elif problem == "foreign_area":
        data["area_key"] = "kochen"
    else:
        data["starts_at"] = "morgen früh"
    response = add(client, setup["application"], data)
    assert response.status_code == 422
    assert 'class="field-errors"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Interview.id)) is None


def test_started_scorecard_keeps_interviewer_and_area(app, client, login, setup, make):
    login(setup["manager"])
    add(client, setup["application"], interview_data(setup["panel"][0], AREAS[0]))
    with app.app_context():
        interview = db.session.scalar(select(Interview))
    make("scorecard", interview)
    url = f"/interviews/{interview.id}/edit"
    moved = client.post(url, data=interview_data(setup["panel"][0], AREAS[1]), headers=EN)
    assert moved.status_code == 422
    assert "already started" in moved.text
    rescheduled = client.post(
        url, data=interview_data(setup["panel"][0], AREAS[0], starts_at="2026-12-04T14:00")
    )
    assert rescheduled.status_code == 302
    deleted = client.post(f"/interviews/{interview.id}/delete", headers=EN, follow_redirects=True)
    assert "has a scorecard and cannot be removed" in deleted.text
    with app.app_context():
        kept = db.session.get(Interview, interview.id)
        assert kept.area_key == AREAS[0]
        assert kept.scorecard is not None
        assert kept.starts_at.day == 4


def test_removing_coverage_sends_a_ready_loop_back_to_planning(app, client, login, setup):
    login(setup["manager"])
    for user, area in zip(setup["panel"], AREAS, strict=True):
        add(client, setup["application"], interview_data(user, area))
    client.post(f"/applications/{setup['application'].id}/loop/status", data={"status": "ready"})
    with app.app_context():
        interview_id = db.session.scalars(select(Interview.id)).first()
    assert client.post(f"/interviews/{interview_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Loop.status)) == "draft"
        assert db.session.get(Interview, interview_id) is None
        assert db.session.scalar(select(AuditEvent).filter_by(action="deleted")) is not None


def test_who_may_plan_the_loop(client, login, make_user, setup):
    application = setup["application"]
    url = f"/applications/{application.id}/loop"
    data = interview_data(setup["panel"][0], AREAS[0])
    login(make_user("recruiter"))
    assert client.get(url).status_code == 200
    assert add(client, application, data).status_code == 302
    client.post("/logout")
    login(make_user("hiring_manager"))
    assert client.get(url).status_code == 404
    assert add(client, application, data).status_code == 404
    client.post("/logout")
    login(setup["panel"][1])
    assert client.get(url).status_code == 403


def test_closed_requisition_refuses_changes(app, client, login, make_user, make):
    manager = make_user("hiring_manager")
    interviewer = make_user("interviewer")
    application = make("application", make("requisition", manager, status="closed"))
    login(manager)
    response = add(client, application, interview_data(interviewer, AREAS[0]))
    assert response.status_code == 422
    assert "closed" in response.text


def test_loop_page_queries_do_not_grow(client, login, setup, count_queries):
    login(setup["manager"])
    application = setup["application"]
    add(client, application, interview_data(setup["panel"][0], AREAS[0]))
    with count_queries() as one:
        client.get(f"/applications/{application.id}/loop")
    for user, area in zip(setup["panel"][1:], AREAS[1:], strict=True):
        add(client, application, interview_data(user, area))
    with count_queries() as six:
        client.get(f"/applications/{application.id}/loop")
    assert six.count == one.count

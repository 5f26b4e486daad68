"""Independence cannot be bypassed through the loop: leaving a candidate's panel without a
scorecard never opens the other scorecards to someone who can still rate the candidate.

Every path goes through the loop pages as a person would: hand the interview to someone
else and back, delete and re-add, change the area, swap two people, hold two roles, and
do it to oneself or to somebody else. The audit trail says what happened and why the
person's visibility changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from interview.db import utcnow
from interview.extensions import db
from interview.models import AuditEvent, Interview, PanelDeparture
from tests.factories import AREAS
from tests.test_compare import matrix_rows

EN = {"Accept-Language": "en"}
MARKER = "BELEG-VON-ANNA"
NO_REJOIN = "can no longer rate this candidate independently"
LEFT_REASON = "you left this candidate&#39;s panel without a scorecard"


@pytest.fixture
def panel(app, make_user, make):
    """Hanna (hiring manager and interviewer) owns the requisition and interviews Paula on
    area 3 without a scorecard yet; Anna and Ben submitted areas 1 and 2; Cem and Dora are
    free interviewers, Rita a recruiter who also interviews."""
    people = {
        "hanna": make_user(("hiring_manager", "interviewer"), name="Hanna Chef"),
        "anna": make_user("interviewer", name="Anna"),
        "ben": make_user("interviewer", name="Ben"),
        "cem": make_user("interviewer", name="Cem"),
        "dora": make_user("interviewer", name="Dora"),
        "rita": make_user(("recruiter", "interviewer"), name="Rita"),
        "ada": make_user(("admin", "interviewer"), name="Ada"),
        "admin": make_user("admin", name="Otto Admin"),
    }
    requisition = make("requisition", people["hanna"])
    paula = make("application", requisition, make("candidate", name="Paula"))
    loop = make("loop", paula, status="ready")
    past = utcnow() - timedelta(days=1)
    for name, area in (("anna", AREAS[0]), ("ben", AREAS[1])):
        interview = make("interview", loop, people[name], area, starts_at=past)
        make("scorecard", interview, submitted=True, rating=4, evidence=f"{MARKER} {name}")
    own = make("interview", loop, people["hanna"], AREAS[2])
    return {**people, "requisition": requisition, "paula": paula, "loop": loop, "own": own}


def results(client, panel) -> int:
    response = client.get(f"/applications/{panel['paula'].id}/results", headers=EN)
    assert (MARKER in response.text) is (response.status_code == 200)
    return response.status_code


def form(user, area: str, **overrides) -> dict:
    data = {"interviewer_id": str(user.id), "area_key": area, "starts_at": "2026-12-03T09:30",
            "duration_minutes": "45", "location": "Raum Elbe"}  # fmt: skip
    return data | overrides


def edit(client, interview_id: int, user, area: str, **overrides):
    return client.post(f"/interviews/{interview_id}/edit", data=form(user, area, **overrides),
                       headers=EN)  # fmt: skip


def add(client, panel, user, area: str, **overrides):
    return client.post(f"/applications/{panel['paula'].id}/loop/interviews",
                       data=form(user, area, **overrides), headers=EN)  # fmt: skip


def delete(client, interview_id: int):
    return client.post(f"/interviews/{interview_id}/delete", headers=EN)


def interview_of(app, panel, user) -> int | None:
    with app.app_context():
        return db.session.scalar(
            select(Interview.id).where(
                Interview.loop_id == panel["loop"].id, Interview.interviewer_id == user.id
            )
        )


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).filter_by(action=action)))


def departures(app) -> list[PanelDeparture]:
    with app.app_context():
        return list(db.session.scalars(select(PanelDeparture).order_by(PanelDeparture.id)))


# --- handing one's interview to someone else -------------------------------------------------


def test_hand_over_then_back_is_refused(app, client, login, panel):
    """Hand the interview to Cem, read every scorecard, take it back and score: the last
    step is refused, whichever way and area it is tried."""
    hanna, cem = panel["hanna"], panel["cem"]
    login(hanna)
    assert results(client, panel) == 403
    assert edit(client, panel["own"].id, cem, AREAS[2]).status_code == 302
    assert results(client, panel) == 200  # off the panel for good: sees as her role allows
    back = edit(client, panel["own"].id, hanna, AREAS[2])
    assert back.status_code == 422
    assert NO_REJOIN in back.text
    for area in (AREAS[2], AREAS[3]):
        again = add(client, panel, hanna, area, second_rater="y")
        assert again.status_code == 422
        assert NO_REJOIN in again.text
    assert interview_of(app, panel, hanna) is None
    assert interview_of(app, panel, cem) == panel["own"].id
    [left] = departures(app)
    assert (left.user_id, left.kind, left.area_key) == (hanna.id, "reassigned", AREAS[2])
    assert (left.replaced_by_id, left.actor_id) == (cem.id, hanna.id)
    [event] = events(app, "left_panel")
    assert "Hanna Chef left the panel of Paula" in event.summary
    assert "the interview went to Cem" in event.summary
    assert "can no longer rejoin" in event.summary


def test_hand_over_with_an_area_change_in_the_same_edit(app, client, login, panel):
    login(panel["hanna"])
    assert edit(client, panel["own"].id, panel["cem"], AREAS[3]).status_code == 302
    [left] = departures(app)
    assert (left.area_key, left.replaced_by_id) == (AREAS[2], panel["cem"].id)
    assert add(client, panel, panel["hanna"], AREAS[2]).status_code == 422


def test_changing_only_the_area_keeps_the_panel_member_blind(client, login, panel):
    login(panel["hanna"])
    assert edit(client, panel["own"].id, panel["hanna"], AREAS[3]).status_code == 302
    assert results(client, panel) == 403
    # rescheduling changes nothing either
    assert edit(client, panel["own"].id, panel["hanna"], AREAS[3],
                starts_at="2026-12-04T10:00").status_code == 302  # fmt: skip
    assert results(client, panel) == 403


# --- deleting one's interview -----------------------------------------------------------------


def test_delete_keeps_the_leaver_blind_and_readding_is_harmless(app, client, login, make, panel):
    hanna = panel["hanna"]
    login(hanna)
    assert delete(client, panel["own"].id).status_code == 302
    blocked = client.get(f"/applications/{panel['paula'].id}/results", headers=EN)
    assert blocked.status_code == 403
    assert LEFT_REASON in blocked.text
    assert MARKER not in blocked.text
    for fmt in ("csv", "xlsx", "json"):
        url = f"/applications/{panel['paula'].id}/results.{fmt}"
        assert client.get(url, headers=EN).status_code == 403
    compare = client.get(f"/requisitions/{panel['requisition'].id}/compare", headers=EN).text
    assert not matrix_rows(compare)["Paula"]["visible"]
    [event] = events(app, "left_panel")
    assert "the interview was deleted" in event.summary
    assert "stays blind" in event.summary
    # she never saw anything, so she may come back, and is blind until she submits
    assert add(client, panel, hanna, AREAS[2]).status_code == 302
    assert results(client, panel) == 403
    with app.app_context():
        own = db.session.get(Interview, interview_of(app, panel, hanna))
        make("scorecard", own, submitted=True)
    assert results(client, panel) == 200


def test_delete_then_someone_else_takes_the_area_over(app, client, login, panel):
    hanna = panel["hanna"]
    login(hanna)
    delete(client, panel["own"].id)
    assert results(client, panel) == 403
    assert add(client, panel, panel["cem"], AREAS[2]).status_code == 302
    assert results(client, panel) == 200
    assert NO_REJOIN in add(client, panel, hanna, AREAS[4]).text
    [left] = departures(app)
    assert left.replaced_by_id == panel["cem"].id
    assert left.replaced_at is not None
    [event] = events(app, "taken_over")
    assert "Cem took over" in event.summary
    assert "Hanna Chef, who may now see the panel's scorecards" in event.summary
    assert event.changes == {"replaced_by_id": [None, panel["cem"].id]}


def test_a_rater_already_on_the_area_is_no_takeover(app, client, login, make, panel):
    """Hanna was the second rater on Anna's area: deleting her leaves Anna there, which is
    no takeover; rescheduling Anna is none either; a new rater on the area is."""
    hanna, anna = panel["hanna"], panel["anna"]
    login(hanna)
    assert edit(client, panel["own"].id, hanna, AREAS[0], second_rater="y").status_code == 302
    delete(client, panel["own"].id)
    assert results(client, panel) == 403
    anna_interview = interview_of(app, panel, anna)
    assert edit(client, anna_interview, anna, AREAS[0],
                starts_at="2026-12-05T08:00").status_code == 302  # fmt: skip
    assert add(client, panel, panel["dora"], AREAS[5]).status_code == 302
    assert results(client, panel) == 403  # another area: no takeover
    dora = interview_of(app, panel, panel["dora"])
    assert edit(client, dora, panel["dora"], AREAS[0], second_rater="y").status_code == 302
    assert results(client, panel) == 200  # Dora moved onto Hanna's area: taken over


# --- two people, two roles, oneself or somebody else -------------------------------------------


def test_two_people_swapping_interviews(app, client, login, panel):
    """Hanna and Rita (recruiter, interviewing area 4) try to swap through the loop."""
    hanna, rita, cem = panel["hanna"], panel["rita"], panel["cem"]
    login(hanna)
    assert add(client, panel, rita, AREAS[3]).status_code == 302
    rita_interview = interview_of(app, panel, rita)
    # directly: refused, each interviewer owns one area of the loop
    assert edit(client, panel["own"].id, rita, AREAS[2]).status_code == 422
    # via Cem: Hanna hands over (and sees), then cannot take Rita's place
    assert edit(client, panel["own"].id, cem, AREAS[2]).status_code == 302
    refused = edit(client, rita_interview, hanna, AREAS[3])
    assert refused.status_code == 422
    assert NO_REJOIN in refused.text


def test_swapping_after_a_delete_keeps_both_honest(app, client, login, panel):
    """Hanna deletes hers (blind) and takes over Rita's interview: Hanna is back on the
    panel and blind until she submits; Rita was replaced, so she may see but never rejoin."""
    hanna, rita = panel["hanna"], panel["rita"]
    login(hanna)
    add(client, panel, rita, AREAS[3])
    rita_interview = interview_of(app, panel, rita)
    assert delete(client, panel["own"].id).status_code == 302
    assert edit(client, rita_interview, hanna, AREAS[3]).status_code == 302
    assert results(client, panel) == 403
    assert NO_REJOIN in add(client, panel, rita, AREAS[2]).text
    client.post("/logout")
    login(rita)
    assert results(client, panel) == 200
    # Hanna's own departure from area 3 stays open: nobody took it over yet
    assert [d.replaced_by_id for d in departures(app)] == [None, hanna.id]


def test_admin_who_also_interviews_stays_blind_after_deleting(app, client, login, panel):
    ada = panel["ada"]
    login(panel["hanna"])
    add(client, panel, ada, AREAS[4])
    client.post("/logout")
    login(ada)
    assert results(client, panel) == 403
    assert delete(client, interview_of(app, panel, ada)).status_code == 302
    assert results(client, panel) == 403
    summary = client.get("/calibration/interviewers", headers=EN).text
    assert "left out until you may see" in summary
    # handing it over instead: she sees, and may never come back
    assert add(client, panel, ada, AREAS[4]).status_code == 302
    assert edit(client, interview_of(app, panel, ada), panel["dora"], AREAS[4]).status_code == 302
    assert results(client, panel) == 200
    assert NO_REJOIN in add(client, panel, ada, AREAS[5]).text


def test_an_admin_handing_over_someone_elses_interview(app, client, login, panel):
    """Done to Hanna by an admin: the same rule, and the audit trail names the admin."""
    hanna, admin = panel["hanna"], panel["admin"]
    login(admin)
    assert edit(client, panel["own"].id, panel["cem"], AREAS[2]).status_code == 302
    assert NO_REJOIN in add(client, panel, hanna, AREAS[2]).text
    [event] = events(app, "left_panel")
    assert event.actor_id == admin.id
    assert "Hanna Chef left the panel of Paula" in event.summary
    [left] = departures(app)
    assert (left.user_id, left.actor_id) == (hanna.id, admin.id)
    client.post("/logout")
    login(hanna)
    assert results(client, panel) == 200


def test_a_replaced_interviewer_cannot_be_put_back_either(app, client, login, panel):
    """The rule does not depend on the roles someone holds today (roles change)."""
    login(panel["hanna"])
    assert add(client, panel, panel["cem"], AREAS[3]).status_code == 302
    cem_interview = interview_of(app, panel, panel["cem"])
    assert edit(client, cem_interview, panel["dora"], AREAS[3]).status_code == 302
    refused = edit(client, cem_interview, panel["cem"], AREAS[3])
    assert refused.status_code == 422
    assert "Cem left this candidate" in refused.text.replace("&#39;", "'")
    assert interview_of(app, panel, panel["cem"]) is None


def test_a_refused_rejoin_saves_nothing(app, client, login, panel):
    login(panel["hanna"])
    edit(client, panel["own"].id, panel["cem"], AREAS[2])
    before = (len(departures(app)), len(events(app, "created")), len(events(app, "updated")))
    add(client, panel, panel["hanna"], AREAS[3])
    edit(client, panel["own"].id, panel["hanna"], AREAS[2])
    after = (len(departures(app)), len(events(app, "created")), len(events(app, "updated")))
    assert after == before
    assert interview_of(app, panel, panel["cem"]) == panel["own"].id

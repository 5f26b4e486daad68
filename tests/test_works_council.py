"""The works council: sharing a requisition, and the documents it reads (submitted only)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interview import visibility
from interview.extensions import db
from interview.models import Decision, RequisitionShare
from interview.visibility import Facts, PanelState, Verdict
from tests.factories import AREAS


@pytest.fixture
def hiring(app, make_user, make):
    """A requisition with one candidate: one submitted scorecard, one draft, a decision."""
    owner = make_user("hiring_manager", name="Hanna Hiring")
    done = make_user("interviewer", name="Sven Submitted")
    pending = make_user("interviewer", name="Paula Pending")
    requisition = make("requisition", owner)
    application = make("application", requisition, make("candidate", name="Carla Council"))
    loop = make("loop", application)
    make("scorecard", make("interview", loop, done, AREAS[0]), submitted=True, rating=3,
         evidence="SUBMITTED-EVIDENCE stellte Zahlen vor")  # fmt: skip
    make("scorecard", make("interview", loop, pending, AREAS[1]), evidence="DRAFT-SECRET")
    with app.app_context():
        db.session.add(Decision(application_id=application.id, decision="advance",
                                reason="DECISION-REASON weiter", rule_result="open",
                                decided_by_id=owner.id))  # fmt: skip
        db.session.commit()
    return owner, requisition, application, pending


def share(client, login, owner, requisition, until: str = ""):
    login(owner)
    response = client.post(f"/council/requisitions/{requisition.id}/share", data={"until": until})
    client.post("/logout")
    return response


def test_shared_requisition_shows_submitted_scorecards_rule_and_decisions(
    client, login, login_as, hiring
):
    owner, requisition, _application, _pending = hiring
    assert share(client, login, owner, requisition).status_code == 302
    login_as("works_council")
    assert requisition.title in client.get("/council/").get_data(as_text=True)
    page = client.get(f"/council/requisitions/{requisition.id}").get_data(as_text=True)
    for shown in ("Carla Council", "SUBMITTED-EVIDENCE", "Sven Submitted", "DECISION-REASON",
                  "Hanna Hiring", "Version"):  # fmt: skip
        assert shown in page, shown
    # never drafts, never who has not submitted yet
    assert "DRAFT-SECRET" not in page
    assert "Paula Pending" not in page


def test_nothing_without_a_share_or_after_it_ended(app, client, login, login_as, hiring):
    owner, requisition, _application, _pending = hiring
    council = login_as("works_council")
    url = f"/council/requisitions/{requisition.id}"
    assert client.get(url).status_code == 404
    assert requisition.title not in client.get("/council/").get_data(as_text=True)
    with app.app_context():
        db.session.add(RequisitionShare(requisition_id=requisition.id, shared_by_id=owner.id,
                                        until=date.today() - timedelta(days=1)))  # fmt: skip
        db.session.commit()
    assert client.get(url).status_code == 404
    with app.app_context():
        db.session.get(RequisitionShare, requisition.id).until = date.today()
        db.session.commit()
    assert client.get(url).status_code == 200  # through its last day
    client.post("/logout")
    login(owner)
    assert client.post(f"/council/requisitions/{requisition.id}/share/revoke").status_code == 302
    client.post("/logout")
    login(council)
    assert client.get(url).status_code == 404


def test_works_council_reaches_no_hiring_page(client, login, login_as, hiring):
    owner, requisition, application, _pending = hiring
    share(client, login, owner, requisition)
    login_as("works_council")
    for url in (f"/requisitions/{requisition.id}", f"/applications/{application.id}/results",
                f"/applications/{application.id}/results.json", "/candidates/"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_a_council_member_on_the_panel_stays_blind_until_submitting(
    client, login, make_user, make, hiring
):
    owner, requisition, application, _pending = hiring
    share(client, login, owner, requisition)
    member = make_user(("works_council", "interviewer"))
    with client.application.app_context():
        loop = db.session.get(type(application), application.id).loop
        make("interview", loop, member, AREAS[2])
    login(member)
    page = client.get(f"/council/requisitions/{requisition.id}").get_data(as_text=True)
    assert "SUBMITTED-EVIDENCE" not in page
    assert "DECISION-REASON" not in page


def test_only_the_owner_or_an_admin_shares_and_not_into_the_past(
    client, login, login_as, make_user, hiring
):
    owner, requisition, _application, _pending = hiring
    login(make_user("hiring_manager"))
    url = f"/council/requisitions/{requisition.id}/share"
    assert client.post(url, data={"until": ""}).status_code == 404
    client.post("/logout")
    login(owner)
    client.post(url, data={"until": (date.today() - timedelta(days=3)).isoformat()})
    with client.application.app_context():
        assert db.session.get(RequisitionShare, requisition.id) is None
    page = client.get(f"/requisitions/{requisition.id}").get_data(as_text=True)
    assert 'id="works-council"' in page
    until = (date.today() + timedelta(days=30)).isoformat()
    client.post(url, data={"until": until})
    with client.application.app_context():
        assert db.session.get(RequisitionShare, requisition.id).until.isoformat() == until


def test_the_documents_take_the_same_queries_for_one_or_many_candidates(
    app, client, login, make_user, make, count_queries
):
    owner = make_user("hiring_manager")
    requisition = make("requisition", owner)
    make("council_share", requisition, owner)
    login(make_user("works_council"))

    def add_candidate():
        loop = make("loop", make("application", requisition))
        for area in AREAS[:2]:
            make("scorecard", make("interview", loop, make_user("interviewer"), area),
                 submitted=True)  # fmt: skip

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/council/requisitions/{requisition.id}").status_code == 200
        return counter.count

    add_candidate()
    one = queries()
    for _ in range(4):
        add_candidate()
    assert queries() == one


@pytest.mark.parametrize("state", list(PanelState))
@pytest.mark.parametrize(("scores_visible", "released"),
                         [("after_submit", False), ("after_debrief", False),
                          ("after_debrief", True)])  # fmt: skip
def test_council_pack_policy(state, scores_visible, released):
    """The works council sees what the hiring side sees, and is blind where anybody is."""
    council = Facts(state, False, scores_visible, released)
    hiring = Facts(state, True, scores_visible, released)
    assert visibility.council_pack(council, council_reads=False) is Verdict.NO_ACCESS
    assert visibility.council_pack(council, council_reads=True) is (
        visibility.blind(council) or Verdict.SEES
    )
    assert visibility.council_pack(hiring, council_reads=False) is visibility.results(hiring)
    if state in (PanelState.PENDING, PanelState.LEFT):
        assert not visibility.council_pack(council, council_reads=True).allowed

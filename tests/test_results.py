"""Consolidated scorecard page, profile chart and the decision record."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.models import Application, AuditEvent, Decision
from tests.factories import AREAS

EN = {"Accept-Language": "en"}


@pytest.fixture
def loop_with_cards(make_user, make):
    """A candidate with six interviews; ratings given per area (None: not submitted)."""

    def build(values, *, owner=None, evidence="Konkretes Beispiel mit Ergebnis und Zahlen, "
              "ausführlich genug für die Kalibrierung im Debriefing."):  # fmt: skip
        owner = owner or make_user("hiring_manager")
        requisition = make("requisition", owner)
        application = make("application", requisition)
        loop = make("loop", application, status="ready")
        panel = []
        for area, value in zip(AREAS, values, strict=True):
            for n, v in enumerate(value if isinstance(value, tuple) else (value,)):
                user = make_user("interviewer", name=f"Rater {area[:6]} {n}")
                interview = make("interview", loop, user, area)
                panel.append((user, interview))
                if v is None:
                    continue
                make("scorecard", interview, submitted=True, rating=v, insufficient=v == "n/a",
                     evidence=evidence)  # fmt: skip
        return {"owner": owner, "requisition": requisition, "application": application,
                "panel": panel}  # fmt: skip

    return build


@pytest.fixture
def query(app):
    """Run a function inside an app context (the test itself must not hold one: Flask-Babel
    would keep the first request's language for every later request)."""

    def run(fn):
        with app.app_context():
            return fn()

    return run


def page(client, world):
    return client.get(f"/applications/{world['application'].id}/results", headers=EN)


def test_consolidated_page_answers_does_this_person_meet_the_bar(client, login, loop_with_cards):
    world = loop_with_cards([4, 3, 3, 3, 2, 3])
    login(world["owner"])
    response = page(client, world)
    assert response.status_code == 200
    text = response.text
    assert "5 of 6 areas at 3 or higher, none below 2: meets the Senior bar." in text
    assert 'data-rule="meets"' in text
    assert text.count('data-state="rated"') == 6
    assert "shows level Lead" in text  # a 4 against a Senior target
    assert "shows level Mid-Level" in text
    assert "within the allowance for external candidates" in text
    assert "Konkretes Beispiel" in text
    assert 'data-flag="extreme"' in text  # the 4 sits at the end of the scale


def test_profile_chart_is_accessible_svg(client, login, loop_with_cards):
    world = loop_with_cards([4, 3, 3, "n/a", None, 3])
    login(world["owner"])
    text = page(client, world).text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="chart-title">Profile of' in svg
    assert "Beziehungstiefe &amp; Vertrauen: 4, expected 3" in svg
    assert "Customer Advocacy: insufficient evidence, expected 3" in svg
    assert "Portfolio Management: not rated yet, expected 3" in svg
    assert svg.count('class="expected"') == 7  # six areas and the legend
    assert svg.count('class="actual"') == 4 + 1


def test_not_decidable_while_areas_are_missing_or_insufficient(client, login, loop_with_cards):
    world = loop_with_cards([3, 3, 3, "n/a", None, 3])
    login(world["owner"])
    text = page(client, world).text
    assert (
        "Not decided yet: 1 more area at 3 or higher; "
        "Customer Advocacy, Portfolio Management at 2 or higher; "
        "not yet rated: Customer Advocacy, Portfolio Management." in text
    )
    assert 'data-rule="open"' in text
    # nobody else is on Customer Advocacy: the page says what to do
    assert "Customer Advocacy has only “insufficient evidence”: add a second interviewer" in text
    assert f'href="/applications/{world["application"].id}/loop#add-interview"' in text
    assert 'data-state="insufficient"' in text
    assert 'data-state="missing"' in text
    assert "Missing scorecards" in text


def test_two_raters_are_both_shown_with_their_mean(client, login, loop_with_cards):
    world = loop_with_cards([(4, 2), 3, 3, 3, 3, 3])
    login(world["owner"])
    text = page(client, world).text
    assert "Rater bezieh 0: 4; Rater bezieh 1: 2" in text
    assert "mean 3" in text
    assert 'data-flag="disagreement"' in text


def test_short_evidence_is_flagged(client, login, loop_with_cards):
    world = loop_with_cards([3, 3, 3, 3, 3, 3], evidence="gut")
    login(world["owner"])
    assert page(client, world).text.count('data-flag="short"') == 6


def test_who_sees_the_consolidated_scorecard(client, login, make_user, loop_with_cards):
    world = loop_with_cards([3, 3, 3, 3, 3, 3])
    url = f"/applications/{world['application'].id}/results"
    for user, status in [
        (world["owner"], 200), (make_user("recruiter"), 200), (make_user("admin"), 200),
        (make_user("hiring_manager"), 404), (world["panel"][0][0], 403),
    ]:  # fmt: skip
        login(user)
        assert client.get(url).status_code == status
        client.post("/logout")
    assert client.get(url).headers["Location"].startswith("/login")


def test_hiring_manager_on_the_panel_sees_results_only_after_submitting(
    client, login, make_user, make, loop_with_cards, query
):
    owner = make_user(("hiring_manager", "interviewer"))
    world = loop_with_cards([3, 3, 3, 3, 3, 3], owner=owner)
    loop = query(lambda: db.session.get(Application, world["application"].id).loop)
    own = make("interview", loop, owner, AREAS[0])
    login(owner)
    blocked = page(client, world)
    assert blocked.status_code == 403
    assert "Hidden until you submit your own scorecard." in blocked.text
    assert "Konkretes Beispiel" not in blocked.text
    make("scorecard", own, submitted=True)
    assert page(client, world).status_code == 200


def test_decision_against_the_rule_needs_a_reason(client, login, loop_with_cards, query):
    world = loop_with_cards([3, 3, 3, 3, 3, 3])
    login(world["owner"])
    url = f"/applications/{world['application'].id}/decision"
    refused = client.post(url, data={"decision": "reject", "reason": ""}, headers=EN)
    assert refused.status_code == 422
    assert "differs from the decision rule" in refused.text
    assert query(lambda: db.session.scalar(select(Decision))) is None
    reason = "Referenzen widersprechen den Angaben im Interview deutlich."
    response = client.post(url, data={"decision": "reject", "reason": reason}, headers=EN)
    assert response.status_code == 302
    decision = query(lambda: db.session.scalar(select(Decision)))
    assert (decision.decision, decision.rule_result, decision.reason) == ("reject", "meets", reason)
    status = query(lambda: db.session.get(Application, world["application"].id).status)
    assert status == "rejected"
    event = query(lambda: db.session.scalar(select(AuditEvent).filter_by(action="decided")))
    assert event.changes["decision"] == [None, "reject"]
    text = page(client, world).text
    assert reason in text
    assert "rule said: 6 of 6 areas at 3 or higher" in text


def test_decision_following_the_rule_needs_no_reason(client, login, loop_with_cards, query):
    world = loop_with_cards([3, 3, 3, 3, 3, 3])
    login(world["owner"])
    url = f"/applications/{world['application'].id}/decision"
    assert client.post(url, data={"decision": "hire", "reason": ""}).status_code == 302
    status = query(lambda: db.session.get(Application, world["application"].id).status)
    assert status == "hired"


def test_only_the_owner_or_an_admin_decides(client, login, make_user, loop_with_cards, query):
    world = loop_with_cards([3, 3, 3, 3, 3, 3])
    url = f"/applications/{world['application'].id}/decision"
    login(make_user("recruiter"))
    assert "Record decision" not in page(client, world).text
    assert client.post(url, data={"decision": "hire"}).status_code == 403
    assert query(lambda: db.session.scalar(select(Decision))) is None


def test_page_queries_do_not_grow_with_scorecards(client, login, make_user, loop_with_cards,
                                                   count_queries):  # fmt: skip
    owner = make_user("hiring_manager")
    few = loop_with_cards([3, None, None, None, None, None], owner=owner)
    many = loop_with_cards([(3, 4), (3, 2), 3, 3, 3, 3], owner=owner)
    login(owner)
    page(client, few)  # the framework version is parsed once per process, then cached
    with count_queries() as one:
        page(client, few)
    with count_queries() as eight:
        page(client, many)
    assert eight.count == one.count
    # the interviewers' and the owner's roles are not loaded: the page shows their names
    assert not [s for s in eight.statements if "FROM user_roles" in s], eight.statements

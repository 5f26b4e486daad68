"""The results page: the early verdict, the role's areas, amendments, status and debrief."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.db import utcnow
from interview.extensions import db
from interview.results.chart import HARD_BREAK, LABEL_ROOM, MAX_LINES, text_width, wrap
from tests.factories import AREAS
from tests.wide_bank import wide_bank

EN = {"Accept-Language": "en"}


@pytest.fixture
def rated(make_user, make):
    """A candidate on the Account-Manager framework (Senior, 3 in five areas, none below 2);
    ``values`` per area: a rating, "n/a" (insufficient evidence) or None (not submitted)."""

    def build(values, owner=None, **application_fields):
        owner = owner or make_user("hiring_manager")
        requisition = make("requisition", owner)
        application = make("application", requisition, **application_fields)
        loop = make("loop", application, status="ready")
        for area, value in zip(AREAS, values, strict=True):
            interview = make("interview", loop, make_user("interviewer"), area)
            if value is not None:
                make("scorecard", interview, submitted=True, rating=value,
                     insufficient=value == "n/a")  # fmt: skip
        return {"owner": owner, "application": application, "requisition": requisition}

    return build


def results_page(client, world, headers=EN):
    return client.get(f"/applications/{world['application'].id}/results", headers=headers)


def test_level_allowance_only_for_external_candidates(client, login, rated):
    external = rated([4, 3, 3, 3, 2, 3])
    internal = rated([4, 3, 3, 3, 2, 3], external["owner"], internal=True)
    login(external["owner"])
    text = results_page(client, external).text
    assert "shows level Mid-Level (within the allowance for external candidates)" in text
    text = results_page(client, internal).text
    assert "shows level Mid-Level" in text
    assert "within the allowance for external candidates" not in text


# --- a framework with 35 areas: only the role's areas, a readable chart ----------------------

REQUIRED = [f"kriterium-{n}" for n in (1, 2, 5, 6, 8, 9)]
EXTRA = "kriterium-20"


def wide_world(app, make_user, make, ratings):
    """A requisition on the 35-area framework requiring six areas; ``ratings`` per area id
    (a value, or a tuple for several raters). Returns owner and application."""
    from interview.frameworks.services import current_bank, ensure_stored

    with app.app_context():
        version_id = ensure_stored(current_bank().get("fuehrung")).id
        db.session.commit()
    owner = make_user("hiring_manager")
    requisition = make(
        "requisition", owner, title="Teamleitung Vertrieb", framework_version_id=version_id,
        target_level=None, required_areas=REQUIRED,
        decision_rule={"min_rating": "target", "min_areas": 5, "none_below": None},
    )  # fmt: skip
    application = make("application", requisition)
    loop = make("loop", application, status="ready")
    for area, values in ratings.items():
        for value in values if isinstance(values, tuple) else (values,):
            interview = make("interview", loop, make_user("interviewer"), area)
            make("scorecard", interview, submitted=True, rating=value)
    return {"owner": owner, "application": application, "requisition": requisition}


class TestWideFramework:
    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        return {**app_config, "QUESTION_BANK_PATH": str(wide_bank(tmp_path / "bank"))}

    @pytest.fixture
    def world(self, app, make_user, make):
        # targets (1 + n % 5): k1 2, k2 3, k5 1, k6 2, k8 4, k9 5; k20 1
        return wide_world(app, make_user, make, {
            "kriterium-1": (2, 3), "kriterium-2": 2, "kriterium-5": 4, "kriterium-6": 2,
            "kriterium-8": 5, EXTRA: 3,
        })  # fmt: skip

    def test_only_required_and_rated_areas_are_shown(self, client, login, world):
        login(world["owner"])
        text = results_page(client, world).text
        areas = text[text.index('class="rows area-results"') :]
        shown = re.findall(r'<li data-area="([^"]+)"', areas)
        assert shown == sorted_by_framework([*REQUIRED, EXTRA])
        svg = text[text.index("<svg") : text.index("</svg>")]
        assert sorted(re.findall(r'<g class="area [^"]*" data-area="([^"]+)"', svg)) == sorted(
            [*REQUIRED, EXTRA]
        )
        assert 'data-area="kriterium-3"' not in text
        assert re.search(r'<g class="area [^"]*extra[^"]*" data-area="kriterium-20"', svg)
        assert text.count("data-extra") == 1

    def test_rows_under_the_expectation_are_marked(self, client, login, world):
        login(world["owner"])
        svg = results_page(client, world).text
        svg = svg[svg.index("<svg") : svg.index("</svg>")]
        below = re.findall(r'<g class="area [^"]*below[^"]*" data-area="([^"]+)"', svg)
        assert below == ["kriterium-2"]  # rated 2 against a target of 3; kriterium-9 unrated
        assert "▼" in svg

    def test_german_chart_tooltips_and_numbers(self, client, login, world):
        login(world["owner"])
        text = results_page(client, world, {"Accept-Language": "de"}).text
        svg = text[text.index("<svg") : text.index("</svg>")]
        assert "<title>erwartet: 2</title>" in svg
        assert "2,5" in svg  # the mean of 2 and 3 in the German number format
        assert "2.5" not in text
        assert "expected:" not in svg
        assert "rating (mean)" not in svg
        assert "nicht bewertet" in svg  # kriterium-9


def sorted_by_framework(ids):
    return sorted(ids, key=lambda a: int(a.rsplit("-", 1)[1]))


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet="AÄBCDEFGHIMWÜßaeilmnrstw -/,()&0123456789", max_size=140))
def test_chart_labels_fit_their_column(title):
    lines = wrap(title)
    assert len(lines) <= MAX_LINES
    assert all(text_width(line) <= LABEL_ROOM for line in lines)
    if not lines or not lines[-1].endswith("…"):
        joined = "".join(lines).replace(HARD_BREAK, "")
        assert joined.replace(" ", "") == title.replace(" ", "")


def test_wide_upper_case_titles_wrap_instead_of_being_cut():
    lines = wrap("PERSONALREKRUTIERUNG, -AUSWAHL UND -EINSTELLUNG")
    assert lines == ["PERSONALREKRUTIERUNG,", "-AUSWAHL UND -EINSTELLUNG"]
    assert all(text_width(line) <= LABEL_ROOM for line in lines)
    # measured, not counted: the same letters in lower case fill more of the first line
    lower = wrap("personalrekrutierung, -auswahl und -einstellung")
    assert len(lower[0]) > len(lines[0])


# --- amendments --------------------------------------------------------------------------------


def _amend(app, world, area, rating, reason, by=None):
    """Record the submission and one amendment of ``area``'s card the way the kit does."""
    from interview.models import Interview, Scorecard, ScorecardRevision, User

    with app.app_context():
        card = db.session.scalars(
            db.select(Scorecard).join(Interview).where(
                Interview.loop_id == world["application"].loop.id, Interview.area_key == area)
        ).one()  # fmt: skip
        author = db.session.get(User, by.id) if by else card.author
        old = {"rating": card.rating, "insufficient_evidence": False, "evidence": card.evidence,
               "recommendation": "yes", "answers": []}  # fmt: skip
        new = {**old, "rating": rating, "recommendation": "no"}
        card.revisions += [
            ScorecardRevision(number=1, kind="submitted", author_id=card.author_id, content=old),
            ScorecardRevision(
                number=2, kind="amended", reason=reason, author_id=author.id, content=new
            ),
        ]
        card.rating, card.amended_at = rating, utcnow()
        db.session.commit()
        return card.id, author.name


def test_an_amendment_shows_reason_who_when_old_and_new(app, client, login, rated, make):
    world = rated([3, 3, 3, 3, 3, 3])
    with app.app_context():
        world["application"] = db.session.merge(world["application"])
        world["application"].loop  # noqa: B018  (load it while attached)
        db.session.expunge_all()
    reason = "Zahl beim Kunden nachgeprüft: 8 %, nicht 12 %."
    card_id, name = _amend(app, world, AREAS[1], 2, reason)
    login(world["owner"])
    text = results_page(client, world).text
    block = text[text.index(f'data-scorecard="{card_id}"') :]
    block = block[: block.index("</article>")]
    assert 'data-amendment="2"' in block
    assert f"by {name}" in block
    assert "rating 3 → 2" in block
    assert "recommendation Yes → No" in block
    assert reason in block
    # the verdict follows the amended rating
    assert "5 of 6 areas at 3 or higher, none below 2: meets the Senior bar." in text


def test_amendment_history_is_one_query_for_many_cards(app, rated, count_queries):
    from interview.models import Scorecard
    from interview.results.amendments import amendment_history

    world = rated([3, 3, 3, 3, 3, 3])
    with app.app_context():
        world["application"] = db.session.merge(world["application"])
        world["application"].loop  # noqa: B018
        db.session.expunge_all()
    card_id, _name = _amend(app, world, AREAS[0], 4, "Nachtrag")
    with app.app_context():
        cards = db.session.scalars(db.select(Scorecard)).all()
        with count_queries() as counted:
            history = amendment_history(cards)
        assert counted.count == 1
        assert list(history) == [card_id]
        (change,) = history[card_id]
        assert (change.old_rating, change.new_rating, change.reason) == (3, 4, "Nachtrag")
        assert change.new_recommendation == "no"


# --- status and debrief ----------------------------------------------------------------------


def _status_events(app, application_id):
    from interview.models import Application, AuditEvent

    with app.app_context():
        status = db.session.get(Application, application_id).status
        changes = db.session.scalars(
            db.select(AuditEvent.changes).where(
                AuditEvent.object_type == "applications", AuditEvent.object_id == application_id
            )
        ).all()
        return status, [c["status"] for c in changes if "status" in c]


def test_a_ready_loop_moves_a_new_candidate_to_interviewing(app, client, make_user, make, login):
    owner = make_user("hiring_manager")
    application = make("application", make("requisition", owner))
    loop = make("loop", application)
    for area in AREAS:
        make("interview", loop, make_user("interviewer"), area)
    login(owner)
    client.post(f"/applications/{application.id}/loop/status", data={"status": "ready"})
    assert _status_events(app, application.id) == ("interviewing", [["new", "interviewing"]])
    # back to draft and ready again: no second move, no second event
    client.post(f"/applications/{application.id}/loop/status", data={"status": "draft"})
    client.post(f"/applications/{application.id}/loop/status", data={"status": "ready"})
    assert _status_events(app, application.id) == ("interviewing", [["new", "interviewing"]])


def test_a_submitted_scorecard_moves_the_candidate_and_a_decision_finishes(
    app, client, make_user, make, login
):
    owner = make_user("hiring_manager")
    anna = make_user("interviewer")
    application = make("application", make("requisition", owner))
    interview = make("interview", make("loop", application), anna, AREAS[0],
                     starts_at=utcnow() - timedelta(hours=2))  # fmt: skip
    login(anna)
    evidence = "Konkretes Beispiel mit Zahlen und Ergebnis, " * 3
    data = {"q0_note": "Beispiel", "q0_asked": "y", "q0_outcome": "Vertrag verlängert",
            "rating": "3", "evidence": evidence}  # fmt: skip
    assert client.post(f"/assignments/{interview.id}/kit/submit", data=data).status_code == 303
    assert _status_events(app, application.id) == ("interviewing", [["new", "interviewing"]])
    client.post("/logout")
    login(owner)
    reason = "Zu wenig Erfahrung im Renewal."
    client.post(f"/applications/{application.id}/decision",
                data={"decision": "reject", "reason": reason})  # fmt: skip
    status, _moves = _status_events(app, application.id)
    assert status == "rejected"


def test_debrief_tally_of_recommendations(app, client, login, rated):
    from interview.models import Scorecard

    world = rated([3, 3, 3, 3, 3, 3])
    with app.app_context():
        cards = db.session.scalars(db.select(Scorecard).order_by(Scorecard.id)).all()
        for card, code in zip(cards, ["strong_yes", "yes", "yes", "no", None, "yes"], strict=True):
            card.recommendation = code
        db.session.commit()
    login(world["owner"])
    assert 'id="tally"' not in results_page(client, rated([3, 3, 3, 3, 3, 3], world["owner"])).text
    text = results_page(client, world).text
    tally = text[text.index('id="tally"') :]
    tally = re.sub(r"<[^>]+>|\s+", " ", tally[: tally.index("</p>")]).split("Recommendations:")[1]
    assert " ".join(tally.split()) == "1 Strong yes , 3 Yes , 1 No , 1 without recommendation"


def test_debrief_tally_follows_the_visibility_of_the_ratings(app, client, login, make_user, make):
    """An interviewer who has not submitted sees neither ratings nor the tally."""
    owner = make_user("hiring_manager")
    requisition = make("requisition", owner)
    application = make("application", requisition)
    loop = make("loop", application, status="ready")
    anna, ben = make_user("interviewer"), make_user("interviewer")
    make("scorecard", make("interview", loop, anna, AREAS[0]), submitted=True)
    make("interview", loop, ben, AREAS[1])
    login(ben)
    response = client.get(f"/applications/{application.id}/results", headers=EN)
    assert response.status_code in (403, 404)
    assert 'id="tally"' not in response.text


def test_a_scorecard_before_the_interview_is_flagged(app, client, make_user, make, login):
    owner = make_user("hiring_manager")
    anna = make_user("interviewer")
    application = make("application", make("requisition", owner))
    interview = make("interview", make("loop", application), anna, AREAS[0],
                     starts_at=utcnow() + timedelta(days=2))  # fmt: skip
    login(anna)
    evidence = "Konkretes Beispiel mit Zahlen und Ergebnis, " * 3
    data = {"q0_note": "Beispiel", "q0_asked": "y", "q0_outcome": "Vertrag verlängert",
            "rating": "3", "evidence": evidence}  # fmt: skip
    response = client.post(f"/assignments/{interview.id}/kit/submit", data=data,
                           headers=EN, follow_redirects=True)  # fmt: skip
    assert "Submitted before the interview&#39;s scheduled start" in response.text
    client.post("/logout")
    login(owner)
    text = client.get(f"/applications/{application.id}/results", headers=EN).text
    assert 'data-flag="early"' in text

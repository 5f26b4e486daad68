"""The reliability sample: which candidates get a second rater on one area, which area the
loop builder proposes, and how the coverage panel and the kit show it."""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview.extensions import db
from interview.models import Application, Interview, Requisition
from interview.quality.pairing import in_sample, plan_pairings
from interview.quality.sample import pair_counts, pairing_for
from tests import factories
from tests.factories import AREAS
from tests.test_requisitions import form_data

EN = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    ("share", "positions"),
    [(20, [5, 10, 15, 20]), (50, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]), (0, []),
     (100, list(range(1, 21))), (25, [4, 8, 12, 16, 20])],
)  # fmt: skip
def test_sample_spreads_the_share_evenly(share, positions):
    assert [p for p in range(1, 21) if in_sample(p, share)] == positions


@given(st.integers(0, 100), st.integers(1, 400))
def test_sample_size_follows_the_share(share, candidates):
    sampled = sum(in_sample(p, share) for p in range(1, candidates + 1))
    assert sampled == candidates * share // 100


@given(st.integers(1, 100), st.integers(1, 200), st.integers(1, 8))
def test_proposals_pair_every_area_within_one_of_the_others(share, candidates, areas):
    names = [f"area-{n}" for n in range(areas)]
    plan = plan_pairings(((n, None) for n in range(candidates)), names, share)
    counts = Counter(p.area for p in plan.values())
    spread = [counts[a] for a in names]
    assert max(spread) - min(spread) <= 1
    assert len(plan) == candidates * share // 100


def test_pairings_already_made_count_toward_the_balance():
    plan = plan_pairings([(1, "b"), (2, None), (3, None)], ["a", "b", "c"], 100)
    assert plan[1].done
    assert plan[1].area == "b"
    assert [plan[2].area, plan[3].area] == ["a", "c"]
    assert not plan[2].done


@pytest.mark.parametrize("share", [20, 100])
def test_loop_builder_over_50_candidates_pairs_each_area_about_equally(app, make_user, share):
    """Following every proposal of the loop builder for 50 candidates."""
    owner = make_user("hiring_manager")
    first, second = make_user("interviewer"), make_user("interviewer")
    with app.app_context():
        requisition = factories.requisition(owner, reliability_share=share)
        for _ in range(50):
            application = factories.application(requisition)
            loop = factories.loop(application)
            pairing = pairing_for(application)
            if pairing is None:
                continue
            assert not pairing.done
            factories.interview(loop, first, pairing.area)
            factories.interview(loop, second, pairing.area, second_rater=True)
            db.session.flush()
            assert pairing_for(db.session.get(Application, application.id)).done
        counts = pair_counts(db.session.get(Requisition, requisition.id))
        spread = [counts[a] for a in AREAS]
        assert sum(spread) == 50 * share // 100
        assert max(spread) - min(spread) <= 1


def test_coverage_panel_proposes_the_pairing_and_shows_it_done(app, client, login, make_user):
    owner = make_user("hiring_manager")
    first, second = make_user("interviewer"), make_user("interviewer")
    with app.app_context():
        requisition = factories.requisition(owner, reliability_share=100)
        application = factories.application(requisition)
        loop = factories.loop(application)
        factories.interview(loop, first, AREAS[0])
        db.session.commit()
        application_id, loop_id = application.id, loop.id
    login(owner)
    page = client.get(f"/applications/{application_id}/loop", headers=EN).text
    assert f'data-pairing="{AREAS[0]}" data-pairing-done="false"' in page
    assert "add a second rater for" in page
    prefilled = client.get(f"/applications/{application_id}/loop?pair={AREAS[0]}").text
    form = prefilled.split('id="add-interview"')[1]
    assert f'<option selected value="{AREAS[0]}">' in form
    assert re.search(r'<input checked[^>]*name="second_rater"', form)
    with app.app_context():
        factories.interview(db.session.get(factories.Loop, loop_id), second, AREAS[0],
                            second_rater=True)  # fmt: skip
        db.session.commit()
    page = client.get(f"/applications/{application_id}/loop", headers=EN).text
    assert f'data-pairing="{AREAS[0]}" data-pairing-done="true"' in page
    assert "second rater, rates alone" in page


def test_no_proposal_outside_the_sample(app, client, login, make_user):
    owner = make_user("hiring_manager")
    with app.app_context():
        requisition = factories.requisition(owner, reliability_share=0)
        application = factories.application(requisition)
        db.session.commit()
        application_id = application.id
    login(owner)
    page = client.get(f"/applications/{application_id}/loop", headers=EN).text
    assert "data-pairing=" not in page


@pytest.fixture
def pair(app, make_user):
    """One area given to a first rater and, on purpose, to a second one."""
    owner = make_user("hiring_manager")
    first, second = make_user("interviewer"), make_user("interviewer")
    with app.app_context():
        requisition = factories.requisition(owner)
        loop = factories.loop(factories.application(requisition))
        one = factories.interview(loop, first, AREAS[0])
        two = factories.interview(loop, second, AREAS[0], second_rater=True)
        db.session.commit()
        return SimpleNamespace(first=first, second=second, one_id=one.id, two_id=two.id,
                               requisition_id=requisition.id)  # fmt: skip


def test_kit_names_the_second_rater_role(client, login, pair):
    login(pair.second)
    page = client.get(f"/assignments/{pair.two_id}/kit", headers=EN).text
    assert 'data-role="second-rater"' in page
    assert "rate alone" in page
    login(pair.first)
    assert 'data-role="second-rater"' not in client.get(f"/assignments/{pair.one_id}/kit").text


def test_requisition_form_sets_the_share_and_refuses_nonsense(app, client, login_as):
    manager = login_as("hiring_manager")
    response = client.post("/requisitions/new", data=form_data(manager.id, reliability_share="33"))
    assert response.status_code == 302
    refused = client.post("/requisitions/new", headers=EN,
                          data=form_data(manager.id, reliability_share="120"))  # fmt: skip
    assert refused.status_code == 422
    assert "between 0 and 100" in refused.text
    with app.app_context():
        shares = db.session.scalars(db.select(Requisition.reliability_share)).all()
    assert shares == [33]
    page = client.get(response.headers["Location"], headers=EN).text
    assert 'data-reliability-share="33"' in page


def test_the_two_raters_of_an_area_stay_independent(app, client, login, pair):
    """The second rater sees the first rater's scorecard only after submitting their own."""
    with app.app_context():
        one, two = db.session.get(Interview, pair.one_id), db.session.get(Interview, pair.two_id)
        factories.scorecard(one, submitted=True, rating=4, evidence="Erstbewertung-Beleg-7731")
        card = factories.scorecard(two, rating=2, evidence="Zweitbewertung-Beleg")
        db.session.commit()
        card_id = card.id
    two_id, requisition_id = pair.two_id, pair.requisition_id
    login(pair.second)
    assert "Erstbewertung-Beleg-7731" not in client.get(f"/assignments/{two_id}/kit").text
    # nor can an interviewer read the pair's agreement figures
    assert client.get(f"/quality/requisitions/{requisition_id}/figures.json").status_code == 403
    with app.app_context():
        db.session.get(factories.Scorecard, card_id).submitted_at = factories.utcnow()
        db.session.commit()
    assert "Erstbewertung-Beleg-7731" in client.get(f"/assignments/{two_id}/kit").text

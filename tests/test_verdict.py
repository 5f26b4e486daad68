"""The early verdict over the whole rule space (property-based).

The oracle knows nothing of intervals: it lists, per area, every mean the area can still
end with (each planned scorecard gives any scale value or "insufficient evidence"; an
area still without a rating gets one more rater) and tries every combination.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.question_bank import load_bank
from interview.rules import DecisionRule
from interview.scoring import Expectation, Rating, area_results, evaluate_rule
from interview.verdict import decide, next_steps, outlook, words
from tests.conftest import BANK_PATH
from tests.factories import AREAS

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow],
)


def plain(text, **kw):
    return text % kw


def plain_n(singular, plural, num, **kw):
    return (singular if num == 1 else plural) % {"num": num, **kw}


@st.composite
def situations(draw, max_areas=5):
    """A scale, a rule over it, and per required area: its threshold, the ratings given so
    far (None: insufficient evidence) and the scorecards still to come."""
    size = draw(st.integers(3, 7))
    scale = list(range(1, size + 1))
    count = draw(st.integers(1, max_areas))
    rule = DecisionRule(
        draw(st.sampled_from([*scale, "target"])),
        draw(st.sampled_from([*range(1, count + 1), "all"])),
        draw(st.sampled_from([None, *scale])),
    )
    areas = []
    for n in range(count):
        given_ = draw(st.lists(st.sampled_from([*scale, None]), max_size=3))
        pending = draw(st.integers(0, 2))
        target = draw(st.sampled_from(scale))
        areas.append((f"a{n}", given_, pending, rule.threshold(target)))
    return scale, rule, areas


def mean(values):
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 2) if values else None


def outlooks_of(scale, areas):
    return [
        outlook(area_id, mean(given_), pending, threshold, scale[0], scale[-1],
                insufficient=bool(given_))
        for area_id, given_, pending, threshold in areas
    ]  # fmt: skip


def final_means(scale, given_, pending):
    """Every mean the area can end with, by brute force: a rated area keeps its mean; an
    unrated one gets its planned scorecards (each any value or "insufficient evidence"),
    and one more rater if still nobody rated it."""
    if mean(given_) is not None:
        return {mean(given_)}
    means = set()
    for outcome in itertools.product([*scale, None], repeat=pending):
        values = [v for v in outcome if v is not None]
        for added in [[]] if values else [[v] for v in scale]:
            means.add(mean(values + added))
    return means


def completions_meet(scale, rule, areas):
    """For every combination of final means: does the rule pass?"""
    floor = rule.none_below
    per_area = []
    for _id, given_, pending, threshold in areas:
        per_area.append({(m >= threshold, floor is None or m >= floor)
                         for m in final_means(scale, given_, pending)})  # fmt: skip
    needed = rule.needed(len(areas))
    return {
        sum(p for p, _ in combo) >= needed and all(ok for _, ok in combo)
        for combo in itertools.product(*per_area)
    }


@SETTINGS
@given(situations())
def test_the_early_verdict_is_exactly_what_is_certain(situation):
    scale, rule, areas = situation
    result = decide(rule, outlooks_of(scale, areas))
    outcomes = completions_meet(scale, rule, areas)
    if result.code == "meets":
        assert outcomes == {True}
    elif result.code == "below":
        assert outcomes == {False}
    else:  # open: the missing ratings can still go either way
        assert outcomes == {True, False}


@SETTINGS
@given(situations())
def test_counts_bound_every_completion(situation):
    scale, rule, areas = situation
    result = decide(rule, outlooks_of(scale, areas))
    assert 0 <= result.passing <= result.possible <= result.total == len(areas)
    for area_id, given_, pending, _threshold in areas:
        means = final_means(scale, given_, pending)
        if area_id in result.below_floor:
            assert all(m < rule.none_below for m in means)
        if area_id not in result.undecided:
            assert len(means) == 1


@SETTINGS
@given(situations())
def test_open_words_say_what_is_missing(situation):
    scale, rule, areas = situation
    result = decide(rule, outlooks_of(scale, areas))
    titles = {area_id: f"Bereich {area_id}" for area_id, *_ in areas}
    text = words(result, titles, "Senior", plain, plain_n)
    if result.code == "open":
        assert text.startswith("Not decided yet: ")
        for area_id in result.unrated:
            assert titles[area_id] in text
        if result.passing < result.needed:
            assert f"{result.needed - result.passing} more area" in text
    else:
        assert "Not decided" not in text
        assert next_steps(result, titles, plain) == []


@pytest.fixture(scope="module")
def am():
    return load_bank(BANK_PATH).get("account-manager")


@SETTINGS
@given(
    rule=st.builds(
        DecisionRule,
        st.sampled_from([1, 2, 3, 4, "target"]),
        st.sampled_from([1, 2, 3, 4, 5, 6, "all"]),
        st.sampled_from([None, 1, 2, 3, 4]),
    ),
    now=st.lists(st.lists(st.sampled_from([1, 2, 3, 4, None]), max_size=2), min_size=6,
                 max_size=6),
    later=st.lists(st.lists(st.sampled_from([1, 2, 3, 4, None]), max_size=2), min_size=6,
                   max_size=6),
    extra=st.lists(st.sampled_from([1, 2, 3, 4]), min_size=6, max_size=6),
)  # fmt: skip
def test_the_results_never_contradict_a_completed_loop(am, rule, now, later, extra):
    """End to end through ``area_results``: what the page says early still holds once the
    unrated areas got their planned scorecards (``later``) and, if still unrated, one more
    rater."""
    expectation = Expectation(tuple(AREAS), "senior", {}, rule, 1, (1, 2, 3, 4))

    def ratings(per_area):
        return [Rating(area, f"R{n}", v) for area, values in zip(AREAS, per_area, strict=True)
                for n, v in enumerate(values)]  # fmt: skip

    early = evaluate_rule(
        expectation,
        area_results(am, expectation, ratings(now)),
        {area: len(values) for area, values in zip(AREAS, later, strict=True)},
    )
    done = [a if any(x is not None for x in a) else a + b for a, b in zip(now, later, strict=True)]
    done = [
        v if any(x is not None for x in v) else [*v, e] for v, e in zip(done, extra, strict=True)
    ]
    final = evaluate_rule(expectation, area_results(am, expectation, ratings(done)))
    assert final.decidable
    if early.decidable:
        assert early.code == final.code
    assert early.passing <= final.passing or final.code == "below"


def test_the_reported_case_is_below_at_once(am):
    """Portfolio Management rated 1 under "none below 2", one area still unrated."""
    rule = DecisionRule(3, 5, 2)
    expectation = Expectation(tuple(AREAS), "senior", {}, rule, 1, (1, 2, 3, 4))
    given_ = [Rating(a, "R", v) for a, v in zip(AREAS[:5], [3, 3, 3, 3, 1], strict=True)]
    result = evaluate_rule(expectation, area_results(am, expectation, given_))
    assert result.code == "below"
    assert result.below_floor == ("portfolio-management",)


def test_only_insufficient_evidence_says_what_to_do(am):
    expectation = Expectation(tuple(AREAS), "senior", {}, DecisionRule(3, 5, 2), 1, (1, 2, 3, 4))
    given_ = [Rating(a, "R", v) for a, v in zip(AREAS, [3, 3, 3, 3, 3, None], strict=True)]
    result = evaluate_rule(expectation, area_results(am, expectation, given_))
    titles = {a.id: a.title for a in am.areas}
    assert result.code == "open"
    assert next_steps(result, titles, plain) == [
        "Problemlösung & Eskalation has only “insufficient evidence”: add a second "
        "interviewer on this area."
    ]
    # with a second interviewer planned, the area is on its way: nothing more to do
    planned = evaluate_rule(expectation, area_results(am, expectation, given_), {AREAS[5]: 1})
    assert next_steps(planned, titles, plain) == []

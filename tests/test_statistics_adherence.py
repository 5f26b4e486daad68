"""Adherence: notes, probes, punctuality; early submissions apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview.statistics.adherence import CardProcess, Share, adherence, timing

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


def card(rater="ann", submitted=END + timedelta(hours=2), questions=(4, 3), probes=(4, 2)):
    return CardProcess(rater, questions[0], questions[1], probes[0], probes[1], START, END,
                       submitted)  # fmt: skip


def test_timing():
    assert timing(card(submitted=END + timedelta(hours=24))) == "on_time"
    assert timing(card(submitted=END + timedelta(hours=24, seconds=1))) == "late"
    assert timing(card(submitted=START + timedelta(minutes=50))) == "on_time"  # ended early
    assert timing(card(submitted=START - timedelta(seconds=1))) == "early"
    assert timing(card(submitted=None)) == "open"
    assert timing(card(submitted=None), now=END + timedelta(hours=23)) == "open"
    assert timing(card(submitted=None), now=END + timedelta(hours=25)) == "late"
    assert timing(card(submitted=END + timedelta(hours=3)), window=timedelta(hours=2)) == "late"


def test_adherence_per_rater():
    cards = [
        card("ann", questions=(4, 4), probes=(4, 4)),
        card("ann", submitted=START - timedelta(days=1), questions=(4, 1), probes=(4, 0)),
        card("ann", submitted=END + timedelta(days=3), questions=(5, 5), probes=(5, 1)),
        card("ann", submitted=None, questions=(4, 0), probes=(4, 0)),  # a draft: not counted
        card("bob", questions=(3, 0), probes=(0, 0)),
    ]
    ann, bob = adherence(cards)
    assert ann.rater == "ann"
    assert ann.submitted == 3
    assert ann.notes == Share(10, 13)
    assert ann.probes == Share(5, 13)
    # the early card is neither on time nor late, but it is no success either
    assert ann.on_time == Share(1, 3)
    assert (ann.early, ann.late) == (1, 1)
    assert bob.notes.value == 0.0
    assert bob.probes.value is None  # no probes asked of bob: no share, not 0 %


def test_with_now_a_missing_card_past_the_window_is_late():
    cards = [card(), card(submitted=None)]
    (without,) = adherence(cards)
    assert without.on_time == Share(1, 1)
    (with_now,) = adherence(cards, now=END + timedelta(days=2))
    assert with_now.on_time == Share(1, 2)
    assert with_now.late == 1
    assert with_now.submitted == 1

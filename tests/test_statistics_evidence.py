"""Evidence quality: no outcome stated, copied between candidates, far shorter than the panel."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.statistics.evidence import (
    CopiedPair,
    EvidenceCard,
    EvidenceFlag,
    copied_pairs,
    evidence_flags,
    no_outcome,
    short_against_panel,
    states_outcome,
)
from interview.statistics.similarity import jaccard, shingles, similar_pairs, words

PROPERTY = settings(max_examples=80, deadline=None, derandomize=True, database=None)

STORY = (
    "Sie hat den Kunden nach dem Ausfall selbst angerufen, die Eskalation mit dem Support "
    "geführt und jede Woche einen Stand an die Geschäftsführung geschickt."
)


@pytest.mark.parametrize(
    "text",
    [
        "Verlängerung um drei Jahre, Umsatz plus 12 %",
        "Renewal rate went from 80% to 95%",
        "Das Ergebnis: der Kunde blieb.",
        "Sie hat die Kündigungsquote deutlich gesenkt.",
        "Umsatzsteigerung im Bestandsgeschäft",
        "Churn was reduced after the new onboarding.",
        "They won the account back.",
        "Der Vertrag wurde abgeschlossen.",
    ],
)
def test_texts_with_a_result(text):
    assert states_outcome(text)


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        "Hat gut erklärt, wie sie mit schwierigen Kunden spricht.",
        "Talked about a wonderful team and her way of working.",  # "won" only inside a word
        "",
    ],
)
def test_texts_without_a_result(text):
    assert not states_outcome(text)


def test_no_outcome_needs_both_no_probe_and_no_result():
    assert no_outcome(EvidenceCard(1, "c1", "ann", STORY, probes_ticked=0))
    assert not no_outcome(EvidenceCard(1, "c1", "ann", STORY, probes_ticked=1))
    assert not no_outcome(EvidenceCard(1, "c1", "ann", STORY + " Ergebnis: 3 neue Module."))


def test_copied_between_candidates_after_normalising():
    cards = [
        EvidenceCard(1, "c1", "ann", STORY),
        EvidenceCard(2, "c2", "ann", "  " + STORY.upper().replace(",", " ;") + "\n"),
        EvidenceCard(3, "c2", "bob", STORY),  # same candidate as card 2: not copying
        EvidenceCard(4, "c3", "cem", "Ganz andere Geschichte über einen Kunden, der blieb."),
    ]
    assert copied_pairs(cards) == [CopiedPair(1, 2, 1.0), CopiedPair(1, 3, 1.0)]


def test_near_copies_count_and_edited_texts_do_not():
    near = STORY.replace("jede Woche", "jede zweite Woche")
    rewritten = "Nach dem Ausfall rief sie den Kunden an und führte die Eskalation selbst."
    cards = [
        EvidenceCard(1, "c1", "ann", STORY),
        EvidenceCard(2, "c2", "bob", near),
        EvidenceCard(3, "c3", "ann", rewritten),
    ]
    found = copied_pairs(cards)
    assert [(p.first, p.second) for p in found] == [(1, 2)]
    assert 0.8 <= found[0].similarity < 1
    assert copied_pairs(cards, threshold=0.95) == []


def test_short_texts_are_not_called_copies():
    cards = [EvidenceCard(1, "c1", "ann", "Gute Antwort, klar."),
             EvidenceCard(2, "c2", "ann", "Gute Antwort, klar.")]  # fmt: skip
    assert copied_pairs(cards) == []
    assert len(copied_pairs(cards, min_words=3)) == 1


token_sets = st.lists(
    st.frozensets(st.integers(min_value=0, max_value=12), max_size=8), max_size=14
)


@PROPERTY
@given(token_sets, st.sampled_from([0.3, 0.5, 0.7, 0.8, 1.0]))
def test_prefix_filter_finds_exactly_the_pairs_brute_force_finds(sets, threshold):
    brute = [
        (i, j, jaccard(sets[i], sets[j]))
        for i, j in itertools.combinations(range(len(sets)), 2)
        if sets[i] and sets[j] and jaccard(sets[i], sets[j]) >= threshold
    ]
    assert similar_pairs(sets, threshold) == brute


def test_words_and_shingles():
    assert words("Ärger,  ÜBER\tdie   Straße!") == ["ärger", "über", "die", "strasse"]
    assert shingles(["a", "b", "c", "d"]) == {("a", "b", "c"), ("b", "c", "d")}
    assert shingles(["a", "b"]) == {("a", "b")}
    assert shingles([]) == frozenset()
    with pytest.raises(ValueError, match="threshold"):
        similar_pairs([], 0)


def test_far_shorter_than_the_panel():
    long = "x" * 300
    cards = [
        EvidenceCard(1, "c1", "ann", long),
        EvidenceCard(2, "c1", "bob", "y" * 240),
        EvidenceCard(3, "c1", "cem", "Passt."),
        EvidenceCard(4, "c2", "ann", "kurz"),  # alone with one other card: no median
        EvidenceCard(5, "c2", "bob", long),
    ]
    (short,) = short_against_panel(cards)
    assert short.card == 3
    assert short.length == 6
    assert short.panel_median == 270
    assert [s.card for s in short_against_panel(cards, min_panel=1)] == [3, 4]


def test_evidence_flags_per_card():
    cards = [
        EvidenceCard(1, "c1", "ann", STORY),
        EvidenceCard(2, "c2", "ann", STORY, probes_ticked=2),
        EvidenceCard(3, "c2", "bob", STORY + " Ergebnis: Verlängerung um 2 Jahre. " * 3),
        EvidenceCard(4, "c2", "cem", "Kurz.", probes_ticked=1),
    ]
    flags = evidence_flags(cards)
    assert flags[1] == {EvidenceFlag.NO_OUTCOME, EvidenceFlag.COPIED}
    assert flags[2] == {EvidenceFlag.COPIED}
    assert flags[3] == frozenset()
    assert flags[4] == {EvidenceFlag.SHORT}

"""Evidence quality: flags for evidence that states no outcome, evidence copied between
candidates, and evidence far shorter than the rest of the panel's on the same candidate.

The outcome check is deliberately conservative, since a wrong flag accuses an interviewer:
a card is flagged only when no outcome probe was ticked AND its text holds none of the
signs of a result, which are any digit (figures, percentages, counts), a currency or
percent sign, or one of a short list of German and English result words (stems, matched
inside words so that German compounds such as "Umsatzsteigerung" count).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import median

from interview.statistics.similarity import shingles, similar_pairs, words

COPY_THRESHOLD = 0.8  # shingle Jaccard from which two texts count as copied
COPY_MIN_WORDS = 8  # shorter texts ("good answer") match by chance, not by copying
SHORT_RATIO = 1 / 3  # shorter than a third of the panel's median length
SHORT_MIN_PANEL = 2  # other cards on the candidate needed for a median worth comparing

_STEMS_ANYWHERE = (
    "ergebnis", "resultat", "erfolg", "erreich", "steiger", "gesenkt", "senkung", "reduz",
    "verbesser", "erhöh", "gewonnen", "gewinn", "verlänger", "abgeschlossen", "abschluss",
    "gespart", "einspar", "ersparn", "wachstum", "gewachsen", "gelöst", "umsatz", "verdoppel",
    "halbiert", "result", "outcome", "achiev", "increas", "reduc", "improv", "saving",
    "growth", "renew", "retain", "retention", "doubl", "halved", "resolved",
)  # fmt: skip
_WHOLE_WORDS = ("grew", "grown", "won", "saved", "closed", "signed", "cut", "raised")
_OUTCOME = re.compile(
    r"[\d%€$£]|" + "|".join(_STEMS_ANYWHERE) + r"|\b(?:" + "|".join(_WHOLE_WORDS) + r")\b"
)


class EvidenceFlag(StrEnum):
    NO_OUTCOME = "no_outcome"
    COPIED = "copied"
    SHORT = "short"


@dataclass(frozen=True)
class EvidenceCard:
    """One submitted scorecard's evidence: the text (evidence and notes, as the caller
    joins them) and how many outcome probes were ticked."""

    card: Hashable
    candidate: Hashable
    rater: Hashable
    text: str
    probes_ticked: int = 0


@dataclass(frozen=True)
class CopiedPair:
    first: Hashable  # card ids, first in input order
    second: Hashable
    similarity: float  # 1.0: identical after normalising case, punctuation and layout


@dataclass(frozen=True)
class ShortEvidence:
    card: Hashable
    length: int  # characters, layout collapsed
    panel_median: float


def states_outcome(text: str) -> bool:
    """Whether the text shows any sign of a result (see the module docstring)."""
    return bool(_OUTCOME.search(text.casefold()))


def no_outcome(card: EvidenceCard) -> bool:
    """No outcome probe ticked and no sign of a result in the text."""
    return card.probes_ticked == 0 and not states_outcome(card.text)


def copied_pairs(
    cards: Sequence[EvidenceCard],
    threshold: float = COPY_THRESHOLD,
    min_words: int = COPY_MIN_WORDS,
) -> list[CopiedPair]:
    """Pairs of cards on different candidates (by the same or different raters) whose
    texts of ``min_words`` words or more are near-identical."""
    tokens = [words(card.text) for card in cards]
    sets = [shingles(t) if len(t) >= min_words else frozenset() for t in tokens]
    return [
        CopiedPair(cards[i].card, cards[j].card, similarity)
        for i, j, similarity in similar_pairs(sets, threshold)
        if cards[i].candidate != cards[j].candidate
    ]


def text_length(text: str) -> int:
    return len(" ".join(text.split()))


def short_against_panel(
    cards: Iterable[EvidenceCard],
    ratio: float = SHORT_RATIO,
    min_panel: int = SHORT_MIN_PANEL,
) -> list[ShortEvidence]:
    """Cards whose text is shorter than ``ratio`` times the median of the other cards on
    the same candidate (at least ``min_panel`` of them), in input order."""
    cards = list(cards)
    by_candidate: dict[Hashable, list[EvidenceCard]] = defaultdict(list)
    for card in cards:
        by_candidate[card.candidate].append(card)
    found = []
    for card in cards:
        others = [text_length(c.text) for c in by_candidate[card.candidate] if c is not card]
        if len(others) < min_panel:
            continue
        length, panel = text_length(card.text), median(others)
        if length < ratio * panel:
            found.append(ShortEvidence(card.card, length, panel))
    return found


def evidence_flags(cards: Sequence[EvidenceCard]) -> dict[Hashable, frozenset[EvidenceFlag]]:
    """Every card's flags (an empty set when none), with the default thresholds."""
    flags: dict[Hashable, set[EvidenceFlag]] = {card.card: set() for card in cards}
    for card in cards:
        if no_outcome(card):
            flags[card.card].add(EvidenceFlag.NO_OUTCOME)
    for pair in copied_pairs(cards):
        flags[pair.first].add(EvidenceFlag.COPIED)
        flags[pair.second].add(EvidenceFlag.COPIED)
    for short in short_against_panel(cards):
        flags[short.card].add(EvidenceFlag.SHORT)
    return {card: frozenset(found) for card, found in flags.items()}

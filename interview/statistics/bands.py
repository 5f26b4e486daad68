"""Plain-language bands of an agreement figure, and the floor below which it is hidden.

Codes, not words: the views translate them. The thresholds are Krippendorff's (2004):
alpha >= .800 can be relied on, .667 <= alpha < .800 allows tentative conclusions only,
below that the raters should talk in calibration. We apply the same bands to ICC(1,1) so
that one page reads one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Band(StrEnum):
    RELIABLE = "reliable"
    TENTATIVE = "tentative"
    DISCUSS = "discuss"  # below the tentative threshold: a topic for calibration
    TOO_FEW = "too_few"  # below the floor: the figure must not be shown at all
    UNDEFINED = "undefined"  # enough data, but nobody varied: the figure is 0/0


@dataclass(frozen=True)
class Thresholds:
    reliable: float = 0.800
    tentative: float = 0.667


@dataclass(frozen=True)
class Floor:
    """The least evidence for which a figure is shown: candidates with two or more
    ratings (``units``) and pairs of raters on the same candidate (``pairs``)."""

    units: int = 10
    pairs: int = 10

    def met_by(self, units: int, pairs: int) -> bool:
        return units >= self.units and pairs >= self.pairs


DEFAULT_THRESHOLDS = Thresholds()
DEFAULT_FLOOR = Floor()


def band_of(value: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Band:
    """The band of a figure that cleared the floor; None (undefined) gives UNDEFINED."""
    if value is None:
        return Band.UNDEFINED
    if value >= thresholds.reliable:
        return Band.RELIABLE
    return Band.TENTATIVE if value >= thresholds.tentative else Band.DISCUSS

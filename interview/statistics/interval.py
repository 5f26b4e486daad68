"""A confidence interval, the one shape every module returns."""

from __future__ import annotations

from dataclasses import dataclass

LEVEL = 0.95  # the level of every interval unless a caller asks otherwise


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    level: float = LEVEL

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high

"""The interviewer-statistics switch (``INTERVIEWER_STATISTICS``): every page and export
that shows figures per interviewer asks this module whether, and how, to show them.

- ``off``: no per-interviewer figures at all;
- ``aggregate``: the figures without names or ids, ordered by the figure itself so that
  the order gives nobody away;
- ``personal``: with names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from flask import current_app

OFF, AGGREGATE, PERSONAL = "off", "aggregate", "personal"
SWITCH_VALUES = (OFF, AGGREGATE, PERSONAL)

T = TypeVar("T")


def statistics_mode() -> str:
    return current_app.config["INTERVIEWER_STATISTICS"]


def follow(rows: Sequence[T], anonymous: Callable[[T], T], order: Callable[[T], Any]) -> list[T]:
    """``rows`` as the switch allows: none, anonymised and ordered by ``order``, or as they
    are."""
    mode = statistics_mode()
    if mode == OFF:
        return []
    if mode == AGGREGATE:
        return sorted((anonymous(row) for row in rows), key=order)
    return list(rows)


def interviewer_summary(report: Any) -> Any:
    """The calibration page's per-interviewer summary as the switch allows."""
    summaries = follow(
        report.summaries,
        lambda s: replace(s, interviewer_id=0, name=""),
        lambda s: (s.estimate is None, s.estimate or 0, s.scorecards),
    )
    return replace(report, summaries=summaries)

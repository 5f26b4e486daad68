"""The quality settings, checked when the app starts: a typo must neither show names the
installation meant to hide nor fail later on a page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interview.quality.switch import SWITCH_VALUES

MINIMUMS = ("QUALITY_MIN_UNITS", "QUALITY_MIN_PAIRS", "QUALITY_MIN_RATER_N", "QUALITY_MIN_GROUP")


def check_settings(config: Mapping[str, Any]) -> None:
    """Raise ValueError naming the first setting that cannot be used."""
    value = config["INTERVIEWER_STATISTICS"]
    if value not in SWITCH_VALUES:
        raise ValueError(
            f"INTERVIEWER_STATISTICS must be one of {', '.join(SWITCH_VALUES)}, not {value!r}"
        )
    for name in MINIMUMS:
        number = config[name]
        if isinstance(number, bool) or not isinstance(number, int) or number < 2:
            raise ValueError(f"{name} must be a whole number of at least 2, not {number!r}")
    attributes = config["GROUP_ATTRIBUTES"] or {}
    if not isinstance(attributes, Mapping) or not all(
        isinstance(answers, list | tuple) and answers and all(isinstance(a, str) for a in answers)
        for answers in attributes.values()
    ):
        raise ValueError(
            "GROUP_ATTRIBUTES must map each attribute to a list of its answers, "
            'e.g. {"gender": ["female", "male", "diverse"]}'
        )
    roles = config["GROUP_STATISTICS_ROLES"]
    if isinstance(roles, str) or not all(isinstance(r, str) for r in roles):
        raise ValueError('GROUP_STATISTICS_ROLES must be a list of roles, e.g. ["admin"]')

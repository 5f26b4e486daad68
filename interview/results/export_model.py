"""What every export of a candidate shows beyond the consolidated scorecard, and the labels
its cells carry: the role's areas, the passing count even while the rule is open, the
amendments, human labels for stored codes (in the language the caller forced)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_datetime, gettext

from interview.labels import AREA_STATE
from interview.results.amendments import Amendment
from interview.results.export_files import Cell
from interview.results.services import Consolidated
from interview.scoring import AreaResult, role_areas

HIDDEN = "hidden"  # a row whose ratings the viewer may not see yet (independent scoring)


@dataclass
class CandidateExport:
    """One candidate's consolidated scorecard with what only the exports show."""

    result: Consolidated
    areas: list[AreaResult]  # the role's areas: required ones and rated extras
    passing: int  # areas at or above the bar, counted even while the rule is open
    amendments: dict[int, list[Amendment]]  # by scorecard id


def candidate_export(result: Consolidated) -> CandidateExport:
    # the rule counts the areas that pass whatever is still to come, also while open
    return CandidateExport(result, role_areas(result.areas), result.rule.passing, result.amendments)


# --- labels ----------------------------------------------------------------------------------


def label(table: dict, code: object) -> str | None:
    """The human label of a stored code (the code itself if it has none)."""
    return None if code is None else str(table.get(code, code))


def area_title(area: AreaResult) -> str:
    return area.title if area.required else gettext("%(area)s (extra)", area=area.title)


def rating_cell(value: int | None, insufficient: bool) -> Cell:
    return str(AREA_STATE["insufficient"]) if insufficient else value


def mean_cell(area: AreaResult) -> Cell:
    return str(AREA_STATE["insufficient"]) if area.state == "insufficient" else area.mean


def amendment_text(amendment: Amendment) -> str:
    def rating(value: int | None, insufficient: bool) -> str:
        return "?" if value is None and not insufficient else str(rating_cell(value, insufficient))

    return gettext(
        "%(when)s, %(who)s: %(old)s → %(new)s. Reason: %(reason)s",
        when=format_datetime(amendment.at, "short"), who=amendment.by,
        old=rating(amendment.old_rating, amendment.old_insufficient),
        new=rating(amendment.new_rating, amendment.new_insufficient), reason=amendment.reason,
    )  # fmt: skip

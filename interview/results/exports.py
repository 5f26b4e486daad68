"""Exports of consolidated scorecards and comparisons: CSV, XLSX and JSON.

The builders take what the results services already loaded (a ``Consolidated``, the
comparison rows) and issue no queries: table rows first, then bytes. Who may see what is
decided by the caller (the views), never here; ``requisition_export`` at the end is the
operator's (CLI) export, which loads through the results services and hides nothing.

Cell values stay machine-readable: numbers as numbers, rule results as their codes
(meets, below, open), "insufficient" and "hidden" as literal markers; only column
headings follow the interface language. Spreadsheet cells that begin like a formula are
neutralised with a leading apostrophe, so a candidate called "=HYPERLINK(...)" or an
evidence note starting with "-" is shown as text and never run by Excel or LibreOffice.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Decision, Requisition
from interview.question_bank import Framework
from interview.results.services import (
    ComparisonRow,
    Consolidated,
    compare,
    consolidate,
    load_application,
)
from interview.scoring import AreaResult

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MIMETYPE = "application/json"

HIDDEN = "hidden"  # a row whose ratings the viewer may not see yet (independent scoring)
INSUFFICIENT = "insufficient"  # an area with only "insufficient evidence" answers
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60

Cell = str | int | float | bool | datetime | None


@dataclass
class Sheet:
    title: str  # the worksheet's name in XLSX, kept stable for programs that read it
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


# --- cells and files -------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(_number(value))
    return neutralise(value)


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, datetime):
        # Excel knows no time zones: UTC, as the column heading says
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        # control characters (pasted from elsewhere) make openpyxl refuse the whole file
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(h) for h in sheet.header])
    writer.writerows([_csv_cell(v) for v in row] for row in sheet.rows)
    return buffer.getvalue()


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads umlauts as Latin-1."""
    return csv_text(sheet).encode("utf-8-sig")


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])  # Excel's limit for names
        if sheet.header:
            worksheet.append([_xlsx_cell(h) for h in sheet.header])
            for cell in worksheet[1]:
                cell.font = Font(bold=True)
            worksheet.freeze_panes = "A2"
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(v) for v in row])
        _fit_columns(worksheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fit_columns(worksheet: Worksheet) -> None:
    for column in worksheet.iter_cols(max_row=min(worksheet.max_row, 200)):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        worksheet.column_dimensions[column[0].column_letter].width = min(
            max(width + 2, 8), MAX_COLUMN_WIDTH
        )


def to_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})  # fmt: skip


def ascii_filename(*parts: object, ext: str) -> str:
    """A download name every browser and file system accepts: "Jürgen Groß" -> juergen-gross
    (German umlauts spelt out, other accents dropped, no quotes, no path separators)."""
    text = unicodedata.normalize("NFKD", "-".join(str(p) for p in parts).translate(_GERMAN))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug.lower()[:100].strip('-') or 'export'}.{ext}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# --- one candidate ---------------------------------------------------------------------------


def candidate_data(result: Consolidated) -> dict[str, Any]:
    """The consolidated scorecard as plain data (the JSON export, one CLI list item)."""
    application, requisition, framework = result.application, result.requisition, result.framework
    version = requisition.framework_version
    level = next((lv for lv in framework.levels if lv.id == requisition.target_level), None)
    titles = {a.id: a.title for a in framework.areas}
    return {
        "candidate": {"name": application.candidate.name, "email": application.candidate.email},
        "application": {"id": application.id, "status": application.status},
        "requisition": {
            "id": requisition.id,
            "title": requisition.title,
            "target_level": requisition.target_level,
            "target_level_title": level.title if level else None,
            "framework": {"id": version.framework_key, "version": version.version},
        },
        "areas": [_area_data(area, framework) for area in result.areas],
        "rule": {
            "result": result.rule.code,
            "passing": result.rule.passing,
            "needed": result.rule.needed,
            "total": result.rule.total,
            "floor": result.rule.floor,
            "below_floor": list(result.rule.below_floor),
            "undecided": list(result.rule.undecided),
            "explanation": result.explanation,
        },
        "scorecards": [
            {
                "rater": card.interview.interviewer.name,
                "area": card.interview.area_key,
                "area_title": titles.get(card.interview.area_key, card.interview.area_key),
                "rating": card.rating,
                "label": _label(framework, card.rating),
                "insufficient_evidence": card.insufficient_evidence,
                "evidence": card.evidence,
                "recommendation": card.recommendation,
                "submitted_at": _iso(card.submitted_at),
                "amended_at": _iso(card.amended_at),
                "answers": [
                    {"note": a.note, "probe_asked": a.probe_asked, "outcome": a.probe_note}
                    for a in card.answers
                ],
            }
            for card in result.scorecards
        ],
        "pending": [
            {
                "interviewer": interview.interviewer.name,
                "area": interview.area_key,
                "starts_at": _iso(interview.starts_at),
                "late": late,
            }
            for interview, late in result.pending
        ],
        "decision": _decision_data(result.decisions[0]) if result.decisions else None,
        "exported_at": _iso(utcnow()),
    }


def candidate_json(result: Consolidated) -> bytes:
    return to_json(candidate_data(result))


def _decision_data(decision: Decision) -> dict[str, Any]:
    return {
        "decision": decision.decision,
        "reason": decision.reason,
        "rule_result": decision.rule_result,
        "rule_explanation": decision.rule_explanation,
        "decided_by": decision.decided_by.name,
        "decided_at": _iso(decision.decided_at),
    }


def _area_data(area: AreaResult, framework: Framework) -> dict[str, Any]:
    return {
        "area_id": area.area_id,
        "title": area.title,
        "required": area.required,
        "expected": area.expected,
        "mean": area.mean,
        "gap": area.gap,
        "state": area.state,
        "level": area.level_title,
        "level_within_allowance": area.within_allowance,
        "disagreement": area.disagreement,
        "ratings": [
            {
                "rater": r.rater,
                "rating": r.value,
                "label": _label(framework, r.value),
                "insufficient_evidence": r.insufficient,
                "evidence": r.evidence,
            }
            for r in area.ratings
        ],
    }


def _label(framework: Framework, value: int | None) -> str | None:
    point = framework.scale_point(value) if value is not None else None
    return point.label if point else None


def scorecard_sheet(result: Consolidated) -> Sheet:
    """One row per submitted scorecard, with its area's expectation, mean and gap."""
    areas = {a.area_id: a for a in result.areas}
    name = result.application.candidate.name
    sheet = Sheet("Scorecards", [
        gettext("Candidate"), gettext("Area"), gettext("Rater"), gettext("Rating"),
        gettext("Insufficient evidence"), gettext("Expected"), gettext("Area mean"),
        gettext("Gap"), gettext("Recommendation"), gettext("Submitted at (UTC)"),
        gettext("Evidence"),
    ])  # fmt: skip
    for card in result.scorecards:
        key = card.interview.area_key
        area = areas.get(key)  # None only for an area the framework version lacks
        title, expected, mean, gap = (
            (area.title, area.expected, area.mean, area.gap) if area else (key, None, None, None)
        )
        sheet.rows.append([
            name, title, card.interview.interviewer.name, card.rating,
            card.insufficient_evidence, expected, mean, gap,
            card.recommendation, card.submitted_at, card.evidence,
        ])  # fmt: skip
    return sheet


def candidate_csv(result: Consolidated) -> bytes:
    """The scorecard rows and a last row with the decision rule: its result code in the
    recommendation column, its explanation in the evidence column."""
    sheet = scorecard_sheet(result)
    rule_row: list[Cell] = [None] * len(sheet.header)
    rule_row[0], rule_row[1] = result.application.candidate.name, gettext("Decision rule")
    rule_row[8], rule_row[10] = result.rule.code, result.explanation
    sheet.rows.append(rule_row)
    return to_csv(sheet)


def candidate_xlsx(result: Consolidated) -> bytes:
    """Sheets "Scorecards", "Summary" (rule and counts) and "Areas" (expectation check)."""
    return to_xlsx([scorecard_sheet(result), summary_sheet(result), areas_sheet(result)])


def summary_sheet(result: Consolidated) -> Sheet:
    requisition, rule = result.requisition, result.rule
    version = requisition.framework_version
    level = next((lv for lv in result.framework.levels if lv.id == requisition.target_level), None)
    return Sheet("Summary", [gettext("Item"), gettext("Value")], [
        [gettext("Candidate"), result.application.candidate.name],
        [gettext("E-mail"), result.application.candidate.email],
        [gettext("Requisition"), requisition.title],
        [gettext("Target level"), level.title if level else None],
        [gettext("Framework"), f"{version.framework_key} {version.version}"],
        [gettext("Decision rule"), rule.code],
        [gettext("Areas passing"), rule.passing],
        [gettext("Areas needed"), rule.needed],
        [gettext("Required areas"), rule.total],
        [gettext("Explanation"), result.explanation],
        [gettext("Submitted scorecards"), len(result.scorecards)],
        [gettext("Pending interviews"), len(result.pending)],
        [gettext("Latest decision"), result.decisions[0].decision if result.decisions else None],
    ])  # fmt: skip


def areas_sheet(result: Consolidated) -> Sheet:
    sheet = Sheet("Areas", [
        gettext("Area"), gettext("Required"), gettext("Expected"), gettext("Mean"),
        gettext("Gap"), gettext("State"), gettext("Level"), gettext("Ratings"),
    ])  # fmt: skip
    for area in result.areas:
        values = ", ".join(INSUFFICIENT if r.value is None else str(r.value) for r in area.ratings)
        sheet.rows.append([area.title, area.required, area.expected, area.mean, area.gap,
                           area.state, area.level_title, values])  # fmt: skip
    return sheet


# --- all candidates of a requisition ---------------------------------------------------------


def comparison_sheet(framework: Framework, rows: list[ComparisonRow], hidden: set[int]) -> Sheet:
    """One row per candidate: per area the mean ("insufficient" when only insufficient
    evidence, empty when missing), the rule's result and explanation, the card counts.
    Applications in ``hidden`` get no ratings and "hidden" as their result."""
    sheet = Sheet("Comparison", [
        gettext("Candidate"), gettext("Status"), *(a.title for a in framework.areas),
        gettext("Decision rule"), gettext("Explanation"), gettext("Submitted"),
        gettext("Planned"),
    ])  # fmt: skip
    for row in rows:
        if row.application.id in hidden:
            cells: list[Cell] = [*(None for _ in framework.areas), HIDDEN, None]
        else:
            cells = [_mean_cell(a) for a in row.areas] + [row.rule.code, row.explanation]
        sheet.rows.append([row.application.candidate.name, row.application.status, *cells,
                           row.submitted, row.planned])  # fmt: skip
    return sheet


def _mean_cell(area: AreaResult) -> Cell:
    return INSUFFICIENT if area.state == "insufficient" else area.mean


# --- the operator's export (CLI) -------------------------------------------------------------


def requisition_export(requisition: Requisition, fmt: str) -> bytes:
    """Everything about one requisition, for the operator (no user, so no permission filter
    and nothing hidden): the comparison as csv or xlsx, or for json a list with every
    candidate's consolidated scorecard (as ``candidate_data``). Reads one candidate at a time."""
    if fmt == "json":
        ids = db.session.scalars(
            select(Application.id)
            .where(Application.requisition_id == requisition.id)
            .order_by(Application.created_at, Application.id)
        ).all()
        return to_json([candidate_data(consolidate(load_application(i))) for i in ids])
    framework, rows = compare(requisition)
    sheet = comparison_sheet(framework, rows, hidden=set())
    return to_csv(sheet) if fmt == "csv" else to_xlsx([sheet])

"""Turning export tables into files: CSV in two dialects, XLSX, JSON; download names.

Builders hand over a ``Sheet`` (a header and rows of plain values: text, numbers,
timezone-aware datetimes); this module decides how each value is written:

- CSV for programs (``comma``): "," between fields, "." as the decimal point, times in
  ISO 8601 with their UTC offset.
- CSV for a German spreadsheet (``semicolon``): ";" between fields, decimal commas, times as
  "30.11.2026 14:05" in the installation's time zone, which German Excel turns into dates.
  Fields holding ";", quotes or line breaks are quoted by the csv module in both dialects.
- XLSX: numbers as numbers, times as dates in the installation's time zone, text cells
  typed as text. Long text wraps; every sheet prints landscape, fitted to the page width.

Formula injection: a spreadsheet must never run a cell that begins with = + - @ (a
candidate called "=HYPERLINK(...)", evidence starting with "- "). In XLSX such a cell is
stored as a text string (never a formula) and marked with Excel's quote prefix, so it shows
as typed and stays text when edited. CSV has no types: there the text gets a leading
apostrophe, the usual defence.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from slugify import slugify

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MIMETYPE = "application/json"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60  # wider text wraps inside the column
XLSX_TIME_FORMAT = "yyyy-mm-dd hh:mm"  # unambiguous in every Excel language
XLSX_MEAN_FORMAT = "0.0#"

Cell = str | int | float | bool | datetime | None


@dataclass
class Sheet:
    title: str  # the worksheet's name in XLSX (Excel allows 31 characters)
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str
    time_format: str | None  # strftime pattern in local time; None: ISO 8601 with offset


DIALECTS = {
    "comma": CsvDialect(",", ".", None),
    "semicolon": CsvDialect(";", ",", "%d.%m.%Y %H:%M"),
}
SPREADSHEET_DIALECT = {"de": "semicolon"}  # the dialect a language's spreadsheets expect


def dialect_for(language: str) -> str:
    return SPREADSHEET_DIALECT.get(language, "comma")


# --- cells -----------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe (CSV)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _csv_cell(value: Cell, dialect: CsvDialect, zone: tzinfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        if dialect.time_format is None:
            return local.isoformat(timespec="seconds")
        return local.strftime(dialect.time_format)
    if isinstance(value, bool):  # builders pass labels; a bare bool is a bug made visible
        return str(value)
    if isinstance(value, int | float):
        return str(_number(value)).replace(".", dialect.decimal)
    return neutralise(value)


def csv_text(sheet: Sheet, dialect: str, zone: tzinfo) -> str:
    chosen = DIALECTS[dialect]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=chosen.delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_cell(h, chosen, zone) for h in sheet.header])
    writer.writerows([_csv_cell(v, chosen, zone) for v in row] for row in sheet.rows)
    return buffer.getvalue()


def to_csv(sheet: Sheet, dialect: str, zone: tzinfo) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads umlauts as Latin-1."""
    return csv_text(sheet, dialect, zone).encode("utf-8-sig")


# --- XLSX ------------------------------------------------------------------------------------


def to_xlsx(sheets: Iterable[Sheet], zone: tzinfo) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])
        for row in [sheet.header, *sheet.rows] if sheet.header else sheet.rows:
            worksheet.append([_xlsx_value(v, zone) for v in row])
        _type_cells(worksheet)
        if sheet.header:
            for cell in worksheet[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            worksheet.freeze_panes = "A2"
            worksheet.print_title_rows = "1:1"  # the header on every printed page
        _fit_columns(worksheet, bool(sheet.header))
        _page_setup(worksheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Cell, zone: tzinfo) -> Cell:
    if isinstance(value, datetime):
        # Excel knows no time zones: local time, as the page shows it
        return value.astimezone(zone).replace(tzinfo=None)
    if isinstance(value, str):
        # control characters (pasted from elsewhere) make openpyxl refuse the whole file
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _type_cells(worksheet: Worksheet) -> None:
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl stores text starting with "=" as a formula: force a string
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_START):
                    cell.quotePrefix = True
                    cell.number_format = "@"
            elif isinstance(cell.value, datetime):
                cell.number_format = XLSX_TIME_FORMAT
            elif isinstance(cell.value, float):
                cell.number_format = XLSX_MEAN_FORMAT


def _fit_columns(worksheet: Worksheet, header: bool) -> None:
    """Columns as wide as their content up to MAX_COLUMN_WIDTH; longer text wraps. A
    header wider than its column wraps too (it is set to wrap above)."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in worksheet.iter_cols():
        body = column[1:] if header else column
        width = max((len(str(c.value)) for c in body[:200] if c.value is not None), default=8)
        if header:
            width = max(width, min(len(str(column[0].value or "")), 20))
        worksheet.column_dimensions[column[0].column_letter].width = min(
            max(width + 2, 8), MAX_COLUMN_WIDTH
        )
        for cell in body:
            if isinstance(cell.value, str) and (
                len(cell.value) > MAX_COLUMN_WIDTH or "\n" in cell.value
            ):
                cell.alignment = wrap


def _page_setup(worksheet: Worksheet) -> None:
    """Print landscape, as wide as the paper, as many pages tall as it takes."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- JSON and names --------------------------------------------------------------------------


def to_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def download_name(*parts: object, ext: str) -> str:
    """A download name every browser and file system accepts: "Jürgen Groß" -> jurgen-gross,
    "Łukasz" -> lukasz (transliterated, no quotes, no path separators)."""
    slug = slugify("-".join(str(p) for p in parts), max_length=100, word_boundary=False)
    return f"{slug or 'export'}.{ext}"

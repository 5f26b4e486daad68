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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from flask import Response
from slugify import slugify

if TYPE_CHECKING:  # openpyxl is imported where a workbook is written: not at start-up
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MIMETYPE = "application/json"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# control characters XML 1.0 cannot hold (openpyxl's own ILLEGAL_CHARACTERS_RE)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
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
    """Written in openpyxl's write-only mode: each row goes into the file once, as plain
    values where the type says everything and as a styled cell where it does not; the
    column widths, the frozen header and the page setup are known before the first row."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])
        header = bool(sheet.header)
        rows = [[_xlsx_value(v, zone) for v in row]
                for row in ([sheet.header, *sheet.rows] if header else sheet.rows)]  # fmt: skip
        for letter, width in _column_widths(rows, header).items():
            worksheet.column_dimensions[letter].width = width
        if header:
            worksheet.freeze_panes = "A2"
            worksheet.print_title_rows = "1:1"  # the header on every printed page
        _page_setup(worksheet)
        cells = _XlsxCells(worksheet)
        for n, row in enumerate(rows):
            worksheet.append([cells.make(value, header=header and n == 0) for value in row])
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


class _XlsxCells:
    """Cells for one write-only worksheet. Text is always typed as text (openpyxl would
    store "=..." as a formula and "#N/A" as an error); text that looks like a formula gets
    Excel's quote prefix; times and means get their number format; long or multi-line text
    wraps; the header is bold, wraps and sits at the top of its cell."""

    def __init__(self, worksheet: WriteOnlyWorksheet) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.styles import Alignment, Font

        self.worksheet = worksheet
        self.new_cell = WriteOnlyCell
        self.error_codes = frozenset(ERROR_CODES)
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def make(self, value: Cell, *, header: bool = False) -> Any:
        """The value itself where openpyxl types it right unstyled, else a styled cell."""
        if not header and self._plain(value):
            return value
        cell = self.new_cell(self.worksheet, value)
        if isinstance(value, str):
            cell.data_type = "s"
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
                cell.number_format = "@"
            if not header and _wraps(value):
                cell.alignment = self.wrap
        elif isinstance(value, datetime):
            cell.number_format = XLSX_TIME_FORMAT
        elif isinstance(value, float):
            cell.number_format = XLSX_MEAN_FORMAT
        if header:
            cell.font = self.bold
            cell.alignment = self.wrap
        return cell

    def _plain(self, value: Cell) -> bool:
        if isinstance(value, str):
            special = value.startswith(FORMULA_START) or value in self.error_codes
            return not (special or _wraps(value))
        return value is None or isinstance(value, int)  # bool is an int too


def _wraps(text: str) -> bool:
    return len(text) > MAX_COLUMN_WIDTH or "\n" in text


def _column_widths(rows: list[list[Cell]], header: bool) -> dict[str, float]:
    """Columns as wide as their content (the first 200 rows) up to MAX_COLUMN_WIDTH;
    longer text wraps. A header wider than its column wraps too (at 20 characters)."""
    from openpyxl.utils import get_column_letter

    body = rows[1:201] if header else rows[:200]
    count = max((len(row) for row in rows), default=0) or 1
    widths: dict[str, float] = {}
    for n in range(count):
        width = max((len(str(row[n])) for row in body if n < len(row) and row[n] is not None),
                    default=8)  # fmt: skip
        if header:
            title = rows[0][n] if n < len(rows[0]) else None
            width = max(width, min(len(str(title or "")), 20))
        widths[get_column_letter(n + 1)] = min(max(width + 2, 8), MAX_COLUMN_WIDTH)
    return widths


def _page_setup(worksheet: WriteOnlyWorksheet) -> None:
    """Print landscape, as wide as the paper, as many pages tall as it takes."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- JSON and names --------------------------------------------------------------------------


def to_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def attachment(data: bytes | str, mimetype: str, filename: str) -> Response:
    """A download: ``filename`` from ``download_name``, which leaves neither quotes nor
    separators, so it is safe inside the quoted value."""
    response = Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_name(*parts: object, ext: str) -> str:
    """A download name every browser and file system accepts: "Jürgen Groß" -> jurgen-gross,
    "Łukasz" -> lukasz (transliterated, no quotes, no path separators)."""
    slug = slugify("-".join(str(p) for p in parts), max_length=100, word_boundary=False)
    return f"{slug or 'export'}.{ext}"

"""Reading candidates from an applicant tracking system's CSV or Excel export.

Pure functions: the file becomes rows, each row carries every problem found in it, and
the view imports only when no row has one. Column names are matched loosely (English and
German headers, any case and punctuation), because every ATS names them differently.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from interview.auth.services import normalise_email
from interview.candidates.forms import PHONE
from interview.edges import has_bad_text

MAX_ROWS = 1000
NAME_MAX, EMAIL_MAX, SOURCE_MAX = 200, 254, 100

#: normalised header -> field; "first"/"last" are joined into the name
HEADERS = {
    "name": "name", "fullname": "name", "candidate": "name", "candidatename": "name",
    "kandidat": "name", "vollstandigername": "name",
    "firstname": "first", "givenname": "first", "vorname": "first",
    "lastname": "last", "surname": "last", "familyname": "last", "nachname": "last",
    "email": "email", "emailaddress": "email", "mail": "email", "emailadresse": "email",
    "phone": "phone", "phonenumber": "phone", "telephone": "phone", "mobile": "phone",
    "telefon": "phone", "telefonnummer": "phone", "mobil": "phone", "handy": "phone",
    "source": "source", "quelle": "source", "herkunft": "source", "channel": "source",
    "kanal": "source",
    "internal": "internal", "internalexternal": "internal", "type": "internal",
    "candidatetype": "internal", "intern": "internal", "internextern": "internal",
}  # fmt: skip
INTERNAL = {"internal", "intern", "yes", "ja", "true", "y", "j", "1"}
EXTERNAL = {"external", "extern", "no", "nein", "false", "n", "0"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class ImportRow:
    line: int  # in the file, counting the header as line 1
    name: str = ""
    email: str = ""
    phone: str | None = None
    source: str | None = None
    internal: bool | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "source": self.source,
            "internal": self.internal,
        }


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """The file's cells as text, header row first."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if filename.lower().endswith((".csv", ".txt")):
        return _read_csv(data)
    raise ImportFileError(_("Upload a CSV file or an Excel workbook (.xlsx)."))


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older German Excel exports
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)
        ][: MAX_ROWS + 2]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s", error=str(error))
        ) from None


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only imports need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from None
    try:
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number
    return str(value).strip()


def _header_key(header: str) -> str:
    return re.sub(
        r"[^a-z]", "", header.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u")
    )


def parse_rows(table: list[list[str]]) -> list[ImportRow]:
    """Rows with their shape checked (names, addresses, phone, internal/external)."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    columns = {i: HEADERS.get(_header_key(h)) for i, h in enumerate(table[0])}
    found = set(columns.values())
    if "email" not in found or not ({"name", "first", "last"} & found):
        raise ImportFileError(
            _("The first row must name the columns; a name column and an e-mail column are needed.")
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(num)d candidates per file.", num=MAX_ROWS))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values: dict[str, str] = {}
        for i, cell in enumerate(cells):
            if columns.get(i) and cell.strip():
                values.setdefault(columns[i], cell.strip())
        name = values.get("name") or " ".join(
            v for v in (values.get("first"), values.get("last")) if v
        )
        rows.append(
            check_row(
                ImportRow(
                    line=number,
                    name=name,
                    email=values.get("email", ""),
                    phone=values.get("phone"),
                    source=values.get("source"),
                ),
                values.get("internal", ""),
            )
        )
    return rows


def check_row(row: ImportRow, internal_text: str = "") -> ImportRow:
    """Adds the row's own problems (not duplicates: see ``mark_duplicates``)."""
    if any(has_bad_text(v) for v in (row.name, row.email, row.phone, row.source, internal_text)):
        row.problems.append(_("Contains characters that cannot be stored."))
        return row
    if not row.name:
        row.problems.append(_("Name is missing."))
    elif len(row.name) > NAME_MAX:
        row.problems.append(_("Name is longer than %(num)d characters.", num=NAME_MAX))
    if not row.email:
        row.problems.append(_("E-mail address is missing."))
    else:
        # on use, like WTForms' Email(): its module compiles large patterns on import
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(row.email, check_deliverability=False)
            row.email = normalise_email(row.email)
        except EmailNotValidError:
            row.problems.append(_("“%(email)s” is not a valid e-mail address.", email=row.email))
        if len(row.email) > EMAIL_MAX:
            row.problems.append(_("E-mail address is too long."))
    if row.phone and not re.match(PHONE, row.phone):
        row.problems.append(_("Phone: digits, spaces and + ( ) / - only."))
    if row.source and len(row.source) > SOURCE_MAX:
        row.problems.append(_("Source is longer than %(num)d characters.", num=SOURCE_MAX))
    kind = internal_text.strip().lower()
    if kind in INTERNAL:
        row.internal = True
    elif kind in EXTERNAL:
        row.internal = False
    elif kind:
        row.problems.append(_("Internal/external: write “internal” or “external”."))
    return row


def mark_duplicates(rows: Iterable[ImportRow], on_file: set[str]) -> None:
    """E-mails that appear twice in the file, or belong to a candidate already on file."""
    rows = list(rows)
    counts = Counter(r.email for r in rows if r.email)
    for row in rows:
        if row.email and counts[row.email] > 1:
            others = [str(r.line) for r in rows if r.email == row.email and r is not row]
            row.problems.append(
                _("The same e-mail address is on line %(lines)s.", lines=", ".join(others))
            )
        if row.email in on_file:
            row.problems.append(_("A candidate with this e-mail address is already on file."))


def rows_from_json(items: Any) -> list[ImportRow]:
    """Rows sent back with the confirmation, checked again from scratch."""
    if not isinstance(items, list) or len(items) > MAX_ROWS:
        raise ImportFileError(_("The import data is invalid. Upload the file again."))
    rows = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("line"), int):
            raise ImportFileError(_("The import data is invalid. Upload the file again."))
        texts = {k: item.get(k) for k in ("name", "email", "phone", "source")}
        if not all(v is None or isinstance(v, str) for v in texts.values()):
            raise ImportFileError(_("The import data is invalid. Upload the file again."))
        internal = item.get("internal")
        kind = {True: "internal", False: "external", None: ""}.get(internal, "?")
        rows.append(
            check_row(
                ImportRow(
                    line=item["line"],
                    name=(texts["name"] or "").strip(),
                    email=(texts["email"] or "").strip(),
                    phone=texts["phone"] or None,
                    source=texts["source"] or None,
                ),
                kind,
            )
        )
    return rows

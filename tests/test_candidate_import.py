"""Candidate import from an ATS export: preview with every row's problem, then all or nothing."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from interview.candidates import importing
from interview.extensions import db
from interview.models import Application, AuditEvent, Candidate, Requisition

EN = {"Accept-Language": "en"}

GOOD_CSV = (
    "Vorname;Nachname;E-Mail;Telefon;Quelle;Intern/Extern\n"
    "Łukasz;Nowak;lukasz@example.com;+49 30 1234567;LinkedIn;extern\n"
    'Anna;"Schmidt; Berlin";anna@example.com;;Empfehlung;intern\n'
)


def table(csv_text: str) -> list[importing.ImportRow]:
    return importing.parse_rows(importing.read_table("export.csv", csv_text.encode("utf-8-sig")))


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# the app fixture only supplies translations: nothing in it changes between examples
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- reading and checking rows -------------------------------------------------------------


def test_german_semicolon_csv_with_bom_and_split_names():
    rows = table(GOOD_CSV)
    assert [(r.line, r.name, r.email, r.phone, r.source, r.internal) for r in rows] == [
        (2, "Łukasz Nowak", "lukasz@example.com", "+49 30 1234567", "LinkedIn", False),
        (3, "Anna Schmidt; Berlin", "anna@example.com", None, "Empfehlung", True),
    ]
    assert all(r.problems == [] for r in rows)


def test_comma_csv_in_cp1252_with_english_headers():
    text = "Name,Email,Phone,Source\nJürgen Groß,JUERGEN@Example.com,,Website\n"
    rows = importing.parse_rows(importing.read_table("a.csv", text.encode("cp1252")))
    assert (rows[0].name, rows[0].email, rows[0].problems) == (
        "Jürgen Groß",
        "juergen@example.com",
        [],
    )


def test_excel_workbook_with_a_phone_typed_as_a_number():
    data = xlsx(
        [
            ["Full name", "E-mail address", "Mobile", "Type"],
            ["Eva Ott", "eva@example.com", 4915112345, "internal"],
        ]
    )
    rows = importing.parse_rows(importing.read_table("ats.xlsx", data))
    assert (rows[0].name, rows[0].phone, rows[0].internal) == ("Eva Ott", "4915112345", True)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (";nobody@example.com;;", "Name is missing."),
        ("Kim Lee;;;", "E-mail address is missing."),
        ("Kim Lee;not-an-address;;", "is not a valid e-mail address"),
        ("Kim Lee;kim@example.com;call me;", "Phone: digits"),
        ("Kim Lee;kim@example.com;;maybe", "Internal/external"),
        ("Kim\x00 Lee;kim@example.com;;", "cannot be stored"),
    ],
)
def test_each_row_problem_is_named(line, problem):
    rows = table(f"Name;E-Mail;Telefon;Intern/Extern\n{line}\n")
    assert len(rows) == 1
    assert any(problem in p for p in rows[0].problems), rows[0].problems


def test_duplicates_in_the_file_and_on_file_are_problems():
    rows = table("Name;E-Mail\nA;a@example.com\nB;b@example.com\nC;A@example.com\n")
    importing.mark_duplicates(rows, {"b@example.com"})
    assert rows[0].problems == ["The same e-mail address is on line 4."]
    assert rows[1].problems == ["A candidate with this e-mail address is already on file."]
    assert rows[2].problems == ["The same e-mail address is on line 2."]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", b"", "empty"),
        ("a.csv", b"Vorname;Telefon\nA;1\n", "e-mail column"),
        ("a.pdf", b"%PDF-1.4", "CSV file or an Excel workbook"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "not a readable Excel workbook"),
    ],
)
def test_unreadable_files_get_one_clear_message(app, filename, data, message):
    with app.test_request_context(headers=EN), pytest.raises(importing.ImportFileError) as error:
        importing.parse_rows(importing.read_table(filename, data))
    assert message in str(error.value)


def test_more_rows_than_allowed_are_refused(app):
    text = "Name,Email\n" + "".join(
        f"P{i},p{i}@example.com\n" for i in range(importing.MAX_ROWS + 1)
    )
    with app.test_request_context(headers=EN), pytest.raises(importing.ImportFileError):
        table(text)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.text(max_size=30), max_size=6), max_size=8))
def test_any_table_gives_rows_or_one_file_error(app, cells):
    with app.test_request_context(headers=EN):
        try:
            rows = importing.parse_rows([["Name", "E-Mail", "Phone", "Type"], *cells])
        except importing.ImportFileError:
            return
        for row in rows:
            assert row.problems or (row.name and "@" in row.email)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_any_bytes_as_csv_never_crash(app, data):
    with app.test_request_context(headers=EN), contextlib.suppress(importing.ImportFileError):
        importing.parse_rows(importing.read_table("x.csv", data))


# --- the pages -----------------------------------------------------------------------------


@pytest.fixture
def setting(make_user, make):
    manager = make_user("hiring_manager")
    requisition = make("requisition", manager)
    return manager, requisition


def upload(client, requisition_id: int, data: bytes, name: str = "export.csv"):
    return client.post(
        f"/requisitions/{requisition_id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers=EN,
    )


def confirm_payload(page: str) -> dict:
    """The hidden fields of the confirmation form, as the browser would send them."""
    rows = re.search(r'name="rows" type="hidden" value="([^"]*)"', page).group(1)
    filename = re.search(r'name="filename" type="hidden" value="([^"]*)"', page).group(1)
    return {"rows": html.unescape(rows), "filename": html.unescape(filename)}


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Candidate.id))),
            db.session.scalar(select(func.count(Application.id))),
        )


def test_preview_stores_nothing_and_confirm_imports_everything_audited(app, client, login, setting):
    manager, requisition = setting
    login(manager)
    before = counts(app)
    page = upload(client, requisition.id, GOOD_CSV.encode("utf-8-sig"))
    assert page.status_code == 200
    assert "Łukasz Nowak" in page.text
    assert "Import 2 candidates" in page.text
    assert counts(app) == before
    done = client.post(
        f"/requisitions/{requisition.id}/import/confirm",
        data=confirm_payload(page.text),
        headers=EN,
    )
    assert done.status_code == 302
    assert counts(app) == (before[0] + 2, before[1] + 2)
    with app.app_context():
        lukasz = db.session.scalar(select(Candidate).where(Candidate.email == "lukasz@example.com"))
        assert (lukasz.name, lukasz.phone, lukasz.source) == (
            "Łukasz Nowak",
            "+49 30 1234567",
            "LinkedIn",
        )
        assert lukasz.applications[0].requisition_id == requisition.id
        assert lukasz.applications[0].internal is False
        anna = db.session.scalar(select(Candidate).where(Candidate.email == "anna@example.com"))
        assert anna.applications[0].internal is True
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "imported"))
        assert event.summary.startswith("2 candidates imported")
        assert "export.csv" in event.summary
    assert "2 candidates imported." in client.get(done.headers["Location"], headers=EN).text


def test_a_problem_anywhere_shows_every_row_and_offers_no_import(app, client, login, setting):
    manager, requisition = setting
    login(manager)
    before = counts(app)
    page = upload(client, requisition.id, b"Name;E-Mail\nGood Person;good@example.com\n;x@\n")
    assert page.status_code == 200
    assert "Good Person" in page.text
    assert "Name is missing." in page.text
    assert "is not a valid e-mail address" in page.text
    assert "Import 2 candidates" not in page.text
    assert "1 row has a problem" in page.text
    assert counts(app) == before


def test_confirm_checks_again_and_imports_nothing_when_a_row_went_bad(
    app, client, login, setting, make
):
    manager, requisition = setting
    login(manager)
    page = upload(client, requisition.id, GOOD_CSV.encode())
    payload = confirm_payload(page.text)
    make("candidate", name="Meanwhile", email="anna@example.com")  # another import, say
    before = counts(app)
    answer = client.post(f"/requisitions/{requisition.id}/import/confirm", data=payload, headers=EN)
    assert answer.status_code == 422
    assert "already on file" in answer.text
    assert "Nothing was imported" in answer.text
    assert counts(app) == before


@pytest.mark.parametrize(
    "rows", ["not json", json.dumps({"line": 2}), json.dumps([{"line": "2", "name": 1}])]
)
def test_tampered_confirmation_is_refused_without_storing(app, client, login, setting, rows):
    manager, requisition = setting
    login(manager)
    before = counts(app)
    answer = client.post(
        f"/requisitions/{requisition.id}/import/confirm",
        data={"rows": rows, "filename": "x.csv"},
        headers=EN,
    )
    assert answer.status_code == 302
    assert "Upload the file again" in client.get(answer.headers["Location"], headers=EN).text
    assert counts(app) == before


def test_an_unreadable_file_is_a_form_error(client, login, setting):
    manager, requisition = setting
    login(manager)
    page = upload(client, requisition.id, b"%PDF", "cv.pdf")
    assert page.status_code == 422
    assert "Upload a CSV file or an Excel workbook" in page.text


def test_excel_upload_previews(client, login, setting):
    manager, requisition = setting
    login(manager)
    data = xlsx([["Name", "Email"], ["Eva Ott", "eva@example.com"]])
    page = upload(client, requisition.id, data, "ats.xlsx")
    assert page.status_code == 200
    assert "Import 1 candidate" in page.text


def test_closed_requisition_takes_no_import(app, client, login, setting):
    manager, requisition = setting
    with app.app_context():
        db.session.get(Requisition, requisition.id).status = "closed"
        db.session.commit()
    login(manager)
    page = client.get(f"/requisitions/{requisition.id}/import", headers=EN)
    assert "You cannot add candidates to this requisition." in page.text
    assert 'type="file"' not in page.text
    before = counts(app)
    assert upload(client, requisition.id, GOOD_CSV.encode()).status_code == 422
    assert counts(app) == before


def test_requisition_page_links_the_import_for_who_may_use_it(client, login, setting, make_user):
    manager, requisition = setting
    login(manager)
    assert "/import" in client.get(f"/requisitions/{requisition.id}", headers=EN).text

"""Exports agree with the page (issue 9): one language, human labels, the spreadsheet
dialect of that language, the role's areas with rated extras, the expectation row,
passing counts while the rule is open, amendments, and spreadsheets that are typed, wrap
and print landscape. Files are parsed back (csv, openpyxl), never compared byte by byte."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from interview.db import utcnow
from interview.extensions import db
from interview.models import FrameworkVersion, Loop, ScorecardRevision
from interview.question_bank import framework_to_dict, load_bank
from interview.results.export_files import DIALECTS, Sheet, csv_text, neutralise
from tests.bank_builder import soll_bank
from tests.factories import AREAS

DE, EN = {"Accept-Language": "de"}, {"Accept-Language": "en"}
BERLIN = ZoneInfo("Europe/Berlin")
TRICKY = 'Sagte „ja“; dann "nein"\nund; zuletzt: vielleicht. ' + "Lange Begründung. " * 8
SUBMITTED = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)  # 10:30 in Berlin (summer time)
AMENDED = datetime(2026, 7, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def team(make_user):
    return {
        "recruiter": make_user("recruiter", name="Rita Recruiter"),
        "owner": make_user("hiring_manager", name="Hanna Manager"),
        "raters": [make_user("interviewer", name=f"Prüfer {n}") for n in range(4)],
    }


@pytest.fixture
def candidate(app, make, team):
    """A requisition requiring three of the six areas (2 of them at 3 or more, none below 2):
    rated 3 and 4 on two required areas, the third required area unrated (the rule is open),
    and a fifth area rated as an extra. The 3 was a 2 before an amendment."""
    rule = {"min_rating": 3, "min_areas": 2, "none_below": 2}
    requisition = make("requisition", team["owner"], title="Łódź Vertrieb",
                       required_areas=AREAS[:3], decision_rule=rule)  # fmt: skip
    application = make("application", requisition, make("candidate", name="Łukasz Wałęsa"))
    loop = make("loop", application, status="ready")
    cards = {}
    for rater, area, rating in zip(team["raters"], [AREAS[0], AREAS[1], AREAS[4]], [3, 4, 2],
                                   strict=False):  # fmt: skip
        interview = make("interview", loop, rater, area, starts_at=SUBMITTED - timedelta(hours=1))
        evidence = TRICKY if area == AREAS[0] else "- Verlängerung um 2 Jahre"
        cards[area] = make("scorecard", interview, submitted=True, rating=rating,
                           evidence=evidence)  # fmt: skip
    with app.app_context():
        card = db.session.get(type(cards[AREAS[0]]), cards[AREAS[0]].id)
        card.submitted_at, card.amended_at, card.recommendation = SUBMITTED, AMENDED, "strong_yes"
        author = card.author_id
        base = {"rating": 2, "insufficient_evidence": False, "evidence": "kurz"}
        db.session.add_all([
            ScorecardRevision(scorecard_id=card.id, number=1, kind="submitted", author_id=author,
                              created_at=SUBMITTED, content=base),
            ScorecardRevision(scorecard_id=card.id, number=2, kind="amended", author_id=author,
                              reason="Tippfehler; 3 gemeint", created_at=AMENDED,
                              content=base | {"rating": 3}),
        ])  # fmt: skip
        db.session.commit()
    return application


def get(client, url, headers=EN):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.text[:300])
    return response


def parse_csv(response, delimiter):
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter))


def workbook(response):
    return load_workbook(io.BytesIO(response.data))


# --- language and dialect --------------------------------------------------------------------


def test_german_user_gets_semicolons_decimal_commas_and_dates(client, login, team, candidate):
    login(team["recruiter"])
    response = get(client, f"/applications/{candidate.id}/results.csv", DE)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="bewertungsbogen-lukasz-walesa-{candidate.id}.csv"'
    )
    header, *rows = parse_csv(response, ";")
    cards = [dict(zip(header, row, strict=True)) for row in rows[:-1]]
    assert (header[0], header[2], header[3]) == ("Kandidat", "Bewertende Person", "Bewertung")
    amended = next(c for c in cards if c["Nachweise"] == TRICKY)  # ; " and newline survive
    assert datetime.strptime(amended["Abgegeben am"], "%d.%m.%Y %H:%M") == datetime(
        2026, 7, 1, 10, 30
    )  # Berlin time, a form German Excel turns into a date
    assert amended["Empfehlung"] == "Klares Ja"
    assert "Tippfehler; 3 gemeint" in amended["Änderungen"]
    assert "2 → 3" in amended["Änderungen"]
    rule = dict(zip(header, rows[-1], strict=True))
    assert rule["Entscheidungsregel"] == "Noch nicht entscheidbar"


def test_dialect_and_language_can_be_chosen(client, login, team, candidate):
    login(team["recruiter"])
    url = f"/applications/{candidate.id}/results.csv"
    header, *_ = parse_csv(get(client, url + "?dialect=comma", DE), ",")
    assert header[0] == "Kandidat"  # German words, the comma form for programs
    english = get(client, url + "?lang=en", DE)
    header, *rows = parse_csv(english, ",")
    assert header[:2] == ["Candidate", "Area"]
    assert english.headers["Content-Disposition"].startswith('attachment; filename="scorecard-')
    times = [dict(zip(header, r, strict=True)) for r in rows[:-1]]
    amended = next(t for t in times if t["Evidence"] == TRICKY)
    submitted = datetime.fromisoformat(amended["Submitted at"])
    assert (submitted, submitted.utcoffset()) == (SUBMITTED, timedelta(hours=2))  # ISO, Berlin
    german, *_ = parse_csv(get(client, url + "?lang=de", EN), ";")
    assert german[0] == "Kandidat"


@pytest.mark.parametrize(
    ("query", "reason"),
    [("lang=fr", "Unknown language"), ("dialect=tab", "Unknown CSV dialect")],
)
def test_unknown_language_or_dialect_is_400_with_reason(client, login, team, candidate, query,
                                                        reason):  # fmt: skip
    login(team["recruiter"])
    for url in (f"/applications/{candidate.id}/results.csv",
                f"/requisitions/{candidate.requisition_id}/compare.csv"):  # fmt: skip
        response = client.get(f"{url}?{query}", headers=EN)
        assert response.status_code == 400
        assert reason in response.text


def test_german_comparison_has_decimal_commas_and_the_expectation(client, login, team, candidate):
    login(team["recruiter"])
    response = get(client, f"/requisitions/{candidate.requisition_id}/compare.csv", DE)
    header, expectation, row = parse_csv(response, ";")
    assert header[0] == "Kandidat"
    assert expectation[0] == "Erwartung (Soll)"
    assert row[:2] == ["Łukasz Wałęsa", "Neu"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0")),
       st.floats(min_value=-10, max_value=10, allow_nan=False))  # fmt: skip
def test_csv_round_trip_in_both_dialects(text, number):
    """Any text comes back as written (neutralised), any number with its dialect's decimal
    mark, whatever quotes, separators and line breaks the text holds."""
    sheet = Sheet("x", ["a", "b"], [[text, number]])
    for name, dialect in DIALECTS.items():
        written = csv_text(sheet, name, BERLIN)
        (_, row) = list(csv.reader(io.StringIO(written, newline=""), delimiter=dialect.delimiter))
        assert row[0] == neutralise(text)
        assert float(row[1].replace(dialect.decimal, ".")) == number


# --- the role's areas, counts while open, amendments ----------------------------------------


def test_json_has_role_areas_labels_and_amendments(client, login, team, candidate):
    login(team["recruiter"])
    data = json.loads(get(client, f"/applications/{candidate.id}/results.json").data)
    areas = {a["area_id"]: a for a in data["areas"]}
    assert list(areas) == [*AREAS[:3], AREAS[4]]  # no empty optional areas
    assert [a["extra"] for a in areas.values()] == [False, False, False, True]
    assert areas[AREAS[2]]["state_label"] == "not rated yet"
    assert data["rule"]["result"] == "open"
    assert data["rule"]["passing"] == 2  # counted while open
    card = next(c for c in data["scorecards"] if c["area"] == AREAS[0])
    assert card["recommendation"] == "strong_yes"
    assert card["recommendation_label"] == "Strong yes"
    assert card["amendments"] == [{
        "at": AMENDED.isoformat(), "by": "Prüfer 0", "reason": "Tippfehler; 3 gemeint",
        "old_rating": 2, "old_insufficient_evidence": False, "new_rating": 3,
        "new_insufficient_evidence": False,
    }]  # fmt: skip


def test_xlsx_counts_while_open_and_lists_amendments(client, login, team, candidate):
    login(team["recruiter"])
    book = workbook(get(client, f"/applications/{candidate.id}/results.xlsx"))
    assert book.sheetnames == ["Scorecards", "Summary", "Areas", "Amendments"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Decision rule"] == "Not decidable yet"
    assert (summary["Areas passing"], summary["Areas needed"], summary["Required areas"]) == (
        2, 2, 3,
    )  # fmt: skip
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert [(a[1], a[3]) for a in areas] == [("Yes", 3), ("Yes", 4), ("Yes", None), ("extra", 2)]
    header, amendment = book["Amendments"].iter_rows(values_only=True)
    row = dict(zip(header, amendment, strict=True))
    assert (row["Rating before"], row["Rating after"]) == (2, 3)
    assert row["Amended at"] == datetime(2026, 7, 2, 11, 0)  # Berlin, as on the page
    assert row["Reason"] == "Tippfehler; 3 gemeint"


def test_comparison_shows_role_areas_and_marks_extras(client, login, team, candidate):
    login(team["recruiter"])
    header, expectation, row = parse_csv(
        get(client, f"/requisitions/{candidate.requisition_id}/compare.csv"), ","
    )
    titles = header[2:6]
    assert len(header) == 2 + 4 + 6  # three required areas and one extra, not six areas
    assert titles[3].endswith(" (extra)")
    assert expectation[2:6] == ["3", "3", "3", "3"]
    assert row[2:6] == ["3", "4", "", "2"]
    assert row[6:10][0] == "Not decidable yet"
    assert row[8:10] == ["2", "2"]  # passing, needed: counted while open


def test_expectation_row_shows_a_soll_override(app, client, login, make, team, tmp_path):
    framework = load_bank(soll_bank(tmp_path / "bank", areas=4)).get("fuehrung")
    with app.app_context():
        version = FrameworkVersion(framework_key=framework.id, version=framework.version,
                                   title=framework.title, language=framework.language,
                                   content=framework_to_dict(framework))  # fmt: skip
        db.session.add(version)
        db.session.commit()
        version_id = version.id
    requisition = make("requisition", team["owner"], title="Teamleitung",
                       framework_version_id=version_id, target_level=None,
                       target_overrides={"kriterium-2": 5},
                       required_areas=[a.id for a in framework.areas],
                       decision_rule={})  # fmt: skip
    make("application", requisition, make("candidate", name="Zoë"))
    login(team["recruiter"])
    book = workbook(get(client, f"/requisitions/{requisition.id}/compare.xlsx"))
    header, expectation, _ = book["Comparison"].iter_rows(values_only=True)
    assert header[2:6] == tuple(a.title for a in framework.areas)
    assert expectation[2:6] == (2, 5, 4, 5)  # kriterium-2's target 3 overridden with 5


# --- spreadsheets: typed, wrapped, printable -------------------------------------------------


def test_xlsx_cells_are_typed_wrapped_and_print_landscape(client, login, team, candidate):
    login(team["recruiter"])
    book = workbook(get(client, f"/applications/{candidate.id}/results.xlsx"))
    sheet = book["Scorecards"]
    header = [c.value for c in sheet[1]]
    column = {name: n + 1 for n, name in enumerate(header)}
    rows = {sheet.cell(r, column["Area"]).value: r for r in range(2, sheet.max_row)}
    first = rows[next(t for t in rows if t and not t.endswith("(extra)"))]
    evidence = sheet.cell(first, column["Evidence"])
    assert evidence.value == TRICKY
    assert evidence.alignment.wrap_text
    dash = sheet.cell(rows[next(t for t in rows if t and t.endswith("(extra)"))],
                      column["Evidence"])  # fmt: skip
    assert dash.value == "- Verlängerung um 2 Jahre"  # no visible apostrophe
    assert (dash.data_type, dash.quotePrefix, dash.number_format) == ("s", True, "@")
    rating = sheet.cell(first, column["Rating"])
    assert isinstance(rating.value, int)
    assert rating.data_type == "n"
    assert sheet.cell(first, column["Submitted at"]).value == datetime(2026, 7, 1, 10, 30)
    assert sheet.cell(first, column["Submitted at"]).is_date
    for name in book.sheetnames:
        setup = book[name].page_setup
        assert setup.orientation == "landscape"
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert book[name].sheet_properties.pageSetUpPr.fitToPage


def test_candidate_export_queries_do_not_grow_with_amendments(
    app, client, login, team, candidate, count_queries
):
    login(team["recruiter"])
    url = f"/applications/{candidate.id}/results.xlsx"
    with count_queries() as one:
        get(client, url)
    with app.app_context():
        for n in range(3, 8):
            db.session.add(ScorecardRevision(
                scorecard_id=db.session.scalar(db.select(ScorecardRevision.scorecard_id)),
                number=n, kind="amended", reason=f"Nochmal {n}", author_id=team["owner"].id,
                created_at=utcnow(), content={"rating": 4, "insufficient_evidence": False},
            ))  # fmt: skip
        db.session.commit()
    with count_queries() as six:
        book = workbook(get(client, url))
    assert book["Amendments"].max_row == 7
    assert six.count == one.count


def test_hidden_candidates_add_no_extra_columns(app, client, login, make, make_user, candidate):
    """A panel member who has not submitted sees the candidate's row empty, and the extra
    area that only this candidate was rated on is no column: it would tell them so."""
    member = make_user(("admin", "interviewer"), name="Paula Panel")
    with app.app_context():
        loop = db.session.scalar(db.select(Loop).where(Loop.application_id == candidate.id))
    make("interview", loop, member, AREAS[5], second_rater=True)
    login(member)
    header, expectation, row = parse_csv(
        get(client, f"/requisitions/{candidate.requisition_id}/compare.csv"), ","
    )
    assert len(header) == 2 + 3 + 6  # the three required areas only
    assert not any(title.endswith("(extra)") for title in header)
    assert row[5] == "Hidden until the independence rule allows it"

"""The comparison exports (web CSV/XLSX, the operator's CLI export) on the comparison page's
lean loader: known contents for a requisition with every kind of row (hidden, extra areas,
insufficient evidence, an internal candidate, open, met and missed rules), the same number
of SQL statements for 1 and for 20 candidates, and never a scorecard's evidence text.
XLSX in openpyxl's write-only mode: types, styles, widths and print setup as before."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank
from interview.models import Requisition
from interview.notifications.render import installation_zone
from interview.results.export_files import Sheet, to_xlsx
from interview.results.exports import requisition_export
from tests.factories import AREAS

EN = {"Accept-Language": "en"}
RULE = {"min_rating": 3, "min_areas": 2, "none_below": 2}
TAIL = ["Decision rule", "Explanation", "Areas passing", "Areas needed", "Submitted", "Planned"]
HIDDEN = "Hidden until the independence rule allows it"
MEETS = "2 of 3 areas at 3 or higher, none below 2: meets the Senior bar."


@pytest.fixture
def titles(app):
    with app.app_context():
        framework = current_bank().get("account-manager")
        return {a.id: a.title for a in framework.areas}


@pytest.fixture
def panel(make_user):
    """The owner, who also sits on Clara's panel (not submitted yet), and six raters."""
    owner = make_user(("hiring_manager", "interviewer"), name="Olga Owner")
    return owner, [make_user("interviewer", name=f"Rater {n}") for n in range(6)]


@pytest.fixture
def requisition(make, panel):
    """Three required areas (2 of them at 3 or more, none below 2), four candidates:

    - Anna: 4; 3 and 2 (two raters); 3; and the extra area AREAS[4] rated 2 -> meets;
    - Ben (internal): AREAS[0] only "insufficient evidence", AREAS[1] 4, AREAS[2] still to
      be interviewed -> open (3 planned, 2 submitted);
    - Clara: 3, 3, 3 and the extra AREAS[5] rated 4 -> meets, but hidden from the owner,
      who interviews her on AREAS[3] and has not submitted;
    - Dora: 1 on AREAS[0], 3, 3 -> below the floor of 2, draft loop.
    """
    owner, raters = panel
    requisition = make("requisition", owner, title="Vertrieb Nord", required_areas=AREAS[:3],
                       decision_rule=RULE)  # fmt: skip
    earlier = utcnow() - timedelta(days=1)

    def candidate(name: str, ratings, *, internal=False, loop_status="ready", pending=(),
                  panel_member=None):  # fmt: skip
        application = make("application", requisition, make("candidate", name=name),
                           internal=internal)  # fmt: skip
        loop = make("loop", application, status=loop_status)
        for n, (area, rating) in enumerate(ratings):
            interview = make("interview", loop, raters[n], area, starts_at=earlier,
                             second_rater=area in [a for a, _ in ratings[:n]])  # fmt: skip
            make("scorecard", interview, submitted=True, rating=rating or 3,
                 insufficient=rating is None)  # fmt: skip
        for area in pending:
            make("interview", loop, raters[5], area)
        if panel_member is not None:
            make("interview", loop, panel_member, AREAS[3])

    candidate("Anna Extern", [(AREAS[0], 4), (AREAS[1], 3), (AREAS[1], 2), (AREAS[2], 3),
                              (AREAS[4], 2)])  # fmt: skip
    candidate("Ben Intern", [(AREAS[0], None), (AREAS[1], 4)], internal=True, pending=[AREAS[2]])
    candidate("Clara Verborgen", [(AREAS[0], 3), (AREAS[1], 3), (AREAS[2], 3), (AREAS[5], 4)],
              panel_member=owner)  # fmt: skip
    candidate("Dora Unterhalb", [(AREAS[0], 1), (AREAS[1], 3), (AREAS[2], 3)],
              loop_status="draft")  # fmt: skip
    return requisition


def expected_rows(titles, *, clara_hidden: bool) -> list[list[str]]:
    """The comparison as CSV text (comma dialect, English), written out by hand."""
    areas = [titles[a] for a in AREAS[:3]] + [f"{titles[AREAS[4]]} (extra)"]
    if not clara_hidden:  # only Clara was rated on AREAS[5]
        areas.append(f"{titles[AREAS[5]]} (extra)")
    extra = [] if clara_hidden else [""]
    open_areas = f"{titles[AREAS[0]]}, {titles[AREAS[2]]}"
    ben = (f"Not decided yet: 1 more area at 3 or higher; {open_areas} at 2 or higher; "
           f"not yet rated: {open_areas}.")  # fmt: skip
    dora = f"2 of 3 areas at 3 or higher, below 2: {titles[AREAS[0]]} (2 needed): does not " \
        "meet the Senior bar."  # fmt: skip
    clara = (["", "", "", "", HIDDEN, "", "", ""] if clara_hidden
             else ["3", "3", "3", "", "4", "Meets the bar", MEETS.replace("2 of", "3 of"), "3",
                   "2"])  # fmt: skip
    return [
        ["Candidate", "Status", *areas, *TAIL],
        ["Expectation (target)", "", *["3"] * len(areas), "", "", "", "", "", ""],
        ["Anna Extern", "New", "4", "2.5", "3", "2", *extra, "Meets the bar", MEETS, "2", "2",
         "5", "5"],
        ["Ben Intern", "New", "insufficient evidence", "4", "", "", *extra,
         "Not decidable yet", ben, "1", "2", "2", "3"],
        ["Clara Verborgen", "New", *clara, "4", "5"],
        ["Dora Unterhalb", "New", "1", "3", "3", "", *extra, "Below the bar", dora, "2", "2",
         "3", "3"],
    ]  # fmt: skip


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_web_export_has_the_known_content(client, login, panel, requisition, titles):
    """For the owner Clara's row stays empty and her extra area is no column."""
    login(panel[0])
    url = f"/requisitions/{requisition.id}/compare"
    response = client.get(f"{url}.csv?dialect=comma", headers=EN)
    assert response.status_code == 200
    expected = expected_rows(titles, clara_hidden=True)
    assert parse(response.data) == expected
    book = load_workbook(io.BytesIO(client.get(f"{url}.xlsx", headers=EN).data))
    rows = list(book["Comparison"].iter_rows(values_only=True))
    assert rows[0] == tuple(expected[0])
    assert rows[1][2:6] == (3, 3, 3, 3)
    assert rows[2][2:12] == (4, 2.5, 3, 2, "Meets the bar", MEETS, 2, 2, 5, 5)
    assert rows[3][2:6] == ("insufficient evidence", 4, None, None)
    assert rows[4][2:8] == (None, None, None, None, HIDDEN, None)


def test_operator_export_has_the_known_content(app, requisition, titles):
    """The operator sees everything: Clara's ratings and her extra area too."""
    with app.app_context(), force_locale("en"):
        data = requisition_export(db.session.get(Requisition, requisition.id), "csv",
                                  installation_zone())  # fmt: skip
    assert parse(data) == expected_rows(titles, clara_hidden=False)


def test_status_filter_keeps_the_columns_of_the_shown_rows(client, login, panel, requisition):
    login(panel[0])
    response = client.get(f"/requisitions/{requisition.id}/compare.csv?status=hired", headers=EN)
    header, expectation = parse(response.data)
    assert len(header) == 2 + 3 + 6  # the required areas only: nobody shown rated an extra
    assert expectation[2:5] == ["3", "3", "3"]


# --- cost: a fixed number of statements, no evidence text ------------------------------------


def _add_candidates(make, requisition, raters, n):
    for _ in range(n):
        loop = make("loop", make("application", requisition), status="ready")
        for rater, area in zip(raters, AREAS[:3], strict=False):
            make("scorecard", make("interview", loop, rater, area), submitted=True, rating=3)


def _no_evidence(statements: list[str]) -> None:
    """No statement reads the evidence text (the heaviest column): the matrix needs none."""
    assert not [s for s in statements if "evidence" in s.replace("insufficient_evidence", "")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_web_export_statements_do_not_grow_with_candidates(
    client, login, make, panel, count_queries, fmt
):
    owner, raters = panel
    requisition = make("requisition", owner, required_areas=AREAS[:3], decision_rule=RULE)
    login(owner)
    url = f"/requisitions/{requisition.id}/compare.{fmt}"
    _add_candidates(make, requisition, raters, 1)
    client.get(url)  # warm-up: the parsed framework
    with count_queries() as one:
        assert client.get(url).status_code == 200
    _add_candidates(make, requisition, raters, 19)
    with count_queries() as twenty:
        assert client.get(url).status_code == 200
    assert twenty.count == one.count
    _no_evidence(twenty.statements)


def test_operator_export_statements_do_not_grow_with_candidates(app, make, panel, count_queries):
    owner, raters = panel
    requisition = make("requisition", owner)

    def export() -> bytes:
        with app.app_context(), force_locale("en"):
            return requisition_export(db.session.get(Requisition, requisition.id), "csv",
                                      installation_zone())  # fmt: skip

    _add_candidates(make, requisition, raters, 1)
    export()
    with count_queries() as one:
        assert len(parse(export())) == 3
    _add_candidates(make, requisition, raters, 19)
    with count_queries() as twenty:
        assert len(parse(export())) == 22
    assert twenty.count == one.count
    _no_evidence(twenty.statements)


# --- XLSX written in write-only mode: the same visible result ----------------------------------


def test_xlsx_types_styles_widths_and_print_setup():
    """Text stays text (also "=..." and "#N/A"), times and means carry their formats, long
    text wraps, the header is bold, frozen and printed on every page, columns fit their
    content (header up to 20 characters, anything up to 60)."""
    when = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    header = ["Name", "Mean", "When", "Evidence", "A header longer than twenty", "Count"]
    sheet = Sheet("A title longer than Excel's 31 characters", header, [
        ["#N/A", 2.5, when, "x" * 70, None, 3],
        ["=SUM(A1)", 3.0, None, "zwei\nZeilen", None, True],
    ])  # fmt: skip
    book = load_workbook(io.BytesIO(to_xlsx([sheet], ZoneInfo("Europe/Berlin"))))
    (ws,) = book.worksheets
    assert ws.title == sheet.title[:31]
    assert [c.value for c in ws[1]] == header
    assert all(c.font.b and c.alignment.wrap_text for c in ws[1])
    assert (ws.freeze_panes, ws.print_title_rows) == ("A2", "$1:$1")
    error, mean, time, long, _, count = ws[2]
    assert (error.value, error.data_type, error.quotePrefix) == ("#N/A", "s", False)
    assert (mean.value, mean.data_type, mean.number_format) == (2.5, "n", "0.0#")
    assert (time.value, time.number_format) == (datetime(2026, 7, 1, 10, 30), "yyyy-mm-dd hh:mm")
    assert long.alignment.wrap_text
    assert (count.value, count.data_type, count.number_format) == (3, "n", "General")
    formula, whole, _, lines, _, flag = ws[3]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=SUM(A1)", "s", True)
    assert formula.number_format == "@"
    assert (whole.value, whole.number_format) == (3, "0.0#")
    assert lines.alignment.wrap_text
    assert not error.alignment.wrap_text
    assert (flag.value, flag.data_type) == (True, "b")
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths == {"A": 10, "B": 8, "C": 21, "D": 60, "E": 22, "F": 8}
    setup = ws.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
